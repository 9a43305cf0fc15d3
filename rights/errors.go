package rights

import (
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/subject"
)

// Sentinel errors. Every error this package returns matches one of these
// with errors.Is (or wraps ctx.Err() or a store's or hook's own error), and
// its message says what was wrong and how to fix it. The sentinels' texts
// are API; the messages of the errors that match them are not.
var (
	// ErrInvalidRequest: Receive was given a malformed request (no kind,
	// no subject, a withdrawal naming no purpose, an unknown purpose, ...).
	// The error is a *ValidationError listing every problem.
	ErrInvalidRequest = errors.New("rights: invalid request")
	// ErrNotEntitled: the requester may not make this request for this
	// subject: not the subject, not a verified guardian of a minor, not a
	// verified close relative of a deceased person, or a kind a relative
	// may not ask for (PIPL arts. 31, 49). The error is an
	// *EntitlementError.
	ErrNotEntitled = errors.New("rights: requester not entitled")
	// ErrInvalidTransition: the action is not allowed in the request's
	// state (fulfilling an unverified request, acting on a closed one).
	// The error is a *TransitionError.
	ErrInvalidTransition = errors.New("rights: invalid transition")
	// ErrNoGround: a refusal names no listed Ground or gives no reasons
	// (PIPL art. 50). The error is a *RefusalError.
	ErrNoGround = errors.New("rights: refusal without a listed ground")
	// ErrWrittenRefusalRequired: a refusal of a minor's request, or of a
	// guardian's request for one, is not marked written (MOR art. 34(3)).
	// The error is a *RefusalError.
	ErrWrittenRefusalRequired = errors.New("rights: refusal for a minor must be written")
	// ErrGroundNotShown: a refusal rests on a ground the record does not
	// support: Repetitive for a request within the repeat limit, or any
	// ground but IdentityNotVerified before verification (GDPR art. 12(5):
	// the controller must show it). The error is a *RefusalError.
	ErrGroundNotShown = errors.New("rights: refusal ground not shown")
	// ErrFeeNotAllowed: a fee for a request within the repeat limit, or a
	// malformed fee (GDPR art. 12(5); NDSMR art. 25; seeds 000 §5.6, 001
	// §5(6)).
	ErrFeeNotAllowed = errors.New("rights: fee not allowed")
	// ErrExtensionNotAllowed: the policy has no extension, or the
	// extension comes after the original deadline (GDPR art. 12(3): tell
	// the person within the first month).
	ErrExtensionNotAllowed = errors.New("rights: extension not allowed")
	// ErrNotFound: no request has the ID.
	ErrNotFound = errors.New("rights: request not found")
	// ErrConflict: another writer changed the request first (the store
	// holds another version), another call is acting on it right now, or
	// a request with the ID already exists. Nothing was written; reload
	// and retry.
	ErrConflict = errors.New("rights: concurrent update")
	// ErrInvalidPolicy: a Policy or Term is malformed; Policy.Validate
	// lists every problem.
	ErrInvalidPolicy = errors.New("rights: invalid policy")
	// ErrInvalidCalendar: a calendar is malformed (a day both holiday and
	// make-up working day, an unparsable date) or has no working day
	// within the search bound.
	ErrInvalidCalendar = errors.New("rights: invalid calendar")
	// ErrOutOfRange: a deadline falls outside the years 1-9999.
	ErrOutOfRange = errors.New("rights: deadline out of range")
	// ErrNotConfigured: a Desk lacks a dependency the action needs (a
	// Directory, a Clock, a Ledger for withdrawals, a Retention tracker
	// for deletions), or its clock reads the zero time.
	ErrNotConfigured = errors.New("rights: not configured")
	// ErrInvalidValue: text that is not the name of an enumeration value,
	// or an attempt to marshal an invalid one.
	ErrInvalidValue = errors.New("rights: invalid value")
)

// problem is an error with its own message that matches a sentinel with
// errors.Is and optionally wraps a cause.
type problem struct {
	msg      string
	sentinel error
	cause    error
}

func (e *problem) Error() string { return e.msg }

func (e *problem) Is(target error) bool { return target != nil && target == e.sentinel }

func (e *problem) Unwrap() error { return e.cause }

// fail returns an error with message msg that matches sentinel.
func fail(sentinel error, msg string) error { return &problem{msg: msg, sentinel: sentinel} }

// failf is fail with a format.
func failf(sentinel error, format string, args ...any) error {
	return &problem{msg: fmt.Sprintf(format, args...), sentinel: sentinel}
}

// wrapf returns an error matching sentinel that also wraps cause.
func wrapf(sentinel, cause error, format string, args ...any) error {
	return &problem{msg: fmt.Sprintf(format, args...) + ": " + cause.Error(), sentinel: sentinel, cause: cause}
}

// ValidationError lists every problem Receive found with a request.
// Nothing was recorded. It matches ErrInvalidRequest and, through Unwrap,
// each problem.
type ValidationError struct {
	Problems []error
}

// Error lists the problems, one per line after the first.
func (e *ValidationError) Error() string {
	if len(e.Problems) == 1 {
		return e.Problems[0].Error()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "rights: request has %d problems:", len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n\t")
		b.WriteString(p.Error())
	}
	return b.String()
}

// Is reports whether target is ErrInvalidRequest.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalidRequest }

// Unwrap returns the problems.
func (e *ValidationError) Unwrap() []error { return e.Problems }

// EntitlementError says why a requester may not make a request for a
// subject. Nothing was recorded; tell the requester Why. It matches
// ErrNotEntitled and, through Unwrap, the cause (a directory error, say).
type EntitlementError struct {
	Kind      Kind
	Capacity  Capacity
	Subject   subject.ID
	Requester subject.ID
	// Why is the reason and the remedy, without personal values.
	Why   string
	Cause error
}

// Error names the request and says why and how to fix it. It does not
// name the subject or the requester (errors reach logs); the fields do.
func (e *EntitlementError) Error() string {
	return fmt.Sprintf("rights: %v request as %v: %s", e.Kind, e.Capacity, e.Why)
}

// Is reports whether target is ErrNotEntitled.
func (e *EntitlementError) Is(target error) bool { return target == ErrNotEntitled }

// Unwrap returns the cause, if any.
func (e *EntitlementError) Unwrap() error { return e.Cause }

// TransitionError says why an action is not allowed in a request's state.
// Nothing was recorded. It matches ErrInvalidTransition.
type TransitionError struct {
	Request uuid.UUID
	Action  Action
	From    State
	// Why says what the state allows instead.
	Why string
}

// Error names the request, the action and its state.
func (e *TransitionError) Error() string {
	return fmt.Sprintf("rights: cannot %v request %v in state %v: %s", e.Action, e.Request, e.From, e.Why)
}

// Is reports whether target is ErrInvalidTransition.
func (e *TransitionError) Is(target error) bool { return target == ErrInvalidTransition }

// RefusalError says why a refusal was not recorded: no listed ground, no
// reasons, not written for a minor, or a ground the record does not show.
// It matches the sentinel named by Sentinel (ErrNoGround,
// ErrWrittenRefusalRequired or ErrGroundNotShown).
type RefusalError struct {
	Request uuid.UUID
	Ground  Ground
	Why     string
	// Sentinel is the error the refusal matches.
	Sentinel error
}

// Error names the request and the ground.
func (e *RefusalError) Error() string {
	return fmt.Sprintf("rights: refusal of request %v on ground %v: %s", e.Request, e.Ground, e.Why)
}

// Is reports whether target is e.Sentinel.
func (e *RefusalError) Is(target error) bool { return target != nil && target == e.Sentinel }
