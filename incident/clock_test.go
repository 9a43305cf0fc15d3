package incident_test

import (
	"testing"
	"time"

	"github.com/lawfulgo/lawful/incident"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	ordinary   = incident.Profile{Operator: incident.Ordinary}
	ciiOp      = incident.Profile{Operator: incident.CIIOperator}
	stateOrgan = incident.Profile{Operator: incident.StateOrgan}
)

// TestClocks checks each clock rule, named with its citation.
func TestClocks(t *testing.T) {
	rules := incident.DefaultRules()
	type want struct {
		duty  incident.Duty
		aud   incident.Audience
		law   incident.Laws
		start time.Time
		due   time.Time // zero: no fixed deadline
		prov  bool
	}
	for _, tc := range []struct {
		name    string
		inc     incident.Incident
		profile incident.Profile
		want    []want
		absent  []incident.Audience // audiences with no clock
	}{
		{"relatively_major_incident_reported_within_4h_to_provincial_authority_Reporting_Measures_art_4",
			incident.Incident{Discovered: t0, Laws: incident.PIPL, Grade: incident.RelativelyMajor}, ordinary,
			[]want{{incident.ReportIncident, incident.ProvincialCAC, incident.PIPL, t0, t0.Add(4 * time.Hour), false}}, nil},
		{"major_incident_also_within_4h_Reporting_Measures_art_4",
			incident.Incident{Discovered: t0, Laws: incident.PIPL, Grade: incident.ParticularlyMajor}, ordinary,
			[]want{{incident.ReportIncident, incident.ProvincialCAC, incident.PIPL, t0, t0.Add(4 * time.Hour), false}}, nil},
		{"cii_operator_reports_within_1h_to_protection_department_and_public_security_Reporting_Measures_art_4",
			incident.Incident{Discovered: t0, Laws: incident.PIPL, Grade: incident.Major}, ciiOp,
			[]want{{incident.ReportIncident, incident.ProtectionDepartment, incident.PIPL, t0, t0.Add(time.Hour), false},
				{incident.ReportIncident, incident.PublicSecurity, incident.PIPL, t0, t0.Add(time.Hour), false},
				{incident.NotifyAuthority, incident.ProvincialCAC, incident.PIPL, t0, time.Time{}, false}}, nil},
		{"state_organ_reports_within_2h_to_its_department_cyber_unit_Reporting_Measures_art_4",
			incident.Incident{Discovered: t0, Laws: incident.PIPL, Grade: incident.RelativelyMajor}, stateOrgan,
			[]want{{incident.ReportIncident, incident.DepartmentCyberUnit, incident.PIPL, t0, t0.Add(2 * time.Hour), false}}, nil},
		{"general_incident_notifies_authority_without_fixed_deadline_PIPL_art_57",
			incident.Incident{Discovered: t0, Laws: incident.PIPL, Grade: incident.General}, ordinary,
			[]want{{incident.NotifyAuthority, incident.ProvincialCAC, incident.PIPL, t0, time.Time{}, false}}, nil},
		{"ungraded_incident_runs_the_4h_clock_provisionally_Reporting_Measures_art_4",
			incident.Incident{Discovered: t0, Laws: incident.PIPL}, ordinary,
			[]want{{incident.ReportIncident, incident.ProvincialCAC, incident.PIPL, t0, t0.Add(4 * time.Hour), true}}, nil},
		{"people_told_of_every_incident_without_fixed_deadline_PIPL_art_57",
			incident.Incident{Discovered: t0, Laws: incident.PIPL, Grade: incident.General}, ordinary,
			[]want{{incident.NotifyIndividuals, incident.Individuals, incident.PIPL, t0, time.Time{}, false}}, nil},
		{"national_security_vulnerability_reported_within_24h_NDSMR_art_10",
			incident.Incident{Discovered: t0, Laws: incident.PIPL, Grade: incident.General, NationalSecurity: true}, ordinary,
			[]want{{incident.ReportVulnerability, incident.CompetentDepartment, incident.PIPL, t0, t0.Add(24 * time.Hour), false}}, nil},
		{"minors_guardians_told_MOR_art_35",
			incident.Incident{Discovered: t0, Laws: incident.PIPL, Grade: incident.General, Minors: true}, ordinary,
			[]want{{incident.NotifyGuardians, incident.Guardians, incident.PIPL, t0, time.Time{}, false}}, nil},
		{"supervisory_authority_within_72h_of_awareness_GDPR_art_33_1",
			incident.Incident{Discovered: t0, Laws: incident.GDPR, Risk: incident.RiskPresent}, ordinary,
			[]want{{incident.NotifySupervisor, incident.SupervisoryAuthority, incident.GDPR, t0, t0.Add(72 * time.Hour), false}},
			[]incident.Audience{incident.Individuals, incident.ProvincialCAC}},
		{"unassessed_risk_runs_the_72h_clock_provisionally_GDPR_art_33_1",
			incident.Incident{Discovered: t0, Laws: incident.GDPR}, ordinary,
			[]want{{incident.NotifySupervisor, incident.SupervisoryAuthority, incident.GDPR, t0, t0.Add(72 * time.Hour), true}}, nil},
		{"breach_unlikely_to_risk_rights_not_notified_GDPR_art_33_1",
			incident.Incident{Discovered: t0, Laws: incident.GDPR, Risk: incident.RiskUnlikely}, ordinary,
			nil, []incident.Audience{incident.SupervisoryAuthority, incident.Individuals}},
		{"high_risk_people_told_without_undue_delay_GDPR_art_34_1",
			incident.Incident{Discovered: t0, Laws: incident.GDPR, Risk: incident.RiskHigh}, ordinary,
			[]want{{incident.NotifyIndividuals, incident.Individuals, incident.GDPR, t0, time.Time{}, false}}, nil},
		{"possible_breach_clock_starts_at_confirmation_GDPR_art_33_1",
			incident.Incident{Discovered: t0, Confirmed: t0.Add(5 * time.Hour), Laws: incident.GDPR, Risk: incident.RiskPresent}, ordinary,
			[]want{{incident.NotifySupervisor, incident.SupervisoryAuthority, incident.GDPR, t0.Add(5 * time.Hour), t0.Add(77 * time.Hour), false}}, nil},
		{"unconfirmed_possible_breach_has_no_awareness_yet_GDPR_art_33_1",
			incident.Incident{Discovered: t0, Possible: true, Laws: incident.GDPR}, ordinary,
			nil, []incident.Audience{incident.SupervisoryAuthority}},
		{"possible_incident_runs_the_pipl_clocks_from_discovery_PIPL_art_57",
			incident.Incident{Discovered: t0, Possible: true, Laws: incident.PIPL, Grade: incident.RelativelyMajor}, ordinary,
			[]want{{incident.ReportIncident, incident.ProvincialCAC, incident.PIPL, t0, t0.Add(4 * time.Hour), false}}, nil},
		{"authority_order_sets_the_individual_deadline_PIPL_art_57_para_2",
			incident.Incident{Discovered: t0, Laws: incident.PIPL, Grade: incident.General,
				Exemptions: []incident.Exemption{{At: t0.Add(time.Hour), Ground: incident.HarmAvoided}},
				Orders:     []incident.Order{{At: t0.Add(48 * time.Hour), Laws: incident.PIPL, Due: t0.Add(96 * time.Hour), Ref: "粤网信〔2026〕1号"}}}, ordinary,
			[]want{{incident.NotifyIndividuals, incident.Individuals, incident.PIPL, t0.Add(48 * time.Hour), t0.Add(96 * time.Hour), false}}, nil},
		{"authority_may_require_notice_of_a_lower_risk_GDPR_art_34_4",
			incident.Incident{Discovered: t0, Laws: incident.GDPR, Risk: incident.RiskPresent,
				Orders: []incident.Order{{At: t0.Add(24 * time.Hour), Laws: incident.GDPR, Ref: "SA-1"}}}, ordinary,
			[]want{{incident.NotifyIndividuals, incident.Individuals, incident.GDPR, t0.Add(24 * time.Hour), time.Time{}, false}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cs := tc.inc.Clocks(tc.profile, rules)
			for _, w := range tc.want {
				c := clockOf(t, cs, w.duty, w.aud, w.law)
				assert.True(t, c.Start.Equal(w.start), "start %v, want %v", c.Start, w.start)
				assert.True(t, c.Due.Equal(w.due), "due %v, want %v", c.Due, w.due)
				assert.Equal(t, w.prov, c.Provisional)
				assert.NotEmpty(t, c.Cite)
			}
			for _, a := range tc.absent {
				for _, c := range cs {
					assert.NotEqual(t, a, c.Audience, "no clock to %v expected, got %+v", a, c)
				}
			}
		})
	}
}

