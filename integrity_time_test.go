package lawful_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/clock"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/lawfultest"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTimeCannotTurnAWithdrawalIntoAnAllow covers issue 15's first class:
// no request time, expiry or clock step may allow processing that the
// ledger's latest recorded state forbids (PIPL art. 15: a withdrawal ends
// consent from its time on).
func TestTimeCannotTurnAWithdrawalIntoAnAllow(t *testing.T) {
	ctx := context.Background()
	const clone = purpose.ID("service.voice_clone")

	t.Run("a_request_time_beyond_the_year_2262_is_refused_not_allowed_after_a_withdrawal_PIPL_art15", func(t *testing.T) {
		w := lawfultest.New(t, policy(), lawfultest.Options{})
		id := w.AdultWithWithdrawnConsent(t, clone)
		for _, at := range []time.Time{
			time.Date(2262, 4, 12, 0, 0, 0, 0, time.UTC), // UnixNano wraps to 1677
			time.Date(2263, 1, 1, 0, 0, 0, 0, time.UTC),
			time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC),
			time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC),
		} {
			r := req(id, clone, purpose.Use, voice)
			r.At = at
			d := w.Guard.Check(ctx, r)
			assert.False(t, d.Allowed(), "at %v", at)
			assert.ErrorIs(t, d.Err(), lawful.ErrInvalidRequest, "at %v", at)
			assert.ErrorIs(t, d.Err(), clock.ErrOutOfRange, "at %v", at)
		}
	})

	t.Run("an_expiry_beyond_the_range_is_refused_at_append_naming_the_range", func(t *testing.T) {
		w := lawfultest.New(t, policy(), lawfultest.Options{})
		id := w.Adult(t)
		_, err := w.Ledger.Append(ctx, consent.Event{Subject: id, Kind: consent.Grant, Form: consent.Separate, Notice: "v1",
			Purposes: []consent.PurposeRef{{ID: clone}}, Expires: time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC)})
		require.Error(t, err)
		assert.ErrorIs(t, err, clock.ErrOutOfRange)
		assert.Contains(t, err.Error(), "2262-01-01")
		evs, err := w.Ledger.Events(ctx, id)
		require.NoError(t, err)
		assert.Empty(t, evs, "nothing is written")
	})

	t.Run("an_expiry_late_in_the_range_leaves_consent_valid_until_then", func(t *testing.T) {
		w := lawfultest.New(t, policy(), lawfultest.Options{})
		id := w.Adult(t)
		w.Append(t, consent.Event{Subject: id, Kind: consent.Grant, Form: consent.Separate,
			Purposes: []consent.PurposeRef{{ID: clone}}, Expires: time.Date(2261, 12, 31, 0, 0, 0, 0, time.UTC)})
		assert.True(t, w.Guard.Check(ctx, req(id, clone, purpose.Use, voice)).Allowed())
		r := req(id, clone, purpose.Use, voice)
		r.At = time.Date(2261, 12, 31, 0, 0, 0, 0, time.UTC)
		assert.ErrorIs(t, w.Guard.Allow(ctx, r), lawful.ErrConsentExpired)
	})

	t.Run("a_clock_stepping_back_after_a_withdrawal_does_not_allow_again_PIPL_art15", func(t *testing.T) {
		w := lawfultest.New(t, policy(), lawfultest.Options{})
		id := w.Adult(t)
		t0 := w.Clock.Now()
		w.Grant(t, id, consent.Separate, clone)
		w.Clock.Advance(time.Hour)
		w.Withdraw(t, id, clone)
		w.Clock.Set(t0.Add(30 * time.Minute)) // NTP correction, VM migration
		assert.ErrorIs(t, w.Guard.Allow(ctx, req(id, clone, purpose.Use, voice)), lawful.ErrConsentWithdrawn)

		t.Run("a_fresh_guard_over_the_same_ledger_also_denies", func(t *testing.T) {
			g, err := lawful.NewGuard(lawful.Config{Registry: w.Registry, Directory: w.Directory, Ledger: w.Ledger, Clock: w.Clock})
			require.NoError(t, err)
			assert.ErrorIs(t, g.Allow(ctx, req(id, clone, purpose.Use, voice)), lawful.ErrConsentWithdrawn)
		})
		t.Run("the_past_is_still_answered_from_history_when_asked_explicitly_PIPL_art15_para2", func(t *testing.T) {
			r := req(id, clone, purpose.Use, voice)
			r.At = t0.Add(30 * time.Minute)
			assert.NoError(t, w.Guard.Allow(ctx, r))
		})
	})

	t.Run("a_clock_stepping_back_after_an_expiry_was_seen_does_not_allow_again", func(t *testing.T) {
		w := lawfultest.New(t, policy(), lawfultest.Options{})
		id := w.Adult(t)
		t0 := w.Clock.Now()
		w.Append(t, consent.Event{Subject: id, Kind: consent.Grant, Form: consent.Separate,
			Purposes: []consent.PurposeRef{{ID: clone}}, Expires: t0.Add(time.Hour)})
		w.Clock.Advance(2 * time.Hour)
		assert.ErrorIs(t, w.Guard.Allow(ctx, req(id, clone, purpose.Use, voice)), lawful.ErrConsentExpired)
		w.Clock.Set(t0.Add(30 * time.Minute))
		assert.ErrorIs(t, w.Guard.Allow(ctx, req(id, clone, purpose.Use, voice)), lawful.ErrConsentExpired)
	})

	t.Run("a_withdrawal_recorded_while_the_clock_is_behind_the_ledger_is_not_refused_PIPL_art15", func(t *testing.T) {
		w := lawfultest.New(t, policy(), lawfultest.Options{})
		id := w.Adult(t)
		t0 := w.Clock.Now()
		w.Clock.Advance(time.Hour)
		w.Grant(t, id, consent.Separate, clone)
		w.Clock.Set(t0) // this instance's clock is an hour behind the grant
		ev, err := w.Ledger.Append(ctx, consent.Event{Subject: id, Kind: consent.Withdraw, Purposes: []consent.PurposeRef{{ID: clone}}})
		require.NoError(t, err, "a withdrawal must never be refused for the clock's sake")
		assert.False(t, ev.Effective.Before(t0.Add(time.Hour)), "recorded no earlier than the ledger's latest event")
		w.Clock.Set(t0.Add(2 * time.Hour))
		assert.ErrorIs(t, w.Guard.Allow(ctx, req(id, clone, purpose.Use, voice)), lawful.ErrConsentWithdrawn)
	})

	t.Run("a_clock_reading_outside_the_range_denies_as_not_configured", func(t *testing.T) {
		w := lawfultest.New(t, policy(), lawfultest.Options{})
		id := w.Adult(t)
		w.Grant(t, id, consent.Separate, clone)
		w.Clock.Set(time.Date(2263, 1, 1, 0, 0, 0, 0, time.UTC))
		d := w.Guard.Check(ctx, req(id, clone, purpose.Use, voice))
		assert.ErrorIs(t, d.Err(), lawful.ErrNotConfigured)
		_, err := w.Ledger.Append(ctx, consent.Event{Subject: id, Kind: consent.Withdraw, Purposes: []consent.PurposeRef{{ID: clone}}})
		assert.True(t, errors.Is(err, clock.ErrOutOfRange), "append with a broken clock: %v", err)
	})
}
