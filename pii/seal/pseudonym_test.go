package seal_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lawfulgo/lawful/pii/seal"
)

func TestPseudonym(t *testing.T) {
	p, err := seal.NewPseudonymizer(bytes.Repeat([]byte{7}, 32))
	require.NoError(t, err)
	lookup := seal.Domain{Purpose: "account.login", Column: "users.phone_lookup"}
	a, err := p.Pseudonym(lookup, number)
	require.NoError(t, err)

	t.Run("same_value_same_domain_same_pseudonym_so_the_column_is_searchable", func(t *testing.T) {
		b, err := p.Pseudonym(lookup, number)
		require.NoError(t, err)
		assert.Equal(t, a, b)
		assert.Len(t, a.String(), 64)
		assert.NotContains(t, a.String(), string(number))
	})
	t.Run("another_purpose_or_column_gives_an_unrelated_pseudonym", func(t *testing.T) {
		for _, d := range []seal.Domain{{Purpose: "marketing.sms", Column: "users.phone_lookup"}, {Purpose: "account.login", Column: "orders.phone_lookup"}} {
			b, err := p.Pseudonym(d, number)
			require.NoError(t, err)
			assert.NotEqual(t, a, b)
		}
	})
	t.Run("another_key_gives_an_unrelated_pseudonym", func(t *testing.T) {
		q, err := seal.NewPseudonymizer(bytes.Repeat([]byte{8}, 32))
		require.NoError(t, err)
		b, err := q.Pseudonym(lookup, number)
		require.NoError(t, err)
		assert.NotEqual(t, a, b)
	})
	t.Run("domain_fields_cannot_be_shifted_into_each_other", func(t *testing.T) {
		x, err := p.Pseudonym(seal.Domain{Purpose: "ab", Column: "c"}, number)
		require.NoError(t, err)
		y, err := p.Pseudonym(seal.Domain{Purpose: "a", Column: "bc"}, number)
		require.NoError(t, err)
		assert.NotEqual(t, x, y)
	})
	t.Run("bad_input_is_refused_without_repeating_the_value", func(t *testing.T) {
		_, err := seal.NewPseudonymizer(make([]byte, 16))
		assert.ErrorIs(t, err, seal.ErrInvalidKEK)
		_, err = p.Pseudonym(seal.Domain{Purpose: "p"}, number)
		assert.ErrorIs(t, err, seal.ErrInvalidField)
		_, err = p.Pseudonym(lookup, make([]byte, seal.MaxPlaintext+1))
		assert.ErrorIs(t, err, seal.ErrTooLarge)
		var z seal.Pseudonymizer
		_, err = z.Pseudonym(lookup, number)
		assert.ErrorIs(t, err, seal.ErrNotConfigured)
	})
}
