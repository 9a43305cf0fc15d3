package subject

import (
	"errors"
	"fmt"
	"time"
)

// maxAge bounds the ages an AgePolicy may name.
const maxAge = 150

// chinaZone is China Standard Time, UTC+8 all year: China has observed no
// daylight saving time since 1991, so a fixed zone gives the same civil
// dates as Asia/Shanghai for every date after that without depending on
// tzdata.
var chinaZone = time.FixedZone("CST", 8*60*60)

// AgePolicy says how a regime or a service reads ages: how years are
// counted, in which zone civil dates are read, and the age thresholds that
// matter. PIPLAges and GDPRAges are starting points to copy and adjust:
//
//	p := subject.PIPLAges()
//	p.GuardianAge = 18 // the service's own policy: guardian consent for all minors
//
// The zero AgePolicy is invalid, and an invalid policy fails closed:
// BandAt says Child and NeedsGuardian says true for everyone. Check a
// policy once with Validate when you build it.
type AgePolicy struct {
	// Rule is how completed years are counted (PIPL: DayAfterBirthday;
	// GDPR: OnBirthday).
	Rule CountingRule
	// Location is where civil dates are read; nil means UTC. Ages change
	// at midnight here, not at midnight where the server runs.
	Location *time.Location
	// ChildAge: under this age a subject is a Child (PIPL arts. 28, 31: 14;
	// GDPR art. 8(1): 16, or 13-16 as a member state sets).
	ChildAge int
	// MinorAge: under this age a subject is a Minor (18).
	MinorAge int
	// GuardianAge: under this age a guardian's consent is required (PIPL
	// art. 31: 14; 18 where a service's policy says so: seeds 000 §6,
	// 001 §VII, 003 §七; GDPR art. 8(1): 16 or the member state's age).
	GuardianAge int
	// PresumeAdult decides for an unknown (zero) birth date. false, the
	// default, treats the subject as a Child who needs a guardian: fail
	// closed. true presumes an adult, for services whose
	// policy presumes capacity. An invalid, non-zero birth date always
	// fails closed.
	PresumeAdult bool
}

// PIPLAges returns the ages of PIPL: the day-after-the-birthday rule
// (SPC-2006 art. 2; Civil Code arts. 201-202), civil dates in China
// Standard Time (a fixed UTC+8 zone named "CST"; China has had no daylight
// saving time since 1991, and a fixed zone needs no tzdata), children under
// 14 (art. 28), minors under 18, and guardian consent under 14 (art. 31).
func PIPLAges() AgePolicy {
	return AgePolicy{
		Rule:        DayAfterBirthday,
		Location:    chinaZone,
		ChildAge:    14,
		MinorAge:    18,
		GuardianAge: 14,
	}
}

// GDPRAges returns the ages of GDPR art. 8(1) without a member-state
// derogation: the on-the-birthday rule (a library decision), civil dates in
// UTC, children under 16, minors under 18, and the consent of the holder
// of parental responsibility under 16. A member state may lower the age to
// as little as 13; set ChildAge and GuardianAge together, and Location to
// the member state's zone if the day boundary matters.
func GDPRAges() AgePolicy {
	return AgePolicy{
		Rule:        OnBirthday,
		Location:    time.UTC,
		ChildAge:    16,
		MinorAge:    18,
		GuardianAge: 16,
	}
}

// Validate reports every problem with p, joined with errors.Join, each
// wrapping ErrInvalidAgePolicy: Rule must be valid, 0 < ChildAge <=
// MinorAge <= 150 and 0 < GuardianAge <= MinorAge. A nil Location is valid
// (UTC).
func (p AgePolicy) Validate() error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fail(ErrInvalidAgePolicy, "subject: age policy: "+fmt.Sprintf(format, args...)))
	}
	if !p.Rule.Valid() {
		bad("counting rule %s is not day_after_birthday or on_birthday", p.Rule)
	}
	if p.ChildAge <= 0 {
		bad("child age %d is not positive", p.ChildAge)
	}
	if p.ChildAge > p.MinorAge {
		bad("child age %d is above minor age %d", p.ChildAge, p.MinorAge)
	}
	if p.MinorAge > maxAge {
		bad("minor age %d is above %d", p.MinorAge, maxAge)
	}
	if p.GuardianAge <= 0 {
		bad("guardian age %d is not positive", p.GuardianAge)
	}
	if p.GuardianAge > p.MinorAge {
		bad("guardian age %d is above minor age %d", p.GuardianAge, p.MinorAge)
	}
	return errors.Join(errs...)
}

