package incident

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/internal/ctxerr"
)

// MaxList is the most incident IDs one Store.List call may ask for.
const MaxList = 1000

// Store persists incident events. It is the plug-in interface for
// backends; services use a Register, which validates, chains and checks
// events for every Store. A SQL store needs one table keyed by (incident,
// seq) holding Event.MarshalBinary, with an index on incident for List.
//
// Implementations must be safe for concurrent use, and must pass
// incidenttest.TestStore. The contract:
//
//   - Append writes events for one incident atomically: all or none.
//     expect is the Seq of the incident's last stored event as the caller
//     saw it (0 for a new incident); if the store holds a different last
//     Seq, Append writes nothing and returns an error wrapping
//     ErrConflict. The events carry consecutive Seq from expect+1 and the
//     incident's ID; otherwise Append writes nothing and returns an error.
//     The store keeps copies: changing the caller's events afterwards
//     changes nothing stored. Times round-trip to the nanosecond.
//   - Load returns the incident's events in Seq order, equal to what was
//     appended (deep copies); nil and no error for an unknown incident.
//   - List returns up to limit incident IDs greater than after (bytewise),
//     in increasing order; the zero after starts from the beginning. limit
//     is 1 to MaxList; other limits are an error.
//   - Each returns ctx.Err() (wrapped) when ctx is done before it acts.
//   - A store never edits or deletes events.
type Store interface {
	Append(ctx context.Context, id uuid.UUID, expect uint64, events ...Event) error
	Load(ctx context.Context, id uuid.UUID) ([]Event, error)
	List(ctx context.Context, after uuid.UUID, limit int) ([]uuid.UUID, error)
}

// MemStore is the in-memory Store: the embedded default and the reference
// implementation of the Store contract. Its events live as long as the
// process. The zero value is ready to use and safe for concurrent use.
type MemStore struct {
	mu     sync.RWMutex
	events map[uuid.UUID][]Event
	ids    []uuid.UUID // sorted
}

var _ Store = (*MemStore)(nil)

// NewMemStore returns an empty MemStore.
func NewMemStore() *MemStore { return &MemStore{} }

// Append implements Store.
func (s *MemStore) Append(ctx context.Context, id uuid.UUID, expect uint64, events ...Event) error {
	if err := ctxerr.Err(ctx); err != nil {
		return fmt.Errorf("incident: append: %w", err)
	}
	for i := range events {
		if events[i].Incident != id {
			return fmt.Errorf("incident: append: event %d belongs to another incident", i)
		}
		if events[i].Seq != expect+uint64(i)+1 {
			return fmt.Errorf("incident: append: event %d has seq %d, want %d", i, events[i].Seq, expect+uint64(i)+1)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cur := s.events[id]
	if uint64(len(cur)) != expect {
		return fmt.Errorf("%w: the incident's last seq is %d, append expected %d", ErrConflict, len(cur), expect)
	}
	if len(events) == 0 {
		return nil
	}
	if s.events == nil {
		s.events = map[uuid.UUID][]Event{}
	}
	if len(cur) == 0 {
		i, _ := slices.BinarySearchFunc(s.ids, id, func(a, b uuid.UUID) int { return bytes.Compare(a[:], b[:]) })
		s.ids = slices.Insert(s.ids, i, id)
	}
	for _, e := range events {
		cur = append(cur, e.Clone())
	}
	s.events[id] = cur
	return nil
}

// Load implements Store.
func (s *MemStore) Load(ctx context.Context, id uuid.UUID) ([]Event, error) {
	if err := ctxerr.Err(ctx); err != nil {
		return nil, fmt.Errorf("incident: load: %w", err)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	cur := s.events[id]
	if len(cur) == 0 {
		return nil, nil
	}
	out := make([]Event, len(cur))
	for i, e := range cur {
		out[i] = e.Clone()
	}
	return out, nil
}

// List implements Store.
func (s *MemStore) List(ctx context.Context, after uuid.UUID, limit int) ([]uuid.UUID, error) {
	if err := ctxerr.Err(ctx); err != nil {
		return nil, fmt.Errorf("incident: list: %w", err)
	}
	if limit < 1 || limit > MaxList {
		return nil, fmt.Errorf("incident: list: limit %d, want 1 to %d", limit, MaxList)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	i, found := slices.BinarySearchFunc(s.ids, after, func(a, b uuid.UUID) int { return bytes.Compare(a[:], b[:]) })
	if found {
		i++
	}
	rest := s.ids[i:]
	if len(rest) > limit {
		rest = rest[:limit]
	}
	return slices.Clone(rest), nil
}
