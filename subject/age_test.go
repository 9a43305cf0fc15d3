package subject_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/lawfulgo/lawful/subject"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPolicies(t *testing.T) {
	p := subject.PIPLAges()
	assert.Equal(t, subject.DayAfterBirthday, p.Rule)
	assert.Equal(t, "CST", p.Location.String())
	_, offset := time.Date(2024, time.July, 1, 0, 0, 0, 0, p.Location).Zone()
	assert.Equal(t, 8*3600, offset, "UTC+8")
	assert.Equal(t, []int{14, 18, 14}, []int{p.ChildAge, p.MinorAge, p.GuardianAge})
	assert.False(t, p.PresumeAdult)
	require.NoError(t, p.Validate())

	g := subject.GDPRAges()
	assert.Equal(t, subject.OnBirthday, g.Rule)
	assert.Equal(t, time.UTC, g.Location)
	assert.Equal(t, []int{16, 18, 16}, []int{g.ChildAge, g.MinorAge, g.GuardianAge})
	assert.False(t, g.PresumeAdult)
	require.NoError(t, g.Validate())

	t.Run("China_has_had_no_DST_since_1991_so_UTC_plus_8_matches_Asia_Shanghai", func(t *testing.T) {
		shanghai, err := time.LoadLocation("Asia/Shanghai")
		require.NoError(t, err)
		for at := time.Date(1992, time.January, 1, 0, 0, 0, 0, time.UTC); at.Year() < 2040; at = at.Add(97 * time.Hour) {
			require.Equal(t, subject.DateOf(at, shanghai), subject.DateOf(at, p.Location), "at %s", at)
		}
	})
}

func TestAgePolicyValidate(t *testing.T) {
	tests := []struct {
		name     string
		change   func(*subject.AgePolicy)
		problems []string
	}{
		{"PIPL_is_valid", func(*subject.AgePolicy) {}, nil},
		{"guardian_age_18_by_service_policy_is_valid_seeds_000_001_003", func(p *subject.AgePolicy) { p.GuardianAge = 18 }, nil},
		{"member_state_age_13_is_valid_GDPR_art8_1", func(p *subject.AgePolicy) { p.ChildAge, p.GuardianAge = 13, 13 }, nil},
		{"nil_location_is_UTC_and_valid", func(p *subject.AgePolicy) { p.Location = nil }, nil},
		{"child_age_equal_to_minor_age_is_valid", func(p *subject.AgePolicy) { p.ChildAge = 18 }, nil},
		{"unknown_rule", func(p *subject.AgePolicy) { p.Rule = subject.RuleUnknown }, []string{"counting rule CountingRule(0)"}},
		{"zero_child_age", func(p *subject.AgePolicy) { p.ChildAge = 0 }, []string{"child age 0 is not positive"}},
		{"child_age_above_minor_age", func(p *subject.AgePolicy) { p.ChildAge = 19 }, []string{"child age 19 is above minor age 18"}},
		{"minor_age_above_150", func(p *subject.AgePolicy) { p.MinorAge = 151 }, []string{"minor age 151 is above 150"}},
		{"negative_guardian_age", func(p *subject.AgePolicy) { p.GuardianAge = -1 }, []string{"guardian age -1 is not positive"}},
		{"guardian_age_above_minor_age", func(p *subject.AgePolicy) { p.GuardianAge = 21 }, []string{"guardian age 21 is above minor age 18"}},
		{
			"zero_policy_reports_every_problem",
			func(p *subject.AgePolicy) { *p = subject.AgePolicy{} },
			[]string{"counting rule", "child age 0", "guardian age 0"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := subject.PIPLAges()
			tt.change(&p)
			err := p.Validate()
			if tt.problems == nil {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.ErrorIs(t, err, subject.ErrInvalidAgePolicy)
			lines := strings.Split(err.Error(), "\n")
			require.Len(t, lines, len(tt.problems), err.Error())
			for i, want := range tt.problems {
				assert.Contains(t, lines[i], want)
				assert.True(t, strings.HasPrefix(lines[i], "subject: age policy: "), lines[i])
			}
		})
	}
}

// TestAgeAroundBirthdays checks ages 13, 14, 15, 17 and 18 on the day
// before, on and after the birthday under both counting rules.
func TestAgeAroundBirthdays(t *testing.T) {
	type row struct {
		name   string
		policy subject.AgePolicy
		birth  subject.Date
		on     subject.Date
		want   int
	}
	var tests []row
	birth := d(2006, time.August, 20)
	for _, n := range []int{13, 14, 15, 17, 18} {
		birthday := birth.AddYears(n)
		before := d(birthday.Year, birthday.Month, birthday.Day-1)
		after := d(birthday.Year, birthday.Month, birthday.Day+1)
		tests = append(tests,
			row{fmt.Sprintf("age_%d_not_reached_the_day_before_the_birthday_PIPL_SPC2006_art2", n), subject.PIPLAges(), birth, before, n - 1},
			row{fmt.Sprintf("age_%d_not_reached_on_the_birthday_PIPL_SPC2006_art2", n), subject.PIPLAges(), birth, birthday, n - 1},
			row{fmt.Sprintf("age_%d_reached_the_day_after_the_birthday_PIPL_SPC2006_art2", n), subject.PIPLAges(), birth, after, n},
			row{fmt.Sprintf("age_%d_not_reached_the_day_before_the_birthday_GDPR_library_rule", n), subject.GDPRAges(), birth, before, n - 1},
			row{fmt.Sprintf("age_%d_reached_on_the_birthday_GDPR_library_rule", n), subject.GDPRAges(), birth, birthday, n},
			row{fmt.Sprintf("age_%d_reached_the_day_after_the_birthday_GDPR_library_rule", n), subject.GDPRAges(), birth, after, n},
		)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, subject.Age(tt.birth, tt.on, tt.policy.Rule), "Age")
			// The same through AgeAt, at both ends of the civil day in the policy's zone.
			for _, at := range []time.Time{tt.on.Start(tt.policy.Location), tt.on.Start(tt.policy.Location).Add(24*time.Hour - time.Nanosecond)} {
				age, known := tt.policy.AgeAt(tt.birth, at)
				assert.True(t, known)
				assert.Equal(t, tt.want, age, "AgeAt %s", at)
			}
		})
	}
}

