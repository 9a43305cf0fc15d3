package transfer_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
	"github.com/lawfulgo/lawful/transfer"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	cst      = time.FixedZone("CST", 8*3600)
	t0       = time.Date(2026, 6, 3, 10, 0, 0, 0, cst)
	email    = pii.MustParseSet("contact.email")
	voice    = pii.MustParseSet("biometric.voice_sample")
	alice    = subject.MustParseID("01900000-0000-7000-8000-00000000000a")
	contract = transfer.Instrument{Mechanism: purpose.StandardContract, Recipient: "sg-cloud", Ref: "SC-2026-001", From: t0.AddDate(0, -1, 0)}
)

// counted is a Store whose Count answers fixed volumes: the Desk's logic
// at the Provisions' exact thresholds without a million records.
type counted struct {
	transfer.MemStore
	v   transfer.Volume
	err error
}

func (c *counted) Count(context.Context, int, subject.ID) (transfer.Volume, error) {
	return c.v, c.err
}

func desk(t *testing.T, s transfer.Store, mutate func(*transfer.Config)) *transfer.Desk {
	t.Helper()
	cfg := transfer.Config{Store: s, Instruments: []transfer.Instrument{contract,
		{Mechanism: purpose.SecurityAssessment, Recipient: "sg-cloud", Ref: "CAC-SA-2025-9", From: t0.AddDate(-1, 0, 0), Until: t0.AddDate(2, 0, 0)},
		{Mechanism: purpose.SafeguardClauses, Recipient: "us-crm", Ref: "SCC-2021-914", From: t0.AddDate(-1, 0, 0)},
		{Mechanism: purpose.BindingCorporateRules, Ref: "BCR-group", From: t0.AddDate(-1, 0, 0)},
	}}
	if mutate != nil {
		mutate(&cfg)
	}
	d, err := transfer.New(cfg)
	require.NoError(t, err)
	return d
}

func pipl(m purpose.Mechanism, cats pii.Set) transfer.Request {
	return transfer.Request{Law: pii.PIPL, Subject: alice, Purpose: "service.voice_clone", Recipient: "sg-cloud", Country: "SG", Categories: cats, Mechanism: m, At: t0}
}

func gdpr(m purpose.Mechanism, country, recipient string) transfer.Request {
	return transfer.Request{Law: pii.GDPR, Subject: alice, Purpose: "service.crm", Recipient: recipient, Country: country, Categories: email, Mechanism: m, At: t0}
}

