package rightstest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/rights"
	"github.com/lawfulgo/lawful/subject"
)

// base is the instant fixtures start at; it has nanoseconds and a zone so
// that a store that drops either fails.
var base = time.Date(2026, 3, 2, 9, 15, 0, 123456789, time.FixedZone("CST", 8*3600))

// requestID returns a fixed version 7 UUID numbered n.
func requestID(n byte) uuid.UUID {
	var id uuid.UUID
	id[0], id[15] = 0x01, n
	id[6], id[8] = 0x70, 0x80
	return id
}

// person returns a fixed subject numbered n.
func person(n byte) subject.ID { return subject.ID(requestID(100 + n)) }

// request returns request n of subject who, received at received, with
// every field set so that a store dropping any of them fails.
func request(n byte, who subject.ID, received time.Time, state rights.State) rights.Request {
	return rights.Request{
		Kind: rights.Correct, Subject: who, Requester: person(90), Capacity: rights.Guardian,
		Purposes: []purpose.ID{"account", "voice_clone"}, Categories: pii.MustParseSet("biometric.voice_sample,contact.email"),
		Interest: "settling the estate 遗产", ArrangedOtherwise: true,
		ID: requestID(n), State: state, Received: received, Verified: received.Add(time.Hour + 1),
		Closed: received.Add(48*time.Hour + 2), Minor: true, Repeated: true, Recent: 3,
		Term:  rights.Term{N: 15, Unit: rights.WorkingDays, From: rights.FromVerification, Cites: "GB/T 35273-2020 §8.7"},
		Clock: received.Add(time.Hour + 3), Due: received.Add(21*24*time.Hour + 4), OriginalDue: received.Add(14*24*time.Hour + 5),
		Refusal: rights.Refusal{Ground: rights.Repetitive, Reasons: "asked four times this month 本月第四次", Written: true},
		Fee:     rights.Fee{Amount: 1500, Currency: "CNY", Basis: "copying cost"},
		History: []rights.Transition{
			{Action: rights.Receive, To: rights.Received, At: received, Actor: "web-form"},
			{Action: rights.Verify, From: rights.Received, To: rights.Verified, At: received.Add(time.Hour + 1), Actor: "agent:417", Proof: rights.FaceMatch},
			{Action: rights.Refuse, From: rights.Verified, To: rights.Refused, At: received.Add(2 * time.Hour), Actor: "agent:417", Ground: rights.Repetitive, Note: "repeated"},
		},
		Version: 1,
	}
}

// normal returns r with its times in UTC (the zero time kept) and empty
// slices nil, for comparison.
func normal(r rights.Request) rights.Request {
	r = r.Clone()
	tm := func(t *time.Time) {
		if !t.IsZero() {
			*t = t.UTC()
		} else {
			*t = time.Time{}
		}
	}
	for _, t := range []*time.Time{&r.Received, &r.Verified, &r.Closed, &r.Clock, &r.Due, &r.OriginalDue} {
		tm(t)
	}
	for i := range r.History {
		tm(&r.History[i].At)
	}
	if len(r.Purposes) == 0 {
		r.Purposes = nil
	}
	if len(r.History) == 0 {
		r.History = nil
	}
	return r
}

// same reports how got differs from want.
func same(got, want rights.Request) error {
	if g, w := normal(got), normal(want); !reflect.DeepEqual(g, w) {
		return fmt.Errorf("request %v differs from what was stored (a field or a time's nanoseconds did not round-trip):\n got %+v\nwant %+v", want.ID, g, w)
	}
	return nil
}

func get(ctx context.Context, s rights.Store, want rights.Request) error {
	got, err := s.Get(ctx, want.ID)
	if err != nil {
		return fmt.Errorf("store.Get: %w", err)
	}
	return same(got, want)
}

// ids returns the IDs of rs in order.
func ids(rs []rights.Request) []uuid.UUID {
	out := make([]uuid.UUID, len(rs))
	for i := range rs {
		out[i] = rs[i].ID
	}
	return out
}

func create(ctx context.Context, s rights.Store, rs ...rights.Request) error {
	for _, r := range rs {
		if err := s.Create(ctx, r); err != nil {
			return fmt.Errorf("store.Create(%v): %w", r.ID, err)
		}
	}
	return nil
}

