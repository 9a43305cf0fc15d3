// Package incidenttest checks implementations of incident.Store and
// incident.Anchor against the contracts documented on those interfaces, as
// testing/fstest does for file systems and consenttest for consent stores.
//
// A store implementer runs the suite from the store's tests, under the
// race detector:
//
//	func TestMyStore(t *testing.T) {
//		incidenttest.TestStore(t, func(t *testing.T) incident.Store {
//			return mystore.New(openTestDB(t)) // fresh and empty; cleaned up by t.Cleanup
//		})
//	}
//
// Each sentence of the contract is a subtest named for it, with a fresh
// store from the factory. Events compare by their canonical encoding and
// hash: every field, times to the nanosecond, locations ignored.
// CheckStore runs the same checks and returns the broken contracts as
// errors instead of failing the test, for tools and for the suite's own
// tests.
package incidenttest

import (
	"context"
	"testing"

	"github.com/lawfulgo/lawful/incident"
	"github.com/lawfulgo/lawful/internal/conformance"
)

// ContractError is one contract a store broke: the name of the check (as
// its subtest is named), the sentence of the contract, and what the store
// did instead.
type ContractError = conformance.Error

type contract[S any] struct {
	name     string
	contract string // the sentence of the interface's documentation
	explain  string // how the check tests it
	check    func(ctx context.Context, s S) error
}

// Contract returns c in the form package conformance runs.
func (c contract[S]) Contract() conformance.Contract[S] {
	return conformance.Contract[S]{Name: c.name, Rule: c.contract, Explain: c.explain, Check: c.check}
}

// TestStore checks the Store that newStore returns against every sentence
// of incident.Store's contract, each in its own subtest with a fresh,
// empty store made by newStore(t). newStore may fail t and should register
// any cleanup with t.Cleanup. Run it with -race: some subtests append from
// many goroutines at once.
func TestStore(t *testing.T, newStore func(t *testing.T) incident.Store) {
	t.Helper()
	conformance.Run(t, "incidenttest", storeContracts, newStore)
}

// CheckStore runs the checks of TestStore, each with a fresh store from
// newStore(t), and returns every broken contract joined with errors.Join,
// each a *ContractError; nil means the store passed. It does not fail t
// itself; newStore may.
func CheckStore(t *testing.T, newStore func(t *testing.T) incident.Store) error {
	t.Helper()
	return conformance.Check(t, "incidenttest", storeContracts, newStore)
}

// TestAnchor checks the Anchor that newAnchor returns against every
// sentence of incident.Anchor's contract, as TestStore does for stores.
func TestAnchor(t *testing.T, newAnchor func(t *testing.T) incident.Anchor) {
	t.Helper()
	conformance.Run(t, "incidenttest", anchorContracts, newAnchor)
}

// CheckAnchor is TestAnchor returning the broken contracts, as CheckStore.
func CheckAnchor(t *testing.T, newAnchor func(t *testing.T) incident.Anchor) error {
	t.Helper()
	return conformance.Check(t, "incidenttest", anchorContracts, newAnchor)
}
