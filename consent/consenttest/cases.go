package consenttest

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/subject"
)

// contracts are the checks, in the order of consent.Store's contract, then
// consent.ChangeFeed's. Each quotes the sentence it enforces.
var contracts = []contract{
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
						return fmt.Errorf("Load %d returned %d events, Load %d before it %d: events were deleted (seqs %s, earlier %s)", j+1, len(after), i+1, len(before), seqs(after), seqs(before))
					}
					if d := diffLedger(after[:len(before)], before); d != "" {
						return fmt.Errorf("Load %d differs from Load %d before it in the events both hold: events were edited: %s", j+1, i+1, d)
					}
				}
			}
			return nil
		},
	},
	{
		name:     "changefeed_records_every_append",
		contract: "ChangeFeed: Every successful Append appears in the feed.",
		explain:  "after racing Appends (as in acknowledged_appends_are_durable) and a refused Append to another subject, the feed holds a change {subject, seq} for the last seq of every Append that returned nil, no change for a subject with no events, and for each subject a last Seq equal to its ledger's length.",
		check: func(ctx context.Context, s consent.Store) error {
			f, err := feedOf(s)
			if err != nil {
				return err
			}
			ids := []subject.ID{subjectN(200), subjectN(201), subjectN(202)}
			acked, err := race(ctx, s, ids, 3, 8)
			if err != nil {
				return err
			}
			refused := Seal(consent.Head{Seq: 1}, grant(subjC, t0, "refused"))
			if err := expectConflict(ctx, s, subjC, 1, refused, "subject C empty"); err != nil {
				return err
			}
			changes, err := readFeed(ctx, f, 0, 50)
			if err != nil {
				return err
			}
			type key struct {
				id  subject.ID
				seq uint64
			}
			have := map[key]bool{}
			last := map[subject.ID]uint64{}
			var errs []error
			for _, c := range changes {
				if !slices.Contains(ids, c.Subject) {
					errs = append(errs, fmt.Errorf("change at cursor %d names subject %s, which has no events", c.Cursor, who(c.Subject)))
				}
				if c.Seq == 0 {
					errs = append(errs, fmt.Errorf("change at cursor %d has Seq 0, want the Seq the subject's ledger reached", c.Cursor))
				}
				have[key{c.Subject, c.Seq}] = true
				last[c.Subject] = max(last[c.Subject], c.Seq)
			}
			for _, id := range ids {
				var missing []uint64
				for _, batch := range acked[id] {
					if reached := batch[len(batch)-1].Seq; !have[key{id, reached}] {
						missing = append(missing, reached)
					}
				}
				if len(missing) > 0 {
					errs = append(errs, fmt.Errorf("%d of the %d Appends to subject %s that returned nil are missing from the feed of %d changes: none has subject %s and the seq the Append reached, %v", len(missing), len(acked[id]), who(id), len(changes), who(id), missing))
				}
				got, err := s.Load(ctx, id)
				if err != nil {
					return fmt.Errorf("Load(subject %s) = error %w", who(id), err)
				}
				if last[id] != uint64(len(got)) {
					errs = append(errs, fmt.Errorf("the feed's last Seq for subject %s is %d, but its ledger holds %d events", who(id), last[id], len(got)))
				}
			}
			return errors.Join(errs...)
		},
	},
	{
		name:     "changefeed_cursors_increase",
		contract: "ChangeFeed: Changes returns up to limit changes with Cursor > after, in Cursor order. ... Cursor orders changes across subjects.",
		explain:  "after ten Appends, one after another, to three subjects, the feed's cursors increase strictly; each subject's Seq increases with them; the Appends appear in the order they were made; and Changes(after c) for every cursor c returns only what follows c (nothing after the last).",
		check: func(ctx context.Context, s consent.Store) error {
			f, err := feedOf(s)
			if err != nil {
				return err
			}
			appended, err := appendRoundRobin(ctx, s, 10)
			if err != nil {
				return err
			}
			all, err := readFeed(ctx, f, 0, 1000)
			if err != nil {
				return err
			}
			last := map[subject.ID]uint64{}
			for _, c := range all {
				if c.Seq <= last[c.Subject] {
					return fmt.Errorf("change at cursor %d has seq %d for subject %s, after one with seq %d: a subject's Seq must grow with the cursor", c.Cursor, c.Seq, who(c.Subject), last[c.Subject])
				}
				last[c.Subject] = c.Seq
			}
			j := 0
			for _, c := range all {
				if j < len(appended) && c.Subject == appended[j].Subject && c.Seq == appended[j].Seq {
					j++
				}
			}
			if j < len(appended) {
				return fmt.Errorf("Append %d of 10 (subject %s reaching seq %d) is missing from the feed or listed out of the order of the Appends", j+1, who(appended[j].Subject), appended[j].Seq)
			}
			for i, c := range all {
				page, err := f.Changes(ctx, c.Cursor, 1000)
				if err != nil {
					return fmt.Errorf("Changes(after %d, limit 1000) = error %w", c.Cursor, err)
				}
				rest := all[i+1:]
				if len(rest) == 0 && len(page) > 0 {
					return fmt.Errorf("Changes(after %d, limit 1000), after the last cursor, returned %d changes, want none", c.Cursor, len(page))
				}
				if len(rest) > 0 && (len(page) == 0 || len(page) > len(rest) || !slices.Equal(page, rest[:len(page)])) {
					return fmt.Errorf("Changes(after %d, limit 1000) returned %v, want the changes that follow cursor %d: %v", c.Cursor, page, c.Cursor, rest)
				}
			}
			return nil
		},
	},
	{
		name:     "changefeed_pages_with_limit",
		contract: "ChangeFeed: Changes returns up to limit changes with Cursor > after, in Cursor order; a cache polls it with the last Cursor it saw.",
		explain:  "after seven Appends, paging through the feed with limit 1, 2, 3 and 5, each call from the last cursor of the page before, gets pages of at most limit changes, none empty before the end, that join to the same changes as one read with limit 1000.",
		check: func(ctx context.Context, s consent.Store) error {
			f, err := feedOf(s)
			if err != nil {
				return err
			}
			if _, err := appendRoundRobin(ctx, s, 7); err != nil {
				return err
			}
			all, err := readFeed(ctx, f, 0, 1000)
			if err != nil {
				return err
			}
			if len(all) < 7 {
				return fmt.Errorf("the feed holds %d changes after 7 successful Appends, want at least 7", len(all))
			}
			for _, limit := range []int{1, 2, 3, 5} {
				paged, err := readFeed(ctx, f, 0, limit)
				if err != nil {
					return err
				}
				if !slices.Equal(paged, all) {
					return fmt.Errorf("paging with limit %d read %v, want %v as read with limit 1000", limit, paged, all)
				}
			}
			return nil
		},
	},
	{
		name:     "changefeed_polls_from_cursor",
		contract: "ChangeFeed: a cache polls it with the last Cursor it saw. Every successful Append appears in the feed.",
		explain:  "a poller starts on an empty store from cursor 0 and, after each of six Appends, reads the feed from the last cursor it saw: it gets changes for just that Append, ending with its subject and the seq it reached, and then, from the new last cursor, nothing.",
		check: func(ctx context.Context, s consent.Store) error {
			f, err := feedOf(s)
			if err != nil {
				return err
			}
			var cursor uint64
			page, err := f.Changes(ctx, cursor, 100)
			if err != nil {
				return fmt.Errorf("Changes(after 0, limit 100) on an empty store = error %w", err)
			}
			if len(page) > 0 {
				return fmt.Errorf("Changes(after 0, limit 100) on an empty store returned %v, want none", page)
			}
			ids := []subject.ID{subjA, subjB, subjA, subjC, subjA, subjB}
			ledgers := map[subject.ID][]consent.Event{}
			for k, id := range ids {
				batch := Seal(consent.HeadOf(ledgers[id]), grants(id, 1+k%2, t0.Add(time.Duration(k)*time.Minute), fmt.Sprintf("poll %d", k))...)
				if err := appendOK(ctx, s, id, uint64(len(ledgers[id])), batch, fmt.Sprintf("Append %d", k+1)); err != nil {
					return err
				}
				from, reached := uint64(len(ledgers[id])), batch[len(batch)-1].Seq
				ledgers[id] = append(ledgers[id], batch...)
				got, err := readFeed(ctx, f, cursor, 100)
				if err != nil {
					return err
				}
				if len(got) == 0 {
					return fmt.Errorf("after Append %d (subject %s reaching seq %d), the feed from cursor %d is empty", k+1, who(id), reached, cursor)
				}
				for _, c := range got {
					if c.Subject != id || c.Seq <= from || c.Seq > reached {
						return fmt.Errorf("after Append %d (subject %s, seq %d-%d), the feed from cursor %d holds {%s, %d} (cursor %d), which is not that Append's", k+1, who(id), from+1, reached, cursor, who(c.Subject), c.Seq, c.Cursor)
					}
				}
				if c := got[len(got)-1]; c.Seq != reached {
					return fmt.Errorf("after Append %d (subject %s reaching seq %d), the feed from cursor %d ends at seq %d", k+1, who(id), reached, cursor, c.Seq)
				}
				cursor = got[len(got)-1].Cursor
				again, err := f.Changes(ctx, cursor, 100)
				if err != nil {
					return fmt.Errorf("Changes(after %d, limit 100) = error %w", cursor, err)
				}
				if len(again) > 0 {
					return fmt.Errorf("Changes(after %d, limit 100), from the last cursor seen, returned %v, want nothing new", cursor, again)
				}
			}
			return nil
		},
	},
	{
		name:     "changefeed_refuses_nonpositive_limit",
		contract: "ChangeFeed: Changes returns up to limit changes.",
		explain:  "on a feed with changes, Changes with limit 0 or -1 returns an error, not every change and not an empty page that a poller would take for \"nothing new\".",
		check: func(ctx context.Context, s consent.Store) error {
			f, err := feedOf(s)
			if err != nil {
				return err
			}
			if err := appendOK(ctx, s, subjA, 0, Chain(subjA, 2, t0), "appending seq 1-2"); err != nil {
				return err
			}
			for _, limit := range []int{0, -1} {
				if page, err := f.Changes(ctx, 0, limit); err == nil {
					return fmt.Errorf("Changes(after 0, limit %d) = %d changes and a nil error, want an error", limit, len(page))
				}
			}
			return nil
		},
	},
}

