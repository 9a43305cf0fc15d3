// Command repository shows a database/sql data-access layer wrapped with
// lawful, so that every read declares its purpose, asks the Guard for the
// categories it reads, and never returns, or even selects, a column its
// purpose does not cover.
//
// The rows live in an in-memory SQLite database (modernc.org/sqlite, a pure
// Go driver; the library itself imports no driver). The policy is
// policy.json in this directory, embedded: three purposes over one users
// table (nickname, avatar, e-mail, phone).
//
//   - account.profile (contract, PIPL art. 13(1)(2)): nickname and avatar.
//   - support.ticket (contract): nickname and e-mail, not avatar or phone
//     (PIPL art. 6: the minimum necessary).
//   - support.callback (consent, art. 13(1)(1)): the phone number, until
//     the user withdraws (art. 15).
//
// Row structs carry two tags per field: `db:"phone"` names the column and
// `pii:"contact.phone"` its category (pii.SchemaFor reads them). From the
// same tags the repository derives both the SQL it issues and the
// categories it asks the Guard about, so what is checked is what is read.
//
// Users shows two patterns, documented on the type:
//
//   - Refuse the whole call: Profile and Contact return a struct holding
//     exactly what the purpose needs and run through lawful.Do; a denial
//     returns a *lawful.Denial that matches the reason's sentinel with
//     errors.Is (lawful.ErrNoConsent, lawful.ErrConsentWithdrawn, ...) and
//     issues no SQL at all.
//   - Return only permitted fields: SupportView returns the whole User
//     row, asking the Guard once per field group; refused groups are left
//     out of the SELECT and stay zero, and the Access it returns says what
//     was withheld and why.
//
// Run it to see a table of calls, the Guard's answers, what came back and
// the SQL issued:
//
//	go run ./examples/repository
package main

import (
	"bytes"
	"context"
	"database/sql"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

//go:embed policy.json
var policyJSON []byte

// LoadPolicy compiles the example's embedded policy.json.
func LoadPolicy() (*purpose.Registry, error) {
	reg, err := purpose.LoadPolicy(bytes.NewReader(policyJSON))
	if err != nil {
		return nil, fmt.Errorf("policy.json: %w", err)
	}
	return reg, nil
}

// OpenDB opens an empty in-memory SQLite database holding the users table.
// It keeps a single connection: every new connection to ":memory:" would be
// a new, empty database.
func OpenDB(ctx context.Context) (*sql.DB, error) {
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		return nil, fmt.Errorf("opening sqlite: %w", err)
	}
	db.SetMaxOpenConns(1)
	if err := createSchema(ctx, db); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "repository:", err)
		os.Exit(1)
	}
}

// Subjects of the demo: fixed IDs, so the output reads the same every run.
var (
	alice = subject.MustParseID("019cb000-0000-7000-8000-0000000a11ce")
	kid   = subject.MustParseID("019cb000-0000-7000-8000-000000000c10")
)

