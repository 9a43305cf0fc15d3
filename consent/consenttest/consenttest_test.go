package consenttest_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/consent/consenttest"
	"github.com/lawfulgo/lawful/subject"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMemStore(t *testing.T) {
	consenttest.TestStore(t, func(*testing.T) consent.Store { return consent.NewMemStore() })
}

func TestCheckStoreMemStore(t *testing.T) {
	require.NoError(t, consenttest.CheckStore(t, func(*testing.T) consent.Store { return consent.NewMemStore() }))
}

// The zero MemStore is documented as ready to use.
func TestZeroMemStore(t *testing.T) {
	require.NoError(t, consenttest.CheckStore(t, func(*testing.T) consent.Store { return new(consent.MemStore) }))
}

// A correct store without a ChangeFeed passes, its feed checks left out.
func TestStoreWithoutChangeFeed(t *testing.T) {
	newStore := func(*testing.T) consent.Store { return &sloppyStore{} }
	_, isFeed := newStore(t).(consent.ChangeFeed)
	require.False(t, isFeed)
	require.NoError(t, consenttest.CheckStore(t, newStore))
	consenttest.TestStore(t, newStore)
}

// storeCases are the checks of the suite, by subtest name.
var storeCases = []string{
	"empty_subject_loads_nil",
	"append_then_load_round_trips",
	"conflicting_expect_writes_nothing",
	"multi_event_append_is_all_or_nothing",
	"events_of_another_subject_are_refused",
	"subjects_are_independent",
	"loaded_events_are_copies",
	"appended_events_are_copied",
	"done_context_is_an_error",
	"concurrent_appends_one_winner",
	"concurrent_appends_to_different_subjects",
	"acknowledged_appends_are_durable",
	"events_are_never_edited_or_deleted",
}

var feedCases = []string{
	"changefeed_records_every_append",
	"changefeed_cursors_increase",
	"changefeed_pages_with_limit",
	"changefeed_polls_from_cursor",
	"changefeed_refuses_nonpositive_limit",
}

