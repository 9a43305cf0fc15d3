package seeds_test

import (
	"testing"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/examples/policies"
	"github.com/lawfulgo/lawful/lawfultest"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/rights"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// This file tests seed 003 (Clipo, 特赞), whose policy is
// ../policies/clipo.json; examples/policies tests the policy clause by
// clause, and 003-clipo/scenarios.json runs the Guard on it.

// openClipo compiles ../policies/clipo.json.
func openClipo(t *testing.T) *purpose.Registry {
	t.Helper()
	reg, err := policies.Open("clipo.json")
	require.NoError(t, err)
	return reg
}

// TestSeed003RightsDeadlines wires §六.4 and §九.4 into the rights engine
// (seeds.Rights): the seed promises only "法律规定的期限", and PIPL arts.
// 45-50 say only "timely", so the term is the library's default, 15
// working days after verification, and its citation says so.
func TestSeed003RightsDeadlines(t *testing.T) {
	checkDeadlines(t, "003-clipo", pii.PIPL, openClipo(t), []deadlineRow{
		{name: "legal_time_limit_has_no_number_so_the_default_15_working_days_after_verification_seed_003_§六.4_§九.4_PIPL_art50",
			kind: rights.Delete, received: "2026-09-21T09:00:00+08:00", verified: "2026-09-22T15:00:00+08:00", due: "2026-10-19", cites: "no law sets a number"},
		{name: "deregistration_by_email_waits_for_verification_seed_003_§六.3_NDSMR_art24",
			kind: rights.Deregister, received: "2026-09-21T09:00:00+08:00", cites: "003 §六.4, §九.4"},
	})
}

// TestSeed003Guard shows §二's recommendations as the automated decisions
// they are (PIPL art. 73(2)): only personalize.recommend has the trait, an
// allowed decision leaves the caller a non-personalised option to offer
// and an impact assessment (PIPL arts. 24 para 2, 55), and as it is not
// marketing, a minor with the written guardian consent of §七.1 may have
// it (MOR art. 24 para 3 bars only automated commercial marketing).
func TestSeed003Guard(t *testing.T) {
	reg := openClipo(t)
	t.Run("recommendation_is_the_only_automated_decision_PIPL_arts24_73_2_seed_003_§二", func(t *testing.T) {
		var automated []purpose.ID
		for _, c := range reg.Purposes() {
			if c.Traits().Has(purpose.AutomatedDecision) {
				automated = append(automated, c.ID())
			}
		}
		assert.Equal(t, []purpose.ID{"personalize.recommend"}, automated)
		assert.False(t, lookup(t, reg, "personalize.recommend").Traits().Has(purpose.Marketing), "recommending content is not marketing")
	})

	regime := lawful.PIPL()
	regime.Ages.GuardianAge, regime.GuardianForm = 18, consent.Written // §七.1: 书面同意 under 18
	recommend := lawful.Request{Purpose: "personalize.recommend", Operation: purpose.Use, Categories: pii.MustParseSet("device.cookie_id,activity.clicks")}
	checkDecisions(t, reg, lawfultest.Options{Regime: regime}, []decision{
		{name: "continued_use_is_not_consent_to_recommendations_PIPL_art14_seed_003_引言_§八.1",
			req: recommend, want: lawful.ErrNoConsent},
		{name: "recommendations_leave_a_non_personalised_option_and_an_impact_assessment_PIPL_arts24_para2_55_seed_003_§二",
			grant: form(consent.Click), req: recommend, obliges: lawful.OfferNonPersonalised | lawful.ImpactAssessment},
		{name: "recommendations_are_not_marketing_so_a_minor_with_written_guardian_consent_may_have_them_MOR_art24_para3_seed_003_§七.1",
			subject: child(16, "CN", true), grant: form(consent.Written), req: recommend, obliges: lawful.OfferNonPersonalised},
		{name: "a_minors_own_click_is_not_the_written_guardian_consent_seed_003_§七.1_PIPL_art31",
			subject: child(16, "CN", false), grant: form(consent.Click), req: recommend, want: lawful.ErrGuardianConsentRequired},
	})
}
