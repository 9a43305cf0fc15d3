package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestQuickstart(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out))
	s := out.String()
	assert.Contains(t, s, "1. The policy compiles:")
	assert.Regexp(t, `service\.voice_clone\s+optional\s+consent \(PIPL art\. 13\(1\)\(1\)\)\s+biometric\.`, s)
	assert.Regexp(t, `may service\.voice_clone share with an ad partner\?\s+no `, s, "share is not declared")
	assert.Regexp(t, `may ops\.logging store logs without consent\?\s+yes`, s)
	assert.Contains(t, s, "3. The policy as the seed wrote it does not load")
	assert.Contains(t, s, "not a ground under PIPL", "the as-written policy's research exemption is refused")
	assert.Contains(t, s, "# Personal information collection list")
	assert.Contains(t, s, "★ sensitive personal information (PIPL art. 28)")
	assert.False(t, strings.Contains(s, "Basis(0)"), "every purpose has a basis")
}
