package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/incident"
)

// IncidentStore is a Store's incident register: an incident.Store. Get it
// from (*Store).Incidents and pass it as incident.Config.Store, with an
// IncidentAnchors as incident.Config.Anchor. It is safe for concurrent use
// by many goroutines and processes.
//
// Each event is a row of lawful_incident_events keyed by (incident, seq),
// holding the event's stored form (incident.Event.MarshalBinary: its
// canonical encoding and hash), so times keep their nanoseconds and Load
// returns exactly what was appended. An Append is one transaction that
// checks the incident's last seq and inserts the events; two writers
// appending to one incident collide on the primary key, and the loser's
// error matches incident.ErrConflict. Rows are only ever inserted.
//
// The rows are evidence, not the authority: an incident.Register verifies
// the hash chain of every record it loads and checks it against the
// incident's anchored head, so a row edited, deleted, inserted or cut from
// the end in SQL is reported as incident.ErrTampered.
type IncidentStore struct {
	s *Store
}

var _ incident.Store = (*IncidentStore)(nil)

// Incidents returns the Store's incident records.
func (s *Store) Incidents() *IncidentStore { return &IncidentStore{s: s} }

// Append implements incident.Store. A refused append (events of another
// incident or misnumbered, conflict, done context, database error) writes
// nothing.
func (c *IncidentStore) Append(ctx context.Context, id uuid.UUID, expect uint64, events ...incident.Event) error {
	if err := ctxErr(ctx); err != nil {
		return fmt.Errorf("sqlstore: incident append: %w", err)
	}
	if expect > math.MaxInt64-uint64(len(events)) {
		return fmt.Errorf("%w: append expected seq %d, beyond what the store can hold; reload the incident", incident.ErrConflict, expect)
	}
	bodies := make([][]byte, len(events))
	for i := range events {
		e := &events[i]
		if e.Incident != id {
			return fmt.Errorf("sqlstore: incident append: event %d belongs to another incident; append each incident's events separately", i)
		}
		if want := expect + uint64(i) + 1; e.Seq != want {
			return fmt.Errorf("sqlstore: incident append: event %d has seq %d, want %d (events continue from expect %d)", i, e.Seq, want, expect)
		}
		bodies[i], _ = e.MarshalBinary() // never fails
	}
	if err := c.s.ensure(ctx); err != nil {
		return err
	}
	if len(events) == 0 {
		last, err := c.lastSeq(ctx, c.s.db, id)
		if err != nil {
			return fmt.Errorf("sqlstore: incident append: %w", err)
		}
		if last != expect {
			return incidentConflict(last, expect)
		}
		return nil
	}
	err := c.s.inTx(ctx, func(tx *sql.Tx) error { return c.append(ctx, tx, id, expect, events, bodies) })
	var lastErr *lastSeqError
	var retryErr *retryError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &lastErr):
		return incidentConflict(lastErr.last, expect)
	case errors.As(err, &retryErr) && classify(retryErr.err) == classBusy:
		return fmt.Errorf("sqlstore: incident append: %w; raise the SQLite busy_timeout", err)
	case errors.As(err, &retryErr):
		return fmt.Errorf("%w: %v; reload the incident and retry", incident.ErrConflict, retryErr)
	case classify(err) == classUnique:
		return fmt.Errorf("%w: another writer appended seq %d of the incident first; reload it and retry", incident.ErrConflict, expect+1)
	}
	return fmt.Errorf("sqlstore: incident append: %w", err)
}

// append runs in the transaction of an Append.
func (c *IncidentStore) append(ctx context.Context, tx *sql.Tx, id uuid.UUID, expect uint64, events []incident.Event, bodies [][]byte) error {
	last, err := c.lastSeq(ctx, tx, id)
	if err != nil {
		return err
	}
	if last != expect {
		return &lastSeqError{last: last}
	}
	for start := 0; start < len(events); start += insertBatch {
		end := min(start+insertBatch, len(events))
		var b strings.Builder
		b.WriteString("INSERT INTO lawful_incident_events (incident, seq, kind, body) VALUES ")
		args := make([]any, 0, 4*(end-start))
		for i := start; i < end; i++ {
			if i > start {
				b.WriteString(", ")
			}
			b.WriteString("(?, ?, ?, ?)")
			args = append(args, id[:], int64(events[i].Seq), int64(events[i].Kind), bodies[i])
		}
		if _, err := tx.ExecContext(ctx, c.s.q.bind(b.String()), args...); err != nil {
			return err
		}
	}
	return nil
}

func incidentConflict(last, expect uint64) error {
	return fmt.Errorf("%w: the incident's last seq is %d, the append expected %d; reload the incident and retry", incident.ErrConflict, last, expect)
}

// incidentChain names the incident events' table for the chain helpers.
var incidentChain = chain{table: "lawful_incident_events", owner: "incident", op: "incident load", tampered: incident.ErrTampered}

func (c *IncidentStore) lastSeq(ctx context.Context, q querier, id uuid.UUID) (uint64, error) {
	return incidentChain.lastSeq(ctx, q, c.s.q.incidentLastSeq, id[:])
}

