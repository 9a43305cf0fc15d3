package seeds_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/examples/seeds"
	"github.com/lawfulgo/lawful/lawfultest"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// This file tests seed 000 (趣丸千音 All Voice Lab) and holds the helpers
// that seed001_test.go shares. Package-level names start with s01 (seeds
// 000 and 001) so they cannot clash with the other seeds' test files.

// Recipient names used by both seeds' policy.json. The seeds name neither
// the state organs nor the emergency services; these are descriptions.
const (
	s01State     = "State organs making a lawful demand (依法提出要求的司法机关、检察机关、公安机关及其他国家机关)"
	s01Emergency = "Emergency services and public-security organs (急救机构及公安机关)"
	s01Google    = "Google LLC (YouTube)"
)

// s01Open compiles a seed file that must load.
func s01Open(t *testing.T, name string) *purpose.Registry {
	t.Helper()
	reg, err := seeds.Open(name)
	require.NoError(t, err, name)
	require.NotNil(t, reg)
	return reg
}

func s01Lookup(t *testing.T, reg *purpose.Registry, id purpose.ID) purpose.Compiled {
	t.Helper()
	c, ok := reg.Lookup(id)
	require.True(t, ok, "purpose %q is not declared", id)
	return c
}

// s01Regime is PIPL with guardian consent up to 18, as seeds 000 §6 and
// 001 §VII promise (and as their scenarios.json set).
func s01Regime() lawful.Regime {
	r := lawful.PIPL()
	r.Ages.GuardianAge = 18
	return r
}

// s01Recipient is what a policy declares about one recipient.
type s01Recipient struct {
	role      purpose.Role
	country   string
	mechanism purpose.Mechanism
}

// s01Purpose is one row of a clause-by-clause table: what the compliant
// policy must declare for the purpose.
type s01Purpose struct {
	name       string // the rule, the article and the seed clause
	id         purpose.ID
	basis      purpose.Basis
	cites      string
	core       bool
	required   string
	optional   string
	ops        []purpose.Operation
	recipients map[string]s01Recipient
	retention  string
	traits     purpose.Trait
}

// s01CheckPurposes runs one subtest per row, and checks that the rows
// cover every purpose of the registry in policy order.
func s01CheckPurposes(t *testing.T, reg *purpose.Registry, rows []s01Purpose) {
	t.Helper()
	t.Run("every_purpose_declared_in_seed_order", func(t *testing.T) {
		var got, want []purpose.ID
		for _, c := range reg.Purposes() {
			got = append(got, c.ID())
		}
		for _, w := range rows {
			want = append(want, w.id)
		}
		assert.Equal(t, want, got)
	})
	for _, w := range rows {
		t.Run(w.name, func(t *testing.T) {
			c := s01Lookup(t, reg, w.id)
			legal, ok := c.Legal(pii.PIPL)
			require.True(t, ok)
			assert.Equal(t, w.basis, legal.Basis, "basis")
			assert.Equal(t, w.cites, legal.Cites, "cites")
			assert.Equal(t, w.core, c.Core(), "core (PIPL art. 16)")
			assert.Equal(t, pii.MustParseSet(w.required), c.Required(), "required categories")
			assert.Equal(t, pii.MustParseSet(w.optional), c.Optional(), "optional categories")
			assert.Equal(t, purpose.OperationsOf(w.ops...), c.Operations(), "operations")
			got := map[string]s01Recipient{}
			for _, r := range c.Recipients() {
				got[r.Name] = s01Recipient{r.Role, r.Country, r.Mechanism}
			}
			want := w.recipients
			if want == nil {
				want = map[string]s01Recipient{}
			}
			assert.Equal(t, want, got, "recipients")
			assert.Equal(t, w.retention, c.RetentionID(), "retention")
			assert.Equal(t, w.traits, c.Traits(), "traits")
			assert.Equal(t, 1, c.Version(), "the seed has one version")
		})
	}
}

// s01Rule is the retention rule schema package retention reads: exactly
// these fields, no others.
type s01Rule struct {
	Categories   []string `json:"categories,omitempty"`
	Keep         string   `json:"keep,omitempty"`
	From         string   `json:"from,omitempty"`
	EndsOn       []string `json:"ends_on,omitempty"`
	Grace        string   `json:"grace,omitempty"`
	Minimum      string   `json:"minimum,omitempty"`
	MinimumCites string   `json:"minimum_cites,omitempty"`
	Maximum      string   `json:"maximum,omitempty"`
	Action       string   `json:"action,omitempty"`
	Cites        string   `json:"cites,omitempty"`
}

var (
	s01Triggers = []string{"collected", "purpose_achieved", "consent_withdrawn", "account_closed", "deletion_requested", "service_terminated"}
	s01Period   = regexp.MustCompile(`^P(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$`)
)

// s01Retention is one expected retention statement: its rule and a phrase
// of the English summary people are told (NDSMR art. 21(3)).
type s01Retention struct {
	id      string
	rule    s01Rule
	summary string
}

