package consent

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/lawfulgo/lawful/clock"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

// draft is an event being validated by Ledger.prepare: the caller's event,
// what was resolved for it, and every problem found so far.
type draft struct {
	e        Event
	grant    bool
	imported bool // Ledger.Import: history from another system
	subj     subject.Subject
	resolved []purpose.Compiled
	// endsPurposes are the purposes of the grant a withdrawal of one
	// record (Ends) ends.
	endsPurposes []uint16
	problems     []error
}

func (d *draft) bad(sentinel error, format string, args ...any) {
	d.problems = append(d.problems, fault(sentinel, fmt.Sprintf(format, args...)))
}

// prepare validates e against the registry, the directory and the
// subject's snapshot at the append's time now, and returns the completed,
// sealed event. The stages run in turn and collect every problem; a
// directory failure (not a problem of the event) ends it at once.
func (l *Ledger) prepare(ctx context.Context, e Event, snap *Snapshot, now time.Time) (Event, error) {
	return l.prepareDraft(ctx, &draft{e: e.Clone(), grant: e.Kind == Grant}, snap, now)
}

// prepareDraft is prepare for a draft made by Append or Import.
func (l *Ledger) prepareDraft(ctx context.Context, d *draft, snap *Snapshot, now time.Time) (Event, error) {
	if !d.e.Kind.Valid() {
		d.bad(ErrInvalidEvent, "kind %v: want grant, withdraw, expire, restrict, object or lift", d.e.Kind)
	}
	if err := l.checkSubject(ctx, d, now); err != nil {
		return Event{}, err
	}
	d.resolveEnds(l.reg, snap)
	d.checkLists()
	var eff time.Time
	if d.e.Kind.limits() {
		l.resolvePurposes(d)
		eff = d.limitEffective(snap, now)
		d.checkLimit(snap, eff)
	} else {
		l.resolvePurposes(d)
		eff = d.effective(snap, now)
		d.checkPurposes(snap, eff)
		d.checkFormAndNotice()
	}
	d.checkTimes(now, eff, l.future, l.back)
	if len(d.problems) > 0 {
		return Event{}, &InvalidEventError{Event: d.e.String(), Problems: d.problems}
	}
	d.e.Imported = d.imported
	return l.complete(d.e, snap, now, eff)
}

// checkSubject validates the subject and who acts for them (PIPL art. 31).
func (l *Ledger) checkSubject(ctx context.Context, d *draft, now time.Time) error {
	d.e.By.Relation, d.e.By.Verified = 0, subject.Verification{}
	if d.e.Subject.IsZero() {
		d.bad(ErrInvalidEvent, "the event names no subject")
		return nil
	}
	s, err := l.dir.Lookup(ctx, d.e.Subject)
	switch {
	case errors.Is(err, subject.ErrNotFound):
		d.bad(ErrUnknownSubject, "the subject is not in the directory; add them first")
		return nil
	case err != nil:
		return fmt.Errorf("consent: looking up the subject: %w", err)
	}
	d.subj = s
	if d.grant && !d.imported && (s.Status == subject.Closed || s.Status == subject.Deceased) {
		d.bad(ErrSubjectClosed, "subject is %v; consent cannot be given", s.Status)
	}
	if !d.e.By.Guardian.IsZero() {
		l.checkGuardian(ctx, d, now)
		if err := ctxErr(ctx); err != nil {
			return fmt.Errorf("consent: looking up guardian: %w", err)
		}
	}
	return nil
}

// checkLists bounds the event's purposes and recipients.
func (d *draft) checkLists() {
	e := &d.e
	if n := len(e.Purposes); n > MaxPurposes || n == 0 && !e.Kind.limits() {
		d.bad(ErrInvalidEvent, "%d purposes: want 1 to %d", n, MaxPurposes)
	}
	if len(e.Recipients) > MaxRecipients {
		d.bad(ErrInvalidEvent, "%d recipients: want at most %d", len(e.Recipients), MaxRecipients)
	}
	for i, r := range e.Recipients {
		if r == "" || len(r) > MaxText {
			d.bad(ErrInvalidEvent, "recipient %d: want a declared recipient's name", i)
		} else if slices.Index(e.Recipients, r) < i {
			d.bad(ErrInvalidEvent, "recipient %q listed twice", r)
		}
	}
	switch {
	case len(e.Recipients) > 0 && e.Kind != Grant && e.Kind != Withdraw && e.Kind != Expire:
		d.bad(ErrInvalidEvent, "a %v names no recipients; leave Recipients empty", e.Kind)
	case e.Ends != [16]byte{} && e.Kind != Withdraw && e.Kind != Expire:
		d.bad(ErrInvalidEvent, "only a withdrawal or expiry ends one consent record; leave Ends zero on a %v", e.Kind)
	case !e.Categories.IsEmpty() && e.Kind != Restrict && e.Kind != Lift:
		d.bad(ErrInvalidEvent, "only a restriction or its lift names categories; leave Categories empty on a %v", e.Kind)
	}
}

