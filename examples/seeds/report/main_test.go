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
	for _, promise := range []string{
		"000-allvoicelab (PIPL): 15 working_days from verification; access: 15 calendar_days from receipt",
		"001-aiart (PIPL): 15 working_days from verification; deregister: 15 calendar_days from verification",
		"002-webservice (GDPR): 15 calendar_days from receipt; complain: 15 calendar_days from verification; no extension",
		"003-clipo (PIPL): 15 working_days from verification; no extension",
		"004-jichuang (PIPL): 15 working_days from verification; no extension",
	} {
		assert.Contains(t, s, promise, "each seed's rights deadlines (seeds.Rights)")
	}
}
