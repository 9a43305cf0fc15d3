package retention

import (
	"encoding/hex"
	"fmt"
	"time"

	"golang.org/x/crypto/blake2b"

	"github.com/lawfulgo/lawful/clock"
	"github.com/lawfulgo/lawful/internal/rule"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

// Item is a piece of personal data the service keeps and the retention
// rules must eventually erase: whose it is, why it was collected, what it
// contains, and an opaque Key the service's Eraser understands (a row ID,
// an object name). The Key must not itself be personal data; proofs keep
// only its digest.
type Item struct {
	Subject    subject.ID
	Purpose    purpose.ID
	Categories pii.Set
	Key        string
	Collected  time.Time
}

// MaxKeyLen bounds an Item's Key.
const MaxKeyLen = 512

// TimerID identifies a Timer: a digest of the item's subject, purpose and
// key, so tracking the same item twice finds the same timer.
type TimerID string

// TimerIDOf returns the ID of the timer for the item with these
// coordinates.
func TimerIDOf(s subject.ID, p purpose.ID, key string) TimerID {
	h, _ := blake2b.New(16, nil)
	h.Write(s[:])
	h.Write([]byte{0})
	h.Write([]byte(p))
	h.Write([]byte{0})
	h.Write([]byte(key))
	return TimerID(hex.EncodeToString(h.Sum(nil)))
}

// Timer is a tracked item with its schedule: when it must be erased (Due),
// from when it is restricted (RestrictedFrom), and how (Action). Trackers
// recompute schedules when triggers fire or holds change; stores keep
// them.
type Timer struct {
	ID TimerID
	Item
	// Rules are the IDs of the rules that cover the item.
	Rules []string
	// Due is when the item must be erased; zero while no rule has ended
	// its period (it waits for a trigger).
	Due time.Time
	// Cause is what set Due: Collected for a period counted from
	// collection (Keep or Maximum), otherwise the trigger that ended it.
	Cause Trigger
	// RestrictedFrom is when the item's period ended while a legal minimum
	// still keeps it (PIPL art. 47 para 2); zero if it never is.
	RestrictedFrom time.Time
	// MinimumCites names the law whose minimum restricts the item.
	MinimumCites string
	// Action is what erasure does.
	Action Action
	// NotBefore delays the next erasure attempt after a failure or while
	// a hold lasts; zero means no delay.
	NotBefore time.Time
	// HeldBy is the legal hold suspending erasure, if any.
	HeldBy string
	// Attempts counts failed erasure attempts; LastError is the latest.
	Attempts  int
	LastError string
	// Erased is when the item was erased; zero while pending.
	Erased time.Time
}

// Done reports whether the item was erased.
func (t *Timer) Done() bool { return !t.Erased.IsZero() }

// StateAt returns where the item stands at instant at, ignoring holds
// (see Tracker.StateOf for the held view): Erased once erased, Due from
// Due, Restricted from RestrictedFrom, else Active.
func (t *Timer) StateAt(at time.Time) State {
	switch {
	case t.Done() && !at.Before(t.Erased):
		return Erased
	case !t.Due.IsZero() && !at.Before(t.Due):
		return Due
	case !t.RestrictedFrom.IsZero() && !at.Before(t.RestrictedFrom):
		return Restricted
	}
	return Active
}

// Event is a trigger that fired: a subject's account closed, their consent
// to a purpose withdrawn, their deletion request, a purpose achieved, or
// the service terminated (for every subject).
type Event struct {
	Kind Trigger
	// Subject is whose data it concerns; zero only for ServiceTerminated.
	Subject subject.ID
	// Purpose narrows the event to one purpose's data; required for
	// ConsentWithdrawn and PurposeAchieved, optional for DeletionRequested.
	Purpose purpose.ID
	// Categories narrows a DeletionRequested or PurposeAchieved to some
	// categories; empty means all.
	Categories pii.Set
	// Key narrows a PurposeAchieved or DeletionRequested to one item
	// (e.g. the digital human that was deleted); empty means all.
	Key string
	// At is when the trigger fired (or, for a termination, takes effect).
	At time.Time
}

// applies reports whether e ends the period of the item of timer t.
// Subject-scoped triggers apply to items collected at or before them;
// closure and termination apply to every item.
func (e *Event) applies(t *Timer) bool {
	switch {
	case e.Kind == ServiceTerminated:
		return true
	case e.Subject != t.Subject:
		return false
	case e.Purpose != "" && e.Purpose != t.Purpose:
		return false
	case !e.Categories.IsEmpty() && !e.Categories.Overlaps(t.Categories):
		return false
	case e.Key != "" && e.Key != t.Key:
		return false
	case e.Kind == AccountClosed:
		return true
	}
	return !t.Collected.After(e.At)
}

func (e *Event) validate(reg *purpose.Registry) error {
	bad := func(format string, args ...any) error {
		return rule.New(ErrInvalidEvent, "retention: event: "+fmt.Sprintf(format, args...))
	}
	switch {
	case !e.Kind.Ends():
		return bad("kind %v is not a deletion trigger", e.Kind)
	case e.At.IsZero():
		return bad("the time is zero; say when the trigger fired")
	case !clock.InRange(e.At):
		return bad("%v", clock.Check(e.At, "trigger time"))
	case e.Kind == ServiceTerminated && !e.Subject.IsZero():
		return bad("a service termination concerns every subject; leave Subject zero (use AnnounceTermination)")
	case e.Kind != ServiceTerminated && e.Subject.IsZero():
		return bad("%v needs the subject it concerns", e.Kind)
	case (e.Kind == ConsentWithdrawn || e.Kind == PurposeAchieved) && e.Purpose == "":
		return bad("%v needs the purpose it concerns", e.Kind)
	case e.Kind == AccountClosed && (e.Purpose != "" || e.Key != "" || !e.Categories.IsEmpty()):
		return bad("an account closure concerns all the subject's data; leave Purpose, Key and Categories empty")
	case len(e.Key) > MaxKeyLen:
		return bad("the key is longer than %d bytes", MaxKeyLen)
	}
	if e.Purpose != "" {
		if _, ok := reg.Lookup(e.Purpose); !ok {
			return bad("purpose %q is not declared in the policy", e.Purpose)
		}
	}
	return nil
}

// Hold is a legal hold: erasure of the covered items is suspended while it
// lasts (litigation, audit, finance, a regulator's demand; GDPR art. 17(3)(b), (e); seed 003 §五.2(b)). A
// hold blocks erasure, not restriction: held data past its period may only
// be stored.
type Hold struct {
	// ID names the hold (e.g. a case number); required.
	ID string
	// Reason says why; required.
	Reason HoldReason
	// Subject is whose data it holds; zero means every subject's.
	Subject subject.ID
	// Categories held; empty means all.
	Categories pii.Set
	// Note is free text for auditors; it must not contain personal data.
	Note string
	// From is when the hold starts; Until when it ends (zero: open-ended).
	From, Until time.Time
	// Released is when it was released early; zero while in force.
	Released time.Time
}

// ActiveAt reports whether h suspends erasure at instant at.
func (h *Hold) ActiveAt(at time.Time) bool {
	if at.Before(h.From) {
		return false
	}
	if !h.Until.IsZero() && !at.Before(h.Until) {
		return false
	}
	return h.Released.IsZero() || at.Before(h.Released)
}

// Covers reports whether h covers the item of t (at some time; see
// ActiveAt for when).
func (h *Hold) Covers(t *Timer) bool {
	return (h.Subject.IsZero() || h.Subject == t.Subject) &&
		(h.Categories.IsEmpty() || h.Categories.Overlaps(t.Categories))
}

func (h *Hold) validate() error {
	bad := func(format string, args ...any) error {
		return rule.New(ErrInvalidHold, "retention: hold: "+fmt.Sprintf(format, args...))
	}
	switch {
	case h.ID == "" || len(h.ID) > MaxKeyLen:
		return bad("needs an ID of 1 to %d bytes (e.g. a case number)", MaxKeyLen)
	case !h.Reason.Valid():
		return bad("%q needs a reason: litigation, audit, finance or regulator", h.ID)
	case h.From.IsZero():
		return bad("%q needs a start time", h.ID)
	case !clock.InRange(h.From):
		return bad("%q: %v", h.ID, clock.Check(h.From, "start"))
	case !h.Until.IsZero() && !clock.InRange(h.Until):
		return bad("%q: %v; leave Until zero for a hold released by hand", h.ID, clock.Check(h.Until, "end"))
	case !h.Until.IsZero() && !h.Until.After(h.From):
		return bad("%q ends (%v) before it starts (%v)", h.ID, h.Until, h.From)
	}
	return nil
}

// schedule computes t's Due, Cause, RestrictedFrom, Action and Rules from
// the rules and the events that fired (see Rule for the arithmetic).
func (rs *Rules) schedule(t *Timer, events []Event) error {
	_, err := rs.scheduleWhy(t, events)
	return err
}

// scheduleWhy is schedule, also returning the ID of the rule whose end
// ended the item's period (the earliest end), "" while none has.
func (rs *Rules) scheduleWhy(t *Timer, events []Event) (string, error) {
	idx := rs.matching(t.Purpose, t.Categories)
	if len(idx) == 0 {
		return "", rule.New(ErrNoRule, fmt.Sprintf("retention: no rule covers %v of purpose %q; reference a retention entry with a rule from the purpose", t.Categories, t.Purpose))
	}
	var end time.Time   // the earliest end any rule gives
	var fired time.Time // when the trigger that set end fired
	var cause Trigger
	var floor time.Time // the latest legal minimum
	var floorCites, endRule string
	t.Rules = t.Rules[:0]
	t.Action = Anonymise
	var r *Rule
	earlier := func(at time.Time, why Trigger, firedAt time.Time) {
		// An end past the range (P300Y from today) saturates to its end,
		// which no valid instant reaches; every store holds that value.
		at = clock.Clamp(at)
		if end.IsZero() || at.Before(end) {
			end, cause, fired, endRule = at, why, firedAt, r.ID
		}
	}
	for _, i := range idx {
		r = &rs.rules[i]
		t.Rules = append(t.Rules, r.ID)
		if r.Action == Delete {
			t.Action = Delete // deletion wins over anonymisation
		}
		if !r.Keep.IsZero() && r.From == Collected {
			earlier(r.Keep.End(t.Collected), Collected, time.Time{})
		}
		if !r.Maximum.IsZero() {
			earlier(r.Maximum.End(t.Collected), Collected, time.Time{})
		}
		for j := range events {
			e := &events[j]
			if !e.applies(t) {
				continue
			}
			if r.From == e.Kind && !r.Keep.IsZero() {
				earlier(r.Keep.End(e.At), e.Kind, time.Time{})
			}
			if r.EndsOn.Has(e.Kind) {
				earlier(r.Grace.End(e.At), e.Kind, e.At)
			}
		}
		if !r.Minimum.IsZero() {
			if m := clock.Clamp(r.Minimum.End(t.Collected)); m.After(floor) {
				floor, floorCites = m, r.MinimumCites
			}
		}
	}
	t.Due, t.Cause, t.RestrictedFrom, t.MinimumCites = end, cause, time.Time{}, ""
	if !fired.IsZero() && fired.Before(end) {
		// A deletion trigger stops processing at once; the grace period
		// is only time to erase (PIPL art. 47 para 1).
		t.RestrictedFrom = fired
	}
	if !end.IsZero() && end.Before(floor) {
		// A legal minimum beats every other end: erase when it is met,
		// restrict processing meanwhile (PIPL art. 47 para 2).
		t.Due, t.MinimumCites = floor, floorCites
		if t.RestrictedFrom.IsZero() {
			t.RestrictedFrom = end
		}
	}
	return endRule, nil
}
