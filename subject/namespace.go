package subject

import (
	"fmt"
	"unicode/utf8"

	"golang.org/x/crypto/blake2b"
)

// MaxExternalID bounds the identifiers a Namespace maps, in bytes.
const MaxExternalID = 256

// Namespace maps a service's own subject identifiers (account numbers,
// user names, opaque strings) to IDs, deterministically: the same key
// and identifier always give the same ID, so a service that adopts lawful
// need not store a new ID per person, and can compute a person's ID
// wherever it holds their account number.
//
// An ID is a version 8 UUID (RFC 9562 §5.8) whose 122 free bits are a
// keyed BLAKE2b-256 of the identifier: without the key, nobody can tell
// which account an ID belongs to, or compute the ID of an account; with
// it, anyone can. Keep the key as secret as the mapping deserves, and
// stable: a new key maps every identifier to a new ID (the ledger would
// no longer find anyone). Two identifiers collide with probability about
// n²/2¹²³ among n people: never, in practice.
//
// A Namespace is immutable and safe for concurrent use.
type Namespace struct {
	key []byte
}

// NewNamespace returns a Namespace keyed with key: 16 to 64 random bytes,
// kept secret and never changed.
func NewNamespace(key []byte) (*Namespace, error) {
	if n := len(key); n < 16 || n > blake2b.Size {
		return nil, fail(ErrInvalidID, fmt.Sprintf("subject: namespace key of %d bytes; want 16 to 64 random bytes, kept secret and stable", n))
	}
	return &Namespace{key: append([]byte(nil), key...)}, nil
}

// ID returns the ID of the service's identifier external: 1 to
// MaxExternalID bytes of valid UTF-8. Errors wrap ErrInvalidID and do not
// repeat the identifier, which may itself be personal.
func (ns *Namespace) ID(external string) (ID, error) {
	switch {
	case ns == nil:
		return ID{}, fail(ErrInvalidID, "subject: nil Namespace; build one with NewNamespace")
	case external == "" || len(external) > MaxExternalID:
		return ID{}, fail(ErrInvalidID, fmt.Sprintf("subject: external ID of %d bytes; want 1 to %d", len(external), MaxExternalID))
	case !utf8.ValidString(external):
		return ID{}, fail(ErrInvalidID, "subject: external ID is not valid UTF-8")
	}
	h, _ := blake2b.New256(ns.key) // key length checked by NewNamespace
	h.Write([]byte("lawful/subject/namespace/v1\x00"))
	h.Write([]byte(external))
	var sum [32]byte
	h.Sum(sum[:0])
	var id ID
	copy(id[:], sum[:16])
	id[6] = 0x80 | id[6]&0x0f // version 8
	id[8] = 0x80 | id[8]&0x3f // variant 10
	return id, nil
}
