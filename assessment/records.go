package assessment

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/internal/ctxerr"
	"github.com/lawfulgo/lawful/internal/rule"
)

// Add validates a and stores it, returning it as stored (with its ID and
// Recorded set). It refuses, with an *InvalidError listing every problem
// and nothing written: an empty Processing, Necessity, Risks or Measures
// (PIPL art. 56), no purposes or invalid ones, no kinds, no conclusion,
// an Assessed time after the Book's clock, a ReviewBy not after Assessed,
// texts past the bounds, and a Supersedes naming an assessment that does
// not exist, is already superseded, or is not older.
func (b *Book) Add(ctx context.Context, a Assessment) (Assessment, error) {
	if err := ctxerr.Err(ctx); err != nil {
		return Assessment{}, fmt.Errorf("assessment: add: %w", err)
	}
	now, err := b.now()
	if err != nil {
		return Assessment{}, err
	}
	a = a.Clone()
	if a.ID == uuid.Nil {
		if a.ID, err = uuid.NewV7FromReader(b.rand); err != nil {
			return Assessment{}, fmt.Errorf("assessment: add: new ID: %w", err)
		}
	}
	a.Recorded = now
	b.mu.Lock()
	defer b.mu.Unlock()
	ps := a.problems(now)
	if a.Supersedes != uuid.Nil {
		p, err := b.supersession(ctx, &a)
		if err != nil {
			return Assessment{}, err
		}
		ps = append(ps, p...)
	}
	if len(ps) > 0 {
		return Assessment{}, &InvalidError{Problems: ps}
	}
	if err := b.store.Put(ctx, a); err != nil {
		return Assessment{}, fmt.Errorf("assessment: storing %v: %w", a.ID, err)
	}
	if _, err := b.reload(ctx); err != nil {
		b.idx.Store(nil) // the next Covers reloads
		return a.Clone(), fmt.Errorf("assessment: %v stored, but the index could not be reloaded: %w", a.ID, err)
	}
	return a.Clone(), nil
}

// supersession returns the problems with a.Supersedes; b.mu is held.
func (b *Book) supersession(ctx context.Context, a *Assessment) ([]error, error) {
	old, found, err := b.store.Get(ctx, a.Supersedes)
	if err != nil {
		return nil, fmt.Errorf("assessment: loading the superseded %v: %w", a.Supersedes, err)
	}
	if !found {
		return []error{rule.New(ErrInvalid, fmt.Sprintf("Supersedes names %v, which is not stored", a.Supersedes))}, nil
	}
	idx, err := b.reload(ctx)
	if err != nil {
		return nil, err
	}
	var out []error
	if next, ok := idx.supersedes[old.ID]; ok {
		out = append(out, rule.New(ErrInvalid, fmt.Sprintf("%v is already superseded by %v; supersede that one", old.ID, next)))
	}
	if !a.Assessed.After(old.Assessed) {
		out = append(out, rule.New(ErrInvalid, fmt.Sprintf("Assessed %s is not after the superseded assessment's (%s)", a.Assessed.UTC().Format(time.RFC3339), old.Assessed.UTC().Format(time.RFC3339))))
	}
	return out, nil
}

// Get returns the assessment with the ID, or an error matching
// ErrNotFound.
func (b *Book) Get(ctx context.Context, id uuid.UUID) (Assessment, error) {
	if err := ctxerr.Err(ctx); err != nil {
		return Assessment{}, fmt.Errorf("assessment: get: %w", err)
	}
	a, found, err := b.store.Get(ctx, id)
	switch {
	case err != nil:
		return Assessment{}, fmt.Errorf("assessment: get %v: %w", id, err)
	case !found:
		return Assessment{}, rule.New(ErrNotFound, fmt.Sprintf("assessment: no assessment %v", id))
	}
	return a, nil
}

// Walk calls fn with every stored assessment in ID order (the order they
// were made in, to the millisecond), until fn returns an error, which Walk
// returns: the records a regulator may ask to see (PIPL art. 56).
func (b *Book) Walk(ctx context.Context, fn func(Assessment) error) error {
	if err := ctxerr.Err(ctx); err != nil {
		return fmt.Errorf("assessment: walk: %w", err)
	}
	return b.each(ctx, fn)
}

