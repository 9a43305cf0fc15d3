package rights

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/lawfulgo/lawful/internal/enum"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/clock"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/retention"
	"github.com/lawfulgo/lawful/subject"
)

// Clock tells the time: package clock's Clock. clock.System and
// lawfultest.Clock satisfy it.
type Clock = clock.Clock

// Ledger is what a Desk needs of the consent ledger: append a withdrawal
// and read a subject's history. *consent.Ledger satisfies it.
type Ledger interface {
	Append(ctx context.Context, e consent.Event) (consent.Event, error)
	Events(ctx context.Context, id subject.ID) ([]consent.Event, error)
}

// Retention is what a Desk needs of the retention tracker: fire deletion
// triggers, read a subject's timers and the legal holds, and list the
// recipients to notify. *retention.Tracker satisfies it.
type Retention interface {
	Trigger(ctx context.Context, e retention.Event) (int, error)
	Timers(ctx context.Context, s subject.ID) ([]retention.Timer, error)
	Recipients(ctx context.Context, s subject.ID, purposes []purpose.ID, cats pii.Set) ([]string, error)
	Holds() []retention.Hold
}

// Hooks are optional callbacks. Each may be nil.
type Hooks struct {
	// Transition is called after every recorded transition, with a copy of
	// the request as stored, once the Desk holds no lock: send the
	// extension notice, the written refusal, the export. It must not block
	// for long; errors are the hook's own to handle.
	Transition func(ctx context.Context, r Request, t Transition)
	// Fulfil is called by Desk.Fulfil after the library's own work
	// (retention triggers, consent withdrawal, export manifest) and before
	// the request is recorded fulfilled: apply a correction, close the
	// account, notify res.Recipients. An error leaves the request open
	// and is returned; Fulfil can then be called again (triggers and
	// withdrawals already recorded are not repeated in effect).
	Fulfil func(ctx context.Context, r Request, res *Result) error
}

// Config configures a Desk. Policy, Directory and Clock are required;
// every other field has a documented zero-value default.
type Config struct {
	// Policy sets deadlines, ages and limits (see PIPL and GDPR).
	Policy Policy
	// Directory finds subjects and their guardian and relative links.
	Directory subject.Directory
	// Clock gives the time of every transition.
	Clock Clock
	// Calendar gives working days; nil means Weekdays.
	Calendar Calendar
	// Store keeps requests; nil means a new MemStore.
	Store Store
	// Registry checks the purposes a request names and names them in
	// exports; nil means the Ledger's, if it has a Registry method.
	Registry *purpose.Registry
	// Ledger records withdrawals and gives the consent history of exports;
	// required to fulfil Withdraw, Access, Copy and Port.
	Ledger Ledger
	// Retention fires deletion triggers and lists recipients and retention
	// state; required to fulfil every kind but Explain and Complain.
	Retention Retention
	// Arrangements reports whether a deceased subject arranged otherwise
	// (PIPL art. 49); nil relies on Request.ArrangedOtherwise alone. An
	// error refuses the relative's request (fail closed).
	Arrangements func(ctx context.Context, deceased subject.ID) (bool, error)
	// Hooks are optional callbacks.
	Hooks Hooks
	// Rand is the entropy of request IDs; nil means crypto/rand.Reader.
	Rand io.Reader
}

// Desk receives rights requests and carries them through their lifecycle:
// it checks who may ask, starts the deadline clock, records every
// transition with its time and actor, refuses only on listed grounds, and
// fulfils deletions, deregistrations, withdrawals and exports through the
// retention tracker and the consent ledger.
//
// Build one with NewDesk. A Desk is safe for concurrent use: two calls
// acting on the same request at once get ErrConflict for the second rather
// than interleaving, and the Store's versions catch writers in other
// processes. Repeat counting is exact within one process; two processes
// receiving a subject's requests at the same moment may both count them as
// within the limit, which errs toward free answers. The zero Desk refuses
// everything with ErrNotConfigured.
type Desk struct {
	policy    Policy
	dir       subject.Directory
	clock     Clock
	cal       Calendar
	store     Store
	reg       *purpose.Registry
	ledger    Ledger
	ret       Retention
	arranged  func(context.Context, subject.ID) (bool, error)
	hooks     Hooks
	rand      io.Reader
	randMu    sync.Mutex
	subjLocks [64]sync.Mutex
	busyMu    sync.Mutex
	busy      map[uuid.UUID]bool
}

