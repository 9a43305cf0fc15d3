package rights

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/lawfulgo/lawful/internal/enum"

	"github.com/lawfulgo/lawful/subject"
)

// Unit is what a Term counts.
type Unit uint8

const (
	// UnitUnknown is the zero Unit; never valid.
	UnitUnknown Unit = iota
	// CalendarDays counts every day. A last day that is not a working day
	// moves to the next working day (Civil Code art. 203).
	CalendarDays
	// WorkingDays counts only the Calendar's working days.
	WorkingDays
	// Months ends on the corresponding date of the month, or on the
	// month's last day when it has none (Civil Code art. 202; Reg.
	// 1182/71 art. 3(2)(c)): 31 January plus one month is 28 or 29
	// February. A last day that is not a working day moves to the next
	// working day (Reg. 1182/71 art. 3(4)).
	Months
)

var unitEnum = enum.Names{Pkg: "rights", Type: "Unit", Kind: "unit", Err: ErrInvalidValue, Names: []string{"", "calendar_days", "working_days", "months"}}

// String returns the stable name of u ("calendar_days", "working_days",
// "months"), or "Unit(n)".
func (u Unit) String() string { return unitEnum.String(uint8(u)) }

// Valid reports whether u is a known, non-zero Unit.
func (u Unit) Valid() bool { return unitEnum.Valid(uint8(u)) }

// MarshalText encodes u as its String; an invalid Unit is an error
// wrapping ErrInvalidValue.
func (u Unit) MarshalText() ([]byte, error) { return unitEnum.Marshal(uint8(u)) }

// UnmarshalText parses a unit name; an unknown name is an error wrapping
// ErrInvalidValue and leaves *u unchanged.
func (u *Unit) UnmarshalText(text []byte) error {
	v, err := unitEnum.Parse(text)
	if err == nil {
		*u = Unit(v)
	}
	return err
}

// From is the event a Term's clock starts at.
type From uint8

const (
	// FromUnknown is the zero From; never valid.
	FromUnknown From = iota
	// FromReceipt starts the clock when the request is received (seed 000
	// §5.1; GDPR art. 12(3)).
	FromReceipt
	// FromVerification starts the clock when the requester's identity is
	// verified, or at receipt if that is later (seed 000 §10, 001 §5(5),
	// 004 §九(二)). Until then the request has no deadline.
	FromVerification
)

var fromEnum = enum.Names{Pkg: "rights", Type: "From", Kind: "clock start", Err: ErrInvalidValue, Names: []string{"", "receipt", "verification"}}

// String returns the stable name of f ("receipt", "verification"), or
// "From(n)".
func (f From) String() string { return fromEnum.String(uint8(f)) }

// Valid reports whether f is a known, non-zero From.
func (f From) Valid() bool { return fromEnum.Valid(uint8(f)) }

// MarshalText encodes f as its String; an invalid From is an error
// wrapping ErrInvalidValue.
func (f From) MarshalText() ([]byte, error) { return fromEnum.Marshal(uint8(f)) }

// UnmarshalText parses a clock-start name; an unknown name is an error
// wrapping ErrInvalidValue and leaves *f unchanged.
func (f *From) UnmarshalText(text []byte) error {
	v, err := fromEnum.Parse(text)
	if err == nil {
		*f = From(v)
	}
	return err
}

// Bounds on a Term's length.
const (
	MaxTermDays   = 3660 // calendar or working days
	MaxTermMonths = 120
)

// Term is how long a processor has to answer: N units from receipt or
// from verification. The start day is not counted (Civil Code art. 201),
// and the deadline is 24:00 local time of the last day (art. 203), i.e.
// the first instant of the next day. The zero Term is invalid.
type Term struct {
	N     int
	Unit  Unit
	From  From
	Cites string // where the term comes from, e.g. "GDPR art. 12(3)"
}

// IsZero reports whether t is the zero Term.
func (t Term) IsZero() bool { return t == Term{} }

// String describes t, e.g. "15 working_days from verification".
func (t Term) String() string {
	return fmt.Sprintf("%d %v from %v", t.N, t.Unit, t.From)
}

// Validate reports every problem with t, each matching ErrInvalidPolicy:
// the unit and the clock start must be valid, N at least 1 and at most
// MaxTermDays days or MaxTermMonths months.
func (t Term) Validate() error {
	var errs []error
	if !t.Unit.Valid() {
		errs = append(errs, failf(ErrInvalidPolicy, "rights: term %v: unit %v is not calendar_days, working_days or months", t, t.Unit))
	}
	if !t.From.Valid() {
		errs = append(errs, failf(ErrInvalidPolicy, "rights: term %v: the clock must start from receipt or verification", t))
	}
	limit := MaxTermDays
	if t.Unit == Months {
		limit = MaxTermMonths
	}
	if t.N < 1 || t.N > limit {
		errs = append(errs, failf(ErrInvalidPolicy, "rights: term %v: N must be 1 to %d", t, limit))
	}
	if len(errs) > 0 {
		return joinProblems(ErrInvalidPolicy, errs)
	}
	return nil
}

