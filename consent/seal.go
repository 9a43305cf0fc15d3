package consent

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	"github.com/lawfulgo/lawful/subject"
	"golang.org/x/crypto/blake2b"
)

// ErrTampered: a ledger, or its anchored head, does not match what the
// Ledger wrote: an event was edited, inserted, removed, reordered or cut
// from the end, a seal does not verify under the Keys, or the anchored
// head does not match the stored events. Errors of every tamper check
// (*ChainError) match it, and ErrBrokenChain too.
var ErrTampered = errors.New("consent: ledger tampered with")

// Key is one secret key that seals events and anchored heads. ID names it
// in every seal it makes, so that a key can be rotated while events sealed
// with its predecessors still verify.
type Key struct {
	ID     uint32 // any value, unique among a Keys' keys
	Secret []byte // 32 to 64 random bytes, kept outside the database
}

// Keys are the keys a Ledger seals with: a current key that seals new
// events and heads, and retired keys that only verify what they sealed.
// Keep them where the database's writers cannot read them (a KMS, a
// secret store, the service's environment): whoever holds a key can forge
// a seal (see the package documentation's threat model).
//
// Rotate by making a new Key current and passing the old one as retired;
// events keep the ID of the key that sealed them, so nothing is rewritten.
// A retired key can be dropped only once no stored event or anchored head
// names it. Keys are immutable and safe for concurrent use.
type Keys struct {
	current uint32
	ids     []uint32
	secrets [][]byte
}

// NewKeys returns Keys sealing with current and verifying with current and
// retired. Every secret must be 32 to 64 bytes and every ID unique.
func NewKeys(current Key, retired ...Key) (*Keys, error) {
	k := &Keys{current: current.ID}
	for i, key := range append([]Key{current}, retired...) {
		what := "current key"
		if i > 0 {
			what = fmt.Sprintf("retired key %d", i-1)
		}
		if n := len(key.Secret); n < 32 || n > blake2b.Size {
			return nil, fmt.Errorf("%w: %s (ID %d) has a secret of %d bytes; want 32 to 64 random bytes", ErrNotConfigured, what, key.ID, n)
		}
		if slices.Contains(k.ids, key.ID) {
			return nil, fmt.Errorf("%w: %s reuses key ID %d; give every key its own ID", ErrNotConfigured, what, key.ID)
		}
		k.ids = append(k.ids, key.ID)
		k.secrets = append(k.secrets, slices.Clone(key.Secret))
	}
	return k, nil
}

// ephemeralKeys returns Keys with one random key, for a ledger whose
// events live no longer than the process (a MemStore).
func ephemeralKeys() *Keys {
	secret := make([]byte, 32)
	_, _ = rand.Read(secret) // never fails (crypto/rand, Go 1.24+)
	k, _ := NewKeys(Key{ID: 0, Secret: secret})
	return k
}

// Current returns the ID of the key that seals new events.
func (k *Keys) Current() uint32 { return k.current }

func (k *Keys) secret(id uint32) ([]byte, bool) {
	if i := slices.Index(k.ids, id); i >= 0 {
		return k.secrets[i], true
	}
	return nil, false
}

// Domain separation: an event's seal can never be taken for a head's.
const (
	eventDomain = "lawful/consent/event/v1\x00"
	headDomain  = "lawful/consent/head/v1\x00"
)

func mac(secret []byte, domain string, id subject.ID, seq uint64, hash [32]byte) [32]byte {
	h, _ := blake2b.New256(secret) // secret length checked by NewKeys
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], seq)
	h.Write([]byte(domain))
	h.Write(id[:])
	h.Write(b[:])
	h.Write(hash[:])
	var out [32]byte
	h.Sum(out[:0])
	return out
}

// Seal sets e's KeyID and MAC, sealing its Subject, Seq and Hash (set
// Hash first: ComputeHash) with the current key. A Ledger seals what it
// appends; Seal is for tools that write events straight to a store with
// the service's keys (a migration, a benchmark's fixture). Whoever holds
// the keys can seal anything: keep them out of reach (SECURITY.md).
func (k *Keys) Seal(e *Event) { k.seal(e) }

