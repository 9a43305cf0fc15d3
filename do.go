package lawful

import (
	"context"
	"errors"

	"github.com/lawfulgo/lawful/pii"
)

// Do runs fn only if g allows the request, and returns its result; when
// denied it returns the zero T and a *Denial without calling fn.
//
// If the request names no categories, Do derives them from T's `pii` struct
// tags (see pii.SchemaOf), so a repository method declares what it reads
// by its return type:
//
//	user, err := lawful.Do(ctx, g, lawful.Request{Purpose: "support", Operation: purpose.Use}, repo.User)
func Do[T any](ctx context.Context, g *Guard, r Request, fn func(context.Context) (T, error)) (T, error) {
	var zero T
	if r.Categories.IsEmpty() {
		cats, err := pii.CategoriesOf[T]()
		if err != nil {
			return zero, errors.Join(ErrInvalidRequest, err)
		}
		r.Categories = cats
	}
	if err := g.Allow(ctx, r); err != nil {
		return zero, err
	}
	return fn(ctx)
}
