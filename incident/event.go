package incident

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

// Kind is the kind of an Event.
type Kind uint8

const (
	// KindUnknown is the zero Kind; never valid.
	KindUnknown Kind = iota
	// Opened: the incident was discovered (the first event of every
	// incident). At is the discovery time, from which the clocks run.
	Opened
	// Confirmed: a possible incident was confirmed as actual. Under the
	// GDPR this is when the controller became aware (art. 33(1)).
	Confirmed
	// Classified: the incident was graded, its risk to people assessed,
	// or the regimes it falls under restated. The latest one counts.
	Classified
	// Affected: subjects, categories, an estimate of the people affected,
	// or the involvement of minors, became known. They accumulate.
	Affected
	// Remediated: a remedial measure was taken (PIPL art. 57 para 1).
	Remediated
	// Notified: a notice was sent to an audience. Register refuses one
	// whose content misses an item the law requires.
	Notified
	// Exempted: the decision not to notify individuals, with its ground
	// and reason (PIPL art. 57 para 2; GDPR art. 34(3)).
	Exempted
	// Ordered: an authority ordered individuals notified, reversing an
	// exemption (PIPL art. 57 para 2; GDPR art. 34(4)).
	Ordered
	// Closed: the incident was closed with its closure summary. Register
	// refuses it while a duty is open.
	Closed
	// Reopened: a closed incident was reopened.
	Reopened
	// OverdueNoted: the register noticed a clock overdue (SweepAt); the
	// event an audit hook receives.
	OverdueNoted

	numKinds = iota
)

var kindEnum = enum.Names{Pkg: "incident", Type: "Kind", Kind: "event kind", Err: ErrInvalidEvent,
	Names: []string{"", "opened", "confirmed", "classified", "affected", "remediated", "notified", "exempted", "ordered", "closed", "reopened", "overdue_noted"}}

// String returns the kind's stable name, e.g. "notified".
func (k Kind) String() string { return kindEnum.String(uint8(k)) }

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return kindEnum.Valid(uint8(k)) }

