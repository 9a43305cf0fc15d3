package seal

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"

	"golang.org/x/crypto/chacha20poly1305"

	"github.com/lawfulgo/lawful/internal/ctxerr"
)

// Sealer seals and opens field values under per-subject data keys, and
// shreds a subject's key on erasure. Build one with New; the zero Sealer
// is not usable (its methods return ErrNotConfigured). A Sealer is safe for
// concurrent use: it holds no mutable state of its own, and what it shares
// (the KeyStore, the KEK) must be safe for concurrent use too.
//
// Each Seal and Open reads the subject's wrapped key from the KeyStore and
// unwraps it with the KEK: a Sealer caches no data key, so a Shred in any
// process takes effect at once in every other.
type Sealer struct {
	keys KeyStore
	kek  KEK
}

// New returns a Sealer keeping data keys in keys, wrapped by kek.
func New(keys KeyStore, kek KEK) (*Sealer, error) {
	if keys == nil || kek == nil {
		return nil, bad(ErrNotConfigured, "seal: New needs a KeyStore (e.g. NewMemKeyStore) and a KEK (e.g. NewLocalKEK)")
	}
	if !printable(kek.Current(), MaxKEKIDLen) {
		return nil, bad(ErrInvalidKEK, "seal: the KEK's current version ID must be 1 to %d bytes of printable ASCII (got %d bytes)", MaxKEKIDLen, len(kek.Current()))
	}
	return &Sealer{keys: keys, kek: kek}, nil
}

func (s *Sealer) ready() error {
	if s == nil || s.keys == nil || s.kek == nil {
		return bad(ErrNotConfigured, "seal: the Sealer was not built with New")
	}
	return nil
}

// Seal encrypts plaintext for f with XChaCha20-Poly1305 under the
// subject's data key, made and stored on first use, and returns the
// ciphertext in the format Parse reads (len(plaintext)+Overhead bytes, one
// allocation besides the cipher's). Encrypting PI at rest is a security
// measure of PIPL art. 51(3) and GDPR art. 32(1)(a); children's PI is to be
// stored encrypted (CPIP art. 13; MOR art. 36).
//
// Errors: ErrInvalidField for a malformed f; ErrTooLarge past
// MaxPlaintext; ErrShredded for a subject whose key was shredded (nothing
// new is sealed for them); the KeyStore's and KEK's errors, wrapped.
func (s *Sealer) Seal(ctx context.Context, f Field, plaintext []byte) ([]byte, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	if err := ctxerr.Err(ctx); err != nil {
		return nil, err
	}
	if err := f.Validate(); err != nil {
		return nil, err
	}
	if len(plaintext) > MaxPlaintext {
		return nil, bad(ErrTooLarge, "seal: plaintext is %d bytes, more than MaxPlaintext (%d); store large objects in a streaming format under their own key", len(plaintext), MaxPlaintext)
	}
	dek, id, err := s.dataKey(ctx, f.Subject, true)
	if err != nil {
		return nil, err
	}
	defer clear(dek)
	aead, err := chacha20poly1305.NewX(dek)
	if err != nil {
		return nil, err
	}
	out := make([]byte, HeaderSize, HeaderSize+len(plaintext)+TagSize)
	out[0], out[1], out[2] = magic0, magic1, Version
	copy(out[3:], id[:])
	rand.Read(out[headerAD:HeaderSize])
	return aead.Seal(out, out[headerAD:HeaderSize], plaintext, valueAD(f, out)), nil
}

// Open decrypts a ciphertext that Seal made for f and returns the
// plaintext.
//
// Errors: ErrInvalidField for a malformed f; ErrMalformed for bytes that
// are not a ciphertext (see Parse); ErrShredded if the subject's key was
// shredded; ErrNoKey if the subject never had one; ErrCannotOpen if the
// value was sealed for another subject, category or purpose, under another
// key, or altered; the KeyStore's and KEK's errors, wrapped.
func (s *Sealer) Open(ctx context.Context, f Field, ciphertext []byte) ([]byte, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	if err := ctxerr.Err(ctx); err != nil {
		return nil, err
	}
	if err := f.Validate(); err != nil {
		return nil, err
	}
	h, err := Parse(ciphertext)
	if err != nil {
		return nil, err
	}
	dek, id, err := s.dataKey(ctx, f.Subject, false)
	if err != nil {
		return nil, err
	}
	defer clear(dek)
	if id != h.Key {
		return nil, bad(ErrCannotOpen, "seal: ciphertext was sealed under data key %s, not the subject's; it belongs to another subject or another key store", h.Key)
	}
	aead, err := chacha20poly1305.NewX(dek)
	if err != nil {
		return nil, err
	}
	pt, err := aead.Open(nil, h.Nonce[:], ciphertext[HeaderSize:], valueAD(f, ciphertext))
	if err != nil {
		return nil, bad(ErrCannotOpen, "seal: ciphertext does not open for this subject, category %s and purpose; it was sealed for another field, or altered", f.Category)
	}
	return pt, nil
}