// who names the suite's subjects in messages.
func who(id subject.ID) string {
	switch id {
	case subjA:
		return "A"
	case subjB:
		return "B"
	case subjC:
		return "C"
	}
	if base := subjectN(0); [14]byte(id[:14]) == [14]byte(base[:14]) {
		return fmt.Sprintf("N%d", binary.BigEndian.Uint16(id[14:]))
	}
	return id.String()
}

// seqRange describes the sequence numbers from and to, inclusive.
func seqRange(from, to int) string {
	if from == to {
		return fmt.Sprintf("seq %d", from)
	}
	return fmt.Sprintf("seq %d-%d", from, to)
}

// appendOK appends copies of events and wants a nil error.
func appendOK(ctx context.Context, s consent.Store, id subject.ID, expect uint64, events []consent.Event, what string) error {
	if err := s.Append(ctx, id, expect, clone(events)...); err != nil {
		return fmt.Errorf("%s: Append(subject %s, expect %d, seqs %s) = error %w, want nil", what, who(id), expect, seqs(events), err)
	}
	return nil
}

// expectConflict appends copies of events and wants an error wrapping
// consent.ErrConflict.
func expectConflict(ctx context.Context, s consent.Store, id subject.ID, expect uint64, events []consent.Event, what string) error {
	err := s.Append(ctx, id, expect, clone(events)...)
	switch {
	case err == nil:
		return fmt.Errorf("%s: Append(subject %s, expect %d, seqs %s) = nil, want an error wrapping consent.ErrConflict", what, who(id), expect, seqs(events))
	case !errors.Is(err, consent.ErrConflict):
		return fmt.Errorf("%s: Append(subject %s, expect %d, seqs %s) = error %q, want one wrapping consent.ErrConflict", what, who(id), expect, seqs(events), err)
	}
	return nil
}

