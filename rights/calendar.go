package rights

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/lawfulgo/lawful/internal/enum"
	"github.com/lawfulgo/lawful/internal/strictjson"

	"github.com/lawfulgo/lawful/subject"
)

// Calendar says which civil days are working days. Deadlines counted in
// working days skip the others, and a calendar-day or month deadline whose
// last day is not a working day moves to the next one (Civil Code art. 203;
// Civil Code arts. 201-203; PIPL art. 19 for periods that never move).
//
// Implementations must be safe for concurrent use and deterministic: the
// same date always gives the same answer. A calendar that has no working
// day in 366 consecutive days is refused (ErrInvalidCalendar) rather than
// searched forever.
type Calendar interface {
	WorkingDay(d subject.Date) bool
}

// maxGap is how many consecutive non-working days a calendar may have
// before a search for a working day gives up.
const maxGap = 366

// Weekdays is the fallback Calendar: Monday to Friday are working days,
// Saturday and Sunday are not. It knows no public holidays; use Holidays
// for those. The zero value is ready to use.
type Weekdays struct{}

// WorkingDay reports whether d is a Monday to Friday. An invalid date is
// not a working day.
func (Weekdays) WorkingDay(d subject.Date) bool {
	if !d.Valid() {
		return false
	}
	return weekdayOf(dayOf(d)) < 5
}

func (Weekdays) addWorkingDays(from day, n int) (day, error) { return addWeekdays(from, n), nil }

// Holidays is a Calendar of weekdays adjusted by a published schedule:
// public holidays that fall on a weekday are not working days, and the
// make-up working days China moves onto weekends (调休) are. The PRC
// schedule is published once a year by the State Council; load it with
// ParseHolidays or NewHolidays and replace the calendar when a new year is
// published. Dates the schedule does not list fall back to Monday to
// Friday.
//
// A Holidays is immutable and safe for concurrent use. The zero value, and
// a nil *Holidays, behave as Weekdays.
type Holidays struct {
	name string
	off  []day // weekday holidays, sorted, distinct
	on   []day // weekend make-up working days, sorted, distinct
	all  []subject.Date
	work []subject.Date
}

// MaxHolidayDates bounds the dates a Holidays accepts (holidays and
// make-up days together): a century of schedules.
const MaxHolidayDates = 10000

// NewHolidays returns a calendar named name in which holidays are not
// working days and workdays, which must be Saturdays or Sundays, are
// (调休). A holiday on a weekend is accepted and changes nothing, so a
// schedule's holiday ranges can be listed whole. Every problem is reported
// at once (the first 100 listed, the rest counted), each matching
// ErrInvalidCalendar: an invalid date, a workday that is not on a weekend,
// a date listed as both, more than MaxHolidayDates dates.
func NewHolidays(name string, holidays, workdays []subject.Date) (*Holidays, error) {
	if len(holidays)+len(workdays) > MaxHolidayDates {
		return nil, failf(ErrInvalidCalendar, "rights: calendar %s lists %d dates, more than %d", enum.Quote(name), len(holidays)+len(workdays), MaxHolidayDates)
	}
	ps := calendarProblems{name: name}
	h := &Holidays{name: name}
	hset := make(map[day]bool, len(holidays))
	for _, d := range holidays {
		if !d.Valid() {
			ps.add("holiday %v is not a valid date", d)
			continue
		}
		n := dayOf(d)
		if hset[n] {
			continue
		}
		hset[n] = true
		h.all = append(h.all, d)
		if weekdayOf(n) < 5 {
			h.off = append(h.off, n)
		}
	}
	wset := make(map[day]bool, len(workdays))
	for _, d := range workdays {
		if !d.Valid() {
			ps.add("make-up working day %v is not a valid date", d)
			continue
		}
		n := dayOf(d)
		switch {
		case wset[n]:
			continue
		case hset[n]:
			ps.add("%v is listed both as a holiday and as a make-up working day; keep one", d)
		case weekdayOf(n) < 5:
			ps.add("make-up working day %v is a %v; 调休 moves work onto a Saturday or Sunday", d, time.Weekday((weekdayOf(n)+1)%7))
		default:
			wset[n] = true
			h.work = append(h.work, d)
			h.on = append(h.on, n)
		}
	}
	if len(ps.errs) > 0 {
		return nil, joinListed(ErrInvalidCalendar, ps.errs, ps.more)
	}
	slices.Sort(h.off)
	slices.Sort(h.on)
	slices.SortFunc(h.all, subject.Date.Compare)
	slices.SortFunc(h.work, subject.Date.Compare)
	return h, nil
}

