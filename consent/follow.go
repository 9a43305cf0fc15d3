package consent

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lawfulgo/lawful/subject"
)

// Defaults of a Follower whose FollowerConfig leaves a field zero.
const (
	DefaultFollowInterval = time.Second
	DefaultFollowBatch    = 1000
)

// StalenessUnbounded is what Follower.Staleness reports before the first
// successful poll: nothing bounds how stale the caches are.
const StalenessUnbounded = time.Duration(math.MaxInt64)

// FeedHead is an optional ChangeFeed capability: the cursor of the newest
// change (0 for an empty feed). A Follower starting from cursor 0 uses it
// to begin at the end of a long feed instead of reading all of it.
type FeedHead interface {
	HeadCursor(ctx context.Context) (uint64, error)
}

// FollowerConfig configures a Follower. Ledgers is required; every other
// field has a documented default for its zero value.
type FollowerConfig struct {
	// Ledgers are the caches to keep in step with the store: usually the
	// one Ledger of this instance. They must read the store Feed describes.
	Ledgers []*Ledger
	// Feed is the change feed to poll; nil means the first Ledger's Store,
	// which must then implement ChangeFeed.
	Feed ChangeFeed
	// Interval is the time between polls in Run; zero means
	// DefaultFollowInterval.
	Interval time.Duration
	// Batch is the number of changes asked for by one Changes call; zero
	// means DefaultFollowBatch. A poll reads pages until the feed is
	// drained.
	Batch int
	// After is the cursor to follow from: changes after it are applied.
	// Zero means from now on if Feed implements FeedHead (the first poll
	// jumps to the head of the feed and empties the Ledgers' caches, so
	// nothing loaded before is trusted), else from the start of the feed.
	After uint64
	// Clock measures staleness; nil means SystemClock.
	Clock Clock
	// OnError is called with the error of each failed poll in Run; nil
	// means failures show only in Staleness, which keeps growing.
	OnError func(error)
}

// Follower keeps the snapshot caches of Ledgers in step with appends made
// through other Ledgers (other processes) on the same store, by polling
// the store's ChangeFeed and invalidating the cached snapshot of every
// subject that changed. Build one per instance with NewFollower and run
// it with Run, or call Poll. It is safe for concurrent use.
//
// # Staleness
//
// A poll that starts at time P reads every change committed before P, and
// invalidates each subject whose cached snapshot is behind the change, so
// its next read loads it afresh. After the poll succeeds, a read reflects
// every append committed before P: Staleness reports now - P, the bound
// the Guard reports with its decisions. So a withdrawal appended through
// instance A is visible to instance B's Guard at most one poll interval
// (plus one poll's duration) after A's append returned. Appends through
// the instance's own Ledger are visible to it at once; the Follower leaves
// snapshots that are already at a change's Seq alone.
//
// A read that must not be stale at all (staleness zero) is a read-through:
// call Ledger.Invalidate(id) just before reading the subject, which costs
// one store Load per read, and report staleness zero
// (lawful.Freshness.ReadThrough does this). Invalidate also fences a Load
// of the same subject already under way in another goroutine: a Load that
// began before it is not cached. The Follower cannot make cached reads
// fresher than its interval; that is the price of not asking the store on
// every decision.
//
// When polls fail (the database is down), the caches keep serving what
// they hold and Staleness grows, so the Guard's reported bound shows the
// outage; a service that must fail closed sets lawful.Freshness.Max.
//
// A snapshot whose Load read the store just before an append and is
// cached just after the poll that saw the append would be stale until the
// subject changed again; each poll therefore checks again the subjects
// the previous poll saw, which catches a Load that took less than one
// interval.
type Follower struct {
	ledgers  []*Ledger
	feed     ChangeFeed
	interval time.Duration
	batch    int
	clock    Clock
	onError  func(error)

	mu      sync.Mutex // serialises polls; guards the fields below
	cursor  uint64
	started bool
	recent  map[subject.ID]uint64 // the previous poll's changes: subject to Seq

	lastStart atomic.Pointer[time.Time] // start of the last successful poll
	pos       atomic.Uint64             // cursor, for Cursor without the lock
}

// NewFollower returns a Follower for cfg. It fails with an error wrapping
// ErrNotConfigured if cfg names no Ledger, a nil one, no feed, or a
// negative interval or batch. It starts no goroutine.
func NewFollower(cfg FollowerConfig) (*Follower, error) {
	if len(cfg.Ledgers) == 0 {
		return nil, fmt.Errorf("%w: FollowerConfig needs the Ledgers whose caches to keep in step", ErrNotConfigured)
	}
	for i, l := range cfg.Ledgers {
		if l == nil {
			return nil, fmt.Errorf("%w: FollowerConfig.Ledgers[%d] is nil", ErrNotConfigured, i)
		}
	}
	if cfg.Interval < 0 || cfg.Batch < 0 {
		return nil, fmt.Errorf("%w: FollowerConfig.Interval %v and Batch %d must not be negative", ErrNotConfigured, cfg.Interval, cfg.Batch)
	}
	f := &Follower{
		ledgers: append([]*Ledger(nil), cfg.Ledgers...), feed: cfg.Feed, interval: cfg.Interval,
		batch: cfg.Batch, clock: cfg.Clock, onError: cfg.OnError, cursor: cfg.After,
	}
	if f.feed == nil {
		feed, ok := cfg.Ledgers[0].Store().(ChangeFeed)
		if !ok {
			return nil, fmt.Errorf("%w: the Ledger's Store (%T) has no change feed; set FollowerConfig.Feed or use a store that implements consent.ChangeFeed", ErrNotConfigured, cfg.Ledgers[0].Store())
		}
		f.feed = feed
	}
	if f.interval == 0 {
		f.interval = DefaultFollowInterval
	}
	if f.batch == 0 {
		f.batch = DefaultFollowBatch
	}
	if f.clock == nil {
		f.clock = SystemClock{}
	}
	f.pos.Store(f.cursor)
	return f, nil
}