// expectLedger loads the subject's events and compares them with want.
func expectLedger(ctx context.Context, s consent.Store, id subject.ID, want []consent.Event, when string) error {
	got, err := s.Load(ctx, id)
	if err != nil {
		return fmt.Errorf("%s: Load(subject %s) = error %w, want %d events", when, who(id), err, len(want))
	}
	if d := diffLedger(got, want); d != "" {
		return fmt.Errorf("%s: Load(subject %s) returned %s", when, who(id), d)
	}
	return nil
}

// expectCtxErr wants err, from op called with a done context, to wrap
// want.
func expectCtxErr(want error, op string, err error) error {
	switch {
	case err == nil:
		return fmt.Errorf("%s with a done context = nil error, want one wrapping %v", op, want)
	case !errors.Is(err, want):
		return fmt.Errorf("%s with a done context = error %q, want one wrapping %v", op, err, want)
	}
	return nil
}

// scribble overwrites everything the caller holds of events: the elements
// of their slices, their fields and the events themselves.
func scribble(events []consent.Event) {
	for i := range events {
		e := &events[i]
		for j := range e.Purposes {
			e.Purposes[j] = consent.PurposeRef{ID: "scribbled", Version: 99}
		}
		for j := range e.Recipients {
			e.Recipients[j] = "scribbled"
		}
		e.Notice = "scribbled"
		e.Seq += 100
		e.Effective = time.Time{}
		e.Hash = [32]byte{}
	}
	if len(events) > 0 {
		events[0] = consent.Event{Notice: "scribbled"}
	}
}

