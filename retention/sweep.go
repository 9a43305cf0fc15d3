package retention

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/lawfulgo/lawful/internal/ctxerr"
	"github.com/lawfulgo/lawful/internal/rule"
)

// Eraser erases items: the service implements it, since only the service
// knows where an item's Key lives. Erase must delete or anonymise the item
// as t.Action says, and must be idempotent: erasing an item that is
// already gone returns nil, because sweeps are at-least-once (a crash
// between Erase and recording the proof repeats the Erase).
type Eraser interface {
	Erase(ctx context.Context, t Timer) error
}

// ShreddingEraser is an Eraser that may erase by crypto-shredding:
// destroying the key that sealed the subject's data (pii/seal's
// Sealer.Shred), which makes every copy unreadable, backups included. A
// Sweeper calls EraseShredding instead of Erase and records the answer in
// the Proof's KeyShredded (PIPL art. 47; GDPR art. 17). It reports
// shredded only when the key is gone (a key already shredded counts), and
// must be idempotent as Erase is. Shred the key only when the timer's
// item is all of the subject's sealed data that is due (an account
// closure, a deletion request), since it unseals nothing else either.
type ShreddingEraser interface {
	Eraser
	EraseShredding(ctx context.Context, t Timer) (shredded bool, err error)
}

// EraserFunc adapts a function to Eraser.
type EraserFunc func(ctx context.Context, t Timer) error

// Erase calls f.
func (f EraserFunc) Erase(ctx context.Context, t Timer) error { return f(ctx, t) }

// Sweeper erases due items through the service's Eraser and keeps a Proof
// of each erasure. Build one with NewSweeper; it is safe for concurrent
// use, and several sweepers may share a Store (an item erased twice keeps
// one proof).
type Sweeper struct {
	tracker *Tracker
	eraser  Eraser
	batch   int
	backoff func(attempt int) time.Duration
}

// SweeperConfig configures a Sweeper.
type SweeperConfig struct {
	// Batch is how many due items one store read returns; zero means 100.
	Batch int
	// Backoff is the delay before retrying an item whose erasure failed
	// for the attempt-th time; nil means one minute doubling per attempt,
	// capped at one day.
	Backoff func(attempt int) time.Duration
}

// NewSweeper returns a Sweeper erasing the tracker's due items with e.
func NewSweeper(t *Tracker, e Eraser, cfg SweeperConfig) (*Sweeper, error) {
	if t == nil || e == nil {
		return nil, rule.New(ErrNotConfigured, "retention: NewSweeper needs a Tracker and an Eraser")
	}
	if cfg.Batch < 0 {
		return nil, rule.New(ErrNotConfigured, fmt.Sprintf("retention: Batch %d is negative", cfg.Batch))
	}
	s := &Sweeper{tracker: t, eraser: e, batch: cfg.Batch, backoff: cfg.Backoff}
	if s.batch == 0 {
		s.batch = 100
	}
	if s.backoff == nil {
		s.backoff = DefaultBackoff
	}
	return s, nil
}

// DefaultBackoff waits one minute after the first failure, doubling per
// attempt, capped at 24 hours.
func DefaultBackoff(attempt int) time.Duration {
	if attempt < 1 {
		attempt = 1
	}
	if attempt > 11 {
		return 24 * time.Hour
	}
	return min(time.Minute<<(attempt-1), 24*time.Hour)
}

// Report sums up one sweep.
type Report struct {
	// Erased items, each with its proof.
	Erased []Proof
	// Held counts items a legal hold kept.
	Held int
	// Failed counts items whose Erase failed; they are retried after a
	// backoff.
	Failed int
}

// Sweep erases every item due at the clock's now, in batches, and returns
// what it did. It first reloads the legal holds from the store, so a hold
// placed by another process is honoured. An Eraser error is not a Sweep error: the item is retried
// after a backoff and counted in Failed. A held item is skipped until its
// hold ends and counted in Held. Sweep returns early with the context's
// error when ctx is done, and with the store's error when the store fails;
// items already erased keep their proofs.
func (s *Sweeper) Sweep(ctx context.Context) (Report, error) {
	var rep Report
	now := s.tracker.clock.Now()
	if now.IsZero() {
		return rep, rule.New(ErrNotConfigured, "retention: the clock returned the zero time")
	}
	// Holds placed through another process must stop this sweep: read
	// them from the store first, and fail closed if that fails.
	if err := s.tracker.RefreshHolds(ctx); err != nil {
		return rep, err
	}
	store := s.tracker.store
	for {
		if err := ctxerr.Err(ctx); err != nil {
			return rep, err
		}
		batch, err := store.Due(ctx, now, s.batch)
		if err != nil {
			return rep, fmt.Errorf("retention: reading due timers: %w", err)
		}
		if len(batch) == 0 {
			return rep, nil
		}
		for i := range batch {
			if err := ctxerr.Err(ctx); err != nil {
				return rep, err
			}
			if err := s.one(ctx, &batch[i], now, &rep); err != nil {
				return rep, err
			}
		}
	}
}

// one erases one due timer, or defers it.
func (s *Sweeper) one(ctx context.Context, tm *Timer, now time.Time, rep *Report) error {
	store := s.tracker.store
	if h, held := s.tracker.holdOn(tm, now); held {
		tm.HeldBy = h.ID
		tm.NotBefore = h.Until
		if tm.NotBefore.IsZero() {
			// Open-ended: look again in a day, or when it is released.
			tm.NotBefore = now.Add(24 * time.Hour)
		}
		rep.Held++
		if err := store.SaveTimers(ctx, *tm); err != nil {
			return fmt.Errorf("retention: saving timer: %w", err)
		}
		return nil
	}
	shredded, err := s.erase(ctx, tm)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		tm.Attempts++
		tm.LastError = err.Error()
		tm.NotBefore = now.Add(s.backoff(tm.Attempts))
		rep.Failed++
		if err := store.SaveTimers(ctx, *tm); err != nil {
			return fmt.Errorf("retention: saving timer: %w", err)
		}
		return nil
	}
	p := newProof(tm, now, shredded)
	fresh, err := store.Complete(ctx, p)
	switch {
	case err != nil && errors.Is(err, ErrNotFound):
		return nil // erased and forgotten elsewhere
	case err != nil:
		return fmt.Errorf("retention: recording proof: %w", err)
	}
	if fresh {
		rep.Erased = append(rep.Erased, p)
	}
	s.tracker.Invalidate(tm.Subject)
	return nil
}

// erase erases tm through the Eraser, and says whether the subject's key
// was shredded.
func (s *Sweeper) erase(ctx context.Context, tm *Timer) (bool, error) {
	if se, ok := s.eraser.(ShreddingEraser); ok {
		return se.EraseShredding(ctx, *tm)
	}
	return false, s.eraser.Erase(ctx, *tm)
}

// Run sweeps every interval until ctx is done, and returns ctx's error.
// Sweep errors are passed to onError (which may be nil) and the loop goes
// on: a store outage delays erasure, it does not stop it.
func (s *Sweeper) Run(ctx context.Context, every time.Duration, onError func(error)) error {
	if every <= 0 {
		return rule.New(ErrNotConfigured, "retention: Run needs a positive interval")
	}
	if err := ctxerr.Err(ctx); err != nil {
		return fmt.Errorf("retention: sweeper: %w", err)
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		if _, err := s.Sweep(ctx); err != nil && ctx.Err() == nil && onError != nil {
			onError(err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}