// NewDesk returns a Desk for cfg. A missing Directory or Clock is an error
// matching ErrNotConfigured; an invalid Policy one matching
// ErrInvalidPolicy listing every problem.
func NewDesk(cfg Config) (*Desk, error) {
	switch {
	case cfg.Directory == nil:
		return nil, fail(ErrNotConfigured, "rights: NewDesk needs Config.Directory to check who may ask")
	case cfg.Clock == nil:
		return nil, fail(ErrNotConfigured, "rights: NewDesk needs Config.Clock (lawful.SystemClock, or lawfultest.Clock in tests)")
	}
	if err := cfg.Policy.Validate(); err != nil {
		return nil, err
	}
	d := &Desk{
		policy: cfg.Policy, dir: cfg.Directory, clock: cfg.Clock, cal: cfg.Calendar,
		store: cfg.Store, reg: cfg.Registry, ledger: cfg.Ledger, ret: cfg.Retention,
		arranged: cfg.Arrangements, hooks: cfg.Hooks, rand: cfg.Rand,
		busy: map[uuid.UUID]bool{},
	}
	d.policy.Kinds = make(map[Kind]Term, len(cfg.Policy.Kinds))
	for k, t := range cfg.Policy.Kinds {
		d.policy.Kinds[k] = t
	}
	if d.cal == nil {
		d.cal = Weekdays{}
	}
	if d.store == nil {
		d.store = NewMemStore()
	}
	if d.reg == nil {
		if r, ok := cfg.Ledger.(interface{ Registry() *purpose.Registry }); ok {
			d.reg = r.Registry()
		}
	}
	if d.rand == nil {
		d.rand = rand.Reader
	}
	return d, nil
}

// Policy returns a copy of the Desk's policy.
func (d *Desk) Policy() Policy {
	p := d.policy
	p.Kinds = make(map[Kind]Term, len(d.policy.Kinds))
	for k, t := range d.policy.Kinds {
		p.Kinds[k] = t
	}
	return p
}

// now returns the clock's time, or an error if the Desk is not usable.
func (d *Desk) now() (time.Time, error) {
	if d == nil || d.clock == nil || d.store == nil {
		return time.Time{}, fail(ErrNotConfigured, "rights: the Desk is not configured; build it with NewDesk")
	}
	now := d.clock.Now()
	if now.IsZero() {
		return time.Time{}, fail(ErrNotConfigured, "rights: the Desk's clock reads the zero time")
	}
	return now, nil
}

// Receive validates a new request, checks that the requester may make it,
// starts its deadline clock if the term counts from receipt, and stores
// it in state Received. actor names who recorded it ("web-form",
// "agent:417"). The fields of r below its line are ignored and filled in.
//
// A malformed request is a *ValidationError (ErrInvalidRequest) listing
// every problem; a requester who may not ask is an *EntitlementError
// (ErrNotEntitled); nothing is stored for either. Directory and store
// errors are returned wrapped, and nothing is stored (fail closed).
func (d *Desk) Receive(ctx context.Context, r Request, actor string) (Request, error) {
	now, err := d.now()
	if err != nil {
		return Request{}, err
	}
	in := Request{
		Kind: r.Kind, Subject: r.Subject, Requester: r.Requester, Capacity: r.Capacity,
		Purposes: slices.Clone(r.Purposes), Categories: r.Categories,
		Interest: r.Interest, ArrangedOtherwise: r.ArrangedOtherwise,
	}
	if in.Requester == in.Subject {
		in.Requester = subject.ID{}
	}
	if in.Capacity == CapacityUnknown && in.Requester.IsZero() {
		in.Capacity = Self
	}
	if err := d.validate(&in, actor); err != nil {
		return Request{}, err
	}
	minor, err := d.entitle(ctx, &in, now)
	if err != nil {
		return Request{}, err
	}
	in.Minor = minor
	in.Term = d.policy.TermFor(in.Kind)
	in.Received = now
	in.State = Received
	if in.Term.From == FromReceipt {
		if in.Due, err = Deadline(now, in.Term, d.policy.Location, d.cal); err != nil {
			return Request{}, err
		}
		in.Clock = now
	}
	if in.ID, err = d.newID(now); err != nil {
		return Request{}, err
	}
	in.History = []Transition{{Action: Receive, To: Received, At: now, Actor: actor}}
	in.Version = 1

	mu := &d.subjLocks[in.Subject[15]%64]
	mu.Lock()
	err = d.countRecent(ctx, &in, now)
	if err == nil {
		err = d.store.Create(ctx, in)
	}
	mu.Unlock()
	if err != nil {
		return Request{}, fmt.Errorf("rights: storing request: %w", err)
	}
	d.notify(ctx, in)
	return in.Clone(), nil
}

