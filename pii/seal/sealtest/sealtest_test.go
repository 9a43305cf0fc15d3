package sealtest_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lawfulgo/lawful/pii/seal"
	"github.com/lawfulgo/lawful/pii/seal/sealtest"
)

func TestMemKeyStoreKeepsTheContract(t *testing.T) {
	sealtest.TestStore(t, func(*testing.T) seal.KeyStore { return seal.NewMemKeyStore() })
}

func TestZeroMemKeyStoreKeepsTheContract(t *testing.T) {
	sealtest.TestStore(t, func(*testing.T) seal.KeyStore { return new(seal.MemKeyStore) })
}

// forgetful loses tombstones (and keys) on Destroy: a Put after Destroy
// makes a new key, the bug crypto-shredding cannot survive (PIPL art. 47;
// GDPR art. 17).
type forgetful struct {
	mu    sync.Mutex
	inner *seal.MemKeyStore
}

func (f *forgetful) store() *seal.MemKeyStore {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.inner
}

func (f *forgetful) Destroy(ctx context.Context, subject string) error {
	err := f.store().Destroy(ctx, subject)
	f.mu.Lock()
	f.inner = seal.NewMemKeyStore() // every tombstone forgotten
	f.mu.Unlock()
	return err
}

func (f *forgetful) Get(ctx context.Context, subject string) (seal.WrappedKey, error) {
	return f.store().Get(ctx, subject)
}

func (f *forgetful) Put(ctx context.Context, k seal.WrappedKey) (seal.WrappedKey, error) {
	return f.store().Put(ctx, k)
}

func (f *forgetful) Rewrap(ctx context.Context, old, next seal.WrappedKey) error {
	return f.store().Rewrap(ctx, old, next)
}

func (f *forgetful) Stale(ctx context.Context, kek, after string, limit int) ([]seal.WrappedKey, error) {
	return f.store().Stale(ctx, kek, after, limit)
}

func TestCheckStore(t *testing.T) {
	t.Run("a_store_that_forgets_tombstones_breaks_the_shredding_contracts", func(t *testing.T) {
		err := sealtest.CheckStore(t, func(*testing.T) seal.KeyStore { return &forgetful{inner: seal.NewMemKeyStore()} })
		require.Error(t, err)
		var names []string
		for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
			var ce *sealtest.ContractError
			require.True(t, errors.As(e, &ce))
			names = append(names, ce.Name)
		}
		assert.Contains(t, names, "destroy_makes_get_return_ErrShredded")
		assert.Contains(t, names, "put_after_destroy_is_ErrShredded_and_stores_nothing")
		assert.NotContains(t, names, "put_then_get_round_trips")
	})
	t.Run("a_correct_store_breaks_nothing", func(t *testing.T) {
		assert.NoError(t, sealtest.CheckStore(t, func(*testing.T) seal.KeyStore { return seal.NewMemKeyStore() }))
	})
	t.Run("a_nil_store_is_reported_for_every_contract", func(t *testing.T) {
		err := sealtest.CheckStore(t, func(*testing.T) seal.KeyStore { return nil })
		var ce *sealtest.ContractError
		require.ErrorAs(t, err, &ce)
		assert.Contains(t, ce.Error(), "the factory returned nil")
	})
}
