package consent

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"
	"weak"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/clock"
	"github.com/lawfulgo/lawful/internal/idmap"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

// Clock tells the time: package clock's Clock, the one clock interface of
// every lawful package. lawfultest provides one that tests move forward.
type Clock = clock.Clock

// SystemClock is the Clock of the system's wall time.
type SystemClock = clock.System

// Default tolerances for effective times, used when Config leaves them zero.
const (
	DefaultFutureTolerance   = 2 * time.Minute
	DefaultBackdateTolerance = 24 * time.Hour
)

// maxAttempts bounds the retries of an append that meets concurrent writers.
const maxAttempts = 8

// Config configures a Ledger. Registry, Directory and Clock are required;
// every other field has a documented default for its zero value.
type Config struct {
	// Registry resolves purposes, versions and recipients.
	Registry *purpose.Registry
	// Directory finds subjects and their guardian links.
	Directory subject.Directory
	// Store persists events; nil means a new MemStore.
	Store Store
	// Clock gives the time of appends and the default effective time.
	Clock Clock
	// Rand is the entropy for event IDs; nil means crypto/rand.Reader.
	Rand io.Reader
	// FutureTolerance is how far after the clock an effective time may lie
	// (clock skew between devices); zero means DefaultFutureTolerance.
	FutureTolerance time.Duration
	// BackdateTolerance is how far before the clock an effective time may
	// lie, e.g. for consent given offline and synced later; zero means
	// DefaultBackdateTolerance.
	BackdateTolerance time.Duration
}

// Ledger is the caller API of the consent ledger: it validates events,
// chains them, appends them to the Store and keeps each subject's Snapshot.
// It is safe for concurrent use.
//
// Snapshots are cached per subject for the life of the Ledger and rebuilt
// on every append through it. Appends through another Ledger or process on
// the same store are detected when this Ledger next appends (the store
// refuses a stale expected sequence); to see them in reads sooner, call
// Invalidate, e.g. from a ChangeFeed poller.
type Ledger struct {
	reg    *purpose.Registry
	dir    subject.Directory
	store  Store
	clock  Clock
	rand   io.Reader
	future time.Duration
	back   time.Duration
	randMu sync.Mutex
	// snaps caches each subject's snapshot; reading it takes no lock.
	snaps idmap.Map[subject.ID, Snapshot]
	// gens counts invalidations per group of subjects (by the ID's last
	// byte); a load that began before one does not cache its (possibly
	// stale) result. Invalidate changes one inside snaps.Update, so the
	// check in Snapshot's Update cannot interleave with it.
	gens [64]atomic.Uint64
	// records is true when dir is a subject.Watcher: snapshots then keep
	// the subject's directory record.
	records bool
}

// NewLedger returns a Ledger for cfg. It fails with an error wrapping
// ErrNotConfigured if a required field is missing.
func NewLedger(cfg Config) (*Ledger, error) {
	var missing []string
	if cfg.Registry == nil {
		missing = append(missing, "Registry")
	}
	if cfg.Directory == nil {
		missing = append(missing, "Directory")
	}
	if cfg.Clock == nil {
		missing = append(missing, "Clock (use consent.SystemClock{} in production)")
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%w: Config needs %v", ErrNotConfigured, missing)
	}
	if cfg.FutureTolerance < 0 || cfg.BackdateTolerance < 0 {
		return nil, fmt.Errorf("%w: tolerances must not be negative", ErrNotConfigured)
	}
	l := &Ledger{reg: cfg.Registry, dir: cfg.Directory, store: cfg.Store, clock: cfg.Clock, rand: cfg.Rand, future: cfg.FutureTolerance, back: cfg.BackdateTolerance}
	if l.store == nil {
		l.store = NewMemStore()
	}
	if l.rand == nil {
		l.rand = rand.Reader
	}
	if l.future == 0 {
		l.future = DefaultFutureTolerance
	}
	if l.back == 0 {
		l.back = DefaultBackdateTolerance
	}
	if w, ok := l.dir.(subject.Watcher); ok {
		// The directory outlives ledgers built on it (one per policy
		// reload, say): it holds the ledger weakly, and a ledger that is
		// collected stops watching.
		l.records = true
		wl := weak.Make(l)
		stop := w.Watch(func(id subject.ID) {
			if l := wl.Value(); l != nil {
				l.Invalidate(id)
			}
		})
		if stop != nil { // a Watcher of the service's may return none
			runtime.AddCleanup(l, func(stop func()) { stop() }, stop)
		}
	}
	return l, nil
}

