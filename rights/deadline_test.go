package rights_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lawfulgo/lawful/rights"
	"github.com/lawfulgo/lawful/subject"
)

func TestLastDay(t *testing.T) {
	wd := func(n int) rights.Term {
		return rights.Term{N: n, Unit: rights.WorkingDays, From: rights.FromVerification}
	}
	cd := func(n int) rights.Term { return rights.Term{N: n, Unit: rights.CalendarDays, From: rights.FromReceipt} }
	mo := func(n int) rights.Term { return rights.Term{N: n, Unit: rights.Months, From: rights.FromReceipt} }
	hol := fixture(t)
	tests := []struct {
		name  string
		start subject.Date
		term  rights.Term
		cal   rights.Calendar
		want  subject.Date
	}{
		// 15 working days: Mon 2 Mar excluded; 3-6, 9-13, 16-20 are 14; Mon 23 is the 15th.
		{"deadline_15_working_days_skips_weekends_seed000_s10_seed004_s9_2", date(2026, 3, 2), wd(15), nil, date(2026, 3, 23)},
		{"deadline_15_working_days_from_sunday_starts_monday_CC_201", date(2026, 3, 1), wd(15), rights.Weekdays{}, date(2026, 3, 20)},
		{"deadline_1_working_day_from_friday_is_monday_CC_201", date(2026, 3, 6), wd(1), nil, date(2026, 3, 9)},
		// Tue 28 Apr: 29, 30 | 1-5 May holiday | 6, 7, 8, Sat 9 (make-up), 11-15, 18-21.
		{"deadline_15_working_days_skips_holiday_counts_makeup_saturday_LAW_7_2", date(2026, 4, 28), wd(15), hol, date(2026, 5, 21)},
		{"deadline_15_working_days_weekdays_only_ignores_holiday_fallback", date(2026, 4, 28), wd(15), rights.Weekdays{}, date(2026, 5, 19)},
		// Thu 24 Sep: 25, Sun 27 (make-up), 28, 29, 30 | 1-8 Oct holiday | 9, Sat 10 (make-up), 12...
		{"deadline_working_days_across_national_day_with_two_makeup_days_LAW_7_2", date(2026, 9, 24), wd(7), hol, date(2026, 10, 10)},
		{"deadline_working_day_after_holiday_start_day_excluded_CC_201", date(2026, 10, 1), wd(1), hol, date(2026, 10, 9)},
		{"deadline_15_calendar_days_from_request_seed000_s5_1", date(2026, 3, 1), cd(15), nil, date(2026, 3, 16)},
		{"deadline_calendar_days_ending_saturday_moves_to_monday_CC_203_LAW_1", date(2026, 3, 6), cd(15), nil, date(2026, 3, 23)},
		{"deadline_calendar_days_ending_in_holiday_moves_past_it_CC_203_LAW_1", date(2026, 4, 16), cd(15), hol, date(2026, 5, 6)},
		{"deadline_calendar_days_ending_on_makeup_saturday_stays_CC_203", date(2026, 4, 24), cd(15), hol, date(2026, 5, 9)},
		{"deadline_one_month_corresponding_date_GDPR_12_3_CC_202", date(2026, 3, 10), mo(1), nil, date(2026, 4, 10)},
		{"deadline_one_month_clamps_jan31_to_feb28_GDPR_12_3_CC_202", date(2025, 1, 31), mo(1), nil, date(2025, 2, 28)},
		{"deadline_one_month_clamps_jan31_to_feb29_in_leap_year_CC_202", date(2028, 1, 31), mo(1), nil, date(2028, 2, 29)},
		{"deadline_one_month_clamped_to_saturday_feb28_moves_to_monday_Reg1182_71_3_4", date(2026, 1, 31), mo(1), nil, date(2026, 3, 2)},
		{"deadline_three_months_extended_from_jan31_ends_apr30_GDPR_12_3", date(2025, 1, 31), mo(3), nil, date(2025, 4, 30)},
		{"deadline_months_cross_year_end_GDPR_12_3", date(2025, 11, 30), mo(3), nil, date(2026, 3, 2)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := rights.LastDay(tt.start, tt.term, tt.cal)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got, "start %v, %v", tt.start, tt.term)
		})
	}
}

