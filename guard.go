package lawful

import (
	"context"
	"fmt"
	"time"

	"github.com/lawfulgo/lawful/assessment"
	"github.com/lawfulgo/lawful/clock"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/retention"
	"github.com/lawfulgo/lawful/subject"
)

// Config configures a Guard. Registry, Directory, Ledger and Clock are
// required; the other fields default as documented.
type Config struct {
	// Registry is the compiled policy. The Ledger must use the same one.
	Registry *purpose.Registry
	// Directory finds subjects: their status, birth date, jurisdiction.
	// When it is also the Ledger's Directory and a subject.Watcher (as a
	// MemDirectory is), the Ledger keeps each subject's record in its
	// consent snapshot and drops it on every change, and the Guard answers
	// from that one lookup; otherwise it calls Lookup on every check. A
	// Directory over a database should be a Watcher fed by the database's
	// change notifications, or sit behind a cache that is.
	Directory subject.Directory
	// Ledger answers what each subject consented to, when.
	Ledger *consent.Ledger
	// Clock gives the time of requests that leave At zero.
	Clock Clock
	// Regime applies to subjects whose jurisdiction is not in
	// Jurisdictions (and to those with none). The zero value means PIPL().
	Regime Regime
	// Jurisdictions maps ISO 3166-1 alpha-2 codes to regimes, e.g.
	// {"DE": lawful.GDPR()}.
	Jurisdictions map[string]Regime
	// Auditor, if not nil, records every decision.
	Auditor Auditor
	// Pseudonyms names subjects in denial messages, which never carry a
	// subject's ID (a store's error that does is rewritten). Nil means the
	// Auditor if it is a Pseudonymizer (as SlogAuditor is, so messages and
	// audit lines join up), else keyed pseudonyms under a random key of
	// the Guard's.
	Pseudonyms Pseudonymizer
	// Freshness bounds how stale the ledger's cached view may be when
	// several instances share one store; the zero value suits a single
	// instance.
	Freshness Freshness
	// Retention, if not nil, answers whether the subject's data is
	// restricted or due for erasure (RestrictedPendingErasure,
	// RetentionExpired); its rules must be compiled from Registry. Without
	// it the Guard checks no retention state, and Do records no
	// disclosures.
	Retention *retention.Tracker
	// Assessments answers whether a current impact assessment covers a
	// purpose (an *assessment.Book does). It is consulted only for the
	// kinds in RequireAssessments.
	Assessments assessment.Checker
	// RequireAssessments is the kinds of processing the Guard refuses
	// (ImpactAssessmentMissing) unless Assessments reports a current
	// assessment covering the purpose and every such kind the request
	// needs (assessment.Required: sensitive PI, automated decisions,
	// entrusting, providing, disclosing, exporting, minors' PI; PIPL art.
	// 55). It applies under every regime. The zero value requires none:
	// the assessment stays the ImpactAssessment obligation on an allowed
	// Decision, for the service to discharge, so services that keep their
	// assessments elsewhere do not break. An allowed Decision whose kinds
	// were all checked no longer carries the obligation.
	RequireAssessments assessment.Kind
}

// Guard refuses processing of personal information unless a declared
// purpose and a valid consent or exemption cover it. Build one with
// NewGuard; it is immutable and safe for concurrent use.
//
// The zero Guard (and a nil *Guard) denies everything with NotConfigured.
type Guard struct {
	reg     *purpose.Registry
	dir     subject.Directory
	ledger  *consent.Ledger
	clock   Clock
	def     *Regime
	byJuris map[string]*Regime
	audit   Auditor
	pseudo  Pseudonymizer
	ret     *retention.Tracker
	fresh   Freshness
	assess  assessment.Checker
	needs   assessment.Kind // the kinds checked against assess
	// records is true when the Ledger's snapshots carry the subject's
	// directory record (its Directory is this one, and a subject.Watcher),
	// so that one lookup answers for both.
	records bool
}

// NewGuard returns a Guard for cfg, or an error wrapping ErrNotConfigured
// that names every missing or inconsistent dependency.
func NewGuard(cfg Config) (*Guard, error) {
	var problems []string
	if cfg.Registry == nil {
		problems = append(problems, "Registry is nil")
	}
	if cfg.Directory == nil {
		problems = append(problems, "Directory is nil")
	}
	if cfg.Ledger == nil {
		problems = append(problems, "Ledger is nil")
	} else if cfg.Registry != nil && cfg.Ledger.Registry() != cfg.Registry {
		problems = append(problems, "Ledger uses another Registry; build both from the same one")
	}
	if cfg.Retention != nil && cfg.Registry != nil && cfg.Retention.Rules().Registry() != cfg.Registry {
		problems = append(problems, "Retention's rules were compiled for another Registry; compile them from the same one")
	}
	if cfg.Freshness.Max < 0 {
		problems = append(problems, "Freshness.Max is negative")
	}
	if cfg.Freshness.Max > 0 && cfg.Freshness.Staleness == nil && !cfg.Freshness.ReadThrough {
		problems = append(problems, "Freshness.Max needs Freshness.Staleness (e.g. a consent.Follower's Staleness method)")
	}
	if cfg.Clock == nil {
		problems = append(problems, "Clock is nil (use lawful.SystemClock{} in production)")
	}
	switch {
	case !cfg.RequireAssessments.Valid():
		problems = append(problems, fmt.Sprintf("RequireAssessments holds unknown kinds (%#x); combine the assessment.Kind constants, such as assessment.Sensitive|assessment.Export", uint16(cfg.RequireAssessments)))
	case cfg.RequireAssessments != 0 && cfg.Assessments == nil:
		problems = append(problems, "RequireAssessments needs Assessments (e.g. an *assessment.Book) to answer")
	}
	def := cfg.Regime
	if def.Name == "" && !def.Law.Valid() {
		def = PIPL() // the zero Regime
	}
	check := func(where string, r *Regime) {
		if !r.valid() {
			problems = append(problems, fmt.Sprintf("%s: needs a Name, a valid Law, valid Ages and a GuardianForm", where))
		}
	}
	check("Regime", &def)
	if def.valid() && cfg.Registry != nil && !cfg.Registry.Serves(def.Law) {
		// A jurisdiction's regime the policy does not serve denies its
		// subjects (NoStatutoryBasis); the default one must be served.
		problems = append(problems, fmt.Sprintf("Regime: the policy does not serve %v; add it to the policy's regimes", def.Law))
	}
	byJuris, bad := regimes(def, cfg.Jurisdictions)
	problems = append(problems, bad...)
	g := &Guard{reg: cfg.Registry, dir: cfg.Directory, ledger: cfg.Ledger, clock: clock.NewMonotonic(cfg.Clock), def: &def, byJuris: byJuris, audit: cfg.Auditor, ret: cfg.Retention, fresh: cfg.Freshness, assess: cfg.Assessments, needs: cfg.RequireAssessments}
	if len(problems) > 0 {
		return nil, fmt.Errorf("%w: %v", ErrNotConfigured, problems)
	}
	g.records = !g.fresh.ReadThrough && sameDirectory(cfg.Directory, cfg.Ledger.Directory())
	g.pseudo = cfg.Pseudonyms
	if p, ok := cfg.Auditor.(Pseudonymizer); ok && g.pseudo == nil {
		g.pseudo = p
	}
	if g.pseudo == nil {
		g.pseudo = newRandomPseudonyms()
	}
	return g, nil
}

