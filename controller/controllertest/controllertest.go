// Package controllertest checks implementations of
// controller.AuditStore against the contract documented on that
// interface, as testing/fstest does for file systems.
//
//	func TestMyAuditStore(t *testing.T) {
//		controllertest.TestAuditStore(t, func(t *testing.T) controller.AuditStore {
//			return mystore.New(openTestDB(t)) // fresh and empty
//		})
//	}
package controllertest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/controller"
	"github.com/lawfulgo/lawful/internal/conformance"
)

// ContractError is one contract a store broke: the name of the check (as
// its subtest is named), the sentence of the contract, and what the store
// did instead.
type ContractError = conformance.Error

// TestAuditStore checks the store newStore returns against every sentence
// of controller.AuditStore's contract, each in a subtest with a fresh,
// empty store.
func TestAuditStore(t *testing.T, newStore func(t *testing.T) controller.AuditStore) {
	t.Helper()
	conformance.Run(t, "controllertest", contracts, newStore)
}

// CheckAuditStore runs the checks of TestAuditStore and returns every
// broken contract joined with errors.Join, each a *ContractError.
func CheckAuditStore(t *testing.T, newStore func(t *testing.T) controller.AuditStore) error {
	t.Helper()
	return conformance.Check(t, "controllertest", contracts, newStore)
}

var base = time.Date(2026, 1, 15, 10, 0, 0, 123456789, time.FixedZone("CST", 8*3600))

func audit(n byte, completed time.Duration) controller.Audit {
	var id uuid.UUID
	id[0], id[15], id[6], id[8] = 1, n, 0x70, 0x80
	return controller.Audit{ID: id, Auditor: "Audit Co", External: true, Ordered: true, OrderRef: "order", Scope: "all",
		Findings: "f", Remediation: "r", Started: base, Completed: base.Add(completed)}
}

type contract struct {
	name, contract string
	check          func(ctx context.Context, s controller.AuditStore) error
}

// Contract returns c in the form package conformance runs.
func (c contract) Contract() conformance.Contract[controller.AuditStore] {
	return conformance.Contract[controller.AuditStore]{Name: c.name, Rule: c.contract, Check: c.check}
}

var contracts = []contract{
	{"list_latest_first_before_a_bound", "List returns up to limit audits completed before before, latest first (by Completed, then ID descending); the zero before means no bound.",
		func(ctx context.Context, s controller.AuditStore) error {
			for _, a := range []controller.Audit{audit(1, time.Hour), audit(3, 3*time.Hour), audit(2, 2*time.Hour), audit(4, 2*time.Hour)} {
				if err := s.Add(ctx, a); err != nil {
					return fmt.Errorf("store.Add: %w", err)
				}
			}
			all, err := s.List(ctx, time.Time{}, 10)
			if err != nil || len(all) != 4 || all[0].ID != audit(3, 0).ID || all[1].ID != audit(4, 0).ID || all[3].ID != audit(1, 0).ID {
				return fmt.Errorf("store.List(no bound) = %v, %v; want 3, 4, 2, 1", ids(all), err)
			}
			some, err := s.List(ctx, base.Add(2*time.Hour), 1)
			if err != nil || len(some) != 1 || some[0].ID != audit(1, 0).ID {
				return fmt.Errorf("store.List(before 2h, 1) = %v, %v; want 1", ids(some), err)
			}
			return nil
		}},
	{"records_round_trip", "Add stores a copy of a ... Times round-trip to the nanosecond.",
		func(ctx context.Context, s controller.AuditStore) error {
			a := audit(1, time.Hour)
			if err := s.Add(ctx, a); err != nil {
				return fmt.Errorf("store.Add: %w", err)
			}
			got, err := s.List(ctx, time.Time{}, 1)
			if err != nil || len(got) != 1 {
				return fmt.Errorf("store.List = %v, %v", got, err)
			}
			g := got[0]
			if !g.Started.Equal(a.Started) || !g.Completed.Equal(a.Completed) {
				return fmt.Errorf("times did not round-trip: %v", g)
			}
			g.Started, g.Completed = a.Started, a.Completed
			if g != a {
				return fmt.Errorf("got %+v, want %+v", g, a)
			}
			return nil
		}},
	{"duplicate_id_refused", "an ID already stored is an error.",
		func(ctx context.Context, s controller.AuditStore) error {
			if err := s.Add(ctx, audit(1, time.Hour)); err != nil {
				return fmt.Errorf("store.Add: %w", err)
			}
			if err := s.Add(ctx, audit(1, time.Hour)); err == nil {
				return errors.New("second Add of one ID returned nil")
			}
			all, _ := s.List(ctx, time.Time{}, 10)
			if len(all) != 1 {
				return fmt.Errorf("%d audits stored; want 1", len(all))
			}
			return nil
		}},
	{"bad_limit_refused", "limit is 1 to MaxList.",
		func(ctx context.Context, s controller.AuditStore) error {
			for _, l := range []int{0, controller.MaxList + 1} {
				if _, err := s.List(ctx, time.Time{}, l); err == nil {
					return fmt.Errorf("store.List(limit %d) returned no error", l)
				}
			}
			return nil
		}},
	{"done_context_is_an_error", "Both return ctx.Err() (wrapped) when ctx is done before they act.",
		func(ctx context.Context, s controller.AuditStore) error {
			done, cancel := context.WithCancel(ctx)
			cancel()
			if err := s.Add(done, audit(1, time.Hour)); !errors.Is(err, context.Canceled) {
				return fmt.Errorf("store.Add = %v", err)
			}
			if _, err := s.List(done, time.Time{}, 1); !errors.Is(err, context.Canceled) {
				return fmt.Errorf("store.List = %v", err)
			}
			return nil
		}},
}

func ids(as []controller.Audit) []byte {
	var out []byte
	for _, a := range as {
		out = append(out, a.ID[15])
	}
	return out
}
