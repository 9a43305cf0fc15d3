package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestIncidentExample runs the example and checks what it shows, so it
// cannot rot.
func TestIncidentExample(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out))
	s := out.String()
	for _, tc := range []struct{ name, pattern string }{
		{"discovery_in_beijing_and_berlin", `Discovered Fri 2026-10-23 18:40 CST \(12:40 CEST in Berlin\)`},
		{"grade_from_the_people_affected_Reporting_Measures", `about 1200000 people.*grade relatively_major`},
		{"provincial_report_within_4h_Reporting_Measures_art_4",
			`report_incident\s+to provincial_cac\s+PIPL\s+due Fri 10-23 22:40 CST \[pending\] \(National Cybersecurity Incident Reporting Measures art\. 4`},
		{"individuals_without_fixed_deadline_PIPL_art_57", `notify_individuals\s+to individuals\s+PIPL\s+no fixed deadline \[pending\] \(PIPL art\. 57`},
		{"72_elapsed_hours_across_the_end_of_summer_time_GDPR_art_33_1",
			`notify_supervisor\s+to supervisory_authority\s+GDPR\s+due Mon 10-26 18:40 CST = Mon 11:40 CET in Berlin, 72 elapsed hours \[pending\] \(GDPR art\. 33\(1\)\)`},
		{"incomplete_notice_refused_PIPL_art_57", `is refused; the draft lacks:\n\s+- the harm it may cause, in Chinese \(PIPL art\. 57 para 1\(1\)\)\n\s+- what people can do to reduce the harm, in Chinese \(PIPL art\. 57 para 1\(2\)\)`},
		{"overdue_query_finds_the_missed_72h", `Overdue at Mon 10-26 19:00 CST:\n\s+notify_supervisor to supervisory_authority was due Mon 18:40 CST \(GDPR art\. 33\(1\)\) and is recorded overdue\n\n`},
		{"chinese_notice_from_the_record", `个人信息安全事件告知\n\n致:受影响的个人\n发出:趣丸千音`},
		{"chinese_notice_has_every_item_PIPL_art_57", `(?s)事件原因:.*可能造成的危害:.*已采取的补救措施:.*您可以采取的减轻危害的措施:.*联系方式:team@allvoicelab\.com`},
		{"english_notice_from_the_record", `(?s)Notice of a personal information security incident\n\nTo: the people affected\n.*What you can do: Be wary`},
		{"closure_record_closed", `Status: closed 2026-11-06 10:00 \(UTC\+08:00\)`},
		{"closure_record_keeps_the_partial_report_GDPR_art_33_4", `the provincial cyberspace administration \(portal, GD-CAC-2026-1023-017\) \[partial\]`},
		{"closure_record_shows_the_late_notice_GDPR_art_33_1", `notify_supervisor → the supervisory authority; due 2026-10-26 18:40 \(UTC\+08:00\); met 2026-10-26 19:30 \(UTC\+08:00\); met_late`},
		{"closure_record_ends_with_the_chain_head", `Record head: seq 10, blake2b-256 [0-9a-f]{64}\n$`},
	} {
		t.Run(tc.name, func(t *testing.T) { assert.Regexp(t, tc.pattern, s) })
	}
	assert.False(t, strings.Contains(s, "Grade(") || strings.Contains(s, "Audience("), "every value has a name")
}
