// Package idmap is a hash table from 16-byte IDs (subject IDs, UUIDs) to
// pointers, built for the Guard's hot path: a read takes no lock, writes no
// shared memory and allocates nothing, so readers on many cores do not
// contend; writers serialise on one mutex.
//
// A read touches the slot's cache line, which holds the key, and then the
// value: two dependent memory accesses, against three to five for a
// RWMutex-guarded Go map of pointers (the lock word, the group's control
// word, the slot, the value).
//
// The table is open addressing with linear probing. A slot, once claimed
// by a key, keeps that key until the table is rebuilt; deleting stores a
// nil value (a tombstone), and a later store of the same key reuses the
// slot. Claimed slots, live or not, are kept below three quarters of the
// table; past that a writer rebuilds the table from the live entries, half
// full, and publishes it with one atomic store. Readers still probing the old table
// finish there; a read that overlaps a write may see the value before or
// after it, never a torn or foreign one.
//
// A Map may be bounded (SetLimit): storing a new key when the limit is
// reached first evicts a live entry chosen at random, so a flood of new
// keys (an attacker asking about random IDs) cannot grow it past the
// limit. Random eviction needs no bookkeeping on reads, which stay free of
// shared writes.
package idmap

import (
	"crypto/rand"
	"encoding/binary"
	"math/bits"
	"sync"
	"sync/atomic"
)

// Map maps keys of 16 bytes to values *V. The zero key is never stored:
// Load returns nil for it and Update ignores it. The zero Map is empty and
// ready to use; a Map must not be copied after first use. It is safe for
// concurrent use.
type Map[K ~[16]byte, V any] struct {
	mu    sync.Mutex // serialises writers
	tab   atomic.Pointer[table[V]]
	live  atomic.Int64
	limit int    // 0: unbounded; written under mu
	rnd   uint64 // eviction's random state; written under mu
}

// SetLimit bounds the Map to n live keys (n <= 0 removes the bound). A
// store of a new key into a full Map first evicts a random live key; if
// the Map already holds more than n, keys are evicted at random until it
// holds n.
func (m *Map[K, V]) SetLimit(n int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.limit = max(n, 0)
	if m.limit == 0 {
		return
	}
	for t := m.tab.Load(); t != nil && int(m.live.Load()) > m.limit; {
		m.evict(t)
	}
}

// Limit returns the bound set by SetLimit, 0 for none.
func (m *Map[K, V]) Limit() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.limit
}

type table[V any] struct {
	seed  [3]uint64 // random per table, so colliding keys cannot be chosen
	slots []slot[V]
	used  int // claimed slots, live or tombstones; written under Map.mu
}

// slot holds a key as two words, written high then low when the slot is
// claimed and never changed after, and the value, published after the key.
type slot[V any] struct {
	hi, lo atomic.Uint64
	v      atomic.Pointer[V]
}

func split[K ~[16]byte](k K) (hi, lo uint64) {
	return binary.LittleEndian.Uint64(k[:8]), binary.LittleEndian.Uint64(k[8:])
}

// mix folds the 128-bit product of a and b (the multiply-mix of wyhash).
func mix(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	return hi ^ lo
}

// start returns the first slot to probe for key (hi, lo): a keyed hash of
// the key scaled to the table's length (Lemire's multiply-shift, so the
// length need not be a power of two).
func (t *table[V]) start(hi, lo uint64) int {
	h := mix(mix(hi^t.seed[0], lo^t.seed[1]), t.seed[2]|1)
	i, _ := bits.Mul64(h, uint64(len(t.slots)))
	return int(i)
}

// Load returns the value stored for k, or nil.
func (m *Map[K, V]) Load(k K) *V {
	t := m.tab.Load()
	hi, lo := split(k)
	if t == nil || hi|lo == 0 {
		return nil
	}
	n := len(t.slots)
	for i := t.start(hi, lo); ; {
		s := &t.slots[i]
		shi, slo := s.hi.Load(), s.lo.Load()
		if shi|slo == 0 {
			return nil // an empty slot ends every probe sequence
		}
		if shi == hi && slo == lo {
			// A slot being claimed shows its high word before its low one,
			// so (hi, 0) may match half of another key. Its value is
			// published only after both words, so a value seen here is the
			// slot's own once the key still reads the same.
			if v := s.v.Load(); v != nil && s.hi.Load() == hi && s.lo.Load() == lo {
				return v
			}
			// A tombstone of k, or half of another key: k can only be
			// further on.
		}
		if i++; i == n {
			i = 0
		}
	}
}

