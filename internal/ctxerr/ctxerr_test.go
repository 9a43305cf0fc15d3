package ctxerr

import (
	"context"
	"errors"
	"testing"
)

func TestErr(t *testing.T) {
	//lint:ignore SA1012 a nil context is the input under test
	if err := Err(nil); !errors.Is(err, ErrNil) {
		t.Fatalf("Err(nil) = %v, want ErrNil", err)
	}
	if err := Err(context.Background()); err != nil {
		t.Fatalf("Err(Background) = %v, want nil", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Err(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Err(cancelled) = %v, want context.Canceled", err)
	}
}
