package lawfulhttp

import (
	"context"
	"errors"
	"net/http"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

// Checker decides whether a processing is lawful. *lawful.Service and
// *lawful.Guard are Checkers, and so is any decorator of one (metrics,
// tracing) with the same method.
type Checker interface {
	Check(ctx context.Context, r lawful.Request) lawful.Decision
}

// Options configure a Middleware. Checker and Subject are required.
type Options struct {
	// Checker decides every Route's request: a *lawful.Service, a
	// *lawful.Guard, or a decorator of one.
	Checker Checker
	// Subject finds the data subject of each request that does not carry
	// one in its context already (lawful.WithSubject, set by an earlier
	// Handler or by your own authentication).
	Subject SubjectExtractor
	// Purpose, if not nil, finds the purpose of requests whose Route fixes
	// none and whose context carries none (lawful.WithPurpose).
	Purpose PurposeExtractor
	// Attest, if not nil, adds attestations that hold for everything the
	// request leads to, such as lawful.ContractParty for the account
	// holder's own data (see Attester).
	Attest Attester
	// OnError answers a request whose subject, purpose or route details
	// could not be read; err is an *ExtractError. Nil means the default:
	// the *Problem the extractor returned if it returned one (errors.As),
	// else a 400 problem of TypeInvalidSubject, TypeInvalidPurpose or
	// TypeInvalidRequest whose detail never repeats the error's text.
	OnError func(w http.ResponseWriter, r *http.Request, err error)
}

// ExtractError is the error Options.OnError receives when reading a
// request failed: Part is "subject", "purpose" or "request" (a
// Route.Request function), Err what the extractor returned.
type ExtractError struct {
	Part string
	Err  error
}

// Error names the part and the extractor's error; it is for logs, and may
// carry what the client sent.
func (e *ExtractError) Error() string {
	return "lawfulhttp: reading the request's " + e.Part + ": " + e.Err.Error()
}

// Unwrap returns the extractor's error.
func (e *ExtractError) Unwrap() error { return e.Err }

// Middleware puts the data subject, the purpose and the attestations of
// each HTTP request into its context (Handler) and checks a route's
// processing before its handler runs (Require). It works with any router
// built on http.Handler. It is immutable and safe for concurrent use.
type Middleware struct {
	o Options
}

// New returns a Middleware for o, or an error naming what is missing.
func New(o Options) (*Middleware, error) {
	var missing []error
	if o.Checker == nil {
		missing = append(missing, errors.New("Options.Checker is nil; pass the *lawful.Service"))
	}
	if o.Subject == nil {
		missing = append(missing, errors.New("Options.Subject is nil; pass the extractor of the verified data subject"))
	}
	if len(missing) > 0 {
		return nil, errors.Join(append([]error{errors.New("lawfulhttp: New")}, missing...)...)
	}
	return &Middleware{o: o}, nil
}

// Handler is net/http middleware: it reads the request's subject (and its
// purpose and attestations, when Options has extractors for them), puts
// them into the request's context with lawful.WithSubject, WithPurpose and
// WithAttest, and calls next, so that every Check, Allow and Do below
// inherits them. A subject that cannot be read is answered by
// Options.OnError and next does not run. It checks nothing: wrap the
// routes that process data in Require.
//
// Use it on the part of the router whose every request acts for a data
// subject; routes that act for nobody (health checks, sign-in) belong
// outside it. With chi: r.Use(m.Handler).
func (m *Middleware) Handler(next http.Handler) http.Handler {
	if next == nil {
		panic("lawfulhttp: Handler: nil next handler")
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sc, ok := m.read(w, r, "")
		if !ok {
			return
		}
		ctx := r.Context()
		if c := sc.into(ctx, sc.subject, sc.purpose); c != ctx {
			r = r.WithContext(c)
		}
		next.ServeHTTP(w, r)
	})
}