// TestClockStates checks how a clock stands against its notices.
func TestClockStates(t *testing.T) {
	rules := incident.DefaultRules()
	base := incident.Incident{Discovered: t0, Laws: incident.PIPL | incident.GDPR, Grade: incident.RelativelyMajor, Risk: incident.RiskHigh}
	with := func(ns ...incident.Sent) incident.Incident { inc := base; inc.Notices = ns; return inc }
	cac := func(at time.Duration, partial bool) incident.Sent {
		return incident.Sent{At: t0.Add(at), Audience: incident.ProvincialCAC, Channel: incident.Portal, Partial: partial}
	}
	for _, tc := range []struct {
		name   string
		inc    incident.Incident
		at     time.Duration
		aud    incident.Audience
		want   incident.State
		isOpen bool
	}{
		{"report_at_exactly_4h_is_on_time_Reporting_Measures_art_4", with(cac(4*time.Hour, false)), 5 * time.Hour, incident.ProvincialCAC, incident.Met, false},
		{"no_report_at_4h_is_still_pending_Reporting_Measures_art_4", with(), 4 * time.Hour, incident.ProvincialCAC, incident.Pending, true},
		{"no_report_after_4h_is_overdue_Reporting_Measures_art_4", with(), 4*time.Hour + time.Nanosecond, incident.ProvincialCAC, incident.Overdue, true},
		{"report_after_4h_is_met_late_Reporting_Measures_art_4", with(cac(5*time.Hour, false)), 6 * time.Hour, incident.ProvincialCAC, incident.MetLate, false},
		{"initial_report_stops_the_clock_but_owes_the_rest_GDPR_art_33_4", with(cac(time.Hour, true)), 90 * time.Hour, incident.ProvincialCAC, incident.Partial, true},
		{"supplement_completes_a_partial_report_GDPR_art_33_4", with(cac(time.Hour, true), cac(30*time.Hour, false)), 90 * time.Hour, incident.ProvincialCAC, incident.Met, false},
		{"supervisory_authority_overdue_after_72h_GDPR_art_33_1", with(), 72*time.Hour + time.Second, incident.SupervisoryAuthority, incident.Overdue, true},
		{"public_notice_with_reason_tells_individuals_NDSMR_art_11", with(incident.Sent{At: t0.Add(time.Hour), Audience: incident.Public,
			Notice: incident.Notice{Impractical: purpose.Text{ZH: "无法逐一联系"}}}), 2 * time.Hour, incident.Individuals, incident.Met, false},
		{"public_notice_without_reason_does_not_NDSMR_art_11", with(incident.Sent{At: t0.Add(time.Hour), Audience: incident.Public}), 2 * time.Hour, incident.Individuals, incident.Pending, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var found bool
			for _, c := range tc.inc.Clocks(ordinary, rules) {
				if c.Audience != tc.aud {
					continue
				}
				found = true
				assert.Equal(t, tc.want, c.State(t0.Add(tc.at)), "%v", c)
				assert.Equal(t, tc.isOpen, c.Open(t0.Add(tc.at)))
			}
			require.True(t, found)
		})
	}
}

