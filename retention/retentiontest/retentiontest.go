// Package retentiontest checks implementations of retention.Store against
// the contract documented on that interface, as consenttest does for
// consent stores and testing/fstest does for file systems.
//
// A store implementer runs the suite from the store's tests, under the race
// detector:
//
//	func TestMyStore(t *testing.T) {
//		retentiontest.TestStore(t, func(t *testing.T) retention.Store {
//			return mystore.New(openTestDB(t)) // fresh and empty; cleaned up by t.Cleanup
//		})
//	}
//
// Each sentence of the contract is a subtest named for it, with a fresh
// store from the factory. Times are compared as instants to the
// nanosecond; locations need not survive, and nil and empty slices are
// the same.
package retentiontest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/retention"
	"github.com/lawfulgo/lawful/subject"
)

// base is the instant fixtures start at; it has nanoseconds so a store
// that drops them fails.
var base = time.Date(2026, 3, 1, 10, 0, 0, 123456789, time.FixedZone("CST", 8*3600))

func sid(n byte) subject.ID {
	var id subject.ID
	id[0], id[15] = 0x01, n
	id[6] = 0x70 // version 7
	id[8] = 0x80 // RFC 9562 variant
	return id
}

// timer returns a pending fixture timer for subject s with key k, due
// after d (zero d: no due time).
func timer(s subject.ID, k string, d time.Duration) retention.Timer {
	it := retention.Item{Subject: s, Purpose: "ops.logging", Categories: pii.MustParseSet("activity.service_log"), Key: k, Collected: base}
	t := retention.Timer{ID: retention.TimerIDOf(s, it.Purpose, k), Item: it, Rules: []string{"logs"}, Action: retention.Delete, Cause: retention.Collected}
	if d != 0 {
		t.Due = base.Add(d)
	}
	return t
}

type check struct {
	name string
	run  func(t *testing.T, s retention.Store)
}

// TestStore runs the contract checks against stores from newStore, one
// fresh store per subtest.
func TestStore(t *testing.T, newStore func(t *testing.T) retention.Store) {
	t.Helper()
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) { c.run(t, newStore(t)) })
	}
}

