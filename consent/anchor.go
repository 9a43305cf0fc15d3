package consent

import (
	"context"
	"fmt"
	"sync"

	"github.com/lawfulgo/lawful/internal/ctxerr"
	"github.com/lawfulgo/lawful/subject"
)

// Anchor keeps each subject's latest sealed ledger head outside the
// Store, where the database's writers cannot rewrite it: another database
// or schema under other credentials, a file on the service's host, an
// append-only log. A Ledger advances the anchor after every append and
// checks every ledger it loads against it, which is what detects events
// cut from the end of a ledger (no chain can show its own truncation).
//
// Implementations must be safe for concurrent use and must pass
// consenttest.TestAnchor. The contract:
//
//   - Head returns the subject's anchored head, with found false (and no
//     error) for a subject never anchored.
//   - Advance records h as the subject's head unless the anchor already
//     holds one with a higher Seq (an anchor never moves back): it keeps
//     the higher and returns nil. Advancing to the Seq already held with
//     another Hash is an error matching ErrTampered, and nothing changes.
//   - Both return ctx.Err() (wrapped) when ctx is done before they act.
type Anchor interface {
	Head(ctx context.Context, id subject.ID) (h SealedHead, found bool, err error)
	Advance(ctx context.Context, h SealedHead) error
}

// MemAnchor is the in-memory Anchor: the default of a Ledger over a
// MemStore, whose events live no longer than it does. Over a durable
// Store it detects truncation only while the process lives; give such a
// Ledger an Anchor that outlives it. The zero value is ready to use and
// safe for concurrent use.
type MemAnchor struct {
	mu    sync.RWMutex
	heads map[subject.ID]SealedHead
}

var _ Anchor = (*MemAnchor)(nil)

// NewMemAnchor returns an empty MemAnchor.
func NewMemAnchor() *MemAnchor { return &MemAnchor{} }

// Head implements Anchor.
func (a *MemAnchor) Head(ctx context.Context, id subject.ID) (SealedHead, bool, error) {
	if err := ctxErr(ctx); err != nil {
		return SealedHead{}, false, fmt.Errorf("consent: anchor head: %w", err)
	}
	a.mu.RLock()
	defer a.mu.RUnlock()
	h, ok := a.heads[id]
	return h, ok, nil
}

// Advance implements Anchor.
func (a *MemAnchor) Advance(ctx context.Context, h SealedHead) error {
	if err := ctxErr(ctx); err != nil {
		return fmt.Errorf("consent: anchor advance: %w", err)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	cur, ok := a.heads[h.Subject]
	switch {
	case ok && cur.Seq > h.Seq:
		return nil
	case ok && cur.Seq == h.Seq && cur.Hash != h.Hash:
		return &ChainError{Index: -1, Seq: h.Seq, Reason: "a different head was already anchored at this seq (two ledgers diverged)"}
	}
	if a.heads == nil {
		a.heads = map[subject.ID]SealedHead{}
	}
	a.heads[h.Subject] = h
	return nil
}

// ctxErr is ctx.Err(), or an error for a nil ctx.
var ctxErr = ctxerr.Err
