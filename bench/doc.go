// Package bench holds only comparison benchmarks and the tests that keep them
// honest: lawful's Guard against a hand-written floor (maps and bitsets), OPA
// (rego, prepared once) and Casbin (ABAC), all on the seeded workload of
// BENCH.md.
//
// It is a separate module so that OPA and Casbin never enter lawful's own
// go.mod. The workload's fingerprint is checked by TestWorkloadFingerprint and
// every contender must agree with the floor on all 1,000,000 requests
// (TestAllAgree) before its timings mean anything.
//
// Run ./run.sh for the full comparison; see README.md for the latest table.
package bench
