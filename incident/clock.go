package incident

import (
	"fmt"
	"time"

	"github.com/lawfulgo/lawful/internal/enum"
	"github.com/lawfulgo/lawful/purpose"
)

// Duty is a notification duty an incident can give rise to.
type Duty uint8

const (
	// DutyUnknown is the zero Duty; never valid.
	DutyUnknown Duty = iota
	// ReportIncident: report an incident of grade Rules.ReportFrom or
	// above within the operator's hours (National Cybersecurity Incident
	// Reporting Measures art. 4).
	ReportIncident
	// NotifyAuthority: notify the department performing PI protection
	// duties, with no fixed deadline (PIPL art. 57 para 1).
	NotifyAuthority
	// ReportVulnerability: report a vulnerability or risk endangering
	// national security or the public interest within 24 hours (Network
	// Data Security Management Regulations art. 10).
	ReportVulnerability
	// NotifySupervisor: notify the GDPR supervisory authority within 72
	// hours of awareness unless the breach is unlikely to result in a risk
	// (GDPR art. 33(1)).
	NotifySupervisor
	// NotifyIndividuals: tell the people affected (PIPL art. 57; under the
	// GDPR when the risk is high, art. 34(1)).
	NotifyIndividuals
	// NotifyGuardians: tell the guardians of the minors affected (MOR art.
	// 35).
	NotifyGuardians
)

var dutyEnum = enum.Names{Pkg: "incident", Type: "Duty", Kind: "duty", Err: ErrInvalidEvent,
	Names: []string{"", "report_incident", "notify_authority", "report_vulnerability", "notify_supervisor", "notify_individuals", "notify_guardians"}}

// String returns the duty's stable name, e.g. "report_incident".
func (d Duty) String() string { return dutyEnum.String(uint8(d)) }

// Valid reports whether d is a known duty.
func (d Duty) Valid() bool { return dutyEnum.Valid(uint8(d)) }

// Rules are the legal facts the clocks are computed from. Some come from
// texts this library's authors read only in secondary sources; each is a
// field so that a service can follow its counsel. DefaultRules documents
// every default and its source. Rules are plain values, safe to copy.
type Rules struct {
	// ReportFrom is the lowest grade the Reporting Measures' hour clocks
	// apply to: RelativelyMajor ("较大以上", art. 4).
	ReportFrom Grade
	// AssumeReportable makes an ungraded incident run the hour clocks,
	// marked Provisional, until it is graded below ReportFrom: fail closed
	// (default true).
	AssumeReportable bool
	// Ordinary, CII and StateOrgan are how soon each kind of Operator
	// reports after discovery (art. 4: 4 h, 1 h, 2 h).
	Ordinary, CII, StateOrgan time.Duration
	// Vulnerability is how soon a vulnerability endangering national
	// security or the public interest is reported (NDSMR art. 10: 24 h).
	Vulnerability time.Duration
	// Supervisor is how soon the GDPR supervisory authority is notified
	// after awareness (art. 33(1): 72 h). Hours are elapsed time: a
	// deadline never moves for a weekend, a holiday or a clock change
	// (Regulation 1182/71 art. 3(4) moves only periods of days or more).
	Supervisor time.Duration
	// Authority is the deadline to notify the PI protection department of
	// an incident below ReportFrom; 0 (default) means none fixed: PIPL
	// art. 57 says "immediately" (立即) without hours.
	Authority time.Duration
	// Individuals is the deadline to tell people; 0 (default) means none
	// fixed: PIPL art. 57 gives none and GDPR art. 34(1) says "without
	// undue delay". An authority's order may set one (Ordered.Due).
	Individuals time.Duration
	// AwareOnConfirm starts the GDPR clock of a possible incident at its
	// confirmation, when the controller has a reasonable degree of
	// certainty that a breach occurred (EDPB Guidelines 9/2022); false
	// starts it at discovery (default true).
	AwareOnConfirm bool
	// Thresholds are the people affected from which SuggestGrade suggests
	// RelativelyMajor, Major and ParticularlyMajor.
	Thresholds [3]int64
}

// DefaultRules returns the defaults, with their sources:
//
//	ReportFrom        RelativelyMajor  Reporting Measures art. 4 [read in a reprint of the CAC text]
//	AssumeReportable  true             library decision: fail closed
//	Ordinary          4 h              Reporting Measures art. 4
//	CII               1 h              Reporting Measures art. 4
//	StateOrgan        2 h              Reporting Measures art. 4
//	Vulnerability     24 h             NDSMR art. 10 [official text]
//	Supervisor        72 h             GDPR art. 33(1)
//	Authority         none fixed       PIPL art. 57 [official text]
//	Individuals       none fixed       PIPL art. 57; GDPR art. 34(1)
//	AwareOnConfirm    true             GDPR art. 33(1) as the EDPB reads it
//	Thresholds        1e6, 1e7, 1e8    the Measures' grading guide: 100 million
//	                                   people's PI leaked is particularly major
//	                                   [reprint]; 10 and 1 million for major and
//	                                   relatively major [unconfirmed]
func DefaultRules() Rules {
	return Rules{
		ReportFrom: RelativelyMajor, AssumeReportable: true,
		Ordinary: 4 * time.Hour, CII: time.Hour, StateOrgan: 2 * time.Hour,
		Vulnerability: 24 * time.Hour, Supervisor: 72 * time.Hour,
		AwareOnConfirm: true,
		Thresholds:     [3]int64{1_000_000, 10_000_000, 100_000_000},
	}
}