// s01CheckRetention checks every retention statement against the schema
// of package retention and against want, and that want lists them all.
func s01CheckRetention(t *testing.T, reg *purpose.Registry, want []s01Retention) {
	t.Helper()
	var ids []string
	for _, r := range reg.Policy().Retention {
		ids = append(ids, r.ID)
	}
	var wantIDs []string
	for _, w := range want {
		wantIDs = append(wantIDs, w.id)
	}
	assert.Equal(t, wantIDs, ids, "retention statements")
	for _, w := range want {
		t.Run(w.id, func(t *testing.T) {
			rt, ok := reg.Retention(w.id)
			require.True(t, ok)
			assert.Contains(t, rt.Summary.EN, w.summary)
			assert.NotEmpty(t, rt.Summary.ZH)
			var got s01Rule
			dec := json.NewDecoder(bytes.NewReader(rt.Rule))
			dec.DisallowUnknownFields()
			require.NoError(t, dec.Decode(&got), "rule %s", rt.Rule)
			assert.Equal(t, w.rule, got)

			// The schema's value rules.
			for _, p := range []string{got.Keep, got.Grace, got.Minimum, got.Maximum} {
				if p != "" {
					assert.Regexp(t, s01Period, p, "ISO 8601 period")
					assert.NotEqual(t, "P", p)
				}
			}
			if got.From != "" {
				assert.Contains(t, s01Triggers, got.From)
			}
			for _, e := range got.EndsOn {
				assert.Contains(t, s01Triggers[1:], e, "ends_on trigger")
			}
			assert.Contains(t, []string{"", "delete", "anonymise"}, got.Action)
			assert.Equal(t, got.Minimum != "", got.MinimumCites != "", "a minimum needs minimum_cites and only a minimum has one")
			var of pii.Set
			for _, c := range reg.Purposes() {
				if c.RetentionID() == w.id {
					of = of.Union(c.Categories())
				}
			}
			assert.False(t, of.IsEmpty(), "no purpose references retention %q", w.id)
			if len(got.Categories) > 0 {
				cats, err := pii.ParseSet(strings.Join(got.Categories, ","))
				require.NoError(t, err)
				assert.True(t, cats.SubsetOf(of), "rule categories %v are not all categories of its purposes", cats.Minus(of))
			}
		})
	}
}

// s01Problem is one problem that loading an as_written.json must report:
// where and field as the ValidationError gives them, the sentinel, the
// seed clause it comes from (README.md has a row for each, with the same
// clause) and a phrase of the message.
type s01Problem struct {
	where, field string
	err          error
	clause       string
	says         string
}

// s01CheckAsWritten loads an as_written.json and checks that it fails with
// exactly want, in order.
func s01CheckAsWritten(t *testing.T, name string, want []s01Problem) *purpose.ValidationError {
	t.Helper()
	reg, err := seeds.Open(name)
	assert.Nil(t, reg, "nothing is built from a policy with problems")
	require.Error(t, err)
	assert.ErrorIs(t, err, purpose.ErrInvalidPolicy)
	ve, ok := errors.AsType[*purpose.ValidationError](err)
	require.True(t, ok, "%v", err)
	var got, wantWhere []string
	for _, p := range ve.Problems {
		got = append(got, p.Where+": "+p.Field)
	}
	for _, w := range want {
		wantWhere = append(wantWhere, w.where+": "+w.field)
	}
	require.Equal(t, wantWhere, got, "%v", err)
	for i, w := range want {
		p := ve.Problems[i]
		assert.ErrorIs(t, p.Err, w.err, "%s (%s)", p, w.clause)
		assert.Contains(t, p.Err.Error(), w.says, "%s (%s)", p, w.clause)
	}
	return ve
}

// s01Find returns the problem at where and field.
func s01Find(t *testing.T, ve *purpose.ValidationError, where, field string) purpose.Problem {
	t.Helper()
	i := slices.IndexFunc(ve.Problems, func(p purpose.Problem) bool { return p.Where == where && p.Field == field })
	require.GreaterOrEqual(t, i, 0, "no problem at %s: %s", where, field)
	return ve.Problems[i]
}

// s01RestOfAsWritten decodes an as_written.json and keeps what loading
// accepts: a purpose whose only problem is a share with no recipient loses
// the share (the Guard then refuses it as undeclared), every other purpose
// with a problem in want is dropped, and the rest must compile. That proves
// want is everything loading detects, and gives the registry on which the
// Guard shows what loading cannot see.
func s01RestOfAsWritten(t *testing.T, name string, purposes int, want []s01Problem) *purpose.Registry {
	t.Helper()
	data, err := seeds.FS.ReadFile(name)
	require.NoError(t, err)
	p, err := purpose.DecodePolicy(data)
	require.NoError(t, err, "schema problems would hide the law problems")
	require.Len(t, p.Purposes, purposes)
	byWhere := map[string][]s01Problem{}
	for _, w := range want {
		byWhere[w.where] = append(byWhere[w.where], w)
	}
	shareOnly := func(ps []s01Problem) bool {
		return len(ps) == 1 && ps[0].field == "recipients" && errors.Is(ps[0].err, purpose.ErrUndeclaredRecipient) && strings.Contains(ps[0].says, "operation share")
	}
	p.Purposes = slices.DeleteFunc(p.Purposes, func(d purpose.Purpose) bool {
		ps := byWhere[`purpose "`+string(d.ID)+`"`]
		return len(ps) > 0 && (!shareOnly(ps) || d.Operations.Minus(purpose.OperationsOf(purpose.Share)) == 0)
	})
	for i := range p.Purposes {
		if len(byWhere[`purpose "`+string(p.Purposes[i].ID)+`"`]) > 0 {
			p.Purposes[i].Operations = p.Purposes[i].Operations.Minus(purpose.OperationsOf(purpose.Share))
		}
	}
	reg, err := purpose.Compile(p)
	require.NoError(t, err)
	return reg
}

