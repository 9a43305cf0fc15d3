package controller_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/controller"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type fixed time.Time

func (f fixed) Now() time.Time { return time.Time(f) }

var (
	cst = time.FixedZone("CST", 8*3600)
	t0  = time.Date(2026, 6, 3, 10, 0, 0, 0, cst)
)

func TestGaps(t *testing.T) {
	r := controller.DefaultRules()
	named := controller.Profile{Name: purpose.Text{EN: "All Voice Lab"}, Contact: "team@allvoicelab.com"}
	for _, tc := range []struct {
		name string
		p    func(p *controller.Profile)
		cite string // "" for no gap
	}{
		{"officer_from_one_million_people_PIPL_art_52", func(p *controller.Profile) { p.Regimes, p.Individuals = []pii.Law{pii.PIPL}, 1_000_000 }, "PIPL art. 52"},
		{"no_officer_needed_below_the_threshold_PIPL_art_52", func(p *controller.Profile) { p.Regimes, p.Individuals = []pii.Law{pii.PIPL}, 999_999 }, ""},
		{"officer_named_no_gap_PIPL_art_52", func(p *controller.Profile) {
			p.Regimes, p.Individuals, p.Officer = []pii.Law{pii.PIPL}, 5_000_000, controller.Person{Contact: "pipo@example.com"}
		}, ""},
		{"dpo_where_required_GDPR_art_37_1", func(p *controller.Profile) { p.Regimes, p.DPORequired = []pii.Law{pii.GDPR}, true }, "GDPR art. 37(1)"},
		{"representative_in_china_PIPL_art_53", func(p *controller.Profile) { p.Regimes, p.OutsideChina = []pii.Law{pii.PIPL}, true }, "PIPL art. 53"},
		{"representative_in_the_union_GDPR_art_27_1", func(p *controller.Profile) { p.Regimes, p.OutsideEU = []pii.Law{pii.GDPR}, true }, "GDPR art. 27(1)"},
		{"occasional_processing_needs_no_representative_GDPR_art_27_2", func(p *controller.Profile) {
			p.Regimes, p.OutsideEU, p.Art27Exempt = []pii.Law{pii.GDPR}, true, true
		}, ""},
		{"name_and_contact_GDPR_art_30_1_a", func(p *controller.Profile) { p.Contact = "" }, "GDPR art. 30(1)(a); PIPL art. 17(1)(1)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := named
			tc.p(&p)
			gaps := p.Gaps(r)
			if tc.cite == "" {
				assert.Empty(t, gaps)
				return
			}
			require.Len(t, gaps, 1)
			assert.Equal(t, tc.cite, gaps[0].Cite)
		})
	}
}

func audit(auditor string, completed time.Time) controller.Audit {
	return controller.Audit{Auditor: auditor, External: true, Scope: "all processing", Started: completed.AddDate(0, -1, 0), Completed: completed}
}

func TestAuditSchedule(t *testing.T) {
	ctx := t.Context()
	for _, tc := range []struct {
		name    string
		p       controller.Profile
		last    time.Time // zero: no audit yet
		want    string    // next due date, "" for none fixed
		overdue bool
	}{
		{"above_ten_million_people_every_two_years_Compliance_Audit_Measures", controller.Profile{Individuals: 10_000_001}, t0.AddDate(-1, 0, 0), "2027-06-03", false},
		{"ten_million_exactly_is_not_above_Compliance_Audit_Measures", controller.Profile{Individuals: 10_000_000}, t0.AddDate(-1, 0, 0), "", false},
		{"minors_pi_audited_yearly_MOR_art_37", controller.Profile{Minors: true, Individuals: 50_000_000}, t0.AddDate(-1, 0, -1), "2026-06-02", true},
		{"first_audit_due_at_once_MOR_art_37", controller.Profile{Minors: true}, time.Time{}, "2026-06-03", true},
		{"others_audit_regularly_without_fixed_interval_PIPL_art_54", controller.Profile{Individuals: 100}, time.Time{}, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := controller.NewAudits(new(controller.MemAuditStore), controller.DefaultRules(), fixed(t0))
			require.NoError(t, err)
			if !tc.last.IsZero() {
				_, err := a.Add(ctx, audit("Audit Co", tc.last))
				require.NoError(t, err)
			}
			d, err := a.NextDue(ctx, &tc.p, t0)
			require.NoError(t, err)
			got := ""
			if !d.Next.IsZero() {
				got = d.Next.In(cst).Format("2006-01-02")
			}
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.overdue, d.Overdue)
			assert.NotEmpty(t, d.Cite)
		})
	}
}

func TestAuditRotation(t *testing.T) {
	ctx := t.Context()
	a, err := controller.NewAudits(new(controller.MemAuditStore), controller.DefaultRules(), fixed(t0))
	require.NoError(t, err)
	for i := range 2 {
		_, err := a.Add(ctx, audit("Audit Co", t0.AddDate(-2+i, 0, 0)))
		require.NoError(t, err)
	}
	_, err = a.Add(ctx, audit("Audit Co", t0))
	require.ErrorIs(t, err, controller.ErrRotation, "no_third_audit_in_a_row_by_one_body_Compliance_Audit_Measures")
	internal := audit("Internal Audit", t0)
	internal.External = false
	_, err = a.Add(ctx, internal)
	require.NoError(t, err)
	_, err = a.Add(ctx, audit("Audit Co", t0.Add(time.Minute)))
	assert.Error(t, err, "the clock is t0: a report from the future is refused")
}

