package seal_test

import (
	"bytes"
	"testing"

	"github.com/lawfulgo/lawful/pii/seal"
)

// FuzzParse: any bytes never panic Parse, and what it accepts has the
// documented shape.
func FuzzParse(f *testing.F) {
	s, _ := newSealer(f)
	ct, err := s.Seal(f.Context(), login, number)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(ct)
	f.Add([]byte{})
	f.Add([]byte("LS\x01"))
	f.Add(append([]byte("LS\x02"), make([]byte, 80)...))
	f.Fuzz(func(t *testing.T, b []byte) {
		h, err := seal.Parse(b)
		if err != nil {
			return
		}
		if h.Version != seal.Version || h.Key.IsZero() || h.PlaintextLen != len(b)-seal.Overhead || !bytes.HasPrefix(b, []byte("LS")) {
			t.Fatalf("Parse accepted %d bytes as %+v", len(b), h)
		}
	})
}

// FuzzOpen: any bytes never panic Open and never open: only Seal's output
// does.
func FuzzOpen(f *testing.F) {
	s, _ := newSealer(f)
	ct, err := s.Seal(f.Context(), login, number)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(ct[:len(ct)-1])
	f.Add(append(bytes.Clone(ct[:seal.HeaderSize]), make([]byte, 20)...))
	f.Add([]byte("LS\x01"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if bytes.Equal(b, ct) {
			return
		}
		if pt, err := s.Open(t.Context(), login, b); err == nil {
			t.Fatalf("Open opened %d fuzzed bytes to %d bytes", len(b), len(pt))
		}
	})
}
