package idmap

import (
	"encoding/binary"
	"math/rand/v2"
	"strconv"
	"sync"
	"testing"
)

type key [16]byte

func keyOf(hi, lo uint64) key {
	var k key
	binary.BigEndian.PutUint64(k[:8], hi)
	binary.BigEndian.PutUint64(k[8:], lo)
	return k
}

// check compares m with the model, key by key, plus Len and the table.
func check(t *testing.T, m *Map[key, int], model map[key]int, probes []key) {
	t.Helper()
	if got, want := m.Len(), len(model); got != want {
		t.Fatalf("Len = %d, want %d", got, want)
	}
	for _, k := range probes {
		v := m.Load(k)
		want, ok := model[k]
		switch {
		case ok && v == nil:
			t.Fatalf("Load(%x) = nil, want %d", k, want)
		case ok && *v != want:
			t.Fatalf("Load(%x) = %d, want %d", k, *v, want)
		case !ok && v != nil:
			t.Fatalf("Load(%x) = %d, want nil", k, *v)
		}
	}
	// The table itself: each live key in one slot only, and nothing else.
	seen := map[key]int{}
	if tab := m.tab.Load(); tab != nil {
		for i := range tab.slots {
			s := &tab.slots[i]
			v := s.v.Load()
			if v == nil {
				continue
			}
			var k key
			binary.LittleEndian.PutUint64(k[:8], s.hi.Load())
			binary.LittleEndian.PutUint64(k[8:], s.lo.Load())
			if _, dup := seen[k]; dup {
				t.Fatalf("key %x has two live slots", k)
			}
			seen[k] = *v
		}
	}
	if len(seen) != len(model) {
		t.Fatalf("table holds %d live keys, want %d", len(seen), len(model))
	}
	for k, v := range model {
		if seen[k] != v {
			t.Fatalf("table: %x = %d, want %d", k, seen[k], v)
		}
	}
}

func TestMapAgreesWithGoMap(t *testing.T) {
	for seed := range uint64(20) {
		r := rand.New(rand.NewPCG(seed, 1))
		var m Map[key, int]
		model := map[key]int{}
		// Few distinct keys, so stores, deletes and re-stores of the same
		// key (tombstone reuse) are common; keys sharing a high word, so
		// half-matches happen.
		keys := make([]key, 1+r.IntN(300))
		for i := range keys {
			keys[i] = keyOf(uint64(r.IntN(4)), r.Uint64())
		}
		for op := range 3000 {
			k := keys[r.IntN(len(keys))]
			switch r.IntN(10) {
			case 0, 1, 2:
				m.Delete(k)
				delete(model, k)
			case 3:
				m.Update(k, func(old *int) *int {
					if old == nil {
						return nil
					}
					v := *old + 1
					return &v
				})
				if v, ok := model[k]; ok {
					model[k] = v + 1
				}
			default:
				v := op
				m.Store(k, &v)
				model[k] = v
			}
			if op%500 == 0 {
				check(t, &m, model, keys)
			}
		}
		check(t, &m, model, keys)
		m.Clear()
		check(t, &m, map[key]int{}, keys)
	}
}

func TestZeroKeyIsNeverStored(t *testing.T) {
	var m Map[key, int]
	v := 1
	m.Store(key{}, &v)
	called := false
	m.Update(key{}, func(*int) *int { called = true; return &v })
	if m.Load(key{}) != nil || m.Len() != 0 || called {
		t.Fatalf("zero key: Load %v, Len %d, f called %v; want nil, 0, false", m.Load(key{}), m.Len(), called)
	}
}

func TestZeroMapIsEmpty(t *testing.T) {
	var m Map[key, int]
	if m.Load(keyOf(1, 2)) != nil || m.Len() != 0 {
		t.Fatal("zero Map is not empty")
	}
	m.Delete(keyOf(1, 2))
	if m.tab.Load() != nil {
		t.Fatal("deleting from an empty Map made a table")
	}
}

func TestUpdateReturningOldChangesNothing(t *testing.T) {
	var m Map[key, int]
	k := keyOf(7, 7)
	m.Update(k, func(old *int) *int { return old })
	if m.Len() != 0 || m.Load(k) != nil {
		t.Fatal("Update returning nil for an absent key stored something")
	}
	v := 3
	m.Store(k, &v)
	m.Update(k, func(old *int) *int { return old })
	if m.Len() != 1 || m.Load(k) != &v {
		t.Fatal("Update returning old changed the value")
	}
}

// TestChurnDoesNotGrowTheTable: tombstones count towards the load factor,
// and a rebuild keeps only live keys, so storing and deleting new keys
// forever keeps the table small.
func TestChurnDoesNotGrowTheTable(t *testing.T) {
	var m Map[key, int]
	v := 1
	for i := range 100_000 {
		k := keyOf(uint64(i), 1)
		m.Store(k, &v)
		m.Delete(k)
	}
	if n := len(m.tab.Load().slots); n > 64 {
		t.Fatalf("table has %d slots after churn with at most one live key", n)
	}
}

