package sqlstoretest_test

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/consent/consenttest"
	"github.com/lawfulgo/lawful/lawfultest"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/sqlstore/internal/fixture"
)

// BenchmarkAppend appends one event per operation, each writer to its own
// subject (no conflicts), and reports appends per second. Each append is
// one committed transaction.
func BenchmarkAppend(b *testing.B) {
	for _, be := range backends {
		for _, writers := range []int{1, 8} {
			b.Run(fmt.Sprintf("%s/writers=%d", be.name, writers), func(b *testing.B) {
				be.skipUnavailable(b)
				st := be.store(b).Consent()
				var next atomic.Int64
				var wg sync.WaitGroup
				errs := make(chan error, writers)
				b.ResetTimer()
				for w := range writers {
					wg.Go(func() {
						id := fixture.Subject(w)
						tmpl := consenttest.Chain(id, 1, t0)
						var head consent.Head
						for next.Add(1) <= int64(b.N) {
							e := consenttest.Seal(head, tmpl...)
							if err := st.Append(b.Context(), id, head.Seq, e...); err != nil {
								errs <- err
								return
							}
							head = consent.HeadOf(e)
						}
					})
				}
				wg.Wait()
				b.StopTimer()
				close(errs)
				for err := range errs {
					b.Fatal(err)
				}
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "appends/s")
			})
		}
	}
}

// BenchmarkLoad reads a subject's ledger of 20 events: the store's Load
// alone, and a Ledger's cold read (Invalidate, then Snapshot: Load, verify
// the hash chain, build the snapshot).
func BenchmarkLoad(b *testing.B) {
	for _, be := range backends {
		b.Run(be.name, func(b *testing.B) {
			be.skipUnavailable(b)
			sto := be.store(b)
			st := sto.Consent()
			clock := lawfultest.NewClock(lawfultest.DefaultStart)
			ledger, err := fixture.Ledger(st, sto.Anchors(), 1, clock)
			if err != nil {
				b.Fatal(err)
			}
			id := fixture.Subject(0)
			for i := range 20 {
				e := fixture.Grant(id)
				if i%2 == 1 {
					e = fixture.Withdraw(id)
				}
				if _, err := ledger.Append(b.Context(), e); err != nil {
					b.Fatal(err)
				}
				clock.Advance(time.Minute)
			}
			b.Run("store_events=20", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					events, err := st.Load(b.Context(), id)
					if err != nil || len(events) != 20 {
						b.Fatalf("Load = %d events, %v", len(events), err)
					}
				}
			})
			b.Run("ledger_cold_events=20", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					ledger.Invalidate(id)
					if _, err := ledger.Snapshot(b.Context(), id); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

// BenchmarkGuardCheck is a Guard decision on a cached snapshot, the memory
// store against each SQL store: once a subject's snapshot is cached, the
// database is not read, so the figures should match (issue 7: within
// 1.2x). A read-through Guard (Freshness.ReadThrough) reads the store on
// every check, shown for scale.
func BenchmarkGuardCheck(b *testing.B) {
	type variant struct {
		name  string
		store func(b *testing.B) consent.Store
		fresh lawful.Freshness
	}
	variants := []variant{{name: "mem", store: func(*testing.B) consent.Store { return consent.NewMemStore() }}}
	for _, be := range backends {
		variants = append(variants,
			variant{name: be.name + "/cached", store: func(b *testing.B) consent.Store {
				be.skipUnavailable(b)
				return be.store(b).Consent()
			}},
			variant{name: be.name + "/read-through", store: func(b *testing.B) consent.Store {
				be.skipUnavailable(b)
				return be.store(b).Consent()
			}, fresh: lawful.Freshness{ReadThrough: true}})
	}
	for _, v := range variants {
		b.Run(v.name, func(b *testing.B) {
			clock := lawfultest.NewClock(lawfultest.DefaultStart)
			l, err := fixture.Ledger(v.store(b), consent.NewMemAnchor(), 4, clock)
			if err != nil {
				b.Fatal(err)
			}
			id := fixture.Subject(1)
			if _, err := l.Append(b.Context(), fixture.Grant(id)); err != nil {
				b.Fatal(err)
			}
			g, err := lawful.NewGuard(lawful.Config{Registry: l.Registry(), Directory: fixture.Directory(4), Ledger: l, Clock: clock, Freshness: v.fresh})
			if err != nil {
				b.Fatal(err)
			}
			r := lawful.Request{Subject: id, Purpose: fixture.Purpose, Operation: purpose.Use, Categories: pii.MustParseSet("contact.phone"), At: clock.Now().Add(time.Minute)}
			b.ReportAllocs()
			for b.Loop() {
				if d := g.Check(b.Context(), r); !d.Allowed() {
					b.Fatal(d)
				}
			}
		})
	}
}
