package consent

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/clock"
	"github.com/lawfulgo/lawful/subject"
)

// maxAttempts bounds the retries of an append that meets writers in other
// processes (appends through one Ledger take turns and never conflict).
const maxAttempts = 32

// Append validates e, completes it (ID, Seq, Recorded, Prev, Hash, seal,
// the default Effective time, current purpose versions, the guardian's
// relation and verification), appends it to the store and advances the
// anchor. It returns the stored event.
//
// An invalid event yields an *InvalidEventError listing every problem, and
// nothing is written. A store error is returned wrapped.
//
// Appends to one subject through one Ledger take turns; an append that
// races another process's is retried on fresh state, reading the clock
// again, so a withdrawal is never refused because a grant got there first.
// The time an append records, and the default effective time, is never
// earlier than the subject's latest event: a clock behind the ledger (a
// step back, another instance's skew) records the event at the ledger's
// latest instant instead of refusing it.
//
// An event with an ID set by the caller is idempotent: if the subject's
// ledger already holds an event with that ID and the same contents (the
// fields the caller sets; a zero Effective or purpose version matches any),
// Append returns the stored event and writes nothing; an event with that
// ID and other contents, or the ID of another subject's event, is an error
// matching ErrEventIDReused. Nothing is ever replaced.
//
// If the store accepted the event but the Anchor could not be advanced,
// Append returns the stored event together with an error matching
// ErrNotAnchored: the event is durable and in force; the anchor catches up
// on the next load of the subject.
func (l *Ledger) Append(ctx context.Context, e Event) (Event, error) {
	if err := ctxErr(ctx); err != nil {
		return Event{}, fmt.Errorf("consent: append: %w", err)
	}
	mu := &l.writing[spread(e.Subject)%uint64(len(l.writing))]
	mu.Lock()
	defer mu.Unlock()
	var lastErr error
	for attempt := range maxAttempts {
		if attempt > 0 {
			if err := backoff(ctx, attempt); err != nil {
				return Event{}, fmt.Errorf("consent: append: %w (after %v)", err, lastErr)
			}
		}
		ev, stored, err := l.attempt(ctx, e)
		switch {
		case err == nil && stored:
			return ev.Clone(), nil
		case err == nil:
			return l.anchorAppended(ctx, ev)
		case errors.Is(err, ErrConflict):
			lastErr = err
			l.Invalidate(e.Subject)
			continue
		}
		return Event{}, err
	}
	return Event{}, fmt.Errorf("consent: appending after %d attempts: %w", maxAttempts, lastErr)
}

// attempt makes one try at appending e on the subject's current state. It
// returns the appended event; or, for an idempotent retry, the stored
// event with stored true.
func (l *Ledger) attempt(ctx context.Context, e Event) (ev Event, stored bool, err error) {
	snap, err := l.Snapshot(ctx, e.Subject)
	if err != nil {
		return Event{}, false, err
	}
	if e.ID != (uuid.UUID{}) {
		if ev, found, err := l.findByID(ctx, e); err != nil || found {
			return ev, found, err
		}
	}
	now, err := l.now(snap)
	if err != nil {
		return Event{}, false, err
	}
	ev, err = l.prepare(ctx, e, snap, now)
	if err != nil {
		return Event{}, false, err
	}
	switch err = l.store.Append(ctx, ev.Subject, snap.head.Seq, ev); {
	case errors.Is(err, ErrDuplicateID) && e.ID != (uuid.UUID{}):
		return Event{}, false, fmt.Errorf("%w: event ID %v is another subject's event; give a new event a new ID", ErrEventIDReused, e.ID)
	case errors.Is(err, ErrDuplicateID):
		// A generated ID collided (2^-74 per pair of events): retry with
		// a new one, as after a conflict.
		return Event{}, false, fmt.Errorf("%w: generated event ID taken", ErrConflict)
	case err != nil:
		return Event{}, false, fmt.Errorf("consent: appending: %w", err)
	}
	l.swap(ev.Subject, snap, snap.apply(&ev))
	return ev, false, nil
}

