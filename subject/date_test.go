package subject_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // DST zones for Date.Start, whatever the machine has installed

	"github.com/lawfulgo/lawful/subject"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewDate(t *testing.T) {
	tests := []struct {
		name  string
		y     int
		m     time.Month
		day   int
		valid bool
	}{
		{"29_February_exists_in_a_leap_year", 2024, time.February, 29, true},
		{"29_February_does_not_exist_in_a_common_year", 2023, time.February, 29, false},
		{"1900_is_not_a_leap_year_Gregorian_century_rule", 1900, time.February, 29, false},
		{"2000_is_a_leap_year_Gregorian_400_year_rule", 2000, time.February, 29, true},
		{"30_April_is_the_month_end", 2024, time.April, 30, true},
		{"31_April_does_not_exist", 2024, time.April, 31, false},
		{"31_December_exists", 2024, time.December, 31, true},
		{"month_13_does_not_exist", 2024, 13, 1, false},
		{"month_0_does_not_exist", 2024, 0, 1, false},
		{"day_0_does_not_exist", 2024, time.January, 0, false},
		{"year_1_is_the_first", 1, time.January, 1, true},
		{"year_0_is_out_of_range", 0, time.December, 31, false},
		{"year_9999_is_the_last", 9999, time.December, 31, true},
		{"year_10000_is_out_of_range", 10000, time.January, 1, false},
		{"negative_year_is_out_of_range", -44, time.March, 15, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := subject.NewDate(tt.y, tt.m, tt.day)
			if !tt.valid {
				assert.ErrorIs(t, err, subject.ErrInvalidDate)
				assert.True(t, strings.HasPrefix(err.Error(), "subject: invalid date"), err.Error())
				assert.True(t, got.IsZero(), "no normalisation: an invalid date gives the zero Date")
				assert.False(t, d(tt.y, tt.m, tt.day).Valid())
				return
			}
			require.NoError(t, err)
			assert.Equal(t, d(tt.y, tt.m, tt.day), got)
			assert.True(t, got.Valid())
		})
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want subject.Date // zero: an error
	}{
		{"2024-02-29", d(2024, time.February, 29)},
		{"0001-01-01", d(1, time.January, 1)},
		{"9999-12-31", d(9999, time.December, 31)},
		{"2010-06-15", d(2010, time.June, 15)},
		{"2023-02-29", subject.Date{}},
		{"0000-01-01", subject.Date{}},
		{"2024-13-01", subject.Date{}},
		{"2024-00-10", subject.Date{}},
		{"2024-04-31", subject.Date{}},
		{"2024-2-29", subject.Date{}},
		{"2024-02-9", subject.Date{}},
		{"24-02-29", subject.Date{}},
		{"+024-02-29", subject.Date{}},
		{"-024-02-29", subject.Date{}},
		{"2024/02/29", subject.Date{}},
		{"20240229", subject.Date{}},
		{"2024-02-29T00:00:00Z", subject.Date{}},
		{" 2024-02-29", subject.Date{}},
		{"2024-02-29 ", subject.Date{}},
		{"２０２４-02-29", subject.Date{}},
		{"unknown", subject.Date{}},
		{"", subject.Date{}},
	}
	for _, tt := range tests {
		name := strings.NewReplacer(" ", "_", "/", "_").Replace(tt.in)
		if name == "" {
			name = "empty"
		}
		t.Run(name, func(t *testing.T) {
			got, err := subject.ParseDate(tt.in)
			if tt.want.IsZero() {
				assert.ErrorIs(t, err, subject.ErrInvalidDate)
				assert.True(t, got.IsZero())
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.in, got.String())
		})
	}
}

func TestDateString(t *testing.T) {
	assert.Equal(t, "unknown", subject.Date{}.String())
	assert.Equal(t, "0001-01-01", d(1, time.January, 1).String())
	assert.Equal(t, "2024-02-29", d(2024, time.February, 29).String())
	assert.Equal(t, "Date(2023-02-29)", d(2023, time.February, 29).String(), "invalid dates print as they are")
	assert.Equal(t, "Date(10000-01-01)", d(10000, time.January, 1).String())
}

func TestDateCompare(t *testing.T) {
	days := []subject.Date{{}, d(1999, time.December, 31), d(2000, time.January, 1), d(2000, time.January, 2), d(2000, time.February, 1), d(2001, time.January, 1)}
	for i, a := range days {
		for j, b := range days {
			want := 0
			switch {
			case i < j:
				want = -1
			case i > j:
				want = 1
			}
			assert.Equal(t, want, a.Compare(b), "%s vs %s", a, b)
			assert.Equal(t, want < 0, a.Before(b), "%s before %s", a, b)
			assert.Equal(t, want > 0, a.After(b), "%s after %s", a, b)
		}
	}
}

func TestDateOf(t *testing.T) {
	instant := time.Date(2024, time.June, 15, 20, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		at   time.Time
		loc  *time.Location
		want subject.Date
	}{
		{"nil_location_is_UTC", instant, nil, d(2024, time.June, 15)},
		{"UTC", instant, time.UTC, d(2024, time.June, 15)},
		{"20h_UTC_is_already_the_next_day_in_China_UTC_plus_8", instant, cst, d(2024, time.June, 16)},
		{"the_zone_of_the_instant_does_not_matter", instant.In(time.FixedZone("X", -11*3600)), cst, d(2024, time.June, 16)},
		{"midnight_in_China_is_16h_UTC", time.Date(2024, time.June, 15, 16, 0, 0, 0, time.UTC), cst, d(2024, time.June, 16)},
		{"a_nanosecond_before_midnight_in_China", time.Date(2024, time.June, 15, 15, 59, 59, 999999999, time.UTC), cst, d(2024, time.June, 15)},
		{"UTC_minus_10_is_still_the_day_before", time.Date(2024, time.June, 15, 5, 0, 0, 0, time.UTC), time.FixedZone("HST", -10*3600), d(2024, time.June, 14)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, subject.DateOf(tt.at, tt.loc))
		})
	}
}

