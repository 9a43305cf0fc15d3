package seal_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lawfulgo/lawful/pii/seal"
)

// TestShred: erasure (PIPL art. 47; GDPR art. 17) by destroying the
// subject's data key, which every copy of their sealed data needs.
func TestShred(t *testing.T) {
	ctx := t.Context()
	s, keys := newSealer(t)
	ct, err := s.Seal(ctx, login, number)
	require.NoError(t, err)
	backup := bytes.Clone(ct) // a copy in last night's backup
	bobs := field(bob, phone, "account.login")
	bobCT, err := s.Seal(ctx, bobs, number)
	require.NoError(t, err)
	require.NoError(t, s.Shred(ctx, alice))

	t.Run("PIPL_art_47_value_sealed_before_erasure_does_not_open_after", func(t *testing.T) {
		for _, c := range [][]byte{ct, backup} {
			pt, err := s.Open(ctx, login, c)
			assert.ErrorIs(t, err, seal.ErrShredded)
			assert.NotErrorIs(t, err, seal.ErrNoKey)
			assert.Nil(t, pt)
		}
	})
	t.Run("GDPR_art_17_the_wrapped_key_is_gone_from_the_store", func(t *testing.T) {
		_, err := keys.Get(ctx, alice)
		assert.ErrorIs(t, err, seal.ErrShredded)
		page, err := keys.Stale(ctx, "none", "", 10)
		require.NoError(t, err)
		for _, k := range page {
			assert.NotEqual(t, alice, k.Subject)
		}
	})
	t.Run("never_had_a_key_is_ErrNoKey_not_ErrShredded", func(t *testing.T) {
		carol := field("0190a1b2-c3d4-7e5f-8a6b-000000000003", phone, "account.login")
		_, err := s.Open(ctx, carol, ct)
		assert.ErrorIs(t, err, seal.ErrNoKey)
		assert.NotErrorIs(t, err, seal.ErrShredded)
	})
	t.Run("nothing_new_is_sealed_for_a_shredded_subject", func(t *testing.T) {
		_, err := s.Seal(ctx, login, number)
		assert.ErrorIs(t, err, seal.ErrShredded)
	})
	t.Run("shred_is_idempotent", func(t *testing.T) {
		assert.NoError(t, s.Shred(ctx, alice))
		_, err := s.Open(ctx, login, ct)
		assert.ErrorIs(t, err, seal.ErrShredded)
	})
	t.Run("shred_of_a_subject_without_key_still_leaves_a_tombstone", func(t *testing.T) {
		dave := field("0190a1b2-c3d4-7e5f-8a6b-000000000004", phone, "account.login")
		require.NoError(t, s.Shred(ctx, dave.Subject))
		_, err := s.Seal(ctx, dave, number)
		assert.ErrorIs(t, err, seal.ErrShredded)
	})
	t.Run("shred_touches_only_its_subject", func(t *testing.T) {
		got, err := s.Open(ctx, bobs, bobCT)
		require.NoError(t, err)
		assert.Equal(t, number, got)
	})
	t.Run("shred_of_a_malformed_subject_is_refused", func(t *testing.T) {
		assert.ErrorIs(t, s.Shred(ctx, ""), seal.ErrInvalidField)
	})
}
