package sqlstoretest_test

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"testing"

	"github.com/lawfulgo/lawful/sqlstore"
	"github.com/lawfulgo/lawful/subject"
)

// migratedVersions lists the versions lawful_schema_migrations records.
func migratedVersions(t *testing.T, db *sql.DB) []int {
	t.Helper()
	rows, err := db.QueryContext(t.Context(), "SELECT version FROM lawful_schema_migrations ORDER BY version")
	if err != nil {
		t.Fatalf("reading lawful_schema_migrations: %v", err)
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

func allVersions() []int {
	var out []int
	for v := 1; v <= sqlstore.SchemaVersion(); v++ {
		out = append(out, v)
	}
	return out
}

func TestMigrate(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			b.skipUnavailable(t)
			for _, tc := range []struct {
				name string
				run  func(t *testing.T, driver, dsn string)
			}{
				{"records_every_version_once", func(t *testing.T, driver, dsn string) {
					db := openDB(t, driver, dsn)
					st := openStore(t, db, b.dialect)
					v, err := st.Version(t.Context())
					if err != nil || v != sqlstore.SchemaVersion() {
						t.Fatalf("Version = %d, %v; want %d", v, err, sqlstore.SchemaVersion())
					}
					if got := migratedVersions(t, db); !equalInts(got, allVersions()) {
						t.Fatalf("lawful_schema_migrations holds versions %v, want %v", got, allVersions())
					}
				}},
				{"is_idempotent", func(t *testing.T, driver, dsn string) {
					db := openDB(t, driver, dsn)
					st := openStore(t, db, b.dialect)
					for range 2 {
						if err := st.Migrate(t.Context()); err != nil {
							t.Fatalf("Migrate on a migrated database: %v", err)
						}
					}
					if got := migratedVersions(t, db); !equalInts(got, allVersions()) {
						t.Fatalf("after three Migrates, versions %v, want %v", got, allVersions())
					}
				}},
				{"racing_processes_apply_each_migration_once", func(t *testing.T, driver, dsn string) {
					// The database exists before the processes start, as in
					// a deployment: a brand-new SQLite file's switch to WAL
					// takes an exclusive lock that SQLite does not wait for,
					// so racing first opens can fail with SQLITE_BUSY
					// before any migration runs (see the package doc).
					if err := openDB(t, driver, dsn).PingContext(t.Context()); err != nil {
						t.Fatal(err)
					}
					var wg sync.WaitGroup
					errs := make([]error, 4)
					for i := range errs {
						db := openDB(t, driver, dsn) // a pool per "process"
						wg.Go(func() {
							st, err := sqlstore.Open(context.Background(), db, b.dialect)
							if err == nil {
								err = st.Migrate(context.Background())
							}
							errs[i] = err
						})
					}
					wg.Wait()
					if err := errors.Join(errs...); err != nil {
						t.Fatalf("racing Migrates: %v", err)
					}
					if got := migratedVersions(t, openDB(t, driver, dsn)); !equalInts(got, allVersions()) {
						t.Fatalf("versions %v, want %v", got, allVersions())
					}
				}},
				{"a_store_opened_before_migrating_says_to_migrate_then_notices", func(t *testing.T, driver, dsn string) {
					st, err := sqlstore.Open(t.Context(), openDB(t, driver, dsn), b.dialect)
					if err != nil {
						t.Fatalf("Open on an empty database: %v", err)
					}
					if _, err := st.Consent().Load(t.Context(), subjectOne); !errors.Is(err, sqlstore.ErrNotMigrated) {
						t.Fatalf("Load before Migrate = %v, want ErrNotMigrated", err)
					}
					if _, err := st.Retention().Holds(t.Context()); !errors.Is(err, sqlstore.ErrNotMigrated) {
						t.Fatalf("Holds before Migrate = %v, want ErrNotMigrated", err)
					}
					openStore(t, openDB(t, driver, dsn), b.dialect) // another process migrates
					if _, err := st.Consent().Load(t.Context(), subjectOne); err != nil {
						t.Fatalf("Load after another process migrated: %v", err)
					}
				}},
				{"a_newer_schema_is_refused", func(t *testing.T, driver, dsn string) {
					db := openDB(t, driver, dsn)
					openStore(t, db, b.dialect)
					if _, err := db.ExecContext(t.Context(), "INSERT INTO lawful_schema_migrations (version, name, applied_ns) VALUES (999, 'from the future', 0)"); err != nil {
						t.Fatal(err)
					}
					_, err := sqlstore.Open(t.Context(), db, b.dialect)
					if !errors.Is(err, sqlstore.ErrSchemaTooNew) {
						t.Fatalf("Open on a newer schema = %v, want ErrSchemaTooNew", err)
					}
				}},
				{"a_failed_migration_applies_nothing_of_itself", func(t *testing.T, driver, dsn string) {
					db := openDB(t, driver, dsn)
					st, err := sqlstore.Open(t.Context(), db, b.dialect)
					if err != nil {
						t.Fatal(err)
					}
					// A table in the way of a later statement of migration 2.
					if _, err := db.ExecContext(t.Context(), "CREATE TABLE lawful_retention_events (x INTEGER)"); err != nil {
						t.Fatal(err)
					}
					if err := st.Migrate(t.Context()); err == nil {
						t.Fatal("Migrate succeeded with a table in the way")
					}
					if got := migratedVersions(t, db); !equalInts(got, []int{1}) {
						t.Fatalf("versions %v after migration 2 failed, want [1]", got)
					}
					if _, err := db.ExecContext(t.Context(), "SELECT COUNT(*) FROM lawful_retention_timers"); err == nil {
						t.Fatal("migration 2 failed but its first table exists: it was not one transaction")
					}
				}},
			} {
				t.Run(tc.name, func(t *testing.T) {
					driver, dsn := b.fresh(t)
					tc.run(t, driver, dsn)
				})
			}
		})
	}
}

