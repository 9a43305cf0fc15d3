package consent

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/subject"
)

// MemStore is the in-memory Store: the embedded default and the reference
// implementation of the Store contract. Its events live as long as the
// process. It implements ChangeFeed. A Ledger over a MemStore that names
// no Keys or Anchor uses the store's own, made at random on first use and
// shared by every Ledger over the store. The zero value is ready to use and
// safe for concurrent use.
type MemStore struct {
	mu      sync.RWMutex
	ledgers map[subject.ID][]Event
	ids     map[uuid.UUID]struct{} // every stored event's ID
	changes []Change

	// The Keys and Anchor of Ledgers over this store that name none: they
	// live exactly as long as the events they protect.
	once   sync.Once
	keys   *Keys
	anchor *MemAnchor
}

// integrity returns the store's own Keys and Anchor, made on first use.
func (s *MemStore) integrity() (*Keys, *MemAnchor) {
	s.once.Do(func() { s.keys, s.anchor = ephemeralKeys(), NewMemAnchor() })
	return s.keys, s.anchor
}

var _ interface {
	Store
	ChangeFeed
} = (*MemStore)(nil)

// NewMemStore returns an empty MemStore.
func NewMemStore() *MemStore { return &MemStore{} }

// Append implements Store.
func (s *MemStore) Append(ctx context.Context, id subject.ID, expect uint64, events ...Event) error {
	if err := ctxErr(ctx); err != nil {
		return fmt.Errorf("consent: append: %w", err)
	}
	for i := range events {
		if events[i].Subject != id {
			return fmt.Errorf("consent: append: event %d belongs to another subject", i)
		}
		if events[i].Seq != expect+uint64(i)+1 {
			return fmt.Errorf("consent: append: event %d has seq %d, want %d", i, events[i].Seq, expect+uint64(i)+1)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cur := s.ledgers[id]
	if uint64(len(cur)) != expect {
		return fmt.Errorf("%w: subject's last seq is %d, append expected %d", ErrConflict, len(cur), expect)
	}
	for i := range events {
		_, dup := s.ids[events[i].ID]
		if dup || slices.ContainsFunc(events[:i], func(e Event) bool { return e.ID == events[i].ID }) {
			return fmt.Errorf("%w: event %d's ID %v is already stored", ErrDuplicateID, i, events[i].ID)
		}
	}
	if s.ledgers == nil {
		s.ledgers = map[subject.ID][]Event{}
		s.ids = map[uuid.UUID]struct{}{}
	}
	if need := len(cur) + len(events); need > cap(cur) && need <= 8 {
		// Most ledgers stay short; grow them exactly rather than doubling
		// (an Event is 344 bytes, and most subjects have a few).
		cur = append(make([]Event, 0, need), cur...)
	}
	for _, e := range events {
		cur = append(cur, e.Clone())
		s.ids[e.ID] = struct{}{}
	}
	s.ledgers[id] = cur
	if len(events) > 0 {
		s.changes = append(s.changes, Change{Cursor: uint64(len(s.changes)) + 1, Subject: id, Seq: uint64(len(cur))})
	}
	return nil
}

// Load implements Store.
func (s *MemStore) Load(ctx context.Context, id subject.ID) ([]Event, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, fmt.Errorf("consent: load: %w", err)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	cur := s.ledgers[id]
	if len(cur) == 0 {
		return nil, nil
	}
	out := make([]Event, len(cur))
	for i, e := range cur {
		out[i] = e.Clone()
	}
	return out, nil
}

// Changes implements ChangeFeed.
func (s *MemStore) Changes(ctx context.Context, after uint64, limit int) ([]Change, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, fmt.Errorf("consent: changes: %w", err)
	}
	if limit <= 0 {
		return nil, fmt.Errorf("consent: changes: limit %d, want > 0", limit)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if after >= uint64(len(s.changes)) {
		return nil, nil
	}
	rest := s.changes[after:]
	if len(rest) > limit {
		rest = rest[:limit]
	}
	return append([]Change(nil), rest...), nil
}
