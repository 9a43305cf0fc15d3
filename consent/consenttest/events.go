package consenttest

import (
	"crypto/sha256"
	"encoding/binary"
	"sync/atomic"
	"time"

	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/subject"
)

// Chain returns n events for subject id that form a valid ledger from its
// first event, so that consent.Verify accepts them: grants with Seq 1..n,
// each Prev the Hash of the event before (zero for the first) and each
// Hash its ComputeHash. Event i (from 0) takes effect at start plus i
// minutes and was recorded 1.000000007 seconds later, so nanoseconds must
// survive a store's round trip. IDs are derived from id, Seq and start:
// Chain is deterministic, and chains with different starts have different
// event IDs. n <= 0 yields nil.
//
// Every field a store persists is set in a well-formed way, but the
// purposes are ones no registry declares: the events are for testing
// stores, which do not validate, not Ledgers, which do. To continue a
// chain, Seal more events onto its consent.HeadOf.
func Chain(id subject.ID, n int, start time.Time) []consent.Event {
	if n <= 0 {
		return nil
	}
	events := make([]consent.Event, n)
	for i := range events {
		at := start.Add(time.Duration(i) * time.Minute)
		e := consent.Event{
			Subject: id,
			Kind:    consent.Grant,
			Purposes: []consent.PurposeRef{
				{ID: "consenttest.analytics", Version: 1},
				{ID: "consenttest.marketing", Version: 2},
			},
			Form:       consent.Separate,
			Recipients: []string{"consenttest-processor"},
			Effective:  at,
			Notice:     "consenttest-notice-v1",
			Evidence:   sha256.Sum256([]byte("consenttest evidence " + at.UTC().Format(time.RFC3339Nano))),
			Recorded:   at.Add(time.Second + 7*time.Nanosecond),
		}
		setID(&e, id[:], uint64(i+1), uint64(start.UnixNano()))
		events[i] = e
	}
	return Seal(consent.Head{}, events...)
}

// Seal returns deep copies of events numbered and hash-chained to continue
// the ledger whose last event is head: Seq head.Seq+1, head.Seq+2, ...;
// each Prev the Hash of the event before it (head.Hash for the first); each
// Hash its ComputeHash. Other fields are kept. Pass consent.HeadOf of a
// loaded ledger to build the next events, or the zero Head to start one.
func Seal(head consent.Head, events ...consent.Event) []consent.Event {
	return SealWith(nil, head, events...)
}

// SealWith is Seal that also seals each event with keys (consent.Keys.Seal),
// as a Ledger configured with them would: events a Ledger with those keys
// loads as its own. nil keys seal nothing.
func SealWith(keys *consent.Keys, head consent.Head, events ...consent.Event) []consent.Event {
	if len(events) == 0 {
		return nil
	}
	out := make([]consent.Event, len(events))
	for i, e := range events {
		e = e.Clone()
		e.Seq = head.Seq + 1
		e.Prev = head.Hash
		e.Hash = e.ComputeHash()
		if keys != nil {
			keys.Seal(&e)
		}
		out[i] = e
		head = consent.Head{Seq: e.Seq, Hash: e.Hash}
	}
	return out
}

// setID gives e an ID derived from parts: a version 8 (custom) UUID from
// the first 16 bytes of their SHA-256.
func setID(e *consent.Event, prefix []byte, parts ...uint64) {
	h := sha256.New()
	h.Write([]byte("consenttest event\x00"))
	h.Write(prefix)
	for _, p := range parts {
		h.Write(binary.BigEndian.AppendUint64(nil, p))
	}
	copy(e.ID[:], h.Sum(nil))
	e.ID[6] = 0x80 | e.ID[6]&0x0f
	e.ID[8] = 0x80 | e.ID[8]&0x3f
}

// serial makes the IDs of the suite's own events unique across a test
// binary, so a store that indexes event IDs never sees one twice.
var serial atomic.Uint64

// t0 is the suite's base instant: 2026-03-01 10:00:00.123456789 in
// Shanghai, with nanoseconds and a non-UTC zone that a store need not keep
// (the encoding ignores the zone) but must keep the instant of.
var t0 = time.Date(2026, time.March, 1, 10, 0, 0, 123456789, time.FixedZone("CST", 8*3600))

// Subjects of the suite's ledgers. They need not exist anywhere: stores
// do not look subjects up.
var (
	subjA    = subject.MustParseID("01950000-0000-7000-8000-0000000000a1")
	subjB    = subject.MustParseID("01950000-0000-7000-8000-0000000000b2")
	subjC    = subject.MustParseID("01950000-0000-7000-8000-0000000000c3")
	guardian = subject.MustParseID("01950000-0000-7000-8000-0000000000f1")
)

