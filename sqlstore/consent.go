package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/subject"
)

// ConsentStore is a Store's consent ledger: a consent.Store,
// consent.ChangeFeed and consent.FeedHead. Get it from (*Store).Consent
// and pass it as consent.Config.Store; a consent.Follower polls its change
// feed. It is safe for concurrent use by many goroutines and processes.
//
// Each event is a row of lawful_consent_events keyed by (subject, seq),
// holding the event's canonical encoding (consent.Event.MarshalBinary),
// so times keep their nanoseconds and Load returns exactly what was
// appended. An Append is one transaction: it checks that the subject's
// last seq is the one expected, inserts the events and records one change
// in lawful_consent_changes under the next cursor. Two writers appending
// to one subject conflict on the primary key, and the loser's error
// matches consent.ErrConflict.
//
// The change cursor is a single counter row, updated by every Append in
// its transaction. That makes cursors follow commit order without gaps,
// so a poller that saw cursor c has seen every change up to c; the price
// is that appends, even to different subjects, take turns at that row
// for the moment of their commit (on PostgreSQL about one disk flush
// each: see the package's benchmarks).
type ConsentStore struct {
	s *Store
}

var _ interface {
	consent.Store
	consent.ChangeFeed
	consent.FeedHead
} = (*ConsentStore)(nil)

// Consent returns the Store's consent ledger.
func (s *Store) Consent() *ConsentStore { return &ConsentStore{s: s} }

// insertBatch bounds the rows of one INSERT statement.
const insertBatch = 100

// Append implements consent.Store. A refused append (wrong subject or
// numbering, conflict, done context, database error) writes nothing.
func (c *ConsentStore) Append(ctx context.Context, id subject.ID, expect uint64, events ...consent.Event) error {
	if err := ctxErr(ctx); err != nil {
		return fmt.Errorf("sqlstore: consent append: %w", err)
	}
	if expect > math.MaxInt64-uint64(len(events)) {
		return fmt.Errorf("%w: append expected seq %d, beyond what the store can hold; reload the ledger", consent.ErrConflict, expect)
	}
	bodies := make([][]byte, len(events))
	for i := range events {
		e := &events[i]
		if e.Subject != id {
			return fmt.Errorf("sqlstore: consent append: event %d belongs to another subject; append each subject's events separately", i)
		}
		if want := expect + uint64(i) + 1; e.Seq != want {
			return fmt.Errorf("sqlstore: consent append: event %d has seq %d, want %d (events continue from expect %d)", i, e.Seq, want, expect)
		}
		b, err := e.MarshalBinary()
		if err != nil {
			return fmt.Errorf("sqlstore: consent append: encoding event %d: %w", i, err)
		}
		bodies[i] = b
	}
	if err := c.s.ensure(ctx); err != nil {
		return err
	}
	if len(events) == 0 {
		last, err := c.lastSeq(ctx, c.s.db, id)
		if err != nil {
			return err
		}
		if last != expect {
			return conflict(last, expect)
		}
		return nil
	}
	err := c.s.inTx(ctx, func(tx *sql.Tx) error { return c.append(ctx, tx, id, expect, events, bodies) })
	var lastErr *lastSeqError
	var retryErr *retryError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, consent.ErrDuplicateID):
		return fmt.Errorf("sqlstore: consent append: %w", err)
	case errors.As(err, &lastErr):
		return conflict(lastErr.last, expect)
	case errors.As(err, &retryErr) && classify(retryErr.err) == classBusy:
		return fmt.Errorf("sqlstore: consent append: %w; raise the SQLite busy_timeout", err)
	case errors.As(err, &retryErr):
		return fmt.Errorf("%w: %v; reload the ledger and retry", consent.ErrConflict, retryErr)
	case classify(err) == classUnique:
		return fmt.Errorf("%w: another writer appended seq %d for the subject first; reload the ledger and retry", consent.ErrConflict, expect+1)
	}
	return fmt.Errorf("sqlstore: consent append: %w", err)
}

// append runs in the transaction of an Append.
func (c *ConsentStore) append(ctx context.Context, tx *sql.Tx, id subject.ID, expect uint64, events []consent.Event, bodies [][]byte) error {
	var pos int64
	bump := func() error { return tx.QueryRowContext(ctx, c.s.q.bumpCursor).Scan(&pos) }
	if c.s.dialect == SQLite {
		// A write first takes SQLite's write lock before any read, so the
		// transaction cannot meet a stale snapshot (SQLITE_BUSY_SNAPSHOT).
		if err := bump(); err != nil {
			return err
		}
	}
	last, err := c.lastSeq(ctx, tx, id)
	if err != nil {
		return err
	}
	if last != expect {
		return &lastSeqError{last: last}
	}
	if err := c.checkIDs(ctx, tx, events); err != nil {
		return err
	}
	for start := 0; start < len(events); start += insertBatch {
		end := min(start+insertBatch, len(events))
		var b strings.Builder
		b.WriteString("INSERT INTO lawful_consent_events (subject, seq, id, kind, body) VALUES ")
		args := make([]any, 0, 5*(end-start))
		for i := start; i < end; i++ {
			if i > start {
				b.WriteString(", ")
			}
			b.WriteString("(?, ?, ?, ?, ?)")
			e := &events[i]
			args = append(args, id[:], int64(e.Seq), e.ID[:], int64(e.Kind), bodies[i])
		}
		if _, err := tx.ExecContext(ctx, c.s.q.bind(b.String()), args...); err != nil {
			return err
		}
	}
	seq := int64(events[len(events)-1].Seq)
	if c.s.dialect == SQLite {
		_, err = tx.ExecContext(ctx, c.s.q.addChange, pos, id[:], seq)
		return err
	}
	// PostgreSQL: take the counter row last, in the statement that records
	// the change, holding it only until commit.
	_, err = tx.ExecContext(ctx, c.s.q.bumpAndAddChange, id[:], seq)
	return err
}

