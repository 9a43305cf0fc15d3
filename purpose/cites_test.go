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

// withCites is voicePolicy with ops.logging on basis b citing cites, under
// the regimes given (PIPL when none).
func withCites(b purpose.Basis, cites string, regimes ...pii.Law) purpose.Policy {
	p := edit("ops.logging", func(p *purpose.Purpose) { p.Basis = purpose.Legal{Basis: b, Cites: cites} })
	if len(regimes) > 0 {
		p.Regimes = regimes
		for i := range p.Purposes {
			if p.Purposes[i].ID == "service.voice_clone" { // biometrics: GDPR art. 9(2)(a)
				p.Purposes[i].BasisUnder = map[pii.Law]purpose.Legal{pii.GDPR: {Basis: purpose.Consent, Special: purpose.ExplicitConsent}}
			}
		}
	}
	return p
}

// citesProblems returns the problems of Compile(p) at ops.logging's cites.
func citesProblems(t *testing.T, p purpose.Policy) []purpose.Problem {
	t.Helper()
	_, err := purpose.Compile(p)
	if err == nil {
		return nil
	}
	ve, ok := errors.AsType[*purpose.ValidationError](err)
	require.True(t, ok, "%v", err)
	var out []purpose.Problem
	for _, pr := range ve.Problems {
		require.Equal(t, `purpose "ops.logging"`, pr.Where, "%v", err)
		out = append(out, pr)
	}
	return out
}

func TestCompileCitations(t *testing.T) {
	const duty, other = purpose.LegalDuty, purpose.OtherLaw
	tests := []struct {
		name  string
		basis purpose.Basis
		cites string
		says  string // "" when the citation is enough
	}{
		{"a_law_by_abbreviation_and_article_is_a_citation_PIPL_art13_1_3", duty, "PIPL 57", ""},
		{"a_law_by_abbreviation_is_a_citation_CSL_art21", duty, "CSL 21(3)", ""},
		{"an_administrative_regulation_is_a_citation_NDSMR_art35_4", other, "NDSMR 35(4)", ""},
		{"a_law_in_Chinese_is_a_citation_CSL_art21", duty, "《网络安全法》第二十一条", ""},
		{"a_law_with_its_full_Chinese_title_is_a_citation_CSL_art21", duty, "《中华人民共和国网络安全法》第21条", ""},
		{"a_law_with_a_comma_before_the_article_is_a_citation", duty, "Cybersecurity Law, Article 24", ""},
		{"two_laws_are_a_citation_CSL_art28_CPL_art54", duty, "Criminal Procedure Law art. 54; Cybersecurity Law art. 28", ""},
		{"a_law_named_without_article_is_not_a_missing_citation_PIPL_art13_1_3", duty, "《网络安全法》", ""},
		{"a_real_law_beside_a_standard_is_still_a_citation_PIPL_art13_1_3", duty, "Cybersecurity Law art. 21; GB/T 35273-2020", ""},
		{"a_law_in_free_text_is_a_citation", duty, "根据《网络安全法》第二十一条的规定留存日志", ""},
		{"an_unknown_instrument_loads_and_is_left_to_Lint", duty, "Made Up Law art. 99", ""},
		{"a_departmental_rule_may_impose_a_duty_PIPL_art13_1_3", duty, "CPIP art. 9", ""},
		{"a_provision_the_law_lacks_is_refused_PIPL_has_74_articles", duty, "PIPL art. 99", "PIPL has 74 articles; there is no art. 99"},
		{"a_lettered_point_is_not_a_PRC_item", duty, "PIPL art. 13(1)(c)", "not lettered points"},
		{"a_departmental_rule_is_not_a_law_or_administrative_regulation_PIPL_art13_1_7", other, "CPIP art. 9", "a departmental rule, which is neither a law nor an administrative regulation"},
		{"a_normative_document_is_not_a_law_PIPL_art13_1_7", other, "Necessary PI Scope Provisions art. 3", "cites a normative document"},
		{"a_national_standard_is_not_a_law_PIPL_art13_1_7", other, "GB/T 35273-2020 §5.6", "cites a national or industry standard, which is not a law"},
		{"a_standard_by_its_title_is_not_a_law_PIPL_art13_1_7", other, "《信息安全技术 个人信息安全规范》", "national or industry standard"},
		{"national_standards_in_general_are_not_a_law", other, "国家标准", "national or industry standard"},
		{"laws_and_regulations_name_no_law_PIPL_art13_1_3", duty, "法律法规", "names no particular law"},
		{"relevant_laws_name_no_law", duty, "国家相关法律法规规定", "names no particular law"},
		{"applicable_laws_name_no_law", duty, "applicable laws and regulations", "names no particular law"},
		{"n/a_names_no_law", duty, "n/a", "names no particular law"},
		{"a_privacy_policy_is_not_a_law_PIPL_art13_1_7", other, "our Privacy Policy art. 3", "the service's own rules"},
		{"a_platform_rule_is_not_a_law_PIPL_art13_1_7", other, "平台规则第3条", "the service's own rules"},
		{"text_without_an_article_is_not_a_citation", duty, "the law on logs", "names no article"},
		{"cites_are_bounded", duty, strings.Repeat("CSL art. 21; ", 100), "name the provisions in at most 1024"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := citesProblems(t, withCites(tt.basis, tt.cites))
			if tt.says == "" {
				assert.Empty(t, ps)
				return
			}
			require.Len(t, ps, 1)
			assert.Equal(t, "basis.cites", ps[0].Field)
			assert.ErrorIs(t, ps[0].Err, purpose.ErrMissingCitation)
			assert.Contains(t, ps[0].Err.Error(), tt.says)
		})
	}
}

