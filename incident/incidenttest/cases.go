package incidenttest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/incident"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

// base is the instant fixtures start at; it has nanoseconds and a zone so
// that a store that drops either fails.
var base = time.Date(2026, 6, 3, 9, 40, 0, 123456789, time.FixedZone("CST", 8*3600))

// incidentID returns a fixed version 7 UUID numbered n.
func incidentID(n byte) uuid.UUID {
	var id uuid.UUID
	id[0], id[15] = 0x01, n
	id[6], id[8] = 0x70, 0x80
	return id
}

// chain returns n chained events of incident id: an opening, then events
// with every other field set, so that a store dropping any field fails.
func chain(id uuid.UUID, n int) []incident.Event {
	out := make([]incident.Event, n)
	var prev [32]byte
	for i := range out {
		e := incident.Event{Incident: id, Seq: uint64(i + 1), Kind: incident.Notified, At: base.Add(time.Duration(i) * time.Minute),
			Recorded: base.Add(time.Duration(i)*time.Minute + time.Second), Actor: "security-team",
			Audience: incident.Individuals, Channel: incident.Email, Ref: fmt.Sprintf("ref-%d", i),
			Categories: pii.MustParseSet("biometric.voice_sample,contact.email"),
			Subjects:   []subject.ID{subject.ID(incidentID(byte(100 + i))), subject.ID(incidentID(byte(200 + i)))},
			Estimate:   int64(1000 + i), Minors: true, Partial: i%2 == 0, Possible: true, NationalSecurity: true,
			Nature: incident.Leak | incident.Loss, Laws: incident.PIPL | incident.GDPR, Grade: incident.Major,
			Risk: incident.RiskHigh, Ground: incident.HarmAvoided, Duty: incident.NotifyIndividuals,
			Occurred: base.Add(-time.Hour), Due: base.Add(4 * time.Hour),
			Text: purpose.Text{EN: "text", ZH: "文本"},
			Notice: incident.Notice{Categories: pii.MustParseSet("contact.email"), Causes: purpose.Text{EN: "c", ZH: "原因"},
				Harm: purpose.Text{ZH: "危害"}, Measures: purpose.Text{EN: "m"}, SelfHelp: purpose.Text{EN: "s", ZH: "建议"},
				Contact: "dpo@example.com", Impractical: purpose.Text{EN: "i"}},
			Prev: prev}
		if i == 0 {
			e.Kind = incident.Opened
		}
		e.Hash = e.ComputeHash()
		prev = e.Hash
		out[i] = e
	}
	return out
}

// same reports how got differs from want, comparing every field by the
// canonical encoding (times to the nanosecond) and the hash.
func same(got, want []incident.Event) error {
	if len(got) != len(want) {
		return fmt.Errorf("loaded %d events, want %d", len(got), len(want))
	}
	for i := range got {
		if !bytes.Equal(got[i].Encode(), want[i].Encode()) || got[i].Hash != want[i].Hash {
			return fmt.Errorf("event %d (seq %d) differs from what was appended (a field, a time's nanoseconds or the hash did not round-trip):\n got %+v\nwant %+v", i, want[i].Seq, got[i], want[i])
		}
	}
	return nil
}

func load(ctx context.Context, s incident.Store, id uuid.UUID, want []incident.Event) error {
	got, err := s.Load(ctx, id)
	if err != nil {
		return fmt.Errorf("store.Load: %w", err)
	}
	return same(got, want)
}