func TestDeadline(t *testing.T) {
	t.Run("deadline_is_2400_local_of_last_day_CC_203", func(t *testing.T) {
		got, err := rights.Deadline(at(2026, 3, 2, 23), rights.PIPL().Term, cst, nil)
		require.NoError(t, err)
		assert.Equal(t, at(2026, 3, 24, 0), got)
		assert.Equal(t, "2026-03-23T16:00:00Z", got.UTC().Format(time.RFC3339))
	})
	t.Run("deadline_counts_civil_date_in_policy_zone_not_utc_LAW_7_2", func(t *testing.T) {
		// 2026-03-01 23:30 UTC is already Monday 2 March in China.
		start := time.Date(2026, 3, 1, 23, 30, 0, 0, time.UTC)
		got, err := rights.Deadline(start, rights.Term{N: 1, Unit: rights.WorkingDays, From: rights.FromReceipt}, cst, nil)
		require.NoError(t, err)
		assert.Equal(t, at(2026, 3, 4, 0), got)
		utc, err := rights.Deadline(start, rights.Term{N: 1, Unit: rights.WorkingDays, From: rights.FromReceipt}, nil, nil)
		require.NoError(t, err)
		assert.Equal(t, time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC), utc)
	})
	t.Run("deadline_needs_a_start_instant", func(t *testing.T) {
		_, err := rights.Deadline(time.Time{}, rights.PIPL().Term, cst, nil)
		assert.ErrorIs(t, err, rights.ErrOutOfRange)
	})
	t.Run("deadline_on_last_day_of_9999_is_out_of_range", func(t *testing.T) {
		_, err := rights.Deadline(time.Date(9999, 12, 30, 0, 0, 0, 0, time.UTC), rights.Term{N: 1, Unit: rights.CalendarDays, From: rights.FromReceipt}, nil, everyDay{})
		assert.ErrorIs(t, err, rights.ErrOutOfRange)
	})
}

// everyDay is a Calendar where every day is a working day.
type everyDay struct{}

func (everyDay) WorkingDay(d subject.Date) bool { return d.Valid() }

// never is a broken Calendar with no working day at all.
type never struct{}

func (never) WorkingDay(subject.Date) bool { return false }

func TestLastDayErrors(t *testing.T) {
	ok := rights.Term{N: 1, Unit: rights.WorkingDays, From: rights.FromReceipt}
	tests := []struct {
		name  string
		start subject.Date
		term  rights.Term
		cal   rights.Calendar
		want  error
	}{
		{"zero_term_is_invalid_policy", date(2026, 3, 2), rights.Term{}, nil, rights.ErrInvalidPolicy},
		{"term_of_zero_days_is_invalid_policy", date(2026, 3, 2), rights.Term{N: 0, Unit: rights.CalendarDays, From: rights.FromReceipt}, nil, rights.ErrInvalidPolicy},
		{"term_over_max_months_is_invalid_policy", date(2026, 3, 2), rights.Term{N: rights.MaxTermMonths + 1, Unit: rights.Months, From: rights.FromReceipt}, nil, rights.ErrInvalidPolicy},
		{"invalid_start_date_is_out_of_range", subject.Date{Year: 2026, Month: 2, Day: 30}, ok, nil, rights.ErrOutOfRange},
		{"working_days_past_9999_are_out_of_range", date(9999, 12, 30), rights.Term{N: 10, Unit: rights.WorkingDays, From: rights.FromReceipt}, nil, rights.ErrOutOfRange},
		{"custom_calendar_past_9999_is_out_of_range", date(9999, 12, 30), rights.Term{N: 10, Unit: rights.WorkingDays, From: rights.FromReceipt}, everyDay{}, rights.ErrOutOfRange},
		{"calendar_days_past_9999_are_out_of_range", date(9999, 12, 30), rights.Term{N: 10, Unit: rights.CalendarDays, From: rights.FromReceipt}, nil, rights.ErrOutOfRange},
		{"months_past_9999_are_out_of_range", date(9999, 12, 30), rights.Term{N: 1, Unit: rights.Months, From: rights.FromReceipt}, nil, rights.ErrOutOfRange},
		{"calendar_without_working_days_fails_closed", date(2026, 3, 2), ok, never{}, rights.ErrInvalidCalendar},
		{"calendar_without_working_days_fails_closed_on_roll", date(2026, 3, 2), rights.Term{N: 3, Unit: rights.CalendarDays, From: rights.FromReceipt}, never{}, rights.ErrInvalidCalendar},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := rights.LastDay(tt.start, tt.term, tt.cal)
			require.ErrorIs(t, err, tt.want)
			assert.NotEmpty(t, err.Error())
		})
	}
}

func TestPolicyValidate(t *testing.T) {
	t.Run("PIPL_and_GDPR_defaults_are_valid", func(t *testing.T) {
		require.NoError(t, rights.PIPL().Validate())
		require.NoError(t, rights.GDPR().Validate())
	})
	t.Run("zero_policy_reports_every_problem", func(t *testing.T) {
		err := rights.Policy{Kinds: map[rights.Kind]rights.Term{0: {}, rights.Access: {}}, Extended: rights.Term{N: -1}, Repeat: rights.Repeat{Max: 2}}.Validate()
		require.ErrorIs(t, err, rights.ErrInvalidPolicy)
		for _, want := range []string{"Name", "Term", "invalid key", "Kinds[access]", "Extended", "Ages", "Repeat"} {
			assert.Contains(t, err.Error(), want)
		}
	})
	t.Run("TermFor_prefers_the_kind_override_seed000_s5_1", func(t *testing.T) {
		p := rights.PIPL()
		access := rights.Term{N: 15, Unit: rights.CalendarDays, From: rights.FromReceipt, Cites: "000 §5.1"}
		p.Kinds = map[rights.Kind]rights.Term{rights.Access: access}
		assert.Equal(t, access, p.TermFor(rights.Access))
		assert.Equal(t, p.Term, p.TermFor(rights.Delete))
		assert.Equal(t, "15 calendar_days from receipt", access.String())
	})
}
