package lawfultest

import (
	"context"
	"errors"

	"github.com/lawfulgo/lawful"
	"github.com/stretchr/testify/assert"
)

// T is the part of *testing.T the helpers use. It is decided once so it
// can stay stable: *testing.T and *testing.B satisfy it.
type T interface {
	Helper()
	Errorf(format string, args ...any)
	FailNow()
	Cleanup(func())
}

// AssertAllowed checks that g allows r and returns the decision. On a
// denial it reports the reason and what would make the request lawful.
func AssertAllowed(t T, g *lawful.Guard, r lawful.Request, msgAndArgs ...any) lawful.Decision {
	t.Helper()
	d := g.Check(context.Background(), r)
	if !d.Allowed() {
		assert.Fail(t, "request denied, want allowed: "+d.Err().Error(), msgAndArgs...)
	}
	return d
}

// AssertDenied checks that g denies r for the reason whose sentinel is want
// (e.g. lawful.ErrGuardianConsentRequired) and returns the decision.
func AssertDenied(t T, g *lawful.Guard, r lawful.Request, want error, msgAndArgs ...any) lawful.Decision {
	t.Helper()
	d := g.Check(context.Background(), r)
	switch err := d.Err(); {
	case d.Allowed():
		assert.Fail(t, "request allowed, want denied with "+want.Error()+": "+d.String(), msgAndArgs...)
	case !errors.Is(err, want):
		assert.Fail(t, "request denied with "+d.Reason.String()+", want "+want.Error()+": "+err.Error(), msgAndArgs...)
	}
	return d
}
