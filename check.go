package lawful

import (
	"context"
	"errors"
	"reflect"

	"github.com/lawfulgo/lawful/clock"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/retention"
	"github.com/lawfulgo/lawful/subject"
)

// fail denies d for reason and reports false, so a stage can end with
// return d.fail(reason).
func (d *Decision) fail(reason Reason) bool {
	d.Reason = reason
	return false
}

// failCause is fail with the underlying error.
func (d *Decision) failCause(reason Reason, err error) bool {
	d.Cause = err
	return d.fail(reason)
}

// grant allows d with obligations o.
func (d *Decision) grant(o Obligations) {
	d.Obligations = o
	d.allowed = true
}

// subjectView is what the subject stage learned: the directory record,
// and the consent snapshot (or why it could not be read).
type subjectView struct {
	s       subject.Subject
	snap    *consent.Snapshot
	snapErr error
}

// check runs the Guard's stages on d, which holds the request, in order,
// the first denial winning: request → policy → subject → time →
// retention → status → basis and consent (decide). Each stage reads
// d.Request and, to deny, sets d's reason and reports false; the Decision
// is built in place, never copied between stages.
func (g *Guard) check(ctx context.Context, d *Decision) {
	live, ok := g.request(ctx, d)
	if !ok {
		return
	}
	p, ok := g.policy(d)
	if !ok {
		return
	}
	if d.Request.Form == pii.Anonymised {
		d.Anonymised, d.allowed = true, true
		return
	}
	var v subjectView
	if !g.subject(ctx, d, &v) {
		return
	}
	if live && v.snap != nil {
		// A live question is never asked before the ledger's latest
		// recorded instant: a clock that stepped back cannot undo a
		// withdrawal (PIPL art. 15).
		d.Request.At = v.snap.LiveAt(d.Request.At)
	}
	if !g.retained(ctx, d, live) || !status(d, v.s.StatusAt(d.Request.At)) {
		return
	}
	reg, ok := g.regimeFor(d, v.s.Jurisdiction)
	if !ok {
		return
	}
	g.decide(ctx, d, p, &v, reg)
}

// request completes the request from the context and the clock and
// checks its bounds and time; live reports whether it is about now (At
// was zero).
func (g *Guard) request(ctx context.Context, d *Decision) (live, ok bool) {
	r := &d.Request
	if ctx == nil {
		return false, d.failText(InvalidRequest, "nil context.Context; pass the request's context or context.Background()")
	}
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
	r.Attest |= AttestFor(ctx, r.Subject) // vouched for this subject, or for all
	if err := ctx.Err(); err != nil {
		return false, d.failCause(ContextDone, err)
	}
	switch {
	case len(r.Instrument) > MaxInstrument:
		return false, d.failWhy(InvalidRequest, detail{kind: detailInstrument})
	case len(r.Item.Key) > MaxItemKey:
		return false, d.failWhy(InvalidRequest, detail{kind: detailItemKey})
	case !r.Item.IsZero() && (r.Item.Key == "" || !clock.InRange(r.Item.Collected)):
		return false, d.failText(InvalidRequest, "an item needs its key and a collection time in the range lawful answers for")
	}
	if !r.At.IsZero() {
		if err := clock.Check(r.At, "request time"); err != nil {
			d.explain("the request's time is outside the range lawful answers for")
			return false, d.failCause(InvalidRequest, err)
		}
		return false, true
	}
	r.At = g.clock.Now()
	switch {
	case r.At.IsZero():
		return true, d.failText(NotConfigured, "the clock returned the zero time")
	case !clock.InRange(r.At):
		d.explain("the clock reads a time outside the range lawful answers for")
		return true, d.failCause(NotConfigured, clock.Check(r.At, "clock reading"))
	}
	return true, true
}

// policy checks the request against the compiled policy: the purpose, its
// operations, categories and recipients (PIPL arts. 6, 14, 21, 23, 39).
func (g *Guard) policy(d *Decision) (purpose.Compiled, bool) {
	r := &d.Request
	switch {
	case !r.Operation.Valid():
		return purpose.Compiled{}, d.failWhy(InvalidRequest, detail{kind: detailOperation})
	case r.Categories.IsEmpty():
		return purpose.Compiled{}, d.failText(InvalidRequest, "no categories named")
	}
	p, ok := g.reg.Lookup(r.Purpose)
	d.declared = ok
	switch {
	case !ok:
		return p, d.failWhy(UnknownPurpose, detail{kind: detailPurpose})
	case !p.Declares(r.Operation):
		return p, d.failWhy(OperationNotDeclared, detail{kind: detailOperations})
	case !r.Categories.SubsetOf(p.Categories()):
		return p, d.failWhy(CategoryNotDeclared, detail{kind: detailCategories})
	}
	return p, g.checkRecipient(d, p)
}

