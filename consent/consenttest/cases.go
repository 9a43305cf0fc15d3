package consenttest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/subject"
)

// contracts are the checks, in the order of consent.Store's contract, then
// consent.ChangeFeed's. Each quotes the sentence it enforces.
var contracts = append(storeContracts, feedContracts...)

// storeContracts check consent.Store.
var storeContracts = []contract{
	{
		name:     "empty_subject_loads_nil",
		contract: "Load returns ... nil and no error for a subject with none.",
		explain:  "Load of a subject never appended to, on an empty store and on one holding another subject's events, returns no events (nil or empty) and a nil error.",
		check: func(ctx context.Context, s consent.Store) error {
			if err := expectLedger(ctx, s, subjA, nil, "on an empty store"); err != nil {
				return err
			}
			if err := appendOK(ctx, s, subjB, 0, Chain(subjB, 2, t0), "appending to subject B"); err != nil {
				return err
			}
			return expectLedger(ctx, s, subjA, nil, "after appending to subject B")
		},
	},
	{
		name:     "append_then_load_round_trips",
		contract: "Load returns the subject's events in Seq order, equal to what was appended.",
		explain:  "six events that set every field (times with nanoseconds and zones, a guardian, recipients, expiry, evidence) are appended in batches of 1, 3, 1 and 1; after each, Load returns exactly the events so far, compared field by field and by canonical encoding, and they verify as a hash chain.",
		check: func(ctx context.Context, s consent.Store) error {
			want := varied(subjA)
			for _, b := range [][2]int{{0, 1}, {1, 4}, {4, 5}, {5, 6}} {
				what := "appending " + seqRange(b[0]+1, b[1])
				if err := appendOK(ctx, s, subjA, uint64(b[0]), want[b[0]:b[1]], what); err != nil {
					return err
				}
				if err := expectLedger(ctx, s, subjA, want[:b[1]], "after "+what); err != nil {
					return err
				}
			}
			got, err := s.Load(ctx, subjA)
			if err != nil {
				return fmt.Errorf("Load(subject A) = error %w", err)
			}
			if err := consent.Verify(got); err != nil {
				return fmt.Errorf("loaded ledger does not verify: %w", err)
			}
			return nil
		},
	},
	{
		name:     "conflicting_expect_writes_nothing",
		contract: "if the store holds a different last Seq, Append writes nothing and returns an error wrapping ErrConflict.",
		explain:  "Append with expect 1 to an empty subject, and with expect 0, 1, 2 (too low) or 4, 9 (too high) to a subject holding seq 1-3, each with events numbered from expect+1, fails with ErrConflict and leaves the ledger as it was; expect 3 then succeeds.",
		check: func(ctx context.Context, s consent.Store) error {
			high := Seal(consent.Head{Seq: 1, Hash: [32]byte{1}}, grant(subjA, t0, "expect 1 on empty"))
			if err := expectConflict(ctx, s, subjA, 1, high, "subject A empty"); err != nil {
				return err
			}
			if err := expectLedger(ctx, s, subjA, nil, "after a refused Append with expect 1 to an empty subject"); err != nil {
				return err
			}
			ledger := Chain(subjA, 3, t0)
			if err := appendOK(ctx, s, subjA, 0, ledger, "appending seq 1-3"); err != nil {
				return err
			}
			for _, expect := range []uint64{0, 1, 2, 4, 9} {
				head := consent.Head{Seq: expect, Hash: [32]byte{byte(expect)}}
				if expect <= 3 {
					head = consent.HeadOf(ledger[:expect])
				}
				batch := Seal(head, grants(subjA, 2, t0.Add(time.Hour), fmt.Sprintf("expect %d", expect))...)
				if err := expectConflict(ctx, s, subjA, expect, batch, "subject A holding seq 1-3"); err != nil {
					return err
				}
				if err := expectLedger(ctx, s, subjA, ledger, fmt.Sprintf("after a refused Append with expect %d", expect)); err != nil {
					return err
				}
			}
			next := Seal(consent.HeadOf(ledger), grant(subjA, t0.Add(2*time.Hour), "expect 3"))
			if err := appendOK(ctx, s, subjA, 3, next, "appending with the right expect 3 after refused Appends"); err != nil {
				return err
			}
			return expectLedger(ctx, s, subjA, append(ledger, next...), "after appending seq 4")
		},
	},
	{
		name:     "multi_event_append_is_all_or_nothing",
		contract: "Append writes events for one subject atomically: all or none. ... The events carry consecutive Seq from expect+1.",
		explain:  "to a subject holding seq 1-2, three-event Appends with a stale expect, or whose first, second or third event is misnumbered (a gap, a repeat), each return an error and write none of the three; a well-numbered three-event Append then writes all three.",
		check: func(ctx context.Context, s consent.Store) error {
			ledger := Chain(subjA, 2, t0)
			if err := appendOK(ctx, s, subjA, 0, ledger, "appending seq 1-2"); err != nil {
				return err
			}
			three := func(tag string, head consent.Head, renumber func([]consent.Event)) []consent.Event {
				events := Seal(head, grants(subjA, 3, t0.Add(time.Hour), tag)...)
				if renumber != nil {
					renumber(events)
					for i := range events {
						events[i].Hash = events[i].ComputeHash()
					}
				}
				return events
			}
			head := consent.HeadOf(ledger)
			for _, b := range []struct {
				what   string
				expect uint64
				events []consent.Event
			}{
				{"three events with a stale expect 1 (the subject holds seq 2)", 1, three("stale", consent.HeadOf(ledger[:1]), nil)},
				{"three events numbered 4, 5, 6 with expect 2", 2, three("first", head, func(e []consent.Event) { e[0].Seq, e[1].Seq, e[2].Seq = 4, 5, 6 })},
				{"three events numbered 3, 5, 6 with expect 2", 2, three("gap", head, func(e []consent.Event) { e[1].Seq, e[2].Seq = 5, 6 })},
				{"three events numbered 3, 3, 4 with expect 2", 2, three("repeat", head, func(e []consent.Event) { e[1].Seq, e[2].Seq = 3, 4 })},
				{"three events numbered 3, 4, 4 with expect 2", 2, three("last", head, func(e []consent.Event) { e[2].Seq = 4 })},
			} {
				if err := s.Append(ctx, subjA, b.expect, clone(b.events)...); err == nil {
					return fmt.Errorf("Append(subject A, expect %d) of %s = nil, want an error", b.expect, b.what)
				}
				if err := expectLedger(ctx, s, subjA, ledger, "after a refused Append of "+b.what); err != nil {
					return err
				}
			}
			all := three("whole", head, nil)
			if err := appendOK(ctx, s, subjA, 2, all, "appending seq 3-5 after refused Appends"); err != nil {
				return err
			}
			return expectLedger(ctx, s, subjA, append(ledger, all...), "after appending seq 3-5")
		},
	},
	{
		name:     "events_of_another_subject_are_refused",
		contract: "Append writes events for one subject atomically: all or none.",
		explain:  "an Append for subject A of events whose Subject is B (one event, or the second of three) returns an error and writes nothing for A or B: a store must not file one subject's events in another's ledger.",
		check: func(ctx context.Context, s consent.Store) error {
			mixed := grants(subjA, 3, t0, "mixed")
			mixed[1].Subject = subjB
			for _, b := range []struct {
				what   string
				events []consent.Event
			}{
				{"one event of subject B", Seal(consent.Head{}, grant(subjB, t0, "lone"))},
				{"three events whose second is subject B's", Seal(consent.Head{}, mixed...)},
			} {
				if err := s.Append(ctx, subjA, 0, clone(b.events)...); err == nil {
					return fmt.Errorf("Append(subject A, expect 0) of %s = nil, want an error", b.what)
				}
				for _, id := range []subject.ID{subjA, subjB} {
					if err := expectLedger(ctx, s, id, nil, "after a refused Append of "+b.what); err != nil {
						return err
					}
				}
			}
			return nil
		},
	},
	{
		name:     "subjects_are_independent",
		contract: "expect is the Seq of the subject's last stored event as the caller saw it (0 for a subject with none).",
		explain:  "interleaved Appends to subjects A (3 events) and B (2) each take their own subject's last Seq; B with A's last Seq 3 conflicts; C, still empty, takes expect 0; each Load returns only its subject's events.",
		check: func(ctx context.Context, s consent.Store) error {
			a, b := Chain(subjA, 3, t0), Chain(subjB, 2, t0.Add(time.Hour))
			for _, st := range []struct {
				id       subject.ID
				ledger   []consent.Event
				from, to int
			}{{subjA, a, 0, 1}, {subjB, b, 0, 1}, {subjA, a, 1, 3}, {subjB, b, 1, 2}} {
				what := fmt.Sprintf("appending %s to subject %s", seqRange(st.from+1, st.to), who(st.id))
				if err := appendOK(ctx, s, st.id, uint64(st.from), st.ledger[st.from:st.to], what); err != nil {
					return err
				}
			}
			if err := errors.Join(
				expectLedger(ctx, s, subjA, a, "after interleaved Appends"),
				expectLedger(ctx, s, subjB, b, "after interleaved Appends"),
			); err != nil {
				return err
			}
			wrong := Seal(consent.HeadOf(a), grant(subjB, t0.Add(2*time.Hour), "A's expect"))
			if err := expectConflict(ctx, s, subjB, 3, wrong, "subject B holding seq 1-2, A 1-3"); err != nil {
				return err
			}
			c := Chain(subjC, 1, t0)
			if err := appendOK(ctx, s, subjC, 0, c, "appending seq 1 to subject C"); err != nil {
				return err
			}
			return errors.Join(
				expectLedger(ctx, s, subjA, a, "at the end"),
				expectLedger(ctx, s, subjB, b, "at the end"),
				expectLedger(ctx, s, subjC, c, "at the end"),
			)
		},
	},
	{
		name:     "loaded_events_are_copies",
		contract: "Load returns the subject's events ... (deep copies: the caller may modify them).",
		explain:  "after the caller overwrites every element of the Purposes and Recipients slices, the fields, and the slice of events a Load returned, another Load returns the events as appended.",
		check: func(ctx context.Context, s consent.Store) error {
			want := varied(subjA)
			if err := appendOK(ctx, s, subjA, 0, want, "appending seq 1-6"); err != nil {
				return err
			}
			got, err := s.Load(ctx, subjA)
			if err != nil {
				return fmt.Errorf("Load(subject A) = error %w", err)
			}
			scribble(got)
			return expectLedger(ctx, s, subjA, want, "after changing the events, and their slices, that an earlier Load returned")
		},
	},
	{
		name:     "appended_events_are_copied",
		contract: "Load returns the subject's events in Seq order, equal to what was appended.",
		explain:  "what was appended is the events as they were when Append returned: after the caller overwrites the events it passed and every element of their Purposes and Recipients slices, Load returns the events as appended.",
		check: func(ctx context.Context, s consent.Store) error {
			batch := varied(subjA)
			want := clone(batch)
			if err := s.Append(ctx, subjA, 0, batch...); err != nil {
				return fmt.Errorf("Append(subject A, expect 0, seq 1-6) = error %w, want nil", err)
			}
			scribble(batch)
			return expectLedger(ctx, s, subjA, want, "after changing the events, and their slices, passed to a successful Append")
		},
	},
	{
		name:     "done_context_is_an_error",
		contract: "Both return ctx.Err() (wrapped) when ctx is done before they act.",
		explain:  "with a cancelled context and with an expired deadline, Append (to a subject with events and to an empty one) and Load (of both) return errors wrapping context.Canceled or context.DeadlineExceeded, and the Appends write nothing.",
		check: func(ctx context.Context, s consent.Store) error {
			ledger := Chain(subjA, 2, t0)
			if err := appendOK(ctx, s, subjA, 0, ledger, "appending seq 1-2"); err != nil {
				return err
			}
			cancelled, cancel := context.WithCancel(ctx)
			cancel()
			expired, cancel := context.WithDeadline(ctx, time.Unix(0, 0))
			defer cancel()
			var errs []error
			for _, c := range []struct {
				ctx  context.Context
				want error
			}{{cancelled, context.Canceled}, {expired, context.DeadlineExceeded}} {
				next := Seal(consent.HeadOf(ledger), grant(subjA, t0.Add(time.Hour), "done ctx"))
				errs = append(errs,
					expectCtxErr(c.want, "Append(subject A, expect 2)", s.Append(c.ctx, subjA, 2, next...)),
					expectCtxErr(c.want, "Append(subject C, expect 0)", s.Append(c.ctx, subjC, 0, Chain(subjC, 1, t0)...)),
				)
				_, err := s.Load(c.ctx, subjA)
				errs = append(errs, expectCtxErr(c.want, "Load(subject A)", err))
				_, err = s.Load(c.ctx, subjB)
				errs = append(errs, expectCtxErr(c.want, "Load(subject B), which has no events,", err))
				what := fmt.Sprintf("after Appends with a context done with %v", c.want)
				errs = append(errs,
					expectLedger(ctx, s, subjA, ledger, what),
					expectLedger(ctx, s, subjC, nil, what),
				)
				if err := errors.Join(errs...); err != nil {
					return err
				}
			}
			return nil
		},
	},
	{
		name:     "concurrent_appends_one_winner",
		contract: "Implementations must be safe for concurrent use ... if the store holds a different last Seq, Append writes nothing and returns an error wrapping ErrConflict.",
		explain:  "in each of 12 rounds, 8 goroutines race to append a different next event for one subject with the same expect; exactly one succeeds, the others fail with ErrConflict, and Load returns the winners' events, seq 1..12, as a valid hash chain.",
		check: func(ctx context.Context, s consent.Store) error {
			const writers, rounds = 8, 12
			var ledger []consent.Event
			for r := 1; r <= rounds; r++ {
				head := consent.HeadOf(ledger)
				events := make([]consent.Event, writers)
				for w := range events {
					events[w] = Seal(head, grant(subjA, t0.Add(time.Duration(r)*time.Minute), fmt.Sprintf("round %d writer %d", r, w)))[0]
				}
				errs := make([]error, writers)
				start := make(chan struct{})
				var wg sync.WaitGroup
				for w := range writers {
					wg.Go(func() {
						<-start
						errs[w] = s.Append(ctx, subjA, head.Seq, events[w])
					})
				}
				close(start)
				wg.Wait()
				var winners []int
				var bad []error
				for w, err := range errs {
					switch {
					case err == nil:
						winners = append(winners, w)
					case !errors.Is(err, consent.ErrConflict):
						bad = append(bad, fmt.Errorf("round %d: writer %d: Append(expect %d) = error %w, want nil or one wrapping consent.ErrConflict", r, w, head.Seq, err))
					}
				}
				if len(bad) > 0 {
					return errors.Join(bad...)
				}
				if len(winners) != 1 {
					return fmt.Errorf("round %d: %d of %d racing Appends with expect %d succeeded (writers %v), want exactly 1 and the rest conflicting", r, len(winners), writers, head.Seq, winners)
				}
				ledger = append(ledger, events[winners[0]])
				if err := expectLedger(ctx, s, subjA, ledger, fmt.Sprintf("after round %d, won by writer %d", r, winners[0])); err != nil {
					return err
				}
			}
			got, err := s.Load(ctx, subjA)
			if err != nil {
				return fmt.Errorf("Load(subject A) = error %w", err)
			}
			if err := consent.Verify(got); err != nil {
				return fmt.Errorf("ledger built by racing Appends does not verify: %w", err)
			}
			return nil
		},
	},
	{
		name:     "concurrent_appends_to_different_subjects",
		contract: "Implementations must be safe for concurrent use.",
		explain:  "8 goroutines each append 12 events to their own subject in batches of 1, 2 and 3 while 2 more load; every Append succeeds, every concurrent Load returns a whole-batch prefix of its subject's ledger, and each ledger ends complete.",
		check: func(ctx context.Context, s consent.Store) error {
			const subjects, perSubject = 8, 12
			chains := make([][]consent.Event, subjects)
			for i := range chains {
				chains[i] = Chain(subjectN(i), perSubject, t0.Add(time.Duration(i)*time.Hour))
			}
			// Batches of 1, 2, 3, 1, 2, 3 events end after these many.
			boundary := map[int]bool{0: true, 1: true, 3: true, 6: true, 7: true, 9: true, 12: true}
			var r reporter
			var writers, readers sync.WaitGroup
			for i := range subjects {
				writers.Go(func() {
					id := subjectN(i)
					for n, k := 0, 1; n < perSubject; n, k = n+k, k%3+1 {
						if err := s.Append(ctx, id, uint64(n), clone(chains[i][n:n+k])...); err != nil {
							r.add(fmt.Errorf("subject %d: Append(expect %d, %d events) = error %w, want nil", i, n, k, err))
							return
						}
					}
				})
			}
			done := make(chan struct{})
			for g := range 2 {
				readers.Go(func() {
					for j := g; ; j++ {
						select {
						case <-done:
							return
						default:
						}
						i := j % subjects
						got, err := s.Load(ctx, subjectN(i))
						if err != nil {
							r.add(fmt.Errorf("subject %d: Load during concurrent Appends = error %w", i, err))
							return
						}
						if len(got) > perSubject {
							r.add(fmt.Errorf("subject %d: Load during concurrent Appends returned %d events, more than the %d appended", i, len(got), perSubject))
							return
						}
						if d := diffLedger(got, chains[i][:len(got)]); d != "" {
							r.add(fmt.Errorf("subject %d: Load during concurrent Appends returned other events than were appended: %s", i, d))
							return
						}
						if !boundary[len(got)] {
							r.add(fmt.Errorf("subject %d: Load during concurrent Appends returned %d events, part of a batch (batches end after 1, 3, 6, 7, 9, 12)", i, len(got)))
							return
						}
					}
				})
			}
			writers.Wait()
			close(done)
			readers.Wait()
			if err := r.err(); err != nil {
				return err
			}
			var errs []error
			for i := range subjects {
				errs = append(errs, expectLedger(ctx, s, subjectN(i), chains[i], "after concurrent Appends"))
			}
			return errors.Join(errs...)
		},
	},
	{
		name:     "acknowledged_appends_are_durable",
		contract: "Once Append returns nil the events are durable to the store's promise.",
		explain:  "9 goroutines, 3 per subject, each make 12 attempts to load their subject's ledger and append one or two next events; afterwards each ledger holds exactly the events of the Appends that returned nil, in Seq order, and nothing of those that failed, and verifies as a hash chain.",
		check: func(ctx context.Context, s consent.Store) error {
			ids := []subject.ID{subjectN(100), subjectN(101), subjectN(102)}
			acked, err := race(ctx, s, ids, 3, 12)
			if err != nil {
				return err
			}
			var errs []error
			for _, id := range ids {
				errs = append(errs, expectAcked(ctx, s, id, acked[id]))
			}
			return errors.Join(errs...)
		},
	},
	{
		name:     "events_are_never_edited_or_deleted",
		contract: "A store never edits or deletes events.",
		explain:  "between successful Appends come Appends that try to overwrite seq 2 and seq 1 (stale expect), misnumbered ones and ones with a cancelled context; every Load along the way is a prefix of every later Load.",
		check: func(ctx context.Context, s consent.Store) error {
			var loads [][]consent.Event
			record := func(what string) error {
				got, err := s.Load(ctx, subjA)
				if err != nil {
					return fmt.Errorf("%s: Load(subject A) = error %w", what, err)
				}
				loads = append(loads, clone(got))
				return nil
			}
			cancelled, cancel := context.WithCancel(ctx)
			cancel()
			ledger := Chain(subjA, 2, t0)
			more := Seal(consent.HeadOf(ledger), grants(subjA, 3, t0.Add(time.Hour), "more")...)
			last := Seal(consent.HeadOf(more), grant(subjA, t0.Add(2*time.Hour), "last"))
			misnumbered := Seal(consent.Head{Seq: 4}, grant(subjA, t0.Add(time.Hour), "misnumbered"))
			for _, st := range []struct {
				what   string
				ctx    context.Context
				expect uint64
				events []consent.Event
			}{
				{"appending seq 1-2", ctx, 0, ledger},
				{"appending over seq 2 with expect 1", ctx, 1, Seal(consent.HeadOf(ledger[:1]), grant(subjA, t0, "over 2"))},
				{"appending seq 5 with expect 2", ctx, 2, misnumbered},
				{"appending seq 3-5", ctx, 2, more},
				{"appending over seq 1 with expect 0", ctx, 0, Seal(consent.Head{}, grant(subjA, t0, "over 1"))},
				{"appending seq 6 with a cancelled context", cancelled, 5, last},
				{"appending seq 6", ctx, 5, last},
			} {
				_ = s.Append(st.ctx, subjA, st.expect, clone(st.events)...) // the other checks judge the result
				if err := record("after " + st.what); err != nil {
					return err
				}
			}
			for i, before := range loads {
				for j := i + 1; j < len(loads); j++ {
					after := loads[j]
					if len(after) < len(before) {
						return fmt.Errorf("the store's Load %d returned %d events, Load %d before it %d: events were deleted (seqs %s, earlier %s)", j+1, len(after), i+1, len(before), seqs(after), seqs(before))
					}
					if d := diffLedger(after[:len(before)], before); d != "" {
						return fmt.Errorf("the store's Load %d differs from Load %d before it in the events both hold: events were edited: %s", j+1, i+1, d)
					}
				}
			}
			return nil
		},
	},
}
