// Command quickstart shows lawful on a real privacy policy: the Clipo
// voice-clone and digital-human service (seed 003), encoded as a policy
// file. It wires a lawful.Service from the policy (the whole setup is the
// first twenty lines of run), asks the Registry the questions the Guard
// asks on every request, runs the Guard on a few people (an adult, a
// 13-year-old and her mother), keeps a log through a deletion request,
// shows the errors the policy earns as the seed wrote it, and prints the
// PI collection list generated from the same Registry.
//
//	go run ./examples/quickstart
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/examples/policies"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/retention"
	"github.com/lawfulgo/lawful/subject"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	// The wiring: a policy, the people, a clock. Everything else (consent
	// ledger, retention, the Guard) lawful.New builds in memory; give it a
	// *sql.DB, sealing keys and an anchor database for production.
	ctx := context.Background()
	reg, err := policies.Open("clipo.json")
	if err != nil {
		return err
	}
	clk := &clock{time.Date(2026, 3, 1, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))}
	svc, err := lawful.New(ctx, lawful.Options{Policy: reg, Directory: people(clk), Clock: clk})
	if err != nil {
		return err
	}

	fmt.Fprintln(w, "lawful quickstart: the Clipo privacy policy (seed 003) as code")
	fmt.Fprintln(w)

	fmt.Fprintf(w, "1. The policy compiles: %d purposes under %v.\n\n", reg.Len(), reg.Regimes())
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "   purpose\tneed\tbasis\tsensitive categories (PIPL art. 28)")
	for _, c := range reg.Purposes() {
		legal, _ := c.Legal(pii.PIPL)
		need := "optional"
		if c.Core() {
			need = "core"
		}
		basis := legal.Basis.String() + " (" + legal.Basis.Citation(pii.PIPL)
		if legal.Cites != "" {
			basis += "; " + legal.Cites
		}
		basis += ")"
		sens := c.Sensitive(pii.PIPL).String()
		if sens == "" {
			sens = "-"
		}
		fmt.Fprintf(tw, "   %s\t%s\t%s\t%s\n", c.ID(), need, basis, sens)
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	fmt.Fprintln(w)
	fmt.Fprintln(w, "2. What the Guard will ask the Registry on every request (no allocations):")
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	ask := func(q string, answer bool, why string) {
		a := "no "
		if answer {
			a = "yes"
		}
		fmt.Fprintf(tw, "   %s\t%s\t%s\n", q, a, why)
	}
	if vc, ok := reg.Lookup("service.voice_clone"); ok {
		ask("may service.voice_clone collect biometric.voiceprint?", vc.Declares(purpose.Collect) && vc.Categories().Contains(pii.MustLookup("biometric.voiceprint")), "declared; basis consent, so the ledger decides")
		ask("may service.voice_clone share with an ad partner?", vc.Declares(purpose.Share), "share is not declared (PIPL art. 23)")
		ask("does it need separate consent?", !vc.Sensitive(pii.PIPL).IsEmpty(), "voice prints are sensitive PI (PIPL art. 29)")
	}
	if logs, ok := reg.Lookup("ops.logging"); ok {
		legal, _ := logs.Legal(pii.PIPL)
		ask("may ops.logging store logs without consent?", legal.Basis.IsExemption(), "legal duty, "+legal.Cites)
		ask("may ops.logging use contact.phone?", logs.Categories().Contains(pii.MustLookup("contact.phone")), "category not declared (PIPL art. 6)")
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	if err := guardTour(ctx, w, svc, clk); err != nil {
		return err
	}

	fmt.Fprintln(w)
	fmt.Fprintln(w, "5. The policy as the seed wrote it does not load; lawful says why, with the article:")
	fmt.Fprintln(w)
	_, err = policies.Open("clipo_as_written.json")
	var ve *purpose.ValidationError
	if !errors.As(err, &ve) {
		return fmt.Errorf("clipo_as_written.json: want validation errors, got %v", err)
	}
	// The most instructive first: exemptions PIPL does not have, then a
	// standard cited as if it were law.
	problems := slices.Clone(ve.Problems)
	rank := func(p purpose.Problem) int {
		switch s := p.String(); {
		case strings.Contains(s, "not a ground under PIPL"):
			return 0
		case strings.Contains(s, "standard"):
			return 1
		}
		return 2
	}
	slices.SortStableFunc(problems, func(a, b purpose.Problem) int { return rank(a) - rank(b) })
	const shown = 4
	for _, p := range problems[:min(shown, len(problems))] {
		fmt.Fprintf(w, "   - %s\n", p)
	}
	if n := len(ve.Problems) - shown; n > 0 {
		fmt.Fprintf(w, "   ... and %d more (examples/policies/README.md lists them all)\n", n)
	}

	fmt.Fprintln(w)
	fmt.Fprintln(w, "6. The PI collection list, generated from the same Registry (Markdown, first rows):")
	fmt.Fprintln(w)
	lines := strings.Split(strings.TrimRight(reg.CollectionList(purpose.EN), "\n"), "\n")
	rows := 0
	for _, line := range lines {
		if strings.HasPrefix(line, "| ") && !strings.HasPrefix(line, "| Purpose") && !strings.HasPrefix(line, "| ---") {
			if rows++; rows > 3 {
				continue
			}
			if len(line) > 160 {
				line = line[:strings.LastIndex(line[:160], " ")] + " …"
			}
		}
		fmt.Fprintln(w, "   "+line)
	}
	fmt.Fprintf(w, "   (%d rows in all: Registry.CollectionList(purpose.EN) or purpose.ZH)\n", rows)
	return nil
}

// clock is a settable clock, so the tour is reproducible.
type clock struct{ t time.Time }

func (c *clock) Now() time.Time { return c.t }

// The people of the tour: an adult, a 13-year-old and her mother.
var (
	adult = subject.MustParseID("019cb000-0000-7000-8000-00000000a001")
	kid   = subject.MustParseID("019cb000-0000-7000-8000-00000000c013")
	mum   = subject.MustParseID("019cb000-0000-7000-8000-00000000d040")
)

// people returns a directory of the tour's people, the mother linked to
// her daughter as a parent verified by document (PIPL art. 31).
func people(clk *clock) *subject.MemDirectory {
	date := func(y int, m time.Month, d int) subject.Date { v, _ := subject.NewDate(y, m, d); return v }
	return subject.NewMemDirectory(
		subject.Subject{ID: adult, Birth: date(1990, 5, 1), Jurisdiction: "CN", Status: subject.Active},
		subject.Subject{ID: kid, Birth: date(2012, 6, 1), Jurisdiction: "CN", Status: subject.Active, Links: []subject.Link{
			{ID: mum, Relation: subject.Parent, Verified: subject.Verification{Method: subject.Document, At: clk.t}}}},
		subject.Subject{ID: mum, Birth: date(1985, 2, 1), Jurisdiction: "CN", Status: subject.Active},
	)
}

// guardTour runs the Service's Guard on the people and prints one line
// per decision.
func guardTour(ctx context.Context, w io.Writer, svc *lawful.Service, clk *clock) error {
	ledger, guard := svc.Ledger(), svc.Guard()
	grant := func(who subject.ID, by subject.ID) (consent.Event, error) {
		return ledger.Append(ctx, consent.Event{Subject: who, Kind: consent.Grant, Form: consent.Separate, Notice: "2025-11-11",
			By: consent.Giver{Guardian: by}, Purposes: []consent.PurposeRef{{ID: "service.voice_clone"}}})
	}
	voice := func(who subject.ID, at time.Time) lawful.Request {
		return lawful.Request{Subject: who, Purpose: "service.voice_clone", Operation: purpose.Use,
			Categories: pii.MustParseSet("biometric.voice_sample"), At: at}
	}

	fmt.Fprintln(w)
	fmt.Fprintln(w, "3. The Guard on this policy (one line per decision):")
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	show := func(who string, r lawful.Request) {
		d := guard.Check(ctx, r)
		verdict, why := "ALLOW", "basis "+d.Basis.String()
		if d.Basis.Valid() {
			why += " (" + d.Basis.Citation(pii.PIPL) + ")"
		}
		if d.Obligations != 0 {
			why += "; obligations: " + d.Obligations.String()
		}
		if !d.Allowed() {
			verdict, why = "DENY", d.Reason.String()+": "+d.Reason.Hint()
		}
		fmt.Fprintf(tw, "   %s\t%s %s\t%s\t%s\n", who, r.Operation, r.Purpose, verdict, why)
	}
	show("adult, no consent yet", voice(adult, time.Time{}))
	g, err := grant(adult, subject.ID{})
	if err != nil {
		return err
	}
	show("adult, separate consent", voice(adult, time.Time{}))
	show("13-year-old, own consent", func() lawful.Request { _, _ = grant(kid, subject.ID{}); return voice(kid, time.Time{}) }())
	if _, err := grant(kid, mum); err != nil {
		return err
	}
	show("13-year-old, mother's consent", voice(kid, time.Time{}))
	clk.t = clk.t.Add(time.Hour)
	if _, err := ledger.Append(ctx, consent.Event{Subject: adult, Kind: consent.Withdraw, Purposes: []consent.PurposeRef{{ID: "service.voice_clone"}}}); err != nil {
		return err
	}
	show("adult, after withdrawing", voice(adult, time.Time{}))
	show("adult, at 10:30, before it", voice(adult, g.Effective.Add(30*time.Minute)))
	show("adult, logs without consent", lawful.Request{Subject: adult, Purpose: "ops.logging", Operation: purpose.Store, Categories: pii.MustParseSet("activity.service_log")})
	show("adult, logs shared with ads", lawful.Request{Subject: adult, Purpose: "ops.logging", Operation: purpose.Share, Categories: pii.MustParseSet("activity.service_log"), Recipient: "Ad Partner"})
	if err := tw.Flush(); err != nil {
		return err
	}
	return retentionTour(ctx, w, clk, guard, svc.Tracker(), adult)
}

// retentionTour keeps a network log six months (Cybersecurity Law art.
// 21(3)) through a deletion request, on the fake clock.
func retentionTour(ctx context.Context, w io.Writer, clk *clock, guard *lawful.Guard, tracker *retention.Tracker, adult subject.ID) error {
	fmt.Fprintln(w)
	fmt.Fprintln(w, "4. Retention on a fake clock: a network log outlives a deletion request by law:")
	fmt.Fprintln(w)
	logs := pii.MustParseSet("activity.service_log")
	tm, err := tracker.Track(ctx, retention.Item{Subject: adult, Purpose: "ops.logging", Categories: logs, Key: "logs/2026-03-01/0001", Collected: clk.t})
	if err != nil {
		return err
	}
	var erased []string
	sweeper, err := retention.NewSweeper(tracker, retention.EraserFunc(func(_ context.Context, t retention.Timer) error {
		erased = append(erased, t.Key) // a real Eraser deletes the row or object
		return nil
	}), retention.SweeperConfig{})
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	step := func(when, what, result string) { fmt.Fprintf(tw, "   %s\t%s\t%s\n", when, what, result) }
	day := func() string { return clk.t.Format("2006-01-02") }
	decide := func(op purpose.Operation) string {
		d := guard.Check(ctx, lawful.Request{Subject: adult, Purpose: "ops.logging", Operation: op, Categories: logs})
		if d.Allowed() {
			return "ALLOW  " + d.Obligations.String()
		}
		return "DENY   " + d.Reason.String() + ": " + d.Detail()
	}
	step(day(), "log collected", "due for erasure "+tm.Due.Format("2006-01-02 15:04")+" ("+tm.Rules[0]+" rule)")
	clk.t = clk.t.AddDate(0, 1, 0)
	if _, err := tracker.Trigger(ctx, retention.Event{Kind: retention.DeletionRequested, Subject: adult, At: clk.t}); err != nil {
		return err
	}
	step(day(), "the person asks for deletion", "restricted: PIPL art. 47 para 2")
	step(day(), "use the log", decide(purpose.Use))
	step(day(), "store the log", decide(purpose.Store))
	rep, err := sweeper.Sweep(ctx)
	if err != nil {
		return err
	}
	step(day(), "sweep", fmt.Sprintf("%d erased (the six-month minimum is not met)", len(rep.Erased)))
	clk.t = tm.Due
	if rep, err = sweeper.Sweep(ctx); err != nil {
		return err
	}
	for _, p := range rep.Erased {
		step(day(), "sweep", fmt.Sprintf("erased %v (%s): %s after %v; proof %s… verifies: %v", erased, p.Action, p.Rules[0], p.Cause, p.Digest[:12], p.Verify() == nil))
	}
	return tw.Flush()
}
