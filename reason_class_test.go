package lawful_test

import (
	"strings"
	"testing"

	"github.com/lawfulgo/lawful"
	"github.com/stretchr/testify/assert"
)

func TestReasonClass(t *testing.T) {
	for _, tc := range []struct {
		name string
		r    lawful.Reason
		want lawful.Class
	}{
		{"an_allow_has_no_class", lawful.ReasonNone, lawful.ClassNone},
		{"an_undeclared_purpose_is_refused_as_declared_PIPL_art6", lawful.UnknownPurpose, lawful.ClassRefused},
		{"a_minor_on_an_adults_only_purpose_is_refused_whatever_is_recorded", lawful.ServiceNotOfferedToMinors, lawful.ClassRefused},
		{"data_due_for_erasure_is_refused_PIPL_art47", lawful.RetentionExpired, lawful.ClassRefused},
		{"a_missing_consent_is_curable_by_recording_it_PIPL_art13_1_1", lawful.NoConsent, lawful.ClassCurable},
		{"a_guardians_consent_is_curable_PIPL_art31", lawful.GuardianConsentRequired, lawful.ClassCurable},
		{"a_missing_impact_assessment_is_curable_PIPL_art55", lawful.ImpactAssessmentMissing, lawful.ClassCurable},
		{"a_malformed_request_is_invalid", lawful.InvalidRequest, lawful.ClassInvalid},
		{"a_store_failure_is_unavailable_fail_closed", lawful.StoreUnavailable, lawful.ClassUnavailable},
		{"a_done_context_is_canceled", lawful.ContextDone, lawful.ClassCanceled},
		{"a_broken_ledger_is_tampered_PIPL_art51", lawful.TamperDetected, lawful.ClassTampered},
		{"a_missing_dependency_is_misconfigured", lawful.NotConfigured, lawful.ClassMisconfigured},
		{"a_reason_this_version_does_not_know_is_refused_fail_closed", lawful.Reason(250), lawful.ClassRefused},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, tc.r.Class())
		})
	}
}

func TestEveryDenialHasAClass(t *testing.T) {
	n := 0
	for r := lawful.Reason(1); !strings.HasPrefix(r.String(), "Reason("); r++ {
		n++
		c := r.Class()
		assert.NotEqual(t, lawful.ClassNone, c, "%s has no class", r)
		assert.NotContains(t, c.String(), "Class(", "%s", r)
	}
	assert.Greater(t, n, 30)
	assert.Equal(t, "curable", lawful.ClassCurable.String())
}
