package lawful_test

import (
	"context"
	"testing"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/internal/nilctxtest"
	"github.com/lawfulgo/lawful/lawfultest"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/retention"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNilContextIsNeverAPanic is issue 15 §5: a nil context.Context given
// to any method of the Guard, the Ledger, the stores, the Tracker, the
// Sweeper or the directory is a denial or an error, never a panic.
func TestNilContextIsNeverAPanic(t *testing.T) {
	w := lawfultest.New(t, policy(), lawfultest.Options{})
	id := w.Adult(t)
	w.Grant(t, id, consent.Separate, "service.voice_clone")
	var nilCtx context.Context
	r := req(id, "service.voice_clone", purpose.Use, voice)

	d := w.Guard.Check(nilCtx, r)
	assert.False(t, d.Allowed())
	assert.ErrorIs(t, d.Err(), lawful.ErrInvalidRequest)
	assert.ErrorIs(t, w.Guard.Allow(nilCtx, r), lawful.ErrInvalidRequest)
	_, err := lawful.Do(nilCtx, w.Guard, r, func(context.Context) (int, error) { return 1, nil })
	assert.Error(t, err)
	_, ok := lawful.SubjectFrom(nilCtx)
	assert.False(t, ok)
	_, ok = lawful.PurposeFrom(nilCtx)
	assert.False(t, ok)

	// The Tracker and Sweeper are checked in package retention's tests.
	for _, v := range []any{w.Guard, w.Ledger, w.Ledger.Store(), consent.NewMemAnchor(), w.Directory, &retention.MemStore{}, w.Recorder} {
		nilctxtest.Check(t, v)
	}
	fol, err := consent.NewFollower(consent.FollowerConfig{Ledgers: []*consent.Ledger{w.Ledger}})
	require.NoError(t, err)
	nilctxtest.Check(t, fol, "Run") // Run loops until ctx is done; with nil it returns at once, checked below
	assert.Error(t, fol.Run(nilCtx))
}
