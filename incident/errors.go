package incident

import (
	"errors"
	"strconv"
	"strings"

	"github.com/lawfulgo/lawful/internal/rule"
)

// Sentinel errors. Each error the package returns matches one of them
// with errors.Is; typed errors carry the details.
var (
	// ErrInvalidEvent: an event was refused; nothing was written. The
	// error is an *InvalidEventError listing every problem.
	ErrInvalidEvent = errors.New("incident: invalid event")
	// ErrNoticeIncomplete: a notice lacks an item the law requires of its
	// audience; it was not recorded as sent. The error is an
	// *IncompleteNoticeError naming the items.
	ErrNoticeIncomplete = errors.New("incident: notice incomplete")
	// ErrDutiesOpen: an incident cannot be closed while a notification
	// duty is open. The error is an *OpenDutiesError naming them.
	ErrDutiesOpen = errors.New("incident: notification duties open")
	// ErrNotFound: no incident has the ID.
	ErrNotFound = errors.New("incident: not found")
	// ErrClosed: an event other than Reopened was given for a closed
	// incident.
	ErrClosed = errors.New("incident: closed")
	// ErrConflict: another writer appended to the incident first; nothing
	// was written. Reload and retry.
	ErrConflict = errors.New("incident: concurrent append conflict")
	// ErrTampered: an incident's events do not form an unbroken hash chain
	// ending at its anchored head: an event was edited, inserted, removed,
	// reordered or cut from the end. The error is a *ChainError.
	ErrTampered = errors.New("incident: record tampered with")
	// ErrCorrupt: an encoded event is malformed or its hash does not match.
	ErrCorrupt = errors.New("incident: corrupt event encoding")
	// ErrNotConfigured: a Register or Profile lacks something it needs, or
	// Rules hold a value out of range.
	ErrNotConfigured = errors.New("incident: not configured")
)

func fault(sentinel error, msg string) error { return rule.New(sentinel, msg) }

// InvalidEventError lists every reason an event was refused. Nothing was
// written. It matches ErrInvalidEvent and, through Unwrap, each problem's
// sentinel (ErrClosed, ErrNoticeIncomplete, ErrDutiesOpen, ...).
type InvalidEventError struct {
	Event    string  // the event, as Event.String prints it
	Problems []error // each matches a sentinel of this package
}

func (e *InvalidEventError) Error() string {
	var b strings.Builder
	b.WriteString("incident: invalid ")
	b.WriteString(e.Event)
	b.WriteString(": ")
	if len(e.Problems) == 1 {
		b.WriteString(e.Problems[0].Error())
		return b.String()
	}
	b.WriteString(strconv.Itoa(len(e.Problems)))
	b.WriteString(" problems:")
	for _, p := range e.Problems {
		b.WriteString("\n\t")
		b.WriteString(p.Error())
	}
	return b.String()
}

// Is reports whether target is ErrInvalidEvent.
func (e *InvalidEventError) Is(target error) bool { return target == ErrInvalidEvent }

// Unwrap returns the problems.
func (e *InvalidEventError) Unwrap() []error { return e.Problems }

// Item is one item a notice must contain.
type Item struct {
	Name string // e.g. "causes"
	Cite string // the provision requiring it, e.g. "PIPL art. 57 para 1(1)"
}

// IncompleteNoticeError names the items a notice lacks for its audience.
// It matches ErrNoticeIncomplete.
type IncompleteNoticeError struct {
	Audience Audience
	Missing  []Item
}

func (e *IncompleteNoticeError) Error() string {
	var b strings.Builder
	b.WriteString("incident: the notice to ")
	b.WriteString(e.Audience.String())
	b.WriteString(" lacks ")
	for i, it := range e.Missing {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(it.Name)
		b.WriteString(" (")
		b.WriteString(it.Cite)
		b.WriteString(")")
	}
	b.WriteString("; add them to Notice before recording it as sent")
	return b.String()
}

// Is reports whether target is ErrNoticeIncomplete.
func (e *IncompleteNoticeError) Is(target error) bool { return target == ErrNoticeIncomplete }

// OpenDutiesError names the duties that keep an incident open. It matches
// ErrDutiesOpen.
type OpenDutiesError struct {
	Open []Clock
}

func (e *OpenDutiesError) Error() string {
	var b strings.Builder
	b.WriteString("incident: cannot close with ")
	b.WriteString(strconv.Itoa(len(e.Open)))
	b.WriteString(" duties open: ")
	for i, c := range e.Open {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(c.Duty.String())
		b.WriteString(" to ")
		b.WriteString(c.Audience.String())
		b.WriteString(" (")
		b.WriteString(c.Cite)
		b.WriteString(")")
	}
	b.WriteString("; send the notices, complete partial reports, or record an exemption where the law allows one")
	return b.String()
}

// Is reports whether target is ErrDutiesOpen.
func (e *OpenDutiesError) Is(target error) bool { return target == ErrDutiesOpen }
