package sqlstoretest_test

import (
	"errors"
	"testing"
	"time"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/lawfultest"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/sqlstore/internal/fixture"
)

// Two Guards on one database (issue 7): a withdrawal through instance A is
// denied by instance B's Guard within B's staleness bound, which each
// Decision reports; a read-through Guard denies it at once; and a Guard
// whose follower stopped fails closed once the bound is exceeded.
func TestTwoGuardsOnOneDatabase(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			b.skipUnavailable(t)
			driver, dsn := b.fresh(t)
			clock := lawfultest.NewClock(lawfultest.DefaultStart)
			ledger := func() *consent.Ledger {
				st := openStore(t, openDB(t, driver, dsn), b.dialect)
				l, err := fixture.Ledger(st.Consent(), st.Anchors(), 4, clock)
				if err != nil {
					t.Fatal(err)
				}
				return l
			}
			guard := func(l *consent.Ledger, f lawful.Freshness) *lawful.Guard {
				g, err := lawful.NewGuard(lawful.Config{Registry: l.Registry(), Directory: fixture.Directory(4), Ledger: l, Clock: clock, Freshness: f})
				if err != nil {
					t.Fatal(err)
				}
				return g
			}
			a, bl, cl := ledger(), ledger(), ledger()
			fol, err := consent.NewFollower(consent.FollowerConfig{Ledgers: []*consent.Ledger{bl}, Clock: clock})
			if err != nil {
				t.Fatal(err)
			}
			gb := guard(bl, lawful.Freshness{Staleness: fol.Staleness, Max: 5 * time.Minute})
			gc := guard(cl, lawful.Freshness{ReadThrough: true})
			id := fixture.Subject(1)
			req := lawful.Request{Subject: id, Purpose: fixture.Purpose, Operation: purpose.Use, Categories: pii.MustParseSet("contact.phone")}

			if _, err := a.Append(t.Context(), fixture.Grant(id)); err != nil {
				t.Fatal(err)
			}
			if err := fol.Poll(t.Context()); err != nil {
				t.Fatal(err)
			}
			lawfultest.AssertAllowed(t, gb, req)
			lawfultest.AssertAllowed(t, gc, req)
			clock.Advance(time.Minute)
			if _, err := a.Append(t.Context(), fixture.Withdraw(id)); err != nil {
				t.Fatal(err)
			}

			d := gb.Check(t.Context(), req)
			if !d.Allowed() || d.Staleness != time.Minute {
				t.Fatalf("before its poll B answers %v with staleness %v; want its cached allow, reporting the minute since the poll", d, d.Staleness)
			}
			dc := lawfultest.AssertDenied(t, gc, req, lawful.ErrConsentWithdrawn, "read-through sees the withdrawal at once")
			if dc.Staleness != 0 {
				t.Fatalf("read-through staleness %v, want 0", dc.Staleness)
			}
			if err := fol.Poll(t.Context()); err != nil {
				t.Fatal(err)
			}
			lawfultest.AssertDenied(t, gb, req, lawful.ErrConsentWithdrawn, "PIPL art. 15: within one poll interval")

			clock.Advance(6 * time.Minute) // the follower has stopped polling
			d = lawfultest.AssertDenied(t, gb, req, lawful.ErrStoreUnavailable, "fail closed past the bound")
			if !errors.Is(d.Err(), lawful.ErrStoreUnavailable) || d.Staleness != 6*time.Minute {
				t.Fatalf("past the bound: %v, staleness %v", d, d.Staleness)
			}
		})
	}
}