func TestAuditValidation(t *testing.T) {
	a, _ := controller.NewAudits(new(controller.MemAuditStore), controller.DefaultRules(), fixed(t0))
	for name, bad := range map[string]controller.Audit{
		"no_auditor":                 {Scope: "x", Started: t0.Add(-time.Hour), Completed: t0},
		"no_scope":                   {Auditor: "x", Started: t0.Add(-time.Hour), Completed: t0},
		"ends_before_start":          {Auditor: "x", Scope: "x", Started: t0, Completed: t0.Add(-time.Hour)},
		"ordered_no_ref_PIPL_art_64": {Auditor: "x", Scope: "x", Ordered: true, Started: t0.Add(-time.Hour), Completed: t0},
	} {
		_, err := a.Add(t.Context(), bad)
		assert.ErrorIs(t, err, controller.ErrInvalid, name)
	}
	_, err := controller.NewAudits(nil, controller.DefaultRules(), nil)
	assert.ErrorIs(t, err, controller.ErrNotConfigured)
	bad := controller.DefaultRules()
	bad.MaxConsecutive = 0
	assert.ErrorIs(t, bad.Validate(), controller.ErrNotConfigured)
}

type incidents []controller.IncidentLine

func (s incidents) OpenIncidents(context.Context, time.Time) ([]controller.IncidentLine, error) {
	return s, nil
}

type exports struct{ err error }

func (e exports) ExportLines(context.Context, time.Time, time.Time) ([]controller.ExportLine, error) {
	return []controller.ExportLine{{Law: pii.PIPL, Recipient: "sg-cloud", Country: "SG", Mechanism: purpose.StandardContract, Exports: 3, People: 2}}, e.err
}

func (e exports) ExportVolume(context.Context, int) (int64, int64, error) { return 2, 1, e.err }

type disclosures struct{}

func (disclosures) DisclosureLines(context.Context, time.Time, time.Time) ([]controller.DisclosureLine, error) {
	return []controller.DisclosureLine{{Recipient: "sms-gateway", Purpose: "account.login", Operation: purpose.Entrust, Records: 10, People: 9}}, nil
}

func registry(t *testing.T) *purpose.Registry {
	t.Helper()
	reg, err := purpose.Compile(purpose.Policy{
		Name: purpose.Text{EN: "All Voice Lab"}, Regimes: []pii.Law{pii.PIPL},
		Retention: []purpose.Retention{{ID: "voice", Summary: purpose.Text{EN: "Until the voice model is deleted"}}},
		Purposes: []purpose.Purpose{{ID: "service.voice_clone", Name: purpose.Text{EN: "Voice cloning"}, Versions: []purpose.Version{{Number: 1}},
			Required: pii.MustParseSet("biometric.voice_sample"), Operations: purpose.OperationsOf(purpose.Collect, purpose.Use, purpose.Store),
			Basis: purpose.Legal{Basis: purpose.Consent}, Retention: "voice"}},
	})
	require.NoError(t, err)
	return reg
}

// TestReport: the report a regulator asks for (GDPR art. 30; PIPL arts.
// 52-57).
func TestReport(t *testing.T) {
	ctx := t.Context()
	audits, _ := controller.NewAudits(new(controller.MemAuditStore), controller.DefaultRules(), fixed(t0))
	_, err := audits.Add(ctx, audit("Audit Co", t0.AddDate(-1, 0, 0)))
	require.NoError(t, err)
	id := uuid.Must(uuid.NewV7())
	p := controller.Profile{Name: purpose.Text{EN: "All Voice Lab"}, Contact: "team@allvoicelab.com", Regimes: []pii.Law{pii.PIPL}, Individuals: 2_000_000}
	rep, err := controller.Build(ctx, t0, t0.AddDate(0, -6, 0), t0, p, controller.DefaultRules(), controller.Sources{
		Registry: registry(t), Incidents: incidents{{ID: id, Discovered: t0.Add(-5 * time.Hour), Nature: "leak", People: 3100,
			Clocks: []controller.ClockLine{{Duty: "report_incident", Audience: "provincial_cac", Due: t0.Add(-time.Hour), Overdue: true, Cite: "Reporting Measures art. 4"}}}},
		Exports: exports{}, Disclosures: disclosures{}, Audits: audits})
	require.NoError(t, err)
	require.Len(t, rep.Records, 1)
	assert.Equal(t, []string{"PIPL: consent (PIPL art. 13(1)(1))"}, rep.Records[0].Bases, "records_name_the_basis_GDPR_art_30_1_b")
	assert.Equal(t, "Until the voice model is deleted", rep.Records[0].Retention.EN, "records_state_erasure_time_limits_GDPR_art_30_1_f")
	assert.Len(t, rep.Gaps, 1, "two million people and no officer (PIPL art. 52)")
	assert.Equal(t, int64(1), rep.ExportSensitive)
	text := rep.Text(purpose.EN, cst)
	for _, want := range []string{"designate a PI protection officer", "service.voice_clone", "sms-gateway account.login entrust: 10 records, 9 people",
		"PIPL sg-cloud (SG) by standard_contract: 3 exports, 2 people", "report_incident to provincial_cac due 2026-06-03 09:00 CST OVERDUE", "next due none fixed (PIPL art. 54)"} {
		assert.Contains(t, text, want)
	}
	partial, err := controller.Build(ctx, t0, t0, t0, p, controller.DefaultRules(), controller.Sources{})
	require.NoError(t, err)
	assert.Equal(t, []string{"records of processing", "disclosures", "exports", "incidents", "compliance audits"}, partial.Missing)
	_, err = controller.Build(ctx, t0, t0, t0, p, controller.DefaultRules(), controller.Sources{Exports: exports{err: errors.New("down")}})
	assert.ErrorContains(t, err, "down", "a report never silently lacks a section")
}
