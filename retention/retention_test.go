package retention_test

import (
	"context"
	"errors"
	"os"
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

var (
	logs  = pii.MustParseSet("activity.service_log")
	voice = pii.MustParseSet("biometric.voice_sample,biometric.voiceprint")
	face  = pii.MustParseSet("biometric.face,biometric.face_image")
	login = pii.MustParseSet("account.id")
	phone = pii.MustParseSet("contact.phone")
)

// clipo returns a World over seed 003's policy, whose retention rules
// compile: logs kept six months with a six-month minimum, face and voice
// data ending on every deletion trigger.
func clipo(t *testing.T) *lawfultest.World {
	t.Helper()
	reg, err := policies.Open("clipo.json")
	require.NoError(t, err)
	w := lawfultest.New(t, reg, lawfultest.Options{})
	require.NoError(t, w.RetentionErr)
	return w
}

// voiceLab returns a World over lawfultest's sample policy, whose account
// rule gives a deletion request fifteen days' grace.
func voiceLab(t *testing.T) *lawfultest.World {
	t.Helper()
	f, err := os.Open("../lawfultest/testdata/policy.json")
	require.NoError(t, err)
	defer f.Close()
	reg, err := purpose.LoadPolicy(f)
	require.NoError(t, err)
	w := lawfultest.New(t, reg, lawfultest.Options{})
	require.NoError(t, w.RetentionErr)
	return w
}

// req is a request about the account holder's own data: they are a party
// to the service contract that the contract-based purposes rest on.
func req(s subject.ID, p purpose.ID, op purpose.Operation, cats pii.Set) lawful.Request {
	return lawful.Request{Subject: s, Purpose: p, Operation: op, Categories: cats, Attest: lawful.ContractParty}
}

func erasedKeys(rep retention.Report, keys ...string) []string {
	var out []string
	for _, p := range rep.Erased {
		for _, k := range keys {
			if p.KeyMatches(k) {
				out = append(out, k)
			}
		}
	}
	return out
}

func TestRetention(t *testing.T) {
	ctx := context.Background()

	t.Run("logs_are_kept_six_months_even_after_a_deletion_request_then_erased_CSL_art21_PIPL_art47_para2", func(t *testing.T) {
		w := clipo(t)
		s := w.Adult(t)
		w.Collect(t, s, "ops.logging", logs, "log-1")
		collected := w.Clock.Now()
		w.Clock.Advance(30 * 24 * time.Hour)
		w.Trigger(t, retention.DeletionRequested, s, "ops.logging")

		d := lawfultest.AssertDenied(t, w.Guard, req(s, "ops.logging", purpose.Use, logs), lawful.ErrRestrictedPendingErasure)
		assert.Contains(t, d.Detail(), "Cybersecurity Law art. 21(3)", "the denial names the law keeping the data")
		st := lawfultest.AssertAllowed(t, w.Guard, req(s, "ops.logging", purpose.Store, logs), "storage stays lawful while the minimum runs")
		assert.True(t, st.Obligations&lawful.StorageOnly != 0)
		assert.Empty(t, w.Sweep(t).Erased, "nothing is erased before the minimum")

		w.Clock.Set(retention.Months(6).End(collected).Add(-time.Second))
		assert.Empty(t, w.Sweep(t).Erased, "one second before the minimum ends")
		w.Clock.Set(retention.Months(6).End(collected))
		rep := w.Sweep(t)
		require.Len(t, rep.Erased, 1)
		p := rep.Erased[0]
		assert.True(t, p.KeyMatches("log-1"))
		assert.Equal(t, retention.DeletionRequested, p.Cause)
		assert.Equal(t, []string{"logs"}, p.Rules)
		assert.Equal(t, retention.Delete, p.Action)
		require.NoError(t, p.Verify())
		assert.Equal(t, []string{"log-1"}, w.Eraser.Erased())
		proofs, err := w.Tracker.Proofs(ctx, s)
		require.NoError(t, err)
		assert.Equal(t, []retention.Proof{p}, proofs)
	})

	t.Run("logs_are_erased_six_months_after_collection_without_any_trigger_CSL_art21_PIPL_art19", func(t *testing.T) {
		w := clipo(t)
		s := w.Adult(t)
		tm := w.Collect(t, s, "ops.logging", logs, "log-1")
		assert.Equal(t, retention.Collected, tm.Cause)
		assert.True(t, tm.RestrictedFrom.IsZero())
		w.Clock.Set(tm.Due)
		lawfultest.AssertAllowed(t, w.Guard, req(s, "ops.logging", purpose.Use, logs), "rolling logs stay usable while old entries wait for the sweep")
		assert.Len(t, w.Sweep(t).Erased, 1)
	})

	t.Run("a_legal_hold_blocks_erasure_until_released_LAW_s6_GDPR_art17_3_e", func(t *testing.T) {
		w := clipo(t)
		s := w.Adult(t)
		w.Grant(t, s, consent.Separate, "service.voice_clone")
		w.Collect(t, s, "service.voice_clone", voice, "voice-1")
		require.NoError(t, w.Tracker.PlaceHold(ctx, retention.Hold{ID: "case-7", Reason: retention.Litigation, Subject: s, From: w.Clock.Now()}))
		w.Clock.Advance(time.Hour)
		w.Trigger(t, retention.DeletionRequested, s, "service.voice_clone")

		rep := w.Sweep(t)
		assert.Empty(t, rep.Erased)
		assert.Equal(t, 1, rep.Held)
		d := lawfultest.AssertDenied(t, w.Guard, req(s, "service.voice_clone", purpose.Use, voice), lawful.ErrRestrictedPendingErasure)
		assert.Contains(t, d.Detail(), "case-7")
		lawfultest.AssertAllowed(t, w.Guard, req(s, "service.voice_clone", purpose.Store, voice), "a hold blocks erasure, not storage")
		st, err := w.Tracker.StateOf(ctx, retention.TimerIDOf(s, "service.voice_clone", "voice-1"), w.Clock.Now())
		require.NoError(t, err)
		assert.Equal(t, retention.Restricted, st)

		w.Clock.Advance(time.Hour)
		require.NoError(t, w.Tracker.ReleaseHold(ctx, "case-7", w.Clock.Now()))
		rep = w.Sweep(t)
		assert.Equal(t, []string{"voice-1"}, erasedKeys(rep, "voice-1"))
		assert.ErrorIs(t, w.Tracker.ReleaseHold(ctx, "case-404", w.Clock.Now()), retention.ErrNotFound)
	})

	t.Run("a_hold_with_an_end_lapses_by_itself", func(t *testing.T) {
		w := clipo(t)
		s := w.Adult(t)
		w.Collect(t, s, "service.voice_clone", voice, "voice-1")
		require.NoError(t, w.Tracker.PlaceHold(ctx, retention.Hold{ID: "audit-2026", Reason: retention.Audit, Categories: voice, From: w.Clock.Now(), Until: w.Clock.Now().Add(48 * time.Hour)}))
		w.Close(t, s)
		assert.Equal(t, 1, w.Sweep(t).Held)
		w.Clock.Advance(24 * time.Hour)
		assert.Empty(t, w.Sweep(t).Erased, "the deferred item waits for the hold's end")
		w.Clock.Advance(24 * time.Hour)
		assert.Len(t, w.Sweep(t).Erased, 1)
	})

	t.Run("face_and_voice_data_are_erased_when_the_account_closes_seed003_s5_3_NDSMR_art24", func(t *testing.T) {
		w := clipo(t)
		s := w.Adult(t)
		w.Grant(t, s, consent.Separate, "service.digital_human", "service.voice_clone")
		w.Collect(t, s, "service.digital_human", face, "dh-1/face")
		w.Collect(t, s, "service.voice_clone", voice, "vc-1/voice")
		w.Collect(t, s, "ops.logging", logs, "log-1")
		w.Clock.Advance(24 * time.Hour)
		w.Close(t, s)
		rep := w.Sweep(t)
		assert.ElementsMatch(t, []string{"dh-1/face", "vc-1/voice"}, erasedKeys(rep, "dh-1/face", "vc-1/voice", "log-1"))
		assert.Len(t, rep.Erased, 2, "the logs wait for their six-month minimum")
		st := lawfultest.AssertAllowed(t, w.Guard, req(s, "ops.logging", purpose.Store, logs), "a closed account's logs may still be stored (PIPL art. 47 para 2)")
		assert.True(t, st.Obligations&lawful.StorageOnly != 0)
		lawfultest.AssertDenied(t, w.Guard, req(s, "ops.logging", purpose.Use, logs), lawful.ErrRestrictedPendingErasure)
	})

	t.Run("deleting_one_digital_human_erases_only_its_data_seed003_s5_3", func(t *testing.T) {
		w := clipo(t)
		s := w.Adult(t)
		w.Collect(t, s, "service.digital_human", face, "dh-1")
		w.Collect(t, s, "service.digital_human", face, "dh-2")
		_, err := w.Tracker.Trigger(ctx, retention.Event{Kind: retention.PurposeAchieved, Subject: s, Purpose: "service.digital_human", Key: "dh-1", At: w.Clock.Now()})
		require.NoError(t, err)
		rep := w.Sweep(t)
		assert.Equal(t, []string{"dh-1"}, erasedKeys(rep, "dh-1", "dh-2"))
		assert.Len(t, rep.Erased, 1)
	})

	t.Run("withdrawing_an_optional_purpose_erases_only_that_purposes_data_PIPL_art47_1_3", func(t *testing.T) {
		w := clipo(t)
		s := w.Adult(t)
		w.Grant(t, s, consent.Separate, "service.voice_clone")
		w.Collect(t, s, "service.voice_clone", voice, "voice-1")
		w.Collect(t, s, "signup.login", login, "account-1")
		w.Clock.Advance(time.Hour)
		w.Withdraw(t, s, "service.voice_clone") // World passes withdrawals to the Tracker
		rep := w.Sweep(t)
		assert.Equal(t, []string{"voice-1"}, erasedKeys(rep, "voice-1", "account-1"))
		assert.Len(t, rep.Erased, 1)
		lawfultest.AssertAllowed(t, w.Guard, req(s, "signup.login", purpose.Use, login), "the core service goes on (PIPL art. 16)")
	})

	t.Run("data_collected_after_a_withdrawal_is_not_scheduled_by_it", func(t *testing.T) {
		w := clipo(t)
		s := w.Adult(t)
		w.Grant(t, s, consent.Separate, "service.voice_clone")
		w.Withdraw(t, s, "service.voice_clone")
		w.Clock.Advance(time.Hour)
		w.Grant(t, s, consent.Separate, "service.voice_clone")
		tm := w.Collect(t, s, "service.voice_clone", voice, "voice-2")
		assert.True(t, tm.Due.IsZero(), "a later item waits for a later trigger")
		assert.Empty(t, w.Sweep(t).Erased)
	})

	t.Run("a_deletion_request_with_a_grace_period_restricts_at_once_and_erases_at_its_end_PIPL_art47", func(t *testing.T) {
		w := voiceLab(t)
		s := w.Adult(t)
		w.Collect(t, s, "signup.login", phone, "account-1")
		w.Trigger(t, retention.DeletionRequested, s, "")
		lawfultest.AssertDenied(t, w.Guard, req(s, "signup.login", purpose.Use, phone), lawful.ErrRestrictedPendingErasure)
		lawfultest.AssertAllowed(t, w.Guard, req(s, "signup.login", purpose.Collect, phone), "new data is not the old data's business")
		assert.Empty(t, w.Sweep(t).Erased, "the account rule allows 15 days to erase")
		w.Clock.Advance(16 * 24 * time.Hour)
		lawfultest.AssertDenied(t, w.Guard, req(s, "signup.login", purpose.Use, phone), lawful.ErrRetentionExpired)
		lawfultest.AssertDenied(t, w.Guard, req(s, "signup.login", purpose.Store, phone), lawful.ErrRetentionExpired)
		assert.Len(t, w.Sweep(t).Erased, 1)
		lawfultest.AssertAllowed(t, w.Guard, req(s, "signup.login", purpose.Use, phone), "erased items no longer decide")
	})
}

func TestSweeper(t *testing.T) {
	ctx := context.Background()

	t.Run("a_failed_erasure_is_retried_after_a_backoff_and_its_proof_counts_the_attempts", func(t *testing.T) {
		w := clipo(t)
		s := w.Adult(t)
		w.Collect(t, s, "service.voice_clone", voice, "voice-1")
		w.Close(t, s)
		w.Eraser.Fail("voice-1", errors.New("object store unavailable"))
		rep := w.Sweep(t)
		assert.Equal(t, 1, rep.Failed)
		tm, err := w.Tracker.Timers(ctx, s)
		require.NoError(t, err)
		require.Len(t, tm, 1)
		assert.Equal(t, 1, tm[0].Attempts)
		assert.Equal(t, "object store unavailable", tm[0].LastError)
		assert.Equal(t, w.Clock.Now().Add(retention.DefaultBackoff(1)), tm[0].NotBefore)

		w.Eraser.Fail("voice-1", nil)
		w.Clock.Advance(retention.DefaultBackoff(1) - time.Second)
		assert.Empty(t, w.Sweep(t).Erased, "not before the backoff")
		w.Clock.Advance(time.Second)
		rep = w.Sweep(t)
		require.Len(t, rep.Erased, 1)
		assert.Equal(t, 2, rep.Erased[0].Attempts)
		assert.Empty(t, w.Sweep(t).Erased, "a second sweep erases nothing again")
	})

	t.Run("sweeps_are_batched_and_stop_on_a_done_context", func(t *testing.T) {
		w := clipo(t)
		s := w.Adult(t)
		for _, k := range []string{"a", "b", "c", "d", "e"} {
			w.Collect(t, s, "service.voice_clone", voice, k)
		}
		w.Close(t, s)
		sw, err := retention.NewSweeper(w.Tracker, w.Eraser, retention.SweeperConfig{Batch: 2})
		require.NoError(t, err)
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		_, err = sw.Sweep(cctx)
		assert.ErrorIs(t, err, context.Canceled)
		assert.Empty(t, w.Eraser.Erased())
		rep, err := sw.Sweep(ctx)
		require.NoError(t, err)
		assert.Len(t, rep.Erased, 5)
	})

	t.Run("run_sweeps_until_the_context_ends", func(t *testing.T) {
		w := clipo(t)
		s := w.Adult(t)
		w.Collect(t, s, "service.voice_clone", voice, "v")
		w.Close(t, s)
		cctx, cancel := context.WithCancel(ctx)
		eraser := retention.EraserFunc(func(context.Context, retention.Timer) error { cancel(); return nil })
		sw, err := retention.NewSweeper(w.Tracker, eraser, retention.SweeperConfig{})
		require.NoError(t, err)
		assert.ErrorIs(t, sw.Run(cctx, time.Hour, nil), context.Canceled)
		assert.ErrorIs(t, sw.Run(ctx, 0, nil), retention.ErrNotConfigured)
	})

	t.Run("misconfigured_sweepers_and_trackers_are_errors", func(t *testing.T) {
		_, err := retention.NewSweeper(nil, nil, retention.SweeperConfig{})
		assert.ErrorIs(t, err, retention.ErrNotConfigured)
		_, err = retention.NewTracker(ctx, retention.Config{})
		assert.ErrorIs(t, err, retention.ErrNotConfigured)
		assert.Contains(t, err.Error(), "Rules")
	})
}

func TestTermination(t *testing.T) {
	ctx := context.Background()
	t.Run("less_than_30_days_notice_is_refused_seed003_s5_2", func(t *testing.T) {
		w := clipo(t)
		now := w.Clock.Now()
		_, err := w.Tracker.AnnounceTermination(ctx, now, now.Add(29*24*time.Hour))
		assert.ErrorIs(t, err, retention.ErrNoticeTooShort)
	})
	t.Run("termination_erases_at_its_effective_time_but_logs_keep_their_minimum_PIPL_art47_1_2", func(t *testing.T) {
		w := clipo(t)
		s := w.Adult(t)
		w.Collect(t, s, "service.voice_clone", voice, "voice-1")
		w.Collect(t, s, "ops.logging", logs, "log-1")
		now := w.Clock.Now()
		term, err := w.Tracker.AnnounceTermination(ctx, now, now.Add(31*24*time.Hour))
		require.NoError(t, err)
		assert.Equal(t, 2, term.Rescheduled)
		assert.Empty(t, w.Sweep(t).Erased, "nothing before the service stops")
		w.Clock.Advance(31 * 24 * time.Hour)
		rep := w.Sweep(t)
		assert.Equal(t, []string{"voice-1"}, erasedKeys(rep, "voice-1", "log-1"))
		lawfultest.AssertDenied(t, w.Guard, req(s, "ops.logging", purpose.Use, logs), lawful.ErrRestrictedPendingErasure)
	})
}
