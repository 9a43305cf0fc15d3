package assessment

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/internal/ctxerr"
	"github.com/lawfulgo/lawful/internal/rule"
)

// MaxList is the most assessments one Store.List call may ask for.
const MaxList = 1000

// Store persists assessments. It is the plug-in interface for backends;
// services use a Book, which validates records, keeps them for their
// retention period and answers Covers from an index. A SQL store needs
// one table keyed by ID with the fields as columns (purposes as an array
// or a child table).
//
// Implementations must be safe for concurrent use, and must pass
// assessmenttest.TestStore. The contract:
//
//   - Put stores a copy of a. If an assessment with a.ID is stored, Put
//     stores nothing and returns an error matching ErrDuplicate: records
//     are never replaced. Times round-trip to the nanosecond.
//   - Get returns a copy of the assessment with the ID, with found false
//     (and no error) for none.
//   - List returns copies of up to limit assessments whose IDs are greater
//     than after (bytewise), in increasing ID order; the zero after starts
//     from the beginning. limit is 1 to MaxList; other limits are an error.
//   - Delete removes the assessment with the ID, or returns an error
//     matching ErrNotFound. A Book deletes only what PIPL art. 56 no
//     longer asks it to keep.
//   - Each returns ctx.Err() (wrapped) when ctx is done before it acts.
type Store interface {
	Put(ctx context.Context, a Assessment) error
	Get(ctx context.Context, id uuid.UUID) (a Assessment, found bool, err error)
	List(ctx context.Context, after uuid.UUID, limit int) ([]Assessment, error)
	Delete(ctx context.Context, id uuid.UUID) error
}

// MemStore is the in-memory Store: the embedded default and the reference
// implementation. The zero value is ready to use and safe for concurrent
// use.
type MemStore struct {
	mu  sync.RWMutex
	all []Assessment // sorted by ID
}

var _ Store = (*MemStore)(nil)

// NewMemStore returns an empty MemStore.
func NewMemStore() *MemStore { return &MemStore{} }

func cmpID(a Assessment, id uuid.UUID) int { return bytes.Compare(a.ID[:], id[:]) }

// Put implements Store.
func (s *MemStore) Put(ctx context.Context, a Assessment) error {
	if err := ctxerr.Err(ctx); err != nil {
		return fmt.Errorf("assessment: put: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	i, found := slices.BinarySearchFunc(s.all, a.ID, cmpID)
	if found {
		return rule.New(ErrDuplicate, fmt.Sprintf("assessment: %v is already stored; supersede it with a new assessment", a.ID))
	}
	s.all = slices.Insert(s.all, i, a.Clone())
	return nil
}

// Get implements Store.
func (s *MemStore) Get(ctx context.Context, id uuid.UUID) (Assessment, bool, error) {
	if err := ctxerr.Err(ctx); err != nil {
		return Assessment{}, false, fmt.Errorf("assessment: get: %w", err)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if i, found := slices.BinarySearchFunc(s.all, id, cmpID); found {
		return s.all[i].Clone(), true, nil
	}
	return Assessment{}, false, nil
}

// List implements Store.
func (s *MemStore) List(ctx context.Context, after uuid.UUID, limit int) ([]Assessment, error) {
	if err := ctxerr.Err(ctx); err != nil {
		return nil, fmt.Errorf("assessment: list: %w", err)
	}
	if limit < 1 || limit > MaxList {
		return nil, fmt.Errorf("assessment: list: limit %d, want 1 to %d", limit, MaxList)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	i, found := slices.BinarySearchFunc(s.all, after, cmpID)
	if found {
		i++
	}
	rest := s.all[i:]
	if len(rest) > limit {
		rest = rest[:limit]
	}
	out := make([]Assessment, len(rest))
	for j, a := range rest {
		out[j] = a.Clone()
	}
	return out, nil
}

// Delete implements Store.
func (s *MemStore) Delete(ctx context.Context, id uuid.UUID) error {
	if err := ctxerr.Err(ctx); err != nil {
		return fmt.Errorf("assessment: delete: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	i, found := slices.BinarySearchFunc(s.all, id, cmpID)
	if !found {
		return rule.New(ErrNotFound, fmt.Sprintf("assessment: no assessment %v", id))
	}
	s.all = slices.Delete(s.all, i, i+1)
	return nil
}