// MarshalText implements encoding.TextMarshaler.
func (k Kind) MarshalText() ([]byte, error) { return kindEnum.Marshal(uint8(k)) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (k *Kind) UnmarshalText(b []byte) error {
	v, err := kindEnum.Parse(b)
	if err == nil {
		*k = Kind(v)
	}
	return err
}

// Bounds on an event's contents, enforced on append and when decoding, so
// that hostile input cannot make the register or the decoder allocate
// without limit.
const (
	MaxText     = 4096  // bytes in each language of a Text
	MaxShort    = 512   // bytes in Actor, Ref and Notice.Contact
	MaxSubjects = 1000  // subjects named by one Affected event
	MaxEvents   = 10000 // events of one incident
	// MaxEstimate bounds Event.Estimate: more people than live.
	MaxEstimate = 10_000_000_000
)

// Notice is the content of a notification. Register checks it against
// the items the law requires of the audience before it records the notice
// as sent (PIPL art. 57; MOR art. 35; GDPR arts. 33(3), 34(2)): see
// Missing. Each Text should be given in Chinese for the Chinese
// authorities and for people under the PIPL.
type Notice struct {
	// Categories are the categories of PI concerned; empty means those
	// recorded on the incident (Affected events).
	Categories pii.Set
	// Causes of the incident (PIPL art. 57 para 1(1)).
	Causes purpose.Text
	// Harm is the harm it may cause (PIPL art. 57 para 1(1); the likely
	// consequences of GDPR art. 33(3)(c)).
	Harm purpose.Text
	// Measures are the remedial measures taken or proposed (PIPL art. 57
	// para 1(2); GDPR art. 33(3)(d)).
	Measures purpose.Text
	// SelfHelp is what people can do to reduce the harm (PIPL art. 57 para
	// 1(2)).
	SelfHelp purpose.Text
	// Contact is how to reach the processor: the PI protection officer or
	// data protection officer (PIPL art. 57 para 1(3); GDPR art.
	// 33(3)(b)).
	Contact string
	// Impractical says why people are told by a public announcement
	// instead of one by one (NDSMR art. 11; MOR art. 35; GDPR art.
	// 34(3)(c)). A Public notice meets the duty to notify individuals
	// only when it says why.
	Impractical purpose.Text
}

// IsZero reports whether n is empty.
func (n Notice) IsZero() bool {
	return n.Categories.IsEmpty() && n.Causes.IsZero() && n.Harm.IsZero() && n.Measures.IsZero() &&
		n.SelfHelp.IsZero() && n.Contact == "" && n.Impractical.IsZero()
}

// Event is one fact of an incident's record. Events are appended, never
// edited; the incident's state (Incident) is derived from them. Each Kind
// uses some fields and leaves the others zero; Register refuses an event
// that sets a field its kind does not use.
//
// Register sets Incident (on the opening), Seq, Recorded, Prev and Hash.
// Events are values; Clone copies the Subjects slice.
type Event struct {
	Incident uuid.UUID // the incident's ID (a version 7 UUID)
	Seq      uint64    // 1, 2, 3, ... within the incident
	Kind     Kind
	// At is when the fact occurred: the discovery, the decision, the
	// sending. It is not after Recorded and, but for the opening, not
	// before the discovery.
	At time.Time
	// Recorded is when the register recorded the event, from its clock.
	Recorded time.Time
	// Actor is who recorded it: a role or a staff identifier, never the
	// name of a person affected. At most MaxShort bytes.
	Actor string

	// Nature (Opened, Confirmed) is what happened.
	Nature Nature
	// Possible (Opened) marks an incident that may have happened and is
	// not yet confirmed (PIPL art. 57: 发生或者可能发生).
	Possible bool
	// Occurred (Opened) is when the incident began, if known.
	Occurred time.Time
	// Laws (Opened, Classified: the regimes the incident falls under;
	// Ordered: the regime whose authority gave the order).
	Laws Laws
	// Grade, Risk and NationalSecurity (Classified). NationalSecurity
	// marks a vulnerability or risk endangering national security or the
	// public interest (NDSMR art. 10).
	Grade            Grade
	Risk             Risk
	NationalSecurity bool
	// Categories, Subjects, Estimate and Minors (Affected). Estimate is
	// the current estimate of the number of people affected (0: no new
	// estimate); Minors marks that minors' PI is affected (MOR art. 35).
	Categories pii.Set
	Subjects   []subject.ID
	Estimate   int64
	Minors     bool
	// Audience, Channel, Partial and Notice (Notified). Partial marks an
	// initial report to an authority, to be completed later (GDPR art.
	// 33(4); the Reporting Measures let first reports be supplemented).
	Audience Audience
	Channel  Channel
	Partial  bool
	Notice   Notice
	// Ground (Exempted) of the decision not to notify individuals.
	Ground Ground
	// Due (Ordered: the deadline an authority set, if any; OverdueNoted:
	// the deadline missed).
	Due time.Time
	// Ref is an authority's reference: the receipt of a report (Notified)
	// or the order's number (Ordered).
	Ref string
	// Duty (OverdueNoted) is the duty whose clock ran out; Audience says
	// to whom.
	Duty Duty
	// Text is the opening's summary, a classification's rationale, the
	// remedial step, the exemption's reason, the order's content, the
	// closure summary or the reason for reopening.
	Text purpose.Text

	// Prev is the previous event's Hash (zero for the first); Hash is
	// BLAKE2b-256 of the canonical encoding (ComputeHash).
	Prev, Hash [32]byte
}

// Clone returns a copy of e that shares no memory with it.
func (e Event) Clone() Event {
	e.Subjects = slices.Clone(e.Subjects)
	return e
}

// String summarises the event without personal data: "incident 0190...
// #3 notified individuals".
func (e Event) String() string {
	s := fmt.Sprintf("incident %v #%d %v", e.Incident, e.Seq, e.Kind)
	if e.Audience != AudienceUnknown {
		s += " " + e.Audience.String()
	}
	return s
}

// field is one optional field of an Event, for the per-kind rules.
type field uint32

const (
	fNature field = 1 << iota
	fPossible
	fOccurred
	fLaws
	fGrade
	fRisk
	fNatSec
	fCategories
	fSubjects
	fEstimate
	fMinors
	fAudience
	fChannel
	fPartial
	fNotice
	fGround
	fDue
	fRef
	fDuty
	fText
)

var fieldNames = []string{"Nature", "Possible", "Occurred", "Laws", "Grade", "Risk", "NationalSecurity",
	"Categories", "Subjects", "Estimate", "Minors", "Audience", "Channel", "Partial", "Notice", "Ground", "Due", "Ref", "Duty", "Text"}

// uses lists the fields each kind may set; required the ones it must.
var uses = [numKinds]struct{ may, must field }{
	Opened:       {fNature | fPossible | fOccurred | fLaws | fText, fNature | fLaws | fText},
	Confirmed:    {fNature | fText, 0},
	Classified:   {fLaws | fGrade | fRisk | fNatSec | fText, 0},
	Affected:     {fCategories | fSubjects | fEstimate | fMinors, 0},
	Remediated:   {fText, fText},
	Notified:     {fAudience | fChannel | fPartial | fNotice | fRef, fAudience | fChannel},
	Exempted:     {fGround | fText, fGround | fText},
	Ordered:      {fLaws | fDue | fRef | fText, fLaws | fRef},
	Closed:       {fText, fText},
	Reopened:     {fText, fText},
	OverdueNoted: {fDuty | fAudience | fDue, fDuty | fAudience | fDue},
}

// set returns the optional fields e sets.
func (e *Event) set() field {
	var f field
	add := func(b field, on bool) {
		if on {
			f |= b
		}
	}
	add(fNature, e.Nature != 0)
	add(fPossible, e.Possible)
	add(fOccurred, !e.Occurred.IsZero())
	add(fLaws, e.Laws != 0)
	add(fGrade, e.Grade != 0)
	add(fRisk, e.Risk != 0)
	add(fNatSec, e.NationalSecurity)
	add(fCategories, !e.Categories.IsEmpty())
	add(fSubjects, len(e.Subjects) > 0)
	add(fEstimate, e.Estimate != 0)
	add(fMinors, e.Minors)
	add(fAudience, e.Audience != 0)
	add(fChannel, e.Channel != 0)
	add(fPartial, e.Partial)
	add(fNotice, !e.Notice.IsZero())
	add(fGround, e.Ground != 0)
	add(fDue, !e.Due.IsZero())
	add(fRef, e.Ref != "")
	add(fDuty, e.Duty != 0)
	add(fText, !e.Text.IsZero())
	return f
}

// shape returns the problems with which fields e sets for its kind.
func (e *Event) shape() []string {
	if !e.Kind.Valid() {
		return []string{fmt.Sprintf("kind %v is not valid; use Opened, Classified, Notified, ...", e.Kind)}
	}
	u, s := uses[e.Kind], e.set()
	var out []string
	for i, name := range fieldNames {
		b := field(1) << i
		switch {
		case s&b != 0 && u.may&b == 0:
			out = append(out, fmt.Sprintf("field %s is not used by a %v event; leave it zero", name, e.Kind))
		case s&b == 0 && u.must&b != 0:
			out = append(out, fmt.Sprintf("a %v event needs %s", e.Kind, name))
		}
	}
	return out
}

// values returns the problems with e's field values and sizes, whatever
// the incident's state.
func (e *Event) values() []string {
	var out []string
	bad := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	if e.Nature != 0 && !e.Nature.Valid() {
		bad("nature %v is not valid", e.Nature)
	}
	if e.Laws != 0 && !e.Laws.Valid() {
		bad("laws %v are not valid; use PIPL, GDPR or both", e.Laws)
	}
	checkEnums(e, bad)
	if len(e.Subjects) > MaxSubjects {
		bad("%d subjects in one event, more than MaxSubjects (%d); split them over several Affected events", len(e.Subjects), MaxSubjects)
	}
	if slices.Contains(e.Subjects, subject.ID{}) {
		bad("a subject ID is zero")
	}
	if e.Estimate < 0 || e.Estimate > MaxEstimate {
		bad("estimate %d is outside 0 to %d", e.Estimate, MaxEstimate)
	}
	checkLen := func(what, s string, max int) {
		if len(s) > max {
			bad("%s is %d bytes, more than %d", what, len(s), max)
		}
	}
	checkLen("actor", e.Actor, MaxShort)
	checkLen("ref", e.Ref, MaxShort)
	checkLen("notice contact", e.Notice.Contact, MaxShort)
	for _, t := range []struct {
		what string
		t    purpose.Text
	}{{"text", e.Text}, {"causes", e.Notice.Causes}, {"harm", e.Notice.Harm}, {"measures", e.Notice.Measures},
		{"self-help advice", e.Notice.SelfHelp}, {"impractical reason", e.Notice.Impractical}} {
		checkLen(t.what+" (en)", t.t.EN, MaxText)
		checkLen(t.what+" (zh)", t.t.ZH, MaxText)
	}
	return out
}

func checkEnums(e *Event, bad func(string, ...any)) {
	if e.Grade != 0 && !e.Grade.Valid() {
		bad("grade %v is not valid", e.Grade)
	}
	if e.Risk != 0 && !e.Risk.Valid() {
		bad("risk %v is not valid", e.Risk)
	}
	if e.Audience != 0 && !e.Audience.Valid() {
		bad("audience %v is not valid", e.Audience)
	}
	if e.Channel != 0 && !e.Channel.Valid() {
		bad("channel %v is not valid", e.Channel)
	}
	if e.Ground != 0 && !e.Ground.Valid() {
		bad("ground %v is not valid", e.Ground)
	}
	if e.Duty != 0 && !e.Duty.Valid() {
		bad("duty %v is not valid", e.Duty)
	}
}
