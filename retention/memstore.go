package retention

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/lawfulgo/lawful/internal/ctxerr"
	"github.com/lawfulgo/lawful/internal/rule"
	"github.com/lawfulgo/lawful/subject"
)

// MemStore is a Store in process memory. The zero value is ready to use;
// it is safe for concurrent use. Its data dies with the process: use a
// database-backed store in production.
type MemStore struct {
	mu        sync.RWMutex
	timers    map[TimerID]*Timer
	bySubject map[subject.ID][]TimerID
	proofs    map[subject.ID][]Proof
	events    []Event              // every event, in order
	bySubj    map[subject.ID][]int // indexes into events per subject (the zero ID: terminations)
	disclosed map[subject.ID][]Disclosure
	holds     map[string]Hold
}

var _ Store = (*MemStore)(nil)

func cloneTimer(t Timer) Timer {
	t.Rules = slices.Clone(t.Rules)
	return t
}

func (m *MemStore) init() {
	if m.timers == nil {
		m.timers = map[TimerID]*Timer{}
		m.bySubject = map[subject.ID][]TimerID{}
		m.proofs = map[subject.ID][]Proof{}
		m.holds = map[string]Hold{}
		m.disclosed = map[subject.ID][]Disclosure{}
		m.bySubj = map[subject.ID][]int{}
	}
}

func ctxErr(ctx context.Context) error {
	if err := ctxerr.Err(ctx); err != nil {
		return fmt.Errorf("retention: store: %w", err)
	}
	return nil
}

// SaveTimers implements Store.
func (m *MemStore) SaveTimers(ctx context.Context, timers ...Timer) error {
	if err := ctxErr(ctx); err != nil {
		return err
	}
	for i := range timers {
		if timers[i].ID == "" {
			return rule.New(ErrInvalidItem, "retention: store: a timer has no ID")
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.init()
	for _, t := range timers {
		old, ok := m.timers[t.ID]
		if ok && old.Done() {
			continue
		}
		c := cloneTimer(t)
		if !ok {
			// Appended unsorted (sorted on read): a subject with many items
			// must not make each insert cost O(items).
			m.bySubject[t.Subject] = append(m.bySubject[t.Subject], t.ID)
		}
		m.timers[t.ID] = &c
	}
	return nil
}

// Timer implements Store.
func (m *MemStore) Timer(ctx context.Context, id TimerID) (Timer, error) {
	if err := ctxErr(ctx); err != nil {
		return Timer{}, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	t, ok := m.timers[id]
	if !ok {
		return Timer{}, rule.New(ErrNotFound, fmt.Sprintf("retention: no timer %s", id))
	}
	return cloneTimer(*t), nil
}

// SubjectTimers implements Store.
func (m *MemStore) SubjectTimers(ctx context.Context, s subject.ID) ([]Timer, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	var out []Timer
	for _, id := range m.bySubject[s] {
		out = append(out, cloneTimer(*m.timers[id]))
	}
	slices.SortFunc(out, func(a, b Timer) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// Due implements Store.
func (m *MemStore) Due(ctx context.Context, at time.Time, limit int) ([]Timer, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	m.mu.RLock()
	var out []Timer
	for _, t := range m.timers {
		if !t.Done() && !t.Due.IsZero() && !t.Due.After(at) && (t.NotBefore.IsZero() || !t.NotBefore.After(at)) {
			out = append(out, cloneTimer(*t))
		}
	}
	m.mu.RUnlock()
	slices.SortFunc(out, func(a, b Timer) int {
		if c := a.Due.Compare(b.Due); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	if limit >= 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// Pending implements Store.
func (m *MemStore) Pending(ctx context.Context, after TimerID, limit int) ([]Timer, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	m.mu.RLock()
	var out []Timer
	for id, t := range m.timers {
		if !t.Done() && id > after {
			out = append(out, cloneTimer(*t))
		}
	}
	m.mu.RUnlock()
	slices.SortFunc(out, func(a, b Timer) int { return cmp.Compare(a.ID, b.ID) })
	if limit >= 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// Complete implements Store.
func (m *MemStore) Complete(ctx context.Context, p Proof) (bool, error) {
	if err := ctxErr(ctx); err != nil {
		return false, err
	}
	if p.Erased.IsZero() {
		return false, rule.New(ErrInvalidItem, "retention: store: a proof needs the time of erasure")
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.init()
	t, ok := m.timers[p.Timer]
	if !ok {
		return false, rule.New(ErrNotFound, fmt.Sprintf("retention: no timer %s", p.Timer))
	}
	if t.Done() {
		return false, nil
	}
	t.Erased = p.Erased
	m.proofs[t.Subject] = append(m.proofs[t.Subject], p.clone())
	return true, nil
}

// Proofs implements Store.
func (m *MemStore) Proofs(ctx context.Context, s subject.ID) ([]Proof, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	var out []Proof
	for _, p := range m.proofs[s] {
		out = append(out, p.clone())
	}
	return out, nil
}

// AddEvent implements Store.
func (m *MemStore) AddEvent(ctx context.Context, e Event) error {
	if err := ctxErr(ctx); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.init()
	key := e.Subject
	if e.Kind == ServiceTerminated {
		key = subject.ID{}
	}
	m.bySubj[key] = append(m.bySubj[key], len(m.events))
	m.events = append(m.events, e)
	return nil
}

// Events implements Store.
func (m *MemStore) Events(ctx context.Context, s subject.ID) ([]Event, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	// The subject's events and every termination, in the order added.
	idx := append(slices.Clone(m.bySubj[s]), m.bySubj[subject.ID{}]...)
	slices.Sort(idx)
	idx = slices.Compact(idx) // the zero ID's own list appears twice
	var out []Event
	for _, i := range idx {
		out = append(out, m.events[i])
	}
	return out, nil
}

// SaveHold implements Store.
func (m *MemStore) SaveHold(ctx context.Context, h Hold) error {
	if err := ctxErr(ctx); err != nil {
		return err
	}
	if h.ID == "" {
		return rule.New(ErrInvalidHold, "retention: store: a hold has no ID")
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.init()
	m.holds[h.ID] = h
	return nil
}

// Holds implements Store.
func (m *MemStore) Holds(ctx context.Context) ([]Hold, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	out := make([]Hold, 0, len(m.holds))
	for _, h := range m.holds {
		out = append(out, h)
	}
	slices.SortFunc(out, func(a, b Hold) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// AddDisclosure implements Store.
func (m *MemStore) AddDisclosure(ctx context.Context, d Disclosure) error {
	if err := ctxErr(ctx); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.init()
	m.disclosed[d.Subject] = append(m.disclosed[d.Subject], d)
	return nil
}

// Disclosures implements Store.
func (m *MemStore) Disclosures(ctx context.Context, s subject.ID) ([]Disclosure, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	return slices.Clone(m.disclosed[s]), nil
}
