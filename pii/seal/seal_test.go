package seal_test

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lawfulgo/lawful/internal/ctxerr"
	"github.com/lawfulgo/lawful/internal/nilctxtest"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/pii/seal"
)

const (
	alice = "0190a1b2-c3d4-7e5f-8a6b-000000000001"
	bob   = "0190a1b2-c3d4-7e5f-8a6b-000000000002"
)

var (
	phone  = pii.MustLookup("contact.phone")
	email  = pii.MustLookup("contact.email")
	number = []byte("13800138000")
)

func kekKey(n byte) []byte { return bytes.Repeat([]byte{n}, seal.KeySize) }

func newKEK(t testing.TB, id string, n byte, retired ...seal.LocalKey) *seal.LocalKEK {
	t.Helper()
	k, err := seal.NewLocalKEK(seal.LocalKey{ID: id, Key: kekKey(n)}, retired...)
	require.NoError(t, err)
	return k
}

func newSealer(t testing.TB) (*seal.Sealer, *seal.MemKeyStore) {
	t.Helper()
	keys := seal.NewMemKeyStore()
	s, err := seal.New(keys, newKEK(t, "kek-1", 1))
	require.NoError(t, err)
	return s, keys
}

func field(subject string, c pii.Category, purpose string) seal.Field {
	return seal.Field{Subject: subject, Category: c, Purpose: purpose}
}

var login = field(alice, phone, "account.login")

// TestSeal: encryption is a security measure for PI at rest (PIPL art. 51(3);
// GDPR art. 32(1)(a)); a sealed value opens only for the field it was sealed for.
func TestSeal(t *testing.T) {
	ctx := t.Context()
	s, _ := newSealer(t)
	ct, err := s.Seal(ctx, login, number)
	require.NoError(t, err)

	t.Run("PIPL_art_51_sealed_value_round_trips", func(t *testing.T) {
		for _, pt := range [][]byte{number, {}, bytes.Repeat([]byte("地址"), 700), make([]byte, seal.MaxPlaintext)} {
			c, err := s.Seal(ctx, login, pt)
			require.NoError(t, err)
			assert.Len(t, c, len(pt)+seal.Overhead)
			got, err := s.Open(ctx, login, c)
			require.NoError(t, err)
			assert.Equal(t, len(pt), len(got))
			assert.True(t, bytes.Equal(pt, got))
		}
	})
	t.Run("PIPL_art_51_ciphertext_does_not_hold_the_plaintext", func(t *testing.T) {
		assert.False(t, bytes.Contains(ct, number))
		again, err := s.Seal(ctx, login, number)
		require.NoError(t, err)
		assert.NotEqual(t, ct, again, "a random nonce makes equal values seal differently")
	})
	wrong := []struct {
		name string
		f    seal.Field
	}{
		{"value_sealed_for_one_subject_does_not_open_for_another", field(bob, phone, "account.login")},
		{"value_sealed_for_one_category_does_not_open_for_another", field(alice, email, "account.login")},
		{"value_sealed_for_one_purpose_does_not_open_for_another", field(alice, phone, "marketing.sms")},
	}
	_, err = s.Seal(ctx, field(bob, phone, "account.login"), number) // bob has a key too
	require.NoError(t, err)
	for _, w := range wrong {
		t.Run(w.name, func(t *testing.T) {
			_, err := s.Open(ctx, w.f, ct)
			assert.ErrorIs(t, err, seal.ErrCannotOpen)
		})
	}
	t.Run("value_does_not_open_under_another_key_store_and_KEK", func(t *testing.T) {
		other, _ := newSealer(t)
		_, err := other.Seal(ctx, login, number) // alice has a key there too, another one
		require.NoError(t, err)
		_, err = other.Open(ctx, login, ct)
		assert.ErrorIs(t, err, seal.ErrCannotOpen)
	})
	t.Run("value_does_not_open_with_a_KEK_of_the_same_ID_but_another_key", func(t *testing.T) {
		keys := seal.NewMemKeyStore()
		right, err := seal.New(keys, newKEK(t, "kek-1", 1))
		require.NoError(t, err)
		c, err := right.Seal(ctx, login, number)
		require.NoError(t, err)
		wrongKEK, err := seal.New(keys, newKEK(t, "kek-1", 2))
		require.NoError(t, err)
		_, err = wrongKEK.Open(ctx, login, c)
		assert.ErrorIs(t, err, seal.ErrCannotOpen)
	})
	t.Run("altered_ciphertext_does_not_open", func(t *testing.T) {
		for i := range ct {
			c := bytes.Clone(ct)
			c[i] ^= 0x01
			_, err := s.Open(ctx, login, c)
			require.Error(t, err, "byte %d flipped", i)
		}
		_, err := s.Open(ctx, login, ct[:len(ct)-1])
		assert.ErrorIs(t, err, seal.ErrCannotOpen)
	})
}