// s01Decision is a Guard request on an adult and the expected outcome
// (nil: allowed).
type s01Decision struct {
	name  string
	grant *consent.Form // consent the adult gives to the purpose first, if any
	req   lawful.Request
	want  error
}

// s01CheckDecisions runs each row in a fresh World over reg, with the
// request's subject an adult in China.
func s01CheckDecisions(t *testing.T, reg *purpose.Registry, rows []s01Decision) {
	t.Helper()
	for _, row := range rows {
		t.Run(row.name, func(t *testing.T) {
			w := lawfultest.New(t, reg, lawfultest.Options{Regime: s01Regime()})
			r := row.req
			r.Subject = w.Adult(t)
			if row.grant != nil {
				w.Grant(t, r.Subject, *row.grant, r.Purpose)
			}
			if row.want == nil {
				lawfultest.AssertAllowed(t, w.Guard, r)
			} else {
				lawfultest.AssertDenied(t, w.Guard, r, row.want)
			}
		})
	}
}

func s01Form(f consent.Form) *consent.Form { return &f }

// s01StaleAfterMaterialChange shows a seed's update clause: consent given
// under version 1 of id stops counting when version 2 is material (PIPL
// art. 14 para 2), but not when it only rewords (art. 17 para 2). The
// policy file has one version; the test adds the second.
func s01StaleAfterMaterialChange(t *testing.T, name string, id purpose.ID, r lawful.Request) {
	t.Helper()
	data, err := seeds.FS.ReadFile(name)
	require.NoError(t, err)
	withVersion2 := func(material bool, change purpose.Change) *purpose.Registry {
		p, err := purpose.DecodePolicy(data)
		require.NoError(t, err)
		i := slices.IndexFunc(p.Purposes, func(d purpose.Purpose) bool { return d.ID == id })
		require.GreaterOrEqual(t, i, 0)
		p.Purposes[i].Versions = append(p.Purposes[i].Versions, purpose.Version{Number: 2, Material: material, Changes: change})
		return purpose.MustCompile(p)
	}
	v1 := s01Open(t, name)
	for _, tc := range []struct {
		name     string
		material bool
		change   purpose.Change
		want     error
	}{
		{"material_change_makes_v1_consent_stale_PIPL_art14_para2", true, purpose.ChangedCategories, lawful.ErrConsentStale},
		{"wording_change_keeps_v1_consent_PIPL_art17_para2", false, purpose.ChangedWording, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			store := consent.NewMemStore()
			before := lawfultest.New(t, v1, lawfultest.Options{Regime: s01Regime(), Store: store})
			r := r
			r.Subject = before.Adult(t)
			before.Grant(t, r.Subject, consent.Separate, id)
			lawfultest.AssertAllowed(t, before.Guard, r, "v1 consent under v1")

			after := lawfultest.New(t, withVersion2(tc.material, tc.change), lawfultest.Options{
				Regime: s01Regime(), Store: store, Start: before.Clock.Now().Add(30 * 24 * time.Hour),
			})
			s, err := before.Directory.Lookup(context.Background(), r.Subject)
			require.NoError(t, err)
			after.Add(t, s)
			if tc.want == nil {
				lawfultest.AssertAllowed(t, after.Guard, r, "v1 consent under a reworded v2")
				return
			}
			lawfultest.AssertDenied(t, after.Guard, r, tc.want, "continued use is not consent to a material change")
			after.Grant(t, r.Subject, consent.Separate, id)
			lawfultest.AssertAllowed(t, after.Guard, r, "re-consent under v2")
		})
	}
}

// s01NoGDPRBasis shows that a PIPL-only policy gives a subject under GDPR
// no ground at all: the Guard denies with NoStatutoryBasis (GDPR art. 6).
// This is the one denial reason a scenario file cannot produce: its
// subjects all fall under the file's one regime, which the policy must
// serve.
func s01NoGDPRBasis(t *testing.T, name string, r lawful.Request) {
	t.Helper()
	reg := s01Open(t, name)
	w := lawfultest.New(t, reg, lawfultest.Options{Regime: s01Regime(), Jurisdictions: map[string]lawful.Regime{"DE": lawful.GDPR()}})
	eu := r
	eu.Subject = w.Add(t, subject.Subject{Birth: w.BornYearsAgo(30), Jurisdiction: "DE"})
	lawfultest.AssertDenied(t, w.Guard, eu, lawful.ErrNoStatutoryBasis)
	cn := r
	cn.Subject = w.Adult(t)
	lawfultest.AssertAllowed(t, w.Guard, cn)
}

