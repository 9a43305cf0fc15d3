package lawful

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"time"

	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/pii"
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
	ret     *retention.Tracker
	fresh   Freshness
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
	def := cfg.Regime
	if def == (Regime{}) {
		def = PIPL()
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
	g := &Guard{reg: cfg.Registry, dir: cfg.Directory, ledger: cfg.Ledger, clock: cfg.Clock, def: &def, byJuris: map[string]*Regime{}, audit: cfg.Auditor, ret: cfg.Retention, fresh: cfg.Freshness}
	for code, r := range cfg.Jurisdictions {
		r := r
		check(fmt.Sprintf("Jurisdictions[%q]", code), &r)
		g.byJuris[code] = &r
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("%w: %v", ErrNotConfigured, problems)
	}
	g.records = !g.fresh.ReadThrough && sameDirectory(cfg.Directory, cfg.Ledger.Directory())
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
// The order of evaluation, first failure wins: the request is well formed
// → the purpose is declared → it declares the operation → and every
// requested category → and the recipient → data declared anonymised is
// allowed (not PI) → the subject is known → not frozen (except Store),
// closed or deceased → the purpose has a ground under the subject's regime
// → minors' prohibitions → a no-consent basis whose conditions hold allows
// (unless guardian or biometric-editing consent is still needed) → consent
// was given → is in force (not withdrawn, not expired, not future) → under
// the current version → explicit (GDPR special categories) → separate where
// required → a guardian's, for a subject who needs one.
func (g *Guard) Check(ctx context.Context, r Request) Decision {
	if g == nil || g.reg == nil {
		return Decision{Reason: NotConfigured, Request: r}
	}
	var stale time.Duration
	if g.fresh.Staleness != nil && !g.fresh.ReadThrough {
		stale = g.fresh.Staleness()
		if g.fresh.Max > 0 && stale > g.fresh.Max {
			// Fail closed: a view older than the bound may miss a
			// withdrawal made through another instance.
			d := Decision{Reason: StoreUnavailable, Request: r, Staleness: stale,
				Detail: fmt.Sprintf("the consent view may be %v old, more than the %v allowed; is the change-feed follower running?", stale, g.fresh.Max)}
			if g.audit != nil {
				g.audit.Audit(ctx, d)
			}
			return d
		}
	}
	d := g.check(ctx, r)
	d.Staleness = stale
	if g.audit != nil {
		g.audit.Audit(ctx, d)
	}
	return d
}

func deny(r Request, reason Reason) Decision { return Decision{Reason: reason, Request: r} }

func denyDetail(r Request, reason Reason, format string, args ...any) Decision {
	return Decision{Reason: reason, Request: r, Detail: fmt.Sprintf(format, args...)}
}

func (g *Guard) check(ctx context.Context, r Request) Decision {
	if r.Subject.IsZero() {
		if id, ok := SubjectFrom(ctx); ok {
			r.Subject = id
		}
	}
	if r.Purpose == "" {
		if id, ok := PurposeFrom(ctx); ok {
			r.Purpose = id
		}
	}
	if err := ctx.Err(); err != nil {
		return Decision{Reason: ContextDone, Request: r, Cause: err}
	}
	if r.At.IsZero() {
		r.At = g.clock.Now()
		if r.At.IsZero() {
			return denyDetail(r, NotConfigured, "the clock returned the zero time")
		}
	}

	// The request against the policy.
	switch {
	case !r.Operation.Valid():
		return denyDetail(r, InvalidRequest, "operation %v", r.Operation)
	case r.Categories.IsEmpty():
		return denyDetail(r, InvalidRequest, "no categories named")
	}
	p, ok := g.reg.Lookup(r.Purpose)
	if !ok {
		return denyDetail(r, UnknownPurpose, "purpose %q", r.Purpose)
	}
	if !p.Declares(r.Operation) {
		return denyDetail(r, OperationNotDeclared, "%s declares %v", r.Purpose, p.Operations())
	}
	if !r.Categories.SubsetOf(p.Categories()) {
		return denyDetail(r, CategoryNotDeclared, "undeclared %v", r.Categories.Minus(p.Categories()))
	}
	if d, ok := g.checkRecipient(r, p); !ok {
		return d
	}
	if r.Form == pii.Anonymised {
		return Decision{Request: r, Anonymised: true, allowed: true}
	}

	// The subject.
	if r.Subject.IsZero() {
		return denyDetail(r, UnknownSubject, "the request names no subject")
	}
	// One lookup answers for the subject's record and consent when the
	// Ledger keeps records beside snapshots; otherwise (or if the ledger
	// failed: an exemption needs no consent) ask the Directory. A ledger
	// error is kept for the consent step rather than read again.
	var s subject.Subject
	var snap *consent.Snapshot
	var snapErr error
	found, known := false, false
	if g.records {
		if snap, snapErr = g.ledger.Snapshot(ctx, r.Subject); snapErr == nil {
			s, found, known = snap.DirectoryRecord()
		}
	}
	if !known {
		var err error
		s, err = g.dir.Lookup(ctx, r.Subject)
		switch {
		case err == nil:
		case errors.Is(err, subject.ErrNotFound):
			return deny(r, UnknownSubject)
		case ctx.Err() != nil:
			return Decision{Reason: ContextDone, Request: r, Cause: err}
		default:
			return Decision{Reason: StoreUnavailable, Request: r, Cause: err}
		}
	} else if !found {
		return deny(r, UnknownSubject)
	}
	// Retention answers before the subject's status, so a closed account's
	// logs can still be stored until their legal minimum is met (PIPL art.
	// 47 para 2). New data (Collect) is not the old data's business.
	if g.ret != nil && r.Operation != purpose.Collect {
		if g.fresh.ReadThrough {
			g.ret.Invalidate(r.Subject)
		}
		v, err := g.ret.Check(ctx, r.Subject, r.Purpose, r.Categories, r.At)
		switch {
		case err != nil && ctx.Err() != nil:
			return Decision{Reason: ContextDone, Request: r, Cause: err}
		case err != nil:
			return Decision{Reason: StoreUnavailable, Request: r, Cause: err}
		case v.State == retention.Due:
			return denyDetail(r, RetentionExpired, "item %s is due for erasure (%v)", v.Timer, v.Cause)
		case v.State == retention.Restricted && r.Operation == purpose.Store:
			return Decision{Request: r, Obligations: StorageOnly, allowed: true}
		case v.State == retention.Restricted:
			return denyDetail(r, RestrictedPendingErasure, "%s", restrictedDetail(v))
		}
	}
	switch s.Status {
	case subject.Active:
	case subject.Frozen:
		if r.Operation != purpose.Store {
			return deny(r, SubjectFrozen)
		}
	case subject.Closed:
		return deny(r, SubjectClosed)
	case subject.Deceased:
		return deny(r, SubjectDeceased)
	default:
		return denyDetail(r, UnknownSubject, "subject status %v", s.Status)
	}
	reg := g.regimeFor(s.Jurisdiction)
	return g.decide(ctx, r, p, &s, snap, snapErr, reg)
}

func restrictedDetail(v retention.Verdict) string {
	switch {
	case v.Hold != "":
		return fmt.Sprintf("kept under legal hold %q after %v", v.Hold, v.Cause)
	case v.Cites != "":
		return fmt.Sprintf("kept until %s under %s after %v", v.Until.Format("2006-01-02 15:04 MST"), v.Cites, v.Cause)
	}
	return fmt.Sprintf("erasure due %s after %v", v.Until.Format("2006-01-02 15:04 MST"), v.Cause)
}

// Freshness bounds the age of the Guard's view of a ledger that several
// instances share (DESIGN "Scale beyond one process"). The zero value
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

// checkRecipient checks the recipient against the operation and the
// purpose's declared recipients (PIPL arts. 21, 22, 23, 38, 39).
func (g *Guard) checkRecipient(r Request, p purpose.Compiled) (Decision, bool) {
	if !r.Operation.Provides() {
		if r.Recipient != "" {
			return denyDetail(r, InvalidRequest, "operation %v names a recipient", r.Operation), false
		}
		return Decision{}, true
	}
	if r.Recipient == "" {
		return denyDetail(r, RecipientNotDeclared, "operation %v names no recipient", r.Operation), false
	}
	rc, ok := p.Recipient(r.Recipient)
	if !ok {
		return denyDetail(r, RecipientNotDeclared, "%q is not a recipient of %s", r.Recipient, r.Purpose), false
	}
	var fits bool
	switch r.Operation {
	case purpose.Export:
		fits = rc.Overseas()
	case purpose.Share:
		fits = !rc.Overseas() && (rc.Role == purpose.Independent || rc.Role == purpose.Affiliate || rc.Role == purpose.Joint)
	case purpose.Entrust:
		fits = !rc.Overseas() && rc.Role == purpose.Entrusted
	case purpose.Transfer:
		fits = !rc.Overseas() && rc.Role == purpose.Successor
	}
	if !fits {
		return denyDetail(r, RecipientNotDeclared, "%q is declared as %v, which does not receive by %v", r.Recipient, rc.Role, r.Operation), false
	}
	return Decision{}, true
}

// sameDirectory reports whether a and b are the same directory, without
// the panic of comparing two interfaces holding an uncomparable type.
func sameDirectory(a, b subject.Directory) bool {
	ta, tb := reflect.TypeOf(a), reflect.TypeOf(b)
	return ta != nil && ta == tb && ta.Comparable() && a == b
}

func (g *Guard) regimeFor(jurisdiction string) *Regime {
	if r, ok := g.byJuris[jurisdiction]; ok {
		return r
	}
	return g.def
}

// decide applies the regime to a request whose purpose and subject are
// known. snap and snapErr are the result of reading the subject's consent
// snapshot, if check read it already; both nil if not.
func (g *Guard) decide(ctx context.Context, r Request, p purpose.Compiled, s *subject.Subject, snap *consent.Snapshot, snapErr error, reg *Regime) Decision {
	law := reg.Law
	legal, ok := p.Legal(law)
	if !ok {
		d := denyDetail(r, NoStatutoryBasis, "the policy does not serve %v", law)
		d.Regime = reg.Name
		return d
	}
	b := legal.Basis
	ground := b.Ground(law)
	d := Decision{Request: r, Regime: reg.Name, Basis: b}
	fail := func(reason Reason) Decision { d.Reason = reason; return d }
	if ground == purpose.BasisUnknown {
		return fail(NoStatutoryBasis)
	}

	band, needsGuardian := reg.Ages.Assess(s.Birth, r.At)
	traits := p.Traits()
	if reg.NoAutomatedMarketingToMinors && band != subject.Adult && traits.Has(purpose.AutomatedDecision|purpose.Marketing) {
		return fail(ProhibitedForMinors)
	}
	if !b.Operations().Has(r.Operation) {
		return fail(ExemptionNotValidForOperation)
	}
	if reg.StrictDisclose && r.Operation == purpose.Disclose && ground != purpose.Consent && ground != purpose.LegalDuty {
		return fail(ExemptionNotValidForOperation)
	}
	editing := traits.Has(purpose.BiometricEditing)

	if ground != purpose.Consent {
		cond := b.Conditions()
		need := Attestation(0)
		if cond&purpose.NeedsEmergency != 0 {
			need |= Emergency
		}
		if cond&purpose.NeedsReasonableScope != 0 {
			need |= ReasonableScope
		}
		if cond&purpose.NeedsNoRefusal != 0 {
			need |= NotRefused
		}
		if cond&purpose.NeedsBalancingTest != 0 {
			need |= BalancingTest
		}
		switch {
		case cond&purpose.NeedsCitedLaw != 0 && legal.Cites == "":
			d.Detail = "the basis cites no law"
			return fail(ExemptionConditionFailed)
		case !r.Attest.Has(need):
			d.Detail = "not attested: " + (need &^ r.Attest).String()
			return fail(ExemptionConditionFailed)
		}
		d.Attested = need
		guardianStill := needsGuardian && ground == purpose.Contract && reg.GuardianOnContract
		if !guardianStill && !editing {
			d.Obligations = g.obligations(r, p, b, reg)
			d.allowed = true
			return d
		}
	}

	// Consent: the ledger at the request's instant.
	if snap == nil && snapErr == nil {
		if g.fresh.ReadThrough {
			g.ledger.Invalidate(r.Subject)
		}
		snap, snapErr = g.ledger.Snapshot(ctx, r.Subject)
	}
	if snapErr != nil {
		d.Cause = snapErr
		if ctx.Err() != nil {
			return fail(ContextDone)
		}
		return fail(StoreUnavailable)
	}
	// What the consent must be, known before asking the ledger, so that
	// among several consents in force it finds one that meets it.
	sensitive := !r.Categories.Sensitive(law).IsEmpty()
	explicit := law == pii.GDPR && reg.ExplicitForSpecial && sensitive && legal.Special == purpose.ExplicitConsent
	child := band == subject.Child
	needSeparate := editing || reg.SeparateFor.Has(r.Operation) ||
		reg.SensitiveNeedsSeparate && (sensitive || child && reg.ChildDataSensitive)
	need := consent.Need{Form: consent.Click, Guardian: needsGuardian}
	if needSeparate || explicit {
		need.Form = consent.Separate
	}
	if needsGuardian && reg.GuardianForm > need.Form {
		need.Form = reg.GuardianForm
	}

	recipient := ""
	if r.Operation == purpose.Share || r.Operation == purpose.Transfer || r.Operation == purpose.Export {
		recipient = r.Recipient
	}
	a := snap.LookupFor(p, recipient, r.At, need)
	d.Consent = a.Event
	switch a.Status {
	case consent.Given:
	case consent.NotGiven:
		// For someone who needs a guardian, the useful answer names the
		// guardian (PIPL art. 31; GDPR art. 8), not the subject.
		switch {
		case needsGuardian && reg.ParentalConsent:
			return fail(ParentalConsentRequired)
		case needsGuardian:
			return fail(GuardianConsentRequired)
		}
		return fail(NoConsent)
	case consent.NotYetInForce:
		return fail(ConsentNotYetInForce)
	case consent.Withdrawn:
		return fail(ConsentWithdrawn)
	case consent.Expired:
		return fail(ConsentExpired)
	case consent.Stale:
		return fail(ConsentStale)
	default:
		d.Detail = "the ledger does not know the purpose"
		return fail(StoreUnavailable)
	}
	if explicit && !a.Form.Satisfies(consent.Separate) {
		return fail(ExplicitConsentRequired)
	}
	if needSeparate && !a.Form.Satisfies(consent.Separate) {
		return fail(SeparateConsentRequired)
	}
	if needsGuardian {
		switch {
		case !a.Guardian && reg.ParentalConsent:
			return fail(ParentalConsentRequired)
		case !a.Guardian:
			return fail(GuardianConsentRequired)
		case !a.Form.Satisfies(reg.GuardianForm) && reg.GuardianForm == consent.Written:
			return fail(WrittenConsentRequired)
		case !a.Form.Satisfies(reg.GuardianForm):
			return fail(SeparateConsentRequired)
		}
	}
	d.Obligations = g.obligations(r, p, b, reg)
	d.allowed = true
	return d
}

// obligations lists the duties an allowed request leaves with the caller.
func (g *Guard) obligations(r Request, p purpose.Compiled, b purpose.Basis, reg *Regime) Obligations {
	o := b.Obligations()
	switch r.Operation {
	case purpose.Share, purpose.Transfer, purpose.Export, purpose.Entrust:
		o |= RecordDisclosure // GDPR art. 19; NDSMR art. 12
	}
	switch r.Operation {
	case purpose.Entrust:
		o |= EntrustmentContract // PIPL art. 21
	case purpose.Export:
		o |= CrossBorderNotice // PIPL art. 39
	}
	if reg.Law == pii.PIPL {
		// PIPL art. 55: sensitive PI, automated decisions, entrusting,
		// providing, disclosing and exporting need a prior impact assessment.
		if !r.Categories.Sensitive(pii.PIPL).IsEmpty() || r.Operation.Provides() || r.Operation == purpose.Disclose || p.Traits().Has(purpose.AutomatedDecision) {
			o |= ImpactAssessment
		}
	}
	return o
}
