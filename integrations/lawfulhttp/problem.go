package lawfulhttp

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/purpose"
)

// Problem is an RFC 9457 problem details object, the body of every
// response this package refuses a request with, sent as
// application/problem+json. It implements error, so an extractor or a
// Route.Request function can return one to choose the response.
//
// A Problem never carries personal values: no subject ID, no field of the
// person's data, no extractor's error text. The only value taken from the
// request is the purpose ID, and only once the policy declared it (it
// names a processing, not a person).
type Problem struct {
	// Type is a URI naming the kind of problem. For a denial it is
	// ReasonTypePrefix followed by the reason's stable name, e.g.
	// "https://lawful.dev/reasons/no_consent"; the Type* constants name
	// the others. Clients switch on Type (or Reason), never on Title or
	// Detail. The URIs identify; they need not resolve (RFC 9457 §3.1.1).
	Type string `json:"type"`
	// Title summarises the kind of problem, the same for every occurrence
	// of Type.
	Title string `json:"title"`
	// Status is the response's HTTP status code.
	Status int `json:"status"`
	// Detail explains this occurrence. For a denial it says what would make
	// the processing lawful (lawful.Reason.Hint); the wording is not API.
	Detail string `json:"detail,omitempty"`
	// Reason is an extension member: for a denial, the reason's stable
	// name (lawful.Reason.String), such as "consent_withdrawn".
	Reason string `json:"reason,omitempty"`
	// Purpose is an extension member: for a denial past the policy's
	// purpose check, the purpose refused, so that a client can offer the
	// matching consent dialog. Empty when the purpose is not declared.
	Purpose purpose.ID `json:"purpose,omitempty"`
}

// Error returns the problem's type and title, for logs.
func (p *Problem) Error() string { return "lawfulhttp: " + p.Type + ": " + p.Title }

// ContentType is the media type of problem responses (RFC 9457 §3).
const ContentType = "application/problem+json"

// ReasonTypePrefix starts the type URI of a denial; the reason's stable
// name follows. Reason names are lawful's API, so these URIs are stable.
const ReasonTypePrefix = "https://lawful.dev/reasons/"

// Type URIs of the problems that are not denials: status 400 by default
// (see Options.OnError), but TypeInternal.
const (
	// TypeInvalidSubject: the SubjectExtractor found no subject, or a
	// malformed one.
	TypeInvalidSubject = "https://lawful.dev/problems/invalid-subject"
	// TypeInvalidPurpose: the PurposeExtractor failed.
	TypeInvalidPurpose = "https://lawful.dev/problems/invalid-purpose"
	// TypeInvalidRequest: the Route's Request function failed.
	TypeInvalidRequest = "https://lawful.dev/problems/invalid-request"
	// TypeInternal: the route is misconfigured (its Request function
	// changed the subject). Status 500.
	TypeInternal = "https://lawful.dev/problems/internal"
)

// StatusFor returns the HTTP status of a denial for r:
//
//   - 403 Forbidden for every reason the law, the policy or the person's
//     own choices give (no_consent, purpose undeclared, objection, account
//     closed, unknown_subject, ...): the server understood the request and
//     refuses it as things stand; Detail says what would make it lawful.
//     unknown_subject is among them, not 404: the request is well formed,
//     and a status of its own would tell a prober which IDs exist.
//   - 400 Bad Request for invalid_request: the lawful.Request built for
//     the route is malformed (an item key or instrument too long, a time
//     out of range). Require checks a Route's fixed parts when it is
//     built, so what is left comes from the HTTP request.
//   - 503 Service Unavailable for store_unavailable and context_done: a
//     directory or consent store did not answer in time, so the Guard
//     refused (fail closed); a retry may succeed.
//   - 500 Internal Server Error for not_configured, tamper_detected and
//     a zero reason: the service is broken, or its consent ledger failed
//     verification; the client cannot fix it and operators must.
//
// The mapping follows r.Class(), so a reason added to lawful later gets
// the status of its class without a change here.
func StatusFor(r lawful.Reason) int {
	switch r.Class() {
	case lawful.ClassInvalid:
		return http.StatusBadRequest
	case lawful.ClassUnavailable, lawful.ClassCanceled:
		return http.StatusServiceUnavailable
	case lawful.ClassNone, lawful.ClassMisconfigured, lawful.ClassTampered:
		return http.StatusInternalServerError
	}
	return http.StatusForbidden
}

// DenialProblem returns the problem reporting a denied decision, with
// status StatusFor(d.Reason). A zero reason is reported as not_configured,
// as lawful.Decision.Err does.
//
// To answer with another status (404 for unknown_subject, say), change
// the returned Problem's Status before writing it.
func DenialProblem(d lawful.Decision) Problem {
	r := d.Reason
	if r == lawful.ReasonNone {
		r = lawful.NotConfigured
	}
	name := r.String()
	p := Problem{Type: ReasonTypePrefix + name, Title: title(name), Status: StatusFor(r), Detail: r.Hint(), Reason: name}
	if d.PurposeDeclared() {
		p.Purpose = d.Request.Purpose
	}
	return p
}

// title turns a reason name into a title: "no_consent" → "No consent".
func title(name string) string {
	s := strings.ReplaceAll(name, "_", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// WriteProblem sends p as the response: its status, the problem media
// type, and headers that keep caches and content sniffing away.
func WriteProblem(w http.ResponseWriter, p Problem) {
	h := w.Header()
	h.Set("Content-Type", ContentType)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Del("Content-Length")
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}

// WriteDenial answers err with its problem if it is a denial (a
// *lawful.Denial, as lawful.Do and lawful.Guard.Allow return) and reports
// whether it did; for any other error it writes nothing. A handler that
// checks again inside (lawful.Do on its repository) answers denials the
// way Require does:
//
//	u, err := lawful.Do(r.Context(), svc.Guard(), req, repo.User)
//	if lawfulhttp.WriteDenial(w, err) {
//		return
//	}
func WriteDenial(w http.ResponseWriter, err error) bool {
	d, ok := errors.AsType[*lawful.Denial](err)
	if !ok {
		return false
	}
	WriteProblem(w, DenialProblem(d.Decision))
	return true
}