// Each broken store must fail the checks of the sentences it breaks, and
// no others but those its bug spills into (listed too), so that a failure
// points at the bug. may lists checks that catch the bug only when
// goroutines interleave in a particular way.
func TestBrokenStores(t *testing.T) {
	for _, tc := range []struct {
		name  string
		store func() consent.Store
		fails []string
		may   []string
	}{
		{
			name:  "drops_last_event_on_load",
			store: func() consent.Store { return dropLast{consent.NewMemStore()} },
			fails: []string{
				"append_then_load_round_trips",
				"conflicting_expect_writes_nothing",
				"multi_event_append_is_all_or_nothing",
				"subjects_are_independent",
				"loaded_events_are_copies",
				"appended_events_are_copied",
				"done_context_is_an_error",
				"concurrent_appends_one_winner",
				"concurrent_appends_to_different_subjects",
				"acknowledged_appends_are_durable",
				"changefeed_records_every_append",
			},
		},
		{
			name:  "reorders_events_on_load",
			store: func() consent.Store { return reversed{consent.NewMemStore()} },
			fails: []string{
				"append_then_load_round_trips",
				"conflicting_expect_writes_nothing",
				"multi_event_append_is_all_or_nothing",
				"subjects_are_independent",
				"loaded_events_are_copies",
				"appended_events_are_copied",
				"done_context_is_an_error",
				"concurrent_appends_one_winner",
				"concurrent_appends_to_different_subjects",
				"acknowledged_appends_are_durable",
				"events_are_never_edited_or_deleted",
			},
		},
		{
			name:  "ignores_expect",
			store: func() consent.Store { return &sloppyStore{ignoreExpect: true} },
			fails: []string{
				"conflicting_expect_writes_nothing",
				"multi_event_append_is_all_or_nothing",
				"subjects_are_independent",
				"concurrent_appends_one_winner",
			},
			may: []string{"acknowledged_appends_are_durable"}, // when racing writers load the same ledger
		},
		{
			name:  "half_writes_a_batch",
			store: func() consent.Store { return &sloppyStore{halfWrite: true} },
			fails: []string{
				"multi_event_append_is_all_or_nothing",
				"events_of_another_subject_are_refused", // its second event is refused after the first was written
			},
		},
		{
			name:  "overwrites_on_stale_expect",
			store: func() consent.Store { return &sloppyStore{upsert: true} },
			fails: []string{
				"conflicting_expect_writes_nothing",
				"multi_event_append_is_all_or_nothing",
				"concurrent_appends_one_winner",
				"events_are_never_edited_or_deleted",
			},
			may: []string{"acknowledged_appends_are_durable"}, // when racing writers load the same ledger
		},
		{
			name:  "load_shares_slices",
			store: func() consent.Store { return &sloppyStore{aliasLoad: true} },
			fails: []string{"loaded_events_are_copies"},
		},
		{
			name:  "append_keeps_caller_slices",
			store: func() consent.Store { return &sloppyStore{aliasAppend: true} },
			fails: []string{"appended_events_are_copied"},
		},
		{
			name:  "files_other_subjects_events",
			store: func() consent.Store { return &sloppyStore{anySubject: true} },
			fails: []string{"events_of_another_subject_are_refused"},
		},
		{
			name:  "forgets_acknowledged_appends",
			store: func() consent.Store { return &sloppyStore{forgetEvery: 4} },
			fails: []string{
				"append_then_load_round_trips",
				"subjects_are_independent",
				"concurrent_appends_one_winner",
				"concurrent_appends_to_different_subjects",
				"acknowledged_appends_are_durable",
			},
		},
		{
			name:  "ignores_context",
			store: func() consent.Store { return ignoreCtx{consent.NewMemStore()} },
			fails: []string{"done_context_is_an_error"},
		},
		{
			name:  "feed_loses_changes",
			store: func() consent.Store { return lossyFeed{consent.NewMemStore()} },
			fails: []string{
				"changefeed_records_every_append",
				"changefeed_cursors_increase",
				"changefeed_pages_with_limit",
				"changefeed_polls_from_cursor",
			},
		},
		{
			name:  "feed_ignores_limit",
			store: func() consent.Store { return unboundedFeed{consent.NewMemStore()} },
			fails: []string{
				"changefeed_records_every_append", // reads 50 at a time
				"changefeed_pages_with_limit",
				"changefeed_refuses_nonpositive_limit",
			},
		},
		{
			name:  "feed_ignores_after",
			store: func() consent.Store { return restartingFeed{consent.NewMemStore()} },
			fails: []string{
				"changefeed_records_every_append",
				"changefeed_cursors_increase",
				"changefeed_pages_with_limit",
				"changefeed_polls_from_cursor",
			},
		},
		{
			name:  "feed_pages_out_of_order",
			store: func() consent.Store { return reversedFeed{consent.NewMemStore()} },
			fails: []string{
				"changefeed_records_every_append",
				"changefeed_cursors_increase",
				"changefeed_pages_with_limit",
				// changefeed_polls_from_cursor reads one change a page
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := consenttest.CheckStore(t, func(*testing.T) consent.Store { return tc.store() })
			require.Error(t, err)
			var failed []string
			for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
				ce, ok := errors.AsType[*consenttest.ContractError](e)
				require.True(t, ok, "%T is not a *ContractError: %v", e, e)
				assert.NotEmpty(t, ce.Contract, ce.Name)
				assert.Contains(t, ce.Error(), "consenttest: "+ce.Name+": ")
				assert.Same(t, ce.Err, errors.Unwrap(ce))
				failed = append(failed, ce.Name)
			}
			for _, name := range tc.fails {
				assert.Contains(t, failed, name, "this check passed; the errors were:\n%v", err)
			}
			for _, name := range failed {
				if !slices.Contains(tc.fails, name) && !slices.Contains(tc.may, name) {
					t.Errorf("check %s failed too: %v", name, err)
				}
			}
		})
	}
}

// TestStore itself must fail on a broken store, with a subtest per check
// that names it and quotes its contract, and skip the feed checks for a
// store without one. It runs in a child process, as its failure would fail
// this test.
func TestTestStoreReports(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the suite in a child process")
	}
	cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestChildSuite$", "-test.v")
	cmd.Env = append(os.Environ(), "CONSENTTEST_CHILD=1")
	out, err := cmd.CombinedOutput()
	exit, ok := errors.AsType[*exec.ExitError](err)
	require.True(t, ok, "the child suite should fail; error %v, output:\n%s", err, out)
	require.Equal(t, 1, exit.ExitCode(), "output:\n%s", out)
	for _, want := range []string{
		"--- FAIL: TestChildSuite/conflicting_expect_writes_nothing",
		"--- FAIL: TestChildSuite/concurrent_appends_one_winner",
		"contract: if the store holds a different last Seq, Append writes nothing and returns an error wrapping ErrConflict.",
		"checked:  Append with expect 1 to an empty subject",
		"subject A empty: Append(subject A, expect 1, seqs [2]) = nil, want an error wrapping consent.ErrConflict",
		"--- PASS: TestChildSuite/half_writes_a_batch",
		"--- SKIP: TestChildSuite/changefeed_records_every_append",
		"does not implement consent.ChangeFeed",
	} {
		assert.Contains(t, string(out), want)
	}
	for _, name := range storeCases {
		assert.Contains(t, string(out), "TestChildSuite/"+name)
	}
	for _, name := range feedCases {
		assert.Contains(t, string(out), "--- SKIP: TestChildSuite/"+name)
	}
	assert.Contains(t, string(out), "--- PASS: TestChildSuite/events_of_another_subject_are_refused")
}

