package sqlstoretest_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/lawfultest"
	"github.com/lawfulgo/lawful/sqlstore/internal/fixture"
)

// TestConcurrentAppendsToOneSubjectAllSucceed is issue 15 §3: 480 appends
// to one subject from 16 goroutines on two instances (Ledgers with caches
// of their own, as two processes have) sharing one database all succeed,
// serialised inside the Ledger and retried across instances, and the
// ledger verifies with every event in it.
func TestConcurrentAppendsToOneSubjectAllSucceed(t *testing.T) {
	type target struct {
		name   string
		stores func(t *testing.T) (consent.Store, consent.Store, consent.Anchor)
	}
	targets := []target{{"memory", func(t *testing.T) (consent.Store, consent.Store, consent.Anchor) {
		m := consent.NewMemStore()
		return m, m, consent.NewMemAnchor()
	}}}
	for _, b := range backends {
		targets = append(targets, target{b.name, func(t *testing.T) (consent.Store, consent.Store, consent.Anchor) {
			b.skipUnavailable(t)
			driver, dsn := b.fresh(t)
			a := openStore(t, openDB(t, driver, dsn), b.dialect)
			return a.Consent(), openStore(t, openDB(t, driver, dsn), b.dialect).Consent(), a.Anchors()
		}})
	}
	const instances, goroutines, each = 2, 8, 30
	for _, tg := range targets {
		t.Run(tg.name, func(t *testing.T) {
			s1, s2, anchor := tg.stores(t)
			clock := lawfultest.NewClock(lawfultest.DefaultStart)
			var ledgers [instances]*consent.Ledger
			for i, s := range []consent.Store{s1, s2} {
				l, err := fixture.Ledger(s, anchor, 1, clock)
				if err != nil {
					t.Fatal(err)
				}
				ledgers[i] = l
			}
			id := fixture.Subject(0)
			var wg sync.WaitGroup
			errs := make(chan error, instances*goroutines*each)
			for i := range instances * goroutines {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for range each {
						if _, err := ledgers[i%instances].Append(context.Background(), fixture.Grant(id)); err != nil {
							errs <- err
						}
					}
				}()
			}
			wg.Wait()
			close(errs)
			failed := 0
			for err := range errs {
				if failed == 0 {
					t.Errorf("first failed append: %v", err)
				}
				failed++
			}
			if failed > 0 {
				t.Fatalf("%d of %d appends failed; every one must succeed", failed, instances*goroutines*each)
			}
			fresh, err := fixture.Ledger(s1, anchor, 1, clock)
			if err != nil {
				t.Fatal(err)
			}
			events, err := fresh.Events(context.Background(), id)
			if err != nil {
				t.Fatalf("the ledger after the race: %v", err)
			}
			if len(events) != instances*goroutines*each {
				t.Fatalf("the ledger holds %d events, want %d", len(events), instances*goroutines*each)
			}
		})
	}
}

// TestAWithdrawalRacingGrantsIsNeverRefused: while grants race in on two
// instances, a withdrawal through either is recorded (issue 15 §3, PIPL
// art. 15: withdrawal must be as easy as consent), and the consent state
// afterwards is the ledger's.
func TestAWithdrawalRacingGrantsIsNeverRefused(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			b.skipUnavailable(t)
			driver, dsn := b.fresh(t)
			st := openStore(t, openDB(t, driver, dsn), b.dialect)
			clock := lawfultest.NewClock(lawfultest.DefaultStart)
			a, err := fixture.Ledger(st.Consent(), st.Anchors(), 1, clock)
			if err != nil {
				t.Fatal(err)
			}
			bl, err := fixture.Ledger(openStore(t, openDB(t, driver, dsn), b.dialect).Consent(), st.Anchors(), 1, clock)
			if err != nil {
				t.Fatal(err)
			}
			id := fixture.Subject(0)
			ctx := context.Background()
			for round := range 10 {
				if _, err := a.Append(ctx, fixture.Grant(id)); err != nil {
					t.Fatal(err)
				}
				var wg sync.WaitGroup
				for g := range 4 {
					wg.Add(1)
					go func() {
						defer wg.Done()
						l := a
						if g%2 == 1 {
							l = bl
						}
						if _, err := l.Append(ctx, fixture.Grant(id)); err != nil {
							t.Errorf("round %d grant: %v", round, err)
						}
					}()
				}
				if _, err := bl.Append(ctx, fixture.Withdraw(id)); err != nil {
					t.Fatalf("round %d: the withdrawal was refused: %v", round, err)
				}
				wg.Wait()
				clock.Advance(time.Second)
			}
			if err := a.Verify(ctx, id); err != nil {
				t.Fatal(fmt.Errorf("ledger after the races: %w", err))
			}
		})
	}
}
