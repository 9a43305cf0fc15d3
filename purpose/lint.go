package purpose

import (
	"errors"
	"strconv"
	"strings"

	"github.com/lawfulgo/lawful/internal/enum"
	"github.com/lawfulgo/lawful/pii"
)

// Lint sentinels. Each Finding's Err wraps one of these, or a Compile
// sentinel for the problems Compile refuses a policy for.
var (
	// ErrLintFindings: a *LintError lists findings (see Findings.Err).
	ErrLintFindings = errors.New("purpose: lint findings")
	// ErrOpenEndedRetention: a retention statement gives neither a period
	// nor a way to determine it ("as long as necessary"; PIPL art. 19,
	// NDSMR art. 21(3)).
	ErrOpenEndedRetention = errors.New("purpose: open-ended retention")
	// ErrNoControllerContact: people are not told who the controller is or
	// how to reach it (PIPL art. 17(1)(1); GDPR art. 13(1)(a)).
	ErrNoControllerContact = errors.New("purpose: no controller contact")
	// ErrMechanismRegime: an overseas recipient's transfer mechanism is not
	// one the policy's regimes provide (PIPL art. 38; GDPR chapter V).
	ErrMechanismRegime = errors.New("purpose: transfer mechanism of another regime")
	// ErrNoOfficer: no personal-information protection officer where PIPL
	// art. 52 requires one.
	ErrNoOfficer = errors.New("purpose: no personal-information protection officer")
	// ErrNoChildrensRules: children's PI may be processed without dedicated
	// rules (PIPL art. 31 para 2; CPIP art. 8).
	ErrNoChildrensRules = errors.New("purpose: no rules for children's personal information")
	// ErrWeakCitation: a basis cites a law, but not as its ground needs:
	// no article, only a departmental rule, or another legal order's law.
	ErrWeakCitation = errors.New("purpose: weak citation")
)

// DefaultOfficerThreshold is the number of individuals whose PI a processor
// handles from which PIPL art. 52 requires a personal-information
// protection officer, as the CAC has set it for reporting officers: one
// million.
const DefaultOfficerThreshold = 1_000_000

// LintOptions configures Lint. The zero value means the defaults.
type LintOptions struct {
	// OfficerThreshold is the number of individuals from which a PIPL
	// processor needs a personal-information protection officer (PIPL art.
	// 52); zero means DefaultOfficerThreshold.
	OfficerThreshold int64
}

// Severity ranks a Finding. The zero value is SeverityUnknown.
type Severity uint8

const (
	// SeverityUnknown is the zero Severity.
	SeverityUnknown Severity = iota
	// SeverityInfo: something Lint could not check, and why.
	SeverityInfo
	// SeverityWarning: probably wrong; a person should look.
	SeverityWarning
	// SeverityError: the policy as written falls short of the cited
	// provision; fix it before publishing.
	SeverityError
)

var severityEnum = enum.Names{Pkg: "purpose", Type: "Severity", Kind: "severity", Err: ErrInvalidValue, Names: []string{"", "info", "warning", "error"}}

// String returns "info", "warning" or "error".
func (s Severity) String() string { return severityEnum.String(uint8(s)) }

// Finding is one thing Lint found in a policy.
type Finding struct {
	// Rule is the stable name of the lint rule, e.g. "retention.open_ended"
	// ("compile" for what Compile refuses).
	Rule string
	// Severity ranks the finding.
	Severity Severity
	// Where and Field locate it, as in a Problem.
	Where, Field string
	// Cites is the provision the rule applies, e.g. "PIPL art. 19; NDSMR
	// art. 21(3)"; "" for Compile's problems, whose messages cite it.
	Cites string
	// Err says what is wrong and how to fix it; it wraps the rule's sentinel.
	Err error
}

// String returns the finding on one line: severity, rule, place, message.
func (f Finding) String() string {
	p := Problem{Where: f.Where, Field: f.Field, Err: f.Err}
	if f.Err == nil {
		p.Err = errors.New("")
	}
	return f.Severity.String() + " [" + f.Rule + "] " + p.String()
}

// Findings is what Lint returns, in the order found.
type Findings []Finding

// AtLeast returns the findings of severity s or higher.
func (fs Findings) AtLeast(s Severity) Findings {
	var out Findings
	for _, f := range fs {
		if f.Severity >= s {
			out = append(out, f)
		}
	}
	return out
}

// Max returns the highest severity of fs, or SeverityUnknown for none.
func (fs Findings) Max() Severity {
	m := SeverityUnknown
	for _, f := range fs {
		m = max(m, f.Severity)
	}
	return m
}

