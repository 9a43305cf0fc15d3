package lawful

import (
	"time"

	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

// Request asks whether one processing of one subject's data is lawful.
// Fields left zero are filled from the context (Subject, Purpose: see
// WithSubject, WithPurpose) or the Guard's clock (At); fields set on the
// Request win over the context.
type Request struct {
	Subject    subject.ID        // whose data
	Purpose    purpose.ID        // why
	Operation  purpose.Operation // what is done: Collect, Use, Store, Share, ...
	Categories pii.Set           // what data; at least one category
	// Form is how identifiable the data is; the zero value, Identified, is
	// the strictest. Anonymised data is not PI and is allowed on the
	// caller's claim (PIPL arts. 4, 73(4)).
	Form pii.Form
	// Recipient names the declared recipient of Share, Entrust, Transfer
	// and Export; empty otherwise.
	Recipient string
	// At is the moment of processing; zero means the Guard's clock now.
	// Asking about a past moment answers as of then: processing before a
	// withdrawal stays lawful (PIPL art. 15 para 2).
	At time.Time
	// Attest holds conditions of a no-consent basis that only the caller
	// can know, vouched for by the caller (an emergency is declared, ...).
	Attest Attestation
}

// Attestation is a set of facts the caller vouches for on a request. A
// basis whose condition needs one is denied (ExemptionConditionFailed)
// unless it is attested. Attest only what is true: the Decision and the
// audit record show that the allowance rests on it.
type Attestation uint8

const (
	// Emergency: a public-health emergency, or an emergency threatening a
	// person's life, health or property, is in progress (PIPL art.
	// 13(1)(4); GDPR art. 6(1)(d)).
	Emergency Attestation = 1 << iota
	// ReasonableScope: the processing stays within a reasonable scope
	// (PIPL art. 13(1)(5), (6)).
	ReasonableScope
	// NotRefused: the person has not expressly refused the use of their
	// published information (PIPL art. 27).
	NotRefused
	// BalancingTest: legitimate interests were weighed against the person's
	// and prevail (GDPR art. 6(1)(f)).
	BalancingTest
)

var attestationNames = []string{"emergency", "reasonable_scope", "not_refused", "balancing_test"}

// Has reports whether every attestation of b is in a.
func (a Attestation) Has(b Attestation) bool { return a&b == b }

// String returns the attestation names joined by commas.
func (a Attestation) String() string {
	out := ""
	for i, n := range attestationNames {
		if a&(1<<i) != 0 {
			if out != "" {
				out += ","
			}
			out += n
		}
	}
	return out
}
