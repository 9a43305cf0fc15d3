package consent

import (
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/clock"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
)

// limitKind says what a limit is: a restriction of categories or an
// objection to a purpose.
type limitKind uint8

const (
	restriction limitKind = iota + 1
	objection
)

// limit is a restriction of categories (across every purpose) or an
// objection to one purpose, in force over [start, end).
type limit struct {
	start, end int64
	cats       pii.Set // restriction
	purpose    uint16  // objection: dense registry index
	kind       limitKind
}

// Restricted returns the categories of cats whose processing the person
// had restricted at t (PIPL art. 44; GDPR art. 18), across every purpose;
// the empty set if none. It does not allocate.
func (s *Snapshot) Restricted(cats pii.Set, t time.Time) pii.Set {
	var out pii.Set
	if s == nil || !clock.InRange(t) {
		return out
	}
	at := t.UnixNano()
	for i := range s.limits {
		l := &s.limits[i]
		if l.kind == restriction && l.start <= at && at < l.end {
			out = out.Union(l.cats.Intersect(cats))
		}
	}
	return out
}

// Objected reports whether the person objected to processing for p at t
// (PIPL arts. 24 para 2, 44; GDPR art. 21). It does not allocate.
func (s *Snapshot) Objected(p purpose.Compiled, t time.Time) bool {
	if s == nil || !p.Valid() || p.Registry() != s.reg || !clock.InRange(t) {
		return false
	}
	at, pi := t.UnixNano(), uint16(p.Index())
	for i := range s.limits {
		l := &s.limits[i]
		if l.kind == objection && l.purpose == pi && l.start <= at && at < l.end {
			return true
		}
	}
	return false
}

// applyLimit returns ls with a Restrict, Object or Lift event applied.
func applyLimit(reg *purpose.Registry, ls []limit, e *Event) []limit {
	eff := clock.Nanos(e.Effective)
	switch e.Kind {
	case Restrict:
		return append(ls, limit{start: eff, end: forever, cats: e.Categories, kind: restriction})
	case Object:
		for _, ref := range e.Purposes {
			if p, ok := reg.Lookup(ref.ID); ok {
				ls = append(ls, limit{start: eff, end: forever, purpose: uint16(p.Index()), kind: objection})
			}
		}
		return ls
	}
	// Lift: a restriction loses the lifted categories from eff on (what
	// stays restricted continues in a new limit); an objection to a
	// lifted purpose ends.
	var lifted []uint16
	for _, ref := range e.Purposes {
		if p, ok := reg.Lookup(ref.ID); ok {
			lifted = append(lifted, uint16(p.Index()))
		}
	}
	n := len(ls)
	for i := range n {
		l := &ls[i]
		if eff < l.start || eff >= l.end {
			continue // the time-order rule leaves no limit pending at eff
		}
		switch {
		case l.kind == restriction && l.cats.Overlaps(e.Categories):
			if rest := l.cats.Minus(e.Categories); !rest.IsEmpty() {
				ls = append(ls, limit{start: eff, end: l.end, cats: rest, kind: restriction})
				l = &ls[i] // append may have moved the slice
			}
			l.end = max(eff, l.start)
		case l.kind == objection && slices.Contains(lifted, l.purpose):
			l.end = max(eff, l.start)
		}
	}
	return ls
}

// liftable reports whether a Lift at t ends anything: a restriction of
// one of cats, or an objection to one of purposes, in force at t.
func (s *Snapshot) liftable(cats pii.Set, purposes []uint16, t int64) bool {
	for i := range s.limits {
		l := &s.limits[i]
		if t < l.start || t >= l.end {
			continue
		}
		if l.kind == restriction && l.cats.Overlaps(cats) || l.kind == objection && slices.Contains(purposes, l.purpose) {
			return true
		}
	}
	return false
}

// lastLimit returns the latest instant a limit changed: the basis of the
// time-order rule for Restrict, Object and Lift.
func (s *Snapshot) lastLimit() int64 {
	last := int64(minInstant)
	for i := range s.limits {
		last = max(last, s.limits[i].start)
		if s.limits[i].end != forever {
			last = max(last, s.limits[i].end)
		}
	}
	return last
}

// grantPurposes returns the dense indexes of the purposes whose consent
// the grant event id recorded, and whether the snapshot holds it.
func (s *Snapshot) grantPurposes(id uuid.UUID) ([]uint16, bool) {
	var out []uint16
	for i := range s.windows {
		if w := &s.windows[i]; w.event == id && !slices.Contains(out, w.purpose) {
			out = append(out, w.purpose)
		}
	}
	return out, len(out) > 0
}

// hasGrant reports whether the consent recorded by grant id to purpose pi
// is in force or pending at t: something a withdrawal at t would end.
func (s *Snapshot) hasGrant(id uuid.UUID, pi uint16, t int64) bool {
	for i := range s.windows {
		w := &s.windows[i]
		if w.event == id && w.purpose == pi && t < w.end && w.start < w.end {
			return true
		}
	}
	return false
}
