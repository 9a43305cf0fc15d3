package sealtest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/lawfulgo/lawful/pii/seal"
)

func checkMalformed(ctx context.Context, s seal.KeyStore) error {
	good := key(subj(1), 1, "kek-1")
	noSubject, spaced, zeroID, noKEK, long := good, good, good, good, good.Clone()
	noSubject.Subject, spaced.Subject, zeroID.ID, noKEK.KEK = "", "has space", seal.KeyID{}, ""
	long.Wrapped = make([]byte, seal.MaxWrappedLen+1)
	for name, k := range map[string]seal.WrappedKey{"no subject": noSubject, "a subject with a space": spaced,
		"the zero ID": zeroID, "no KEK": noKEK, "too many wrapped bytes": long} {
		if _, err := s.Put(ctx, k); !errors.Is(err, seal.ErrInvalidKey) {
			return fmt.Errorf("store.Put of a key with %s = %v, want an error matching ErrInvalidKey", name, err)
		}
	}
	tooLong := strings.Repeat("x", seal.MaxSubjectLen+1)
	for _, subject := range []string{"", tooLong, "tab\there"} {
		if _, err := s.Get(ctx, subject); !errors.Is(err, seal.ErrInvalidField) {
			return fmt.Errorf("store.Get of a %d-byte malformed subject = %v, want ErrInvalidField", len(subject), err)
		}
		if err := s.Destroy(ctx, subject); !errors.Is(err, seal.ErrInvalidField) {
			return fmt.Errorf("store.Destroy of a %d-byte malformed subject = %v, want ErrInvalidField", len(subject), err)
		}
	}
	if _, err := s.Stale(ctx, "kek-1", "tab\there", 1); !errors.Is(err, seal.ErrInvalidField) {
		return fmt.Errorf("store.Stale after a malformed subject = %v, want ErrInvalidField", err)
	}
	if _, err := s.Stale(ctx, "kek-1", "", 0); err == nil {
		return errors.New("store.Stale with limit 0 returned no error")
	}
	_, err := s.Get(ctx, good.Subject)
	return is("store.Get after refused Puts", err, seal.ErrNoKey)
}

func checkDoneContext(ctx context.Context, s seal.KeyStore) error {
	k := key(subj(1), 1, "kek-1")
	if err := put(ctx, s, k); err != nil {
		return err
	}
	done, cancel := context.WithCancel(ctx)
	cancel()
	var errs []error
	if _, err := s.Get(done, k.Subject); err == nil {
		errs = append(errs, errors.New("store.Get with a done context returned no error"))
	}
	if _, err := s.Put(done, key(subj(2), 2, "kek-1")); err == nil {
		errs = append(errs, errors.New("store.Put with a done context returned no error"))
	}
	if err := s.Destroy(done, k.Subject); err == nil {
		errs = append(errs, errors.New("store.Destroy with a done context returned no error"))
	}
	next := k.Clone()
	next.KEK = "kek-2"
	if err := s.Rewrap(done, k, next); err == nil {
		errs = append(errs, errors.New("store.Rewrap with a done context returned no error"))
	}
	if _, err := s.Stale(done, "kek-2", "", 10); err == nil {
		errs = append(errs, errors.New("store.Stale with a done context returned no error"))
	}
	if err := get(ctx, s, k); err != nil {
		errs = append(errs, fmt.Errorf("after calls with a done context: %w", err))
	}
	if _, err := s.Get(ctx, subj(2)); !errors.Is(err, seal.ErrNoKey) {
		errs = append(errs, fmt.Errorf("store.Put with a done context stored a key: store.Get = %v", err))
	}
	return errors.Join(errs...)
}

func checkAliasing(ctx context.Context, s seal.KeyStore) error {
	k := key(subj(1), 1, "kek-1")
	in := k.Clone()
	if _, err := s.Put(ctx, in); err != nil {
		return fmt.Errorf("store.Put: %w", err)
	}
	clear(in.Wrapped) // the caller zeroes what it passed in
	got, err := s.Get(ctx, k.Subject)
	if err != nil {
		return fmt.Errorf("store.Get: %w", err)
	}
	if err := same(got, k); err != nil {
		return fmt.Errorf("store.Put kept the caller's slice: %w", err)
	}
	clear(got.Wrapped) // and what it got back
	if err := get(ctx, s, k); err != nil {
		return fmt.Errorf("store.Get returned the store's own slice: %w", err)
	}
	page, err := s.Stale(ctx, "kek-2", "", 1)
	if err != nil || len(page) != 1 {
		return fmt.Errorf("store.Stale = %d keys, %v; want 1", len(page), err)
	}
	clear(page[0].Wrapped)
	if err := get(ctx, s, k); err != nil {
		return fmt.Errorf("store.Stale returned the store's own slice: %w", err)
	}
	return nil
}

func checkDestroyRace(ctx context.Context, s seal.KeyStore) error {
	old := key(subj(1), 1, "kek-1")
	if err := put(ctx, s, old); err != nil {
		return err
	}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			next := old.Clone()
			next.KEK = fmt.Sprintf("kek-%d", i+2)
			_ = s.Rewrap(ctx, old, next) // wins, conflicts or finds the tombstone
			_, _ = s.Put(ctx, key(old.Subject, byte(i+10), "kek-1"))
			_, _ = s.Get(ctx, old.Subject)
		})
	}
	var destroyErr error
	wg.Go(func() { destroyErr = s.Destroy(ctx, old.Subject) })
	wg.Wait()
	if destroyErr != nil {
		return fmt.Errorf("store.Destroy: %w", destroyErr)
	}
	if err := shredded(ctx, s, old.Subject); err != nil {
		return err
	}
	page, err := s.Stale(ctx, "none", "", 10)
	if err != nil {
		return fmt.Errorf("store.Stale: %w", err)
	}
	if len(page) != 0 {
		return fmt.Errorf("store.Stale returned %d keys after the only subject was destroyed", len(page))
	}
	return nil
}
