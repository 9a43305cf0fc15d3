package sqlstoretest_test

import (
	"testing"
	"time"

	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/lawfultest"
	"github.com/lawfulgo/lawful/sqlstore/internal/fixture"
)

// Two service instances, A and B, each with its own connection pool, Store
// and Ledger on one database; B runs a Follower. A withdrawal appended
// through A reaches B's reads with B's next poll, and not before: the
// staleness the Follower reports.
func TestWithdrawalThroughOneInstanceReachesAnotherAfterAPoll(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			b.skipUnavailable(t)
			driver, dsn := b.fresh(t)
			clock := lawfultest.NewClock(lawfultest.DefaultStart)
			instA := openStore(t, openDB(t, driver, dsn), b.dialect)
			instB := openStore(t, openDB(t, driver, dsn), b.dialect)
			ledgerA, err := fixture.Ledger(instA.Consent(), instA.Anchors(), 4, clock)
			if err != nil {
				t.Fatal(err)
			}
			ledgerB, err := fixture.Ledger(instB.Consent(), instB.Anchors(), 4, clock)
			if err != nil {
				t.Fatal(err)
			}
			fol, err := consent.NewFollower(consent.FollowerConfig{Ledgers: []*consent.Ledger{ledgerB}, Clock: clock})
			if err != nil {
				t.Fatal(err)
			}
			id := fixture.Subject(1)
			p, _ := ledgerB.Registry().Lookup(fixture.Purpose)
			status := func() consent.Status {
				t.Helper()
				st, err := ledgerB.StateAt(t.Context(), id, clock.Now())
				if err != nil {
					t.Fatalf("B: StateAt: %v", err)
				}
				return st.Consent(p, "").Status
			}

			if _, err := ledgerA.Append(t.Context(), fixture.Grant(id)); err != nil {
				t.Fatalf("A: grant: %v", err)
			}
			if err := fol.Poll(t.Context()); err != nil {
				t.Fatalf("B: first poll: %v", err)
			}
			if got := status(); got != consent.Given {
				t.Fatalf("B reads %v after A's grant, want given", got)
			}
			clock.Advance(time.Minute)
			if _, err := ledgerA.Append(t.Context(), fixture.Withdraw(id)); err != nil {
				t.Fatalf("A: withdraw: %v", err)
			}
			if got := status(); got != consent.Given {
				t.Fatalf("before polling, B reads %v; want its cached given (else the test shows nothing)", got)
			}
			if got := fol.Staleness(); got != time.Minute {
				t.Fatalf("B's staleness bound is %v, want the minute since its poll", got)
			}
			if err := fol.Poll(t.Context()); err != nil {
				t.Fatalf("B: poll: %v", err)
			}
			if got := status(); got != consent.Withdrawn {
				t.Fatalf("after one poll, B reads %v, want withdrawn", got)
			}
			if err := ledgerB.Verify(t.Context(), id); err != nil {
				t.Fatalf("B: Verify: %v", err)
			}
			if _, err := ledgerB.Append(t.Context(), fixture.Grant(id)); err != nil {
				t.Fatalf("B appends on the ledger A extended: %v", err)
			}
		})
	}
}