// Route declares the processing a route performs, checked by Require on
// every request before the route's handler runs.
type Route struct {
	// Purpose is why the route processes data. Empty means the purpose in
	// the request's context, else Options.Purpose's.
	Purpose purpose.ID
	// Operation is what the route does: purpose.Use, Collect, Share, ...
	Operation purpose.Operation
	// Categories are the categories of data the route processes.
	Categories pii.Set
	// Form is how identifiable the data is (pii.Identified by default).
	Form pii.Form
	// Recipient names the recipient of Share, Entrust, Transfer and Export.
	Recipient string
	// Request, if not nil, completes the lawful.Request from the HTTP
	// request before the check: the item processed, a legal instrument, a
	// recipient chosen per request. An error refuses the request through
	// Options.OnError; a *Problem chooses the answer.
	//
	// It must not change lr.Subject: the Attester vouched for the subject
	// Options.Subject found, and attestations in the context hold for it
	// alone. A request whose subject it changes is refused with a 500
	// problem of TypeInternal. Staff acting for someone else name that
	// person through Options.Subject (after your own authorisation), with
	// an Attester that attests nothing for them.
	Request func(r *http.Request, lr *lawful.Request) error
}

// validate checks what can be checked once, when the route is built.
func (rt Route) validate() error {
	if rt.Request != nil {
		return nil // completed per request; the Guard checks the result
	}
	switch {
	case !rt.Operation.Valid():
		return errors.New("Route.Operation is not a valid operation")
	case rt.Categories.IsEmpty():
		return errors.New("Route.Categories is empty; name the categories the route processes")
	case rt.Operation.Provides() && rt.Recipient == "":
		return errors.New("Route.Operation " + rt.Operation.String() + " needs Route.Recipient")
	case !rt.Operation.Provides() && rt.Recipient != "":
		return errors.New("Route.Recipient is set but Route.Operation " + rt.Operation.String() + " provides nothing to anyone")
	}
	return nil
}

type decisionKey struct{}

// DecisionFrom returns the allowed decision Require made for the request
// whose context ctx is, so that its handler can meet the decision's
// Obligations (lawful.StorageOnly, RecordDisclosure, ...).
func DecisionFrom(ctx context.Context) (lawful.Decision, bool) {
	d, ok := ctx.Value(decisionKey{}).(*lawful.Decision)
	if !ok {
		return lawful.Decision{}, false
	}
	return *d, true
}

