package main

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/clock"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/retention"
	"github.com/lawfulgo/lawful/subject"
)

// The Guard has no trace of its own (see the README: Guard.Explain is
// proposed). The trace re-asks, through public APIs, each question the
// Guard's stages ask, in the Guard's order (lawful.Guard.Check's
// documentation), and derives a verdict of its own; explain compares it
// with the Guard's decision, which is authoritative, and says so when
// they differ. The tests run every scenario check of the seed policies
// through both and require them to agree.

// Stages, in the Guard's order.
const (
	stageRequest   = "request"
	stagePolicy    = "policy"
	stageSubject   = "subject"
	stageRetention = "retention"
	stageStatus    = "status"
	stageRegime    = "regime"
	stageBasis     = "basis"
	stageLimits    = "limits"
	stageExemption = "exemption"
	stageConsent   = "consent"
)

var stageOrder = []string{stageRequest, stagePolicy, stageSubject, stageRetention, stageStatus, stageRegime, stageBasis, stageLimits, stageExemption, stageConsent}

// Verdicts of a stage.
const (
	verdictPass       = "pass"        // the stage let the request through to the next
	verdictDeny       = "deny"        // the stage denied: the decision
	verdictAllow      = "allow"       // the stage allowed: the decision
	verdictSkip       = "skip"        // the stage does not apply to this request
	verdictNotReached = "not_reached" // an earlier stage decided
)

// stage is one stage of the trace.
type stage struct {
	Stage   string   `json:"stage"`
	Verdict string   `json:"verdict"`
	Reason  string   `json:"reason,omitempty"` // for deny
	Facts   []string `json:"facts,omitempty"`  // what the stage asked and found
}

// tracer derives the trace of one request in a built world.
type tracer struct {
	ctx    context.Context
	w      *world
	b      *built
	reg    *purpose.Registry
	r      lawful.Request // as the stages complete it (time)
	live   bool
	stages []stage
	// What the stages learned.
	p       purpose.Compiled
	s       subject.Subject
	snap    *consent.Snapshot
	snapErr error
	regime  *lawful.Regime
	// The derived decision.
	decided bool
	allowed bool
	reason  lawful.Reason
}

// derive runs the stages and returns the trace with its verdict.
func derive(ctx context.Context, w *world, b *built) *tracer {
	t := &tracer{ctx: ctx, w: w, b: b, reg: b.svc.Registry(), r: w.request}
	for _, st := range []func() bool{t.request, t.policy, t.subjectStage, t.retention, t.status, t.regimeStage, t.decide} {
		if !st() {
			break
		}
	}
	for _, name := range stageOrder {
		if !slices.ContainsFunc(t.stages, func(s stage) bool { return s.Stage == name }) {
			t.stages = append(t.stages, stage{Stage: name, Verdict: verdictNotReached})
		}
	}
	return t
}

// pass records a stage that let the request through and reports true.
func (t *tracer) pass(name string, facts ...string) bool {
	t.stages = append(t.stages, stage{Stage: name, Verdict: verdictPass, Facts: facts})
	return true
}

// skip records a stage that does not apply and reports true.
func (t *tracer) skip(name string, facts ...string) bool {
	t.stages = append(t.stages, stage{Stage: name, Verdict: verdictSkip, Facts: facts})
	return true
}

// deny records the deciding denial and reports false.
func (t *tracer) deny(name string, reason lawful.Reason, facts ...string) bool {
	t.stages = append(t.stages, stage{Stage: name, Verdict: verdictDeny, Reason: reason.String(), Facts: facts})
	t.decided, t.reason = true, reason
	return false
}

// allow records the deciding allowance and reports false (nothing after
// it runs).
func (t *tracer) allow(name string, facts ...string) bool {
	t.stages = append(t.stages, stage{Stage: name, Verdict: verdictAllow, Facts: facts})
	t.decided, t.allowed = true, true
	return false
}

// verdict is the derived decision as explain prints it: "allow" or the
// reason's name.
func (t *tracer) verdict() string {
	if t.allowed {
		return "allow"
	}
	return t.reason.String()
}

