// Package conformance runs the contract suites of lawful's store
// interfaces (assessmenttest, incidenttest, rightstest, sealtest,
// transfertest, controllertest): each contract is one sentence of an
// interface's documentation with a check, run in its own subtest against
// a fresh store, or collected into one error.
package conformance

import (
	"context"
	"errors"
	"testing"
)

// Contract is one check of a suite: its subtest name, the sentence of the
// interface's contract it enforces, how the check tests it (may be
// empty), and the check, which returns what the store did instead, or
// nil.
type Contract[S any] struct {
	Name    string
	Rule    string
	Explain string
	Check   func(ctx context.Context, s S) error
}

// Case is anything that can say which Contract it is, so that a suite
// can keep its own literal form of contracts.
type Case[S any] interface {
	Contract() Contract[S]
}

// Error is one contract a store broke: the suite, the name of the check
// (as its subtest is named), the sentence of the contract, and what went
// wrong.
type Error struct {
	Suite    string // e.g. "incidenttest"
	Name     string // e.g. "conflicting_expect_writes_nothing"
	Contract string // the sentence of the interface's contract
	Err      error  // what the store did instead
}

func (e *Error) Error() string { return e.Suite + ": " + e.Name + ": " + e.Err.Error() }

// Unwrap returns Err.
func (e *Error) Unwrap() error { return e.Err }

// Run runs every case in its own subtest of t with a fresh store from
// newS(t), failing the subtest with the contract's sentence when its
// check fails, or at once when newS returns the zero S (a nil store).
func Run[S comparable, C Case[S]](t *testing.T, suite string, cases []C, newS func(t *testing.T) S) {
	t.Helper()
	var zero S
	for _, k := range cases {
		c := k.Contract()
		t.Run(c.Name, func(t *testing.T) {
			t.Helper()
			s := newS(t)
			if s == zero {
				t.Fatalf("%s: the factory returned nil", suite)
			}
			if err := c.Check(t.Context(), s); err != nil {
				if c.Explain != "" {
					t.Errorf("%v\ncontract: %s\nchecked:  %s", err, c.Rule, c.Explain)
				} else {
					t.Errorf("%v\ncontract: %s", err, c.Rule)
				}
			}
		})
	}
}

// Check runs every case with a fresh store from newS(t) and returns every
// broken contract joined with errors.Join, each an *Error; nil means the
// store passed. It does not fail t itself; newS may.
func Check[S comparable, C Case[S]](t *testing.T, suite string, cases []C, newS func(t *testing.T) S) error {
	t.Helper()
	var zero S
	var errs []error
	for _, k := range cases {
		c := k.Contract()
		s := newS(t)
		var err error
		if s == zero {
			err = errors.New("the factory returned nil")
		} else {
			err = c.Check(t.Context(), s)
		}
		if err != nil {
			errs = append(errs, &Error{Suite: suite, Name: c.Name, Contract: c.Rule, Err: err})
		}
	}
	return errors.Join(errs...)
}