// Require returns a handler that checks rt's processing for each request
// and calls next only when it is allowed, with the subject, the purpose
// and the attestations in the request's context and the decision
// available through DecisionFrom. A denial is answered as an RFC 9457
// problem (DenialProblem: the reason's type URI and name, StatusFor's
// status, no personal values) and next does not run.
//
// The subject and purpose come from the request's context when an earlier
// Handler (or your authentication) put them there, else from Options'
// extractors; rt.Purpose wins over both. Require panics if rt's fixed
// parts are invalid (an invalid operation, no categories, a recipient
// missing or not allowed), as http.ServeMux.Handle does for a bad
// pattern: a route that could only fail is a programming error.
func (m *Middleware) Require(rt Route, next http.Handler) http.Handler {
	if next == nil {
		panic("lawfulhttp: Require: nil next handler")
	}
	if err := rt.validate(); err != nil {
		panic("lawfulhttp: Require: " + err.Error())
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sc, ok := m.read(w, r, rt.Purpose)
		if !ok {
			return
		}
		lr := lawful.Request{Subject: sc.subject, Purpose: sc.purpose, Operation: rt.Operation,
			Categories: rt.Categories, Form: rt.Form, Recipient: rt.Recipient, Attest: sc.attest}
		if rt.Request != nil && !m.complete(w, r, rt, &lr) {
			return
		}
		d := m.o.Checker.Check(r.Context(), lr)
		if !d.Allowed() {
			WriteProblem(w, DenialProblem(d))
			return
		}
		ctx := sc.into(r.Context(), d.Request.Subject, d.Request.Purpose)
		kept := new(lawful.Decision) // only allowed decisions reach the heap
		*kept = d
		ctx = context.WithValue(ctx, decisionKey{}, kept)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// complete runs rt.Request on a copy of lr, so that lr stays on the
// stack for routes without one, and reports whether it succeeded (else
// the request has been answered).
func (m *Middleware) complete(w http.ResponseWriter, r *http.Request, rt Route, lr *lawful.Request) bool {
	c := new(lawful.Request)
	*c = *lr
	if err := rt.Request(r, c); err != nil {
		m.fail(w, r, &ExtractError{Part: "request", Err: err})
		return false
	}
	if c.Subject != lr.Subject {
		WriteProblem(w, Problem{Type: TypeInternal, Title: "Internal error", Status: http.StatusInternalServerError,
			Detail: "the route's configuration is wrong; nothing was processed"})
		return false
	}
	*lr = *c
	return true
}

// RequireFunc is Require for a handler function.
func (m *Middleware) RequireFunc(rt Route, next func(http.ResponseWriter, *http.Request)) http.Handler {
	if next == nil {
		panic("lawfulhttp: RequireFunc: nil next handler")
	}
	return m.Require(rt, http.HandlerFunc(next))
}

// scope is what was read from a request: whose data, why, and the
// attestations that hold for all of it.
type scope struct {
	subject subject.ID
	purpose purpose.ID
	attest  lawful.Attestation
}

// read finds the request's scope, or answers the request through OnError
// and reports false. routePurpose, if not empty, is the purpose.
func (m *Middleware) read(w http.ResponseWriter, r *http.Request, routePurpose purpose.ID) (scope, bool) {
	ctx := r.Context()
	var sc scope
	if id, ok := lawful.SubjectFrom(ctx); ok {
		sc.subject = id
	} else {
		id, err := m.o.Subject.Subject(r)
		if err == nil && id.IsZero() {
			err = ErrNoSubject
		}
		if err != nil {
			m.fail(w, r, &ExtractError{Part: "subject", Err: err})
			return sc, false
		}
		sc.subject = id
	}
	sc.purpose = routePurpose
	if sc.purpose == "" {
		if id, ok := lawful.PurposeFrom(ctx); ok {
			sc.purpose = id
		} else if m.o.Purpose != nil {
			id, err := m.o.Purpose.Purpose(r)
			if err != nil {
				m.fail(w, r, &ExtractError{Part: "purpose", Err: err})
				return sc, false
			}
			sc.purpose = id
		}
	}
	if m.o.Attest != nil {
		sc.attest = m.o.Attest.Attest(r, sc.subject)
	}
	return sc, true
}

// into returns ctx carrying id, p and the scope's attestations, adding
// only what ctx does not carry already.
func (sc *scope) into(ctx context.Context, id subject.ID, p purpose.ID) context.Context {
	if cur, ok := lawful.SubjectFrom(ctx); !ok || cur != id {
		ctx = lawful.WithSubject(ctx, id)
	}
	if cur, _ := lawful.PurposeFrom(ctx); p != "" && cur != p {
		ctx = lawful.WithPurpose(ctx, p)
	}
	if sc.attest&^lawful.AttestFrom(ctx) != 0 {
		ctx = lawful.WithAttest(ctx, sc.attest)
	}
	return ctx
}

// fail answers a request whose scope could not be read.
func (m *Middleware) fail(w http.ResponseWriter, r *http.Request, err *ExtractError) {
	if m.o.OnError != nil {
		m.o.OnError(w, r, err)
		return
	}
	if p, ok := errors.AsType[*Problem](err); ok {
		WriteProblem(w, *p)
		return
	}
	WriteProblem(w, extractProblem(err))
}

// extractProblem is the default 400 problem for err, naming the part that
// failed without repeating the error's text, which may echo the client.
func extractProblem(err *ExtractError) Problem {
	p := Problem{Status: http.StatusBadRequest}
	switch err.Part {
	case "subject":
		p.Type, p.Title = TypeInvalidSubject, "Invalid subject"
		p.Detail = "the request's data subject could not be read; send it the way the service expects"
		if errors.Is(err, ErrNoSubject) {
			p.Detail = "the request names no data subject; authenticate, or name the person the request acts for"
		}
	case "purpose":
		p.Type, p.Title = TypeInvalidPurpose, "Invalid purpose"
		p.Detail = "the request's purpose could not be read"
	default:
		p.Type, p.Title = TypeInvalidRequest, "Invalid request"
		p.Detail = "the request's details could not be read for this route"
	}
	return p
}