// Registry returns the Guard's Registry.
func (g *Guard) Registry() *purpose.Registry { return g.reg }

// Allow is Check returning an error: nil when allowed, else a *Denial that
// matches the reason's sentinel with errors.Is.
func (g *Guard) Allow(ctx context.Context, r Request) error {
	return g.Check(ctx, r).Err()
}

// Check decides whether the request is lawful. It never panics, never
// allows on an error (a failing directory or store, a done context, a
// missing dependency: each is a denial with its own reason), and allocates
// nothing on the allow path when the directory lookup does not.
//
// The order of evaluation, first failure wins:
//
//  1. the request: a live context, bounded fields, a time in range (a
//     request without At is about now, and is never answered before the
//     ledger's latest recorded instant);
//  2. the policy: the purpose is declared, with the operation, every
//     requested category and the recipient (a sub-processor approved, an
//     authority's instrument named); data declared anonymised is allowed
//     (not PI);
//  3. the subject: known, and its consent ledger verifies (TamperDetected);
//  4. retention: the data's period and the deletion triggers
//     (RetentionExpired; RestrictedPendingErasure, where only Store is
//     allowed), before the account status, so a closed account's logs are
//     still stored until their legal minimum;
//  5. the account status at the request's instant: not frozen (except
//     Store), closed or deceased;
//  6. the regime of the subject's jurisdiction (UnknownJurisdiction);
//  7. the ground under that regime; adults-only purposes and minors'
//     prohibitions;
//  8. what the person decided beyond consent: a restriction of the
//     categories, an objection to the purpose;
//  9. a no-consent basis whose conditions hold allows (the contract party,
//     a cited law, the caller's attestations), unless guardian or
//     biometric-editing consent is still needed;
//  10. consent: given (naming the recipient where the regime requires it)
//     → in force (not withdrawn, not expired, not future) → under the
//     current version → explicit (GDPR special categories) → separate where
//     required → a guardian's, for a subject who needs one;
//  11. impact assessments, for the kinds Config.RequireAssessments names:
//     a current one covers the purpose and each kind the request needs
//     (ImpactAssessmentMissing; PIPL art. 55).
func (g *Guard) Check(ctx context.Context, r Request) Decision {
	if g == nil || g.reg == nil {
		return Decision{Reason: NotConfigured, Request: r}
	}
	if ctx == nil {
		// Audited with a usable context; the request is still refused.
		d := Decision{Reason: InvalidRequest, Request: r, guard: g, why: detail{kind: detailText, text: "nil context.Context; pass the request's context or context.Background()"}}
		if g.audit != nil {
			g.audit.Audit(context.Background(), d)
		}
		return d
	}
	var stale time.Duration
	if g.fresh.Staleness != nil && !g.fresh.ReadThrough {
		stale = g.fresh.Staleness()
		if g.fresh.Max > 0 && stale > g.fresh.Max {
			// Fail closed: a view older than the bound may miss a
			// withdrawal made through another instance.
			d := Decision{Reason: StoreUnavailable, Request: r, Staleness: stale, guard: g, why: detail{kind: detailStale}}
			if g.audit != nil {
				g.audit.Audit(ctx, d)
			}
			return d
		}
	}
	d := Decision{Request: r, Staleness: stale, guard: g}
	g.check(ctx, &d)
	if g.audit != nil {
		g.audit.Audit(ctx, d)
	}
	return d
}

// Freshness bounds the age of the Guard's view of a ledger that several
// instances share (see the sqlstore package documentation). The zero value
// suits a single instance, whose own appends update its cache at once.
type Freshness struct {
	// Staleness reports how old the cached view may be now, e.g. the
	// Staleness method of the consent.Follower invalidating this
	// instance's ledger. Each Decision carries its value.
	Staleness func() time.Duration
	// Max, if positive, denies every request with StoreUnavailable while
	// Staleness exceeds it: fail closed when the follower has stopped.
	Max time.Duration
	// ReadThrough reads the store on every check (staleness zero), for
	// deployments that accept a database read per decision.
	ReadThrough bool
}
