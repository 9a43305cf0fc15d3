package consent

import (
	"errors"
	"github.com/lawfulgo/lawful/internal/rule"
	"strconv"
	"strings"
)

// Sentinel errors of Ledger.Append validation. An invalid event yields an
// *InvalidEventError listing every problem; each problem wraps one of these.
var (
	ErrInvalidEvent         = errors.New("consent: invalid event")
	ErrUnknownSubject       = errors.New("consent: unknown subject")
	ErrSubjectClosed        = errors.New("consent: subject account closed or deceased")
	ErrUnknownPurpose       = errors.New("consent: unknown purpose")
	ErrUnknownVersion       = errors.New("consent: unknown purpose version")
	ErrStaleVersion         = errors.New("consent: stale purpose version")
	ErrUnknownGuardian      = errors.New("consent: unknown guardian")
	ErrGuardianNotLinked    = errors.New("consent: guardian not linked to subject")
	ErrGuardianUnverified   = errors.New("consent: guardian link not verified")
	ErrRecipientNotDeclared = errors.New("consent: recipient not declared by purpose")
	ErrMissingNotice        = errors.New("consent: notice version missing")
	ErrFutureEffective      = errors.New("consent: effective time in the future")
	ErrBackdated            = errors.New("consent: effective time backdated")
	ErrExpiryNotAfterStart  = errors.New("consent: expiry not after effective time")
	ErrOutOfOrder           = errors.New("consent: event out of time order")
	ErrNothingToWithdraw    = errors.New("consent: nothing to withdraw")
	ErrNothingToLift        = errors.New("consent: nothing to lift")
	ErrGuardianNotAdult     = errors.New("consent: guardian not an adult")
	// ErrNotConfigured: a Ledger was used without a required dependency
	// (registry, directory, clock, keys, anchor), or its clock returned
	// the zero time or a time outside the range of package clock.
	ErrNotConfigured = errors.New("consent: ledger not configured")
	// ErrEventIDReused: Append was given an event whose caller-set ID is
	// already the ID of a different event. Nothing was written.
	ErrEventIDReused = errors.New("consent: event ID already used by another event")
	// ErrNotAnchored: Append stored the event, but could not advance the
	// Anchor; the event is in force, and the next load of the subject
	// advances the anchor.
	ErrNotAnchored = errors.New("consent: event stored but not anchored")
)

func fault(sentinel error, msg string) error { return rule.New(sentinel, msg) }

// InvalidEventError lists every reason Ledger.Append refused an event.
// Nothing was written. It matches ErrInvalidEvent and, through Unwrap, each
// problem's sentinel.
type InvalidEventError struct {
	Event    string  // the event, as Event.String prints it
	Problems []error // each wraps a sentinel of this package
}

func (e *InvalidEventError) Error() string {
	return joinProblems("consent: invalid "+e.Event, e.Problems)
}

// joinProblems formats "head: problem", or "head: N problems:" followed by
// one indented line per problem.
func joinProblems(head string, ps []error) string {
	var b strings.Builder
	b.WriteString(head)
	b.WriteString(": ")
	if len(ps) == 1 {
		b.WriteString(ps[0].Error())
		return b.String()
	}
	b.WriteString(strconv.Itoa(len(ps)))
	b.WriteString(" problems:")
	for _, p := range ps {
		b.WriteString("\n\t")
		b.WriteString(p.Error())
	}
	return b.String()
}

// Is reports whether target is ErrInvalidEvent.
func (e *InvalidEventError) Is(target error) bool { return target == ErrInvalidEvent }

// Unwrap returns the problems.
func (e *InvalidEventError) Unwrap() []error { return e.Problems }
