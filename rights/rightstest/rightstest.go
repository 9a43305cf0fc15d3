// Package rightstest checks implementations of rights.Store against the
// contract documented on that interface, as incidenttest does for
// incident stores.
//
// A store implementer runs the suite from the store's tests, under the
// race detector:
//
//	func TestMyStore(t *testing.T) {
//		rightstest.TestStore(t, func(t *testing.T) rights.Store {
//			return mystore.New(openTestDB(t)) // fresh and empty; cleaned up by t.Cleanup
//		})
//	}
//
// Each sentence of the contract is a subtest named for it, with a fresh
// store from the factory. Requests compare field by field, times by
// instant to the nanosecond (locations ignored), empty and nil slices
// alike. CheckStore runs the same checks and returns the broken contracts
// as errors instead of failing the test, for tools and for the suite's own
// tests.
package rightstest

import (
	"context"
	"testing"

	"github.com/lawfulgo/lawful/internal/conformance"
	"github.com/lawfulgo/lawful/rights"
)

// ContractError is one contract a store broke: the name of the check (as
// its subtest is named), the sentence of the contract, and what the store
// did instead.
type ContractError = conformance.Error

type contract struct {
	name     string
	contract string // the sentence of the interface's documentation
	explain  string // how the check tests it
	check    func(ctx context.Context, s rights.Store) error
}

// Contract returns c in the form package conformance runs.
func (c contract) Contract() conformance.Contract[rights.Store] {
	return conformance.Contract[rights.Store]{Name: c.name, Rule: c.contract, Explain: c.explain, Check: c.check}
}

// TestStore checks the Store that newStore returns against every sentence
// of rights.Store's contract, each in its own subtest with a fresh, empty
// store made by newStore(t). newStore may fail t and should register any
// cleanup with t.Cleanup. Run it with -race: some subtests update from
// many goroutines at once.
func TestStore(t *testing.T, newStore func(t *testing.T) rights.Store) {
	t.Helper()
	conformance.Run(t, "rightstest", contracts, newStore)
}

// CheckStore runs the checks of TestStore, each with a fresh store from
// newStore(t), and returns every broken contract joined with errors.Join,
// each a *ContractError; nil means the store passed. It does not fail t
// itself; newStore may.
func CheckStore(t *testing.T, newStore func(t *testing.T) rights.Store) error {
	t.Helper()
	return conformance.Check(t, "rightstest", contracts, newStore)
}