// checkFormAndNotice checks a grant's form and the notice it was given on.
func (d *draft) checkFormAndNotice() {
	e := &d.e
	switch {
	case d.grant && !e.Form.Valid():
		d.bad(ErrInvalidEvent, "a grant needs a form: click, separate or written")
	case !d.grant && e.Form != FormUnknown:
		d.bad(ErrInvalidEvent, "a %v has no form; leave Form zero", e.Kind)
	}
	if d.grant && e.Notice == "" {
		d.bad(ErrMissingNotice, "a grant needs the version of the notice shown (PIPL arts. 14, 17: consent is informed)")
	}
	if len(e.Notice) > MaxText {
		d.bad(ErrInvalidEvent, "notice version of %d bytes: want at most %d", len(e.Notice), MaxText)
	}
}

// resolvePurposes looks each purpose up, and fixes and checks a grant's
// versions (PIPL art. 14 para 2: consent under the current version).
func (l *Ledger) resolvePurposes(d *draft) {
	for i := range d.e.Purposes {
		ref := &d.e.Purposes[i]
		p, ok := l.reg.Lookup(ref.ID)
		switch {
		case !ok:
			d.bad(ErrUnknownPurpose, "purpose %q is not in the registry", ref.ID)
			continue
		case slices.ContainsFunc(d.resolved, func(c purpose.Compiled) bool { return c.ID() == ref.ID }):
			d.bad(ErrInvalidEvent, "purpose %q listed twice", ref.ID)
			continue
		}
		d.resolved = append(d.resolved, p)
		for _, r := range d.e.Recipients {
			if _, ok := p.RecipientIndex(r); !ok {
				d.bad(ErrRecipientNotDeclared, "recipient %q is not declared by purpose %s (PIPL art. 23)", r, ref.ID)
			}
		}
		if d.e.Ends != [16]byte{} && !slices.Contains(d.endsPurposes, uint16(p.Index())) {
			d.bad(ErrNothingToWithdraw, "%v of record %v names %s, which that grant did not consent to", d.e.Kind, d.e.Ends, ref.ID)
		}
		if !d.grant {
			if ref.Version != 0 {
				d.bad(ErrInvalidEvent, "%v of %s names version %d: a %v ends consent under every version; leave Version 0", d.e.Kind, ref.ID, ref.Version, d.e.Kind)
			}
			continue
		}
		if ref.Version == 0 {
			ref.Version = p.Version()
		}
		switch {
		case ref.Version < 0 || ref.Version > p.Version() || ref.Version > purpose.MaxVersion:
			d.bad(ErrUnknownVersion, "grant for %s v%d: the registry's versions run to v%d", ref.ID, ref.Version, p.Version())
		case !p.ConsentCurrent(ref.Version) && !d.imported: // history may hold consent to older versions
			d.bad(ErrStaleVersion, "grant for %s v%d, registry has v%d (material change at v%d); collect consent under v%d", ref.ID, ref.Version, p.Version(), p.MinConsentVersion(), p.Version())
		}
	}
}

// effective returns the event's effective time: the caller's, or else the
// append's time, moved on to the latest event of its purposes if that is
// later (a grant effective in the future, then withdrawn at once), so that
// an event without an effective time is never out of order.
func (d *draft) effective(snap *Snapshot, now time.Time) time.Time {
	if !d.e.Effective.IsZero() {
		return d.e.Effective.UTC()
	}
	eff := now.UnixNano()
	for _, p := range d.resolved {
		eff = max(eff, snap.lastEffective(uint16(p.Index())))
	}
	return time.Unix(0, eff).UTC()
}

