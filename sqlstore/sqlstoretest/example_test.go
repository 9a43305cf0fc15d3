package sqlstoretest_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/lawfulgo/lawful/consent/consenttest"
	"github.com/lawfulgo/lawful/incident"
	"github.com/lawfulgo/lawful/purpose"
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
	// schema version 10
	// change feed: {Cursor:1 Subject:0192f000-0000-7000-8000-000000000001 Seq:3}
}

// An incident register over the database: its events in
// lawful_incident_events, each incident's head in lawful_incident_anchors
// (here the same database; in production another one, see IncidentAnchors).
func ExampleStore_Incidents() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "lawful-example")
	defer os.RemoveAll(dir)
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "lawful.db")+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()
	st, err := sqlstore.Open(ctx, db, sqlstore.SQLite)
	if err == nil {
		err = st.Migrate(ctx)
	}
	if err != nil {
		fmt.Println(err)
		return
	}
	discovered := time.Date(2026, 6, 3, 9, 40, 0, 0, time.FixedZone("CST", 8*3600))
	reg, err := incident.New(incident.Config{Store: st.Incidents(), Anchor: st.IncidentAnchors(),
		Clock: stopped(discovered.Add(time.Hour)), Profile: incident.Profile{Operator: incident.Ordinary, Contact: "dpo@example.com"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	id, err := reg.Open(ctx, incident.Event{Kind: incident.Opened, At: discovered, Nature: incident.Leak, Laws: incident.PIPL,
		Text: purpose.Text{EN: "Export bucket public", ZH: "导出存储桶被公开"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	inc, err := reg.Get(ctx, id)
	fmt.Println(inc.Events, err)
	// Output:
	// 1 <nil>
}
