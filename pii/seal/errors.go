package seal

import (
	"errors"
	"fmt"

	"github.com/lawfulgo/lawful/internal/rule"
)

// Sentinel errors. Errors returned by this package match one of them with
// errors.Is; their messages say what was wrong and how to fix it, and never
// repeat a plaintext, a key or a subject's value.
var (
	// ErrShredded: the subject's data key was destroyed by Shred (crypto-
	// shredding, PIPL art. 47; GDPR art. 17). Nothing sealed for the
	// subject opens again, and nothing new is sealed for them.
	ErrShredded = errors.New("seal: subject's key was shredded")
	// ErrNoKey: the subject never had a data key, so nothing was ever
	// sealed for them under this key store.
	ErrNoKey = errors.New("seal: subject has no key")
	// ErrCannotOpen: a well-formed ciphertext did not open: it was sealed
	// for another subject, category or purpose, under another key, or it
	// was altered. The reason is deliberately not told apart.
	ErrCannotOpen = errors.New("seal: ciphertext does not open")
	// ErrMalformed: bytes are not a ciphertext of a known format version.
	ErrMalformed = errors.New("seal: malformed ciphertext")
	// ErrTooLarge: a plaintext is longer than MaxPlaintext.
	ErrTooLarge = errors.New("seal: plaintext too large")
	// ErrInvalidField: a Field's subject, category or purpose is missing
	// or out of range.
	ErrInvalidField = errors.New("seal: invalid field")
	// ErrInvalidKey: a WrappedKey given to a KeyStore is malformed.
	ErrInvalidKey = errors.New("seal: invalid wrapped key")
	// ErrConflict: a KeyStore's Rewrap found the stored key changed since
	// it was read (another rotation won the race).
	ErrConflict = errors.New("seal: key changed concurrently")
	// ErrUnknownKEK: a KEK provider does not hold the named key version.
	ErrUnknownKEK = errors.New("seal: unknown key-encryption key")
	// ErrInvalidKEK: a key-encryption key or its ID is malformed.
	ErrInvalidKEK = errors.New("seal: invalid key-encryption key")
	// ErrNotConfigured: a Sealer or Pseudonymizer lacks a dependency.
	ErrNotConfigured = errors.New("seal: not configured")
)

// bad returns a rule error for sentinel with a formatted message.
func bad(sentinel error, format string, args ...any) error {
	return rule.New(sentinel, fmt.Sprintf(format, args...))
}
