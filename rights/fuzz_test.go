package rights_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/lawfulgo/lawful/internal/strictjson"
	"github.com/lawfulgo/lawful/rights"
	"github.com/lawfulgo/lawful/subject"
)

// plain hides a calendar's fast path, so LastDay walks it day by day.
type plain struct{ rights.Calendar }

// oracleLastDay is the obviously correct, slow reading of the deadline rules (Civil Code arts. 201-203):
// walk one civil day at a time from the excluded start day, count working
// days or calendar days, or walk to the corresponding day of the target
// month (its last day if it has none), then walk on to a working day.
func oracleLastDay(start subject.Date, term rights.Term, cal rights.Calendar) subject.Date {
	t := time.Date(start.Year, start.Month, start.Day, 12, 0, 0, 0, time.UTC)
	civil := func(t time.Time) subject.Date { return subject.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()} }
	switch term.Unit {
	case rights.WorkingDays:
		for n := 0; n < term.N; {
			t = t.AddDate(0, 0, 1)
			if cal.WorkingDay(civil(t)) {
				n++
			}
		}
		return civil(t)
	case rights.CalendarDays:
		for range term.N {
			t = t.AddDate(0, 0, 1)
		}
	case rights.Months:
		target := start.Year*12 + int(start.Month) - 1 + term.N
		for {
			t = t.AddDate(0, 0, 1)
			if t.Year()*12+int(t.Month())-1 != target {
				continue
			}
			if t.Day() == start.Day || t.AddDate(0, 0, 1).Month() != t.Month() {
				break
			}
		}
	}
	for !cal.WorkingDay(civil(t)) {
		t = t.AddDate(0, 0, 1)
	}
	return civil(t)
}

// FuzzDeadline checks LastDay, with the fast paths of Weekdays and
// Holidays and with a day-by-day walk of any other Calendar, against
// oracleLastDay, on calendars with holidays and make-up weekend days drawn
// from the input.
func FuzzDeadline(f *testing.F) {
	f.Add(int32(0), uint16(15), uint8(1), []byte{})
	f.Add(int32(57), uint16(15), uint8(1), []byte{3, 5, 40, 200, 7})
	f.Add(int32(-400), uint16(1), uint8(2), []byte{1, 2, 3, 4, 5, 6, 7, 8})
	f.Add(int32(30), uint16(3), uint8(3), []byte{9, 10})
	f.Add(int32(1000), uint16(400), uint8(1), []byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17})
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, offset int32, n uint16, unit uint8, seed []byte) {
		offset %= 200 * 366 // within a century or two of 2026
		s := base.AddDate(0, 0, int(offset))
		start := subject.Date{Year: s.Year(), Month: s.Month(), Day: s.Day()}
		term := rights.Term{Unit: rights.Unit(unit%3 + 1), From: rights.FromReceipt}
		if term.Unit == rights.Months {
			term.N = int(n%36) + 1
		} else {
			term.N = int(n%500) + 1
		}
		if len(seed) > 64 {
			seed = seed[:64]
		}
		var holidays, workdays []subject.Date
		for i := 0; i+1 < len(seed); i += 2 {
			d := s.AddDate(0, 0, int(seed[i])|int(seed[i+1]&0x03)<<8) // up to 1023 days ahead
			date := subject.Date{Year: d.Year(), Month: d.Month(), Day: d.Day()}
			if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
				if seed[i+1]&0x80 != 0 {
					workdays = append(workdays, date)
				}
				continue
			}
			holidays = append(holidays, date)
		}
		hol, err := rights.NewHolidays("fuzz", holidays, workdays)
		if err != nil {
			t.Fatalf("NewHolidays: %v", err)
		}
		for name, cal := range map[string]rights.Calendar{"weekdays": rights.Weekdays{}, "holidays": hol, "walked": plain{hol}} {
			want := oracleLastDay(start, term, cal)
			got, err := rights.LastDay(start, term, cal)
			if err != nil {
				t.Fatalf("%s: LastDay(%v, %v): %v", name, start, term, err)
			}
			if got != want {
				t.Fatalf("%s: LastDay(%v, %v) = %v, oracle says %v (holidays %v, workdays %v)", name, start, term, got, want, holidays, workdays)
			}
			if !cal.WorkingDay(got) {
				t.Fatalf("%s: LastDay(%v, %v) = %v is not a working day", name, start, term, got)
			}
		}
	})
}

// FuzzParseHolidays: any input either parses into a calendar whose listed
// holidays are rest days and make-up days working days, or fails with
// ErrInvalidCalendar; nothing panics, and parsing allocates at most
// strictjson.AllocBound(len(input)) bytes. The seeds include a small copy
// of the input that used to blow up: make-up days on weekdays, a problem
// each, joined by repeated string concatenation (22000 bytes allocated
// per input byte at 10000 dates).
func FuzzParseHolidays(f *testing.F) {
	f.Add([]byte(`{"name":"t","holidays":["2026-10-01"],"workdays":["2026-09-27"]}`))
	f.Add([]byte(`{"name":"t","holidays":["2026-10-01"],"workdays":["2026-10-01"]}`))
	f.Add([]byte(`{"holidays":[],"workdays":["2026-09-28"]}`))
	f.Add([]byte(`{}`))
	f.Add([]byte(`[`))
	f.Add([]byte(`{"holidays":[],"holidays":["2026-10-01"]}`))
	f.Add([]byte(`{"workdays":[` + dates(time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC), 1, 1000) + `]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var h *rights.Holidays
		var err error
		got := strictjson.Allocated(func() {
			h, err = rights.ParseHolidays(data)
			if err != nil {
				_ = err.Error()
			}
		})
		if bound := strictjson.AllocBound(len(data)); got > bound {
			t.Fatalf("ParseHolidays allocated %d bytes for %d bytes of input, over the bound %d", got, len(data), bound)
		}
		if err != nil {
			if !errors.Is(err, rights.ErrInvalidCalendar) {
				t.Fatalf("error %v does not match ErrInvalidCalendar", err)
			}
			return
		}
		var j struct {
			Holidays []subject.Date `json:"holidays"`
			Workdays []subject.Date `json:"workdays"`
		}
		if err := json.Unmarshal(data, &j); err != nil {
			t.Fatalf("ParseHolidays accepted what encoding/json refuses: %v", err)
		}
		for _, d := range j.Holidays {
			if h.WorkingDay(d) {
				t.Fatalf("holiday %v is a working day", d)
			}
		}
		for _, d := range j.Workdays {
			if !h.WorkingDay(d) {
				t.Fatalf("make-up working day %v is a rest day", d)
			}
		}
	})
}
