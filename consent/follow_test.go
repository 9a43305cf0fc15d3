package consent_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
	"github.com/stretchr/testify/require"
)

// peer returns another instance's Ledger on the fixture's store: same
// registry, directory and clock, its own snapshot cache.
func (f *fixture) peer(t testing.TB, store consent.Store) *consent.Ledger {
	t.Helper()
	if store == nil {
		store = f.store
	}
	cfg := f.config(store)
	cfg.Rand = rand.NewChaCha8([32]byte{2})
	l, err := consent.NewLedger(cfg)
	require.NoError(t, err)
	return l
}

// status reads the consent status of who to id through l at at.
func (f *fixture) status(t testing.TB, l *consent.Ledger, who subject.ID, id purpose.ID, at time.Time) consent.Status {
	t.Helper()
	st, err := l.StateAt(t.Context(), who, at)
	require.NoError(t, err)
	return st.Consent(f.purpose(id), "").Status
}

func newFollower(t testing.TB, cfg consent.FollowerConfig) *consent.Follower {
	t.Helper()
	fol, err := consent.NewFollower(cfg)
	require.NoError(t, err)
	return fol
}

func TestFollowerPollShowsAnotherLedgersWithdrawal(t *testing.T) {
	f := newFixture(t)
	b := f.peer(t, nil)
	fol := newFollower(t, consent.FollowerConfig{Ledgers: []*consent.Ledger{b}, Clock: f.clock})
	require.NoError(t, fol.Poll(t.Context()))

	f.grant(t, adultID, consent.Click, "marketing.sms")
	require.Equal(t, consent.Given, f.status(t, b, adultID, "marketing.sms", f.clock.Now()), "B loads the grant A appended")
	f.clock.Advance(time.Minute)
	f.withdraw(t, adultID, "marketing.sms")
	require.Equal(t, consent.Given, f.status(t, b, adultID, "marketing.sms", f.clock.Now()),
		"before a poll, B answers from its cached snapshot (this is the staleness the Follower bounds)")

	require.NoError(t, fol.Poll(t.Context()))
	require.Equal(t, consent.Withdrawn, f.status(t, b, adultID, "marketing.sms", f.clock.Now()),
		"after one poll, B sees the withdrawal appended through A")
	require.Equal(t, uint64(2), fol.Cursor())
}

func TestFollowerLeavesSnapshotsThatAreUpToDate(t *testing.T) {
	f := newFixture(t)
	fol := newFollower(t, consent.FollowerConfig{Ledgers: []*consent.Ledger{f.ledger}, Clock: f.clock})
	f.grant(t, adultID, consent.Click, "marketing.sms")
	before, err := f.ledger.Snapshot(t.Context(), adultID)
	require.NoError(t, err)
	require.NoError(t, fol.Poll(t.Context()))
	after, err := f.ledger.Snapshot(t.Context(), adultID)
	require.NoError(t, err)
	require.Same(t, before, after, "a Ledger's own append leaves its snapshot at the change's Seq; the poll must not drop it")
}

// failingFeed is a ChangeFeed that fails while fail is set.
type failingFeed struct {
	consent.ChangeFeed
	mu   sync.Mutex
	fail bool
}

func (f *failingFeed) set(fail bool) { f.mu.Lock(); f.fail = fail; f.mu.Unlock() }

func (f *failingFeed) Changes(ctx context.Context, after uint64, limit int) ([]consent.Change, error) {
	f.mu.Lock()
	fail := f.fail
	f.mu.Unlock()
	if fail {
		return nil, errors.New("feed down")
	}
	return f.ChangeFeed.Changes(ctx, after, limit)
}

