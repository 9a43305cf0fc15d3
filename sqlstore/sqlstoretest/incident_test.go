package sqlstoretest_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/lawfulgo/lawful/incident"
	"github.com/lawfulgo/lawful/incident/incidenttest"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/sqlstore"
)

// The conformance suites of incident.Store and incident.Anchor, each
// subtest on a fresh database.
func TestIncidentStoreConformance(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			b.skipUnavailable(t)
			incidenttest.TestStore(t, func(t *testing.T) incident.Store { return b.store(t).Incidents() })
		})
	}
}

func TestIncidentAnchorConformance(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			b.skipUnavailable(t)
			incidenttest.TestAnchor(t, func(t *testing.T) incident.Anchor { return b.store(t).IncidentAnchors() })
		})
	}
}

// stopped is a clock stopped at one instant.
type stopped time.Time

func (s stopped) Now() time.Time { return time.Time(s) }

// incidentT0 is the discovery of the tamper fixtures' leak.
var incidentT0 = time.Date(2026, 6, 3, 9, 40, 0, 123456789, time.FixedZone("CST", 8*3600))

// incidentRegister returns a Register over the incident events of one
// database and the anchors of another.
func incidentRegister(t *testing.T, events, anchors *sqlstore.Store) *incident.Register {
	t.Helper()
	reg, err := incident.New(incident.Config{Store: events.Incidents(), Anchor: anchors.IncidentAnchors(),
		Clock: stopped(incidentT0.Add(6 * time.Hour)), Profile: incident.Profile{Operator: incident.Ordinary, Contact: "dpo@example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

// recordLeak opens an incident and records three events after the
// opening: its classification, the people affected and a remediation.
func recordLeak(t *testing.T, reg *incident.Register) uuid.UUID {
	t.Helper()
	ctx := context.Background()
	id, err := reg.Open(ctx, incident.Event{Kind: incident.Opened, At: incidentT0, Nature: incident.Leak, Laws: incident.PIPL | incident.GDPR,
		Text: purpose.Text{EN: "Voice samples exposed", ZH: "声音样本外泄"}})
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range []incident.Event{
		{Kind: incident.Classified, At: incidentT0.Add(10 * time.Minute), Grade: incident.RelativelyMajor, Risk: incident.RiskHigh},
		{Kind: incident.Affected, At: incidentT0.Add(20 * time.Minute), Categories: pii.MustParseSet("biometric.voice_sample"), Estimate: 1200},
		{Kind: incident.Remediated, At: incidentT0.Add(30 * time.Minute), Text: purpose.Text{EN: "Bucket closed", ZH: "已关闭存储桶"}},
	} {
		if _, err := reg.Record(ctx, id, e); err != nil {
			t.Fatalf("recording event %d: %v", i+2, err)
		}
	}
	return id
}

// incidentRow reads the stored form of the incident's event seq.
func incidentRow(t *testing.T, db *sql.DB, d sqlstore.Dialect, id uuid.UUID, seq int) incident.Event {
	t.Helper()
	var b []byte
	if err := db.QueryRowContext(context.Background(), bind(d, "SELECT body FROM lawful_incident_events WHERE incident = ? AND seq = ?"), id[:], seq).Scan(&b); err != nil {
		t.Fatal(err)
	}
	var e incident.Event
	if err := e.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	return e
}

func putIncidentRow(t *testing.T, db *sql.DB, d sqlstore.Dialect, e incident.Event, seq int) {
	t.Helper()
	b, _ := e.MarshalBinary()
	sqlExec(t, db, d, "UPDATE lawful_incident_events SET body = ? WHERE incident = ? AND seq = ?", b, e.Incident[:], seq)
}

// incidentMutations are what someone with write access to the events'
// database does, in plain SQL, to an incident of four events: opened (1),
// classified (2), affected (3), remediated (4).
var incidentMutations = []struct {
	name string
	do   func(t *testing.T, db *sql.DB, d sqlstore.Dialect, id uuid.UUID)
}{
	{"edit_the_grade_down_and_recompute_the_hash", func(t *testing.T, db *sql.DB, d sqlstore.Dialect, id uuid.UUID) {
		e := incidentRow(t, db, d, id, 2)
		e.Grade = incident.General // below the 4 h clock's grade
		e.Hash = e.ComputeHash()
		putIncidentRow(t, db, d, e, 2)
	}},
	{"flip_a_byte_of_the_stored_estimate", func(t *testing.T, db *sql.DB, d sqlstore.Dialect, id uuid.UUID) {
		e := incidentRow(t, db, d, id, 3)
		b, _ := e.MarshalBinary()
		b[len(b)-40] ^= 1
		sqlExec(t, db, d, "UPDATE lawful_incident_events SET body = ? WHERE incident = ? AND seq = 3", b, id[:])
	}},
	{"delete_an_event_in_the_middle", func(t *testing.T, db *sql.DB, d sqlstore.Dialect, id uuid.UUID) {
		sqlExec(t, db, d, "DELETE FROM lawful_incident_events WHERE incident = ? AND seq = 2", id[:])
	}},
	{"truncate_the_newest_event", func(t *testing.T, db *sql.DB, d sqlstore.Dialect, id uuid.UUID) {
		sqlExec(t, db, d, "DELETE FROM lawful_incident_events WHERE incident = ? AND seq = 4", id[:])
	}},
	{"truncate_the_table", func(t *testing.T, db *sql.DB, d sqlstore.Dialect, id uuid.UUID) {
		sqlExec(t, db, d, "DELETE FROM lawful_incident_events")
	}},
	{"reorder_two_events", func(t *testing.T, db *sql.DB, d sqlstore.Dialect, id uuid.UUID) {
		a, b := incidentRow(t, db, d, id, 2), incidentRow(t, db, d, id, 3)
		putIncidentRow(t, db, d, b, 2)
		putIncidentRow(t, db, d, a, 3)
	}},
	{"swap_in_another_incidents_record", func(t *testing.T, db *sql.DB, d sqlstore.Dialect, id uuid.UUID) {
		var other []byte
		if err := db.QueryRowContext(context.Background(), bind(d, "SELECT incident FROM lawful_incident_events WHERE incident <> ? LIMIT 1"), id[:]).Scan(&other); err != nil {
			t.Fatal(err)
		}
		sqlExec(t, db, d, "DELETE FROM lawful_incident_events WHERE incident = ?", id[:])
		sqlExec(t, db, d, "UPDATE lawful_incident_events SET incident = ? WHERE incident = ?", id[:], other)
	}},
}

// TestIncidentTamperingIsDetected is issue 18: an incident record edited,
// cut or reordered with plain SQL, on a real SQLite file and on
// PostgreSQL, is reported as incident.ErrTampered when a fresh Register
// (another process) loads it, so a regulator's record (PIPL art. 57;
// GDPR art. 33(5)) cannot be quietly rewritten.
func TestIncidentTamperingIsDetected(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			b.skipUnavailable(t)
			for _, m := range incidentMutations {
				t.Run(m.name, func(t *testing.T) {
					ctx := context.Background()
					driver, dsn := b.fresh(t)
					anchors := b.store(t) // another database, out of the events' writers' reach
					reg := incidentRegister(t, openStore(t, openDB(t, driver, dsn), b.dialect), anchors)
					id := recordLeak(t, reg)
					recordLeak(t, reg) // another incident, for the swap
					if _, err := reg.Get(ctx, id); err != nil {
						t.Fatalf("before tampering: %v", err)
					}

					m.do(t, openDB(t, driver, dsn), b.dialect, id)

					fresh := incidentRegister(t, openStore(t, openDB(t, driver, dsn), b.dialect), anchors)
					if _, err := fresh.Get(ctx, id); !errors.Is(err, incident.ErrTampered) {
						t.Errorf("a fresh Register's Get = %v, want an error matching incident.ErrTampered", err)
					}
					if _, err := fresh.Record(ctx, id, incident.Event{Kind: incident.Remediated, At: incidentT0.Add(time.Hour),
						Text: purpose.Text{EN: "more", ZH: "更多"}}); !errors.Is(err, incident.ErrTampered) && !errors.Is(err, incident.ErrNotFound) {
						t.Errorf("recording on the tampered record = %v, want ErrTampered (or ErrNotFound once every row is gone)", err)
					}
				})
			}
		})
	}
}

// TestIncidentAnchorRowEditsAreDetected: an anchor row made malformed by
// hand is ErrTampered, so the Register refuses the record rather than
// trusting it unanchored.
func TestIncidentAnchorRowEditsAreDetected(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			b.skipUnavailable(t)
			driver, dsn := b.fresh(t)
			st := openStore(t, openDB(t, driver, dsn), b.dialect)
			reg := incidentRegister(t, st, st)
			id := recordLeak(t, reg)
			db := openDB(t, driver, dsn)
			sqlExec(t, db, b.dialect, "UPDATE lawful_incident_anchors SET hash = ? WHERE incident = ?", []byte("short"), id[:])
			if _, _, err := st.IncidentAnchors().Head(context.Background(), id); !errors.Is(err, incident.ErrTampered) {
				t.Errorf("a malformed anchor row: Head = %v, want ErrTampered", err)
			}
			if _, err := incidentRegister(t, st, st).Get(context.Background(), id); !errors.Is(err, incident.ErrTampered) {
				t.Errorf("a malformed anchor row: Get = %v, want ErrTampered", err)
			}
		})
	}
}
