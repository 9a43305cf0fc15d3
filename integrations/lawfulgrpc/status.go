package lawfulgrpc

import (
	"context"
	"errors"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/lawfulgo/lawful"
)

// Domain is the ErrorInfo domain of lawful's denials.
const Domain = "lawful.dev"

// CodeFor returns the gRPC code of a denial for r:
//
//   - PermissionDenied when the policy or the law refuses the processing
//     as declared, whatever the person's state: an undeclared purpose,
//     operation, category or recipient, no ground under the regime, an
//     exemption that cannot cover the operation, minors' prohibitions, a
//     closed account, a deceased person, data restricted for or due to
//     erasure (lawful.ClassRefused). Also any reason this version does
//     not know.
//   - FailedPrecondition when something can be recorded or supplied that
//     would make it lawful: the consent (of any kind: separate, written,
//     explicit, a guardian's), an attestation (contract party, a basis's
//     condition), the legal instrument, the subject's directory record or
//     jurisdiction, an unfrozen account, a restriction or objection
//     lifted (lawful.ClassCurable). Do not retry until that is done.
//   - Unavailable for store_unavailable: the directory or consent store
//     failed and the Guard refused (fail closed); retry with back-off.
//   - Canceled for context_done (DenialStatus tells DeadlineExceeded from
//     the decision's cause).
//   - InvalidArgument for invalid_request.
//   - DataLoss for tamper_detected: the person's consent ledger failed
//     verification; operators must restore it.
//   - Internal for not_configured and a zero reason.
//
// The mapping follows r.Class(), so a reason added to lawful later gets
// the code of its class without a change here.
func CodeFor(r lawful.Reason) codes.Code {
	switch r.Class() {
	case lawful.ClassCurable:
		return codes.FailedPrecondition
	case lawful.ClassInvalid:
		return codes.InvalidArgument
	case lawful.ClassUnavailable:
		return codes.Unavailable
	case lawful.ClassCanceled:
		return codes.Canceled
	case lawful.ClassTampered:
		return codes.DataLoss
	case lawful.ClassNone, lawful.ClassMisconfigured:
		return codes.Internal
	}
	return codes.PermissionDenied
}

// DenialStatus returns the status reporting a denied decision: the code of
// CodeFor (DeadlineExceeded for a context_done whose cause is a deadline),
// the message "lawful: <reason>: <hint>", and an errdetails.ErrorInfo with
// Reason the reason's stable name, Domain "lawful.dev" and, once the
// policy declared it, the purpose in Metadata["purpose"]. It carries no
// personal value: no subject ID, no store error.
func DenialStatus(d lawful.Decision) *status.Status {
	r := d.Reason
	if r == lawful.ReasonNone {
		r = lawful.NotConfigured
	}
	code := CodeFor(r)
	if r == lawful.ContextDone && errors.Is(d.Cause, context.DeadlineExceeded) {
		code = codes.DeadlineExceeded
	}
	msg := "lawful: " + r.String()
	if h := r.Hint(); h != "" {
		msg += ": " + h
	}
	info := &errdetails.ErrorInfo{Reason: r.String(), Domain: Domain}
	if d.PurposeDeclared() {
		info.Metadata = map[string]string{"purpose": string(d.Request.Purpose)}
	}
	st, err := status.New(code, msg).WithDetails(info)
	if err != nil {
		return status.New(code, msg) // ErrorInfo always marshals
	}
	return st
}

// Error converts err for a gRPC handler to return: a denial (a
// *lawful.Denial, as lawful.Do and lawful.Guard.Allow return, wrapped or
// not) becomes its DenialStatus error; anything else is returned as is. A
// handler that checks again inside answers denials the way the
// interceptors do:
//
//	v, err := lawful.Do(ctx, svc.Guard(), req, repo.Voiceprint)
//	if err != nil {
//		return nil, lawfulgrpc.Error(err)
//	}
func Error(err error) error {
	if d, ok := errors.AsType[*lawful.Denial](err); ok {
		return DenialStatus(d.Decision).Err()
	}
	return err
}

// ReasonOf returns the lawful reason an error from a call carries in its
// status details (an ErrorInfo of Domain), for clients: it works on the
// error a client stub returns.
func ReasonOf(err error) (lawful.Reason, bool) {
	st, ok := status.FromError(err)
	if !ok {
		return 0, false
	}
	for _, d := range st.Details() {
		info, ok := d.(*errdetails.ErrorInfo)
		if !ok || info.GetDomain() != Domain {
			continue
		}
		var r lawful.Reason
		if r.UnmarshalText([]byte(info.GetReason())) == nil {
			return r, true
		}
	}
	return 0, false
}
