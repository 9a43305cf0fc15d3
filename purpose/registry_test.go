package purpose_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCompileRules(t *testing.T) {
	tests := []struct {
		name   string
		policy purpose.Policy
		want   error
		where  string
		msg    string
	}{
		{
			"legitimate_interests_is_not_a_ground_PIPL_art13",
			edit("commerce.payment", func(p *purpose.Purpose) { p.Basis = purpose.Legal{Basis: purpose.LegitimateInterests} }),
			purpose.ErrNoStatutoryBasis, `purpose "commerce.payment"`, `basis "legitimate_interests" is not a ground under PIPL`,
		},
		{
			"academic_research_has_no_PIPL_ground_GBT_5_6_k",
			edit("ops.logging", func(p *purpose.Purpose) {
				p.Basis = purpose.Legal{Basis: purpose.GBTAcademicResearch}
			}),
			purpose.ErrNoStatutoryBasis, `purpose "ops.logging"`, "maps to no PIPL art. 13 ground",
		},
		{
			"GBT_item_is_not_a_GDPR_basis",
			func() purpose.Policy {
				p := edit("ops.logging", func(p *purpose.Purpose) {
					p.Basis = purpose.Legal{Basis: purpose.GBTSecureOperation, Cites: "Cybersecurity Law art. 21(3)"}
				})
				p.Regimes = append(p.Regimes, pii.GDPR)
				return p
			}(),
			purpose.ErrNoStatutoryBasis, `purpose "ops.logging"`, "GB/T 35273 is a PRC standard",
		},
		{
			"legal_duty_must_cite_the_law_PIPL_art13_1_3",
			edit("ops.logging", func(p *purpose.Purpose) { p.Basis.Cites = "" }),
			purpose.ErrMissingCitation, `purpose "ops.logging"`, `basis "legal_duty" needs the law or administrative regulation that imposes the duty in cites, e.g. "Cybersecurity Law art. 21(3)" (PIPL art. 13(1)(3): necessary to fulfil a statutory duty or obligation)`,
		},
		{
			"other_law_must_cite_a_law_PIPL_art13_1_7",
			edit("ops.logging", func(p *purpose.Purpose) { p.Basis = purpose.Legal{Basis: purpose.OtherLaw} }),
			purpose.ErrMissingCitation, `purpose "ops.logging"`, "(PIPL art. 13(1)(7))",
		},
		{
			"a_national_standard_is_not_a_law_PIPL_art13_1_7",
			edit("ops.logging", func(p *purpose.Purpose) {
				p.Basis = purpose.Legal{Basis: purpose.OtherLaw, Cites: "GB/T 35273-2020 §5.6"}
			}),
			purpose.ErrMissingCitation, `purpose "ops.logging"`, "cites a national or industry standard, which is not a law",
		},
		{
			"a_privacy_policy_is_not_a_law_PIPL_art13_1_7",
			edit("ops.logging", func(p *purpose.Purpose) {
				p.Basis = purpose.Legal{Basis: purpose.OtherLaw, Cites: "our Privacy Policy §3"}
			}),
			purpose.ErrMissingCitation, `purpose "ops.logging"`, "cites the service's own rules, which are not a law",
		},
		{
			"GBT_secure_operation_needs_the_cited_security_duty_CSL_art21",
			edit("ops.logging", func(p *purpose.Purpose) { p.Basis = purpose.Legal{Basis: purpose.GBTSecureOperation} }),
			purpose.ErrMissingCitation, `purpose "ops.logging"`, "cites",
		},
		{
			"share_needs_a_declared_recipient_PIPL_art23",
			edit("commerce.payment", func(p *purpose.Purpose) { p.Recipients = nil }),
			purpose.ErrUndeclaredRecipient, `purpose "commerce.payment"`, "operation share needs a declared recipient with role independent or affiliate or joint or authority (PIPL arts. 13(1)(3), 23)",
		},
		{
			"entrust_needs_an_entrusted_recipient_PIPL_art21",
			edit("service.voice_clone", func(p *purpose.Purpose) { p.Recipients[0].Role = purpose.Independent }),
			purpose.ErrUndeclaredRecipient, `purpose "service.voice_clone"`, "PIPL art. 21",
		},
		{
			"a_recipient_needs_an_operation_to_receive_through",
			edit("signup.login", func(p *purpose.Purpose) {
				p.Recipients = []purpose.Recipient{{Name: "Ad Partner", Role: purpose.Independent}}
			}),
			purpose.ErrUndeclaredRecipient, `purpose "signup.login"`, "does not declare share",
		},
		{
			"transfer_needs_a_successor_PIPL_art22",
			edit("signup.login", func(p *purpose.Purpose) { p.Operations = p.Operations.With(purpose.Transfer) }),
			purpose.ErrUndeclaredRecipient, `purpose "signup.login"`, "PIPL art. 22",
		},
		{
			"contract_item_of_GBT_cannot_justify_sharing_GBT_9_5",
			edit("commerce.payment", func(p *purpose.Purpose) { p.Basis = purpose.Legal{Basis: purpose.GBTContract} }),
			purpose.ErrOperationNotPermitted, `purpose "commerce.payment"`, `basis "gbt.contract" cannot justify share`,
		},
		{
			"succession_justifies_transfer_only_PIPL_art22",
			edit("commerce.payment", func(p *purpose.Purpose) { p.Basis = purpose.Legal{Basis: purpose.Succession} }),
			purpose.ErrOperationNotPermitted, `purpose "commerce.payment"`, "PIPL art. 22 covers transfer to a successor only",
		},
		{
			"overseas_recipient_needs_a_mechanism_PIPL_art38",
			edit("service.voice_clone", func(p *purpose.Purpose) {
				p.Operations = p.Operations.With(purpose.Export)
				p.Recipients = append(p.Recipients, purpose.Recipient{Name: "SG Cloud", Role: purpose.Entrusted, Country: "SG"})
			}),
			purpose.ErrCrossBorder, `purpose "service.voice_clone"`, "needs a cross-border mechanism",
		},
		{
			"overseas_recipient_needs_export_declared_PIPL_art39",
			edit("service.voice_clone", func(p *purpose.Purpose) {
				p.Recipients = append(p.Recipients, purpose.Recipient{Name: "SG Cloud", Role: purpose.Entrusted, Country: "SG", Mechanism: purpose.StandardContract})
			}),
			purpose.ErrCrossBorder, `purpose "service.voice_clone"`, "does not declare export",
		},
		{
			"export_needs_an_overseas_recipient_PIPL_art38",
			edit("service.voice_clone", func(p *purpose.Purpose) { p.Operations = p.Operations.With(purpose.Export) }),
			purpose.ErrCrossBorder, `purpose "service.voice_clone"`, "operation export needs an overseas recipient",
		},
		{
			"mechanism_without_country",
			edit("service.voice_clone", func(p *purpose.Purpose) { p.Recipients[0].Mechanism = purpose.StandardContract }),
			purpose.ErrCrossBorder, `purpose "service.voice_clone"`, "no country",
		},
		{
			"country_must_be_ISO_3166_alpha2",
			edit("service.voice_clone", func(p *purpose.Purpose) {
				p.Operations = p.Operations.With(purpose.Export)
				p.Recipients = append(p.Recipients, purpose.Recipient{Name: "SG Cloud", Role: purpose.Entrusted, Country: "Singapore", Mechanism: purpose.StandardContract})
			}),
			purpose.ErrInvalidValue, `purpose "service.voice_clone"`, "ISO 3166-1 alpha-2",
		},
		{
			"special_categories_need_an_art9_2_condition_GDPR_art9",
			func() purpose.Policy {
				p := voicePolicy()
				p.Regimes = []pii.Law{pii.PIPL, pii.GDPR}
				return p
			}(),
			purpose.ErrSpecialCategory, `purpose "service.voice_clone"`, "special under GDPR art. 9(1)",
		},
		{
			"art9_2_conditions_are_GDPR_only",
			edit("service.voice_clone", func(p *purpose.Purpose) { p.Basis.Special = purpose.ExplicitConsent }),
			purpose.ErrSpecialCategory, `purpose "service.voice_clone"`, "GDPR-only",
		},
		{
			"duplicate_purpose",
			func() purpose.Policy {
				p := voicePolicy()
				p.Purposes = append(p.Purposes, p.Purposes[0])
				return p
			}(),
			purpose.ErrDuplicatePurpose, `purpose "signup.login"`, "declared more than once",
		},
		{
			"version_numbers_start_at_1",
			edit("signup.login", func(p *purpose.Purpose) { p.Versions = []purpose.Version{{Number: -1}} }),
			purpose.ErrInvalidVersion, `purpose "signup.login"`, "version -1: version numbers start at 1",
		},
		{
			"versions_strictly_increase",
			edit("signup.login", func(p *purpose.Purpose) { p.Versions = []purpose.Version{{Number: 2}, {Number: 2}} }),
			purpose.ErrInvalidVersion, `purpose "signup.login"`, "strictly increasing",
		},
		{
			"a_purpose_has_a_version",
			edit("signup.login", func(p *purpose.Purpose) { p.Versions = nil }),
			purpose.ErrInvalidVersion, `purpose "signup.login"`, "at least version 1",
		},
		{
			"categories_must_be_declared_PIPL_art17",
			edit("signup.login", func(p *purpose.Purpose) { p.Required = pii.Set{} }),
			purpose.ErrMissingField, `purpose "signup.login"`, "declare the categories",
		},
		{
			"a_category_is_required_or_optional_not_both",
			edit("signup.login", func(p *purpose.Purpose) { p.Optional = p.Required }),
			purpose.ErrInvalidValue, `purpose "signup.login"`, "both required and optional",
		},
		{
			"operations_must_be_declared_PIPL_art6",
			edit("signup.login", func(p *purpose.Purpose) { p.Operations = 0 }),
			purpose.ErrMissingField, `purpose "signup.login"`, "declare the operations",
		},
		{
			"retention_must_be_stated_NDSMR_art21_3",
			edit("signup.login", func(p *purpose.Purpose) { p.Retention = "" }),
			purpose.ErrMissingField, `purpose "signup.login"`, "NDSMR art. 21(3)",
		},
		{
			"retention_reference_must_resolve",
			edit("signup.login", func(p *purpose.Purpose) { p.Retention = "forever" }),
			purpose.ErrUnknownRetention, `purpose "signup.login"`, `retention "forever" is not defined`,
		},
		{
			"retention_statement_needs_a_summary_NDSMR_art21_3",
			func() purpose.Policy { p := voicePolicy(); p.Retention[0].Summary = purpose.Text{}; return p }(),
			purpose.ErrMissingField, `retention "account"`, "NDSMR art. 21(3)",
		},
		{
			"retention_ids_are_unique",
			func() purpose.Policy { p := voicePolicy(); p.Retention = append(p.Retention, p.Retention[0]); return p }(),
			purpose.ErrInvalidValue, `retention "account"`, "defined twice",
		},
		{
			"retention_needs_an_id",
			func() purpose.Policy { p := voicePolicy(); p.Retention[0].ID = ""; return p }(),
			purpose.ErrMissingField, `retention[0]`, "needs an id",
		},
		{
			"a_purpose_needs_a_name_PIPL_art17",
			edit("signup.login", func(p *purpose.Purpose) { p.Name = purpose.Text{} }),
			purpose.ErrMissingField, `purpose "signup.login"`, "name",
		},
		{
			"purpose_ID_grammar",
			edit("signup.login", func(p *purpose.Purpose) { p.ID = "Sign Up" }),
			purpose.ErrInvalidID, `purpose "Sign Up"`, "must start with a lower-case letter",
		},
		{
			"a_purpose_needs_a_basis",
			edit("signup.login", func(p *purpose.Purpose) { p.Basis = purpose.Legal{} }),
			purpose.ErrMissingField, `purpose "signup.login"`, "declare a legal basis under PIPL",
		},
		{
			"basis_override_for_a_regime_not_served",
			edit("signup.login", func(p *purpose.Purpose) {
				p.BasisUnder = map[pii.Law]purpose.Legal{pii.GDPR: {Basis: purpose.Contract}}
			}),
			purpose.ErrInvalidValue, `purpose "signup.login"`, "which the policy does not serve",
		},
		{
			"recipient_needs_name_and_role",
			edit("commerce.payment", func(p *purpose.Purpose) {
				p.Recipients = append(p.Recipients, purpose.Recipient{})
			}),
			purpose.ErrMissingField, `purpose "commerce.payment"`, "needs a name",
		},
		{
			"recipient_names_are_unique",
			edit("commerce.payment", func(p *purpose.Purpose) { p.Recipients = append(p.Recipients, p.Recipients[0]) }),
			purpose.ErrInvalidValue, `purpose "commerce.payment"`, "listed twice",
		},
		{
			"regimes_must_be_declared",
			func() purpose.Policy { p := voicePolicy(); p.Regimes = nil; return p }(),
			purpose.ErrMissingField, "policy", "declare the regimes",
		},
		{
			"regimes_are_valid_and_unique",
			func() purpose.Policy { p := voicePolicy(); p.Regimes = []pii.Law{pii.PIPL, pii.PIPL, 9}; return p }(),
			purpose.ErrInvalidValue, "policy", "listed twice",
		},
		{
			"individuals_is_a_number_of_people_PIPL_art52",
			func() purpose.Policy { p := voicePolicy(); p.Individuals = -1; return p }(),
			purpose.ErrInvalidValue, "policy", "individuals -1: want the number of people",
		},
		{
			"a_policy_has_purposes",
			func() purpose.Policy { p := voicePolicy(); p.Purposes = nil; return p }(),
			purpose.ErrMissingField, "policy", "at least one purpose",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg, err := purpose.Compile(tt.policy)
			require.Error(t, err)
			assert.Nil(t, reg, "nothing is built when a policy has problems")
			assert.ErrorIs(t, err, purpose.ErrInvalidPolicy)
			assert.ErrorIs(t, err, tt.want)
			var ve *purpose.ValidationError
			require.True(t, errors.As(err, &ve))
			found := false
			for _, p := range ve.Problems {
				if p.Where == tt.where && errors.Is(p.Err, tt.want) && strings.Contains(p.String(), tt.msg) {
					found = true
				}
			}
			assert.True(t, found, "want a problem at %s wrapping %v saying %q; got:\n%v", tt.where, tt.want, tt.msg, err)
		})
	}
}

