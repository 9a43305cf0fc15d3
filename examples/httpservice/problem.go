package main

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/purpose"
)

// Problem is an RFC 9457 problem details object, the body of every error
// response, sent as application/problem+json.
//
// A Problem never carries personal values: no subject ID, no field of the
// person's data, nothing echoed from the request but the purpose ID,
// which names a processing and not a person.
type Problem struct {
	// Type is a URI naming the kind of problem. For a Guard denial it is
	// ReasonTypePrefix followed by the reason's stable name, e.g.
	// "https://lawful.dev/reasons/no_consent"; other problems use the
	// Type* constants. Clients switch on Type (or Reason), never on Title
	// or Detail. The URIs identify; they need not resolve (RFC 9457
	// §3.1.1).
	Type string `json:"type"`
	// Title is a short summary of the kind of problem, the same for every
	// occurrence of Type.
	Title string `json:"title"`
	// Status is the HTTP status code of the response.
	Status int `json:"status"`
	// Detail explains this occurrence. For a denial it says what would make
	// the processing lawful (lawful.Reason.Hint); the wording is not API.
	Detail string `json:"detail,omitempty"`
	// Reason is an extension member: for a denial, the reason's stable name
	// (lawful.Reason.String), such as "consent_withdrawn".
	Reason string `json:"reason,omitempty"`
	// Purpose is an extension member: for a denial, the purpose that was
	// refused, so a client can offer the matching consent dialog.
	Purpose purpose.ID `json:"purpose,omitempty"`
}

// ProblemContentType is the media type of problem responses (RFC 9457 §3).
const ProblemContentType = "application/problem+json"

// ReasonTypePrefix is the prefix of the type URI of a Guard denial; the
// reason's stable name follows it. Reason names are lawful's API, so these
// URIs are stable across releases.
const ReasonTypePrefix = "https://lawful.dev/reasons/"

// Type URIs of the problems that are not Guard denials.
const (
	// TypeInvalidSubject: the X-Subject-ID header is missing, repeated or
	// not a subject ID. Status 400.
	TypeInvalidSubject = "https://lawful.dev/problems/invalid-subject"
	// TypeInvalidRequest: the body or query is not what the endpoint
	// takes. Status 400.
	TypeInvalidRequest = "https://lawful.dev/problems/invalid-request"
	// TypeConsentRefused: the consent ledger refused the event (an unknown
	// purpose, a guardian not linked to the child, nothing to withdraw,
	// ...). Status 422; Detail lists each problem.
	TypeConsentRefused = "https://lawful.dev/problems/consent-refused"
	// TypeNotFound: the subject has no such record. Status 404.
	TypeNotFound = "https://lawful.dev/problems/not-found"
	// TypeInternal: the service failed in a way the client cannot fix.
	// Status 500.
	TypeInternal = "https://lawful.dev/problems/internal"
)

// StatusFor returns the HTTP status of a denial for r, by its class
// (the integrations/lawfulhttp module maps them the same way):
//
//   - 400 Bad Request for invalid_request (lawful.ClassInvalid).
//   - 503 Service Unavailable for store_unavailable and context_done: a
//     directory or consent store did not answer, so the Guard refused
//     (fail closed); retrying later may succeed.
//   - 500 Internal Server Error for not_configured and tamper_detected:
//     the service is broken or a consent ledger failed verification.
//   - 403 Forbidden for every other reason: the processing is not lawful
//     as things stand; Detail says what would make it so.
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

// DenialProblem returns the problem reporting a Guard denial.
func DenialProblem(d *lawful.Denial) Problem {
	name := d.Reason.String()
	return Problem{
		Type:    ReasonTypePrefix + name,
		Title:   title(name),
		Status:  StatusFor(d.Reason),
		Detail:  d.Reason.Hint(),
		Reason:  name,
		Purpose: d.Request.Purpose,
	}
}

// title turns a reason name into a title: "no_consent" → "No consent".
func title(name string) string {
	s := strings.ReplaceAll(name, "_", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// writeProblem sends p as the response.
func writeProblem(w http.ResponseWriter, p Problem) {
	h := w.Header()
	h.Set("Content-Type", ProblemContentType)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}

// writeJSON sends v as a 2xx response. Responses carry personal
// information, so no cache may keep them.
func writeJSON(w http.ResponseWriter, status int, v any) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// ledgerSentinels are the consent ledger's validation errors whose texts
// may be shown to clients: unlike the messages wrapping them, they name no
// subject. The generic ErrInvalidEvent comes last, as a fallback.
var ledgerSentinels = []error{
	consent.ErrUnknownSubject, consent.ErrSubjectClosed,
	consent.ErrUnknownPurpose, consent.ErrUnknownVersion, consent.ErrStaleVersion,
	consent.ErrUnknownGuardian, consent.ErrGuardianNotLinked, consent.ErrGuardianUnverified,
	consent.ErrRecipientNotDeclared, consent.ErrMissingNotice,
	consent.ErrFutureEffective, consent.ErrBackdated, consent.ErrExpiryNotAfterStart,
	consent.ErrOutOfOrder, consent.ErrNothingToWithdraw,
	consent.ErrInvalidEvent,
}

// ledgerProblem reports an error of consent.Ledger.Append: a refused event
// is 422 listing each problem by its sentinel; a ledger without its
// dependencies is 500; anything else is the store or directory failing,
// 503 like the Guard's store_unavailable.
func ledgerProblem(err error) Problem {
	if ie, ok := errors.AsType[*consent.InvalidEventError](err); ok {
		var texts []string
		for _, p := range ie.Problems {
			for _, s := range ledgerSentinels {
				if errors.Is(p, s) {
					if t := s.Error(); !slices.Contains(texts, t) {
						texts = append(texts, t)
					}
					break
				}
			}
		}
		return Problem{
			Type:   TypeConsentRefused,
			Title:  "Consent event refused",
			Status: http.StatusUnprocessableEntity,
			Detail: strings.Join(texts, "; "),
		}
	}
	if errors.Is(err, consent.ErrNotConfigured) {
		return internalProblem()
	}
	name := lawful.StoreUnavailable.String()
	return Problem{
		Type:   ReasonTypePrefix + name,
		Title:  title(name),
		Status: http.StatusServiceUnavailable,
		Detail: "the consent ledger could not record the event; nothing was recorded, try again later",
		Reason: name,
	}
}

func internalProblem() Problem {
	return Problem{
		Type:   TypeInternal,
		Title:  "Internal error",
		Status: http.StatusInternalServerError,
		Detail: "the service failed; the error is logged",
	}
}
