package detect

import (
	"errors"
	"fmt"

	"github.com/lawfulgo/lawful/internal/rule"
)

// Sentinel errors. Errors returned by this package match one of them with
// errors.Is; their messages say what was wrong and how to fix it, and never
// repeat the text or data scanned.
var (
	// ErrNotJSON: FindJSON was given bytes that are not one JSON value.
	ErrNotJSON = errors.New("detect: not a JSON value")
	// ErrTooDeep: data nests deeper than MaxDepth; what lies deeper was
	// not scanned, so the data must be treated as holding personal
	// information (fail closed).
	ErrTooDeep = errors.New("detect: data nested too deep")
	// ErrUnsupported: data holds a value of a type FindIn does not walk
	// (a struct, a pointer, a map with non-string keys); it was not
	// scanned.
	ErrUnsupported = errors.New("detect: unsupported value type")
	// ErrRead: the reader given to FindReader failed.
	ErrRead = errors.New("detect: read failed")
)

// bad returns a rule error for sentinel with a formatted message.
func bad(sentinel error, format string, args ...any) error {
	return rule.New(sentinel, fmt.Sprintf(format, args...))
}
