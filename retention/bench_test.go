package retention_test

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/lawfulgo/lawful/examples/policies"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/retention"
	"github.com/lawfulgo/lawful/subject"
)

func benchTracker(b *testing.B) (*retention.Tracker, *clock) {
	reg, err := policies.Open("clipo.json")
	if err != nil {
		b.Fatal(err)
	}
	rules, err := retention.Compile(reg)
	if err != nil {
		b.Fatal(err)
	}
	c := &clock{now: time.Date(2026, 1, 15, 10, 0, 0, 0, time.UTC)}
	tr, err := retention.NewTracker(context.Background(), retention.Config{Rules: rules, Store: &retention.MemStore{}, Clock: c})
	if err != nil {
		b.Fatal(err)
	}
	return tr, c
}

// BenchmarkCheck is the Guard's retention question for a subject with a
// restricted item (cached): the hot path, which must not allocate.
func BenchmarkCheck(b *testing.B) {
	ctx := context.Background()
	tr, c := benchTracker(b)
	who := subject.MustParseID("01890a5d-ac96-774b-bcce-b302099a8057")
	logs := pii.MustParseSet("activity.service_log")
	for i := range 5 {
		if _, err := tr.Track(ctx, retention.Item{Subject: who, Purpose: "ops.logging", Categories: logs, Key: string(rune('a' + i)), Collected: c.now}); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := tr.Trigger(ctx, retention.Event{Kind: retention.DeletionRequested, Subject: who, At: c.now}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		v, err := tr.Check(ctx, who, "ops.logging", logs, c.now)
		if err != nil || v.State != retention.Restricted {
			b.Fatal(v, err)
		}
	}
}

// BenchmarkTrack starts one timer, for 1,000 subjects in turn (each with
// a growing number of items).
func BenchmarkTrack(b *testing.B) {
	ctx := context.Background()
	tr, c := benchTracker(b)
	logs := pii.MustParseSet("activity.service_log")
	var who [1000]subject.ID
	for i := range who {
		who[i] = subject.MustParseID(fmt.Sprintf("01890a5d-ac96-774b-bcce-%012d", i))
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		if _, err := tr.Track(ctx, retention.Item{Subject: who[i%len(who)], Purpose: "ops.logging", Categories: logs, Key: strconv.Itoa(i), Collected: c.now}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPeriodEnd is the civil-date arithmetic behind every schedule.
func BenchmarkPeriodEnd(b *testing.B) {
	p := retention.Period{Years: 1, Months: 6, Days: 15}
	at := time.Date(2024, 1, 31, 10, 0, 0, 0, time.UTC)
	for b.Loop() {
		_ = p.End(at)
	}
}
