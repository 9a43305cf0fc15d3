package incident_test

import (
	"testing"
	"time"

	"github.com/lawfulgo/lawful/incident"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/stretchr/testify/assert"
)

// TestMissing checks the items each audience must be told, named with
// their citations.
func TestMissing(t *testing.T) {
	pipl := incident.Incident{Laws: incident.PIPL, Categories: voice}
	gdpr := incident.Incident{Laws: incident.GDPR, Categories: voice, Estimate: 10}
	names := func(items []incident.Item) []string {
		var out []string
		for _, it := range items {
			out = append(out, it.Cite)
		}
		return out
	}
	for _, tc := range []struct {
		name    string
		inc     incident.Incident
		aud     incident.Audience
		n       incident.Notice
		partial bool
		want    []string // citations of the missing items
	}{
		{"complete_notice_lacks_nothing_PIPL_art_57", pipl, incident.Individuals, complete, false, nil},
		{"empty_notice_lacks_what_the_record_does_not_give_PIPL_art_57_para_1", pipl, incident.Individuals, incident.Notice{}, false,
			[]string{"PIPL art. 57 para 1(1)", "PIPL art. 57 para 1(1)", "PIPL art. 57 para 1(2)", "PIPL art. 57 para 1(2)", "PIPL art. 57 para 1(3)"}},
		{"categories_come_from_the_record_or_the_notice_PIPL_art_57_para_1_1", incident.Incident{Laws: incident.PIPL}, incident.ProvincialCAC, complete, false,
			[]string{"PIPL art. 57 para 1(1)"}},
		{"guardians_told_the_same_items_MOR_art_35", pipl, incident.Guardians, incident.Notice{Contact: "x"}, false,
			[]string{"PIPL art. 57 para 1(1)", "PIPL art. 57 para 1(1)", "PIPL art. 57 para 1(2)", "PIPL art. 57 para 1(2)"}},
		{"supervisory_authority_needs_the_number_of_people_GDPR_art_33_3_a", incident.Incident{Laws: incident.GDPR, Categories: voice}, incident.SupervisoryAuthority,
			incident.Notice{Contact: "dpo", Harm: purpose.Text{EN: "h"}, Measures: purpose.Text{EN: "m"}}, false, []string{"GDPR art. 33(3)(a)"}},
		{"supervisory_authority_notice_in_english_suffices_GDPR_art_33_3", gdpr, incident.SupervisoryAuthority,
			incident.Notice{Contact: "dpo", Harm: purpose.Text{EN: "h"}, Measures: purpose.Text{EN: "m"}}, false, nil},
		{"people_under_gdpr_need_contact_consequences_measures_GDPR_art_34_2", gdpr, incident.Individuals, incident.Notice{}, false,
			[]string{"GDPR art. 34(2) with art. 33(3)(b)", "GDPR art. 34(2) with art. 33(3)(c)", "GDPR art. 34(2) with art. 33(3)(d)"}},
		{"partial_report_needs_only_a_contact_GDPR_art_33_4", gdpr, incident.SupervisoryAuthority, incident.Notice{}, true,
			[]string{"GDPR art. 33(4); PIPL art. 57 para 1(3)"}},
		{"chinese_authority_of_a_gdpr_incident_still_gets_the_pipl_items_PIPL_art_57", gdpr, incident.ProvincialCAC,
			incident.Notice{Contact: "dpo", Harm: purpose.Text{EN: "h"}, Measures: purpose.Text{EN: "m"}, Causes: purpose.Text{EN: "c"}, SelfHelp: purpose.Text{EN: "s"}},
			false, []string{"PIPL art. 57 para 1(1)", "PIPL art. 57 para 1(1)", "PIPL art. 57 para 1(2)", "PIPL art. 57 para 1(2)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, names(tc.inc.Missing(tc.aud, tc.n, tc.partial)))
		})
	}
}

func TestRender(t *testing.T) {
	inc := incident.Incident{Laws: incident.PIPL, Nature: incident.Leak, Discovered: t0, Categories: voice, Estimate: 3100, Grade: incident.RelativelyMajor,
		Summary: purpose.Text{EN: "Voice samples were exposed.", ZH: "声音样本外泄。"}}
	p := incident.Profile{Operator: incident.Ordinary, Name: purpose.Text{EN: "All Voice Lab", ZH: "趣丸千音"}, Contact: "team@allvoicelab.com"}
	zh := inc.Render(incident.Individuals, complete, p, purpose.ZH)
	for _, want := range []string{"个人信息安全事件告知", "致:受影响的个人", "2026年06月03日 09:40(UTC+08:00)", "个人信息泄露",
		"人声样本", "事件原因:存储桶被误设为公开可读。", "您可以采取的减轻危害的措施:", "联系方式:team@allvoicelab.com", "受影响人数(约):3100"} {
		assert.Contains(t, zh, want)
	}
	en := inc.Render(incident.ProvincialCAC, complete, p, purpose.EN)
	for _, want := range []string{"Report of a personal information security incident", "To: the provincial cyberspace administration",
		"Grade: relatively major", "Voice recordings collected to model a person's voice", "What you can do: Be wary", "2026-06-03 09:40 (UTC+08:00)"} {
		assert.Contains(t, en, want)
	}
	berlin := p
	berlin.Zone = load(t, "Europe/Berlin")
	assert.Contains(t, inc.Render(incident.SupervisoryAuthority, complete, berlin, purpose.EN), "2026-06-03 03:40 (UTC+02:00)", "times in the profile's zone")
	bad := incident.Incident{Nature: 0xff, Grade: 77}
	assert.NotPanics(t, func() { _ = bad.Render(incident.Audience(200), incident.Notice{}, p, purpose.ZH) }, "never panics on bad values")
	assert.NotPanics(t, func() { _ = bad.Report(p, incident.DefaultRules(), purpose.EN, t0) })
}

func TestReport(t *testing.T) {
	e := newEnv(t, incident.Ordinary)
	id := e.open(t, incident.PIPL)
	e.record(t, id, incident.Event{Kind: incident.Affected, At: t0, Categories: voice, Estimate: 10})
	e.record(t, id, incident.Event{Kind: incident.Remediated, At: t0.Add(time.Minute), Text: purpose.Text{EN: "locked the bucket", ZH: "锁定存储桶"}})
	e.record(t, id, incident.Event{Kind: incident.Notified, At: t0.Add(time.Hour), Audience: incident.ProvincialCAC, Channel: incident.Portal, Notice: complete, Ref: "GD-1"})
	inc, _ := e.reg.Get(t.Context(), id)
	r := inc.Report(e.reg.Profile(), e.reg.Rules(), purpose.EN, t0.Add(time.Hour))
	for _, want := range []string{"Status: open", "locked the bucket", "the provincial cyberspace administration (portal, GD-1)",
		"report_incident → the provincial cyberspace administration; due 2026-06-03 13:40 (UTC+08:00); met 2026-06-03 10:40 (UTC+08:00); met",
		"notify_individuals → the people affected; no fixed deadline; pending", "Record head: seq 4, blake2b-256 "} {
		assert.Contains(t, r, want)
	}
	assert.Contains(t, inc.Report(e.reg.Profile(), e.reg.Rules(), purpose.ZH, t0), "义务与时限")
}
