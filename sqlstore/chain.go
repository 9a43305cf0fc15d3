package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
)

// querier is what a *sql.DB and a *sql.Tx share for one-row queries.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// chain names one hash-chained record table (consent events, incident
// events) for the helpers below: its table, what owns a chain (a subject,
// an incident), the operation in error messages, and the sentinel of
// tampering of the record's package.
type chain struct {
	table, owner, op string
	tampered         error
}

// lastSeq returns the highest seq stored for the owner id by query; a
// negative one is a row no writer of lawful made.
func (c chain) lastSeq(ctx context.Context, q querier, query string, id []byte) (uint64, error) {
	var last int64
	if err := q.QueryRowContext(ctx, query, id).Scan(&last); err != nil {
		return 0, err
	}
	if last < 0 {
		return 0, fmt.Errorf("%w (%w): %s holds seq %d for the %s", ErrCorruptRow, c.tampered, c.table, last, c.owner)
	}
	return uint64(last), nil
}

// load reads the owner's (seq, body) rows by query, in order, and decodes
// each body into an E. A row that does not decode, or whose event is not
// that row's (another owner, another seq: see is), is an error matching
// ErrCorruptRow and the record's tampering sentinel.
func load[E any, P interface {
	*E
	UnmarshalBinary([]byte) error
}](ctx context.Context, s *Store, c chain, query string, id []byte, is func(e *E, seq uint64) bool) ([]E, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, fmt.Errorf("sqlstore: %s: %w", c.op, err)
	}
	if err := s.ensure(ctx); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, query, id)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: %s: %w", c.op, err)
	}
	defer rows.Close()
	var out []E
	for rows.Next() {
		var seq int64
		var body []byte
		if err := rows.Scan(&seq, &body); err != nil {
			return nil, fmt.Errorf("sqlstore: %s: %w", c.op, err)
		}
		var e E
		if err := P(&e).UnmarshalBinary(body); err != nil {
			return nil, fmt.Errorf("%w (%w): %s row (seq %d of the %s): %w", ErrCorruptRow, c.tampered, c.table, seq, c.owner, err)
		}
		if seq < 0 || !is(&e, uint64(seq)) {
			return nil, fmt.Errorf("%w (%w): %s row (seq %d of the %s) holds an event of another row or %s", ErrCorruptRow, c.tampered, c.table, seq, c.owner, c.owner)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: %s: %w", c.op, err)
	}
	return out, nil
}