func (t *tracer) request() bool {
	r := &t.r
	if err := t.ctx.Err(); err != nil {
		return t.deny(stageRequest, lawful.ContextDone, err.Error())
	}
	switch {
	case len(r.Instrument) > lawful.MaxInstrument:
		return t.deny(stageRequest, lawful.InvalidRequest, fmt.Sprintf("the instrument is %d bytes; at most %d", len(r.Instrument), lawful.MaxInstrument))
	case len(r.Item.Key) > lawful.MaxItemKey:
		return t.deny(stageRequest, lawful.InvalidRequest, fmt.Sprintf("the item key is %d bytes; at most %d", len(r.Item.Key), lawful.MaxItemKey))
	case !r.Item.IsZero() && (r.Item.Key == "" || !clock.InRange(r.Item.Collected)):
		return t.deny(stageRequest, lawful.InvalidRequest, "an item needs its key and a collection time in the range lawful answers for")
	}
	if !r.At.IsZero() {
		if err := clock.Check(r.At, "request time"); err != nil {
			return t.deny(stageRequest, lawful.InvalidRequest, err.Error())
		}
		return t.pass(stageRequest, "a question about "+t.stamp(r.At)+" (the request's at)")
	}
	t.live = true
	r.At = t.b.clock.Now()
	if r.At.IsZero() || !clock.InRange(r.At) {
		return t.deny(stageRequest, lawful.NotConfigured, "the clock reads a time outside the range lawful answers for")
	}
	return t.pass(stageRequest, "a question about now: the clock reads "+t.stamp(r.At))
}

func (t *tracer) policy() bool {
	r := &t.r
	switch {
	case !r.Operation.Valid():
		return t.deny(stagePolicy, lawful.InvalidRequest, "no valid operation")
	case r.Categories.IsEmpty():
		return t.deny(stagePolicy, lawful.InvalidRequest, "no categories named")
	}
	p, ok := t.reg.Lookup(r.Purpose)
	if !ok {
		return t.deny(stagePolicy, lawful.UnknownPurpose, fmt.Sprintf("the policy declares no purpose %q", r.Purpose))
	}
	t.p = p
	need := "a feature's purpose"
	if p.Core() {
		need = "a basic service's purpose (core)"
	}
	facts := []string{fmt.Sprintf("purpose %s: declared, version %d, %s", p.ID(), p.Version(), need)}
	if !p.Declares(r.Operation) {
		return t.deny(stagePolicy, lawful.OperationNotDeclared, append(facts, fmt.Sprintf("operation %v: not declared; the purpose declares %v", r.Operation, p.Operations()))...)
	}
	facts = append(facts, fmt.Sprintf("operation %v: declared", r.Operation))
	if !r.Categories.SubsetOf(p.Categories()) {
		return t.deny(stagePolicy, lawful.CategoryNotDeclared, append(facts, fmt.Sprintf("categories %v: not declared", r.Categories.Minus(p.Categories())))...)
	}
	facts = append(facts, categoryFact(r.Categories, p))
	facts, reason := recipientFacts(r, p, facts)
	if reason != lawful.ReasonNone {
		return t.deny(stagePolicy, reason, facts...)
	}
	if r.Form == pii.Anonymised {
		return t.allow(stagePolicy, append(facts, "the data is anonymised, on the caller's claim: not personal information (PIPL arts. 4, 73(4))")...)
	}
	return t.pass(stagePolicy, facts...)
}

func categoryFact(cats pii.Set, p purpose.Compiled) string {
	req, opt := cats.Intersect(p.Required()), cats.Intersect(p.Optional())
	switch {
	case opt.IsEmpty():
		return fmt.Sprintf("categories %v: declared, required", req)
	case req.IsEmpty():
		return fmt.Sprintf("categories %v: declared, optional", opt)
	}
	return fmt.Sprintf("categories %v: declared (required: %v; optional: %v)", cats, req, opt)
}

