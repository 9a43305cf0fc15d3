package retention

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"slices"
	"time"

	"golang.org/x/crypto/blake2b"

	"github.com/lawfulgo/lawful/internal/rule"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

// Proof records that an item was erased: which rule required it, why,
// when it was due, when and how it was erased. It holds no personal
// values: the subject is its random ID and the item's key only a digest.
// Digest covers every other field, so an edited proof fails Verify.
type Proof struct {
	Timer      TimerID
	Subject    subject.ID
	Purpose    purpose.ID
	Categories pii.Set
	// KeyDigest is the BLAKE2b-256 digest of the item's key, in hex.
	KeyDigest string
	Rules     []string
	Cause     Trigger
	Action    Action
	Due       time.Time
	Erased    time.Time
	Attempts  int
	// KeyShredded records that the erasure destroyed the subject's
	// encryption key (crypto-shredding, e.g. pii/seal's Sealer.Shred), so
	// every copy of their sealed data, backups included, is unreadable
	// (PIPL art. 47; GDPR art. 17). It is set from a ShreddingEraser. A
	// Store must keep it: it is covered by Digest.
	KeyShredded bool
	// Digest is the BLAKE2b-256 digest of the fields above, in hex.
	Digest string
}

func (p Proof) clone() Proof {
	p.Rules = slices.Clone(p.Rules)
	return p
}

// newProof returns the proof for erasing t at at, which shredded the
// subject's key if shredded is set.
func newProof(t *Timer, at time.Time, shredded bool) Proof {
	kd := blake2b.Sum256([]byte(t.Key))
	p := Proof{
		Timer: t.ID, Subject: t.Subject, Purpose: t.Purpose, Categories: t.Categories,
		KeyDigest: hex.EncodeToString(kd[:]), Rules: slices.Clone(t.Rules), Cause: t.Cause,
		Action: t.Action, Due: t.Due, Erased: at, Attempts: t.Attempts + 1, KeyShredded: shredded,
	}
	p.Digest = p.digest()
	return p
}

func (p *Proof) digest() string {
	h, _ := blake2b.New256(nil)
	str := func(s string) {
		h.Write(binary.AppendUvarint(nil, uint64(len(s))))
		h.Write([]byte(s))
	}
	num := func(n int64) { h.Write(binary.BigEndian.AppendUint64(nil, uint64(n))) }
	str("lawful/retention.Proof/v1")
	str(string(p.Timer))
	h.Write(p.Subject[:])
	str(string(p.Purpose))
	cats, _ := p.Categories.MarshalText()
	str(string(cats))
	str(p.KeyDigest)
	num(int64(len(p.Rules)))
	for _, r := range p.Rules {
		str(r)
	}
	num(int64(p.Cause))
	num(int64(p.Action))
	num(p.Due.UnixNano())
	num(p.Erased.UnixNano())
	num(int64(p.Attempts))
	if p.KeyShredded {
		// Only when set, so proofs made before the field verify unchanged.
		str("key_shredded")
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Verify reports an error matching ErrProofMismatch if p's fields were
// changed after it was made.
func (p *Proof) Verify() error {
	if p.Digest != p.digest() {
		return rule.New(ErrProofMismatch, fmt.Sprintf("retention: proof for timer %s: the digest does not match its fields; the proof was altered", p.Timer))
	}
	return nil
}

// KeyMatches reports whether key is the item key the proof was made for.
func (p *Proof) KeyMatches(key string) bool {
	kd := blake2b.Sum256([]byte(key))
	return hex.EncodeToString(kd[:]) == p.KeyDigest
}