// s01ReadmeListsEveryProvenDefect checks that README.md has a row per
// as-written problem naming its Where and Field, the seed clause and the
// sentinel.
func s01ReadmeListsEveryProvenDefect(t *testing.T, readme string, want []s01Problem) {
	t.Helper()
	data, err := os.ReadFile(readme)
	require.NoError(t, err)
	lines := strings.Split(string(data), "\n")
	sentinels := []struct {
		err  error
		name string
	}{
		{purpose.ErrMissingCitation, "ErrMissingCitation"},
		{purpose.ErrNoStatutoryBasis, "ErrNoStatutoryBasis"},
		{purpose.ErrUndeclaredRecipient, "ErrUndeclaredRecipient"},
		{purpose.ErrCrossBorder, "ErrCrossBorder"},
	}
	for _, w := range want {
		cell := "`" + w.where + "`: `" + w.field + "`"
		i := slices.IndexFunc(lines, func(l string) bool { return strings.Contains(l, cell) })
		if !assert.GreaterOrEqual(t, i, 0, "%s has no row for %s", readme, cell) {
			continue
		}
		assert.Contains(t, lines[i], w.clause, "%s row for %s", readme, cell)
		named := false
		for _, s := range sentinels {
			if errors.Is(w.err, s.err) {
				assert.Contains(t, lines[i], "`"+s.name+"`", "%s row for %s", readme, cell)
				named = true
			}
		}
		assert.True(t, named, "%s: sentinel %v has no name in this test", cell, w.err)
	}
}

// Seed 000 ---------------------------------------------------------------

const s00Policy = "000-allvoicelab/policy.json"

