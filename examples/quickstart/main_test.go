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
	assert.Regexp(t, `adult, no consent yet\s+use service\.voice_clone\s+DENY\s+no_consent`, s)
	assert.Regexp(t, `adult, separate consent\s+use service\.voice_clone\s+ALLOW\s+basis consent`, s)
	assert.Regexp(t, `13-year-old, own consent\s+.*DENY\s+guardian_consent_required`, s, "PIPL art. 31")
	assert.Regexp(t, `13-year-old, mother's consent\s+.*ALLOW`, s)
	assert.Regexp(t, `adult, after withdrawing\s+.*DENY\s+consent_withdrawn`, s, "PIPL art. 15")
	assert.Regexp(t, `adult, at 10:30, before it\s+.*ALLOW`, s, "PIPL art. 15 para 2")
	assert.Regexp(t, `adult, logs without consent\s+store ops\.logging\s+ALLOW\s+basis legal_duty`, s)
	assert.Regexp(t, `adult, logs shared with ads\s+share ops\.logging\s+DENY\s+operation_not_declared`, s)
	assert.Regexp(t, `use the log\s+DENY\s+restricted_pending_erasure: kept until 2026-09-02 00:00 CST under Cybersecurity Law art\. 21\(3\)`, s, "PIPL art. 47 para 2")
	assert.Regexp(t, `store the log\s+ALLOW\s+storage_only`, s)
	assert.Regexp(t, `2026-04-01\s+sweep\s+0 erased`, s, "nothing is erased before the six-month minimum")
	assert.Regexp(t, `2026-09-02\s+sweep\s+erased \[logs/2026-03-01/0001\] \(delete\).*verifies: true`, s)
	assert.Contains(t, s, "5. The policy as the seed wrote it does not load")
	assert.Contains(t, s, "not a ground under PIPL", "the as-written policy's research exemption is refused")
	assert.Contains(t, s, "... and 9 more")
	assert.Contains(t, s, "# Personal information collection list")
	assert.Contains(t, s, "★ sensitive personal information (PIPL art. 28)")
	assert.Contains(t, s, "(17 rows in all")
	assert.False(t, strings.Contains(s, "Basis(0)"), "every purpose has a basis")
}
