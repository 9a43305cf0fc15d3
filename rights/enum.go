package rights

import (
	"github.com/lawfulgo/lawful/internal/enum"
)

// Kind is what a request asks for: one of the rights of PIPL arts. 44-49
// and 15, NDSMR arts. 23-25, and GDPR arts. 15-22. The zero
// Kind is invalid, so a request whose kind was never set is refused.
type Kind uint8

const (
	// KindUnknown is the zero Kind; never valid.
	KindUnknown Kind = iota
	// Access: know and see what is processed (PIPL art. 45; NDSMR art. 23;
	// GDPR art. 15). Fulfilled with an export Manifest.
	Access
	// Copy: a copy of the PI (PIPL art. 45; GDPR art. 15(3)). Fulfilled
	// with an export Manifest.
	Copy
	// Correct: correct inaccurate PI (PIPL art. 46; GDPR art. 16).
	Correct
	// Supplement: complete incomplete PI (PIPL art. 46; GDPR art. 16).
	Supplement
	// Delete: erase PI (PIPL art. 47; GDPR art. 17). Fulfilment fires the
	// retention trigger DeletionRequested, so legal minimums and holds
	// still apply (PIPL art. 47 para 2).
	Delete
	// Port: transfer PI to another processor (PIPL art. 45 para 3; NDSMR
	// art. 25; GDPR art. 20). Fulfilled with a machine-readable Manifest.
	Port
	// Explain: an explanation of the processing rules (PIPL art. 48), and
	// of a solely automated decision with significant impact (art. 24
	// para 3; GDPR art. 22).
	Explain
	// Withdraw: withdraw consent to the named purposes (PIPL art. 15; GDPR
	// art. 7(3)). Fulfilment appends a consent.Withdraw event and fires
	// the retention trigger ConsentWithdrawn (PIPL art. 47(1)(3)).
	Withdraw
	// Restrict: restrict or object to processing (PIPL art. 44; opt out of
	// personalised push, art. 24 para 2; GDPR arts. 18, 21).
	Restrict
	// Deregister: close the account (NDSMR arts. 21(4), 23, 24).
	// Fulfilment fires the retention trigger AccountClosed.
	Deregister
	// Complain: a complaint about the processing (PIPL art. 65; CSL art.
	// 49; NDSMR art. 20; GDPR art. 77 to the authority).
	Complain
)

var kindEnum = enum.Names{Pkg: "rights", Type: "Kind", Kind: "request kind", Err: ErrInvalidValue, Names: []string{"", "access", "copy", "correct", "supplement", "delete", "port", "explain", "withdraw", "restrict", "deregister", "complain"}}

var kindCites = [...]string{
	Access:     "PIPL art. 45; NDSMR art. 23; GDPR art. 15",
	Copy:       "PIPL art. 45; GDPR art. 15(3)",
	Correct:    "PIPL art. 46; GDPR art. 16",
	Supplement: "PIPL art. 46; GDPR art. 16",
	Delete:     "PIPL art. 47; GDPR art. 17",
	Port:       "PIPL art. 45 para 3; NDSMR art. 25; GDPR art. 20",
	Explain:    "PIPL arts. 48, 24 para 3; GDPR art. 22",
	Withdraw:   "PIPL art. 15; GDPR art. 7(3)",
	Restrict:   "PIPL art. 44; GDPR arts. 18, 21",
	Deregister: "NDSMR arts. 21(4), 23, 24",
	Complain:   "PIPL art. 65; NDSMR art. 20; GDPR art. 77",
}

// Kinds returns every valid Kind in order.
func Kinds() []Kind {
	out := make([]Kind, 0, len(kindEnum.Names)-1)
	for k := Access; k.Valid(); k++ {
		out = append(out, k)
	}
	return out
}

// String returns the stable name of k ("access", "delete", ...), or
// "Kind(n)".
func (k Kind) String() string { return kindEnum.String(uint8(k)) }

// Valid reports whether k is a known, non-zero Kind.
func (k Kind) Valid() bool { return kindEnum.Valid(uint8(k)) }

