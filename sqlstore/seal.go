package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/lawfulgo/lawful/internal/rule"
	"github.com/lawfulgo/lawful/pii/seal"
)

// SealKeys is a Store's seal.KeyStore: one wrapped data key per subject,
// and a tombstone for each subject whose key was destroyed. Get it from
// (*Store).SealKeys and pass it to seal.New. It is safe for
// concurrent use by many goroutines and processes.
//
// Each subject is one row of lawful_seal_keys, keyed by the subject's
// bytes (so subjects compare as bytes in every database, whatever its
// collation): the key's ID, its KEK version and the wrapped bytes while
// it lives; after Destroy those are NULL and destroyed_ns holds when it
// was shredded (the tombstone). Every method is one statement on that
// row, or a statement and a read of the row to say why it did nothing, so
// a Put racing a Destroy either loses (ErrShredded) or has its key erased
// by the Destroy; they never leave a key beside a tombstone.
//
// Erasure: Destroy overwrites the row's key columns with NULL. The old
// row version stays in the database's files until it is reused: run
// SQLite with secure_delete (add _pragma=secure_delete(ON) to the DSN),
// which zeroes freed space at once, and let PostgreSQL's (auto)vacuum
// reclaim dead rows; keep the key store's backups short-lived (see
// seal.KeyStore).
type SealKeys struct {
	s *Store
}

var _ seal.KeyStore = (*SealKeys)(nil)

// SealKeys returns the Store's seal key store.
func (s *Store) SealKeys() *SealKeys { return &SealKeys{s: s} }

// begin checks ctx and the schema before a method acts.
func (k *SealKeys) begin(ctx context.Context, method string) error {
	if err := ctxErr(ctx); err != nil {
		return fmt.Errorf("sqlstore: seal %s: %w", method, err)
	}
	return k.s.ensure(ctx)
}

// sealRow is a row of lawful_seal_keys.
type sealRow struct {
	keyID, wrapped []byte
	kek            sql.NullString
	destroyed      sql.NullInt64
}

// row reads the subject's row; found is false when there is none.
func (k *SealKeys) row(ctx context.Context, q querier, subject string) (r sealRow, found bool, err error) {
	err = q.QueryRowContext(ctx, k.s.q.sealGet, []byte(subject)).Scan(&r.keyID, &r.kek, &r.wrapped, &r.destroyed)
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	return r, err == nil, err
}

// key returns the live key of row r, or an error matching ErrShredded
// (a tombstone) or ErrCorruptRow.
func (r *sealRow) key(subject string) (seal.WrappedKey, error) {
	if r.destroyed.Valid {
		return seal.WrappedKey{}, sealShredded()
	}
	w := seal.WrappedKey{Subject: subject, KEK: r.kek.String, Wrapped: r.wrapped}
	if len(r.keyID) != len(w.ID) || !r.kek.Valid {
		return seal.WrappedKey{}, fmt.Errorf("%w: lawful_seal_keys holds a key ID of %d bytes or no KEK for a subject", ErrCorruptRow, len(r.keyID))
	}
	w.ID = seal.KeyID(r.keyID)
	if err := w.Validate(); err != nil {
		return seal.WrappedKey{}, fmt.Errorf("%w: lawful_seal_keys row of a subject: %w", ErrCorruptRow, err)
	}
	return w, nil
}

// Get implements seal.KeyStore.
func (k *SealKeys) Get(ctx context.Context, subject string) (seal.WrappedKey, error) {
	if err := k.begin(ctx, "get"); err != nil {
		return seal.WrappedKey{}, err
	}
	if err := seal.CheckSubject(subject); err != nil {
		return seal.WrappedKey{}, err
	}
	r, found, err := k.row(ctx, k.s.db, subject)
	switch {
	case err != nil:
		return seal.WrappedKey{}, fmt.Errorf("sqlstore: seal get: %w", err)
	case !found:
		return seal.WrappedKey{}, sealNoKey()
	}
	return r.key(subject)
}

