package incident_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/incident"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/blake2b"
)

// full returns a chain of n events of one incident with every field set.
func full(n int) []incident.Event {
	id := uuid.MustParse("01900000-0000-7000-8000-000000000001")
	out := make([]incident.Event, n)
	var prev [32]byte
	for i := range out {
		e := incident.Event{Incident: id, Seq: uint64(i + 1), Kind: incident.Notified, At: t0.Add(time.Duration(i) * time.Second),
			Recorded: t0.Add(time.Duration(i)*time.Second + 123), Actor: "soc", Nature: incident.Leak | incident.Tampering,
			Possible: true, Occurred: t0.Add(-time.Hour), Laws: incident.PIPL | incident.GDPR, Grade: incident.Major, Risk: incident.RiskHigh,
			NationalSecurity: true, Categories: voice, Subjects: []subject.ID{subject.ID(id)}, Estimate: 42, Minors: true,
			Audience: incident.Guardians, Channel: incident.Letter, Partial: true, Notice: complete, Ground: incident.RiskNoLongerLikely,
			Due: t0.Add(time.Hour), Ref: "r", Duty: incident.NotifyGuardians, Text: purpose.Text{EN: "e", ZH: "中"}, Prev: prev}
		if i == 0 {
			e.Kind = incident.Opened
		}
		e.Hash = e.ComputeHash()
		prev = e.Hash
		out[i] = e
	}
	return out
}

func TestMarshalRoundTrip(t *testing.T) {
	for _, e := range append(full(2), incident.Event{Kind: incident.Opened, Seq: 1}) {
		e.Hash = e.ComputeHash()
		b, err := e.MarshalBinary()
		require.NoError(t, err)
		var got incident.Event
		require.NoError(t, got.UnmarshalBinary(b))
		assert.Equal(t, e.Encode(), got.Encode())
		assert.Equal(t, e.Hash, got.Hash)
	}
}

func TestUnmarshalRefuses(t *testing.T) {
	e := full(1)[0]
	good, _ := e.MarshalBinary()
	rehash := func(body []byte) []byte {
		sum := blake2b.Sum256(body)
		return append(append([]byte(nil), body...), sum[:]...)
	}
	body := good[:len(good)-32]
	for name, data := range map[string][]byte{
		"short":          good[:10],
		"bad_hash":       append(append([]byte(nil), body...), make([]byte, 32)...),
		"bad_version":    rehash(append([]byte{9}, body[1:]...)),
		"trailing_bytes": rehash(append(append([]byte(nil), body...), 0)),
		"truncated_body": rehash(body[:len(body)-5]),
		"huge_string":    rehash(binary.AppendUvarint(append(append([]byte{1}, body[1:17]...), 1, byte(incident.Opened), 0, 0), 1<<40)),
	} {
		var got incident.Event
		err := got.UnmarshalBinary(data)
		assert.ErrorIs(t, err, incident.ErrCorrupt, name)
		assert.Equal(t, incident.Event{}, got, "%s: unchanged on error", name)
	}
}

func TestVerify(t *testing.T) {
	good := full(4)
	require.NoError(t, incident.Verify(good))
	require.NoError(t, incident.VerifyHead(good, incident.HeadOf(good)))
	head := incident.HeadOf(good)
	for name, tc := range map[string]struct {
		edit    func([]incident.Event) []incident.Event
		useHead bool
	}{
		"edit":    {func(e []incident.Event) []incident.Event { e[2].Ref = "x"; return e }, false},
		"delete":  {func(e []incident.Event) []incident.Event { return append(e[:1], e[2:]...) }, false},
		"reorder": {func(e []incident.Event) []incident.Event { e[1], e[2] = e[2], e[1]; return e }, false},
		"insert": {func(e []incident.Event) []incident.Event {
			return append(e[:2], append([]incident.Event{e[1]}, e[2:]...)...)
		}, false},
		"truncate": {func(e []incident.Event) []incident.Event { return e[:3] }, true},
		"opening_not_first": {func(e []incident.Event) []incident.Event {
			e[0].Kind = incident.Remediated
			e[0].Hash = e[0].ComputeHash()
			for i := 1; i < len(e); i++ {
				e[i].Prev = e[i-1].Hash
				e[i].Hash = e[i].ComputeHash()
			}
			return e
		}, false},
	} {
		t.Run(name, func(t *testing.T) {
			evs := tc.edit(cloneAll(good))
			var err error
			if tc.useHead {
				require.NoError(t, incident.Verify(evs), "a cut chain verifies on its own")
				err = incident.VerifyHead(evs, head)
			} else {
				err = incident.Verify(evs)
			}
			require.ErrorIs(t, err, incident.ErrTampered)
			_, ok := errors.AsType[*incident.ChainError](err)
			assert.True(t, ok)
		})
	}
}

func cloneAll(evs []incident.Event) []incident.Event {
	out := make([]incident.Event, len(evs))
	for i, e := range evs {
		out[i] = e.Clone()
	}
	return out
}

// FuzzUnmarshalEvent: the stored-form decoder never panics, refuses with
// ErrCorrupt, and what it accepts re-encodes to the same bytes.
func FuzzUnmarshalEvent(f *testing.F) {
	for _, e := range full(2) {
		b, _ := e.MarshalBinary()
		f.Add(b)
	}
	min := incident.Event{Kind: incident.Opened, Seq: 1}
	min.Hash = min.ComputeHash()
	b, _ := min.MarshalBinary()
	f.Add(b)
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		var e incident.Event
		if err := e.UnmarshalBinary(data); err != nil {
			if !errors.Is(err, incident.ErrCorrupt) {
				t.Fatalf("error %v does not match ErrCorrupt", err)
			}
			return
		}
		again, _ := e.MarshalBinary()
		if !bytes.Equal(again, data) {
			t.Fatalf("accepted input does not re-encode to itself")
		}
		if len(e.Subjects) > incident.MaxSubjects || len(e.Text.EN) > incident.MaxText {
			t.Fatalf("decoded past the bounds")
		}
		_ = e.Categories.Union(pii.Set{})
	})
}
