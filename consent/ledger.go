package consent

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
	"weak"

	"github.com/lawfulgo/lawful/clock"
	"github.com/lawfulgo/lawful/internal/idmap"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

// Clock tells the time: package clock's Clock, the one clock interface of
// every lawful package. lawfultest provides one that tests move forward.
type Clock = clock.Clock

// SystemClock is the Clock of the system's wall time.
type SystemClock = clock.System

// Default tolerances for effective times, used when Config leaves them zero.
const (
	DefaultFutureTolerance   = 2 * time.Minute
	DefaultBackdateTolerance = 24 * time.Hour
)

// DefaultCacheSize is the number of subjects whose snapshots a Ledger
// keeps when Config.CacheSize is zero: about 60 MiB at a few consents per
// subject.
const DefaultCacheSize = 1 << 18

// DefaultNegativeCacheSize is the number of subjects without events whose
// empty snapshots a Ledger keeps when Config.NegativeCacheSize is zero.
const DefaultNegativeCacheSize = 1 << 14

// Config configures a Ledger. Registry, Directory and Clock are required,
// and so are Keys and Anchor with a durable Store; every other field has a
// documented default for its zero value.
type Config struct {
	// Registry resolves purposes, versions and recipients.
	Registry *purpose.Registry
	// Directory finds subjects and their guardian links.
	Directory subject.Directory
	// Store persists events; nil means a new MemStore.
	Store Store
	// Keys seal every event and anchored head (see the package
	// documentation's threat model). Required unless Store is a MemStore
	// (or nil), whose events die with the process: it is then sealed with
	// a random key that dies with it.
	Keys *Keys
	// Anchor keeps each subject's sealed head where the database's writers
	// cannot rewrite it, so that events cut from the end of a ledger are
	// detected. Required unless Store is a MemStore (or nil), for which a
	// MemAnchor is the default. NewMemAnchor is also a valid choice over a
	// durable store, detecting truncation only while the process lives.
	Anchor Anchor
	// Clock gives the time of appends and the default effective time.
	Clock Clock
	// Rand is the entropy for event IDs; nil means crypto/rand.Reader.
	Rand io.Reader
	// FutureTolerance is how far after the clock an effective time may lie
	// (clock skew between devices); zero means DefaultFutureTolerance.
	FutureTolerance time.Duration
	// BackdateTolerance is how far before the clock an effective time may
	// lie, e.g. for consent given offline and synced later; zero means
	// DefaultBackdateTolerance.
	BackdateTolerance time.Duration
	// Ages counts a guardian's age: a guardian must be an adult (band
	// subject.Adult) when recording consent for someone (Civil Code arts.
	// 17, 27). The zero value means subject.PIPLAges(): adult from the day
	// after the 18th birthday, in China Standard Time.
	Ages subject.AgePolicy
	// CacheSize bounds the number of subjects whose snapshots the Ledger
	// keeps in memory; past it, a random one is dropped for each new one
	// (it is loaded again when next asked for). Zero means
	// DefaultCacheSize. Subjects with no events are kept apart, at most
	// NegativeCacheSize of them, so asking about IDs that exist nowhere
	// neither grows memory nor evicts real ledgers.
	CacheSize int
	// NegativeCacheSize bounds the subjects with no events whose (empty)
	// snapshots are kept; zero means DefaultNegativeCacheSize. When the
	// Directory is a subject.Watcher, a subject it does not hold is never
	// kept.
	NegativeCacheSize int
}

// Ledger is the caller API of the consent ledger: it validates events,
// chains and seals them, appends them to the Store, advances the Anchor
// and keeps each subject's Snapshot. It is safe for concurrent use.
//
// Snapshots are cached for up to Config.CacheSize subjects and rebuilt on
// every append through the Ledger. Appends through another Ledger or
// process on the same store are detected when this Ledger next appends
// (the store refuses a stale expected sequence, and the append is retried
// on fresh state); to see them in reads sooner, call Invalidate, e.g. from
// a Follower.
type Ledger struct {
	reg    *purpose.Registry
	dir    subject.Directory
	store  Store
	keys   *Keys
	anchor Anchor
	clock  Clock
	rand   io.Reader
	future time.Duration
	back   time.Duration
	ages   subject.AgePolicy
	randMu sync.Mutex
	// snaps caches each subject's snapshot; reading it takes no lock.
	snaps idmap.Map[subject.ID, Snapshot]
	// empty caches the snapshots of subjects with no events, apart and
	// under a bound of their own, so a flood of unknown IDs can neither
	// grow memory nor evict the snapshots of real ledgers.
	empty idmap.Map[subject.ID, Snapshot]
	// gens counts invalidations per group of subjects; a load that began
	// before one does not cache its (possibly stale) result. Invalidate
	// changes one inside snaps.Update, so the check in Snapshot's Update
	// cannot interleave with it.
	gens [64]atomic.Uint64
	// writing serialises appends per group of subjects, so that appends
	// to one subject from many goroutines take turns instead of racing.
	writing [256]sync.Mutex
	// records is true when dir is a subject.Watcher: snapshots then keep
	// the subject's directory record.
	records bool
}