// TestPIPL checks each PIPL export rule, named with its citation.
func TestPIPL(t *testing.T) {
	for _, tc := range []struct {
		name  string
		v     transfer.Volume // counted before this export
		cii   bool
		req   transfer.Request
		want  transfer.Reason
		level transfer.Level
	}{
		{"under_100000_people_needs_no_mechanism_Provisions_art_5_4", transfer.Volume{General: 99_998}, false, pipl(0, email), transfer.ReasonNone, transfer.NoMechanism},
		{"100000th_person_needs_a_standard_contract_Provisions_art_8", transfer.Volume{General: 99_999}, false, pipl(0, email), transfer.MechanismMissing, transfer.ContractOrCertification},
		{"standard_contract_in_force_suffices_Provisions_art_8_PIPL_art_38_1_3", transfer.Volume{General: 500_000}, false, pipl(purpose.StandardContract, email), transfer.ReasonNone, transfer.ContractOrCertification},
		{"any_sensitive_pi_needs_a_standard_contract_Provisions_art_8", transfer.Volume{}, false, pipl(0, voice), transfer.MechanismMissing, transfer.ContractOrCertification},
		{"10000th_sensitive_person_needs_a_security_assessment_Provisions_art_7_2", transfer.Volume{Sensitive: 9_999}, false, pipl(purpose.StandardContract, voice), transfer.SecurityAssessmentRequired, transfer.AssessmentRequired},
		{"1000000th_person_needs_a_security_assessment_Provisions_art_7_2", transfer.Volume{General: 999_999}, false, pipl(purpose.StandardContract, email), transfer.SecurityAssessmentRequired, transfer.AssessmentRequired},
		{"security_assessment_approval_suffices_PIPL_art_38_1_1", transfer.Volume{General: 2_000_000}, false, pipl(purpose.SecurityAssessment, email), transfer.ReasonNone, transfer.AssessmentRequired},
		{"person_already_counted_is_not_counted_twice_Provisions_art_7", transfer.Volume{General: 999_999, SubjectGeneral: true}, false, pipl(purpose.StandardContract, email), transfer.ReasonNone, transfer.ContractOrCertification},
		{"cii_operator_always_needs_a_security_assessment_Provisions_art_7_1_PIPL_art_40", transfer.Volume{}, true, pipl(purpose.StandardContract, email), transfer.SecurityAssessmentRequired, transfer.AssessmentRequired},
		{"child_under_14_all_pi_sensitive_PIPL_art_28", transfer.Volume{}, false,
			func() transfer.Request { r := pipl(0, email); r.AllSensitive = true; return r }(), transfer.MechanismMissing, transfer.ContractOrCertification},
		{"contract_with_the_person_needs_no_instrument_NDSMR_art_35_4", transfer.Volume{General: 5_000_000}, true, pipl(purpose.ContractNecessity, voice), transfer.ReasonNone, 0},
		{"cross_border_hr_NDSMR_art_35_5", transfer.Volume{}, false, pipl(purpose.CrossBorderHR, email), transfer.ReasonNone, 0},
		{"statutory_duty_NDSMR_art_35_6", transfer.Volume{}, false, pipl(purpose.StatutoryDuty, email), transfer.ReasonNone, 0},
		{"emergency_NDSMR_art_35_7", transfer.Volume{}, false, pipl(purpose.EmergencyProtection, voice), transfer.ReasonNone, 0},
		{"gdpr_mechanism_refused_under_pipl_PIPL_art_38", transfer.Volume{}, false, pipl(purpose.Adequacy, email), transfer.WrongRegime, 0},
		{"contract_with_another_recipient_not_in_force_PIPL_art_38", transfer.Volume{General: 200_000}, false,
			func() transfer.Request { r := pipl(purpose.StandardContract, email); r.Recipient = "other"; return r }(), transfer.MechanismNotInForce, transfer.ContractOrCertification},
		{"expired_security_assessment_not_in_force_Provisions_art_9", transfer.Volume{General: 2_000_000}, false,
			func() transfer.Request {
				r := pipl(purpose.SecurityAssessment, email)
				r.At = t0.AddDate(2, 0, 0)
				return r
			}(), transfer.MechanismNotInForce, transfer.AssessmentRequired},
		{"foreign_judicial_body_without_approval_PIPL_art_41", transfer.Volume{}, false,
			func() transfer.Request {
				r := pipl(purpose.StandardContract, email)
				r.ForeignAuthority = true
				return r
			}(), transfer.ForeignAuthorityApprovalMissing, 0},
		{"foreign_judicial_body_with_approval_PIPL_art_41", transfer.Volume{}, false,
			func() transfer.Request {
				r := pipl(0, email)
				r.ForeignAuthority, r.Approval = true, "司法部〔2026〕12号"
				return r
			}(), transfer.ReasonNone, 0},
		{"bad_country_code_is_invalid", transfer.Volume{}, false,
			func() transfer.Request { r := pipl(0, email); r.Country = "Singapore"; return r }(), transfer.InvalidRequest, 0},
		{"no_categories_is_invalid", transfer.Volume{}, false, pipl(0, pii.Set{}), transfer.InvalidRequest, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := desk(t, &counted{v: tc.v}, func(c *transfer.Config) { c.CIIOperator = tc.cii })
			dec := d.Check(t.Context(), tc.req)
			assert.Equal(t, tc.want, dec.Reason, "%+v", dec)
			assert.Equal(t, tc.want == transfer.ReasonNone, dec.Allowed)
			assert.Equal(t, tc.level, dec.Required)
			if dec.Allowed {
				assert.NoError(t, dec.Err())
				assert.NotEmpty(t, dec.Cite)
			} else {
				assert.ErrorIs(t, dec.Err(), tc.want.Err())
			}
		})
	}
}

