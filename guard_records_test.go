package lawful_test

import (
	"context"
	"testing"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/lawfultest"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
	"github.com/stretchr/testify/require"
)

// The Guard answers from the Ledger's snapshot alone when the snapshot
// keeps the subject's directory record (a MemDirectory announces changes).
// These tests pin that the single lookup sees every change at once, and
// falls back to the Directory wherever it cannot answer.
func TestGuardWithDirectoryRecordsInSnapshots(t *testing.T) {
	ctx := context.Background()
	voiceUse := func(id subject.ID) lawful.Request { return req(id, "service.voice_clone", purpose.Use, voice) }
	edit := func(t *testing.T, w *lawfultest.World, id subject.ID, change func(*subject.Subject)) {
		t.Helper()
		s, err := w.Directory.Lookup(ctx, id)
		require.NoError(t, err)
		change(&s)
		require.NoError(t, w.Directory.Put(s, w.Clock.Now()))
	}

	t.Run("a_closed_account_is_denied_at_once_PIPL_art47", func(t *testing.T) {
		w := lawfultest.New(t, policy(), lawfultest.Options{})
		id := w.Adult(t)
		w.Grant(t, id, consent.Separate, "service.voice_clone")
		lawfultest.AssertAllowed(t, w.Guard, voiceUse(id))
		edit(t, w, id, func(s *subject.Subject) { s.Status = subject.Closed })
		lawfultest.AssertDenied(t, w.Guard, voiceUse(id), lawful.ErrSubjectClosed)
		edit(t, w, id, func(s *subject.Subject) { s.Status = subject.Active })
		lawfultest.AssertAllowed(t, w.Guard, voiceUse(id))
	})
	t.Run("a_corrected_birth_date_that_makes_a_child_needs_the_guardian_PIPL_art31", func(t *testing.T) {
		w := lawfultest.New(t, policy(), lawfultest.Options{})
		id := w.Adult(t)
		w.Grant(t, id, consent.Separate, "service.voice_clone")
		lawfultest.AssertAllowed(t, w.Guard, voiceUse(id))
		y, m, d := w.Clock.Now().AddDate(-10, 0, 0).Date()
		edit(t, w, id, func(s *subject.Subject) { s.Birth = subject.Date{Year: y, Month: m, Day: d} })
		lawfultest.AssertDenied(t, w.Guard, voiceUse(id), lawful.ErrGuardianConsentRequired)
	})
	t.Run("a_deleted_subject_is_unknown_at_once", func(t *testing.T) {
		w := lawfultest.New(t, policy(), lawfultest.Options{})
		id := w.Adult(t)
		lawfultest.AssertAllowed(t, w.Guard, req(id, "ops.logging", purpose.Store, logs))
		w.Directory.Delete(id)
		lawfultest.AssertDenied(t, w.Guard, req(id, "ops.logging", purpose.Store, logs), lawful.ErrUnknownSubject)
	})
	t.Run("a_consent_store_outage_still_allows_a_legal_duty_PIPL_art13_1_3", func(t *testing.T) {
		w := lawfultest.New(t, policy(), lawfultest.Options{Store: lawfultest.FailingStore{}})
		id := w.Adult(t)
		lawfultest.AssertAllowed(t, w.Guard, req(id, "ops.logging", purpose.Store, logs))
		lawfultest.AssertDenied(t, w.Guard, voiceUse(id), lawful.ErrStoreUnavailable)
	})
	t.Run("a_consent_store_outage_is_read_once_per_check", func(t *testing.T) {
		store := &countingStore{FailingStore: lawfultest.FailingStore{}}
		w := lawfultest.New(t, policy(), lawfultest.Options{Store: store})
		id := w.Adult(t)
		lawfultest.AssertDenied(t, w.Guard, voiceUse(id), lawful.ErrStoreUnavailable)
		require.Equal(t, 1, store.loads, "the failed read is kept for the consent step, not repeated")
	})
	t.Run("the_guards_own_directory_wins_over_the_ledgers", func(t *testing.T) {
		w := lawfultest.New(t, policy(), lawfultest.Options{})
		id := w.Adult(t)
		w.Grant(t, id, consent.Separate, "service.voice_clone")
		s, err := w.Directory.Lookup(ctx, id)
		require.NoError(t, err)
		s.Status = subject.Frozen
		other := subject.NewMemDirectory(s)
		g, err := lawful.NewGuard(lawful.Config{Registry: w.Registry, Directory: other, Ledger: w.Ledger, Clock: w.Clock})
		require.NoError(t, err)
		lawfultest.AssertDenied(t, g, voiceUse(id), lawful.ErrSubjectFrozen)
	})
	t.Run("a_watched_directory_is_read_once_per_change_not_per_check", func(t *testing.T) {
		w := lawfultest.New(t, policy(), lawfultest.Options{})
		id := w.Adult(t)
		w.Grant(t, id, consent.Separate, "service.voice_clone")
		dir := &countingDirectory{MemDirectory: w.Directory}
		l, err := consent.NewLedger(consent.Config{Registry: w.Registry, Directory: dir, Store: w.Ledger.Store(), Keys: w.Keys, Anchor: w.Anchor, Clock: w.Clock})
		require.NoError(t, err)
		g, err := lawful.NewGuard(lawful.Config{Registry: w.Registry, Directory: dir, Ledger: l, Clock: w.Clock})
		require.NoError(t, err)
		for range 3 {
			lawfultest.AssertAllowed(t, g, voiceUse(id))
		}
		require.Equal(t, 1, dir.lookups, "three checks, one directory read")
		edit(t, w, id, func(s *subject.Subject) { s.Status = subject.Closed })
		lawfultest.AssertDenied(t, g, voiceUse(id), lawful.ErrSubjectClosed)
		require.Equal(t, 2, dir.lookups)
	})
	t.Run("a_directory_of_an_uncomparable_type_works", func(t *testing.T) {
		w := lawfultest.New(t, policy(), lawfultest.Options{})
		id := w.Adult(t)
		w.Grant(t, id, consent.Separate, "service.voice_clone")
		dir := directoryFunc(w.Directory.Lookup)
		l, err := consent.NewLedger(consent.Config{Registry: w.Registry, Directory: dir, Store: w.Ledger.Store(), Keys: w.Keys, Anchor: w.Anchor, Clock: w.Clock})
		require.NoError(t, err)
		g, err := lawful.NewGuard(lawful.Config{Registry: w.Registry, Directory: dir, Ledger: l, Clock: w.Clock})
		require.NoError(t, err)
		lawfultest.AssertAllowed(t, g, voiceUse(id))
	})
}

// directoryFunc is a Directory of a type that == cannot compare.
type directoryFunc func(context.Context, subject.ID) (subject.Subject, error)

func (f directoryFunc) Lookup(ctx context.Context, id subject.ID) (subject.Subject, error) {
	return f(ctx, id)
}

// countingDirectory counts Lookups; it is a Watcher through MemDirectory.
type countingDirectory struct {
	*subject.MemDirectory
	lookups int
}

func (d *countingDirectory) Lookup(ctx context.Context, id subject.ID) (subject.Subject, error) {
	d.lookups++
	return d.MemDirectory.Lookup(ctx, id)
}

// countingStore counts Loads of a failing store.
type countingStore struct {
	lawfultest.FailingStore
	loads int
}

func (s *countingStore) Load(ctx context.Context, id subject.ID) ([]consent.Event, error) {
	s.loads++
	return s.FailingStore.Load(ctx, id)
}
