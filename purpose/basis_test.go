package purpose_test

import (
	"encoding"
	"testing"

	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBasisGrounds(t *testing.T) {
	tests := []struct {
		name       string
		basis      purpose.Basis
		law        pii.Law
		wantGround purpose.Basis
	}{
		{"consent_is_a_ground_PIPL_art13_1_1", purpose.Consent, pii.PIPL, purpose.Consent},
		{"consent_is_a_ground_GDPR_art6_1_a", purpose.Consent, pii.GDPR, purpose.Consent},
		{"contract_is_a_ground_PIPL_art13_1_2", purpose.Contract, pii.PIPL, purpose.Contract},
		{"HR_is_the_second_limb_of_PIPL_art13_1_2", purpose.HumanResources, pii.PIPL, purpose.HumanResources},
		{"HR_is_not_a_distinct_ground_GDPR_art6", purpose.HumanResources, pii.GDPR, purpose.BasisUnknown},
		{"legal_duty_is_a_ground_PIPL_art13_1_3", purpose.LegalDuty, pii.PIPL, purpose.LegalDuty},
		{"legal_obligation_is_a_ground_GDPR_art6_1_c", purpose.LegalDuty, pii.GDPR, purpose.LegalDuty},
		{"emergency_is_a_ground_PIPL_art13_1_4", purpose.Emergency, pii.PIPL, purpose.Emergency},
		{"news_is_a_ground_PIPL_art13_1_5", purpose.NewsReporting, pii.PIPL, purpose.NewsReporting},
		{"public_information_is_a_ground_PIPL_art13_1_6", purpose.PublicInformation, pii.PIPL, purpose.PublicInformation},
		{"other_law_is_a_ground_PIPL_art13_1_7", purpose.OtherLaw, pii.PIPL, purpose.OtherLaw},
		{"succession_is_a_transfer_rule_PIPL_art22", purpose.Succession, pii.PIPL, purpose.Succession},
		{"no_legitimate_interest_ground_PIPL_art13", purpose.LegitimateInterests, pii.PIPL, purpose.BasisUnknown},
		{"legitimate_interests_GDPR_art6_1_f", purpose.LegitimateInterests, pii.GDPR, purpose.LegitimateInterests},
		{"vital_interests_GDPR_art6_1_d", purpose.VitalInterests, pii.GDPR, purpose.VitalInterests},
		{"public_task_GDPR_art6_1_e", purpose.PublicTask, pii.GDPR, purpose.PublicTask},
		{"public_task_is_not_a_PIPL_ground_art13", purpose.PublicTask, pii.PIPL, purpose.BasisUnknown},
		{"GBT_5_6_a_legal_obligation_maps_to_PIPL_art13_1_3", purpose.GBTLegalObligation, pii.PIPL, purpose.LegalDuty},
		{"GBT_5_6_b_national_security_maps_to_PIPL_art13_1_3", purpose.GBTNationalSecurity, pii.PIPL, purpose.LegalDuty},
		{"GBT_5_6_c_public_interest_maps_to_PIPL_art13_1_3", purpose.GBTPublicInterest, pii.PIPL, purpose.LegalDuty},
		{"GBT_5_6_d_criminal_justice_maps_to_PIPL_art13_1_3", purpose.GBTCriminalJustice, pii.PIPL, purpose.LegalDuty},
		{"GBT_5_6_e_vital_interests_maps_to_PIPL_art13_1_4_emergency", purpose.GBTVitalInterests, pii.PIPL, purpose.Emergency},
		{"GBT_5_6_f_self_published_maps_to_PIPL_art13_1_6", purpose.GBTSelfPublished, pii.PIPL, purpose.PublicInformation},
		{"GBT_5_6_g_lawfully_disclosed_maps_to_PIPL_art13_1_6", purpose.GBTLawfullyDisclosed, pii.PIPL, purpose.PublicInformation},
		{"GBT_5_6_h_contract_maps_to_PIPL_art13_1_2", purpose.GBTContract, pii.PIPL, purpose.Contract},
		{"GBT_5_6_i_secure_operation_maps_to_PIPL_art13_1_3", purpose.GBTSecureOperation, pii.PIPL, purpose.LegalDuty},
		{"GBT_5_6_j_news_organisation_maps_to_PIPL_art13_1_5", purpose.GBTNewsOrganisation, pii.PIPL, purpose.NewsReporting},
		{"GBT_5_6_k_academic_research_has_no_PIPL_ground_art13", purpose.GBTAcademicResearch, pii.PIPL, purpose.BasisUnknown},
		{"GBT_items_are_not_GDPR_grounds", purpose.GBTContract, pii.GDPR, purpose.BasisUnknown},
		{"unknown_basis_has_no_ground", purpose.BasisUnknown, pii.PIPL, purpose.BasisUnknown},
		{"unknown_law_recognises_nothing", purpose.Consent, pii.LawUnknown, purpose.BasisUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.wantGround, tt.basis.Ground(tt.law))
			assert.Equal(t, tt.wantGround != purpose.BasisUnknown, tt.basis.RecognisedBy(tt.law))
		})
	}
}

