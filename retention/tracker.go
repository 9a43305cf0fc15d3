package retention

import (
	"context"
	"encoding/binary"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lawfulgo/lawful/clock"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/internal/idmap"
	"github.com/lawfulgo/lawful/internal/rule"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

// Clock tells the time: package clock's Clock. clock.System and
// lawfultest.Clock satisfy it.
type Clock = clock.Clock

// DefaultCacheSize is the number of subjects a Tracker keeps in memory
// when Config.CacheSize is zero.
const DefaultCacheSize = 1 << 18

// DefaultTerminationNotice is the notice a service termination needs when
// Config leaves it zero: 30 days, as seed 003 §五.2 promises [L].
var DefaultTerminationNotice = Days(30)

// Config configures a Tracker. Rules, Store and Clock are required.
type Config struct {
	Rules *Rules
	Store Store
	Clock Clock
	// TerminationNotice is the least time between announcing a service
	// termination and its taking effect; zero means
	// DefaultTerminationNotice.
	TerminationNotice Period
	// CacheSize bounds the number of subjects whose timers Check keeps in
	// memory; past it, a random one is dropped for each new one. Zero
	// means DefaultCacheSize.
	CacheSize int
	// Consents, when set, tells ConsentChanged whether consent to a purpose
	// is still in force after a withdrawal or expiry of one consent record
	// (a *consent.Ledger is one): the data's period then ends only with the
	// last consent to the purpose. Without it every such withdrawal ends
	// the period [L: erring towards erasure].
	Consents ConsentView
	// CacheFor bounds how long Check answers a subject from memory before
	// reading the store again, for instances sharing a store (a deletion
	// request through one reaches the others' Guards within it). Zero
	// means until this Tracker changes the subject or Invalidate is called:
	// right for a single instance.
	CacheFor time.Duration
}

// Tracker schedules the erasure of tracked items: it computes each item's
// due time from the rules and the triggers that fired, keeps legal holds,
// and answers the Guard whether a subject's data is restricted or due.
// Build one with NewTracker; it is safe for concurrent use.
//
// A Tracker serialises writes per subject within its process; several
// processes sharing one Store must not track or trigger for the same
// subject at the same moment (see the sqlstore package for a shared
// deployment), and call Invalidate when another process changed a
// subject.
type Tracker struct {
	rules    *Rules
	store    Store
	clock    Clock
	notice   Period
	consents ConsentView

	locks [64]sync.Mutex
	holds atomic.Pointer[[]Hold]

	// cache keeps, for up to Config.CacheSize subjects, what Check needs;
	// reading it takes no lock.
	cache    idmap.Map[subject.ID, cached]
	cacheFor time.Duration
}

// NewTracker returns a Tracker for cfg, loading the holds from the store.
// A missing dependency is an error matching ErrNotConfigured.
func NewTracker(ctx context.Context, cfg Config) (*Tracker, error) {
	var missing []string
	if cfg.Rules == nil {
		missing = append(missing, "Rules (retention.Compile)")
	}
	if cfg.Store == nil {
		missing = append(missing, "Store (e.g. &retention.MemStore{})")
	}
	if cfg.Clock == nil {
		missing = append(missing, "Clock (lawful.SystemClock{} in production)")
	}
	if len(missing) > 0 {
		return nil, rule.New(ErrNotConfigured, fmt.Sprintf("retention: NewTracker needs %v", missing))
	}
	if !cfg.TerminationNotice.IsZero() && !cfg.TerminationNotice.Valid() {
		return nil, rule.New(ErrInvalidPeriod, fmt.Sprintf("retention: TerminationNotice %+v is invalid", cfg.TerminationNotice))
	}
	t := &Tracker{rules: cfg.Rules, store: cfg.Store, clock: cfg.Clock, notice: cfg.TerminationNotice, cacheFor: cfg.CacheFor, consents: cfg.Consents}
	if cfg.CacheFor < 0 {
		return nil, rule.New(ErrNotConfigured, fmt.Sprintf("retention: CacheFor %v is negative", cfg.CacheFor))
	}
	if cfg.CacheSize < 0 {
		return nil, rule.New(ErrNotConfigured, fmt.Sprintf("retention: CacheSize %d is negative; leave it zero for DefaultCacheSize", cfg.CacheSize))
	}
	size := cfg.CacheSize
	if size == 0 {
		size = DefaultCacheSize
	}
	t.cache.SetLimit(size)
	if t.notice.IsZero() {
		t.notice = DefaultTerminationNotice
	}
	if err := t.reloadHolds(ctx); err != nil {
		return nil, err
	}
	return t, nil
}

// Rules returns the tracker's rules.
func (t *Tracker) Rules() *Rules { return t.rules }

func (t *Tracker) lock(s subject.ID) *sync.Mutex {
	h := (binary.LittleEndian.Uint64(s[:8]) ^ binary.LittleEndian.Uint64(s[8:])) * 0x9e3779b97f4a7c15
	return &t.locks[h>>58]
}

// Track starts the retention timer of an item and returns it, scheduled
// against the rules and the triggers that already fired. Tracking an item
// again (same subject, purpose and key) reschedules the existing timer
// with the new categories and collection time, unless it was erased.
//
// The item must name a subject, a declared purpose, some of its
// categories, a key and a collection time; otherwise the error matches
// ErrInvalidItem. Data no rule covers is an error matching ErrNoRule, and
// nothing is stored.
func (t *Tracker) Track(ctx context.Context, it Item) (Timer, error) {
	if err := t.validateItem(it); err != nil {
		return Timer{}, err
	}
	mu := t.lock(it.Subject)
	mu.Lock()
	defer mu.Unlock()
	events, err := t.store.Events(ctx, it.Subject)
	if err != nil {
		return Timer{}, fmt.Errorf("retention: loading triggers: %w", err)
	}
	tm := Timer{ID: TimerIDOf(it.Subject, it.Purpose, it.Key)}
	if old, err := t.store.Timer(ctx, tm.ID); err == nil {
		if old.Done() {
			return old, nil
		}
		tm = old
	}
	tm.Item = it
	if err := t.rules.schedule(&tm, events); err != nil {
		return Timer{}, err
	}
	if err := t.store.SaveTimers(ctx, tm); err != nil {
		return Timer{}, fmt.Errorf("retention: saving timer: %w", err)
	}
	t.Invalidate(it.Subject)
	return tm, nil
}

func (t *Tracker) validateItem(it Item) error {
	bad := func(format string, args ...any) error {
		return rule.New(ErrInvalidItem, "retention: item: "+fmt.Sprintf(format, args...))
	}
	switch {
	case it.Subject.IsZero():
		return bad("names no subject")
	case it.Key == "" || len(it.Key) > MaxKeyLen:
		return bad("needs a key of 1 to %d bytes that the service's Eraser understands", MaxKeyLen)
	case it.Collected.IsZero():
		return bad("needs the time it was collected")
	case !clock.InRange(it.Collected):
		return bad("%v", clock.Check(it.Collected, "collection time"))
	case it.Collected.After(t.clock.Now().Add(consent.DefaultFutureTolerance)):
		// A future collection time would push every period and minimum
		// out with it.
		return bad("collected at %s, after the clock's now; pass the time the data was collected", it.Collected.Format(time.RFC3339))
	case it.Categories.IsEmpty():
		return bad("names no categories")
	}
	p, ok := t.rules.reg.Lookup(it.Purpose)
	if !ok {
		return bad("purpose %q is not declared in the policy", it.Purpose)
	}
	if extra := it.Categories.Minus(p.Categories()); !extra.IsEmpty() {
		return bad("%v are not categories of purpose %q", extra, it.Purpose)
	}
	return nil
}

// Trigger records a trigger that fired and reschedules the timers it
// affects: an account closure, a consent withdrawal, a deletion request,
// a purpose achieved. It returns how many timers it rescheduled. A
// malformed event is an error matching ErrInvalidEvent and records
// nothing. Use AnnounceTermination for a service termination.
//
// The event is recorded before the timers are rescheduled; if rescheduling
// fails, the error says so and calling Trigger again with the same event is
// safe (a repeated trigger changes no schedule).
func (t *Tracker) Trigger(ctx context.Context, e Event) (int, error) {
	if e.Kind == ServiceTerminated {
		return 0, rule.New(ErrInvalidEvent, "retention: announce a service termination with AnnounceTermination, which checks the notice period")
	}
	if err := e.validate(t.rules.reg); err != nil {
		return 0, err
	}
	mu := t.lock(e.Subject)
	mu.Lock()
	defer mu.Unlock()
	if err := t.store.AddEvent(ctx, e); err != nil {
		return 0, fmt.Errorf("retention: recording trigger: %w", err)
	}
	defer t.Invalidate(e.Subject)
	timers, err := t.store.SubjectTimers(ctx, e.Subject)
	if err != nil {
		return 0, fmt.Errorf("retention: loading timers: %w", err)
	}
	events, err := t.store.Events(ctx, e.Subject)
	if err != nil {
		return 0, fmt.Errorf("retention: loading triggers: %w", err)
	}
	return t.reschedule(ctx, timers, events)
}

// reschedule recomputes the pending timers among timers and saves those
// whose schedule changed.
func (t *Tracker) reschedule(ctx context.Context, timers []Timer, events []Event) (int, error) {
	var changed []Timer
	for i := range timers {
		tm := &timers[i]
		if tm.Done() {
			continue
		}
		before := *tm
		before.Rules = append([]string(nil), tm.Rules...)
		if err := t.rules.schedule(tm, events); err != nil {
			return 0, err
		}
		if !tm.Due.Equal(before.Due) || !tm.RestrictedFrom.Equal(before.RestrictedFrom) || tm.Cause != before.Cause || tm.Action != before.Action {
			changed = append(changed, *tm)
		}
	}
	if len(changed) == 0 {
		return 0, nil
	}
	if err := t.store.SaveTimers(ctx, changed...); err != nil {
		return 0, fmt.Errorf("retention: saving timers: %w", err)
	}
	return len(changed), nil
}

// Termination is an announced end of the service.
type Termination struct {
	// Announced is when people were told; Effective is when the service
	// stops and the termination trigger fires.
	Announced, Effective time.Time
	// Rescheduled counts the timers whose schedule changed.
	Rescheduled int
}

// AnnounceTermination records that the service stops at effective, as
// announced at announced, and reschedules every pending timer: data ends
// its period at effective (plus each rule's grace), legal minimums and
// holds still apply (PIPL art. 47(1)(2)). The notice must be at
// least the configured TerminationNotice (30 days by default, seed 003
// §五.2), else the error matches ErrNoticeTooShort and nothing changes.
// The caller sends the notices (individually or by announcement). If
// rescheduling fails part-way, calling it again with the same times is
// safe: it records the same termination and finishes the rescheduling.
func (t *Tracker) AnnounceTermination(ctx context.Context, announced, effective time.Time) (Termination, error) {
	if announced.IsZero() || effective.IsZero() {
		return Termination{}, rule.New(ErrInvalidEvent, "retention: a termination needs its announcement and effective times")
	}
	for _, at := range []time.Time{announced, effective} {
		if err := clock.Check(at, "termination time"); err != nil {
			return Termination{}, rule.New(ErrInvalidEvent, "retention: "+err.Error())
		}
	}
	if effective.Before(t.notice.End(announced)) {
		return Termination{}, rule.New(ErrNoticeTooShort, fmt.Sprintf("retention: termination effective %s gives less than the promised %v of notice from %s; announce it earlier or stop later", effective.Format(time.RFC3339), t.notice, announced.Format(time.RFC3339)))
	}
	e := Event{Kind: ServiceTerminated, At: effective}
	if err := t.store.AddEvent(ctx, e); err != nil {
		return Termination{}, fmt.Errorf("retention: recording termination: %w", err)
	}
	term := Termination{Announced: announced, Effective: effective}
	var after TimerID
	for {
		page, err := t.store.Pending(ctx, after, 500)
		if err != nil {
			return term, fmt.Errorf("retention: loading timers: %w", err)
		}
		if len(page) == 0 {
			break
		}
		after = page[len(page)-1].ID
		bySubject := map[subject.ID][]Timer{}
		for _, tm := range page {
			bySubject[tm.Subject] = append(bySubject[tm.Subject], tm)
		}
		for s, timers := range bySubject {
			n, err := t.rescheduleSubject(ctx, s, timers)
			term.Rescheduled += n
			if err != nil {
				return term, err
			}
		}
	}
	t.cache.Clear()
	return term, nil
}

func (t *Tracker) rescheduleSubject(ctx context.Context, s subject.ID, timers []Timer) (int, error) {
	mu := t.lock(s)
	mu.Lock()
	defer mu.Unlock()
	events, err := t.store.Events(ctx, s)
	if err != nil {
		return 0, fmt.Errorf("retention: loading triggers: %w", err)
	}
	return t.reschedule(ctx, timers, events)
}

// Timers returns a subject's timers, erased ones included.
func (t *Tracker) Timers(ctx context.Context, s subject.ID) ([]Timer, error) {
	return t.store.SubjectTimers(ctx, s)
}

// Proofs returns the proofs of erasure of a subject's data.
func (t *Tracker) Proofs(ctx context.Context, s subject.ID) ([]Proof, error) {
	return t.store.Proofs(ctx, s)
}

// StateOf returns the state of one tracked item at at, holds included: a
// held item past its due time is Restricted.
func (t *Tracker) StateOf(ctx context.Context, id TimerID, at time.Time) (State, error) {
	tm, err := t.store.Timer(ctx, id)
	if err != nil {
		return Active, err
	}
	st := tm.StateAt(at)
	if st == Due {
		if _, held := t.holdOn(&tm, at); held {
			st = Restricted
		}
	}
	return st, nil
}

// Invalidate drops the cached view of a subject, so the next Check reads
// the store. Call it when another process changed the subject's timers.
func (t *Tracker) Invalidate(s subject.ID) { t.cache.Delete(s) }

// ConsentChanged fires ConsentWithdrawn for each purpose of a consent
// withdrawal or expiry appended to the ledger (PIPL art. 47(1)(3): the
// consent the data rests on is gone), and Objected for each purpose of an
// objection, and returns how many timers it rescheduled. Grants,
// restrictions and lifts change nothing. Call it with the event
// Ledger.Append returned.
func (t *Tracker) ConsentChanged(ctx context.Context, e consent.Event) (int, error) {
	kind := ConsentWithdrawn
	switch e.Kind {
	case consent.Withdraw, consent.Expire:
		if len(e.Recipients) > 0 {
			return 0, nil // consent to the purpose itself stands (PIPL art. 23)
		}
	case consent.Object:
		kind = Objected
	default:
		return 0, nil
	}
	at := e.Effective
	if at.IsZero() {
		at = e.Recorded
	}
	standing, err := t.standing(ctx, e, at)
	if err != nil {
		return 0, err
	}
	total := 0
	for _, p := range e.Purposes {
		if standing[p.ID] {
			continue
		}
		n, err := t.Trigger(ctx, Event{Kind: kind, Subject: e.Subject, Purpose: p.ID, At: at})
		total += n
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

// ConsentView answers what a subject had consented to at an instant; a
// *consent.Ledger is one.
type ConsentView interface {
	StateAt(ctx context.Context, id subject.ID, t time.Time) (consent.State, error)
}

// standing returns the purposes of a withdrawal or expiry of one consent
// record (e.Ends) that another consent still covers at at, when
// Config.Consents can tell; nil otherwise.
func (t *Tracker) standing(ctx context.Context, e consent.Event, at time.Time) (map[purpose.ID]bool, error) {
	if t.consents == nil || e.Kind == consent.Object || e.Ends == ([16]byte{}) {
		return nil, nil
	}
	st, err := t.consents.StateAt(ctx, e.Subject, at)
	if err != nil {
		return nil, fmt.Errorf("retention: reading the consent that remains: %w", err)
	}
	out := map[purpose.ID]bool{}
	for _, ref := range e.Purposes {
		p, ok := t.rules.Registry().Lookup(ref.ID)
		if !ok {
			continue
		}
		switch st.Consent(p, "").Status {
		case consent.Given, consent.Stale:
			out[ref.ID] = true // the person still consents; a stale one awaits re-consent
		}
	}
	return out, nil
}
