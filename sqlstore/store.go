package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/lawfulgo/lawful/clock"
	"github.com/lawfulgo/lawful/internal/ctxerr"
)

// Sentinel errors of this package, matched with errors.Is. Errors about
// what a store holds also match the sentinels of package consent,
// retention, incident, rights, seal or assessment (consent.ErrConflict,
// retention.ErrNotFound, incident.ErrTampered, rights.ErrConflict,
// seal.ErrShredded, ...).
var (
	// ErrNotConfigured: Open was given no database, an unknown Dialect, or
	// a SQLite database that cannot take concurrent writers (see Open).
	ErrNotConfigured = errors.New("sqlstore: not configured")
	// ErrNotMigrated: the database's schema is older than this package's;
	// call (*Store).Migrate.
	ErrNotMigrated = errors.New("sqlstore: schema not migrated")
	// ErrSchemaTooNew: the database's schema was migrated by a newer
	// version of this package, which this one cannot safely use; upgrade
	// the service.
	ErrSchemaTooNew = errors.New("sqlstore: schema newer than this package")
	// ErrCorruptRow: a stored row cannot be decoded (edited by hand, or a
	// bug); the message names the table and row.
	ErrCorruptRow = errors.New("sqlstore: corrupt row")
)

// Dialect is the SQL dialect of the database a Store talks to.
type Dialect uint8

const (
	// DialectUnknown is the zero Dialect; Open refuses it.
	DialectUnknown Dialect = iota
	// Postgres is PostgreSQL 12 or later, through any database/sql driver
	// whose errors have a SQLState() string method (pgx's stdlib, lib/pq).
	// Its statements are also valid CockroachDB SQL; see the package
	// documentation for what differs there.
	Postgres
	// SQLite is SQLite 3.35 or later (for RETURNING), e.g. through
	// modernc.org/sqlite.
	SQLite
)

// String returns "postgres", "sqlite" or "Dialect(N)".
func (d Dialect) String() string {
	switch d {
	case Postgres:
		return "postgres"
	case SQLite:
		return "sqlite"
	}
	return fmt.Sprintf("Dialect(%d)", uint8(d))
}

// Store keeps lawful's consent ledger, retention schedules, incident
// register, rights requests, sealing keys, impact assessments, export
// records and compliance audits in a SQL database, shared by every service
// instance that opens it. Consent returns its consent.Store, Retention its
// retention.Store, Incidents its incident.Store, Rights its rights.Store,
// SealKeys its seal.KeyStore, Assessments its assessment.Store, Transfers
// its transfer.Store and Audits its controller.AuditStore. It is safe
// for concurrent use by many goroutines and many processes.
type Store struct {
	db      *sql.DB
	dialect Dialect
	q       *queries
	ready   atomic.Bool // the schema is known to be current
	// writing serialises this process's SQLite write transactions, which
	// SQLite runs one at a time anyway: waiting here, in turn, is fairer
	// and quicker than SQLite's busy handler, which sleeps. Writers in
	// other processes still wait on busy_timeout.
	writing chan struct{}
}

// Open returns a Store over db, which the caller keeps open while the
// Store is used and closes afterwards. It reads the schema version and
// fails with an error matching ErrSchemaTooNew if a newer version of this
// package migrated the database; an older or empty schema is fine, but
// every other method then fails with ErrNotMigrated until Migrate has run
// (here or in another process).
//
// For SQLite, every connection of db must wait for locks rather than fail
// at once: open it with a busy timeout (modernc.org/sqlite:
// "file:lawful.db?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)")
// or limit db to one connection (db.SetMaxOpenConns(1)). Open fails with
// ErrNotConfigured otherwise.
func Open(ctx context.Context, db *sql.DB, d Dialect) (*Store, error) {
	if db == nil {
		return nil, fmt.Errorf("%w: Open needs a *sql.DB, got nil", ErrNotConfigured)
	}
	q, err := queriesFor(d)
	if err != nil {
		return nil, err
	}
	if err := ctxErr(ctx); err != nil {
		return nil, fmt.Errorf("sqlstore: open: %w", err)
	}
	s := &Store{db: db, dialect: d, q: q}
	if d == SQLite {
		s.writing = make(chan struct{}, 1)
	}
	if d == SQLite && db.Stats().MaxOpenConnections != 1 {
		var ms int64
		if err := db.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&ms); err != nil {
			return nil, fmt.Errorf("sqlstore: open: reading SQLite busy_timeout: %w", err)
		}
		if ms <= 0 {
			return nil, fmt.Errorf("%w: SQLite busy_timeout is 0, so concurrent writers would fail with \"database is locked\"; add _pragma=busy_timeout(10000) to the DSN (modernc.org/sqlite) or call db.SetMaxOpenConns(1)", ErrNotConfigured)
		}
	}
	if err := s.checkDurability(ctx); err != nil {
		return nil, err
	}
	if _, err := s.checkSchema(ctx); err != nil && !errors.Is(err, ErrNotMigrated) {
		return nil, err
	}
	return s, nil
}