func run(ctx context.Context, w io.Writer) error {
	reg, err := LoadPolicy()
	if err != nil {
		return err
	}
	db, err := OpenDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()

	cst := subject.PIPLAges().Location
	clock := &demoClock{t: time.Date(2026, 3, 1, 10, 0, 0, 0, cst)}
	now := clock.Now()
	dir := subject.NewMemDirectory(
		subject.Subject{ID: alice, Birth: subject.DateOf(now.AddDate(-30, 0, -10), cst), Jurisdiction: "CN", Status: subject.Active},
		subject.Subject{ID: kid, Birth: subject.DateOf(now.AddDate(-10, 0, -10), cst), Jurisdiction: "CN", Status: subject.Active},
	)
	ledger, err := consent.NewLedger(consent.Config{Registry: reg, Directory: dir, Clock: clock})
	if err != nil {
		return err
	}
	guard, err := lawful.NewGuard(lawful.Config{Registry: reg, Directory: dir, Ledger: ledger, Clock: clock})
	if err != nil {
		return err
	}
	for id, u := range map[subject.ID]User{
		alice: {Nickname: "alice", Avatar: "https://cdn.example.com/a/alice.png", Email: "alice@example.com", Phone: "+86 138 0000 0001"},
		kid:   {Nickname: "xiaoming", Avatar: "https://cdn.example.com/a/xm.png", Email: "xm@example.com", Phone: "+86 138 0000 0002"},
	} {
		if err := insertUser(ctx, db, id, u); err != nil {
			return err
		}
	}

	log := &StatementLog{Q: db}
	users := NewUsers(log, guard)

	fmt.Fprintln(w, "lawful repository example: a users table read through the Guard")
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "call\tpurpose\toutcome\treturned\tSQL issued")
	show := func(call string, p purpose.ID, v any, outcome string) {
		// Personal values are printed because this is a demo on made-up
		// data; a service logs categories and decisions, never values.
		sqls := log.Take()
		stmt := "(none)"
		if len(sqls) > 0 {
			stmt = strings.Join(sqls, "; ")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%+v\t%s\n", call, p, outcome, v, stmt)
	}
	record := func(call string, e consent.Event) error {
		if _, err := ledger.Append(ctx, e); err != nil {
			return err
		}
		what := "recorded " + e.Kind.String()
		if e.Kind == consent.Grant {
			what += " (" + e.Form.String() + ")"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t-\t-\n", call, e.Purposes[0].ID, what)
		return nil
	}

	p, err := users.Profile(ctx, alice)
	show("Profile(alice)", PurposeProfile, p, outcome(err, "allowed: contract"))
	c, err := users.Contact(ctx, alice)
	show("Contact(alice)", PurposeCallback, c, outcome(err, ""))

	if err := record("alice consents", consent.Event{Subject: alice, Kind: consent.Grant, Form: consent.Click,
		Notice: reg.Policy().Version, Purposes: []consent.PurposeRef{{ID: PurposeCallback}}}); err != nil {
		return err
	}
	c, err = users.Contact(ctx, alice)
	show("Contact(alice)", PurposeCallback, c, outcome(err, "allowed: consent"))

	u, access, err := users.SupportView(ctx, alice)
	partial := "allowed: contract"
	if !access.Withheld().IsEmpty() {
		partial = "partial: withheld " + access.Withheld().String()
	}
	show("SupportView(alice)", PurposeSupport, u, outcome(err, partial))

	clock.t = clock.t.Add(time.Hour)
	if err := record("an hour later, alice withdraws", consent.Event{Subject: alice, Kind: consent.Withdraw,
		Purposes: []consent.PurposeRef{{ID: PurposeCallback}}}); err != nil {
		return err
	}
	c, err = users.Contact(ctx, alice)
	show("Contact(alice)", PurposeCallback, c, outcome(err, ""))

	// A child under 14: the contract ground does not lift the guardian's
	// consent (PIPL art. 31; lawful.Regime.GuardianOnContract), so the
	// child's own consent is not enough.
	if err := record("kid (10) consents himself", consent.Event{Subject: kid, Kind: consent.Grant, Form: consent.Separate,
		Notice: reg.Policy().Version, Purposes: []consent.PurposeRef{{ID: PurposeProfile}}}); err != nil {
		return err
	}
	p, err = users.Profile(ctx, kid)
	show("Profile(kid)", PurposeProfile, p, outcome(err, ""))
	if err := tw.Flush(); err != nil {
		return err
	}

	fmt.Fprintln(w)
	fmt.Fprintln(w, "SupportView(alice), field by field:")
	tw = tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	for _, f := range access {
		verdict := "read"
		if !f.Decision.Allowed() {
			verdict = "withheld, never selected: " + f.Decision.Reason.String() + " (" + f.Decision.Reason.Hint() + ")"
		}
		fmt.Fprintf(tw, "   %s\t%s\t%s\n", strings.Join(f.Fields, ","), f.Category, verdict)
	}
	return tw.Flush()
}

// demoClock is a clock the demo sets, so its output is the same on every
// run. A service passes lawful.SystemClock{}.
type demoClock struct{ t time.Time }

// Now returns the demo's current time.
func (c *demoClock) Now() time.Time { return c.t }

// outcome describes the result of a call for the demo table.
func outcome(err error, allowed string) string {
	if err == nil {
		return allowed
	}
	if d, ok := errors.AsType[*lawful.Denial](err); ok {
		return "denied: " + d.Reason.String()
	}
	return "error: " + err.Error()
}

// StatementLog is a Querier that records each statement before passing it
// to Q. The demo prints what it recorded; the tests assert on it.
type StatementLog struct {
	Q Querier

	mu    sync.Mutex
	stmts []string
}

// QueryRowContext records query and runs it on Q.
func (l *StatementLog) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	l.mu.Lock()
	l.stmts = append(l.stmts, query)
	l.mu.Unlock()
	return l.Q.QueryRowContext(ctx, query, args...)
}

// Take returns the statements recorded since the last Take and forgets
// them.
func (l *StatementLog) Take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.stmts
	l.stmts = nil
	return s
}