var contracts = []contract{
	{"create_then_get_round_trips", "Create stores a new request ... Times round-trip to the nanosecond.",
		"creates a request with every field set, gets it", func(ctx context.Context, s rights.Store) error {
			r := request(1, person(1), base, rights.Refused)
			if err := create(ctx, s, r); err != nil {
				return err
			}
			return get(ctx, s, r)
		}},
	{"zero_times_and_empty_fields_round_trip", "Stores keep copies ... Times round-trip to the nanosecond.",
		"creates a request with only the required fields, gets it", func(ctx context.Context, s rights.Store) error {
			r := rights.Request{Kind: rights.Access, Subject: person(1), ID: requestID(1), State: rights.Received, Received: base, Version: 1}
			if err := create(ctx, s, r); err != nil {
				return err
			}
			return get(ctx, s, r)
		}},
	{"create_twice_conflicts_and_changes_nothing", "A request with the same ID already stored is an error matching ErrConflict, and nothing changes.",
		"creates a request, then another with its ID", func(ctx context.Context, s rights.Store) error {
			r := request(1, person(1), base, rights.Received)
			if err := create(ctx, s, r); err != nil {
				return err
			}
			dup := request(1, person(2), base.Add(time.Hour), rights.Verified)
			if err := s.Create(ctx, dup); !errors.Is(err, rights.ErrConflict) {
				return fmt.Errorf("second store.Create with the same ID = %v; want ErrConflict", err)
			}
			return get(ctx, s, r)
		}},
	{"get_unknown_is_not_found", "Get returns the request with the ID, or an error matching ErrNotFound.",
		"gets an ID never created", func(ctx context.Context, s rights.Store) error {
			if _, err := s.Get(ctx, requestID(9)); !errors.Is(err, rights.ErrNotFound) {
				return fmt.Errorf("store.Get of an unknown ID = %v; want ErrNotFound", err)
			}
			return nil
		}},
	{"update_replaces_the_next_version", "Update replaces a stored request whose Version is r.Version-1, in one step.",
		"creates version 1, updates to version 2 with other fields", func(ctx context.Context, s rights.Store) error {
			r := request(1, person(1), base, rights.Received)
			if err := create(ctx, s, r); err != nil {
				return err
			}
			u := r.Clone()
			u.State, u.Version, u.Closed = rights.Fulfilled, 2, base.Add(72*time.Hour+7)
			u.History = append(u.History, rights.Transition{Action: rights.Fulfil, From: rights.Verified, To: rights.Fulfilled, At: u.Closed, Actor: "agent:5"})
			if err := s.Update(ctx, u); err != nil {
				return fmt.Errorf("store.Update to version 2: %w", err)
			}
			return get(ctx, s, u)
		}},
	{"stale_version_conflicts_and_changes_nothing", "Another stored Version is an error matching ErrConflict (a concurrent writer won); an unknown ID matches ErrNotFound.",
		"updates with versions 1 and 3 over version 1, then an unknown ID", func(ctx context.Context, s rights.Store) error {
			r := request(1, person(1), base, rights.Received)
			if err := create(ctx, s, r); err != nil {
				return err
			}
			for _, v := range []uint64{1, 3, 0} {
				u := r.Clone()
				u.Version, u.State = v, rights.Verified
				if err := s.Update(ctx, u); !errors.Is(err, rights.ErrConflict) {
					return fmt.Errorf("store.Update with version %d over 1 = %v; want ErrConflict", v, err)
				}
			}
			u := request(9, person(1), base, rights.Received)
			u.Version = 2
			if err := s.Update(ctx, u); !errors.Is(err, rights.ErrNotFound) {
				return fmt.Errorf("store.Update of an unknown ID = %v; want ErrNotFound", err)
			}
			return get(ctx, s, r)
		}},
	{"concurrent_updates_one_winner", "Update replaces ... in one step. Another stored Version is an error matching ErrConflict (a concurrent writer won).",
		"eight goroutines update version 1 to 2; exactly one succeeds", concurrentUpdates},
	{"by_subject_in_receipt_order", "BySubject returns a subject's requests in the order received (then by ID); nil for none.",
		"creates four requests of two subjects out of order, two received at once", bySubject},
	{"open_lists_open_requests", "Open returns every request whose State is open (Received, Verified, Extended).",
		"creates one request per state, closes one, lists the open ones", openRequests},
	{"stores_keep_copies", "Stores keep copies: changing a request after passing it in or getting it back changes nothing stored.",
		"creates, overwrites the caller's slices, gets, overwrites the result's, gets again", copies},
	{"done_context_is_an_error", "Every method returns ctx.Err() (wrapped) when ctx is done before it acts.",
		"calls every method with a cancelled context", doneContext},
}

