package sqlstoretest_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/lawfulgo/lawful/clock"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/lawfultest"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/retention"
	"github.com/lawfulgo/lawful/sqlstore/internal/fixture"
)

// TestWhatCompilesWorksInEveryStore is issue 15 §1: one range of instants
// for every store. A retention rule of P300Y or P9999Y compiles, and an
// item tracked under it works end to end in memory, SQLite and PostgreSQL:
// its end saturates to clock.Max, which every store holds, and it is never
// due. A consent expiring on the last day of the range round-trips.
func TestWhatCompilesWorksInEveryStore(t *testing.T) {
	type target struct {
		name  string
		store func(t *testing.T) (retention.Store, consent.Store, consent.Anchor)
	}
	targets := []target{{"memory", func(t *testing.T) (retention.Store, consent.Store, consent.Anchor) {
		return &retention.MemStore{}, consent.NewMemStore(), consent.NewMemAnchor()
	}}}
	for _, b := range backends {
		targets = append(targets, target{b.name, func(t *testing.T) (retention.Store, consent.Store, consent.Anchor) {
			b.skipUnavailable(t)
			st := b.store(t)
			return st.Retention(), st.Consent(), st.Anchors()
		}})
	}
	for _, keep := range []string{"P300Y", "P9999Y"} {
		for _, tg := range targets {
			t.Run(keep+"/"+tg.name, func(t *testing.T) {
				rs, cs, an := tg.store(t)
				rangeCase(t, keep, rs, cs, an)
			})
		}
	}
}

func rangeCase(t *testing.T, keep string, rs retention.Store, cs consent.Store, an consent.Anchor) {
	ctx := context.Background()
	rule, _ := json.Marshal(map[string]string{"keep": keep, "action": "delete"})
	pol := fixture.Registry().Policy()
	pol.Retention[0].Rule = rule
	reg, err := purpose.Compile(pol)
	if err != nil {
		t.Fatal(err)
	}
	rules, err := retention.Compile(reg)
	if err != nil {
		t.Fatalf("a %s rule must compile: %v", keep, err)
	}
	clk := lawfultest.NewClock(lawfultest.DefaultStart)
	tr, err := retention.NewTracker(ctx, retention.Config{Rules: rules, Store: rs, Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	id := fixture.Subject(0)
	tm, err := tr.Track(ctx, retention.Item{Subject: id, Purpose: fixture.Purpose, Categories: pii.MustParseSet("contact.phone"), Key: "k1", Collected: clk.Now()})
	if err != nil {
		t.Fatalf("tracking under a %s rule: %v", keep, err)
	}
	if !tm.Due.Equal(clock.Max()) {
		t.Fatalf("due %v, want the end of the range %v", tm.Due, clock.Max())
	}
	back, err := rs.Timer(ctx, tm.ID)
	if err != nil || !back.Due.Equal(clock.Max()) {
		t.Fatalf("the store returned due %v (%v), want %v", back.Due, err, clock.Max())
	}
	due, err := rs.Due(ctx, clock.Max().Add(-time.Nanosecond), 10)
	if err != nil || len(due) != 0 {
		t.Fatalf("Due at the last instant of the range = %v, %v; want nothing due", due, err)
	}

	l, err := consent.NewLedger(consent.Config{Registry: reg, Directory: fixture.Directory(1), Store: cs, Keys: fixture.Keys(), Anchor: an, Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	last := clock.Max().Add(-time.Nanosecond)
	g := fixture.Grant(id)
	g.Expires = last
	if _, err := l.Append(ctx, g); err != nil {
		t.Fatalf("a grant expiring at the last instant of the range: %v", err)
	}
	l.Invalidate(id)
	st, err := l.StateAt(ctx, id, last.Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	p, _ := reg.Lookup(fixture.Purpose)
	if a := st.Consent(p, ""); a.Status != consent.Given || !a.Until.Equal(last) {
		t.Fatalf("consent before its expiry at the end of the range: %+v", a)
	}
}
