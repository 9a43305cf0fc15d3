package subject

import (
	"context"
	"fmt"
	"sync"
	"time"
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

// MemDirectory is a Directory held in memory: the reference
// implementation, and a fixture for tests and small services. It is safe
// for concurrent use. The zero value is an empty directory ready to use;
// NewMemDirectory fills one.
//
// It stores deep copies and hands out deep copies, so neither what was Put
// nor what Lookup returned can change it afterwards.
type MemDirectory struct {
	mu sync.RWMutex
	m  map[ID]Subject // made on first Put; values are never changed in place
}

var _ Directory = (*MemDirectory)(nil)

// NewMemDirectory returns a directory holding deep copies of subjects. It
// does not validate them (use Put for that), so fixtures can hold subjects
// that Validate would refuse at some instant; a later subject with the
// same ID replaces an earlier one. A subject with the zero ID is skipped:
// no directory ever finds one.
func NewMemDirectory(subjects ...Subject) *MemDirectory {
	d := &MemDirectory{m: make(map[ID]Subject, len(subjects))}
	for _, s := range subjects {
		if !s.ID.IsZero() {
			d.m[s.ID] = s.Clone()
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
	s = s.Clone()
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.m == nil {
		d.m = make(map[ID]Subject)
	}
	d.m[s.ID] = s
	return nil
}

// Lookup returns a deep copy of the subject with ID id. It returns an
// error wrapping ErrNotFound if there is none (always for the zero ID),
// and an error wrapping ctx.Err() if ctx is done; on error the Subject is
// zero.
func (d *MemDirectory) Lookup(ctx context.Context, id ID) (Subject, error) {
	if err := ctx.Err(); err != nil {
		return Subject{}, fmt.Errorf("subject: lookup %s: %w", id, err)
	}
	if !id.IsZero() {
		d.mu.RLock()
		s, ok := d.m[id]
		d.mu.RUnlock()
		if ok {
			// Stored subjects are never changed in place (Put replaces
			// them), so the copy can be made outside the lock.
			return s.Clone(), nil
		}
	}
	return Subject{}, notFound(id)
}

// notFound returns the error for a lookup of id that found nothing.
func notFound(id ID) error {
	return &problem{msg: "subject: lookup " + id.String() + ": not found", is: [2]error{ErrNotFound}}
}

// Delete removes the subject with ID id and reports whether there was one.
func (d *MemDirectory) Delete(id ID) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	_, ok := d.m[id]
	delete(d.m, id)
	return ok
}

// Len returns the number of subjects held.
func (d *MemDirectory) Len() int {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return len(d.m)
}
