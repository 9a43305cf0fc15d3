package lawful

import (
	"context"
	"errors"
	"fmt"
	"reflect"

	"github.com/lawfulgo/lawful/clock"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/retention"
	"github.com/lawfulgo/lawful/subject"
)

func deny(r Request, reason Reason) Decision { return Decision{Reason: reason, Request: r} }

func denyDetail(r Request, reason Reason, format string, args ...any) Decision {
	return Decision{Reason: reason, Request: r, Detail: fmt.Sprintf(format, args...)}
}

// subjectView is what the subject stage learned: the directory record,
// and the consent snapshot (or why it could not be read).
type subjectView struct {
	s       subject.Subject
	snap    *consent.Snapshot
	snapErr error
}

// check runs the Guard's stages in order, the first denial winning:
// request → policy → subject → time → retention → status → basis and
// consent (decide).
func (g *Guard) check(ctx context.Context, r Request) Decision {
	r, live, d, ok := g.request(ctx, r)
	if !ok {
		return d
	}
	p, d, ok := g.policy(r)
	if !ok {
		return d
	}
	if r.Form == pii.Anonymised {
		return Decision{Request: r, Anonymised: true, allowed: true}
	}
	v, d, ok := g.subject(ctx, r)
	if !ok {
		return d
	}
	if live && v.snap != nil {
		// A live question is never asked before the ledger's latest
		// recorded instant: a clock that stepped back cannot undo a
		// withdrawal (PIPL art. 15).
		r.At = v.snap.LiveAt(r.At)
	}
	if d, ok := g.retained(ctx, r, live); !ok {
		return d
	}
	if d, ok := status(r, v.s.StatusAt(r.At)); !ok {
		return d
	}
	reg, d, ok := g.regimeFor(r, v.s.Jurisdiction)
	if !ok {
		return d
	}
	return g.decide(ctx, r, p, &v, reg)
}