func TestFollowerStaleness(t *testing.T) {
	for _, tc := range []struct {
		name string
		run  func(t *testing.T, f *fixture, feed *failingFeed, fol *consent.Follower) time.Duration
		want time.Duration
	}{
		{
			name: "unbounded_before_the_first_successful_poll",
			run: func(t *testing.T, f *fixture, feed *failingFeed, fol *consent.Follower) time.Duration {
				feed.set(true)
				require.Error(t, fol.Poll(t.Context()))
				return fol.Staleness()
			},
			want: consent.StalenessUnbounded,
		},
		{
			name: "time_since_the_last_successful_poll_started",
			run: func(t *testing.T, f *fixture, feed *failingFeed, fol *consent.Follower) time.Duration {
				require.NoError(t, fol.Poll(t.Context()))
				f.clock.Advance(3 * time.Second)
				return fol.Staleness()
			},
			want: 3 * time.Second,
		},
		{
			name: "a_failed_poll_does_not_reset_it",
			run: func(t *testing.T, f *fixture, feed *failingFeed, fol *consent.Follower) time.Duration {
				require.NoError(t, fol.Poll(t.Context()))
				f.clock.Advance(5 * time.Second)
				feed.set(true)
				require.Error(t, fol.Poll(t.Context()))
				f.clock.Advance(2 * time.Second)
				return fol.Staleness()
			},
			want: 7 * time.Second,
		},
		{
			name: "a_successful_poll_after_failures_resets_it",
			run: func(t *testing.T, f *fixture, feed *failingFeed, fol *consent.Follower) time.Duration {
				feed.set(true)
				require.Error(t, fol.Poll(t.Context()))
				f.clock.Advance(time.Hour)
				feed.set(false)
				require.NoError(t, fol.Poll(t.Context()))
				f.clock.Advance(time.Second)
				return fol.Staleness()
			},
			want: time.Second,
		},
		{
			name: "never_negative_when_the_clock_steps_back",
			run: func(t *testing.T, f *fixture, feed *failingFeed, fol *consent.Follower) time.Duration {
				require.NoError(t, fol.Poll(t.Context()))
				f.clock.Advance(-time.Minute)
				return fol.Staleness()
			},
			want: 0,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			feed := &failingFeed{ChangeFeed: f.store}
			fol := newFollower(t, consent.FollowerConfig{Ledgers: []*consent.Ledger{f.ledger}, Feed: feed, Clock: f.clock})
			require.Equal(t, tc.want, tc.run(t, f, feed, fol))
		})
	}
}

// gatedStore holds a Load, once armed, between reading the store and
// returning, so a test can append and poll in that gap.
type gatedStore struct {
	consent.Store
	mu     sync.Mutex
	armed  bool
	loaded chan struct{} // receives when an armed Load has read the store
	resume chan struct{} // the armed Load returns when this is closed
}

func (g *gatedStore) Load(ctx context.Context, id subject.ID) ([]consent.Event, error) {
	events, err := g.Store.Load(ctx, id)
	g.mu.Lock()
	armed := g.armed
	g.armed = false
	g.mu.Unlock()
	if armed {
		g.loaded <- struct{}{}
		<-g.resume
	}
	return events, err
}

func TestFollowerRechecksTheSubjectsOfThePreviousPoll(t *testing.T) {
	// A snapshot loaded before a withdrawal but cached after the poll that
	// saw it would stay stale; the next poll checks those subjects again.
	f := newFixture(t)
	gate := &gatedStore{Store: f.store, armed: true, loaded: make(chan struct{}), resume: make(chan struct{})}
	b := f.peer(t, gate)
	fol := newFollower(t, consent.FollowerConfig{Ledgers: []*consent.Ledger{b}, Feed: f.store, Clock: f.clock})
	f.grant(t, adultID, consent.Click, "marketing.sms")
	require.NoError(t, fol.Poll(t.Context()))

	read := make(chan consent.Status)
	go func() {
		st, err := b.StateAt(context.Background(), adultID, t0.Add(time.Hour))
		if err != nil {
			read <- consent.StatusUnknown
			return
		}
		read <- st.Consent(f.purpose("marketing.sms"), "").Status
	}()
	<-gate.loaded // B has read the ledger with the grant only
	f.clock.Advance(time.Minute)
	f.withdraw(t, adultID, "marketing.sms")
	require.NoError(t, fol.Poll(t.Context()), "this poll sees the withdrawal while B has nothing cached yet")
	close(gate.resume)
	require.Equal(t, consent.Given, <-read, "B's racing read cached the snapshot from before the withdrawal")

	require.NoError(t, fol.Poll(t.Context()))
	require.Equal(t, consent.Withdrawn, f.status(t, b, adultID, "marketing.sms", t0.Add(time.Hour)),
		"the next poll rechecks the subjects the previous one saw and drops the stale snapshot")
}

