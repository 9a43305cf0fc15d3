package consent_test

import (
	"context"
	"encoding/binary"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/subject"
)

// manySubjects returns a directory of n adults and their IDs.
func manySubjects(n int) (*subject.MemDirectory, []subject.ID) {
	ids := make([]subject.ID, n)
	subs := make([]subject.Subject, n)
	for i := range ids {
		var u uuid.UUID
		binary.BigEndian.PutUint64(u[8:], uint64(i)+1)
		u[6], u[8] = 0x70, 0x80|u[8]&0x3f
		ids[i] = subject.ID(u)
		subs[i] = subject.Subject{ID: ids[i], Birth: mustDate(1990, 1, 1), Jurisdiction: "CN", Status: subject.Active}
	}
	return subject.NewMemDirectory(subs...), ids
}

func newBenchLedger(b *testing.B, dir subject.Directory, store consent.Store, clk consent.Clock) *consent.Ledger {
	l, err := consent.NewLedger(consent.Config{Registry: registry(), Directory: dir, Store: store, Clock: clk, Rand: rand.NewChaCha8([32]byte{2})})
	if err != nil {
		b.Fatal(err)
	}
	return l
}

// BenchmarkAppend appends alternating grants and withdrawals round-robin
// over 10,000 subjects in the memory store.
func BenchmarkAppend(b *testing.B) {
	dir, ids := manySubjects(10_000)
	clk := &clock{now: t0}
	l := newBenchLedger(b, dir, consent.NewMemStore(), clk)
	grant := consent.Event{Kind: consent.Grant, Form: consent.Separate, Notice: "v1", Purposes: []consent.PurposeRef{{ID: "service.voice_clone"}}}
	withdraw := consent.Event{Kind: consent.Withdraw, Purposes: []consent.PurposeRef{{ID: "service.voice_clone"}}}
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		e := grant
		if (i/len(ids))%2 == 1 {
			e = withdraw
		}
		e.Subject = ids[i%len(ids)]
		if i%len(ids) == 0 {
			clk.Advance(time.Second)
		}
		if _, err := l.Append(ctx, e); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// fourEvents gives a subject grant, grant, withdraw, grant.
func fourEvents(b testing.TB, f *fixture) {
	f.grant(b, adultID, consent.Separate, "service.voice_clone", "marketing.sms")
	f.clock.Advance(time.Hour)
	f.grant(b, adultID, consent.Separate, "commerce.payment")
	f.clock.Advance(time.Hour)
	f.withdraw(b, adultID, "marketing.sms")
	f.clock.Advance(time.Hour)
	f.grant(b, adultID, consent.Written, "marketing.sms")
}

// BenchmarkStateAt is the Guard's per-request read: a cached snapshot of a
// subject with 4 events, asked about one purpose at one instant.
func BenchmarkStateAt(b *testing.B) {
	f := newFixture(b)
	fourEvents(b, f)
	vc := f.purpose("service.voice_clone")
	ctx := context.Background()
	at := t0.Add(90 * time.Minute)
	if _, err := f.ledger.StateAt(ctx, adultID, at); err != nil {
		b.Fatal(err)
	}
	b.Run("serial", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			st, err := f.ledger.StateAt(ctx, adultID, at)
			if err != nil || !st.Consent(vc, "").InForce() {
				b.Fatal("want consent in force", err)
			}
		}
	})
	b.Run("parallel", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				st, err := f.ledger.StateAt(ctx, adultID, at)
				if err != nil || !st.Consent(vc, "").InForce() {
					b.Fatal("want consent in force", err)
				}
			}
		})
	})
}

func TestStateAtDoesNotAllocate(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation counts are checked in the full run")
	}
	f := newFixture(t)
	fourEvents(t, f)
	vc := f.purpose("service.voice_clone")
	ctx := context.Background()
	at := t0.Add(90 * time.Minute)
	_, err := f.ledger.StateAt(ctx, adultID, at)
	if err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(200, func() {
		st, _ := f.ledger.StateAt(ctx, adultID, at)
		_ = st.Consent(vc, "WeChat Pay")
		_ = st.Consent(vc, "")
	})
	if allocs != 0 {
		t.Fatalf("StateAt + Consent allocate %v times", allocs)
	}
}

// BenchmarkSnapshotRebuild is a cold read: load a subject's 4 events from
// the store, verify the chain and build the snapshot.
func BenchmarkSnapshotRebuild(b *testing.B) {
	f := newFixture(b)
	fourEvents(b, f)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		f.ledger.Invalidate(adultID)
		if _, err := f.ledger.Snapshot(ctx, adultID); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSnapshotMemory reports the heap retained by the snapshots of
// 100,000 subjects with 2 consents each, per subject (target ≤ 200 B).
func BenchmarkSnapshotMemory(b *testing.B) {
	const n = 100_000
	dir, ids := manySubjects(n)
	clk := &clock{now: t0}
	store := consent.NewMemStore()
	w := newBenchLedger(b, dir, store, clk)
	ctx := context.Background()
	for _, id := range ids {
		if _, err := w.Append(ctx, consent.Event{Subject: id, Kind: consent.Grant, Form: consent.Separate, Notice: "v1", Purposes: []consent.PurposeRef{{ID: "service.voice_clone"}, {ID: "marketing.sms"}}}); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		r := newBenchLedger(b, dir, store, clk)
		before := heap()
		for _, id := range ids {
			if _, err := r.Snapshot(ctx, id); err != nil {
				b.Fatal(err)
			}
		}
		after := heap()
		b.ReportMetric(float64(after-before)/n, "B/subject")
		runtime.KeepAlive(r)
	}
}

func heap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}
