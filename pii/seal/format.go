package seal

import (
	"encoding/hex"

	"golang.org/x/crypto/chacha20poly1305"
)

// The ciphertext format, version 1. Every sealed value is
//
//	offset  size  field
//	0       2     magic "LS" (0x4c 0x53)
//	2       1     version, 1
//	3       16    key ID: the KeyID of the subject's data key (DEK)
//	19      24    nonce: random, XChaCha20-Poly1305's 192-bit nonce
//	43      n+16  the plaintext's n bytes encrypted, then the 16-byte tag
//
// so a value grows by Overhead (59) bytes. The associated data the tag
// covers is the Field (subject, category key, purpose, each prefixed by
// its length in one byte, after the domain "lawful/seal/value/v1\x00")
// followed by bytes 0 to 18 of the header, so neither the field nor the
// version nor the key ID can be changed without the value failing to
// open.
//
// A ciphertext names its data key, not the key-encryption key (KEK):
// the KEK wraps the data key in the KeyStore, and the WrappedKey names
// the KEK version. Rotating the KEK rewraps data keys and leaves every
// ciphertext as it is.
//
// A later version will take a new version byte; Parse refuses versions it
// does not know with ErrMalformed, never guessing.
const (
	// Version is the ciphertext format version Seal writes.
	Version = 1
	// KeyIDSize is the length of a KeyID.
	KeyIDSize = 16
	// NonceSize is the length of the random nonce.
	NonceSize = chacha20poly1305.NonceSizeX
	// TagSize is the length of the authentication tag.
	TagSize = chacha20poly1305.Overhead
	// HeaderSize is the length of the header before the encrypted bytes.
	HeaderSize = 2 + 1 + KeyIDSize + NonceSize
	// Overhead is how many bytes sealing adds to a plaintext.
	Overhead = HeaderSize + TagSize
	// MaxPlaintext is the longest value Seal accepts: 1 MiB. Field
	// encryption is for column values (numbers, addresses, documents'
	// text), sealed and opened whole in memory; larger objects belong in a
	// streaming format under a key of their own.
	MaxPlaintext = 1 << 20
)

const (
	magic0, magic1 = 'L', 'S'
	headerAD       = 2 + 1 + KeyIDSize // magic, version, key ID
)

// KeyID names a subject's data key. It is random, so it tells nothing
// about the subject; the zero KeyID names no key.
type KeyID [KeyIDSize]byte

// String returns id in lower-case hex.
func (id KeyID) String() string { return hex.EncodeToString(id[:]) }

// IsZero reports whether id is the zero KeyID.
func (id KeyID) IsZero() bool { return id == KeyID{} }

// Header is the parsed header of a ciphertext.
type Header struct {
	// Version is the format version, 1.
	Version byte
	// Key names the data key the value was sealed with.
	Key KeyID
	// Nonce is the value's nonce.
	Nonce [NonceSize]byte
	// PlaintextLen is the length of the sealed plaintext.
	PlaintextLen int
}

// Parse reads the header of a ciphertext without opening it. It returns an
// error matching ErrMalformed for bytes that are too short, carry another
// magic or an unknown version, name the zero key, or would open to more
// than MaxPlaintext bytes. Parse never panics, and allocates only for an error.
func Parse(ciphertext []byte) (Header, error) {
	var h Header
	if len(ciphertext) < Overhead {
		return h, bad(ErrMalformed, "seal: ciphertext is %d bytes, shorter than the %d bytes every sealed value has; pass the bytes Seal returned, unchanged", len(ciphertext), Overhead)
	}
	if ciphertext[0] != magic0 || ciphertext[1] != magic1 {
		return h, bad(ErrMalformed, "seal: ciphertext does not start with the magic \"LS\"; it is not a sealed value (or was encoded, e.g. as base64, and not decoded)")
	}
	if ciphertext[2] != Version {
		return h, bad(ErrMalformed, "seal: ciphertext format version %d is unknown; this package reads version %d", ciphertext[2], Version)
	}
	h.Version = ciphertext[2]
	copy(h.Key[:], ciphertext[3:3+KeyIDSize])
	if h.Key.IsZero() {
		return Header{}, bad(ErrMalformed, "seal: ciphertext names the zero key ID, which no data key has")
	}
	copy(h.Nonce[:], ciphertext[3+KeyIDSize:HeaderSize])
	h.PlaintextLen = len(ciphertext) - Overhead
	if h.PlaintextLen > MaxPlaintext {
		return Header{}, bad(ErrMalformed, "seal: ciphertext would open to %d bytes, more than MaxPlaintext (%d)", h.PlaintextLen, MaxPlaintext)
	}
	return h, nil
}