// subject reads the subject's consent snapshot and directory record into
// v. One lookup answers for both when the Ledger keeps records beside
// snapshots; otherwise the Directory is asked. A ledger that fails
// verification denies the subject outright (TamperDetected); any other
// ledger error is kept for the consent stage, since an exemption needs no
// consent.
func (g *Guard) subject(ctx context.Context, d *Decision, v *subjectView) bool {
	id := d.Request.Subject
	if id.IsZero() {
		return d.failText(UnknownSubject, "the request names no subject")
	}
	if g.fresh.ReadThrough {
		g.ledger.Invalidate(id)
	}
	v.snap, v.snapErr = g.ledger.Snapshot(ctx, id)
	if errors.Is(v.snapErr, consent.ErrTampered) {
		return d.failCause(TamperDetected, v.snapErr)
	}
	found, known := false, false
	if g.records && v.snapErr == nil {
		v.s, found, known = v.snap.DirectoryRecord()
	}
	if known {
		return found || d.fail(UnknownSubject)
	}
	var err error
	v.s, err = g.dir.Lookup(ctx, id)
	switch {
	case err == nil:
		return true
	case errors.Is(err, subject.ErrNotFound):
		return d.fail(UnknownSubject)
	case ctx.Err() != nil:
		return d.failCause(ContextDone, err)
	}
	return d.failCause(StoreUnavailable, err)
}

// retained answers from the retention Tracker. It runs before the
// subject's status, so a closed account's logs can still be stored until
// their legal minimum is met (PIPL art. 47 para 2). New data (Collect) is
// not the old data's business. A storage-only allow ends the check too
// (it reports false, with d allowed).
func (g *Guard) retained(ctx context.Context, d *Decision, live bool) bool {
	r := &d.Request
	if g.ret == nil || r.Operation == purpose.Collect {
		return true
	}
	if g.fresh.ReadThrough {
		g.ret.Invalidate(r.Subject)
	}
	var v retention.Verdict
	var err error
	switch {
	case !r.Item.IsZero():
		v, err = g.ret.CheckItem(ctx, r.Subject, r.Purpose, r.Categories, r.Item.Key, r.Item.Collected, r.At, live)
	case live:
		v, err = g.ret.CheckLive(ctx, r.Subject, r.Purpose, r.Categories, r.At)
	default:
		v, err = g.ret.Check(ctx, r.Subject, r.Purpose, r.Categories, r.At)
	}
	switch {
	case err != nil && ctx.Err() != nil:
		return d.failCause(ContextDone, err)
	case err != nil:
		return d.failCause(StoreUnavailable, err)
	case v.State == retention.Active:
		return true
	}
	d.RetentionRule = v.Rule
	switch {
	case v.State == retention.Due:
		return d.failWhy(RetentionExpired, retentionWhy(v))
	case r.Operation == purpose.Store:
		d.grant(StorageOnly)
		return false
	}
	return d.failWhy(RestrictedPendingErasure, retentionWhy(v))
}

// status denies processing for an account that is not active; a frozen
// one may still be stored.
func status(d *Decision, st subject.Status) bool {
	switch st {
	case subject.Active:
		return true
	case subject.Frozen:
		return d.Request.Operation == purpose.Store || d.fail(SubjectFrozen)
	case subject.Closed:
		return d.fail(SubjectClosed)
	case subject.Deceased:
		return d.fail(SubjectDeceased)
	}
	return d.failWhy(UnknownSubject, detail{kind: detailStatus, code: uint8(st)})
}

// checkRecipient checks the recipient against the operation and the
// purpose's declared recipients (PIPL arts. 21, 22, 23, 38, 39).
func (g *Guard) checkRecipient(d *Decision, p purpose.Compiled) bool {
	r := &d.Request
	if !r.Operation.Provides() {
		if r.Recipient != "" {
			return d.failWhy(InvalidRequest, detail{kind: detailRecipientOp})
		}
		return true
	}
	if r.Recipient == "" {
		return d.failWhy(RecipientNotDeclared, detail{kind: detailNoRecipient})
	}
	rc, ok := p.Recipient(r.Recipient)
	if !ok {
		return d.failWhy(RecipientNotDeclared, detail{kind: detailNotRecipient})
	}
	if rc.Via != "" && !rc.Approved {
		return d.failWhy(SubEntrustmentNotAuthorised, detail{kind: detailVia})
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
	if !fits {
		return d.failWhy(RecipientNotDeclared, detail{kind: detailRole})
	}
	if rc.Role == purpose.Authority && r.Instrument == "" {
		// A state organ receives on its lawful demand, and the demand is
		// a written instrument (PIPL art. 13(1)(3)) [L].
		return d.failWhy(LegalInstrumentMissing, detail{kind: detailAuthority})
	}
	return true
}

// sameDirectory reports whether a and b are the same directory, without
// the panic of comparing two interfaces holding an uncomparable type.
func sameDirectory(a, b subject.Directory) bool {
	ta, tb := reflect.TypeOf(a), reflect.TypeOf(b)
	return ta != nil && ta == tb && ta.Comparable() && a == b
}

// regimeFor returns the regime of a subject's jurisdiction: its entry in
// Config.Jurisdictions or the default's Covers, the default regime for a
// subject with no jurisdiction; any other jurisdiction is denied, never
// silently given the default.
func (g *Guard) regimeFor(d *Decision, jurisdiction string) (*Regime, bool) {
	if reg, ok := g.byJuris[jurisdiction]; ok {
		return reg, true
	}
	if jurisdiction == "" {
		return g.def, true
	}
	return nil, d.failWhy(UnknownJurisdiction, detail{kind: detailJurisdiction, text: jurisdiction})
}
