package sqlstoretest_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/lawfultest"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/sqlstore"
	"github.com/lawfulgo/lawful/sqlstore/internal/fixture"
	"github.com/lawfulgo/lawful/subject"
)

// mutation is what someone with write access to the events' database does
// to a subject's ledger of grant (seq 1), withdrawal (seq 2), grant (seq 3)
// and withdrawal (seq 4), in plain SQL.
type mutation struct {
	name string
	do   func(t *testing.T, db *sql.DB, d sqlstore.Dialect, id subject.ID)
}

func bind(d sqlstore.Dialect, q string) string {
	if d != sqlstore.Postgres {
		return q
	}
	out, n := []byte{}, 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			out = append(out, '$', byte('0'+n))
			continue
		}
		out = append(out, q[i])
	}
	return string(out)
}

func sqlExec(t *testing.T, db *sql.DB, d sqlstore.Dialect, q string, args ...any) {
	t.Helper()
	if _, err := db.ExecContext(context.Background(), bind(d, q), args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func body(t *testing.T, db *sql.DB, d sqlstore.Dialect, id subject.ID, seq int) consent.Event {
	t.Helper()
	var b []byte
	if err := db.QueryRowContext(context.Background(), bind(d, "SELECT body FROM lawful_consent_events WHERE subject = ? AND seq = ?"), id[:], seq).Scan(&b); err != nil {
		t.Fatal(err)
	}
	var e consent.Event
	if err := e.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	return e
}

func put(t *testing.T, db *sql.DB, d sqlstore.Dialect, e consent.Event) {
	t.Helper()
	b, _ := e.MarshalBinary()
	sqlExec(t, db, d, "UPDATE lawful_consent_events SET body = ? WHERE subject = ? AND seq = ?", b, e.Subject[:], int64(e.Seq))
}

var mutations = []mutation{
	{"edit_the_withdrawal_into_a_grant_and_recompute_its_hash", func(t *testing.T, db *sql.DB, d sqlstore.Dialect, id subject.ID) {
		e := body(t, db, d, id, 4)
		e.Kind, e.Form, e.Notice = consent.Grant, consent.Separate, "2026-01"
		e.Purposes[0].Version = 1
		e.Hash = e.ComputeHash() // the hash is public; only the seal needs the key
		put(t, db, d, e)
	}},
	{"delete_the_newest_event_the_withdrawal", func(t *testing.T, db *sql.DB, d sqlstore.Dialect, id subject.ID) {
		sqlExec(t, db, d, "DELETE FROM lawful_consent_events WHERE subject = ? AND seq = 4", id[:])
	}},
	{"truncate_the_two_newest_events", func(t *testing.T, db *sql.DB, d sqlstore.Dialect, id subject.ID) {
		sqlExec(t, db, d, "DELETE FROM lawful_consent_events WHERE subject = ? AND seq >= 3", id[:])
	}},
	{"delete_every_event_of_the_subject", func(t *testing.T, db *sql.DB, d sqlstore.Dialect, id subject.ID) {
		sqlExec(t, db, d, "DELETE FROM lawful_consent_events WHERE subject = ?", id[:])
	}},
	{"delete_an_event_in_the_middle", func(t *testing.T, db *sql.DB, d sqlstore.Dialect, id subject.ID) {
		sqlExec(t, db, d, "DELETE FROM lawful_consent_events WHERE subject = ? AND seq = 2", id[:])
	}},
	{"reorder_two_events", func(t *testing.T, db *sql.DB, d sqlstore.Dialect, id subject.ID) {
		a, b := body(t, db, d, id, 3), body(t, db, d, id, 4)
		ab, _ := a.MarshalBinary()
		bb, _ := b.MarshalBinary()
		sqlExec(t, db, d, "UPDATE lawful_consent_events SET body = ? WHERE subject = ? AND seq = 3", bb, id[:])
		sqlExec(t, db, d, "UPDATE lawful_consent_events SET body = ? WHERE subject = ? AND seq = 4", ab, id[:])
	}},
	{"insert_a_forged_grant_after_the_withdrawal", func(t *testing.T, db *sql.DB, d sqlstore.Dialect, id subject.ID) {
		last := body(t, db, d, id, 4)
		g := body(t, db, d, id, 3)
		g.Seq, g.Prev, g.Effective, g.Recorded = 5, last.Hash, last.Effective.Add(time.Second), last.Recorded.Add(time.Second)
		g.ID[0] ^= 0xff
		g.Hash = g.ComputeHash()
		b, _ := g.MarshalBinary() // keeps seq 3's seal, which seals another event
		sqlExec(t, db, d, "INSERT INTO lawful_consent_events (subject, seq, id, kind, body) VALUES (?, ?, ?, ?, ?)", id[:], int64(5), g.ID[:], int64(g.Kind), b)
	}},
	{"replace_the_ledger_with_another_subjects", func(t *testing.T, db *sql.DB, d sqlstore.Dialect, id subject.ID) {
		other := fixture.Subject(1)
		sqlExec(t, db, d, "DELETE FROM lawful_consent_events WHERE subject = ?", id[:])
		sqlExec(t, db, d, "UPDATE lawful_consent_events SET subject = ? WHERE subject = ?", id[:], other[:])
	}},
}

// TestTamperingWithTheDatabaseIsDetected is issue 15 §2: every mutation of
// the events' database, made with plain SQL on a real SQLite file and on
// PostgreSQL, is detected when another process (a fresh Ledger) loads the
// ledger, by Verify, and by the Guard, which denies with TamperDetected
// instead of allowing after the withdrawal (PIPL art. 15, art. 51).
func TestTamperingWithTheDatabaseIsDetected(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			b.skipUnavailable(t)
			for _, m := range mutations {
				t.Run(m.name, func(t *testing.T) { tamperCase(t, b, m) })
			}
		})
	}
}

