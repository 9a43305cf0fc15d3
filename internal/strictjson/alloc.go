package strictjson

import "runtime"

// The allocation bound every decoder's fuzz target asserts: decoding n
// bytes of input, valid or hostile, allocates at most
// AllocPerByte*n + AllocSlack bytes in total (garbage included).
//
// AllocPerByte covers what decoding legitimately costs per input byte: the
// read buffer (io.ReadAll doubles: about 2 bytes a byte), Check's nothing,
// a Doc's 20-byte node per value (up to 10 bytes a byte for "1,"), and the
// decoded Go values, the dearest being a struct of 50 to 150 bytes for an
// element written "{}" (a scenario step: about 50 bytes a byte, lists
// allocated at their final size). Measured worst cases stay under 55.
// AllocSlack covers what does not grow with the input: the capped problem
// report (100 problems, 10 of them with the taxonomy search behind "did
// you mean", about 24 KiB each), a receipt's bounded Validate, reflection
// caches. Before these limits, a list of empty purposes allocated about
// 2000 bytes per input byte, a rule with empty end conditions about 140, a
// calendar with weekday make-up days about 22000.
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