// TestExemption: the decision not to tell people stops their clock until
// an authority orders otherwise (PIPL art. 57 para 2); MOR art. 35 has no
// exemption.
func TestExemption(t *testing.T) {
	rules := incident.DefaultRules()
	inc := incident.Incident{Discovered: t0, Laws: incident.PIPL, Grade: incident.General, Minors: true,
		Exemptions: []incident.Exemption{{At: t0.Add(time.Hour), Ground: incident.HarmAvoided}}}
	cs := inc.Clocks(ordinary, rules)
	assert.Equal(t, incident.Exempt, clockOf(t, cs, incident.NotifyIndividuals, incident.Individuals, incident.PIPL).State(t0.Add(time.Hour)),
		"exemption_stops_the_individual_clock_PIPL_art_57_para_2")
	assert.Equal(t, incident.Pending, clockOf(t, cs, incident.NotifyGuardians, incident.Guardians, incident.PIPL).State(t0.Add(time.Hour)),
		"guardians_are_told_whatever_the_exemption_MOR_art_35")
	inc.Orders = []incident.Order{{At: t0.Add(2 * time.Hour), Laws: incident.PIPL, Ref: "order"}}
	cs = inc.Clocks(ordinary, rules)
	assert.Equal(t, incident.Pending, clockOf(t, cs, incident.NotifyIndividuals, incident.Individuals, incident.PIPL).State(t0.Add(3*time.Hour)),
		"authority_order_reverses_the_exemption_PIPL_art_57_para_2")
	gdpr := incident.Incident{Discovered: t0, Laws: incident.GDPR, Risk: incident.RiskHigh,
		Exemptions: []incident.Exemption{{At: t0.Add(time.Hour), Ground: incident.HarmAvoided}}}
	assert.Equal(t, incident.Pending, clockOf(t, gdpr.Clocks(ordinary, rules), incident.NotifyIndividuals, incident.Individuals, incident.GDPR).State(t0),
		"a_PIPL_ground_does_not_exempt_under_the_GDPR_GDPR_art_34_3")
}