func tamperCase(t *testing.T, b backend, m mutation) {
	ctx := context.Background()
	driver, dsn := b.fresh(t)
	anchorDriver, anchorDSN := b.fresh(t) // another database, out of the events' writers' reach
	clock := lawfultest.NewClock(lawfultest.DefaultStart)
	open := func() *consent.Ledger {
		l, err := fixture.Ledger(openStore(t, openDB(t, driver, dsn), b.dialect).Consent(),
			openStore(t, openDB(t, anchorDriver, anchorDSN), b.dialect).Anchors(), 4, clock)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	l := open()
	id, other := fixture.Subject(0), fixture.Subject(1)
	for _, who := range []subject.ID{id, other} {
		for i, e := range []consent.Event{fixture.Grant(who), fixture.Withdraw(who), fixture.Grant(who), fixture.Withdraw(who)} {
			clock.Advance(time.Minute)
			if _, err := l.Append(ctx, e); err != nil {
				t.Fatalf("append %d: %v", i, err)
			}
		}
	}
	req := lawful.Request{Subject: id, Purpose: fixture.Purpose, Operation: purpose.Use, Categories: pii.MustParseSet("contact.phone")}
	guard := func(l *consent.Ledger) *lawful.Guard {
		g, err := lawful.NewGuard(lawful.Config{Registry: l.Registry(), Directory: fixture.Directory(4), Ledger: l, Clock: clock})
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	lawfultest.AssertDenied(t, guard(l), req, lawful.ErrConsentWithdrawn, "before tampering")

	m.do(t, openDB(t, driver, dsn), b.dialect, id)

	fresh := open()
	if _, err := fresh.Snapshot(ctx, id); !errors.Is(err, consent.ErrTampered) {
		t.Errorf("a fresh Ledger's Snapshot = %v, want an error matching consent.ErrTampered", err)
	}
	if err := fresh.Verify(ctx, id); !errors.Is(err, consent.ErrTampered) {
		t.Errorf("Verify = %v, want an error matching consent.ErrTampered", err)
	}
	d := lawfultest.AssertDenied(t, guard(fresh), req, lawful.ErrTamperDetected, "never an allow from a tampered ledger")
	if !errors.Is(d.Err(), consent.ErrTampered) {
		t.Errorf("the denial %v does not unwrap to consent.ErrTampered", d.Err())
	}
	// The exemption path is denied too: nothing for a tampered subject.
	if _, err := fresh.Snapshot(ctx, id); err == nil {
		t.Error("the tampered ledger was cached as if sound")
	}
	l.Invalidate(id)
	if err := l.Verify(ctx, id); !errors.Is(err, consent.ErrTampered) {
		t.Errorf("the writing Ledger's Verify = %v, want an error matching consent.ErrTampered", err)
	}
}

// TestAnchorRowEditsAreDetected: an anchor row edited by hand (its seq
// lowered to hide a truncation, or its hash replaced) fails its seal.
func TestAnchorRowEditsAreDetected(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			b.skipUnavailable(t)
			ctx := context.Background()
			driver, dsn := b.fresh(t)
			st := openStore(t, openDB(t, driver, dsn), b.dialect)
			clock := lawfultest.NewClock(lawfultest.DefaultStart)
			l, err := fixture.Ledger(st.Consent(), st.Anchors(), 4, clock)
			if err != nil {
				t.Fatal(err)
			}
			id := fixture.Subject(0)
			for _, e := range []consent.Event{fixture.Grant(id), fixture.Withdraw(id)} {
				clock.Advance(time.Minute)
				if _, err := l.Append(ctx, e); err != nil {
					t.Fatal(err)
				}
			}
			db := openDB(t, driver, dsn)
			sqlExec(t, db, b.dialect, "DELETE FROM lawful_consent_events WHERE subject = ? AND seq = 2", id[:])
			sqlExec(t, db, b.dialect, "UPDATE lawful_consent_anchors SET seq = 1 WHERE subject = ?", id[:])
			fresh, err := fixture.Ledger(openStore(t, openDB(t, driver, dsn), b.dialect).Consent(), st.Anchors(), 4, clock)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := fresh.Snapshot(ctx, id); !errors.Is(err, consent.ErrTampered) {
				t.Fatalf("a truncation hidden by lowering the anchor's seq: Snapshot = %v, want ErrTampered", err)
			}
		})
	}
}
