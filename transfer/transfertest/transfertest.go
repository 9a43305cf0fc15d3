// Package transfertest checks implementations of transfer.Store against
// the contract documented on that interface, as testing/fstest does for
// file systems.
//
//	func TestMyStore(t *testing.T) {
//		transfertest.TestStore(t, func(t *testing.T) transfer.Store {
//			return mystore.New(openTestDB(t)) // fresh and empty
//		})
//	}
//
// CheckStore returns the broken contracts as errors instead of failing
// the test.
package transfertest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/lawfulgo/lawful/internal/conformance"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
	"github.com/lawfulgo/lawful/transfer"
)

// ContractError is one contract a store broke: the name of the check (as
// its subtest is named), the sentence of the contract, and what the store
// did instead.
type ContractError = conformance.Error

// TestStore checks the Store newStore returns against every sentence of
// transfer.Store's contract, each in a subtest with a fresh, empty store.
// Run it with -race.
func TestStore(t *testing.T, newStore func(t *testing.T) transfer.Store) {
	t.Helper()
	conformance.Run(t, "transfertest", contracts, newStore)
}

// CheckStore runs the checks of TestStore and returns every broken
// contract joined with errors.Join, each a *ContractError.
func CheckStore(t *testing.T, newStore func(t *testing.T) transfer.Store) error {
	t.Helper()
	return conformance.Check(t, "transfertest", contracts, newStore)
}

var base = time.Date(2026, 1, 1, 0, 0, 0, 0, time.FixedZone("CST", 8*3600))

func sid(n byte) subject.ID {
	var id subject.ID
	id[0], id[15], id[6], id[8] = 0x01, n, 0x70, 0x80
	return id
}

func export(n byte, at time.Duration, general, sensitive, counted bool) transfer.Export {
	return transfer.Export{Law: pii.PIPL, Subject: sid(n), Purpose: "service.voice_clone", Recipient: "cloud", Country: "SG",
		Categories: pii.MustParseSet("biometric.voice_sample"), General: general, Sensitive: sensitive,
		Mechanism: purpose.StandardContract, Counted: counted, Ref: "SC-1", At: base.Add(at), Year: base.Add(at).Year()}
}

type contract struct {
	name, contract string
	check          func(ctx context.Context, s transfer.Store) error
}

// Contract returns c in the form package conformance runs.
func (c contract) Contract() conformance.Contract[transfer.Store] {
	return conformance.Contract[transfer.Store]{Name: c.name, Rule: c.contract, Check: c.check}
}

func count(ctx context.Context, s transfer.Store, year int, who subject.ID, want transfer.Volume) error {
	got, err := s.Count(ctx, year, who)
	if err != nil {
		return fmt.Errorf("store.Count: %w", err)
	}
	if got != want {
		return fmt.Errorf("store.Count = %+v, want %+v", got, want)
	}
	return nil
}

