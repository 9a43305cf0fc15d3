// Command crashtest appends consent events through a Ledger on a sqlstore
// until it is killed, printing each acknowledged append. The sqlstore
// tests build it, kill it with SIGKILL mid-run, and check that every
// acknowledged append survived.
//
// Usage:
//
//	crashtest -driver sqlite|postgres -dsn DSN [-writers N]
//
// Each writer appends to its own subject (fixture.Subject(writer)),
// alternating grants and withdrawals, and prints one line per append that
// returned nil, in one write:
//
//	ack <subject> <seq> <event ID>
//
// Any failure is printed to stderr and exits with status 2.
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"sync"

	_ "modernc.org/sqlite"

	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/sqlstore"
	"github.com/lawfulgo/lawful/sqlstore/internal/fixture"
)

func main() {
	driver := flag.String("driver", "", "sqlite or postgres")
	dsn := flag.String("dsn", "", "data source name")
	writers := flag.Int("writers", 4, "concurrent writers, one subject each")
	flag.Parse()
	if err := run(*driver, *dsn, *writers); err != nil {
		fmt.Fprintln(os.Stderr, "crashtest:", err)
		os.Exit(2)
	}
}

func run(driver, dsn string, writers int) error {
	var (
		db      *sql.DB
		err     error
		dialect sqlstore.Dialect
	)
	switch driver {
	case "sqlite":
		db, err = sql.Open("sqlite", dsn)
		dialect = sqlstore.SQLite
	case "postgres":
		db, err = sql.Open("pgx", dsn)
		dialect = sqlstore.Postgres
	default:
		return fmt.Errorf("-driver %q: want sqlite or postgres", driver)
	}
	if err != nil {
		return err
	}
	ctx := context.Background()
	st, err := sqlstore.Open(ctx, db, dialect)
	if err != nil {
		return err
	}
	if err := st.Migrate(ctx); err != nil {
		return err
	}
	ledger, err := fixture.Ledger(st.Consent(), writers, consent.SystemClock{})
	if err != nil {
		return err
	}
	var (
		out  sync.Mutex
		errs = make(chan error, writers)
	)
	for w := range writers {
		go func() {
			id := fixture.Subject(w)
			for i := 0; ; i++ {
				e := fixture.Grant(id)
				if i%2 == 1 {
					e = fixture.Withdraw(id)
				}
				got, err := ledger.Append(ctx, e)
				if err != nil {
					errs <- fmt.Errorf("writer %d, append %d: %w", w, i, err)
					return
				}
				line := fmt.Sprintf("ack %v %d %v\n", got.Subject, got.Seq, got.ID)
				out.Lock()
				_, err = os.Stdout.WriteString(line)
				out.Unlock()
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	return <-errs
}
