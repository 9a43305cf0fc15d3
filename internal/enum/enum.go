// Package enum gives lawful's small uint8 enumerations their stable text
// names, String, Valid, MarshalText and UnmarshalText behaviour in one
// place, so every package's enums read and fail alike.
package enum

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/lawfulgo/lawful/internal/rule"
)

// Names holds the stable text names of an enumeration whose zero value is
// "unknown" and never valid.
type Names struct {
	Pkg   string   // package name for messages: "subject"
	Type  string   // Go type name, for String of unknown values: "Status"
	Kind  string   // what it names, for errors: "status"
	Names []string // Names[0] is "" (the zero value)
	Err   error    // the package's sentinel for invalid values
}

// Valid reports whether v is a known, non-zero value.
func (e *Names) Valid(v uint8) bool { return v != 0 && int(v) < len(e.Names) }

// String returns v's name, or "Type(n)" for an unknown value.
func (e *Names) String(v uint8) string {
	if e.Valid(v) {
		return e.Names[v]
	}
	return fmt.Sprintf("%s(%d)", e.Type, v)
}

// Marshal returns v's name, or an error matching Err for an invalid value.
func (e *Names) Marshal(v uint8) ([]byte, error) {
	if !e.Valid(v) {
		return nil, rule.New(e.Err, e.Pkg+": cannot marshal invalid "+e.String(v))
	}
	return []byte(e.Names[v]), nil
}

// Parse returns the value named text, or an error matching Err that lists
// the valid names.
func (e *Names) Parse(text []byte) (uint8, error) {
	for i := 1; i < len(e.Names); i++ {
		if e.Names[i] == string(text) {
			return uint8(i), nil
		}
	}
	return 0, rule.New(e.Err, e.Pkg+": unknown "+e.Kind+" "+Quote(string(text))+"; want one of "+strings.Join(e.Names[1:], ", "))
}

// maxQuoted is how much of a rejected input an error message repeats:
// at most 48 bytes of input, quoted in at most 64 bytes (invalid UTF-8
// and control bytes quote as four bytes each).
const (
	maxQuoted    = 48
	maxQuotedOut = 64
)

// Quote returns s quoted for an error message, cut so that hostile input
// cannot bloat logs: at most 48 bytes of s, on a rune boundary, in a
// quoted form of at most 64 bytes, followed by "..." when cut.
func Quote(s string) string {
	if len(s) <= maxQuoted {
		if q := strconv.Quote(s); len(q) <= maxQuotedOut {
			return q
		}
	}
	cut := min(len(s), maxQuoted)
	for {
		for cut > 0 && cut < len(s) && s[cut]&0xC0 == 0x80 { // do not split a UTF-8 sequence
			cut--
		}
		if q := strconv.Quote(s[:cut]); len(q) <= maxQuotedOut {
			return q + "..."
		}
		cut--
	}
}
