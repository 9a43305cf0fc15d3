package rights

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/lawfulgo/lawful/internal/enum"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/retention"
	"github.com/lawfulgo/lawful/subject"
)

// Outcome is what a fulfilled deletion, deregistration or withdrawal did
// to one tracked item.
type Outcome uint8

const (
	// OutcomeUnknown is the zero Outcome; never valid.
	OutcomeUnknown Outcome = iota
	// Scheduled: the item's erasure is scheduled at Item.Until: after the
	// rule's grace period when the request ended its period (Item.Cause),
	// or at the end of its own period if that comes first.
	Scheduled
	// Restricted: a legal minimum (Item.Cites) or a legal hold (Item.Hold)
	// keeps the item until Item.Until (zero: until the hold is released);
	// only storage and security measures are allowed meanwhile (PIPL art.
	// 47 para 2).
	Restricted
	// Retained: nothing schedules the item's erasure yet: its rule does not
	// end on this request's trigger and waits for another. Tell the person
	// why it is kept.
	Retained
)

var outcomeEnum = enum.Names{Pkg: "rights", Type: "Outcome", Kind: "outcome", Err: ErrInvalidValue, Names: []string{"", "scheduled", "restricted", "retained"}}

// String returns the stable name of o ("scheduled", "restricted",
// "retained"), or "Outcome(n)".
func (o Outcome) String() string { return outcomeEnum.String(uint8(o)) }

// Valid reports whether o is a known, non-zero Outcome.
func (o Outcome) Valid() bool { return outcomeEnum.Valid(uint8(o)) }

// MarshalText encodes o as its String; an invalid Outcome is an error
// wrapping ErrInvalidValue.
func (o Outcome) MarshalText() ([]byte, error) { return outcomeEnum.Marshal(uint8(o)) }

// UnmarshalText parses an outcome name; an unknown name is an error
// wrapping ErrInvalidValue and leaves *o unchanged.
func (o *Outcome) UnmarshalText(text []byte) error {
	v, err := outcomeEnum.Parse(text)
	if err == nil {
		*o = Outcome(v)
	}
	return err
}

// Item is the outcome for one tracked item of the subject's data.
type Item struct {
	Timer      retention.TimerID
	Purpose    purpose.ID
	Categories pii.Set
	Outcome    Outcome
	// Until is when the item will be erased: the scheduled time, the end of
	// the legal minimum, or the later of the hold's end and the item's due
	// time (zero while an open-ended hold or no trigger keeps it).
	Until time.Time
	// Cause is the trigger that ended the item's period, if any.
	Cause retention.Trigger
	// Cites names the law whose minimum restricts the item.
	Cites string
	// Hold is the legal hold that keeps the item, if any.
	Hold string
	// Rules are the retention rules that cover the item.
	Rules []string
}

// Result is what Fulfil did.
type Result struct {
	// Request is the request as recorded fulfilled.
	Request Request
	// Late is true when the request was fulfilled at or after its
	// deadline.
	Late bool
	// Items are the tracked items a Delete, Deregister or Withdraw
	// concerned, with what happens to each, in timer order.
	Items []Item
	// Recipients are whom the data was provided to and who must be told of
	// a deletion, correction, restriction or withdrawal (GDPR art. 19;
	// PIPL art. 47 with seed 000 §5.3), sorted.
	Recipients []string
	// Withdrawn are the purposes whose consent a Withdraw ended;
	// NotInForce those it named that had no consent in force to withdraw.
	Withdrawn, NotInForce []purpose.ID
	// Manifest is the export of an Access, Copy or Port request.
	Manifest *Manifest
}

// Restricted returns the items kept for a legal minimum or hold.
func (r *Result) Restricted() []Item { return r.with(Restricted) }

// Scheduled returns the items whose erasure is scheduled.
func (r *Result) Scheduled() []Item { return r.with(Scheduled) }

// Retained returns the items the request did not end.
func (r *Result) Retained() []Item { return r.with(Retained) }

func (r *Result) with(o Outcome) []Item {
	var out []Item
	for _, it := range r.Items {
		if it.Outcome == o {
			out = append(out, it)
		}
	}
	return out
}

