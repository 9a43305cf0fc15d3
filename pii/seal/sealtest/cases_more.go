package sealtest

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/lawfulgo/lawful/pii/seal"
)

func init() {
	contracts = append(contracts, rewrapContracts...)
	contracts = append(contracts, otherContracts...)
}

var rewrapContracts = []contract{
	{"rewrap_replaces_a_matching_key", "Rewrap replaces the stored key with next if the stored key still has old's ID and KEK.",
		func(ctx context.Context, s seal.KeyStore) error {
			old := key(subj(1), 1, "kek-1")
			if err := put(ctx, s, old); err != nil {
				return err
			}
			next := old.Clone()
			next.KEK, next.Wrapped = "kek-2", []byte("rewrapped under kek-2")
			if err := s.Rewrap(ctx, old, next); err != nil {
				return fmt.Errorf("store.Rewrap: %w", err)
			}
			return get(ctx, s, next)
		}},
	{"rewrap_of_a_changed_key_is_ErrConflict_and_stores_nothing", "Rewrap returns an error matching ErrConflict, storing nothing, if the stored key no longer has old's KEK (compare-and-swap).",
		func(ctx context.Context, s seal.KeyStore) error {
			old := key(subj(1), 1, "kek-1")
			if err := put(ctx, s, old); err != nil {
				return err
			}
			won := old.Clone()
			won.KEK, won.Wrapped = "kek-2", []byte("the winner's bytes")
			if err := s.Rewrap(ctx, old, won); err != nil {
				return fmt.Errorf("store.Rewrap: %w", err)
			}
			lost := old.Clone()
			lost.KEK, lost.Wrapped = "kek-3", []byte("the loser's bytes")
			if err := is("store.Rewrap from a stale read", s.Rewrap(ctx, old, lost), seal.ErrConflict); err != nil {
				return err
			}
			return get(ctx, s, won)
		}},
	{"rewrap_after_destroy_is_ErrShredded_and_resurrects_nothing", "Rewrap returns an error matching ErrShredded if the subject has a tombstone; after Destroy, Rewrap stores nothing for the subject.",
		func(ctx context.Context, s seal.KeyStore) error {
			old := key(subj(1), 1, "kek-1")
			if err := put(ctx, s, old); err != nil {
				return err
			}
			if err := s.Destroy(ctx, old.Subject); err != nil {
				return fmt.Errorf("store.Destroy: %w", err)
			}
			next := old.Clone()
			next.KEK = "kek-2"
			if err := is("store.Rewrap after Destroy", s.Rewrap(ctx, old, next), seal.ErrShredded); err != nil {
				return err
			}
			return shredded(ctx, s, old.Subject)
		}},
	{"rewrap_of_unknown_subject_is_ErrNoKey", "Rewrap returns ErrNoKey if the subject never had a key.",
		func(ctx context.Context, s seal.KeyStore) error {
			old := key(subj(1), 1, "kek-1")
			next := old.Clone()
			next.KEK = "kek-2"
			if err := is("store.Rewrap of an unknown subject", s.Rewrap(ctx, old, next), seal.ErrNoKey); err != nil {
				return err
			}
			_, err := s.Get(ctx, old.Subject)
			return is("store.Get after a refused Rewrap", err, seal.ErrNoKey)
		}},
	{"rewrap_must_keep_subject_and_id", "next must name old's subject and ID and be valid, else ErrInvalidKey.",
		func(ctx context.Context, s seal.KeyStore) error {
			old := key(subj(1), 1, "kek-1")
			if err := put(ctx, s, old); err != nil {
				return err
			}
			otherID, otherSubject, empty := key(subj(1), 9, "kek-2"), key(subj(2), 1, "kek-2"), old.Clone()
			empty.Wrapped = nil
			for name, next := range map[string]seal.WrappedKey{"another ID": otherID, "another subject": otherSubject, "no wrapped bytes": empty} {
				if err := is("store.Rewrap to "+name, s.Rewrap(ctx, old, next), seal.ErrInvalidKey); err != nil {
					return err
				}
			}
			return get(ctx, s, old)
		}},
	{"stale_lists_other_keks_in_subject_order_by_page", "Stale returns, in ascending byte order of subject, up to limit keys whose KEK differs from kek and whose subject sorts after after; destroyed keys are never returned.",
		checkStale},
}

var otherContracts = []contract{
	{"malformed_input_is_refused_and_stores_nothing", "A malformed k is refused with ErrInvalidKey and nothing is stored; Get, Destroy and Stale refuse a malformed subject with ErrInvalidField.",
		checkMalformed},
	{"done_context_fails_and_changes_nothing", "Every method takes a context first and returns its error, changing nothing, when it is already done.",
		checkDoneContext},
	{"returned_keys_do_not_share_memory", "Returned keys never share memory with the store or with the keys passed in.",
		checkAliasing},
	{"concurrent_destroy_and_rewrap_never_resurrect", "After Destroy returns nil, Get returns ErrShredded and Put and Rewrap store nothing for the subject, for good.",
		checkDestroyRace},
}

func checkConcurrentPuts(ctx context.Context, s seal.KeyStore) error {
	const n = 16
	got := make([]seal.WrappedKey, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { got[i], errs[i] = s.Put(ctx, key(subj(1), byte(i+1), "kek-1")) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("concurrent store.Put: %w", err)
	}
	for i := 1; i < n; i++ {
		if err := same(got[i], got[0]); err != nil {
			return fmt.Errorf("concurrent store.Put calls returned different keys: %w", err)
		}
	}
	return get(ctx, s, got[0])
}

func checkStale(ctx context.Context, s seal.KeyStore) error {
	want := []seal.WrappedKey{key(subj(1), 1, "kek-1"), key(subj(3), 3, "kek-0"), key(subj(4), 4, "kek-1")}
	for _, k := range append(want, key(subj(2), 2, "kek-2"), key(subj(5), 5, "kek-1")) {
		if err := put(ctx, s, k); err != nil {
			return err
		}
	}
	if err := s.Destroy(ctx, subj(5)); err != nil {
		return fmt.Errorf("store.Destroy: %w", err)
	}
	var got []seal.WrappedKey
	after := ""
	for range 10 {
		page, err := s.Stale(ctx, "kek-2", after, 2)
		if err != nil {
			return fmt.Errorf("store.Stale: %w", err)
		}
		if len(page) > 2 {
			return fmt.Errorf("store.Stale with limit 2 returned %d keys", len(page))
		}
		if len(page) == 0 {
			break
		}
		got = append(got, page...)
		after = page[len(page)-1].Subject
	}
	if len(got) != len(want) {
		return fmt.Errorf("store.Stale paged %d keys under other KEKs, want %d (subjects 1, 3, 4; not 2 under the current KEK, not 5 destroyed)", len(got), len(want))
	}
	for i := range want {
		if err := same(got[i], want[i]); err != nil {
			return fmt.Errorf("store.Stale key %d (ascending subject order): %w", i, err)
		}
	}
	return nil
}
