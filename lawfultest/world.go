package lawfultest

import (
	"context"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/assessment"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/retention"
	"github.com/lawfulgo/lawful/subject"
	"github.com/stretchr/testify/require"
)

// DefaultStart is the instant a World's clock starts at unless Options say
// otherwise: 2026-03-01 10:00 China Standard Time.
var DefaultStart = time.Date(2026, 3, 1, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))

// Options configure a World. Every zero field has a default.
type Options struct {
	// Regime is the Guard's default regime; zero means lawful.PIPL().
	Regime lawful.Regime
	// Jurisdictions maps jurisdiction codes to regimes.
	Jurisdictions map[string]lawful.Regime
	// Start is the clock's first reading; zero means DefaultStart.
	Start time.Time
	// Store backs the ledger; nil means a new consent.MemStore.
	Store consent.Store
	// Keys seal the ledger; nil means random keys made for the World.
	Keys *consent.Keys
	// Anchor keeps the ledger's heads; nil means a new consent.MemAnchor.
	Anchor consent.Anchor
	// Directory overrides the world's MemDirectory for the Guard (to inject
	// faults); subjects are still added to the MemDirectory.
	Directory subject.Directory
	// Auditor receives every decision; nil means the World's Recorder.
	Auditor lawful.Auditor
	// Retention are the retention rules; nil means retention.Compile of the
	// registry. If those do not compile, the World has no Tracker and
	// RetentionErr says why.
	Retention *retention.Rules
	// Assessments and RequireAssessments configure the Guard's impact
	// assessment checks (lawful.Config.Assessments, RequireAssessments).
	Assessments        assessment.Checker
	RequireAssessments assessment.Kind
}

// World is a complete, in-memory lawful setup for tests: a Guard over a
// policy Registry, a subject directory, a consent ledger and a fake clock,
// with fixtures for the subjects compliance rules are about. Build one per
// test with New; it is safe for concurrent use.
type World struct {
	Guard     *lawful.Guard
	Ledger    *consent.Ledger
	Directory *subject.MemDirectory
	Registry  *purpose.Registry
	Clock     *Clock
	Recorder  *Recorder
	// Keys and Anchor protect the Ledger (see consent.Config); tests of
	// tamper detection use them to build a second Ledger on the same store.
	Keys   *consent.Keys
	Anchor consent.Anchor
	Regime lawful.Regime
	// Tracker keeps retention timers (nil if the rules did not compile,
	// see RetentionErr); the Guard consults it. Sweeper erases due items
	// through Eraser, which records what it erased.
	Tracker      *retention.Tracker
	Sweeper      *retention.Sweeper
	Eraser       *Eraser
	RetentionErr error

	mu   sync.Mutex
	rand *rand.ChaCha8
}

// New builds a World for reg. It fails the test if the configuration is
// invalid.
func New(t T, reg *purpose.Registry, opts Options) *World {
	t.Helper()
	start := opts.Start
	if start.IsZero() {
		start = DefaultStart
	}
	w := &World{
		Registry:  reg,
		Directory: &subject.MemDirectory{},
		Clock:     NewClock(start),
		Recorder:  NewRecorder(),
		Regime:    opts.Regime,
		rand:      rand.NewChaCha8([32]byte{'l', 'a', 'w', 'f', 'u', 'l'}),
	}
	if w.Regime.Name == "" {
		w.Regime = lawful.PIPL()
	}
	var dir subject.Directory = w.Directory
	if opts.Directory != nil {
		dir = opts.Directory
	}
	w.Keys, w.Anchor = opts.Keys, opts.Anchor
	if w.Keys == nil {
		// A source of its own, so subject IDs stay what they were.
		secret := make([]byte, 32)
		_, _ = rand.NewChaCha8([32]byte{'k', 'e', 'y', 's'}).Read(secret)
		keys, err := consent.NewKeys(consent.Key{ID: 1, Secret: secret})
		require.NoError(t, err)
		w.Keys = keys
	}
	if w.Anchor == nil {
		w.Anchor = consent.NewMemAnchor()
	}
	ledger, err := consent.NewLedger(consent.Config{Registry: reg, Directory: w.Directory, Store: opts.Store, Keys: w.Keys, Anchor: w.Anchor, Clock: w.Clock, Rand: &lockedReader{w: w}})
	require.NoError(t, err)
	w.Ledger = ledger
	auditor := opts.Auditor
	if auditor == nil {
		auditor = w.Recorder
	}
	w.buildRetention(t, opts.Retention)
	g, err := lawful.NewGuard(lawful.Config{Registry: reg, Directory: dir, Ledger: ledger, Clock: w.Clock, Regime: w.Regime, Jurisdictions: opts.Jurisdictions, Auditor: auditor, Retention: w.Tracker,
		Assessments: opts.Assessments, RequireAssessments: opts.RequireAssessments})
	require.NoError(t, err)
	w.Guard = g
	return w
}

type lockedReader struct{ w *World }

func (r *lockedReader) Read(p []byte) (int, error) {
	r.w.mu.Lock()
	defer r.w.mu.Unlock()
	return r.w.rand.Read(p)
}

// NewID returns a fresh subject ID (deterministic per World).
func (w *World) NewID(t T) subject.ID {
	t.Helper()
	id, err := subject.NewID(w.Clock.Now(), &lockedReader{w: w})
	require.NoError(t, err)
	return id
}

// Add puts s into the directory (validated at the clock's time) and
// returns its ID, giving it one if it has none.
func (w *World) Add(t T, s subject.Subject) subject.ID {
	t.Helper()
	if s.ID.IsZero() {
		s.ID = w.NewID(t)
	}
	if s.Status == subject.StatusUnknown {
		s.Status = subject.Active
	}
	require.NoError(t, w.Directory.Put(s, w.Clock.Now()))
	return s.ID
}