// Interval returns the time between polls in Run.
func (f *Follower) Interval() time.Duration { return f.interval }

// SetLedgers replaces the Ledgers the Follower keeps in step, e.g. the
// Ledger a policy reload built; the cursor carries on, and each new Ledger
// starts with an empty cache, so nothing it reads predates the next poll.
// At least one non-nil Ledger is required.
func (f *Follower) SetLedgers(ls ...*Ledger) error {
	if len(ls) == 0 || slices.Contains(ls, nil) {
		return fmt.Errorf("%w: SetLedgers needs at least one Ledger and no nil one", ErrNotConfigured)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ledgers = slices.Clone(ls)
	return nil
}

// Cursor returns the cursor of the last change applied.
func (f *Follower) Cursor() uint64 { return f.pos.Load() }

// Staleness returns how stale a cached read may be now: the time since the
// last successful poll started, or StalenessUnbounded before the first
// one. It takes no lock and does not allocate.
func (f *Follower) Staleness() time.Duration {
	p := f.lastStart.Load()
	if p == nil {
		return StalenessUnbounded
	}
	return max(f.clock.Now().Sub(*p), 0)
}

// Poll reads every change after the cursor, invalidates the cached
// snapshots that are behind them and advances the cursor; then it checks
// again the subjects the previous poll saw. Staleness counts from the
// start of the last Poll that returned nil. A failed Poll keeps what it
// applied and reports the error; the next one continues from there.
// Tests call Poll to step the Follower without waiting.
func (f *Follower) Poll(ctx context.Context) error {
	if err := ctxErr(ctx); err != nil {
		return fmt.Errorf("consent: follow: %w", err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	start := f.clock.Now()
	if !f.started {
		if h, ok := f.feed.(FeedHead); ok && f.cursor == 0 {
			head, err := h.HeadCursor(ctx)
			if err != nil {
				return fmt.Errorf("consent: follow: reading the feed's head: %w", err)
			}
			for _, l := range f.ledgers {
				l.invalidateAll()
			}
			f.cursor = head
			f.pos.Store(head)
		}
		f.started = true
	}
	previous := f.recent
	f.recent = map[subject.ID]uint64{}
	for {
		page, err := f.feed.Changes(ctx, f.cursor, f.batch)
		if err != nil {
			f.refresh(previous)
			return fmt.Errorf("consent: follow: reading changes after cursor %d: %w", f.cursor, err)
		}
		for _, c := range page {
			if c.Cursor <= f.cursor {
				f.refresh(previous)
				return fmt.Errorf("consent: follow: the feed returned cursor %d after %d; a ChangeFeed must return cursors in increasing order", c.Cursor, f.cursor)
			}
			f.recent[c.Subject] = max(f.recent[c.Subject], c.Seq)
			for _, l := range f.ledgers {
				l.invalidateBefore(c.Subject, c.Seq)
			}
			f.cursor = c.Cursor
			f.pos.Store(c.Cursor)
		}
		if len(page) < f.batch {
			break
		}
	}
	f.refresh(previous)
	f.lastStart.Store(&start)
	return nil
}

// refresh invalidates, in every Ledger, the snapshots behind seen.
func (f *Follower) refresh(seen map[subject.ID]uint64) {
	for id, seq := range seen {
		for _, l := range f.ledgers {
			l.invalidateBefore(id, seq)
		}
	}
}

// Run polls every Interval until ctx is done, then returns ctx.Err(). The
// first poll is at once. A failed poll is reported to OnError and retried
// at the next tick.
func (f *Follower) Run(ctx context.Context) error {
	if err := ctxErr(ctx); err != nil {
		return fmt.Errorf("consent: follower: %w", err)
	}
	tick := time.NewTicker(f.interval)
	defer tick.Stop()
	for {
		if err := f.Poll(ctx); err != nil && ctx.Err() == nil && f.onError != nil {
			f.onError(err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}

// invalidateBefore drops the cached snapshot of id if it reflects fewer
// than seq events.
func (l *Ledger) invalidateBefore(id subject.ID, seq uint64) {
	l.snaps.Update(id, func(s *Snapshot) *Snapshot {
		if s != nil && s.head.Seq < seq {
			return nil
		}
		return s
	})
	if seq > 0 {
		l.empty.Delete(id)
	}
}

// invalidateAll drops every cached snapshot.
func (l *Ledger) invalidateAll() {
	for i := range l.gens {
		l.gens[i].Add(1) // loads under way must not cache what they read
	}
	l.snaps.Clear()
	l.empty.Clear()
}