// TestSeed000 checks 000-allvoicelab/policy.json, the lawful reading of
// seed 000, clause by clause.
func TestSeed000(t *testing.T) {
	reg := s01Open(t, s00Policy)

	t.Run("controller_contact_and_version_PIPL_art17_seed_000_特别提醒_§10", func(t *testing.T) {
		p := reg.Policy()
		assert.Equal(t, "上海玲光乍现科技有限公司", p.Controller.Name.ZH)
		assert.Contains(t, p.Controller.Contact, "team@allvoicelab.com")
		assert.Contains(t, p.Controller.Contact, "广州市天河区广电平云广场b塔20楼")
		assert.Equal(t, "2026-05-20", p.Version)
		assert.Equal(t, "趣丸千音", p.Name.ZH)
		assert.Equal(t, []pii.Law{pii.PIPL}, reg.Regimes(), "the policy is written for PRC law only")
	})

	C, U, S, Sh, X := purpose.Collect, purpose.Use, purpose.Store, purpose.Share, purpose.Export
	cus := []purpose.Operation{C, U, S}
	s01CheckPurposes(t, reg, []s01Purpose{
		{name: "site_statistics_optional_on_consent_PIPL_arts13_16_seed_000_§1.1",
			id: "analytics.usage", basis: purpose.Consent, required: "activity.clicks,activity.browsing", ops: cus, retention: "analytics"},
		{name: "login_by_phone_and_code_on_contract_PIPL_art13_1_2_seed_000_§1.2.1",
			id: "signup.login", basis: purpose.Contract, core: true, required: "contact.phone,credential.otp,account.id", ops: cus, retention: "account"},
		{name: "real_name_phone_on_legal_duty_CSL_art24_seed_000_§1.2.1",
			id: "legal.real_name", basis: purpose.LegalDuty, cites: "Cybersecurity Law art. 24", core: true,
			required: "contact.phone", optional: "identity.verification_result", ops: cus, retention: "account"},
		{name: "avatar_and_nickname_optional_PIPL_art16_seed_000_§1.2.2",
			id: "signup.profile_extras", basis: purpose.Consent, optional: "account.avatar,account.nickname", ops: cus, retention: "account"},
		{name: "media_processing_on_contract_only_for_processing_PIPL_arts6_13_seed_000_§1.3",
			id: "service.media_processing", basis: purpose.Contract, core: true,
			optional: "content.audio,content.video,content.generated", ops: cus, retention: "media"},
		{name: "paid_functions_on_contract_no_undeclared_payment_institution_PIPL_arts13_23_seed_000_§1.3",
			id: "commerce.payment", basis: purpose.Contract, core: true, required: "finance.order",
			optional: "finance.payment_record,finance.bank_card,finance.credit_card", ops: cus, retention: "orders"},
		{name: "complaints_on_legal_duty_never_shared_CSL_art49_PIPL_art50_seed_000_§1.4_§5.7",
			id: "support.complaints", basis: purpose.LegalDuty, cites: "Cybersecurity Law art. 49; Personal Information Protection Law art. 50", core: true,
			required: "communication.support_records", optional: "identity.national_id,identity.id_document_image,contact.email,contact.phone,account.id",
			ops: cus, retention: "account"},
		{name: "abnormal_account_verification_on_contract_PIPL_art13_1_2_seed_000_§1.4",
			id: "security.account_verification", basis: purpose.Contract, required: "account.id,contact.phone", optional: "identity.national_id",
			ops: cus, retention: "account"},
		{name: "camera_optional_on_consent_PIPL_arts15_16_seed_000_§1.5(1)",
			id: "service.device_capture", basis: purpose.Consent, optional: "content.image,content.video", ops: cus, retention: "media"},
		{name: "voice_recording_optional_on_separate_consent_DSP_art14_PIPL_art29_seed_000_§1.5(2)",
			id: "service.voice_clone", basis: purpose.Consent, required: "biometric.voice_sample,content.text",
			optional: "biometric.voiceprint,content.generated", ops: cus, retention: "voice", traits: purpose.BiometricEditing},
		{name: "network_logs_on_legal_duty_CSL_art21_seed_000_§1.7(8)",
			id: "ops.logging", basis: purpose.LegalDuty, cites: "Cybersecurity Law art. 21(3)", core: true,
			required: "activity.service_log,device.ip,account.id", ops: cus, retention: "logs"},
		{name: "emergency_on_PIPL_art13_1_4_seed_000_§1.7(4)_§3.4(4)",
			id: "safety.emergency", basis: purpose.Emergency, core: true, optional: "account.id,contact.phone,identity.verification_result",
			ops: []purpose.Operation{U, Sh}, recipients: map[string]s01Recipient{s01Emergency: {role: purpose.Independent}}, retention: "emergency"},
		{name: "cookies_on_contract_PIPL_art13_1_2_seed_000_§2",
			id: "cookies.local_storage", basis: purpose.Contract, core: true, required: "device.cookie_id,credential.session_token", ops: cus, retention: "cookies"},
		{name: "youtube_upload_is_an_export_to_Google_in_the_US_PIPL_arts38_39_seed_000_§3.1.1",
			id: "service.share_external", basis: purpose.Consent, required: "account.third_party_id,account.third_party_profile",
			optional: "content.video,content.generated", ops: []purpose.Operation{C, U, S, X},
			recipients: map[string]s01Recipient{s01Google: {purpose.Independent, "US", purpose.ContractNecessity}}, retention: "account"},
		{name: "lawful_demands_on_cited_legal_duty_PIPL_art13_1_3_seed_000_§3.3(2)",
			id: "legal.disclosure", basis: purpose.LegalDuty, cites: "Cybersecurity Law art. 28; Criminal Procedure Law art. 54", core: true,
			optional: s01Everything(t, reg), ops: []purpose.Operation{U, Sh},
			recipients: map[string]s01Recipient{s01State: {role: purpose.Independent}}, retention: "account"},
		{name: "incident_notice_on_legal_duty_PIPL_art57_seed_000_§4.7",
			id: "security.incident_notice", basis: purpose.LegalDuty, cites: "Personal Information Protection Law art. 57", core: true,
			optional: "contact.phone,contact.email", ops: []purpose.Operation{U}, retention: "account"},
		{name: "rights_requests_on_legal_duty_PIPL_art50_seed_000_§5_§10",
			id: "rights.request_handling", basis: purpose.LegalDuty, cites: "Personal Information Protection Law art. 50", core: true,
			required: "account.id", optional: "contact.email,contact.phone,identity.verification_result", ops: cus, retention: "account"},
		{name: "guardian_verification_on_legal_duty_PIPL_art31_seed_000_§6",
			id: "minor.guardian_verification", basis: purpose.LegalDuty, cites: "Personal Information Protection Law art. 31", core: true,
			required: "social.family", optional: "basic.birth_date,contact.phone", ops: cus, retention: "account"},
	})

	t.Run("legal_disclosure_covers_every_collected_category_but_secrets_PIPL_art13_1_3_seed_000_§3.3(2)", func(t *testing.T) {
		c := s01Lookup(t, reg, "legal.disclosure")
		assert.True(t, c.Required().IsEmpty(), "only what a demand names goes out")
		assert.True(t, c.Categories().Secret().IsEmpty())
		assert.False(t, c.Declares(purpose.Disclose), "§3.3(2) is a provision to the requesting organ, not publication")
	})

	t.Run("biometrics_only_on_the_optional_separate_consent_voice_purpose_PIPL_arts16_28_29_DSP_art14_seed_000_§1.5(2)", func(t *testing.T) {
		var seen []purpose.ID
		for _, c := range reg.Purposes() {
			if c.ID() == "legal.disclosure" || !c.Categories().Overlaps(pii.MustParseSet("biometric")) {
				continue
			}
			seen = append(seen, c.ID())
			legal, _ := c.Legal(pii.PIPL)
			assert.Equal(t, purpose.Consent, legal.Basis)
			assert.False(t, c.Core(), "refusing the microphone must not cost the basic service")
			assert.True(t, c.Traits().Has(purpose.BiometricEditing), "the edited person's own separate consent")
		}
		assert.Equal(t, []purpose.ID{"service.voice_clone"}, seen)
	})

	t.Run("every_ground_is_a_PIPL_art13_ground_and_every_legal_duty_cites_a_law", func(t *testing.T) {
		for _, c := range reg.Purposes() {
			legal, _ := c.Legal(pii.PIPL)
			assert.Equal(t, legal.Basis, legal.Basis.Ground(pii.PIPL), "%s: a statutory ground, not a GB/T item", c.ID())
			if legal.Basis == purpose.LegalDuty {
				assert.Contains(t, legal.Cites, " art. ", "%s", c.ID())
			}
		}
	})

	t.Run("only_Google_is_overseas_and_nothing_is_transferred_or_published_PIPL_arts22_25_38_seed_000_§3.2_§3.3_§7", func(t *testing.T) {
		for _, c := range reg.Purposes() {
			assert.False(t, c.Declares(purpose.Transfer), "%s", c.ID())
			assert.False(t, c.Declares(purpose.Disclose), "%s: §3.3(1), (3) publication has no lawful form here", c.ID())
			assert.Equal(t, c.ID() == "service.share_external", c.Declares(purpose.Export), "%s", c.ID())
			for _, r := range c.Recipients() {
				assert.Equal(t, r.Name == s01Google, r.Overseas(), "%s: %s", c.ID(), r.Name)
				assert.NotEqual(t, purpose.Affiliate, r.Role, "%s: §3.1.2 names no affiliate", c.ID())
			}
		}
	})

	t.Run("no_training_purpose_and_media_never_shared_PIPL_art6_seed_000_§1.3", func(t *testing.T) {
		_, ok := reg.Lookup("ai.model_training")
		assert.False(t, ok)
		mp := s01Lookup(t, reg, "service.media_processing")
		assert.False(t, mp.Declares(purpose.Share))
		assert.False(t, s01Lookup(t, reg, "support.complaints").Operations().Has(purpose.Share), "§1.4: 不会向第三方进行共享")
	})

	t.Run("retention_seed_000_§4.3_§5.3_§5.5_CSL_art21_NDSMR_art21", func(t *testing.T) {
		s01CheckRetention(t, reg, []s01Retention{
			{"account", s01Rule{Action: "delete", Cites: "PIPL art. 47; seed 000 §4.3, §5.3, §5.5"}, "next backup update"},
			{"logs", s01Rule{Keep: "P6M", Minimum: "P6M", MinimumCites: "Cybersecurity Law art. 21(3)", Action: "delete", Cites: "PIPL art. 19"}, "six months"},
			{"media", s01Rule{Action: "delete", Cites: "PIPL art. 47(1); seed 000 §1.3"}, "only temporarily"},
			{"voice", s01Rule{Action: "delete", Cites: "PIPL art. 47(1), (3); seed 000 §5.4"}, "withdraw the microphone authorisation"},
			{"orders", s01Rule{EndsOn: []string{"purpose_achieved", "deletion_requested", "account_closed", "service_terminated"}, Action: "delete", Cites: "PIPL art. 47(1)"}, "no period"},
			{"cookies", s01Rule{EndsOn: []string{"deletion_requested", "account_closed", "service_terminated"}, Action: "delete"}, "manage or delete"},
			{"analytics", s01Rule{EndsOn: []string{"consent_withdrawn", "deletion_requested", "account_closed", "service_terminated"}, Action: "anonymise"}, "anonymously in most cases"},
			{"emergency", s01Rule{EndsOn: []string{"purpose_achieved"}, Action: "delete", Cites: "PIPL art. 47(1)"}, "while the emergency lasts"},
		})
	})

	t.Run("names_and_descriptions_in_zh_and_en_cite_the_clause_PIPL_art17", func(t *testing.T) {
		for _, d := range reg.Policy().Purposes {
			assert.NotEmpty(t, d.Name.EN, "%s", d.ID)
			assert.NotEmpty(t, d.Name.ZH, "%s", d.ID)
			assert.Contains(t, d.Description.EN, "seed 000 §", "%s", d.ID)
			assert.Contains(t, d.Description.ZH, "§", "%s", d.ID)
		}
	})

	t.Run("generated_notices_name_Google_and_the_voice_feature_PIPL_arts17_23_39", func(t *testing.T) {
		share := reg.SharingList(purpose.EN)
		assert.Contains(t, share, s01Google)
		assert.Contains(t, share, "US")
		assert.Contains(t, reg.CollectionList(purpose.ZH), "基于麦克风的语音技术")
	})
}

