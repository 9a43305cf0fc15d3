package sqlstoretest_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"

	"github.com/lawfulgo/lawful/consent/consenttest"
	"github.com/lawfulgo/lawful/sqlstore"
)

func Example() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "lawful-example")
	defer os.RemoveAll(dir)

	// import _ "modernc.org/sqlite"; for PostgreSQL, github.com/jackc/pgx/v5/stdlib.
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "lawful.db")+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()
	st, err := sqlstore.Open(ctx, db, sqlstore.SQLite)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := st.Migrate(ctx); err != nil {
		fmt.Println(err)
		return
	}
	v, _ := st.Version(ctx)
	fmt.Println("schema version", v)

	// st.Consent() is the consent.Store for consent.Config; here it is fed
	// a ready-made ledger directly.
	ledger := consenttest.Chain(subjectOne, 3, t0)
	if err := st.Consent().Append(ctx, subjectOne, 0, ledger...); err != nil {
		fmt.Println(err)
		return
	}
	changes, _ := st.Consent().Changes(ctx, 0, 10)
	fmt.Printf("change feed: %+v\n", changes[0])
	// Output:
	// schema version 3
	// change feed: {Cursor:1 Subject:0192f000-0000-7000-8000-000000000001 Seq:3}
}
