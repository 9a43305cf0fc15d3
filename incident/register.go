package incident

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/clock"
	"github.com/lawfulgo/lawful/internal/ctxerr"
)

// Hook receives every event a Register records, after it is stored and
// anchored, with no lock held and a context that is not cancelled with the
// caller's. An audit hook filters Kind == OverdueNoted to learn of missed
// deadlines. Implementations must be safe for concurrent use and should
// return quickly; a Register does not wait on anything they return.
type Hook interface {
	Recorded(ctx context.Context, e Event)
}

// HookFunc adapts a function to Hook.
type HookFunc func(ctx context.Context, e Event)

// Recorded calls f(ctx, e).
func (f HookFunc) Recorded(ctx context.Context, e Event) { f(ctx, e) }

// Config configures a Register. Store and Profile.Operator are required;
// every other field has a documented default when zero.
type Config struct {
	// Store persists the events. Required.
	Store Store
	// Anchor keeps each incident's head outside the Store; nil means a
	// MemAnchor of the Register's own.
	Anchor Anchor
	// Clock stamps Recorded and bounds At; nil means clock.System.
	Clock clock.Clock
	// Profile describes the operator (Operator is required).
	Profile Profile
	// Rules are the legal facts of the clocks; nil means DefaultRules().
	Rules *Rules
	// Hook, if set, receives every recorded event.
	Hook Hook
	// Rand is the entropy of new incident IDs (UUIDv7); nil means
	// crypto/rand.
	Rand io.Reader
}

// Register is the incident register: it opens incidents and appends their
// events, validated against the law and the incident's state, hash-chained
// and anchored; it derives each incident's state and clocks, and reports
// overdue clocks. Make one with New; it is safe for concurrent use. Writes
// to one incident are serialised by the Store's optimistic concurrency:
// Record retries a few times when another writer got there first.
type Register struct {
	store   Store
	anchor  Anchor
	clock   clock.Clock
	profile Profile
	rules   Rules
	hook    Hook
	rand    io.Reader
}

// New returns a Register for cfg, or an error matching ErrNotConfigured.
func New(cfg Config) (*Register, error) {
	if cfg.Store == nil {
		return nil, fault(ErrNotConfigured, "incident: Config.Store is nil; pass a Store such as NewMemStore()")
	}
	if !cfg.Profile.Operator.Valid() {
		return nil, fault(ErrNotConfigured, "incident: Config.Profile.Operator is not set; say whether the operator is Ordinary, a CIIOperator or a StateOrgan (Reporting Measures art. 4)")
	}
	r := &Register{store: cfg.Store, anchor: cfg.Anchor, clock: cfg.Clock, profile: cfg.Profile, rules: DefaultRules(), hook: cfg.Hook, rand: cfg.Rand}
	if cfg.Rules != nil {
		if err := cfg.Rules.Validate(); err != nil {
			return nil, err
		}
		r.rules = *cfg.Rules
	}
	if r.anchor == nil {
		r.anchor = &MemAnchor{}
	}
	if r.clock == nil {
		r.clock = clock.System{}
	}
	return r, nil
}

// Profile returns the register's profile.
func (r *Register) Profile() Profile { return r.profile }

// Rules returns the register's rules.
func (r *Register) Rules() Rules { return r.rules }

// maxAttempts is how often Record tries an append that conflicts.
const maxAttempts = 4

// Open opens a new incident from e, an Opened event (Incident, Seq and
// Recorded are set by the register), and returns its ID.
func (r *Register) Open(ctx context.Context, e Event) (uuid.UUID, error) {
	if err := ctxerr.Err(ctx); err != nil {
		return uuid.Nil, fmt.Errorf("incident: open: %w", err)
	}
	if e.Kind != Opened {
		return uuid.Nil, &InvalidEventError{Event: e.String(), Problems: []error{fault(ErrInvalidEvent, "Open takes an Opened event; record others with Record")}}
	}
	id, err := uuid.NewV7FromReader(r.reader())
	if err != nil {
		return uuid.Nil, fmt.Errorf("incident: open: new ID: %w", err)
	}
	e.Incident = id
	if _, err := r.append(ctx, id, e, false); err != nil {
		return uuid.Nil, err
	}
	return id, nil
}

func (r *Register) reader() io.Reader {
	if r.rand != nil {
		return r.rand
	}
	return rand.Reader
}

// Record appends e to incident id after checking it: its fields for its
// Kind, its times (not after the clock, not before the discovery), the
// incident's state (open, confirmable, ...), a notice's content for its
// audience (Missing), an exemption's ground and the order it may not
// override, and a closure's open duties. It returns the event as stored,
// or an *InvalidEventError listing every problem; nothing is written then.
// An error matching ErrConflict means other writers kept appending;
// ErrTampered, that the stored record does not verify.
func (r *Register) Record(ctx context.Context, id uuid.UUID, e Event) (Event, error) {
	if err := ctxerr.Err(ctx); err != nil {
		return Event{}, fmt.Errorf("incident: record: %w", err)
	}
	e.Incident = id
	return r.append(ctx, id, e, false)
}

