package sqlstoretest_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/lawfulgo/lawful/rights"
	"github.com/lawfulgo/lawful/rights/rightstest"
	"github.com/lawfulgo/lawful/sqlstore"
	"github.com/lawfulgo/lawful/subject"
)

// The conformance suite of rights.Store, each subtest on a fresh database.
func TestRightsStoreConformance(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			b.skipUnavailable(t)
			rightstest.TestStore(t, func(t *testing.T) rights.Store { return b.store(t).Rights() })
		})
	}
}

// TestRightsStoreRefusesWhatARowCannotHold: text a PostgreSQL column
// cannot hold and times beyond the nanosecond columns are refused with
// ErrInvalidRequest on both databases, and nothing is written.
func TestRightsStoreRefusesWhatARowCannotHold(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		edit func(r *rights.Request)
	}{
		{"invalid_utf8_in_a_refusals_reasons", func(r *rights.Request) { r.Refusal.Reasons = "\xff" }},
		{"nul_in_an_actor", func(r *rights.Request) { r.History[0].Actor = "a\x00b" }},
		{"received_before_1900", func(r *rights.Request) { r.Received = time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC) }},
		{"due_after_2261", func(r *rights.Request) { r.Due = time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC) }},
	} {
		for _, b := range backends {
			t.Run(tc.name+"/"+b.name, func(t *testing.T) {
				b.skipUnavailable(t)
				st := b.store(t).Rights()
				r := rights.Request{ID: uuid.UUID{1}, Kind: rights.Access, Subject: subject.ID{2}, State: rights.Received, Received: t0, Version: 1,
					History: []rights.Transition{{Action: rights.Receive, To: rights.Received, At: t0, Actor: "web-form"}}}
				tc.edit(&r)
				if err := st.Create(context.Background(), r); !errors.Is(err, rights.ErrInvalidRequest) {
					t.Fatalf("Create = %v, want ErrInvalidRequest", err)
				}
				if _, err := st.Get(context.Background(), r.ID); !errors.Is(err, rights.ErrNotFound) {
					t.Fatalf("Get after a refused Create = %v, want ErrNotFound", err)
				}
			})
		}
	}
}

// TestRightsRowEditedToGarbageIsCorrupt: a body that is not the JSON the
// store writes (an unknown field, a wrong type) is ErrCorruptRow, never a
// request with fields silently zeroed.
func TestRightsRowEditedToGarbageIsCorrupt(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for name, body := range map[string]string{"unknown_field": `{"kind":1,"unknown":true}`, "wrong_type": `{"kind":"access"}`, "not_json": `not json`} {
		for _, b := range backends {
			t.Run(name+"/"+b.name, func(t *testing.T) {
				b.skipUnavailable(t)
				driver, dsn := b.fresh(t)
				db := openDB(t, driver, dsn)
				st := openStore(t, db, b.dialect).Rights()
				r := rights.Request{ID: uuid.UUID{1}, Kind: rights.Access, Subject: subject.ID{2}, State: rights.Received, Received: t0, Version: 1}
				if err := st.Create(context.Background(), r); err != nil {
					t.Fatal(err)
				}
				sqlExec(t, db, b.dialect, "UPDATE lawful_rights_requests SET body = ?", body)
				if _, err := st.Get(context.Background(), r.ID); !errors.Is(err, sqlstore.ErrCorruptRow) {
					t.Errorf("Get of a row with body %s = %v, want ErrCorruptRow", body, err)
				}
				if _, err := st.Open(context.Background()); !errors.Is(err, sqlstore.ErrCorruptRow) {
					t.Errorf("Open over a row with body %s = %v, want ErrCorruptRow", body, err)
				}
			})
		}
	}
}