func TestBasisConditionsAndObligations(t *testing.T) {
	tests := []struct {
		name  string
		basis purpose.Basis
		cond  purpose.Condition
		oblig purpose.Obligation
	}{
		{"only_consent_needs_consent_PIPL_art13_para2", purpose.Consent, purpose.NeedsConsent, 0},
		{"legal_duty_needs_a_cited_law_PIPL_art13_1_3", purpose.LegalDuty, purpose.NeedsCitedLaw, 0},
		{"other_law_needs_a_cited_law_PIPL_art13_1_7", purpose.OtherLaw, purpose.NeedsCitedLaw, 0},
		{"emergency_only_in_an_emergency_and_notice_after_PIPL_art13_1_4_art18", purpose.Emergency, purpose.NeedsEmergency, purpose.NotifyAfterEmergency},
		{"public_info_within_reasonable_scope_unless_refused_PIPL_art13_1_6_art27", purpose.PublicInformation, purpose.NeedsReasonableScope | purpose.NeedsNoRefusal, 0},
		{"news_within_reasonable_scope_PIPL_art13_1_5", purpose.NewsReporting, purpose.NeedsReasonableScope, 0},
		{"contract_needs_the_person_as_party_PIPL_art13_1_2", purpose.Contract, purpose.NeedsPartyToContract, 0},
		{"succession_needs_a_successor_and_notice_PIPL_art22", purpose.Succession, purpose.NeedsSuccessorRecipient, purpose.NotifySuccessorIdentity},
		{"research_results_must_be_deidentified_GBT_5_6_k", purpose.GBTAcademicResearch, 0, purpose.DeidentifyPublishedResults},
		{"GBT_vital_interests_only_in_an_emergency_GBT_5_6_e", purpose.GBTVitalInterests, purpose.NeedsEmergency, purpose.NotifyAfterEmergency},
		{"legitimate_interests_need_balancing_GDPR_art6_1_f", purpose.LegitimateInterests, purpose.NeedsBalancingTest, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.cond, tt.basis.Conditions())
			assert.Equal(t, tt.oblig, tt.basis.Obligations())
			assert.Equal(t, tt.basis == purpose.Consent, tt.basis.NeedsConsent())
			assert.Equal(t, tt.basis != purpose.Consent, tt.basis.IsExemption())
		})
	}
	assert.False(t, purpose.BasisUnknown.IsExemption(), "no basis is no exemption")
	assert.Zero(t, purpose.BasisUnknown.Conditions())
	assert.Zero(t, purpose.BasisUnknown.Obligations())
	assert.Zero(t, purpose.BasisUnknown.Operations())
}

func TestBasisOperations(t *testing.T) {
	share := []purpose.Operation{purpose.Share, purpose.Transfer, purpose.Disclose}
	t.Run("GBT_9_5_lists_items_a_to_g_for_sharing", func(t *testing.T) {
		for _, b := range []purpose.Basis{purpose.GBTLegalObligation, purpose.GBTNationalSecurity, purpose.GBTPublicInterest, purpose.GBTCriminalJustice, purpose.GBTVitalInterests, purpose.GBTSelfPublished, purpose.GBTLawfullyDisclosed} {
			for _, op := range share {
				assert.True(t, b.Operations().Has(op), "%v may justify %v", b, op)
			}
		}
	})
	t.Run("GBT_5_6_h_to_k_justify_collect_and_use_only_GBT_9_5", func(t *testing.T) {
		for _, b := range []purpose.Basis{purpose.GBTContract, purpose.GBTSecureOperation, purpose.GBTNewsOrganisation, purpose.GBTAcademicResearch} {
			for _, op := range share {
				assert.False(t, b.Operations().Has(op), "%v must not justify %v", b, op)
			}
			assert.True(t, b.Operations().Has(purpose.Collect))
			assert.True(t, b.Operations().Has(purpose.Use))
		}
	})
	t.Run("succession_justifies_transfer_only_PIPL_art22", func(t *testing.T) {
		assert.Equal(t, purpose.OperationsOf(purpose.Transfer), purpose.Succession.Operations())
	})
	t.Run("statutory_grounds_apply_to_every_operation_PIPL_art13", func(t *testing.T) {
		for _, op := range purpose.Operations() {
			assert.True(t, purpose.LegalDuty.Operations().Has(op))
			assert.True(t, purpose.Consent.Operations().Has(op))
		}
	})
}

