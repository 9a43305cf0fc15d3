package retention_test

import (
	"context"
	"encoding/binary"
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/examples/policies"
	"github.com/lawfulgo/lawful/lawfultest"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/retention"
	"github.com/lawfulgo/lawful/subject"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBadInputChangesNothing(t *testing.T) {
	ctx := context.Background()
	w := clipo(t)
	s := w.Adult(t)
	now := w.Clock.Now()
	items := []struct {
		name string
		item retention.Item
	}{
		{"no_subject", retention.Item{Purpose: "ops.logging", Categories: logs, Key: "k", Collected: now}},
		{"no_key", retention.Item{Subject: s, Purpose: "ops.logging", Categories: logs, Collected: now}},
		{"a_huge_key", retention.Item{Subject: s, Purpose: "ops.logging", Categories: logs, Key: strings.Repeat("k", retention.MaxKeyLen+1), Collected: now}},
		{"no_collection_time", retention.Item{Subject: s, Purpose: "ops.logging", Categories: logs, Key: "k"}},
		{"no_categories", retention.Item{Subject: s, Purpose: "ops.logging", Key: "k", Collected: now}},
		{"an_undeclared_purpose", retention.Item{Subject: s, Purpose: "ads", Categories: logs, Key: "k", Collected: now}},
		{"categories_the_purpose_does_not_declare_PIPL_art6", retention.Item{Subject: s, Purpose: "ops.logging", Categories: voice, Key: "k", Collected: now}},
		{"a_collection_time_in_the_future", retention.Item{Subject: s, Purpose: "ops.logging", Categories: logs, Key: "k", Collected: now.Add(time.Hour)}},
	}
	for _, tc := range items {
		t.Run("track_refuses_"+tc.name, func(t *testing.T) {
			_, err := w.Tracker.Track(ctx, tc.item)
			assert.ErrorIs(t, err, retention.ErrInvalidItem)
		})
	}
	events := []struct {
		name string
		e    retention.Event
	}{
		{"collected_as_a_trigger", retention.Event{Kind: retention.Collected, Subject: s, At: now}},
		{"no_time", retention.Event{Kind: retention.AccountClosed, Subject: s}},
		{"no_subject", retention.Event{Kind: retention.DeletionRequested, At: now}},
		{"a_withdrawal_without_its_purpose", retention.Event{Kind: retention.ConsentWithdrawn, Subject: s, At: now}},
		{"a_closure_narrowed_to_a_purpose", retention.Event{Kind: retention.AccountClosed, Subject: s, Purpose: "ops.logging", At: now}},
		{"an_undeclared_purpose", retention.Event{Kind: retention.PurposeAchieved, Subject: s, Purpose: "ads", At: now}},
		{"a_termination_outside_AnnounceTermination", retention.Event{Kind: retention.ServiceTerminated, At: now}},
	}
	for _, tc := range events {
		t.Run("trigger_refuses_"+tc.name, func(t *testing.T) {
			_, err := w.Tracker.Trigger(ctx, tc.e)
			assert.ErrorIs(t, err, retention.ErrInvalidEvent)
		})
	}
	holds := []struct {
		name string
		h    retention.Hold
	}{
		{"no_id", retention.Hold{Reason: retention.Audit, From: now}},
		{"no_reason", retention.Hold{ID: "h", From: now}},
		{"no_start", retention.Hold{ID: "h", Reason: retention.Audit}},
		{"an_end_before_its_start", retention.Hold{ID: "h", Reason: retention.Audit, From: now, Until: now.Add(-time.Hour)}},
	}
	for _, tc := range holds {
		t.Run("place_hold_refuses_"+tc.name, func(t *testing.T) {
			assert.ErrorIs(t, w.Tracker.PlaceHold(ctx, tc.h), retention.ErrInvalidHold)
		})
	}
	assert.ErrorIs(t, w.Tracker.ReleaseHold(ctx, "h", time.Time{}), retention.ErrInvalidHold)
	timers, err := w.Tracker.Timers(ctx, s)
	require.NoError(t, err)
	assert.Empty(t, timers, "no refused call stored a timer")
	assert.Empty(t, w.Tracker.Holds(), "no refused call stored a hold")
	_, err = w.Tracker.AnnounceTermination(ctx, time.Time{}, now)
	assert.ErrorIs(t, err, retention.ErrInvalidEvent)
}

func TestTrackingTwiceFindsTheSameTimer(t *testing.T) {
	ctx := context.Background()
	w := clipo(t)
	s := w.Adult(t)
	a := w.Collect(t, s, "ops.logging", logs, "log-1")
	w.Clock.Advance(time.Hour)
	b := w.Collect(t, s, "ops.logging", logs, "log-1")
	assert.Equal(t, a.ID, b.ID)
	assert.True(t, b.Collected.After(a.Collected), "re-tracking updates the collection time")
	timers, err := w.Tracker.Timers(ctx, s)
	require.NoError(t, err)
	assert.Len(t, timers, 1)
}

func TestDisclosuresNameTheRecipientsToNotify(t *testing.T) {
	ctx := context.Background()
	w := clipo(t)
	s := w.Adult(t)
	pay := pii.MustParseSet("finance.order")
	now := w.Clock.Now()
	require.NoError(t, w.Tracker.RecordDisclosure(ctx, retention.Disclosure{Subject: s, Purpose: "commerce.payment", Categories: pay, Operation: purpose.Share, Recipient: "Alipay", At: now}))
	bad := []retention.Disclosure{
		{Subject: s, Purpose: "commerce.payment", Categories: pay, Operation: purpose.Share, Recipient: "Someone else", At: now},
		{Subject: s, Purpose: "commerce.payment", Categories: pay, Operation: purpose.Use, Recipient: "Alipay", At: now},
		{Purpose: "commerce.payment", Categories: pay, Operation: purpose.Share, Recipient: "Alipay", At: now},
		{Subject: s, Purpose: "nope", Categories: pay, Operation: purpose.Share, At: now},
		{Subject: s, Purpose: "commerce.payment", Categories: pay, Operation: purpose.Share, Recipient: "Alipay"},
		{Subject: s, Purpose: "commerce.payment", Operation: purpose.Share, Recipient: "Alipay", At: now},
		{Subject: s, Purpose: "ops.logging", Categories: logs, Operation: purpose.Export, Recipient: "x", At: now},
	}
	for _, d := range bad {
		assert.ErrorIs(t, w.Tracker.RecordDisclosure(ctx, d), retention.ErrInvalidEvent)
	}
	got, err := w.Tracker.Recipients(ctx, s, nil, pii.Set{})
	require.NoError(t, err)
	assert.Equal(t, []string{"Alipay"}, got, "GDPR art. 19; seed 000 §5.3")
	got, err = w.Tracker.Recipients(ctx, s, nil, logs)
	require.NoError(t, err)
	assert.Empty(t, got, "only recipients of the categories asked about")
	got, err = w.Tracker.Recipients(ctx, s, []purpose.ID{"legal.disclosure"}, pay)
	require.NoError(t, err)
	assert.Empty(t, got, "only recipients of the purposes asked about, even for a shared category")
	got, err = w.Tracker.Recipients(ctx, s, []purpose.ID{"commerce.payment"}, pii.Set{})
	require.NoError(t, err)
	assert.Equal(t, []string{"Alipay"}, got)
	all, err := w.Tracker.Disclosures(ctx, s)
	require.NoError(t, err)
	assert.Len(t, all, 1)
}

func TestDoRecordsDisclosures(t *testing.T) {
	ctx := context.Background()
	w := clipo(t)
	s := w.Adult(t)
	r := lawful.Request{Subject: s, Purpose: "commerce.payment", Operation: purpose.Share, Categories: pii.MustParseSet("finance.order"), Recipient: "WeChat Pay", Attest: lawful.ContractParty}
	_, err := lawful.Do(ctx, w.Guard, r, func(context.Context) (int, error) { return 1, nil })
	require.NoError(t, err)
	got, err := w.Tracker.Recipients(ctx, s, nil, pii.Set{})
	require.NoError(t, err)
	assert.Equal(t, []string{"WeChat Pay"}, got)
	_, err = lawful.Do(ctx, w.Guard, r, func(context.Context) (int, error) { return 0, errors.New("payment failed") })
	assert.Error(t, err)
	all, _ := w.Tracker.Disclosures(ctx, s)
	assert.Len(t, all, 1, "a failed provision records nothing")
}

// failingStore fails every read, to check that the Guard fails closed.
type failingStore struct{ retention.MemStore }

func (*failingStore) SubjectTimers(context.Context, subject.ID) ([]retention.Timer, error) {
	return nil, errors.New("database is down")
}

func TestGuardFailsClosedOnARetentionStoreError(t *testing.T) {
	reg := clipo(t).Registry
	rules, err := retention.Compile(reg)
	require.NoError(t, err)
	clock := lawfultest.NewClock(lawfultest.DefaultStart)
	tr, err := retention.NewTracker(context.Background(), retention.Config{Rules: rules, Store: &failingStore{}, Clock: clock})
	require.NoError(t, err)
	w := lawfultest.New(t, reg, lawfultest.Options{Retention: rules})
	g, err := lawful.NewGuard(lawful.Config{Registry: reg, Directory: w.Directory, Ledger: w.Ledger, Clock: w.Clock, Retention: tr})
	require.NoError(t, err)
	s := w.Adult(t)
	w.Grant(t, s, consent.Separate, "service.voice_clone")
	d := lawfultest.AssertDenied(t, g, req(s, "service.voice_clone", purpose.Use, voice), lawful.ErrStoreUnavailable)
	assert.ErrorContains(t, d.Cause, "database is down")
	lawfultest.AssertAllowed(t, g, req(s, "service.voice_clone", purpose.Collect, voice), "collecting new data does not read old timers")

	other, err := retention.Compile(policyWith(t, `{"keep":"P6M"}`))
	require.NoError(t, err)
	tr2, err := retention.NewTracker(context.Background(), retention.Config{Rules: other, Store: &retention.MemStore{}, Clock: clock})
	require.NoError(t, err)
	_, err = lawful.NewGuard(lawful.Config{Registry: reg, Directory: w.Directory, Ledger: w.Ledger, Clock: w.Clock, Retention: tr2})
	assert.ErrorIs(t, err, lawful.ErrNotConfigured)
	assert.ErrorContains(t, err, "another Registry")
}

func TestEnumsText(t *testing.T) {
	for tr := retention.Collected; tr <= retention.ServiceTerminated; tr++ {
		b, err := tr.MarshalText()
		require.NoError(t, err)
		var back retention.Trigger
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, tr, back)
	}
	_, err := retention.Trigger(0).MarshalText()
	assert.ErrorIs(t, err, retention.ErrUnknownTrigger)
	assert.Equal(t, "Trigger(9)", retention.Trigger(9).String())
	for r := retention.Litigation; r <= retention.Regulator; r++ {
		b, err := r.MarshalText()
		require.NoError(t, err)
		var back retention.HoldReason
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, r, back)
	}
	var hr retention.HoldReason
	assert.ErrorIs(t, hr.UnmarshalText([]byte("whim")), retention.ErrInvalidHold)
	_, err = retention.HoldReason(0).MarshalText()
	assert.ErrorIs(t, err, retention.ErrInvalidHold)
	var a retention.Action
	require.NoError(t, a.UnmarshalText([]byte("anonymize")))
	assert.Equal(t, retention.Anonymise, a)
	_, err = retention.Action(7).MarshalText()
	assert.ErrorIs(t, err, retention.ErrInvalidRule)
	assert.Equal(t, "restricted", retention.Restricted.String())
	for st := retention.Active; st <= retention.Erased; st++ {
		b, err := st.MarshalText()
		require.NoError(t, err)
		var back retention.State
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, st, back)
	}
	var st retention.State
	assert.ErrorIs(t, st.UnmarshalText([]byte("gone")), retention.ErrInvalidRule)
	_, err = retention.State(9).MarshalText()
	assert.ErrorIs(t, err, retention.ErrInvalidRule)
	assert.Equal(t, []retention.Trigger{retention.AccountClosed, retention.ServiceTerminated}, retention.TriggerSet(retention.AccountClosed, retention.ServiceTerminated, 0).List())
}