func must(t *testing.T, err error, what string) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func sameTimer(t *testing.T, got, want retention.Timer, what string) {
	t.Helper()
	if err := diffTimer(got, want); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func diffTimer(got, want retention.Timer) error {
	eqT := func(a, b time.Time) bool { return a.Equal(b) && (a.IsZero() == b.IsZero()) }
	switch {
	case got.ID != want.ID, got.Subject != want.Subject, got.Purpose != want.Purpose, got.Key != want.Key,
		got.Categories != want.Categories, got.Cause != want.Cause, got.Action != want.Action,
		got.HeldBy != want.HeldBy, got.Attempts != want.Attempts, got.LastError != want.LastError,
		got.MinimumCites != want.MinimumCites:
		return fmt.Errorf("fields differ:\n got %+v\nwant %+v", got, want)
	case !eqT(got.Collected, want.Collected), !eqT(got.Due, want.Due), !eqT(got.RestrictedFrom, want.RestrictedFrom),
		!eqT(got.NotBefore, want.NotBefore), !eqT(got.Erased, want.Erased):
		return fmt.Errorf("times differ (nanoseconds must round-trip):\n got %+v\nwant %+v", got, want)
	case len(got.Rules) != len(want.Rules):
		return fmt.Errorf("rules %v, want %v", got.Rules, want.Rules)
	}
	for i := range got.Rules {
		if got.Rules[i] != want.Rules[i] {
			return fmt.Errorf("rules %v, want %v", got.Rules, want.Rules)
		}
	}
	return nil
}

func ids(ts []retention.Timer) []retention.TimerID {
	out := make([]retention.TimerID, len(ts))
	for i, t := range ts {
		out[i] = t.ID
	}
	return out
}

func proofFor(tm retention.Timer, at time.Time) retention.Proof {
	return retention.Proof{Timer: tm.ID, Subject: tm.Subject, Purpose: tm.Purpose, Categories: tm.Categories, Rules: tm.Rules, Cause: tm.Cause, Action: tm.Action, Due: tm.Due, Erased: at, Attempts: 1, Digest: "d"}
}

var checks = []check{
	{"saved_timers_round_trip_to_the_nanosecond", func(t *testing.T, s retention.Store) {
		ctx := context.Background()
		tm := timer(sid(1), "row-1", time.Hour)
		tm.RestrictedFrom, tm.NotBefore, tm.MinimumCites, tm.HeldBy, tm.Attempts, tm.LastError = base.Add(time.Minute), base.Add(2*time.Hour), "CSL art. 21(3)", "case-1", 2, "disk busy"
		must(t, s.SaveTimers(ctx, tm), "SaveTimers")
		got, err := s.Timer(ctx, tm.ID)
		must(t, err, "Timer")
		sameTimer(t, got, tm, "Timer after SaveTimers")
	}},
	{"save_upserts_by_id", func(t *testing.T, s retention.Store) {
		ctx := context.Background()
		tm := timer(sid(1), "row-1", time.Hour)
		must(t, s.SaveTimers(ctx, tm), "SaveTimers")
		tm.Due = base.Add(3 * time.Hour)
		tm.Rules = []string{"logs", "account"}
		must(t, s.SaveTimers(ctx, tm), "SaveTimers again")
		got, err := s.Timer(ctx, tm.ID)
		must(t, err, "Timer")
		sameTimer(t, got, tm, "the second save replaces the first")
		all, err := s.SubjectTimers(ctx, tm.Subject)
		must(t, err, "SubjectTimers")
		if len(all) != 1 {
			t.Fatalf("SubjectTimers: %d timers after upserting one, want 1", len(all))
		}
	}},
	{"the_store_keeps_copies", func(t *testing.T, s retention.Store) {
		ctx := context.Background()
		tm := timer(sid(1), "row-1", time.Hour)
		must(t, s.SaveTimers(ctx, tm), "SaveTimers")
		tm.Rules[0] = "changed"
		got, err := s.Timer(ctx, tm.ID)
		must(t, err, "Timer")
		if got.Rules[0] != "logs" {
			t.Fatal("changing the caller's Rules after SaveTimers changed the stored timer")
		}
		got.Rules[0] = "changed"
		again, _ := s.Timer(ctx, tm.ID)
		if again.Rules[0] != "logs" {
			t.Fatal("changing a returned timer changed the stored one")
		}
	}},
	{"unknown_timer_is_ErrNotFound", func(t *testing.T, s retention.Store) {
		_, err := s.Timer(context.Background(), "nope")
		if !errors.Is(err, retention.ErrNotFound) {
			t.Fatalf("Timer(unknown) = %v, want an error matching retention.ErrNotFound", err)
		}
		_, err = s.Complete(context.Background(), retention.Proof{Timer: "nope", Erased: base})
		if !errors.Is(err, retention.ErrNotFound) {
			t.Fatalf("Complete(unknown) = %v, want an error matching retention.ErrNotFound", err)
		}
	}},
	{"subject_timers_are_in_id_order_and_only_the_subjects", func(t *testing.T, s retention.Store) {
		ctx := context.Background()
		var want []retention.TimerID
		for _, k := range []string{"c", "a", "b", "d"} {
			tm := timer(sid(1), k, time.Hour)
			must(t, s.SaveTimers(ctx, tm), "SaveTimers")
			want = append(want, tm.ID)
		}
		must(t, s.SaveTimers(ctx, timer(sid(2), "a", time.Hour)), "SaveTimers other subject")
		got, err := s.SubjectTimers(ctx, sid(1))
		must(t, err, "SubjectTimers")
		sortIDs(want)
		if fmt.Sprint(ids(got)) != fmt.Sprint(want) {
			t.Fatalf("SubjectTimers = %v, want %v", ids(got), want)
		}
		none, err := s.SubjectTimers(ctx, sid(9))
		must(t, err, "SubjectTimers of a subject with none")
		if len(none) != 0 {
			t.Fatalf("a subject with no timers has %d", len(none))
		}
	}},
	{"save_is_all_or_none", func(t *testing.T, s retention.Store) {
		ctx := context.Background()
		good := timer(sid(1), "good", time.Hour)
		bad := timer(sid(1), "bad", time.Hour)
		bad.ID = ""
		if err := s.SaveTimers(ctx, good, bad); err == nil {
			t.Fatal("SaveTimers accepted a timer without an ID")
		}
		if _, err := s.Timer(ctx, good.ID); !errors.Is(err, retention.ErrNotFound) {
			t.Fatalf("a refused SaveTimers stored part of its batch (Timer = %v)", err)
		}
	}},
	{"due_returns_pending_due_timers_in_due_then_id_order_up_to_limit", func(t *testing.T, s retention.Store) {
		ctx := context.Background()
		a := timer(sid(1), "a", 2*time.Hour)
		b := timer(sid(1), "b", time.Hour)
		c := timer(sid(2), "c", time.Hour)
		late := timer(sid(1), "late", 5*time.Hour)
		never := timer(sid(1), "never", 0)
		backoff := timer(sid(1), "backoff", time.Hour)
		backoff.NotBefore = base.Add(4 * time.Hour)
		done := timer(sid(1), "done", time.Hour)
		must(t, s.SaveTimers(ctx, a, b, c, late, never, backoff, done), "SaveTimers")
		if _, err := s.Complete(ctx, proofFor(done, base.Add(time.Hour))); err != nil {
			t.Fatalf("Complete: %v", err)
		}
		got, err := s.Due(ctx, base.Add(3*time.Hour), 10)
		must(t, err, "Due")
		first := []retention.TimerID{b.ID, c.ID}
		sortIDs(first)
		want := append(first, a.ID)
		if fmt.Sprint(ids(got)) != fmt.Sprint(want) {
			t.Fatalf("Due = %v, want %v (due ones, by Due then ID; not erased, not waiting on NotBefore, not undated, not later)", ids(got), want)
		}
		got, err = s.Due(ctx, base.Add(3*time.Hour), 2)
		must(t, err, "Due with limit")
		if len(got) != 2 {
			t.Fatalf("Due(limit 2) returned %d", len(got))
		}
		got, err = s.Due(ctx, base.Add(4*time.Hour), 10)
		must(t, err, "Due")
		if len(got) != 4 {
			t.Fatalf("Due at NotBefore returned %v, want the backed-off timer too", ids(got))
		}
	}},
	{"pending_pages_not_erased_timers_by_id", func(t *testing.T, s retention.Store) {
		ctx := context.Background()
		var all []retention.Timer
		for i := range 7 {
			all = append(all, timer(sid(byte(i%3)), fmt.Sprint("k", i), time.Hour))
		}
		must(t, s.SaveTimers(ctx, all...), "SaveTimers")
		if _, err := s.Complete(ctx, proofFor(all[3], base)); err != nil {
			t.Fatal(err)
		}
		var seen []retention.TimerID
		var after retention.TimerID
		for {
			page, err := s.Pending(ctx, after, 2)
			must(t, err, "Pending")
			if len(page) == 0 {
				break
			}
			if len(page) > 2 {
				t.Fatalf("Pending(limit 2) returned %d", len(page))
			}
			seen = append(seen, ids(page)...)
			after = page[len(page)-1].ID
		}
		var want []retention.TimerID
		for i, tm := range all {
			if i != 3 {
				want = append(want, tm.ID)
			}
		}
		sortIDs(want)
		if fmt.Sprint(seen) != fmt.Sprint(want) {
			t.Fatalf("paging Pending saw %v, want %v", seen, want)
		}
	}},
	{"complete_is_idempotent_and_final", func(t *testing.T, s retention.Store) {
		ctx := context.Background()
		tm := timer(sid(1), "row", time.Hour)
		must(t, s.SaveTimers(ctx, tm), "SaveTimers")
		p := proofFor(tm, base.Add(time.Hour))
		fresh, err := s.Complete(ctx, p)
		must(t, err, "Complete")
		if !fresh {
			t.Fatal("the first Complete reported the timer already erased")
		}
		p2 := p
		p2.Erased = base.Add(2 * time.Hour)
		fresh, err = s.Complete(ctx, p2)
		must(t, err, "Complete again")
		if fresh {
			t.Fatal("a second Complete reported a fresh erasure")
		}
		ps, err := s.Proofs(ctx, tm.Subject)
		must(t, err, "Proofs")
		if len(ps) != 1 || !ps[0].Erased.Equal(p.Erased) || ps[0].Digest != p.Digest {
			t.Fatalf("Proofs = %+v, want the first proof only", ps)
		}
		got, err := s.Timer(ctx, tm.ID)
		must(t, err, "Timer")
		if !got.Erased.Equal(p.Erased) {
			t.Fatalf("Erased = %v, want %v", got.Erased, p.Erased)
		}
		tm.Due = base.Add(9 * time.Hour)
		must(t, s.SaveTimers(ctx, tm), "SaveTimers on an erased timer")
		got, _ = s.Timer(ctx, tm.ID)
		if !got.Erased.Equal(p.Erased) || !got.Due.Equal(base.Add(time.Hour)) {
			t.Fatal("saving an erased timer changed it; erased timers are final")
		}
	}},
	{"proofs_round_trip", func(t *testing.T, s retention.Store) {
		ctx := context.Background()
		tm := timer(sid(1), "row", time.Hour)
		must(t, s.SaveTimers(ctx, tm), "SaveTimers")
		p := proofFor(tm, base.Add(time.Hour))
		p.KeyDigest = "abc"
		p.KeyShredded = true // an erasure by crypto-shredding keeps saying so
		if _, err := s.Complete(ctx, p); err != nil {
			t.Fatal(err)
		}
		ps, err := s.Proofs(ctx, tm.Subject)
		must(t, err, "Proofs")
		if len(ps) != 1 {
			t.Fatalf("%d proofs", len(ps))
		}
		g := ps[0]
		if g.Timer != p.Timer || g.Subject != p.Subject || g.Purpose != p.Purpose || g.Categories != p.Categories ||
			g.KeyDigest != p.KeyDigest || fmt.Sprint(g.Rules) != fmt.Sprint(p.Rules) || g.Cause != p.Cause ||
			g.Action != p.Action || !g.Due.Equal(p.Due) || !g.Erased.Equal(p.Erased) || g.Attempts != p.Attempts || g.Digest != p.Digest ||
			g.KeyShredded != p.KeyShredded {
			t.Fatalf("proof changed in the store:\n got %+v\nwant %+v", g, p)
		}
	}},
	{"events_are_the_subjects_plus_terminations_in_order", func(t *testing.T, s retention.Store) {
		ctx := context.Background()
		es := []retention.Event{
			{Kind: retention.DeletionRequested, Subject: sid(1), Purpose: "ops.logging", Categories: pii.MustParseSet("activity.service_log"), Key: "k", At: base},
			{Kind: retention.AccountClosed, Subject: sid(2), At: base.Add(time.Minute)},
			{Kind: retention.ServiceTerminated, At: base.Add(time.Hour)},
			{Kind: retention.ConsentWithdrawn, Subject: sid(1), Purpose: purpose.ID("p"), At: base.Add(2 * time.Hour)},
		}
		for _, e := range es {
			must(t, s.AddEvent(ctx, e), "AddEvent")
		}
		got, err := s.Events(ctx, sid(1))
		must(t, err, "Events")
		want := []retention.Event{es[0], es[2], es[3]}
		if len(got) != len(want) {
			t.Fatalf("Events = %+v, want %+v", got, want)
		}
		for i := range want {
			g, w := got[i], want[i]
			if g.Kind != w.Kind || g.Subject != w.Subject || g.Purpose != w.Purpose || g.Categories != w.Categories || g.Key != w.Key || !g.At.Equal(w.At) {
				t.Fatalf("Events[%d] = %+v, want %+v", i, g, w)
			}
		}
	}},
	{"holds_upsert_and_list_in_id_order", func(t *testing.T, s retention.Store) {
		ctx := context.Background()
		h2 := retention.Hold{ID: "case-2", Reason: retention.Audit, From: base}
		h1 := retention.Hold{ID: "case-1", Reason: retention.Litigation, Subject: sid(1), Categories: pii.MustParseSet("activity.service_log"), Note: "n", From: base, Until: base.Add(time.Hour)}
		must(t, s.SaveHold(ctx, h2), "SaveHold")
		must(t, s.SaveHold(ctx, h1), "SaveHold")
		h2.Released = base.Add(time.Minute)
		must(t, s.SaveHold(ctx, h2), "SaveHold again")
		got, err := s.Holds(ctx)
		must(t, err, "Holds")
		if len(got) != 2 || got[0].ID != "case-1" || got[1].ID != "case-2" {
			t.Fatalf("Holds = %+v, want case-1 then case-2", got)
		}
		g := got[0]
		if g.Reason != h1.Reason || g.Subject != h1.Subject || g.Categories != h1.Categories || g.Note != h1.Note || !g.From.Equal(h1.From) || !g.Until.Equal(h1.Until) || !g.Released.IsZero() {
			t.Fatalf("hold changed in the store: %+v, want %+v", g, h1)
		}
		if !got[1].Released.Equal(h2.Released) {
			t.Fatalf("the second save of case-2 did not replace it: %+v", got[1])
		}
	}},
	{"disclosures_are_kept_per_subject_in_order", func(t *testing.T, s retention.Store) {
		ctx := context.Background()
		ds := []retention.Disclosure{
			{Subject: sid(1), Purpose: "p", Categories: pii.MustParseSet("contact.phone"), Operation: purpose.Share, Recipient: "A", At: base},
			{Subject: sid(2), Purpose: "p", Categories: pii.MustParseSet("contact.phone"), Operation: purpose.Share, Recipient: "B", At: base},
			{Subject: sid(1), Purpose: "q", Categories: pii.MustParseSet("contact.email"), Operation: purpose.Entrust, Recipient: "C", At: base.Add(time.Second)},
		}
		for _, d := range ds {
			must(t, s.AddDisclosure(ctx, d), "AddDisclosure")
		}
		got, err := s.Disclosures(ctx, sid(1))
		must(t, err, "Disclosures")
		if len(got) != 2 || got[0].Recipient != "A" || got[1].Recipient != "C" || got[1].Operation != purpose.Entrust || got[1].Categories != ds[2].Categories || !got[1].At.Equal(ds[2].At) {
			t.Fatalf("Disclosures = %+v, want A then C", got)
		}
	}},
	{"done_context_is_an_error", func(t *testing.T, s retention.Store) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		tm := timer(sid(1), "row", time.Hour)
		if err := s.SaveTimers(ctx, tm); !errors.Is(err, context.Canceled) {
			t.Fatalf("SaveTimers with a done context = %v, want context.Canceled", err)
		}
		if _, err := s.Due(ctx, base, 1); !errors.Is(err, context.Canceled) {
			t.Fatalf("Due with a done context = %v, want context.Canceled", err)
		}
		if _, err := s.SubjectTimers(context.Background(), tm.Subject); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.SubjectTimers(context.Background(), tm.Subject); len(got) != 0 {
			t.Fatal("SaveTimers with a done context stored the timer")
		}
	}},
	{"concurrent_saves_and_completes_are_safe", func(t *testing.T, s retention.Store) {
		ctx := context.Background()
		var wg sync.WaitGroup
		errs := make(chan error, 64)
		for w := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range 8 {
					tm := timer(sid(byte(w)), fmt.Sprint(i), time.Hour)
					if err := s.SaveTimers(ctx, tm); err != nil {
						errs <- err
						return
					}
					if _, err := s.Complete(ctx, proofFor(tm, base.Add(time.Hour))); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		for w := range 8 {
			ps, err := s.Proofs(ctx, sid(byte(w)))
			must(t, err, "Proofs")
			if len(ps) != 8 {
				t.Fatalf("subject %d has %d proofs, want 8", w, len(ps))
			}
		}
	}},
}

func sortIDs(s []retention.TimerID) { slices.Sort(s) }