var storeContracts = []contract[incident.Store]{
	{"unknown_incident_loads_nil", "Load returns ... nil and no error for an unknown incident.",
		"Load of an ID never appended to", func(ctx context.Context, s incident.Store) error {
			got, err := s.Load(ctx, incidentID(1))
			if err != nil || got != nil {
				return fmt.Errorf("store.Load = %v, %v; want nil, nil", got, err)
			}
			return nil
		}},
	{"append_then_load_round_trips", "Load returns the incident's events in Seq order, equal to what was appended ... Times round-trip to the nanosecond.",
		"appends three events (every field set) in two calls, loads them", func(ctx context.Context, s incident.Store) error {
			evs := chain(incidentID(1), 3)
			if err := s.Append(ctx, incidentID(1), 0, evs[0]); err != nil {
				return fmt.Errorf("store.Append(expect 0): %w", err)
			}
			if err := s.Append(ctx, incidentID(1), 1, evs[1:]...); err != nil {
				return fmt.Errorf("store.Append(expect 1): %w", err)
			}
			return load(ctx, s, incidentID(1), evs)
		}},
	{"conflicting_expect_writes_nothing", "if the store holds a different last Seq, Append writes nothing and returns an error wrapping ErrConflict.",
		"appends with expect 0 twice, then with expect 5", func(ctx context.Context, s incident.Store) error {
			evs := chain(incidentID(1), 2)
			if err := s.Append(ctx, incidentID(1), 0, evs[0]); err != nil {
				return fmt.Errorf("store.Append: %w", err)
			}
			if err := s.Append(ctx, incidentID(1), 0, evs[0]); !errors.Is(err, incident.ErrConflict) {
				return fmt.Errorf("second Append with expect 0 = %v; want ErrConflict", err)
			}
			late := evs[1]
			late.Seq = 6
			if err := s.Append(ctx, incidentID(1), 5, late); !errors.Is(err, incident.ErrConflict) {
				return fmt.Errorf("store.Append with expect 5 of 1 stored = %v; want ErrConflict", err)
			}
			return load(ctx, s, incidentID(1), evs[:1])
		}},
	{"multi_event_append_is_all_or_nothing", "Append writes events for one incident atomically: all or none ... otherwise Append writes nothing and returns an error.",
		"appends three events whose last has a gap in Seq", func(ctx context.Context, s incident.Store) error {
			evs := chain(incidentID(1), 3)
			bad := append([]incident.Event(nil), evs...)
			bad[2].Seq = 7
			if err := s.Append(ctx, incidentID(1), 0, bad...); err == nil {
				return errors.New("store.Append of events with a Seq gap returned nil")
			}
			return load(ctx, s, incidentID(1), nil)
		}},
	{"events_of_another_incident_are_refused", "The events carry ... the incident's ID; otherwise Append writes nothing and returns an error.",
		"appends incident 2's event under incident 1", func(ctx context.Context, s incident.Store) error {
			if err := s.Append(ctx, incidentID(1), 0, chain(incidentID(2), 1)...); err == nil {
				return errors.New("store.Append of another incident's event returned nil")
			}
			return load(ctx, s, incidentID(1), nil)
		}},
	{"appended_events_are_copied", "The store keeps copies: changing the caller's events afterwards changes nothing stored.",
		"appends, then overwrites the caller's Subjects slice", func(ctx context.Context, s incident.Store) error {
			evs := chain(incidentID(1), 1)
			keep := chain(incidentID(1), 1)
			if err := s.Append(ctx, incidentID(1), 0, evs...); err != nil {
				return fmt.Errorf("store.Append: %w", err)
			}
			evs[0].Subjects[0] = subject.ID{}
			return load(ctx, s, incidentID(1), keep)
		}},
	{"loaded_events_are_copies", "Load returns ... (deep copies).",
		"loads, overwrites the loaded Subjects, loads again", func(ctx context.Context, s incident.Store) error {
			evs := chain(incidentID(1), 1)
			if err := s.Append(ctx, incidentID(1), 0, evs...); err != nil {
				return fmt.Errorf("store.Append: %w", err)
			}
			got, err := s.Load(ctx, incidentID(1))
			if err != nil || len(got) != 1 || len(got[0].Subjects) == 0 {
				return fmt.Errorf("store.Load = %v, %v", got, err)
			}
			got[0].Subjects[0] = subject.ID{}
			return load(ctx, s, incidentID(1), chain(incidentID(1), 1))
		}},
	{"list_orders_and_pages", "List returns up to limit incident IDs greater than after (bytewise), in increasing order; the zero after starts from the beginning.",
		"opens five incidents out of order, lists them in pages of two", func(ctx context.Context, s incident.Store) error {
			for _, n := range []byte{4, 2, 5, 1, 3} {
				if err := s.Append(ctx, incidentID(n), 0, chain(incidentID(n), 1)...); err != nil {
					return fmt.Errorf("store.Append: %w", err)
				}
			}
			var got []uuid.UUID
			var after uuid.UUID
			for range 4 {
				page, err := s.List(ctx, after, 2)
				if err != nil {
					return fmt.Errorf("store.List: %w", err)
				}
				if len(page) > 2 {
					return fmt.Errorf("store.List(limit 2) returned %d IDs", len(page))
				}
				if len(page) == 0 {
					break
				}
				got = append(got, page...)
				after = page[len(page)-1]
			}
			want := []uuid.UUID{incidentID(1), incidentID(2), incidentID(3), incidentID(4), incidentID(5)}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				return fmt.Errorf("listed %v, want %v", got, want)
			}
			return nil
		}},
	{"list_refuses_bad_limits", "limit is 1 to MaxList; other limits are an error.",
		"lists with limits 0, -1 and MaxList+1", func(ctx context.Context, s incident.Store) error {
			for _, l := range []int{0, -1, incident.MaxList + 1} {
				if _, err := s.List(ctx, uuid.UUID{}, l); err == nil {
					return fmt.Errorf("store.List(limit %d) returned no error", l)
				}
			}
			return nil
		}},
	{"done_context_is_an_error", "Each returns ctx.Err() (wrapped) when ctx is done before it acts.",
		"calls Append, Load and List with a cancelled context", func(ctx context.Context, s incident.Store) error {
			done, cancel := context.WithCancel(ctx)
			cancel()
			if err := s.Append(done, incidentID(1), 0, chain(incidentID(1), 1)...); !errors.Is(err, context.Canceled) {
				return fmt.Errorf("store.Append = %v; want context.Canceled", err)
			}
			if _, err := s.Load(done, incidentID(1)); !errors.Is(err, context.Canceled) {
				return fmt.Errorf("store.Load = %v; want context.Canceled", err)
			}
			if _, err := s.List(done, uuid.UUID{}, 1); !errors.Is(err, context.Canceled) {
				return fmt.Errorf("store.List = %v; want context.Canceled", err)
			}
			return load(ctx, s, incidentID(1), nil)
		}},
	{"concurrent_appends_one_winner", "if the store holds a different last Seq, Append writes nothing and returns an error wrapping ErrConflict.",
		"eight goroutines append seq 2 with expect 1; exactly one succeeds", concurrentAppends},
}