// sane is Validate without the errors, cheap enough for every call.
func (p AgePolicy) sane() bool {
	return p.Rule.Valid() && 0 < p.ChildAge && p.ChildAge <= p.MinorAge && p.MinorAge <= maxAge &&
		0 < p.GuardianAge && p.GuardianAge <= p.MinorAge
}

// Age returns the completed years of a person born on birth, on the civil
// date on, under rule. Everyone is 0 from the day of birth. Under
// DayAfterBirthday the N-th birthday itself still counts as N-1; under
// OnBirthday it counts as N. A 29 February birth's birthday in a common
// year is 28 February (Civil Code art. 202), so DayAfterBirthday reaches
// the age on 1 March and OnBirthday on 28 February.
//
// Age returns -1 if birth is zero or invalid, on is invalid, birth is after
// on, or rule is not valid.
func Age(birth, on Date, rule CountingRule) int {
	if !rule.Valid() || !birth.Valid() || !on.Valid() || on.Before(birth) {
		return -1
	}
	years := on.Year - birth.Year
	if years == 0 {
		return 0
	}
	anniversary := birth.AddYears(years) // this year's birthday, 28 Feb for 29 Feb in a common year
	switch rule {
	case DayAfterBirthday:
		if !on.After(anniversary) {
			years--
		}
	case OnBirthday:
		if on.Before(anniversary) {
			years--
		}
	case OnBirthdayMarchFirst:
		if on.Before(marchFirstAnniversary(birth, anniversary)) {
			years--
		}
	}
	return years
}

// AgeAt returns the age of a person born on birth at the instant at: the
// civil date of at in p.Location, counted under p.Rule (see Age). known is
// false, and age -1, when the age cannot be computed: birth is zero
// (unknown) or invalid, at falls before birth, or p.Rule is not valid.
func (p AgePolicy) AgeAt(birth Date, at time.Time) (age int, known bool) {
	age = Age(birth, DateOf(at, p.Location), p.Rule)
	return age, age >= 0
}

// Reaches returns the instant from which a person born on birth is age
// years old under p: the start of that civil day in p.Location (see
// Date.Start). Under DayAfterBirthday that is the day after the age-th
// birthday, under OnBirthday the birthday itself; age 0 is reached at the
// start of the birth date. It returns the zero time.Time when that cannot
// be computed: birth zero (unknown) or invalid, age negative, p.Rule not
// valid, or the day beyond the year 9999.
func (p AgePolicy) Reaches(birth Date, age int) time.Time {
	if age < 0 || age > 9999 || !p.Rule.Valid() || !birth.Valid() {
		return time.Time{}
	}
	day := birth.AddYears(age)
	if age > 0 && day.Valid() {
		switch p.Rule {
		case DayAfterBirthday:
			day = day.next()
		case OnBirthdayMarchFirst:
			day = marchFirstAnniversary(birth, day)
		}
	}
	return day.Start(p.Location)
}

// BandAt returns the age band of a person born on birth at the instant at:
// Child under p.ChildAge, Minor under p.MinorAge, Adult from then on.
//
// It fails closed: a zero (unknown) birth date is Child, or Adult if
// p.PresumeAdult; an invalid birth date, a birth after at, or an invalid
// policy is Child. It never allocates and never returns BandUnknown.
func (p AgePolicy) BandAt(birth Date, at time.Time) Band {
	band, _ := p.Assess(birth, at)
	return band
}

// NeedsGuardian reports whether a guardian's consent is required for a
// person born on birth at the instant at: age under p.GuardianAge. It fails
// closed like BandAt: an unknown birth date needs a guardian unless
// p.PresumeAdult; an invalid one, or an invalid policy, always does.
func (p AgePolicy) NeedsGuardian(birth Date, at time.Time) bool {
	_, needs := p.Assess(birth, at)
	return needs
}

// Assess returns BandAt and NeedsGuardian together, computing the age once:
// the form the Guard uses on every request. It never allocates.
func (p AgePolicy) Assess(birth Date, at time.Time) (band Band, needsGuardian bool) {
	if !p.sane() {
		return Child, true
	}
	age, known := p.AgeAt(birth, at)
	switch {
	case !known:
		if birth.IsZero() && p.PresumeAdult {
			return Adult, false
		}
		return Child, true
	case age < p.ChildAge:
		band = Child
	case age < p.MinorAge:
		band = Minor
	default:
		band = Adult
	}
	return band, age < p.GuardianAge
}

// marchFirstAnniversary moves the anniversary of a 29 February birth that
// fell on 28 February (a common year) to 1 March.
func marchFirstAnniversary(birth, anniversary Date) Date {
	if birth.Month == time.February && birth.Day == 29 && anniversary.Day == 28 {
		return anniversary.next()
	}
	return anniversary
}
