package lawful

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lawfulgo/lawful/assessment"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/retention"
	"github.com/lawfulgo/lawful/sqlstore"
	"github.com/lawfulgo/lawful/subject"
)

// Options configure a Service. Only Policy is required: with nothing else
// the Service runs in memory (a MemDirectory, a MemStore ledger, a
// retention MemStore, the system clock, PIPL).
type Options struct {
	// Policy is the compiled policy (purpose.LoadPolicy, purpose.Compile).
	Policy *purpose.Registry
	// Directory finds subjects; nil means a new subject.MemDirectory,
	// returned by Service.Directory.
	Directory subject.Directory

	// DB, with Dialect, keeps the consent ledger and retention schedules
	// in the SQL stores of package sqlstore (migrated by New). It needs
	// Keys, and AnchorDB or Anchor: see SECURITY.md.
	DB      *sql.DB
	Dialect sqlstore.Dialect
	// AnchorDB holds the anchored ledger heads (sqlstore.Anchors), in
	// another database than DB under other credentials; passing DB itself
	// is allowed but protects less (see sqlstore.Anchors).
	AnchorDB *sql.DB

	// Consent and Retention are stores of your own; they win over DB.
	Consent   consent.Store
	Retention retention.Store
	// Keys seal the ledger; required with a durable store.
	Keys *consent.Keys
	// Anchor keeps the ledger's heads; wins over AnchorDB.
	Anchor consent.Anchor
	// RetentionRules are rules in Go, added to the policy's (retention.Compile).
	RetentionRules []retention.Rule

	// Clock tells the time; nil means SystemClock.
	Clock Clock
	// Regime and Jurisdictions are the Guard's (Config).
	Regime        Regime
	Jurisdictions map[string]Regime
	// Auditors receive every decision, each through its own queue that
	// never blocks a check (see AuditQueue); AuditQueueSize bounds each
	// queue (zero: DefaultAuditQueueSize).
	Auditors       []Auditor
	AuditQueueSize int
	// Pseudonyms names subjects in denial messages (Config.Pseudonyms).
	Pseudonyms Pseudonymizer
	// Assessments and RequireAssessments make the Guard refuse processing
	// that needs an impact assessment no current one covers
	// (Config.RequireAssessments; PIPL art. 55). An *assessment.Book is
	// the usual Assessments; it outlives policy reloads.
	Assessments        assessment.Checker
	RequireAssessments assessment.Kind

	// Follow, if positive, polls the consent store's change feed at this
	// interval in Run, so appends made by other instances reach this one;
	// the Guard then fails closed (StoreUnavailable) once its view is
	// older than three intervals.
	Follow time.Duration
	// Eraser, if not nil, is called by Run's sweeps every SweepEvery (zero:
	// one minute) to erase due items.
	Eraser     retention.Eraser
	SweepEvery time.Duration
}

// Service is lawful's front door: one value that wires the policy, the
// directory, the consent ledger, retention and the Guard, validated
// together, and that can take a new policy while it runs (Reload). It is
// safe for concurrent use; Check, Allow and the accessors read the
// current generation with one atomic load.
type Service struct {
	cur    atomic.Pointer[generation]
	reload sync.Mutex // serialises Reload

	dir     subject.Directory
	cstore  consent.Store
	rstore  retention.Store
	keys    *consent.Keys
	anchor  consent.Anchor
	clock   Clock
	opts    Options
	audit   Auditor
	queues  []*AuditQueue
	fol     *consent.Follower
	sweeper atomic.Pointer[retention.Sweeper]
}

// generation is everything built from one policy.
type generation struct {
	reg     *purpose.Registry
	ledger  *consent.Ledger
	tracker *retention.Tracker
	guard   *Guard
}

// New validates o and builds a Service, or returns an error matching
// ErrNotConfigured that names every problem (and retention's and the
// policy's own).
func New(ctx context.Context, o Options) (*Service, error) {
	s := &Service{opts: o, dir: o.Directory, clock: o.Clock, keys: o.Keys}
	if err := s.stores(ctx); err != nil {
		return nil, err
	}
	if s.dir == nil {
		s.dir = &subject.MemDirectory{}
	}
	if s.clock == nil {
		s.clock = SystemClock{}
	}
	s.audit = s.auditors()
	g, err := s.build(ctx, o.Policy)
	if err != nil {
		return nil, err
	}
	if o.Follow > 0 {
		if s.fol, err = consent.NewFollower(consent.FollowerConfig{Ledgers: []*consent.Ledger{g.ledger}, Interval: o.Follow, Clock: s.clock}); err != nil {
			return nil, fmt.Errorf("%w: Follow: %w", ErrNotConfigured, err)
		}
	}
	s.cur.Store(g)
	return s, nil
}