// anchorAppended advances the anchor to the appended event.
func (l *Ledger) anchorAppended(ctx context.Context, ev Event) (Event, error) {
	h := l.keys.SealHead(ev.Subject, Head{Seq: ev.Seq, Hash: ev.Hash})
	if err := l.anchor.Advance(context.WithoutCancel(ctx), h); err != nil {
		return ev.Clone(), fmt.Errorf("%w: event %v (seq %d) is stored, but the anchor did not advance: %w", ErrNotAnchored, ev.ID, ev.Seq, err)
	}
	return ev.Clone(), nil
}

// now returns the time of an append: the clock's reading, but never before
// the subject's latest recorded instant.
func (l *Ledger) now(snap *Snapshot) (time.Time, error) {
	now := l.clock.Now()
	if now.IsZero() {
		return time.Time{}, fmt.Errorf("%w: the clock returned the zero time", ErrNotConfigured)
	}
	if err := clock.Check(now, "clock reading"); err != nil {
		return time.Time{}, fmt.Errorf("%w: %w", ErrNotConfigured, err)
	}
	if snap.floor > now.UnixNano() {
		now = time.Unix(0, snap.floor)
	}
	return now.UTC(), nil
}

// backoff waits before retry attempt (1, 2, ...): a random time up to a
// bound that doubles from 1 ms to 64 ms, or until ctx is done.
func backoff(ctx context.Context, attempt int) error {
	d := time.Duration(rand.Int64N(int64(time.Millisecond) << min(attempt-1, 6)))
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// findByID looks for an event with e.ID in the subject's ledger and
// compares it with e.
func (l *Ledger) findByID(ctx context.Context, e Event) (Event, bool, error) {
	events, err := l.Events(ctx, e.Subject)
	if err != nil {
		return Event{}, false, err
	}
	i := slices.IndexFunc(events, func(x Event) bool { return x.ID == e.ID })
	if i < 0 {
		return Event{}, false, nil
	}
	if why := sameRequest(&e, &events[i]); why != "" {
		return Event{}, false, fmt.Errorf("%w: event ID %v is seq %d of the subject's ledger, which differs in %s; give a new event a new ID", ErrEventIDReused, e.ID, events[i].Seq, why)
	}
	return events[i], true, nil
}

// sameRequest returns "" if the caller's fields of e match stored s, else
// the first field that differs. A zero Effective or purpose version in e
// matches the value the Ledger chose.
func sameRequest(e, s *Event) string {
	switch {
	case e.Kind != s.Kind:
		return "kind"
	case len(e.Purposes) != len(s.Purposes):
		return "purposes"
	case e.Form != s.Form:
		return "form"
	case e.By.Guardian != s.By.Guardian:
		return "who acted"
	case !slices.Equal(e.Recipients, s.Recipients):
		return "recipients"
	case !e.Effective.IsZero() && !e.Effective.Equal(s.Effective):
		return "effective time"
	case !e.Expires.Equal(s.Expires):
		return "expiry"
	case e.Notice != s.Notice:
		return "notice"
	case e.Evidence != s.Evidence:
		return "evidence"
	}
	for i, p := range e.Purposes {
		if p.ID != s.Purposes[i].ID || p.Version != 0 && p.Version != s.Purposes[i].Version {
			return "purposes"
		}
	}
	return ""
}

// swap installs next if the cache still holds prev; otherwise another
// append got there first and the entry is dropped for a reload.
func (l *Ledger) swap(id subject.ID, prev, next *Snapshot) {
	if prev.head.Seq == 0 {
		// The first events of a subject: its empty snapshot, if kept,
		// was in the negative cache.
		l.empty.Delete(id)
		l.snaps.Update(id, func(cur *Snapshot) *Snapshot {
			if cur == nil || cur == prev {
				return next
			}
			return nil
		})
		return
	}
	l.snaps.Update(id, func(cur *Snapshot) *Snapshot {
		if cur == prev {
			return next
		}
		return nil
	})
}

func (l *Ledger) newEventID(now time.Time) (uuid.UUID, error) {
	l.randMu.Lock()
	defer l.randMu.Unlock()
	id, err := subject.NewID(now, l.rand)
	return uuid.UUID(id), err
}
