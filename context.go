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

// WithAttest returns a context carrying attestations that hold for all
// the work in it, e.g. ContractParty set by a middleware once the caller
// is authenticated as the account holder whose own data the request
// processes. The Guard adds them to every request's Attest. Attest only
// what holds for every processing the context reaches.
func WithAttest(ctx context.Context, a Attestation) context.Context {
	return context.WithValue(ctx, attestKey{}, AttestFrom(ctx)|a)
}

// AttestFrom returns the attestations set by WithAttest; none for a nil
// ctx.
func AttestFrom(ctx context.Context) Attestation {
	if ctx == nil {
		return 0
	}
	a, _ := ctx.Value(attestKey{}).(Attestation)
	return a
}