func TestCompileValidPolicy(t *testing.T) {
	p := voicePolicy()
	reg, err := purpose.Compile(p)
	require.NoError(t, err)
	require.Equal(t, 4, reg.Len())
	assert.True(t, reg.Serves(pii.PIPL))
	assert.False(t, reg.Serves(pii.GDPR))
	assert.False(t, reg.Serves(pii.Law(200)))
	assert.Equal(t, []pii.Law{pii.PIPL}, reg.Regimes())

	vc, ok := reg.Lookup("service.voice_clone")
	require.True(t, ok)
	assert.True(t, vc.Valid())
	assert.Equal(t, 1, vc.Index())
	assert.Same(t, reg, vc.Registry())
	assert.Equal(t, vc, reg.At(1))
	assert.Equal(t, "service.voice_clone@v3", vc.String())
	assert.Equal(t, "Voice cloning", vc.Name().In(purpose.EN))
	assert.Equal(t, "声音克隆", vc.Name().In(purpose.ZH))
	assert.False(t, vc.Core())
	assert.Equal(t, "biometric.voice_sample,biometric.voiceprint,content.text", vc.Categories().String())
	assert.Equal(t, "content.text", vc.Optional().String())
	assert.Equal(t, "biometric.voice_sample,biometric.voiceprint", vc.Required().String())
	assert.Equal(t, "biometric.voice_sample,biometric.voiceprint", vc.Sensitive(pii.PIPL).String())
	assert.Equal(t, vc.Categories(), vc.Sensitive(pii.GDPR), "a law the policy does not serve: everything sensitive (fail closed)")
	assert.True(t, vc.Declares(purpose.Entrust))
	assert.False(t, vc.Declares(purpose.Share))
	rc, ok := vc.Recipient("GPU Cloud")
	require.True(t, ok)
	assert.Equal(t, purpose.Entrusted, rc.Role)
	_, ok = vc.Recipient("Ad Partner")
	assert.False(t, ok)
	i, ok := vc.RecipientIndex("GPU Cloud")
	assert.True(t, ok)
	assert.Zero(t, i)
	_, ok = vc.RecipientIndex("Ad Partner")
	assert.False(t, ok)
	_, ok = purpose.Compiled{}.RecipientIndex("GPU Cloud")
	assert.False(t, ok)
	legal, ok := vc.Legal(pii.PIPL)
	require.True(t, ok)
	assert.Equal(t, purpose.Consent, legal.Basis)
	_, ok = vc.Legal(pii.GDPR)
	assert.False(t, ok)
	assert.Equal(t, "voice", vc.RetentionID())
	assert.Zero(t, vc.Traits())
	assert.Zero(t, purpose.Compiled{}.Traits())
	tr, err := purpose.ParseTrait("marketing")
	require.NoError(t, err)
	assert.True(t, (tr | purpose.AutomatedDecision).Has(purpose.Marketing|purpose.AutomatedDecision))
	assert.False(t, tr.Has(purpose.AutomatedDecision))
	rt, ok := reg.Retention("voice")
	require.True(t, ok)
	assert.Equal(t, "Until the voice model is deleted", rt.Summary.EN)
	_, ok = reg.Retention("nope")
	assert.False(t, ok)

	t.Run("material_version_makes_earlier_consents_stale_PIPL_art14_para2", func(t *testing.T) {
		assert.Equal(t, 3, vc.Version())
		assert.Equal(t, 2, vc.MinConsentVersion())
		assert.False(t, vc.ConsentCurrent(1), "v1 consent predates the material v2")
		assert.True(t, vc.ConsentCurrent(2))
		assert.True(t, vc.ConsentCurrent(3), "v3 changed wording only")
		assert.False(t, vc.ConsentCurrent(4), "a version that does not exist")
	})

	t.Run("registry_is_a_copy_of_the_policy", func(t *testing.T) {
		p.Purposes[1].Recipients[0].Name = "changed"
		p.Purposes[1].Versions[0].Number = 99
		rc, ok := vc.Recipient("GPU Cloud")
		assert.True(t, ok)
		assert.Equal(t, purpose.Entrusted, rc.Role)
		decl := vc.Declaration()
		decl.Recipients[0].Name = "changed again"
		_, ok = vc.Recipient("GPU Cloud")
		assert.True(t, ok)
		got := vc.Recipients()
		got[0].Name = "x"
		_, ok = vc.Recipient("GPU Cloud")
		assert.True(t, ok)
		pol := reg.Policy()
		pol.Purposes[0].ID = "x"
		_, ok = reg.Lookup("signup.login")
		assert.True(t, ok)
	})

	_, ok = reg.Lookup("ads.targeted")
	assert.False(t, ok)
	var nilReg *purpose.Registry
	_, ok = nilReg.Lookup("signup.login")
	assert.False(t, ok)
	assert.Zero(t, nilReg.Len())
	assert.False(t, nilReg.Serves(pii.PIPL))
}