func concurrentAppends(ctx context.Context, s incident.Store) error {
	evs := chain(incidentID(1), 2)
	if err := s.Append(ctx, incidentID(1), 0, evs[0]); err != nil {
		return fmt.Errorf("store.Append: %w", err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins, conflicts := 0, 0
	var other error
	for range 8 {
		wg.Go(func() {
			err := s.Append(ctx, incidentID(1), 1, evs[1])
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				wins++
			case errors.Is(err, incident.ErrConflict):
				conflicts++
			default:
				other = err
			}
		})
	}
	wg.Wait()
	if other != nil || wins != 1 || conflicts != 7 {
		return fmt.Errorf("%d appends won, %d conflicted, other error %v; want 1 and 7", wins, conflicts, other)
	}
	return load(ctx, s, incidentID(1), evs)
}

var anchorContracts = []contract[incident.Anchor]{
	{"unknown_incident_not_found", "Head returns ... found false (and no error) for an incident never anchored.",
		"Head of a fresh ID", func(ctx context.Context, a incident.Anchor) error {
			if _, found, err := a.Head(ctx, incidentID(1)); found || err != nil {
				return fmt.Errorf("store.Head = found %v, %v; want false, nil", found, err)
			}
			return nil
		}},
	{"never_moves_back", "Advance records h unless the anchor holds one with a higher Seq (an anchor never moves back): it keeps the higher and returns nil.",
		"advances to seq 3, then to seq 2", func(ctx context.Context, a incident.Anchor) error {
			h3 := incident.Head{Seq: 3, Hash: [32]byte{3}}
			if err := a.Advance(ctx, incidentID(1), h3); err != nil {
				return fmt.Errorf("store.Advance(3): %w", err)
			}
			if err := a.Advance(ctx, incidentID(1), incident.Head{Seq: 2, Hash: [32]byte{2}}); err != nil {
				return fmt.Errorf("store.Advance(2) after 3 = %v; want nil", err)
			}
			if h, found, err := a.Head(ctx, incidentID(1)); err != nil || !found || h != h3 {
				return fmt.Errorf("store.Head = %v, %v, %v; want seq 3", h, found, err)
			}
			return nil
		}},
	{"diverging_head_is_tampering", "Advancing to the Seq already held with another Hash is an error matching ErrTampered, and nothing changes.",
		"advances to seq 3 twice with different hashes", func(ctx context.Context, a incident.Anchor) error {
			h3 := incident.Head{Seq: 3, Hash: [32]byte{3}}
			if err := a.Advance(ctx, incidentID(1), h3); err != nil {
				return fmt.Errorf("store.Advance: %w", err)
			}
			if err := a.Advance(ctx, incidentID(1), incident.Head{Seq: 3, Hash: [32]byte{9}}); !errors.Is(err, incident.ErrTampered) {
				return fmt.Errorf("diverging Advance = %v; want ErrTampered", err)
			}
			if h, _, _ := a.Head(ctx, incidentID(1)); h != h3 {
				return fmt.Errorf("store.Head = %v after a refused Advance; want seq 3 unchanged", h)
			}
			return nil
		}},
	{"done_context_is_an_error", "Both return ctx.Err() (wrapped) when ctx is done before they act.",
		"calls Head and Advance with a cancelled context", func(ctx context.Context, a incident.Anchor) error {
			done, cancel := context.WithCancel(ctx)
			cancel()
			if _, _, err := a.Head(done, incidentID(1)); !errors.Is(err, context.Canceled) {
				return fmt.Errorf("store.Head = %v; want context.Canceled", err)
			}
			if err := a.Advance(done, incidentID(1), incident.Head{Seq: 1}); !errors.Is(err, context.Canceled) {
				return fmt.Errorf("store.Advance = %v; want context.Canceled", err)
			}
			return nil
		}},
}
