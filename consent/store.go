package consent

import (
	"context"
	"errors"

	"github.com/lawfulgo/lawful/subject"
)

// ErrConflict: an append expected a different last sequence number than the
// store holds for the subject (another writer appended first). Nothing was
// written; reload and retry.
var ErrConflict = errors.New("consent: concurrent append conflict")

// ErrDuplicateID: an append carried an event whose ID the store already
// holds (for this subject or another). Nothing was written.
var ErrDuplicateID = errors.New("consent: duplicate event ID")

// Store persists consent events. It is the plug-in interface for backends;
// services use a Ledger, which validates, chains and snapshots events for
// every Store.
//
// Implementations must be safe for concurrent use, and must pass
// consenttest.TestStore. The contract:
//
//   - Append writes events for one subject atomically: all or none. expect
//     is the Seq of the subject's last stored event as the caller saw it (0
//     for a subject with none); if the store holds a different last Seq,
//     Append writes nothing and returns an error wrapping ErrConflict. The
//     events carry consecutive Seq from expect+1. Once Append returns nil
//     the events are durable to the store's promise (process memory for
//     MemStore, the database for a SQL store). Events whose Seq are not
//     consecutive from expect+1, or that belong to another subject, are
//     refused with an error and nothing is written. The store keeps copies:
//     changing the caller's events afterwards changes nothing stored.
//     Times round-trip to the nanosecond (the hash covers them), and so do
//     the seal fields KeyID and MAC.
//   - Event IDs are unique across the store: Append refuses an event whose
//     ID the store already holds, for any subject, with an error wrapping
//     ErrDuplicateID. When an append both conflicts and repeats an ID,
//     either error may be returned; neither writes anything.
//   - Load returns the subject's events in Seq order, equal to what was
//     appended (deep copies: the caller may modify them); nil and no error
//     for a subject with none.
//   - Both return ctx.Err() (wrapped) when ctx is done before they act.
//   - A store never edits or deletes events.
type Store interface {
	Append(ctx context.Context, id subject.ID, expect uint64, events ...Event) error
	Load(ctx context.Context, id subject.ID) ([]Event, error)
}

// Change is one entry of a store's change feed: a subject whose ledger
// reached Seq. Cursor orders changes across subjects.
type Change struct {
	Cursor  uint64
	Subject subject.ID
	Seq     uint64
}

// ChangeFeed is an optional Store capability, found by type assertion, that
// lets caches learn which subjects changed. Changes returns up to limit
// changes with Cursor > after, in Cursor order; a cache polls it with the
// last Cursor it saw. Every successful Append appears in the feed.
type ChangeFeed interface {
	Changes(ctx context.Context, after uint64, limit int) ([]Change, error)
}
