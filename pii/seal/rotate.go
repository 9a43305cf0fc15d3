package seal

import (
	"context"
	"errors"
	"fmt"

	"github.com/lawfulgo/lawful/internal/ctxerr"
)

// Rotation sums up one Rotate.
type Rotation struct {
	// Rewrapped counts data keys now wrapped under the current KEK version.
	Rewrapped int
	// Skipped counts keys another writer changed or shredded meanwhile;
	// a later Rotate picks up any still stale.
	Skipped int
}

// Rotate rewraps every data key not wrapped under the KEK's current
// version: unwrap with the old version, wrap with the current one, and
// store with KeyStore.Rewrap (compare-and-swap). No sealed value is
// re-encrypted, since ciphertexts name the data key, not the KEK. It reads
// batch keys at a time (zero means 100), and stops at the first error of
// the KeyStore or the KEK or when ctx is done, keeping what it rewrapped:
// run it again to finish. It is safe to run concurrently with Seal, Open,
// Shred and another Rotate; a key shredded during a rotation stays
// shredded.
func (s *Sealer) Rotate(ctx context.Context, batch int) (Rotation, error) {
	var r Rotation
	if err := s.ready(); err != nil {
		return r, err
	}
	if batch < 0 {
		return r, bad(ErrNotConfigured, "seal: Rotate's batch %d is negative; pass 0 for the default of 100", batch)
	}
	if batch == 0 {
		batch = 100
	}
	cur, after := s.kek.Current(), ""
	for {
		if err := ctxerr.Err(ctx); err != nil {
			return r, err
		}
		page, err := s.keys.Stale(ctx, cur, after, batch)
		if err != nil {
			return r, fmt.Errorf("seal: listing keys to rewrap: %w", err)
		}
		if len(page) == 0 {
			return r, nil
		}
		for _, k := range page {
			after = k.Subject
			err := s.rewrap(ctx, k)
			switch {
			case err == nil:
				r.Rewrapped++
			case errors.Is(err, ErrConflict), errors.Is(err, ErrShredded), errors.Is(err, ErrNoKey):
				r.Skipped++
			default:
				return r, err
			}
		}
	}
}

// rewrap moves one data key under the current KEK version.
func (s *Sealer) rewrap(ctx context.Context, k WrappedKey) error {
	dek, err := s.unwrap(ctx, k)
	if err != nil {
		return err
	}
	kekID, wrapped, err := s.kek.Wrap(ctx, dek, dekAD(k.Subject, k.ID))
	clear(dek)
	if err != nil {
		return fmt.Errorf("seal: rewrapping data key %s: %w", k.ID, err)
	}
	next := WrappedKey{Subject: k.Subject, ID: k.ID, KEK: kekID, Wrapped: wrapped}
	if err := s.keys.Rewrap(ctx, k, next); err != nil {
		return fmt.Errorf("seal: storing rewrapped data key %s: %w", k.ID, err)
	}
	return nil
}
