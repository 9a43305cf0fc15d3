package seal_test

import (
	"fmt"
	"testing"

	"github.com/lawfulgo/lawful/pii/seal"
)

func benchValues() map[string][]byte {
	return map[string][]byte{"phone_11B": number, "4KiB": make([]byte, 4096)}
}

func BenchmarkSeal(b *testing.B) {
	s, _ := newSealer(b)
	ctx := b.Context()
	for name, v := range benchValues() {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(v)))
			for b.Loop() {
				if _, err := s.Seal(ctx, login, v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkOpen(b *testing.B) {
	s, _ := newSealer(b)
	ctx := b.Context()
	for name, v := range benchValues() {
		ct, err := s.Seal(ctx, login, v)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(v)))
			for b.Loop() {
				if _, err := s.Open(ctx, login, ct); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRotate rewraps 100 data keys per op, from kek-1 to kek-2 and
// back.
func BenchmarkRotate(b *testing.B) {
	ctx := b.Context()
	keys := seal.NewMemKeyStore()
	k1 := seal.LocalKey{ID: "kek-1", Key: kekKey(1)}
	k2 := seal.LocalKey{ID: "kek-2", Key: kekKey(2)}
	s1, _ := seal.New(keys, newKEK(b, "kek-1", 1, k2))
	s2, _ := seal.New(keys, newKEK(b, "kek-2", 2, k1))
	for i := range 100 {
		if _, err := s1.Seal(ctx, field(fmt.Sprintf("subject-%03d", i), phone, "p"), number); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		s := s2
		if i%2 == 1 {
			s = s1
		}
		i++
		if r, err := s.Rotate(ctx, 0); err != nil || r.Rewrapped != 100 {
			b.Fatal(r, err)
		}
	}
}

func BenchmarkPseudonym(b *testing.B) {
	p, _ := seal.NewPseudonymizer(kekKey(7))
	d := seal.Domain{Purpose: "account.login", Column: "users.phone_lookup"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Pseudonym(d, number); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParse(b *testing.B) {
	s, _ := newSealer(b)
	ct, _ := s.Seal(b.Context(), login, number)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := seal.Parse(ct); err != nil {
			b.Fatal(err)
		}
	}
}
