// Package lawfulgrpc puts lawful's checks in front of gRPC methods: unary
// and stream server interceptors that read whose data a call processes
// and why from its context and metadata, check each method's declared
// processing, and refuse a denied call with a status whose details carry
// the reason (an errdetails.ErrorInfo with Domain "lawful.dev").
//
// # Quick start
//
//	svc, _ := lawful.New(ctx, lawful.Options{Policy: reg})
//	ic, err := lawfulgrpc.New(lawfulgrpc.Options{
//		Checker: svc,
//		// whose data: what authentication established (a claim, a
//		// header set by the mesh after verifying the caller)
//		Subject: lawfulgrpc.Metadata("x-verified-subject"),
//		Rules: map[string]lawfulgrpc.Rule{
//			"/voice.v1.Voices/GetVoiceprint": {
//				Purpose:    "service.voice_clone",
//				Operation:  purpose.Use,
//				Categories: pii.MustParseSet("biometric.voiceprint"),
//			},
//		},
//		Skip: func(m string) bool { return strings.HasPrefix(m, "/grpc.health.v1.") },
//	})
//	srv := grpc.NewServer(
//		grpc.ChainUnaryInterceptor(auth, ic.Unary()),
//		grpc.ChainStreamInterceptor(authStream, ic.Stream()))
//
// A denied call never reaches its handler. The client sees, for a person
// who never consented:
//
//	code:    FailedPrecondition
//	message: lawful: no_consent: record the subject's consent to the
//	         purpose first (PIPL art. 13(1)(1))
//	details: ErrorInfo{Reason: "no_consent", Domain: "lawful.dev",
//	         Metadata: {"purpose": "service.voice_clone"}}
//
// and ReasonOf(err) returns lawful.NoConsent. An allowed call runs with
// the subject, purpose and attestations in its context, so lawful.Do
// inside need not repeat them (return lawfulgrpc.Error(err) to answer its
// denials alike), and with the decision in DecisionFrom, whose Obligations
// the handler must meet.
//
// # Codes
//
// CodeFor maps reasons to codes: PermissionDenied when the policy or the
// law refuses the processing as declared (an undeclared purpose, a closed
// account, data due for erasure, ...); FailedPrecondition when recording
// or supplying something would make it lawful (a consent of the required
// kind, a guardian's, an attestation, the legal instrument, the subject's
// record, a lifted restriction or objection); Unavailable for
// store_unavailable (fail closed: retry with back-off); Canceled or
// DeadlineExceeded for context_done; InvalidArgument for invalid_request;
// DataLoss for tamper_detected; Internal for not_configured. A subject
// that cannot be read is Unauthenticated when the call names none, and
// InvalidArgument when it is malformed, unless the extractor returns a
// status of its own.
//
// # What reaches the client
//
// Statuses carry the reason's name and hint, and the purpose ID once the
// policy declared it (lawful.Decision.PurposeDeclared). Never the subject's ID, a store's
// error, or an extractor's error text. The Guard's Auditor records the
// decision with its cause, for operators.
//
// Methods without a Rule are not checked by the interceptors but still get
// the scope in their context for the checks inside them; set RequireRules
// to refuse them instead, and Skip for methods that act for nobody.
package lawfulgrpc
