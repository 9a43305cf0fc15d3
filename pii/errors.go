package pii

import (
	"errors"
	"strings"
)

// Sentinel errors. Errors returned by this package wrap one of them, so
// callers test with errors.Is.
var (
	// ErrUnknownCategory: a key names no registered category or group.
	ErrUnknownCategory = errors.New("pii: unknown category")
	// ErrMalformedKey: a key does not follow the grammar
	// [a-z][a-z0-9_]* per segment, 2 or 3 dot-separated segments.
	ErrMalformedKey = errors.New("pii: malformed category key")
	// ErrDuplicateKey: a key is already registered, or clashes with a group
	// or a leaf (a leaf cannot also be a group).
	ErrDuplicateKey = errors.New("pii: duplicate category key")
	// ErrInvalidDefinition: a Definition's fields are incomplete or out of range.
	ErrInvalidDefinition = errors.New("pii: invalid category definition")
	// ErrFull: the Set's capacity of 255 categories is used up.
	ErrFull = errors.New("pii: category table full")
	// ErrNotLeaf: a group key was given where only a leaf is allowed (struct tags).
	ErrNotLeaf = errors.New("pii: group key where a leaf is required")
)

// UnknownKeyError reports a key that names no category or group, with the
// nearest valid keys. It matches ErrUnknownCategory with errors.Is.
type UnknownKeyError struct {
	Key         string   // the key as given
	Suggestions []string // nearest valid keys, best first; may be empty
}

func (e *UnknownKeyError) Error() string {
	var b strings.Builder
	b.WriteString("pii: unknown category ")
	b.WriteString(quote(e.Key))
	switch len(e.Suggestions) {
	case 0:
		b.WriteString(" (see pii.All for the registered keys)")
	default:
		b.WriteString("; did you mean ")
		for i, s := range e.Suggestions {
			if i > 0 {
				if i == len(e.Suggestions)-1 {
					b.WriteString(" or ")
				} else {
					b.WriteString(", ")
				}
			}
			b.WriteString(quote(s))
		}
		b.WriteString("?")
	}
	return b.String()
}

// Is reports whether target is ErrUnknownCategory.
func (e *UnknownKeyError) Is(target error) bool { return target == ErrUnknownCategory }

func quote(s string) string { return `"` + s + `"` }
