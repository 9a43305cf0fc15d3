package consent

import (
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/internal/enum"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

// Kind is what an event does to consent.
type Kind uint8

const (
	// KindUnknown is the zero Kind; never valid.
	KindUnknown Kind = iota
	// Grant gives consent to purposes from its effective time.
	Grant
	// Withdraw ends consent to purposes from its effective time (PIPL art. 15).
	// Processing before that time stays lawful (art. 15 para 2).
	Withdraw
	// Expire records that consent to purposes lapsed, e.g. when the period
	// the person agreed to ran out (NDSMR art. 22(4)).
	Expire
	// Restrict records the person's restriction of the processing of
	// categories of their data, across every purpose, from its effective
	// time until a Lift (PIPL art. 44; GDPR art. 18): only storage stays
	// allowed (GDPR art. 18(2)).
	Restrict
	// Object records the person's objection to processing for purposes:
	// refusal under PIPL art. 44, objection to personalised recommendation
	// (PIPL art. 24 para 2), objection under GDPR art. 21, until a Lift.
	Object
	// Lift ends a restriction of categories and an objection to purposes
	// that the person no longer maintains.
	Lift
)

var kindEnum = enum.Names{Pkg: "consent", Type: "Kind", Kind: "kind", Err: ErrInvalidEvent,
	Names: []string{"", "grant", "withdraw", "expire", "restrict", "object", "lift"}}

// String returns "grant", "withdraw", "expire", "restrict", "object" or
// "lift", or "Kind(N)".
func (k Kind) String() string { return kindEnum.String(uint8(k)) }

// Valid reports whether k is a known, non-zero Kind.
func (k Kind) Valid() bool { return kindEnum.Valid(uint8(k)) }

// MarshalText encodes k as its String; the zero value is an error.
func (k Kind) MarshalText() ([]byte, error) { return kindEnum.Marshal(uint8(k)) }

// UnmarshalText parses a Kind name.
func (k *Kind) UnmarshalText(b []byte) error {
	v, err := kindEnum.Parse(b)
	if err == nil {
		*k = Kind(v)
	}
	return err
}

// Form is how consent was given. Forms are ordered: Written satisfies a
// requirement for Separate, which satisfies one for Click.
type Form uint8

const (
	// FormUnknown is the zero Form; never valid on a grant.
	FormUnknown Form = iota
	// Click is consent given as part of a general flow (a tick box, a button).
	Click
	// Separate is consent given specifically for one processing, not bundled
	// with others (单独同意: PIPL arts. 23, 25, 26, 29, 39; NDSMR art. 62(7)).
	Separate
	// Written is consent in writing, where a law or administrative regulation
	// requires it (PIPL art. 14; e.g. HGR art. 12) or a service's policy does
	// (seed 003 §七.1: guardians of users under 18).
	Written
)

var formEnum = enum.Names{Pkg: "consent", Type: "Form", Kind: "form", Err: ErrInvalidEvent,
	Names: []string{"", "click", "separate", "written"}}

// String returns "click", "separate" or "written", or "Form(N)".
func (f Form) String() string { return formEnum.String(uint8(f)) }

// Valid reports whether f is a known, non-zero Form.
func (f Form) Valid() bool { return formEnum.Valid(uint8(f)) }

// Satisfies reports whether consent in form f meets a requirement for
// form need: Written ⊃ Separate ⊃ Click.
func (f Form) Satisfies(need Form) bool { return f.Valid() && f >= need }

// MarshalText encodes f as its String; the zero value is an error.
func (f Form) MarshalText() ([]byte, error) { return formEnum.Marshal(uint8(f)) }

// UnmarshalText parses a Form name.
func (f *Form) UnmarshalText(b []byte) error {
	v, err := formEnum.Parse(b)
	if err == nil {
		*f = Form(v)
	}
	return err
}

// PurposeRef names a purpose and the version of it an event concerns.
type PurposeRef struct {
	ID purpose.ID
	// Version is the purpose version consent was given under. On a grant
	// passed to Ledger.Append, 0 means the registry's current version.
	// Withdraw and Expire events end consent whatever its version; their
	// Version is 0.
	Version int
}

// Giver is who gave or withdrew consent: the subject, or a guardian linked
// to the subject (PIPL art. 31).
type Giver struct {
	// Guardian is the guardian's subject ID; the zero ID means the subject.
	Guardian subject.ID
	// Relation and Verified copy the guardian link as it stood when the
	// event was appended, so the record shows who acted and how they were
	// known to be the guardian. Zero for the subject.
	Relation subject.Relation
	Verified subject.Verification
}

// IsGuardian reports whether a guardian, not the subject, acted.
func (g Giver) IsGuardian() bool { return !g.Guardian.IsZero() }

// Event is one entry of a subject's consent ledger. Events are never edited
// or deleted; state is derived from them (see Snapshot).
//
// Callers fill the fields above the line and pass the event to
// Ledger.Append, which validates it and fills the rest.
type Event struct {
	Subject  subject.ID   // whose consent
	Kind     Kind         // grant, withdraw or expire
	Purposes []PurposeRef // the purposes concerned, each once
	// Form is how a grant was given; zero on Withdraw and Expire.
	Form Form
	// By is who acted; the zero Giver is the subject.
	By Giver
	// Recipients named by a grant: consent to provide the data to them
	// (PIPL arts. 23, 39: consent to provision names its recipient; GDPR
	// art. 13(1)(e)). Each must be declared by every purpose of the event.
	// A withdrawal naming recipients ends consent to those recipients only.
	Recipients []string
	// Ends, on a Withdraw or Expire, ends only the consent recorded by the
	// grant event with this ID (one consent record); zero ends every
	// consent to the event's purposes. Purposes may be left empty: they are
	// then the grant's.
	Ends uuid.UUID
	// Categories, on a Restrict or Lift, are the categories restricted or
	// released, across every purpose; Purposes is then empty.
	Categories pii.Set
	// Effective is when the event takes effect; zero means the ledger's
	// clock at append.
	Effective time.Time
	// Expires ends a grant at this time; zero means no expiry. Grant only.
	Expires time.Time
	// Notice is the version of the notice shown (the policy version); a
	// grant needs one, consent being informed (PIPL arts. 14, 17).
	Notice string
	// Evidence is a hash of exactly what was shown, e.g. BLAKE2b-256 of the
	// rendered notice and consent dialog; zero if none was kept.
	Evidence [32]byte

	// ---- filled by the Ledger ----

	// Imported marks an event taken from another system by Ledger.Import,
	// with the effective time that system recorded.
	Imported bool

	ID       uuid.UUID // a UUIDv7
	Seq      uint64    // position in the subject's ledger, from 1
	Recorded time.Time // the ledger's clock when appended
	Prev     [32]byte  // Hash of the previous event of the subject; zero for the first
	Hash     [32]byte  // BLAKE2b-256 of the canonical encoding (see Encode)
	// KeyID and MAC seal the event: MAC is a keyed BLAKE2b-256 of the
	// subject, Seq and Hash under the Key whose ID is KeyID, so only a
	// holder of the Keys can make an event the Ledger accepts.
	KeyID uint32
	MAC   [32]byte
}

// Clone returns a deep copy of e.
func (e Event) Clone() Event {
	e.Purposes = slices.Clone(e.Purposes)
	e.Recipients = slices.Clone(e.Recipients)
	return e
}

// String returns a short description for logs and test failures, without
// the subject's identity: "grant#3 service.voice_clone@v2 separate" (no
// "#seq" before the ledger has numbered it).
func (e Event) String() string {
	s := e.Kind.String()
	if e.Seq != 0 {
		s += fmt.Sprintf("#%d", e.Seq)
	}
	for _, p := range e.Purposes {
		s += " " + string(p.ID)
		if p.Version != 0 {
			s += fmt.Sprintf("@v%d", p.Version)
		}
	}
	if e.Form.Valid() {
		s += " " + e.Form.String()
	}
	if !e.Categories.IsEmpty() {
		s += " " + e.Categories.String()
	}
	if e.By.IsGuardian() {
		s += " by " + e.By.Relation.String()
	}
	return s
}