// race has writers goroutines per subject each make attempts to load the
// subject's ledger and append one or two next events to it, expecting the
// Seq it loaded, as Ledger does. It returns the batches whose Append
// returned nil, per subject, or an error for any other outcome than nil or
// ErrConflict.
func race(ctx context.Context, s consent.Store, ids []subject.ID, writers, attempts int) (map[subject.ID][][]consent.Event, error) {
	var (
		mu    sync.Mutex
		acked = map[subject.ID][][]consent.Event{}
		r     reporter
		wg    sync.WaitGroup
	)
	for _, id := range ids {
		for w := range writers {
			wg.Go(func() {
				for a := range attempts {
					ledger, err := s.Load(ctx, id)
					if err != nil {
						r.add(fmt.Errorf("subject %s: writer %d: Load = error %w", who(id), w, err))
						return
					}
					head := consent.HeadOf(ledger)
					batch := Seal(head, grants(id, 1+(w+a)%2, t0.Add(time.Duration(a)*time.Minute), fmt.Sprintf("writer %d attempt %d", w, a))...)
					err = s.Append(ctx, id, head.Seq, clone(batch)...)
					switch {
					case err == nil:
						mu.Lock()
						acked[id] = append(acked[id], batch)
						mu.Unlock()
					case !errors.Is(err, consent.ErrConflict):
						r.add(fmt.Errorf("subject %s: writer %d: Append(expect %d) = error %w, want nil or one wrapping consent.ErrConflict", who(id), w, head.Seq, err))
						return
					}
				}
			})
		}
	}
	wg.Wait()
	return acked, r.err()
}

