package seal_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lawfulgo/lawful/pii/seal"
)

func TestRotate(t *testing.T) {
	ctx := t.Context()
	keys := seal.NewMemKeyStore()
	v1 := newKEK(t, "kek-1", 1)
	s1, err := seal.New(keys, v1)
	require.NoError(t, err)
	cts := map[string][]byte{}
	for i := range 5 {
		subject := fmt.Sprintf("subject-%d", i)
		cts[subject], err = s1.Seal(ctx, field(subject, phone, "p"), number)
		require.NoError(t, err)
	}
	require.NoError(t, s1.Shred(ctx, "subject-4"))

	t.Run("retiring_a_KEK_before_rotating_leaves_keys_unreadable", func(t *testing.T) {
		only2, err := seal.New(keys, newKEK(t, "kek-2", 2))
		require.NoError(t, err)
		_, err = only2.Open(ctx, field("subject-0", phone, "p"), cts["subject-0"])
		assert.ErrorIs(t, err, seal.ErrUnknownKEK)
	})

	s2, err := seal.New(keys, newKEK(t, "kek-2", 2, seal.LocalKey{ID: "kek-1", Key: kekKey(1)}))
	require.NoError(t, err)
	r, err := s2.Rotate(ctx, 2)
	require.NoError(t, err)
	t.Run("rotation_rewraps_every_live_key_under_the_current_KEK", func(t *testing.T) {
		assert.Equal(t, seal.Rotation{Rewrapped: 4}, r)
		stale, err := keys.Stale(ctx, "kek-2", "", 10)
		require.NoError(t, err)
		assert.Empty(t, stale)
		again, err := s2.Rotate(ctx, 0)
		require.NoError(t, err)
		assert.Equal(t, seal.Rotation{}, again)
	})
	t.Run("values_sealed_before_rotation_open_after_the_old_KEK_is_retired", func(t *testing.T) {
		only2, err := seal.New(keys, newKEK(t, "kek-2", 2))
		require.NoError(t, err)
		for i := range 4 {
			subject := fmt.Sprintf("subject-%d", i)
			got, err := only2.Open(ctx, field(subject, phone, "p"), cts[subject])
			require.NoError(t, err)
			assert.Equal(t, number, got)
		}
	})
	t.Run("a_shredded_key_stays_shredded", func(t *testing.T) {
		_, err := s2.Open(ctx, field("subject-4", phone, "p"), cts["subject-4"])
		assert.ErrorIs(t, err, seal.ErrShredded)
	})
	t.Run("negative_batch_is_refused", func(t *testing.T) {
		_, err := s2.Rotate(ctx, -1)
		assert.ErrorIs(t, err, seal.ErrNotConfigured)
	})
}

// TestKeyStoreTampering: a wrapped key is bound to its subject and ID, so
// rows swapped in the key store do not unwrap (PIPL art. 51).
func TestKeyStoreTampering(t *testing.T) {
	ctx := t.Context()
	s, keys := newSealer(t)
	ct, err := s.Seal(ctx, login, number)
	require.NoError(t, err)
	a, err := keys.Get(ctx, alice)
	require.NoError(t, err)
	moved := a.Clone()
	moved.Subject = bob
	_, err = keys.Put(ctx, moved)
	require.NoError(t, err)
	_, err = s.Open(ctx, field(bob, phone, "account.login"), ct)
	assert.ErrorIs(t, err, seal.ErrCannotOpen, "alice's wrapped key copied to bob's row does not unwrap")
}

func TestLocalKEK(t *testing.T) {
	ctx := t.Context()
	bad := []struct {
		name    string
		current seal.LocalKey
		retired []seal.LocalKey
	}{
		{"short_key_is_refused", seal.LocalKey{ID: "k", Key: make([]byte, 31)}, nil},
		{"empty_ID_is_refused", seal.LocalKey{ID: "", Key: kekKey(1)}, nil},
		{"duplicate_ID_is_refused", seal.LocalKey{ID: "k", Key: kekKey(1)}, []seal.LocalKey{{ID: "k", Key: kekKey(2)}}},
	}
	for _, b := range bad {
		t.Run(b.name, func(t *testing.T) {
			_, err := seal.NewLocalKEK(b.current, b.retired...)
			require.ErrorIs(t, err, seal.ErrInvalidKEK)
			assert.NotContains(t, err.Error(), string(kekKey(1)))
		})
	}
	t.Run("wrapped_key_is_bound_to_its_associated_data", func(t *testing.T) {
		k := newKEK(t, "k", 1)
		id, w, err := k.Wrap(ctx, kekKey(9), []byte("ad"))
		require.NoError(t, err)
		assert.Equal(t, "k", id)
		assert.Len(t, w, 72)
		_, err = k.Unwrap(ctx, id, w, []byte("other ad"))
		assert.ErrorIs(t, err, seal.ErrCannotOpen)
		_, err = k.Unwrap(ctx, id, w[:10], []byte("ad"))
		assert.ErrorIs(t, err, seal.ErrCannotOpen)
		got, err := k.Unwrap(ctx, id, w, []byte("ad"))
		require.NoError(t, err)
		assert.Equal(t, kekKey(9), got)
	})
	t.Run("destroyed_KEK_wraps_and_unwraps_nothing", func(t *testing.T) {
		k := newKEK(t, "k", 1)
		_, w, err := k.Wrap(ctx, kekKey(9), nil)
		require.NoError(t, err)
		k.Destroy()
		_, _, err = k.Wrap(ctx, kekKey(9), nil)
		assert.ErrorIs(t, err, seal.ErrInvalidKEK)
		_, err = k.Unwrap(ctx, "k", w, nil)
		assert.ErrorIs(t, err, seal.ErrInvalidKEK)
	})
}