func TestProofVerifyDetectsEdits(t *testing.T) {
	w := clipo(t)
	s := w.Adult(t)
	w.Collect(t, s, "service.voice_clone", voice, "voice-1")
	w.Close(t, s)
	rep := w.Sweep(t)
	require.Len(t, rep.Erased, 1)
	p := rep.Erased[0]
	require.NoError(t, p.Verify())
	assert.NotContains(t, p.KeyDigest, "voice-1", "proofs keep no keys")
	p.Action = retention.Anonymise
	assert.ErrorIs(t, p.Verify(), retention.ErrProofMismatch)
}

func TestAHoldPlacedByAnotherProcessStopsTheSweep(t *testing.T) {
	ctx := context.Background()
	w := clipo(t)
	s := w.Adult(t)
	w.Collect(t, s, "service.voice_clone", voice, "voice-1")
	w.Close(t, s)
	// A second tracker on the same store, as another instance would run.
	store := &retention.MemStore{}
	rules := w.Tracker.Rules()
	a, err := retention.NewTracker(ctx, retention.Config{Rules: rules, Store: store, Clock: w.Clock})
	require.NoError(t, err)
	b, err := retention.NewTracker(ctx, retention.Config{Rules: rules, Store: store, Clock: w.Clock})
	require.NoError(t, err)
	_, err = a.Track(ctx, retention.Item{Subject: s, Purpose: "service.voice_clone", Categories: voice, Key: "v", Collected: w.Clock.Now()})
	require.NoError(t, err)
	_, err = a.Trigger(ctx, retention.Event{Kind: retention.AccountClosed, Subject: s, At: w.Clock.Now()})
	require.NoError(t, err)
	require.NoError(t, a.PlaceHold(ctx, retention.Hold{ID: "case-9", Reason: retention.Litigation, From: w.Clock.Now()}))
	sw, err := retention.NewSweeper(b, w.Eraser, retention.SweeperConfig{})
	require.NoError(t, err)
	rep, err := sw.Sweep(ctx)
	require.NoError(t, err)
	assert.Empty(t, rep.Erased, "instance b erased data under a hold placed through instance a")
	assert.Equal(t, 1, rep.Held)
}