// Fulfil carries out a Verified or Extended request and records it
// fulfilled:
//
//   - Delete fires retention.DeletionRequested (per named purpose, for the
//     named categories), so legal minimums and holds still apply, and
//     reports each item Scheduled, Restricted or Retained, with the
//     recipients to notify (PIPL art. 47; GDPR arts. 17, 19).
//   - Deregister fires retention.AccountClosed (NDSMR art. 24) and reports
//     the same.
//   - Withdraw appends a consent.Withdraw event for the named purposes
//     that have consent in force (as the guardian, if a guardian asks),
//     fires retention.ConsentWithdrawn for each (PIPL arts. 15, 47(1)(3)),
//     and reports the same.
//   - Access, Copy and Port build the export Manifest.
//   - Correct, Supplement and Restrict list the recipients to notify; the
//     service applies the change in Hooks.Fulfil.
//   - Explain and Complain record only that an answer was given.
//
// Then Hooks.Fulfil runs. Any error leaves the request open and is
// returned; what the tracker and ledger already recorded stays, and a
// retry does not repeat it in effect. Fulfilling after the deadline is
// allowed and reported (Result.Late). A kind whose dependency is missing
// (Config.Retention, Config.Ledger) is an error matching ErrNotConfigured
// and does nothing.
func (d *Desk) Fulfil(ctx context.Context, id uuid.UUID, actor string) (Result, error) {
	now, err := d.now()
	if err != nil {
		return Result{}, err
	}
	if err := checkActor(actor); err != nil {
		return Result{}, err
	}
	if !d.acquire(id) {
		return Result{}, failf(ErrConflict, "rights: another call is acting on request %v; retry when it returns", id)
	}
	res, err := d.fulfil(ctx, id, now, actor)
	d.release(id)
	if err != nil {
		return Result{}, err
	}
	d.notify(ctx, res.Request)
	res.Request = res.Request.Clone()
	return res, nil
}

func (d *Desk) fulfil(ctx context.Context, id uuid.UUID, now time.Time, actor string) (Result, error) {
	r, err := d.store.Get(ctx, id)
	if err != nil {
		return Result{}, err
	}
	if r.State != Verified && r.State != Extended {
		why := "verify the requester's identity first (NDSMR art. 25(1))"
		if !r.Open() {
			why = "the request is closed; a new request starts a new lifecycle"
		}
		return Result{}, &TransitionError{Request: id, Action: Fulfil, From: r.State, Why: why}
	}
	if err := d.needs(r.Kind); err != nil {
		return Result{}, err
	}
	res := Result{Late: r.OverdueAt(now)}
	switch r.Kind {
	case Delete:
		events := []retention.Event{{Kind: retention.DeletionRequested, Subject: r.Subject, Categories: r.Categories, At: now}}
		if len(r.Purposes) > 0 {
			events = events[:0]
			for _, p := range r.Purposes {
				events = append(events, retention.Event{Kind: retention.DeletionRequested, Subject: r.Subject, Purpose: p, Categories: r.Categories, At: now})
			}
		}
		err = d.erase(ctx, &r, events, r.Purposes, r.Categories, now, &res)
	case Deregister:
		err = d.erase(ctx, &r, []retention.Event{{Kind: retention.AccountClosed, Subject: r.Subject, At: now}}, nil, pii.Set{}, now, &res)
	case Withdraw:
		err = d.withdraw(ctx, &r, now, &res)
	case Access, Copy, Port:
		res.Manifest, err = d.manifest(ctx, &r, now)
	case Correct, Supplement, Restrict:
		res.Recipients, err = d.recipients(ctx, r.Subject, r.Purposes, r.Categories)
	}
	if err != nil {
		return Result{}, err
	}
	if d.hooks.Fulfil != nil {
		if err := d.hooks.Fulfil(ctx, r.Clone(), &res); err != nil {
			return Result{}, fmt.Errorf("rights: Hooks.Fulfil for request %v: %w", id, err)
		}
	}
	t := Transition{Action: Fulfil, From: r.State, To: Fulfilled, At: now, Actor: actor}
	if res.Late {
		t.Note = "fulfilled after the deadline " + r.Due.Format(time.RFC3339)
	}
	r.State, r.Closed = Fulfilled, now
	r.History = append(r.History, t)
	r.Version++
	if err := d.store.Update(ctx, r); err != nil {
		return Result{}, fmt.Errorf("rights: storing fulfil of request %v: %w", id, err)
	}
	res.Request = r
	return res, nil
}

// needs reports a dependency kind k's fulfilment lacks.
func (d *Desk) needs(k Kind) error {
	ledger := k == Withdraw || k == Access || k == Copy || k == Port
	if ledger && d.ledger == nil {
		return failf(ErrNotConfigured, "rights: fulfilling %v needs Config.Ledger (the consent ledger)", k)
	}
	if k != Explain && k != Complain && d.ret == nil {
		return failf(ErrNotConfigured, "rights: fulfilling %v needs Config.Retention (the retention tracker), to apply legal minimums and list recipients to notify", k)
	}
	return nil
}

// erase fires events, then reports the items in scope and the recipients.
func (d *Desk) erase(ctx context.Context, r *Request, events []retention.Event, purposes []purpose.ID, cats pii.Set, now time.Time, res *Result) error {
	for _, e := range events {
		if _, err := d.ret.Trigger(ctx, e); err != nil {
			return fmt.Errorf("rights: firing %v for request %v: %w", e.Kind, r.ID, err)
		}
	}
	items, err := d.items(ctx, r.Subject, purposes, cats, now)
	if err != nil {
		return err
	}
	res.Items = items
	res.Recipients, err = d.recipients(ctx, r.Subject, purposes, cats)
	return err
}

