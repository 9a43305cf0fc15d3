package lawful

import (
	"fmt"
	"strings"
	"time"

	"github.com/lawfulgo/lawful/internal/enum"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/retention"
	"github.com/lawfulgo/lawful/subject"
)

// Request asks whether one processing of one subject's data is lawful.
// Fields left zero are filled from the context (Subject, Purpose: see
// WithSubject, WithPurpose) or the Guard's clock (At); fields set on the
// Request win over the context. Attestations in the context (WithAttest)
// are added to Attest.
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
	// Item names the one item processed, when the caller knows it: its
	// key and collection time. The item's own retention period is then
	// checked too (RetentionExpired when it is over, even while newer
	// items of the same categories are in period). Needs Config.Retention.
	Item Item
	// Instrument names the legal instrument PI provided to an authority
	// rests on: the authority's written demand ("公安机关调取证据通知书
	// No. 2026-123"), a court order. A request providing PI to a recipient
	// of role purpose.Authority without one is denied
	// LegalInstrumentMissing. At most 256 bytes; kept in the audit trail.
	Instrument string
}

// Bounds on request fields, checked before anything else.
const (
	MaxInstrument = 256                 // bytes in Request.Instrument
	MaxItemKey    = retention.MaxKeyLen // bytes in Request.Item.Key
)

// Item names one item of a subject's data: the key the service's Eraser
// understands and when it was collected. The zero Item names none.
type Item struct {
	Key       string
	Collected time.Time
}

// IsZero reports whether i names no item.
func (i Item) IsZero() bool { return i.Key == "" && i.Collected.IsZero() }

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
	// ContractParty: the subject is a party to the contract the processing
	// is necessary to conclude or perform, at their request (PIPL art.
	// 13(1)(2); GDPR art. 6(1)(b)). Never for a third person whose data
	// appears in what the party uploaded.
	ContractParty
	// OverridingGrounds: compelling legitimate grounds that override the
	// person's objection were established and recorded (GDPR art. 21(1)).
	// Never enough against an objection to direct marketing (art. 21(3)).
	OverridingGrounds
)

var attestationNames = []string{"emergency", "reasonable_scope", "not_refused", "balancing_test", "contract_party", "overriding_grounds"}

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

// ParseAttestation parses one attestation name, such as "contract_party",
// as String writes it.
func ParseAttestation(name string) (Attestation, error) {
	for i, n := range attestationNames {
		if n == name {
			return 1 << i, nil
		}
	}
	return 0, fmt.Errorf("lawful: unknown attestation %s; want one of %s", enum.Quote(name), strings.Join(attestationNames, ", "))
}
