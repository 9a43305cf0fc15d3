package retention

import (
	"context"
	"time"

	"github.com/lawfulgo/lawful/subject"
)

// Store persists timers, trigger events, holds and proofs of erasure. It is
// the plug-in interface for backends; services use a Tracker and a
// Sweeper, which compute schedules for every Store.
//
// Implementations must be safe for concurrent use and pass
// retentiontest.TestStore. The contract:
//
//   - SaveTimers upserts timers by ID, all or none; a timer without an ID
//     is refused with an error and nothing is saved. A stored timer that is
//     erased (Erased set) is never changed again: saving it is a no-op for
//     that timer. Stores keep copies; times round-trip to the nanosecond.
//   - Timer returns the timer with the ID, or an error matching
//     ErrNotFound.
//   - SubjectTimers returns all of a subject's timers (erased too) in ID
//     order; nil for none.
//   - Due returns up to limit timers that are not erased, whose Due is set
//     and not after at, and whose NotBefore is zero or not after at,
//     ordered by Due then ID.
//   - Pending returns up to limit timers that are not erased with ID
//     greater than after, in ID order (for recomputing every schedule).
//   - Complete marks the proof's timer erased at p.Erased and stores p, in
//     one step. It reports false, and changes nothing, if the timer was
//     already erased (at-least-once sweeps call it again); it returns
//     ErrNotFound for an unknown timer.
//   - Proofs returns the proofs for a subject in the order stored.
//   - AddEvent appends a trigger event; Events returns the subject's
//     events and every ServiceTerminated event, in the order added.
//   - AddDisclosure appends a disclosure record; Disclosures returns a
//     subject's records in the order added.
//   - SaveHold upserts a hold by ID; Holds returns all holds in ID order.
//   - Every method returns ctx.Err() (wrapped) when ctx is done before it
//     acts.
type Store interface {
	SaveTimers(ctx context.Context, timers ...Timer) error
	Timer(ctx context.Context, id TimerID) (Timer, error)
	SubjectTimers(ctx context.Context, s subject.ID) ([]Timer, error)
	Due(ctx context.Context, at time.Time, limit int) ([]Timer, error)
	Pending(ctx context.Context, after TimerID, limit int) ([]Timer, error)
	Complete(ctx context.Context, p Proof) (bool, error)
	Proofs(ctx context.Context, s subject.ID) ([]Proof, error)
	AddEvent(ctx context.Context, e Event) error
	Events(ctx context.Context, s subject.ID) ([]Event, error)
	AddDisclosure(ctx context.Context, d Disclosure) error
	Disclosures(ctx context.Context, s subject.ID) ([]Disclosure, error)
	SaveHold(ctx context.Context, h Hold) error
	Holds(ctx context.Context) ([]Hold, error)
}
