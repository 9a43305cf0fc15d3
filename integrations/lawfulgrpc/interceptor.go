package lawfulgrpc

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

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

// Rule declares the processing one method performs, checked by the
// interceptors before its handler runs.
type Rule struct {
	// Purpose is why the method processes data. Empty means the purpose
	// in the call's context, else Options.Purpose's.
	Purpose purpose.ID
	// Operation is what the method does: purpose.Use, Collect, Share, ...
	Operation purpose.Operation
	// Categories are the categories of data the method processes.
	Categories pii.Set
	// Form is how identifiable the data is (pii.Identified by default).
	Form pii.Form
	// Recipient names the recipient of Share, Entrust, Transfer and Export.
	Recipient string
	// Request, if not nil, completes the lawful.Request from the call
	// before the check: the item, a legal instrument, a recipient carried
	// in the request message. req is the unary request message, nil for a
	// stream. An error refuses the call: codes.InvalidArgument, or the
	// status it carries.
	//
	// It must not change lr.Subject: the Attester vouched for the subject
	// Options.Subject found, and attestations in the context hold for it
	// alone. A call whose subject it changes is refused with
	// codes.Internal. A service acting for someone else names that person
	// through Options.Subject (after your own authorisation), with an
	// Attester that attests nothing for them.
	Request func(ctx context.Context, req any, lr *lawful.Request) error
}

// validate checks what can be checked once, when the rules are given.
func (r Rule) validate() error {
	if r.Request != nil {
		return nil // completed per call; the Guard checks the result
	}
	switch {
	case !r.Operation.Valid():
		return errors.New("Rule.Operation is not a valid operation")
	case r.Categories.IsEmpty():
		return errors.New("Rule.Categories is empty; name the categories the method processes")
	case r.Operation.Provides() && r.Recipient == "":
		return fmt.Errorf("Rule.Operation %s needs Rule.Recipient", r.Operation)
	case !r.Operation.Provides() && r.Recipient != "":
		return fmt.Errorf("Rule.Recipient is set but Rule.Operation %s provides nothing to anyone", r.Operation)
	}
	return nil
}

// Options configure the interceptors. Checker and Subject are required.
type Options struct {
	// Checker decides every Rule's request: a *lawful.Service, a
	// *lawful.Guard, or a decorator of one.
	Checker Checker
	// Subject finds the data subject of each call whose context does not
	// carry one already (lawful.WithSubject).
	Subject SubjectExtractor
	// Purpose, if not nil, finds the purpose of calls whose Rule fixes
	// none and whose context carries none.
	Purpose PurposeExtractor
	// Attest, if not nil, adds attestations that hold for everything the
	// call leads to (see Attester).
	Attest Attester
	// Rules maps full method names ("/voice.v1.Voices/GetVoiceprint") to
	// the processing each performs. A method without a rule is not
	// checked: it runs with the subject, purpose and attestations in its
	// context, for the checks inside it (lawful.Do); see RequireRules.
	Rules map[string]Rule
	// RequireRules refuses calls to methods that have no Rule (and are not
	// skipped) with codes.PermissionDenied, so that a new method cannot
	// process data unchecked.
	RequireRules bool
	// Skip, if not nil, reports the methods that act for no data subject
	// (health checks, reflection): they run untouched, with no subject
	// read and nothing checked.
	Skip func(fullMethod string) bool
}

// Interceptors are gRPC server interceptors that put the data subject,
// purpose and attestations of each call into its context and check each
// method's Rule before its handler runs. A denial is answered with the
// status of DenialStatus, and the handler does not run. Every call to a
// method that is not skipped (Options.Skip) must name its data subject,
// whether or not the method has a Rule. They are immutable and safe for
// concurrent use.
type Interceptors struct {
	o Options
}

// New returns the interceptors for o, or an error naming every missing
// option and invalid rule.
func New(o Options) (*Interceptors, error) {
	var problems []error
	if o.Checker == nil {
		problems = append(problems, errors.New("Options.Checker is nil; pass the *lawful.Service"))
	}
	if o.Subject == nil {
		problems = append(problems, errors.New("Options.Subject is nil; pass the extractor of the verified data subject"))
	}
	methods := make([]string, 0, len(o.Rules))
	for m := range o.Rules {
		methods = append(methods, m)
	}
	sort.Strings(methods)
	for _, m := range methods {
		if err := o.Rules[m].validate(); err != nil {
			problems = append(problems, fmt.Errorf("Options.Rules[%q]: %w", m, err))
		}
	}
	if len(problems) > 0 {
		return nil, errors.Join(append([]error{errors.New("lawfulgrpc: New")}, problems...)...)
	}
	return &Interceptors{o: o}, nil
}

// Unary returns the unary server interceptor (grpc.UnaryInterceptor,
// grpc.ChainUnaryInterceptor). Place it after authentication, so that the
// subject extractor sees what authentication established.
func (i *Interceptors) Unary() grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		if i.o.Skip != nil && i.o.Skip(info.FullMethod) {
			return handler(ctx, req)
		}
		ctx, err := i.admit(ctx, info.FullMethod, req)
		if err != nil {
			return nil, err
		}
		return handler(ctx, req)
	}
}

