package retention_test

import (
	"context"
	"fmt"
	"time"

	"github.com/lawfulgo/lawful/examples/policies"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/retention"
	"github.com/lawfulgo/lawful/subject"
)

type clock struct{ now time.Time }

func (c *clock) Now() time.Time { return c.now }

// Network logs are kept six months from collection (Cybersecurity Law art.
// 21(3)), even when the person asks for deletion first: the request
// restricts them to storage, and the sweeper erases them when the minimum
// is met.
func Example() {
	ctx := context.Background()
	reg, _ := policies.Open("clipo.json")
	rules, err := retention.Compile(reg)
	if err != nil {
		fmt.Println(err)
		return
	}
	c := &clock{now: time.Date(2026, 1, 15, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))}
	tracker, _ := retention.NewTracker(ctx, retention.Config{Rules: rules, Store: &retention.MemStore{}, Clock: c})
	eraser := retention.EraserFunc(func(_ context.Context, t retention.Timer) error {
		fmt.Printf("erase %s (%v)\n", t.Key, t.Action)
		return nil
	})
	sweeper, _ := retention.NewSweeper(tracker, eraser, retention.SweeperConfig{})

	who := subject.MustParseID("01890a5d-ac96-774b-bcce-b302099a8057")
	logs := pii.MustParseSet("activity.service_log")
	t, _ := tracker.Track(ctx, retention.Item{Subject: who, Purpose: "ops.logging", Categories: logs, Key: "logs/2026-01-15/42", Collected: c.now})
	fmt.Println("due:", t.Due.Format("2006-01-02 15:04"))

	c.now = c.now.AddDate(0, 1, 0)
	tracker.Trigger(ctx, retention.Event{Kind: retention.DeletionRequested, Subject: who, At: c.now})
	v, _ := tracker.Check(ctx, who, "ops.logging", logs, c.now)
	fmt.Println("after the request:", v.State, "until", v.Until.Format("2006-01-02"), "under", v.Cites)

	rep, _ := sweeper.Sweep(ctx)
	fmt.Println("erased now:", len(rep.Erased))
	c.now = t.Due
	rep, _ = sweeper.Sweep(ctx)
	fmt.Println("erased at the minimum:", len(rep.Erased), rep.Erased[0].Cause, rep.Erased[0].Verify() == nil)
	// Output:
	// due: 2026-07-16 00:00
	// after the request: restricted until 2026-07-16 under Cybersecurity Law art. 21(3)
	// erased now: 0
	// erase logs/2026-01-15/42 (delete)
	// erased at the minimum: 1 deletion_requested true
}