// subjectN returns the i-th of a family of subjects for the concurrent
// cases.
func subjectN(i int) subject.ID {
	id := subject.MustParseID("01950000-0000-7000-8000-000000010000")
	binary.BigEndian.PutUint16(id[14:], uint16(i))
	return id
}

// grant returns an unsealed grant for id taking effect at at, with a
// fresh unique ID and a notice naming tag, so that racing writers'
// events differ.
func grant(id subject.ID, at time.Time, tag string) consent.Event {
	e := consent.Event{
		Subject:    id,
		Kind:       consent.Grant,
		Purposes:   []consent.PurposeRef{{ID: "consenttest.service", Version: 1}},
		Form:       consent.Click,
		Recipients: []string{"consenttest-processor"},
		Effective:  at,
		Notice:     "consenttest " + tag,
		Recorded:   at.Add(3 * time.Nanosecond),
	}
	setID(&e, id[:], serial.Add(1))
	return e
}

// grants returns n unsealed grants for id, a second apart from at.
func grants(id subject.ID, n int, at time.Time, tag string) []consent.Event {
	out := make([]consent.Event, n)
	for i := range out {
		out[i] = grant(id, at.Add(time.Duration(i)*time.Second), tag)
	}
	return out
}

// varied returns six sealed events for id, Seq 1..6, that between them set
// every field of an Event a store must keep: all three kinds and forms,
// two purposes with versions and version 0, a guardian with a verified
// link, recipients (nil, empty, non-ASCII), expiry, evidence, and times
// with nanoseconds in several zones.
func varied(id subject.ID) []consent.Event {
	utc := t0.UTC()
	verifiedAt := t0.Add(-24*time.Hour + 7*time.Nanosecond)
	events := []consent.Event{
		{
			Kind:       consent.Grant,
			Purposes:   []consent.PurposeRef{{ID: "service.voice_clone", Version: 2}, {ID: "marketing.sms", Version: 1}},
			Form:       consent.Separate,
			Recipients: []string{"acme-cloud", "北京示例科技有限公司"},
			Effective:  t0,
			Expires:    t0.AddDate(1, 0, 0),
			Notice:     "隐私政策 2026-03 v3",
			Evidence:   sha256.Sum256([]byte("the dialog as shown")),
			Recorded:   t0.Add(1500 * time.Millisecond),
		},
		{
			Kind:     consent.Grant,
			Purposes: []consent.PurposeRef{{ID: "account.profile", Version: 7}},
			Form:     consent.Written,
			By: consent.Giver{
				Guardian: guardian,
				Relation: subject.Parent,
				Verified: subject.Verification{Method: subject.Document, At: verifiedAt},
			},
			Recipients: []string{},
			Effective:  t0.Add(time.Hour),
			Notice:     "guardian notice v1",
			Recorded:   utc.Add(time.Hour + 1),
		},
		{
			Kind:       consent.Withdraw,
			Purposes:   []consent.PurposeRef{{ID: "service.voice_clone"}},
			Recipients: []string{"acme-cloud"},
			Effective:  utc.Add(2 * time.Hour),
			Recorded:   utc.Add(2*time.Hour + 999999999),
		},
		{
			Kind:      consent.Expire,
			Purposes:  []consent.PurposeRef{{ID: "marketing.sms"}},
			Effective: t0.AddDate(0, 0, 30),
			Recorded:  t0.AddDate(0, 0, 30).Add(time.Nanosecond),
		},
		{
			Kind:      consent.Grant,
			Purposes:  []consent.PurposeRef{{ID: "marketing.sms", Version: 2}},
			Form:      consent.Click,
			Effective: t0.AddDate(0, 1, 0).In(time.FixedZone("", -5*3600)),
			Notice:    "v4",
			Recorded:  t0.AddDate(0, 1, 0),
		},
		{
			Kind:     consent.Withdraw,
			Purposes: []consent.PurposeRef{{ID: "account.profile"}, {ID: "marketing.sms"}},
			By: consent.Giver{
				Guardian: guardian,
				Relation: subject.Guardian,
				Verified: subject.Verification{Method: subject.InPerson, At: utc},
			},
			Effective: t0.AddDate(0, 2, 0),
			Recorded:  t0.AddDate(0, 2, 0).Add(42),
		},
	}
	for i := range events {
		events[i].Subject = id
		setID(&events[i], id[:], serial.Add(1))
	}
	return Seal(consent.Head{}, events...)
}

// clone deep-copies events.
func clone(events []consent.Event) []consent.Event {
	if events == nil {
		return nil
	}
	out := make([]consent.Event, len(events))
	for i, e := range events {
		out[i] = e.Clone()
	}
	return out
}
