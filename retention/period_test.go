package retention_test

import (
	"errors"
	"testing"
	"time"

	"github.com/lawfulgo/lawful/retention"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var cst = time.FixedZone("CST", 8*3600)

func TestPeriodEnd(t *testing.T) {
	at := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, cst) }
	for _, tc := range []struct {
		name   string
		period string
		start  time.Time
		want   time.Time
	}{
		{"six_months_end_at_24h_of_the_corresponding_date_CC_art201_203", "P6M", at(2026, 1, 15, 10), at(2026, 7, 16, 0)},
		{"a_month_from_31_january_ends_on_the_last_day_of_february_CC_art202", "P1M", at(2026, 1, 31, 10), at(2026, 3, 1, 0)},
		{"a_month_from_31_january_in_a_leap_year_ends_on_29_february", "P1M", at(2024, 1, 31, 10), at(2024, 3, 1, 0)},
		{"a_year_from_29_february_ends_on_28_february", "P1Y", at(2024, 2, 29, 10), at(2025, 3, 1, 0)},
		{"days_exclude_the_start_day_CC_art201", "P15D", at(2026, 3, 1, 23), at(2026, 3, 17, 0)},
		{"weeks_are_seven_days", "P2W", at(2026, 3, 1, 9), at(2026, 3, 16, 0)},
		{"days_after_clamped_months", "P1M10D", at(2026, 1, 31, 9), at(2026, 3, 11, 0)},
		{"a_period_ending_on_a_sunday_does_not_move_LAW_s1_periods", "P1D", at(2026, 3, 7, 9), at(2026, 3, 9, 0)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := retention.ParsePeriod(tc.period)
			require.NoError(t, err)
			assert.Equal(t, tc.want, p.End(tc.start))
		})
	}
	assert.Equal(t, at(2026, 1, 1, 5), retention.Period{}.End(at(2026, 1, 1, 5)), "the zero period ends at its start")
}

func TestParsePeriod(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want retention.Period
		text string
	}{
		{"P6M", retention.Months(6), "P6M"},
		{"P3Y", retention.Years(3), "P3Y"},
		{"P1Y2M10D", retention.Period{Years: 1, Months: 2, Days: 10}, "P1Y2M10D"},
		{"P2W", retention.Days(14), "P14D"},
		{"P1W2D", retention.Days(9), "P9D"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			p, err := retention.ParsePeriod(tc.in)
			require.NoError(t, err)
			assert.Equal(t, tc.want, p)
			assert.Equal(t, tc.text, p.String())
			var u retention.Period
			require.NoError(t, u.UnmarshalText([]byte(tc.text)))
			assert.Equal(t, p, u)
		})
	}
	for _, in := range []string{"", "P", "6M", "PT12H", "P1DT1H", "P-1D", "P1.5M", "P0D", "P0Y0M", "P1D1Y", "P1M1M", "P100000D", "P9999D2W", "P1", "PXM", "p6m"} {
		t.Run("rejects_"+in, func(t *testing.T) {
			_, err := retention.ParsePeriod(in)
			require.Error(t, err)
			assert.True(t, errors.Is(err, retention.ErrInvalidPeriod), "%v", err)
			assert.Contains(t, err.Error(), "ISO 8601", "the message says what to write")
		})
	}
}

func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"P6M", "P1Y2M10D", "P2W", "PT1H", "P", "P10000Y10000M", "P0D"} {
		f.Add(s)
	}
	start := time.Date(2024, 1, 31, 12, 0, 0, 0, cst)
	f.Fuzz(func(t *testing.T, s string) {
		p, err := retention.ParsePeriod(s)
		if err != nil {
			if !errors.Is(err, retention.ErrInvalidPeriod) {
				t.Fatalf("error %v does not match ErrInvalidPeriod", err)
			}
			return
		}
		if !p.Valid() {
			t.Fatalf("ParsePeriod(%q) = %+v, which is not Valid", s, p)
		}
		again, err := retention.ParsePeriod(p.String())
		if err != nil || again != p {
			t.Fatalf("round trip of %q: %+v -> %q -> %+v, %v", s, p, p.String(), again, err)
		}
		if end := p.End(start); !end.After(start) {
			t.Fatalf("%v from %v ends at %v, not after its start", p, start, end)
		}
	})
}
