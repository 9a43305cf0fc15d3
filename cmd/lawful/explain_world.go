package main

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

// steppedClock is the world's clock: explain sets it to each event's
// time as it appends the event, then to now for the request. It only
// moves forward.
type steppedClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *steppedClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *steppedClock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.After(c.t) {
		c.t = t
	}
}

// built is the in-memory world a request file describes: a Service over
// the policy, the subject and guardians in its directory, the events in
// its ledger.
type built struct {
	svc   *lawful.Service
	dir   *subject.MemDirectory
	clock *steppedClock
	// index maps a stored consent event's ID to its place in the file.
	index map[uuid.UUID]int
}

// build makes the world: lawful.New with the policy and the file's
// regimes, the subject and guardians put in the directory, each event
// appended through the Ledger when the clock reads its time (the Tracker
// told, as a service would), and the clock set to now.
func (w *world) build(ctx context.Context, reg *purpose.Registry) (*built, error) {
	b := &built{dir: &subject.MemDirectory{}, clock: &steppedClock{t: w.start}, index: map[uuid.UUID]int{}}
	svc, err := lawful.New(ctx, lawful.Options{Policy: reg, Directory: b.dir, Clock: b.clock, Regime: w.regime, Jurisdictions: w.jurisdictions})
	if err != nil {
		return nil, fmt.Errorf("building the world: %s", trimLawful(err.Error()))
	}
	b.svc = svc
	for _, g := range w.guardians {
		if err := b.dir.Put(g.s, w.now); err != nil {
			return nil, fmt.Errorf("guardian %q: %w", g.name, err)
		}
	}
	if err := b.dir.Put(w.subject, w.now); err != nil {
		return nil, fmt.Errorf("subject: %w", err)
	}
	grants := map[string]uuid.UUID{}
	for _, ev := range w.events {
		if err := w.appendEvent(ctx, b, ev, grants); err != nil {
			return nil, fmt.Errorf("events[%d]: %s", ev.index, trimLawful(err.Error()))
		}
	}
	b.clock.set(w.now)
	return b, nil
}

func (w *world) appendEvent(ctx context.Context, b *built, ev worldEvent, grants map[string]uuid.UUID) error {
	e := ev.e.Clone()
	for _, g := range w.guardians {
		if g.name == ev.by && ev.by != "" {
			e.By.Guardian = g.s.ID
		}
	}
	if ev.ends != "" {
		id, ok := grants[ev.ends]
		if !ok {
			return fmt.Errorf("ends: no grant named %q before this event", clip(ev.ends))
		}
		e.Ends = id
	}
	if ev.name != "" {
		if _, dup := grants[ev.name]; dup {
			return fmt.Errorf("name: a grant named %q was recorded before", clip(ev.name))
		}
	}
	b.clock.set(ev.at)
	stored, err := b.svc.Ledger().Append(ctx, e)
	if err != nil {
		return err
	}
	b.index[stored.ID] = ev.index
	if ev.name != "" {
		grants[ev.name] = stored.ID
	}
	if _, err := b.svc.Tracker().ConsentChanged(ctx, stored); err != nil {
		return fmt.Errorf("retention: %w", err)
	}
	return nil
}

// eventName names a consent event by its place in the request file.
func (b *built) eventName(id uuid.UUID) string {
	if id == (uuid.UUID{}) {
		return ""
	}
	if i, ok := b.index[id]; ok {
		return fmt.Sprintf("events[%d]", i)
	}
	return "an event not in the file"
}

func trimLawful(msg string) string {
	for _, p := range []string{"lawful: ", "consent: "} {
		msg = strings.TrimPrefix(msg, p)
	}
	return msg
}
