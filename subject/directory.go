package subject

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/lawfulgo/lawful/internal/ctxerr"
	"github.com/lawfulgo/lawful/internal/idmap"
	"github.com/lawfulgo/lawful/internal/pack"
)

// Directory finds subjects by ID. The Guard looks up the subject of every
// request through one; services implement it over their user store.
//
// The contract, which subjecttest.TestDirectory checks:
//
//   - Implementations are safe for concurrent use.
//   - Lookup of a known ID returns that subject and a nil error.
//   - Lookup of an ID the directory does not hold, and of the zero ID,
//     returns an error wrapping ErrNotFound.
//   - If ctx is done, Lookup returns an error wrapping ctx.Err()
//     (context.Canceled or context.DeadlineExceeded), whether or not the
//     ID is known.
//   - On any error the returned Subject is the zero Subject.
//   - The returned Subject belongs to the caller: changing it, including
//     its Links, changes nothing the directory returns later.
//
// Any other error (a database that is down) is the implementation's own;
// the Guard treats every error as a denial, never as an allow.
type Directory interface {
	Lookup(ctx context.Context, id ID) (Subject, error)
}

// Watcher is implemented by a Directory that announces changes. A cache of
// directory records can then stay coherent: the consent Ledger keeps each
// subject's record beside its consent snapshot only when its Directory is
// a Watcher, and drops both when the record changes, so the Guard answers
// from one lookup instead of two.
type Watcher interface {
	// Watch arranges for f to be called with the ID of every subject whose
	// record is stored, replaced or removed, after Lookup returns the new
	// state. f must be quick and must not call the directory. Calling stop
	// ends the calls; it may be called more than once.
	Watch(f func(ID)) (stop func())
}

// MemDirectory is a Directory held in memory: the reference
// implementation, and a fixture for tests and small services. It is safe
// for concurrent use. The zero value is an empty directory ready to use;
// NewMemDirectory fills one.
//
// It stores deep copies and hands out deep copies, so neither what was Put
// nor what Lookup returned can change it afterwards.
//
// Lookup takes no lock and allocates nothing for a subject without Links,
// so Guards on many cores read it without contending.
//
// It is a Watcher: functions registered with Watch hear of every Put and
// Delete.
type MemDirectory struct {
	m idmap.Map[ID, entry] // values are never changed in place

	mu       sync.Mutex
	watchers map[*func(ID)]struct{}
}

var (
	_ Directory = (*MemDirectory)(nil)
	_ Watcher   = (*MemDirectory)(nil)
)

// Watch registers f to hear the ID of every subject Put or Deleted (after
// the change is visible to Lookup), until stop is called. A nil f is not
// registered.
func (d *MemDirectory) Watch(f func(ID)) (stop func()) {
	if f == nil {
		return func() {}
	}
	key := &f
	d.mu.Lock()
	if d.watchers == nil {
		d.watchers = map[*func(ID)]struct{}{}
	}
	d.watchers[key] = struct{}{}
	d.mu.Unlock()
	return func() {
		d.mu.Lock()
		delete(d.watchers, key)
		d.mu.Unlock()
	}
}

// entry is a subject as a MemDirectory keeps it: 16 bytes for the usual
// subject, with no Links, a birth year in 1–9999 and a Jurisdiction of ""
// or two letters; any other subject is kept whole in full.
type entry struct {
	full   *Subject
	packed pack.Record
}

func entryOf(s Subject) *entry {
	p, ok := pack.NewRecord(s.Birth.Year, int(s.Birth.Month), s.Birth.Day, s.Jurisdiction, uint8(s.Status))
	if !ok || len(s.Links) > 0 || len(s.History) > 0 {
		s = s.Clone()
		return &entry{full: &s}
	}
	return &entry{packed: p}
}

// subject returns a deep copy of the subject kept as e.
func (e *entry) subject(id ID) Subject {
	if e.full != nil {
		return e.full.Clone()
	}
	y, m, d := e.packed.Birth()
	return Subject{ID: id, Birth: Date{Year: y, Month: time.Month(m), Day: d}, Jurisdiction: e.packed.Jurisdiction(), Status: Status(e.packed.Status())}
}

// changed tells the watchers that id's record changed.
func (d *MemDirectory) changed(id ID) {
	d.mu.Lock()
	fs := make([]func(ID), 0, len(d.watchers))
	for f := range d.watchers {
		fs = append(fs, *f)
	}
	d.mu.Unlock()
	for _, f := range fs {
		f(id)
	}
}

// NewMemDirectory returns a directory holding deep copies of subjects. It
// does not validate them (use Put for that), so fixtures can hold subjects
// that Validate would refuse at some instant; a later subject with the
// same ID replaces an earlier one. A subject with the zero ID is skipped:
// no directory ever finds one.
func NewMemDirectory(subjects ...Subject) *MemDirectory {
	d := &MemDirectory{}
	for _, s := range subjects {
		if !s.ID.IsZero() {
			d.m.Store(s.ID, entryOf(s))
		}
	}
	return d
}

// Put validates s at the instant now (Subject.Validate) and, if it is
// valid, stores a deep copy, replacing any subject with the same ID. An
// invalid subject is an error wrapping ErrInvalidSubject, and nothing is
// stored.
func (d *MemDirectory) Put(s Subject, now time.Time) error {
	if err := s.Validate(now); err != nil {
		return err
	}
	d.m.Store(s.ID, entryOf(s))
	d.changed(s.ID)
	return nil
}

// Lookup returns a deep copy of the subject with ID id. It returns an
// error wrapping ErrNotFound if there is none (always for the zero ID),
// and an error wrapping ctx.Err() if ctx is done; on error the Subject is
// zero.
func (d *MemDirectory) Lookup(ctx context.Context, id ID) (Subject, error) {
	if err := ctxerr.Err(ctx); err != nil {
		return Subject{}, fmt.Errorf("subject: lookup: %w", err)
	}
	if e := d.m.Load(id); e != nil {
		// Entries are never changed in place (Put replaces them).
		return e.subject(id), nil
	}
	return Subject{}, notFound(id)
}

// notFound returns the error for a lookup of id that found nothing.
// errNotFound is the error of a lookup that finds nothing. Like every
// error of the library, it does not name the subject: errors reach logs.
var errNotFound = &problem{msg: "subject: lookup: not found", is: [2]error{ErrNotFound}}

func notFound(ID) error { return errNotFound }

// Delete removes the subject with ID id and reports whether there was one.
func (d *MemDirectory) Delete(id ID) bool {
	ok := false
	d.m.Update(id, func(old *entry) *entry { ok = old != nil; return nil })
	if ok {
		d.changed(id)
	}
	return ok
}

// Len returns the number of subjects held.
func (d *MemDirectory) Len() int {
	return d.m.Len()
}
