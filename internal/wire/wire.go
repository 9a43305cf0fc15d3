// Package wire is the binary codec shared by lawful's hash-chained
// records (consent events, incident events): append helpers that write
// the canonical form, and a Decoder that reads only that form, so that a
// record has exactly one encoding and its hash is the hash of its fields.
//
// The form: unsigned and signed integers as varints (encoding/binary,
// zig-zag for signed) in their shortest encoding, strings as a length
// and the bytes, times as a tag byte (0 for the zero time, else 1)
// followed by Unix seconds and nanoseconds.
package wire

import (
	"encoding/binary"
	"fmt"
	"time"

	"github.com/google/uuid"
)

// AppendString appends s as its length and its bytes.
func AppendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// AppendTime appends 0 for the zero time, else 1, the Unix seconds and
// the nanoseconds. The location is not kept: a decoded time is in UTC.
func AppendTime(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return append(b, 0)
	}
	b = append(b, 1)
	b = binary.AppendVarint(b, t.Unix())
	return binary.AppendUvarint(b, uint64(t.Nanosecond()))
}

// Uvarint is binary.Uvarint accepting only the shortest encoding, the one
// binary.AppendUvarint writes: n is 0 or negative for a padded varint
// (such as 0xdc 0x00 for 92), which would decode to the same value from
// other bytes, as well as for a truncated or overflowing one.
func Uvarint(b []byte) (v uint64, n int) {
	v, n = binary.Uvarint(b)
	if n > 1 && b[n-1] == 0 {
		return 0, 0 // a last byte of zero adds nothing: padded
	}
	return v, n
}

// Decoder reads the canonical form from a byte slice. The first problem
// it meets is kept (Err), wrapping the sentinel given to NewDecoder, and
// every later read returns a zero value, so a caller reads a whole record
// and checks Err once. The zero Decoder reads nothing and reports
// truncation.
type Decoder struct {
	b       []byte
	err     error
	corrupt error
}

// NewDecoder returns a Decoder over b whose errors wrap corrupt (a
// package's ErrCorrupt).
func NewDecoder(b []byte, corrupt error) *Decoder {
	return &Decoder{b: b, corrupt: corrupt}
}

// Err returns the first problem met, or nil.
func (d *Decoder) Err() error { return d.err }

// Len returns how many bytes are left to read.
func (d *Decoder) Len() int { return len(d.b) }

// Fail records msg as the problem, unless one is recorded already, and
// stops reading.
func (d *Decoder) Fail(msg string) {
	if d.err == nil {
		if d.corrupt != nil {
			d.err = fmt.Errorf("%w: %s", d.corrupt, msg)
		} else {
			d.err = fmt.Errorf("wire: %s", msg)
		}
	}
	d.b = nil
}

// Bytes reads n bytes; they alias the input. Past the end it fails and
// returns n zero bytes.
func (d *Decoder) Bytes(n int) []byte {
	if d.err != nil || n < 0 || len(d.b) < n {
		d.Fail("truncated")
		return make([]byte, max(n, 0))
	}
	out := d.b[:n]
	d.b = d.b[n:]
	return out
}

// Byte reads one byte.
func (d *Decoder) Byte() byte { return d.Bytes(1)[0] }

// UUID reads 16 bytes.
func (d *Decoder) UUID() (u uuid.UUID) {
	copy(u[:], d.Bytes(16))
	return u
}

// Uvarint reads an unsigned varint in its shortest encoding.
func (d *Decoder) Uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := Uvarint(d.b)
	if n <= 0 {
		d.Fail("bad varint")
		return 0
	}
	d.b = d.b[n:]
	return v
}

// Varint reads a zig-zag signed varint in its shortest encoding.
func (d *Decoder) Varint() int64 {
	u := d.Uvarint()
	v := int64(u >> 1)
	if u&1 != 0 {
		v = ^v
	}
	return v
}

// Count reads a count of at most limit.
func (d *Decoder) Count(limit int) int {
	n := d.Uvarint()
	if n > uint64(limit) {
		d.Fail(fmt.Sprintf("count %d exceeds %d", n, limit))
		return 0
	}
	return int(n)
}

// String reads a string of at most limit bytes.
func (d *Decoder) String(limit int) string {
	n := d.Uvarint()
	if n > uint64(limit) {
		d.Fail(fmt.Sprintf("string of %d bytes exceeds %d", n, limit))
		return ""
	}
	return string(d.Bytes(int(n)))
}

// Time reads a time written by AppendTime, in UTC.
func (d *Decoder) Time() time.Time {
	switch d.Byte() {
	case 0:
		return time.Time{}
	case 1:
		sec := d.Varint()
		nsec := d.Uvarint()
		if nsec >= 1e9 {
			d.Fail("nanoseconds out of range")
			return time.Time{}
		}
		t := time.Unix(sec, int64(nsec)).UTC()
		if t.IsZero() {
			d.Fail("non-canonical zero time")
		}
		return t
	default:
		d.Fail("bad time tag")
		return time.Time{}
	}
}