// checkDurability refuses a database whose settings would let a commit
// that returned (an acknowledged append) be lost on a crash or power loss:
// SQLite below synchronous=FULL; PostgreSQL with fsync or
// synchronous_commit off.
func (s *Store) checkDurability(ctx context.Context) error {
	if s.dialect == SQLite {
		var level int
		if err := s.db.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&level); err != nil {
			return fmt.Errorf("sqlstore: open: reading SQLite synchronous: %w", err)
		}
		if level < 2 {
			return fmt.Errorf("%w: SQLite synchronous is %d (below FULL): a power loss could lose acknowledged consent events; add _pragma=synchronous(FULL) to the DSN", ErrNotConfigured, level)
		}
		return nil
	}
	for _, setting := range []string{"fsync", "synchronous_commit"} {
		var v string
		if err := s.db.QueryRowContext(ctx, "SHOW "+setting).Scan(&v); err != nil {
			return fmt.Errorf("sqlstore: open: reading PostgreSQL %s: %w", setting, err)
		}
		if v == "off" {
			return fmt.Errorf("%w: PostgreSQL %s is off: a crash could lose acknowledged consent events; turn it on (the default)", ErrNotConfigured, setting)
		}
	}
	return nil
}

// Dialect returns the Store's dialect.
func (s *Store) Dialect() Dialect { return s.dialect }

// DB returns the database the Store uses.
func (s *Store) DB() *sql.DB { return s.db }

// ensure returns nil once the schema was seen current; before that it
// reads the schema version each time, so a Migrate run by another process
// is noticed.
func (s *Store) ensure(ctx context.Context) error {
	if s.ready.Load() {
		return nil
	}
	_, err := s.checkSchema(ctx)
	return err
}

// checkSchema reads the schema version and returns it, with an error
// matching ErrNotMigrated or ErrSchemaTooNew if it is not this package's.
func (s *Store) checkSchema(ctx context.Context) (int, error) {
	v, err := s.Version(ctx)
	if err != nil {
		return 0, err
	}
	switch n := len(migrations); {
	case v > n:
		return v, fmt.Errorf("%w: the database is at schema version %d, this package knows versions up to %d; upgrade github.com/lawfulgo/lawful in this service", ErrSchemaTooNew, v, n)
	case v < n:
		return v, fmt.Errorf("%w: the database is at schema version %d, this package needs %d; call (*sqlstore.Store).Migrate", ErrNotMigrated, v, n)
	}
	s.ready.Store(true)
	return v, nil
}

// maxAttempts bounds the runs of a transaction that the database aborted
// to keep transactions serializable (CockroachDB, PostgreSQL deadlocks,
// SQLite busy snapshots).
const maxAttempts = 6

// errClass sorts database errors by what the Store does about them.
type errClass uint8

const (
	classOther errClass = iota
	classUnique
	classRetry // serialization failure or deadlock: nothing was written
	classBusy  // SQLite lock wait timed out
)