// s00AsWritten is what loading 000-allvoicelab/as_written.json reports, in
// order. README.md ("Proven when the file loads") has the same rows.
var s00AsWritten = []s01Problem{
	{`purpose "legal.real_name"`, "basis.cites", purpose.ErrMissingCitation, "§1.2.1", "names no particular law"},
	{`purpose "exempt.national_security"`, "recipients", purpose.ErrUndeclaredRecipient, "§3.4(1)", "operation share needs a declared recipient"},
	{`purpose "exempt.national_security"`, "basis.cites", purpose.ErrMissingCitation, "§1.7(1)", "cites a national or industry standard, which is not a law"},
	{`purpose "exempt.public_interest"`, "recipients", purpose.ErrUndeclaredRecipient, "§3.4(2)", "operation share needs a declared recipient"},
	{`purpose "exempt.public_interest"`, "basis.cites", purpose.ErrMissingCitation, "§1.7(2)", "cites a national or industry standard, which is not a law"},
	{`purpose "exempt.criminal_justice"`, "recipients", purpose.ErrUndeclaredRecipient, "§3.4(3)", "operation share needs a declared recipient"},
	{`purpose "exempt.criminal_justice"`, "basis.cites", purpose.ErrMissingCitation, "§1.7(3)", "cites a national or industry standard, which is not a law"},
	{`purpose "exempt.vital_interests"`, "recipients", purpose.ErrUndeclaredRecipient, "§3.4(4)", "operation share needs a declared recipient"},
	{`purpose "exempt.self_published"`, "recipients", purpose.ErrUndeclaredRecipient, "§3.4(5)", "operation share needs a declared recipient"},
	{`purpose "exempt.lawfully_disclosed"`, "recipients", purpose.ErrUndeclaredRecipient, "§3.4(6)", "operation share needs a declared recipient"},
	{`purpose "exempt.secure_operation"`, "basis.cites", purpose.ErrMissingCitation, "§1.7(8)", "cites a national or industry standard, which is not a law"},
	{`purpose "exempt.academic_research"`, "basis", purpose.ErrNoStatutoryBasis, "§1.7(10)", "maps to no PIPL art. 13 ground"},
	{`purpose "exempt.other_law"`, "basis.cites", purpose.ErrMissingCitation, "§1.7(11)", "(PIPL art. 13(1)(7)"},
	{`purpose "affiliates.unified_account"`, "recipients", purpose.ErrUndeclaredRecipient, "§3.1.2", "operation share needs a declared recipient"},
	{`purpose "security.fraud_exchange"`, "recipients", purpose.ErrUndeclaredRecipient, "§3.1.5", "operation share needs a declared recipient"},
	{`purpose "security.fraud_exchange"`, "basis", purpose.ErrNoStatutoryBasis, "§3.1.5", "there is no legitimate-interest ground"},
	{`purpose "corporate.succession"`, "recipients", purpose.ErrUndeclaredRecipient, "§3.2.2", "operation transfer needs a declared recipient with role successor"},
	{`purpose "legal.disclosure"`, "basis.cites", purpose.ErrMissingCitation, "§3.3(2)", "needs the law or administrative regulation"},
	{`purpose "security.incident_notice"`, "basis.cites", purpose.ErrMissingCitation, "§4.7", "names no particular law"},
	{`purpose "rights.request_handling"`, "basis.cites", purpose.ErrMissingCitation, "§5", "cites a national or industry standard, which is not a law"},
	{`purpose "minor.guardian_verification"`, "basis.cites", purpose.ErrMissingCitation, "§6(1)", "names no particular law"},
	{`purpose "minor.protection"`, "recipients", purpose.ErrUndeclaredRecipient, "§6(5)", "operation share needs a declared recipient"},
	{`purpose "minor.protection"`, "basis.cites", purpose.ErrMissingCitation, "§6(5)", "names no particular law"},
	{`purpose "export.cross_border"`, "recipients", purpose.ErrCrossBorder, "§7", "operation export needs an overseas recipient with country and mechanism"},
}