// today is the civil date of the clock in the regime's zone.
func (w *World) today() subject.Date {
	return subject.DateOf(w.Clock.Now(), w.Regime.Ages.Location)
}

// BornYearsAgo returns the birth date of someone whose years-th birthday is
// today, in the regime's zone.
func (w *World) BornYearsAgo(years int) subject.Date { return w.today().AddYears(-years) }

// Adult adds an active adult, born 31 years ago today, in jurisdiction "CN".
func (w *World) Adult(t T) subject.ID {
	t.Helper()
	return w.Add(t, subject.Subject{Birth: w.BornYearsAgo(31), Jurisdiction: "CN"})
}

// AgedOnDayBefore adds a child who reaches age tomorrow under the regime's
// counting rule: the day before turning 14, a 13-year-old on its last day.
func (w *World) AgedOnDayBefore(t T, age int) subject.ID {
	t.Helper()
	tomorrow := w.Clock.Now().AddDate(0, 0, 1)
	start := subject.DateOf(tomorrow, w.Regime.Ages.Location).Start(w.Regime.Ages.Location)
	for _, birth := range []subject.Date{w.today().AddYears(-age), subject.DateOf(tomorrow, w.Regime.Ages.Location).AddYears(-age)} {
		if w.Regime.Ages.Reaches(birth, age).Equal(start) {
			return w.Add(t, subject.Subject{Birth: birth, Jurisdiction: "CN"})
		}
	}
	t.Errorf("lawfultest: no birth date reaches %d tomorrow under %v", age, w.Regime.Ages.Rule)
	t.FailNow()
	return subject.ID{}
}

// Child adds a subject of the given age (its birthday was a month ago).
func (w *World) Child(t T, age int) subject.ID {
	t.Helper()
	birth := subject.DateOf(w.Clock.Now().AddDate(0, -1, 0), w.Regime.Ages.Location).AddYears(-age)
	return w.Add(t, subject.Subject{Birth: birth, Jurisdiction: "CN"})
}

// Guardian adds an adult and links them to child as a parent verified by
// document now (PIPL art. 31), and returns the guardian's ID.
func (w *World) Guardian(t T, child subject.ID) subject.ID {
	t.Helper()
	g := w.Adult(t)
	c, err := w.Directory.Lookup(context.Background(), child)
	require.NoError(t, err)
	c.Links = append(c.Links, subject.Link{ID: g, Relation: subject.Parent, Verified: subject.Verification{Method: subject.Document, At: w.Clock.Now()}})
	require.NoError(t, w.Directory.Put(c, w.Clock.Now()))
	return g
}

// WithStatus adds an adult with the given account status (Frozen, Closed,
// Deceased).
func (w *World) WithStatus(t T, status subject.Status) subject.ID {
	t.Helper()
	return w.Add(t, subject.Subject{Birth: w.BornYearsAgo(31), Jurisdiction: "CN", Status: status})
}

// Grant records the subject's own consent to purposes, effective now.
func (w *World) Grant(t T, id subject.ID, form consent.Form, purposes ...purpose.ID) consent.Event {
	t.Helper()
	return w.Append(t, consent.Event{Subject: id, Kind: consent.Grant, Form: form, Purposes: refs(purposes)})
}

// GrantByGuardian records a guardian's consent for the subject, effective now.
func (w *World) GrantByGuardian(t T, guardian, id subject.ID, form consent.Form, purposes ...purpose.ID) consent.Event {
	t.Helper()
	return w.Append(t, consent.Event{Subject: id, Kind: consent.Grant, Form: form, By: consent.Giver{Guardian: guardian}, Purposes: refs(purposes)})
}

// Withdraw records the subject's withdrawal of consent to purposes, effective now.
func (w *World) Withdraw(t T, id subject.ID, purposes ...purpose.ID) consent.Event {
	t.Helper()
	return w.Append(t, consent.Event{Subject: id, Kind: consent.Withdraw, Purposes: refs(purposes)})
}

// AdultWithWithdrawnConsent adds an adult who gave separate consent to
// purposes two hours ago and withdrew it one hour ago.
func (w *World) AdultWithWithdrawnConsent(t T, purposes ...purpose.ID) subject.ID {
	t.Helper()
	id := w.Adult(t)
	now := w.Clock.Now()
	w.Append(t, consent.Event{Subject: id, Kind: consent.Grant, Form: consent.Separate, Purposes: refs(purposes), Effective: now.Add(-2 * time.Hour)})
	w.Append(t, consent.Event{Subject: id, Kind: consent.Withdraw, Purposes: refs(purposes), Effective: now.Add(-time.Hour)})
	return id
}

// Append appends e to the ledger (with a notice version if it is a grant
// without one) and fails the test on error. A withdrawal or expiry is also
// passed to the Tracker (Tracker.ConsentChanged), as a service would.
func (w *World) Append(t T, e consent.Event) consent.Event {
	t.Helper()
	if e.Kind == consent.Grant && e.Notice == "" {
		e.Notice = "lawfultest"
	}
	ev, err := w.Ledger.Append(context.Background(), e)
	require.NoError(t, err)
	if w.Tracker != nil {
		_, err := w.Tracker.ConsentChanged(context.Background(), ev)
		require.NoError(t, err)
	}
	return ev
}

func refs(ids []purpose.ID) []consent.PurposeRef {
	out := make([]consent.PurposeRef, len(ids))
	for i, id := range ids {
		out[i] = consent.PurposeRef{ID: id}
	}
	return out
}