// recipientFacts checks the recipient as the Guard does (PIPL arts. 21,
// 22, 23, 38, 39) and returns the facts and the denial, if any.
func recipientFacts(r *lawful.Request, p purpose.Compiled, facts []string) ([]string, lawful.Reason) {
	if !r.Operation.Provides() {
		if r.Recipient != "" {
			return append(facts, fmt.Sprintf("operation %v provides nothing, yet names recipient %q", r.Operation, r.Recipient)), lawful.InvalidRequest
		}
		return facts, lawful.ReasonNone
	}
	if r.Recipient == "" {
		return append(facts, fmt.Sprintf("operation %v names no recipient", r.Operation)), lawful.RecipientNotDeclared
	}
	rc, ok := p.Recipient(r.Recipient)
	if !ok {
		return append(facts, fmt.Sprintf("recipient %q: not declared by the purpose", r.Recipient)), lawful.RecipientNotDeclared
	}
	if rc.Via != "" && !rc.Approved {
		return append(facts, fmt.Sprintf("recipient %q: receives via %q, a sub-entrustment the controller has not approved", rc.Name, rc.Via)), lawful.SubEntrustmentNotAuthorised
	}
	var fits bool
	switch r.Operation {
	case purpose.Export:
		fits = rc.Overseas()
	case purpose.Share:
		fits = !rc.Overseas() && (rc.Role == purpose.Independent || rc.Role == purpose.Affiliate || rc.Role == purpose.Joint || rc.Role == purpose.Authority)
	case purpose.Entrust:
		fits = !rc.Overseas() && rc.Role == purpose.Entrusted
	case purpose.Transfer:
		fits = !rc.Overseas() && rc.Role == purpose.Successor
	}
	where := "domestic"
	if rc.Overseas() {
		where = rc.Country + ", " + rc.Mechanism.String()
	}
	facts = append(facts, fmt.Sprintf("recipient %q: declared, %v (%s)", rc.Name, rc.Role, where))
	switch {
	case !fits:
		return append(facts, fmt.Sprintf("a %v recipient (%s) does not receive by %v", rc.Role, where, r.Operation)), lawful.RecipientNotDeclared
	case rc.Role == purpose.Authority && r.Instrument == "":
		return append(facts, "an authority receives on its written demand: the request names no legal instrument (PIPL art. 13(1)(3))"), lawful.LegalInstrumentMissing
	case rc.Role == purpose.Authority:
		facts = append(facts, fmt.Sprintf("legal instrument: %q", r.Instrument))
	}
	return facts, lawful.ReasonNone
}

func (t *tracer) subjectStage() bool {
	id := t.r.Subject
	t.snap, t.snapErr = t.b.svc.Ledger().Snapshot(t.ctx, id)
	if errors.Is(t.snapErr, consent.ErrTampered) {
		return t.deny(stageSubject, lawful.TamperDetected, t.snapErr.Error())
	}
	s, err := t.b.dir.Lookup(t.ctx, id)
	switch {
	case errors.Is(err, subject.ErrNotFound):
		return t.deny(stageSubject, lawful.UnknownSubject, "the subject is not in the directory")
	case err != nil && t.ctx.Err() != nil:
		return t.deny(stageSubject, lawful.ContextDone, err.Error())
	case err != nil:
		return t.deny(stageSubject, lawful.StoreUnavailable, err.Error())
	}
	t.s = s
	facts := []string{"the subject is in the directory"}
	if t.snapErr != nil {
		facts = append(facts, "the consent ledger could not be read: "+t.snapErr.Error())
	} else {
		facts = append(facts, ledgerFact(t.snap.Head().Seq))
	}
	if t.live && t.snap != nil {
		if at := t.snap.LiveAt(t.r.At); !at.Equal(t.r.At) {
			facts = append(facts, "a question about now is answered no earlier than the ledger's latest instant, "+t.stamp(at))
			t.r.At = at
		}
	}
	return t.pass(stageSubject, facts...)
}

