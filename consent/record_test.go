package consent_test

import (
	"context"
	"runtime"
	"testing"
	"time"
	"weak"

	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/subject"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lookupOnly hides MemDirectory's Watch: a directory that does not announce
// changes.
type lookupOnly struct{ d *subject.MemDirectory }

func (l lookupOnly) Lookup(ctx context.Context, id subject.ID) (subject.Subject, error) {
	return l.d.Lookup(ctx, id)
}

func TestSnapshotKeepsTheDirectoryRecordOfAWatchedDirectory(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	snap, err := f.ledger.Snapshot(ctx, adultID)
	require.NoError(t, err)
	rec, found, ok := snap.DirectoryRecord()
	require.True(t, ok, "a MemDirectory is a Watcher, so the snapshot keeps the record")
	require.True(t, found)
	assert.Equal(t, subject.Subject{Birth: mustDate(1990, 5, 1), Jurisdiction: "CN", Status: subject.Active}, rec)

	snap, err = f.ledger.Snapshot(ctx, ghostID)
	require.NoError(t, err)
	_, found, ok = snap.DirectoryRecord()
	assert.True(t, ok, "the directory's not-found is an answer too")
	assert.False(t, found)
}

// A record that changes in the directory drops the snapshot, so the next
// read (the Guard's) sees the change: an account closed is closed at once.
func TestDirectoryChangeRebuildsTheSnapshot(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	f.grant(t, adultID, consent.Click, "service.voice_clone")
	before, err := f.ledger.Snapshot(ctx, adultID)
	require.NoError(t, err)

	s, err := f.dir.Lookup(ctx, adultID)
	require.NoError(t, err)
	s.Status = subject.Closed
	require.NoError(t, f.dir.Put(s, t0))

	after, err := f.ledger.Snapshot(ctx, adultID)
	require.NoError(t, err)
	assert.NotSame(t, before, after)
	rec, found, ok := after.DirectoryRecord()
	require.True(t, ok && found)
	assert.Equal(t, subject.Closed, rec.Status)
	assert.Equal(t, before.Head(), after.Head(), "the consent itself is unchanged")

	f.dir.Delete(adultID)
	after, err = f.ledger.Snapshot(ctx, adultID)
	require.NoError(t, err)
	_, found, ok = after.DirectoryRecord()
	assert.True(t, ok)
	assert.False(t, found, "a deleted subject is not found")
}

func TestAppendKeepsTheRecord(t *testing.T) {
	f := newFixture(t)
	_, err := f.ledger.Snapshot(context.Background(), adultID)
	require.NoError(t, err)
	f.grant(t, adultID, consent.Click, "service.voice_clone")
	snap, err := f.ledger.Snapshot(context.Background(), adultID)
	require.NoError(t, err)
	rec, found, ok := snap.DirectoryRecord()
	require.True(t, ok && found)
	assert.Equal(t, "CN", rec.Jurisdiction)
}

func TestSnapshotHasNoRecordWithoutAWatcher(t *testing.T) {
	f := newFixture(t)
	l, err := consent.NewLedger(consent.Config{Registry: f.reg, Directory: lookupOnly{f.dir}, Store: f.store, Keys: f.keys, Anchor: f.anchor, Clock: f.clock})
	require.NoError(t, err)
	snap, err := l.Snapshot(context.Background(), adultID)
	require.NoError(t, err)
	_, _, ok := snap.DirectoryRecord()
	assert.False(t, ok, "a record from a directory that does not announce changes could go stale unseen")
	var nilSnap *consent.Snapshot
	_, _, ok = nilSnap.DirectoryRecord()
	assert.False(t, ok)
}

func TestRecordsThatDoNotPackAreNotKept(t *testing.T) {
	ctx := context.Background()
	for name, s := range map[string]subject.Subject{
		"three_letter_jurisdiction": {Jurisdiction: "CHN", Status: subject.Active},
		"digit_jurisdiction":        {Jurisdiction: "C1", Status: subject.Active},
		"year_zero":                 {Birth: subject.Date{Year: 0, Month: 1, Day: 1}, Status: subject.Active},
	} {
		t.Run(name, func(t *testing.T) {
			s.ID = strangerID
			f := newFixture(t)
			f.dir.Delete(strangerID)
			l, err := consent.NewLedger(consent.Config{Registry: f.reg, Directory: subject.NewMemDirectory(s), Store: f.store, Keys: f.keys, Anchor: f.anchor, Clock: f.clock})
			require.NoError(t, err)
			snap, err := l.Snapshot(ctx, strangerID)
			require.NoError(t, err)
			_, _, ok := snap.DirectoryRecord()
			assert.False(t, ok)
		})
	}
	t.Run("every_letter_pair_round_trips", func(t *testing.T) {
		const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		f := newFixture(t)
		for i := range len(letters) {
			for j := range len(letters) {
				code := string([]byte{letters[i], letters[j]})
				s := subject.Subject{ID: strangerID, Birth: mustDate(2000, 2, 29), Jurisdiction: code, Status: subject.Frozen}
				// NewMemDirectory does not validate, so lower case gets in.
				l, err := consent.NewLedger(consent.Config{Registry: f.reg, Directory: subject.NewMemDirectory(s), Store: f.store, Keys: f.keys, Anchor: f.anchor, Clock: f.clock})
				require.NoError(t, err)
				snap, err := l.Snapshot(ctx, strangerID)
				require.NoError(t, err)
				rec, found, ok := snap.DirectoryRecord()
				require.True(t, ok && found, code)
				require.Equal(t, subject.Subject{Birth: s.Birth, Jurisdiction: code, Status: subject.Frozen}, rec)
			}
		}
	})
}

// A directory outlives the ledgers built on it (one per policy reload,
// say); it must not keep them alive.
func TestDirectoryDoesNotKeepLedgersAlive(t *testing.T) {
	f := newFixture(t)
	var wl weak.Pointer[consent.Ledger]
	func() {
		l, err := consent.NewLedger(consent.Config{Registry: f.reg, Directory: f.dir, Store: f.store, Keys: f.keys, Anchor: f.anchor, Clock: f.clock})
		require.NoError(t, err)
		wl = weak.Make(l)
	}()
	deadline := time.Now().Add(5 * time.Second)
	for wl.Value() != nil && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
	assert.Nil(t, wl.Value(), "the ledger was not collected: the directory's watch holds it")
	// The directory still works, and still tells the live ledger.
	require.NoError(t, f.dir.Put(subject.Subject{ID: strangerID, Status: subject.Active}, t0))
	snap, err := f.ledger.Snapshot(context.Background(), strangerID)
	require.NoError(t, err)
	_, found, ok := snap.DirectoryRecord()
	assert.True(t, ok && found)
}

// nilStopWatcher is a Watcher that returns no stop function.
type nilStopWatcher struct{ lookupOnly }

func (nilStopWatcher) Watch(func(subject.ID)) func() { return nil }

// A Watcher of the service's that returns a nil stop must not make the
// collected ledger's cleanup panic.
func TestWatcherReturningNoStopIsTolerated(t *testing.T) {
	f := newFixture(t)
	func() {
		l, err := consent.NewLedger(consent.Config{Registry: f.reg, Directory: nilStopWatcher{lookupOnly{f.dir}}, Store: f.store, Keys: f.keys, Anchor: f.anchor, Clock: f.clock})
		require.NoError(t, err)
		snap, err := l.Snapshot(context.Background(), adultID)
		require.NoError(t, err)
		_, found, ok := snap.DirectoryRecord()
		assert.True(t, ok && found)
	}()
	for range 3 {
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
}