// stores resolves the consent and retention stores, keys and anchor.
func (s *Service) stores(ctx context.Context) error {
	o := &s.opts
	s.cstore, s.rstore, s.anchor = o.Consent, o.Retention, o.Anchor
	if o.DB != nil && (s.cstore == nil || s.rstore == nil) {
		st, err := openSQL(ctx, o.DB, o.Dialect)
		if err != nil {
			return err
		}
		if s.cstore == nil {
			s.cstore = st.Consent()
		}
		if s.rstore == nil {
			s.rstore = st.Retention()
		}
	}
	if s.anchor == nil && o.AnchorDB != nil {
		st, err := openSQL(ctx, o.AnchorDB, o.Dialect)
		if err != nil {
			return fmt.Errorf("%w (AnchorDB)", err)
		}
		s.anchor = st.Anchors()
	}
	if s.cstore == nil {
		s.cstore = consent.NewMemStore()
	}
	if s.rstore == nil {
		s.rstore = &retention.MemStore{}
	}
	return nil
}

func openSQL(ctx context.Context, db *sql.DB, d sqlstore.Dialect) (*sqlstore.Store, error) {
	st, err := sqlstore.Open(ctx, db, d)
	if err != nil {
		return nil, fmt.Errorf("lawful: opening the SQL store: %w", err)
	}
	if err := st.Migrate(ctx); err != nil {
		return nil, fmt.Errorf("lawful: migrating the SQL store: %w", err)
	}
	return st, nil
}

// build makes a generation for reg: ledger, retention tracker and Guard,
// all validated; nothing is published.
func (s *Service) build(ctx context.Context, reg *purpose.Registry) (*generation, error) {
	if reg == nil {
		return nil, fmt.Errorf("%w: Options.Policy is nil; load one with purpose.LoadPolicy", ErrNotConfigured)
	}
	ledger, err := consent.NewLedger(consent.Config{Registry: reg, Directory: s.dir, Store: s.cstore, Keys: s.keys, Anchor: s.anchor, Clock: s.clock})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNotConfigured, err)
	}
	rules, err := retention.Compile(reg, s.opts.RetentionRules...)
	if err != nil {
		return nil, fmt.Errorf("%w: the policy's retention: %w", ErrNotConfigured, err)
	}
	tracker, err := retention.NewTracker(ctx, retention.Config{Rules: rules, Store: s.rstore, Clock: s.clock, Consents: ledger})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNotConfigured, err)
	}
	cfg := Config{Registry: reg, Directory: s.dir, Ledger: ledger, Clock: s.clock, Regime: s.opts.Regime,
		Jurisdictions: s.opts.Jurisdictions, Auditor: s.audit, Retention: tracker, Pseudonyms: s.pseudonyms(),
		Assessments: s.opts.Assessments, RequireAssessments: s.opts.RequireAssessments}
	if s.opts.Follow > 0 {
		// s.fol is made after the first generation; checks start later.
		cfg.Freshness = Freshness{Staleness: func() time.Duration { return s.fol.Staleness() }, Max: 3 * s.opts.Follow}
	}
	guard, err := NewGuard(cfg)
	if err != nil {
		return nil, err
	}
	if s.opts.Eraser != nil {
		sw, err := retention.NewSweeper(tracker, s.opts.Eraser, retention.SweeperConfig{})
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrNotConfigured, err)
		}
		s.sweeper.Store(sw)
	}
	return &generation{reg: reg, ledger: ledger, tracker: tracker, guard: guard}, nil
}

// pseudonyms returns Options.Pseudonyms, else the first auditor that is a
// Pseudonymizer, so denial messages and audit lines name a subject alike.
func (s *Service) pseudonyms() Pseudonymizer {
	if s.opts.Pseudonyms != nil {
		return s.opts.Pseudonyms
	}
	for _, a := range s.opts.Auditors {
		if p, ok := a.(Pseudonymizer); ok {
			return p
		}
	}
	return nil
}

// Follower returns the Service's change-feed follower (Options.Follow),
// or nil: tests call its Poll to step it.
func (s *Service) Follower() *consent.Follower { return s.fol }

// Reload validates reg completely and then makes it the Service's policy,
// atomically: checks already under way finish on the old one, later ones
// use the new one. A policy that fails validation, or that rewrites the
// versions of a purpose the running policy has (versions may only be
// added: consents recorded under them must keep their meaning), changes
// nothing, and the error names every problem. A new material version makes
// earlier consents to its purpose stale, as the consent rules say (PIPL
// art. 14 para 2).
func (s *Service) Reload(ctx context.Context, reg *purpose.Registry) error {
	s.reload.Lock()
	defer s.reload.Unlock()
	if reg == nil {
		return fmt.Errorf("%w: Reload needs a compiled policy", ErrNotConfigured)
	}
	if err := compatible(s.cur.Load().reg, reg); err != nil {
		return err
	}
	g, err := s.build(ctx, reg)
	if err != nil {
		return err
	}
	s.cur.Store(g)
	if s.fol != nil {
		_ = s.fol.SetLedgers(g.ledger) // g.ledger is not nil
	}
	return nil
}