// classify sorts a driver error without importing the driver: PostgreSQL
// drivers give a SQLState, modernc.org/sqlite a result Code; other SQLite
// drivers are recognised by their messages.
func classify(err error) errClass {
	if err == nil {
		return classOther
	}
	if pe, ok := errors.AsType[interface {
		error
		SQLState() string
	}](err); ok {
		switch pe.SQLState() {
		case "23505": // unique_violation
			return classUnique
		case "40001", "40P01": // serialization_failure, deadlock_detected
			return classRetry
		}
		return classOther
	}
	if se, ok := errors.AsType[interface {
		error
		Code() int
	}](err); ok {
		switch code := se.Code(); {
		case code == 1555 || code == 2067: // SQLITE_CONSTRAINT_PRIMARYKEY, _UNIQUE
			return classUnique
		case code == 517: // SQLITE_BUSY_SNAPSHOT: the read snapshot went stale
			return classRetry
		case code&0xff == 5 || code&0xff == 6: // SQLITE_BUSY, SQLITE_LOCKED
			return classBusy
		}
		return classOther
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "UNIQUE constraint failed"):
		return classUnique
	case strings.Contains(msg, "database is locked"):
		return classBusy
	}
	return classOther
}

// inTx runs fn in a transaction and commits it, all or nothing. A run the
// database aborted for serializability (or SQLite found locked) runs again,
// up to maxAttempts times; then the last such error is returned inside a
// *retryError.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	var err error
	for attempt := range maxAttempts {
		if attempt > 0 {
			t := time.NewTimer(time.Duration(1<<attempt) * time.Millisecond)
			select {
			case <-ctx.Done():
				t.Stop()
				return fmt.Errorf("%w (retrying after: %w)", ctx.Err(), err)
			case <-t.C:
			}
		}
		err = s.tryTx(ctx, fn)
		if c := classify(err); c != classRetry && c != classBusy {
			return err
		}
	}
	return &retryError{attempts: maxAttempts, err: err}
}

func (s *Store) tryTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if s.writing != nil {
		select {
		case s.writing <- struct{}{}:
			defer func() { <-s.writing }()
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback() // the error of fn is the one to report
		return err
	}
	return tx.Commit()
}

// retryError is a transaction the database kept aborting.
type retryError struct {
	attempts int
	err      error
}

func (e *retryError) Error() string {
	return fmt.Sprintf("the database aborted the transaction %d times (%v)", e.attempts, e.err)
}

func (e *retryError) Unwrap() error { return e.err }

// Nanosecond times: stored as int64 nanoseconds since the Unix epoch, NULL
// for the zero time. They hold the range of package clock, [clock.Min,
// clock.Max], Max included since computed ends saturate to it: every time
// the library accepts, and nothing the int64 arithmetic could wrap.

// nanos returns t for a nanosecond column, or an error naming field if t
// is outside the range of package clock.
func nanos(t time.Time, field string) (sql.NullInt64, error) {
	if t.IsZero() {
		return sql.NullInt64{}, nil
	}
	if n := clock.Nanos(t); n == clock.MaxUnixNano && t.After(clock.Max()) || n == clock.MinUnixNano && t.Before(clock.Min()) {
		return sql.NullInt64{}, fmt.Errorf("%w", clock.Check(t, field))
	}
	return sql.NullInt64{Int64: t.UnixNano(), Valid: true}, nil
}

// clampNanos returns t as nanoseconds for a comparison, saturated to the
// range of package clock.
func clampNanos(t time.Time) int64 { return clock.Nanos(t) }

// fromNanos is the inverse of nanos, in UTC. A value outside the range
// (an edited row) saturates rather than wrapping.
func fromNanos(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return time.Unix(0, min(max(n.Int64, clock.MinUnixNano), clock.MaxUnixNano)).UTC()
}

// checkText refuses a string that a PostgreSQL text column cannot hold
// (invalid UTF-8, NUL), so both dialects accept the same values.
func checkText(v, field string) error {
	if !utf8.ValidString(v) || strings.IndexByte(v, 0) >= 0 {
		return fmt.Errorf("%s %q is not valid UTF-8 text without NUL bytes", field, v)
	}
	return nil
}

// limitClause returns " LIMIT n" for limit >= 0 and "" for a negative
// limit, which means no limit.
func limitClause(limit int) string {
	if limit < 0 {
		return ""
	}
	return fmt.Sprintf(" LIMIT %d", limit)
}

// ctxErr is ctx.Err(), or an error for a nil ctx.
var ctxErr = ctxerr.Err
