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
	"errors"
	"testing"

	"github.com/lawfulgo/lawful/pii/seal"
)

// ContractError is one contract a store broke.
type ContractError struct {
	Name     string // the subtest's name
	Contract string // the sentence of seal.KeyStore's contract
	Err      error  // what the store did instead
}

func (e *ContractError) Error() string { return "sealtest: " + e.Name + ": " + e.Err.Error() }

// Unwrap returns Err.
func (e *ContractError) Unwrap() error { return e.Err }

// TestStore checks the KeyStore that newStore returns against every
// sentence of seal.KeyStore's contract, each in its own subtest with a
// fresh, empty store made by newStore(t). newStore may fail t and should
// register any cleanup with t.Cleanup. Run it with -race.
func TestStore(t *testing.T, newStore func(t *testing.T) seal.KeyStore) {
	t.Helper()
	for _, c := range contracts {
		t.Run(c.name, func(t *testing.T) {
			t.Helper()
			s := newStore(t)
			if s == nil {
				t.Fatal("sealtest: newStore returned a nil KeyStore")
			}
			if err := c.check(t.Context(), s); err != nil {
				t.Errorf("%v\ncontract: %s", err, c.contract)
			}
		})
	}
}

// CheckStore runs the checks of TestStore, each with a fresh store from
// newStore(t), and returns every broken contract joined with errors.Join,
// each a *ContractError; nil means the store passed. CheckStore does not
// fail t itself; newStore may.
func CheckStore(t *testing.T, newStore func(t *testing.T) seal.KeyStore) error {
	t.Helper()
	var errs []error
	for _, c := range contracts {
		s := newStore(t)
		var err error
		if s == nil {
			err = errors.New("newStore returned a nil KeyStore")
		} else {
			err = c.check(t.Context(), s)
		}
		if err != nil {
			errs = append(errs, &ContractError{Name: c.name, Contract: c.contract, Err: err})
		}
	}
	return errors.Join(errs...)
}

// contract is one check: its name, the sentence it enforces, and the
// check, which returns what went wrong or nil.
type contract struct {
	name, contract string
	check          func(ctx context.Context, s seal.KeyStore) error
}
