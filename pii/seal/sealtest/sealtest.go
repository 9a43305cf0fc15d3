// Package sealtest checks implementations of seal.KeyStore against the
// contract documented on that interface, as consenttest does for consent
// stores and testing/fstest does for file systems.
//
// A store implementer runs the suite from the store's tests, under the race
// detector (go test -race), since several checks call the store from many
// goroutines at once:
//
//	func TestMyKeyStore(t *testing.T) {
//		sealtest.TestStore(t, func(t *testing.T) seal.KeyStore {
//			return mystore.NewKeyStore(openTestDB(t)) // fresh and empty; closed by t.Cleanup
//		})
//	}
//
// Each sentence of the contract is a subtest named for it
// (TestMyKeyStore/put_is_once_and_returns_the_first_key), with a fresh,
// empty store from the factory; a failure quotes the sentence. CheckStore
// runs the same checks and returns what failed as joined *ContractError
// values instead of failing the test. (Like consenttest, the entry point
// is TestStore, not Run.)
//
// The suite checks one store value within one process. That a Destroy
// survives a restart, and that the wrapped bytes are gone from the disk,
// are for the store's own tests.
package sealtest

import (
	"context"
	"testing"

	"github.com/lawfulgo/lawful/internal/conformance"
	"github.com/lawfulgo/lawful/pii/seal"
)

// ContractError is one contract a store broke: the name of the check (as
// its subtest is named), the sentence of the contract, and what the store
// did instead.
type ContractError = conformance.Error

// TestStore checks the KeyStore that newStore returns against every
// sentence of seal.KeyStore's contract, each in its own subtest with a
// fresh, empty store made by newStore(t). newStore may fail t and should
// register any cleanup with t.Cleanup. Run it with -race.
func TestStore(t *testing.T, newStore func(t *testing.T) seal.KeyStore) {
	t.Helper()
	conformance.Run(t, "sealtest", contracts, newStore)
}

// CheckStore runs the checks of TestStore, each with a fresh store from
// newStore(t), and returns every broken contract joined with errors.Join,
// each a *ContractError; nil means the store passed. CheckStore does not
// fail t itself; newStore may.
func CheckStore(t *testing.T, newStore func(t *testing.T) seal.KeyStore) error {
	t.Helper()
	return conformance.Check(t, "sealtest", contracts, newStore)
}

// contract is one check: its name, the sentence it enforces, and the
// check, which returns what went wrong or nil.
type contract struct {
	name, contract string
	check          func(ctx context.Context, s seal.KeyStore) error
}

// Contract returns c in the form package conformance runs.
func (c contract) Contract() conformance.Contract[seal.KeyStore] {
	return conformance.Contract[seal.KeyStore]{Name: c.name, Rule: c.contract, Check: c.check}
}
