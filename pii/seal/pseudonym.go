package seal

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"sync"
)

// Pseudonym is a deterministic keyed digest of a value: HMAC-SHA256 under
// a Pseudonymizer's key, separated by Domain.
type Pseudonym [sha256.Size]byte

// String returns p in lower-case hex (64 characters), for a lookup column.
func (p Pseudonym) String() string { return hex.EncodeToString(p[:]) }

// Domain separates pseudonyms: the same value gets unrelated pseudonyms in
// two domains, so a lookup column of one purpose cannot be joined with
// another's. Purpose is string(purpose.ID) and Column names the lookup
// column (users.phone_lookup); both are 1 to MaxPurposeLen bytes of
// printable ASCII.
type Domain struct {
	Purpose string
	Column  string
}

// Pseudonymizer makes deterministic keyed pseudonyms for lookup columns:
// find the account with this phone number without storing the number in
// clear, since a sealed value is randomised and cannot be searched.
//
// The linkability trade-off: a pseudonym is the same for the same value in
// one domain, across subjects and over time. That is what makes it
// searchable, and also what makes equal values linkable: whoever reads the
// column sees which rows share a phone number, and whoever holds the key
// can test guesses (phone numbers are few enough to try them all). So the
// key is a secret as strong as a KEK, pseudonyms are personal information
// still (PIPL art. 4 and art. 73(3); GDPR art. 4(5) and recital 26), and a
// pseudonymised column needs the same basis and protection as the value.
//
// Pseudonyms and shredding: the key is service-wide, not a subject's data
// key, because a lookup by value must work before the subject is known. So
// a pseudonym survives Shred: it no longer reveals the value through this
// package, but anyone with the service key can still confirm a guess of it.
// Erasure must therefore delete pseudonym columns with the row (or
// overwrite them), not rely on shredding. A pseudonym derived from the
// subject's data key would die with the key, but could only be searched
// within one subject's rows, which is no lookup at all.
//
// Normalise values before pseudonymising (pii/format's normalisers), or
// "138 0013 8000" and "13800138000" get different pseudonyms. Build a
// Pseudonymizer with NewPseudonymizer; it is safe for concurrent use. Go's
// HMAC keeps copies of the key that cannot be zeroed; keep the process's
// memory private.
type Pseudonymizer struct {
	pool sync.Pool // of hash.Hash, keyed HMAC-SHA256 reset to its start
}

// Key lengths NewPseudonymizer accepts.
const (
	MinPseudonymKey = 32
	MaxPseudonymKey = 64
)

// NewPseudonymizer returns a Pseudonymizer keyed with key: 32 to 64 random
// bytes, kept apart from the KEK. It copies key; the caller may zero its
// own. A short or long key is an error matching ErrInvalidKEK.
func NewPseudonymizer(key []byte) (*Pseudonymizer, error) {
	if len(key) < MinPseudonymKey || len(key) > MaxPseudonymKey {
		return nil, bad(ErrInvalidKEK, "seal: a pseudonym key must be %d to %d random bytes (got %d)", MinPseudonymKey, MaxPseudonymKey, len(key))
	}
	k := append([]byte(nil), key...)
	p := &Pseudonymizer{}
	p.pool.New = func() any { return hmac.New(sha256.New, k) }
	return p, nil
}

// Pseudonym returns value's pseudonym in domain d. It returns an error
// matching ErrInvalidField for a malformed domain and ErrTooLarge for a
// value longer than MaxPlaintext; the error never repeats the value.
func (p *Pseudonymizer) Pseudonym(d Domain, value []byte) (Pseudonym, error) {
	var out Pseudonym
	if p == nil || p.pool.New == nil {
		return out, bad(ErrNotConfigured, "seal: the Pseudonymizer was not built with NewPseudonymizer")
	}
	if !printable(d.Purpose, MaxPurposeLen) || !printable(d.Column, MaxPurposeLen) {
		return out, bad(ErrInvalidField, "seal: a pseudonym domain's purpose and column must each be 1 to %d bytes of printable ASCII (got %d and %d bytes)", MaxPurposeLen, len(d.Purpose), len(d.Column))
	}
	if len(value) > MaxPlaintext {
		return out, bad(ErrTooLarge, "seal: value is %d bytes, more than MaxPlaintext (%d)", len(value), MaxPlaintext)
	}
	h := p.pool.Get().(hash.Hash)
	b := make([]byte, 0, len(pseudoDomain)+2+len(d.Purpose)+len(d.Column))
	b = append(b, pseudoDomain...)
	b = appendStr(b, d.Purpose)
	b = appendStr(b, d.Column)
	h.Write(b)
	h.Write(value)
	h.Sum(out[:0])
	h.Reset()
	p.pool.Put(h)
	return out, nil
}

const pseudoDomain = "lawful/seal/pseudonym/v1\x00"
