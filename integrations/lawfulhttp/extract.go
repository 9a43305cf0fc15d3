package lawfulhttp

import (
	"errors"
	"net/http"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

// ErrNoSubject is what a SubjectExtractor returns when the request names
// no data subject at all (no session, no header). It is answered like any
// other extractor error (see Options.OnError); it exists so that a custom
// OnError can tell "nobody" from "malformed".
var ErrNoSubject = errors.New("lawfulhttp: the request names no data subject")

var errRepeated = errors.New("lawfulhttp: the subject header is repeated")

// SubjectExtractor finds whose personal information a request processes:
// the data subject. Take it from what the service has verified (a session,
// a validated token's claim, a header set by an authenticating proxy that
// strips the client's own), never from a value the client chooses freely:
// whoever can set it acts as that person.
//
// An error refuses the request before any check (see Options.OnError).
// Return ErrNoSubject when the request names nobody, or a *Problem to
// choose the response yourself (a 401 with your own type, say). The
// error's text is never sent to the client.
type SubjectExtractor interface {
	Subject(r *http.Request) (subject.ID, error)
}

// SubjectFunc adapts a function to a SubjectExtractor.
type SubjectFunc func(r *http.Request) (subject.ID, error)

// Subject calls f(r).
func (f SubjectFunc) Subject(r *http.Request) (subject.ID, error) { return f(r) }

// Header returns a SubjectExtractor that reads the subject ID from the
// request header name: exactly one value, parsed by subject.ParseID;
// missing is ErrNoSubject, repeated or malformed an error.
//
// Use it only for a header your own infrastructure sets after verifying
// the caller (an authenticating gateway that removes any value the client
// sent). A header the client can set is not authentication.
func Header(name string) SubjectExtractor {
	name = http.CanonicalHeaderKey(name)
	return SubjectFunc(func(r *http.Request) (subject.ID, error) {
		vs := r.Header[name]
		switch len(vs) {
		case 0:
			return subject.ID{}, ErrNoSubject
		case 1:
		default:
			return subject.ID{}, errRepeated
		}
		return subject.ParseID(vs[0])
	})
}

// PurposeExtractor finds the purpose of a request when the route does not
// fix it (Route.Purpose). Map the request to one of a known, small set of
// purposes; an ID taken verbatim from the client is refused by the Guard
// when undeclared, but the route then depends on what the client sends.
//
// An error refuses the request before any check (see Options.OnError); a
// *Problem chooses the response. The error's text is never sent.
type PurposeExtractor interface {
	Purpose(r *http.Request) (purpose.ID, error)
}

// PurposeFunc adapts a function to a PurposeExtractor.
type PurposeFunc func(r *http.Request) (purpose.ID, error)

// Purpose calls f(r).
func (f PurposeFunc) Purpose(r *http.Request) (purpose.ID, error) { return f(r) }

// FixedPurpose returns a PurposeExtractor that always answers id: the
// purpose of a whole sub-router.
func FixedPurpose(id purpose.ID) PurposeExtractor {
	return PurposeFunc(func(*http.Request) (purpose.ID, error) { return id, nil })
}

// Attester returns the attestations that hold for all the processing a
// request leads to, for subject id (see lawful.WithAttest). The typical
// one says lawful.ContractParty when the authenticated caller is id, the
// account holder acting on their own data; it must say nothing when a
// member of staff acts on someone else's behalf. Attest only what is true:
// the Decision and the audit trail show what an allowance rested on.
//
// The attestations go into the context (lawful.WithAttest) after the
// subject, so they hold for id alone: lawful's Guard adds them to checks
// about id, and a check in the same handler about someone else (a third
// person in an upload, a contact) gets none of them.
type Attester interface {
	Attest(r *http.Request, id subject.ID) lawful.Attestation
}

// AttestFunc adapts a function to an Attester.
type AttestFunc func(r *http.Request, id subject.ID) lawful.Attestation

// Attest calls f(r, id).
func (f AttestFunc) Attest(r *http.Request, id subject.ID) lawful.Attestation { return f(r, id) }

// Always returns an Attester that attests a on every request: for a
// router whose every request is the account holder's own (the subject is
// the authenticated caller, never someone they name).
func Always(a lawful.Attestation) Attester {
	return AttestFunc(func(*http.Request, subject.ID) lawful.Attestation { return a })
}
