package sqlstoretest_test

import (
	"context"
	"testing"
	"time"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/lawfultest"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/retention"
	"github.com/lawfulgo/lawful/sqlstore/internal/fixture"
)

// TestServiceOverSQL: lawful.New with a *sql.DB keeps the ledger and the
// retention schedules in the SQL stores, refuses to start without sealing
// keys and an anchor, and two Services on one database see each other's
// withdrawals after a poll (issue 20's front door over issue 15's stores).
func TestServiceOverSQL(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			b.skipUnavailable(t)
			ctx := context.Background()
			driver, dsn := b.fresh(t)
			adriver, adsn := b.fresh(t)
			db, adb := openDB(t, driver, dsn), openDB(t, adriver, adsn)
			clk := lawfultest.NewClock(lawfultest.DefaultStart)
			reg := fixture.Registry()
			rules := []retention.Rule{{ID: "account", Purposes: []purpose.ID{fixture.Purpose}}}
			opts := lawful.Options{Policy: reg, RetentionRules: rules, Directory: fixture.Directory(4), DB: db, Dialect: b.dialect, Clock: clk, Follow: time.Second}
			_, err := lawful.New(ctx, opts)
			if err == nil {
				t.Fatal("a Service over a database started without keys and an anchor")
			}
			opts.Keys, opts.AnchorDB = fixture.Keys(), adb
			a, err := lawful.New(ctx, opts)
			if err != nil {
				t.Fatal(err)
			}
			bsvc, err := lawful.New(ctx, opts)
			if err != nil {
				t.Fatal(err)
			}
			id := fixture.Subject(0)
			req := lawful.Request{Subject: id, Purpose: fixture.Purpose, Operation: purpose.Use, Categories: pii.MustParseSet("contact.phone")}
			if _, err := a.Ledger().Append(ctx, fixture.Grant(id)); err != nil {
				t.Fatal(err)
			}
			if err := bsvc.Follower().Poll(ctx); err != nil {
				t.Fatal(err)
			}
			lawfultest.AssertAllowed(t, bsvc.Guard(), req)
			clk.Advance(time.Second)
			if _, err := a.Ledger().Append(ctx, fixture.Withdraw(id)); err != nil {
				t.Fatal(err)
			}
			if err := bsvc.Follower().Poll(ctx); err != nil {
				t.Fatal(err)
			}
			lawfultest.AssertDenied(t, bsvc.Guard(), req, lawful.ErrConsentWithdrawn, "PIPL art. 15, through the other instance")
			clk.Advance(10 * time.Second)
			lawfultest.AssertDenied(t, bsvc.Guard(), req, lawful.ErrStoreUnavailable, "a follower that stopped polling fails closed past three intervals")
		})
	}
}
