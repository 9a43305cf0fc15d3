package transfer

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/lawfulgo/lawful/internal/ctxerr"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

// Export records one provision of a subject's PI abroad.
type Export struct {
	Law        pii.Law
	Subject    subject.ID
	Purpose    purpose.ID
	Recipient  string
	Country    string
	Categories pii.Set
	// General and Sensitive say whether the export held non-sensitive or
	// sensitive PI under the PIPL (all the PI of a child under 14 is
	// sensitive, art. 28).
	General, Sensitive bool
	Mechanism          purpose.Mechanism
	// Counted marks an export that counts towards the year's thresholds:
	// a PIPL export not made under an exemption of art. 5(1)–(3) of the
	// Cross-border Data Flow Provisions (unless Config.CountExempt).
	Counted bool
	// Ref is the instrument relied on, if any.
	Ref string
	At  time.Time
	// Year is the calendar year of At in the Desk's zone, the period the
	// Provisions count in ("since 1 January of the year").
	Year int
}

// Volume counts the distinct people whose PI was exported under the PIPL
// and counted, in a year.
type Volume struct {
	// General is the people whose non-sensitive PI was exported.
	General int64
	// Sensitive is the people whose sensitive PI was exported.
	Sensitive int64
	// SubjectGeneral and SubjectSensitive report whether the subject asked
	// about is among them.
	SubjectGeneral, SubjectSensitive bool
}

// Line is one row of a Summary: exports to one recipient in one country
// under one regime and mechanism.
type Line struct {
	Law       pii.Law
	Recipient string
	Country   string
	Mechanism purpose.Mechanism
	Exports   int64 // export records
	People    int64 // distinct subjects
}

// Store persists export records and counts them. It is the plug-in
// interface for backends; services use a Desk. A SQL store needs a
// table of exports indexed by at (Summary is a GROUP BY) and a table of
// the people counted, keyed by (year, kind, subject) and filled on Add
// with INSERT ... ON CONFLICT DO NOTHING, so that Count is two index
// counts and two key lookups.
//
// Implementations must be safe for concurrent use, and must pass
// transfertest.TestStore. The contract:
//
//   - Add stores a copy of e. Times round-trip to the nanosecond.
//   - Count counts, among the PIPL exports with Counted set and the given
//     Year, the distinct subjects with General set and those with
//     Sensitive set, and reports whether s is among each.
//   - Summary groups the exports whose At lies in [from, to), of both
//     regimes, by (Law, Recipient, Country, Mechanism), counting records
//     and distinct subjects, sorted by those keys.
//   - Each returns ctx.Err() (wrapped) when ctx is done before it acts.
type Store interface {
	Add(ctx context.Context, e Export) error
	Count(ctx context.Context, year int, s subject.ID) (Volume, error)
	Summary(ctx context.Context, from, to time.Time) ([]Line, error)
}

// MemStore is the in-memory Store, the reference implementation. Count
// takes constant time; Summary, time linear in the exports recorded. The
// zero value is ready to use and safe for concurrent use.
type MemStore struct {
	mu      sync.RWMutex
	exports []Export
	years   map[int]*people
}

// people are the subjects counted in one year.
type people struct{ general, sensitive map[subject.ID]struct{} }

var _ Store = (*MemStore)(nil)

// NewMemStore returns an empty MemStore.
func NewMemStore() *MemStore { return &MemStore{} }

// Add implements Store.
func (m *MemStore) Add(ctx context.Context, e Export) error {
	if err := ctxerr.Err(ctx); err != nil {
		return fmt.Errorf("transfer: add: %w", err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.exports = append(m.exports, e)
	if e.Law != pii.PIPL || !e.Counted {
		return nil
	}
	if m.years == nil {
		m.years = map[int]*people{}
	}
	y := m.years[e.Year]
	if y == nil {
		y = &people{general: map[subject.ID]struct{}{}, sensitive: map[subject.ID]struct{}{}}
		m.years[e.Year] = y
	}
	if e.General {
		y.general[e.Subject] = struct{}{}
	}
	if e.Sensitive {
		y.sensitive[e.Subject] = struct{}{}
	}
	return nil
}

// Count implements Store.
func (m *MemStore) Count(ctx context.Context, year int, s subject.ID) (Volume, error) {
	if err := ctxerr.Err(ctx); err != nil {
		return Volume{}, fmt.Errorf("transfer: count: %w", err)
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	y := m.years[year]
	if y == nil {
		return Volume{}, nil
	}
	_, sg := y.general[s]
	_, ss := y.sensitive[s]
	return Volume{General: int64(len(y.general)), Sensitive: int64(len(y.sensitive)), SubjectGeneral: sg, SubjectSensitive: ss}, nil
}

type lineKey struct {
	law                purpose.Mechanism
	regime             pii.Law
	recipient, country string
}

// Summary implements Store.
func (m *MemStore) Summary(ctx context.Context, from, to time.Time) ([]Line, error) {
	if err := ctxerr.Err(ctx); err != nil {
		return nil, fmt.Errorf("transfer: summary: %w", err)
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	lines := map[lineKey]*Line{}
	people := map[lineKey]map[subject.ID]struct{}{}
	for i := range m.exports {
		e := &m.exports[i]
		if e.At.Before(from) || !e.At.Before(to) {
			continue
		}
		k := lineKey{e.Mechanism, e.Law, e.Recipient, e.Country}
		if lines[k] == nil {
			lines[k] = &Line{Law: e.Law, Recipient: e.Recipient, Country: e.Country, Mechanism: e.Mechanism}
			people[k] = map[subject.ID]struct{}{}
		}
		lines[k].Exports++
		people[k][e.Subject] = struct{}{}
	}
	out := make([]Line, 0, len(lines))
	for k, l := range lines {
		l.People = int64(len(people[k]))
		out = append(out, *l)
	}
	slices.SortFunc(out, compareLines)
	return out, nil
}

func compareLines(a, b Line) int {
	return cmp.Or(cmp.Compare(a.Law, b.Law), cmp.Compare(a.Recipient, b.Recipient), cmp.Compare(a.Country, b.Country), cmp.Compare(a.Mechanism, b.Mechanism))
}
