package bench

import (
	"testing"

	"github.com/lawfulgo/lawful"
)

// lawfulReason is the Guard's reason for each of the floor's outcomes. A
// withdrawal is written as the grant's Expires (a Withdraw event would end
// every consent to the purpose, not one record), so the Guard reports a
// withdrawn record as expired.
var lawfulReason = [NumOutcomes]lawful.Reason{
	AllowConsent:         lawful.ReasonNone,
	AllowContract:        lawful.ReasonNone,
	AllowLegalObligation: lawful.ReasonNone,
	AllowEmergency:       lawful.ReasonNone,
	DenyUnknownPurpose:   lawful.UnknownPurpose,
	DenyOperation:        lawful.OperationNotDeclared,
	DenyCategory:         lawful.CategoryNotDeclared,
	DenyUnknownSubject:   lawful.UnknownSubject,
	DenyNoConsent:        lawful.NoConsent,
	DenyNotYetGranted:    lawful.ConsentNotYetInForce,
	DenyWithdrawn:        lawful.ConsentExpired,
	DenyExpired:          lawful.ConsentExpired,
	DenyStaleVersion:     lawful.ConsentStale,
	DenyNotSeparate:      lawful.SeparateConsentRequired,
	DenyNoGuardian:       lawful.GuardianConsentRequired,
}

// TestLawfulReasons goes beyond allow/deny: the Guard's denial reason must
// be the rule's step for every request.
func TestLawfulReasons(t *testing.T) {
	w, f, l := Load(), sharedFloor(), sharedLawful(t)
	bad := 0
	for i := range w.Requests {
		q := &w.Requests[i]
		want := f.Check(q)
		d := l.Check(q)
		wantReason := lawfulReason[want]
		switch {
		case want == DenyNoConsent && (q.Operation == Share || q.Operation == Transfer || q.Operation == Export):
			// Providing PI under PIPL needs a consent naming the
			// recipient (arts. 23, 39): the Guard names that consent.
			wantReason = lawful.SeparateConsentRequired
		case want == DenyNoConsent && f.needsGuardian(q):
			// With no consent at all, the Guard names the consent that
			// would make it lawful: a guardian's (PIPL art. 31).
			wantReason = lawful.GuardianConsentRequired
		}
		if d.Reason != wantReason {
			if bad++; bad <= 10 {
				t.Errorf("request %d %+v: floor %s, Guard %s", i, *q, want, d)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d reasons differ", bad)
	}
}

// needsGuardian reports whether q's subject is under 14 at q.At.
func (f *Floor) needsGuardian(q *Request) bool {
	si, ok := f.subjects[q.Subject]
	return ok && q.At < f.subjectTab[si].turns14
}