// validate checks the caller's fields of r and reports every problem.
func (d *Desk) validate(r *Request, actor string) error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, failf(ErrInvalidRequest, "rights: request: "+format, args...))
	}
	if err := checkActor(actor); err != nil {
		errs = append(errs, err)
	}
	if !r.Kind.Valid() {
		bad("kind %v is not one of %s", r.Kind, strings.Join(kindEnum.Names[1:], ", "))
	}
	if r.Subject.IsZero() {
		bad("names no subject; set Subject to whose data the request is about")
	}
	switch {
	case r.Capacity == CapacityUnknown:
		bad("the requester is not the subject, so say in which capacity they act: Guardian or Relative")
	case !r.Capacity.Valid():
		bad("capacity %v is not self, guardian or relative", r.Capacity)
	case r.Capacity == Self && !r.Requester.IsZero():
		bad("capacity self, but the requester is someone else; use Guardian or Relative")
	case r.Capacity != Self && r.Requester.IsZero():
		bad("capacity %v needs the Requester's own subject ID", r.Capacity)
	}
	if len(r.Purposes) > MaxPurposes {
		bad("names %d purposes, more than %d", len(r.Purposes), MaxPurposes)
	} else {
		for i, p := range r.Purposes {
			switch {
			case slices.Contains(r.Purposes[:i], p):
				bad("purpose %s is named twice", enum.Quote(string(p)))
			case d.reg == nil:
				bad("purpose %s cannot be checked: the Desk has no Registry; set Config.Registry", enum.Quote(string(p)))
			default:
				if _, ok := d.reg.Lookup(p); !ok {
					bad("purpose %s is not declared in the policy", enum.Quote(string(p)))
				}
			}
		}
	}
	if r.Kind == Withdraw && len(r.Purposes) == 0 {
		bad("a withdrawal must name the purposes whose consent is withdrawn (PIPL art. 15)")
	}
	if len(r.Interest) > MaxText {
		bad("the interest statement is %d bytes, more than %d", len(r.Interest), MaxText)
	}
	if len(errs) > 0 {
		return &ValidationError{Problems: errs}
	}
	return nil
}

// checkActor refuses an empty, overlong or unprintable actor name.
func checkActor(actor string) error {
	switch {
	case strings.TrimSpace(actor) == "":
		return fail(ErrInvalidRequest, "rights: the actor is empty; name who acts (e.g. \"agent:417\", \"web-form\")")
	case len(actor) > MaxActor:
		return failf(ErrInvalidRequest, "rights: the actor name is %d bytes, more than %d", len(actor), MaxActor)
	case !utf8.ValidString(actor) || strings.IndexFunc(actor, unicode.IsControl) >= 0:
		return fail(ErrInvalidRequest, "rights: the actor name has invalid UTF-8 or control characters")
	}
	return nil
}