// Registry returns the Registry the Ledger resolves purposes with.
func (l *Ledger) Registry() *purpose.Registry { return l.reg }

// Directory returns the Ledger's Directory.
func (l *Ledger) Directory() subject.Directory { return l.dir }

// Store returns the Ledger's Store.
func (l *Ledger) Store() Store { return l.store }

func (l *Ledger) gen(id subject.ID) *atomic.Uint64 {
	// The last byte of a UUIDv7 (and v4) is random.
	return &l.gens[id[15]%byte(len(l.gens))]
}

// Snapshot returns the subject's consent snapshot, loading and verifying
// the ledger from the store the first time. A cached snapshot is returned
// without locking against writers or allocating. A done ctx yields its
// error (fail closed), as does a store error or a broken hash chain.
func (l *Ledger) Snapshot(ctx context.Context, id subject.ID) (*Snapshot, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("consent: snapshot: %w", err)
	}
	if s := l.snaps.Load(id); s != nil {
		return s, nil
	}
	// Read before the store: an Invalidate from here on means this load
	// may predate the change it announced.
	gen := l.gen(id).Load()
	events, err := l.store.Load(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("consent: loading ledger: %w", err)
	}
	if err := Verify(events); err != nil {
		return nil, err
	}
	for i := range events {
		if events[i].Subject != id {
			return nil, &ChainError{Index: i, Seq: events[i].Seq, Reason: "store returned an event of another subject"}
		}
	}
	s := build(l.reg, events)
	if l.records {
		// Looked up after gen was read: a change to the record since
		// then invalidates, and this snapshot is not cached.
		switch rec, err := l.dir.Lookup(ctx, id); {
		case err == nil:
			s.rec = recordOf(rec)
		case errors.Is(err, subject.ErrNotFound):
			s.rec = record{state: recordNotFound}
		}
	}
	l.snaps.Update(id, func(cur *Snapshot) *Snapshot {
		switch {
		case cur != nil && cur.head.Seq >= s.head.Seq:
			s = cur
			return cur
		case l.gen(id).Load() != gen:
			// Invalidated while loading: the load may predate the change
			// the Invalidate announced. Answer from it, but do not cache it.
			return cur
		}
		return s
	})
	return s, nil
}

// StateAt returns the subject's consent state at t: which purposes had
// consent in force, under which version, in which form, given by whom. A
// state at a time before a withdrawal still shows the consent, since
// withdrawal does not make earlier processing unlawful (PIPL art. 15 para 2).
func (l *Ledger) StateAt(ctx context.Context, id subject.ID, t time.Time) (State, error) {
	s, err := l.Snapshot(ctx, id)
	if err != nil {
		return State{}, err
	}
	return State{snap: s, at: t}, nil
}

// Events returns the subject's events from the store, in order.
func (l *Ledger) Events(ctx context.Context, id subject.ID) ([]Event, error) {
	events, err := l.store.Load(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("consent: loading ledger: %w", err)
	}
	return events, nil
}

// Verify loads the subject's events and checks their hash chain, and that
// the ledger still ends where this Ledger's snapshot says it does (so
// events removed from the end are caught too).
func (l *Ledger) Verify(ctx context.Context, id subject.ID) error {
	events, err := l.Events(ctx, id)
	if err != nil {
		return err
	}
	s := l.snaps.Load(id)
	if s == nil {
		return Verify(events)
	}
	return VerifyHead(events, s.head)
}

