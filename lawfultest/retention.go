package lawfultest

import (
	"context"
	"slices"
	"sync"

	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/retention"
	"github.com/lawfulgo/lawful/subject"
	"github.com/stretchr/testify/require"
)

// Eraser is a retention.Eraser for tests: it records the keys it erased,
// and fails keys listed in Fail.
type Eraser struct {
	mu     sync.Mutex
	erased []string
	fail   map[string]error
}

// Erase implements retention.Eraser.
func (e *Eraser) Erase(_ context.Context, t retention.Timer) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.fail[t.Key]; err != nil {
		return err
	}
	if !slices.Contains(e.erased, t.Key) {
		e.erased = append(e.erased, t.Key)
	}
	return nil
}

// Fail makes erasing key return err (nil: succeed again).
func (e *Eraser) Fail(key string, err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.fail == nil {
		e.fail = map[string]error{}
	}
	if err == nil {
		delete(e.fail, key)
		return
	}
	e.fail[key] = err
}

// Erased returns the keys erased so far, in order.
func (e *Eraser) Erased() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.erased)
}

func (w *World) buildRetention(t T, rules *retention.Rules) {
	t.Helper()
	if rules == nil {
		rules, w.RetentionErr = retention.Compile(w.Registry)
		if w.RetentionErr != nil {
			return
		}
	}
	tr, err := retention.NewTracker(context.Background(), retention.Config{Rules: rules, Store: &retention.MemStore{}, Clock: w.Clock, Consents: w.Ledger})
	require.NoError(t, err)
	w.Eraser = &Eraser{}
	sw, err := retention.NewSweeper(tr, w.Eraser, retention.SweeperConfig{})
	require.NoError(t, err)
	w.Tracker, w.Sweeper = tr, sw
}

func (w *World) tracker(t T) *retention.Tracker {
	t.Helper()
	require.NoError(t, w.RetentionErr, "the policy's retention rules do not compile")
	require.NotNil(t, w.Tracker, "the World has no retention Tracker")
	return w.Tracker
}

// Collect tracks an item of the subject's data collected now for purpose
// in cats, under key, and returns its timer.
func (w *World) Collect(t T, id subject.ID, p purpose.ID, cats pii.Set, key string) retention.Timer {
	t.Helper()
	tm, err := w.tracker(t).Track(context.Background(), retention.Item{Subject: id, Purpose: p, Categories: cats, Key: key, Collected: w.Clock.Now()})
	require.NoError(t, err)
	return tm
}

// Trigger fires a retention trigger now (e.g. retention.DeletionRequested
// for the subject's data of a purpose; purpose may be empty where the kind
// allows).
func (w *World) Trigger(t T, kind retention.Trigger, id subject.ID, p purpose.ID) {
	t.Helper()
	_, err := w.tracker(t).Trigger(context.Background(), retention.Event{Kind: kind, Subject: id, Purpose: p, At: w.Clock.Now()})
	require.NoError(t, err)
}

// Close deregisters the subject now: its directory status becomes Closed
// and the Tracker gets AccountClosed (NDSMR art. 24).
func (w *World) Close(t T, id subject.ID) {
	t.Helper()
	s, err := w.Directory.Lookup(context.Background(), id)
	require.NoError(t, err)
	s.Status = subject.Closed
	require.NoError(t, w.Directory.Put(s, w.Clock.Now()))
	if w.Tracker != nil {
		w.Trigger(t, retention.AccountClosed, id, "")
	}
}

// Sweep runs the Sweeper once at the clock's now and returns its report.
func (w *World) Sweep(t T) retention.Report {
	t.Helper()
	w.tracker(t)
	rep, err := w.Sweeper.Sweep(context.Background())
	require.NoError(t, err)
	return rep
}
