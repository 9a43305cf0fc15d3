//go:build race

package lawful_test

// raceEnabled: the race detector slows checks about tenfold.
const raceEnabled = true
