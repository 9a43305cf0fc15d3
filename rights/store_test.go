package rights_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/rights"
	"github.com/lawfulgo/lawful/subject"
)

func TestMemStore(t *testing.T) {
	ctx := context.Background()
	s := rights.NewMemStore()
	alice, bob := subject.ID{1}, subject.ID{2}
	t0 := time.Date(2026, 3, 1, 2, 0, 0, 0, time.UTC)
	r1 := rights.Request{ID: uuid.UUID{1}, Kind: rights.Access, Subject: alice, State: rights.Received, Received: t0.Add(time.Hour), Purposes: []purpose.ID{"a"}, Version: 1}
	r2 := rights.Request{ID: uuid.UUID{2}, Kind: rights.Delete, Subject: alice, State: rights.Received, Received: t0, Version: 1}
	r3 := rights.Request{ID: uuid.UUID{3}, Kind: rights.Copy, Subject: bob, State: rights.Fulfilled, Received: t0, Version: 1}
	for _, r := range []rights.Request{r1, r2, r3} {
		require.NoError(t, s.Create(ctx, r))
	}
	t.Run("create_twice_conflicts", func(t *testing.T) {
		assert.ErrorIs(t, s.Create(ctx, r1), rights.ErrConflict)
	})
	t.Run("store_keeps_copies", func(t *testing.T) {
		r1.Purposes[0] = "changed"
		got, err := s.Get(ctx, r1.ID)
		require.NoError(t, err)
		assert.Equal(t, purpose.ID("a"), got.Purposes[0])
		got.Purposes[0] = "again"
		again, err := s.Get(ctx, r1.ID)
		require.NoError(t, err)
		assert.Equal(t, purpose.ID("a"), again.Purposes[0])
	})
	t.Run("get_unknown_is_not_found", func(t *testing.T) {
		_, err := s.Get(ctx, uuid.UUID{9})
		assert.ErrorIs(t, err, rights.ErrNotFound)
	})
	t.Run("update_needs_the_next_version", func(t *testing.T) {
		u := r2
		u.Version = 3
		assert.ErrorIs(t, s.Update(ctx, u), rights.ErrConflict)
		u.Version = 2
		u.State = rights.Verified
		require.NoError(t, s.Update(ctx, u))
		assert.ErrorIs(t, s.Update(ctx, u), rights.ErrConflict, "a second writer of version 2 loses")
		u.ID = uuid.UUID{9}
		assert.ErrorIs(t, s.Update(ctx, u), rights.ErrNotFound)
	})
	t.Run("by_subject_in_receipt_order", func(t *testing.T) {
		got, err := s.BySubject(ctx, alice)
		require.NoError(t, err)
		assert.Equal(t, []uuid.UUID{r2.ID, r1.ID}, ids(got))
		none, err := s.BySubject(ctx, subject.ID{7})
		require.NoError(t, err)
		assert.Nil(t, none)
	})
	t.Run("open_lists_only_open_requests", func(t *testing.T) {
		got, err := s.Open(ctx)
		require.NoError(t, err)
		assert.Equal(t, []uuid.UUID{r2.ID, r1.ID}, ids(got))
	})
	t.Run("done_context_fails_every_method", func(t *testing.T) {
		done, cancel := context.WithCancel(ctx)
		cancel()
		assert.ErrorIs(t, s.Create(done, rights.Request{ID: uuid.UUID{8}}), context.Canceled)
		_, err := s.Get(done, r1.ID)
		assert.ErrorIs(t, err, context.Canceled)
		assert.ErrorIs(t, s.Update(done, r1), context.Canceled)
		_, err = s.BySubject(done, alice)
		assert.ErrorIs(t, err, context.Canceled)
		_, err = s.Open(done)
		assert.ErrorIs(t, err, context.Canceled)
	})
	t.Run("zero_value_is_ready_and_concurrency_safe", func(t *testing.T) {
		var z rights.MemStore
		var wg sync.WaitGroup
		for i := range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				assert.NoError(t, z.Create(ctx, rights.Request{ID: uuid.UUID{byte(i + 1)}, Subject: alice, State: rights.Received, Version: 1}))
				_, err := z.BySubject(ctx, alice)
				assert.NoError(t, err)
			}()
		}
		wg.Wait()
		got, err := z.Open(ctx)
		require.NoError(t, err)
		assert.Len(t, got, 16)
	})
}

func TestDeskConcurrentReceive(t *testing.T) {
	p := rights.PIPL()
	p.Repeat = rights.Repeat{Max: 3, Window: 30 * 24 * time.Hour}
	e := newEnv(t, p, nil)
	a := e.w.Adult(t)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := e.desk.Receive(e.ctx, rights.Request{Kind: rights.Copy, Subject: a}, "web-form")
			if assert.NoError(t, err) {
				_, err = e.desk.Verify(e.ctx, r.ID, "agent:1", rights.Account)
				assert.NoError(t, err)
			}
		}()
	}
	wg.Wait()
	t.Run("concurrent_receipts_count_repeats_exactly_seed000_s5_6", func(t *testing.T) {
		got, err := e.desk.Requests(e.ctx, a)
		require.NoError(t, err)
		require.Len(t, got, 8)
		repeated := 0
		for _, r := range got {
			if r.Repeated {
				repeated++
			}
		}
		assert.Equal(t, 5, repeated)
	})
}