// request completes r from the context and the clock and checks its time;
// live reports whether the request is about now (At was zero).
func (g *Guard) request(ctx context.Context, r Request) (Request, bool, Decision, bool) {
	if ctx == nil {
		return r, false, denyDetail(r, InvalidRequest, "nil context.Context; pass the request's context or context.Background()"), false
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
	r.Attest |= AttestFrom(ctx)
	if err := ctx.Err(); err != nil {
		return r, false, Decision{Reason: ContextDone, Request: r, Cause: err}, false
	}
	switch {
	case len(r.Instrument) > MaxInstrument:
		return r, false, denyDetail(r, InvalidRequest, "an instrument of %d bytes; name it in at most %d", len(r.Instrument), MaxInstrument), false
	case len(r.Item.Key) > MaxItemKey:
		return r, false, denyDetail(r, InvalidRequest, "an item key of %d bytes; at most %d", len(r.Item.Key), MaxItemKey), false
	case !r.Item.IsZero() && (r.Item.Key == "" || !clock.InRange(r.Item.Collected)):
		return r, false, denyDetail(r, InvalidRequest, "an item needs its key and a collection time in the range lawful answers for"), false
	}
	if !r.At.IsZero() {
		if err := clock.Check(r.At, "request time"); err != nil {
			return r, false, Decision{Reason: InvalidRequest, Request: r, Detail: "the request's time is outside the range lawful answers for", Cause: err}, false
		}
		return r, false, Decision{}, true
	}
	r.At = g.clock.Now()
	switch {
	case r.At.IsZero():
		return r, true, denyDetail(r, NotConfigured, "the clock returned the zero time"), false
	case !clock.InRange(r.At):
		return r, true, Decision{Reason: NotConfigured, Request: r, Detail: "the clock reads a time outside the range lawful answers for", Cause: clock.Check(r.At, "clock reading")}, false
	}
	return r, true, Decision{}, true
}

// policy checks the request against the compiled policy: the purpose, its
// operations, categories and recipients (PIPL arts. 6, 14, 21, 23, 39).
func (g *Guard) policy(r Request) (purpose.Compiled, Decision, bool) {
	switch {
	case !r.Operation.Valid():
		return purpose.Compiled{}, denyDetail(r, InvalidRequest, "operation %v", r.Operation), false
	case r.Categories.IsEmpty():
		return purpose.Compiled{}, denyDetail(r, InvalidRequest, "no categories named"), false
	}
	p, ok := g.reg.Lookup(r.Purpose)
	if !ok {
		return p, denyDetail(r, UnknownPurpose, "purpose %q", r.Purpose), false
	}
	if !p.Declares(r.Operation) {
		return p, denyDetail(r, OperationNotDeclared, "%s declares %v", r.Purpose, p.Operations()), false
	}
	if !r.Categories.SubsetOf(p.Categories()) {
		return p, denyDetail(r, CategoryNotDeclared, "undeclared %v", r.Categories.Minus(p.Categories())), false
	}
	if d, ok := g.checkRecipient(r, p); !ok {
		return p, d, false
	}
	return p, Decision{}, true
}

// subject reads the subject's consent snapshot and directory record. One
// lookup answers for both when the Ledger keeps records beside snapshots;
// otherwise the Directory is asked. A ledger that fails verification
// denies the subject outright (TamperDetected); any other ledger error is
// kept for the consent stage, since an exemption needs no consent.
func (g *Guard) subject(ctx context.Context, r Request) (subjectView, Decision, bool) {
	var v subjectView
	if r.Subject.IsZero() {
		return v, denyDetail(r, UnknownSubject, "the request names no subject"), false
	}
	if g.fresh.ReadThrough {
		g.ledger.Invalidate(r.Subject)
	}
	v.snap, v.snapErr = g.ledger.Snapshot(ctx, r.Subject)
	if errors.Is(v.snapErr, consent.ErrTampered) {
		return v, Decision{Reason: TamperDetected, Request: r, Cause: v.snapErr}, false
	}
	found, known := false, false
	if g.records && v.snapErr == nil {
		v.s, found, known = v.snap.DirectoryRecord()
	}
	if known {
		if !found {
			return v, deny(r, UnknownSubject), false
		}
		return v, Decision{}, true
	}
	var err error
	v.s, err = g.dir.Lookup(ctx, r.Subject)
	switch {
	case err == nil:
		return v, Decision{}, true
	case errors.Is(err, subject.ErrNotFound):
		return v, deny(r, UnknownSubject), false
	case ctx.Err() != nil:
		return v, Decision{Reason: ContextDone, Request: r, Cause: err}, false
	}
	return v, Decision{Reason: StoreUnavailable, Request: r, Cause: err}, false
}

// retained answers from the retention Tracker. It runs before the
// subject's status, so a closed account's logs can still be stored until
// their legal minimum is met (PIPL art. 47 para 2). New data (Collect) is
// not the old data's business.
func (g *Guard) retained(ctx context.Context, r Request, live bool) (Decision, bool) {
	if g.ret == nil || r.Operation == purpose.Collect {
		return Decision{}, true
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
		return Decision{Reason: ContextDone, Request: r, Cause: err}, false
	case err != nil:
		return Decision{Reason: StoreUnavailable, Request: r, Cause: err}, false
	case v.State == retention.Due:
		d := denyDetail(r, RetentionExpired, "item %s is due for erasure (%v)", v.Timer, v.Cause)
		d.RetentionRule = v.Rule
		return d, false
	case v.State == retention.Restricted && r.Operation == purpose.Store:
		return Decision{Request: r, Obligations: StorageOnly, RetentionRule: v.Rule, allowed: true}, false
	case v.State == retention.Restricted:
		d := denyDetail(r, RestrictedPendingErasure, "%s", restrictedDetail(v))
		d.RetentionRule = v.Rule
		return d, false
	}
	return Decision{}, true
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

// status denies processing for an account that is not active; a frozen
// one may still be stored.
func status(r Request, st subject.Status) (Decision, bool) {
	switch st {
	case subject.Active:
		return Decision{}, true
	case subject.Frozen:
		if r.Operation == purpose.Store {
			return Decision{}, true
		}
		return deny(r, SubjectFrozen), false
	case subject.Closed:
		return deny(r, SubjectClosed), false
	case subject.Deceased:
		return deny(r, SubjectDeceased), false
	}
	return denyDetail(r, UnknownSubject, "subject status %v", st), false
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
	if rc.Via != "" && !rc.Approved {
		return denyDetail(r, SubEntrustmentNotAuthorised, "%q receives via %q without the controller's approval", r.Recipient, rc.Via), false
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
		return denyDetail(r, RecipientNotDeclared, "%q is declared as %v, which does not receive by %v", r.Recipient, rc.Role, r.Operation), false
	}
	if rc.Role == purpose.Authority && r.Instrument == "" {
		// A state organ receives on its lawful demand, and the demand is
		// a written instrument (PIPL art. 13(1)(3)) [L].
		return denyDetail(r, LegalInstrumentMissing, "%q is an authority; name the legal instrument of its demand", r.Recipient), false
	}
	return Decision{}, true
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
func (g *Guard) regimeFor(r Request, jurisdiction string) (*Regime, Decision, bool) {
	if reg, ok := g.byJuris[jurisdiction]; ok {
		return reg, Decision{}, true
	}
	if jurisdiction == "" {
		return g.def, Decision{}, true
	}
	return nil, denyDetail(r, UnknownJurisdiction, "jurisdiction %q", jurisdiction), false
}