var contracts = []contract{
	{"count_distinct_subjects", "Count counts, among the PIPL exports with Counted set and the given Year, the distinct subjects with General set and those with Sensitive set, and reports whether s is among each.",
		func(ctx context.Context, s transfer.Store) error {
			for _, e := range []transfer.Export{
				export(1, time.Hour, true, false, true), export(1, 2*time.Hour, true, true, true), // one person twice
				export(2, time.Hour, false, true, true),
				export(3, time.Hour, true, false, false), // not counted
				export(4, -time.Hour, true, true, true),  // last year
			} {
				if err := s.Add(ctx, e); err != nil {
					return fmt.Errorf("store.Add: %w", err)
				}
			}
			gdpr := export(5, time.Hour, true, true, true)
			gdpr.Law = pii.GDPR
			if err := s.Add(ctx, gdpr); err != nil {
				return fmt.Errorf("store.Add: %w", err)
			}
			if err := count(ctx, s, 2026, sid(1), transfer.Volume{General: 1, Sensitive: 2, SubjectGeneral: true, SubjectSensitive: true}); err != nil {
				return err
			}
			if err := count(ctx, s, 2025, sid(4), transfer.Volume{General: 1, Sensitive: 1, SubjectGeneral: true, SubjectSensitive: true}); err != nil {
				return fmt.Errorf("last year: %w", err)
			}
			return count(ctx, s, 2026, sid(9), transfer.Volume{General: 1, Sensitive: 2})
		}},
	{"summary_groups_and_sorts", "Summary groups the exports whose At lies in [from, to), of both regimes, by (Law, Recipient, Country, Mechanism), counting records and distinct subjects, sorted by those keys.",
		func(ctx context.Context, s transfer.Store) error {
			b := export(2, time.Hour, true, false, true)
			b.Recipient = "analytics"
			g := export(3, time.Hour, true, false, false)
			g.Law, g.Mechanism = pii.GDPR, purpose.Adequacy
			for _, e := range []transfer.Export{export(1, time.Hour, true, false, true), export(1, 2*time.Hour, true, false, true), b, g, export(9, -time.Hour, true, false, true)} {
				if err := s.Add(ctx, e); err != nil {
					return fmt.Errorf("store.Add: %w", err)
				}
			}
			got, err := s.Summary(ctx, base, base.AddDate(1, 0, 0))
			if err != nil {
				return fmt.Errorf("store.Summary: %w", err)
			}
			want := []transfer.Line{
				{Law: pii.PIPL, Recipient: "analytics", Country: "SG", Mechanism: purpose.StandardContract, Exports: 1, People: 1},
				{Law: pii.PIPL, Recipient: "cloud", Country: "SG", Mechanism: purpose.StandardContract, Exports: 2, People: 1},
				{Law: pii.GDPR, Recipient: "cloud", Country: "SG", Mechanism: purpose.Adequacy, Exports: 1, People: 1},
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				return fmt.Errorf("store.Summary = %+v\nwant %+v", got, want)
			}
			return nil
		}},
	{"summary_is_half_open_to_the_nanosecond", "Summary groups the exports whose At lies in [from, to) ... Times round-trip to the nanosecond.",
		func(ctx context.Context, s transfer.Store) error {
			e := export(1, time.Hour+time.Nanosecond, true, false, true)
			if err := s.Add(ctx, e); err != nil {
				return fmt.Errorf("store.Add: %w", err)
			}
			for _, w := range []struct {
				from, to time.Time
				n        int
			}{{base.Add(time.Hour), base.Add(time.Hour + time.Nanosecond), 0}, {base.Add(time.Hour + time.Nanosecond), base.Add(time.Hour + 2*time.Nanosecond), 1}} {
				got, err := s.Summary(ctx, w.from, w.to)
				if err != nil || len(got) != w.n {
					return fmt.Errorf("store.Summary(%v, %v) = %d lines, %v; want %d", w.from, w.to, len(got), err, w.n)
				}
			}
			return nil
		}},
	{"done_context_is_an_error", "Each returns ctx.Err() (wrapped) when ctx is done before it acts.",
		func(ctx context.Context, s transfer.Store) error {
			done, cancel := context.WithCancel(ctx)
			cancel()
			if err := s.Add(done, export(1, 0, true, false, true)); !errors.Is(err, context.Canceled) {
				return fmt.Errorf("store.Add = %v", err)
			}
			if _, err := s.Count(done, 2026, sid(1)); !errors.Is(err, context.Canceled) {
				return fmt.Errorf("store.Count = %v", err)
			}
			if _, err := s.Summary(done, base, base); !errors.Is(err, context.Canceled) {
				return fmt.Errorf("store.Summary = %v", err)
			}
			return count(ctx, s, 2026, sid(1), transfer.Volume{})
		}},
	{"concurrent_adds_all_counted", "Add stores a copy of e.",
		func(ctx context.Context, s transfer.Store) error {
			var wg sync.WaitGroup
			for i := range 50 {
				wg.Go(func() { _ = s.Add(ctx, export(byte(i), time.Hour, true, false, true)) })
			}
			wg.Wait()
			return count(ctx, s, 2026, sid(0), transfer.Volume{General: 50, SubjectGeneral: true})
		}},
}
