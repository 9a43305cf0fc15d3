package rights

import (
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

// Bounds on a request's free text, enforced by Receive and the other
// actions, so hostile input cannot bloat the store or the logs.
const (
	MaxText     = 1024 // bytes of a reason, interest or note
	MaxActor    = 256  // bytes of an actor name
	MaxPurposes = 64   // purposes a request names
)

// Request is one rights request and everything that happened to it.
//
// Callers fill the fields above the line and pass the request to
// Desk.Receive, which validates it, fills the rest and stores it. Every
// later change goes through a Desk action, which appends a Transition to
// History. A Request is a value; its slices are shared by copies (use
// Clone). It holds identifiers, category keys and reasons, never personal
// values: what is corrected or exported travels outside it.
type Request struct {
	// Kind is what is asked for.
	Kind Kind
	// Subject is whose data the request is about.
	Subject subject.ID
	// Requester is who asks; zero means the subject.
	Requester subject.ID
	// Capacity is how the requester acts; zero means Self when Requester
	// is zero or the subject.
	Capacity Capacity
	// Purposes narrows the request to some purposes; required for
	// Withdraw, optional otherwise (empty means every purpose).
	Purposes []purpose.ID
	// Categories narrows the request to some categories; empty means all.
	Categories pii.Set
	// Interest is a Relative's own lawful, legitimate interest in the
	// deceased's data (PIPL art. 49); required for Relative, and free text
	// without personal values.
	Interest string
	// ArrangedOtherwise records that the deceased arranged otherwise
	// (PIPL art. 49): the service sets it from its records, and a
	// Relative's request is then refused at receipt. Config.Arrangements
	// can answer it instead.
	ArrangedOtherwise bool

	// ---- filled by the Desk ----

	// ID identifies the request: a UUIDv7 made at receipt.
	ID uuid.UUID
	// State is where the request stands.
	State State
	// Received is when the request was received.
	Received time.Time
	// Verified is when the requester's identity was verified; zero before.
	Verified time.Time
	// Closed is when the request was fulfilled or refused; zero while open.
	Closed time.Time
	// Minor is true when the subject was a minor at receipt (or of unknown
	// age, failing closed) or a guardian asked: a refusal must then be
	// written (MOR art. 34(3)).
	Minor bool
	// Repeated is true when the subject had already made Policy.Repeat.Max
	// requests of this kind within the window; Recent counts them. Only a
	// repeated request may carry a fee or be refused as Repetitive.
	Repeated bool
	Recent   int
	// Term is the deadline term that applies.
	Term Term
	// Clock is when the term's clock started; zero until it starts (at
	// verification for a FromVerification term).
	Clock time.Time
	// Due is the deadline in force: 24:00 local of the last day. Zero
	// while the clock has not started.
	Due time.Time
	// OriginalDue is the deadline before an extension; zero if not
	// extended.
	OriginalDue time.Time
	// Refusal is set when the request was refused.
	Refusal Refusal
	// Fee is set when a cost fee was charged.
	Fee Fee
	// History lists every transition, oldest first; the first is Receive.
	History []Transition
	// Version counts the stored changes; stores use it for optimistic
	// concurrency (see Store).
	Version uint64
}

// Transition is one recorded step of a request: what was done, from which
// state to which, when and by whom.
type Transition struct {
	Action   Action
	From, To State // From is StateUnknown for Receive
	At       time.Time
	// Actor is who acted: a staff member's or a system's name, never the
	// subject's personal data (e.g. "agent:417", "web-form").
	Actor string
	// Proof is how identity was verified (Verify only).
	Proof IDProof
	// Ground is the refusal's ground (Refuse only).
	Ground Ground
	// Note is the reason for a refusal or an extension, or the fee's basis.
	Note string
}

// Refusal is a refusal on a listed ground (PIPL art. 50).
type Refusal struct {
	// Ground is the coded ground; required.
	Ground Ground
	// Reasons explains the refusal to the person; required (PIPL art. 50).
	Reasons string
	// Written records that the refusal was given in writing; required for
	// a minor's request (MOR art. 34(3)).
	Written bool
}

// IsZero reports whether r is the zero Refusal (not refused).
func (r Refusal) IsZero() bool { return r == Refusal{} }

// Fee is a reasonable cost fee charged for a repeated request (seeds 000
// §5.6, 001 §5(6); NDSMR art. 25; GDPR art. 12(5)(a)).
type Fee struct {
	// Amount in the currency's minor unit (fen, cents); positive.
	Amount int64
	// Currency is the ISO 4217 code, e.g. "CNY".
	Currency string
	// Basis says how the amount covers the cost of answering.
	Basis string
}

// IsZero reports whether f is the zero Fee (no fee).
func (f Fee) IsZero() bool { return f == Fee{} }

// Clone returns a deep copy of r.
func (r Request) Clone() Request {
	r.Purposes = slices.Clone(r.Purposes)
	r.History = slices.Clone(r.History)
	return r
}

// Open reports whether the request still awaits an answer.
func (r *Request) Open() bool { return r.State.Open() }

// OverdueAt reports whether the request is open and its deadline has
// passed at at (at or after Due).
func (r *Request) OverdueAt(at time.Time) bool {
	return r.Open() && !r.Due.IsZero() && !at.Before(r.Due)
}

// Last returns the latest transition, or the zero Transition.
func (r *Request) Last() Transition {
	if len(r.History) == 0 {
		return Transition{}
	}
	return r.History[len(r.History)-1]
}

// String describes the request for logs without personal data, e.g.
// "delete 0192... verified due 2026-03-20T16:00:00Z".
func (r Request) String() string {
	s := fmt.Sprintf("%v %v %v", r.Kind, r.ID, r.State)
	if !r.Due.IsZero() {
		s += " due " + r.Due.UTC().Format(time.RFC3339)
	}
	return s
}