// append validates e against the incident's current state, chains and
// stores it, advances the anchor and calls the hook. sweep allows the
// OverdueNoted events of SweepAt.
func (r *Register) append(ctx context.Context, id uuid.UUID, e Event, sweep bool) (Event, error) {
	var err error
	for range maxAttempts {
		var stored Event
		stored, err = r.try(ctx, id, e, sweep)
		if errors.Is(err, ErrConflict) {
			continue
		}
		if err != nil {
			return Event{}, err
		}
		if r.hook != nil {
			r.hook.Recorded(context.WithoutCancel(ctx), stored.Clone())
		}
		return stored, nil
	}
	return Event{}, err
}

func (r *Register) try(ctx context.Context, id uuid.UUID, e Event, sweep bool) (Event, error) {
	events, err := r.load(ctx, id)
	if err != nil {
		return Event{}, err
	}
	inc := Fold(events)
	now := r.clock.Now()
	if !clock.InRange(now) {
		return Event{}, fault(ErrNotConfigured, "incident: the register's clock reads "+now.UTC().Format(time.RFC3339)+", outside the range of package clock")
	}
	e = e.Clone()
	e.Incident = id
	e.Seq, e.Recorded, e.Prev = uint64(len(events))+1, now, inc.Head.Hash
	if ps := check(&inc, &e, now, r.profile, r.rules, sweep); len(ps) > 0 {
		return Event{}, &InvalidEventError{Event: e.String(), Problems: ps}
	}
	e.Hash = e.ComputeHash()
	if err := r.store.Append(ctx, id, uint64(len(events)), e); err != nil {
		return Event{}, fmt.Errorf("incident: storing %v: %w", e, err)
	}
	if err := r.anchor.Advance(ctx, id, Head{Seq: e.Seq, Hash: e.Hash}); err != nil {
		return Event{}, fmt.Errorf("incident: %v stored but its head not anchored (the next load anchors it): %w", e, err)
	}
	return e, nil
}

// load returns the incident's events after verifying the chain and the
// anchored head. The head is read before the events: a Record appends
// before it advances the anchor, so events loaded after the head always
// reach it, and a record that ends before it was cut. A record longer
// than the anchor (an append racing this load, or one whose anchor
// advance failed) is accepted and anchored; the anchor never moves back.
func (r *Register) load(ctx context.Context, id uuid.UUID) ([]Event, error) {
	h, found, err := r.anchor.Head(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("incident: anchor of %v: %w", id, err)
	}
	events, err := r.store.Load(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("incident: loading %v: %w", id, err)
	}
	if err := Verify(events); err != nil {
		return nil, err
	}
	if len(events) > 0 && events[0].Incident != id {
		return nil, &ChainError{Index: 0, Seq: events[0].Seq, Reason: "the store returned another incident's record"}
	}
	if found {
		got := HeadOf(events)
		switch {
		case got.Seq < h.Seq:
			return nil, &ChainError{Index: -1, Seq: got.Seq, Reason: fmt.Sprintf("record ends at seq %d, the anchored head is seq %d (events cut from the end)", got.Seq, h.Seq)}
		case events[h.Seq-1].Hash != h.Hash:
			return nil, &ChainError{Index: int(h.Seq) - 1, Seq: h.Seq, Reason: "the event at the anchored head's seq has another hash (rewritten)"}
		}
	}
	if len(events) > 0 && (!found || HeadOf(events).Seq > h.Seq) {
		if err := r.anchor.Advance(ctx, id, HeadOf(events)); err != nil {
			return nil, fmt.Errorf("incident: anchoring %v: %w", id, err)
		}
	}
	return events, nil
}

// Get returns the incident's state, from its verified record, or an error
// matching ErrNotFound.
func (r *Register) Get(ctx context.Context, id uuid.UUID) (Incident, error) {
	events, err := r.Events(ctx, id)
	if err != nil {
		return Incident{}, err
	}
	return Fold(events), nil
}

// Events returns the incident's verified events, or an error matching
// ErrNotFound.
func (r *Register) Events(ctx context.Context, id uuid.UUID) ([]Event, error) {
	if err := ctxerr.Err(ctx); err != nil {
		return nil, fmt.Errorf("incident: get: %w", err)
	}
	events, err := r.load(ctx, id)
	if err != nil {
		return nil, err
	}
	if len(events) == 0 {
		return nil, fault(ErrNotFound, fmt.Sprintf("incident: no incident %v", id))
	}
	return events, nil
}

// Clocks returns the incident's clocks under the register's profile and
// rules.
func (r *Register) Clocks(ctx context.Context, id uuid.UUID) ([]Clock, error) {
	inc, err := r.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	return inc.Clocks(r.profile, r.rules), nil
}

// Walk calls fn with every incident's state, in ID order (the order the
// incidents were opened in, to the millisecond), until fn returns an
// error, which Walk returns. A record that fails verification stops the
// walk with its *ChainError: a register with a tampered record cannot
// vouch for the others' completeness.
func (r *Register) Walk(ctx context.Context, fn func(Incident) error) error {
	var after uuid.UUID
	for {
		ids, err := r.store.List(ctx, after, MaxList)
		if err != nil {
			return fmt.Errorf("incident: listing incidents: %w", err)
		}
		for _, id := range ids {
			inc, err := r.Get(ctx, id)
			if err != nil {
				return err
			}
			if err := fn(inc); err != nil {
				return err
			}
		}
		if len(ids) < MaxList {
			return nil
		}
		after = ids[len(ids)-1]
	}
}