// textRoundTrip checks that every value marshals to text that unmarshals
// back to the same value.
func textRoundTrip[T comparable, P interface {
	*T
	encoding.TextUnmarshaler
}](t *testing.T, vals []T) {
	t.Helper()
	for _, v := range vals {
		text, err := any(v).(encoding.TextMarshaler).MarshalText()
		require.NoError(t, err)
		var got T
		require.NoError(t, P(&got).UnmarshalText(text))
		assert.Equal(t, v, got)
	}
}

func TestBasisText(t *testing.T) {
	textRoundTrip(t, purpose.Bases())
	for _, b := range purpose.Bases() {
		assert.NotEmpty(t, b.Title())
		recognised := false
		for _, l := range pii.Laws() {
			if b.Citation(l) != "" {
				recognised = true
			}
		}
		assert.True(t, recognised, "%v cites its source", b)
	}
	assert.Equal(t, "PIPL art. 13(1)(3)", purpose.LegalDuty.Citation(pii.PIPL))
	assert.Equal(t, "GDPR art. 6(1)(c)", purpose.LegalDuty.Citation(pii.GDPR))
	assert.Equal(t, "GB/T 35273-2020 §5.6(k)", purpose.GBTAcademicResearch.Citation(pii.PIPL))
	assert.Equal(t, "", purpose.LegitimateInterests.Citation(pii.PIPL))
	assert.Equal(t, "", purpose.Consent.Citation(pii.LawUnknown))
	assert.Equal(t, "Basis(0)", purpose.BasisUnknown.String())
	assert.Equal(t, "Basis(0)", purpose.BasisUnknown.Title())
	_, err := purpose.BasisUnknown.MarshalText()
	assert.Error(t, err)
	var b purpose.Basis
	err = b.UnmarshalText([]byte("legitimate_interest"))
	assert.ErrorIs(t, err, purpose.ErrInvalidValue)
	assert.Equal(t, "consent,cited_law", (purpose.NeedsConsent | purpose.NeedsCitedLaw).String())
	assert.Equal(t, "notify_after_emergency,0x10000000", (purpose.NotifyAfterEmergency | 1<<28).String())
}

func TestEnumsText(t *testing.T) {
	textRoundTrip(t, purpose.Operations())
	assert.Equal(t, "Operation(0)", purpose.OperationUnknown.String())
	_, err := purpose.OperationUnknown.MarshalText()
	assert.Error(t, err)
	var op purpose.Operation
	assert.ErrorIs(t, op.UnmarshalText([]byte("sell")), purpose.ErrInvalidValue)
	assert.True(t, purpose.Share.Provides())
	assert.False(t, purpose.Disclose.Provides())

	s := purpose.OperationsOf(purpose.Collect, purpose.Share, purpose.OperationUnknown)
	assert.Equal(t, "collect,share", s.String())
	assert.Equal(t, 2, s.Len())
	assert.True(t, purpose.OperationsOf(purpose.Collect).SubsetOf(s))
	assert.Equal(t, purpose.OperationsOf(purpose.Share), s.Minus(purpose.OperationsOf(purpose.Collect)))
	assert.False(t, s.Has(purpose.OperationUnknown))

	textRoundTrip(t, []purpose.Role{purpose.Entrusted, purpose.Independent, purpose.Affiliate, purpose.Joint, purpose.Successor})
	_, err = purpose.RoleUnknown.MarshalText()
	assert.Error(t, err)
	assert.Equal(t, "Role(0)", purpose.RoleUnknown.String())
	var role purpose.Role
	assert.ErrorContains(t, role.UnmarshalText([]byte("vendor")), `unknown role "vendor"; want one of entrusted, independent, affiliate, joint, successor`)

	var mechanisms []purpose.Mechanism
	for m := purpose.SecurityAssessment; m <= purpose.Derogation; m++ {
		mechanisms = append(mechanisms, m)
	}
	textRoundTrip(t, mechanisms)
	var specials []purpose.Special
	for s := purpose.ExplicitConsent; s <= purpose.ArchivingResearch; s++ {
		specials = append(specials, s)
	}
	textRoundTrip(t, specials)
	assert.Equal(t, "GDPR art. 9(2)(a)", purpose.ExplicitConsent.Citation())
	assert.Equal(t, "GDPR art. 9(2)(j)", purpose.ArchivingResearch.Citation())
	assert.Equal(t, "", purpose.SpecialNone.Citation())
	c, err := purpose.ParseChange("recipients")
	require.NoError(t, err)
	assert.Equal(t, purpose.ChangedRecipients, c)
	_, err = purpose.ParseChange("colour")
	assert.ErrorIs(t, err, purpose.ErrInvalidValue)
}