func TestAge(t *testing.T) {
	leap := d(2008, time.February, 29)
	tests := []struct {
		name  string
		birth subject.Date
		on    subject.Date
		rule  subject.CountingRule
		want  int
	}{
		{"age_0_on_the_day_of_birth_PIPL_SPC2006_art2", d(2024, time.May, 1), d(2024, time.May, 1), subject.DayAfterBirthday, 0},
		{"age_0_on_the_day_of_birth_GDPR_library_rule", d(2024, time.May, 1), d(2024, time.May, 1), subject.OnBirthday, 0},
		{"age_0_on_the_first_birthday_PIPL_SPC2006_art2", d(2024, time.May, 1), d(2025, time.May, 1), subject.DayAfterBirthday, 0},
		{"age_1_on_the_first_birthday_GDPR_library_rule", d(2024, time.May, 1), d(2025, time.May, 1), subject.OnBirthday, 1},
		{"born_31_December_age_1_on_2_January_PIPL_CC_art201", d(2023, time.December, 31), d(2025, time.January, 1), subject.DayAfterBirthday, 1},
		{"born_31_December_still_0_on_31_December_PIPL_CC_art201", d(2023, time.December, 31), d(2024, time.December, 31), subject.DayAfterBirthday, 0},
		// 29 February births: the anniversary in a common year is 28 February (month end, CC art. 202).
		{"leap_day_birth_age_14_not_reached_on_28_February_common_year_PIPL_CC_art202", leap, d(2022, time.February, 28), subject.DayAfterBirthday, 13},
		{"leap_day_birth_age_14_reached_on_1_March_common_year_PIPL_CC_art202", leap, d(2022, time.March, 1), subject.DayAfterBirthday, 14},
		{"leap_day_birth_age_14_reached_on_28_February_common_year_GDPR_Reg1182_71_art3_2_c", leap, d(2022, time.February, 28), subject.OnBirthday, 14},
		{"leap_day_birth_age_14_not_reached_on_27_February_common_year_GDPR", leap, d(2022, time.February, 27), subject.OnBirthday, 13},
		{"leap_day_birth_age_16_not_reached_on_29_February_leap_year_PIPL_SPC2006_art2", leap, d(2024, time.February, 29), subject.DayAfterBirthday, 15},
		{"leap_day_birth_age_16_not_reached_on_28_February_leap_year_PIPL", leap, d(2024, time.February, 28), subject.DayAfterBirthday, 15},
		{"leap_day_birth_age_16_reached_on_1_March_leap_year_PIPL_SPC2006_art2", leap, d(2024, time.March, 1), subject.DayAfterBirthday, 16},
		{"leap_day_birth_age_16_reached_on_29_February_leap_year_GDPR", leap, d(2024, time.February, 29), subject.OnBirthday, 16},
		{"leap_day_birth_age_16_not_reached_on_28_February_leap_year_GDPR", leap, d(2024, time.February, 28), subject.OnBirthday, 15},
		{"leap_day_birth_century_common_year_1900_PIPL_CC_art202", d(1896, time.February, 29), d(1900, time.February, 28), subject.DayAfterBirthday, 3},
		{"leap_day_birth_century_common_year_1900_GDPR", d(1896, time.February, 29), d(1900, time.February, 28), subject.OnBirthday, 4},
		{"leap_day_birth_century_leap_year_2000_PIPL", d(1996, time.February, 29), d(2000, time.March, 1), subject.DayAfterBirthday, 4},
		{"28_February_birth_is_not_affected_by_leap_years_PIPL", d(2007, time.February, 28), d(2024, time.February, 29), subject.DayAfterBirthday, 17},
		{"unknown_birth_has_no_age_LAW_5_1", subject.Date{}, d(2024, time.May, 1), subject.DayAfterBirthday, -1},
		{"invalid_birth_has_no_age", d(2023, time.February, 29), d(2024, time.May, 1), subject.DayAfterBirthday, -1},
		{"birth_after_the_day_has_no_age", d(2024, time.May, 2), d(2024, time.May, 1), subject.OnBirthday, -1},
		{"invalid_day_has_no_age", d(2000, time.May, 2), d(2024, time.May, 32), subject.OnBirthday, -1},
		{"unknown_rule_has_no_age", d(2000, time.May, 2), d(2024, time.May, 1), subject.RuleUnknown, -1},
		{"out_of_range_rule_has_no_age", d(2000, time.May, 2), d(2024, time.May, 1), subject.CountingRule(7), -1},
		{"the_whole_calendar_PIPL", d(1, time.January, 1), d(9999, time.December, 31), subject.DayAfterBirthday, 9998},
		{"the_whole_calendar_GDPR", d(1, time.January, 1), d(9999, time.December, 31), subject.OnBirthday, 9998},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, subject.Age(tt.birth, tt.on, tt.rule))
		})
	}
}