func concurrentUpdates(ctx context.Context, s rights.Store) error {
	r := request(1, person(1), base, rights.Received)
	if err := create(ctx, s, r); err != nil {
		return err
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins, conflicts := 0, 0
	var other error
	var won rights.Request
	for i := range 8 {
		u := r.Clone()
		u.Version, u.State, u.Recent = 2, rights.Verified, i
		wg.Go(func() {
			err := s.Update(ctx, u)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				wins++
				won = u
			case errors.Is(err, rights.ErrConflict):
				conflicts++
			default:
				other = err
			}
		})
	}
	wg.Wait()
	if other != nil || wins != 1 || conflicts != 7 {
		return fmt.Errorf("%d updates won, %d conflicted, other error %v; want 1 and 7", wins, conflicts, other)
	}
	return get(ctx, s, won)
}

func bySubject(ctx context.Context, s rights.Store) error {
	a, b := person(1), person(2)
	rs := []rights.Request{
		request(4, a, base.Add(time.Hour), rights.Received),
		request(3, a, base, rights.Fulfilled),
		request(2, b, base, rights.Received),
		request(1, a, base, rights.Verified), // received with 3: ID 1 first
	}
	if err := create(ctx, s, rs...); err != nil {
		return err
	}
	got, err := s.BySubject(ctx, a)
	if err != nil {
		return fmt.Errorf("store.BySubject: %w", err)
	}
	want := []uuid.UUID{requestID(1), requestID(3), requestID(4)}
	if !slices.Equal(ids(got), want) {
		return fmt.Errorf("store.BySubject = %v; want %v (by receipt, then ID)", ids(got), want)
	}
	if err := same(got[1], rs[1]); err != nil {
		return err
	}
	none, err := s.BySubject(ctx, person(3))
	if err != nil || none != nil {
		return fmt.Errorf("store.BySubject of a subject with no requests = %v, %v; want nil, nil", none, err)
	}
	return nil
}

func openRequests(ctx context.Context, s rights.Store) error {
	states := []rights.State{rights.Received, rights.Verified, rights.Extended, rights.Fulfilled, rights.Refused}
	for i, st := range states {
		if err := create(ctx, s, request(byte(i+1), person(byte(i)), base.Add(time.Duration(i)*time.Minute), st)); err != nil {
			return err
		}
	}
	closed := request(2, person(1), base.Add(time.Minute), rights.Fulfilled)
	closed.Version = 2
	if err := s.Update(ctx, closed); err != nil {
		return fmt.Errorf("store.Update closing request 2: %w", err)
	}
	got, err := s.Open(ctx)
	if err != nil {
		return fmt.Errorf("store.Open: %w", err)
	}
	gotIDs := ids(got)
	slices.SortFunc(gotIDs, func(a, b uuid.UUID) int { return slices.Compare(a[:], b[:]) })
	if want := []uuid.UUID{requestID(1), requestID(3)}; !slices.Equal(gotIDs, want) {
		return fmt.Errorf("store.Open = %v; want %v (received and extended; verified was closed by an update)", gotIDs, want)
	}
	return nil
}

func copies(ctx context.Context, s rights.Store) error {
	r := request(1, person(1), base, rights.Received)
	keep := r.Clone()
	if err := create(ctx, s, r); err != nil {
		return err
	}
	r.Purposes[0], r.History[0].Actor = "changed", "changed"
	got, err := s.Get(ctx, r.ID)
	if err != nil {
		return fmt.Errorf("store.Get: %w", err)
	}
	if err := same(got, keep); err != nil {
		return fmt.Errorf("after changing the created request's slices: %w", err)
	}
	got.Purposes[0], got.History[0].Actor = "again", "again"
	if err := get(ctx, s, keep); err != nil {
		return fmt.Errorf("after changing a got request's slices: %w", err)
	}
	return nil
}

func doneContext(ctx context.Context, s rights.Store) error {
	done, cancel := context.WithCancel(ctx)
	cancel()
	r := request(1, person(1), base, rights.Received)
	if err := s.Create(done, r); !errors.Is(err, context.Canceled) {
		return fmt.Errorf("store.Create = %v; want context.Canceled", err)
	}
	if _, err := s.Get(done, r.ID); !errors.Is(err, context.Canceled) {
		return fmt.Errorf("store.Get = %v; want context.Canceled", err)
	}
	r.Version = 2
	if err := s.Update(done, r); !errors.Is(err, context.Canceled) {
		return fmt.Errorf("store.Update = %v; want context.Canceled", err)
	}
	if _, err := s.BySubject(done, r.Subject); !errors.Is(err, context.Canceled) {
		return fmt.Errorf("store.BySubject = %v; want context.Canceled", err)
	}
	if _, err := s.Open(done); !errors.Is(err, context.Canceled) {
		return fmt.Errorf("store.Open = %v; want context.Canceled", err)
	}
	if _, err := s.Get(ctx, r.ID); !errors.Is(err, rights.ErrNotFound) {
		return fmt.Errorf("store.Get after a cancelled Create = %v; want ErrNotFound (nothing stored)", err)
	}
	return nil
}
