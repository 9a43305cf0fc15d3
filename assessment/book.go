package assessment

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/clock"
	"github.com/lawfulgo/lawful/internal/ctxerr"
	"github.com/lawfulgo/lawful/internal/rule"
	"github.com/lawfulgo/lawful/purpose"
)

// Checker answers whether a current impact assessment covers processing
// of kinds k for purpose p at at. It is what the Guard consults before
// processing that PIPL art. 55 makes conditional on an assessment.
// Implementations must be safe for concurrent use. A caller must treat an
// error as "not covered" (fail closed); Book returns false with every
// error.
type Checker interface {
	Covers(ctx context.Context, p purpose.ID, k Kind, at time.Time) (bool, error)
}

// CheckerFunc adapts a function to Checker.
type CheckerFunc func(ctx context.Context, p purpose.ID, k Kind, at time.Time) (bool, error)

// Covers calls f.
func (f CheckerFunc) Covers(ctx context.Context, p purpose.ID, k Kind, at time.Time) (bool, error) {
	return f(ctx, p, k, at)
}

// DefaultKeep is how many years an assessment is kept after it was made
// (PIPL art. 56 para 2: at least three years).
const DefaultKeep = 3

// Config configures a Book. Store is required; every other field has a
// documented default when zero.
type Config struct {
	// Store persists the assessments. Required.
	Store Store
	// Clock bounds Assessed and stamps Recorded; nil means clock.System.
	Clock clock.Clock
	// Keep is how many years a record is kept after Assessed before Purge
	// may delete it; 0 means DefaultKeep (3, PIPL art. 56 para 2). Values
	// below 3 are refused.
	Keep int
	// Zone is the civil calendar retention counts on; nil means China
	// Standard Time (UTC+8).
	Zone *time.Location
	// MaxAge, if positive, is how old the Book's index may be before
	// Covers reloads it from the Store, so that assessments added by other
	// instances are seen within MaxAge. Zero means the index changes only
	// with this Book's writes and Refresh.
	MaxAge time.Duration
	// Rand is the entropy of new IDs (UUIDv7); nil means crypto/rand.
	Rand io.Reader
}

// Book is the register of impact assessments: it validates and stores
// them, answers Covers from an index held in memory (lock-free, no
// allocation), and deletes them only once PIPL art. 56 no longer asks
// for them. Make one with New; it is safe for concurrent use.
type Book struct {
	store  Store
	clock  clock.Clock
	keep   int
	zone   *time.Location
	maxAge time.Duration
	rand   io.Reader

	mu  sync.Mutex // serialises writes and index loads
	idx atomic.Pointer[index]
}

// New returns a Book for cfg, or an error matching ErrNotConfigured.
func New(cfg Config) (*Book, error) {
	if cfg.Store == nil {
		return nil, rule.New(ErrNotConfigured, "assessment: Config.Store is nil; pass a Store such as NewMemStore()")
	}
	b := &Book{store: cfg.Store, clock: cfg.Clock, keep: cfg.Keep, zone: cfg.Zone, maxAge: cfg.MaxAge, rand: cfg.Rand}
	switch {
	case b.keep == 0:
		b.keep = DefaultKeep
	case b.keep < DefaultKeep || b.keep > 100:
		return nil, rule.New(ErrNotConfigured, fmt.Sprintf("assessment: Config.Keep is %d years; PIPL art. 56 keeps assessments at least 3 (at most 100 here)", cfg.Keep))
	}
	if b.clock == nil {
		b.clock = clock.System{}
	}
	if b.zone == nil {
		b.zone = time.FixedZone("CST", 8*3600)
	}
	if b.rand == nil {
		b.rand = rand.Reader
	}
	return b, nil
}

// span is the window in which one Proceed assessment covers its kinds.
type span struct {
	kinds       Kind
	from, until int64 // Unix nanoseconds, [from, until)
}

// index answers Covers: the spans of each purpose, and who supersedes
// whom.
type index struct {
	loaded     time.Time
	byPurpose  map[purpose.ID][]span
	supersedes map[uuid.UUID]uuid.UUID // old ID -> the ID superseding it
	assessed   map[uuid.UUID]time.Time
}

