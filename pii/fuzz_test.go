package pii_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/lawfulgo/lawful/pii"
)

// FuzzParse checks that Parse never panics, that it accepts exactly the
// registered leaves, and that every error wraps a package sentinel.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"contact.phone", "contact.phon", "biometric", "", "device.id.imei", "a.b.c.d", "\xff", "voiceprint"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, key string) {
		c, err := pii.Parse(key)
		if err != nil {
			if c != 0 {
				t.Fatalf("Parse(%q) = %v with error %v; want zero category", key, c, err)
			}
			if !errors.Is(err, pii.ErrUnknownCategory) && !errors.Is(err, pii.ErrNotLeaf) {
				t.Fatalf("Parse(%q) error %v wraps no sentinel", key, err)
			}
			if _, ok := pii.Lookup(key); ok {
				t.Fatalf("Parse(%q) failed but Lookup found it", key)
			}
			return
		}
		if c.String() != key {
			t.Fatalf("Parse(%q).String() = %q", key, c.String())
		}
		if pii.ValidKey(key) != nil {
			t.Fatalf("Parse accepted malformed key %q", key)
		}
	})
}

// FuzzSetUnmarshalText checks that UnmarshalText never panics, leaves the set
// unchanged on error, and that MarshalText of any parsed set parses back to
// the same set (round trip through the canonical sorted form).
func FuzzSetUnmarshalText(f *testing.F) {
	for _, s := range []string{"", "contact.phone", "device.ip, contact.phone", "biometric,device.id", ",", "contact.phone,,", " contact ", "x.y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		orig := pii.Of(phone)
		s := orig
		if err := s.UnmarshalText([]byte(text)); err != nil {
			if s != orig {
				t.Fatalf("UnmarshalText(%q) failed (%v) but changed the set", text, err)
			}
			if !errors.Is(err, pii.ErrUnknownCategory) {
				t.Fatalf("UnmarshalText(%q) error %v does not wrap ErrUnknownCategory", text, err)
			}
			return
		}
		b, err := s.MarshalText()
		if err != nil {
			t.Fatalf("MarshalText after UnmarshalText(%q): %v", text, err)
		}
		var back pii.Set
		if err := back.UnmarshalText(b); err != nil {
			t.Fatalf("canonical form %q does not parse: %v", b, err)
		}
		if back != s {
			t.Fatalf("round trip of %q: got %v, want %v", text, back, s)
		}
	})
}

// FuzzParseLaw checks that ParseLaw never panics, accepts only the names
// of laws (in any ASCII case) and keeps its errors short.
func FuzzParseLaw(f *testing.F) {
	for _, s := range []string{"pipl", "GDPR", "", "pipl ", "ccpa"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, err := pii.ParseLaw(s)
		if err != nil {
			if len(err.Error()) > 256 {
				t.Fatalf("the error repeats %d bytes", len(err.Error()))
			}
			return
		}
		if !strings.EqualFold(l.String(), s) {
			t.Fatalf("%q parsed to %v", s, l)
		}
	})
}
