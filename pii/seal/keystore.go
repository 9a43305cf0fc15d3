package seal

import (
	"bytes"
	"context"
)

// Limits on a WrappedKey, in bytes.
const (
	// MaxKEKIDLen is the longest KEK version ID (a cloud KMS key version's
	// resource name fits).
	MaxKEKIDLen = 255
	// MaxWrappedLen is the longest wrapped data key a KeyStore must hold:
	// LocalKEK's are 72 bytes; a cloud KMS's ciphertext blob is larger.
	MaxWrappedLen = 1024
)

// WrappedKey is a subject's data key (DEK) as a KeyStore holds it: sealed
// by a key-encryption key (KEK), never in clear.
type WrappedKey struct {
	// Subject is the subject key, as in Field.Subject.
	Subject string
	// ID names the data key; every ciphertext sealed with it carries it.
	// It is random and never zero.
	ID KeyID
	// KEK is the ID of the KEK version that wrapped the data key: 1 to
	// MaxKEKIDLen bytes of printable ASCII.
	KEK string
	// Wrapped is the data key sealed by that KEK version, bound to
	// Subject, ID and KEK: 1 to MaxWrappedLen opaque bytes.
	Wrapped []byte
}

// Validate returns an error matching ErrInvalidKey if k is malformed. A
// KeyStore calls it before storing anything.
func (k WrappedKey) Validate() error {
	if !printable(k.Subject, MaxSubjectLen) {
		return bad(ErrInvalidKey, "seal: wrapped key's subject must be 1 to %d bytes of printable ASCII (got %d bytes)", MaxSubjectLen, len(k.Subject))
	}
	if k.ID.IsZero() {
		return bad(ErrInvalidKey, "seal: wrapped key has the zero key ID; data keys get a random ID")
	}
	if !printable(k.KEK, MaxKEKIDLen) {
		return bad(ErrInvalidKey, "seal: wrapped key's KEK ID must be 1 to %d bytes of printable ASCII (got %d bytes)", MaxKEKIDLen, len(k.KEK))
	}
	if len(k.Wrapped) == 0 || len(k.Wrapped) > MaxWrappedLen {
		return bad(ErrInvalidKey, "seal: wrapped key must be 1 to %d bytes (got %d)", MaxWrappedLen, len(k.Wrapped))
	}
	return nil
}

// Clone returns a copy of k whose Wrapped does not share memory with k's.
func (k WrappedKey) Clone() WrappedKey {
	k.Wrapped = bytes.Clone(k.Wrapped)
	return k
}

// KeyStore keeps one wrapped data key per subject, and a tombstone for each
// subject whose key was destroyed. MemKeyStore keeps them in memory;
// sealtest.TestStore checks any implementation against this contract:
//
//   - Every method takes a context first and returns its error, changing
//     nothing, when it is already done.
//   - Subjects are compared as bytes ("a" and "A" are two subjects). Get,
//     Destroy and Stale refuse a malformed subject (CheckSubject; for
//     Stale, a non-empty after) with ErrInvalidField, changing nothing.
//   - Get returns a copy of the subject's key; an error matching ErrNoKey
//     if the subject never had one; an error matching ErrShredded if it
//     was destroyed.
//   - Put stores k if k.Subject has neither a key nor a tombstone, and
//     returns k; if the subject has a key, Put stores nothing and returns
//     the stored key (put-once: concurrent Puts for one subject agree on
//     one key); if the subject has a tombstone, Put stores nothing and
//     returns an error matching ErrShredded. The check and the write are
//     one atomic step. A malformed k (WrappedKey.Validate) is refused
//     with ErrInvalidKey and nothing is stored.
//   - Destroy erases the subject's wrapped key, if any, and records a
//     tombstone, in one atomic step. It is idempotent, and it leaves a
//     tombstone for a subject that never had a key, so no key is ever
//     made for them afterwards. After Destroy returns nil, Get returns
//     ErrShredded and Put and Rewrap store nothing for the subject, for
//     good. The wrapped bytes must be erased, not flagged: a SQL store
//     deletes the row (and should run with secure-delete settings, e.g.
//     SQLite's PRAGMA secure_delete).
//   - Rewrap replaces the stored key with next if the stored key still has
//     old's ID and KEK (compare-and-swap, one atomic step), and returns an
//     error matching ErrConflict, storing nothing, if it does not; an
//     error matching ErrShredded if the subject has a tombstone; ErrNoKey
//     if the subject never had a key. next must name old's subject and ID
//     and be valid, else ErrInvalidKey.
//   - Stale returns, in ascending byte order of subject, up to limit keys
//     whose KEK differs from kek and whose subject sorts after after
//     ("" starts at the first); limit must be positive. Destroyed keys
//     are never returned.
//   - Returned keys never share memory with the store or with the keys
//     passed in: callers zero and modify them freely.
//   - All methods are safe for concurrent use.
//
// Backups: a KeyStore's backups hold wrapped keys, so restoring one would
// bring a shredded key back. Keep the key store's backups apart from the
// data's and shorter-lived; the longest a key-store backup is kept bounds
// how long a shredded subject's data stays recoverable. After a restore,
// replay the tombstones recorded since the backup (a tombstone holds no
// secret, so keep them durably and everywhere).
type KeyStore interface {
	Get(ctx context.Context, subject string) (WrappedKey, error)
	Put(ctx context.Context, k WrappedKey) (WrappedKey, error)
	Destroy(ctx context.Context, subject string) error
	Rewrap(ctx context.Context, old, next WrappedKey) error
	Stale(ctx context.Context, kek, after string, limit int) ([]WrappedKey, error)
}
