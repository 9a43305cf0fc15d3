package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRun checks what the example claims, line by line, so that it
// cannot rot.
func TestRun(t *testing.T) {
	var out strings.Builder
	require.NoError(t, run(&out))
	got := out.String()
	for _, want := range []string{
		"refused before consent: true",
		"a mistyped phone: format: mobile number",
		"read back for login: 13800138000 <nil>",
		"the same bytes copied into another user's row open: false", // PIPL art. 51: bound to the subject
		"user.Phone=138****8000",
		"user.IDNumber=110***********002X",
		"found national_id",
		"found bank_card",
		"[contact.phone]",
		"订单号 20260301123456789012", // an order number is not personal information
		"key shredded: true; proof verifies: true",
		"the phone from last night's backup: seal: the subject's data key was shredded", // PIPL art. 47
	} {
		assert.Contains(t, got, want)
	}
	for _, leak := range []string{"hunter2", "Password", "13800138000，", "11010519491231002X，"} {
		assert.NotContains(t, got, leak, "no value leaks into the log or the prompt")
	}
}