// Cites returns the articles that grant the right, or "" for an invalid
// Kind.
func (k Kind) Cites() string {
	if !k.Valid() {
		return ""
	}
	return kindCites[k]
}

// MarshalText encodes k as its String; an invalid Kind is an error
// wrapping ErrInvalidValue.
func (k Kind) MarshalText() ([]byte, error) { return kindEnum.Marshal(uint8(k)) }

// UnmarshalText parses a kind name; an unknown name is an error wrapping
// ErrInvalidValue and leaves *k unchanged.
func (k *Kind) UnmarshalText(text []byte) error {
	v, err := kindEnum.Parse(text)
	if err == nil {
		*k = Kind(v)
	}
	return err
}

// Capacity is in which capacity a requester acts for the subject.
type Capacity uint8

const (
	// CapacityUnknown is the zero Capacity. Receive reads it as Self when
	// the requester is the subject (or not named), and refuses it otherwise.
	CapacityUnknown Capacity = iota
	// Self: the subject asks for themself.
	Self
	// Guardian: a parent or guardian asks for a subject who is a minor at
	// receipt under the policy's ages, through a verified link whose
	// relation can act as guardian (PIPL art. 31; MOR art. 34; Civil Code
	// art. 27).
	Guardian
	// Relative: a close relative of a deceased subject asks for their own
	// lawful, legitimate interests, for access, copy, correction or
	// deletion only, unless the deceased arranged otherwise (PIPL art. 49).
	Relative
)

var capacityEnum = enum.Names{Pkg: "rights", Type: "Capacity", Kind: "capacity", Err: ErrInvalidValue, Names: []string{"", "self", "guardian", "relative"}}

// String returns the stable name of c ("self", "guardian", "relative"),
// or "Capacity(n)".
func (c Capacity) String() string { return capacityEnum.String(uint8(c)) }

// Valid reports whether c is a known, non-zero Capacity.
func (c Capacity) Valid() bool { return capacityEnum.Valid(uint8(c)) }

// MarshalText encodes c as its String; an invalid Capacity is an error
// wrapping ErrInvalidValue.
func (c Capacity) MarshalText() ([]byte, error) { return capacityEnum.Marshal(uint8(c)) }

// UnmarshalText parses a capacity name; an unknown name is an error
// wrapping ErrInvalidValue and leaves *c unchanged.
func (c *Capacity) UnmarshalText(text []byte) error {
	v, err := capacityEnum.Parse(text)
	if err == nil {
		*c = Capacity(v)
	}
	return err
}

// State is where a request stands in its lifecycle:
//
//	Received --verify--> Verified --extend--> Extended
//	   |                    |  \                 |  \
//	   |                    |   fulfil/refuse    |   fulfil/refuse
//	   '--refuse (identity_not_verified only)--> Refused / Fulfilled
//
// Fulfilled and Refused are final.
type State uint8

const (
	// StateUnknown is the zero State; never valid.
	StateUnknown State = iota
	// Received: the request is recorded; the requester's identity is not
	// yet verified.
	Received
	// Verified: the requester's identity is verified (NDSMR art. 25(1);
	// every seed); the request can be acted on.
	Verified
	// Extended: the deadline was extended and the person told why (GDPR
	// art. 12(3)).
	Extended
	// Fulfilled: the request was carried out. Final.
	Fulfilled
	// Refused: the request was refused on a listed Ground, with reasons
	// (PIPL art. 50). Final.
	Refused
)

var stateEnum = enum.Names{Pkg: "rights", Type: "State", Kind: "state", Err: ErrInvalidValue, Names: []string{"", "received", "verified", "extended", "fulfilled", "refused"}}

// String returns the stable name of s ("received", ...), or "State(n)".
func (s State) String() string { return stateEnum.String(uint8(s)) }

// Valid reports whether s is a known, non-zero State.
func (s State) Valid() bool { return stateEnum.Valid(uint8(s)) }

