package purpose_test

import (
	"errors"
	"testing"

	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cleanPolicy is voicePolicy with what Lint asks beyond Compile: a stated
// volume under the officer threshold and children's rules.
func cleanPolicy() purpose.Policy {
	p := voicePolicy()
	p.Individuals = 5000
	p.ChildrensRules = "https://voicelab.example/children"
	return p
}

// lintEdit returns cleanPolicy changed by f.
func lintEdit(f func(p *purpose.Policy)) purpose.Policy {
	p := cleanPolicy()
	f(&p)
	return p
}

// onPurpose returns cleanPolicy with purpose id changed by f.
func onPurpose(id purpose.ID, f func(*purpose.Purpose)) purpose.Policy {
	return lintEdit(func(p *purpose.Policy) {
		for i := range p.Purposes {
			if p.Purposes[i].ID == id {
				f(&p.Purposes[i])
			}
		}
	})
}

// underGDPR makes p serve regimes, giving the voice clone (biometrics) an
// art. 9(2) condition and the logs legitimate interests under GDPR, where
// no EU law imposes the Cybersecurity Law's log duty.
func underGDPR(p purpose.Policy, regimes ...pii.Law) purpose.Policy {
	p.Regimes = regimes
	for i := range p.Purposes {
		switch p.Purposes[i].ID {
		case "service.voice_clone":
			p.Purposes[i].BasisUnder = map[pii.Law]purpose.Legal{pii.GDPR: {Basis: purpose.Consent, Special: purpose.ExplicitConsent}}
		case "ops.logging":
			p.Purposes[i].BasisUnder = map[pii.Law]purpose.Legal{pii.GDPR: {Basis: purpose.LegitimateInterests}}
		}
	}
	return p
}

func abroad(m purpose.Mechanism) func(*purpose.Purpose) {
	return func(p *purpose.Purpose) {
		p.Operations = p.Operations.With(purpose.Export)
		p.Recipients = append(p.Recipients, purpose.Recipient{Name: "EU Cloud", Role: purpose.Entrusted, Country: "DE", Mechanism: m})
	}
}

func TestLintCleanPolicyHasNoFindings(t *testing.T) {
	assert.Empty(t, purpose.Lint(cleanPolicy(), purpose.LintOptions{}))
}

func TestLint(t *testing.T) {
	tests := []struct {
		name     string
		policy   purpose.Policy
		opts     purpose.LintOptions
		rule     string // the finding wanted; "" for none but compile's
		severity purpose.Severity
		where    string
		err      error
		says     string
	}{
		{"open_ended_retention_is_flagged_PIPL_art19", lintEdit(func(p *purpose.Policy) {
			p.Retention[0].Summary = purpose.Text{EN: "Only as long as necessary for the purposes of this policy"}
		}), purpose.LintOptions{}, "retention.open_ended", purpose.SeverityWarning, `retention "account"`, purpose.ErrOpenEndedRetention, "(PIPL art. 19; NDSMR art. 21(3))"},
		{"open_ended_retention_in_Chinese_is_flagged_NDSMR_art21_3", lintEdit(func(p *purpose.Policy) {
			p.Retention[0].Summary = purpose.Text{ZH: "我们仅在实现本政策所述目的所必需的最短时间内保留您的个人信息"}
		}), purpose.LintOptions{}, "retention.open_ended", purpose.SeverityWarning, `retention "account"`, purpose.ErrOpenEndedRetention, "gives no period"},
		{"retention_ending_only_with_the_purpose_is_open_ended_PIPL_art19", lintEdit(func(p *purpose.Policy) {
			p.Retention[0].Summary = purpose.Text{EN: "For the period necessary"}
			p.Retention[0].Rule = []byte(`{"ends_on":["purpose_achieved"]}`)
		}), purpose.LintOptions{}, "retention.open_ended", purpose.SeverityWarning, `retention "account"`, purpose.ErrOpenEndedRetention, ""},
		{"open_ended_retention_in_Chinese_with_qijian_is_flagged_NDSMR_art21_3", lintEdit(func(p *purpose.Policy) {
			p.Retention[0].Summary = purpose.Text{ZH: "我们仅在为提供本平台及服务之目的所必需的期间内保留您的个人信息"}
		}), purpose.LintOptions{}, "retention.open_ended", purpose.SeverityWarning, `retention "account"`, purpose.ErrOpenEndedRetention, ""},
		{"a_rule_package_retention_cannot_read_determines_nothing_NDSMR_art21_3", lintEdit(func(p *purpose.Policy) {
			p.Retention[0].Summary = purpose.Text{EN: "Kept only as long as the purposes of this policy need"}
			p.Retention[0].Rule = []byte(`{"trigger":"purpose_achieved"}`)
		}), purpose.LintOptions{}, "retention.open_ended", purpose.SeverityWarning, `retention "account"`, purpose.ErrOpenEndedRetention, ""},
		{"a_stated_period_is_not_open_ended_PIPL_art19", lintEdit(func(p *purpose.Policy) {
			p.Retention[0].Summary = purpose.Text{EN: "As long as necessary, and at most three years"}
		}), purpose.LintOptions{}, "", 0, "", nil, ""},
		{"a_rule_ending_on_events_determines_the_period_NDSMR_art21_3", lintEdit(func(p *purpose.Policy) {
			p.Retention[0].Summary = purpose.Text{EN: "As long as necessary"}
			p.Retention[0].Rule = []byte(`{"ends_on":["account_closed","consent_withdrawn"]}`)
		}), purpose.LintOptions{}, "", 0, "", nil, ""},
		{"a_rule_with_a_period_determines_it_NDSMR_art21_3", lintEdit(func(p *purpose.Policy) {
			p.Retention[0].Summary = purpose.Text{EN: "As long as necessary"}
			p.Retention[0].Rule = []byte(`{"keep":"P3Y"}`)
		}), purpose.LintOptions{}, "", 0, "", nil, ""},
		{"no_controller_contact_is_flagged_PIPL_art17_1_1", lintEdit(func(p *purpose.Policy) { p.Controller.Contact = "" }),
			purpose.LintOptions{}, "controller.contact", purpose.SeverityError, "policy", purpose.ErrNoControllerContact, "(PIPL art. 17(1)(1))"},
		{"a_placeholder_is_no_contact_PIPL_art17_1_1", lintEdit(func(p *purpose.Policy) { p.Controller.Contact = "[ ]" }),
			purpose.LintOptions{}, "controller.contact", purpose.SeverityError, "policy", purpose.ErrNoControllerContact, "no controller contact"},
		{"no_controller_name_is_flagged_GDPR_art13_1_a", underGDPR(lintEdit(func(p *purpose.Policy) { p.Controller.Name = purpose.Text{} }), pii.PIPL, pii.GDPR),
			purpose.LintOptions{}, "controller.contact", purpose.SeverityError, "policy", purpose.ErrNoControllerContact, "PIPL art. 17(1)(1); GDPR art. 13(1)(a)"},
		{"GDPR_adequacy_in_a_PIPL_only_policy_is_flagged_PIPL_art38", onPurpose("service.voice_clone", abroad(purpose.Adequacy)),
			purpose.LintOptions{}, "export.mechanism_regime", purpose.SeverityError, `purpose "service.voice_clone"`, purpose.ErrMechanismRegime, "adequacy (GDPR art. 45) is a GDPR mechanism, and the policy does not serve GDPR; under PIPL use security_assessment"},
		{"a_PIPL_standard_contract_in_a_GDPR_only_policy_is_flagged_GDPR_art44", underGDPR(onPurpose("service.voice_clone", abroad(purpose.StandardContract)), pii.GDPR),
			purpose.LintOptions{}, "export.mechanism_regime", purpose.SeverityError, `purpose "service.voice_clone"`, purpose.ErrMechanismRegime, "under GDPR use adequacy"},
		{"a_mechanism_of_one_of_two_regimes_is_a_warning_GDPR_art44", underGDPR(onPurpose("service.voice_clone", abroad(purpose.StandardContract)), pii.PIPL, pii.GDPR),
			purpose.LintOptions{}, "export.mechanism_regime", purpose.SeverityWarning, `purpose "service.voice_clone"`, purpose.ErrMechanismRegime, "covers the transfer under PIPL only"},
		{"a_PIPL_mechanism_in_a_PIPL_policy_passes_PIPL_art38", onPurpose("service.voice_clone", abroad(purpose.StandardContract)),
			purpose.LintOptions{}, "", 0, "", nil, ""},
		{"criminal_offence_data_on_legitimate_interests_is_flagged_GDPR_art10", func() purpose.Policy {
			p := underGDPR(cleanPolicy(), pii.PIPL, pii.GDPR)
			p.Purposes[0].Required = p.Purposes[0].Required.Union(pii.MustParseSet("private.criminal_record"))
			p.Purposes[0].BasisUnder = map[pii.Law]purpose.Legal{pii.GDPR: {Basis: purpose.LegitimateInterests}}
			return p
		}(), purpose.LintOptions{}, "gdpr.criminal_offence_data", purpose.SeverityError, `purpose "signup.login"`, purpose.ErrCriminalOffenceData, "GDPR art. 10"},
		{"criminal_offence_data_on_consent_is_refused_by_Compile_GDPR_art10", func() purpose.Policy {
			p := underGDPR(cleanPolicy(), pii.PIPL, pii.GDPR)
			p.Purposes[0].Required = p.Purposes[0].Required.Union(pii.MustParseSet("private.criminal_record"))
			p.Purposes[0].BasisUnder = map[pii.Law]purpose.Legal{pii.GDPR: {Basis: purpose.Consent, Special: purpose.ExplicitConsent}}
			return p
		}(), purpose.LintOptions{}, "compile", purpose.SeverityError, `purpose "signup.login"`, purpose.ErrCriminalOffenceData, "never on consent"},
		{"no_officer_above_the_CAC_threshold_is_flagged_PIPL_art52", lintEdit(func(p *purpose.Policy) { p.Individuals = 1_000_000 }),
			purpose.LintOptions{}, "officer.missing", purpose.SeverityError, "policy", purpose.ErrNoOfficer, "at least the 1000000"},
		{"the_officer_threshold_is_configurable_PIPL_art52", lintEdit(func(p *purpose.Policy) { p.Individuals = 5000 }),
			purpose.LintOptions{OfficerThreshold: 5000}, "officer.missing", purpose.SeverityError, "policy", purpose.ErrNoOfficer, "(PIPL art. 52)"},
		{"an_officer_contact_satisfies_PIPL_art52", lintEdit(func(p *purpose.Policy) {
			p.Individuals = 3_000_000
			p.Officer = purpose.Officer{Name: purpose.Text{EN: "Li Lei"}, Contact: "dpo@voicelab.example"}
		}), purpose.LintOptions{}, "", 0, "", nil, ""},
		{"an_unstated_volume_leaves_PIPL_art52_unchecked", lintEdit(func(p *purpose.Policy) { p.Individuals = 0 }),
			purpose.LintOptions{}, "officer.volume_unknown", purpose.SeverityInfo, "policy", purpose.ErrNoOfficer, "not checked"},
		{"children_without_childrens_rules_are_flagged_PIPL_art31_CPIP_art8", lintEdit(func(p *purpose.Policy) { p.ChildrensRules = "" }),
			purpose.LintOptions{}, "children.rules", purpose.SeverityWarning, "policy", purpose.ErrNoChildrensRules, "(PIPL art. 31 para 2; CPIP art. 8)"},
		{"an_adults_only_service_needs_no_childrens_rules_PIPL_art31", lintEdit(func(p *purpose.Policy) {
			p.ChildrensRules = ""
			for i := range p.Purposes {
				p.Purposes[i].Traits |= purpose.AdultsOnly
			}
		}), purpose.LintOptions{}, "", 0, "", nil, ""},
		{"legal_duties_of_an_adults_only_service_need_no_childrens_rules_PIPL_art31", lintEdit(func(p *purpose.Policy) {
			p.ChildrensRules = ""
			for i := range p.Purposes {
				if p.Purposes[i].ID != "ops.logging" {
					p.Purposes[i].Traits |= purpose.AdultsOnly
				}
			}
		}), purpose.LintOptions{}, "", 0, "", nil, ""},
		{"an_unknown_instrument_is_flagged_not_passed", onPurpose("ops.logging", func(d *purpose.Purpose) { d.Basis.Cites = "Made Up Law art. 99" }),
			purpose.LintOptions{}, "citation.unknown_instrument", purpose.SeverityWarning, `purpose "ops.logging"`, purpose.ErrUnknownInstrument, `"Made Up Law art. 99" names no instrument the library knows`},
		{"a_law_without_an_article_is_weak_not_missing_PIPL_art13_1_3", onPurpose("ops.logging", func(d *purpose.Purpose) { d.Basis.Cites = "《网络安全法》" }),
			purpose.LintOptions{}, "citation.no_article", purpose.SeverityWarning, `purpose "ops.logging"`, purpose.ErrWeakCitation, `names Cybersecurity Law but no article: cite the provision it rests on, e.g. "CSL art. N"`},
		{"a_duty_on_a_departmental_rule_alone_is_weak_PIPL_art13_1_3", onPurpose("ops.logging", func(d *purpose.Purpose) { d.Basis.Cites = "CPIP art. 9" }),
			purpose.LintOptions{}, "citation.departmental_rule", purpose.SeverityWarning, `purpose "ops.logging"`, purpose.ErrWeakCitation, "a departmental rule"},
		{"a_PIPL_duty_on_EU_law_is_foreign_PIPL_art13_1_3", onPurpose("ops.logging", func(d *purpose.Purpose) { d.Basis.Cites = "GDPR art. 6(1)(c)" }),
			purpose.LintOptions{}, "citation.foreign_law", purpose.SeverityWarning, `purpose "ops.logging"`, purpose.ErrWeakCitation, "under PIPL the duty rests on its own law"},
		{"a_known_law_with_its_article_passes_CSL_art21", onPurpose("ops.logging", func(d *purpose.Purpose) { d.Basis.Cites = "CSL 21(3)" }),
			purpose.LintOptions{}, "", 0, "", nil, ""},
		{"lint_lists_what_Compile_refuses", onPurpose("ops.logging", func(d *purpose.Purpose) { d.Basis.Cites = "法律法规" }),
			purpose.LintOptions{}, "compile", purpose.SeverityError, `purpose "ops.logging"`, purpose.ErrMissingCitation, "names no particular law"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := purpose.Lint(tt.policy, tt.opts)
			if tt.rule == "" {
				assert.Empty(t, fs)
				return
			}
			require.Len(t, fs, 1, "%v", fs.Err())
			f := fs[0]
			assert.Equal(t, tt.rule, f.Rule)
			assert.Equal(t, tt.severity, f.Severity)
			assert.Equal(t, tt.where, f.Where)
			assert.ErrorIs(t, f.Err, tt.err)
			assert.Contains(t, f.Err.Error(), tt.says)
			if tt.rule != "compile" {
				assert.NotEmpty(t, f.Cites, "every lint rule names its article")
				_, err := purpose.Compile(tt.policy)
				assert.NoError(t, err, "lint findings do not stop a policy from loading")
			}
		})
	}
}