// maxListedProblems is the most problems one error lists; the rest are
// counted, so that a list of 10000 bad dates costs no more to report than
// a list of 100.
const maxListedProblems = 100

// calendarProblems collects a calendar's problems, formatting at most
// maxListedProblems of them.
type calendarProblems struct {
	name string
	errs []error
	more int
}

func (ps *calendarProblems) add(format string, args ...any) {
	if len(ps.errs) == maxListedProblems {
		ps.more++
		return
	}
	ps.errs = append(ps.errs, failf(ErrInvalidCalendar, "rights: calendar %s: %s", enum.Quote(ps.name), fmt.Sprintf(format, args...)))
}

// holidaysJSON is the file form of a Holidays.
type holidaysJSON struct {
	Name     string         `json:"name"`
	Holidays []subject.Date `json:"holidays"`
	Workdays []subject.Date `json:"workdays"`
}

// MaxCalendarSize is the largest calendar JSON ParseHolidays reads, in
// bytes (1 MiB).
const MaxCalendarSize = 1 << 20

// calendarLimits bound a calendar's JSON: MaxCalendarSize bytes, lists of
// at most MaxHolidayDates dates, nesting 4 deep (the format needs 2).
var calendarLimits = strictjson.Limits{MaxSize: MaxCalendarSize, SizeName: "rights.MaxCalendarSize", MaxDepth: 4, MaxElements: MaxHolidayDates}

// ParseHolidays reads a calendar from JSON:
//
//	{
//	  "name": "PRC 2026 (State Council notice ...)",
//	  "holidays": ["2026-10-01", "2026-10-02"],
//	  "workdays": ["2026-09-27"]
//	}
//
// "workdays" are the make-up working days on weekends (调休). Every error
// matches ErrInvalidCalendar and names the problem and where it is: more
// than MaxCalendarSize bytes or MaxHolidayDates dates in a list (also
// matching purpose.ErrTooLarge), a repeated key (purpose.ErrDuplicateKey),
// data after the object (purpose.ErrTrailingData), a field other than
// these three, spelled exactly, then each bad date as NewHolidays reports
// it. Parsing allocates in proportion to data.
func ParseHolidays(data []byte) (*Holidays, error) {
	var j holidaysJSON
	if err := strictjson.Decode(data, &j, calendarLimits); err != nil {
		return nil, wrapf(ErrInvalidCalendar, err, "rights: calendar JSON")
	}
	return NewHolidays(j.Name, j.Holidays, j.Workdays)
}

// MarshalJSON writes the calendar in the form ParseHolidays reads, dates
// sorted.
func (h *Holidays) MarshalJSON() ([]byte, error) {
	if h == nil {
		return json.Marshal(holidaysJSON{Holidays: []subject.Date{}, Workdays: []subject.Date{}})
	}
	j := holidaysJSON{Name: h.name, Holidays: h.all, Workdays: h.work}
	if j.Holidays == nil {
		j.Holidays = []subject.Date{}
	}
	if j.Workdays == nil {
		j.Workdays = []subject.Date{}
	}
	return json.Marshal(j)
}

// Name returns the calendar's name.
func (h *Holidays) Name() string {
	if h == nil {
		return ""
	}
	return h.name
}

// WorkingDay reports whether d is a working day: a make-up working day,
// or a Monday to Friday that is not a holiday. An invalid date is not a
// working day.
func (h *Holidays) WorkingDay(d subject.Date) bool {
	if !d.Valid() {
		return false
	}
	n := dayOf(d)
	if h == nil {
		return weekdayOf(n) < 5
	}
	if weekdayOf(n) < 5 {
		_, off := slices.BinarySearch(h.off, n)
		return !off
	}
	_, on := slices.BinarySearch(h.on, n)
	return on
}

// workingBetween counts the working days in (a, b], for a <= b, in
// O(log n) without walking the days.
func (h *Holidays) workingBetween(a, b day) int64 {
	w := weekdaysBetween(a, b)
	if h == nil {
		return w
	}
	return w - countIn(h.off, a, b) + countIn(h.on, a, b)
}

// countIn counts the elements of sorted s in (a, b].
func countIn(s []day, a, b day) int64 {
	lo, _ := slices.BinarySearch(s, a+1)
	hi, _ := slices.BinarySearch(s, b+1)
	return int64(hi - lo)
}

