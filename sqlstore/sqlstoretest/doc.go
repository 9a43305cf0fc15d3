// Package sqlstoretest holds the tests of package sqlstore that need real
// database drivers (modernc.org/sqlite, github.com/jackc/pgx/v5): the
// conformance suites, tamper, concurrency, crash and durability tests, on
// a SQLite file and, when LAWFUL_POSTGRES_DSN names one, on PostgreSQL.
// It is a module of its own, so that importing lawful never brings the
// drivers into a service's go.mod:
//
//	cd sqlstore/sqlstoretest && go test ./...
//
// .ci/run starts a throwaway PostgreSQL cluster for them.
package sqlstoretest
