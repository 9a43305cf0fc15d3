package consent

import (
	"errors"
	"fmt"
)

// ErrBrokenChain: a subject's events do not form an unbroken hash chain:
// an event was edited, removed, inserted or reordered.
var ErrBrokenChain = errors.New("consent: broken hash chain")

// ChainError reports the first place a ledger's hash chain breaks. It
// matches ErrBrokenChain with errors.Is.
type ChainError struct {
	Index  int    // position in the slice given to Verify; -1 for the anchored head
	Seq    uint64 // the event's Seq as stored
	Reason string // what is wrong, e.g. "hash does not match contents (edited)"
}

func (e *ChainError) Error() string {
	if e.Index < 0 {
		return fmt.Sprintf("consent: ledger tampered with: %s", e.Reason)
	}
	return fmt.Sprintf("consent: ledger tampered with at index %d (seq %d): %s", e.Index, e.Seq, e.Reason)
}

// Is reports whether target is ErrBrokenChain or ErrTampered.
func (e *ChainError) Is(target error) bool { return target == ErrBrokenChain || target == ErrTampered }

// Head identifies the last event of a ledger: its sequence number and hash.
// Keeping a Head outside the store (a receipt, an audit log, a snapshot)
// lets VerifyHead detect events removed from the end, which no chain can
// show on its own.
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

// Verify checks that events are one subject's ledger from its first event:
// sequence numbers 1, 2, 3, ...; each event's Hash is the hash of its
// contents; each Prev is the previous event's Hash (zero for the first);
// every event belongs to the same subject. It returns nil or a *ChainError
// for the first event that breaks the chain.
func Verify(events []Event) error {
	var prev [32]byte
	for i := range events {
		e := &events[i]
		var reason string
		switch {
		case e.Seq != uint64(i+1):
			reason = fmt.Sprintf("sequence number %d at position %d, want %d (an event was removed, inserted or reordered)", e.Seq, i, i+1)
		case i > 0 && e.Subject != events[0].Subject:
			reason = "event of another subject (inserted)"
		case e.ComputeHash() != e.Hash:
			reason = "hash does not match contents (edited)"
		case e.Prev != prev:
			reason = "previous-hash link does not match the event before it (removed, inserted or reordered)"
		}
		if reason != "" {
			return &ChainError{Index: i, Seq: e.Seq, Reason: reason}
		}
		prev = e.Hash
	}
	return nil
}

// VerifyHead is Verify plus a check that the ledger ends at head, which
// detects events removed from the end (or appended after head was taken).
func VerifyHead(events []Event, head Head) error {
	if err := Verify(events); err != nil {
		return err
	}
	got := HeadOf(events)
	if got != head {
		i := len(events) - 1
		return &ChainError{Index: i, Seq: got.Seq, Reason: fmt.Sprintf("ledger ends at seq %d, the recorded head is seq %d (events removed from or added to the end)", got.Seq, head.Seq)}
	}
	return nil
}
