package rights_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lawfulgo/lawful/internal/strictjson"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/rights"
)

// dates returns n distinct dates from start, every step days, as JSON
// strings.
func dates(start time.Time, step, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "%q", start.AddDate(0, 0, i*step).Format(time.DateOnly))
	}
	return b.String()
}

// hostileCalendars are calendars built to make ParseHolidays work hard:
// the most dates allowed, each a problem.
func hostileCalendars() map[string][]byte {
	n := rights.MaxHolidayDates
	monday := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	saturday := time.Date(2026, 1, 3, 0, 0, 0, 0, time.UTC)
	return map[string][]byte{
		// every make-up working day a weekday: a problem each
		"weekday_workdays": []byte(`{"workdays":[` + dates(monday, 1, n) + `]}`),
		// every date both a holiday and a make-up working day
		"holidays_that_are_workdays": []byte(`{"holidays":[` + dates(saturday, 7, n/2) + `],"workdays":[` + dates(saturday, 7, n/2) + `]}`),
		"repeated_dates":             []byte(`{"holidays":[` + strings.TrimSuffix(strings.Repeat(`"2026-10-01",`, n), ",") + `]}`),
		"valid_dates":                []byte(`{"holidays":[` + dates(monday, 1, n) + `]}`),
	}
}

// TestParseHolidaysAllocationIsProportionalToInput: parsing allocates at
// most strictjson.AllocBound(len(input)) bytes.
func TestParseHolidaysAllocationIsProportionalToInput(t *testing.T) {
	for name, data := range hostileCalendars() {
		t.Run(name, func(t *testing.T) {
			var err error
			start := time.Now()
			got := strictjson.Allocated(func() {
				_, err = rights.ParseHolidays(data)
				if err != nil {
					_ = err.Error()
				}
			})
			t.Logf("%d bytes in, %d allocated: %.1f per byte, %v", len(data), got, float64(got)/float64(len(data)), time.Since(start))
			assert.LessOrEqual(t, got, strictjson.AllocBound(len(data)))
		})
	}
}

func TestParseHolidays(t *testing.T) {
	for _, tc := range []struct {
		name, json string
		want       []error
		says       string
	}{
		{"duplicate_key_is_rejected_not_last_wins", `{"holidays":["2026-10-01"],"holidays":[]}`, []error{rights.ErrInvalidCalendar, purpose.ErrDuplicateKey}, `rights: calendar JSON: duplicate key "holidays"`},
		{"a_key_differing_only_in_case_is_unknown_not_a_second_value", `{"holidays":["2026-10-01"],"Holidays":[]}`, []error{rights.ErrInvalidCalendar, strictjson.ErrUnknownField}, `rights: calendar JSON: unknown field "Holidays"; did you mean "holidays"?`},
		{"trailing_data_after_the_document_is_rejected", `{"holidays":[]}]`, []error{rights.ErrInvalidCalendar, purpose.ErrTrailingData}, "rights: calendar JSON: trailing data after the document at line 1, column 16"},
		{"unknown_field_is_rejected", `{"holiday":[]}`, []error{rights.ErrInvalidCalendar, strictjson.ErrUnknownField}, `rights: calendar JSON: unknown field "holiday"; want one of holidays, name, workdays`},
		{"input_over_MaxCalendarSize_is_rejected_naming_the_limit", `{"name":"` + strings.Repeat("x", rights.MaxCalendarSize) + `"}`, []error{rights.ErrInvalidCalendar, purpose.ErrTooLarge}, "rights: calendar JSON: input is 1048587 bytes, more than 1048576 bytes (rights.MaxCalendarSize)"},
		{"list_over_MaxHolidayDates_is_rejected", `{"holidays":[` + strings.TrimSuffix(strings.Repeat(`"2026-10-01",`, rights.MaxHolidayDates+1), ",") + `]}`, []error{rights.ErrInvalidCalendar, purpose.ErrTooLarge}, "rights: calendar JSON: holidays: an array of more than 10000 elements"},
		{"problems_past_100_are_counted_not_listed", string(hostileCalendars()["weekday_workdays"]), []error{rights.ErrInvalidCalendar}, "rights: 7144 problems:\n\trights: calendar \"\": make-up working day 2026-01-05 is a Monday"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := rights.ParseHolidays([]byte(tc.json))
			require.Error(t, err)
			for _, want := range tc.want {
				assert.ErrorIs(t, err, want)
			}
			assert.True(t, strings.HasPrefix(err.Error(), tc.says), "got %.300q\nwant prefix %q", err, tc.says)
		})
	}
	t.Run("problems_past_100_are_counted_not_listed", func(t *testing.T) {
		_, err := rights.ParseHolidays(hostileCalendars()["weekday_workdays"])
		lines := strings.Split(err.Error(), "\n")
		assert.Len(t, lines, 102)
		assert.Equal(t, "\t... and 7044 more", lines[101])
	})
}