// A ground is described by its own text, never by another's: 13(1)(3) is
// a statutory duty, 13(1)(7) other circumstances laws and administrative
// regulations provide for.
func TestCitationProblemsDescribeTheirOwnGround(t *testing.T) {
	tests := []struct {
		name       string
		basis      purpose.Basis
		cites      string
		says, not  string
		regimes    []pii.Law
		field      string
		wantFields int
	}{
		{"legal_duty_is_a_statutory_duty_PIPL_art13_1_3", purpose.LegalDuty, "法律法规",
			"(PIPL art. 13(1)(3): necessary to fulfil a statutory duty or obligation)", "13(1)(7)", nil, "basis.cites", 1},
		{"a_GBT_legal_item_is_a_statutory_duty_PIPL_art13_1_3", purpose.GBTLegalObligation, "法律法规",
			"(PIPL art. 13(1)(3): necessary to fulfil a statutory duty or obligation)", "13(1)(7)", nil, "basis.cites", 1},
		{"other_law_is_other_circumstances_of_law_PIPL_art13_1_7", purpose.OtherLaw, "法律法规",
			"(PIPL art. 13(1)(7): other circumstances provided by laws and administrative regulations)", "13(1)(3)", nil, "basis.cites", 1},
		{"a_missing_duty_citation_names_the_duty_PIPL_art13_1_3", purpose.LegalDuty, "",
			"needs the law or administrative regulation that imposes the duty", "13(1)(7)", nil, "basis.cites", 1},
		{"a_GDPR_legal_obligation_rests_on_Union_or_Member_State_law_GDPR_art6_3", purpose.LegalDuty, "",
			"needs the Union or Member State law it rests on in cites (GDPR art. 6(1)(c)", "PIPL", []pii.Law{pii.GDPR}, "basis.cites", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := citesProblems(t, withCites(tt.basis, tt.cites, tt.regimes...))
			require.Len(t, ps, tt.wantFields)
			assert.Equal(t, tt.field, ps[0].Field)
			assert.Contains(t, ps[0].Err.Error(), tt.says)
			assert.NotContains(t, ps[0].Err.Error(), tt.not)
		})
	}
}