func TestAgeAtReadsTheCivilDateInThePolicyZone(t *testing.T) {
	birth := d(2010, time.June, 15)
	utcPIPL := subject.PIPLAges()
	utcPIPL.Location = time.UTC
	cstGDPR := subject.GDPRAges()
	cstGDPR.Location = cst
	nilLoc := subject.PIPLAges()
	nilLoc.Location = nil
	// 2024-06-15 20:00 UTC is 2024-06-16 04:00 in China.
	evening := time.Date(2024, time.June, 15, 20, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		policy subject.AgePolicy
		at     time.Time
		want   int
	}{
		{"age_14_reached_in_China_while_UTC_is_still_on_the_birthday_PIPL_SPC2006_art2_LAW_5_1", subject.PIPLAges(), evening, 14},
		{"age_14_not_reached_on_the_birthday_in_UTC_PIPL_rule", utcPIPL, evening, 13},
		{"nil_location_reads_UTC", nilLoc, evening, 13},
		{"age_14_not_reached_at_23h59_on_the_birthday_in_China_PIPL_SPC2006_art2", subject.PIPLAges(), time.Date(2024, time.June, 15, 15, 59, 59, 999999999, time.UTC), 13},
		{"age_14_reached_at_00h00_the_day_after_in_China_PIPL_SPC2006_art2", subject.PIPLAges(), time.Date(2024, time.June, 15, 16, 0, 0, 0, time.UTC), 14},
		{"the_instant_zone_does_not_matter_only_the_policy_zone", subject.PIPLAges(), evening.In(time.FixedZone("PDT", -7*3600)), 14},
		{"age_14_reached_on_the_birthday_in_UTC_GDPR_library_rule", subject.GDPRAges(), evening, 14},
		{"age_14_not_reached_the_evening_before_in_UTC_GDPR", subject.GDPRAges(), evening.Add(-24 * time.Hour), 13},
		{"age_14_reached_the_evening_before_UTC_when_read_in_China_GDPR_rule", cstGDPR, evening.Add(-24 * time.Hour), 14},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			age, known := tt.policy.AgeAt(birth, tt.at)
			assert.True(t, known)
			assert.Equal(t, tt.want, age)
		})
	}
	t.Run("unknown_birth_is_not_known_LAW_5_1", func(t *testing.T) {
		age, known := subject.PIPLAges().AgeAt(subject.Date{}, evening)
		assert.False(t, known)
		assert.Equal(t, -1, age)
	})
	t.Run("birth_after_the_instant_is_not_known", func(t *testing.T) {
		age, known := subject.PIPLAges().AgeAt(d(2024, time.June, 17), evening)
		assert.False(t, known)
		assert.Equal(t, -1, age)
	})
}