// RetainUntil returns the first instant at which a may be deleted as far
// as its age goes: the start of the day after the date Keep years after
// Assessed, in the Book's zone (a period of years ends on the
// corresponding date, Civil Code art. 202, and the record is kept through
// it). A current assessment is kept longer: see Delete.
func (b *Book) RetainUntil(a Assessment) time.Time {
	d := a.Assessed.In(b.zone)
	y, m, day := d.Date()
	end := time.Date(y+b.keep, m, day, 0, 0, 0, 0, b.zone)
	if end.Day() != day { // 29 February into a common year: the month's last day
		end = time.Date(y+b.keep, m+1, 0, 0, 0, 0, 0, b.zone)
	}
	return end.AddDate(0, 0, 1)
}

// current reports whether a still covers anything at now: it concluded
// Proceed, is not past ReviewBy and is not superseded.
func current(a *Assessment, idx *index, now time.Time) bool {
	if a.Conclusion != Proceed || !a.ReviewBy.IsZero() && !now.Before(a.ReviewBy) {
		return false
	}
	next, ok := idx.supersedes[a.ID]
	return !ok || now.Before(idx.assessed[next])
}

// Delete deletes the assessment with the ID at now, or refuses with an
// error matching ErrRetained while it is current or before RetainUntil
// (PIPL art. 56 para 2). now must not be after the Book's clock.
func (b *Book) Delete(ctx context.Context, id uuid.UUID, now time.Time) error {
	if err := ctxerr.Err(ctx); err != nil {
		return fmt.Errorf("assessment: delete: %w", err)
	}
	if clockNow, err := b.now(); err != nil || now.After(clockNow) {
		return rule.New(ErrNotConfigured, "assessment: delete: now is after the Book's clock, or the clock is out of range")
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	a, found, err := b.store.Get(ctx, id)
	switch {
	case err != nil:
		return fmt.Errorf("assessment: delete %v: %w", id, err)
	case !found:
		return rule.New(ErrNotFound, fmt.Sprintf("assessment: no assessment %v", id))
	}
	idx, err := b.reload(ctx)
	if err != nil {
		return err
	}
	if err := b.retained(&a, idx, now); err != nil {
		return err
	}
	if err := b.store.Delete(ctx, id); err != nil {
		return fmt.Errorf("assessment: delete %v: %w", id, err)
	}
	_, err = b.reload(ctx)
	return err
}

func (b *Book) retained(a *Assessment, idx *index, now time.Time) error {
	if current(a, idx, now) {
		return rule.New(ErrRetained, fmt.Sprintf("assessment: %v is current; supersede it or let it lapse before deleting it", a.ID))
	}
	if until := b.RetainUntil(*a); now.Before(until) {
		return rule.New(ErrRetained, fmt.Sprintf("assessment: %v is kept until %s (PIPL art. 56 para 2: at least %d years)", a.ID, until.Format(time.RFC3339), b.keep))
	}
	return nil
}

// Purge deletes, at now, every assessment Delete would delete, and returns
// their IDs. now must not be after the Book's clock.
func (b *Book) Purge(ctx context.Context, now time.Time) ([]uuid.UUID, error) {
	if err := ctxerr.Err(ctx); err != nil {
		return nil, fmt.Errorf("assessment: purge: %w", err)
	}
	if clockNow, err := b.now(); err != nil || now.After(clockNow) {
		return nil, rule.New(ErrNotConfigured, "assessment: purge: now is after the Book's clock, or the clock is out of range")
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	idx, err := b.reload(ctx)
	if err != nil {
		return nil, err
	}
	var gone []uuid.UUID
	err = b.each(ctx, func(a Assessment) error {
		if b.retained(&a, idx, now) == nil {
			gone = append(gone, a.ID)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for i, id := range gone {
		if err := b.store.Delete(ctx, id); err != nil {
			_, _ = b.reload(ctx)
			return gone[:i], fmt.Errorf("assessment: purge %v: %w", id, err)
		}
	}
	_, err = b.reload(ctx)
	return gone, err
}