// withdraw appends the withdrawal and fires ConsentWithdrawn per purpose
// withdrawn.
func (d *Desk) withdraw(ctx context.Context, r *Request, now time.Time, res *Result) error {
	var by consent.Giver
	if r.Capacity == Guardian {
		by.Guardian = r.Requester
	}
	ev := func(ps ...purpose.ID) consent.Event {
		refs := make([]consent.PurposeRef, len(ps))
		for i, p := range ps {
			refs[i] = consent.PurposeRef{ID: p}
		}
		return consent.Event{Subject: r.Subject, Kind: consent.Withdraw, Purposes: refs, By: by, Effective: now}
	}
	_, err := d.ledger.Append(ctx, ev(r.Purposes...))
	switch {
	case err == nil:
		res.Withdrawn = slices.Clone(r.Purposes)
	case errors.Is(err, consent.ErrNothingToWithdraw):
		// Some purpose has nothing in force: withdraw the others one by one.
		for _, p := range r.Purposes {
			_, err := d.ledger.Append(ctx, ev(p))
			switch {
			case err == nil:
				res.Withdrawn = append(res.Withdrawn, p)
			case errors.Is(err, consent.ErrNothingToWithdraw):
				res.NotInForce = append(res.NotInForce, p)
			default:
				return fmt.Errorf("rights: withdrawing consent to %s for request %v: %w", p, r.ID, err)
			}
		}
	default:
		return fmt.Errorf("rights: withdrawing consent for request %v: %w", r.ID, err)
	}
	var events []retention.Event
	for _, p := range res.Withdrawn {
		events = append(events, retention.Event{Kind: retention.ConsentWithdrawn, Subject: r.Subject, Purpose: p, At: now})
	}
	if len(res.Withdrawn) == 0 {
		return nil
	}
	return d.erase(ctx, r, events, res.Withdrawn, pii.Set{}, now, res)
}

// recipients lists whom the subject's data in scope (purposes and
// categories; empty means all) was provided to.
func (d *Desk) recipients(ctx context.Context, s subject.ID, purposes []purpose.ID, cats pii.Set) ([]string, error) {
	out, err := d.ret.Recipients(ctx, s, purposes, cats)
	if err != nil {
		return nil, fmt.Errorf("rights: listing recipients: %w", err)
	}
	return out, nil
}

// items classifies the subject's pending timers in scope at now.
func (d *Desk) items(ctx context.Context, s subject.ID, purposes []purpose.ID, cats pii.Set, now time.Time) ([]Item, error) {
	timers, err := d.ret.Timers(ctx, s)
	if err != nil {
		return nil, fmt.Errorf("rights: loading retention timers: %w", err)
	}
	holds := d.ret.Holds()
	var out []Item
	for i := range timers {
		tm := &timers[i]
		if tm.Done() || !inScope(tm, purposes, cats) {
			continue
		}
		out = append(out, classify(tm, holds, now))
	}
	slices.SortFunc(out, func(a, b Item) int { return cmp.Compare(a.Timer, b.Timer) })
	return out, nil
}

func inScope(tm *retention.Timer, purposes []purpose.ID, cats pii.Set) bool {
	return (len(purposes) == 0 || slices.Contains(purposes, tm.Purpose)) &&
		(cats.IsEmpty() || cats.Overlaps(tm.Categories))
}

// activeHold returns the hold keeping tm at at, if any.
func activeHold(tm *retention.Timer, holds []retention.Hold, at time.Time) (*retention.Hold, bool) {
	for i := range holds {
		h := &holds[i]
		if h.Covers(tm) && h.ActiveAt(at) {
			return h, true
		}
	}
	return nil, false
}

// classify says what happens to tm from at on.
func classify(tm *retention.Timer, holds []retention.Hold, at time.Time) Item {
	it := Item{Timer: tm.ID, Purpose: tm.Purpose, Categories: tm.Categories, Cause: tm.Cause, Rules: slices.Clone(tm.Rules), Until: tm.Due}
	if !tm.Cause.Ends() {
		it.Cause = 0
	}
	if h, held := activeHold(tm, holds, at); held && !tm.Due.IsZero() {
		it.Outcome, it.Hold, it.Cites = Restricted, h.ID, tm.MinimumCites
		if h.Until.IsZero() {
			it.Until = time.Time{}
		} else if h.Until.After(it.Until) {
			it.Until = h.Until
		}
		return it
	}
	switch {
	case tm.Due.IsZero():
		it.Outcome = Retained
	case tm.MinimumCites != "" && at.Before(tm.Due):
		it.Outcome, it.Cites = Restricted, tm.MinimumCites
	default:
		it.Outcome = Scheduled
	}
	return it
}