// Open reports whether s is a state in which the request still awaits an
// answer: Received, Verified or Extended.
func (s State) Open() bool { return s == Received || s == Verified || s == Extended }

// MarshalText encodes s as its String; an invalid State is an error
// wrapping ErrInvalidValue.
func (s State) MarshalText() ([]byte, error) { return stateEnum.Marshal(uint8(s)) }

// UnmarshalText parses a state name; an unknown name is an error wrapping
// ErrInvalidValue and leaves *s unchanged.
func (s *State) UnmarshalText(text []byte) error {
	v, err := stateEnum.Parse(text)
	if err == nil {
		*s = State(v)
	}
	return err
}

// Action is what a Transition did.
type Action uint8

const (
	// ActionUnknown is the zero Action; never valid.
	ActionUnknown Action = iota
	// Receive records a new request (state Received).
	Receive
	// Verify records that the requester's identity was verified.
	Verify
	// Extend extends the deadline (GDPR art. 12(3)).
	Extend
	// ChargeFee records a cost fee for a request over the repeat limit;
	// the state does not change.
	ChargeFee
	// Fulfil records that the request was carried out.
	Fulfil
	// Refuse records a refusal on a listed ground.
	Refuse
)

var actionEnum = enum.Names{Pkg: "rights", Type: "Action", Kind: "action", Err: ErrInvalidValue, Names: []string{"", "receive", "verify", "extend", "charge_fee", "fulfil", "refuse"}}

// String returns the stable name of a ("receive", "verify", ...), or
// "Action(n)".
func (a Action) String() string { return actionEnum.String(uint8(a)) }

// Valid reports whether a is a known, non-zero Action.
func (a Action) Valid() bool { return actionEnum.Valid(uint8(a)) }

// MarshalText encodes a as its String; an invalid Action is an error
// wrapping ErrInvalidValue.
func (a Action) MarshalText() ([]byte, error) { return actionEnum.Marshal(uint8(a)) }

// UnmarshalText parses an action name; an unknown name is an error
// wrapping ErrInvalidValue and leaves *a unchanged.
func (a *Action) UnmarshalText(text []byte) error {
	v, err := actionEnum.Parse(text)
	if err == nil {
		*a = Action(v)
	}
	return err
}

// IDProof is how a requester's identity was verified before acting
// (NDSMR art. 25(1); every seed). GB/T 35273 §8.5 asks for no more data
// than registration collected, so Account is usually enough for a
// signed-in subject.
type IDProof uint8

const (
	// IDProofUnknown is the zero IDProof: not verified. Verify refuses it.
	IDProofUnknown IDProof = iota
	// Account: the requester proved control of the subject's account
	// (signed in, or a code sent to the registered contact).
	Account
	// Document: an identity document, birth certificate or court
	// appointment was checked (a guardian's or relative's standing too).
	Document
	// IDCheck: an identity document was checked against an authoritative
	// source.
	IDCheck
	// FaceMatch: the requester's face was matched to an identity record.
	FaceMatch
	// InPerson: checked face to face.
	InPerson
)

var proofEnum = enum.Names{Pkg: "rights", Type: "IDProof", Kind: "identity proof", Err: ErrInvalidValue, Names: []string{"", "account", "document", "id_check", "face_match", "in_person"}}

// String returns the stable name of p ("account", "document", ...), or
// "IDProof(n)".
func (p IDProof) String() string { return proofEnum.String(uint8(p)) }

// Valid reports whether p is a known, non-zero IDProof.
func (p IDProof) Valid() bool { return proofEnum.Valid(uint8(p)) }

// MarshalText encodes p as its String; an invalid IDProof is an error
// wrapping ErrInvalidValue.
func (p IDProof) MarshalText() ([]byte, error) { return proofEnum.Marshal(uint8(p)) }

// UnmarshalText parses an identity-proof name; an unknown name is an error
// wrapping ErrInvalidValue and leaves *p unchanged.
func (p *IDProof) UnmarshalText(text []byte) error {
	v, err := proofEnum.Parse(text)
	if err == nil {
		*p = IDProof(v)
	}
	return err
}