// checkText refuses an empty, overlong or invalid reason text.
func checkText(sentinel error, what, s string) error {
	switch {
	case strings.TrimSpace(s) == "":
		return failf(sentinel, "rights: %s is empty", what)
	case len(s) > MaxText:
		return failf(sentinel, "rights: %s is %d bytes, more than %d", what, len(s), MaxText)
	case !utf8.ValidString(s):
		return failf(sentinel, "rights: %s is not valid UTF-8", what)
	}
	return nil
}

// countRecent sets r.Recent and r.Repeated from the subject's earlier
// requests of the same kind within the policy's window.
func (d *Desk) countRecent(ctx context.Context, r *Request, now time.Time) error {
	rep := d.policy.Repeat
	if rep.Max <= 0 {
		return nil
	}
	prev, err := d.store.BySubject(ctx, r.Subject)
	if err != nil {
		return err
	}
	since := now.Add(-rep.Window)
	for i := range prev {
		if prev[i].Kind == r.Kind && prev[i].Received.After(since) && !prev[i].Received.After(now) {
			r.Recent++
		}
	}
	r.Repeated = r.Recent >= rep.Max
	return nil
}

// newID returns a UUIDv7 for now from the Desk's entropy.
func (d *Desk) newID(now time.Time) (uuid.UUID, error) {
	var u uuid.UUID
	ms := now.UnixMilli()
	if ms < 0 || ms >= 1<<48 {
		return u, failf(ErrNotConfigured, "rights: the clock reads %v, outside the UUIDv7 range", now)
	}
	var ts [8]byte
	binary.BigEndian.PutUint64(ts[:], uint64(ms))
	copy(u[:6], ts[2:])
	d.randMu.Lock()
	_, err := io.ReadFull(d.rand, u[6:])
	d.randMu.Unlock()
	if err != nil {
		return uuid.UUID{}, fmt.Errorf("rights: reading entropy for a request ID: %w", err)
	}
	u[6] = 0x70 | u[6]&0x0f
	u[8] = 0x80 | u[8]&0x3f
	return u, nil
}

// act runs one action on the stored request id: it refuses a concurrent
// action on the same request, loads it, lets f change it and fill the
// transition, appends the transition and stores the new version, then
// calls the Transition hook with no lock held.
func (d *Desk) act(ctx context.Context, id uuid.UUID, actor string, a Action, f func(r *Request, t *Transition) error) (Request, error) {
	now, err := d.now()
	if err != nil {
		return Request{}, err
	}
	if err := checkActor(actor); err != nil {
		return Request{}, err
	}
	if !d.acquire(id) {
		return Request{}, failf(ErrConflict, "rights: another call is acting on request %v; retry when it returns", id)
	}
	r, err := d.update(ctx, id, now, actor, a, f)
	d.release(id)
	if err != nil {
		return Request{}, err
	}
	d.notify(ctx, r)
	return r.Clone(), nil
}

func (d *Desk) update(ctx context.Context, id uuid.UUID, now time.Time, actor string, a Action, f func(r *Request, t *Transition) error) (Request, error) {
	r, err := d.store.Get(ctx, id)
	if err != nil {
		return Request{}, err
	}
	t := Transition{Action: a, From: r.State, At: now, Actor: actor}
	if !r.Open() {
		return Request{}, &TransitionError{Request: id, Action: a, From: r.State, Why: "the request is closed; a new request starts a new lifecycle"}
	}
	if err := f(&r, &t); err != nil {
		return Request{}, err
	}
	t.To = r.State
	r.History = append(r.History, t)
	r.Version++
	if err := d.store.Update(ctx, r); err != nil {
		return Request{}, fmt.Errorf("rights: storing %v of request %v: %w", a, id, err)
	}
	return r, nil
}

func (d *Desk) acquire(id uuid.UUID) bool {
	d.busyMu.Lock()
	defer d.busyMu.Unlock()
	if d.busy == nil {
		d.busy = map[uuid.UUID]bool{}
	}
	if d.busy[id] {
		return false
	}
	d.busy[id] = true
	return true
}

