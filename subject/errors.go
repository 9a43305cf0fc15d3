package subject

import (
	"errors"
)

// Sentinel errors. Every error this package returns wraps one of these (or,
// for a Directory lookup on a done context, ctx.Err()), so callers test
// them with errors.Is. Their texts are API; the messages of the errors that
// wrap them are not.
var (
	// ErrNotFound: a Directory has no subject with the ID looked up. The
	// zero ID is never found.
	ErrNotFound = errors.New("subject: not found")
	// ErrInvalidID: text that is not a UUID, the zero UUID where a subject
	// is meant, or a time outside the UUIDv7 range.
	ErrInvalidID = errors.New("subject: invalid ID")
	// ErrInvalidDate: text that is not a "2006-01-02" date, a date that is
	// not in the calendar or outside years 1-9999, or a birth date after
	// today.
	ErrInvalidDate = errors.New("subject: invalid date")
	// ErrInvalidSubject: Subject.Validate found a problem. Each problem also
	// matches ErrInvalidID or ErrInvalidDate when it is about an ID or a date.
	ErrInvalidSubject = errors.New("subject: invalid subject")
	// ErrInvalidAgePolicy: AgePolicy.Validate found a problem.
	ErrInvalidAgePolicy = errors.New("subject: invalid age policy")
	// ErrInvalidValue: text that is not the name of an enumeration value
	// (Status, Relation, Method, Band, CountingRule), or an attempt to
	// marshal an unknown or out-of-range value.
	ErrInvalidValue = errors.New("subject: invalid value")
)

// problem is an error with its own message that matches one or more
// sentinels with errors.Is, without repeating their texts, and optionally
// wraps a cause (a parser's error, say).
type problem struct {
	msg   string
	is    [2]error // sentinels matched; unused slots are nil
	cause error
}

func (e *problem) Error() string { return e.msg }

func (e *problem) Is(target error) bool {
	return target != nil && (target == e.is[0] || target == e.is[1])
}

func (e *problem) Unwrap() error { return e.cause }

// fail returns an error with message msg that matches sentinel.
func fail(sentinel error, msg string) error {
	return &problem{msg: msg, is: [2]error{sentinel}}
}