// Invalidate drops the cached snapshot of a subject, so the next read
// reloads it from the store.
func (l *Ledger) Invalidate(id subject.ID) {
	l.snaps.Update(id, func(*Snapshot) *Snapshot {
		l.gen(id).Add(1)
		return nil
	})
}

// Append validates e, completes it (ID, Seq, Recorded, Prev, Hash, the
// default Effective time, current purpose versions, the guardian's relation
// and verification) and appends it to the store. It returns the stored
// event.
//
// An invalid event yields an *InvalidEventError listing every problem, and
// nothing is written. A store error is returned wrapped. An append that
// races another writer for the same subject is retried on fresh state.
func (l *Ledger) Append(ctx context.Context, e Event) (Event, error) {
	now := l.clock.Now()
	if now.IsZero() {
		return Event{}, fmt.Errorf("%w: the clock returned the zero time", ErrNotConfigured)
	}
	var lastErr error
	for range maxAttempts {
		snap, err := l.Snapshot(ctx, e.Subject)
		if err != nil {
			return Event{}, err
		}
		ev, err := l.prepare(ctx, e, snap, now)
		if err != nil {
			return Event{}, err
		}
		err = l.store.Append(ctx, ev.Subject, snap.head.Seq, ev)
		if errors.Is(err, ErrConflict) {
			lastErr = err
			l.Invalidate(e.Subject)
			continue
		}
		if err != nil {
			return Event{}, fmt.Errorf("consent: appending: %w", err)
		}
		l.swap(ev.Subject, snap, snap.apply(&ev))
		return ev.Clone(), nil
	}
	return Event{}, fmt.Errorf("consent: appending after %d attempts: %w", maxAttempts, lastErr)
}

// swap installs next if the cache still holds prev; otherwise another
// append got there first and the entry is dropped for a reload.
func (l *Ledger) swap(id subject.ID, prev, next *Snapshot) {
	l.snaps.Update(id, func(cur *Snapshot) *Snapshot {
		if cur == prev {
			return next
		}
		return nil
	})
}

func (l *Ledger) newEventID(now time.Time) (uuid.UUID, error) {
	l.randMu.Lock()
	defer l.randMu.Unlock()
	id, err := subject.NewID(now, l.rand)
	return uuid.UUID(id), err
}