func (d *Desk) release(id uuid.UUID) {
	d.busyMu.Lock()
	delete(d.busy, id)
	d.busyMu.Unlock()
}

// notify calls the Transition hook for r's latest transition.
func (d *Desk) notify(ctx context.Context, r Request) {
	if d.hooks.Transition != nil {
		d.hooks.Transition(ctx, r.Clone(), r.Last())
	}
}

// Verify records that the requester's identity was verified, by proof
// (NDSMR art. 25(1)). A term counted from verification starts now: the
// request gets its deadline. Only a Received request can be verified.
func (d *Desk) Verify(ctx context.Context, id uuid.UUID, actor string, proof IDProof) (Request, error) {
	return d.act(ctx, id, actor, Verify, func(r *Request, t *Transition) error {
		if r.State != Received {
			return &TransitionError{Request: id, Action: Verify, From: r.State, Why: "the identity is already verified"}
		}
		if !proof.Valid() {
			return failf(ErrInvalidRequest, "rights: verify request %v: say how the identity was verified (account, document, id_check, face_match, in_person), not %v", id, proof)
		}
		if r.Term.From == FromVerification {
			start := t.At
			if start.Before(r.Received) {
				start = r.Received
			}
			due, err := Deadline(start, r.Term, d.policy.Location, d.cal)
			if err != nil {
				return err
			}
			r.Clock, r.Due = start, due
		}
		r.Verified, r.State, t.Proof = t.At, Verified, proof
		return nil
	})
}

// Extend extends the deadline of a Verified request to the policy's
// Extended term and records why (GDPR art. 12(3): complexity and number
// of requests). Call it when the person is told, which must be before the
// original deadline; the Transition hook is the place to send the notice.
// A request can be extended once. A policy without an extension, or a
// notice after the deadline, is an error matching ErrExtensionNotAllowed.
func (d *Desk) Extend(ctx context.Context, id uuid.UUID, actor, reason string) (Request, error) {
	return d.act(ctx, id, actor, Extend, func(r *Request, t *Transition) error {
		switch r.State {
		case Received:
			return &TransitionError{Request: id, Action: Extend, From: r.State, Why: "verify the requester's identity first"}
		case Extended:
			return &TransitionError{Request: id, Action: Extend, From: r.State, Why: "a request is extended once (GDPR art. 12(3): by two further months at most)"}
		}
		ext := d.policy.Extended
		if ext.IsZero() {
			return failf(ErrExtensionNotAllowed, "rights: policy %s allows no extension; answer request %v by %v", d.policy.Name, id, r.Due.Format(time.RFC3339))
		}
		if err := checkText(ErrExtensionNotAllowed, "the extension's reason", reason); err != nil {
			return err
		}
		if !t.At.Before(r.Due) {
			return failf(ErrExtensionNotAllowed, "rights: request %v was due %v; an extension must be notified within the original period (GDPR art. 12(3))", id, r.Due.Format(time.RFC3339))
		}
		start := r.Received
		if ext.From == FromVerification {
			start = r.Verified
		}
		due, err := Deadline(start, ext, d.policy.Location, d.cal)
		if err != nil {
			return err
		}
		if !due.After(r.Due) {
			return failf(ErrInvalidPolicy, "rights: policy %s: the extended term %v ends %v, not after the original deadline %v", d.policy.Name, ext, due.Format(time.RFC3339), r.Due.Format(time.RFC3339))
		}
		r.OriginalDue, r.Due, r.State, t.Note = r.Due, due, Extended, reason
		return nil
	})
}

