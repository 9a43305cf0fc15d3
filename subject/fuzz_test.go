package subject_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/subject"
)

// FuzzParseID checks that ParseID never panics, that it accepts exactly
// the non-zero UUIDs uuid.Parse accepts, that every failure wraps
// ErrInvalidID, and that String, MarshalText and ParseID round trip.
func FuzzParseID(f *testing.F) {
	for _, s := range []string{
		"0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b",
		"0190A1B2-C3D4-7E5F-8A6B-7C8D9E0F1A2B",
		"{0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b}",
		"urn:uuid:0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b",
		"0190a1b2c3d47e5f8a6b7c8d9e0f1a2b",
		"00000000-0000-0000-0000-000000000000",
		"",
		"not-a-uuid",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := subject.ParseID(s)
		u, uerr := uuid.Parse(s)
		if err != nil {
			if !errors.Is(err, subject.ErrInvalidID) || !strings.HasPrefix(err.Error(), "subject: ") {
				t.Fatalf("ParseID(%q) error %q does not wrap ErrInvalidID", s, err)
			}
			if !id.IsZero() {
				t.Fatalf("ParseID(%q) returned %s with an error", s, id)
			}
			if uerr == nil && u != uuid.Nil {
				t.Fatalf("ParseID(%q) refused what uuid.Parse accepts: %v", s, err)
			}
			return
		}
		if uerr != nil || uuid.UUID(id) != u {
			t.Fatalf("ParseID(%q) = %s, uuid.Parse = %s, %v", s, id, u, uerr)
		}
		if id.IsZero() {
			t.Fatalf("ParseID(%q) accepted the zero ID", s)
		}
		str := id.String()
		if len(str) != 36 || str != strings.ToLower(str) {
			t.Fatalf("String() = %q is not canonical", str)
		}
		back, err := subject.ParseID(str)
		if err != nil || back != id {
			t.Fatalf("ParseID(String()) = %s, %v; want %s", back, err, id)
		}
		text, err := id.MarshalText()
		if err != nil || string(text) != str {
			t.Fatalf("MarshalText() = %q, %v; want %q", text, err, str)
		}
	})
}

// FuzzParseDate checks that ParseDate never panics, that every failure
// wraps ErrInvalidDate, that an accepted date prints back as the same
// text and parses back equal, and that it agrees with time.Parse on the
// strict "2006-01-02" form.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2024-02-29", "2023-02-29", "0001-01-01", "9999-12-31", "0000-01-01", "+024-01-01", "2024-1-01", "", "2024-02-29T00:00:00Z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := subject.ParseDate(s)
		tp, terr := time.Parse(time.DateOnly, s)
		if err != nil {
			if !errors.Is(err, subject.ErrInvalidDate) || !strings.HasPrefix(err.Error(), "subject: ") {
				t.Fatalf("ParseDate(%q) error %q does not wrap ErrInvalidDate", s, err)
			}
			if !d.IsZero() {
				t.Fatalf("ParseDate(%q) returned %s with an error", s, d)
			}
			if terr == nil && tp.Year() >= 1 && asciiDigitsAndDashes(s) {
				t.Fatalf("ParseDate(%q) refused what time.Parse accepts: %v", s, err)
			}
			return
		}
		if !d.Valid() {
			t.Fatalf("ParseDate(%q) = invalid %s", s, d)
		}
		if d.String() != s {
			t.Fatalf("ParseDate(%q).String() = %q", s, d.String())
		}
		back, err := subject.ParseDate(d.String())
		if err != nil || back != d {
			t.Fatalf("ParseDate(String()) = %s, %v; want %s", back, err, d)
		}
		if terr != nil || subject.DateOf(tp, time.UTC) != d {
			t.Fatalf("ParseDate(%q) = %s, time.Parse = %s, %v", s, d, tp, terr)
		}
		text, err := d.MarshalText()
		if err != nil || string(text) != s {
			t.Fatalf("MarshalText() = %q, %v; want %q", text, err, s)
		}
	})
}

func asciiDigitsAndDashes(s string) bool {
	for i := 0; i < len(s); i++ {
		if (s[i] < '0' || s[i] > '9') && s[i] != '-' {
			return false
		}
	}
	return true
}

