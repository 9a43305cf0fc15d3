package transfertest_test

import (
	"context"
	"testing"
	"time"

	"github.com/lawfulgo/lawful/subject"
	"github.com/lawfulgo/lawful/transfer"
	"github.com/lawfulgo/lawful/transfer/transfertest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMemStore(t *testing.T) {
	transfertest.TestStore(t, func(*testing.T) transfer.Store { return transfer.NewMemStore() })
}

func TestZeroMemStore(t *testing.T) {
	require.NoError(t, transfertest.CheckStore(t, func(*testing.T) transfer.Store { return new(transfer.MemStore) }))
}

// inclusive sums [from, to], one nanosecond too many.
type inclusive struct{ transfer.MemStore }

func (s *inclusive) Summary(ctx context.Context, from, to time.Time) ([]transfer.Line, error) {
	return s.MemStore.Summary(ctx, from, to.Add(time.Nanosecond))
}

// forgetful ignores the subject asked about.
type forgetful struct{ transfer.MemStore }

func (s *forgetful) Count(ctx context.Context, year int, _ subject.ID) (transfer.Volume, error) {
	return s.MemStore.Count(ctx, year, subject.ID{})
}

func TestSuiteCatchesBrokenStores(t *testing.T) {
	err := transfertest.CheckStore(t, func(*testing.T) transfer.Store { return &inclusive{} })
	require.Error(t, err)
	assert.Contains(t, err.Error(), "summary_is_half_open_to_the_nanosecond")
	err = transfertest.CheckStore(t, func(*testing.T) transfer.Store { return &forgetful{} })
	require.Error(t, err)
	assert.Contains(t, err.Error(), "count_distinct_subjects")
}
