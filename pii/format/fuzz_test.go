package format_test

import (
	"errors"
	"testing"
	"time"

	"github.com/lawfulgo/lawful/pii/format"
)

// FuzzValidate checks every Kind on arbitrary input: no panic; an error is
// an *Error carrying a package sentinel and its Kind; a valid value's
// normal form is valid, a fixed point of Normalize, and what Match and
// AppendNormal agree on.
func FuzzValidate(f *testing.F) {
	for _, s := range []string{"11010519491231002X", "+86 138-0013-8000", "6222 6002 6000 1072 444", "010-62345678",
		"GB82 WEST 1234 5698 7654 32", "zhang@example.com", "fe80::1%eth0", "3c:22:fb:12:34:56", "粤BD12345",
		"91350100M000100Y43", "E12345678", "１３８００１３８０００", "\xff\xfe", "鲁B1234挂", "a@b.c.d"} {
		for k := range len(format.Kinds()) + 1 {
			f.Add(uint8(k), s)
		}
	}
	sentinels := []error{format.ErrEmpty, format.ErrLength, format.ErrCharset, format.ErrChecksum, format.ErrDate,
		format.ErrPrefix, format.ErrSyntax, format.ErrPlaceholder, format.ErrUnknownKind}
	f.Fuzz(func(t *testing.T, kb uint8, s string) {
		k := format.Kind(kb % uint8(len(format.Kinds())+2))
		norm, err := k.Normalize(s)
		if k.Match(s) != (err == nil) {
			t.Fatalf("%v: Match(%q) disagrees with Normalize error %v", k, s, err)
		}
		if err != nil {
			fe, ok := errors.AsType[*format.Error](err)
			if !ok || fe.Kind != k {
				t.Fatalf("%v: error %v is not an *Error of its kind", k, err)
			}
			found := false
			for _, se := range sentinels {
				found = found || errors.Is(err, se)
			}
			if !found {
				t.Fatalf("%v: error %v matches no sentinel", k, err)
			}
			return
		}
		nk := k
		if k == format.NationalID15 {
			nk = format.NationalID
		}
		again, err := nk.Normalize(norm)
		if err != nil || again != norm {
			t.Fatalf("%v: normal form %q of %q: Normalize = %q, %v", k, norm, s, again, err)
		}
		b, err := k.AppendNormal([]byte("x"), s)
		if err != nil || string(b) != "x"+norm {
			t.Fatalf("%v: AppendNormal = %q, %v; want x%q", k, b, err, norm)
		}
	})
}

// FuzzResidentID checks that ParseResidentIDAt and UpgradeResidentID15
// never panic, and that a valid number's birth date is a real day not
// after the reference date and its text round-trips.
func FuzzResidentID(f *testing.F) {
	for _, s := range []string{"11010519491231002X", "440524188001010014", "130701931030228", "13070119931030228X", "", "x"} {
		f.Add(s)
	}
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		for _, parse := range []func(string) (format.ResidentID, error){
			func(s string) (format.ResidentID, error) { return format.ParseResidentIDAt(s, now) },
			format.UpgradeResidentID15,
		} {
			id, err := parse(s)
			if err != nil {
				if !id.IsZero() {
					t.Fatalf("error %v with a non-zero ID", err)
				}
				continue
			}
			d := id.BirthDate()
			if _, err := time.Parse("2006-01-02", d.String()); err != nil || d.Year < format.MinBirthYear || d.Year > 2026 {
				t.Fatalf("%q: birth date %v", s, d)
			}
			back, err := format.ParseResidentIDAt(id.String(), now)
			if err != nil || back != id {
				t.Fatalf("%q: String %q does not parse back: %v", s, id.String(), err)
			}
			if id.Sex() == format.SexUnknown {
				t.Fatalf("%q: valid ID with unknown sex", s)
			}
		}
	})
}
