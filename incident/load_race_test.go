package incident_test

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/incident"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/stretchr/testify/require"
)

// racingStore runs race once, right after a Load read the events and
// before it returns them: another writer's Record lands in between.
type racingStore struct {
	*incident.MemStore
	race func()
	done atomic.Bool
}

func (s *racingStore) Load(ctx context.Context, id uuid.UUID) ([]incident.Event, error) {
	evs, err := s.MemStore.Load(ctx, id)
	if err == nil && s.race != nil && s.done.CompareAndSwap(false, true) {
		s.race()
	}
	return evs, err
}

// TestLoadRacingARecordIsNotTampering: a record read while another
// writer appends and advances the anchor is older than the anchor by the
// time the anchor would be read; the register reads the anchor first, so
// the race is never reported as events cut from the end.
func TestLoadRacingARecordIsNotTampering(t *testing.T) {
	ctx := t.Context()
	store := &racingStore{MemStore: incident.NewMemStore()}
	anchor := &incident.MemAnchor{}
	profile := incident.Profile{Operator: incident.Ordinary, Name: purpose.Text{EN: "All Voice Lab"}, Contact: "team@allvoicelab.com", Zone: cst}
	clk := &fakeClock{t: t0.Add(1)}
	reader, err := incident.New(incident.Config{Store: store, Anchor: anchor, Clock: clk, Profile: profile})
	require.NoError(t, err)
	writer, err := incident.New(incident.Config{Store: store.MemStore, Anchor: anchor, Clock: clk, Profile: profile})
	require.NoError(t, err)
	id, err := writer.Open(ctx, incident.Event{Kind: incident.Opened, At: t0, Nature: incident.Leak, Laws: incident.PIPL, Text: purpose.Text{EN: "Voice samples exposed"}})
	require.NoError(t, err)

	store.race = func() {
		_, err := writer.Record(ctx, id, incident.Event{Kind: incident.Remediated, At: t0, Text: purpose.Text{EN: "keys rotated"}})
		require.NoError(t, err)
	}
	evs, err := reader.Events(ctx, id)
	require.NoError(t, err, "an append racing the load is not tampering")
	require.NotEmpty(t, evs)
	all, err := reader.Events(ctx, id)
	require.NoError(t, err)
	require.Len(t, all, len(evs)+1, "the racing append is seen by the next load")
}