// TestConcurrentReadersSeeOnlyStoredValues runs readers against writers
// that store, replace and delete (forcing rebuilds), under -race. A reader
// must see either nil or a value that was stored for that very key.
func TestConcurrentReadersSeeOnlyStoredValues(t *testing.T) {
	var m Map[key, key]
	keys := make([]key, 2000)
	for i := range keys {
		keys[i] = keyOf(uint64(i%3), uint64(i+1)) // shared high words
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(w), 9))
			for range 20_000 {
				k := keys[r.IntN(len(keys))]
				if r.IntN(3) == 0 {
					m.Delete(k)
				} else {
					v := k
					m.Store(k, &v)
				}
			}
		}()
	}
	errs := make(chan string, 4)
	var rg sync.WaitGroup
	for w := range 4 {
		rg.Add(1)
		go func() {
			defer rg.Done()
			r := rand.New(rand.NewPCG(uint64(w), 10))
			for {
				select {
				case <-stop:
					return
				default:
				}
				k := keys[r.IntN(len(keys))]
				if v := m.Load(k); v != nil && *v != k {
					errs <- "Load returned another key's value"
					return
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	rg.Wait()
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
}

// FuzzMap drives a Map and a Go map with the same operations.
func FuzzMap(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
	f.Add([]byte{3, 0, 3, 0, 0, 3, 9, 9, 1})
	f.Fuzz(func(t *testing.T, ops []byte) {
		var m Map[key, int]
		model := map[key]int{}
		var probes []key
		for i := 0; i+1 < len(ops); i += 2 {
			// Few distinct keys, some sharing a high word or a low word,
			// one of them zero.
			k := keyOf(uint64(ops[i+1]>>4&3), uint64(ops[i+1]&15))
			probes = append(probes, k)
			switch ops[i] % 4 {
			case 0:
				m.Delete(k)
				delete(model, k)
			case 3:
				m.Clear()
				clear(model)
			default:
				v := i
				m.Store(k, &v)
				if k != (key{}) {
					model[k] = v
				}
			}
		}
		check(t, &m, model, probes)
	})
}

func BenchmarkLoad(b *testing.B) {
	for _, n := range []int{1_000, 100_000} {
		var m Map[key, int]
		var gm = map[key]*int{}
		keys := make([]key, n)
		r := rand.New(rand.NewPCG(1, 2))
		for i := range keys {
			keys[i] = keyOf(r.Uint64(), r.Uint64())
			v := i
			m.Store(keys[i], &v)
			gm[keys[i]] = &v
		}
		order := make([]key, 1<<16)
		for i := range order {
			order[i] = keys[r.IntN(n)]
		}
		b.Run("idmap/"+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			i, sum := 0, 0
			for b.Loop() {
				sum += *m.Load(order[i&(len(order)-1)])
				i++
			}
			_ = sum
		})
		b.Run("gomap/"+strconv.Itoa(n), func(b *testing.B) {
			var mu sync.RWMutex
			i, sum := 0, 0
			for b.Loop() {
				mu.RLock()
				v := gm[order[i&(len(order)-1)]]
				mu.RUnlock()
				sum += *v
				i++
			}
			_ = sum
		})
	}
}

func TestLimitBoundsLiveKeysUnderAFloodOfNewKeys(t *testing.T) {
	var m Map[key, int]
	m.SetLimit(1000)
	r := rand.New(rand.NewPCG(1, 2))
	kept := keyOf(1, 1)
	for i := range 200_000 {
		v := i
		k := keyOf(r.Uint64()|1, r.Uint64())
		if i == 0 {
			k = kept
		}
		m.Store(k, &v)
		if m.Len() > 1000 {
			t.Fatalf("after %d stores Len = %d, over the limit 1000", i+1, m.Len())
		}
	}
	if m.Len() != 1000 {
		t.Fatalf("Len = %d, want the limit 1000", m.Len())
	}
	// Slots are bounded too: tombstones are dropped by rebuilds.
	if n := len(m.tab.Load().slots); n > 4*1000 {
		t.Fatalf("table of %d slots for 1000 live keys", n)
	}
}

func TestLimitEvictsOnlyForNewKeys(t *testing.T) {
	var m Map[key, int]
	m.SetLimit(2)
	a, b := keyOf(1, 1), keyOf(2, 2)
	one, two := 1, 2
	m.Store(a, &one)
	m.Store(b, &two)
	m.Store(a, &two) // replacing a value is not a new key
	if m.Load(a) == nil || m.Load(b) == nil {
		t.Fatal("replacing an existing key evicted another")
	}
	m.SetLimit(1)
	if m.Len() != 1 {
		t.Fatalf("lowering the limit left %d keys, want 1", m.Len())
	}
	m.SetLimit(0)
	for i := range 10 {
		m.Store(keyOf(uint64(i)+10, 1), &one)
	}
	if m.Len() != 11 {
		t.Fatalf("an unbounded map holds %d keys, want 11", m.Len())
	}
}
