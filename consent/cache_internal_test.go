package consent

import (
	"context"
	"encoding/binary"
	"testing"
	"time"

	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

// TestSnapshotCacheIsBounded: the Ledger keeps at most CacheSize
// snapshots, and none for subjects that exist nowhere (issue 15 §4).
func TestSnapshotCacheIsBounded(t *testing.T) {
	reg := purpose.MustCompile(purpose.Policy{
		Name: purpose.Text{EN: "cache"}, Regimes: []pii.Law{pii.PIPL},
		Retention: []purpose.Retention{{ID: "r", Summary: purpose.Text{EN: "Until closed"}}},
		Purposes: []purpose.Purpose{{ID: "marketing.sms", Name: purpose.Text{EN: "SMS"}, Versions: []purpose.Version{{Number: 1}},
			Required: pii.MustParseSet("contact.phone"), Operations: purpose.OperationsOf(purpose.Use), Basis: purpose.Legal{Basis: purpose.Consent}, Retention: "r"}},
	})
	birth, _ := subject.NewDate(1990, 1, 1)
	dir := &subject.MemDirectory{}
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	ids := make([]subject.ID, 500)
	for i := range ids {
		binary.BigEndian.PutUint64(ids[i][:8], 0x0192f00000007000|uint64(i)<<16)
		binary.BigEndian.PutUint64(ids[i][8:], 0x8000000000000000|uint64(i)*0x9e3779b97f4a7c15>>2)
		if err := dir.Put(subject.Subject{ID: ids[i], Birth: birth, Jurisdiction: "CN", Status: subject.Active}, now); err != nil {
			t.Fatal(err)
		}
	}
	l, err := NewLedger(Config{Registry: reg, Directory: dir, Clock: fixedClock{now}, CacheSize: 100})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, id := range ids {
		if _, err := l.Append(ctx, Event{Subject: id, Kind: Grant, Form: Click, Notice: "v1", Purposes: []PurposeRef{{ID: "marketing.sms"}}}); err != nil {
			t.Fatal(err)
		}
		if n := l.snaps.Len(); n > 100 {
			t.Fatalf("%d snapshots cached, over CacheSize 100", n)
		}
	}
	for _, id := range ids {
		s, err := l.Snapshot(ctx, id)
		if err != nil || s.Head().Seq != 1 {
			t.Fatalf("an evicted subject reloads: %v, %v", s, err)
		}
	}
	l.snaps.Clear()
	for i := range 1000 {
		var ghost subject.ID
		binary.BigEndian.PutUint64(ghost[:], uint64(i)+1)
		if _, err := l.Snapshot(ctx, ghost); err != nil {
			t.Fatal(err)
		}
	}
	if n := l.snaps.Len(); n != 0 {
		t.Fatalf("%d snapshots cached for subjects that exist nowhere, want 0", n)
	}
}

// lookupOnly hides the Watcher of a directory.
type lookupOnly struct{ subject.Directory }

// TestNegativeCacheIsBoundedApart: without a watching directory, empty
// snapshots of unknown IDs are kept apart and bounded, and a flood of them
// evicts no real ledger's snapshot (issue 15 §4).
func TestNegativeCacheIsBoundedApart(t *testing.T) {
	reg := purpose.MustCompile(purpose.Policy{
		Name: purpose.Text{EN: "cache"}, Regimes: []pii.Law{pii.PIPL},
		Retention: []purpose.Retention{{ID: "r", Summary: purpose.Text{EN: "Until closed"}}},
		Purposes: []purpose.Purpose{{ID: "marketing.sms", Name: purpose.Text{EN: "SMS"}, Versions: []purpose.Version{{Number: 1}},
			Required: pii.MustParseSet("contact.phone"), Operations: purpose.OperationsOf(purpose.Use), Basis: purpose.Legal{Basis: purpose.Consent}, Retention: "r"}},
	})
	birth, _ := subject.NewDate(1990, 1, 1)
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	real := subject.ID{0x01, 0x92, 0xf0, 0, 0, 0, 0x70, 0, 0x80, 0, 0, 0, 0, 0, 0, 1}
	dir := subject.NewMemDirectory(subject.Subject{ID: real, Birth: birth, Jurisdiction: "CN", Status: subject.Active})
	l, err := NewLedger(Config{Registry: reg, Directory: lookupOnly{dir}, Clock: fixedClock{now}, CacheSize: 10, NegativeCacheSize: 100})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := l.Append(ctx, Event{Subject: real, Kind: Grant, Form: Click, Notice: "v1", Purposes: []PurposeRef{{ID: "marketing.sms"}}}); err != nil {
		t.Fatal(err)
	}
	for i := range 50_000 {
		var ghost subject.ID
		binary.BigEndian.PutUint64(ghost[:], uint64(i)+1)
		binary.BigEndian.PutUint64(ghost[8:], uint64(i)*0x9e3779b97f4a7c15)
		if _, err := l.Snapshot(ctx, ghost); err != nil {
			t.Fatal(err)
		}
	}
	if n := l.empty.Len(); n > 100 {
		t.Fatalf("%d empty snapshots kept, over NegativeCacheSize 100", n)
	}
	if l.snaps.Load(real) == nil {
		t.Fatal("a flood of unknown IDs evicted a real ledger's snapshot")
	}
}
