package lawfulotel

import (
	"go.opentelemetry.io/otel/attribute"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/purpose"
)

// Attribute keys, on metrics and spans. None carries a personal value:
// see Attributes.
const (
	// KeyAllowed: whether the processing was allowed.
	KeyAllowed = attribute.Key("lawful.allowed")
	// KeyReason: the reason's stable name; "none" when allowed.
	KeyReason = attribute.Key("lawful.reason")
	// KeyBasis: the ground relied on ("consent", "contract", ...), or
	// "anonymised"; absent when the decision names none.
	KeyBasis = attribute.Key("lawful.basis")
	// KeyRegime: the regime applied ("PIPL", "GDPR"); absent before the
	// subject was known.
	KeyRegime = attribute.Key("lawful.regime")
	// KeyPurpose: the purpose ID, once the policy declared it; absent
	// otherwise, so a client cannot put its own strings into metrics.
	KeyPurpose = attribute.Key("lawful.purpose")
	// KeyOperation: the operation ("use", "share", ...), or "invalid".
	KeyOperation = attribute.Key("lawful.operation")
	// KeyCategories: the requested category keys ("contact.phone"), on
	// spans only; keys of lawful's taxonomy, never values.
	KeyCategories = attribute.Key("lawful.categories")
	// KeyRecipient: the recipient organisation the policy declares, on
	// spans only, and only once the policy accepted it.
	KeyRecipient = attribute.Key("lawful.recipient")
	// KeyObligations: the obligations of an allowed decision, on spans.
	KeyObligations = attribute.Key("lawful.obligations")
	// KeyAttested: the attestations the allowance relied on, on spans.
	KeyAttested = attribute.Key("lawful.attested")
	// KeyStoreCause: why a store failed ("stale", "timeout", "error"), on
	// MetricStoreErrors.
	KeyStoreCause = attribute.Key("lawful.store.cause")
	// KeyAuditSink: the name given to ObserveAuditQueue.
	KeyAuditSink = attribute.Key("lawful.audit.sink")
)

// reasonName is d's reason as the attribute names it: "none" when
// allowed, "not_configured" for a zero denial (as Decision.Err says).
func reasonName(d lawful.Decision) string {
	if d.Allowed() {
		return lawful.ReasonNone.String()
	}
	if d.Reason == lawful.ReasonNone {
		return lawful.NotConfigured.String()
	}
	return d.Reason.String()
}

func basisName(d lawful.Decision) string {
	switch {
	case d.Anonymised:
		return "anonymised"
	case d.Basis == purpose.BasisUnknown:
		return ""
	}
	return d.Basis.String()
}

func operationName(op purpose.Operation) string {
	if op.Valid() {
		return op.String()
	}
	return "invalid"
}

// Attributes returns the span attributes describing d: KeyAllowed,
// KeyReason and KeyOperation always; KeyBasis, KeyRegime, KeyObligations
// and KeyAttested when set; KeyPurpose, KeyCategories and KeyRecipient
// once the policy declared the purpose (and the recipient).
//
// They never carry a personal value: not the subject's ID, not the
// consent event's ID (which identifies one person's event), not the legal
// instrument or the item key (free text that may name a person), not a
// store's error. A recipient is an organisation the policy declares; a
// recipient the policy refused is left out, since it is whatever the
// caller wrote.
func Attributes(d lawful.Decision) []attribute.KeyValue {
	kv := make([]attribute.KeyValue, 0, 10)
	kv = append(kv, KeyAllowed.Bool(d.Allowed()), KeyReason.String(reasonName(d)), KeyOperation.String(operationName(d.Request.Operation)))
	if b := basisName(d); b != "" {
		kv = append(kv, KeyBasis.String(b))
	}
	if d.Regime != "" {
		kv = append(kv, KeyRegime.String(d.Regime))
	}
	if d.PurposeDeclared() {
		kv = append(kv, KeyPurpose.String(string(d.Request.Purpose)))
		if !d.Request.Categories.IsEmpty() {
			kv = append(kv, KeyCategories.String(d.Request.Categories.String()))
		}
		if d.Request.Recipient != "" && d.Reason != lawful.RecipientNotDeclared {
			kv = append(kv, KeyRecipient.String(d.Request.Recipient))
		}
	}
	if d.Obligations != 0 {
		kv = append(kv, KeyObligations.String(d.Obligations.String()))
	}
	if d.Attested != 0 {
		kv = append(kv, KeyAttested.String(d.Attested.String()))
	}
	return kv
}
