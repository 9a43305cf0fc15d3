package rights_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lawfulgo/lawful/rights"
	"github.com/lawfulgo/lawful/subject"
)

func TestHolidays(t *testing.T) {
	hol := fixture(t)
	tests := []struct {
		name string
		cal  rights.Calendar
		d    subject.Date
		want bool
	}{
		{"weekday_is_working_day_fallback_LAW_7_2", rights.Weekdays{}, date(2026, 3, 2), true},
		{"saturday_is_rest_day_fallback_LAW_7_2", rights.Weekdays{}, date(2026, 3, 7), false},
		{"invalid_date_is_not_a_working_day", rights.Weekdays{}, subject.Date{Year: 2026, Month: 2, Day: 30}, false},
		{"weekday_holiday_is_rest_day_fixture", hol, date(2026, 10, 1), false},
		{"makeup_saturday_is_working_day_tiaoxiu_fixture", hol, date(2026, 5, 9), true},
		{"makeup_sunday_is_working_day_tiaoxiu_fixture", hol, date(2026, 9, 27), true},
		{"ordinary_saturday_stays_rest_day_fixture", hol, date(2026, 5, 16), false},
		{"ordinary_weekday_stays_working_day_fixture", hol, date(2026, 5, 6), true},
		{"unlisted_year_falls_back_to_weekdays", hol, date(2027, 10, 1), true},
		{"invalid_date_is_not_a_working_day_in_holidays", hol, subject.Date{}, false},
		{"nil_holidays_behave_as_weekdays", (*rights.Holidays)(nil), date(2026, 10, 1), true},
		{"nil_holidays_saturday_is_rest_day", (*rights.Holidays)(nil), date(2026, 5, 9), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.cal.WorkingDay(tt.d))
		})
	}
	t.Run("fixture_is_labelled_not_official", func(t *testing.T) {
		assert.Contains(t, hol.Name(), "NOT the official")
	})
	t.Run("json_round_trips", func(t *testing.T) {
		data, err := json.Marshal(hol)
		require.NoError(t, err)
		back, err := rights.ParseHolidays(data)
		require.NoError(t, err)
		again, err := json.Marshal(back)
		require.NoError(t, err)
		assert.Equal(t, string(data), string(again))
		var nilCal *rights.Holidays
		data, err = nilCal.MarshalJSON()
		require.NoError(t, err)
		assert.JSONEq(t, `{"name":"","holidays":[],"workdays":[]}`, string(data))
		assert.Empty(t, nilCal.Name())
		empty, err := rights.NewHolidays("empty", nil, nil)
		require.NoError(t, err)
		data, err = json.Marshal(empty)
		require.NoError(t, err)
		assert.JSONEq(t, `{"name":"empty","holidays":[],"workdays":[]}`, string(data))
	})
	t.Run("nil_holidays_count_working_days_like_weekdays", func(t *testing.T) {
		got, err := rights.LastDay(date(2026, 4, 28), rights.Term{N: 15, Unit: rights.WorkingDays, From: rights.FromReceipt}, (*rights.Holidays)(nil))
		require.NoError(t, err)
		assert.Equal(t, date(2026, 5, 19), got)
	})
	t.Run("holidays_listed_whole_including_weekends_and_duplicates", func(t *testing.T) {
		h, err := rights.NewHolidays("x", []subject.Date{date(2026, 5, 2), date(2026, 5, 1), date(2026, 5, 1)}, []subject.Date{date(2026, 5, 9), date(2026, 5, 9)})
		require.NoError(t, err)
		assert.False(t, h.WorkingDay(date(2026, 5, 1)))
		data, err := json.Marshal(h)
		require.NoError(t, err)
		assert.JSONEq(t, `{"name":"x","holidays":["2026-05-01","2026-05-02"],"workdays":["2026-05-09"]}`, string(data))
	})
	t.Run("long_holiday_block_is_skipped_LAW_7_2", func(t *testing.T) {
		var block []subject.Date
		for d := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC); d.Month() < 9; d = d.AddDate(0, 0, 1) {
			block = append(block, subject.Date{Year: d.Year(), Month: d.Month(), Day: d.Day()})
		}
		h, err := rights.NewHolidays("summer", block, nil)
		require.NoError(t, err)
		got, err := rights.LastDay(date(2026, 5, 29), rights.Term{N: 2, Unit: rights.WorkingDays, From: rights.FromReceipt}, h)
		require.NoError(t, err)
		assert.Equal(t, date(2026, 9, 2), got) // Tue 1 Sep, Wed 2 Sep
	})
}

func TestHolidaysInvalid(t *testing.T) {
	tests := []struct {
		name string
		json string
		want []string
	}{
		{"day_both_holiday_and_makeup_is_refused", `{"name":"x","holidays":["2026-05-09"],"workdays":["2026-05-09"]}`, []string{"both as a holiday"}},
		{"makeup_day_on_a_weekday_is_refused_tiaoxiu", `{"name":"x","workdays":["2026-05-06"]}`, []string{"is a Wednesday"}},
		{"unparsable_date_is_refused", `{"name":"x","holidays":["2026-13-01"]}`, []string{"calendar JSON"}},
		{"unknown_field_is_refused", `{"name":"x","holiday":[]}`, []string{"unknown field"}},
		{"trailing_data_is_refused", `{"name":"x"} {}`, []string{"trailing data"}},
		{"every_problem_reported_at_once", `{"name":"x","holidays":["2026-05-09"],"workdays":["2026-05-09","2026-05-06"]}`, []string{"2 problems", "both", "Wednesday"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := rights.ParseHolidays([]byte(tt.json))
			require.ErrorIs(t, err, rights.ErrInvalidCalendar)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
	t.Run("oversized_calendar_is_refused", func(t *testing.T) {
		_, err := rights.ParseHolidays([]byte(`{"name":"` + strings.Repeat("x", 1<<20) + `"}`))
		assert.ErrorIs(t, err, rights.ErrInvalidCalendar)
	})
	t.Run("too_many_dates_are_refused", func(t *testing.T) {
		_, err := rights.NewHolidays("x", make([]subject.Date, rights.MaxHolidayDates+1), nil)
		assert.ErrorIs(t, err, rights.ErrInvalidCalendar)
	})
	t.Run("invalid_dates_are_refused", func(t *testing.T) {
		_, err := rights.NewHolidays("x", []subject.Date{{}}, []subject.Date{{Year: 2026, Month: 2, Day: 30}})
		require.ErrorIs(t, err, rights.ErrInvalidCalendar)
		assert.Contains(t, err.Error(), "holiday unknown")
		assert.Contains(t, err.Error(), "make-up working day Date(2026-02-30)")
	})
}
