package retention

import (
	"context"
	"encoding/binary"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lawfulgo/lawful/clock"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/internal/ctxerr"
	"github.com/lawfulgo/lawful/internal/idmap"
	"github.com/lawfulgo/lawful/internal/rule"
	"github.com/lawfulgo/lawful/pii"
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
	rules  *Rules
	store  Store
	clock  Clock
	notice Period

	locks [64]sync.Mutex
	holds atomic.Pointer[[]Hold]

	// cache keeps, for up to Config.CacheSize subjects, what Check needs;
	// reading it takes no lock.
	cache    idmap.Map[subject.ID, cached]
	cacheFor time.Duration
}

// cached is a subject's pending timers that restrict or are due by a
// trigger, when they were read, and the latest instant the store records
// for the subject (its latest trigger).
type cached struct {
	timers []Timer
	ends   []string // the rule that ended each timer's period
	events []Event  // the subject's triggers, for items the caller names
	at     time.Time
	floor  time.Time
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
	t := &Tracker{rules: cfg.Rules, store: cfg.Store, clock: cfg.Clock, notice: cfg.TerminationNotice, cacheFor: cfg.CacheFor}
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

// RefreshHolds reloads the legal holds from the store. Sweep calls it
// before erasing; call it when another process may have placed or released
// a hold and this one's Guard must see it at once.
func (t *Tracker) RefreshHolds(ctx context.Context) error { return t.reloadHolds(ctx) }

func (t *Tracker) reloadHolds(ctx context.Context) error {
	hs, err := t.store.Holds(ctx)
	if err != nil {
		return fmt.Errorf("retention: loading holds: %w", err)
	}
	t.holds.Store(&hs)
	return nil
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

// PlaceHold records a legal hold. Erasure of the items it covers waits
// until it ends or is released; data past its period stays restricted.
// Placing a hold with an existing ID replaces it. A malformed hold is an
// error matching ErrInvalidHold.
func (t *Tracker) PlaceHold(ctx context.Context, h Hold) error {
	if err := h.validate(); err != nil {
		return err
	}
	if err := t.store.SaveHold(ctx, h); err != nil {
		return fmt.Errorf("retention: saving hold: %w", err)
	}
	return t.reloadHolds(ctx)
}

// ReleaseHold ends the hold with the ID at at. Items it held become due
// again at the next sweep. An unknown ID matches ErrNotFound.
func (t *Tracker) ReleaseHold(ctx context.Context, id string, at time.Time) error {
	if at.IsZero() {
		return rule.New(ErrInvalidHold, "retention: ReleaseHold needs the release time")
	}
	for _, h := range t.Holds() {
		if h.ID == id {
			h.Released = at
			if err := t.store.SaveHold(ctx, h); err != nil {
				return fmt.Errorf("retention: saving hold: %w", err)
			}
			if err := t.reloadHolds(ctx); err != nil {
				return err
			}
			return t.clearHeld(ctx, id)
		}
	}
	return rule.New(ErrNotFound, fmt.Sprintf("retention: no hold %q", id))
}

// clearHeld lets the sweeper retry items the released hold had deferred.
func (t *Tracker) clearHeld(ctx context.Context, id string) error {
	var after TimerID
	for {
		page, err := t.store.Pending(ctx, after, 500)
		if err != nil {
			return fmt.Errorf("retention: loading timers: %w", err)
		}
		if len(page) == 0 {
			return nil
		}
		after = page[len(page)-1].ID
		var changed []Timer
		for _, tm := range page {
			if tm.HeldBy == id {
				tm.HeldBy, tm.NotBefore = "", time.Time{}
				changed = append(changed, tm)
			}
		}
		if len(changed) > 0 {
			if err := t.store.SaveTimers(ctx, changed...); err != nil {
				return fmt.Errorf("retention: saving timers: %w", err)
			}
		}
	}
}

// Holds returns the holds, released ones included.
func (t *Tracker) Holds() []Hold {
	return append([]Hold(nil), *t.holds.Load()...)
}

// holdOn returns the hold suspending erasure of tm at at, if any.
func (t *Tracker) holdOn(tm *Timer, at time.Time) (*Hold, bool) {
	hs := *t.holds.Load()
	for i := range hs {
		if hs[i].Covers(tm) && hs[i].ActiveAt(at) {
			return &hs[i], true
		}
	}
	return nil, false
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

// Verdict is a Tracker's answer for a subject's data in some categories of
// a purpose at an instant.
type Verdict struct {
	// State is Active, Restricted or Due.
	State State
	// Timer is the item that decided it; zero for Active.
	Timer TimerID
	// Cause is the trigger that ended the item's period.
	Cause Trigger
	// Until is when a Restricted item will be erased (zero while a hold
	// keeps it); Cites names the legal minimum keeping it.
	Until time.Time
	Cites string
	// Hold is the legal hold keeping a Restricted item, if any.
	Hold string
	// Rule is the ID of the retention rule whose end ended the item's
	// period, when several rules cover it.
	Rule string
}

// Check answers whether the subject's data of purpose p in cats is
// restricted or due at at. It looks at items whose period a trigger ended
// (deletion request, withdrawal, closure, purpose achieved, termination):
// once such an item is due, nothing may process the purpose's data in
// those categories (Due) until the sweeper erases it; while a legal minimum
// or a hold keeps it, only storage is allowed (Restricted, PIPL art. 47
// para 2). Items whose own period simply ran out are the Sweeper's to
// erase and do not change the answer, so rolling data such as logs stays
// usable while old entries wait for their sweep; ask StateOf for one
// item.
//
// Check reads the store once per subject and then answers from memory,
// without allocating, until this Tracker changes the subject, Invalidate
// is called, Config.CacheFor passes, or the subject is dropped from the
// bounded cache (Config.CacheSize).
func (t *Tracker) Check(ctx context.Context, s subject.ID, p purpose.ID, cats pii.Set, at time.Time) (Verdict, error) {
	c, err := t.cached(ctx, s)
	if err != nil {
		return Verdict{State: Due}, err
	}
	return t.verdict(c, p, cats, at), nil
}

// CheckItem answers for one item of the subject's data, named by its key
// and collection time, as Check answers for the subject's data in cats:
// first what the subject's triggers did to the purpose's data (Check),
// then the item's own period under the rules, so an item past its own
// period is Due even while newer items of the same categories are not.
// The Verdict names the rule that ended the item's period (Verdict.Rule).
// With live set, it answers no earlier than the subject's latest trigger
// (see CheckLive). The item need not have been tracked; its schedule is
// computed from the rules and the subject's triggers.
func (t *Tracker) CheckItem(ctx context.Context, s subject.ID, p purpose.ID, cats pii.Set, key string, collected, at time.Time, live bool) (Verdict, error) {
	c, err := t.cached(ctx, s)
	if err != nil {
		return Verdict{State: Due}, err
	}
	if live && c.floor.After(at) {
		at = c.floor
	}
	if v := t.verdict(c, p, cats, at); v.State != Active {
		return v, nil
	}
	it := Item{Subject: s, Purpose: p, Categories: cats, Key: key, Collected: collected}
	if err := t.validateItem(it); err != nil {
		return Verdict{State: Due}, err
	}
	tm := Timer{ID: TimerIDOf(s, p, key), Item: it}
	why, err := t.rules.scheduleWhy(&tm, c.events)
	if err != nil {
		return Verdict{State: Due}, err
	}
	v := Verdict{State: tm.StateAt(at), Timer: tm.ID, Cause: tm.Cause, Rule: why, Until: tm.Due, Cites: tm.MinimumCites}
	if v.State == Due {
		if h, held := t.holdOn(&tm, at); held {
			v.State, v.Hold, v.Until = Restricted, h.ID, time.Time{}
		}
	}
	if v.State == Active {
		return Verdict{}, nil
	}
	return v, nil
}

// CheckLive is Check for a question about now, as the Guard asks it: the
// answer is taken at now or at the subject's latest recorded trigger,
// whichever is later, so a clock that stepped back cannot undo a deletion
// request, withdrawal or closure the store holds.
func (t *Tracker) CheckLive(ctx context.Context, s subject.ID, p purpose.ID, cats pii.Set, now time.Time) (Verdict, error) {
	c, err := t.cached(ctx, s)
	if err != nil {
		return Verdict{State: Due}, err
	}
	if c.floor.After(now) {
		now = c.floor
	}
	return t.verdict(c, p, cats, now), nil
}

// cached returns the subject's view from the cache, or loads it.
func (t *Tracker) cached(ctx context.Context, s subject.ID) (*cached, error) {
	if ctx == nil {
		return nil, fmt.Errorf("retention: %w", ctxerr.ErrNil)
	}
	c := t.cache.Load(s)
	if c != nil && t.cacheFor > 0 && t.clock.Now().Sub(c.at) > t.cacheFor {
		c = nil // another instance may have changed the subject since
	}
	if c != nil {
		return c, nil
	}
	return t.load(ctx, s)
}

// verdict evaluates the subject's pending timers for p and cats at at.
func (t *Tracker) verdict(c *cached, p purpose.ID, cats pii.Set, at time.Time) Verdict {
	var v Verdict
	for i := range c.timers {
		tm := &c.timers[i]
		if tm.Purpose != p || !tm.Categories.Overlaps(cats) {
			continue
		}
		switch tm.StateAt(at) {
		case Due:
			if h, held := t.holdOn(tm, at); held {
				if v.State < Restricted {
					v = Verdict{State: Restricted, Timer: tm.ID, Cause: tm.Cause, Rule: c.ends[i], Hold: h.ID, Cites: tm.MinimumCites}
				}
				continue
			}
			return Verdict{State: Due, Timer: tm.ID, Cause: tm.Cause, Rule: c.ends[i]}
		case Restricted:
			if v.State < Restricted {
				v = Verdict{State: Restricted, Timer: tm.ID, Cause: tm.Cause, Rule: c.ends[i], Until: tm.Due, Cites: tm.MinimumCites}
			}
		}
	}
	return v
}

func (t *Tracker) load(ctx context.Context, s subject.ID) (*cached, error) {
	// Under the subject's lock, so no Track or Trigger for s saves between
	// the read and the cache write (which would cache a stale view).
	mu := t.lock(s)
	mu.Lock()
	defer mu.Unlock()
	all, err := t.store.SubjectTimers(ctx, s)
	if err != nil {
		return nil, fmt.Errorf("retention: loading timers: %w", err)
	}
	events, err := t.store.Events(ctx, s)
	if err != nil {
		return nil, fmt.Errorf("retention: loading triggers: %w", err)
	}
	c := &cached{}
	for _, e := range events {
		if e.Subject == s && e.At.After(c.floor) {
			c.floor = e.At
		}
	}
	keep := all[:0]
	for _, tm := range all {
		if !tm.Done() && (!tm.RestrictedFrom.IsZero() || tm.Cause.Ends()) {
			keep = append(keep, tm)
		}
	}
	c.timers = keep[:len(keep):len(keep)]
	c.events = events
	c.ends = make([]string, len(c.timers))
	for i := range c.timers {
		tm := c.timers[i]
		tm.Rules = slices.Clone(tm.Rules) // scheduleWhy reuses the slice
		c.ends[i], _ = t.rules.scheduleWhy(&tm, events)
	}
	if t.cacheFor > 0 {
		c.at = t.clock.Now()
	}
	t.cache.Store(s, c)
	return c, nil
}

// ConsentChanged fires ConsentWithdrawn for each purpose of a consent
// withdrawal or expiry appended to the ledger (PIPL art. 47(1)(3): the
// consent the data rests on is gone), and returns how many timers it
// rescheduled. Grants change nothing. Call it with the event Ledger.Append
// returned.
func (t *Tracker) ConsentChanged(ctx context.Context, e consent.Event) (int, error) {
	if e.Kind != consent.Withdraw && e.Kind != consent.Expire {
		return 0, nil
	}
	at := e.Effective
	if at.IsZero() {
		at = e.Recorded
	}
	total := 0
	for _, p := range e.Purposes {
		n, err := t.Trigger(ctx, Event{Kind: ConsentWithdrawn, Subject: e.Subject, Purpose: p.ID, At: at})
		total += n
		if err != nil {
			return total, err
		}
	}
	return total, nil
}