// TestGDPR checks each chapter V rule, named with its citation.
func TestGDPR(t *testing.T) {
	with := func(r transfer.Request, f func(*transfer.Request)) transfer.Request { f(&r); return r }
	for _, tc := range []struct {
		name  string
		req   transfer.Request
		want  transfer.Reason
		oblig transfer.Obligation
	}{
		{"adequate_country_GDPR_art_45", gdpr(purpose.Adequacy, "JP", "jp-crm"), transfer.ReasonNone, 0},
		{"country_without_adequacy_GDPR_art_45", gdpr(purpose.Adequacy, "US", "us-crm"), transfer.NotAdequate, 0},
		{"standard_clauses_in_force_GDPR_art_46", gdpr(purpose.SafeguardClauses, "US", "us-crm"), transfer.ReasonNone, 0},
		{"clauses_with_another_recipient_not_in_force_GDPR_art_46", gdpr(purpose.SafeguardClauses, "US", "us-ads"), transfer.MechanismNotInForce, 0},
		{"binding_corporate_rules_for_every_recipient_GDPR_art_47", gdpr(purpose.BindingCorporateRules, "IN", "in-office"), transfer.ReasonNone, 0},
		{"derogation_needs_its_ground_GDPR_art_49_1", gdpr(purpose.Derogation, "US", "us-ads"), transfer.DerogationGroundMissing, 0},
		{"explicit_consent_after_being_told_the_risks_GDPR_art_49_1_a",
			with(gdpr(purpose.Derogation, "US", "us-ads"), func(r *transfer.Request) { r.Derogation = transfer.ExplicitConsent }), transfer.ReasonNone, transfer.InformOfRisks | transfer.DocumentAssessment},
		{"compelling_interests_inform_the_authority_GDPR_art_49_1_second_subparagraph",
			with(gdpr(purpose.Derogation, "US", "us-ads"), func(r *transfer.Request) { r.Derogation = transfer.CompellingInterests }), transfer.ReasonNone, transfer.InformAuthority | transfer.DocumentAssessment},
		{"pipl_mechanism_refused_under_gdpr_GDPR_art_44", gdpr(purpose.StandardContract, "CN", "cn-cloud"), transfer.WrongRegime, 0},
		{"no_mechanism_refused_GDPR_art_44", gdpr(0, "CN", "cn-cloud"), transfer.MechanismMissing, 0},
		{"foreign_court_order_without_agreement_GDPR_art_48",
			with(gdpr(purpose.SafeguardClauses, "US", "us-crm"), func(r *transfer.Request) { r.ForeignAuthority = true }), transfer.ForeignAuthorityApprovalMissing, 0},
		{"foreign_court_order_under_a_treaty_GDPR_art_48",
			with(gdpr(purpose.SafeguardClauses, "US", "us-crm"), func(r *transfer.Request) { r.ForeignAuthority, r.Approval = true, "EU-US MLAT 2003" }), transfer.ReasonNone, 0},
		{"foreign_authority_for_legal_claims_GDPR_art_49_1_e",
			with(gdpr(purpose.Derogation, "US", "us-court"), func(r *transfer.Request) { r.ForeignAuthority, r.Derogation = true, transfer.LegalClaims }), transfer.ReasonNone, transfer.DocumentAssessment},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dec := desk(t, transfer.NewMemStore(), nil).Check(t.Context(), tc.req)
			assert.Equal(t, tc.want, dec.Reason, "%+v", dec)
			assert.Equal(t, tc.oblig, dec.Obligations)
			assert.Zero(t, dec.Required, "the PIPL volumes do not concern GDPR transfers")
		})
	}
}

