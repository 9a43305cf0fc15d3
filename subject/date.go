package subject

import (
	"fmt"
	"github.com/lawfulgo/lawful/internal/enum"
	"time"
)

// Date is a civil date: a day in the calendar, with no time of day and no
// time zone, such as a date of birth. The zero Date means "unknown".
//
// A Date is valid when it is a real day of the proleptic Gregorian
// calendar in years 1 to 9999. Build one with NewDate, ParseDate or DateOf
// to get a valid one; a literal Date{...} is checked by Valid. Dates are
// comparable with ==; Compare, Before and After order them.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// NewDate returns the date year-month-day, or an error wrapping
// ErrInvalidDate if that is not a real calendar day in years 1 to 9999
// (30 February, month 13, year 0 and so on). It never normalises.
func NewDate(year int, month time.Month, day int) (Date, error) {
	d := Date{year, month, day}
	if !d.Valid() {
		return Date{}, fail(ErrInvalidDate, fmt.Sprintf("subject: invalid date: %04d-%02d-%02d is not a calendar day in years 1-9999", year, int(month), day))
	}
	return d, nil
}

// ParseDate parses a date in the form "2006-01-02" (ISO 8601 calendar date,
// four-digit year, two-digit month and day) and nothing else: no time, no
// zone, no sign, no other separators. Errors wrap ErrInvalidDate.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, fail(ErrInvalidDate, "subject: invalid date "+enum.Quote(s)+": want the form 2006-01-02")
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return Date{}, fail(ErrInvalidDate, "subject: invalid date "+enum.Quote(s)+": want the form 2006-01-02")
	}
	date := Date{y, time.Month(m), d}
	if !date.Valid() {
		return Date{}, fail(ErrInvalidDate, "subject: invalid date "+enum.Quote(s)+": not a calendar day in years 1-9999")
	}
	return date, nil
}

// digits parses s, which must be ASCII decimal digits only.
func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// DateOf returns the civil date of the instant t in loc: the date a
// calendar on the wall in loc shows at t. A nil loc means UTC. The same
// instant can be two different dates in two zones (23:30 UTC is already
// the next day in China, UTC+8). The result is invalid if t falls outside
// years 1-9999 in loc.
func DateOf(t time.Time, loc *time.Location) Date {
	y, m, d := t.In(orUTC(loc)).Date()
	return Date{y, m, d}
}

func orUTC(loc *time.Location) *time.Location {
	if loc == nil {
		return time.UTC
	}
	return loc
}

// IsZero reports whether d is the zero Date ("unknown").
func (d Date) IsZero() bool { return d == Date{} }

// Valid reports whether d is a real calendar day in years 1 to 9999. The
// zero Date is not valid.
func (d Date) Valid() bool {
	return d.Year >= 1 && d.Year <= 9999 &&
		d.Month >= time.January && d.Month <= time.December &&
		d.Day >= 1 && d.Day <= daysIn(d.Month, d.Year)
}

// isLeap reports whether year is a leap year of the Gregorian calendar.
func isLeap(year int) bool {
	return year%4 == 0 && (year%100 != 0 || year%400 == 0)
}

// daysIn returns the number of days in month m of year; m must be 1-12.
func daysIn(m time.Month, year int) int {
	switch m {
	case time.February:
		if isLeap(year) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// String returns d as "2006-01-02". The zero Date is "unknown"; any other
// invalid Date prints as "Date(2023-02-30)" with its fields as they are.
func (d Date) String() string {
	switch {
	case d.IsZero():
		return "unknown"
	case !d.Valid():
		return fmt.Sprintf("Date(%04d-%02d-%02d)", d.Year, int(d.Month), d.Day)
	}
	var buf [10]byte
	return string(d.appendISO(buf[:0]))
}

// appendISO appends d, which must be valid, as "2006-01-02".
func (d Date) appendISO(b []byte) []byte {
	y, m, day := d.Year, int(d.Month), d.Day
	return append(b,
		byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+m/10), byte('0'+m%10), '-',
		byte('0'+day/10), byte('0'+day%10))
}

// Compare returns -1 if d is before o, +1 if d is after o, and 0 if they
// are the same date. It orders by Year, Month, Day as they are, so it is
// meaningful for valid dates; the zero Date sorts before every valid one.
func (d Date) Compare(o Date) int {
	switch {
	case d.Year != o.Year:
		return cmpInt(d.Year, o.Year)
	case d.Month != o.Month:
		return cmpInt(int(d.Month), int(o.Month))
	}
	return cmpInt(d.Day, o.Day)
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return +1
	}
	return 0
}