// addWorkingDays returns the n-th working day after from: the smallest r
// with n working days in (from, r], found by doubling and bisection over
// workingBetween rather than by walking day by day.
func (h *Holidays) addWorkingDays(from day, n int) (day, error) {
	if n <= 0 {
		return from, nil
	}
	want := int64(n)
	hi := addWeekdays(from, n)
	for step := hi - from; h.workingBetween(from, hi) < want; step *= 2 {
		if hi > maxDay {
			return 0, failf(ErrOutOfRange, "rights: %d working days after %v pass the year 9999", n, from.date())
		}
		if h.listedUpTo(hi) {
			// No listed date lies after hi: only weekdays remain.
			hi = addWeekdays(hi, int(want-h.workingBetween(from, hi)))
			break
		}
		hi += step + 7
	}
	lo := from // workingBetween(from, lo) < want
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if h.workingBetween(from, mid) >= want {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi, nil
}

// listedUpTo reports whether no date the calendar lists lies after n.
func (h *Holidays) listedUpTo(n day) bool {
	return h == nil || ((len(h.off) == 0 || h.off[len(h.off)-1] <= n) && (len(h.on) == 0 || h.on[len(h.on)-1] <= n))
}

// adder is the fast path a Calendar of this package offers: the n-th
// working day after a day without walking the days.
type adder interface {
	addWorkingDays(from day, n int) (day, error)
}

// nextWorkingDays returns the n-th working day after from under cal,
// using cal's fast path if it has one, else walking day by day and giving
// up after maxGap non-working days in a row.
func nextWorkingDays(cal Calendar, from day, n int) (day, error) {
	if a, ok := cal.(adder); ok {
		r, err := a.addWorkingDays(from, n)
		if err == nil && r > maxDay {
			err = failf(ErrOutOfRange, "rights: %d working days after %v pass the year 9999", n, from.date())
		}
		return r, err
	}
	d, gap := from, 0
	for n > 0 {
		d++
		if d > maxDay {
			return 0, failf(ErrOutOfRange, "rights: %d working days after %v pass the year 9999", n, from.date())
		}
		if cal.WorkingDay(d.date()) {
			n--
			gap = 0
			continue
		}
		if gap++; gap >= maxGap {
			return 0, failf(ErrInvalidCalendar, "rights: the calendar has no working day in the %d days after %v; fix the calendar", maxGap, (d - maxGap).date())
		}
	}
	return d, nil
}

// day is a civil day number: days since 1970-01-01 (a Thursday).
type day int64

var maxDay = dayOf(subject.Date{Year: 9999, Month: time.December, Day: 31})

// dayOf returns the day number of d, which must be valid.
func dayOf(d subject.Date) day {
	return day(time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// date returns the civil date of day number n.
func (n day) date() subject.Date {
	t := time.Unix(int64(n)*86400, 0).UTC()
	return subject.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}
}

// weekdayOf returns 0 for Monday ... 6 for Sunday.
func weekdayOf(n day) int64 {
	return floorMod(int64(n)+3, 7) // 1970-01-01 was a Thursday (3)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorMod(a, b int64) int64 { return a - floorDiv(a, b)*b }

// weekdaysUpTo counts the Mondays to Fridays in [epochMonday, n) (negative
// before it); differences of it count weekdays in a range.
func weekdaysUpTo(n day) int64 {
	k := int64(n) + 3 // days since Monday 1969-12-29
	w := floorDiv(k, 7)
	return w*5 + min(k-w*7, 5)
}

// weekdaysBetween counts the Mondays to Fridays in (a, b].
func weekdaysBetween(a, b day) int64 { return weekdaysUpTo(b+1) - weekdaysUpTo(a+1) }

// addWeekdays returns the n-th Monday-to-Friday after from (n >= 0).
func addWeekdays(from day, n int) day {
	if n <= 0 {
		return from
	}
	wd := weekdayOf(from)
	if wd > 4 { // a weekend day counts like the Friday before it
		from -= day(wd - 4)
		wd = 4
	}
	monday := from - day(wd)
	idx := wd + int64(n)
	return monday + day(idx/5*7+idx%5)
}

// joinProblems returns the single problem, or one error listing them all
// (the first maxListedProblems) that matches sentinel.
func joinProblems(sentinel error, errs []error) error {
	if len(errs) > maxListedProblems {
		return joinListed(sentinel, errs[:maxListedProblems], len(errs)-maxListedProblems)
	}
	return joinListed(sentinel, errs, 0)
}

// joinListed returns the single problem, or one error listing errs and
// counting more others, that matches sentinel.
func joinListed(sentinel error, errs []error, more int) error {
	if len(errs) == 1 && more == 0 {
		return errs[0]
	}
	var b strings.Builder
	fmt.Fprintf(&b, "rights: %d problems:", len(errs)+more)
	for _, e := range errs {
		b.WriteString("\n\t")
		b.WriteString(e.Error())
	}
	if more > 0 {
		fmt.Fprintf(&b, "\n\t... and %d more", more)
	}
	return &problem{msg: b.String(), sentinel: sentinel}
}
