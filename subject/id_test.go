package subject_test

import (
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/subject"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewID(t *testing.T) {
	// RFC 9562 Appendix A.6: 2022-02-22 14:22:22.00 -05:00, rand_a 0xCC3,
	// rand_b 0x18C4DC0C0C07398F.
	rfcTime := time.Date(2022, time.February, 22, 14, 22, 22, 0, time.FixedZone("EST", -5*60*60))
	rfcRand := []byte{0x0C, 0xC3, 0x18, 0xC4, 0xDC, 0x0C, 0x0C, 0x07, 0x39, 0x8F}

	t.Run("matches_the_test_vector_RFC9562_appendix_A6", func(t *testing.T) {
		id, err := subject.NewID(rfcTime, seq(rfcRand...))
		require.NoError(t, err)
		assert.Equal(t, "017f22e2-79b0-7cc3-98c4-dc0c0c07398f", id.String())
	})

	t.Run("layout_is_48_bit_ms_timestamp_version_7_variant_10_RFC9562_5_7", func(t *testing.T) {
		now := time.UnixMilli(0x0123_4567_89ab).Add(999 * time.Microsecond) // sub-ms part is dropped
		for _, fill := range []byte{0x00, 0xff, 0x5a} {
			id, err := subject.NewID(now, constReader(fill))
			require.NoError(t, err)
			assert.Equal(t, []byte{0x01, 0x23, 0x45, 0x67, 0x89, 0xab}, id[:6], "unix_ts_ms, big-endian")
			assert.Equal(t, byte(0x70), id[6]&0xf0, "version 7")
			assert.Equal(t, byte(0x80), id[8]&0xc0, "variant 10")
			assert.Equal(t, fill&0x0f, id[6]&0x0f, "rand_a high nibble from rand")
			assert.Equal(t, fill, id[7], "rand_a low byte from rand")
			assert.Equal(t, fill&0x3f, id[8]&0x3f, "rand_b top 6 bits from rand")
			for i := 9; i < 16; i++ {
				assert.Equal(t, fill, id[i], "rand_b byte %d from rand", i)
			}
			u := uuid.UUID(id)
			assert.Equal(t, uuid.Version(7), u.Version())
			assert.Equal(t, uuid.RFC4122, u.Variant())
			sec, nsec := u.Time().UnixTime()
			assert.Equal(t, now.Truncate(time.Millisecond), time.Unix(sec, nsec), "uuid reads the same timestamp back")
		}
	})

	t.Run("deterministic_given_time_and_random_bytes", func(t *testing.T) {
		a, err := subject.NewID(rfcTime, seq(rfcRand...))
		require.NoError(t, err)
		b, err := subject.NewID(rfcTime, seq(rfcRand...))
		require.NoError(t, err)
		assert.Equal(t, a, b)
		c, err := subject.NewID(rfcTime.Add(time.Millisecond), seq(rfcRand...))
		require.NoError(t, err)
		assert.NotEqual(t, a, c)
		assert.Less(t, a.String(), c.String(), "a later millisecond sorts later")
	})

	t.Run("reads_exactly_10_random_bytes", func(t *testing.T) {
		r := seq(append(rfcRand, 0xEE)...)
		_, err := subject.NewID(rfcTime, r)
		require.NoError(t, err)
		assert.Equal(t, 1, r.Len())
	})

	t.Run("nil_rand_uses_crypto_rand", func(t *testing.T) {
		a, err := subject.NewID(rfcTime, nil)
		require.NoError(t, err)
		b, err := subject.NewID(rfcTime, nil)
		require.NoError(t, err)
		assert.NotEqual(t, a, b)
		assert.Equal(t, a[:6], b[:6])
	})

	t.Run("unix_epoch_is_the_first_millisecond", func(t *testing.T) {
		id, err := subject.NewID(time.Unix(0, 0), constReader(0))
		require.NoError(t, err)
		assert.Equal(t, "00000000-0000-7000-8000-000000000000", id.String())
		assert.False(t, id.IsZero(), "version and variant bits make every new ID non-zero")
	})

	errorCases := []struct {
		name string
		now  time.Time
		rand io.Reader
		want error
	}{
		{"before_1970_is_outside_UUIDv7", time.Unix(0, 0).Add(-time.Millisecond), constReader(1), subject.ErrInvalidID},
		{"zero_time_is_outside_UUIDv7", time.Time{}, constReader(1), subject.ErrInvalidID},
		{"year_10889_is_outside_UUIDv7", time.UnixMilli(1 << 48), constReader(1), subject.ErrInvalidID},
		{"short_random_is_an_error", rfcTime, seq(1, 2, 3), io.ErrUnexpectedEOF},
		{"failing_random_is_an_error", rfcTime, iotest.ErrReader(errors.New("entropy gone")), nil},
	}
	for _, tt := range errorCases {
		t.Run(tt.name, func(t *testing.T) {
			id, err := subject.NewID(tt.now, tt.rand)
			require.Error(t, err)
			assert.True(t, id.IsZero())
			assert.True(t, strings.HasPrefix(err.Error(), "subject: "), err.Error())
			if tt.want != nil {
				assert.ErrorIs(t, err, tt.want)
			}
		})
	}
	t.Run("last_millisecond_of_UUIDv7_is_accepted", func(t *testing.T) {
		id, err := subject.NewID(time.UnixMilli(1<<48-1), constReader(0))
		require.NoError(t, err)
		assert.Equal(t, "ffffffff-ffff-7000-8000-000000000000", id.String())
	})
}

