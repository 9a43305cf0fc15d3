package wire_test

import (
	"encoding/binary"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/internal/wire"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var errCorrupt = errors.New("corrupt")

func TestRoundTrip(t *testing.T) {
	at := time.Date(2026, 3, 1, 10, 0, 0, 123456789, time.FixedZone("CST", 8*3600))
	id := uuid.MustParse("0192f000-0000-7000-8000-00000000a11c")
	var b []byte
	b = append(b, 7)
	b = append(b, id[:]...)
	b = binary.AppendUvarint(b, 300)
	b = binary.AppendVarint(b, -5)
	b = wire.AppendString(b, "声音")
	b = wire.AppendTime(b, at)
	b = wire.AppendTime(b, time.Time{})
	b = wire.AppendTime(b, time.Unix(-1, 5)) // before 1970
	d := wire.NewDecoder(b, errCorrupt)
	assert.Equal(t, byte(7), d.Byte())
	assert.Equal(t, id, d.UUID())
	assert.Equal(t, 300, d.Count(300))
	assert.Equal(t, int64(-5), d.Varint())
	assert.Equal(t, "声音", d.String(6))
	assert.True(t, d.Time().Equal(at))
	assert.True(t, d.Time().IsZero())
	assert.True(t, d.Time().Equal(time.Unix(-1, 5)))
	require.NoError(t, d.Err())
	assert.Zero(t, d.Len())
}

func TestDecoderRefuses(t *testing.T) {
	for name, tc := range map[string]struct {
		in   []byte
		read func(*wire.Decoder)
	}{
		"truncated_bytes":                     {[]byte{1, 2}, func(d *wire.Decoder) { d.Bytes(3) }},
		"padded_varint_is_not_canonical":      {[]byte{0xdc, 0x00}, func(d *wire.Decoder) { d.Uvarint() }},
		"overflowing_varint":                  {[]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02}, func(d *wire.Decoder) { d.Uvarint() }},
		"count_over_its_limit":                {[]byte{5}, func(d *wire.Decoder) { d.Count(4) }},
		"string_over_its_limit":               {append([]byte{3}, "abc"...), func(d *wire.Decoder) { d.String(2) }},
		"string_longer_than_the_input":        {append([]byte{9}, "abc"...), func(d *wire.Decoder) { d.String(100) }},
		"time_tag_other_than_0_or_1":          {[]byte{2}, func(d *wire.Decoder) { d.Time() }},
		"nanoseconds_of_a_second_or_more":     {binary.AppendUvarint([]byte{1, 0}, 1e9), func(d *wire.Decoder) { d.Time() }},
		"the_zero_time_written_as_an_instant": {binary.AppendUvarint(binary.AppendVarint([]byte{1}, time.Time{}.Unix()), 0), func(d *wire.Decoder) { d.Time() }},
		"negative_length":                     {nil, func(d *wire.Decoder) { d.Bytes(-1) }},
	} {
		t.Run(name, func(t *testing.T) {
			d := wire.NewDecoder(tc.in, errCorrupt)
			tc.read(d)
			assert.ErrorIs(t, d.Err(), errCorrupt)
			assert.Zero(t, d.Len(), "reading stops at the first problem")
		})
	}
}

func TestFirstProblemIsKept(t *testing.T) {
	d := wire.NewDecoder([]byte{0xdc, 0x00}, errCorrupt)
	d.Uvarint()
	first := d.Err()
	d.Count(0)
	d.Fail("later")
	assert.Equal(t, first, d.Err())
	assert.Contains(t, first.Error(), "bad varint")
}

// FuzzDecoder checks that reading any input never panics, that an
// accepted varint is the shortest encoding of its value, and that an
// accepted time re-encodes to the bytes it was read from.
func FuzzDecoder(f *testing.F) {
	f.Add([]byte{0xdc, 0x00})
	f.Add(wire.AppendTime(nil, time.Date(2026, 3, 1, 0, 0, 0, 1, time.UTC)))
	f.Add(wire.AppendString(nil, "abc"))
	f.Fuzz(func(t *testing.T, in []byte) {
		if v, n := wire.Uvarint(in); n > 0 && n != len(binary.AppendUvarint(nil, v)) {
			t.Fatalf("accepted %x as %d, not its shortest encoding", in[:n], v)
		}
		d := wire.NewDecoder(in, errCorrupt)
		at := d.Time()
		if d.Err() == nil {
			if got := wire.AppendTime(nil, at); string(got) != string(in[:len(in)-d.Len()]) {
				t.Fatalf("time %v read from %x re-encodes to %x", at, in[:len(in)-d.Len()], got)
			}
		}
		d = wire.NewDecoder(in, errCorrupt)
		_ = d.String(64)
		_ = d.UUID()
		_ = d.Varint()
		_ = d.Count(10)
		if d.Err() != nil && !errors.Is(d.Err(), errCorrupt) {
			t.Fatalf("error %v does not wrap the sentinel", d.Err())
		}
	})
}