var subjectOne = subject.MustParseID("0192f000-0000-7000-8000-000000000001")

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestOpenRefusesWhatCannotWork(t *testing.T) {
	noTimeout := func(t *testing.T) *sql.DB {
		return openDB(t, "sqlite", "file:"+t.TempDir()+"/x.db")
	}
	for _, tc := range []struct {
		name    string
		db      func(t *testing.T) *sql.DB
		dialect sqlstore.Dialect
		want    error
	}{
		{"no_database", func(*testing.T) *sql.DB { return nil }, sqlstore.SQLite, sqlstore.ErrNotConfigured},
		{"an_unknown_dialect", func(t *testing.T) *sql.DB { _, dsn := freshSQLite(t); return openDB(t, "sqlite", dsn) }, sqlstore.DialectUnknown, sqlstore.ErrNotConfigured},
		{"sqlite_pool_without_busy_timeout", noTimeout, sqlstore.SQLite, sqlstore.ErrNotConfigured},
		{"sqlite_single_connection_without_busy_timeout_is_fine", func(t *testing.T) *sql.DB {
			db := noTimeout(t)
			db.SetMaxOpenConns(1)
			return db
		}, sqlstore.SQLite, nil},
		{"sqlite_below_synchronous_full_could_lose_acknowledged_appends", func(t *testing.T) *sql.DB {
			return openDB(t, "sqlite", "file:"+t.TempDir()+"/x.db?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)")
		}, sqlstore.SQLite, sqlstore.ErrNotConfigured},
		{"postgres_without_synchronous_commit_could_lose_acknowledged_appends", func(t *testing.T) *sql.DB {
			_, dsn := freshPostgres(t)
			return openDB(t, pgDriver, dsn+"&options=-c%20synchronous_commit%3Doff")
		}, sqlstore.Postgres, sqlstore.ErrNotConfigured},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := sqlstore.Open(t.Context(), tc.db(t), tc.dialect)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Open = %v, want %v", err, tc.want)
			}
		})
	}
}
