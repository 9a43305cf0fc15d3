package purpose

import (
	"errors"
	rulepkg "github.com/lawfulgo/lawful/internal/rule"
	"strconv"
	"strings"
)

// Sentinel errors. Every problem Compile or LoadPolicy reports wraps one of
// these (or a pii sentinel such as pii.ErrUnknownCategory), so callers can
// test a *ValidationError with errors.Is.
var (
	// ErrInvalidPolicy: the policy has problems; see *ValidationError.
	ErrInvalidPolicy = errors.New("purpose: invalid policy")
	// ErrSyntax: the policy file is not well-formed JSON.
	ErrSyntax = errors.New("purpose: policy syntax error")
	// ErrUnknownField: a policy object has a field the schema does not define.
	ErrUnknownField = errors.New("purpose: unknown field")
	// ErrMissingField: a required field is absent or empty.
	ErrMissingField = errors.New("purpose: missing field")
	// ErrInvalidValue: a field has the wrong type or an unknown name.
	ErrInvalidValue = errors.New("purpose: invalid value")
	// ErrDuplicatePurpose: two purposes share an ID.
	ErrDuplicatePurpose = errors.New("purpose: duplicate purpose")
	// ErrInvalidID: an ID does not follow the ID grammar.
	ErrInvalidID = errors.New("purpose: invalid ID")
	// ErrInvalidVersion: versions are missing, below 1, or not increasing.
	ErrInvalidVersion = errors.New("purpose: invalid version")
	// ErrNoStatutoryBasis: the basis is not a ground under a regime the
	// policy serves (PIPL art. 13: the only grounds; GDPR art. 6).
	ErrNoStatutoryBasis = errors.New("purpose: no statutory basis")
	// ErrMissingCitation: the basis needs a cited law and has none, or cites
	// something that is not a law (PIPL art. 13(1)(3), (7)).
	ErrMissingCitation = errors.New("purpose: missing citation of law")
	// ErrOperationNotPermitted: the basis cannot justify a declared operation.
	ErrOperationNotPermitted = errors.New("purpose: operation not permitted by basis")
	// ErrUndeclaredRecipient: an operation that provides PI has no recipient
	// of the right role, or a recipient has no operation to receive through.
	ErrUndeclaredRecipient = errors.New("purpose: undeclared recipient")
	// ErrCrossBorder: an overseas recipient lacks a mechanism, or is not
	// covered by an Export operation (PIPL arts. 38, 39).
	ErrCrossBorder = errors.New("purpose: cross-border provision not declared")
	// ErrSpecialCategory: special-category data without a GDPR art. 9(2)
	// condition, or a condition given under a law that has none.
	ErrSpecialCategory = errors.New("purpose: special category without art. 9(2) condition")
	// ErrUnknownRetention: a purpose references a retention entry that the
	// policy does not define.
	ErrUnknownRetention = errors.New("purpose: unknown retention reference")
	// ErrCriminalOffenceData: data on criminal convictions and offences
	// rests on a basis that cannot justify it: GDPR art. 10 allows it only
	// under official authority or where Union or Member State law
	// authorises it, never on consent.
	ErrCriminalOffenceData = errors.New("purpose: criminal-offence data without legal authority")
)

func rule(sentinel error, msg string) error { return rulepkg.New(sentinel, msg) }

// Problem is one thing wrong with a policy, located by what it concerns
// (`policy`, `purpose "signup.login"`, `retention "logs"`) and, for policy
// files, the field path inside it.
type Problem struct {
	Where string // the policy element, e.g. `purpose "service.voice_clone"`
	Field string // path inside it, e.g. "categories.required[1]"; may be empty
	Err   error  // what is wrong; wraps a sentinel
}

func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.Where)
	if p.Field != "" {
		b.WriteString(": ")
		b.WriteString(p.Field)
	}
	b.WriteString(": ")
	msg := p.Err.Error()
	for _, prefix := range []string{"pii: ", "purpose: "} {
		msg = strings.TrimPrefix(msg, prefix)
	}
	b.WriteString(msg)
	return b.String()
}

// MaxProblems is the most problems a *ValidationError lists. Checking
// stops soon after the first problem past it, so that a policy with
// thousands of broken elements costs no more to reject than one with a
// hundred; the error then says there are more.
const MaxProblems = 100

// ValidationError lists every problem found in a policy, up to
// MaxProblems. Nothing is built when a policy has any problem. It matches
// ErrInvalidPolicy and, through Unwrap, each problem's sentinel.
type ValidationError struct {
	Problems []Problem
	// Truncated is set when there were more than MaxProblems problems:
	// those past the first MaxProblems are not listed (checking stopped).
	// Fix the listed ones and check again.
	Truncated bool
}

func (e *ValidationError) Error() string {
	var b strings.Builder
	switch {
	case e.Truncated:
		b.WriteString("purpose: policy has more than ")
		b.WriteString(strconv.Itoa(len(e.Problems)))
		b.WriteString(" problems; the first ")
		b.WriteString(strconv.Itoa(len(e.Problems)))
		b.WriteString(":")
	case len(e.Problems) == 1:
		b.WriteString("purpose: policy has 1 problem:")
	default:
		b.WriteString("purpose: policy has ")
		b.WriteString(strconv.Itoa(len(e.Problems)))
		b.WriteString(" problems:")
	}
	for _, p := range e.Problems {
		b.WriteString("\n\t")
		b.WriteString(p.String())
	}
	if e.Truncated {
		b.WriteString("\n\t... and more: fix these and load the policy again")
	}
	return b.String()
}

// Is reports whether target is ErrInvalidPolicy.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalidPolicy }

// Unwrap returns each problem's error.
func (e *ValidationError) Unwrap() []error {
	errs := make([]error, len(e.Problems))
	for i, p := range e.Problems {
		errs[i] = p.Err
	}
	return errs
}

// problems collects Problems in the order they are found, up to
// MaxProblems; past that it only notes that there were more (truncated),
// and checks stop. skip, if set, drops problems without counting them.
type problems struct {
	list      []Problem
	truncated bool
	skip      func(where, field string) bool
}

func (ps *problems) add(where, field string, err error) {
	if ps.skip != nil && ps.skip(where, field) {
		return
	}
	if len(ps.list) >= MaxProblems {
		ps.truncated = true
		return
	}
	ps.list = append(ps.list, Problem{Where: where, Field: field, Err: err})
}

// merge adds the problems of o after those of ps.
func (ps *problems) merge(o problems) {
	for _, p := range o.list {
		ps.add(p.Where, p.Field, p.Err)
	}
	ps.truncated = ps.truncated || o.truncated
}

func (ps problems) err() error {
	if len(ps.list) == 0 {
		return nil
	}
	return &ValidationError{Problems: ps.list, Truncated: ps.truncated}
}
