package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReport(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out))
	s := out.String()
	for _, dir := range []string{"000-allvoicelab", "001-aiart", "002-webservice", "003-clipo", "004-jichuang"} {
		assert.Regexp(t, dir+`\s+.+\s+\[PIPL.*\]\s+\d+\s+\d+\s+\d\d\s+fails with \d+ problems`, s, "each seed loads, has retention rules, at least 15 scenarios, and its as-written form fails")
		assert.Regexp(t, `  `+dir+`: purpose "`, s, "the first defect is located")
	}
	assert.Contains(t, s, "[PIPL GDPR]", "seed 002 serves both regimes")
}