// Len returns the number of keys with a value.
func (m *Map[K, V]) Len() int { return int(m.live.Load()) }

// Update replaces the value of k with f(old), where old is the current
// value or nil; a nil result deletes k. f runs under the writers' lock, so
// a read-modify-write through Update is atomic with respect to other
// writers (readers never wait); f must not call m's methods. A zero key is
// ignored and f is not called.
func (m *Map[K, V]) Update(k K, f func(old *V) *V) {
	hi, lo := split(k)
	if hi|lo == 0 {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	t := m.tab.Load()
	var s *slot[V]
	if t != nil {
		s = t.find(hi, lo)
	}
	var old *V
	if s != nil {
		old = s.v.Load()
	}
	next := f(old)
	switch {
	case next == old:
		return
	case s != nil:
		s.v.Store(next)
	case next == nil:
		return // deleting an absent key
	default:
		if m.limit > 0 && t != nil && int(m.live.Load()) >= m.limit {
			m.evict(t)
		}
		if t == nil || 4*(t.used+1) > 3*len(t.slots) {
			t = m.rebuild(t)
		}
		t.claim(hi, lo, next)
	}
	switch {
	case old == nil:
		m.live.Add(1)
	case next == nil:
		m.live.Add(-1)
	}
}

// Store sets the value of k to v; a nil v deletes k.
func (m *Map[K, V]) Store(k K, v *V) { m.Update(k, func(*V) *V { return v }) }

// Delete removes k.
func (m *Map[K, V]) Delete(k K) { m.Update(k, func(*V) *V { return nil }) }

// Clear removes every key.
func (m *Map[K, V]) Clear() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.tab.Store(nil)
	m.live.Store(0)
}

// evict deletes one live entry of t chosen at random: the first live slot
// at or after a random position. Writers only; t holds a live entry.
func (m *Map[K, V]) evict(t *table[V]) {
	// splitmix64: a cheap, well-mixed sequence; its seed need not be
	// secret, since a slot's position is already keyed by the table seed.
	m.rnd += 0x9e3779b97f4a7c15
	z := m.rnd
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	z ^= z >> 31
	n := len(t.slots)
	i, _ := bits.Mul64(z, uint64(n))
	for range n {
		if s := &t.slots[i]; s.v.Load() != nil {
			s.v.Store(nil)
			m.live.Add(-1)
			return
		}
		if i++; int(i) == n {
			i = 0
		}
	}
}

// find returns the slot claimed by (hi, lo), or nil. Writers only.
func (t *table[V]) find(hi, lo uint64) *slot[V] {
	n := len(t.slots)
	for i := t.start(hi, lo); ; {
		s := &t.slots[i]
		shi, slo := s.hi.Load(), s.lo.Load()
		switch {
		case shi == hi && slo == lo:
			return s
		case shi|slo == 0:
			return nil
		}
		if i++; i == n {
			i = 0
		}
	}
}

// claim stores v for a key that has no slot in t, which has room.
// Writers only.
func (t *table[V]) claim(hi, lo uint64, v *V) {
	n := len(t.slots)
	for i := t.start(hi, lo); ; {
		s := &t.slots[i]
		if s.hi.Load()|s.lo.Load() == 0 {
			s.hi.Store(hi)
			s.lo.Store(lo)
			s.v.Store(v)
			t.used++
			return
		}
		if i++; i == n {
			i = 0
		}
	}
}

// rebuild returns a new table holding old's live entries with room to
// spare, and publishes it. Writers only.
func (m *Map[K, V]) rebuild(old *table[V]) *table[V] {
	live := int(m.live.Load())
	// Half full after a rebuild, so a growing table grows by half again
	// each time and is 1/2 to 3/4 full: 36 to 48 bytes a key.
	size := max(16, 2*(live+1))
	t := &table[V]{slots: make([]slot[V], size)}
	var b [24]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand, Go 1.24+)
	for i := range t.seed {
		t.seed[i] = binary.LittleEndian.Uint64(b[8*i:])
	}
	if old != nil {
		for i := range old.slots {
			s := &old.slots[i]
			if v := s.v.Load(); v != nil {
				t.claim(s.hi.Load(), s.lo.Load(), v)
			}
		}
	}
	m.tab.Store(t)
	return t
}