// Err returns nil when fs is empty, else a *LintError listing fs. A CI job
// that fails on warnings calls Lint(p, opts).AtLeast(SeverityWarning).Err().
func (fs Findings) Err() error {
	if len(fs) == 0 {
		return nil
	}
	return &LintError{Findings: fs}
}

// LintError lists findings. It matches ErrLintFindings and, through
// Unwrap, each finding's sentinel.
type LintError struct {
	Findings Findings
}

// Error lists the findings, one a line.
func (e *LintError) Error() string {
	var b strings.Builder
	b.WriteString("purpose: lint found ")
	b.WriteString(strconv.Itoa(len(e.Findings)))
	b.WriteString(" problems:")
	for _, f := range e.Findings {
		b.WriteString("\n\t")
		b.WriteString(f.String())
	}
	return b.String()
}

// Is reports whether target is ErrLintFindings.
func (e *LintError) Is(target error) bool { return target == ErrLintFindings }

// Unwrap returns each finding's error.
func (e *LintError) Unwrap() []error {
	errs := make([]error, 0, len(e.Findings))
	for _, f := range e.Findings {
		if f.Err != nil {
			errs = append(errs, f.Err)
		}
	}
	return errs
}

// linter collects findings, at most MaxProblems of them.
type linter struct {
	p      *Policy
	opts   LintOptions
	served map[pii.Law]bool
	out    Findings
}

func (l *linter) full() bool { return len(l.out) >= MaxProblems }

func (l *linter) add(name string, sev Severity, where, field, cites string, sentinel error, msg string) {
	l.addErr(name, sev, where, field, cites, rule(sentinel, msg))
}

func (l *linter) addErr(name string, sev Severity, where, field, cites string, err error) {
	if !l.full() {
		l.out = append(l.out, Finding{Rule: name, Severity: sev, Where: where, Field: field, Cites: cites, Err: err})
	}
}

// Lint checks p beyond what Compile requires and returns what it finds,
// at most MaxProblems findings. It first lists the problems Compile would
// refuse p for (rule "compile", SeverityError), then the findings of these
// rules, none of which stops a policy from loading:
//
//   - controller.contact (error): no controller name or contact
//     (PIPL art. 17(1)(1); GDPR art. 13(1)(a)).
//   - retention.open_ended (warning): a retention statement that says
//     "as long as necessary" with no period and no rule fixing one or the
//     events that end it (PIPL art. 19; NDSMR art. 21(3); GDPR art. 13(2)(a)).
//   - export.mechanism_regime: an overseas recipient's mechanism that no
//     regime of the policy provides (error: GDPR adequacy in a PIPL-only
//     policy), or that covers one of two regimes (warning) (PIPL art. 38;
//     GDPR arts. 44–49).
//   - gdpr.criminal_offence_data (error): data on criminal offences on a
//     GDPR basis other than a legal obligation or public task (GDPR art.
//     10); on consent Compile refuses it.
//   - officer.missing (error): a PIPL processor handling the PI of at least
//     OfficerThreshold individuals names no protection officer's contact
//     (PIPL art. 52); officer.volume_unknown (info) when Individuals is not
//     stated.
//   - children.rules (warning): a PIPL policy whose purposes are not all
//     adults_only references no dedicated rules for children under 14
//     (PIPL art. 31 para 2; CPIP art. 8).
//   - citation.unknown_instrument (warning): a basis cites no instrument
//     in the table (see Instruments), e.g. "Made Up Law art. 99".
//   - citation.no_article, citation.departmental_rule,
//     citation.foreign_law (warning): a cited law without an article, a
//     duty resting only on a departmental rule, or only another legal
//     order's law (PIPL art. 13(1)(3); GDPR art. 6(3)).
//
// Lint never panics and does not modify p.
func Lint(p Policy, opts LintOptions) Findings {
	if opts.OfficerThreshold <= 0 {
		opts.OfficerThreshold = DefaultOfficerThreshold
	}
	l := &linter{p: &p, opts: opts, served: map[pii.Law]bool{}}
	var ps problems
	validate(&p, &ps)
	for _, pr := range ps.list {
		l.addErr("compile", SeverityError, pr.Where, pr.Field, "", pr.Err)
	}
	for _, law := range p.Regimes {
		l.served[law] = law.Valid()
	}
	l.controller()
	l.officer()
	l.children()
	l.retention()
	for i := range p.Purposes {
		if l.full() {
			break
		}
		l.purpose(&p.Purposes[i], i)
	}
	return l.out
}
