package deid_test

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lawfulgo/lawful/pii/deid"
)

func TestBuckets(t *testing.T) {
	decades := deid.Buckets{Width: 10}
	ages := deid.Buckets{Width: 10, Low: 18, High: 90}
	tests := []struct {
		name string
		b    deid.Buckets
		x    int64
		want string
	}{
		{"a_value_falls_in_the_band_of_its_width", decades, 37, "30-39"},
		{"a_band_boundary_starts_its_band", decades, 40, "40-49"},
		{"negative_values_band_downwards_not_towards_zero", decades, -1, "-10--1"},
		{"origin_shifts_the_boundaries", deid.Buckets{Width: 10, Origin: 5}, 14, "5-14"},
		{"width_one_keeps_the_value", deid.Buckets{Width: 1}, 7, "7"},
		{"values_under_low_share_one_open_band", ages, 3, "<18"},
		{"values_from_high_share_one_open_band_as_HIPAA_ages_over_89", ages, 104, "90+"},
		{"a_band_is_cut_at_low", ages, 18, "18-19"},
		{"the_last_band_before_high", ages, 89, "80-89"},
		{"low_not_under_high_means_no_open_bands", deid.Buckets{Width: 10, Low: 5, High: 5}, 3, "0-9"},
		{"the_largest_int64_bands_without_overflow", decades, math.MaxInt64, "9223372036854775800-9223372036854775807"},
		{"the_smallest_int64_bands_when_its_band_fits", deid.Buckets{Width: 8}, math.MinInt64, "-9223372036854775808--9223372036854775801"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := tc.b.Bucket(tc.x)
			require.NoError(t, err)
			assert.Equal(t, tc.want, r.String())
			assert.True(t, r.Contains(tc.x), "the band holds the value")
		})
	}
	t.Run("a_width_under_one_is_refused", func(t *testing.T) {
		_, err := deid.Buckets{}.Bucket(3)
		assert.ErrorIs(t, err, deid.ErrInvalidParameter)
		assert.ErrorContains(t, err, "Width")
	})
	t.Run("a_value_too_far_from_origin_is_refused_not_wrapped", func(t *testing.T) {
		_, err := deid.Buckets{Width: 10, Origin: math.MaxInt64}.Bucket(math.MinInt64)
		assert.ErrorIs(t, err, deid.ErrMalformed)
		_, err = deid.Buckets{Width: 10}.Bucket(math.MinInt64)
		assert.ErrorIs(t, err, deid.ErrMalformed, "the band would start below MinInt64")
	})
}

func TestAge(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	birth := time.Date(1990, 6, 15, 0, 0, 0, 0, shanghai)
	leap := time.Date(2000, 2, 29, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		birth time.Time
		at    time.Time
		want  int
	}{
		{"the_day_before_the_birthday_is_the_year_before", birth, time.Date(2020, 6, 14, 12, 0, 0, 0, shanghai), 29},
		{"the_birthday_itself_adds_the_year", birth, time.Date(2020, 6, 15, 0, 0, 0, 0, shanghai), 30},
		{"the_instant_is_read_in_the_zone_of_birth", birth, time.Date(2020, 6, 14, 16, 0, 0, 0, time.UTC), 30},
		{"29_february_turns_older_on_1_march_in_a_common_year", leap, time.Date(2001, 3, 1, 0, 0, 0, 0, time.UTC), 1},
		{"29_february_is_not_older_on_28_february", leap, time.Date(2001, 2, 28, 0, 0, 0, 0, time.UTC), 0},
		{"a_newborn_is_zero", birth, birth, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := deid.Age(tc.birth, tc.at)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
	t.Run("a_birth_after_the_instant_is_refused", func(t *testing.T) {
		_, err := deid.Age(birth, birth.Add(-time.Second))
		assert.ErrorIs(t, err, deid.ErrMalformed)
	})
	t.Run("an_age_over_MaxAge_is_a_wrong_date", func(t *testing.T) {
		_, err := deid.Age(time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC), birth)
		assert.ErrorIs(t, err, deid.ErrMalformed)
	})
	t.Run("AgeBand_bands_the_age", func(t *testing.T) {
		r, err := deid.AgeBand(birth, time.Date(2024, 1, 1, 0, 0, 0, 0, shanghai), deid.Buckets{Width: 5})
		require.NoError(t, err)
		assert.Equal(t, "30-34", r.String())
		_, err = deid.AgeBand(birth, birth.AddDate(-1, 0, 0), deid.Buckets{Width: 5})
		assert.ErrorIs(t, err, deid.ErrMalformed)
	})
}

func TestTruncateDate(t *testing.T) {
	at := time.Date(2024, 5, 17, 13, 45, 0, 0, time.FixedZone("CST", 8*3600))
	tests := []struct {
		name string
		unit deid.DateUnit
		want string
	}{
		{"month_keeps_year_and_month", deid.Month, "2024-05-01T00:00:00+08:00"},
		{"quarter_keeps_the_first_month_of_the_quarter", deid.Quarter, "2024-04-01T00:00:00+08:00"},
		{"year_keeps_the_year", deid.Year, "2024-01-01T00:00:00+08:00"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := deid.TruncateDate(at, tc.unit)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got.Format(time.RFC3339))
		})
	}
	t.Run("an_unknown_unit_is_refused", func(t *testing.T) {
		_, err := deid.TruncateDate(at, 0)
		assert.ErrorIs(t, err, deid.ErrInvalidParameter)
	})
}

