package bench

import (
	"fmt"
	"hash/fnv"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/lawfulgo/lawful/consent"
)

var (
	checkedOnce sync.Once
	checkedErr  error
	sink        atomic.Bool
)

// checkedWorkload returns the workload after verifying its fingerprint, so
// that no benchmark times work other than BENCH.md's.
func checkedWorkload(b *testing.B) *Workload {
	b.Helper()
	w := Load()
	checkedOnce.Do(func() {
		h := fnv.New64a()
		writeCanonical(h, w)
		if got := fmt.Sprintf("%016x", h.Sum64()); got != wantFingerprint {
			checkedErr = fmt.Errorf("workload fingerprint %s, want %s", got, wantFingerprint)
		}
	})
	if checkedErr != nil {
		b.Fatal(checkedErr)
	}
	return w
}

// checkers lists each contender's allow function; the constructors are
// memoised and shared with TestAllAgree, and run before the timing.
func checkers(b *testing.B) []struct {
	name  string
	allow func() func(*Request) bool
} {
	return []struct {
		name  string
		allow func() func(*Request) bool
	}{
		{"floor", func() func(*Request) bool { return sharedFloor().Allow }},
		{"lawful", func() func(*Request) bool { return sharedLawful(b).Allow }},
		{"opa", func() func(*Request) bool { return sharedOPA(b).Allow }},
		{"opa-parsed", func() func(*Request) bool { return sharedOPA(b).AllowParsed }},
		{"casbin", func() func(*Request) bool { return sharedCasbin(b).Allow }},
	}
}

// BenchmarkCheck times one decision, cycling through the workload's
// shuffled requests, on one goroutine and (/parallel) on GOMAXPROCS.
func BenchmarkCheck(b *testing.B) {
	w := checkedWorkload(b)
	reqs := w.Requests
	for _, c := range checkers(b) {
		var allow func(*Request) bool
		build := func(b *testing.B) {
			if allow == nil {
				b.StopTimer()
				allow = c.allow()
				b.StartTimer()
			}
		}
		b.Run(c.name, func(b *testing.B) {
			build(b)
			b.ReportAllocs()
			i, n := 0, 0
			for b.Loop() {
				if allow(&reqs[i]) {
					n++
				}
				if i++; i == len(reqs) {
					i = 0
				}
			}
			sink.Store(n > 0)
		})
		b.Run(c.name+"/parallel", func(b *testing.B) {
			build(b)
			b.ReportAllocs()
			var start atomic.Int64
			b.RunParallel(func(pb *testing.PB) {
				// Each goroutine starts at its own place in the stream.
				i := int(start.Add(int64(len(reqs)/7))) % len(reqs)
				n := 0
				for pb.Next() {
					if allow(&reqs[i]) {
						n++
					}
					if i++; i == len(reqs) {
						i = 0
					}
				}
				sink.Store(n > 0)
			})
		})
	}
}

// BenchmarkSetup times building each contender for the 100,000 subjects
// and reports the heap it retains afterwards.
func BenchmarkSetup(b *testing.B) {
	w := checkedWorkload(b)
	// lawful-guard builds lawful on a consent store and an anchor made
	// before the timing: what a service holds in memory besides its two
	// databases. The anchor is filled by one build first, as a service's
	// anchor database already holds every head; the MemAnchor standing in
	// for it holds 100,000 sealed heads in about 15 MiB.
	store, err := NewLawfulStore(w.Subjects)
	if err != nil {
		b.Fatal(err)
	}
	anchor := consent.NewMemAnchor()
	if _, err := NewLawfulOn(store, anchor, w.Subjects); err != nil {
		b.Fatal(err)
	}
	builders := []struct {
		name  string
		build func() (any, error)
	}{
		{"floor", func() (any, error) { return NewFloor(w.Subjects), nil }},
		{"lawful", func() (any, error) { return NewLawful(w.Subjects) }},
		{"lawful-guard", func() (any, error) { return NewLawfulOn(store, anchor, w.Subjects) }},
		{"opa", func() (any, error) { return NewOPA(w.Subjects) }},
		{"casbin", func() (any, error) { return NewCasbin(w.Subjects) }},
	}
	for _, c := range builders {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			var retained uint64
			var ms runtime.MemStats
			for b.Loop() {
				b.StopTimer()
				runtime.GC()
				runtime.ReadMemStats(&ms)
				before := ms.HeapAlloc
				b.StartTimer()
				x, err := c.build()
				if err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				runtime.GC()
				runtime.ReadMemStats(&ms)
				if ms.HeapAlloc > before {
					retained += ms.HeapAlloc - before
				}
				runtime.KeepAlive(x)
				b.StartTimer()
			}
			b.ReportMetric(float64(retained)/float64(b.N)/(1<<20), "MiB-retained")
		})
	}
}

// BenchmarkCheckFewSubjects is BenchmarkCheck for the floor and lawful
// over the workload's first 1,000 subjects and the requests about them:
// everything fits in the CPU's caches, so it measures the fixed cost of a
// check rather than memory latency.
func BenchmarkCheckFewSubjects(b *testing.B) {
	const few = 1000
	w := checkedWorkload(b)
	subjects := w.Subjects[:few]
	var reqs []Request
	for _, q := range w.Requests {
		if i, ok := subjectIndex(q.Subject); ok && i < few {
			reqs = append(reqs, q)
		}
	}
	l, err := NewLawful(subjects)
	if err != nil {
		b.Fatal(err)
	}
	f := NewFloor(subjects)
	for _, c := range []struct {
		name  string
		allow func(*Request) bool
	}{{"floor", f.Allow}, {"lawful", l.Allow}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			i, n := 0, 0
			for b.Loop() {
				if c.allow(&reqs[i]) {
					n++
				}
				if i++; i == len(reqs) {
					i = 0
				}
			}
			sink.Store(n > 0)
		})
	}
}