// TestSupervisorClockAcrossZonesWeekendsAndDST: the GDPR's 72 hours are
// elapsed hours from awareness, the same instant whatever zone it is
// written in; a weekend does not extend them, nor does a daylight-saving
// change shift them (GDPR art. 33(1); Regulation 1182/71 art. 3(4) moves
// only periods of days or more).
func TestSupervisorClockAcrossZonesWeekendsAndDST(t *testing.T) {
	berlin, ny := load(t, "Europe/Berlin"), load(t, "America/New_York")
	rules := incident.DefaultRules()
	for _, tc := range []struct {
		name      string
		aware     time.Time
		wantLocal string // the deadline on Berlin's wall clock
	}{
		{"friday_afternoon_deadline_falls_on_monday_not_extended_by_the_weekend_GDPR_art_33_1",
			time.Date(2026, 6, 5, 16, 0, 0, 0, berlin), "2026-06-08 16:00 CEST"},
		{"spring_forward_weekend_ends_an_hour_later_on_the_wall_clock_GDPR_art_33_1",
			time.Date(2026, 3, 27, 10, 0, 0, 0, berlin), "2026-03-30 11:00 CEST"},
		{"fall_back_weekend_ends_an_hour_earlier_on_the_wall_clock_GDPR_art_33_1",
			time.Date(2026, 10, 23, 10, 0, 0, 0, berlin), "2026-10-26 09:00 CET"},
		{"awareness_in_the_repeated_hour_of_fall_back_GDPR_art_33_1",
			time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC), "2026-10-28 01:30 CET"},
		{"deadline_on_the_sunday_after_christmas_is_not_moved_to_a_working_day_GDPR_art_33_1",
			time.Date(2026, 12, 24, 18, 0, 0, 0, berlin), "2026-12-27 18:00 CET"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, zone := range []*time.Location{berlin, ny, cst, time.UTC} {
				inc := incident.Incident{Discovered: tc.aware.In(zone), Laws: incident.GDPR, Risk: incident.RiskPresent}
				c := clockOf(t, inc.Clocks(ordinary, rules), incident.NotifySupervisor, incident.SupervisoryAuthority, incident.GDPR)
				assert.Equal(t, 72*time.Hour, c.Due.Sub(tc.aware), "elapsed hours, zone %v", zone)
				assert.Equal(t, tc.wantLocal, c.Due.In(berlin).Format("2006-01-02 15:04 MST"), "zone %v", zone)
				assert.Equal(t, incident.Pending, c.State(c.Due))
				assert.Equal(t, incident.Overdue, c.State(c.Due.Add(time.Nanosecond)))
			}
		})
	}
}

