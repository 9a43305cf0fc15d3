// Package ctxerr is the one check every lawful function taking a
// context.Context makes first: a nil context is an error, never the panic
// calling its methods would be.
package ctxerr

import (
	"context"
	"errors"
)

// ErrNil is the error of a nil context.Context.
var ErrNil = errors.New("nil context.Context; pass the request's context or context.Background()")

// Err returns ErrNil for a nil ctx, else ctx.Err().
func Err(ctx context.Context) error {
	if ctx == nil {
		return ErrNil
	}
	return ctx.Err()
}