// checkPurposes applies the per-purpose time order, and that a withdrawal
// or expiry ends something (PIPL art. 15).
func (d *draft) checkPurposes(snap *Snapshot, eff time.Time) {
	if !clock.InRange(eff) {
		return // checkTimes reports it
	}
	at := eff.UnixNano()
	for _, p := range d.resolved {
		pi := uint16(p.Index())
		if last := snap.lastEffective(pi); at < last {
			d.bad(ErrOutOfOrder, "effective time %v precedes the latest event for %s (%v); append events in time order", eff.Format(time.RFC3339Nano), p.ID(), time.Unix(0, last).UTC().Format(time.RFC3339Nano))
		}
		if d.grant || !d.e.Kind.Valid() {
			continue
		}
		if d.e.Ends != [16]byte{} {
			if !snap.hasGrant(d.e.Ends, pi, at) {
				d.bad(ErrNothingToWithdraw, "%v of record %v: its consent to %s is not in force or pending at %v", d.e.Kind, d.e.Ends, p.ID(), eff.Format(time.RFC3339))
			}
			continue
		}
		if len(d.e.Recipients) == 0 && !snap.hasConsent(pi, 0, at) {
			d.bad(ErrNothingToWithdraw, "%v of %s: no consent to it is in force or pending at %v", d.e.Kind, p.ID(), eff.Format(time.RFC3339))
		}
		for _, r := range d.e.Recipients {
			if ri, ok := p.RecipientIndex(r); ok && ri < maxRecipients && !snap.hasConsent(pi, uint8(ri+1), at) {
				d.bad(ErrNothingToWithdraw, "%v of %s for recipient %q: no consent naming it is in force or pending", d.e.Kind, p.ID(), r)
			}
		}
	}
}

// checkTimes checks the effective time against the clock's tolerances and
// the range of package clock, and the expiry.
func (d *draft) checkTimes(now, eff time.Time, future, back time.Duration) {
	if err := clock.Check(eff, "effective time"); err != nil {
		d.problems = append(d.problems, err)
		return
	}
	switch {
	case eff.After(now.Add(future)):
		d.bad(ErrFutureEffective, "effective time %v is more than %v after the clock (%v)", eff.Format(time.RFC3339), future, now.Format(time.RFC3339))
	case eff.Before(now.Add(-back)) && !d.imported: // history keeps its own times
		d.bad(ErrBackdated, "effective time %v is more than %v before the clock (%v)", eff.Format(time.RFC3339), back, now.Format(time.RFC3339))
	}
	exp := d.e.Expires
	switch {
	case exp.IsZero():
	case !d.grant:
		d.bad(ErrInvalidEvent, "a %v has no expiry; leave Expires zero", d.e.Kind)
	case !clock.InRange(exp):
		d.problems = append(d.problems, clock.Check(exp, "expiry; leave Expires zero for consent without one, and"))
	case !exp.After(eff):
		d.bad(ErrExpiryNotAfterStart, "expiry %v is not after the effective time %v", exp.UTC().Format(time.RFC3339), eff.Format(time.RFC3339))
	}
}

// complete fills the fields the Ledger owns and seals the event.
func (l *Ledger) complete(e Event, snap *Snapshot, now, eff time.Time) (Event, error) {
	if e.ID == [16]byte{} {
		id, err := l.newEventID(now)
		if err != nil {
			return Event{}, fmt.Errorf("consent: event ID: %w", err)
		}
		e.ID = id
	}
	e.Seq = snap.head.Seq + 1
	e.Effective = eff
	if !e.Expires.IsZero() {
		e.Expires = e.Expires.UTC()
	}
	e.Recorded = now
	e.Prev = snap.head.Hash
	e.Hash = e.ComputeHash()
	l.keys.seal(&e)
	return e, nil
}

