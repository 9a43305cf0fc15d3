package retention

import "errors"

// Sentinel errors. Errors returned by this package match one of them with
// errors.Is and say what was wrong and how to fix it.
var (
	// ErrInvalidPeriod: a period is not an ISO 8601 date period, or is zero.
	ErrInvalidPeriod = errors.New("retention: invalid period")
	// ErrUnknownTrigger: a trigger name is not one of the declared triggers.
	ErrUnknownTrigger = errors.New("retention: unknown trigger")
	// ErrInvalidRule: a rule is malformed (never ends, minimum above its
	// maximum, missing citation, unknown purpose or category, ...).
	ErrInvalidRule = errors.New("retention: invalid rule")
	// ErrNoRule: an item's purpose and categories match no rule, so no
	// one could say when to erase it (PIPL art. 19; NDSMR art. 21(3)).
	ErrNoRule = errors.New("retention: no rule covers the item")
	// ErrInvalidItem: an item to track is malformed.
	ErrInvalidItem = errors.New("retention: invalid item")
	// ErrInvalidEvent: a trigger event is malformed.
	ErrInvalidEvent = errors.New("retention: invalid trigger event")
	// ErrInvalidHold: a legal hold is malformed.
	ErrInvalidHold = errors.New("retention: invalid legal hold")
	// ErrNotFound: no timer or hold has the ID.
	ErrNotFound = errors.New("retention: not found")
	// ErrNoticeTooShort: a service termination was announced with less
	// notice than the policy promises.
	ErrNoticeTooShort = errors.New("retention: termination notice too short")
	// ErrProofMismatch: a proof's digest does not match its fields.
	ErrProofMismatch = errors.New("retention: proof digest mismatch")
	// ErrNotConfigured: a Tracker or Sweeper lacks a dependency.
	ErrNotConfigured = errors.New("retention: not configured")
)