func TestReaches(t *testing.T) {
	birth := d(2010, time.June, 15)
	leap := d(2008, time.February, 29)
	tests := []struct {
		name   string
		policy subject.AgePolicy
		birth  subject.Date
		age    int
		want   time.Time
	}{
		{"age_14_from_00h00_China_the_day_after_the_birthday_PIPL_SPC2006_art2", subject.PIPLAges(), birth, 14, time.Date(2024, time.June, 15, 16, 0, 0, 0, time.UTC)},
		{"age_14_from_00h00_UTC_on_the_birthday_GDPR_library_rule", subject.GDPRAges(), birth, 14, time.Date(2024, time.June, 15, 0, 0, 0, 0, time.UTC)},
		{"age_18_from_the_day_after_the_birthday_PIPL", subject.PIPLAges(), birth, 18, time.Date(2028, time.June, 15, 16, 0, 0, 0, time.UTC)},
		{"age_0_from_the_start_of_the_birth_date_PIPL", subject.PIPLAges(), birth, 0, time.Date(2010, time.June, 14, 16, 0, 0, 0, time.UTC)},
		{"age_0_from_the_start_of_the_birth_date_GDPR", subject.GDPRAges(), birth, 0, time.Date(2010, time.June, 15, 0, 0, 0, 0, time.UTC)},
		{"leap_day_birth_age_14_from_1_March_in_a_common_year_PIPL_CC_art202", subject.PIPLAges(), leap, 14, time.Date(2022, time.February, 28, 16, 0, 0, 0, time.UTC)},
		{"leap_day_birth_age_14_from_28_February_in_a_common_year_GDPR_Reg1182_71_art3_2_c", subject.GDPRAges(), leap, 14, time.Date(2022, time.February, 28, 0, 0, 0, 0, time.UTC)},
		{"leap_day_birth_age_16_from_1_March_in_a_leap_year_PIPL", subject.PIPLAges(), leap, 16, time.Date(2024, time.February, 29, 16, 0, 0, 0, time.UTC)},
		{"leap_day_birth_age_16_from_29_February_in_a_leap_year_GDPR", subject.GDPRAges(), leap, 16, time.Date(2024, time.February, 29, 0, 0, 0, 0, time.UTC)},
		{"unknown_birth_reaches_nothing_LAW_5_1", subject.PIPLAges(), subject.Date{}, 14, time.Time{}},
		{"invalid_birth_reaches_nothing", subject.PIPLAges(), d(2010, time.June, 31), 14, time.Time{}},
		{"negative_age_is_never_reached", subject.PIPLAges(), birth, -1, time.Time{}},
		{"unknown_rule_reaches_nothing", subject.AgePolicy{}, birth, 14, time.Time{}},
		{"beyond_the_calendar_is_never_reached", subject.GDPRAges(), birth, 8000, time.Time{}},
		{"the_day_after_9999_12_31_is_beyond_the_calendar_PIPL", subject.PIPLAges(), d(9000, time.December, 31), 999, time.Time{}},
		{"absurd_age_is_never_reached", subject.PIPLAges(), birth, int(^uint(0) >> 1), time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.policy.Reaches(tt.birth, tt.age)
			assert.True(t, tt.want.Equal(got), "got %s, want %s", got.UTC(), tt.want.UTC())
			if got.IsZero() {
				return
			}
			age, _ := tt.policy.AgeAt(tt.birth, got)
			assert.Equal(t, tt.age, age, "the age at that instant")
			if tt.age > 0 {
				age, _ = tt.policy.AgeAt(tt.birth, got.Add(-time.Nanosecond))
				assert.Equal(t, tt.age-1, age, "the age a nanosecond earlier")
			}
		})
	}
}

