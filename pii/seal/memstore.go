package seal

import (
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/lawfulgo/lawful/internal/ctxerr"
)

// MemKeyStore is a KeyStore in memory, for tests and single-process
// services that accept losing every key (and so every sealed value) on
// exit. The zero value is an empty store ready to use; it is safe for
// concurrent use and must not be copied after first use.
//
// Destroy clears the wrapped key's bytes before dropping it, so they do
// not linger on the heap until the garbage collector reuses the memory.
type MemKeyStore struct {
	mu    sync.RWMutex
	keys  map[string]WrappedKey
	tombs map[string]struct{}
}

// NewMemKeyStore returns an empty MemKeyStore.
func NewMemKeyStore() *MemKeyStore { return &MemKeyStore{} }

var _ KeyStore = (*MemKeyStore)(nil)

// Get implements KeyStore.
func (m *MemKeyStore) Get(ctx context.Context, subject string) (WrappedKey, error) {
	if err := ctxerr.Err(ctx); err != nil {
		return WrappedKey{}, err
	}
	if err := CheckSubject(subject); err != nil {
		return WrappedKey{}, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	if _, ok := m.tombs[subject]; ok {
		return WrappedKey{}, errShredded()
	}
	k, ok := m.keys[subject]
	if !ok {
		return WrappedKey{}, errNoKey()
	}
	return k.Clone(), nil
}

// Put implements KeyStore.
func (m *MemKeyStore) Put(ctx context.Context, k WrappedKey) (WrappedKey, error) {
	if err := ctxerr.Err(ctx); err != nil {
		return WrappedKey{}, err
	}
	if err := k.Validate(); err != nil {
		return WrappedKey{}, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.tombs[k.Subject]; ok {
		return WrappedKey{}, errShredded()
	}
	if old, ok := m.keys[k.Subject]; ok {
		return old.Clone(), nil
	}
	if m.keys == nil {
		m.keys = map[string]WrappedKey{}
	}
	m.keys[k.Subject] = k.Clone()
	return k.Clone(), nil
}

// Destroy implements KeyStore.
func (m *MemKeyStore) Destroy(ctx context.Context, subject string) error {
	if err := ctxerr.Err(ctx); err != nil {
		return err
	}
	if err := CheckSubject(subject); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if k, ok := m.keys[subject]; ok {
		clear(k.Wrapped)
		delete(m.keys, subject)
	}
	if m.tombs == nil {
		m.tombs = map[string]struct{}{}
	}
	m.tombs[subject] = struct{}{}
	return nil
}

// Rewrap implements KeyStore.
func (m *MemKeyStore) Rewrap(ctx context.Context, old, next WrappedKey) error {
	if err := ctxerr.Err(ctx); err != nil {
		return err
	}
	if err := next.Validate(); err != nil {
		return err
	}
	if next.Subject != old.Subject || next.ID != old.ID {
		return bad(ErrInvalidKey, "seal: rewrap must keep the subject and key ID; only the KEK and the wrapped bytes change")
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.tombs[old.Subject]; ok {
		return errShredded()
	}
	cur, ok := m.keys[old.Subject]
	switch {
	case !ok:
		return errNoKey()
	case cur.ID != old.ID || cur.KEK != old.KEK:
		return errConflict()
	}
	clear(cur.Wrapped)
	m.keys[old.Subject] = next.Clone()
	return nil
}

// Stale implements KeyStore.
func (m *MemKeyStore) Stale(ctx context.Context, kek, after string, limit int) ([]WrappedKey, error) {
	if err := ctxerr.Err(ctx); err != nil {
		return nil, err
	}
	if limit <= 0 {
		return nil, bad(ErrInvalidKey, "seal: Stale needs a positive limit (got %d)", limit)
	}
	if after != "" {
		if err := CheckSubject(after); err != nil {
			return nil, err
		}
	}
	m.mu.RLock()
	defer m.mu.RUnlock() // held while cloning: Rewrap and Destroy clear old bytes
	var out []WrappedKey
	for s, k := range m.keys {
		if k.KEK != kek && s > after {
			out = append(out, k)
		}
	}
	slices.SortFunc(out, func(a, b WrappedKey) int { return strings.Compare(a.Subject, b.Subject) })
	out = out[:min(limit, len(out))]
	for i := range out {
		out[i] = out[i].Clone()
	}
	return out, nil
}

func errShredded() error {
	return bad(ErrShredded, "seal: the subject's data key was shredded; what was sealed for them cannot be opened, and nothing new is sealed for them (a returning person gets a new subject ID)")
}

func errNoKey() error {
	return bad(ErrNoKey, "seal: the subject has no data key; nothing was sealed for them under this key store (check the subject and that the service uses the same key store)")
}

func errConflict() error {
	return bad(ErrConflict, "seal: the subject's key changed since it was read (another rotation or a shred won the race); read it again and retry")
}
