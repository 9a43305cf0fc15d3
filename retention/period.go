package retention

import (
	"fmt"
	"strconv"
	"time"

	"github.com/lawfulgo/lawful/internal/rule"
)

// maxComponent bounds each component of a Period so that date arithmetic
// cannot overflow: ten thousand years is longer than any retention rule.
const maxComponent = 10000

// Period is a civil period of years, months and days, such as the six
// months a network log must be kept (Cybersecurity Law art. 21(3)). Its
// text form is an ISO 8601 duration of date components: "P6M", "P3Y",
// "P15D", "P2W" (two weeks are 14 days), "P1Y2M10D".
//
// A period counts on calendar dates, not hours, the way PRC Civil Code
// arts. 201–203 count periods: see End. The zero Period is "no period";
// ParsePeriod refuses to produce it.
type Period struct {
	Years, Months, Days int
}

// Months returns a Period of n months.
func Months(n int) Period { return Period{Months: n} }

// Years returns a Period of n years.
func Years(n int) Period { return Period{Years: n} }

// Days returns a Period of n days.
func Days(n int) Period { return Period{Days: n} }

// IsZero reports whether p is the zero Period.
func (p Period) IsZero() bool { return p == Period{} }

// Valid reports whether p is a usable period: not zero, no negative
// component, none above ten thousand.
func (p Period) Valid() bool {
	ok := func(n int) bool { return n >= 0 && n <= maxComponent }
	return !p.IsZero() && ok(p.Years) && ok(p.Months) && ok(p.Days)
}

// String returns the ISO 8601 form, e.g. "P1Y6M"; the zero Period is
// "P0D".
func (p Period) String() string {
	if p.IsZero() {
		return "P0D"
	}
	b := []byte{'P'}
	if p.Years != 0 {
		b = strconv.AppendInt(b, int64(p.Years), 10)
		b = append(b, 'Y')
	}
	if p.Months != 0 {
		b = strconv.AppendInt(b, int64(p.Months), 10)
		b = append(b, 'M')
	}
	if p.Days != 0 {
		b = strconv.AppendInt(b, int64(p.Days), 10)
		b = append(b, 'D')
	}
	return string(b)
}

// ParsePeriod parses an ISO 8601 duration made of date components
// (PnYnMnWnD, each at most once, in that order). Time components
// ("PT12H"), signs, fractions, an empty or zero period are errors matching
// ErrInvalidPeriod: retention periods are whole days.
func ParsePeriod(s string) (Period, error) {
	bad := func(why string) (Period, error) {
		return Period{}, rule.New(ErrInvalidPeriod, fmt.Sprintf("retention: period %q: %s; write an ISO 8601 period such as P6M, P3Y, P15D", s, why))
	}
	if len(s) < 3 || s[0] != 'P' {
		return bad("it must start with P and name at least one component")
	}
	var p Period
	order := "YMWD"
	next := 0 // index into order of the next allowed designator
	for i := 1; i < len(s); {
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == i {
			if s[i] == 'T' {
				return bad("time components (after T) are not allowed")
			}
			return bad(fmt.Sprintf("expected digits at offset %d", i))
		}
		if j == len(s) {
			return bad("a number lacks its designator (Y, M, W or D)")
		}
		if j-i > 5 {
			return bad("a component exceeds 10000")
		}
		n, _ := strconv.Atoi(s[i:j])
		if n > maxComponent {
			return bad("a component exceeds 10000")
		}
		k := -1
		for x := next; x < len(order); x++ {
			if order[x] == s[j] {
				k = x
				break
			}
		}
		if k < 0 {
			return bad(fmt.Sprintf("designator %q is unknown, repeated or out of order (use Y, M, W, D in that order)", s[j]))
		}
		next = k + 1
		switch s[j] {
		case 'Y':
			p.Years = n
		case 'M':
			p.Months = n
		case 'W':
			p.Days += 7 * n
		case 'D':
			p.Days += n
		}
		i = j + 1
	}
	if p.IsZero() {
		return bad("the period is zero")
	}
	if p.Days > maxComponent {
		return bad("a component exceeds 10000")
	}
	return p, nil
}

// MarshalText implements encoding.TextMarshaler.
func (p Period) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParsePeriod.
func (p *Period) UnmarshalText(b []byte) error {
	v, err := ParsePeriod(string(b))
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// LastDay returns the civil date on which a period of p that starts at t
// ends: the start day is not counted (Civil Code art. 201), a period of
// months or years ends on the corresponding date, or on the last day of
// the month when that month has no such date (art. 202: 31 January plus
// one month is 28 or 29 February). Dates are taken in t's location.
func (p Period) LastDay(t time.Time) (year int, month time.Month, day int) {
	y, m, d := t.Date()
	total := int(m) - 1 + p.Months + 12*(y+p.Years)
	y, m = total/12, time.Month(total%12+1)
	if last := daysIn(y, m); d > last {
		d = last
	}
	// Adding days after clamping: P1M10D from 31 January is 28 February +
	// 10 days.
	u := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).AddDate(0, 0, p.Days)
	return u.Year(), u.Month(), u.Day()
}

// End returns the instant a period of p starting at t is over: 24:00 of
// its last day (Civil Code art. 203), i.e. midnight at the start of the
// following day in t's location. A retention period, a legal minimum and a
// grace period all end at End; none moves to the next working day, since
// PIPL art. 19 keeps data only for the shortest time necessary. The zero
// Period ends at t itself.
func (p Period) End(t time.Time) time.Time {
	if p.IsZero() {
		return t
	}
	y, m, d := p.LastDay(t)
	return time.Date(y, m, d+1, 0, 0, 0, 0, t.Location())
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// longer reports whether a may end after b for some start: it compares
// End from starts that exercise month ends and leap years.
func longer(a, b Period) bool {
	for _, s := range periodProbes {
		if a.End(s).After(b.End(s)) {
			return true
		}
	}
	return false
}

var periodProbes = []time.Time{
	time.Date(2024, 1, 31, 12, 0, 0, 0, time.UTC),
	time.Date(2024, 2, 29, 12, 0, 0, 0, time.UTC),
	time.Date(2025, 2, 28, 12, 0, 0, 0, time.UTC),
	time.Date(2025, 7, 31, 12, 0, 0, 0, time.UTC),
	time.Date(2026, 12, 15, 12, 0, 0, 0, time.UTC),
}
