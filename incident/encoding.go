package incident

import (
	"encoding/binary"
	"fmt"

	"github.com/lawfulgo/lawful/internal/wire"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
	"golang.org/x/crypto/blake2b"
)

// encodingVersion is the first byte of the canonical encoding. A new
// encoding gets a new version; old events keep verifying under theirs.
const encodingVersion = 1

// maxCategories bounds the categories of one set when decoding: a
// pii.Set's capacity.
const maxCategories = 256

// Flag bits of the encoding.
const (
	flagPossible = 1 << iota
	flagNationalSecurity
	flagMinors
	flagPartial
	flagMask = flagPossible | flagNationalSecurity | flagMinors | flagPartial
)

// Encode returns the canonical encoding of e without its Hash: a
// versioned, length-prefixed byte string covering every field, Prev
// included. Two events encode equal exactly when their fields are equal
// (times compare at nanosecond precision, ignoring location and monotonic
// reading). Hash is BLAKE2b-256 of this encoding.
func (e *Event) Encode() []byte {
	b := make([]byte, 0, 160+16*len(e.Subjects)+len(e.Text.EN)+len(e.Text.ZH))
	b = append(b, encodingVersion)
	b = append(b, e.Incident[:]...)
	b = binary.AppendUvarint(b, e.Seq)
	b = append(b, byte(e.Kind))
	b = wire.AppendTime(b, e.At)
	b = wire.AppendTime(b, e.Recorded)
	b = wire.AppendString(b, e.Actor)
	b = append(b, byte(e.Nature), e.flags())
	b = wire.AppendTime(b, e.Occurred)
	b = append(b, byte(e.Laws), byte(e.Grade), byte(e.Risk))
	b = appendSet(b, e.Categories)
	b = binary.AppendUvarint(b, uint64(len(e.Subjects)))
	for _, s := range e.Subjects {
		b = append(b, s[:]...)
	}
	b = binary.AppendUvarint(b, uint64(e.Estimate))
	b = append(b, byte(e.Audience), byte(e.Channel))
	n := &e.Notice
	b = appendSet(b, n.Categories)
	for _, t := range [...]purpose.Text{n.Causes, n.Harm, n.Measures, n.SelfHelp} {
		b = appendText(b, t)
	}
	b = wire.AppendString(b, n.Contact)
	b = appendText(b, n.Impractical)
	b = append(b, byte(e.Ground))
	b = wire.AppendTime(b, e.Due)
	b = wire.AppendString(b, e.Ref)
	b = append(b, byte(e.Duty))
	b = appendText(b, e.Text)
	return append(b, e.Prev[:]...)
}

func (e *Event) flags() byte {
	var f byte
	if e.Possible {
		f |= flagPossible
	}
	if e.NationalSecurity {
		f |= flagNationalSecurity
	}
	if e.Minors {
		f |= flagMinors
	}
	if e.Partial {
		f |= flagPartial
	}
	return f
}

// ComputeHash returns BLAKE2b-256 of e.Encode().
func (e *Event) ComputeHash() [32]byte { return blake2b.Sum256(e.Encode()) }

// MarshalBinary returns the form stores persist: the canonical encoding
// followed by the 32-byte Hash.
func (e Event) MarshalBinary() ([]byte, error) {
	return append(e.Encode(), e.Hash[:]...), nil
}

// UnmarshalBinary decodes an event written by MarshalBinary. It fails with
// an error wrapping ErrCorrupt if the bytes are malformed, exceed the
// bounds (MaxText, MaxShort, MaxSubjects), are not the canonical encoding,
// or the trailing hash is not the hash of the rest; on error e is
// unchanged.
func (e *Event) UnmarshalBinary(data []byte) error {
	if len(data) < 33 {
		return fmt.Errorf("%w: %d bytes is too short", ErrCorrupt, len(data))
	}
	body, sum := data[:len(data)-32], data[len(data)-32:]
	if got := blake2b.Sum256(body); string(got[:]) != string(sum) {
		return fmt.Errorf("%w: hash does not match contents", ErrCorrupt)
	}
	d := decoder{wire.NewDecoder(body, ErrCorrupt)}
	var v Event
	if ver := d.Byte(); ver != encodingVersion {
		return fmt.Errorf("%w: encoding version %d, want %d", ErrCorrupt, ver, encodingVersion)
	}
	d.decodeHead(&v)
	d.decodeBody(&v)
	copy(v.Prev[:], d.Bytes(32))
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

func (d *decoder) decodeHead(v *Event) {
	copy(v.Incident[:], d.Bytes(16))
	v.Seq = d.Uvarint()
	v.Kind = Kind(d.Byte())
	v.At = d.Time()
	v.Recorded = d.Time()
	v.Actor = d.String(MaxShort)
	v.Nature = Nature(d.Byte())
	f := d.Byte()
	if f&^flagMask != 0 {
		d.Fail("unknown flag bits")
	}
	v.Possible, v.NationalSecurity = f&flagPossible != 0, f&flagNationalSecurity != 0
	v.Minors, v.Partial = f&flagMinors != 0, f&flagPartial != 0
	v.Occurred = d.Time()
	v.Laws, v.Grade, v.Risk = Laws(d.Byte()), Grade(d.Byte()), Risk(d.Byte())
}

func (d *decoder) decodeBody(v *Event) {
	v.Categories = d.set()
	if n := d.Count(MaxSubjects); n > 0 {
		v.Subjects = make([]subject.ID, n)
		for i := range v.Subjects {
			copy(v.Subjects[i][:], d.Bytes(16))
		}
	}
	est := d.Uvarint()
	if est > MaxEstimate {
		d.Fail("estimate out of range")
	}
	v.Estimate = int64(est)
	v.Audience, v.Channel = Audience(d.Byte()), Channel(d.Byte())
	n := &v.Notice
	n.Categories = d.set()
	n.Causes, n.Harm, n.Measures, n.SelfHelp = d.text(), d.text(), d.text(), d.text()
	n.Contact = d.String(MaxShort)
	n.Impractical = d.text()
	v.Ground = Ground(d.Byte())
	v.Due = d.Time()
	v.Ref = d.String(MaxShort)
	v.Duty = Duty(d.Byte())
	v.Text = d.text()
}

func appendText(b []byte, t purpose.Text) []byte {
	return wire.AppendString(wire.AppendString(b, t.EN), t.ZH)
}

// appendSet writes the set's keys in the taxonomy's order: canonical.
func appendSet(b []byte, s pii.Set) []byte {
	keys := s.Keys()
	b = binary.AppendUvarint(b, uint64(len(keys)))
	for _, k := range keys {
		b = wire.AppendString(b, k)
	}
	return b
}

// decoder reads an event's canonical form (package internal/wire).
type decoder struct{ *wire.Decoder }

func (d *decoder) text() purpose.Text {
	en := d.String(MaxText)
	return purpose.Text{EN: en, ZH: d.String(MaxText)}
}

func (d *decoder) set() pii.Set {
	var s pii.Set
	for range d.Count(maxCategories) {
		c, err := pii.Parse(d.String(MaxShort))
		if err != nil {
			d.Fail("unknown category")
			break
		}
		s = s.With(c)
	}
	return s
}
