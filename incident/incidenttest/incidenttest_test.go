package incidenttest_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/incident"
	"github.com/lawfulgo/lawful/incident/incidenttest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMemStore(t *testing.T) {
	incidenttest.TestStore(t, func(*testing.T) incident.Store { return incident.NewMemStore() })
}

func TestZeroMemStore(t *testing.T) {
	require.NoError(t, incidenttest.CheckStore(t, func(*testing.T) incident.Store { return new(incident.MemStore) }))
}

func TestMemAnchor(t *testing.T) {
	incidenttest.TestAnchor(t, func(*testing.T) incident.Anchor { return new(incident.MemAnchor) })
}

// broken wraps a MemStore and breaks one sentence of the contract.
type broken struct {
	incident.MemStore
	mu            sync.Mutex
	dropNanos     bool // times lose their nanoseconds
	ignoreExpect  bool // appends at the end whatever expect says
	halfWrite     bool // writes the events before a bad one
	shareOnLoad   bool // Load returns the stored slice itself
	shared        map[uuid.UUID][]incident.Event
	ignoreContext bool
}

func (b *broken) Append(ctx context.Context, id uuid.UUID, expect uint64, events ...incident.Event) error {
	if b.ignoreContext {
		ctx = context.Background()
	}
	evs := slices.Clone(events)
	for i := range evs {
		if b.dropNanos {
			evs[i].At = evs[i].At.Truncate(time.Second)
		}
	}
	if b.ignoreExpect {
		cur, _ := b.MemStore.Load(ctx, id)
		expect = uint64(len(cur))
		for i := range evs {
			evs[i].Seq = expect + uint64(i) + 1
		}
	}
	if b.halfWrite {
		for i, e := range evs {
			if err := b.MemStore.Append(ctx, id, expect+uint64(i), e); err != nil {
				return err
			}
		}
		return nil
	}
	if err := b.MemStore.Append(ctx, id, expect, evs...); err != nil || !b.shareOnLoad {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.shared == nil {
		b.shared = map[uuid.UUID][]incident.Event{}
	}
	b.shared[id] = append(b.shared[id], evs...)
	return nil
}

func (b *broken) Load(ctx context.Context, id uuid.UUID) ([]incident.Event, error) {
	if b.ignoreContext {
		ctx = context.Background()
	}
	if b.shareOnLoad {
		b.mu.Lock()
		defer b.mu.Unlock()
		return b.shared[id], nil
	}
	return b.MemStore.Load(ctx, id)
}

func (b *broken) List(ctx context.Context, after uuid.UUID, limit int) ([]uuid.UUID, error) {
	if b.ignoreContext {
		ctx = context.Background()
	}
	return b.MemStore.List(ctx, after, limit)
}

// The suite fails each broken store on the contract it breaks.
func TestSuiteCatchesBrokenStores(t *testing.T) {
	for _, tc := range []struct {
		name  string
		store func() incident.Store
		fails string
	}{
		{"drops_nanoseconds", func() incident.Store { return &broken{dropNanos: true} }, "append_then_load_round_trips"},
		{"ignores_expect", func() incident.Store { return &broken{ignoreExpect: true} }, "conflicting_expect_writes_nothing"},
		{"half_writes", func() incident.Store { return &broken{halfWrite: true} }, "multi_event_append_is_all_or_nothing"},
		{"shares_loaded_slices", func() incident.Store { return &broken{shareOnLoad: true} }, "loaded_events_are_copies"},
		{"ignores_context", func() incident.Store { return &broken{ignoreContext: true} }, "done_context_is_an_error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := incidenttest.CheckStore(t, func(*testing.T) incident.Store { return tc.store() })
			require.Error(t, err)
			var names []string
			for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
				ce, ok := errors.AsType[*incidenttest.ContractError](e)
				require.True(t, ok)
				names = append(names, ce.Name)
			}
			assert.Contains(t, names, tc.fails)
		})
	}
}

// brokenAnchor moves back: it keeps whatever head it was given last.
type brokenAnchor struct{ heads map[uuid.UUID]incident.Head }

func (b *brokenAnchor) Head(ctx context.Context, id uuid.UUID) (incident.Head, bool, error) {
	if err := ctx.Err(); err != nil {
		return incident.Head{}, false, err
	}
	h, ok := b.heads[id]
	return h, ok, nil
}

func (b *brokenAnchor) Advance(ctx context.Context, id uuid.UUID, h incident.Head) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if cur, ok := b.heads[id]; ok && cur.Seq == h.Seq && cur.Hash != h.Hash {
		return &incident.ChainError{Index: -1, Reason: "diverged"}
	}
	if b.heads == nil {
		b.heads = map[uuid.UUID]incident.Head{}
	}
	b.heads[id] = h
	return nil
}

func TestSuiteCatchesBrokenAnchor(t *testing.T) {
	err := incidenttest.CheckAnchor(t, func(*testing.T) incident.Anchor { return &brokenAnchor{} })
	require.Error(t, err)
	assert.Contains(t, err.Error(), "never_moves_back")
}
