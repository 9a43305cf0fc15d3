package assessmenttest_test

import (
	"context"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/assessment"
	"github.com/lawfulgo/lawful/assessment/assessmenttest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMemStore(t *testing.T) {
	assessmenttest.TestStore(t, func(*testing.T) assessment.Store { return assessment.NewMemStore() })
}

func TestZeroMemStore(t *testing.T) {
	require.NoError(t, assessmenttest.CheckStore(t, func(*testing.T) assessment.Store { return new(assessment.MemStore) }))
}

// overwriting replaces records, which the contract forbids.
type overwriting struct{ assessment.MemStore }

func (s *overwriting) Put(ctx context.Context, a assessment.Assessment) error {
	_ = s.MemStore.Delete(ctx, a.ID)
	return s.MemStore.Put(ctx, a)
}

// sharing hands out the stored purposes slice.
type sharing struct {
	assessment.MemStore
	mu   sync.Mutex
	last map[uuid.UUID]assessment.Assessment
}

func (s *sharing) Put(ctx context.Context, a assessment.Assessment) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.last == nil {
		s.last = map[uuid.UUID]assessment.Assessment{}
	}
	s.last[a.ID] = a
	return s.MemStore.Put(ctx, a)
}

func (s *sharing) Get(ctx context.Context, id uuid.UUID) (assessment.Assessment, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.last[id]
	return a, ok, ctx.Err()
}

func TestSuiteCatchesBrokenStores(t *testing.T) {
	err := assessmenttest.CheckStore(t, func(*testing.T) assessment.Store { return &overwriting{} })
	require.Error(t, err)
	assert.Contains(t, err.Error(), "duplicate_id_is_refused")
	err = assessmenttest.CheckStore(t, func(*testing.T) assessment.Store { return &sharing{} })
	require.Error(t, err)
	assert.Contains(t, err.Error(), "stored_copies_are_independent")
}