// TestSeed000AsWritten proves the defects README.md lists: loading the
// policy as seed 000 writes it fails with exactly these problems.
func TestSeed000AsWritten(t *testing.T) {
	ve := s01CheckAsWritten(t, "000-allvoicelab/as_written.json", s00AsWritten)
	assert.True(t, strings.HasPrefix(ve.Error(), "purpose: policy has 24 problems:"), ve.Error())

	for _, tc := range []struct {
		name, where, field string
		err                error
	}{
		{"GB/T_exemption_list_cites_a_standard_not_a_law_PIPL_art13_1_3_seed_000_§1.7", `purpose "exempt.national_security"`, "basis.cites", purpose.ErrMissingCitation},
		{"secure_operation_is_a_GB/T_item_not_a_ground_PIPL_art13_1_3_seed_000_§1.7(8)", `purpose "exempt.secure_operation"`, "basis.cites", purpose.ErrMissingCitation},
		{"academic_research_has_no_PIPL_ground_art13_seed_000_§1.7(10)", `purpose "exempt.academic_research"`, "basis", purpose.ErrNoStatutoryBasis},
		{"no_consent_sharing_names_no_recipient_PIPL_art23_seed_000_§3.4", `purpose "exempt.vital_interests"`, "recipients", purpose.ErrUndeclaredRecipient},
		{"real_name_duty_cites_no_law_PIPL_art13_1_3_seed_000_§1.2.1", `purpose "legal.real_name"`, "basis.cites", purpose.ErrMissingCitation},
		{"affiliates_unnamed_PIPL_art23_seed_000_§3.1.2", `purpose "affiliates.unified_account"`, "recipients", purpose.ErrUndeclaredRecipient},
		{"protecting_our_interests_is_no_PIPL_ground_art13_seed_000_§3.1.5", `purpose "security.fraud_exchange"`, "basis", purpose.ErrNoStatutoryBasis},
		{"successor_unnamed_PIPL_art22_seed_000_§3.2.2", `purpose "corporate.succession"`, "recipients", purpose.ErrUndeclaredRecipient},
		{"necessary_to_protect_minors_is_no_ground_PIPL_arts13_31_seed_000_§6(5)", `purpose "minor.protection"`, "basis.cites", purpose.ErrMissingCitation},
		{"cross_border_without_recipient_or_mechanism_PIPL_arts38_39_seed_000_§7", `purpose "export.cross_border"`, "recipients", purpose.ErrCrossBorder},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.ErrorIs(t, s01Find(t, ve, tc.where, tc.field).Err, tc.err)
		})
	}
}

