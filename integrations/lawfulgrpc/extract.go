package lawfulgrpc

import (
	"context"
	"errors"

	"google.golang.org/grpc/metadata"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

// ErrNoSubject is what a SubjectExtractor returns when the call names no
// data subject at all; the interceptors answer it with
// codes.Unauthenticated.
var ErrNoSubject = errors.New("lawfulgrpc: the call names no data subject")

var errRepeated = errors.New("lawfulgrpc: the subject metadata is repeated")

// SubjectExtractor finds whose personal information a call processes:
// the data subject. It reads the call's context: the incoming metadata
// (metadata.FromIncomingContext), the peer and its TLS identity
// (peer.FromContext), or what an authentication interceptor earlier in
// the chain put there. Take the subject from what was verified, never
// from a value the client chooses freely: whoever can set it acts as that
// person.
//
// An error refuses the call before any check: ErrNoSubject with
// codes.Unauthenticated, an error carrying a gRPC status (status.Error)
// with that status, anything else with codes.InvalidArgument. The error's
// text is never sent to the client.
type SubjectExtractor interface {
	Subject(ctx context.Context, fullMethod string) (subject.ID, error)
}

// SubjectFunc adapts a function to a SubjectExtractor.
type SubjectFunc func(ctx context.Context, fullMethod string) (subject.ID, error)

// Subject calls f(ctx, fullMethod).
func (f SubjectFunc) Subject(ctx context.Context, fullMethod string) (subject.ID, error) {
	return f(ctx, fullMethod)
}

// Metadata returns a SubjectExtractor that reads the subject ID from the
// incoming metadata key (exactly one value, parsed by subject.ParseID;
// none is ErrNoSubject). Use it only for metadata your own infrastructure
// sets after verifying the caller (a gateway or mesh that removes any
// value the client sent); metadata the client can set is not
// authentication.
func Metadata(key string) SubjectExtractor {
	return SubjectFunc(func(ctx context.Context, _ string) (subject.ID, error) {
		vs := metadata.ValueFromIncomingContext(ctx, key)
		switch len(vs) {
		case 0:
			return subject.ID{}, ErrNoSubject
		case 1:
			return subject.ParseID(vs[0])
		}
		return subject.ID{}, errRepeated
	})
}

// PurposeExtractor finds the purpose of a call whose Rule fixes none.
// Map the call to one of a small, known set of purposes. An error refuses
// the call (codes.InvalidArgument, or the status it carries).
type PurposeExtractor interface {
	Purpose(ctx context.Context, fullMethod string) (purpose.ID, error)
}

// PurposeFunc adapts a function to a PurposeExtractor.
type PurposeFunc func(ctx context.Context, fullMethod string) (purpose.ID, error)

// Purpose calls f(ctx, fullMethod).
func (f PurposeFunc) Purpose(ctx context.Context, fullMethod string) (purpose.ID, error) {
	return f(ctx, fullMethod)
}

// Attester returns the attestations that hold for all the processing a
// call leads to, for subject id (see lawful.WithAttest): typically
// lawful.ContractParty when the authenticated caller is id, the account
// holder acting on their own data, and nothing when a service or member
// of staff acts for someone else. Attest only what is true.
//
// The attestations go into the context (lawful.WithAttest) after the
// subject, so they hold for id alone: lawful's Guard adds them to checks
// about id, and a check in the same handler about someone else (a third
// person in an upload, a contact) gets none of them.
type Attester interface {
	Attest(ctx context.Context, fullMethod string, id subject.ID) lawful.Attestation
}

// AttestFunc adapts a function to an Attester.
type AttestFunc func(ctx context.Context, fullMethod string, id subject.ID) lawful.Attestation

// Attest calls f(ctx, fullMethod, id).
func (f AttestFunc) Attest(ctx context.Context, fullMethod string, id subject.ID) lawful.Attestation {
	return f(ctx, fullMethod, id)
}

// Always returns an Attester that attests a on every call.
func Always(a lawful.Attestation) Attester {
	return AttestFunc(func(context.Context, string, subject.ID) lawful.Attestation { return a })
}
