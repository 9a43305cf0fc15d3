package retention

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/lawfulgo/lawful/internal/ctxerr"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

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