// TestSeed000AsWrittenRest compiles what of the as-written policy loads,
// and shows the Guard refusing what loading cannot see.
func TestSeed000AsWrittenRest(t *testing.T) {
	reg := s01RestOfAsWritten(t, "000-allvoicelab/as_written.json", 32, s00AsWritten)

	t.Run("what_loads_is_still_not_policy.json", func(t *testing.T) {
		legal, _ := s01Lookup(t, reg, "signup.login").Legal(pii.PIPL)
		assert.Equal(t, purpose.Consent, legal.Basis, "特别提醒: using the service is taken as consent")
		assert.True(t, s01Lookup(t, reg, "service.media_processing").Core())
		assert.False(t, s01Lookup(t, reg, "service.voice_input").Traits().Has(purpose.BiometricEditing), "§1.5(2) does not call voice modelling by its name")
		g, ok := s01Lookup(t, reg, "service.share_external").Recipient(s01Google)
		require.True(t, ok)
		assert.False(t, g.Overseas(), "§7 says nothing leaves China, so Google is declared domestic")
		_, ok = reg.Lookup("ops.logging")
		assert.False(t, ok, "the seed keeps no network logs (CSL art. 21(3))")
		vi := s01Lookup(t, reg, "exempt.vital_interests")
		assert.False(t, vi.Declares(purpose.Share), "§3.4(4)'s share to no one is struck out")
		assert.True(t, vi.Declares(purpose.Disclose))
		_, ok = reg.Lookup("exempt.national_security")
		assert.False(t, ok, "§1.7(1) cites no law")
		assert.Equal(t, 16, reg.Len(), "19 of 32 purposes have a problem: 16 are dropped, 3 lose only their unnamed share")
	})

	p := func(id purpose.ID, op purpose.Operation, cats string) lawful.Request {
		return lawful.Request{Purpose: id, Operation: op, Categories: pii.MustParseSet(cats)}
	}
	attest := func(r lawful.Request, a lawful.Attestation) lawful.Request { r.Attest = a; return r }
	recipient := func(r lawful.Request, name string) lawful.Request { r.Recipient = name; return r }
	s01CheckDecisions(t, reg, []s01Decision{
		{name: "using_the_service_is_not_consent_PIPL_art14_seed_000_特别提醒",
			req: p("signup.login", purpose.Collect, "contact.phone"), want: lawful.ErrNoConsent},
		{name: "microphone_permission_is_not_separate_consent_to_voice_data_PIPL_art29_seed_000_§1.5(2)", grant: s01Form(consent.Click),
			req: p("service.voice_input", purpose.Collect, "biometric.voice_sample"), want: lawful.ErrSeparateConsentRequired},
		{name: "disclosure_in_an_emergency_needs_separate_consent_or_legal_duty_PIPL_art25_seed_000_§3.4(4)",
			req: attest(p("exempt.vital_interests", purpose.Disclose, "account.id"), lawful.Emergency), want: lawful.ErrExemptionNotValidForOperation},
		{name: "self_published_data_needs_reasonable_scope_and_no_refusal_PIPL_arts13_1_6_27_seed_000_§1.7(5)",
			req: p("exempt.self_published", purpose.Use, "contact.phone"), want: lawful.ErrExemptionConditionFailed},
		{name: "self_published_data_within_reasonable_scope_is_allowed_PIPL_art13_1_6_seed_000_§1.7(5)",
			req: attest(p("exempt.self_published", purpose.Use, "contact.phone"), lawful.ReasonableScope|lawful.NotRefused)},
		{name: "a_voice_service_does_no_news_reporting_PIPL_art13_1_5_seed_000_§1.7(9)",
			req: p("exempt.news", purpose.Collect, "basic.name"), want: lawful.ErrExemptionConditionFailed},
		{name: "penalty_announcements_need_separate_consent_PIPL_art25_seed_000_§3.3(3)", grant: s01Form(consent.Click),
			req: p("moderation.penalty_notice", purpose.Disclose, "account.nickname"), want: lawful.ErrSeparateConsentRequired},
		{name: "youtube_declared_domestic_so_an_export_to_Google_is_refused_PIPL_art38_seed_000_§3.1.1_§7",
			req: recipient(p("service.share_external", purpose.Export, "content.video"), s01Google), want: lawful.ErrOperationNotDeclared},
		{name: "no_network_logs_declared_CSL_art21_seed_000_§1.7(8)",
			req: p("ops.logging", purpose.Store, "activity.service_log"), want: lawful.ErrUnknownPurpose},
	})
}

// TestSeed000PolicyUpdates shows §8: revisions that materially reduce your
// rights are announced, and 'if you continue to use our services, you
// agree'. Continued use is not consent: a material version makes earlier
// consents stale.
func TestSeed000PolicyUpdates(t *testing.T) {
	s01StaleAfterMaterialChange(t, s00Policy, "service.voice_clone", lawful.Request{
		Purpose: "service.voice_clone", Operation: purpose.Use, Categories: pii.MustParseSet("biometric.voice_sample,content.text"),
	})
}

// TestSeed000ServesPIPLOnly: the English copy of seed 000 addresses users
// anywhere, but the policy gives no GDPR basis.
func TestSeed000ServesPIPLOnly(t *testing.T) {
	t.Run("EU_subject_has_no_ground_in_a_PIPL_only_policy_GDPR_art6", func(t *testing.T) {
		s01NoGDPRBasis(t, s00Policy, lawful.Request{Purpose: "signup.login", Operation: purpose.Collect, Categories: pii.MustParseSet("contact.phone")})
	})
}

// TestSeed000Readme checks that README.md has a row for every proven defect.
func TestSeed000Readme(t *testing.T) {
	s01ReadmeListsEveryProvenDefect(t, "000-allvoicelab/README.md", s00AsWritten)
}
