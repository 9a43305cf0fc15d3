package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/subject"
)

// Anchors is a consent.Anchor in the table lawful_consent_anchors: one
// sealed head per subject, never moving back. Get it from (*Store).Anchors.
// It is safe for concurrent use by many goroutines and processes.
//
// Anchors protect a ledger only from those who cannot write them: open the
// Store that holds them on another database (or PostgreSQL schema) than
// the consent events, under credentials that the events' writers do not
// have, and give every instance's Ledger the same Anchors:
//
//	events, _ := sqlstore.Open(ctx, eventsDB, sqlstore.Postgres)
//	anchors, _ := sqlstore.Open(ctx, anchorDB, sqlstore.Postgres) // another database
//	ledger, _ := consent.NewLedger(consent.Config{Store: events.Consent(), Anchor: anchors.Anchors(), Keys: keys, ...})
//
// Anchors in the same database as the events still detect a truncation by
// anyone who cannot also write the anchor table, and every edit of an
// anchor row (the rows are sealed with the Ledger's Keys); they do not
// stop someone who can write both from restoring an older anchor row
// together with a truncated ledger. See SECURITY.md.
type Anchors struct {
	s *Store
}

var _ consent.Anchor = (*Anchors)(nil)

// Anchors returns the Store's anchor table as a consent.Anchor.
func (s *Store) Anchors() *Anchors { return &Anchors{s: s} }

// Head implements consent.Anchor.
func (a *Anchors) Head(ctx context.Context, id subject.ID) (consent.SealedHead, bool, error) {
	if err := ctxErr(ctx); err != nil {
		return consent.SealedHead{}, false, fmt.Errorf("sqlstore: anchor head: %w", err)
	}
	if err := a.s.ensure(ctx); err != nil {
		return consent.SealedHead{}, false, err
	}
	var seq, keyID int64
	var hash, mac []byte
	err := a.s.db.QueryRowContext(ctx, a.s.q.getAnchor, id[:]).Scan(&seq, &hash, &keyID, &mac)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return consent.SealedHead{}, false, nil
	case err != nil:
		return consent.SealedHead{}, false, fmt.Errorf("sqlstore: anchor head: %w", err)
	case seq < 1 || len(hash) != 32 || len(mac) != 32 || keyID < 0 || keyID > 1<<32-1:
		// A malformed row is an edited one: report it as tampering, so the
		// Guard denies the subject rather than reading it as a store outage.
		return consent.SealedHead{}, false, &consent.ChainError{Index: -1, Seq: uint64(max(seq, 0)), Reason: "lawful_consent_anchors holds a malformed row for the subject (edited)"}
	}
	h := consent.SealedHead{Subject: id, Head: consent.Head{Seq: uint64(seq)}, KeyID: uint32(keyID)}
	copy(h.Hash[:], hash)
	copy(h.MAC[:], mac)
	return h, true, nil
}

// Advance implements consent.Anchor: one statement that moves the row
// forward only, then, if it did not, a read telling a higher anchor
// (nothing to do) from a different head at the same seq (tampering or
// diverged ledgers).
func (a *Anchors) Advance(ctx context.Context, h consent.SealedHead) error {
	if err := ctxErr(ctx); err != nil {
		return fmt.Errorf("sqlstore: anchor advance: %w", err)
	}
	if h.Seq < 1 || h.Seq > 1<<63-1 {
		return fmt.Errorf("sqlstore: anchor advance: seq %d is not a stored event's", h.Seq)
	}
	if err := a.s.ensure(ctx); err != nil {
		return err
	}
	res, err := a.s.db.ExecContext(ctx, a.s.q.advanceAnchor, h.Subject[:], int64(h.Seq), h.Hash[:], int64(h.KeyID), h.MAC[:])
	if err != nil {
		return fmt.Errorf("sqlstore: anchor advance: %w", err)
	}
	if n, err := res.RowsAffected(); err == nil && n > 0 {
		return nil
	}
	cur, found, err := a.Head(ctx, h.Subject)
	switch {
	case err != nil:
		return err
	case found && cur.Seq == h.Seq && cur.Hash != h.Hash:
		return &consent.ChainError{Index: -1, Seq: h.Seq, Reason: "a different head was already anchored at this seq (two ledgers diverged)"}
	}
	return nil
}
