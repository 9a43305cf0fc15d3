package rights

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/subject"
)

// Get returns the request with the ID, or an error matching ErrNotFound.
func (d *Desk) Get(ctx context.Context, id uuid.UUID) (Request, error) {
	if _, err := d.now(); err != nil {
		return Request{}, err
	}
	return d.store.Get(ctx, id)
}

// Requests returns a subject's requests in the order received.
func (d *Desk) Requests(ctx context.Context, s subject.ID) ([]Request, error) {
	if _, err := d.now(); err != nil {
		return nil, err
	}
	return d.store.BySubject(ctx, s)
}

// Overdue returns the open requests whose deadline has passed at at (at
// or after Due), earliest deadline first: the dashboard's red list.
// Requests whose clock has not started (awaiting verification under a
// FromVerification term) have no deadline and are not listed; Awaiting
// lists them.
func (d *Desk) Overdue(ctx context.Context, at time.Time) ([]Request, error) {
	return d.open(ctx, func(r *Request) bool { return r.OverdueAt(at) })
}

// DueBefore returns the open requests whose deadline is at or before t,
// overdue ones included, earliest deadline first.
func (d *Desk) DueBefore(ctx context.Context, t time.Time) ([]Request, error) {
	return d.open(ctx, func(r *Request) bool { return !r.Due.IsZero() && !r.Due.After(t) })
}

// Awaiting returns the open requests that have no deadline yet because
// their clock starts at verification, oldest first: identity checks
// that are still pending.
func (d *Desk) Awaiting(ctx context.Context) ([]Request, error) {
	rs, err := d.open(ctx, func(r *Request) bool { return r.Due.IsZero() })
	sortRequests(rs, func(r *Request) time.Time { return r.Received })
	return rs, err
}

func (d *Desk) open(ctx context.Context, keep func(*Request) bool) ([]Request, error) {
	if _, err := d.now(); err != nil {
		return nil, err
	}
	all, err := d.store.Open(ctx)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for i := range all {
		if all[i].Open() && keep(&all[i]) {
			out = append(out, all[i])
		}
	}
	sortRequests(out, func(r *Request) time.Time { return r.Due })
	return out, nil
}
