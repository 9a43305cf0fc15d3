package retention_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lawfulgo/lawful/examples/policies"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/pii/seal"
	"github.com/lawfulgo/lawful/retention"
	"github.com/lawfulgo/lawful/subject"
)

// shredder erases an item by shredding its subject's key with pii/seal.
type shredder struct {
	sealer *seal.Sealer
	fail   error
}

func (s *shredder) Erase(ctx context.Context, t retention.Timer) error {
	_, err := s.EraseShredding(ctx, t)
	return err
}

func (s *shredder) EraseShredding(ctx context.Context, t retention.Timer) (bool, error) {
	if s.fail != nil {
		return false, s.fail
	}
	return true, s.sealer.Shred(ctx, t.Subject.String())
}

// sweepLogs tracks one log item, moves the clock to its end and sweeps
// with e; it returns the report, the clock and the sweeper.
func sweepLogs(t *testing.T, e retention.Eraser) (retention.Report, *clock, *retention.Sweeper) {
	t.Helper()
	ctx := t.Context()
	reg, err := policies.Open("clipo.json")
	require.NoError(t, err)
	rules, err := retention.Compile(reg)
	require.NoError(t, err)
	c := &clock{now: time.Date(2026, 1, 15, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))}
	tracker, err := retention.NewTracker(ctx, retention.Config{Rules: rules, Store: &retention.MemStore{}, Clock: c})
	require.NoError(t, err)
	sw, err := retention.NewSweeper(tracker, e, retention.SweeperConfig{})
	require.NoError(t, err)
	tm, err := tracker.Track(ctx, retention.Item{Subject: who, Purpose: "ops.logging", Categories: logs, Key: "logs/42", Collected: c.now})
	require.NoError(t, err)
	c.now = tm.Due
	rep, err := sw.Sweep(ctx)
	require.NoError(t, err)
	return rep, c, sw
}

var who = subject.MustParseID("01890a5d-ac96-774b-bcce-b302099a8057")

// TestSweepRecordsCryptoShredding: erasure by destroying the subject's key
// (PIPL art. 47; GDPR art. 17) is recorded in the proof.
func TestSweepRecordsCryptoShredding(t *testing.T) {
	ctx := t.Context()
	kek, err := seal.NewLocalKEK(seal.LocalKey{ID: "k1", Key: make([]byte, seal.KeySize)})
	require.NoError(t, err)
	sealer, err := seal.New(seal.NewMemKeyStore(), kek)
	require.NoError(t, err)
	f := seal.Field{Subject: who.String(), Category: pii.MustLookup("activity.service_log"), Purpose: "ops.logging"}
	ct, err := sealer.Seal(ctx, f, []byte("GET /login from 203.0.113.7"))
	require.NoError(t, err)

	t.Run("PIPL_art_47_proof_records_the_shredded_key_and_the_value_no_longer_opens", func(t *testing.T) {
		rep, _, _ := sweepLogs(t, &shredder{sealer: sealer})
		require.Len(t, rep.Erased, 1)
		p := rep.Erased[0]
		assert.True(t, p.KeyShredded)
		assert.NoError(t, p.Verify())
		_, err := sealer.Open(ctx, f, ct)
		assert.ErrorIs(t, err, seal.ErrShredded)
	})
	t.Run("KeyShredded_is_covered_by_the_digest", func(t *testing.T) {
		rep, _, _ := sweepLogs(t, &shredder{sealer: sealer})
		require.Len(t, rep.Erased, 1)
		p := rep.Erased[0]
		p.KeyShredded = false
		assert.ErrorIs(t, p.Verify(), retention.ErrProofMismatch)
	})
	t.Run("a_plain_eraser_leaves_KeyShredded_unset", func(t *testing.T) {
		rep, _, _ := sweepLogs(t, retention.EraserFunc(func(context.Context, retention.Timer) error { return nil }))
		require.Len(t, rep.Erased, 1)
		assert.False(t, rep.Erased[0].KeyShredded)
		assert.NoError(t, rep.Erased[0].Verify())
	})
	t.Run("a_failed_shredding_is_retried_and_proves_nothing", func(t *testing.T) {
		s := &shredder{sealer: sealer, fail: errors.New("kms unavailable")}
		rep, c, sw := sweepLogs(t, s)
		assert.Empty(t, rep.Erased)
		assert.Equal(t, 1, rep.Failed)
		s.fail = nil
		c.now = c.now.Add(24 * time.Hour)
		rep, err := sw.Sweep(ctx)
		require.NoError(t, err)
		require.Len(t, rep.Erased, 1)
		assert.True(t, rep.Erased[0].KeyShredded)
		assert.Equal(t, 2, rep.Erased[0].Attempts)
	})
}