// Stream returns the stream server interceptor (grpc.StreamInterceptor,
// grpc.ChainStreamInterceptor). The Rule is checked once, when the stream
// opens, with a nil request message; the handler's stream carries the
// scope in its Context. A stream that processes data message by message
// checks each inside, with lawful.Do on the stream's context.
func (i *Interceptors) Stream() grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		if i.o.Skip != nil && i.o.Skip(info.FullMethod) {
			return handler(srv, ss)
		}
		ctx, err := i.admit(ss.Context(), info.FullMethod, nil)
		if err != nil {
			return err
		}
		return handler(srv, &scopedStream{ServerStream: ss, ctx: ctx})
	}
}

// scopedStream is a stream whose Context carries the call's scope.
type scopedStream struct {
	grpc.ServerStream
	ctx context.Context
}

// Context returns the stream's context with the scope.
func (s *scopedStream) Context() context.Context { return s.ctx }

type decisionKey struct{}

// DecisionFrom returns the allowed decision the interceptors made for the
// call whose context ctx is, so that its handler can meet the decision's
// Obligations (lawful.StorageOnly, RecordDisclosure, ...).
func DecisionFrom(ctx context.Context) (lawful.Decision, bool) {
	d, ok := ctx.Value(decisionKey{}).(*lawful.Decision)
	if !ok {
		return lawful.Decision{}, false
	}
	return *d, true
}

// admit reads the call's scope and checks its method's rule; it returns
// the handler's context, or the error to answer the call with.
func (i *Interceptors) admit(ctx context.Context, method string, req any) (context.Context, error) {
	rule, ruled := i.o.Rules[method]
	if !ruled && i.o.RequireRules {
		return nil, status.Error(codes.PermissionDenied, "lawful: the method declares no processing (no lawfulgrpc Rule)")
	}
	sc, err := i.read(ctx, method, rule.Purpose)
	if err != nil {
		return nil, err
	}
	if !ruled {
		return sc.into(ctx, sc.subject, sc.purpose), nil
	}
	lr := lawful.Request{Subject: sc.subject, Purpose: sc.purpose, Operation: rule.Operation,
		Categories: rule.Categories, Form: rule.Form, Recipient: rule.Recipient, Attest: sc.attest}
	if rule.Request != nil {
		if err := complete(ctx, rule, req, &lr); err != nil {
			return nil, err
		}
	}
	d := i.o.Checker.Check(ctx, lr)
	if !d.Allowed() {
		return nil, DenialStatus(d).Err()
	}
	kept := new(lawful.Decision) // only allowed decisions reach the heap
	*kept = d
	return context.WithValue(sc.into(ctx, d.Request.Subject, d.Request.Purpose), decisionKey{}, kept), nil
}

// complete runs rule.Request on a copy of lr, so that lr stays on the
// stack for rules without one.
func complete(ctx context.Context, rule Rule, req any, lr *lawful.Request) error {
	c := new(lawful.Request)
	*c = *lr
	if err := rule.Request(ctx, req, c); err != nil {
		return refusal(err, "lawful: the call's details could not be read for this method")
	}
	if c.Subject != lr.Subject {
		return status.Error(codes.Internal, "lawful: the method's rule is misconfigured; nothing was processed")
	}
	*lr = *c
	return nil
}

// scope is what was read from a call: whose data, why, and the
// attestations that hold for all of it.
type scope struct {
	subject subject.ID
	purpose purpose.ID
	attest  lawful.Attestation
}

// read finds the call's scope, or the error to refuse it with.
func (i *Interceptors) read(ctx context.Context, method string, rulePurpose purpose.ID) (scope, error) {
	var sc scope
	if id, ok := lawful.SubjectFrom(ctx); ok {
		sc.subject = id
	} else {
		id, err := i.o.Subject.Subject(ctx, method)
		if err == nil && id.IsZero() {
			err = ErrNoSubject
		}
		if err != nil {
			return sc, refusal(err, "lawful: the call's data subject could not be read")
		}
		sc.subject = id
	}
	sc.purpose = rulePurpose
	if sc.purpose == "" {
		if id, ok := lawful.PurposeFrom(ctx); ok {
			sc.purpose = id
		} else if i.o.Purpose != nil {
			id, err := i.o.Purpose.Purpose(ctx, method)
			if err != nil {
				return sc, refusal(err, "lawful: the call's purpose could not be read")
			}
			sc.purpose = id
		}
	}
	if i.o.Attest != nil {
		sc.attest = i.o.Attest.Attest(ctx, method, sc.subject)
	}
	return sc, nil
}

// refusal is the status error answering an extractor's err: its own
// status if it carries one, Unauthenticated for ErrNoSubject, else
// InvalidArgument with msg (never err's text, which may echo the client).
func refusal(err error, msg string) error {
	if st, ok := status.FromError(err); ok && st.Code() != codes.Unknown {
		return st.Err()
	}
	if errors.Is(err, ErrNoSubject) {
		return status.Error(codes.Unauthenticated, "lawful: the call names no data subject")
	}
	return status.Error(codes.InvalidArgument, msg)
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