// seal sets e's KeyID and MAC from its Subject, Seq and Hash.
func (k *Keys) seal(e *Event) {
	e.KeyID = k.current
	e.MAC = mac(k.secrets[0], eventDomain, e.Subject, e.Seq, e.Hash)
}

// checkSeal returns "" if e's MAC is a seal of its Subject, Seq and Hash
// under the key it names, else what is wrong.
func (k *Keys) checkSeal(e *Event) string {
	secret, ok := k.secret(e.KeyID)
	if !ok {
		return fmt.Sprintf("sealed with key %d, which the Keys do not hold (add it as a retired key, or the seal is forged)", e.KeyID)
	}
	want := mac(secret, eventDomain, e.Subject, e.Seq, e.Hash)
	if subtle.ConstantTimeCompare(want[:], e.MAC[:]) != 1 {
		return "seal does not verify (the event or its hash was rewritten without the key)"
	}
	return ""
}

// SealedHead is a subject's ledger head sealed with a Key: what an Anchor
// keeps. Its MAC binds the subject, so a head cannot be moved to another.
type SealedHead struct {
	Subject subject.ID
	Head
	KeyID uint32
	MAC   [32]byte
}

// SealHead returns head sealed with the current key.
func (k *Keys) SealHead(id subject.ID, head Head) SealedHead {
	return SealedHead{Subject: id, Head: head, KeyID: k.current, MAC: mac(k.secrets[0], headDomain, id, head.Seq, head.Hash)}
}

// CheckHead returns nil if h is a head sealed by one of k's keys, else an
// error matching ErrTampered.
func (k *Keys) CheckHead(h SealedHead) error {
	secret, ok := k.secret(h.KeyID)
	if ok {
		want := mac(secret, headDomain, h.Subject, h.Seq, h.Hash)
		if subtle.ConstantTimeCompare(want[:], h.MAC[:]) == 1 {
			return nil
		}
	}
	return &ChainError{Index: -1, Seq: h.Seq, Reason: fmt.Sprintf("the anchored head (key %d) does not verify: the anchor was rewritten, or the Keys lack its key", h.KeyID)}
}

// VerifySealed checks a subject's whole ledger against Keys and the head
// an Anchor kept: the hash chain (Verify), every event's seal, and that
// the ledger reaches the anchored head with the same hash there. Events
// after the anchored head are accepted when their seals verify (an append
// whose anchor had not advanced yet); events missing up to it are not.
// anchored is false when the anchor holds no head for the subject.
//
// It returns nil or a *ChainError matching ErrTampered and ErrBrokenChain.
func VerifySealed(events []Event, k *Keys, head SealedHead, anchored bool) error {
	if err := Verify(events); err != nil {
		return err
	}
	for i := range events {
		if why := k.checkSeal(&events[i]); why != "" {
			return &ChainError{Index: i, Seq: events[i].Seq, Reason: why}
		}
	}
	if !anchored {
		return nil
	}
	if err := k.CheckHead(head); err != nil {
		return err
	}
	switch n := uint64(len(events)); {
	case len(events) > 0 && head.Subject != events[0].Subject:
		return &ChainError{Index: -1, Seq: head.Seq, Reason: "the anchored head is another subject's"}
	case head.Seq > n:
		return &ChainError{Index: len(events) - 1, Seq: n, Reason: fmt.Sprintf("the ledger ends at seq %d, but seq %d was anchored (events removed from the end)", n, head.Seq)}
	case head.Seq > 0 && events[head.Seq-1].Hash != head.Hash:
		return &ChainError{Index: int(head.Seq - 1), Seq: head.Seq, Reason: "the event at the anchored seq is not the one anchored (the ledger was rewritten)"}
	}
	return nil
}