// headFeed is a ChangeFeed with FeedHead that records where reads start.
type headFeed struct {
	*consent.MemStore
	afters []uint64
}

func (h *headFeed) HeadCursor(ctx context.Context) (uint64, error) {
	var head uint64
	for {
		page, err := h.MemStore.Changes(ctx, head, 100)
		if err != nil || len(page) == 0 {
			return head, err
		}
		head = page[len(page)-1].Cursor
	}
}

func (h *headFeed) Changes(ctx context.Context, after uint64, limit int) ([]consent.Change, error) {
	h.afters = append(h.afters, after)
	return h.MemStore.Changes(ctx, after, limit)
}

func TestFollowerWithFeedHeadStartsAtTheHeadAndEmptiesTheCaches(t *testing.T) {
	f := newFixture(t)
	b := f.peer(t, nil)
	f.grant(t, adultID, consent.Click, "marketing.sms")
	f.grant(t, parentID, consent.Click, "marketing.sms")
	require.Equal(t, consent.Given, f.status(t, b, adultID, "marketing.sms", f.clock.Now()))
	f.clock.Advance(time.Minute)
	f.withdraw(t, adultID, "marketing.sms") // cursor 3: B's cache is stale

	feed := &headFeed{MemStore: f.store}
	fol := newFollower(t, consent.FollowerConfig{Ledgers: []*consent.Ledger{b}, Feed: feed, Clock: f.clock})
	require.NoError(t, fol.Poll(t.Context()))
	require.Equal(t, uint64(3), fol.Cursor(), "the first poll jumps to the head of the feed")
	require.Equal(t, []uint64{3}, feed.afters, "and reads only what follows it")
	require.Equal(t, consent.Withdrawn, f.status(t, b, adultID, "marketing.sms", f.clock.Now()),
		"snapshots cached before the jump are dropped, since the changes before the head were skipped")
}

func TestFollowerPollReadsPagesUntilTheFeedIsDrained(t *testing.T) {
	f := newFixture(t)
	for _, id := range []subject.ID{adultID, parentID, uncleID, unverID, strangerID} {
		f.grant(t, id, consent.Click, "marketing.sms")
	}
	feed := &headFeed{MemStore: f.store}
	fol := newFollower(t, consent.FollowerConfig{Ledgers: []*consent.Ledger{f.ledger}, Feed: struct{ consent.ChangeFeed }{feed}, Batch: 2, Clock: f.clock})
	require.NoError(t, fol.Poll(t.Context()))
	require.Equal(t, uint64(5), fol.Cursor())
	require.Equal(t, []uint64{0, 2, 4}, feed.afters, "pages of 2 from the start (no FeedHead), until a short page")
}

// backwardsFeed returns a cursor it already returned.
type backwardsFeed struct{}

func (backwardsFeed) Changes(context.Context, uint64, int) ([]consent.Change, error) {
	return []consent.Change{{Cursor: 1, Subject: adultID, Seq: 1}, {Cursor: 1, Subject: adultID, Seq: 2}}, nil
}

func TestFollowerRefusesAFeedWhoseCursorsDoNotIncrease(t *testing.T) {
	f := newFixture(t)
	fol := newFollower(t, consent.FollowerConfig{Ledgers: []*consent.Ledger{f.ledger}, Feed: backwardsFeed{}, Clock: f.clock})
	err := fol.Poll(t.Context())
	require.ErrorContains(t, err, "increasing order")
	require.Equal(t, consent.StalenessUnbounded, fol.Staleness())
}

// storeOnly hides every capability of a Store but the interface.
type storeOnly struct{ consent.Store }

func TestNewFollowerRefusesIncompleteConfig(t *testing.T) {
	f := newFixture(t)
	noFeed := f.peer(t, storeOnly{f.store})
	for _, tc := range []struct {
		name string
		cfg  consent.FollowerConfig
	}{
		{"needs_a_ledger", consent.FollowerConfig{}},
		{"refuses_a_nil_ledger", consent.FollowerConfig{Ledgers: []*consent.Ledger{f.ledger, nil}}},
		{"needs_a_feed_when_the_store_has_none", consent.FollowerConfig{Ledgers: []*consent.Ledger{noFeed}}},
		{"refuses_a_negative_interval", consent.FollowerConfig{Ledgers: []*consent.Ledger{f.ledger}, Interval: -time.Second}},
		{"refuses_a_negative_batch", consent.FollowerConfig{Ledgers: []*consent.Ledger{f.ledger}, Batch: -1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := consent.NewFollower(tc.cfg)
			require.ErrorIs(t, err, consent.ErrNotConfigured)
		})
	}
	t.Run("zero_fields_take_their_defaults", func(t *testing.T) {
		fol := newFollower(t, consent.FollowerConfig{Ledgers: []*consent.Ledger{noFeed}, Feed: f.store})
		require.Equal(t, consent.DefaultFollowInterval, fol.Interval())
		require.Equal(t, consent.StalenessUnbounded, fol.Staleness())
	})
}

