package retention

import (
	"context"
	"fmt"
	"time"

	"github.com/lawfulgo/lawful/internal/rule"
)

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
