package lawful

import "time"

// Clock tells the time. Guards take it as a dependency so that tests (with
// lawfultest.Clock) and services decide what "now" is. A Clock must be safe
// for concurrent use.
type Clock interface {
	Now() time.Time
}

// SystemClock is the Clock of the system's wall time.
type SystemClock struct{}

// Now returns time.Now().
func (SystemClock) Now() time.Time { return time.Now() }
