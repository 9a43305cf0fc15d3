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
	"errors"
	"testing"

	"github.com/lawfulgo/lawful/incident"
)

// ContractError is one contract a store broke: the name of the check (as
// the subtest of TestStore is named), the sentence of the contract it
// enforces, and what went wrong.
type ContractError struct {
	Name     string // e.g. "conflicting_expect_writes_nothing"
	Contract string // the sentence of incident.Store's or incident.Anchor's contract
	Err      error  // what the store did instead
}

func (e *ContractError) Error() string { return "incidenttest: " + e.Name + ": " + e.Err.Error() }

// Unwrap returns Err.
func (e *ContractError) Unwrap() error { return e.Err }

type contract[S any] struct {
	name     string
	contract string // the sentence of the interface's documentation
	explain  string // how the check tests it
	check    func(ctx context.Context, s S) error
}

// TestStore checks the Store that newStore returns against every sentence
// of incident.Store's contract, each in its own subtest with a fresh,
// empty store made by newStore(t). newStore may fail t and should register
// any cleanup with t.Cleanup. Run it with -race: some subtests append from
// many goroutines at once.
func TestStore(t *testing.T, newStore func(t *testing.T) incident.Store) {
	t.Helper()
	run(t, storeContracts, newStore)
}

// CheckStore runs the checks of TestStore, each with a fresh store from
// newStore(t), and returns every broken contract joined with errors.Join,
// each a *ContractError; nil means the store passed. It does not fail t
// itself; newStore may.
func CheckStore(t *testing.T, newStore func(t *testing.T) incident.Store) error {
	t.Helper()
	return check(t, storeContracts, newStore)
}

// TestAnchor checks the Anchor that newAnchor returns against every
// sentence of incident.Anchor's contract, as TestStore does for stores.
func TestAnchor(t *testing.T, newAnchor func(t *testing.T) incident.Anchor) {
	t.Helper()
	run(t, anchorContracts, newAnchor)
}

// CheckAnchor is TestAnchor returning the broken contracts, as CheckStore.
func CheckAnchor(t *testing.T, newAnchor func(t *testing.T) incident.Anchor) error {
	t.Helper()
	return check(t, anchorContracts, newAnchor)
}

func run[S comparable](t *testing.T, cs []contract[S], newS func(t *testing.T) S) {
	t.Helper()
	var zero S
	for _, c := range cs {
		t.Run(c.name, func(t *testing.T) {
			t.Helper()
			s := newS(t)
			if s == zero {
				t.Fatal("incidenttest: the factory returned nil")
			}
			if err := c.check(t.Context(), s); err != nil {
				t.Errorf("%v\ncontract: %s\nchecked:  %s", err, c.contract, c.explain)
			}
		})
	}
}

func check[S comparable](t *testing.T, cs []contract[S], newS func(t *testing.T) S) error {
	t.Helper()
	var zero S
	var errs []error
	for _, c := range cs {
		s := newS(t)
		var err error
		if s == zero {
			err = errors.New("the factory returned nil")
		} else {
			err = c.check(t.Context(), s)
		}
		if err != nil {
			errs = append(errs, &ContractError{Name: c.name, Contract: c.contract, Err: err})
		}
	}
	return errors.Join(errs...)
}