// Two instances on one store: a deletion request through A reaches B's
// Guard answer within B's CacheFor (issue 7, many instances).
func TestCacheForBoundsWhatAnotherInstanceMisses(t *testing.T) {
	ctx := context.Background()
	w := voiceLab(t)
	s := w.Adult(t)
	store := &retention.MemStore{}
	a, err := retention.NewTracker(ctx, retention.Config{Rules: w.Tracker.Rules(), Store: store, Clock: w.Clock})
	require.NoError(t, err)
	b, err := retention.NewTracker(ctx, retention.Config{Rules: w.Tracker.Rules(), Store: store, Clock: w.Clock, CacheFor: time.Minute})
	require.NoError(t, err)
	_, err = a.Track(ctx, retention.Item{Subject: s, Purpose: "signup.login", Categories: phone, Key: "acct", Collected: w.Clock.Now()})
	require.NoError(t, err)
	v, err := b.Check(ctx, s, "signup.login", phone, w.Clock.Now())
	require.NoError(t, err)
	require.Equal(t, retention.Active, v.State)
	_, err = a.Trigger(ctx, retention.Event{Kind: retention.DeletionRequested, Subject: s, At: w.Clock.Now()})
	require.NoError(t, err)
	v, _ = b.Check(ctx, s, "signup.login", phone, w.Clock.Now())
	assert.Equal(t, retention.Active, v.State, "within CacheFor, B answers from its cache")
	w.Clock.Advance(time.Minute + time.Second)
	v, err = b.Check(ctx, s, "signup.login", phone, w.Clock.Now())
	require.NoError(t, err)
	assert.Equal(t, retention.Restricted, v.State, "after CacheFor, B reads the store and sees the request")
	_, err = retention.NewTracker(ctx, retention.Config{Rules: w.Tracker.Rules(), Store: store, Clock: w.Clock, CacheFor: -time.Second})
	assert.ErrorIs(t, err, retention.ErrNotConfigured)
}