// LastDay returns the last day of a term that starts on the civil date
// start, under cal (nil means Weekdays): the start day is not counted
// (Civil Code art. 201); calendar days and months end N days or N months
// later (a month with no corresponding day ends on its last day, art.
// 202) and move to the next working day if that is not one (art. 203;
// Civil Code art. 203: deadlines to act move; retention periods never do, PIPL art. 19); working
// days end on the N-th working day after start.
//
// It fails with ErrInvalidPolicy for an invalid term, ErrOutOfRange for an
// invalid start or a last day after 9999-12-31, and ErrInvalidCalendar for
// a calendar with no working day in 366 consecutive days. It never
// panics.
func LastDay(start subject.Date, t Term, cal Calendar) (subject.Date, error) {
	if err := t.Validate(); err != nil {
		return subject.Date{}, err
	}
	if !start.Valid() {
		return subject.Date{}, failf(ErrOutOfRange, "rights: start date %v is not a valid date in years 1-9999", start)
	}
	if cal == nil {
		cal = Weekdays{}
	}
	s := dayOf(start)
	var last day
	switch t.Unit {
	case WorkingDays:
		d, err := nextWorkingDays(cal, s, t.N)
		if err != nil {
			return subject.Date{}, err
		}
		return d.date(), nil
	case CalendarDays:
		last = s + day(t.N)
	case Months:
		y, m := start.Year, int(start.Month)-1+t.N
		y, m = y+m/12, m%12+1
		if y > 9999 {
			return subject.Date{}, failf(ErrOutOfRange, "rights: %v after %v passes the year 9999", t, start)
		}
		last = dayOf(subject.Date{Year: y, Month: time.Month(m), Day: min(start.Day, daysIn(y, time.Month(m)))})
	}
	if last > maxDay {
		return subject.Date{}, failf(ErrOutOfRange, "rights: %v after %v passes the year 9999", t, start)
	}
	if !cal.WorkingDay(last.date()) {
		d, err := nextWorkingDays(cal, last, 1)
		if err != nil {
			return subject.Date{}, err
		}
		last = d
	}
	return last.date(), nil
}

