package sqlstoretest_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/consent/consenttest"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/retention"
	"github.com/lawfulgo/lawful/sqlstore"
	"github.com/lawfulgo/lawful/sqlstore/internal/fixture"
	"github.com/lawfulgo/lawful/subject"
)

var t0 = time.Date(2026, 3, 1, 10, 0, 0, 123456789, time.UTC)

// A poller that reads Changes after the last cursor it saw, while writers
// append, must see every change: cursors follow commit order and have no
// gaps. (With cursors from a sequence, a transaction that took cursor 5
// and committed after the one that took 6 would be skipped.)
func TestPollerFollowingTheCursorMissesNoChange(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			b.skipUnavailable(t)
			st := b.store(t).Consent()
			const writers, appends = 8, 20
			var wg sync.WaitGroup
			var done atomic.Bool
			errs := make(chan error, writers)
			for w := range writers {
				wg.Go(func() {
					id := fixture.Subject(w)
					var head consent.Head
					for i := range appends {
						e := consenttest.Seal(head, consenttest.Chain(id, 1, t0.Add(time.Duration(i)*time.Minute))...)
						if err := st.Append(context.Background(), id, head.Seq, e...); err != nil {
							errs <- fmt.Errorf("writer %d append %d: %w", w, i, err)
							return
						}
						head = consent.HeadOf(e)
					}
				})
			}
			go func() { wg.Wait(); done.Store(true) }()
			var seen []consent.Change
			var cursor uint64
			for {
				last := done.Load()
				page, err := st.Changes(t.Context(), cursor, 7)
				if err != nil {
					t.Fatalf("Changes(after %d): %v", cursor, err)
				}
				seen = append(seen, page...)
				if len(page) > 0 {
					cursor = page[len(page)-1].Cursor
				} else if last {
					break
				}
			}
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}
			if len(seen) != writers*appends {
				t.Fatalf("the poller saw %d changes, want %d (one per append)", len(seen), writers*appends)
			}
			for i, c := range seen {
				if c.Cursor != uint64(i+1) {
					t.Fatalf("change %d has cursor %d, want %d: cursors must run 1, 2, 3... in commit order", i, c.Cursor, i+1)
				}
			}
			head, err := st.HeadCursor(t.Context())
			if err != nil || head != uint64(len(seen)) {
				t.Fatalf("HeadCursor = %d, %v; want %d", head, err, len(seen))
			}
		})
	}
}

func TestConsentStoreFindsCorruptRows(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			b.skipUnavailable(t)
			for _, tc := range []struct {
				name  string
				edit  string // SQL run on the database after appending seq 1-2
				match []error
			}{
				{"an_edited_encoding_is_corrupt", "UPDATE lawful_consent_events SET body = id WHERE seq = 2", []error{sqlstore.ErrCorruptRow, consent.ErrCorrupt}},
				{"an_event_filed_under_another_seq_is_corrupt", "UPDATE lawful_consent_events SET seq = 3 WHERE seq = 2", []error{sqlstore.ErrCorruptRow}},
			} {
				t.Run(tc.name, func(t *testing.T) {
					driver, dsn := b.fresh(t)
					db := openDB(t, driver, dsn)
					st := openStore(t, db, b.dialect).Consent()
					id := fixture.Subject(1)
					if err := st.Append(t.Context(), id, 0, consenttest.Chain(id, 2, t0)...); err != nil {
						t.Fatal(err)
					}
					if _, err := db.ExecContext(t.Context(), tc.edit); err != nil {
						t.Fatal(err)
					}
					_, err := st.Load(t.Context(), id)
					for _, want := range tc.match {
						if !errors.Is(err, want) {
							t.Errorf("Load of an edited ledger = %v, want an error matching %v", err, want)
						}
					}
				})
			}
		})
	}
}