// FuzzAge checks Age against a slow, obviously correct oracle that walks
// from the birth date one day at a time counting anniversaries, and checks
// that Reaches returns the first instant of the age Age computes. Births
// fall in 1800-2200 (including the common century years 1900 and 2100) and
// the day asked about within about 100 years either side of birth.
func FuzzAge(f *testing.F) {
	f.Add(uint32(76000), int32(5114), uint8(1)) // around a 14th birthday, PIPL rule
	f.Add(uint32(76000), int32(5114), uint8(2)) // the same, GDPR rule
	f.Add(uint32(75938), int32(5113), uint8(1)) // a 29 February birth
	f.Add(uint32(34757), int32(1461), uint8(2)) // 1895-02-28 + 4 years, across 1900
	f.Add(uint32(0), int32(-1), uint8(1))       // on before birth
	f.Add(uint32(1000), int32(365), uint8(0))   // unknown rule
	f.Add(uint32(9999), int32(0), uint8(1))     // the day of birth
	f.Add(uint32(75938), int32(5114), uint8(3)) // a 29 February birth, March-first rule
	f.Fuzz(func(t *testing.T, birthOffset uint32, span int32, ruleByte uint8) {
		epoch := time.Date(1800, time.January, 1, 0, 0, 0, 0, time.UTC)
		birthT := epoch.AddDate(0, 0, int(birthOffset%(400*366)))
		onT := birthT.AddDate(0, 0, int(span%(100*366)))
		rule := subject.CountingRule(ruleByte % 4)
		birth, on := subject.DateOf(birthT, nil), subject.DateOf(onT, nil)

		got := subject.Age(birth, on, rule)
		want := oracleAge(birthT, onT, rule)
		if got != want {
			t.Fatalf("Age(%s, %s, %s) = %d, oracle says %d", birth, on, rule, got, want)
		}
		if got < 1 {
			return
		}
		p := subject.AgePolicy{Rule: rule, Location: time.UTC, ChildAge: 14, MinorAge: 18, GuardianAge: 14}
		r := p.Reaches(birth, got)
		if r.IsZero() || r.After(onT) {
			t.Fatalf("Reaches(%s, %d) = %s, after %s when the age is already %d", birth, got, r, on, got)
		}
		if a, _ := p.AgeAt(birth, r); a != got {
			t.Fatalf("AgeAt(Reaches(%s, %d)) = %d", birth, got, a)
		}
		if a, _ := p.AgeAt(birth, r.Add(-time.Nanosecond)); a != got-1 {
			t.Fatalf("AgeAt(Reaches(%s, %d) - 1ns) = %d, want %d", birth, got, a, got-1)
		}
	})
}

// oracleAge counts the anniversaries of birth up to and including on, one
// day at a time, both at UTC midnight. An anniversary is the same month
// and day, or 28 February for a 29 February birth in a year with no 29
// February. Under OnBirthday an anniversary adds a year on the day itself;
// under DayAfterBirthday on the day after it. -1: on before birth or an
// unknown rule.
func oracleAge(birth, on time.Time, rule subject.CountingRule) int {
	if on.Before(birth) || !rule.Valid() {
		return -1
	}
	isAnniversary := func(day time.Time) bool {
		if !day.After(birth) {
			return false
		}
		if day.Month() == birth.Month() && day.Day() == birth.Day() {
			return true
		}
		noLeapDay := time.Date(day.Year(), time.February, 29, 0, 0, 0, 0, time.UTC).Month() == time.March
		return birth.Month() == time.February && birth.Day() == 29 &&
			day.Month() == time.February && day.Day() == 28 && noLeapDay
	}
	age := 0
	for day := birth.Add(24 * time.Hour); !day.After(on); day = day.Add(24 * time.Hour) {
		switch rule {
		case subject.OnBirthday:
			if isAnniversary(day) {
				age++
			}
		case subject.DayAfterBirthday:
			if isAnniversary(day.Add(-24 * time.Hour)) {
				age++
			}
		case subject.OnBirthdayMarchFirst:
			// A 29 February birth's common-year anniversary is 1 March.
			if day.Month() == birth.Month() && day.Day() == birth.Day() ||
				birth.Month() == time.February && birth.Day() == 29 && day.Month() == time.March && day.Day() == 1 &&
					time.Date(day.Year(), time.February, 29, 0, 0, 0, 0, time.UTC).Month() == time.March {
				age++
			}
		}
	}
	return age
}