// checkGuardian validates that d.e.By.Guardian may act for the subject and
// records the link on the event (PIPL art. 31). A guardian must be an
// adult when acting (Civil Code arts. 17, 27: guardians of minors are
// parents or other persons with full capacity).
func (l *Ledger) checkGuardian(ctx context.Context, d *draft, now time.Time) {
	g, subj := d.e.By.Guardian, d.subj
	if g == subj.ID {
		d.bad(ErrGuardianNotLinked, "a subject cannot be their own guardian")
		return
	}
	link, ok := subj.Guardian(g)
	if !ok {
		if other, linked := subj.Link(g); linked {
			d.bad(ErrGuardianNotLinked, "the person acting is linked as %v, who cannot act as guardian (PIPL art. 31: a parent or other guardian)", other.Relation)
		} else {
			d.bad(ErrGuardianNotLinked, "the person acting is not linked to the subject as a guardian; link and verify the guardian first")
		}
		return
	}
	if !link.Verified.Verified() {
		d.bad(ErrGuardianUnverified, "the guardian link is not verified; verify the guardian before recording their consent")
	}
	gs, err := l.dir.Lookup(ctx, g)
	switch {
	case errors.Is(err, subject.ErrNotFound):
		d.bad(ErrUnknownGuardian, "the guardian is not in the directory")
	case err != nil:
		d.bad(ErrUnknownGuardian, "the guardian could not be looked up: %v", err)
	case gs.Status == subject.Closed || gs.Status == subject.Deceased:
		d.bad(ErrUnknownGuardian, "the guardian is %v", gs.Status)
	default:
		if band, _ := l.ages.Assess(gs.Birth, now); band != subject.Adult {
			d.bad(ErrGuardianNotAdult, "the guardian is not an adult (%v under the ledger's age policy); a minor cannot act as guardian (Civil Code arts. 17, 27)", band)
		}
	}
	d.e.By.Relation, d.e.By.Verified = link.Relation, link.Verified
}

// limits reports whether k records a restriction, objection or lift.
func (k Kind) limits() bool { return k == Restrict || k == Object || k == Lift }

// resolveEnds checks a withdrawal or expiry of one consent record and
// fills its purposes from the grant when the caller left them empty.
func (d *draft) resolveEnds(reg *purpose.Registry, snap *Snapshot) {
	if d.e.Ends == [16]byte{} || !d.e.Kind.Valid() {
		return
	}
	pis, ok := snap.grantPurposes(d.e.Ends)
	d.endsPurposes = pis
	if !ok {
		d.bad(ErrNothingToWithdraw, "%v of record %v: the subject's ledger holds no grant with that ID", d.e.Kind, d.e.Ends)
		return
	}
	if len(d.e.Purposes) > 0 {
		return // checkPurposes checks each is the grant's
	}
	for _, p := range reg.Purposes() {
		if slices.Contains(pis, uint16(p.Index())) {
			d.e.Purposes = append(d.e.Purposes, PurposeRef{ID: p.ID()})
		}
	}
}

// limitEffective is effective for a Restrict, Object or Lift: the
// caller's, or the append's time moved on to the latest limit event.
func (d *draft) limitEffective(snap *Snapshot, now time.Time) time.Time {
	if !d.e.Effective.IsZero() {
		return d.e.Effective.UTC()
	}
	return time.Unix(0, max(now.UnixNano(), snap.lastLimit())).UTC()
}

// checkLimit validates a Restrict (categories, PIPL art. 44, GDPR art.
// 18), an Object (purposes, PIPL arts. 24, 44, GDPR art. 21) or a Lift.
func (d *draft) checkLimit(snap *Snapshot, eff time.Time) {
	e := &d.e
	switch {
	case e.Kind == Restrict && (e.Categories.IsEmpty() || len(e.Purposes) > 0):
		d.bad(ErrInvalidEvent, "a restriction names the categories it restricts, across every purpose, and no purposes")
	case e.Kind == Object && (len(e.Purposes) == 0 || !e.Categories.IsEmpty()):
		d.bad(ErrInvalidEvent, "an objection names the purposes objected to, and no categories")
	case e.Kind == Lift && e.Categories.IsEmpty() && len(e.Purposes) == 0:
		d.bad(ErrInvalidEvent, "a lift names the categories released, the purposes no longer objected to, or both")
	}
	if e.Form != FormUnknown || !e.Expires.IsZero() {
		d.bad(ErrInvalidEvent, "a %v has no form and no expiry; leave Form and Expires zero", e.Kind)
	}
	if !clock.InRange(eff) {
		return // checkTimes reports it
	}
	at := eff.UnixNano()
	if last := snap.lastLimit(); at < last {
		d.bad(ErrOutOfOrder, "effective time %v precedes the latest restriction, objection or lift (%v); append them in time order", eff.Format(time.RFC3339Nano), time.Unix(0, last).UTC().Format(time.RFC3339Nano))
	}
	if e.Kind != Lift {
		return
	}
	pis := make([]uint16, 0, len(d.resolved))
	for _, p := range d.resolved {
		pis = append(pis, uint16(p.Index()))
	}
	if !snap.liftable(e.Categories, pis, at) {
		d.bad(ErrNothingToLift, "no restriction of %v and no objection to the purposes named is in force at %v", e.Categories, eff.Format(time.RFC3339))
	}
}
