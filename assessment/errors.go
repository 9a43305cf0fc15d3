package assessment

import (
	"errors"
	"strconv"
	"strings"
)

// Sentinel errors. Each error the package returns matches one of them
// with errors.Is.
var (
	// ErrInvalid: an assessment was refused; nothing was written. The
	// error is an *InvalidError listing every problem.
	ErrInvalid = errors.New("assessment: invalid assessment")
	// ErrDuplicate: an assessment with the ID is already stored; records
	// are never replaced (supersede them with a new one).
	ErrDuplicate = errors.New("assessment: duplicate ID")
	// ErrNotFound: no assessment has the ID.
	ErrNotFound = errors.New("assessment: not found")
	// ErrRetained: the assessment may not be deleted yet: it is current, or
	// its retention period has not ended (PIPL art. 56 para 2).
	ErrRetained = errors.New("assessment: still retained")
	// ErrNotConfigured: a Book lacks its Store, or its clock returned a
	// time outside the range of package clock.
	ErrNotConfigured = errors.New("assessment: not configured")
)

// InvalidError lists every reason an assessment was refused. It matches
// ErrInvalid and, through Unwrap, each problem's sentinel.
type InvalidError struct {
	Problems []error
}

func (e *InvalidError) Error() string {
	var b strings.Builder
	b.WriteString("assessment: invalid assessment: ")
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

// Is reports whether target is ErrInvalid.
func (e *InvalidError) Is(target error) bool { return target == ErrInvalid }

// Unwrap returns the problems.
func (e *InvalidError) Unwrap() []error { return e.Problems }