// TestChildSuite is TestTestStoreReports's child: the suite on a store
// without a ChangeFeed that ignores expect.
func TestChildSuite(t *testing.T) {
	if os.Getenv("CONSENTTEST_CHILD") == "" {
		t.Skip("run by TestTestStoreReports")
	}
	t.Run("half_writes_a_batch", func(t *testing.T) {}) // a marker that the child ran
	consenttest.TestStore(t, func(*testing.T) consent.Store { return &sloppyStore{ignoreExpect: true} })
}

func TestChain(t *testing.T) {
	id := subject.MustParseID("01950000-0000-7000-8000-00000000c0de")
	start := time.Date(2026, time.April, 1, 8, 0, 0, 5, time.UTC)
	c := consenttest.Chain(id, 5, start)
	require.Len(t, c, 5)
	require.NoError(t, consent.Verify(c))
	assert.Equal(t, c, consenttest.Chain(id, 5, start), "Chain is deterministic")
	assert.Nil(t, consenttest.Chain(id, 0, start))
	assert.Nil(t, consenttest.Chain(id, -1, start))

	ids := map[[16]byte]bool{}
	for i, e := range c {
		assert.Equal(t, uint64(i+1), e.Seq)
		assert.Equal(t, id, e.Subject)
		assert.Equal(t, consent.Grant, e.Kind)
		assert.NotEmpty(t, e.Purposes)
		assert.True(t, e.Form.Valid())
		assert.NotEmpty(t, e.Notice)
		assert.False(t, e.Effective.IsZero())
		assert.False(t, e.Recorded.IsZero())
		assert.NotEqual(t, [16]byte{}, [16]byte(e.ID))
		ids[e.ID] = true
		b, err := e.MarshalBinary()
		require.NoError(t, err)
		var back consent.Event
		require.NoError(t, back.UnmarshalBinary(b), "event %d encodes within the bounds", i)
	}
	assert.Len(t, ids, 5, "event IDs are distinct")
	other := consenttest.Chain(id, 5, start.Add(time.Hour))
	assert.NotEqual(t, c[0].ID, other[0].ID, "chains from different starts have different IDs")
}

func TestSeal(t *testing.T) {
	id := subject.MustParseID("01950000-0000-7000-8000-00000000c0de")
	start := time.Date(2026, time.April, 1, 8, 0, 0, 0, time.UTC)
	head := consenttest.Chain(id, 3, start)
	more := consenttest.Chain(id, 2, start.Add(time.Hour))
	tail := consenttest.Seal(consent.HeadOf(head), more...)
	require.Len(t, tail, 2)
	assert.Equal(t, []uint64{4, 5}, []uint64{tail[0].Seq, tail[1].Seq})
	require.NoError(t, consent.Verify(append(slices.Clone(head), tail...)))

	// Seal copies: the events given are not changed, nor shared.
	assert.Equal(t, uint64(1), more[0].Seq)
	tail[0].Purposes[0].ID = "changed"
	assert.NotEqual(t, more[0].Purposes[0].ID, tail[0].Purposes[0].ID)
	assert.Nil(t, consenttest.Seal(consent.Head{}))
}

// ---- broken stores ----

// sloppyStore is a Store written from scratch whose flags each break part
// of the contract; with none set it is correct (but has no ChangeFeed).
type sloppyStore struct {
	ignoreExpect bool // append whatever expect says: no conflicts
	halfWrite    bool // write a batch event by event, stopping at the first misnumbered one
	upsert       bool // an expect below the last Seq overwrites from expect+1 (ON CONFLICT DO UPDATE)
	aliasLoad    bool // Load returns events sharing Purposes and Recipients with the store
	aliasAppend  bool // Append keeps the caller's Purposes and Recipients
	anySubject   bool // file events of other subjects under the id given
	forgetEvery  int  // acknowledge but drop every n-th Append

	mu      sync.Mutex
	appends int
	ledgers map[subject.ID][]consent.Event
}

