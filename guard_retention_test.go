package lawful_test

import (
	"context"
	"testing"
	"time"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/lawfultest"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/retention"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// retentionWorld is the fixture policy with rules in Go: logs kept six
// months with a six-month minimum, everything else until a deletion
// trigger.
func retentionWorld(t testing.TB) *lawfultest.World {
	t.Helper()
	return retentionWorldWith(t, lawfultest.Options{})
}

// retentionWorldWith is retentionWorld with options (its Retention is
// replaced by the rules above).
func retentionWorldWith(t testing.TB, opts lawfultest.Options) *lawfultest.World {
	t.Helper()
	reg := policy()
	var others []purpose.ID
	for _, c := range reg.Purposes() {
		if c.ID() != "ops.logging" {
			others = append(others, c.ID())
		}
	}
	rules, err := retention.Compile(reg,
		retention.Rule{ID: "logs", Purposes: []purpose.ID{"ops.logging"}, Keep: retention.Months(6), Minimum: retention.Months(6), MinimumCites: "Cybersecurity Law art. 21(3)"},
		retention.Rule{ID: "account", Purposes: others},
	)
	require.NoError(t, err)
	opts.Retention = rules
	w := lawfultest.New(t, reg, opts)
	require.NotNil(t, w.Tracker)
	return w
}

func TestGuardRetention(t *testing.T) {
	logs := pii.MustParseSet("activity.service_log")

	t.Run("restricted_logs_may_be_stored_but_not_disclosed_PIPL_art47_para2", func(t *testing.T) {
		w := retentionWorld(t)
		s := w.Adult(t)
		w.Collect(t, s, "ops.logging", logs, "log-1")
		w.Trigger(t, retention.DeletionRequested, s, "ops.logging")
		d := lawfultest.AssertDenied(t, w.Guard, req(s, "ops.logging", purpose.Disclose, logs), lawful.ErrRestrictedPendingErasure)
		assert.Contains(t, d.Detail(), "Cybersecurity Law art. 21(3)")
		assert.Contains(t, d.Err().Error(), "PIPL art. 47 para 2", "the hint cites the rule")
		st := lawfultest.AssertAllowed(t, w.Guard, req(s, "ops.logging", purpose.Store, logs))
		assert.Equal(t, lawful.StorageOnly, st.Obligations)
		lawfultest.AssertAllowed(t, w.Guard, req(s, "ops.logging", purpose.Collect, logs), "new logs are still collected")
	})

	t.Run("a_closed_accounts_logs_answer_retention_before_closure_PIPL_art47_para2", func(t *testing.T) {
		w := retentionWorld(t)
		s := w.Adult(t)
		w.Collect(t, s, "ops.logging", logs, "log-1")
		w.Close(t, s)
		lawfultest.AssertAllowed(t, w.Guard, req(s, "ops.logging", purpose.Store, logs))
		lawfultest.AssertDenied(t, w.Guard, req(s, "ops.logging", purpose.Collect, logs), lawful.ErrSubjectClosed)
	})

	t.Run("data_due_for_erasure_may_not_be_processed_at_all_PIPL_art47", func(t *testing.T) {
		w := retentionWorld(t)
		s := w.Adult(t)
		w.Collect(t, s, "signup.login", phone, "acct-1")
		w.Trigger(t, retention.DeletionRequested, s, "")
		for _, op := range []purpose.Operation{purpose.Use, purpose.Store} {
			d := lawfultest.AssertDenied(t, w.Guard, req(s, "signup.login", op, phone), lawful.ErrRetentionExpired)
			assert.Contains(t, d.Detail(), "deletion_requested")
		}
		w.Sweep(t)
		lawfultest.AssertAllowed(t, w.Guard, asParty(req(s, "signup.login", purpose.Use, phone)), "erased items no longer decide; new data is lawful again")
	})

	t.Run("a_done_context_during_the_retention_read_is_context_done", func(t *testing.T) {
		w := retentionWorld(t)
		s := w.Adult(t)
		w.Tracker.Invalidate(s)
		ctx, cancel := context.WithCancel(context.Background())
		r := req(s, "signup.login", purpose.Use, phone)
		r.At = w.Clock.Now().Add(time.Second)
		cancel()
		d := w.Guard.Check(ctx, r)
		assert.Equal(t, lawful.ContextDone, d.Reason)
	})
}

func TestFreshnessConfiguration(t *testing.T) {
	w := lawfultest.New(t, policy(), lawfultest.Options{})
	cfg := lawful.Config{Registry: w.Registry, Directory: w.Directory, Ledger: w.Ledger, Clock: w.Clock}
	cfg.Freshness = lawful.Freshness{Max: -time.Second}
	_, err := lawful.NewGuard(cfg)
	assert.ErrorContains(t, err, "Freshness.Max is negative")
	cfg.Freshness = lawful.Freshness{Max: time.Minute}
	_, err = lawful.NewGuard(cfg)
	assert.ErrorContains(t, err, "needs Freshness.Staleness")

	stale := time.Duration(0)
	cfg.Freshness = lawful.Freshness{Staleness: func() time.Duration { return stale }, Max: time.Minute}
	g, err := lawful.NewGuard(cfg)
	require.NoError(t, err)
	s := w.Adult(t)
	r := asParty(req(s, "signup.login", purpose.Use, phone))
	stale = 30 * time.Second
	d := lawfultest.AssertAllowed(t, g, r)
	assert.Equal(t, 30*time.Second, d.Staleness)
	stale = 2 * time.Minute
	d = lawfultest.AssertDenied(t, g, r, lawful.ErrStoreUnavailable, "a view older than the bound fails closed")
	assert.Contains(t, d.Detail(), "follower")
}