// TestSealChildrensPI: children's PI is stored encrypted (CPIP art. 13; MOR art. 36).
func TestSealChildrensPI(t *testing.T) {
	ctx := t.Context()
	s, _ := newSealer(t)
	f := field(alice, pii.MustLookup("identity.national_id"), "education.enrolment")
	id := []byte("110101201503070019")
	ct, err := s.Seal(ctx, f, id)
	require.NoError(t, err)
	assert.False(t, bytes.Contains(ct, id))
	got, err := s.Open(ctx, f, ct)
	require.NoError(t, err)
	assert.Equal(t, id, got)
}

func TestSealRefusesBadInput(t *testing.T) {
	ctx := t.Context()
	s, keys := newSealer(t)
	long := strings.Repeat("x", seal.MaxSubjectLen+1)
	cases := []struct {
		name string
		f    seal.Field
		pt   []byte
		want error
	}{
		{"empty_subject_is_refused", field("", phone, "p"), number, seal.ErrInvalidField},
		{"subject_too_long_is_refused", field(long, phone, "p"), number, seal.ErrInvalidField},
		{"subject_with_space_is_refused", field("alice smith", phone, "p"), number, seal.ErrInvalidField},
		{"unregistered_category_is_refused", field(alice, 0, "p"), number, seal.ErrInvalidField},
		{"empty_purpose_is_refused", field(alice, phone, ""), number, seal.ErrInvalidField},
		{"plaintext_over_MaxPlaintext_is_refused", login, make([]byte, seal.MaxPlaintext+1), seal.ErrTooLarge},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := s.Seal(ctx, c.f, c.pt)
			require.ErrorIs(t, err, c.want)
			assert.NotContains(t, err.Error(), "alice smith", "errors never repeat a subject")
			_, err = keys.Get(ctx, alice)
			assert.ErrorIs(t, err, seal.ErrNoKey, "a refused Seal makes no key")
		})
	}
	t.Run("zero_Sealer_is_not_configured", func(t *testing.T) {
		var z seal.Sealer
		_, err := z.Seal(ctx, login, number)
		assert.ErrorIs(t, err, seal.ErrNotConfigured)
		_, err = seal.New(nil, nil)
		assert.ErrorIs(t, err, seal.ErrNotConfigured)
	})
	t.Run("done_context_is_an_error", func(t *testing.T) {
		done, cancel := context.WithCancel(ctx)
		cancel()
		_, err := s.Seal(done, login, number)
		assert.ErrorIs(t, err, context.Canceled)
		_, err = s.Seal(nil, login, number) //lint:ignore SA1012 a nil context must be an error, not a panic
		assert.ErrorIs(t, err, ctxerr.ErrNil)
	})
	t.Run("open_of_malformed_bytes_is_ErrMalformed", func(t *testing.T) {
		_, err := s.Open(ctx, login, []byte("13800138000"))
		assert.ErrorIs(t, err, seal.ErrMalformed)
		assert.NotContains(t, err.Error(), "13800138000")
	})
}

func TestNilContextNeverPanics(t *testing.T) {
	s, keys := newSealer(t)
	assert.NotEmpty(t, nilctxtest.Check(t, s))
	assert.NotEmpty(t, nilctxtest.Check(t, keys))
	assert.NotEmpty(t, nilctxtest.Check(t, newKEK(t, "k", 1)))
}

func TestSealConcurrency(t *testing.T) {
	ctx := t.Context()
	s, keys := newSealer(t)
	t.Run("concurrent_first_seals_of_a_subject_share_one_key", func(t *testing.T) {
		const n = 16
		cts := make([][]byte, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				var err error
				cts[i], err = s.Seal(ctx, login, number)
				assert.NoError(t, err)
			})
		}
		wg.Wait()
		for _, ct := range cts {
			got, err := s.Open(ctx, login, ct)
			require.NoError(t, err)
			assert.Equal(t, number, got)
		}
	})
	t.Run("concurrent_seal_open_shred_and_rotate_are_race_free", func(t *testing.T) {
		ct, err := s.Seal(ctx, field(bob, phone, "p"), number)
		require.NoError(t, err)
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				_, _ = s.Open(ctx, field(bob, phone, "p"), ct)
				_, _ = s.Seal(ctx, field(bob, phone, "p"), number)
				_, _ = s.Rotate(ctx, 1)
			})
		}
		wg.Go(func() { assert.NoError(t, s.Shred(ctx, bob)) })
		wg.Wait()
		_, err = s.Open(ctx, field(bob, phone, "p"), ct)
		assert.ErrorIs(t, err, seal.ErrShredded)
		_, err = keys.Get(ctx, alice)
		assert.NoError(t, err)
	})
}