func (s *sloppyStore) Append(ctx context.Context, id subject.ID, expect uint64, events ...consent.Event) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("sloppy: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ledgers == nil {
		s.ledgers = map[subject.ID][]consent.Event{}
	}
	if !s.halfWrite {
		for i, e := range events {
			if e.Subject != id && !s.anySubject {
				return fmt.Errorf("sloppy: event %d belongs to another subject", i)
			}
			if e.Seq != expect+uint64(i)+1 {
				return fmt.Errorf("sloppy: event %d has seq %d", i, e.Seq)
			}
		}
	}
	cur := s.ledgers[id]
	switch {
	case s.upsert && expect < uint64(len(cur)):
		cur = slices.Clone(cur[:expect])
	case !s.ignoreExpect && expect != uint64(len(cur)):
		return fmt.Errorf("sloppy: %w", consent.ErrConflict)
	}
	if s.appends++; s.forgetEvery > 0 && s.appends%s.forgetEvery == 0 {
		return nil
	}
	for i, e := range events {
		if s.halfWrite && (e.Seq != uint64(len(cur))+1 || e.Subject != id) {
			s.ledgers[id] = cur
			return fmt.Errorf("sloppy: event %d has seq %d", i, e.Seq)
		}
		if !s.aliasAppend {
			e = e.Clone()
		}
		cur = append(cur, e)
	}
	s.ledgers[id] = cur
	return nil
}

func (s *sloppyStore) Load(ctx context.Context, id subject.ID) ([]consent.Event, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("sloppy: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cur := s.ledgers[id]
	if len(cur) == 0 {
		return nil, nil
	}
	out := make([]consent.Event, len(cur))
	for i, e := range cur {
		if !s.aliasLoad {
			e = e.Clone()
		}
		out[i] = e
	}
	return out, nil
}

// dropLast loses the last event of every ledger on Load.
type dropLast struct{ *consent.MemStore }

func (s dropLast) Load(ctx context.Context, id subject.ID) ([]consent.Event, error) {
	events, err := s.MemStore.Load(ctx, id)
	if len(events) > 0 {
		events = events[:len(events)-1]
	}
	return events, err
}

// reversed loads ledgers newest first.
type reversed struct{ *consent.MemStore }

func (s reversed) Load(ctx context.Context, id subject.ID) ([]consent.Event, error) {
	events, err := s.MemStore.Load(ctx, id)
	slices.Reverse(events)
	return events, err
}

// ignoreCtx acts whether or not ctx is done.
type ignoreCtx struct{ *consent.MemStore }

func (s ignoreCtx) Append(ctx context.Context, id subject.ID, expect uint64, events ...consent.Event) error {
	return s.MemStore.Append(context.WithoutCancel(ctx), id, expect, events...)
}

func (s ignoreCtx) Load(ctx context.Context, id subject.ID) ([]consent.Event, error) {
	return s.MemStore.Load(context.WithoutCancel(ctx), id)
}

// lossyFeed leaves out changes with even cursors.
type lossyFeed struct{ *consent.MemStore }

func (s lossyFeed) Changes(ctx context.Context, after uint64, limit int) ([]consent.Change, error) {
	changes, err := s.MemStore.Changes(ctx, after, limit)
	return slices.DeleteFunc(changes, func(c consent.Change) bool { return c.Cursor%2 == 0 }), err
}

// unboundedFeed returns every change, whatever the limit.
type unboundedFeed struct{ *consent.MemStore }

func (s unboundedFeed) Changes(ctx context.Context, after uint64, _ int) ([]consent.Change, error) {
	return s.MemStore.Changes(ctx, after, math.MaxInt)
}

// restartingFeed always reads from the start.
type restartingFeed struct{ *consent.MemStore }

func (s restartingFeed) Changes(ctx context.Context, _ uint64, limit int) ([]consent.Change, error) {
	return s.MemStore.Changes(ctx, 0, limit)
}

// reversedFeed returns each page newest first.
type reversedFeed struct{ *consent.MemStore }

func (s reversedFeed) Changes(ctx context.Context, after uint64, limit int) ([]consent.Change, error) {
	changes, err := s.MemStore.Changes(ctx, after, limit)
	slices.Reverse(changes)
	return changes, err
}