// NewLedger returns a Ledger for cfg. It fails with an error wrapping
// ErrNotConfigured if a required field is missing.
func NewLedger(cfg Config) (*Ledger, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	l := &Ledger{reg: cfg.Registry, dir: cfg.Directory, store: cfg.Store, keys: cfg.Keys, anchor: cfg.Anchor,
		clock: cfg.Clock, rand: cfg.Rand, future: cfg.FutureTolerance, back: cfg.BackdateTolerance}
	if l.store == nil {
		l.store = NewMemStore()
	}
	if mem, ok := l.store.(*MemStore); ok && (l.keys == nil || l.anchor == nil) {
		keys, anchor := mem.integrity()
		if l.keys == nil {
			l.keys = keys
		}
		if l.anchor == nil {
			l.anchor = anchor
		}
	}
	if l.rand == nil {
		l.rand = rand.Reader
	}
	if l.future == 0 {
		l.future = DefaultFutureTolerance
	}
	l.ages = cfg.Ages
	if l.ages == (subject.AgePolicy{}) {
		l.ages = subject.PIPLAges()
	}
	if l.back == 0 {
		l.back = DefaultBackdateTolerance
	}
	size := cfg.CacheSize
	if size == 0 {
		size = DefaultCacheSize
	}
	l.snaps.SetLimit(size)
	l.empty.SetLimit(cmp.Or(cfg.NegativeCacheSize, DefaultNegativeCacheSize))
	if w, ok := l.dir.(subject.Watcher); ok {
		// The directory outlives ledgers built on it (one per policy
		// reload, say): it holds the ledger weakly, and a ledger that is
		// collected stops watching.
		l.records = true
		wl := weak.Make(l)
		stop := w.Watch(func(id subject.ID) {
			if l := wl.Value(); l != nil {
				l.Invalidate(id)
			}
		})
		if stop != nil { // a Watcher of the service's may return none
			runtime.AddCleanup(l, func(stop func()) { stop() }, stop)
		}
	}
	return l, nil
}

// check reports every missing or inconsistent field of cfg.
func (cfg *Config) check() error {
	var missing []string
	if cfg.Registry == nil {
		missing = append(missing, "Registry")
	}
	if cfg.Directory == nil {
		missing = append(missing, "Directory")
	}
	if cfg.Clock == nil {
		missing = append(missing, "Clock (use clock.System{} in production)")
	}
	if _, mem := cfg.Store.(*MemStore); cfg.Store != nil && !mem {
		if cfg.Keys == nil {
			missing = append(missing, "Keys (a durable Store needs keys kept outside the database: see consent.NewKeys)")
		}
		if cfg.Anchor == nil {
			missing = append(missing, "Anchor (a durable Store needs its heads anchored outside the database: e.g. sqlstore's Anchors on another database, or consent.NewMemAnchor() to detect truncation only while the process lives)")
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%w: Config needs %v", ErrNotConfigured, missing)
	}
	if cfg.FutureTolerance < 0 || cfg.BackdateTolerance < 0 {
		return fmt.Errorf("%w: tolerances must not be negative", ErrNotConfigured)
	}
	if cfg.CacheSize < 0 || cfg.NegativeCacheSize < 0 {
		return fmt.Errorf("%w: CacheSize %d and NegativeCacheSize %d must not be negative; leave them zero for the defaults", ErrNotConfigured, cfg.CacheSize, cfg.NegativeCacheSize)
	}
	return nil
}

// Registry returns the Registry the Ledger resolves purposes with.
func (l *Ledger) Registry() *purpose.Registry { return l.reg }

// Directory returns the Ledger's Directory.
func (l *Ledger) Directory() subject.Directory { return l.dir }

// Store returns the Ledger's Store.
func (l *Ledger) Store() Store { return l.store }

func (l *Ledger) gen(id subject.ID) *atomic.Uint64 {
	return &l.gens[spread(id)%uint64(len(l.gens))]
}

// spread mixes every byte of id, so that IDs differing anywhere (not only
// in their random last bytes) fall in different groups.
func spread(id subject.ID) uint64 {
	hi, lo := binary.LittleEndian.Uint64(id[:8]), binary.LittleEndian.Uint64(id[8:])
	h := (hi ^ lo*0x9e3779b97f4a7c15) * 0xbf58476d1ce4e5b9
	return h ^ h>>31
}

// Snapshot returns the subject's consent snapshot, loading the ledger from
// the store and verifying it (chain, seals, anchored head) the first time.
// A cached snapshot is returned without locking against writers or
// allocating. A nil or done ctx yields an error (fail closed), as does a
// store or anchor error; a ledger that fails verification yields a
// *ChainError matching ErrTampered, every time it is asked for.
func (l *Ledger) Snapshot(ctx context.Context, id subject.ID) (*Snapshot, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, fmt.Errorf("consent: snapshot: %w", err)
	}
	if s := l.snaps.Load(id); s != nil {
		return s, nil
	}
	if s := l.empty.Load(id); s != nil {
		return s, nil
	}
	// Read before the store: an Invalidate from here on means this load
	// may predate the change it announced.
	gen := l.gen(id).Load()
	s, err := l.load(ctx, id)
	if err != nil {
		return nil, err
	}
	cache := &l.snaps
	if s.head.Seq == 0 {
		if s.rec.state == recordNotFound {
			return s, nil // the directory does not know them either
		}
		cache = &l.empty
	}
	cache.Update(id, func(cur *Snapshot) *Snapshot {
		switch {
		case cur != nil && cur.head.Seq >= s.head.Seq:
			s = cur
			return cur
		case l.gen(id).Load() != gen:
			// Invalidated while loading: the load may predate the change
			// the Invalidate announced. Answer from it, but do not cache it.
			return cur
		}
		return s
	})
	return s, nil
}