// prepare validates e against the registry, the directory and the
// subject's snapshot, and returns the completed event.
func (l *Ledger) prepare(ctx context.Context, e Event, snap *Snapshot, now time.Time) (Event, error) {
	e = e.Clone()
	var ps []error
	bad := func(sentinel error, format string, args ...any) {
		ps = append(ps, fault(sentinel, fmt.Sprintf(format, args...)))
	}
	if !e.Kind.Valid() {
		bad(ErrInvalidEvent, "kind %v: want grant, withdraw or expire", e.Kind)
	}
	grant := e.Kind == Grant

	// The subject and who acts for them.
	var subj subject.Subject
	if e.Subject.IsZero() {
		bad(ErrInvalidEvent, "the event names no subject")
	} else {
		s, err := l.dir.Lookup(ctx, e.Subject)
		switch {
		case errors.Is(err, subject.ErrNotFound):
			bad(ErrUnknownSubject, "subject %v is not in the directory", e.Subject)
		case err != nil:
			return Event{}, fmt.Errorf("consent: looking up subject: %w", err)
		default:
			subj = s
			if grant && (s.Status == subject.Closed || s.Status == subject.Deceased) {
				bad(ErrSubjectClosed, "subject is %v; consent cannot be given", s.Status)
			}
		}
	}
	e.By.Relation, e.By.Verified = 0, subject.Verification{}
	if g := e.By.Guardian; !g.IsZero() && !subj.ID.IsZero() {
		l.checkGuardian(ctx, &e, subj, bad)
		if ctx.Err() != nil {
			return Event{}, fmt.Errorf("consent: looking up guardian: %w", ctx.Err())
		}
	}

	// Purposes, versions and recipients.
	if len(e.Purposes) == 0 || len(e.Purposes) > MaxPurposes {
		bad(ErrInvalidEvent, "%d purposes: want 1 to %d", len(e.Purposes), MaxPurposes)
	}
	if len(e.Recipients) > MaxRecipients {
		bad(ErrInvalidEvent, "%d recipients: want at most %d", len(e.Recipients), MaxRecipients)
	}
	for i, r := range e.Recipients {
		if r == "" || len(r) > MaxText {
			bad(ErrInvalidEvent, "recipient %d: want a declared recipient's name", i)
		} else if slices.Index(e.Recipients, r) < i {
			bad(ErrInvalidEvent, "recipient %q listed twice", r)
		}
	}
	if grant && len(e.Recipients) > 0 && !e.Form.Satisfies(Separate) {
		bad(ErrSeparateRequired, "a grant naming recipients is consent to provide PI to them, which must be separate (PIPL art. 23); form is %v", e.Form)
	}
	eff := e.Effective
	if eff.IsZero() {
		eff = now
	}
	eff = eff.UTC()
	resolved := make([]purpose.Compiled, 0, len(e.Purposes))
	for i := range e.Purposes {
		ref := &e.Purposes[i]
		p, ok := l.reg.Lookup(ref.ID)
		switch {
		case !ok:
			bad(ErrUnknownPurpose, "purpose %q is not in the registry", ref.ID)
			continue
		case slices.ContainsFunc(resolved, func(c purpose.Compiled) bool { return c.ID() == ref.ID }):
			bad(ErrInvalidEvent, "purpose %q listed twice", ref.ID)
			continue
		}
		resolved = append(resolved, p)
		if grant {
			if ref.Version == 0 {
				ref.Version = p.Version()
			}
			switch {
			case ref.Version < 0 || ref.Version > p.Version() || ref.Version > 1<<16-1:
				bad(ErrUnknownVersion, "grant for %s v%d: the registry's versions run to v%d", ref.ID, ref.Version, p.Version())
			case !p.ConsentCurrent(ref.Version):
				bad(ErrStaleVersion, "grant for %s v%d, registry has v%d (material change at v%d); collect consent under v%d", ref.ID, ref.Version, p.Version(), p.MinConsentVersion(), p.Version())
			}
		} else if ref.Version != 0 {
			bad(ErrInvalidEvent, "%v of %s names version %d: a %v ends consent under every version; leave Version 0", e.Kind, ref.ID, ref.Version, e.Kind)
		}
		for _, r := range e.Recipients {
			if _, ok := p.RecipientIndex(r); !ok {
				bad(ErrRecipientNotDeclared, "recipient %q is not declared by purpose %s (PIPL art. 23)", r, ref.ID)
			}
		}
		pi := uint16(p.Index())
		if last := snap.lastEffective(pi); eff.UnixNano() < last {
			bad(ErrOutOfOrder, "effective time %v precedes the latest event for %s (%v); append events in time order", eff.Format(time.RFC3339Nano), ref.ID, time.Unix(0, last).UTC().Format(time.RFC3339Nano))
		}
		if !grant && e.Kind.Valid() {
			if len(e.Recipients) == 0 {
				if !snap.hasConsent(pi, 0, eff.UnixNano()) {
					bad(ErrNothingToWithdraw, "%v of %s: no consent to it is in force or pending at %v", e.Kind, ref.ID, eff.Format(time.RFC3339))
				}
			}
			for _, r := range e.Recipients {
				if ri, ok := p.RecipientIndex(r); ok && ri < 255 && !snap.hasConsent(pi, uint8(ri+1), eff.UnixNano()) {
					bad(ErrNothingToWithdraw, "%v of %s for recipient %q: no consent naming it is in force or pending", e.Kind, ref.ID, r)
				}
			}
		}
	}

	// Form, times and notice.
	switch {
	case grant && !e.Form.Valid():
		bad(ErrInvalidEvent, "a grant needs a form: click, separate or written")
	case !grant && e.Form != FormUnknown:
		bad(ErrInvalidEvent, "a %v has no form; leave Form zero", e.Kind)
	}
	switch {
	case eff.After(now.Add(l.future)):
		bad(ErrFutureEffective, "effective time %v is more than %v after the clock (%v)", eff.Format(time.RFC3339), l.future, now.UTC().Format(time.RFC3339))
	case eff.Before(now.Add(-l.back)):
		bad(ErrBackdated, "effective time %v is more than %v before the clock (%v)", eff.Format(time.RFC3339), l.back, now.UTC().Format(time.RFC3339))
	}
	switch {
	case !grant && !e.Expires.IsZero():
		bad(ErrInvalidEvent, "a %v has no expiry; leave Expires zero", e.Kind)
	case grant && !e.Expires.IsZero() && !e.Expires.After(eff):
		bad(ErrExpiryNotAfterStart, "expiry %v is not after the effective time %v", e.Expires.UTC().Format(time.RFC3339), eff.Format(time.RFC3339))
	}
	if grant && e.Notice == "" {
		bad(ErrMissingNotice, "a grant needs the version of the notice shown (PIPL arts. 14, 17: consent is informed)")
	}
	if len(e.Notice) > MaxText {
		bad(ErrInvalidEvent, "notice version of %d bytes: want at most %d", len(e.Notice), MaxText)
	}
	if len(ps) > 0 {
		return Event{}, &InvalidEventError{Event: e.String(), Problems: ps}
	}

	id, err := l.newEventID(now)
	if err != nil {
		return Event{}, fmt.Errorf("consent: event ID: %w", err)
	}
	e.ID = id
	e.Seq = snap.head.Seq + 1
	e.Effective = eff
	if !e.Expires.IsZero() {
		e.Expires = e.Expires.UTC()
	}
	e.Recorded = now.UTC()
	e.Prev = snap.head.Hash
	e.Hash = e.ComputeHash()
	return e, nil
}

