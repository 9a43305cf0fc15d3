package consent

import (
	"context"
	"errors"
	"fmt"

	"github.com/lawfulgo/lawful/subject"
)

// MaxImport bounds the events one Import call takes.
const MaxImport = 100_000

// ImportError reports an Import that stopped part-way: the subjects whose
// events were all imported, and the error of the subject it stopped at.
// Nothing of that subject, or of any subject after it, was written.
type ImportError struct {
	Imported []subject.ID // complete, in the order first met
	Err      error
}

func (e *ImportError) Error() string {
	return fmt.Sprintf("consent: import stopped after %d complete subjects: %v", len(e.Imported), e.Err)
}

// Unwrap returns the error the import stopped at.
func (e *ImportError) Unwrap() error { return e.Err }

// Import appends consent history taken from another system: grants,
// withdrawals, expiries, restrictions and objections with the effective
// times that system recorded, however long ago (BackdateTolerance does not
// apply), and grants under purpose versions older than the current one
// (they answer Stale after a material change, as consent given then
// would). Each event is validated as Append validates it otherwise,
// marked Imported, chained, sealed and anchored; it needs an Effective
// time. Events are taken in order; each subject's must be in time order
// and after that subject's ledger so far.
//
// A subject's events are validated together, then written in one store
// append: all of them or none. Subjects are imported one after another;
// if one fails, the *ImportError names the subjects already imported, and
// the caller can resume with the rest. It returns the stored events in
// the order given.
func (l *Ledger) Import(ctx context.Context, events []Event) ([]Event, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, fmt.Errorf("consent: import: %w", err)
	}
	if len(events) > MaxImport {
		return nil, fmt.Errorf("%w: %d events in one import; pass at most %d at a time", ErrInvalidEvent, len(events), MaxImport)
	}
	var order []subject.ID
	bySubject := map[subject.ID][]int{}
	for i := range events {
		id := events[i].Subject
		if _, seen := bySubject[id]; !seen {
			order = append(order, id)
		}
		bySubject[id] = append(bySubject[id], i)
	}
	out := make([]Event, len(events))
	for n, id := range order {
		batch := make([]Event, len(bySubject[id]))
		for j, i := range bySubject[id] {
			batch[j] = events[i]
		}
		stored, err := l.importSubject(ctx, id, batch)
		if err != nil {
			return nil, &ImportError{Imported: order[:n:n], Err: err}
		}
		for j, i := range bySubject[id] {
			out[i] = stored[j]
		}
	}
	return out, nil
}

// importSubject validates and appends one subject's history.
func (l *Ledger) importSubject(ctx context.Context, id subject.ID, batch []Event) ([]Event, error) {
	mu := &l.writing[spread(id)%uint64(len(l.writing))]
	mu.Lock()
	defer mu.Unlock()
	var lastErr error
	for attempt := range maxAttempts {
		if attempt > 0 {
			if err := backoff(ctx, attempt); err != nil {
				return nil, fmt.Errorf("consent: import: %w (after %v)", err, lastErr)
			}
		}
		snap, err := l.Snapshot(ctx, id)
		if err != nil {
			return nil, err
		}
		prepared, next, err := l.prepareImport(ctx, batch, snap)
		if err != nil {
			return nil, err
		}
		err = l.store.Append(ctx, id, snap.head.Seq, prepared...)
		if errors.Is(err, ErrConflict) {
			lastErr = err
			l.Invalidate(id)
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("consent: import: %w", err)
		}
		l.swap(id, snap, next)
		last := prepared[len(prepared)-1]
		if _, err := l.anchorAppended(ctx, last); err != nil {
			return nil, err
		}
		return prepared, nil
	}
	return nil, fmt.Errorf("consent: import after %d attempts: %w", maxAttempts, lastErr)
}

// prepareImport validates batch in order on top of snap, each event on
// the state the ones before it made, and returns the completed events and
// the snapshot after them. Problems of every event are reported at once.
func (l *Ledger) prepareImport(ctx context.Context, batch []Event, snap *Snapshot) ([]Event, *Snapshot, error) {
	now, err := l.now(snap)
	if err != nil {
		return nil, nil, err
	}
	out := make([]Event, 0, len(batch))
	var problems []error
	cur := snap
	for i, e := range batch {
		if e.Effective.IsZero() {
			problems = append(problems, fmt.Errorf("event %d (%v): %w", i, e.String(), fault(ErrInvalidEvent, "an imported event needs the effective time the other system recorded")))
			continue
		}
		ev, err := l.prepareDraft(ctx, &draft{e: e.Clone(), grant: e.Kind == Grant, imported: true}, cur, now)
		var inv *InvalidEventError
		switch {
		case errors.As(err, &inv):
			problems = append(problems, fmt.Errorf("event %d: %w", i, err))
			continue
		case err != nil:
			return nil, nil, err
		}
		out = append(out, ev)
		cur = cur.apply(&ev)
	}
	if len(problems) > 0 {
		return nil, nil, errors.Join(problems...)
	}
	return out, cur, nil
}
