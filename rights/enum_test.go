package rights_test

import (
	"encoding"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lawfulgo/lawful/rights"
)

// textEnum is what every enumeration of the package offers.
type textEnum interface {
	fmt.Stringer
	encoding.TextMarshaler
	Valid() bool
}

func TestEnums(t *testing.T) {
	type enumCase struct {
		name    string
		valid   []textEnum
		invalid []textEnum
		parse   func(string) (textEnum, error)
	}
	parser := func(newp func() encoding.TextUnmarshaler) func(string) (textEnum, error) {
		return func(s string) (textEnum, error) {
			p := newp()
			err := p.UnmarshalText([]byte(s))
			return p.(textEnum), err
		}
	}
	cases := []enumCase{
		{"Kind", toEnums(rights.Kinds()), []textEnum{rights.KindUnknown, rights.Kind(99)}, parser(func() encoding.TextUnmarshaler { return new(rights.Kind) })},
		{"Capacity", []textEnum{rights.Self, rights.Guardian, rights.Relative}, []textEnum{rights.CapacityUnknown, rights.Capacity(9)}, parser(func() encoding.TextUnmarshaler { return new(rights.Capacity) })},
		{"State", []textEnum{rights.Received, rights.Verified, rights.Extended, rights.Fulfilled, rights.Refused}, []textEnum{rights.StateUnknown}, parser(func() encoding.TextUnmarshaler { return new(rights.State) })},
		{"Action", []textEnum{rights.Receive, rights.Verify, rights.Extend, rights.ChargeFee, rights.Fulfil, rights.Refuse}, []textEnum{rights.ActionUnknown}, parser(func() encoding.TextUnmarshaler { return new(rights.Action) })},
		{"IDProof", []textEnum{rights.Account, rights.Document, rights.IDCheck, rights.FaceMatch, rights.InPerson}, []textEnum{rights.IDProofUnknown}, parser(func() encoding.TextUnmarshaler { return new(rights.IDProof) })},
		{"Ground", groundEnums(), []textEnum{rights.GroundUnknown, rights.Ground(200)}, parser(func() encoding.TextUnmarshaler { return new(rights.Ground) })},
		{"Unit", []textEnum{rights.CalendarDays, rights.WorkingDays, rights.Months}, []textEnum{rights.UnitUnknown}, parser(func() encoding.TextUnmarshaler { return new(rights.Unit) })},
		{"From", []textEnum{rights.FromReceipt, rights.FromVerification}, []textEnum{rights.FromUnknown}, parser(func() encoding.TextUnmarshaler { return new(rights.From) })},
		{"Outcome", []textEnum{rights.Scheduled, rights.Restricted, rights.Retained}, []textEnum{rights.OutcomeUnknown}, parser(func() encoding.TextUnmarshaler { return new(rights.Outcome) })},
	}
	for _, c := range cases {
		t.Run(c.name+"_names_round_trip", func(t *testing.T) {
			for _, v := range c.valid {
				require.True(t, v.Valid(), "%v", v)
				text, err := v.MarshalText()
				require.NoError(t, err)
				assert.Equal(t, v.String(), string(text))
				back, err := c.parse(string(text))
				require.NoError(t, err)
				assert.Equal(t, v.String(), back.String())
			}
		})
		t.Run(c.name+"_zero_and_unknown_values_are_invalid_fail_closed", func(t *testing.T) {
			for _, v := range c.invalid {
				assert.False(t, v.Valid())
				assert.Contains(t, v.String(), c.name+"(")
				_, err := v.MarshalText()
				assert.ErrorIs(t, err, rights.ErrInvalidValue)
			}
			_, err := c.parse("no-such-name")
			require.ErrorIs(t, err, rights.ErrInvalidValue)
			assert.Contains(t, err.Error(), "want one of")
		})
	}
	t.Run("every_ground_and_kind_cites_its_source_LAW_7", func(t *testing.T) {
		for _, g := range rights.Grounds() {
			assert.NotEmpty(t, g.Cites(), g.String())
		}
		for _, k := range rights.Kinds() {
			assert.NotEmpty(t, k.Cites(), k.String())
		}
		assert.Empty(t, rights.Ground(0).Cites())
		assert.Empty(t, rights.Kind(0).Cites())
		assert.Len(t, rights.Kinds(), 11)
		assert.Len(t, rights.Grounds(), 16)
	})
	t.Run("open_states_are_received_verified_extended", func(t *testing.T) {
		assert.True(t, rights.Received.Open())
		assert.True(t, rights.Extended.Open())
		assert.False(t, rights.Fulfilled.Open())
		assert.False(t, rights.StateUnknown.Open())
	})
	t.Run("long_unknown_names_are_cut_in_messages", func(t *testing.T) {
		var k rights.Kind
		err := k.UnmarshalText([]byte("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"))
		require.Error(t, err)
		assert.Contains(t, err.Error(), `"...`)
	})
}

func toEnums[T textEnum](vs []T) []textEnum {
	out := make([]textEnum, len(vs))
	for i, v := range vs {
		out[i] = v
	}
	return out
}

func groundEnums() []textEnum { return toEnums(rights.Grounds()) }