func TestDateStart(t *testing.T) {
	mustLoad := func(name string) *time.Location {
		loc, err := time.LoadLocation(name)
		require.NoError(t, err)
		return loc
	}
	havana := mustLoad("America/Havana")      // DST changes at midnight
	saoPaulo := mustLoad("America/Sao_Paulo") // DST began at midnight until 2019
	tests := []struct {
		name string
		day  subject.Date
		loc  *time.Location
		want time.Time
	}{
		{"nil_location_is_UTC", d(2024, time.June, 16), nil, time.Date(2024, time.June, 16, 0, 0, 0, 0, time.UTC)},
		{"China_midnight_is_16h_UTC_the_day_before", d(2024, time.June, 16), cst, time.Date(2024, time.June, 15, 16, 0, 0, 0, time.UTC)},
		{"first_day_of_the_calendar", d(1, time.January, 1), time.UTC, time.Date(1, time.January, 1, 0, 0, 0, 0, time.UTC)},
		{"last_day_of_the_calendar", d(9999, time.December, 31), cst, time.Date(9999, time.December, 30, 16, 0, 0, 0, time.UTC)},
		{"skipped_midnight_starts_at_01h_Havana_2023_03_12", d(2023, time.March, 12), havana, time.Date(2023, time.March, 12, 5, 0, 0, 0, time.UTC)},
		{"repeated_midnight_starts_at_the_first_Havana_2023_11_05", d(2023, time.November, 5), havana, time.Date(2023, time.November, 5, 4, 0, 0, 0, time.UTC)},
		{"the_day_after_a_repeated_midnight", d(2023, time.November, 6), havana, time.Date(2023, time.November, 6, 5, 0, 0, 0, time.UTC)},
		{"skipped_midnight_starts_at_01h_Sao_Paulo_2018_11_04", d(2018, time.November, 4), saoPaulo, time.Date(2018, time.November, 4, 3, 0, 0, 0, time.UTC)},
		{"zero_date_has_no_start", subject.Date{}, time.UTC, time.Time{}},
		{"invalid_date_has_no_start", d(2023, time.February, 29), time.UTC, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.day.Start(tt.loc)
			assert.True(t, tt.want.Equal(got), "got %s, want %s", got.UTC(), tt.want.UTC())
			if !got.IsZero() {
				assert.Equal(t, tt.day, subject.DateOf(got, tt.loc), "the start is on the day")
				assert.True(t, subject.DateOf(got.Add(-time.Nanosecond), tt.loc).Before(tt.day), "the instant before is on an earlier day")
			}
		})
	}
}

func TestDateAddYears(t *testing.T) {
	tests := []struct {
		name string
		from subject.Date
		n    int
		want subject.Date
	}{
		{"same_month_and_day", d(2010, time.June, 15), 14, d(2024, time.June, 15)},
		{"backwards", d(2024, time.June, 15), -14, d(2010, time.June, 15)},
		{"zero_years", d(2024, time.February, 29), 0, d(2024, time.February, 29)},
		{"29_February_to_a_common_year_is_28_February_month_end_CC_art202_Reg1182_71_art3_2_c", d(2008, time.February, 29), 14, d(2022, time.February, 28)},
		{"29_February_to_a_leap_year_stays", d(2008, time.February, 29), 16, d(2024, time.February, 29)},
		{"29_February_to_1900_is_28_February", d(1896, time.February, 29), 4, d(1900, time.February, 28)},
		{"28_February_stays_28_February_in_a_leap_year", d(2023, time.February, 28), 1, d(2024, time.February, 28)},
		{"zero_date_stays_unknown", subject.Date{}, 18, subject.Date{}},
		{"invalid_date_is_unchanged", d(2023, time.February, 30), 1, d(2023, time.February, 30)},
		{"beyond_9999_is_invalid", d(9990, time.January, 1), 10, d(10000, time.January, 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.from.AddYears(tt.n))
		})
	}
}

func TestDateText(t *testing.T) {
	type doc struct {
		Birth subject.Date `json:"birth"`
	}
	tests := []struct {
		name string
		in   subject.Date
		json string
	}{
		{"a_date_is_2006_01_02", d(2010, time.June, 5), `{"birth":"2010-06-05"}`},
		{"the_zero_date_is_empty_text", subject.Date{}, `{"birth":""}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(doc{tt.in})
			require.NoError(t, err)
			assert.Equal(t, tt.json, string(b))
			out := doc{d(1999, time.January, 1)}
			require.NoError(t, json.Unmarshal(b, &out))
			assert.Equal(t, tt.in, out.Birth)
		})
	}
	t.Run("an_invalid_date_does_not_marshal", func(t *testing.T) {
		_, err := d(2023, time.February, 29).MarshalText()
		assert.ErrorIs(t, err, subject.ErrInvalidDate)
	})
	t.Run("bad_text_is_an_error_and_leaves_the_value", func(t *testing.T) {
		v := d(2010, time.June, 5)
		assert.ErrorIs(t, v.UnmarshalText([]byte("2010-6-5")), subject.ErrInvalidDate)
		assert.Equal(t, d(2010, time.June, 5), v)
	})
	t.Run("append_text_appends", func(t *testing.T) {
		b, err := d(2010, time.June, 5).AppendText([]byte("born "))
		require.NoError(t, err)
		assert.Equal(t, "born 2010-06-05", string(b))
		b, err = subject.Date{}.AppendText([]byte("born "))
		require.NoError(t, err)
		assert.Equal(t, "born ", string(b))
	})
}
