package deid

import (
	"errors"
	"fmt"
	"strings"

	"github.com/lawfulgo/lawful/internal/rule"
	"github.com/lawfulgo/lawful/pii"
)

// Sentinel errors. Every error this package returns matches one of them
// with errors.Is. No error repeats a value it was given: a value is
// personal information, so messages name its position and what was wrong
// with it instead.
var (
	// ErrMalformed: a value given to a generalisation helper (a division
	// code, a postcode, an IP address, a date) is not of the expected form.
	ErrMalformed = errors.New("deid: malformed value")
	// ErrInvalidParameter: a width, a prefix length, a level or a threshold
	// is out of range.
	ErrInvalidParameter = errors.New("deid: invalid parameter")
	// ErrInvalidTable: a table or its column choice cannot be measured
	// (no rows, ragged rows, unknown or repeated columns, too many columns
	// or classes). *TableError carries the details.
	ErrInvalidTable = errors.New("deid: invalid table")
	// ErrClaimNotMet: a table does not reach the thresholds for the form
	// claimed for it. *ClaimError carries the figures.
	ErrClaimNotMet = errors.New("deid: claim not met")
)

// TableError reports why a table cannot be measured. It matches
// ErrInvalidTable with errors.Is. Row and Column are the 0-based position
// of the offending row or column, or -1 when the fault is not in one.
type TableError struct {
	Op     string // the function that refused, such as "deid.Measure"
	Row    int    // offending row, or -1
	Column int    // offending column, or -1
	Reason string // what was wrong and how to fix it
}

func (e *TableError) Error() string {
	var b strings.Builder
	b.WriteString(e.Op)
	b.WriteString(": ")
	if e.Row >= 0 {
		fmt.Fprintf(&b, "row %d: ", e.Row)
	}
	if e.Column >= 0 {
		fmt.Fprintf(&b, "column %d: ", e.Column)
	}
	b.WriteString(e.Reason)
	return b.String()
}

// Is reports whether target is ErrInvalidTable.
func (e *TableError) Is(target error) bool { return target == ErrInvalidTable }

func tableErr(op string, row, col int, format string, args ...any) error {
	return &TableError{Op: op, Row: row, Column: col, Reason: fmt.Sprintf(format, args...)}
}

// ClaimError reports a table that does not reach the thresholds set for
// the form claimed for it. It matches ErrClaimNotMet with errors.Is. It
// holds figures only, never a quasi-identifier value.
type ClaimError struct {
	Form pii.Form   // the form claimed
	Want Thresholds // the thresholds applied
	// K is the size of the smallest equivalence class and L the smallest
	// distinct l-diversity of a class (0 when no sensitive column was
	// chosen).
	K, L int
	// BelowK and BelowL count the classes under Want.K and Want.L.
	BelowK, BelowL int
}

func (e *ClaimError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "deid.Check: the table does not support the claim %q:", e.Form.String())
	if e.BelowK > 0 {
		fmt.Fprintf(&b, " k is %d, want at least %d (%d classes below);", e.K, e.Want.K, e.BelowK)
	}
	if e.BelowL > 0 {
		fmt.Fprintf(&b, " l is %d, want at least %d (%d classes below);", e.L, e.Want.L, e.BelowL)
	}
	b.WriteString(" generalise the quasi-identifiers further (wider bands, shorter prefixes) or suppress the small classes, or claim a more identifiable form")
	return b.String()
}

// Is reports whether target is ErrClaimNotMet.
func (e *ClaimError) Is(target error) bool { return target == ErrClaimNotMet }

// malformed and invalidParam build the errors of the helpers: what names
// the fault and the fix, never the value.
func malformed(op, what string) error { return rule.New(ErrMalformed, op+": "+what) }

func invalidParam(op, what string) error { return rule.New(ErrInvalidParameter, op+": "+what) }
