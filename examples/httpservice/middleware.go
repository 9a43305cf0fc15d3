package main

import (
	"net/http"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

// SubjectHeader carries the ID of the data subject a request acts for.
//
// It stands in for authentication in this example. A real service takes
// the subject from a verified session or token, never from a header the
// client chooses: whoever sets this header acts as that person.
const SubjectHeader = "X-Subject-ID"

// Middleware returns middleware that sets who and why for the handler it
// wraps: the data subject, read from the X-Subject-ID header with
// subject.ParseID, goes into the request's context with lawful.WithSubject,
// and p, the purpose of the route, with lawful.WithPurpose. The Guard reads
// both when the repository leaves them out of its Request. The caller acts
// on their own account, so the context also attests lawful.ContractParty:
// they are a party to the service's contract.
//
// A missing, repeated or malformed header is answered with a 400 problem
// (TypeInvalidSubject) and the handler does not run. An empty p sets no
// purpose: the consent routes record consent, they process no data under
// a purpose.
func Middleware(p purpose.ID) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			id, detail := subjectOf(r)
			if detail != "" {
				writeProblem(w, Problem{
					Type:   TypeInvalidSubject,
					Title:  "Invalid subject ID",
					Status: http.StatusBadRequest,
					Detail: detail,
				})
				return
			}
			ctx := lawful.WithSubject(r.Context(), id)
			// The caller is the account holder, acting on their own data:
			// a party to the service's terms (PIPL art. 13(1)(2)).
			ctx = lawful.WithAttest(ctx, lawful.ContractParty)
			if p != "" {
				ctx = lawful.WithPurpose(ctx, p)
			}
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}

// subjectOf reads the subject from the request, or says what is wrong with
// the header, without repeating its value.
func subjectOf(r *http.Request) (subject.ID, string) {
	vs := r.Header.Values(SubjectHeader)
	switch len(vs) {
	case 0:
		return subject.ID{}, "the " + SubjectHeader + " header is missing; send the ID of the person the request acts for"
	case 1:
	default:
		return subject.ID{}, "the " + SubjectHeader + " header is repeated; send exactly one subject ID"
	}
	id, err := subject.ParseID(vs[0])
	if err != nil {
		return subject.ID{}, "the " + SubjectHeader + " header is not a subject ID: want a non-zero UUID such as 019cb000-0000-7000-8000-00000000a001"
	}
	return id, ""
}
