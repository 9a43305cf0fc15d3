package consent_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/lawfulgo/lawful/consent"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSealedLedgerDetectsEveryMutation: with the events' store in an
// attacker's hands but the Keys and the Anchor out of reach, a fresh Ledger
// (a restarted process) detects each class of mutation (issue 15 §2).
func TestSealedLedgerDetectsEveryMutation(t *testing.T) {
	tests := []struct {
		name string
		edit func(e []consent.Event) []consent.Event
	}{
		{"an_edit_with_the_hash_recomputed_fails_the_seal", func(e []consent.Event) []consent.Event {
			e[1].Kind, e[1].Form, e[1].Notice = consent.Grant, consent.Separate, "v1"
			e[1].Purposes[0].Version = 2
			e[1].Hash = e[1].ComputeHash()
			return e
		}},
		{"the_newest_event_deleted_is_caught_by_the_anchor", func(e []consent.Event) []consent.Event { return e[:1] }},
		{"every_event_deleted_is_caught_by_the_anchor", func(e []consent.Event) []consent.Event { return nil }},
		{"two_events_reordered_break_the_chain", func(e []consent.Event) []consent.Event { e[0], e[1] = e[1], e[0]; return e }},
		{"an_event_inserted_without_the_key_fails_the_seal", func(e []consent.Event) []consent.Event {
			g := e[0].Clone()
			g.Seq, g.Prev, g.Effective = 3, e[1].Hash, e[1].Effective.Add(time.Second)
			g.ID[0] ^= 0xff
			g.Hash = g.ComputeHash()
			return append(e, g)
		}},
		{"a_seal_removed_is_no_seal", func(e []consent.Event) []consent.Event {
			e[1].MAC, e[1].KeyID = [32]byte{}, 0
			return e
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			f.grant(t, adultID, consent.Separate, "service.voice_clone")
			f.clock.Advance(time.Minute)
			f.withdraw(t, adultID, "service.voice_clone")
			l, err := consent.NewLedger(f.config(tamperStore{Store: f.store, edit: tt.edit}))
			require.NoError(t, err)
			_, err = l.Snapshot(t.Context(), adultID)
			assert.ErrorIs(t, err, consent.ErrTampered)
			assert.ErrorIs(t, l.Verify(t.Context(), adultID), consent.ErrTampered)
			_, err = l.Append(t.Context(), consent.Event{Subject: adultID, Kind: consent.Grant, Form: consent.Separate, Notice: "v3", Purposes: []consent.PurposeRef{{ID: "service.voice_clone"}}})
			assert.ErrorIs(t, err, consent.ErrTampered, "nothing is appended to a tampered ledger")
		})
	}
}

