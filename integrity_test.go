package lawful_test

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/lawfultest"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cutStore is a consent.Store whose loads lose their newest event, as if
// someone deleted it in the database.
type cutStore struct{ consent.Store }

func (s cutStore) Load(ctx context.Context, id subject.ID) ([]consent.Event, error) {
	evs, err := s.Store.Load(ctx, id)
	if len(evs) > 0 {
		evs = evs[:len(evs)-1]
	}
	return evs, err
}

// TestATamperedLedgerDeniesEverything: the Guard denies a subject whose
// ledger fails verification with TamperDetected, even processing on an
// exemption that needs no consent, and never allows (issue 15 §2).
func TestATamperedLedgerDeniesEverything(t *testing.T) {
	w := lawfultest.New(t, policy(), lawfultest.Options{})
	id := w.Adult(t)
	w.Grant(t, id, consent.Separate, "service.voice_clone")
	w.Withdraw(t, id, "service.voice_clone")
	l, err := consent.NewLedger(consent.Config{Registry: w.Registry, Directory: w.Directory, Store: cutStore{w.Ledger.Store()}, Keys: w.Keys, Anchor: w.Anchor, Clock: w.Clock})
	require.NoError(t, err)
	g, err := lawful.NewGuard(lawful.Config{Registry: w.Registry, Directory: w.Directory, Ledger: l, Clock: w.Clock})
	require.NoError(t, err)
	for _, r := range []lawful.Request{
		req(id, "service.voice_clone", purpose.Use, voice),
		req(id, "ops.logging", purpose.Store, logs), // a legal duty (PIPL art. 13(1)(3))
	} {
		lawfultest.AssertDenied(t, g, r, lawful.ErrTamperDetected)
	}
}

// leakyStore fails with an error that names the subject, as a store's
// driver error might.
type leakyStore struct{ consent.Store }

func (leakyStore) Load(_ context.Context, id subject.ID) ([]consent.Event, error) {
	return nil, fmt.Errorf("row for %v (%X) unreadable", id, id[:])
}

// TestDenialsNeverNameTheSubject: a denial's message carries the subject's
// pseudonym, never its ID, even when the store's error names it (issue 15
// §5).
func TestDenialsNeverNameTheSubject(t *testing.T) {
	w := lawfultest.New(t, policy(), lawfultest.Options{})
	id := w.Adult(t)
	auditor, err := lawful.NewSlogAuditor(slog.New(slog.DiscardHandler), []byte("0123456789abcdef"))
	require.NoError(t, err)
	l, err := consent.NewLedger(consent.Config{Registry: w.Registry, Directory: lookupOnly{w.Directory}, Store: leakyStore{w.Ledger.Store()}, Keys: w.Keys, Anchor: w.Anchor, Clock: w.Clock})
	require.NoError(t, err)
	g, err := lawful.NewGuard(lawful.Config{Registry: w.Registry, Directory: w.Directory, Ledger: l, Clock: w.Clock, Auditor: auditor})
	require.NoError(t, err)
	err = g.Allow(context.Background(), req(id, "service.voice_clone", purpose.Use, voice))
	require.ErrorIs(t, err, lawful.ErrStoreUnavailable)
	msg := err.Error()
	assert.NotContains(t, msg, id.String())
	assert.NotContains(t, strings.ToLower(msg), strings.ReplaceAll(id.String(), "-", ""))
	assert.Contains(t, msg, auditor.Pseudonym(id), "the audit log's pseudonym, so the two can be joined")
}

// lookupOnly hides the Watcher of a directory.
type lookupOnly struct{ subject.Directory }

// TestAFloodOfUnknownSubjectsGrowsNothing: a million checks about random
// subject IDs leave the Guard's retained memory where it was: no cache
// keeps an entry for a subject nobody knows (issue 15 §4).
func TestAFloodOfUnknownSubjectsGrowsNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("a million checks")
	}
	w := lawfultest.New(t, policy(), lawfultest.Options{})
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	flood := func(n int) {
		for range n {
			var id subject.ID
			hi, lo := rng.Uint64(), rng.Uint64()
			for i := range 8 {
				id[i], id[8+i] = byte(hi>>(8*i)), byte(lo>>(8*i))
			}
			if d := w.Guard.Check(ctx, req(id, "service.voice_clone", purpose.Use, voice)); d.Allowed() {
				t.Fatal("an unknown subject was allowed")
			}
		}
	}
	n := 1_000_000
	if raceEnabled {
		n = 100_000
	}
	flood(10_000) // warm up
	before := heap()
	flood(n)
	after := heap()
	growth := int64(after) - int64(before)
	t.Logf("heap after %d unknown subjects: %+d bytes", n, growth)
	if growth > 1<<20 {
		t.Fatalf("heap grew by %d bytes over %d unknown subjects; want under 1 MiB", growth, n)
	}
}

func heap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}
