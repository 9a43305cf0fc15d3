package format

import (
	"errors"
	"strconv"
)

// Sentinel errors. Every error a validator returns is an *Error whose Err
// is one of these, so callers test with errors.Is and read the details
// with errors.AsType[*format.Error].
var (
	// ErrEmpty: the value is empty or only separators.
	ErrEmpty = errors.New("format: empty value")
	// ErrLength: the value has too few or too many significant characters.
	ErrLength = errors.New("format: wrong length")
	// ErrCharset: a character is not allowed at its place.
	ErrCharset = errors.New("format: character not allowed")
	// ErrChecksum: the check digit or check sum does not match the rest of
	// the value: one character was mistyped, or two were swapped.
	ErrChecksum = errors.New("format: check digit mismatch")
	// ErrDate: an embedded date is not a calendar day or is out of range.
	ErrDate = errors.New("format: invalid date")
	// ErrPrefix: a prefix that names an issuer is not assigned: a region
	// code, a mobile number segment, an area code, an IBAN country, a
	// licence-plate province.
	ErrPrefix = errors.New("format: unassigned prefix")
	// ErrSyntax: the structure is wrong (separators, parts, labels).
	ErrSyntax = errors.New("format: malformed value")
	// ErrPlaceholder: the value is a well-formed placeholder that names no
	// person or device (an all-zero IMEI, the MAC 02:00:00:00:00:00 that
	// Android and iOS return to apps).
	ErrPlaceholder = errors.New("format: placeholder value")
	// ErrUnknownKind: a Kind or kind name is not one of Kinds.
	ErrUnknownKind = errors.New("format: unknown kind")
)

// Error says why a value is not of its Kind and how to fix it. It never
// holds the value or any character of it, so it is safe to log: Pos says
// where the problem is instead.
type Error struct {
	Kind Kind  // the format checked
	Err  error // one of the package's sentinels
	// Pos is the 1-based position, counted in characters of the input as
	// given, of the first character at fault; 0 when the problem concerns
	// the value as a whole.
	Pos int
	// Got is the number of significant characters found when Err is
	// ErrLength; 0 otherwise.
	Got int
	// Msg says what rule failed and how to fix the value.
	Msg string
}

func (e *Error) Error() string {
	b := make([]byte, 0, 64+len(e.Msg))
	b = append(b, "format: "...)
	b = append(b, e.Kind.Title()...)
	b = append(b, ": "...)
	if e.Err != nil {
		msg := e.Err.Error()
		if len(msg) > 8 && msg[:8] == "format: " {
			msg = msg[8:]
		}
		b = append(b, msg...)
	}
	if e.Got > 0 {
		b = append(b, " ("...)
		b = strconv.AppendInt(b, int64(e.Got), 10)
		b = append(b, " characters)"...)
	}
	if e.Pos > 0 {
		b = append(b, " at character "...)
		b = strconv.AppendInt(b, int64(e.Pos), 10)
	}
	if e.Msg != "" {
		b = append(b, ": "...)
		b = append(b, e.Msg...)
	}
	return string(b)
}

// Is reports whether target is e's sentinel.
func (e *Error) Is(target error) bool { return target == e.Err }

// Unwrap returns the sentinel.
func (e *Error) Unwrap() error { return e.Err }

// problem is a validation failure before it becomes an *Error. It holds
// a sentinel and a constant message, so building one never allocates:
// Valid and the detect scanner reject candidates for free.
type problem struct {
	err error
	pos int
	got int
	msg string
}

func (p problem) ok() bool { return p.err == nil }

func (p problem) toError(k Kind) error {
	if p.err == nil {
		return nil
	}
	return &Error{Kind: k, Err: p.err, Pos: p.pos, Got: p.got, Msg: p.msg}
}

var okProblem problem

func bad(err error, pos int, msg string) problem { return problem{err: err, pos: pos, msg: msg} }

func badLen(got int, msg string) problem { return problem{err: ErrLength, got: got, msg: msg} }
