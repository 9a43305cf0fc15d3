package lawful

import "github.com/lawfulgo/lawful/clock"

// Clock tells the time: the one clock interface of every lawful package
// (see package clock). Guards take it as a dependency so that tests (with
// lawfultest.Clock) and services decide what "now" is. A Clock must be
// safe for concurrent use.
type Clock = clock.Clock

// SystemClock is the Clock of the system's wall time.
type SystemClock = clock.System
