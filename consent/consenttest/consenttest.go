package consenttest

import (
	"context"
	"errors"
	"testing"

	"github.com/lawfulgo/lawful/consent"
)

// ContractError is one contract a store broke: the name of the check (as
// the subtest of TestStore is named), the sentence of the contract it
// enforces, and what went wrong.
type ContractError struct {
	Name     string // e.g. "conflicting_expect_writes_nothing"
	Contract string // the sentence of consent.Store's (or ChangeFeed's) contract
	Err      error  // what the store did instead
}

func (e *ContractError) Error() string {
	return "consenttest: " + e.Name + ": " + e.Err.Error()
}

// Unwrap returns Err.
func (e *ContractError) Unwrap() error { return e.Err }

// TestStore checks the Store that newStore returns against every sentence
// of consent.Store's contract, and of consent.ChangeFeed's if the store
// implements it, each in its own subtest with a fresh, empty store made by
// newStore(t). newStore may fail t and should register any cleanup with
// t.Cleanup. ChangeFeed subtests are skipped, with a message saying so,
// for a store that does not implement it.
//
// Run it with -race: several subtests append and load from many
// goroutines at once.
func TestStore(t *testing.T, newStore func(t *testing.T) consent.Store) {
	t.Helper()
	for _, c := range contracts {
		t.Run(c.name, func(t *testing.T) {
			t.Helper()
			s := newStore(t)
			if s == nil {
				t.Fatal("consenttest: newStore returned a nil Store")
			}
			err := c.check(t.Context(), s)
			if sk, ok := errors.AsType[*skipped](err); ok {
				t.Skip("consenttest: " + sk.reason)
			}
			if err != nil {
				t.Errorf("%v\ncontract: %s\nchecked:  %s", err, c.contract, c.explain)
			}
		})
	}
}

// CheckStore runs the checks of TestStore, each with a fresh store from
// newStore(t), and returns every broken contract joined with errors.Join,
// each a *ContractError; nil means the store passed. ChangeFeed checks are
// left out for a store that does not implement it. CheckStore does not
// fail t itself; newStore may.
func CheckStore(t *testing.T, newStore func(t *testing.T) consent.Store) error {
	t.Helper()
	var errs []error
	for _, c := range contracts {
		s := newStore(t)
		var err error
		if s == nil {
			err = errors.New("newStore returned a nil Store")
		} else {
			err = c.check(t.Context(), s)
		}
		if _, ok := errors.AsType[*skipped](err); ok {
			continue
		}
		if err != nil {
			errs = append(errs, &ContractError{Name: c.name, Contract: c.contract, Err: err})
		}
	}
	return errors.Join(errs...)
}

// contract is one check: a name, the contract sentence it enforces, how
// it checks it, and the check, which returns what went wrong, nil, or a
// *skipped.
type contract struct {
	name     string
	contract string
	explain  string
	check    func(ctx context.Context, s consent.Store) error
}

// skipped is returned by a check that does not apply to the store.
type skipped struct{ reason string }

func (s *skipped) Error() string { return "skipped: " + s.reason }
