package seal

import (
	"context"
	"crypto/rand"
	"sync"

	"golang.org/x/crypto/chacha20poly1305"

	"github.com/lawfulgo/lawful/internal/ctxerr"
)

// KEK is the key-encryption key that wraps subjects' data keys: the seam
// for a key management service. LocalKEK implements it from 32-byte keys
// held in memory; a cloud KMS implements it with its encrypt and decrypt
// calls (the KEK never leaves the KMS; ad is passed as the call's
// additional authenticated data or encryption context, and the key
// version the KMS reports is the ID).
//
// A KEK has versions, each named by an ID of 1 to MaxKEKIDLen bytes of
// printable ASCII, stored with every wrapped key. Rotating the KEK means
// making a new version current while the old ones still unwrap; then
// Sealer.Rotate rewraps every data key under the current version, and the
// old versions may be retired. No sealed value is re-encrypted.
//
// Implementations must be safe for concurrent use, must return errors
// that hold no key material, and should honour ctx (a KMS call's
// deadline).
type KEK interface {
	// Current returns the ID of the version Wrap uses.
	Current() string
	// Wrap seals dek under the current version, binding ad, and returns
	// that version's ID with the wrapped bytes (at most MaxWrappedLen).
	Wrap(ctx context.Context, dek, ad []byte) (id string, wrapped []byte, err error)
	// Unwrap opens wrapped with version id, checking ad, and returns the
	// data key. It returns an error matching ErrUnknownKEK for a version
	// it does not hold, and one matching ErrCannotOpen for wrapped bytes
	// or ad that do not match. The caller zeroes the returned key.
	Unwrap(ctx context.Context, id string, wrapped, ad []byte) ([]byte, error)
}

// KeySize is the length of a data key and of a LocalKEK version's key.
const KeySize = chacha20poly1305.KeySize

// LocalKey is one version of a LocalKEK: its ID and its 32 secret bytes.
type LocalKey struct {
	ID  string
	Key []byte
}

// LocalKEK is a KEK from 32-byte keys held in this process, each version
// sealing data keys with XChaCha20-Poly1305. Load the keys from a secret
// store, never from source code. Build one with NewLocalKEK; it is safe for
// concurrent use. Wrapped keys are 72 bytes: a 24-byte nonce, the 32-byte
// key encrypted, a 16-byte tag.
type LocalKEK struct {
	mu      sync.RWMutex
	current string
	keys    map[string]*[KeySize]byte
}

// NewLocalKEK returns a LocalKEK that wraps with current and unwraps with
// current and every retired version. It copies the keys, so the caller may
// zero its own; IDs must be distinct printable ASCII of 1 to MaxKEKIDLen
// bytes and keys exactly KeySize bytes, else an error matching
// ErrInvalidKEK (which never repeats a key).
func NewLocalKEK(current LocalKey, retired ...LocalKey) (*LocalKEK, error) {
	k := &LocalKEK{current: current.ID, keys: make(map[string]*[KeySize]byte, 1+len(retired))}
	for _, v := range append([]LocalKey{current}, retired...) {
		if !printable(v.ID, MaxKEKIDLen) {
			k.Destroy()
			return nil, bad(ErrInvalidKEK, "seal: KEK version ID must be 1 to %d bytes of printable ASCII (got %d bytes)", MaxKEKIDLen, len(v.ID))
		}
		if len(v.Key) != KeySize {
			k.Destroy()
			return nil, bad(ErrInvalidKEK, "seal: KEK version %q has a %d-byte key; it must be exactly %d random bytes", v.ID, len(v.Key), KeySize)
		}
		if _, dup := k.keys[v.ID]; dup {
			k.Destroy()
			return nil, bad(ErrInvalidKEK, "seal: KEK version %q is given twice; each version needs its own ID", v.ID)
		}
		var b [KeySize]byte
		copy(b[:], v.Key)
		k.keys[v.ID] = &b
	}
	return k, nil
}

// Current implements KEK.
func (k *LocalKEK) Current() string { return k.current }

// Wrap implements KEK.
func (k *LocalKEK) Wrap(ctx context.Context, dek, ad []byte) (string, []byte, error) {
	if err := ctxerr.Err(ctx); err != nil {
		return "", nil, err
	}
	k.mu.RLock()
	defer k.mu.RUnlock()
	key := k.keys[k.current]
	if key == nil {
		return "", nil, errDestroyedKEK()
	}
	aead, err := chacha20poly1305.NewX(key[:])
	if err != nil {
		return "", nil, err
	}
	out := make([]byte, NonceSize, NonceSize+len(dek)+TagSize)
	rand.Read(out)
	out = aead.Seal(out, out, dek, kekAD(k.current, ad))
	return k.current, out, nil
}

// Unwrap implements KEK.
func (k *LocalKEK) Unwrap(ctx context.Context, id string, wrapped, ad []byte) ([]byte, error) {
	if err := ctxerr.Err(ctx); err != nil {
		return nil, err
	}
	k.mu.RLock()
	defer k.mu.RUnlock()
	if k.keys == nil {
		return nil, errDestroyedKEK()
	}
	key := k.keys[id]
	if key == nil {
		return nil, bad(ErrUnknownKEK, "seal: KEK version %q is not held by this LocalKEK; pass it to NewLocalKEK as a retired version until Sealer.Rotate has rewrapped every key", id)
	}
	if len(wrapped) < NonceSize+TagSize {
		return nil, bad(ErrCannotOpen, "seal: wrapped data key under KEK version %q is %d bytes, too short", id, len(wrapped))
	}
	aead, err := chacha20poly1305.NewX(key[:])
	if err != nil {
		return nil, err
	}
	dek, err := aead.Open(nil, wrapped[:NonceSize], wrapped[NonceSize:], kekAD(id, ad))
	if err != nil {
		return nil, bad(ErrCannotOpen, "seal: wrapped data key does not open under KEK version %q: it was wrapped for another subject or key, or altered", id)
	}
	return dek, nil
}

// Destroy zeroes every version's key; afterwards Wrap and Unwrap fail with
// ErrInvalidKEK. Call it when the service shuts down.
func (k *LocalKEK) Destroy() {
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, b := range k.keys {
		clear(b[:])
	}
	k.keys = nil
}

func errDestroyedKEK() error {
	return bad(ErrInvalidKEK, "seal: the LocalKEK was destroyed; build a new one with NewLocalKEK")
}

// kekAD binds a wrapped key to the KEK version and the caller's ad.
func kekAD(id string, ad []byte) []byte {
	b := make([]byte, 0, len("lawful/seal/kek/v1\x00")+1+len(id)+len(ad))
	b = append(b, "lawful/seal/kek/v1\x00"...)
	b = appendStr(b, id)
	return append(b, ad...)
}
