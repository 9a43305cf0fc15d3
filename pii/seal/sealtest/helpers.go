package sealtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/lawfulgo/lawful/pii/seal"
)

// subj returns fixture subject n, shaped like a subject.ID's String form.
func subj(n byte) string { return fmt.Sprintf("0190a1b2-c3d4-7e5f-8a6b-%012x", n) }

// key returns a fixture key for subject s: ID and wrapped bytes derived
// from n, wrapped under kek.
func key(s string, n byte, kek string) seal.WrappedKey {
	k := seal.WrappedKey{Subject: s, KEK: kek, Wrapped: bytes.Repeat([]byte{n, ^n}, 36)}
	for i := range k.ID {
		k.ID[i] = n + byte(i)
	}
	return k
}

// same reports how got differs from want, every field compared.
func same(got, want seal.WrappedKey) error {
	if got.Subject != want.Subject || got.ID != want.ID || got.KEK != want.KEK || !bytes.Equal(got.Wrapped, want.Wrapped) {
		return fmt.Errorf("got key {subject %s id %s kek %s %d wrapped bytes}, want {subject %s id %s kek %s %d wrapped bytes}",
			got.Subject, got.ID, got.KEK, len(got.Wrapped), want.Subject, want.ID, want.KEK, len(want.Wrapped))
	}
	return nil
}

// put stores k and checks it was stored as given.
func put(ctx context.Context, s seal.KeyStore, k seal.WrappedKey) error {
	got, err := s.Put(ctx, k.Clone())
	if err != nil {
		return fmt.Errorf("store.Put: %w", err)
	}
	if err := same(got, k); err != nil {
		return fmt.Errorf("store.Put into an empty subject returned another key: %w", err)
	}
	return nil
}

// get checks that Get returns want.
func get(ctx context.Context, s seal.KeyStore, want seal.WrappedKey) error {
	got, err := s.Get(ctx, want.Subject)
	if err != nil {
		return fmt.Errorf("store.Get: %w", err)
	}
	return same(got, want)
}

// is checks that err matches target.
func is(op string, err, target error) error {
	if !errors.Is(err, target) {
		return fmt.Errorf("%s = %v, want an error matching %v", op, err, target)
	}
	return nil
}

// shredded checks that the subject reads as shredded.
func shredded(ctx context.Context, s seal.KeyStore, subject string) error {
	_, err := s.Get(ctx, subject)
	return is("store.Get after Destroy", err, seal.ErrShredded)
}
