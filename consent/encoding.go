package consent

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/internal/wire"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
	"golang.org/x/crypto/blake2b"
)

// encodingVersion is the first byte of the canonical encoding. A new
// encoding gets a new version; old events keep verifying under theirs.
// Version 2 appends Ends, Categories and Imported; an event whose version
// 2 fields are all zero encodes as version 1, byte for byte what it was,
// so events written before version 2 keep their hashes.
const (
	encodingV1      = 1
	encodingVersion = 2
)

// Bounds on an event's contents, enforced on append and when decoding, so
// hostile input cannot make the decoder allocate without limit.
const (
	MaxPurposes   = 64   // purposes per event
	MaxRecipients = 64   // recipients per event
	MaxText       = 1024 // bytes in a purpose ID, recipient or notice version
	maxCategories = 256  // categories of a Restrict or Lift: a pii.Set's size
)

// ErrCorrupt: an encoded event is malformed or its hash does not match.
var ErrCorrupt = errors.New("consent: corrupt event encoding")

// Encode returns the canonical encoding of e without its Hash: a versioned,
// length-prefixed byte string covering every field, Prev included. Two
// events encode equal exactly when their fields are equal (times compare at
// nanosecond precision, ignoring location and monotonic reading). Hash is
// BLAKE2b-256 of this encoding.
func (e *Event) Encode() []byte {
	b := make([]byte, 0, 192+32*len(e.Purposes)+16*len(e.Recipients)+len(e.Notice))
	v2 := e.Ends != (uuid.UUID{}) || !e.Categories.IsEmpty() || e.Imported
	if v2 {
		b = append(b, encodingVersion)
	} else {
		b = append(b, encodingV1)
	}
	b = append(b, e.Subject[:]...)
	b = append(b, byte(e.Kind))
	b = binary.AppendUvarint(b, e.Seq)
	b = binary.AppendUvarint(b, uint64(len(e.Purposes)))
	for _, p := range e.Purposes {
		b = wire.AppendString(b, string(p.ID))
		b = binary.AppendVarint(b, int64(p.Version))
	}
	b = append(b, byte(e.Form))
	b = append(b, e.By.Guardian[:]...)
	b = append(b, byte(e.By.Relation), byte(e.By.Verified.Method))
	b = wire.AppendTime(b, e.By.Verified.At)
	b = binary.AppendUvarint(b, uint64(len(e.Recipients)))
	for _, r := range e.Recipients {
		b = wire.AppendString(b, r)
	}
	b = wire.AppendTime(b, e.Effective)
	b = wire.AppendTime(b, e.Expires)
	b = wire.AppendString(b, e.Notice)
	b = append(b, e.Evidence[:]...)
	b = append(b, e.ID[:]...)
	b = wire.AppendTime(b, e.Recorded)
	b = append(b, e.Prev[:]...)
	if v2 {
		b = append(b, e.Ends[:]...)
		keys := e.Categories.Keys() // in the taxonomy's order: canonical
		b = binary.AppendUvarint(b, uint64(len(keys)))
		for _, k := range keys {
			b = wire.AppendString(b, k)
		}
		b = append(b, boolByte(e.Imported))
	}
	return b
}

func boolByte(v bool) byte {
	if v {
		return 1
	}
	return 0
}

// ComputeHash returns BLAKE2b-256 of e.Encode().
func (e *Event) ComputeHash() [32]byte { return blake2b.Sum256(e.Encode()) }

// sealedVersion is the first byte of the stored form of a sealed event:
// the seal (key ID and MAC) before the canonical encoding and its hash.
const sealedVersion = 2

// MarshalBinary returns the form stores persist: a version byte, the seal
// (KeyID, MAC), the canonical encoding and the 32-byte Hash.
func (e Event) MarshalBinary() ([]byte, error) {
	body := e.Encode()
	b := make([]byte, 0, 1+binary.MaxVarintLen32+32+len(body)+32)
	b = append(b, sealedVersion)
	b = binary.AppendUvarint(b, uint64(e.KeyID))
	b = append(b, e.MAC[:]...)
	b = append(b, body...)
	return append(b, e.Hash[:]...), nil
}

