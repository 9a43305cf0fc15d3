package subject

import (
	crand "crypto/rand"
	"encoding/binary"
	"fmt"
	"github.com/lawfulgo/lawful/internal/enum"
	"io"
	"time"

	"github.com/google/uuid"
)

// ID identifies a data subject. It is a UUID: a comparable 16-byte value,
// usable with == and as a map key. The zero ID means "no subject" and is
// invalid everywhere a subject is meant: ParseID refuses it, MarshalText
// fails on it, Subject.Validate reports it and no Directory finds it.
//
// New IDs are version 7 (NewID): time-ordered to the millisecond, which
// keeps database indexes local. An ID says when it was made, to the
// millisecond, and nothing else about the person.
type ID uuid.UUID

// maxUnixMilli is the first millisecond a UUIDv7's 48-bit timestamp cannot
// hold (the year 10889).
const maxUnixMilli = 1 << 48

// NewID returns a version 7 UUID (RFC 9562 §5.7) whose 48-bit big-endian
// timestamp is now in Unix milliseconds and whose remaining 74 bits
// (rand_a, 12 bits; rand_b, 62 bits) come from the first 10 bytes read
// from rand; the version field is 7 and the variant bits are 10. The
// result is a function of now and those bytes only, so a test that fixes
// both gets the same ID every time. A nil rand means crypto/rand.Reader.
//
// IDs made in the same millisecond are ordered by their random bits, not
// by creation (no counter: RFC 9562 §6.2 method 1 is not used).
//
// It fails if now is before 1970-01-01 UTC or after the UUIDv7 range
// (year 10889), wrapping ErrInvalidID, or if rand fails, wrapping its
// error.
func NewID(now time.Time, rand io.Reader) (ID, error) {
	ms := now.UnixMilli()
	if ms < 0 || ms >= maxUnixMilli {
		return ID{}, fail(ErrInvalidID, "subject: new ID: time "+now.UTC().Format(time.RFC3339)+" is outside the UUIDv7 range 1970-10889")
	}
	if rand == nil {
		rand = crand.Reader
	}
	var id ID
	if _, err := io.ReadFull(rand, id[6:]); err != nil {
		return ID{}, fmt.Errorf("subject: new ID: reading random bits: %w", err)
	}
	var ts [8]byte
	binary.BigEndian.PutUint64(ts[:], uint64(ms))
	copy(id[:6], ts[2:])
	id[6] = 0x70 | id[6]&0x0f // version 7 over the high nibble of rand_a
	id[8] = 0x80 | id[8]&0x3f // variant 10 over the top two bits of rand_b
	return id, nil
}

// ParseID parses an ID in any form uuid.Parse accepts: the canonical
// 8-4-4-4-12 hex form in either case, the same in braces or with a
// "urn:uuid:" prefix, or 32 hex digits. Any version and variant is
// accepted; the zero UUID is not. Errors wrap ErrInvalidID.
func ParseID(s string) (ID, error) {
	u, err := uuid.Parse(s)
	if err != nil {
		return ID{}, &problem{msg: "subject: invalid ID " + enum.Quote(s) + ": " + err.Error(), is: [2]error{ErrInvalidID}, cause: err}
	}
	if u == uuid.Nil {
		return ID{}, fail(ErrInvalidID, "subject: invalid ID "+enum.Quote(s)+": the zero UUID is no subject")
	}
	return ID(u), nil
}

// MustParseID is ParseID for IDs written in tests and package variables:
// it panics if s is not a valid ID.
func MustParseID(s string) ID {
	id, err := ParseID(s)
	if err != nil {
		panic(err)
	}
	return id
}

// String returns the canonical lower-case 8-4-4-4-12 form. The zero ID
// prints as "00000000-0000-0000-0000-000000000000".
func (id ID) String() string {
	var buf [36]byte
	encodeCanonical(&buf, id)
	return string(buf[:])
}

// IsZero reports whether id is the zero ID ("no subject").
func (id ID) IsZero() bool { return id == ID{} }

// AppendText appends the canonical form of id to b, like MarshalText.
func (id ID) AppendText(b []byte) ([]byte, error) {
	if id.IsZero() {
		return b, fail(ErrInvalidID, "subject: cannot marshal the zero ID")
	}
	var buf [36]byte
	encodeCanonical(&buf, id)
	return append(b, buf[:]...), nil
}

// MarshalText returns the canonical form of id. The zero ID is an error
// wrapping ErrInvalidID, so "no subject" is never written down as a
// subject.
func (id ID) MarshalText() ([]byte, error) {
	return id.AppendText(make([]byte, 0, 36))
}

// UnmarshalText parses text with ParseID; on error *id is unchanged.
func (id *ID) UnmarshalText(text []byte) error {
	v, err := ParseID(string(text))
	if err != nil {
		return err
	}
	*id = v
	return nil
}

const hexDigits = "0123456789abcdef"

// encodeCanonical writes the 8-4-4-4-12 lower-case form of id into buf.
func encodeCanonical(buf *[36]byte, id ID) {
	j := 0
	for i, c := range id {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			buf[j] = '-'
			j++
		}
		buf[j] = hexDigits[c>>4]
		buf[j+1] = hexDigits[c&0x0f]
		j += 2
	}
}