func TestGDPRDutiesCiteMemberStateLaw_GDPR_art6_3(t *testing.T) {
	for _, cites := range []string{"§ 257 HGB", "HGB § 257", "Art. 6(1)(c) GDPR; § 147 AO", "GDPR art. 6(1)(c), 6(3): the Member State law imposing the order"} {
		t.Run(cites, func(t *testing.T) {
			assert.Empty(t, citesProblems(t, withCites(purpose.LegalDuty, cites, pii.GDPR)), "HGB is the German commercial code, not a GB standard")
		})
	}
}

// A GB/T 35273 item used to share without consent is one problem: the
// item is no PIPL ground without a cited law, and sharing on it is not
// also reported as lacking a recipient (PIPL art. 13).
func TestGBTSharingItemIsOneProblem_PIPL_art13(t *testing.T) {
	share := func(b purpose.Legal) purpose.Policy {
		return edit("commerce.payment", func(p *purpose.Purpose) { p.Basis, p.Recipients = b, nil })
	}
	tests := []struct {
		name   string
		policy purpose.Policy
		fields []string
	}{
		{"GBT_item_without_a_law_is_one_problem_GBT_9_5", share(purpose.Legal{Basis: purpose.GBTNationalSecurity, Cites: "法律法规"}), []string{"basis.cites"}},
		{"GBT_item_citing_nothing_is_one_problem_GBT_9_5", share(purpose.Legal{Basis: purpose.GBTCriminalJustice}), []string{"basis.cites"}},
		{"GBT_item_that_is_a_ground_still_needs_its_recipient_PIPL_art23", share(purpose.Legal{Basis: purpose.GBTSelfPublished}), []string{"recipients"}},
		{"a_statutory_duty_without_a_law_or_recipient_is_two_problems_PIPL_arts13_23", share(purpose.Legal{Basis: purpose.LegalDuty, Cites: "法律法规"}), []string{"recipients", "basis.cites"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := purpose.Compile(tt.policy)
			ve, ok := errors.AsType[*purpose.ValidationError](err)
			require.True(t, ok, "%v", err)
			var fields []string
			for _, p := range ve.Problems {
				fields = append(fields, p.Field)
			}
			assert.Equal(t, tt.fields, fields, "%v", err)
		})
	}
}

// Data on criminal convictions and offences rests only on official
// authority or a law authorising it, never on consent (GDPR art. 10); it
// needs no art. 9(2) condition, which lifts art. 9, not art. 10.
func TestCriminalOffenceData_GDPR_art10(t *testing.T) {
	records := func(l purpose.Legal) purpose.Policy {
		p := edit("signup.login", func(p *purpose.Purpose) {
			p.Required = p.Required.Union(pii.MustParseSet("private.criminal_record"))
			p.BasisUnder = map[pii.Law]purpose.Legal{pii.GDPR: l}
		})
		p.Regimes = []pii.Law{pii.PIPL, pii.GDPR}
		for i := range p.Purposes {
			if p.Purposes[i].ID == "service.voice_clone" {
				p.Purposes[i].BasisUnder = map[pii.Law]purpose.Legal{pii.GDPR: {Basis: purpose.Consent, Special: purpose.ExplicitConsent}}
			}
		}
		return p
	}
	tests := []struct {
		name  string
		legal purpose.Legal
		want  error
	}{
		{"consent_is_not_enough_GDPR_art10", purpose.Legal{Basis: purpose.Consent}, purpose.ErrCriminalOffenceData},
		{"explicit_consent_is_not_enough_either_GDPR_art10", purpose.Legal{Basis: purpose.Consent, Special: purpose.ExplicitConsent}, purpose.ErrCriminalOffenceData},
		{"a_law_authorising_it_is_GDPR_art10", purpose.Legal{Basis: purpose.LegalDuty, Cites: "§ 30 BZRG"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := purpose.Compile(records(tt.legal))
			if tt.want == nil {
				assert.NoError(t, err)
				return
			}
			assert.ErrorIs(t, err, tt.want)
			assert.ErrorContains(t, err, `purpose "signup.login": bases.gdpr: categories private.criminal_record are data on criminal convictions and offences`)
		})
	}
}