// Shred destroys subject's data key and leaves a tombstone
// (crypto-shredding): every value sealed for the subject, in every copy
// and every backup of the data, no longer opens, and Open says
// ErrShredded rather than ErrNoKey. Erasure on request or at the end of
// retention, PIPL art. 47 and GDPR art. 17, is met for sealed fields
// without finding each copy. Shred is idempotent, and shredding a subject
// that never had a key still records the tombstone. Backups of the
// KeyStore itself are the exception: see KeyStore.
func (s *Sealer) Shred(ctx context.Context, subject string) error {
	if err := s.ready(); err != nil {
		return err
	}
	if err := ctxerr.Err(ctx); err != nil {
		return err
	}
	if err := CheckSubject(subject); err != nil {
		return err
	}
	if err := s.keys.Destroy(ctx, subject); err != nil {
		return fmt.Errorf("seal: shredding the subject's key: %w", err)
	}
	return nil
}

// dataKey returns subject's data key in clear and its ID, making and
// storing one if create is set and the subject has none. The caller
// zeroes the key.
func (s *Sealer) dataKey(ctx context.Context, subject string, create bool) ([]byte, KeyID, error) {
	k, err := s.keys.Get(ctx, subject)
	switch {
	case err == nil:
	case errors.Is(err, ErrNoKey) && create:
		return s.newDataKey(ctx, subject)
	case errors.Is(err, ErrNoKey), errors.Is(err, ErrShredded):
		return nil, KeyID{}, err
	default:
		return nil, KeyID{}, fmt.Errorf("seal: reading the subject's key: %w", err)
	}
	dek, err := s.unwrap(ctx, k)
	return dek, k.ID, err
}

// newDataKey makes a random data key for subject, wraps it and stores it
// once; if another writer stored one first, it uses theirs.
func (s *Sealer) newDataKey(ctx context.Context, subject string) ([]byte, KeyID, error) {
	dek := make([]byte, KeySize)
	rand.Read(dek)
	var id KeyID
	for id.IsZero() {
		rand.Read(id[:])
	}
	kekID, wrapped, err := s.kek.Wrap(ctx, dek, dekAD(subject, id))
	if err != nil {
		clear(dek)
		return nil, KeyID{}, fmt.Errorf("seal: wrapping a new data key: %w", err)
	}
	stored, err := s.keys.Put(ctx, WrappedKey{Subject: subject, ID: id, KEK: kekID, Wrapped: wrapped})
	switch {
	case err == nil && stored.ID == id:
		return dek, id, nil
	case err == nil: // another writer's key won
		clear(dek)
		dek, err = s.unwrap(ctx, stored)
		return dek, stored.ID, err
	case errors.Is(err, ErrShredded):
		clear(dek)
		return nil, KeyID{}, err
	default:
		clear(dek)
		return nil, KeyID{}, fmt.Errorf("seal: storing a new data key: %w", err)
	}
}

func (s *Sealer) unwrap(ctx context.Context, k WrappedKey) ([]byte, error) {
	dek, err := s.kek.Unwrap(ctx, k.KEK, k.Wrapped, dekAD(k.Subject, k.ID))
	if err != nil {
		return nil, fmt.Errorf("seal: unwrapping the subject's data key %s: %w", k.ID, err)
	}
	if len(dek) != KeySize {
		clear(dek)
		return nil, bad(ErrCannotOpen, "seal: the KEK unwrapped data key %s to %d bytes, not %d", k.ID, len(dek), KeySize)
	}
	return dek, nil
}

// dekAD binds a wrapped data key to its subject and key ID, so a wrapped
// key copied to another subject's row does not unwrap.
func dekAD(subject string, id KeyID) []byte {
	b := make([]byte, 0, len("lawful/seal/dek/v1\x00")+1+len(subject)+KeyIDSize)
	b = append(b, "lawful/seal/dek/v1\x00"...)
	b = appendStr(b, subject)
	return append(b, id[:]...)
}