// checkIDs refuses events whose IDs are stored already (the unique index
// on id would refuse them too, but as a conflict a retry cannot cure).
func (c *ConsentStore) checkIDs(ctx context.Context, tx *sql.Tx, events []consent.Event) error {
	for i := range events {
		if slices.ContainsFunc(events[:i], func(e consent.Event) bool { return e.ID == events[i].ID }) {
			return fmt.Errorf("%w: events %d and another of the append share ID %v", consent.ErrDuplicateID, i, events[i].ID)
		}
		var n int
		if err := tx.QueryRowContext(ctx, c.s.q.bind(`SELECT COUNT(*) FROM lawful_consent_events WHERE id = ?`), events[i].ID[:]).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("%w: event %d's ID %v is already stored", consent.ErrDuplicateID, i, events[i].ID)
		}
	}
	return nil
}

// lastSeqError: the subject's last seq is not the one expected.
type lastSeqError struct{ last uint64 }

func (e *lastSeqError) Error() string { return fmt.Sprintf("last seq is %d", e.last) }

func conflict(last, expect uint64) error {
	return fmt.Errorf("%w: the subject's last seq is %d, the append expected %d; reload the ledger and retry", consent.ErrConflict, last, expect)
}

// consentChain names the consent events' table for the chain helpers.
var consentChain = chain{table: "lawful_consent_events", owner: "subject", op: "consent load", tampered: consent.ErrTampered}

func (c *ConsentStore) lastSeq(ctx context.Context, q querier, id subject.ID) (uint64, error) {
	return consentChain.lastSeq(ctx, q, c.s.q.lastSeq, id[:])
}

// Load implements consent.Store. A row that does not decode, or whose
// event is not the row's subject and seq, is an error matching
// ErrCorruptRow and consent.ErrTampered (and consent.ErrCorrupt for a bad
// encoding): a row no Ledger wrote is evidence of tampering, and the Guard
// denies the subject.
func (c *ConsentStore) Load(ctx context.Context, id subject.ID) ([]consent.Event, error) {
	return load(ctx, c.s, consentChain, c.s.q.loadEvents, id[:], func(e *consent.Event, seq uint64) bool {
		return e.Subject == id && e.Seq == seq
	})
}

// Changes implements consent.ChangeFeed. Cursors start at 1 and have no
// gaps: a rolled-back append releases its cursor.
func (c *ConsentStore) Changes(ctx context.Context, after uint64, limit int) ([]consent.Change, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, fmt.Errorf("sqlstore: consent changes: %w", err)
	}
	if limit <= 0 {
		return nil, fmt.Errorf("sqlstore: consent changes: limit %d, want > 0", limit)
	}
	if after >= math.MaxInt64 {
		return nil, nil
	}
	if err := c.s.ensure(ctx); err != nil {
		return nil, err
	}
	rows, err := c.s.db.QueryContext(ctx, c.s.q.readChanges, int64(after), limit)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: consent changes: %w", err)
	}
	defer rows.Close()
	var out []consent.Change
	for rows.Next() {
		var pos, seq int64
		var subj []byte
		if err := rows.Scan(&pos, &subj, &seq); err != nil {
			return nil, fmt.Errorf("sqlstore: consent changes: %w", err)
		}
		if len(subj) != len(subject.ID{}) || pos <= 0 || seq <= 0 {
			return nil, fmt.Errorf("%w: lawful_consent_changes row %d: subject of %d bytes, seq %d", ErrCorruptRow, pos, len(subj), seq)
		}
		out = append(out, consent.Change{Cursor: uint64(pos), Subject: subject.ID(subj), Seq: uint64(seq)})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: consent changes: %w", err)
	}
	return out, nil
}

// HeadCursor implements consent.FeedHead: the newest cursor, 0 for none.
func (c *ConsentStore) HeadCursor(ctx context.Context) (uint64, error) {
	if err := ctxErr(ctx); err != nil {
		return 0, fmt.Errorf("sqlstore: consent head cursor: %w", err)
	}
	if err := c.s.ensure(ctx); err != nil {
		return 0, err
	}
	var pos int64
	if err := c.s.db.QueryRowContext(ctx, "SELECT COALESCE(MAX(pos), 0) FROM lawful_consent_changes").Scan(&pos); err != nil {
		return 0, fmt.Errorf("sqlstore: consent head cursor: %w", err)
	}
	return uint64(max(pos, 0)), nil
}
