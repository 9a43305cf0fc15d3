package sqlstoretest_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"

	"github.com/lawfulgo/lawful/sqlstore"
)

// pgEnv names the environment variable with the DSN of a PostgreSQL
// database the tests may create schemas in.
const pgEnv = "LAWFUL_POSTGRES_DSN"

// backend is a database the tests run against: it opens a fresh, empty
// database (or schema) per call, cleaned up with t.Cleanup.
type backend struct {
	name    string
	dialect sqlstore.Dialect
	// fresh returns the driver name and DSN of a new, empty database.
	fresh func(t testing.TB) (driver, dsn string)
}

// backends are SQLite, always, and PostgreSQL when pgEnv is set.
var backends = []backend{
	{name: "sqlite", dialect: sqlstore.SQLite, fresh: freshSQLite},
	{name: "postgres", dialect: sqlstore.Postgres, fresh: freshPostgres},
}

// skipUnavailable skips t, once for all its subtests, if b's database is
// not configured, saying how to run the tests.
func (b backend) skipUnavailable(t testing.TB) {
	t.Helper()
	if b.dialect == sqlstore.Postgres && os.Getenv(pgEnv) == "" {
		t.Skipf("PostgreSQL tests need a database: %s=postgres://user@localhost:5432/db?sslmode=disable go test ./sqlstore (.ci/run starts a throwaway cluster)", pgEnv)
	}
}

// sqliteDSN is the DSN of a SQLite file as the package doc recommends.
func sqliteDSN(path string) string {
	return "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)"
}

func freshSQLite(t testing.TB) (string, string) {
	return "sqlite", sqliteDSN(filepath.Join(t.TempDir(), "lawful.db"))
}

// freshPostgres creates a schema of its own for the test and returns a
// DSN whose search_path is that schema; the schema is dropped at cleanup.
// Without pgEnv it skips the test, saying how to run it.
func freshPostgres(t testing.TB) (string, string) {
	t.Helper()
	dsn := os.Getenv(pgEnv)
	if dsn == "" {
		t.Skipf("PostgreSQL tests need a database: %s=postgres://user@localhost:5432/db?sslmode=disable go test ./sqlstore (.ci/run starts a throwaway cluster)", pgEnv)
	}
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatalf("opening %s: %v", pgEnv, err)
	}
	t.Cleanup(func() { admin.Close() })
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "lawful_test_" + hex.EncodeToString(b[:])
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("creating schema %s in %s: %v", schema, pgEnv, err)
	}
	t.Cleanup(func() {
		if _, err := admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("dropping schema %s: %v", schema, err)
		}
	})
	return pgDriver, withSearchPath(t, dsn, schema)
}

// withSearchPath adds search_path=schema to a URL or key=value DSN; pgx
// sends unknown parameters as run-time settings.
func withSearchPath(t testing.TB, dsn, schema string) string {
	if !strings.Contains(dsn, "://") {
		return dsn + " search_path=" + schema
	}
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("%s is not a URL: %v", pgEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// pgDriver names the PostgreSQL driver of the tests: pgx's database/sql
// driver (github.com/jackc/pgx/v5/stdlib).
const pgDriver = "pgx"

// openDB opens a database handle closed at cleanup.
func openDB(t testing.TB, driver, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatalf("sql.Open(%q): %v", driver, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// openStore opens and migrates a Store on db.
func openStore(t testing.TB, db *sql.DB, d sqlstore.Dialect) *sqlstore.Store {
	t.Helper()
	st, err := sqlstore.Open(context.Background(), db, d)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if err := st.Migrate(context.Background()); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	return st
}

// fresh returns a migrated Store on a new, empty database of b.
func (b backend) store(t testing.TB) *sqlstore.Store {
	t.Helper()
	driver, dsn := b.fresh(t)
	return openStore(t, openDB(t, driver, dsn), b.dialect)
}