// Put implements seal.KeyStore: an insert that does nothing when the
// subject has a row, then a read of the row.
func (k *SealKeys) Put(ctx context.Context, w seal.WrappedKey) (seal.WrappedKey, error) {
	if err := k.begin(ctx, "put"); err != nil {
		return seal.WrappedKey{}, err
	}
	if err := w.Validate(); err != nil {
		return seal.WrappedKey{}, err
	}
	var stored seal.WrappedKey
	err := k.s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, k.s.q.sealPut, []byte(w.Subject), w.ID[:], w.KEK, w.Wrapped); err != nil {
			return err
		}
		r, found, err := k.row(ctx, tx, w.Subject)
		switch {
		case err != nil:
			return err
		case !found:
			return fmt.Errorf("%w: the subject's row vanished within the transaction", ErrCorruptRow)
		}
		stored, err = r.key(w.Subject)
		return err
	})
	switch {
	case errors.Is(err, seal.ErrShredded) || errors.Is(err, ErrCorruptRow):
		return seal.WrappedKey{}, err
	case err != nil:
		return seal.WrappedKey{}, fmt.Errorf("sqlstore: seal put: %w", err)
	}
	return stored, nil
}

// Destroy implements seal.KeyStore: one upsert that nulls the key columns
// and records the tombstone, keeping the first destruction's time.
func (k *SealKeys) Destroy(ctx context.Context, subject string) error {
	if err := k.begin(ctx, "destroy"); err != nil {
		return err
	}
	if err := seal.CheckSubject(subject); err != nil {
		return err
	}
	if _, err := k.s.db.ExecContext(ctx, k.s.q.sealDestroy, []byte(subject), time.Now().UnixNano()); err != nil {
		return fmt.Errorf("sqlstore: seal destroy: %w", err)
	}
	return nil
}

// Rewrap implements seal.KeyStore: one update guarded by the key's ID and
// KEK, then, if it changed nothing, a read saying why.
func (k *SealKeys) Rewrap(ctx context.Context, old, next seal.WrappedKey) error {
	if err := k.begin(ctx, "rewrap"); err != nil {
		return err
	}
	if err := next.Validate(); err != nil {
		return err
	}
	if next.Subject != old.Subject || next.ID != old.ID {
		return rule.New(seal.ErrInvalidKey, "seal: rewrap must keep the subject and key ID; only the KEK and the wrapped bytes change")
	}
	res, err := k.s.db.ExecContext(ctx, k.s.q.sealRewrap, next.KEK, next.Wrapped, []byte(old.Subject), old.ID[:], old.KEK)
	if err != nil {
		return fmt.Errorf("sqlstore: seal rewrap: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n > 0 {
		return err
	}
	r, found, err := k.row(ctx, k.s.db, old.Subject)
	switch {
	case err != nil:
		return fmt.Errorf("sqlstore: seal rewrap: %w", err)
	case !found:
		return sealNoKey()
	case r.destroyed.Valid:
		return sealShredded()
	}
	return rule.New(seal.ErrConflict, "seal: the subject's key changed since it was read (another rotation won the race); read it again and retry")
}

// Stale implements seal.KeyStore.
func (k *SealKeys) Stale(ctx context.Context, kek, after string, limit int) ([]seal.WrappedKey, error) {
	if err := k.begin(ctx, "stale"); err != nil {
		return nil, err
	}
	if limit <= 0 {
		return nil, rule.New(seal.ErrInvalidKey, fmt.Sprintf("seal: Stale needs a positive limit (got %d)", limit))
	}
	if after != "" {
		if err := seal.CheckSubject(after); err != nil {
			return nil, err
		}
	}
	rows, err := k.s.db.QueryContext(ctx, k.s.q.sealStale, kek, []byte(after), limit)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: seal stale: %w", err)
	}
	defer rows.Close()
	var out []seal.WrappedKey
	for rows.Next() {
		var subj []byte
		var r sealRow
		if err := rows.Scan(&subj, &r.keyID, &r.kek, &r.wrapped, &r.destroyed); err != nil {
			return nil, fmt.Errorf("sqlstore: seal stale: %w", err)
		}
		w, err := r.key(string(subj))
		if err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: seal stale: %w", err)
	}
	return out, nil
}

func sealShredded() error {
	return rule.New(seal.ErrShredded, "seal: the subject's data key was shredded; what was sealed for them cannot be opened, and nothing new is sealed for them (a returning person gets a new subject ID)")
}

func sealNoKey() error {
	return rule.New(seal.ErrNoKey, "seal: the subject has no data key; nothing was sealed for them under this key store (check the subject and that the service uses the same key store)")
}