// Before reports whether d is before o.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// After reports whether d is after o.
func (d Date) After(o Date) bool { return d.Compare(o) > 0 }

// Start returns the first instant of d in loc (nil loc = UTC): 00:00 of d
// there. Where a zone transition skips midnight, the day starts at the
// first instant that exists (01:00, say); where midnight happens twice, at
// the first one. The zero or an invalid Date gives the zero time.Time.
func (d Date) Start(loc *time.Location) time.Time {
	if !d.Valid() {
		return time.Time{}
	}
	loc = orUTC(loc)
	t := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
	if DateOf(t, loc) == d && DateOf(t.Add(-time.Nanosecond), loc).Before(d) {
		return t // the common case: no transition at midnight
	}
	// time.Date resolved a skipped or repeated midnight one way or the
	// other. Find the first instant whose civil date is not before d; no
	// zone is off by more than a day, so it lies within a day of t.
	lo, hi := t.Add(-26*time.Hour), t.Add(26*time.Hour) // DateOf(lo) < d <= DateOf(hi)
	for hi.Sub(lo) > time.Nanosecond {
		mid := lo.Add(hi.Sub(lo) / 2)
		if DateOf(mid, loc).Before(d) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return hi
}

// next returns the day after d, which must be valid; the day after
// 9999-12-31 is invalid.
func (d Date) next() Date {
	switch {
	case d.Day < daysIn(d.Month, d.Year):
		return Date{d.Year, d.Month, d.Day + 1}
	case d.Month < time.December:
		return Date{d.Year, d.Month + 1, 1}
	}
	return Date{d.Year + 1, time.January, 1}
}

// AddYears returns the same month and day n years later (n < 0: earlier).
// A 29 February that does not exist in the target year becomes 28
// February: a year period ends on the corresponding day, or on the last day
// of the month when there is none (Civil Code art. 202; Reg. 1182/71 art.
// 3(2)(c)). The zero Date stays zero; an invalid d is returned unchanged;
// the result is invalid if it falls outside years 1-9999.
func (d Date) AddYears(n int) Date {
	if !d.Valid() {
		return d
	}
	r := Date{d.Year + n, d.Month, d.Day}
	if r.Month == time.February && r.Day == 29 && !isLeap(r.Year) {
		r.Day = 28
	}
	return r
}

// AppendText appends d as "2006-01-02" to b, like MarshalText.
func (d Date) AppendText(b []byte) ([]byte, error) {
	switch {
	case d.IsZero():
		return b, nil
	case !d.Valid():
		return b, fail(ErrInvalidDate, "subject: cannot marshal invalid date "+d.String())
	}
	return d.appendISO(b), nil
}

// MarshalText returns d as "2006-01-02"; the zero Date ("unknown") is the
// empty text. An invalid Date is an error wrapping ErrInvalidDate.
func (d Date) MarshalText() ([]byte, error) {
	if d.IsZero() {
		return []byte{}, nil
	}
	return d.AppendText(make([]byte, 0, 10))
}

// UnmarshalText parses "2006-01-02" with ParseDate; empty text is the zero
// Date ("unknown"). On error *d is unchanged.
func (d *Date) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(text))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
