package incident

import (
	"encoding/binary"
	"fmt"
	"time"

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
	b = appendTime(b, e.At)
	b = appendTime(b, e.Recorded)
	b = appendString(b, e.Actor)
	b = append(b, byte(e.Nature), e.flags())
	b = appendTime(b, e.Occurred)
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
	b = appendString(b, n.Contact)
	b = appendText(b, n.Impractical)
	b = append(b, byte(e.Ground))
	b = appendTime(b, e.Due)
	b = appendString(b, e.Ref)
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
	d := decoder{b: body}
	var v Event
	if ver := d.byte(); ver != encodingVersion {
		return fmt.Errorf("%w: encoding version %d, want %d", ErrCorrupt, ver, encodingVersion)
	}
	d.decodeHead(&v)
	d.decodeBody(&v)
	copy(v.Prev[:], d.bytes(32))
	if d.err == nil && len(d.b) != 0 {
		d.fail(fmt.Sprintf("%d trailing bytes", len(d.b)))
	}
	if d.err != nil {
		return d.err
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
	copy(v.Incident[:], d.bytes(16))
	v.Seq = d.uvarint()
	v.Kind = Kind(d.byte())
	v.At = d.time()
	v.Recorded = d.time()
	v.Actor = d.string(MaxShort)
	v.Nature = Nature(d.byte())
	f := d.byte()
	if f&^flagMask != 0 {
		d.fail("unknown flag bits")
	}
	v.Possible, v.NationalSecurity = f&flagPossible != 0, f&flagNationalSecurity != 0
	v.Minors, v.Partial = f&flagMinors != 0, f&flagPartial != 0
	v.Occurred = d.time()
	v.Laws, v.Grade, v.Risk = Laws(d.byte()), Grade(d.byte()), Risk(d.byte())
}

func (d *decoder) decodeBody(v *Event) {
	v.Categories = d.set()
	if n := d.count(MaxSubjects); n > 0 {
		v.Subjects = make([]subject.ID, n)
		for i := range v.Subjects {
			copy(v.Subjects[i][:], d.bytes(16))
		}
	}
	est := d.uvarint()
	if est > MaxEstimate {
		d.fail("estimate out of range")
	}
	v.Estimate = int64(est)
	v.Audience, v.Channel = Audience(d.byte()), Channel(d.byte())
	n := &v.Notice
	n.Categories = d.set()
	n.Causes, n.Harm, n.Measures, n.SelfHelp = d.text(), d.text(), d.text(), d.text()
	n.Contact = d.string(MaxShort)
	n.Impractical = d.text()
	v.Ground = Ground(d.byte())
	v.Due = d.time()
	v.Ref = d.string(MaxShort)
	v.Duty = Duty(d.byte())
	v.Text = d.text()
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendText(b []byte, t purpose.Text) []byte {
	return appendString(appendString(b, t.EN), t.ZH)
}

// appendSet writes the set's keys in the taxonomy's order: canonical.
func appendSet(b []byte, s pii.Set) []byte {
	keys := s.Keys()
	b = binary.AppendUvarint(b, uint64(len(keys)))
	for _, k := range keys {
		b = appendString(b, k)
	}
	return b
}

// appendTime writes 0 for the zero time, else 1, seconds and nanoseconds.
func appendTime(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return append(b, 0)
	}
	b = append(b, 1)
	b = binary.AppendVarint(b, t.Unix())
	return binary.AppendUvarint(b, uint64(t.Nanosecond()))
}

type decoder struct {
	b   []byte
	err error
}

func (d *decoder) fail(msg string) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: %s", ErrCorrupt, msg)
	}
	d.b = nil
}

func (d *decoder) bytes(n int) []byte {
	if d.err != nil || len(d.b) < n {
		d.fail("truncated")
		return make([]byte, n)
	}
	out := d.b[:n]
	d.b = d.b[n:]
	return out
}

func (d *decoder) byte() byte { return d.bytes(1)[0] }

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail("bad varint")
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) varint() int64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail("bad varint")
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) count(limit int) int {
	n := d.uvarint()
	if n > uint64(limit) {
		d.fail(fmt.Sprintf("count %d exceeds %d", n, limit))
		return 0
	}
	return int(n)
}

func (d *decoder) string(limit int) string {
	n := d.uvarint()
	if n > uint64(limit) {
		d.fail(fmt.Sprintf("string of %d bytes exceeds %d", n, limit))
		return ""
	}
	return string(d.bytes(int(n)))
}

func (d *decoder) text() purpose.Text {
	en := d.string(MaxText)
	return purpose.Text{EN: en, ZH: d.string(MaxText)}
}

func (d *decoder) set() pii.Set {
	var s pii.Set
	for range d.count(maxCategories) {
		c, err := pii.Parse(d.string(MaxShort))
		if err != nil {
			d.fail("unknown category")
			break
		}
		s = s.With(c)
	}
	return s
}

func (d *decoder) time() time.Time {
	switch d.byte() {
	case 0:
		return time.Time{}
	case 1:
		sec := d.varint()
		nsec := d.uvarint()
		if nsec >= 1e9 {
			d.fail("nanoseconds out of range")
			return time.Time{}
		}
		t := time.Unix(sec, int64(nsec)).UTC()
		if t.IsZero() {
			d.fail("non-canonical zero time")
		}
		return t
	default:
		d.fail("bad time tag")
		return time.Time{}
	}
}