func TestCompiledZeroValue(t *testing.T) {
	var c purpose.Compiled
	assert.False(t, c.Valid())
	assert.Equal(t, purpose.ID(""), c.ID())
	assert.True(t, c.Name().IsZero())
	assert.False(t, c.Core())
	assert.Zero(t, c.Version())
	assert.Zero(t, c.MinConsentVersion())
	assert.False(t, c.ConsentCurrent(0))
	assert.True(t, c.Categories().IsEmpty())
	assert.True(t, c.Required().IsEmpty())
	assert.True(t, c.Optional().IsEmpty())
	assert.True(t, c.Sensitive(pii.PIPL).IsEmpty())
	assert.Zero(t, c.Operations())
	assert.False(t, c.Declares(purpose.Collect))
	_, ok := c.Recipient("x")
	assert.False(t, ok)
	assert.Nil(t, c.Recipients())
	_, ok = c.Legal(pii.PIPL)
	assert.False(t, ok)
	assert.Equal(t, "", c.RetentionID())
	assert.Equal(t, purpose.ID(""), c.Declaration().ID)
	assert.Equal(t, "purpose.Compiled{}", c.String())
}

func TestDualRegimeBasisOverride(t *testing.T) {
	p := voicePolicy()
	p.Regimes = []pii.Law{pii.PIPL, pii.GDPR}
	p.Purposes[1].BasisUnder = map[pii.Law]purpose.Legal{pii.GDPR: {Basis: purpose.Consent, Special: purpose.ExplicitConsent}}
	p.Purposes[3].BasisUnder = map[pii.Law]purpose.Legal{pii.GDPR: {Basis: purpose.LegitimateInterests}}
	reg, err := purpose.Compile(p)
	require.NoError(t, err)
	pay, _ := reg.Lookup("commerce.payment")
	l, _ := pay.Legal(pii.GDPR)
	assert.Equal(t, purpose.LegitimateInterests, l.Basis, "GDPR art. 6(1)(f) where the policy says so")
	l, _ = pay.Legal(pii.PIPL)
	assert.Equal(t, purpose.Contract, l.Basis)
	vc, _ := reg.Lookup("service.voice_clone")
	l, _ = vc.Legal(pii.GDPR)
	assert.Equal(t, purpose.ExplicitConsent, l.Special)
}

func TestMustCompile(t *testing.T) {
	assert.NotPanics(t, func() { purpose.MustCompile(voicePolicy()) })
	assert.Panics(t, func() { purpose.MustCompile(purpose.Policy{}) })
}

func TestIDAndText(t *testing.T) {
	assert.NoError(t, purpose.ID("service.voice_clone").Validate())
	assert.NoError(t, purpose.ID("voice-clone").Validate())
	for _, bad := range []purpose.ID{"", "1abc", "A", "a b", "a/b", purpose.ID(string(make([]byte, 65)))} {
		assert.ErrorIs(t, bad.Validate(), purpose.ErrInvalidID, string(bad))
	}
	assert.Equal(t, "en", purpose.Text{EN: "en"}.In(purpose.ZH), "falls back to English")
	assert.Equal(t, "zh", purpose.Text{ZH: "zh"}.In(purpose.EN), "falls back to Chinese")
	assert.True(t, purpose.Recipient{Country: "SG"}.Overseas())
}