// UnmarshalBinary decodes an event written by MarshalBinary (or, without
// a seal, by versions before sealing: KeyID and MAC are then zero and a
// Ledger refuses the event). It fails with an error wrapping ErrCorrupt if
// the bytes are malformed, exceed the bounds, or the trailing hash is not
// the hash of the rest; on error e is unchanged. It does not check the
// seal, which needs the Keys.
func (e *Event) UnmarshalBinary(data []byte) error {
	var keyID uint32
	var seal [32]byte
	if len(data) > 0 && data[0] == sealedVersion {
		id, n := wire.Uvarint(data[1:])
		if n <= 0 || id > 1<<32-1 || len(data) < 1+n+32 {
			return fmt.Errorf("%w: malformed seal", ErrCorrupt)
		}
		keyID = uint32(id)
		copy(seal[:], data[1+n:])
		data = data[1+n+32:]
	}
	if err := e.unmarshalBody(data); err != nil {
		return err
	}
	e.KeyID, e.MAC = keyID, seal
	return nil
}

// unmarshalBody decodes the canonical encoding followed by its hash.
func (e *Event) unmarshalBody(data []byte) error {
	if len(data) < 33 {
		return fmt.Errorf("%w: %d bytes is too short", ErrCorrupt, len(data))
	}
	body, sum := data[:len(data)-32], data[len(data)-32:]
	if got := blake2b.Sum256(body); string(got[:]) != string(sum) {
		return fmt.Errorf("%w: hash does not match contents", ErrCorrupt)
	}
	d := decoder{wire.NewDecoder(body, ErrCorrupt)}
	var v Event
	ver := d.Byte()
	if ver != encodingV1 && ver != encodingVersion {
		return fmt.Errorf("%w: encoding version %d, want %d or %d", ErrCorrupt, ver, encodingV1, encodingVersion)
	}
	v.Subject = subject.ID(d.UUID())
	v.Kind = Kind(d.Byte())
	v.Seq = d.Uvarint()
	if n := d.Count(MaxPurposes); n > 0 {
		v.Purposes = make([]PurposeRef, n)
		for i := range v.Purposes {
			v.Purposes[i].ID = purpose.ID(d.String(MaxText))
			ver := d.Varint()
			if ver < 0 || ver > 1<<31-1 {
				d.Fail("purpose version out of range")
			}
			v.Purposes[i].Version = int(ver)
		}
	}
	v.Form = Form(d.Byte())
	v.By.Guardian = subject.ID(d.UUID())
	v.By.Relation = subject.Relation(d.Byte())
	v.By.Verified.Method = subject.Method(d.Byte())
	v.By.Verified.At = d.Time()
	if n := d.Count(MaxRecipients); n > 0 {
		v.Recipients = make([]string, n)
		for i := range v.Recipients {
			v.Recipients[i] = d.String(MaxText)
		}
	}
	v.Effective = d.Time()
	v.Expires = d.Time()
	v.Notice = d.String(MaxText)
	copy(v.Evidence[:], d.Bytes(32))
	v.ID = d.UUID()
	v.Recorded = d.Time()
	copy(v.Prev[:], d.Bytes(32))
	if ver == encodingVersion {
		v.Ends = d.UUID()
		for range d.Count(maxCategories) {
			c, err := pii.Parse(d.String(MaxText))
			if err != nil {
				d.Fail("unknown category")
				break
			}
			v.Categories = v.Categories.With(c)
		}
		switch d.Byte() {
		case 0:
		case 1:
			v.Imported = true
		default:
			d.Fail("bad imported flag")
		}
	}
	if d.Err() == nil && d.Len() != 0 {
		d.Fail(fmt.Sprintf("%d trailing bytes", d.Len()))
	}
	if d.Err() != nil {
		return d.Err()
	}
	// Only the canonical encoding is accepted, so that a decoded event's
	// Hash is always ComputeHash of its fields.
	if string(v.Encode()) != string(body) {
		return fmt.Errorf("%w: non-canonical encoding", ErrCorrupt)
	}
	copy(v.Hash[:], sum)
	*e = v
	return nil
}

// decoder reads an event's canonical form (package internal/wire).
type decoder struct{ *wire.Decoder }
