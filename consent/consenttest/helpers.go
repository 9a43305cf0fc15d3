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
	return nil, fmt.Errorf("the store's Changes still returned changes after %d pages of %d from cursor 0", maxPages, limit)
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