// expectAcked loads the subject's ledger and wants it to be exactly the
// acknowledged batches' events, in Seq order, and a valid hash chain.
func expectAcked(ctx context.Context, s consent.Store, id subject.ID, batches [][]consent.Event) error {
	if len(batches) == 0 {
		return fmt.Errorf("subject %s: no Append succeeded, so nothing could be checked", who(id))
	}
	var want []consent.Event
	for _, b := range batches {
		want = append(want, b...)
	}
	slices.SortStableFunc(want, func(a, b consent.Event) int { return compareSeq(a.Seq, b.Seq) })
	for i := 1; i < len(want); i++ {
		if want[i].Seq == want[i-1].Seq {
			return fmt.Errorf("subject %s: two racing Appends that both wrote seq %d returned nil; one should have conflicted", who(id), want[i].Seq)
		}
	}
	got, err := s.Load(ctx, id)
	if err != nil {
		return fmt.Errorf("subject %s: Load = error %w", who(id), err)
	}
	byID := map[[16]byte]bool{}
	for _, e := range got {
		byID[e.ID] = true
	}
	var errs []error
	for _, e := range want {
		if !byID[e.ID] {
			errs = append(errs, fmt.Errorf("subject %s: the event of seq %d (ID %v) was acknowledged (its Append returned nil) but Load does not return it", who(id), e.Seq, e.ID))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	if d := diffLedger(got, want); d != "" {
		return fmt.Errorf("subject %s: Load returned other events than the acknowledged ones: %s", who(id), d)
	}
	if err := consent.Verify(got); err != nil {
		return fmt.Errorf("subject %s: ledger does not verify: %w", who(id), err)
	}
	return nil
}

func compareSeq(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// appendRoundRobin makes n successful Appends, one after another, of one
// or two events to subjects A, B and C in turn, and returns for each a
// Change without its cursor: the subject and the Seq it reached.
func appendRoundRobin(ctx context.Context, s consent.Store, n int) ([]consent.Change, error) {
	ids := []subject.ID{subjA, subjB, subjC}
	ledgers := map[subject.ID][]consent.Event{}
	var out []consent.Change
	for k := range n {
		id := ids[k%len(ids)]
		batch := Seal(consent.HeadOf(ledgers[id]), grants(id, 1+k%2, t0.Add(time.Duration(k)*time.Minute), fmt.Sprintf("append %d", k))...)
		if err := appendOK(ctx, s, id, uint64(len(ledgers[id])), batch, fmt.Sprintf("Append %d of %d", k+1, n)); err != nil {
			return nil, err
		}
		ledgers[id] = append(ledgers[id], batch...)
		out = append(out, consent.Change{Subject: id, Seq: uint64(len(ledgers[id]))})
	}
	return out, nil
}

// feedOf returns s's ChangeFeed, or a *skipped if it has none.
func feedOf(s consent.Store) (consent.ChangeFeed, error) {
	f, ok := s.(consent.ChangeFeed)
	if !ok {
		return nil, &skipped{fmt.Sprintf("%T does not implement consent.ChangeFeed, an optional capability", s)}
	}
	return f, nil
}

// maxPages bounds readFeed, so a feed that never runs dry fails the check
// instead of hanging it.
const maxPages = 10000

// readFeed pages through f from after, limit changes at a time, each page
// from the last cursor of the one before, until a page is empty. It checks
// that pages hold at most limit changes whose cursors are greater than
// after and increase.
func readFeed(ctx context.Context, f consent.ChangeFeed, after uint64, limit int) ([]consent.Change, error) {
	var all []consent.Change
	for range maxPages {
		page, err := f.Changes(ctx, after, limit)
		if err != nil {
			return nil, fmt.Errorf("Changes(after %d, limit %d) = error %w", after, limit, err)
		}
		if len(page) == 0 {
			return all, nil
		}
		if len(page) > limit {
			return nil, fmt.Errorf("Changes(after %d, limit %d) returned %d changes, more than limit", after, limit, len(page))
		}
		for i, c := range page {
			if c.Cursor <= after {
				return nil, fmt.Errorf("Changes(after %d, limit %d) returned cursors %v: change %d has cursor %d, want cursors greater than after and increasing", after, limit, cursors(page), i, c.Cursor)
			}
			after = c.Cursor
		}
		all = append(all, page...)
	}
	return nil, fmt.Errorf("Changes still returned changes after %d pages of %d from cursor 0", maxPages, limit)
}

func cursors(changes []consent.Change) []uint64 {
	out := make([]uint64, len(changes))
	for i, c := range changes {
		out[i] = c.Cursor
	}
	return out
}

// reporter gathers errors from goroutines, keeping the first few.
type reporter struct {
	mu   sync.Mutex
	errs []error
}

func (r *reporter) add(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.errs) < 4 {
		r.errs = append(r.errs, err)
	}
}

func (r *reporter) err() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return errors.Join(r.errs...)
}
