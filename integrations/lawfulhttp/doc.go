// Package lawfulhttp puts lawful's checks in front of net/http handlers:
// middleware that reads whose data a request processes and why, and a
// handler wrapper that checks a route's processing and answers a denial
// as an RFC 9457 problem (application/problem+json) carrying the reason
// code and nothing personal.
//
// It uses the standard library and lawful only, and works with any router
// built on http.Handler: the standard ServeMux, chi, gorilla/mux.
//
// # Quick start
//
//	svc, _ := lawful.New(ctx, lawful.Options{Policy: reg})
//	lh, _ := lawfulhttp.New(lawfulhttp.Options{
//		Checker: svc,
//		// whose data: the verified caller (your session, your token)
//		Subject: lawfulhttp.SubjectFunc(func(r *http.Request) (subject.ID, error) {
//			return session.From(r).UserID, nil
//		}),
//		// the caller is the account holder acting on their own data
//		Attest: lawfulhttp.Always(lawful.ContractParty),
//	})
//	mux := http.NewServeMux()
//	mux.Handle("GET /me/voice", lh.Require(lawfulhttp.Route{
//		Purpose:    "service.voice_clone",
//		Operation:  purpose.Use,
//		Categories: pii.MustParseSet("biometric.voiceprint"),
//	}, voiceHandler))
//
// A request the Guard denies never reaches voiceHandler; the client gets
//
//	HTTP/1.1 403 Forbidden
//	Content-Type: application/problem+json
//
//	{"type":"https://lawful.dev/reasons/no_consent","title":"No consent",
//	 "status":403,"detail":"record the subject's consent to the purpose
//	 first (PIPL art. 13(1)(1))","reason":"no_consent",
//	 "purpose":"service.voice_clone"}
//
// An allowed request reaches it with the subject, purpose and
// attestations in its context (lawful.SubjectFrom, PurposeFrom,
// AttestFrom), so lawful.Do and further checks inside need not repeat
// them, and with the decision in DecisionFrom, whose Obligations the
// handler must meet. Middleware.Handler does the context part alone for a
// whole sub-router (chi: r.Use(lh.Handler)).
//
// # Statuses
//
// StatusFor maps reasons to statuses: 403 for denials by the law, the
// policy or the person's choices (unknown_subject included, so a status
// does not reveal which IDs exist); 400 for invalid_request; 503 for
// store_unavailable and context_done (the Guard failed closed; retry);
// 500 for not_configured and tamper_detected (operators must act). A
// subject, purpose or route detail that cannot be read is a 400 of its
// own type (TypeInvalidSubject, ...) unless the extractor returns a
// *Problem or Options.OnError answers it.
//
// # What reaches the client
//
// Problems carry the reason's name and hint, the status, and the purpose
// ID once the policy declared it (lawful.Decision.PurposeDeclared). They never carry the
// subject's ID, a store's error, or an extractor's error text, which may
// echo what the client sent. The Guard's Auditor records the decision,
// with its cause, for operators.
package lawfulhttp