func TestKeys(t *testing.T) {
	secret := func(b byte) []byte {
		s := make([]byte, 32)
		for i := range s {
			s[i] = b
		}
		return s
	}
	t.Run("a_rotated_key_verifies_what_it_sealed_and_the_new_one_seals", func(t *testing.T) {
		f := newFixture(t)
		old := f.keys
		f.grant(t, adultID, consent.Separate, "service.voice_clone")
		rotated, err := consent.NewKeys(consent.Key{ID: 2, Secret: secret(2)}, consent.Key{ID: 1, Secret: []byte("0123456789abcdef0123456789abcdef")})
		require.NoError(t, err)
		f.keys = rotated
		l, err := consent.NewLedger(f.config(f.store))
		require.NoError(t, err)
		f.clock.Advance(time.Minute)
		ev, err := l.Append(t.Context(), consent.Event{Subject: adultID, Kind: consent.Withdraw, Purposes: []consent.PurposeRef{{ID: "service.voice_clone"}}})
		require.NoError(t, err)
		assert.Equal(t, uint32(2), ev.KeyID, "new events are sealed with the current key")
		require.NoError(t, l.Verify(t.Context(), adultID))

		f.keys = old // the old key alone cannot verify the new event
		stale, err := consent.NewLedger(f.config(f.store))
		require.NoError(t, err)
		assert.ErrorIs(t, stale.Verify(t.Context(), adultID), consent.ErrTampered)
	})
	t.Run("short_long_and_repeated_keys_are_refused", func(t *testing.T) {
		for _, tc := range []struct {
			name    string
			current consent.Key
			retired []consent.Key
		}{
			{"short", consent.Key{ID: 1, Secret: secret(1)[:31]}, nil},
			{"long", consent.Key{ID: 1, Secret: append(append(secret(1), secret(1)...), 1)}, nil},
			{"repeated_id", consent.Key{ID: 1, Secret: secret(1)}, []consent.Key{{ID: 1, Secret: secret(2)}}},
		} {
			_, err := consent.NewKeys(tc.current, tc.retired...)
			assert.ErrorIs(t, err, consent.ErrNotConfigured, tc.name)
		}
	})
	t.Run("a_durable_store_without_keys_or_anchor_is_refused", func(t *testing.T) {
		f := newFixture(t)
		_, err := consent.NewLedger(consent.Config{Registry: f.reg, Directory: f.dir, Clock: f.clock, Store: tamperStore{Store: f.store, edit: func(e []consent.Event) []consent.Event { return e }}})
		assert.ErrorIs(t, err, consent.ErrNotConfigured)
		assert.ErrorContains(t, err, "Keys")
		assert.ErrorContains(t, err, "Anchor")
	})
}

func TestAnchorNeverMovesBack(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	a := consent.NewMemAnchor()
	h2 := f.keys.SealHead(adultID, consent.Head{Seq: 2, Hash: [32]byte{2}})
	require.NoError(t, a.Advance(ctx, h2))
	require.NoError(t, a.Advance(ctx, f.keys.SealHead(adultID, consent.Head{Seq: 1, Hash: [32]byte{1}})))
	got, ok, err := a.Head(ctx, adultID)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, uint64(2), got.Seq, "an older head does not replace a newer one")
	err = a.Advance(ctx, f.keys.SealHead(adultID, consent.Head{Seq: 2, Hash: [32]byte{9}}))
	assert.ErrorIs(t, err, consent.ErrTampered, "another head at the same seq")
	assert.NoError(t, f.keys.CheckHead(got))
	got.Seq = 1
	assert.ErrorIs(t, f.keys.CheckHead(got), consent.ErrTampered, "an edited head fails its seal")
}

// TestIdempotentEventIDs: a caller-set event ID makes Append safe to retry
// (issue 15 §3); the same ID with other contents is refused, and nothing
// is ever replaced.
func TestIdempotentEventIDs(t *testing.T) {
	f := newFixture(t)
	e := consent.Event{Subject: adultID, Kind: consent.Grant, Form: consent.Separate, Notice: "v3", Purposes: []consent.PurposeRef{{ID: "service.voice_clone"}}}
	e.ID[0], e.ID[6], e.ID[8] = 1, 0x70, 0x80
	first, err := f.ledger.Append(t.Context(), e)
	require.NoError(t, err)
	f.clock.Advance(time.Minute)
	again, err := f.ledger.Append(t.Context(), e)
	require.NoError(t, err, "the same ID and contents return the stored event")
	assert.Equal(t, first.Hash, again.Hash)
	evs, err := f.ledger.Events(t.Context(), adultID)
	require.NoError(t, err)
	assert.Len(t, evs, 1, "nothing new was written")

	other := e
	other.Form = consent.Written
	_, err = f.ledger.Append(t.Context(), other)
	assert.ErrorIs(t, err, consent.ErrEventIDReused)
	elsewhere := e
	elsewhere.Subject = parentID
	_, err = f.ledger.Append(t.Context(), elsewhere)
	assert.ErrorIs(t, err, consent.ErrEventIDReused, "another subject's event ID")
	evs, _ = f.ledger.Events(t.Context(), adultID)
	assert.Len(t, evs, 1)
	assert.True(t, errors.Is(err, consent.ErrEventIDReused))
}
