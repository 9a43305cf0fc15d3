// Package clock is the one notion of time shared by every lawful package:
// the Clock interface services inject, the range of instants the library
// stores and compares, and a Monotonic wrapper that never reads earlier
// than it has read before.
//
// # The range of instants
//
// Every instant lawful stores or compares — a request's time, a consent's
// effective time and expiry, a retention end, a hold's end — lies in
// [Min, Max): from 1900-01-01T00:00:00Z up to, not including,
// 2262-01-01T00:00:00Z. The upper bound sits below the year 2262, where
// time.Time.UnixNano stops being representable and arithmetic on int64
// nanoseconds would wrap; the lower bound leaves room for any history a
// service imports. Every store (memory, SQLite, PostgreSQL) holds exactly
// this range, so a value one accepts every other accepts too.
//
// Inputs outside the range are refused at the boundary with an error
// matching ErrOutOfRange (a consent expiry in 2300, a request about the
// year 3000). Computed ends that fall beyond it (a retention period of
// P300Y counted from today) are saturated to Max by Clamp: no request can
// be at or after Max, so an end at Max means "not within the range", which
// is what the rule says.
package clock

import (
	"errors"
	"fmt"
	"sync/atomic"
	"time"
)

// Clock tells the time. Services pass System; tests pass a fake such as
// lawfultest.Clock. Implementations must be safe for concurrent use.
type Clock interface {
	Now() time.Time
}

// System is the Clock of the system's wall time.
type System struct{}

// Now returns time.Now().
func (System) Now() time.Time { return time.Now() }

// The bounds of the range, as Unix nanoseconds.
const (
	// MinUnixNano is Min as Unix nanoseconds: 1900-01-01T00:00:00Z.
	MinUnixNano int64 = -2208988800 * 1e9
	// MaxUnixNano is Max as Unix nanoseconds: 2262-01-01T00:00:00Z.
	MaxUnixNano int64 = 9214646400 * 1e9
)

// Min returns the earliest instant lawful accepts, 1900-01-01T00:00:00Z.
func Min() time.Time { return time.Unix(0, MinUnixNano).UTC() }

// Max returns the first instant past the range, 2262-01-01T00:00:00Z.
// Max itself is not a valid input; Clamp saturates to it.
func Max() time.Time { return time.Unix(0, MaxUnixNano).UTC() }

// ErrOutOfRange: an instant lies outside [Min, Max).
var ErrOutOfRange = errors.New("clock: instant out of range")

// RangeError reports an instant outside [Min, Max). It matches
// ErrOutOfRange with errors.Is.
type RangeError struct {
	What string    // what the instant is, e.g. "expiry"
	At   time.Time // the instant refused
}

func (e *RangeError) Error() string {
	return fmt.Sprintf("clock: %s %s is outside the range lawful stores, %s to %s (exclusive); use a time within it",
		e.What, e.At.UTC().Format(time.RFC3339), Min().Format(time.RFC3339), Max().Format(time.RFC3339))
}

// Is reports whether target is ErrOutOfRange.
func (e *RangeError) Is(target error) bool { return target == ErrOutOfRange }

// InRange reports whether t lies in [Min, Max). The zero time does not.
func InRange(t time.Time) bool {
	// Compare seconds first: UnixNano of an instant far outside the range
	// wraps, and a wrapped value could land inside it.
	s := t.Unix()
	if s < MinUnixNano/1e9 || s >= MaxUnixNano/1e9 {
		return false
	}
	return true
}

// Check returns nil if t is in range, else a *RangeError naming what.
func Check(t time.Time, what string) error {
	if InRange(t) {
		return nil
	}
	return &RangeError{What: what, At: t}
}

// Nanos returns t as Unix nanoseconds saturated to [MinUnixNano,
// MaxUnixNano]: an instant past the range reads as MaxUnixNano, one
// before it as MinUnixNano, never a wrapped value.
func Nanos(t time.Time) int64 {
	s := t.Unix()
	switch {
	case s >= MaxUnixNano/1e9:
		return MaxUnixNano
	case s < MinUnixNano/1e9:
		return MinUnixNano
	}
	return t.UnixNano()
}

// Clamp returns t saturated to [Min, Max]: a computed end beyond the
// range (a long retention period) becomes Max, which no valid instant
// reaches.
func Clamp(t time.Time) time.Time {
	switch n := Nanos(t); n {
	case MaxUnixNano, MinUnixNano:
		return time.Unix(0, n).UTC()
	}
	return t
}

// Monotonic is a Clock that never reads earlier than it has read before:
// when the underlying clock steps back (an NTP correction, a VM migration,
// a test moving its fake clock), Now keeps returning the latest reading
// until the underlying clock catches up. A live decision therefore never
// moves back to an instant at which something it has since seen end
// (a consent's expiry, a retention period) was still in force.
//
// The high-water mark is kept at a granularity of one millisecond, so
// that concurrent readers update shared memory at most a thousand times a
// second: after a step back, Now may read up to a millisecond before the
// latest reading. Use NewMonotonic; it is safe for concurrent use.
type Monotonic struct {
	c  Clock
	hw atomic.Int64 // Unix nanoseconds of the latest recorded reading
}

// NewMonotonic returns a Monotonic over c.
func NewMonotonic(c Clock) *Monotonic {
	m := &Monotonic{c: c}
	m.hw.Store(MinUnixNano)
	return m
}

// monotonicGrain is how far a reading must pass the high-water mark
// before it is recorded.
const monotonicGrain = int64(time.Millisecond)

// Now returns the underlying clock's time, or the high-water mark if the
// clock reads earlier. A zero time from the underlying clock is returned
// as is, so that callers' checks for a broken clock still see it.
func (m *Monotonic) Now() time.Time {
	t := m.c.Now()
	if t.IsZero() || !InRange(t) {
		return t
	}
	n, hw := t.UnixNano(), m.hw.Load()
	switch {
	case n >= hw+monotonicGrain:
		m.hw.CompareAndSwap(hw, n) // a lost race leaves a later reading
		return t
	case n >= hw:
		return t
	}
	return time.Unix(0, hw).In(t.Location())
}

// Underlying returns the clock m wraps.
func (m *Monotonic) Underlying() Clock { return m.c }