func TestFollowerRunPollsEveryIntervalUntilCancelled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFixture(t)
		b := f.peer(t, nil)
		feed := &failingFeed{ChangeFeed: f.store}
		var failures []error
		fol := newFollower(t, consent.FollowerConfig{
			Ledgers: []*consent.Ledger{b}, Feed: feed, Interval: time.Second,
			OnError: func(err error) { failures = append(failures, err) },
		})
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error)
		go func() { done <- fol.Run(ctx) }()
		synctest.Wait()
		require.Equal(t, time.Duration(0), fol.Staleness(), "Run polls at once")

		f.grant(t, adultID, consent.Click, "marketing.sms")
		require.Equal(t, consent.Given, f.status(t, b, adultID, "marketing.sms", f.clock.Now()))
		f.clock.Advance(time.Minute)
		f.withdraw(t, adultID, "marketing.sms")
		time.Sleep(999 * time.Millisecond)
		synctest.Wait()
		require.Equal(t, consent.Given, f.status(t, b, adultID, "marketing.sms", f.clock.Now()), "no poll before the interval")
		require.Equal(t, 999*time.Millisecond, fol.Staleness())
		time.Sleep(time.Millisecond)
		synctest.Wait()
		require.Equal(t, consent.Withdrawn, f.status(t, b, adultID, "marketing.sms", f.clock.Now()), "the poll one interval later applies the withdrawal")
		require.Equal(t, time.Duration(0), fol.Staleness())

		feed.set(true)
		time.Sleep(3 * time.Second)
		synctest.Wait()
		require.Len(t, failures, 3, "each failed poll is reported to OnError")
		require.Equal(t, 3*time.Second, fol.Staleness(), "and staleness grows while polls fail")

		cancel()
		require.ErrorIs(t, <-done, context.Canceled)
	})
}

func ExampleFollower() {
	ctx := context.Background()
	store := consent.NewMemStore() // in production, a shared database: sqlstore
	clock := &clock{now: t0}
	instanceA, _ := consent.NewLedger(consent.Config{Registry: registry(), Directory: directory(), Store: store, Clock: clock})
	instanceB, _ := consent.NewLedger(consent.Config{Registry: registry(), Directory: directory(), Store: store, Clock: clock})
	follower, _ := consent.NewFollower(consent.FollowerConfig{Ledgers: []*consent.Ledger{instanceB}, Clock: clock})
	// In a service: go follower.Run(ctx), which polls every Interval.
	follower.Poll(ctx)

	sms, _ := instanceB.Registry().Lookup("marketing.sms")
	statusAtB := func() consent.Status {
		st, _ := instanceB.StateAt(ctx, adultID, clock.Now())
		return st.Consent(sms, "").Status
	}
	instanceA.Append(ctx, consent.Event{Subject: adultID, Kind: consent.Grant, Form: consent.Click, Notice: "2026-01-01", Purposes: []consent.PurposeRef{{ID: "marketing.sms"}}})
	fmt.Println("B after A's grant:", statusAtB())
	clock.Advance(time.Minute)
	instanceA.Append(ctx, consent.Event{Subject: adultID, Kind: consent.Withdraw, Purposes: []consent.PurposeRef{{ID: "marketing.sms"}}})
	fmt.Println("B before polling:", statusAtB(), "- staleness bound", follower.Staleness())
	follower.Poll(ctx)
	fmt.Println("B after polling:", statusAtB(), "- staleness bound", follower.Staleness())
	// Output:
	// B after A's grant: given
	// B before polling: given - staleness bound 1m0s
	// B after polling: withdrawn - staleness bound 0s
}