func TestBandAt(t *testing.T) {
	birth := d(2006, time.August, 20)
	on := func(p subject.AgePolicy, y int, m time.Month, day int) time.Time {
		return noon(d(y, m, day), p.Location)
	}
	pipl, gdpr := subject.PIPLAges(), subject.GDPRAges()
	memberState13 := subject.GDPRAges() // e.g. a member state that set 13 under art. 8(1)
	memberState13.ChildAge, memberState13.GuardianAge = 13, 13
	presume := subject.PIPLAges()
	presume.PresumeAdult = true
	tests := []struct {
		name   string
		policy subject.AgePolicy
		birth  subject.Date
		at     time.Time
		want   subject.Band
	}{
		{"child_at_13_PIPL_art28", pipl, birth, on(pipl, 2019, time.August, 21), subject.Child},
		{"still_child_on_the_14th_birthday_PIPL_art28_SPC2006_art2", pipl, birth, on(pipl, 2020, time.August, 20), subject.Child},
		{"minor_the_day_after_the_14th_birthday_PIPL_art28_SPC2006_art2", pipl, birth, on(pipl, 2020, time.August, 21), subject.Minor},
		{"still_minor_on_the_18th_birthday_PIPL_SPC2006_art2", pipl, birth, on(pipl, 2024, time.August, 20), subject.Minor},
		{"adult_the_day_after_the_18th_birthday_PIPL_SPC2006_art2", pipl, birth, on(pipl, 2024, time.August, 21), subject.Adult},
		{"child_at_15_GDPR_art8_1", gdpr, birth, on(gdpr, 2022, time.August, 19), subject.Child},
		{"minor_on_the_16th_birthday_GDPR_art8_1", gdpr, birth, on(gdpr, 2022, time.August, 20), subject.Minor},
		{"adult_on_the_18th_birthday_GDPR_library_rule", gdpr, birth, on(gdpr, 2024, time.August, 20), subject.Adult},
		{"minor_at_13_where_a_member_state_set_13_GDPR_art8_1", memberState13, birth, on(memberState13, 2019, time.August, 20), subject.Minor},
		{"child_the_day_before_13_where_a_member_state_set_13_GDPR_art8_1", memberState13, birth, on(memberState13, 2019, time.August, 19), subject.Child},
		{"unknown_birth_is_a_child_fail_closed_LAW_5_1", pipl, subject.Date{}, t0, subject.Child},
		{"unknown_birth_is_an_adult_when_the_service_presumes_capacity", presume, subject.Date{}, t0, subject.Adult},
		{"invalid_birth_is_a_child_even_when_presuming_adults", presume, d(2006, time.February, 30), t0, subject.Child},
		{"birth_after_the_instant_is_a_child_fail_closed", presume, d(2030, time.January, 1), t0, subject.Child},
		{"zero_policy_fails_closed_to_child", subject.AgePolicy{}, d(1950, time.January, 1), t0, subject.Child},
		{"invalid_policy_fails_closed_to_child", subject.AgePolicy{Rule: subject.OnBirthday, ChildAge: 20, MinorAge: 18, GuardianAge: 14}, d(1950, time.January, 1), t0, subject.Child},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.policy.BandAt(tt.birth, tt.at))
		})
	}
}

