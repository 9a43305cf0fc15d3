package consent

import (
	"math"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/clock"
	"github.com/lawfulgo/lawful/internal/enum"
	"github.com/lawfulgo/lawful/internal/pack"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

// Status is the answer to "was consent in force?" for one purpose at one
// instant.
type Status uint8

const (
	// StatusUnknown is the zero Status: no answer (e.g. a purpose of another
	// registry). Treat as no consent.
	StatusUnknown Status = iota
	// Given: a consent was in force.
	Given
	// NotGiven: no consent was ever given for the purpose (and recipient).
	NotGiven
	// NotYetInForce: consent was given, but takes effect later.
	NotYetInForce
	// Withdrawn: consent was withdrawn at or before the instant (PIPL art. 15).
	Withdrawn
	// Expired: consent had expired at or before the instant.
	Expired
	// Stale: consent was in force, but under a purpose version older than its
	// latest material change; it must be collected again (PIPL art. 14 para 2).
	Stale
)

var statusEnum = enum.Names{Pkg: "consent", Type: "Status", Kind: "status", Err: ErrInvalidEvent,
	Names: []string{"", "given", "not_given", "not_yet_in_force", "withdrawn", "expired", "stale"}}

// String returns the stable name of s ("given", "withdrawn", ...).
func (s Status) String() string { return statusEnum.String(uint8(s)) }

// Answer describes the consent behind a Status. For Given and Stale it is
// the consent in force; for Withdrawn and Expired the one that ended; for
// NotYetInForce the one still to come; otherwise the zero Answer with only
// Status set.
type Answer struct {
	Status   Status
	Event    uuid.UUID        // the grant event
	Version  int              // purpose version it was given under
	Form     Form             // how it was given
	Guardian bool             // given by a guardian rather than the subject
	Relation subject.Relation // the guardian's relation, if Guardian
	From     time.Time        // start of the consent window
	Until    time.Time        // end of the window; zero if open
}

// InForce reports whether the answer is a current consent: Status Given.
func (a Answer) InForce() bool { return a.Status == Given }

// endReason says why a window ended.
type endReason uint8

// maxRecipients bounds the recipients of a purpose a window can name
// (i+1 < inHouse): every recipient a policy may declare.
const maxRecipients = purpose.MaxRecipients

// inHouse is the recipient of a window that a grant naming recipients
// opens for the purpose itself: it answers for processing that provides
// to nobody, and never for a recipient, even one a covering consent would
// reach.
const inHouse uint8 = 255

const (
	open endReason = iota
	withdrawn
	expiredByEvent
	expiredByTime
)

const (
	forever    = math.MaxInt64
	minInstant = math.MinInt64
)

// window is one consent, compactly: [start, end) in Unix nanoseconds, for
// one purpose, one recipient (or none) and one kind of giver. 40 bytes.
type window struct {
	start, end int64
	event      uuid.UUID
	purpose    uint16 // dense registry index
	version    uint16
	recipient  uint8 // 0: none named; i+1: the purpose's declared recipient i; inHouse
	form       Form
	giver      uint8 // 0: the subject; else the guardian's subject.Relation
	reason     endReason
}

// Snapshot is the consent state of one subject derived from its ledger: a
// compact, immutable list of consent windows. A Ledger rebuilds it on each
// append and swaps it in atomically; reading it never locks or allocates.
// A Snapshot answers only for purposes of the Registry it was built with.
type Snapshot struct {
	// Read by every Guard check, so first; head only by writers.
	windows []window // sorted by purpose, recipient, giver kind, start
	reg     *purpose.Registry
	limits  []limit // restrictions and objections, in event order
	rec     record
	// floor is the latest instant the ledger records (Unix nanoseconds):
	// the latest Recorded time, and the latest effective time of a
	// withdrawal or expiry. A live question is asked no earlier (Latest).
	floor int64
	head  Head
}

// record is what the Ledger's Directory said of the subject when the
// snapshot was built, kept only when the Directory is a subject.Watcher
// (the Ledger then drops the snapshot whenever the record changes).
type record struct {
	packed pack.Record
	state  recordState
}

type recordState uint8

const (
	noRecord recordState = iota // not asked, the lookup failed, or the record does not pack
	recordFound
	recordNotFound
)

// recordOf packs s, or returns noRecord if it does not pack: a birth year
// outside 1–9999 or a Jurisdiction that is not "" or two ASCII letters.
func recordOf(s subject.Subject) record {
	p, ok := pack.NewRecord(s.Birth.Year, int(s.Birth.Month), s.Birth.Day, s.Jurisdiction, uint8(s.Status))
	if !ok || len(s.History) > 0 { // a status history does not pack: ask the Directory
		return record{}
	}
	return record{packed: p, state: recordFound}
}

// DirectoryRecord returns what the Ledger's Directory said of the subject
// when the snapshot was built: the record (Status, Birth and Jurisdiction;
// ID and Links are left zero) with found true, or found false if the
// directory did not hold the subject. ok is false when the snapshot holds
// no answer: the Directory is not a subject.Watcher (a kept answer could
// go stale unseen), the lookup failed, or the record has a Jurisdiction
// that is not "" or two ASCII letters. It does not allocate.
func (s *Snapshot) DirectoryRecord() (rec subject.Subject, found, ok bool) {
	if s == nil {
		return subject.Subject{}, false, false
	}
	switch s.rec.state {
	case recordFound:
		p := s.rec.packed
		y, m, d := p.Birth()
		rec.Birth = subject.Date{Year: y, Month: time.Month(m), Day: d}
		rec.Jurisdiction, rec.Status = p.Jurisdiction(), subject.Status(p.Status())
		return rec, true, true
	case recordNotFound:
		return subject.Subject{}, false, true
	}
	return subject.Subject{}, false, false
}

// Head returns the sequence number and hash of the last event the snapshot
// reflects.
func (s *Snapshot) Head() Head { return s.head }

// Latest returns the latest instant the ledger records: the latest time
// an event was recorded, and the latest effective time of a withdrawal or
// expiry. A live decision (about now) is taken at Latest when the clock
// reads earlier, so a clock stepping back never undoes a withdrawal the
// ledger holds; a question about an explicit past instant is answered from
// history as of then. It is the zero time for an empty ledger.
func (s *Snapshot) Latest() time.Time {
	if s == nil || s.floor == math.MinInt64 || s.floor == 0 && s.head.Seq == 0 {
		return time.Time{}
	}
	return time.Unix(0, s.floor).UTC()
}

// LiveAt returns the instant a live question asked at now is answered at:
// now, or Latest if that is later. It does not allocate.
func (s *Snapshot) LiveAt(now time.Time) time.Time {
	if s != nil && s.head.Seq > 0 && s.floor > clock.Nanos(now) {
		return time.Unix(0, s.floor).In(now.Location())
	}
	return now
}

// Lookup answers whether consent to purpose p was in force at t. With
// recipient "" it considers every consent to the purpose; with a recipient
// name, only consents that named that recipient (a separate consent to
// provide PI names its recipient: PIPL art. 23). Windows are half-open: a
// consent withdrawn or expiring at t is not in force at t.
//
// Consents coexist: a later grant does not end an earlier one, only a
// withdrawal or expiry does. When several are in force, Lookup prefers one
// given under a current version, then one given by a guardian, then the
// stronger form, then the latest. It does not allocate.
func (s *Snapshot) Lookup(p purpose.Compiled, recipient string, t time.Time) Answer {
	return s.LookupFor(p, recipient, t, Need{})
}

// Need is what a consent must satisfy for a request: at least Form, and
// given by a guardian if Guardian. The Guard knows it before it asks.
type Need struct {
	Form     Form
	Guardian bool
	// Covering, with a recipient named, also counts consents to the
	// purpose that name no recipient: consent covering every recipient the
	// purpose declares (GDPR arts. 6, 7, 13(1)(e)). Without it only
	// consents naming the recipient count (PIPL arts. 23, 39).
	Covering bool
}

func (n Need) metBy(w *window) bool {
	return w.form >= n.Form && (!n.Guardian || w.giver != 0)
}

// LookupFor is Lookup preferring, among consents in force under a current
// version, one that meets need; so a separate consent in force is found
// even when a later click consent to the same purpose is in force too.
func (s *Snapshot) LookupFor(p purpose.Compiled, recipient string, t time.Time, need Need) Answer {
	if s == nil || !p.Valid() || p.Registry() != s.reg || !clock.InRange(t) {
		return Answer{}
	}
	var rIdx uint8
	if recipient != "" {
		i, ok := p.RecipientIndex(recipient)
		if !ok || i >= maxRecipients {
			return Answer{Status: NotGiven}
		}
		rIdx = uint8(i + 1)
	}
	at := t.UnixNano()
	pi := uint16(p.Index())
	lo, _ := slices.BinarySearchFunc(s.windows, pi, func(w window, target uint16) int { return int(w.purpose) - int(target) })
	var best, ended, pending *window
	for i := lo; i < len(s.windows) && s.windows[i].purpose == pi; i++ {
		w := &s.windows[i]
		switch {
		case rIdx == 0 && w.recipient != 0 && w.recipient != inHouse:
			continue // the purpose itself: a consent to it, naming recipients or not
		case rIdx != 0 && w.recipient != rIdx && (!need.Covering || w.recipient != 0):
			continue // the recipient: a consent naming it, or (Covering) one naming none
		}
		switch {
		case w.start <= at && at < w.end:
			if best == nil || better(p, need, w, best) {
				best = w
			}
		case w.end <= at:
			if ended == nil || w.end > ended.end {
				ended = w
			}
		case w.start < w.end: // starts after t and was not cancelled
			if pending == nil || w.start < pending.start {
				pending = w
			}
		}
	}
	switch {
	case best != nil:
		a := answer(best)
		if !p.ConsentCurrent(int(best.version)) {
			a.Status = Stale
		}
		return a
	case ended != nil:
		a := answer(ended)
		a.Status = Withdrawn
		if ended.reason == expiredByEvent || ended.reason == expiredByTime {
			a.Status = Expired
		}
		return a
	case pending != nil:
		a := answer(pending)
		a.Status = NotYetInForce
		return a
	}
	return Answer{Status: NotGiven}
}

// better ranks two windows in force: current version, meets the need,
// guardian, form, start.
func better(p purpose.Compiled, need Need, a, b *window) bool {
	ac, bc := p.ConsentCurrent(int(a.version)), p.ConsentCurrent(int(b.version))
	if ac != bc {
		return ac
	}
	if am, bm := need.metBy(a), need.metBy(b); am != bm {
		return am
	}
	if (a.giver != 0) != (b.giver != 0) {
		return a.giver != 0
	}
	if a.form != b.form {
		return a.form > b.form
	}
	return a.start > b.start
}

func answer(w *window) Answer {
	a := Answer{
		Status:   Given,
		Event:    w.event,
		Version:  int(w.version),
		Form:     w.form,
		Guardian: w.giver != 0,
		Relation: subject.Relation(w.giver),
		From:     time.Unix(0, w.start).UTC(),
	}
	if w.end != forever {
		a.Until = time.Unix(0, w.end).UTC()
	}
	return a
}

// State is a subject's consent at one instant: a Snapshot read at a time.
type State struct {
	snap *Snapshot
	at   time.Time
}

// At returns the instant the state describes.
func (s State) At() time.Time { return s.at }

// Snapshot returns the snapshot the state reads.
func (s State) Snapshot() *Snapshot { return s.snap }

// Consent answers for purpose p and recipient ("" for none) at the state's
// instant; see Snapshot.Lookup.
func (s State) Consent(p purpose.Compiled, recipient string) Answer {
	return s.snap.Lookup(p, recipient, s.at)
}

// ConsentFor is Consent preferring a consent that meets need; see
// Snapshot.LookupFor.
func (s State) ConsentFor(p purpose.Compiled, recipient string, need Need) Answer {
	return s.snap.LookupFor(p, recipient, s.at, need)
}

// lastEffective returns the latest instant any event changed consent to
// purpose pi: the basis of the per-purpose time-order rule.
func (s *Snapshot) lastEffective(pi uint16) int64 {
	last := int64(math.MinInt64)
	for i := range s.windows {
		w := &s.windows[i]
		if w.purpose != pi {
			continue
		}
		last = max(last, w.start)
		if w.reason == withdrawn || w.reason == expiredByEvent {
			last = max(last, w.end)
		}
	}
	return last
}

// hasConsent reports whether any consent to purpose pi (restricted to
// recipient rIdx unless 0) is in force at or starts after t: something a
// withdrawal or expiry at t would end.
func (s *Snapshot) hasConsent(pi uint16, rIdx uint8, t int64) bool {
	for i := range s.windows {
		w := &s.windows[i]
		if w.purpose == pi && (rIdx == 0 || w.recipient == rIdx) && t < w.end && w.start < w.end {
			return true
		}
	}
	return false
}

// apply returns a new snapshot with e applied.
func (s *Snapshot) apply(e *Event) *Snapshot {
	ws := make([]window, len(s.windows), len(s.windows)+len(e.Purposes)*(len(e.Recipients)+1))
	copy(ws, s.windows)
	if e.Kind < Restrict {
		ws = applyEvent(s.reg, ws, e)
		sortWindows(ws)
	}
	n := newSnapshot(s.reg, Head{Seq: e.Seq, Hash: e.Hash}, ws)
	n.rec = s.rec
	n.floor = raiseFloor(s.floor, e)
	n.limits = s.limits
	if e.Kind >= Restrict {
		n.limits = applyLimit(s.reg, slices.Clone(s.limits), e)
	}
	return n
}

// raiseFloor returns floor raised to what e records (see Snapshot.floor).
func raiseFloor(floor int64, e *Event) int64 {
	floor = max(floor, clock.Nanos(e.Recorded))
	if e.Kind != Grant && e.Kind != Lift { // what ends or narrows, never what widens
		floor = max(floor, clock.Nanos(e.Effective))
	}
	return floor
}

// applyEvent returns ws with e applied: a grant appends windows, a
// withdrawal or expiry ends the windows it covers. e has been validated,
// so every purpose and recipient it names resolves in reg (unknown ones,
// from events written under an older registry, are skipped).
func applyEvent(reg *purpose.Registry, ws []window, e *Event) []window {
	// Saturated: an instant past the range (an expiry written before the
	// range was enforced) reads as the end of the range, which no valid
	// request time reaches, rather than wrapping to 1677.
	eff := clock.Nanos(e.Effective)
	var giver uint8
	if e.By.IsGuardian() {
		giver = uint8(e.By.Relation)
		if giver == 0 {
			giver = uint8(subject.Guardian) // a guardian with an unrecorded relation is still a guardian
		}
	}
	for _, ref := range e.Purposes {
		p, ok := reg.Lookup(ref.ID)
		if !ok {
			continue
		}
		pi := uint16(p.Index())
		var rIdxs []uint8
		for _, r := range e.Recipients {
			if i, ok := p.RecipientIndex(r); ok && i < maxRecipients {
				rIdxs = append(rIdxs, uint8(i+1))
			}
		}
		if len(e.Recipients) > 0 && len(rIdxs) == 0 {
			continue
		}
		matches := func(w *window) bool {
			return w.purpose == pi && (len(rIdxs) == 0 || slices.Contains(rIdxs, w.recipient)) &&
				(e.Ends == uuid.UUID{} || w.event == e.Ends)
		}
		switch e.Kind {
		case Grant:
			// A grant naming recipients consents to the purpose too
			// (inHouse), so withdrawing the recipients leaves it.
			if len(rIdxs) == 0 {
				rIdxs = []uint8{0}
			} else {
				rIdxs = append(rIdxs, inHouse)
			}
			for _, r := range rIdxs {
				end, reason := int64(forever), open
				if !e.Expires.IsZero() {
					end, reason = clock.Nanos(e.Expires), expiredByTime
				}
				ws = append(ws, window{start: eff, end: end, event: e.ID, purpose: pi, version: uint16(ref.Version), recipient: r, form: e.Form, giver: giver, reason: reason})
			}
		case Withdraw, Expire:
			reason := withdrawn
			if e.Kind == Expire {
				reason = expiredByEvent
			}
			for i := range ws {
				w := &ws[i]
				if !matches(w) || eff >= w.end {
					continue
				}
				w.end, w.reason = max(eff, w.start), reason
			}
		}
	}
	return ws
}

// sortWindows orders windows by purpose, recipient, giver kind and start;
// windows equal in all four keep the order of the events that made them.
func sortWindows(ws []window) {
	slices.SortStableFunc(ws, func(a, b window) int {
		switch {
		case a.purpose != b.purpose:
			return int(a.purpose) - int(b.purpose)
		case a.recipient != b.recipient:
			return int(a.recipient) - int(b.recipient)
		case (a.giver != 0) != (b.giver != 0):
			if a.giver == 0 {
				return -1
			}
			return 1
		case a.start != b.start:
			if a.start < b.start {
				return -1
			}
			return 1
		}
		return 0
	})
}

// Snapshots with few windows carry them in the same allocation, so that
// reading one touches adjacent memory rather than two places: the Guard
// reads a snapshot per request, and at scale each separate place is a
// cache (and TLB) miss.
type (
	snapshot1 struct {
		Snapshot
		w [1]window
	}
	snapshot2 struct {
		Snapshot
		w [2]window
	}
	snapshot3 struct {
		Snapshot
		w [3]window
	}
	snapshot4 struct {
		Snapshot
		w [4]window
	}
)

// newSnapshot returns a snapshot holding a copy of ws.
func newSnapshot(reg *purpose.Registry, head Head, ws []window) *Snapshot {
	var s *Snapshot
	var inline []window
	switch len(ws) {
	case 0:
		s = &Snapshot{}
	case 1:
		x := &snapshot1{}
		s, inline = &x.Snapshot, x.w[:]
	case 2:
		x := &snapshot2{}
		s, inline = &x.Snapshot, x.w[:]
	case 3:
		x := &snapshot3{}
		s, inline = &x.Snapshot, x.w[:]
	case 4:
		x := &snapshot4{}
		s, inline = &x.Snapshot, x.w[:]
	default:
		inline = make([]window, len(ws))
		s = &Snapshot{}
	}
	copy(inline, ws)
	s.reg, s.head, s.windows = reg, head, inline
	return s
}

// build derives a snapshot from a subject's events in order.
func build(reg *purpose.Registry, events []Event) *Snapshot {
	var ws []window
	var ls []limit
	floor := int64(minInstant)
	for i := range events {
		if events[i].Kind >= Restrict {
			ls = applyLimit(reg, ls, &events[i])
		} else {
			ws = applyEvent(reg, ws, &events[i])
		}
		floor = raiseFloor(floor, &events[i])
	}
	sortWindows(ws)
	s := newSnapshot(reg, HeadOf(events), ws)
	s.floor, s.limits = floor, ls
	return s
}
