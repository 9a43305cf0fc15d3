// Package assessmenttest checks implementations of assessment.Store
// against the contract documented on that interface, as testing/fstest
// does for file systems.
//
// A store implementer runs the suite from the store's tests, under the
// race detector:
//
//	func TestMyStore(t *testing.T) {
//		assessmenttest.TestStore(t, func(t *testing.T) assessment.Store {
//			return mystore.New(openTestDB(t)) // fresh and empty
//		})
//	}
//
// Each sentence of the contract is a subtest named for it, with a fresh
// store from the factory. CheckStore returns the broken contracts as
// errors instead of failing the test.
package assessmenttest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/assessment"
	"github.com/lawfulgo/lawful/internal/conformance"
	"github.com/lawfulgo/lawful/purpose"
)

// ContractError is one contract a store broke: the name of the check (as
// its subtest is named), the sentence of the contract, and what the store
// did instead.
type ContractError = conformance.Error

// TestStore checks the Store that newStore returns against every sentence
// of assessment.Store's contract, each in its own subtest with a fresh,
// empty store. Run it with -race.
func TestStore(t *testing.T, newStore func(t *testing.T) assessment.Store) {
	t.Helper()
	conformance.Run(t, "assessmenttest", contracts, newStore)
}

// CheckStore runs the checks of TestStore and returns every broken
// contract joined with errors.Join, each a *ContractError; nil means the
// store passed.
func CheckStore(t *testing.T, newStore func(t *testing.T) assessment.Store) error {
	t.Helper()
	return conformance.Check(t, "assessmenttest", contracts, newStore)
}

var base = time.Date(2026, 3, 1, 10, 0, 0, 123456789, time.FixedZone("CST", 8*3600))

func id(n byte) uuid.UUID {
	var u uuid.UUID
	u[0], u[15], u[6], u[8] = 0x01, n, 0x70, 0x80
	return u
}

// record returns assessment n with every field set.
func record(n byte) assessment.Assessment {
	return assessment.Assessment{ID: id(n), Processing: "voice cloning", Purposes: []purpose.ID{"service.voice_clone", "service.tts"},
		Kinds: assessment.Sensitive | assessment.Export, Necessity: "needed", Risks: "impersonation", Measures: "watermarks",
		Conclusion: assessment.Proceed, Assessed: base, ReviewBy: base.AddDate(1, 0, 0), Assessor: "PIPO", Advice: "ok",
		Supersedes: id(n + 100), Recorded: base.Add(time.Second)}
}

// equal reports how got differs from want: every field, times as
// instants to the nanosecond.
func equal(got, want assessment.Assessment) error {
	eq := func(a, b time.Time) bool { return a.Equal(b) && a.IsZero() == b.IsZero() }
	g, w := got, want
	if !eq(g.Assessed, w.Assessed) || !eq(g.ReviewBy, w.ReviewBy) || !eq(g.Recorded, w.Recorded) {
		return fmt.Errorf("times differ (nanoseconds must round-trip):\n got %+v\nwant %+v", got, want)
	}
	g.Assessed, g.ReviewBy, g.Recorded = w.Assessed, w.ReviewBy, w.Recorded
	if !reflect.DeepEqual(g, w) {
		return fmt.Errorf("fields differ:\n got %+v\nwant %+v", got, want)
	}
	return nil
}

type contract struct {
	name, contract string
	check          func(ctx context.Context, s assessment.Store) error
}

// Contract returns c in the form package conformance runs.
func (c contract) Contract() conformance.Contract[assessment.Store] {
	return conformance.Contract[assessment.Store]{Name: c.name, Rule: c.contract, Check: c.check}
}