func TestNeedsGuardian(t *testing.T) {
	birth := d(2006, time.August, 20)
	on := func(p subject.AgePolicy, y int, m time.Month, day int) time.Time {
		return noon(d(y, m, day), p.Location)
	}
	pipl := subject.PIPLAges()
	service18 := subject.PIPLAges() // seeds 000 §6, 001 §VII, 003 §七: guardian consent for all minors
	service18.GuardianAge = 18
	gdpr := subject.GDPRAges()
	memberState13 := subject.GDPRAges()
	memberState13.ChildAge, memberState13.GuardianAge = 13, 13
	presume := subject.PIPLAges()
	presume.PresumeAdult = true
	tests := []struct {
		name   string
		policy subject.AgePolicy
		birth  subject.Date
		at     time.Time
		want   bool
	}{
		{"guardian_needed_at_13_PIPL_art31", pipl, birth, on(pipl, 2020, time.January, 1), true},
		{"guardian_needed_on_the_14th_birthday_PIPL_art31_SPC2006_art2", pipl, birth, on(pipl, 2020, time.August, 20), true},
		{"no_guardian_the_day_after_the_14th_birthday_PIPL_art31_SPC2006_art2", pipl, birth, on(pipl, 2020, time.August, 21), false},
		{"no_guardian_at_17_PIPL_art31", pipl, birth, on(pipl, 2024, time.January, 1), false},
		{"guardian_needed_at_17_by_service_policy_seeds_000_001_003", service18, birth, on(service18, 2024, time.January, 1), true},
		{"guardian_needed_on_the_18th_birthday_by_service_policy_SPC2006_art2", service18, birth, on(service18, 2024, time.August, 20), true},
		{"no_guardian_at_18_by_service_policy_seeds_000_001_003", service18, birth, on(service18, 2024, time.August, 21), false},
		{"parental_consent_needed_at_15_GDPR_art8_1", gdpr, birth, on(gdpr, 2022, time.August, 19), true},
		{"no_parental_consent_on_the_16th_birthday_GDPR_art8_1", gdpr, birth, on(gdpr, 2022, time.August, 20), false},
		{"no_parental_consent_at_13_where_a_member_state_set_13_GDPR_art8_1", memberState13, birth, on(memberState13, 2019, time.August, 20), false},
		{"parental_consent_needed_at_12_where_a_member_state_set_13_GDPR_art8_1", memberState13, birth, on(memberState13, 2019, time.August, 19), true},
		{"unknown_birth_needs_a_guardian_fail_closed_LAW_5_1", pipl, subject.Date{}, t0, true},
		{"unknown_birth_needs_no_guardian_when_the_service_presumes_capacity", presume, subject.Date{}, t0, false},
		{"invalid_birth_needs_a_guardian_even_when_presuming_adults", presume, d(2006, time.February, 30), t0, true},
		{"birth_after_the_instant_needs_a_guardian_fail_closed", presume, d(2030, time.January, 1), t0, true},
		{"zero_policy_fails_closed", subject.AgePolicy{}, d(1950, time.January, 1), t0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.policy.NeedsGuardian(tt.birth, tt.at))
		})
	}
}

func TestOnBirthdayMarchFirst(t *testing.T) {
	leap := date(t, 2012, time.February, 29)
	tests := []struct {
		name string
		on   subject.Date
		want int
	}{
		{"common_year_28_February_still_13", date(t, 2026, time.February, 28), 13},
		{"common_year_1_March_is_14", date(t, 2026, time.March, 1), 14},
		{"leap_year_29_February_is_the_birthday", date(t, 2028, time.February, 29), 16},
		{"leap_year_28_February_still_15", date(t, 2028, time.February, 28), 15},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := subject.Age(leap, tt.on, subject.OnBirthdayMarchFirst); got != tt.want {
				t.Fatalf("Age = %d, want %d", got, tt.want)
			}
		})
	}
	p := subject.AgePolicy{Rule: subject.OnBirthdayMarchFirst, ChildAge: 14, MinorAge: 18, GuardianAge: 14}
	if got, want := p.Reaches(leap, 14), time.Date(2026, time.March, 1, 0, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Fatalf("Reaches = %v, want %v", got, want)
	}
	normal := date(t, 2012, time.June, 1)
	if subject.Age(normal, date(t, 2026, time.June, 1), subject.OnBirthdayMarchFirst) != 14 {
		t.Fatal("other births reach the age on the birthday")
	}
}

func TestAssessAgreesWithBandAtAndNeedsGuardian(t *testing.T) {
	p18 := subject.PIPLAges()
	p18.GuardianAge = 18
	at := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	for _, p := range []subject.AgePolicy{subject.PIPLAges(), subject.GDPRAges(), p18, {}} {
		for _, birth := range []subject.Date{{}, date(t, 2012, time.March, 1), date(t, 2012, time.February, 29), date(t, 2009, time.June, 1), date(t, 1990, time.January, 1), {Year: 2012, Month: 13, Day: 1}} {
			band, needs := p.Assess(birth, at)
			if band != p.BandAt(birth, at) || needs != p.NeedsGuardian(birth, at) {
				t.Fatalf("Assess(%v) = %v, %v; BandAt %v, NeedsGuardian %v", birth, band, needs, p.BandAt(birth, at), p.NeedsGuardian(birth, at))
			}
		}
	}
}
