package lawful

import "fmt"

// Class groups denial reasons by what the caller can do about them, so
// that middleware maps reasons to statuses in one place: lawfulgrpc maps
// ClassRefused to PermissionDenied and ClassCurable to FailedPrecondition,
// for example. Every Reason has exactly one Class; a reason added in a
// later version arrives with its class, so mappings keyed by Class need
// no update.
type Class uint8

const (
	// ClassNone is the class of ReasonNone: allowed.
	ClassNone Class = iota
	// ClassRefused: the policy or the law refuses the processing as
	// declared, whatever is recorded about the person: an undeclared
	// purpose, operation, category or recipient, no ground under the
	// regime, an exemption that cannot cover the operation, minors'
	// prohibitions, a closed account or a deceased person, data restricted
	// pending or due for erasure. Only a change of the policy or of the
	// request can make it lawful. A Reason this version does not know is
	// in this class (fail closed).
	ClassRefused
	// ClassCurable: something can be recorded or supplied that would make
	// it lawful: a consent of the kind required (a guardian's, separate,
	// written, explicit, current), an attestation, the legal instrument,
	// the subject's record or jurisdiction, an impact assessment, an
	// unfrozen account, a lifted restriction or objection. Retrying before
	// then is pointless.
	ClassCurable
	// ClassInvalid: the request is malformed (InvalidRequest).
	ClassInvalid
	// ClassUnavailable: a directory, consent or assessment store failed and
	// the Guard refused (fail closed); a retry may succeed.
	ClassUnavailable
	// ClassCanceled: the request's context ended (ContextDone).
	ClassCanceled
	// ClassTampered: the subject's consent ledger failed verification
	// (TamperDetected); operators must restore it (see SECURITY.md).
	ClassTampered
	// ClassMisconfigured: the Guard is not configured (NotConfigured); the
	// service is broken, not the request.
	ClassMisconfigured

	numClasses = iota
)

var classNames = [numClasses]string{"none", "refused", "curable", "invalid", "unavailable", "canceled", "tampered", "misconfigured"}

// String returns the class's stable name, e.g. "curable", or "Class(N)"
// for a value out of range.
func (c Class) String() string {
	if int(c) < numClasses {
		return classNames[c]
	}
	return fmt.Sprintf("Class(%d)", uint8(c))
}

// MarshalText encodes c as its String.
func (c Class) MarshalText() ([]byte, error) {
	if int(c) >= numClasses {
		return nil, fmt.Errorf("lawful: cannot marshal invalid %v", c)
	}
	return []byte(classNames[c]), nil
}

// Class returns the reason's class; ClassRefused for a value out of range.
func (r Reason) Class() Class {
	if int(r) < numReasons {
		return reasons[r].class
	}
	return ClassRefused
}