// TestExportCounts: exports are counted from the records, per calendar
// year in China Standard Time, exempt ones left out (Provisions arts. 5,
// 7, 8).
func TestExportCounts(t *testing.T) {
	ctx := t.Context()
	s := transfer.NewMemStore()
	small := transfer.Thresholds{Exempt: 3, Assessment: 5, SensitiveAssessment: 2}
	d := desk(t, s, func(c *transfer.Config) { c.Thresholds = small })
	people := []subject.ID{subject.MustParseID("01900000-0000-7000-8000-000000000001"), subject.MustParseID("01900000-0000-7000-8000-000000000002"),
		subject.MustParseID("01900000-0000-7000-8000-000000000003")}
	for i, p := range people[:2] {
		r := pipl(0, email)
		r.Subject, r.At = p, t0.Add(time.Duration(i)*time.Minute)
		require.True(t, d.Export(ctx, r).Allowed)
	}
	hr := pipl(purpose.CrossBorderHR, email)
	hr.Subject = people[2]
	require.True(t, d.Export(ctx, hr).Allowed)
	v, err := d.Volume(ctx, 2026)
	require.NoError(t, err)
	assert.Equal(t, int64(2), v.General, "exempt_exports_left_out_of_the_count_Provisions_art_7")
	third := pipl(0, email)
	third.Subject, third.At = people[2], t0.Add(2*time.Minute)
	dec := d.Export(ctx, third)
	assert.Equal(t, transfer.MechanismMissing, dec.Reason, "third_person_reaches_the_small_threshold_Provisions_art_8")
	assert.Equal(t, int64(3), dec.Volume.General)
	again := pipl(0, email)
	again.Subject, again.At = people[0], t0.Add(3*time.Minute)
	assert.True(t, d.Export(ctx, again).Allowed, "a person counted once per year")

	newYear := pipl(0, email)
	newYear.Subject, newYear.At = people[2], time.Date(2027, 1, 1, 0, 0, 0, 0, cst)
	assert.True(t, d.Check(ctx, newYear).Allowed, "count_restarts_on_1_January_Beijing_time_Provisions_art_5_4")
	newYear.At = time.Date(2026, 12, 31, 16, 30, 0, 0, time.UTC) // 00:30 on 1 January 2027 in Beijing
	assert.True(t, d.Check(ctx, newYear).Allowed, "the year begins in the Desk's zone, not UTC")

	counting := desk(t, transfer.NewMemStore(), func(c *transfer.Config) { c.Thresholds, c.CountExempt = small, true })
	for _, p := range people {
		r := pipl(purpose.CrossBorderHR, email)
		r.Subject = p
		require.True(t, counting.Export(ctx, r).Allowed)
	}
	v, _ = counting.Volume(ctx, 2026)
	assert.Equal(t, int64(3), v.General, "CountExempt counts them")
}

func TestSummary(t *testing.T) {
	ctx := t.Context()
	d := desk(t, transfer.NewMemStore(), nil)
	require.True(t, d.Export(ctx, pipl(purpose.StandardContract, voice)).Allowed)
	require.True(t, d.Export(ctx, gdpr(purpose.Adequacy, "JP", "jp-crm")).Allowed)
	lines, err := d.Summary(ctx, d.YearStart(t0), d.YearStart(t0).AddDate(1, 0, 0))
	require.NoError(t, err)
	require.Len(t, lines, 2)
	assert.Equal(t, "sg-cloud", lines[0].Recipient)
	assert.Equal(t, pii.GDPR, lines[1].Law)
}

func TestFailsClosed(t *testing.T) {
	down := errors.New("database down")
	d := desk(t, &counted{err: down}, nil)
	dec := d.Check(t.Context(), pipl(purpose.StandardContract, email))
	assert.False(t, dec.Allowed)
	assert.Equal(t, transfer.StoreUnavailable, dec.Reason)
	assert.ErrorIs(t, dec.Err(), down)
	assert.ErrorIs(t, dec.Err(), transfer.ErrStoreUnavailable)
	den, ok := errors.AsType[*transfer.Denial](dec.Err())
	require.True(t, ok)
	assert.Contains(t, den.Error(), "store_unavailable")
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	assert.False(t, desk(t, transfer.NewMemStore(), nil).Check(ctx, pipl(0, email)).Allowed)
	assert.False(t, transfer.Decision{}.Allowed, "the zero Decision refuses")
	assert.Error(t, transfer.Decision{}.Err())
}

