package rightstest_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lawfulgo/lawful/rights"
	"github.com/lawfulgo/lawful/rights/rightstest"
	"github.com/lawfulgo/lawful/subject"
)

func TestMemStore(t *testing.T) {
	rightstest.TestStore(t, func(*testing.T) rights.Store { return rights.NewMemStore() })
}

func TestZeroMemStore(t *testing.T) {
	require.NoError(t, rightstest.CheckStore(t, func(*testing.T) rights.Store { return new(rights.MemStore) }))
}

// broken wraps a MemStore and breaks one sentence of the contract.
type broken struct {
	rights.MemStore
	dropNanos     bool // times lose their nanoseconds
	ignoreVersion bool // updates whatever version is stored
	shareOnGet    bool // Get returns the created request's own slices
	ignoreContext bool
	shared        map[uuid.UUID]rights.Request
}

func (b *broken) Create(ctx context.Context, r rights.Request) error {
	if b.ignoreContext {
		ctx = context.Background()
	}
	if b.dropNanos {
		r = r.Clone()
		r.Received = r.Received.Truncate(time.Second)
	}
	if b.shareOnGet {
		if b.shared == nil {
			b.shared = map[uuid.UUID]rights.Request{}
		}
		b.shared[r.ID] = r
	}
	return b.MemStore.Create(ctx, r)
}

func (b *broken) Get(ctx context.Context, id uuid.UUID) (rights.Request, error) {
	if r, ok := b.shared[id]; ok {
		return r, nil
	}
	if b.ignoreContext {
		ctx = context.Background()
	}
	return b.MemStore.Get(ctx, id)
}

func (b *broken) Update(ctx context.Context, r rights.Request) error {
	if b.ignoreContext {
		ctx = context.Background()
	}
	if b.ignoreVersion {
		if old, err := b.MemStore.Get(ctx, r.ID); err == nil {
			r.Version = old.Version + 1
		}
	}
	return b.MemStore.Update(ctx, r)
}

func (b *broken) BySubject(ctx context.Context, s subject.ID) ([]rights.Request, error) {
	if b.ignoreContext {
		ctx = context.Background()
	}
	return b.MemStore.BySubject(ctx, s)
}

func (b *broken) Open(ctx context.Context) ([]rights.Request, error) {
	if b.ignoreContext {
		ctx = context.Background()
	}
	return b.MemStore.Open(ctx)
}

// The suite fails each broken store on the contract it breaks.
func TestSuiteCatchesBrokenStores(t *testing.T) {
	for _, tc := range []struct {
		name  string
		store func() rights.Store
		fails string
	}{
		{"drops_nanoseconds", func() rights.Store { return &broken{dropNanos: true} }, "create_then_get_round_trips"},
		{"ignores_the_version", func() rights.Store { return &broken{ignoreVersion: true} }, "stale_version_conflicts_and_changes_nothing"},
		{"shares_the_created_slices", func() rights.Store { return &broken{shareOnGet: true} }, "stores_keep_copies"},
		{"ignores_context", func() rights.Store { return &broken{ignoreContext: true} }, "done_context_is_an_error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := rightstest.CheckStore(t, func(*testing.T) rights.Store { return tc.store() })
			require.Error(t, err)
			var names []string
			for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
				ce, ok := errors.AsType[*rightstest.ContractError](e)
				require.True(t, ok)
				names = append(names, ce.Name)
			}
			assert.Contains(t, names, tc.fails)
		})
	}
}

func TestSuiteFailsANilFactory(t *testing.T) {
	err := rightstest.CheckStore(t, func(*testing.T) rights.Store { return nil })
	assert.ErrorContains(t, err, "the factory returned nil")
}