var contracts = []contract{
	{"put_then_get_round_trips", "Put stores a copy of a ... Times round-trip to the nanosecond. Get returns a copy of the assessment with the ID",
		func(ctx context.Context, s assessment.Store) error {
			want := record(1)
			if err := s.Put(ctx, want); err != nil {
				return fmt.Errorf("store.Put: %w", err)
			}
			got, found, err := s.Get(ctx, id(1))
			if err != nil || !found {
				return fmt.Errorf("store.Get = found %v, %v", found, err)
			}
			return equal(got, want)
		}},
	{"unknown_id_not_found", "Get returns ... found false (and no error) for none.",
		func(ctx context.Context, s assessment.Store) error {
			if _, found, err := s.Get(ctx, id(1)); found || err != nil {
				return fmt.Errorf("store.Get of an unknown ID = found %v, %v", found, err)
			}
			return nil
		}},
	{"duplicate_id_is_refused", "If an assessment with a.ID is stored, Put stores nothing and returns an error matching ErrDuplicate",
		func(ctx context.Context, s assessment.Store) error {
			if err := s.Put(ctx, record(1)); err != nil {
				return fmt.Errorf("store.Put: %w", err)
			}
			other := record(1)
			other.Processing = "replaced"
			if err := s.Put(ctx, other); !errors.Is(err, assessment.ErrDuplicate) {
				return fmt.Errorf("second Put = %v; want ErrDuplicate", err)
			}
			got, _, _ := s.Get(ctx, id(1))
			return equal(got, record(1))
		}},
	{"stored_copies_are_independent", "Put stores a copy of a ... Get returns a copy",
		func(ctx context.Context, s assessment.Store) error {
			a := record(1)
			if err := s.Put(ctx, a); err != nil {
				return fmt.Errorf("store.Put: %w", err)
			}
			a.Purposes[0] = "changed"
			got, _, _ := s.Get(ctx, id(1))
			got.Purposes[1] = "changed"
			again, _, _ := s.Get(ctx, id(1))
			return equal(again, record(1))
		}},
	{"list_orders_and_pages", "List returns copies of up to limit assessments whose IDs are greater than after (bytewise), in increasing ID order",
		func(ctx context.Context, s assessment.Store) error {
			for _, n := range []byte{3, 1, 2} {
				if err := s.Put(ctx, record(n)); err != nil {
					return fmt.Errorf("store.Put: %w", err)
				}
			}
			p1, err := s.List(ctx, uuid.Nil, 2)
			if err != nil || len(p1) != 2 || p1[0].ID != id(1) || p1[1].ID != id(2) {
				return fmt.Errorf("store.List(nil, 2) = %d records, %v; want 1, 2", len(p1), err)
			}
			p2, err := s.List(ctx, p1[1].ID, 2)
			if err != nil || len(p2) != 1 || p2[0].ID != id(3) {
				return fmt.Errorf("store.List(2, 2) = %d records, %v; want 3", len(p2), err)
			}
			for _, l := range []int{0, -1, assessment.MaxList + 1} {
				if _, err := s.List(ctx, uuid.Nil, l); err == nil {
					return fmt.Errorf("store.List(limit %d) returned no error", l)
				}
			}
			return nil
		}},
	{"delete_removes_or_reports_not_found", "Delete removes the assessment with the ID, or returns an error matching ErrNotFound.",
		func(ctx context.Context, s assessment.Store) error {
			if err := s.Put(ctx, record(1)); err != nil {
				return fmt.Errorf("store.Put: %w", err)
			}
			if err := s.Delete(ctx, id(1)); err != nil {
				return fmt.Errorf("store.Delete: %w", err)
			}
			if _, found, _ := s.Get(ctx, id(1)); found {
				return errors.New("store.Get finds a deleted assessment")
			}
			if err := s.Delete(ctx, id(1)); !errors.Is(err, assessment.ErrNotFound) {
				return fmt.Errorf("second Delete = %v; want ErrNotFound", err)
			}
			return nil
		}},
	{"done_context_is_an_error", "Each returns ctx.Err() (wrapped) when ctx is done before it acts.",
		func(ctx context.Context, s assessment.Store) error {
			done, cancel := context.WithCancel(ctx)
			cancel()
			if err := s.Put(done, record(1)); !errors.Is(err, context.Canceled) {
				return fmt.Errorf("store.Put = %v", err)
			}
			if _, _, err := s.Get(done, id(1)); !errors.Is(err, context.Canceled) {
				return fmt.Errorf("store.Get = %v", err)
			}
			if _, err := s.List(done, uuid.Nil, 1); !errors.Is(err, context.Canceled) {
				return fmt.Errorf("store.List = %v", err)
			}
			if err := s.Delete(done, id(1)); !errors.Is(err, context.Canceled) {
				return fmt.Errorf("store.Delete = %v", err)
			}
			return nil
		}},
	{"concurrent_puts_of_one_id_one_winner", "If an assessment with a.ID is stored, Put stores nothing and returns an error matching ErrDuplicate",
		func(ctx context.Context, s assessment.Store) error {
			var wg sync.WaitGroup
			var mu sync.Mutex
			wins := 0
			for range 8 {
				wg.Go(func() {
					if s.Put(ctx, record(1)) == nil {
						mu.Lock()
						wins++
						mu.Unlock()
					}
				})
			}
			wg.Wait()
			if wins != 1 {
				return fmt.Errorf("%d concurrent Puts of one ID succeeded; want 1", wins)
			}
			return nil
		}},
}
