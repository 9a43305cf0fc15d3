package sealtest

import (
	"context"
	"fmt"

	"github.com/lawfulgo/lawful/pii/seal"
)

var contracts = []contract{
	{"get_of_unknown_subject_is_ErrNoKey", "Get returns an error matching ErrNoKey if the subject never had one.",
		func(ctx context.Context, s seal.KeyStore) error {
			_, err := s.Get(ctx, subj(1))
			return is("store.Get of an unknown subject", err, seal.ErrNoKey)
		}},
	{"put_then_get_round_trips", "Put stores k if k.Subject has neither a key nor a tombstone, and returns k; Get returns a copy of the subject's key.",
		func(ctx context.Context, s seal.KeyStore) error {
			k := key(subj(1), 1, "kek-1")
			if err := put(ctx, s, k); err != nil {
				return err
			}
			return get(ctx, s, k)
		}},
	{"put_is_once_and_returns_the_first_key", "If the subject has a key, Put stores nothing and returns the stored key.",
		func(ctx context.Context, s seal.KeyStore) error {
			first := key(subj(1), 1, "kek-1")
			if err := put(ctx, s, first); err != nil {
				return err
			}
			got, err := s.Put(ctx, key(subj(1), 2, "kek-2"))
			if err != nil {
				return fmt.Errorf("second store.Put: %w", err)
			}
			if err := same(got, first); err != nil {
				return fmt.Errorf("second store.Put did not return the first key: %w", err)
			}
			return get(ctx, s, first)
		}},
	{"concurrent_puts_agree_on_one_key", "Concurrent Puts for one subject agree on one key; the check and the write are one atomic step.",
		checkConcurrentPuts},
	{"subjects_are_compared_as_bytes", "Subjects are compared as bytes (\"a\" and \"A\" are two subjects).",
		func(ctx context.Context, s seal.KeyStore) error {
			lo, up := key("subject-a", 1, "kek-1"), key("subject-A", 2, "kek-1")
			if err := put(ctx, s, lo); err != nil {
				return err
			}
			if err := put(ctx, s, up); err != nil {
				return fmt.Errorf("a subject differing only in case: %w", err)
			}
			if err := get(ctx, s, lo); err != nil {
				return err
			}
			return get(ctx, s, up)
		}},
	{"destroy_makes_get_return_ErrShredded", "After Destroy returns nil, Get returns ErrShredded.",
		func(ctx context.Context, s seal.KeyStore) error {
			if err := put(ctx, s, key(subj(1), 1, "kek-1")); err != nil {
				return err
			}
			if err := s.Destroy(ctx, subj(1)); err != nil {
				return fmt.Errorf("store.Destroy: %w", err)
			}
			return shredded(ctx, s, subj(1))
		}},
	{"destroy_is_idempotent", "Destroy is idempotent.",
		func(ctx context.Context, s seal.KeyStore) error {
			if err := put(ctx, s, key(subj(1), 1, "kek-1")); err != nil {
				return err
			}
			for i := range 2 {
				if err := s.Destroy(ctx, subj(1)); err != nil {
					return fmt.Errorf("store.Destroy #%d: %w", i+1, err)
				}
			}
			return shredded(ctx, s, subj(1))
		}},
	{"destroy_without_key_leaves_a_tombstone", "Destroy leaves a tombstone for a subject that never had a key, so no key is ever made for them afterwards.",
		func(ctx context.Context, s seal.KeyStore) error {
			if err := s.Destroy(ctx, subj(1)); err != nil {
				return fmt.Errorf("store.Destroy of a subject without a key: %w", err)
			}
			if err := shredded(ctx, s, subj(1)); err != nil {
				return err
			}
			_, err := s.Put(ctx, key(subj(1), 1, "kek-1"))
			return is("store.Put after Destroy", err, seal.ErrShredded)
		}},
	{"put_after_destroy_is_ErrShredded_and_stores_nothing", "If the subject has a tombstone, Put stores nothing and returns an error matching ErrShredded.",
		func(ctx context.Context, s seal.KeyStore) error {
			if err := put(ctx, s, key(subj(1), 1, "kek-1")); err != nil {
				return err
			}
			if err := s.Destroy(ctx, subj(1)); err != nil {
				return fmt.Errorf("store.Destroy: %w", err)
			}
			_, err := s.Put(ctx, key(subj(1), 2, "kek-1"))
			if e := is("store.Put after Destroy", err, seal.ErrShredded); e != nil {
				return e
			}
			return shredded(ctx, s, subj(1))
		}},
	{"destroy_touches_only_its_subject", "Destroy erases the subject's wrapped key (and no other subject's).",
		func(ctx context.Context, s seal.KeyStore) error {
			a, b := key(subj(1), 1, "kek-1"), key(subj(2), 2, "kek-1")
			if err := put(ctx, s, a); err != nil {
				return err
			}
			if err := put(ctx, s, b); err != nil {
				return err
			}
			if err := s.Destroy(ctx, a.Subject); err != nil {
				return fmt.Errorf("store.Destroy: %w", err)
			}
			return get(ctx, s, b)
		}},
}
