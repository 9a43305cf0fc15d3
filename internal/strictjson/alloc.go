package strictjson

import "runtime"

// The allocation bound every decoder's fuzz target asserts: decoding n
// bytes of input, valid or hostile, allocates at most
// AllocPerByte*n + AllocSlack bytes in total (garbage included).
//
// AllocPerByte covers what decoding legitimately costs per input byte:
// io.ReadAll's doubling buffer (about 2 bytes a byte), encoding/json's
// generic values (an interface, a slice slot and a map or string header for
// an element of two or three bytes: up to about 30 bytes a byte) and the
// decoded, compiled result. AllocSlack covers fixed costs independent of
// the input's size: the capped problem report (each problem's message and
// suggestions), compiling a small valid policy, reflection caches. Before
// the limits, a list of empty purposes allocated about 2000 bytes per
// input byte and a rule with empty end conditions about 140.
const (
	AllocPerByte = 64
	AllocSlack   = 512 << 10
)

// AllocBound is the allocation bound for an input of n bytes.
func AllocBound(n int) uint64 { return AllocPerByte*uint64(n) + AllocSlack }

// Allocated returns the bytes f allocates on the heap (runtime.MemStats
// TotalAlloc), for tests and fuzz targets; other goroutines' allocations
// in the meantime count too.
func Allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}
