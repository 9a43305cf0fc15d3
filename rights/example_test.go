package rights_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/lawfultest"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/retention"
	"github.com/lawfulgo/lawful/rights"
	"github.com/lawfulgo/lawful/subject"
)

func ExampleDeadline() {
	cst := time.FixedZone("CST", 8*3600)
	verified := time.Date(2026, 3, 2, 16, 30, 0, 0, cst) // a Monday afternoon
	p := rights.PIPL()                                   // 15 working days after verification
	due, err := rights.Deadline(verified, p.Term, p.Location, rights.Weekdays{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Term)
	fmt.Println("answer before", due.Format(time.RFC3339))
	// Output:
	// 15 working_days from verification
	// answer before 2026-03-24T00:00:00+08:00
}

func ExampleLastDay_months() {
	month := rights.GDPR().Term // one month from receipt, GDPR art. 12(3)
	for _, received := range []subject.Date{{Year: 2025, Month: 1, Day: 31}, {Year: 2026, Month: 1, Day: 31}} {
		last, _ := rights.LastDay(received, month, rights.Weekdays{})
		fmt.Println(received, "->", last)
	}
	// Output:
	// 2025-01-31 -> 2025-02-28
	// 2026-01-31 -> 2026-03-02
}

func ExampleParseHolidays() {
	// A schedule shaped like the State Council's yearly notice (these
	// dates are an illustration, not the official list): 1-5 May off,
	// Saturday 9 May worked instead (调休).
	cal, err := rights.ParseHolidays([]byte(`{
	  "name": "example",
	  "holidays": ["2026-05-01", "2026-05-02", "2026-05-03", "2026-05-04", "2026-05-05"],
	  "workdays": ["2026-05-09"]
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	term := rights.Term{N: 5, Unit: rights.WorkingDays, From: rights.FromVerification}
	verified := subject.Date{Year: 2026, Month: 4, Day: 29}
	last, _ := rights.LastDay(verified, term, cal)
	fmt.Println("with holidays:", last)
	last, _ = rights.LastDay(verified, term, rights.Weekdays{})
	fmt.Println("weekdays only:", last)
	// Output:
	// with holidays: 2026-05-09
	// weekdays only: 2026-05-06
}

// exampleDesk builds what a service has: a policy, a directory with one
// adult, a consent ledger, a retention tracker and a Desk on a fake clock.
func exampleDesk() (*rights.Desk, *retention.Tracker, *lawfultest.Clock, subject.ID) {
	ctx := context.Background()
	reg := purpose.MustCompile(purpose.Policy{
		Name:       purpose.Text{EN: "Voice Lab"},
		Controller: purpose.Controller{Name: purpose.Text{EN: "Voice Lab Ltd"}, Contact: "privacy@voicelab.example"},
		Regimes:    []pii.Law{pii.PIPL},
		Retention: []purpose.Retention{
			{ID: "account", Summary: purpose.Text{EN: "Until deleted, then 15 days"}, Rule: json.RawMessage(`{"grace":"P15D"}`)},
			{ID: "logs", Summary: purpose.Text{EN: "Six months"}, Rule: json.RawMessage(`{"keep":"P6M","minimum":"P6M","minimum_cites":"Cybersecurity Law art. 21(3)"}`)},
		},
		Purposes: []purpose.Purpose{
			{ID: "signup.login", Name: purpose.Text{EN: "Login"}, Core: true, Versions: []purpose.Version{{Number: 1}},
				Required: pii.MustParseSet("contact.phone"), Operations: purpose.OperationsOf(purpose.Collect, purpose.Use, purpose.Store),
				Basis: purpose.Legal{Basis: purpose.Contract}, Retention: "account"},
			{ID: "ops.logging", Name: purpose.Text{EN: "Network logs"}, Core: true, Versions: []purpose.Version{{Number: 1}},
				Required: pii.MustParseSet("device.ip"), Operations: purpose.OperationsOf(purpose.Collect, purpose.Store),
				Basis: purpose.Legal{Basis: purpose.LegalDuty, Cites: "Cybersecurity Law art. 21(3)"}, Retention: "logs"},
		},
	})
	clock := lawfultest.NewClock(time.Date(2026, 3, 2, 10, 0, 0, 0, time.FixedZone("CST", 8*3600)))
	me := subject.MustParseID("0192f000-0000-7000-8000-000000000001")
	dir := subject.NewMemDirectory(subject.Subject{ID: me, Birth: subject.Date{Year: 1990, Month: 5, Day: 17}, Jurisdiction: "CN", Status: subject.Active})
	ledger, _ := consent.NewLedger(consent.Config{Registry: reg, Directory: dir, Clock: clock})
	rules, _ := retention.Compile(reg)
	tracker, _ := retention.NewTracker(ctx, retention.Config{Rules: rules, Store: &retention.MemStore{}, Clock: clock})
	desk, err := rights.NewDesk(rights.Config{Policy: rights.PIPL(), Directory: dir, Clock: clock, Ledger: ledger, Retention: tracker})
	if err != nil {
		panic(err) // examples only: a service reports the error
	}
	return desk, tracker, clock, me
}

func ExampleDesk_Fulfil() {
	ctx := context.Background()
	desk, tracker, clock, me := exampleDesk()
	tracker.Track(ctx, retention.Item{Subject: me, Purpose: "signup.login", Categories: pii.MustParseSet("contact.phone"), Key: "user/1", Collected: clock.Now()})
	tracker.Track(ctx, retention.Item{Subject: me, Purpose: "ops.logging", Categories: pii.MustParseSet("device.ip"), Key: "log/1", Collected: clock.Now()})

	r, _ := desk.Receive(ctx, rights.Request{Kind: rights.Delete, Subject: me}, "web-form")
	clock.Advance(2 * time.Hour)
	r, _ = desk.Verify(ctx, r.ID, "agent:417", rights.Account)
	fmt.Println(r.State, "due", r.Due.Format("2006-01-02 15:04"))

	res, err := desk.Fulfil(ctx, r.ID, "agent:417")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, it := range res.Items {
		line := fmt.Sprint(it.Purpose, " ", it.Outcome, " until ", it.Until.Format("2006-01-02"))
		if it.Cites != "" {
			line += " (" + it.Cites + ")"
		}
		fmt.Println(line)
	}
	fmt.Println(res.Request.State)
	// Output:
	// verified due 2026-03-24 00:00
	// ops.logging restricted until 2026-09-03 (Cybersecurity Law art. 21(3))
	// signup.login scheduled until 2026-03-18
	// fulfilled
}

func ExampleDesk_Refuse() {
	ctx := context.Background()
	desk, _, _, me := exampleDesk()
	r, _ := desk.Receive(ctx, rights.Request{Kind: rights.Copy, Subject: me}, "web-form")
	r, _ = desk.Verify(ctx, r.ID, "agent:417", rights.Account)

	_, err := desk.Refuse(ctx, r.ID, "agent:417", rights.Refusal{Reasons: "we would rather not"})
	var re *rights.RefusalError
	fmt.Println(errors.Is(err, rights.ErrNoGround), errors.As(err, &re))

	r, err = desk.Refuse(ctx, r.ID, "agent:417", rights.Refusal{Ground: rights.TradeSecret, Reasons: "the recordings reveal our voice model"})
	fmt.Println(err, r.State, r.Refusal.Ground, "-", r.Refusal.Ground.Cites())
	// Output:
	// true true
	// <nil> refused trade_secret - GB/T 35273-2020 §8.7; 000 §5.6(6); 001 §5(6); GDPR recital 63
}