// ChargeFee records a reasonable cost fee for a Verified or Extended
// request. Only a Repeated request may carry one (seeds 000 §5.6, 001
// §5(6); NDSMR art. 25; GDPR art. 12(5)); reasonable requests are free.
// A fee needs a positive amount, an ISO 4217 currency and its basis; one
// fee per request. Errors match ErrFeeNotAllowed.
func (d *Desk) ChargeFee(ctx context.Context, id uuid.UUID, actor string, fee Fee) (Request, error) {
	return d.act(ctx, id, actor, ChargeFee, func(r *Request, t *Transition) error {
		if r.State == Received {
			return &TransitionError{Request: id, Action: ChargeFee, From: r.State, Why: "verify the requester's identity first"}
		}
		switch {
		case !r.Repeated:
			return failf(ErrFeeNotAllowed, "rights: request %v is within the repeat limit (%d in %v): reasonable requests are free (000 §5.6; 001 §5(6); GDPR art. 12(5))", id, d.policy.Repeat.Max, d.policy.Repeat.Window)
		case !r.Fee.IsZero():
			return failf(ErrFeeNotAllowed, "rights: request %v already carries a fee", id)
		case fee.Amount <= 0:
			return failf(ErrFeeNotAllowed, "rights: the fee for request %v must be a positive amount in minor units", id)
		case len(fee.Currency) != 3 || strings.ToUpper(fee.Currency) != fee.Currency || strings.IndexFunc(fee.Currency, func(c rune) bool { return c < 'A' || c > 'Z' }) >= 0:
			return failf(ErrFeeNotAllowed, "rights: currency %s is not an ISO 4217 code such as \"CNY\"", enum.Quote(fee.Currency))
		}
		if err := checkText(ErrFeeNotAllowed, "the fee's basis", fee.Basis); err != nil {
			return err
		}
		r.Fee = fee
		t.Note = fmt.Sprintf("%d %s: %s", fee.Amount, fee.Currency, fee.Basis)
		return nil
	})
}

// Refuse refuses a request on a listed Ground with reasons (PIPL art. 50).
// The ground is checked against the record:
//
//   - no listed ground or no reasons: ErrNoGround;
//   - a minor's request (Request.Minor) not refused in writing:
//     ErrWrittenRefusalRequired (MOR art. 34(3));
//   - Repetitive for a request within the repeat limit, or
//     IdentityNotVerified after the identity was verified: ErrGroundNotShown;
//   - before verification only IdentityNotVerified is possible
//     (ErrInvalidTransition).
//
// Each is a *RefusalError or *TransitionError; nothing is recorded.
func (d *Desk) Refuse(ctx context.Context, id uuid.UUID, actor string, ref Refusal) (Request, error) {
	return d.act(ctx, id, actor, Refuse, func(r *Request, t *Transition) error {
		refErr := func(sentinel error, format string, args ...any) error {
			return &RefusalError{Request: id, Ground: ref.Ground, Why: fmt.Sprintf(format, args...), Sentinel: sentinel}
		}
		switch {
		case !ref.Ground.Valid():
			return refErr(ErrNoGround, "a refusal must name one of the listed grounds (%s); an uncoded refusal is invalid (PIPL art. 50: a refusal gives its reasons)", strings.Join(groundEnum.Names[1:], ", "))
		case checkText(ErrNoGround, "", ref.Reasons) != nil:
			return refErr(ErrNoGround, "state the reasons in 1 to %d bytes of UTF-8 (PIPL art. 50)", MaxText)
		case r.State == Received && ref.Ground != IdentityNotVerified:
			return &TransitionError{Request: id, Action: Refuse, From: r.State, Why: "verify the identity first; before that the only ground is identity_not_verified"}
		case r.State != Received && ref.Ground == IdentityNotVerified:
			return refErr(ErrGroundNotShown, "the identity was verified at %v", r.Verified.Format(time.RFC3339))
		case ref.Ground == Repetitive && !r.Repeated:
			return refErr(ErrGroundNotShown, "the request is within the repeat limit (%d in %v), so nothing shows it is repetitive (GDPR art. 12(5))", d.policy.Repeat.Max, d.policy.Repeat.Window)
		case r.Minor && !ref.Written:
			return refErr(ErrWrittenRefusalRequired, "the subject was a minor at receipt (or a guardian asked); give the refusal in writing and set Written (MOR art. 34(3))")
		}
		r.Refusal, r.State, r.Closed = ref, Refused, t.At
		t.Ground, t.Note = ref.Ground, ref.Reasons
		return nil
	})
}