func ledgerFact(events uint64) string {
	if events == 0 {
		return "the consent ledger holds no events"
	}
	return "the consent ledger verifies: " + plural(int(events), "event")
}

func (t *tracer) retention() bool {
	r := &t.r
	tr := t.b.svc.Tracker()
	if tr == nil {
		return t.skip(stageRetention, "no retention tracker")
	}
	if r.Operation == purpose.Collect {
		return t.skip(stageRetention, "collecting new data: the retention of data already held does not apply")
	}
	var v retention.Verdict
	var err error
	switch {
	case !r.Item.IsZero():
		v, err = tr.CheckItem(t.ctx, r.Subject, r.Purpose, r.Categories, r.Item.Key, r.Item.Collected, r.At, t.live)
	case t.live:
		v, err = tr.CheckLive(t.ctx, r.Subject, r.Purpose, r.Categories, r.At)
	default:
		v, err = tr.Check(t.ctx, r.Subject, r.Purpose, r.Categories, r.At)
	}
	switch {
	case err != nil && t.ctx.Err() != nil:
		return t.deny(stageRetention, lawful.ContextDone, err.Error())
	case err != nil:
		return t.deny(stageRetention, lawful.StoreUnavailable, err.Error())
	case v.State == retention.Active:
		return t.pass(stageRetention, "no retention period of this data has ended")
	}
	fact := fmt.Sprintf("the data's period ended (%v, rule %q)", v.Cause, v.Rule)
	switch {
	case v.State == retention.Due:
		return t.deny(stageRetention, lawful.RetentionExpired, fact, "the data is due for erasure: nothing may process it (PIPL arts. 19, 47)")
	case r.Operation == purpose.Store:
		return t.allow(stageRetention, fact, "kept for a legal minimum or a hold: storing it is all that is allowed (PIPL art. 47 para 2)")
	}
	return t.deny(stageRetention, lawful.RestrictedPendingErasure, fact, "kept for a legal minimum or a hold: only storage is allowed (PIPL art. 47 para 2)")
}

func (t *tracer) status() bool {
	st := t.s.StatusAt(t.r.At)
	fact := fmt.Sprintf("the account is %v at %s", st, t.stamp(t.r.At))
	switch st {
	case subject.Active:
		return t.pass(stageStatus, fact)
	case subject.Frozen:
		if t.r.Operation == purpose.Store {
			return t.pass(stageStatus, fact, "a frozen account's data may still be stored")
		}
		return t.deny(stageStatus, lawful.SubjectFrozen, fact)
	case subject.Closed:
		return t.deny(stageStatus, lawful.SubjectClosed, fact)
	case subject.Deceased:
		return t.deny(stageStatus, lawful.SubjectDeceased, fact)
	}
	return t.deny(stageStatus, lawful.UnknownSubject, fact)
}

// regimeStage finds the regime of the subject's jurisdiction as the
// Guard does: Config.Jurisdictions, then the default regime's Covers,
// ages counted in the jurisdiction's zone where the regime says
// LocalAges; no jurisdiction takes the default regime; any other is
// denied.
func (t *tracer) regimeStage() bool {
	code := t.s.Jurisdiction
	def := t.w.regime
	r, ok := t.w.jurisdictions[code]
	switch {
	case ok && code != "":
	case code != "" && slices.Contains(def.Covers, code):
		r, ok = def, true
	case code == "":
		t.regime = &def
		return t.pass(stageRegime, fmt.Sprintf("no jurisdiction: the default regime, %s", def.Name))
	}
	if !ok {
		return t.deny(stageRegime, lawful.UnknownJurisdiction, fmt.Sprintf("jurisdiction %q maps to no regime (the default %s covers %v)", code, def.Name, def.Covers))
	}
	if r.LocalAges {
		if loc, ok := lawful.Zone(code); ok {
			r.Ages.Location = loc
		}
	}
	t.regime = &r
	return t.pass(stageRegime, fmt.Sprintf("jurisdiction %s: %s, ages counted on civil dates in %v", code, r.Name, r.Ages.Location))
}