func (b *Book) now() (time.Time, error) {
	now := b.clock.Now()
	if !clock.InRange(now) {
		return time.Time{}, rule.New(ErrNotConfigured, "assessment: the Book's clock reads "+now.UTC().Format(time.RFC3339)+", outside the range of package clock")
	}
	return now, nil
}

// Covers reports whether the current assessments together cover every
// kind of k for purpose p at at: each kind is covered by an assessment
// that concluded Proceed, names p, and at lies in [Assessed, ReviewBy)
// and before any assessment superseding it. An empty k needs nothing and
// is covered. It reads the Book's index without locking or allocating,
// loading it from the Store on first use or when older than MaxAge; it
// returns false with any error (fail closed).
func (b *Book) Covers(ctx context.Context, p purpose.ID, k Kind, at time.Time) (bool, error) {
	if err := ctxerr.Err(ctx); err != nil {
		return false, fmt.Errorf("assessment: covers: %w", err)
	}
	if k == 0 {
		return true, nil
	}
	idx, err := b.index(ctx)
	if err != nil {
		return false, err
	}
	n := clock.Nanos(at)
	var have Kind
	for _, s := range idx.byPurpose[p] {
		if s.from <= n && n < s.until {
			have |= s.kinds
		}
	}
	return have.Has(k), nil
}

// index returns the current index, loading it when there is none or it is
// older than MaxAge.
func (b *Book) index(ctx context.Context) (*index, error) {
	idx := b.idx.Load()
	if idx != nil && (b.maxAge <= 0 || b.clock.Now().Sub(idx.loaded) <= b.maxAge) {
		return idx, nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if cur := b.idx.Load(); cur != idx {
		return cur, nil // another caller reloaded it meanwhile
	}
	return b.reload(ctx)
}

// Refresh reloads the index from the Store, so that assessments other
// instances added are seen.
func (b *Book) Refresh(ctx context.Context) error {
	if err := ctxerr.Err(ctx); err != nil {
		return fmt.Errorf("assessment: refresh: %w", err)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	_, err := b.reload(ctx)
	return err
}

// reload builds the index from every stored assessment; b.mu is held.
func (b *Book) reload(ctx context.Context) (*index, error) {
	var all []Assessment
	if err := b.each(ctx, func(a Assessment) error { all = append(all, a); return nil }); err != nil {
		return nil, err
	}
	idx := build(all)
	idx.loaded = b.clock.Now()
	b.idx.Store(idx)
	return idx, nil
}

// build indexes the assessments.
func build(all []Assessment) *index {
	idx := &index{byPurpose: map[purpose.ID][]span{}, supersedes: map[uuid.UUID]uuid.UUID{}, assessed: map[uuid.UUID]time.Time{}}
	for i := range all {
		idx.assessed[all[i].ID] = all[i].Assessed
		if all[i].Supersedes != uuid.Nil {
			idx.supersedes[all[i].Supersedes] = all[i].ID
		}
	}
	for i := range all {
		a := &all[i]
		if a.Conclusion != Proceed {
			continue
		}
		until := int64(math.MaxInt64)
		if !a.ReviewBy.IsZero() {
			until = clock.Nanos(a.ReviewBy)
		}
		if next, ok := idx.supersedes[a.ID]; ok {
			until = min(until, clock.Nanos(idx.assessed[next]))
		}
		for _, p := range a.Purposes {
			idx.byPurpose[p] = append(idx.byPurpose[p], span{kinds: a.Kinds, from: clock.Nanos(a.Assessed), until: until})
		}
	}
	return idx
}

// each calls fn with every stored assessment, in ID order.
func (b *Book) each(ctx context.Context, fn func(Assessment) error) error {
	var after uuid.UUID
	for {
		page, err := b.store.List(ctx, after, MaxList)
		if err != nil {
			return fmt.Errorf("assessment: listing assessments: %w", err)
		}
		for _, a := range page {
			if err := fn(a); err != nil {
				return err
			}
		}
		if len(page) < MaxList {
			return nil
		}
		after = page[len(page)-1].ID
	}
}
