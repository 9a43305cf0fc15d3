package incident

import (
	"context"
	"fmt"
	"sync"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/internal/ctxerr"
)

// ChainError reports the first place an incident's hash chain breaks. It
// matches ErrTampered with errors.Is.
type ChainError struct {
	Index  int    // position in the slice given to Verify; -1 for the anchored head
	Seq    uint64 // the event's Seq as stored
	Reason string // what is wrong, e.g. "hash does not match contents (edited)"
}

func (e *ChainError) Error() string {
	if e.Index < 0 {
		return "incident: record tampered with: " + e.Reason
	}
	return fmt.Sprintf("incident: record tampered with at index %d (seq %d): %s", e.Index, e.Seq, e.Reason)
}

// Is reports whether target is ErrTampered.
func (e *ChainError) Is(target error) bool { return target == ErrTampered }

// Head identifies the last event of an incident: its sequence number and
// hash. Keeping a Head outside the store (an Anchor, an audit log, a
// report sent to an authority) lets VerifyHead detect events removed from
// the end, which no chain can show on its own.
type Head struct {
	Seq  uint64
	Hash [32]byte
}

// HeadOf returns the head of events (the zero Head for none).
func HeadOf(events []Event) Head {
	if len(events) == 0 {
		return Head{}
	}
	last := events[len(events)-1]
	return Head{Seq: last.Seq, Hash: last.Hash}
}

// Verify checks that events are one incident's record from its first
// event: sequence numbers 1, 2, 3, ...; each event's Hash is the hash of
// its contents; each Prev is the previous event's Hash (zero for the
// first); every event belongs to the same incident; the first is Opened
// and no other is. It returns nil or a *ChainError for the first event
// that breaks the chain.
func Verify(events []Event) error {
	var prev [32]byte
	for i := range events {
		e := &events[i]
		var reason string
		switch {
		case e.Seq != uint64(i+1):
			reason = fmt.Sprintf("sequence number %d at position %d, want %d (an event was removed, inserted or reordered)", e.Seq, i, i+1)
		case i > 0 && e.Incident != events[0].Incident:
			reason = "event of another incident (inserted)"
		case e.ComputeHash() != e.Hash:
			reason = "hash does not match contents (edited)"
		case e.Prev != prev:
			reason = "previous-hash link does not match the event before it (removed, inserted or reordered)"
		case (i == 0) != (e.Kind == Opened):
			reason = "an incident's first event, and only it, is its opening"
		}
		if reason != "" {
			return &ChainError{Index: i, Seq: e.Seq, Reason: reason}
		}
		prev = e.Hash
	}
	return nil
}

// VerifyHead is Verify plus a check that the record ends at head, which
// detects events removed from the end (or appended after head was taken).
func VerifyHead(events []Event, head Head) error {
	if err := Verify(events); err != nil {
		return err
	}
	if got := HeadOf(events); got != head {
		return &ChainError{Index: len(events) - 1, Seq: got.Seq,
			Reason: fmt.Sprintf("record ends at seq %d, the recorded head is seq %d (events removed from or added to the end)", got.Seq, head.Seq)}
	}
	return nil
}

// Anchor keeps each incident's latest head outside the Store, where the
// store's writers cannot rewrite it. A Register advances the anchor after
// every append and checks every record it loads against it, which detects
// events cut from the end.
//
// Implementations must be safe for concurrent use. The contract:
//
//   - Head returns the incident's anchored head, with found false (and no
//     error) for an incident never anchored.
//   - Advance records h unless the anchor holds one with a higher Seq (an
//     anchor never moves back): it keeps the higher and returns nil.
//     Advancing to the Seq already held with another Hash is an error
//     matching ErrTampered, and nothing changes.
//   - Both return ctx.Err() (wrapped) when ctx is done before they act.
type Anchor interface {
	Head(ctx context.Context, id uuid.UUID) (h Head, found bool, err error)
	Advance(ctx context.Context, id uuid.UUID, h Head) error
}

// MemAnchor is the in-memory Anchor, the default of a Register: over a
// durable Store it detects truncation only while the process lives. The
// zero value is ready to use and safe for concurrent use.
type MemAnchor struct {
	mu    sync.RWMutex
	heads map[uuid.UUID]Head
}

var _ Anchor = (*MemAnchor)(nil)

// Head implements Anchor.
func (a *MemAnchor) Head(ctx context.Context, id uuid.UUID) (Head, bool, error) {
	if err := ctxerr.Err(ctx); err != nil {
		return Head{}, false, fmt.Errorf("incident: anchor head: %w", err)
	}
	a.mu.RLock()
	defer a.mu.RUnlock()
	h, ok := a.heads[id]
	return h, ok, nil
}

// Advance implements Anchor.
func (a *MemAnchor) Advance(ctx context.Context, id uuid.UUID, h Head) error {
	if err := ctxerr.Err(ctx); err != nil {
		return fmt.Errorf("incident: anchor advance: %w", err)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	cur, ok := a.heads[id]
	switch {
	case ok && cur.Seq > h.Seq:
		return nil
	case ok && cur.Seq == h.Seq && cur.Hash != h.Hash:
		return &ChainError{Index: -1, Seq: h.Seq, Reason: "a different head was already anchored at this seq (two records diverged)"}
	}
	if a.heads == nil {
		a.heads = map[uuid.UUID]Head{}
	}
	a.heads[id] = h
	return nil
}
