package lawful

import (
	"context"
	"errors"
	"fmt"

	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/retention"
)

// Do runs fn only if g allows the request, and returns its result; when
// denied it returns the zero T and a *Denial without calling fn.
//
// If the request names no categories, Do derives them from T's `pii` struct
// tags (see pii.SchemaOf), so a repository method declares what it reads
// by its return type:
//
//	user, err := lawful.Do(ctx, g, lawful.Request{Purpose: "support", Operation: purpose.Use}, repo.User)
//
// When the decision carries the RecordDisclosure obligation (Share,
// Entrust, Transfer, Export) and the Guard has a retention Tracker, Do
// records the disclosure after fn succeeds, so deletion notices can reach
// the recipient later (GDPR art. 19; NDSMR art. 12). A failure to record
// is returned with fn's result: the data has left, and the caller must
// know its record is missing.
func Do[T any](ctx context.Context, g *Guard, r Request, fn func(context.Context) (T, error)) (T, error) {
	var zero T
	if r.Categories.IsEmpty() {
		cats, err := pii.CategoriesOf[T]()
		if err != nil {
			return zero, errors.Join(ErrInvalidRequest, err)
		}
		r.Categories = cats
	}
	d := g.Check(ctx, r)
	if err := d.Err(); err != nil {
		return zero, err
	}
	v, err := fn(ctx)
	if err != nil || g.ret == nil || d.Obligations&RecordDisclosure == 0 {
		return v, err
	}
	rq := d.Request
	rec := retention.Disclosure{Subject: rq.Subject, Purpose: rq.Purpose, Categories: rq.Categories, Operation: rq.Operation, Recipient: rq.Recipient, At: rq.At}
	if err := g.ret.RecordDisclosure(ctx, rec); err != nil {
		return v, fmt.Errorf("lawful: the processing ran but its disclosure was not recorded: %w", err)
	}
	return v, nil
}
