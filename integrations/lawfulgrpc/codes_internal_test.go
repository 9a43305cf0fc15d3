package lawfulgrpc

import (
	"strings"
	"testing"

	"google.golang.org/grpc/codes"

	"github.com/lawfulgo/lawful"
)

// wantCodes is the code every reason must get, as CodeFor documents it:
// the test fails when lawful's classification of a reason changes the
// code a client sees.
var wantCodes = map[lawful.Reason]codes.Code{
	lawful.ReasonNone:       codes.Internal,
	lawful.NotConfigured:    codes.Internal,
	lawful.TamperDetected:   codes.DataLoss,
	lawful.StoreUnavailable: codes.Unavailable,
	lawful.ContextDone:      codes.Canceled,
	lawful.InvalidRequest:   codes.InvalidArgument,

	// Refused as declared: no state of the person makes it lawful without
	// a change of the policy or of the request.
	lawful.UnknownPurpose:                codes.PermissionDenied,
	lawful.OperationNotDeclared:          codes.PermissionDenied,
	lawful.CategoryNotDeclared:           codes.PermissionDenied,
	lawful.RecipientNotDeclared:          codes.PermissionDenied,
	lawful.SubEntrustmentNotAuthorised:   codes.PermissionDenied,
	lawful.NoStatutoryBasis:              codes.PermissionDenied,
	lawful.ExemptionNotValidForOperation: codes.PermissionDenied,
	lawful.ProhibitedForMinors:           codes.PermissionDenied,
	lawful.ServiceNotOfferedToMinors:     codes.PermissionDenied,
	lawful.SubjectClosed:                 codes.PermissionDenied,
	lawful.SubjectDeceased:               codes.PermissionDenied,
	lawful.RestrictedPendingErasure:      codes.PermissionDenied,
	lawful.RetentionExpired:              codes.PermissionDenied,

	// Refused as things stand: something can be recorded or supplied (a
	// consent, a guardian's, an attestation, an instrument, the subject's
	// record, an impact assessment, an unfrozen account, a lifted
	// restriction or objection) that would make it lawful; retrying before
	// then is pointless.
	lawful.UnknownSubject:           codes.FailedPrecondition,
	lawful.SubjectFrozen:            codes.FailedPrecondition,
	lawful.UnknownJurisdiction:      codes.FailedPrecondition,
	lawful.ExemptionConditionFailed: codes.FailedPrecondition,
	lawful.ContractPartyRequired:    codes.FailedPrecondition,
	lawful.LegalInstrumentMissing:   codes.FailedPrecondition,
	lawful.ImpactAssessmentMissing:  codes.FailedPrecondition,
	lawful.NoConsent:                codes.FailedPrecondition,
	lawful.ConsentNotYetInForce:     codes.FailedPrecondition,
	lawful.ConsentWithdrawn:         codes.FailedPrecondition,
	lawful.ConsentExpired:           codes.FailedPrecondition,
	lawful.ConsentStale:             codes.FailedPrecondition,
	lawful.SeparateConsentRequired:  codes.FailedPrecondition,
	lawful.WrittenConsentRequired:   codes.FailedPrecondition,
	lawful.GuardianConsentRequired:  codes.FailedPrecondition,
	lawful.ParentalConsentRequired:  codes.FailedPrecondition,
	lawful.ExplicitConsentRequired:  codes.FailedPrecondition,
	lawful.ProcessingRestricted:     codes.FailedPrecondition,
	lawful.ObjectionRecorded:        codes.FailedPrecondition,
}

func TestEveryReasonHasItsCode(t *testing.T) {
	n := 0
	for r := range lawful.Reason(255) {
		if strings.HasPrefix(r.String(), "Reason(") {
			break
		}
		n++
		want, ok := wantCodes[r]
		if !ok {
			t.Errorf("reason %s (class %s) is not in wantCodes; add the code CodeFor gives it", r, r.Class())
			continue
		}
		if got := CodeFor(r); got != want {
			t.Errorf("CodeFor(%s) = %v, want %v", r, got, want)
		}
	}
	if n != len(wantCodes) {
		t.Errorf("wantCodes has %d entries for %d reasons", len(wantCodes), n)
	}
	if got := CodeFor(lawful.Reason(250)); got != codes.PermissionDenied {
		t.Errorf("an unknown reason is %v, want PermissionDenied", got)
	}
}