// Load implements incident.Store. A row that does not decode (its hash
// does not match its contents), or whose event is not the row's incident
// and seq, is an error matching ErrCorruptRow and incident.ErrTampered
// (and incident.ErrCorrupt for a bad encoding): no Register wrote it.
func (c *IncidentStore) Load(ctx context.Context, id uuid.UUID) ([]incident.Event, error) {
	return load(ctx, c.s, incidentChain, c.s.q.incidentEvents, id[:], func(e *incident.Event, seq uint64) bool {
		return e.Incident == id && e.Seq == seq
	})
}

// List implements incident.Store: IDs compare as bytes in both dialects.
func (c *IncidentStore) List(ctx context.Context, after uuid.UUID, limit int) ([]uuid.UUID, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, fmt.Errorf("sqlstore: incident list: %w", err)
	}
	if limit < 1 || limit > incident.MaxList {
		return nil, fmt.Errorf("sqlstore: incident list: limit %d, want 1 to %d (incident.MaxList)", limit, incident.MaxList)
	}
	if err := c.s.ensure(ctx); err != nil {
		return nil, err
	}
	rows, err := c.s.db.QueryContext(ctx, c.s.q.incidentList, after[:], limit)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: incident list: %w", err)
	}
	defer rows.Close()
	var out []uuid.UUID
	for rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			return nil, fmt.Errorf("sqlstore: incident list: %w", err)
		}
		if len(b) != len(uuid.UUID{}) {
			return nil, fmt.Errorf("%w (%w): lawful_incident_events holds an incident ID of %d bytes", ErrCorruptRow, incident.ErrTampered, len(b))
		}
		out = append(out, uuid.UUID(b))
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: incident list: %w", err)
	}
	return out, nil
}

// IncidentAnchors is an incident.Anchor in the table
// lawful_incident_anchors: one head per incident, never moving back. Get
// it from (*Store).IncidentAnchors. It is safe for concurrent use by many
// goroutines and processes.
//
// The incident chain is unkeyed, so anchors protect a record only from
// those who cannot write them: open the Store that holds them on another
// database (or PostgreSQL schema) than the events, under credentials the
// events' writers do not have, and give every instance's Register the same
// anchors. Anchors in the same database still detect a row deleted or cut
// from the end by anyone who does not also rewrite the anchor row.
type IncidentAnchors struct {
	s *Store
}

var _ incident.Anchor = (*IncidentAnchors)(nil)

// IncidentAnchors returns the Store's incident anchor table.
func (s *Store) IncidentAnchors() *IncidentAnchors { return &IncidentAnchors{s: s} }

// Head implements incident.Anchor. A malformed row is an error matching
// incident.ErrTampered.
func (a *IncidentAnchors) Head(ctx context.Context, id uuid.UUID) (incident.Head, bool, error) {
	if err := ctxErr(ctx); err != nil {
		return incident.Head{}, false, fmt.Errorf("sqlstore: incident anchor head: %w", err)
	}
	if err := a.s.ensure(ctx); err != nil {
		return incident.Head{}, false, err
	}
	var seq int64
	var hash []byte
	err := a.s.db.QueryRowContext(ctx, a.s.q.incidentAnchor, id[:]).Scan(&seq, &hash)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return incident.Head{}, false, nil
	case err != nil:
		return incident.Head{}, false, fmt.Errorf("sqlstore: incident anchor head: %w", err)
	case seq < 1 || len(hash) != 32:
		return incident.Head{}, false, &incident.ChainError{Index: -1, Seq: uint64(max(seq, 0)), Reason: "lawful_incident_anchors holds a malformed row for the incident (edited)"}
	}
	h := incident.Head{Seq: uint64(seq)}
	copy(h.Hash[:], hash)
	return h, true, nil
}

// Advance implements incident.Anchor: one statement that moves the row
// forward only, then, if it did not, a read telling a higher anchor
// (nothing to do) from a different head at the same seq (tampering or
// diverged records). A seq of 0 or beyond int64 is refused.
func (a *IncidentAnchors) Advance(ctx context.Context, id uuid.UUID, h incident.Head) error {
	if err := ctxErr(ctx); err != nil {
		return fmt.Errorf("sqlstore: incident anchor advance: %w", err)
	}
	if h.Seq < 1 || h.Seq > math.MaxInt64 {
		return fmt.Errorf("sqlstore: incident anchor advance: seq %d is not a stored event's (1 to 2^63-1)", h.Seq)
	}
	if err := a.s.ensure(ctx); err != nil {
		return err
	}
	res, err := a.s.db.ExecContext(ctx, a.s.q.advanceIncident, id[:], int64(h.Seq), h.Hash[:])
	if err != nil {
		return fmt.Errorf("sqlstore: incident anchor advance: %w", err)
	}
	if n, err := res.RowsAffected(); err == nil && n > 0 {
		return nil
	}
	cur, found, err := a.Head(ctx, id)
	switch {
	case err != nil:
		return err
	case found && cur.Seq == h.Seq && !bytes.Equal(cur.Hash[:], h.Hash[:]):
		return &incident.ChainError{Index: -1, Seq: h.Seq, Reason: "a different head was already anchored at this seq (two records diverged)"}
	}
	return nil
}