// Deadline returns the instant a term that starts at start runs out:
// 24:00 in loc (nil means UTC) of its LastDay, counted from start's civil
// date in loc. Errors are LastDay's.
func Deadline(start time.Time, t Term, loc *time.Location, cal Calendar) (time.Time, error) {
	if start.IsZero() {
		return time.Time{}, fail(ErrOutOfRange, "rights: a deadline needs the instant its clock starts")
	}
	last, err := LastDay(subject.DateOf(start, loc), t, cal)
	if err != nil {
		return time.Time{}, err
	}
	if dayOf(last) == maxDay {
		return time.Time{}, failf(ErrOutOfRange, "rights: %v after %v ends on the last day of 9999", t, start)
	}
	return (dayOf(last) + 1).date().Start(loc), nil
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// Repeat is how many requests of one kind a subject may make in a window
// before further ones count as repeated: they may then carry a cost fee or
// be refused as Repetitive (seeds 000 §5.6, 001 §5(6); NDSMR art. 25 for
// portability; GDPR art. 12(5)). The zero Repeat sets no limit: every
// request is free and none is Repetitive.
type Repeat struct {
	// Max is how many requests of a kind are reasonable in Window; the
	// (Max+1)-th and later are Repeated. Zero means no limit.
	Max int
	// Window is how far back requests are counted, e.g. 30 days.
	Window time.Duration
}

// Policy is a regime's, or a service's, rules for answering requests:
// the deadline terms, the extension, the zone of civil dates, the ages
// that make a subject a minor, whether relatives of the deceased may ask,
// and the repeat limit. PIPL and GDPR return starting points; services
// copy one and adjust it to what their privacy policy promises:
//
//	p := rights.PIPL()
//	p.Kinds = map[rights.Kind]rights.Term{ // seed 000 §5.1
//		rights.Access: {N: 15, Unit: rights.CalendarDays, From: rights.FromReceipt, Cites: "000 §5.1"},
//	}
//
// A Policy is a value; its Kinds map is shared by copies. The zero Policy
// is invalid: NewDesk refuses it.
type Policy struct {
	// Name is shown in errors and exports ("PIPL").
	Name string
	// Term is the deadline of every kind not in Kinds.
	Term Term
	// Kinds overrides Term for some kinds.
	Kinds map[Kind]Term
	// Extended is the whole term when extended, counted from its own clock
	// start: GDPR art. 12(3) allows two further months, so three months
	// from receipt. The zero Term allows no extension (PIPL).
	Extended Term
	// Location is where civil dates are read and deadlines end at 24:00;
	// nil means UTC.
	Location *time.Location
	// Ages decides who is a minor at receipt: a guardian may ask only for
	// a minor, and a refusal for a minor must be written (MOR art. 34).
	Ages subject.AgePolicy
	// DeceasedRelatives lets close relatives exercise a deceased
	// subject's rights (PIPL art. 49). GDPR does not cover the deceased
	// (recital 27).
	DeceasedRelatives bool
	// AcceptDeclaredLinks accepts guardian and relative links verified
	// only by declaration (subject.Declared). false, the default, requires
	// a checked link: a declaration alone lets anyone read a child's data.
	AcceptDeclaredLinks bool
	// Repeat is the repeat limit; the zero Repeat sets none.
	Repeat Repeat
}

// TermFor returns the term for kind k: Kinds[k] if set, else Term.
func (p Policy) TermFor(k Kind) Term {
	if t, ok := p.Kinds[k]; ok {
		return t
	}
	return p.Term
}

// Validate reports every problem with p, joined, each matching
// ErrInvalidPolicy: a name, a valid Term, valid overrides for valid kinds,
// a valid or zero Extended, valid Ages, and a Repeat with a positive
// Window when Max is set.
func (p Policy) Validate() error {
	var errs []error
	if strings.TrimSpace(p.Name) == "" {
		errs = append(errs, fail(ErrInvalidPolicy, "rights: policy needs a Name, e.g. \"PIPL\""))
	}
	if err := p.Term.Validate(); err != nil {
		errs = append(errs, fmt.Errorf("rights: policy %s: Term: %w", enum.Quote(p.Name), err))
	}
	for k, t := range p.Kinds {
		if !k.Valid() {
			errs = append(errs, failf(ErrInvalidPolicy, "rights: policy %s: Kinds has invalid key %v", enum.Quote(p.Name), k))
			continue
		}
		if err := t.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("rights: policy %s: Kinds[%v]: %w", enum.Quote(p.Name), k, err))
		}
	}
	if !p.Extended.IsZero() {
		if err := p.Extended.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("rights: policy %s: Extended: %w", enum.Quote(p.Name), err))
		}
	}
	if err := p.Ages.Validate(); err != nil {
		errs = append(errs, wrapf(ErrInvalidPolicy, err, "rights: policy %s: Ages", enum.Quote(p.Name)))
	}
	if p.Repeat.Max < 0 || (p.Repeat.Max > 0 && p.Repeat.Window <= 0) {
		errs = append(errs, failf(ErrInvalidPolicy, "rights: policy %s: Repeat needs Max >= 0 and, with a Max, a positive Window (e.g. 30 days)", enum.Quote(p.Name)))
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	return nil
}

// PIPL returns the library's PIPL policy. PIPL arts. 45-50 and NDSMR art.
// 23 say only "timely"; the default term is the seeds' 15 working days
// after identity verification (seed 000 §10, 004 §九(二); GB/T 35273-2020 §8.5
// [L]), in China Standard Time, with no extension. Minors are under 18
// (PIPLAges), and close relatives may act for the deceased (art. 49).
// Declared links are refused; there is no repeat limit.
func PIPL() Policy {
	ages := subject.PIPLAges()
	return Policy{
		Name:              "PIPL",
		Term:              Term{N: 15, Unit: WorkingDays, From: FromVerification, Cites: "000 §10; 004 §九(二) [L]"},
		Location:          ages.Location,
		Ages:              ages,
		DeceasedRelatives: true,
	}
}

// GDPR returns the library's GDPR policy: one month from receipt,
// extendable to three months in all with notice within the first month
// (art. 12(3)); civil dates in UTC (set Location to the controller's
// zone); minors under 18 (GDPRAges); no rights for relatives of the
// deceased (recital 27); no repeat limit.
func GDPR() Policy {
	return Policy{
		Name:     "GDPR",
		Term:     Term{N: 1, Unit: Months, From: FromReceipt, Cites: "GDPR art. 12(3)"},
		Extended: Term{N: 3, Unit: Months, From: FromReceipt, Cites: "GDPR art. 12(3): extended by two further months"},
		Ages:     subject.GDPRAges(),
	}
}