// compatible reports every purpose whose versions the new policy rewrites
// rather than extends.
func compatible(old, next *purpose.Registry) error {
	var errs []error
	for _, p := range old.Purposes() {
		n, ok := next.Lookup(p.ID())
		if !ok {
			continue // a purpose dropped: consents to it no longer count
		}
		ov, nv := p.Declaration().Versions, n.Declaration().Versions
		if len(nv) < len(ov) || !slices.Equal(ov, nv[:len(ov)]) {
			errs = append(errs, fmt.Errorf("purpose %q: the new policy changes its versions %d..%d; keep them and add a new version (PIPL art. 14 para 2)", p.ID(), 1, p.Version()))
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("%w: Reload: %w", ErrNotConfigured, errors.Join(errs...))
	}
	return nil
}

// Check decides r with the current policy's Guard (see Guard.Check).
func (s *Service) Check(ctx context.Context, r Request) Decision { return s.Guard().Check(ctx, r) }

// Allow is Check returning an error (see Guard.Allow).
func (s *Service) Allow(ctx context.Context, r Request) error { return s.Guard().Allow(ctx, r) }

// Guard returns the current policy's Guard, for Do and for callers that
// keep one Guard across many checks. A nil Service returns a nil Guard,
// which denies everything.
func (s *Service) Guard() *Guard {
	if s == nil {
		return nil
	}
	return s.cur.Load().guard
}

// Registry returns the current policy.
func (s *Service) Registry() *purpose.Registry { return s.cur.Load().reg }

// Ledger returns the consent ledger of the current policy: record grants,
// withdrawals, restrictions and objections through it.
func (s *Service) Ledger() *consent.Ledger { return s.cur.Load().ledger }

// Record appends a person's decision to the consent ledger and tells
// retention of a withdrawal, expiry or objection
// (retention.Tracker.ConsentChanged), so that data whose consent is gone
// is scheduled for erasure (PIPL art. 47(1)(3)): the one call a service
// makes when a person grants, withdraws, restricts or objects. It returns
// the event recorded. When the ledger refuses the event nothing is
// recorded. When the event is recorded but retention could not be told,
// the event is returned with the error; call Tracker().ConsentChanged
// with it again (it is idempotent).
func (s *Service) Record(ctx context.Context, e consent.Event) (consent.Event, error) {
	g := s.cur.Load()
	ev, err := g.ledger.Append(ctx, e)
	if err != nil {
		return consent.Event{}, err
	}
	if _, err := g.tracker.ConsentChanged(ctx, ev); err != nil {
		return ev, fmt.Errorf("lawful: %v recorded, but retention was not told: %w", ev.Kind, err)
	}
	return ev, nil
}

// AuditDropped returns how many decisions the queues of Options.Auditors
// have dropped since New, all auditors together: an auditor slower than
// the checks loses decisions rather than slowing them (AuditQueue). Export
// it as a metric and alert on its growth.
func (s *Service) AuditDropped() uint64 {
	var n uint64
	for _, q := range s.queues {
		n += q.Dropped()
	}
	return n
}

// Tracker returns the retention tracker of the current policy: track
// items and fire deletion triggers through it.
func (s *Service) Tracker() *retention.Tracker { return s.cur.Load().tracker }

// Directory returns the subject directory.
func (s *Service) Directory() subject.Directory { return s.dir }

// Run polls the change feed (Options.Follow) and sweeps due items
// (Options.Eraser) until ctx is done, then drains the audit queues and
// returns ctx's error. Without either it only waits for ctx and drains.
func (s *Service) Run(ctx context.Context) error {
	if ctx == nil {
		return fmt.Errorf("lawful: Run: %w", errors.New("nil context.Context"))
	}
	var wg sync.WaitGroup
	if s.fol != nil {
		wg.Go(func() { _ = s.fol.Run(ctx) })
	}
	if sw := s.sweeper.Load(); sw != nil {
		every := s.opts.SweepEvery
		if every <= 0 {
			every = time.Minute
		}
		wg.Go(func() {
			// Each sweep uses the current generation's sweeper.
			t := time.NewTicker(every)
			defer t.Stop()
			for {
				_, _ = s.sweeper.Load().Sweep(ctx)
				select {
				case <-ctx.Done():
					return
				case <-t.C:
				}
			}
		})
	}
	<-ctx.Done()
	wg.Wait()
	for _, q := range s.queues {
		q.Close()
	}
	return ctx.Err()
}