func TestRetentionStoreRefusesWhatItCannotHold(t *testing.T) {
	future := time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC)
	tm := func(edit func(*retention.Timer)) retention.Timer {
		it := retention.Item{Subject: fixture.Subject(1), Purpose: "ops.logging", Categories: pii.MustParseSet("activity.service_log"), Key: "row-1", Collected: t0}
		t := retention.Timer{ID: retention.TimerIDOf(it.Subject, it.Purpose, it.Key), Item: it, Rules: []string{"logs"}, Due: t0.Add(time.Hour), Action: retention.Delete}
		edit(&t)
		return t
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			b.skipUnavailable(t)
			for _, tc := range []struct {
				name   string
				do     func(ctx context.Context, r *sqlstore.RetentionStore) error
				want   error
				timers int // pending timers stored before the refused call
			}{
				{"a_time_past_2261_is_refused", func(ctx context.Context, r *sqlstore.RetentionStore) error {
					return r.SaveTimers(ctx, tm(func(t *retention.Timer) {}), tm(func(t *retention.Timer) { t.ID += "x"; t.Due = future }))
				}, retention.ErrInvalidItem, 0},
				{"a_purpose_that_is_not_utf8_is_refused", func(ctx context.Context, r *sqlstore.RetentionStore) error {
					return r.SaveTimers(ctx, tm(func(t *retention.Timer) { t.Purpose = "ops.\xff" }))
				}, retention.ErrInvalidItem, 0},
				{"a_hold_note_with_a_nul_byte_is_refused", func(ctx context.Context, r *sqlstore.RetentionStore) error {
					return r.SaveHold(ctx, retention.Hold{ID: "case-1", Reason: retention.Audit, Note: "a\x00b", From: t0})
				}, retention.ErrInvalidHold, 0},
				{"a_trigger_event_past_2261_is_refused", func(ctx context.Context, r *sqlstore.RetentionStore) error {
					return r.AddEvent(ctx, retention.Event{Kind: retention.AccountClosed, Subject: fixture.Subject(1), At: future})
				}, retention.ErrInvalidEvent, 0},
				{"a_proof_erased_past_2261_is_refused", func(ctx context.Context, r *sqlstore.RetentionStore) error {
					if err := r.SaveTimers(ctx, tm(func(*retention.Timer) {})); err != nil {
						return err
					}
					_, err := r.Complete(ctx, retention.Proof{Timer: tm(func(*retention.Timer) {}).ID, Subject: fixture.Subject(1), Erased: future})
					return err
				}, retention.ErrInvalidItem, 1},
			} {
				t.Run(tc.name, func(t *testing.T) {
					r := b.store(t).Retention()
					ctx := t.Context()
					if err := tc.do(ctx, r); !errors.Is(err, tc.want) {
						t.Fatalf("error %v, want one matching %v", err, tc.want)
					}
					timers, err1 := r.Pending(ctx, "", -1)
					holds, err2 := r.Holds(ctx)
					events, err3 := r.Events(ctx, fixture.Subject(1))
					proofs, err4 := r.Proofs(ctx, fixture.Subject(1))
					if err := errors.Join(err1, err2, err3, err4); err != nil {
						t.Fatal(err)
					}
					if len(timers) != tc.timers || len(holds)+len(events)+len(proofs) > 0 {
						t.Fatalf("the refused call wrote: %d pending timers (want %d), %d holds, %d events, %d proofs", len(timers), tc.timers, len(holds), len(events), len(proofs))
					}
				})
			}
		})
	}
}

// Keys, hold IDs and error texts are bytes to the store: any string
// round-trips, and IDs sort byte by byte as Go compares strings.
func TestRetentionStoreKeepsArbitraryBytes(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			b.skipUnavailable(t)
			r := b.store(t).Retention()
			ctx := t.Context()
			it := retention.Item{Subject: fixture.Subject(1), Purpose: "ops.logging", Categories: pii.MustParseSet("activity.service_log"), Key: "\x00\xffkey", Collected: t0}
			want := retention.Timer{ID: retention.TimerIDOf(it.Subject, it.Purpose, it.Key), Item: it, HeldBy: "case\x00", LastError: "\xfe failed", Action: retention.Delete}
			if err := r.SaveTimers(ctx, want); err != nil {
				t.Fatal(err)
			}
			got, err := r.Timer(ctx, want.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Key != want.Key || got.HeldBy != want.HeldBy || got.LastError != want.LastError || got.Rules != nil {
				t.Fatalf("got key %q, held by %q, error %q, rules %#v; want %q, %q, %q, nil", got.Key, got.HeldBy, got.LastError, got.Rules, want.Key, want.HeldBy, want.LastError)
			}
			ids := []string{"é", "a", "B", "a\x00", "\xff"}
			for _, id := range ids {
				if err := r.SaveHold(ctx, retention.Hold{ID: id, Reason: retention.Audit, From: t0}); err != nil {
					t.Fatal(err)
				}
			}
			holds, err := r.Holds(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var gotIDs []string
			for _, h := range holds {
				gotIDs = append(gotIDs, h.ID)
			}
			slices.Sort(ids)
			if !slices.Equal(gotIDs, ids) {
				t.Fatalf("Holds in order %q, want %q (byte order)", gotIDs, ids)
			}
		})
	}
}

// The zero subject (a hold on everyone, a service termination) is stored
// as sixteen zero bytes and comes back as the zero ID.
func TestZeroSubjectRoundTrips(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			b.skipUnavailable(t)
			r := b.store(t).Retention()
			if err := r.SaveHold(t.Context(), retention.Hold{ID: "all", Reason: retention.Regulator, From: t0}); err != nil {
				t.Fatal(err)
			}
			holds, err := r.Holds(t.Context())
			if err != nil || len(holds) != 1 || holds[0].Subject != (subject.ID{}) {
				t.Fatalf("Holds = %+v, %v; want one hold on the zero subject", holds, err)
			}
		})
	}
}