// maxDeadline bounds every duration of Rules.
const maxDeadline = 366 * 24 * time.Hour

// Validate reports rules out of range: a grade that is not one, a
// required duration that is not positive, any above a year, or thresholds
// not increasing.
func (r *Rules) Validate() error {
	bad := func(format string, args ...any) error {
		return fault(ErrNotConfigured, "incident: rules: "+fmt.Sprintf(format, args...))
	}
	if !r.ReportFrom.Valid() {
		return bad("ReportFrom %v is not a grade; use RelativelyMajor", r.ReportFrom)
	}
	for _, d := range []struct {
		name     string
		v        time.Duration
		required bool
	}{{"Ordinary", r.Ordinary, true}, {"CII", r.CII, true}, {"StateOrgan", r.StateOrgan, true},
		{"Vulnerability", r.Vulnerability, true}, {"Supervisor", r.Supervisor, true},
		{"Authority", r.Authority, false}, {"Individuals", r.Individuals, false}} {
		if d.v < 0 || d.v > maxDeadline || d.required && d.v == 0 {
			return bad("%s is %v; want more than 0 and at most a year (start from DefaultRules)", d.name, d.v)
		}
	}
	t := r.Thresholds
	if t[0] <= 0 || t[1] <= t[0] || t[2] <= t[1] {
		return bad("thresholds %v must be positive and increasing", t)
	}
	return nil
}

// SuggestGrade suggests a grade from the number of people whose PI leaked,
// by r.Thresholds. It is a suggestion: grading weighs more than a count
// (systems down, losses, data of national importance), and the operator
// records the grade it decides on in a Classified event.
func (r *Rules) SuggestGrade(people int64) Grade {
	switch {
	case people >= r.Thresholds[2]:
		return ParticularlyMajor
	case people >= r.Thresholds[1]:
		return Major
	case people >= r.Thresholds[0]:
		return RelativelyMajor
	}
	return General
}

// Profile describes the operator for the clocks and the rendered notices.
// Its zero value is not usable: Operator is required.
type Profile struct {
	// Operator picks the reporting hours and audiences (Reporting
	// Measures art. 4).
	Operator Operator
	// Name is the processor's name as notices print it.
	Name purpose.Text
	// Contact is the default contact of notices: the PI protection officer
	// or data protection officer (PIPL art. 57 para 1(3); GDPR art.
	// 33(3)(b)).
	Contact string
	// Zone is the zone rendered notices print times in; nil means China
	// Standard Time (UTC+8, no daylight saving).
	Zone *time.Location
}

var chinaTime = time.FixedZone("CST", 8*3600)

func (p *Profile) zone() *time.Location {
	if p.Zone == nil {
		return chinaTime
	}
	return p.Zone
}

// State is where a clock stands at an instant.
type State uint8

const (
	// Pending: not yet met, not (or never) overdue.
	Pending State = iota + 1
	// Overdue: not met and past its deadline.
	Overdue
	// Partial: an authority has an initial report; the complete one is
	// still owed (GDPR art. 33(4)).
	Partial
	// Met: met by its deadline, or met where none is fixed.
	Met
	// MetLate: met after its deadline.
	MetLate
	// Exempt: individual notice was exempted (PIPL art. 57 para 2; GDPR
	// art. 34(3)).
	Exempt
)

var stateNames = []string{"", "pending", "overdue", "partial", "met", "met_late", "exempt"}

// String returns the state's stable name, e.g. "overdue".
func (s State) String() string {
	if s >= Pending && s <= Exempt {
		return stateNames[s]
	}
	return fmt.Sprintf("State(%d)", uint8(s))
}

// Clock is one notification duty with its deadline and how it was met.
type Clock struct {
	Duty     Duty
	Audience Audience
	Law      Laws   // the regime imposing it
	Cite     string // the provision, e.g. "National Cybersecurity Incident Reporting Measures art. 4"
	Start    time.Time
	// Due is the deadline, inclusive; zero when the law fixes none
	// ("immediately", "without undue delay"), in which case the clock is
	// never Overdue but stays open until met.
	Due time.Time
	// Provisional marks an hour clock that runs because the incident is
	// not yet graded (Rules.AssumeReportable), or a GDPR clock running
	// because the risk is not yet assessed.
	Provisional bool
	// Met is the first notice to the audience; zero if none.
	Met time.Time
	// Complete is false while only a partial report was made.
	Complete bool
	// Exempted marks individual notice exempted by a recorded decision.
	Exempted bool
}

// State returns where c stands at at: a deadline is met by a notice at or
// before Due, and overdue only after it.
func (c Clock) State(at time.Time) State {
	switch {
	case c.Exempted:
		return Exempt
	case c.Met.IsZero() && !c.Due.IsZero() && at.After(c.Due):
		return Overdue
	case c.Met.IsZero():
		return Pending
	case !c.Complete:
		return Partial
	case !c.Due.IsZero() && c.Met.After(c.Due):
		return MetLate
	}
	return Met
}

// Open reports whether c still asks for something at at: Pending,
// Overdue or Partial.
func (c Clock) Open(at time.Time) bool {
	s := c.State(at)
	return s == Pending || s == Overdue || s == Partial
}
