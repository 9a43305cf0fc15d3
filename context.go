package lawful

import (
	"context"

	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

// Context keys are unexported zero-size types, so no other package can
// collide with them.
type (
	subjectKey struct{}
	purposeKey struct{}
)

// WithSubject returns a context carrying the subject whose data the work
// in it processes. An HTTP middleware, a gRPC interceptor or a job runner
// sets it; the Guard reads it for requests that leave Subject zero.
func WithSubject(ctx context.Context, id subject.ID) context.Context {
	return context.WithValue(ctx, subjectKey{}, id)
}

// SubjectFrom returns the subject set by WithSubject; none for a nil ctx.
func SubjectFrom(ctx context.Context) (subject.ID, bool) {
	if ctx == nil {
		return subject.ID{}, false
	}
	id, ok := ctx.Value(subjectKey{}).(subject.ID)
	return id, ok && !id.IsZero()
}

// WithPurpose returns a context carrying the purpose of the work in it.
// The Guard reads it for requests that leave Purpose empty.
func WithPurpose(ctx context.Context, id purpose.ID) context.Context {
	return context.WithValue(ctx, purposeKey{}, id)
}

// PurposeFrom returns the purpose set by WithPurpose; none for a nil ctx.
func PurposeFrom(ctx context.Context) (purpose.ID, bool) {
	if ctx == nil {
		return "", false
	}
	id, ok := ctx.Value(purposeKey{}).(purpose.ID)
	return id, ok && id != ""
}

type attestKey struct{}

// attested is the attestations of a context: each set of them with the
// subject it was vouched for (zero: every subject), chained to the ones
// set before.
type attested struct {
	a    Attestation
	who  subject.ID
	prev *attested
}

// WithAttest returns a context carrying attestations that hold for the
// work in it, e.g. ContractParty set by a middleware once the caller is
// authenticated as the account holder whose own data the request
// processes. They hold for the context's subject (WithSubject) at the
// time they are set: the Guard adds them to requests about that subject
// only, so a handler asking about another person (a third person in an
// upload, a contact) gets none of them. Set before any subject, they hold
// for every subject, which suits attestations about the situation rather
// than the person (Emergency). Attest only what holds for every
// processing of that subject the context reaches.
func WithAttest(ctx context.Context, a Attestation) context.Context {
	id, _ := SubjectFrom(ctx)
	prev, _ := ctx.Value(attestKey{}).(*attested)
	return context.WithValue(ctx, attestKey{}, &attested{a: a, who: id, prev: prev})
}

// AttestFor returns the attestations set by WithAttest that hold for the
// subject id; none for a nil ctx.
func AttestFor(ctx context.Context, id subject.ID) Attestation {
	if ctx == nil {
		return 0
	}
	var out Attestation
	for n, _ := ctx.Value(attestKey{}).(*attested); n != nil; n = n.prev {
		if n.who.IsZero() || n.who == id {
			out |= n.a
		}
	}
	return out
}

// AttestFrom returns the attestations set by WithAttest that hold for the
// context's own subject (AttestFor with SubjectFrom); none for a nil ctx.
func AttestFrom(ctx context.Context) Attestation {
	id, _ := SubjectFrom(ctx)
	return AttestFor(ctx, id)
}