// TestPIPLClockAcrossZones: Beijing time has no daylight saving; the 4-hour
// clock is the same instant written in any zone.
func TestPIPLClockAcrossZones(t *testing.T) {
	rules := incident.DefaultRules()
	for _, zone := range []*time.Location{load(t, "Europe/Berlin"), load(t, "America/New_York"), cst, load(t, "Asia/Shanghai")} {
		inc := incident.Incident{Discovered: t0.In(zone), Laws: incident.PIPL, Grade: incident.RelativelyMajor}
		c := clockOf(t, inc.Clocks(ordinary, rules), incident.ReportIncident, incident.ProvincialCAC, incident.PIPL)
		assert.True(t, c.Due.Equal(time.Date(2026, 6, 3, 13, 40, 0, 0, cst)), "zone %v: due %v", zone, c.Due)
	}
}

func TestRules(t *testing.T) {
	r := incident.DefaultRules()
	require.NoError(t, r.Validate())
	assert.Equal(t, incident.General, r.SuggestGrade(999_999))
	assert.Equal(t, incident.RelativelyMajor, r.SuggestGrade(1_000_000))
	assert.Equal(t, incident.Major, r.SuggestGrade(10_000_000))
	assert.Equal(t, incident.ParticularlyMajor, r.SuggestGrade(100_000_000), "particularly_major_from_100_million_Reporting_Measures_annex")
	for name, mutate := range map[string]func(*incident.Rules){
		"zero_hours":          func(r *incident.Rules) { r.Ordinary = 0 },
		"negative_individual": func(r *incident.Rules) { r.Individuals = -time.Hour },
		"over_a_year":         func(r *incident.Rules) { r.Supervisor = 400 * 24 * time.Hour },
		"bad_grade":           func(r *incident.Rules) { r.ReportFrom = 9 },
		"thresholds":          func(r *incident.Rules) { r.Thresholds[1] = 1 },
	} {
		bad := incident.DefaultRules()
		mutate(&bad)
		assert.ErrorIs(t, bad.Validate(), incident.ErrNotConfigured, name)
	}
	custom := incident.DefaultRules()
	custom.Ordinary, custom.Individuals = 2*time.Hour, 72*time.Hour
	inc := incident.Incident{Discovered: t0, Laws: incident.PIPL, Grade: incident.RelativelyMajor}
	cs := inc.Clocks(ordinary, custom)
	assert.True(t, clockOf(t, cs, incident.ReportIncident, incident.ProvincialCAC, incident.PIPL).Due.Equal(t0.Add(2*time.Hour)), "configurable hours")
	assert.True(t, clockOf(t, cs, incident.NotifyIndividuals, incident.Individuals, incident.PIPL).Due.Equal(t0.Add(72*time.Hour)), "configurable individual deadline")
}