func TestParseID(t *testing.T) {
	const canonical = "0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b"
	tests := []struct {
		name string
		in   string
		ok   bool
	}{
		{"canonical_lower_case", canonical, true},
		{"upper_case_as_uuid_Parse", strings.ToUpper(canonical), true},
		{"braces_as_uuid_Parse", "{" + canonical + "}", true},
		{"urn_prefix_as_uuid_Parse", "urn:uuid:" + canonical, true},
		{"32_hex_digits_as_uuid_Parse", strings.ReplaceAll(canonical, "-", ""), true},
		{"version_4_is_accepted", "f47ac10b-58cc-4372-a567-0e02b2c3d479", true},
		{"zero_UUID_is_no_subject", "00000000-0000-0000-0000-000000000000", false},
		{"zero_UUID_in_32_hex_is_no_subject", strings.Repeat("0", 32), false},
		{"empty", "", false},
		{"too_short", canonical[:35], false},
		{"not_hex", strings.Replace(canonical, "a", "g", 1), false},
		{"misplaced_hyphen", "0190a1b2c-3d4-7e5f-8a6b-7c8d9e0f1a2b", false},
		{"surrounding_space", " " + canonical, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, err := subject.ParseID(tt.in)
			if !tt.ok {
				require.Error(t, err)
				assert.ErrorIs(t, err, subject.ErrInvalidID)
				assert.True(t, strings.HasPrefix(err.Error(), "subject: invalid ID"), err.Error())
				assert.True(t, id.IsZero())
				return
			}
			require.NoError(t, err)
			assert.Equal(t, uuid.MustParse(tt.in).String(), id.String())
			back, err := subject.ParseID(id.String())
			require.NoError(t, err)
			assert.Equal(t, id, back)
		})
	}
	t.Run("uuid_Parse_error_is_wrapped", func(t *testing.T) {
		_, err := subject.ParseID("nope")
		var inner error = errors.Unwrap(err)
		assert.Error(t, inner, "the uuid package's error is kept for errors.As/Is")
	})
}

func TestMustParseID(t *testing.T) {
	assert.Equal(t, idA, subject.MustParseID(idA.String()))
	assert.PanicsWithError(t, `subject: invalid ID "00000000-0000-0000-0000-000000000000": the zero UUID is no subject`, func() {
		subject.MustParseID("00000000-0000-0000-0000-000000000000")
	})
}

func TestIDText(t *testing.T) {
	t.Run("round_trips_through_JSON_as_value_and_map_key", func(t *testing.T) {
		type doc struct {
			Who  subject.ID            `json:"who"`
			Seen map[subject.ID]string `json:"seen"`
		}
		in := doc{Who: idA, Seen: map[subject.ID]string{idB: "b"}}
		b, err := json.Marshal(in)
		require.NoError(t, err)
		assert.JSONEq(t, `{"who":"`+idA.String()+`","seen":{"`+idB.String()+`":"b"}}`, string(b))
		var out doc
		require.NoError(t, json.Unmarshal(b, &out))
		assert.Equal(t, in, out)
	})
	t.Run("zero_ID_does_not_marshal", func(t *testing.T) {
		_, err := subject.ID{}.MarshalText()
		assert.ErrorIs(t, err, subject.ErrInvalidID)
		_, err = json.Marshal(struct{ ID subject.ID }{})
		assert.ErrorIs(t, err, subject.ErrInvalidID)
		b, err := subject.ID{}.AppendText([]byte("x"))
		assert.ErrorIs(t, err, subject.ErrInvalidID)
		assert.Equal(t, "x", string(b))
	})
	t.Run("append_text_appends", func(t *testing.T) {
		b, err := idA.AppendText([]byte("id="))
		require.NoError(t, err)
		assert.Equal(t, "id="+idA.String(), string(b))
	})
	t.Run("unmarshal_error_leaves_value", func(t *testing.T) {
		id := idA
		assert.ErrorIs(t, id.UnmarshalText([]byte("nope")), subject.ErrInvalidID)
		assert.ErrorIs(t, id.UnmarshalText(nil), subject.ErrInvalidID)
		assert.Equal(t, idA, id)
		require.NoError(t, id.UnmarshalText([]byte(strings.ToUpper(idB.String()))))
		assert.Equal(t, idB, id)
	})
	t.Run("string_is_canonical_lower_case", func(t *testing.T) {
		assert.Equal(t, "00000000-0000-0000-0000-000000000000", subject.ID{}.String())
		assert.Equal(t, uuid.UUID(idA).String(), idA.String())
		assert.True(t, subject.ID{}.IsZero())
		assert.False(t, idA.IsZero())
	})
}

func TestErrorsDoNotRepeatLongInput(t *testing.T) {
	long := strings.Repeat("x", 1<<20)
	_, err := subject.ParseID(long)
	require.ErrorIs(t, err, subject.ErrInvalidID)
	assert.Less(t, len(err.Error()), 200)
	assert.Contains(t, err.Error(), `"`+strings.Repeat("x", 48)+`"...`)
	_, err = subject.ParseDate(long)
	require.ErrorIs(t, err, subject.ErrInvalidDate)
	assert.Less(t, len(err.Error()), 200)
	var s subject.Status
	err = s.UnmarshalText([]byte(long))
	require.ErrorIs(t, err, subject.ErrInvalidValue)
	assert.Less(t, len(err.Error()), 200)
}