// TestTrackerCacheIsBounded: Check on a flood of subject IDs keeps at
// most Config.CacheSize subjects in memory (issue 15 §4).
func TestTrackerCacheIsBounded(t *testing.T) {
	reg, err := policies.Open("clipo.json")
	require.NoError(t, err)
	rules, err := retention.Compile(reg)
	require.NoError(t, err)
	clock := &clock{now: time.Date(2026, 1, 15, 10, 0, 0, 0, time.UTC)}
	tr, err := retention.NewTracker(context.Background(), retention.Config{Rules: rules, Store: &retention.MemStore{}, Clock: clock, CacheSize: 1000})
	require.NoError(t, err)
	cats := pii.MustParseSet("activity.service_log")
	measure := func(n int) uint64 {
		for i := range n {
			var id subject.ID
			binary.LittleEndian.PutUint64(id[:], uint64(i)+1)
			binary.LittleEndian.PutUint64(id[8:], uint64(i)*0x9e3779b97f4a7c15)
			_, err := tr.Check(context.Background(), id, "ops.logging", cats, clock.now)
			require.NoError(t, err)
		}
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	small := measure(2_000)
	large := measure(100_000)
	assert.Less(t, int64(large)-int64(small), int64(1<<20), "a bounded cache does not grow with the number of subjects asked about")
	_, err = retention.NewTracker(context.Background(), retention.Config{Rules: rules, Store: &retention.MemStore{}, Clock: clock, CacheSize: -1})
	assert.ErrorIs(t, err, retention.ErrNotConfigured)
}

// An objection ends a period only under a rule that names it: switching
// personalisation off deletes the user tags it kept (NDSMR art. 42), while
// by default the Guard stops the purpose and the data waits for its rule.
func TestObjectionEndsOnlyRulesNamingIt(t *testing.T) {
	ctx := context.Background()
	w := voiceLab(t)
	s := w.Adult(t)
	tags := retention.Rule{ID: "tags", Purposes: []purpose.ID{"service.voice_clone"}, EndsOn: retention.TriggerSet(retention.Objected)}
	withTags, err := retention.Compile(w.Registry, tags)
	require.NoError(t, err)
	for _, c := range []struct {
		name  string
		rules *retention.Rules
		moved int
		want  retention.State
	}{
		{"no_rule_names_objected_the_data_waits", w.Tracker.Rules(), 0, retention.Active},
		{"a_rule_naming_objected_makes_the_data_due_NDSMR_art42", withTags, 1, retention.Due},
	} {
		t.Run(c.name, func(t *testing.T) {
			tr, err := retention.NewTracker(ctx, retention.Config{Rules: c.rules, Store: &retention.MemStore{}, Clock: w.Clock})
			require.NoError(t, err)
			_, err = tr.Track(ctx, retention.Item{Subject: s, Purpose: "service.voice_clone", Categories: voice, Key: "tags-1", Collected: w.Clock.Now()})
			require.NoError(t, err)
			n, err := tr.ConsentChanged(ctx, consent.Event{Subject: s, Kind: consent.Object, Purposes: []consent.PurposeRef{{ID: "service.voice_clone"}}, Effective: w.Clock.Now()})
			require.NoError(t, err)
			assert.Equal(t, c.moved, n, "timers the objection rescheduled")
			v, err := tr.Check(ctx, s, "service.voice_clone", voice, w.Clock.Now())
			require.NoError(t, err)
			assert.Equal(t, c.want, v.State)
		})
	}
	_, err = retention.DecodeRule([]byte(`{"ends_on": ["objected"]}`))
	assert.NoError(t, err, "policy files name it too")
}