func TestFindings(t *testing.T) {
	p := lintEdit(func(p *purpose.Policy) {
		p.Controller.Contact = ""
		p.ChildrensRules = ""
		p.Individuals = 0
	})
	fs := purpose.Lint(p, purpose.LintOptions{})
	require.Len(t, fs, 3)
	assert.Equal(t, purpose.SeverityError, fs.Max())
	assert.Len(t, fs.AtLeast(purpose.SeverityWarning), 2)
	assert.Len(t, fs.AtLeast(purpose.SeverityError), 1)
	assert.NoError(t, purpose.Findings(nil).Err())
	assert.Equal(t, purpose.SeverityUnknown, purpose.Findings(nil).Max())

	err := fs.Err()
	assert.ErrorIs(t, err, purpose.ErrLintFindings)
	assert.ErrorIs(t, err, purpose.ErrNoControllerContact)
	assert.ErrorIs(t, err, purpose.ErrNoChildrensRules)
	assert.ErrorIs(t, err, purpose.ErrNoOfficer)
	le, ok := errors.AsType[*purpose.LintError](err)
	require.True(t, ok)
	assert.Len(t, le.Findings, 3)
	assert.Contains(t, err.Error(), "error [controller.contact] policy: controller.contact: the policy gives no controller contact")
	assert.Equal(t, "warning", purpose.SeverityWarning.String())
	assert.Equal(t, "Severity(9)", purpose.Severity(9).String())
}

// Lint lists at most MaxProblems findings, however many a policy has.
func TestLintIsBounded(t *testing.T) {
	p := cleanPolicy()
	for i := range 300 {
		p.Retention = append(p.Retention, purpose.Retention{ID: "r" + string(rune('a'+i%26)) + string(rune('a'+i/26)), Summary: purpose.Text{EN: "as long as necessary"}})
	}
	fs := purpose.Lint(p, purpose.LintOptions{})
	assert.Len(t, fs, purpose.MaxProblems)
	assert.NotPanics(t, func() {
		purpose.Lint(purpose.Policy{Regimes: []pii.Law{9, pii.PIPL, pii.PIPL}}, purpose.LintOptions{OfficerThreshold: -1})
	})
}
