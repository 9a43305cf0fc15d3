package rights

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/internal/ctxerr"
	"github.com/lawfulgo/lawful/subject"
)

// Store persists requests. It is the plug-in interface for backends;
// services use a Desk, which validates every change before it reaches the
// store.
//
// The contract:
//
//   - Implementations are safe for concurrent use.
//   - Create stores a new request (Version 1). A request with the same ID
//     already stored is an error matching ErrConflict, and nothing changes.
//   - Get returns the request with the ID, or an error matching ErrNotFound.
//   - Update replaces a stored request whose Version is r.Version-1, in one
//     step. Another stored Version is an error matching ErrConflict (a
//     concurrent writer won); an unknown ID matches ErrNotFound.
//   - BySubject returns a subject's requests in the order received (then
//     by ID); nil for none.
//   - Open returns every request whose State is open (Received, Verified,
//     Extended). A database should index it.
//   - Stores keep copies: changing a request after passing it in or
//     getting it back changes nothing stored. Times round-trip to the
//     nanosecond.
//   - Every method returns ctx.Err() (wrapped) when ctx is done before it
//     acts.
type Store interface {
	Create(ctx context.Context, r Request) error
	Get(ctx context.Context, id uuid.UUID) (Request, error)
	Update(ctx context.Context, r Request) error
	BySubject(ctx context.Context, s subject.ID) ([]Request, error)
	Open(ctx context.Context) ([]Request, error)
}

// MemStore is a Store in process memory: the embedded default and the
// reference implementation. Its requests die with the process. The zero
// value is ready to use and safe for concurrent use.
type MemStore struct {
	mu   sync.RWMutex
	byID map[uuid.UUID]Request
}

// NewMemStore returns an empty MemStore.
func NewMemStore() *MemStore { return &MemStore{} }

func ctxErr(ctx context.Context) error {
	if err := ctxerr.Err(ctx); err != nil {
		return fmt.Errorf("rights: store: %w", err)
	}
	return nil
}

// Create implements Store.
func (m *MemStore) Create(ctx context.Context, r Request) error {
	if err := ctxErr(ctx); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.byID == nil {
		m.byID = map[uuid.UUID]Request{}
	}
	if _, dup := m.byID[r.ID]; dup {
		return failf(ErrConflict, "rights: store: request %v already exists", r.ID)
	}
	m.byID[r.ID] = r.Clone()
	return nil
}

// Get implements Store.
func (m *MemStore) Get(ctx context.Context, id uuid.UUID) (Request, error) {
	if err := ctxErr(ctx); err != nil {
		return Request{}, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	r, ok := m.byID[id]
	if !ok {
		return Request{}, failf(ErrNotFound, "rights: no request %v", id)
	}
	return r.Clone(), nil
}

// Update implements Store.
func (m *MemStore) Update(ctx context.Context, r Request) error {
	if err := ctxErr(ctx); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	old, ok := m.byID[r.ID]
	if !ok {
		return failf(ErrNotFound, "rights: no request %v", r.ID)
	}
	if old.Version+1 != r.Version {
		return failf(ErrConflict, "rights: store: request %v is at version %d, the update expects %d; reload and retry", r.ID, old.Version, r.Version-1)
	}
	m.byID[r.ID] = r.Clone()
	return nil
}

// BySubject implements Store.
func (m *MemStore) BySubject(ctx context.Context, s subject.ID) ([]Request, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	m.mu.RLock()
	var out []Request
	for _, r := range m.byID {
		if r.Subject == s {
			out = append(out, r.Clone())
		}
	}
	m.mu.RUnlock()
	sortRequests(out, func(r *Request) time.Time { return r.Received })
	return out, nil
}

// Open implements Store.
func (m *MemStore) Open(ctx context.Context) ([]Request, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	m.mu.RLock()
	var out []Request
	for _, r := range m.byID {
		if r.Open() {
			out = append(out, r.Clone())
		}
	}
	m.mu.RUnlock()
	sortRequests(out, func(r *Request) time.Time { return r.Received })
	return out, nil
}

// sortRequests sorts rs by key, then by ID.
func sortRequests(rs []Request, key func(*Request) time.Time) {
	slices.SortFunc(rs, func(a, b Request) int {
		if c := key(&a).Compare(key(&b)); c != 0 {
			return c
		}
		return slices.Compare(a.ID[:], b.ID[:])
	})
}