func TestIPPrefix(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		v4, v6 int
		want   string
	}{
		{"ipv4_keeps_its_slash_24_by_default", "203.0.113.77", deid.IPv4Bits, deid.IPv6Bits, "203.0.113.0/24"},
		{"ipv6_keeps_its_slash_48_by_default", "2001:db8:85a3:8d3:1319:8a2e:370:7348", deid.IPv4Bits, deid.IPv6Bits, "2001:db8:85a3::/48"},
		{"an_ipv4_mapped_address_is_truncated_as_ipv4", "::ffff:198.51.100.9", 16, 48, "198.51.0.0/16"},
		{"the_zone_is_dropped", "fe80::1%eth0", 24, 64, "fe80::/64"},
		{"zero_bits_keep_nothing", "198.51.100.9", 0, 0, "0.0.0.0/0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := deid.IPPrefix(tc.in, tc.v4, tc.v6)
			require.NoError(t, err)
			assert.Equal(t, tc.want, p.String())
		})
	}
	bad := []struct {
		name   string
		in     string
		v4, v6 int
		want   error
	}{
		{"a_port_is_not_an_address", "203.0.113.7:80", 24, 48, deid.ErrMalformed},
		{"a_host_name_is_not_an_address", "example.com", 24, 48, deid.ErrMalformed},
		{"an_ipv4_prefix_over_32_is_refused", "203.0.113.7", 33, 48, deid.ErrInvalidParameter},
		{"a_negative_prefix_is_refused", "2001:db8::1", 24, -1, deid.ErrInvalidParameter},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			_, err := deid.IPPrefix(tc.in, tc.v4, tc.v6)
			assert.ErrorIs(t, err, tc.want)
			assert.NotContains(t, err.Error(), tc.in, "errors never repeat the value")
		})
	}
}

func TestRegion(t *testing.T) {
	tests := []struct {
		name  string
		code  string
		level deid.RegionLevel
		want  string
	}{
		{"province_keeps_two_digits_GB/T_2260", "440305", deid.Province, "440000"},
		{"prefecture_keeps_four_digits_GB/T_2260", "440305", deid.Prefecture, "440300"},
		{"county_keeps_the_code", "440305", deid.County, "440305"},
		{"hong_kong_is_a_province-level_division", "810000", deid.Province, "810000"},
		{"a_municipality's_district_generalises_to_the_municipality", "110105", deid.Province, "110000"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := deid.Region(tc.code, tc.level)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
	bad := []struct {
		name  string
		code  string
		level deid.RegionLevel
		want  error
	}{
		{"five_digits_are_not_a_code", "44030", deid.Prefecture, deid.ErrMalformed},
		{"an_identity_card_number_is_not_a_code", "11010519491231002X", deid.Prefecture, deid.ErrMalformed},
		{"full-width_digits_are_refused", "４４０３０５", deid.Prefecture, deid.ErrMalformed},
		{"a_letter_is_refused", "44O305", deid.Prefecture, deid.ErrMalformed},
		{"an_unknown_province_is_refused", "990101", deid.Province, deid.ErrMalformed},
		{"an_unknown_level_is_refused", "440305", 0, deid.ErrInvalidParameter},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			_, err := deid.Region(tc.code, tc.level)
			assert.ErrorIs(t, err, tc.want)
			assert.NotContains(t, err.Error(), tc.code, "errors never repeat the value")
		})
	}
}

func TestTruncatePostcode(t *testing.T) {
	tests := []struct {
		name string
		code string
		keep int
		want string
	}{
		{"a_chinese_postcode_keeps_its_postal_district", "518057", 3, "518"},
		{"a_uk_postcode_keeps_its_outward_area_upper-cased", "sw1a 1aa", 3, "SW1"},
		{"hyphens_are_dropped", "100-0001", 3, "100"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := deid.TruncatePostcode(tc.code, tc.keep)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
	bad := []struct {
		name string
		code string
		keep int
		want error
	}{
		{"keeping_everything_generalises_nothing", "518057", 6, deid.ErrInvalidParameter},
		{"keeping_nothing_is_refused", "518057", 0, deid.ErrInvalidParameter},
		{"one_character_is_not_a_postcode", "5", 1, deid.ErrMalformed},
		{"eleven_characters_are_not_a_postcode", "51805751805", 3, deid.ErrMalformed},
		{"a_leading_space_is_refused", " 518057", 3, deid.ErrMalformed},
		{"punctuation_is_refused", "518.057", 3, deid.ErrMalformed},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			_, err := deid.TruncatePostcode(tc.code, tc.keep)
			assert.True(t, errors.Is(err, tc.want), "%v", err)
		})
	}
}
