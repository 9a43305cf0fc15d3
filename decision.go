package lawful

import (
	"log/slog"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/purpose"
)

// Obligations is a set of duties an allowed processing leaves with the
// caller, such as recording a disclosure for later deletion notices.
type Obligations = purpose.Obligation

// Re-exported obligations, so callers need not import purpose to test them.
const (
	NotifyAfterEmergency       = purpose.NotifyAfterEmergency
	DeidentifyPublishedResults = purpose.DeidentifyPublishedResults
	NotifySuccessorIdentity    = purpose.NotifySuccessorIdentity
	RecordDisclosure           = purpose.RecordDisclosure
	ImpactAssessment           = purpose.ImpactAssessment
	EntrustmentContract        = purpose.EntrustmentContract
	CrossBorderNotice          = purpose.CrossBorderNotice
	StorageOnly                = purpose.StorageOnly
	OfferNonPersonalised       = purpose.OfferNonPersonalised
	ExplainSensitiveNecessity  = purpose.ExplainSensitiveNecessity
	ChildrensRules             = purpose.ChildrensRules
	ExplainAutomatedDecision   = purpose.ExplainAutomatedDecision
)

// Decision is the Guard's answer to a Request: a small value, returned and
// copied freely. The zero Decision is a denial (Allowed reports false).
type Decision struct {
	// Reason is why the request was denied; ReasonNone when allowed.
	Reason Reason
	// Basis is the ground the decision rests on: Consent, or the no-consent
	// basis relied on. BasisUnknown for anonymised data and early denials.
	Basis purpose.Basis
	// Regime names the regime applied ("PIPL", "GDPR"); empty for denials
	// before the subject was known.
	Regime string
	// Consent is the ID of the consent event relied on, or of the one whose
	// state caused the denial; zero if none.
	Consent uuid.UUID
	// Obligations are duties the caller must meet when allowed.
	Obligations Obligations
	// Anonymised reports an allowance resting on the caller's claim that
	// the data is anonymised and so not PI (PIPL art. 4).
	Anonymised bool
	// Attested lists the attestations the allowance relied on.
	Attested Attestation
	// Cause is the underlying error of StoreUnavailable and ContextDone.
	Cause error
	// RetentionRule is the ID of the retention rule that ended the data's
	// period, for RetentionExpired, RestrictedPendingErasure and a
	// storage-only allow; "" otherwise.
	RetentionRule string
	// Staleness bounds how old the consent view behind the decision may
	// be, when the Guard's Config.Freshness reports one (several instances
	// sharing a store); zero for a read-through or single-instance Guard.
	Staleness time.Duration
	// Request is the request as evaluated (context and clock applied).
	Request Request

	allowed  bool
	declared bool   // the policy declares the request's purpose
	why      detail // what Detail says
	guard    *Guard // the Guard that decided, for its pseudonyms and policy; nil if none
}

// Allowed reports whether the processing may go ahead. Only a Decision
// made by a Guard's allow path reports true.
func (d Decision) Allowed() bool { return d.allowed }

// PurposeDeclared reports whether the deciding Guard's policy declares
// the request's purpose: true for every allowance and for denials after
// the purpose was looked up, false for denials before it (an invalid
// request, an unknown purpose, a stale view, a done context) and for a
// zero Decision. A service echoing the purpose back to a client, a log or
// a metric label does so only when this reports true, so a client cannot
// inject text through it.
func (d Decision) PurposeDeclared() bool { return d.declared }

// Err returns nil for an allowed decision, or a *Denial.
func (d Decision) Err() error {
	if d.allowed {
		return nil
	}
	r := d.Reason
	if r == ReasonNone {
		r = NotConfigured // a zero Decision: nothing decided it
	}
	d.Reason = r
	den := &Denial{Decision: d}
	if d.guard != nil {
		den.pseudo = d.guard.pseudo
	}
	return den
}

// String summarises the decision for logs and test failures, with IDs and
// category keys but no personal values: "allow use service.voice_clone
// basis=consent" or "deny use service.voice_clone reason=consent_withdrawn".
func (d Decision) String() string {
	var b strings.Builder
	if d.allowed {
		b.WriteString("allow ")
	} else {
		b.WriteString("deny ")
	}
	b.WriteString(d.Request.Operation.String())
	b.WriteString(" ")
	b.WriteString(string(d.Request.Purpose))
	if d.allowed {
		b.WriteString(" basis=")
		if d.Anonymised {
			b.WriteString("anonymised")
		} else {
			b.WriteString(d.Basis.String())
		}
	} else {
		r := d.Reason
		if r == ReasonNone {
			r = NotConfigured
		}
		b.WriteString(" reason=")
		b.WriteString(r.String())
	}
	if d.Obligations != 0 {
		b.WriteString(" obligations=")
		b.WriteString(d.Obligations.String())
	}
	return b.String()
}

// LogValue reports the decision as a group of attributes without personal
// values: the subject ID is left out (the audit hook pseudonymises it).
func (d Decision) LogValue() slog.Value {
	attrs := []slog.Attr{
		slog.Bool("allowed", d.allowed),
		slog.String("purpose", string(d.Request.Purpose)),
		slog.String("operation", d.Request.Operation.String()),
		slog.String("categories", d.Request.Categories.String()),
	}
	if d.allowed {
		basis := d.Basis.String()
		if d.Anonymised {
			basis = "anonymised"
		}
		attrs = append(attrs, slog.String("basis", basis))
	} else {
		attrs = append(attrs, slog.String("reason", d.Reason.String()))
	}
	if d.Regime != "" {
		attrs = append(attrs, slog.String("regime", d.Regime))
	}
	if d.Request.Recipient != "" {
		attrs = append(attrs, slog.String("recipient", d.Request.Recipient))
	}
	if d.Consent != (uuid.UUID{}) {
		attrs = append(attrs, slog.String("consent_event", d.Consent.String()))
	}
	if d.Obligations != 0 {
		attrs = append(attrs, slog.String("obligations", d.Obligations.String()))
	}
	if d.Attested != 0 {
		attrs = append(attrs, slog.String("attested", d.Attested.String()))
	}
	if !d.Request.At.IsZero() {
		attrs = append(attrs, slog.Time("at", d.Request.At))
	}
	return slog.GroupValue(attrs...)
}
