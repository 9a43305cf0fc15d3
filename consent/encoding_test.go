package consent_test

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/lawfulgo/lawful/consent"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBinaryRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, e := range randomLedger(r, 20) {
		b, err := e.MarshalBinary()
		require.NoError(t, err)
		var got consent.Event
		require.NoError(t, got.UnmarshalBinary(b))
		b2, err := got.MarshalBinary()
		require.NoError(t, err)
		assert.Equal(t, b, b2)
		assert.True(t, got.Effective.Equal(e.Effective))
		assert.Equal(t, e.Hash, got.Hash)
		assert.Equal(t, got.ComputeHash(), got.Hash, "a decoded event's hash is the hash of its fields")
	}
}

func TestUnmarshalBinaryRejectsCorruptInput(t *testing.T) {
	e := randomLedger(rand.New(rand.NewPCG(9, 9)), 1)[0]
	good, _ := e.MarshalBinary()
	tests := map[string][]byte{
		"empty":          nil,
		"short":          good[:20],
		"flipped_byte":   func() []byte { b := bytes.Clone(good); b[40] ^= 1; return b }(),
		"flipped_hash":   func() []byte { b := bytes.Clone(good); b[len(b)-1] ^= 1; return b }(),
		"trailing_bytes": append(bytes.Clone(good[:len(good)-32]), append([]byte{0}, good[len(good)-32:]...)...),
		// The key ID as a padded varint (0x80|x, 0x00): the same event
		// from other bytes, refused so that each event has one encoding.
		"padded_key_id_varint": func() []byte {
			b := []byte{good[0], good[1] | 0x80, 0}
			return append(b, good[2:]...)
		}(),
	}
	for name, data := range tests {
		t.Run(name, func(t *testing.T) {
			got := e
			err := got.UnmarshalBinary(data)
			assert.ErrorIs(t, err, consent.ErrCorrupt)
			assert.Equal(t, e.Hash, got.Hash, "on error the event is unchanged")
		})
	}
}

// FuzzEventUnmarshalBinary checks that decoding never panics, that any
// accepted input is canonical (a sealed event re-encodes to the same
// bytes; the unsealed form of events written before sealing decodes to
// an event without a seal, which a Ledger refuses, and whose sealed form
// decodes to the same event) and that its Hash is the hash of its fields.
func FuzzEventUnmarshalBinary(f *testing.F) {
	for _, e := range randomLedger(rand.New(rand.NewPCG(10, 11)), 6) {
		b, _ := e.MarshalBinary()
		f.Add(b)
	}
	f.Add([]byte{})
	f.Add(bytes.Repeat([]byte{0xff}, 64))
	f.Fuzz(func(t *testing.T, data []byte) {
		var e consent.Event
		if err := e.UnmarshalBinary(data); err != nil {
			if !errors.Is(err, consent.ErrCorrupt) {
				t.Fatalf("error %v does not wrap ErrCorrupt", err)
			}
			return
		}
		b, err := e.MarshalBinary()
		switch {
		case err != nil:
			t.Fatalf("accepted input does not re-encode: %v", err)
		case data[0] == b[0] && !bytes.Equal(b, data):
			t.Fatalf("accepted sealed input does not re-encode to itself")
		case data[0] != b[0] && (e.KeyID != 0 || e.MAC != [32]byte{}):
			t.Fatalf("the unsealed form decoded to a sealed event")
		case data[0] != b[0]:
			var again consent.Event
			if err := again.UnmarshalBinary(b); err != nil || again.Hash != e.Hash || again.KeyID != 0 {
				t.Fatalf("the sealed form of an unsealed event does not decode to it: %v", err)
			}
		}
		if e.ComputeHash() != e.Hash {
			t.Fatalf("decoded hash is not the hash of the fields")
		}
	})
}