// load reads and verifies the subject's ledger and builds its snapshot.
func (l *Ledger) load(ctx context.Context, id subject.ID) (*Snapshot, error) {
	events, err := l.verifiedEvents(ctx, id)
	if err != nil {
		return nil, err
	}
	s := build(l.reg, events)
	if l.records {
		// Looked up after gen was read: a change to the record since
		// then invalidates, and this snapshot is not cached.
		switch rec, err := l.dir.Lookup(ctx, id); {
		case err == nil:
			s.rec = recordOf(rec)
		case errors.Is(err, subject.ErrNotFound):
			s.rec = record{state: recordNotFound}
		}
	}
	return s, nil
}

// verifiedEvents loads the subject's events and its anchored head, checks
// them (VerifySealed), and advances an anchor that lags behind sealed
// events (an append whose anchor write failed).
func (l *Ledger) verifiedEvents(ctx context.Context, id subject.ID) ([]Event, error) {
	// The anchor first: it advances only after the store has the events,
	// so the store read next holds at least what it names, even when an
	// append lands in between.
	head, anchored, err := l.anchor.Head(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("consent: reading the anchored head: %w", err)
	}
	events, err := l.store.Load(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("consent: loading ledger: %w", err)
	}
	for i := range events {
		if events[i].Subject != id {
			return nil, &ChainError{Index: i, Seq: events[i].Seq, Reason: "store returned an event of another subject"}
		}
	}
	if anchored && head.Subject != id {
		return nil, &ChainError{Index: -1, Seq: head.Seq, Reason: "the anchor returned another subject's head"}
	}
	if err := VerifySealed(events, l.keys, head, anchored); err != nil {
		return nil, err
	}
	if n := uint64(len(events)); n > 0 && (!anchored || head.Seq < n) {
		// The seals prove these events are the Ledger's own; a failure
		// here is retried on the next load.
		_ = l.anchor.Advance(ctx, l.keys.SealHead(id, HeadOf(events)))
	}
	return events, nil
}

// StateAt returns the subject's consent state at t: which purposes had
// consent in force, under which version, in which form, given by whom. A
// state at a time before a withdrawal still shows the consent, since
// withdrawal does not make earlier processing unlawful (PIPL art. 15 para
// 2). t must lie in the range of package clock.
func (l *Ledger) StateAt(ctx context.Context, id subject.ID, t time.Time) (State, error) {
	if err := clock.Check(t, "state time"); err != nil {
		return State{}, fmt.Errorf("consent: %w", err)
	}
	s, err := l.Snapshot(ctx, id)
	if err != nil {
		return State{}, err
	}
	return State{snap: s, at: t}, nil
}

// Events returns the subject's events from the store, in order, verified
// as Snapshot verifies them.
func (l *Ledger) Events(ctx context.Context, id subject.ID) ([]Event, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, fmt.Errorf("consent: events: %w", err)
	}
	return l.verifiedEvents(ctx, id)
}

// Verify loads the subject's events and checks them against the Keys and
// the Anchor (VerifySealed), and that the ledger still reaches the head of
// this Ledger's cached snapshot (so events removed from the end are
// caught even before the anchor is consulted).
func (l *Ledger) Verify(ctx context.Context, id subject.ID) error {
	events, err := l.Events(ctx, id)
	if err != nil {
		return err
	}
	if s := l.snaps.Load(id); s != nil && s.head.Seq > uint64(len(events)) {
		return &ChainError{Index: len(events) - 1, Seq: uint64(len(events)), Reason: fmt.Sprintf("the ledger ends at seq %d, but this Ledger saw seq %d (events removed from the end)", len(events), s.head.Seq)}
	}
	return nil
}

// Invalidate drops the cached snapshot of a subject, so the next read
// reloads it from the store.
func (l *Ledger) Invalidate(id subject.ID) {
	l.snaps.Update(id, func(*Snapshot) *Snapshot {
		l.gen(id).Add(1)
		return nil
	})
	l.empty.Delete(id)
}