// checkGuardian validates that e.By.Guardian may act for subj and records
// the link on the event (PIPL art. 31).
func (l *Ledger) checkGuardian(ctx context.Context, e *Event, subj subject.Subject, bad func(error, string, ...any)) {
	g := e.By.Guardian
	if g == subj.ID {
		bad(ErrGuardianNotLinked, "a subject cannot be their own guardian")
		return
	}
	link, ok := subj.Guardian(g)
	if !ok {
		if other, linked := subj.Link(g); linked {
			bad(ErrGuardianNotLinked, "%v is linked as %v, who cannot act as guardian (PIPL art. 31: a parent or other guardian)", g, other.Relation)
		} else {
			bad(ErrGuardianNotLinked, "%v is not linked to the subject as a guardian; link and verify the guardian first", g)
		}
		return
	}
	if !link.Verified.Verified() {
		bad(ErrGuardianUnverified, "the guardian link of %v is not verified; verify the guardian before recording their consent", g)
	}
	gs, err := l.dir.Lookup(ctx, g)
	switch {
	case errors.Is(err, subject.ErrNotFound):
		bad(ErrUnknownGuardian, "guardian %v is not in the directory", g)
	case err != nil:
		bad(ErrUnknownGuardian, "guardian %v could not be looked up: %v", g, err)
	case gs.Status == subject.Closed || gs.Status == subject.Deceased:
		bad(ErrUnknownGuardian, "guardian %v is %v", g, gs.Status)
	}
	e.By.Relation, e.By.Verified = link.Relation, link.Verified
}