func TestNewRefuses(t *testing.T) {
	for name, cfg := range map[string]transfer.Config{
		"no_store":        {},
		"bad_country":     {Store: transfer.NewMemStore(), Adequate: []string{"Japan"}},
		"bad_instrument":  {Store: transfer.NewMemStore(), Instruments: []transfer.Instrument{{Mechanism: purpose.Adequacy, Ref: "x"}}},
		"no_ref":          {Store: transfer.NewMemStore(), Instruments: []transfer.Instrument{{Mechanism: purpose.StandardContract}}},
		"bad_thresholds":  {Store: transfer.NewMemStore(), Thresholds: transfer.Thresholds{Exempt: 10, Assessment: 5, SensitiveAssessment: 1}},
		"until_not_after": {Store: transfer.NewMemStore(), Instruments: []transfer.Instrument{{Mechanism: purpose.Certification, Ref: "x", From: t0, Until: t0}}},
	} {
		_, err := transfer.New(cfg)
		assert.ErrorIs(t, err, transfer.ErrNotConfigured, name)
	}
}

func TestReasonNames(t *testing.T) {
	assert.Equal(t, "foreign_authority_approval_missing", transfer.ForeignAuthorityApprovalMissing.String())
	assert.Equal(t, "Reason(200)", transfer.Reason(200).String())
	assert.Nil(t, transfer.Reason(200).Err())
	var d transfer.Derogation
	require.NoError(t, d.UnmarshalText([]byte("legal_claims")))
	assert.Equal(t, "GDPR art. 49(1)(e)", d.Citation())
	assert.Error(t, d.UnmarshalText([]byte("whatever")))
}

// FuzzCheck: Check never panics, never allows a mechanism of the other
// regime, and never allows a PIPL export to a foreign authority without an
// approval.
func FuzzCheck(f *testing.F) {
	f.Add(uint8(1), uint8(3), uint8(0), "SG", "sg-cloud", false, "", false, int64(0), int64(0))
	f.Add(uint8(2), uint8(8), uint8(0), "JP", "jp-crm", false, "", false, int64(0), int64(0))
	f.Add(uint8(1), uint8(0), uint8(0), "US", "x", true, "", true, int64(99_999), int64(9_999))
	f.Fuzz(func(t *testing.T, law, mech, derog uint8, country, recipient string, foreign bool, approval string, sensitive bool, general, sens int64) {
		d, err := transfer.New(transfer.Config{Store: &counted{v: transfer.Volume{General: general, Sensitive: sens}},
			Instruments: []transfer.Instrument{contract}})
		if err != nil {
			t.Fatal(err)
		}
		cats := email
		if sensitive {
			cats = voice
		}
		r := transfer.Request{Law: pii.Law(law), Subject: alice, Recipient: recipient, Country: country, Categories: cats,
			Mechanism: purpose.Mechanism(mech), Derogation: transfer.Derogation(derog), ForeignAuthority: foreign, Approval: approval, At: t0}
		dec := d.Check(context.Background(), r)
		if !dec.Allowed {
			if !errors.Is(dec.Err(), dec.Reason.Err()) {
				t.Fatalf("denial %v does not match its sentinel", dec.Err())
			}
			return
		}
		if r.Mechanism.Valid() && r.Mechanism.Regime() != r.Law && !(r.Law == pii.PIPL && foreign) {
			t.Fatalf("allowed a %v export on %v", r.Law, r.Mechanism)
		}
		if r.Law == pii.PIPL && foreign && approval == "" {
			t.Fatal("allowed a provision to a foreign authority without approval (PIPL art. 41)")
		}
	})
}

func BenchmarkCheck(b *testing.B) {
	ctx := context.Background()
	s := transfer.NewMemStore()
	d, _ := transfer.New(transfer.Config{Store: s, Instruments: []transfer.Instrument{contract}})
	for i := range 1000 {
		var id subject.ID
		id[0], id[1], id[2] = 1, byte(i>>8), byte(i)
		r := pipl(purpose.StandardContract, email)
		r.Subject = id
		if !d.Export(ctx, r).Allowed {
			b.Fatal("refused")
		}
	}
	r := pipl(purpose.StandardContract, email)
	b.Run("pipl_1000_recorded", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if !d.Check(ctx, r).Allowed {
				b.Fatal("refused")
			}
		}
	})
	g := gdpr(purpose.Adequacy, "JP", "jp-crm")
	b.Run("gdpr_adequacy", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if !d.Check(ctx, g).Allowed {
				b.Fatal("refused")
			}
		}
	})
}
