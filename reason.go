package lawful

import (
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/lawfulgo/lawful/subject"
)

// Reason is why the Guard denied a request. Each Reason has a stable name
// (String, used in audit lines and problem reports), a sentinel error for
// errors.Is, and a hint saying what would make the request lawful.
//
// The zero value, ReasonNone, is no denial: the reason of an allowed
// Decision.
type Reason uint8

const (
	// ReasonNone: the request was allowed.
	ReasonNone Reason = iota
	// NotConfigured: the Guard is the zero value or lacks a dependency.
	NotConfigured
	// ContextDone: the request's context was cancelled or timed out.
	ContextDone
	// InvalidRequest: the request is malformed (no categories, a recipient
	// for an operation that provides nothing, an invalid operation).
	InvalidRequest
	// UnknownPurpose: the purpose is not in the registry (PIPL arts. 6, 14).
	UnknownPurpose
	// OperationNotDeclared: the purpose does not declare the operation
	// (PIPL arts. 6, 14 para 2).
	OperationNotDeclared
	// CategoryNotDeclared: the purpose does not declare every requested
	// category (PIPL art. 6: minimum necessary).
	CategoryNotDeclared
	// RecipientNotDeclared: the purpose does not declare the recipient, or
	// the operation needs one and none was named (PIPL arts. 21, 23, 39).
	RecipientNotDeclared
	// UnknownSubject: the subject is not in the directory (fail closed).
	UnknownSubject
	// SubjectFrozen: the account is frozen; only storage is allowed
	// (seed 003 §七.3).
	SubjectFrozen
	// SubjectClosed: the account is deregistered (NDSMR art. 24).
	SubjectClosed
	// SubjectDeceased: the subject has died; relatives' requests go through
	// rights handling (PIPL art. 49), not processing.
	SubjectDeceased
	// NoStatutoryBasis: the purpose has no ground under the subject's regime
	// (PIPL art. 13; GDPR art. 6).
	NoStatutoryBasis
	// ExemptionNotValidForOperation: the no-consent basis cannot justify
	// this operation (PIPL art. 25 for disclosure; GB/T 35273 §9.5).
	ExemptionNotValidForOperation
	// ExemptionConditionFailed: a condition of the no-consent basis does not
	// hold (no cited law, no declared emergency, ...).
	ExemptionConditionFailed
	// NoConsent: no consent to the purpose was ever given (PIPL art. 13(1)(1)).
	NoConsent
	// ConsentNotYetInForce: consent was given with a later effective time.
	ConsentNotYetInForce
	// ConsentWithdrawn: consent was withdrawn at or before the request's
	// time (PIPL art. 15).
	ConsentWithdrawn
	// ConsentExpired: consent expired at or before the request's time.
	ConsentExpired
	// ConsentStale: consent was given under a version before the purpose's
	// latest material change (PIPL art. 14 para 2).
	ConsentStale
	// SeparateConsentRequired: only click consent was given where separate
	// consent is needed (PIPL arts. 23, 25, 29, 39; DSP art. 14).
	SeparateConsentRequired
	// WrittenConsentRequired: written consent is required (PIPL art. 14; a
	// service policy such as seed 003 §七.1).
	WrittenConsentRequired
	// GuardianConsentRequired: the subject is a minor whose guardian has not
	// consented (PIPL art. 31; service policies up to 18).
	GuardianConsentRequired
	// ParentalConsentRequired: a child under the GDPR art. 8 age without the
	// consent of the holder of parental responsibility.
	ParentalConsentRequired
	// ExplicitConsentRequired: special-category data needs explicit consent
	// (GDPR art. 9(2)(a)).
	ExplicitConsentRequired
	// ProhibitedForMinors: automated-decision marketing to a minor (MOR art.
	// 24 para 3).
	ProhibitedForMinors
	// StoreUnavailable: the directory or consent store failed (fail closed).
	StoreUnavailable
	// RestrictedPendingErasure: the data's purpose has ended (deletion
	// request, withdrawal, closure, ...) but a legal minimum or a hold
	// keeps it; only Store is allowed until it is erased (PIPL art. 47
	// para 2; NDSMR art. 24).
	RestrictedPendingErasure
	// RetentionExpired: the data is due for erasure; nothing may process
	// it (PIPL arts. 19, 47).
	RetentionExpired
	// TamperDetected: the subject's consent ledger failed verification (an
	// event edited, inserted, removed or cut from the end, a seal or the
	// anchored head that does not verify). Nothing is allowed for the
	// subject, not even on an exemption, until an operator has restored
	// the ledger (see SECURITY.md).
	TamperDetected
	// ContractPartyRequired: the contract ground needs the person to be a
	// party to the contract and the processing necessary for it; the
	// request did not attest ContractParty (PIPL art. 13(1)(2); GDPR art.
	// 6(1)(b)). Third persons in uploaded media are never parties.
	ContractPartyRequired
	// ProcessingRestricted: the person restricted the processing of these
	// categories; only storage is allowed (PIPL art. 44; GDPR art. 18).
	ProcessingRestricted
	// ObjectionRecorded: the person objected to this processing (PIPL
	// arts. 24 para 2, 44; GDPR art. 21).
	ObjectionRecorded
	// ServiceNotOfferedToMinors: the purpose serves adults only, whatever a
	// guardian consents to (a service's policy, e.g. seed 004).
	ServiceNotOfferedToMinors
	// UnknownJurisdiction: the subject's jurisdiction maps to no regime the
	// Guard is configured for.
	UnknownJurisdiction
	// LegalInstrumentMissing: PI provided to an authority (a recipient of
	// role purpose.Authority) names no legal instrument of its demand
	// (Request.Instrument; PIPL art. 13(1)(3)).
	LegalInstrumentMissing
	// SubEntrustmentNotAuthorised: an entrusted party passes PI on to a
	// sub-processor the controller did not approve (PIPL art. 21 para 2).
	SubEntrustmentNotAuthorised
	// ImpactAssessmentMissing: the processing needs a prior impact
	// assessment of a kind the Guard is configured to require
	// (Config.RequireAssessments), and no current one covers the purpose
	// (PIPL art. 55; GDPR art. 35(1)).
	ImpactAssessmentMissing

	numReasons = iota
)

type reasonInfo struct {
	name  string
	err   error
	hint  string // what would make the request lawful
	class Class
}

var reasons = func() [numReasons]reasonInfo {
	t := [numReasons]reasonInfo{
		ReasonNone:                    {"none", nil, "", ClassNone},
		NotConfigured:                 {"not_configured", nil, "build the Guard with NewGuard and a Registry, Directory, Ledger and Clock", ClassMisconfigured},
		ContextDone:                   {"context_done", nil, "retry with a live context", ClassCanceled},
		InvalidRequest:                {"invalid_request", nil, "name the categories, a valid operation, and a recipient only for share, entrust, transfer, disclose or export", ClassInvalid},
		UnknownPurpose:                {"unknown_purpose", nil, "declare the purpose in the policy (PIPL arts. 6, 17)", ClassRefused},
		OperationNotDeclared:          {"operation_not_declared", nil, "declare the operation on the purpose, as a new purpose version needing fresh consent (PIPL art. 14 para 2)", ClassRefused},
		CategoryNotDeclared:           {"category_not_declared", nil, "request only the purpose's declared categories, or declare more in a new purpose version (PIPL arts. 6, 14 para 2)", ClassRefused},
		RecipientNotDeclared:          {"recipient_not_declared", nil, "name a recipient the purpose declares (PIPL arts. 21, 23, 39)", ClassRefused},
		UnknownSubject:                {"unknown_subject", nil, "add the subject to the directory before processing their data", ClassCurable},
		SubjectFrozen:                 {"subject_frozen", nil, "only storage is allowed until the account is unfrozen, e.g. after verified guardian consent (seed 003 §七.3)", ClassCurable},
		SubjectClosed:                 {"subject_closed", nil, "the account is deregistered; only retention rules may keep its data (NDSMR art. 24)", ClassRefused},
		SubjectDeceased:               {"subject_deceased", nil, "handle relatives' requests through rights handling (PIPL art. 49)", ClassRefused},
		NoStatutoryBasis:              {"no_statutory_basis", nil, "give the purpose a ground of the subject's regime (PIPL art. 13; GDPR art. 6)", ClassRefused},
		ExemptionNotValidForOperation: {"exemption_not_valid_for_operation", nil, "rely on separate consent or a cited legal duty for this operation (PIPL art. 25; GB/T 35273 §9.5)", ClassRefused},
		ExemptionConditionFailed:      {"exemption_condition_failed", nil, "attest the basis's condition on the request (e.g. Attest: lawful.Emergency) only when it truly holds", ClassCurable},
		NoConsent:                     {"no_consent", nil, "record the subject's consent to the purpose first (PIPL art. 13(1)(1))", ClassCurable},
		ConsentNotYetInForce:          {"consent_not_yet_in_force", nil, "wait until the consent's effective time", ClassCurable},
		ConsentWithdrawn:              {"consent_withdrawn", nil, "the subject withdrew consent; ask again only if they choose to give it (PIPL art. 15; NDSMR art. 22(5))", ClassCurable},
		ConsentExpired:                {"consent_expired", nil, "collect consent again (NDSMR art. 22(4))", ClassCurable},
		ConsentStale:                  {"consent_stale", nil, "collect consent under the purpose's current version (PIPL art. 14 para 2)", ClassCurable},
		SeparateConsentRequired:       {"separate_consent_required", nil, "collect separate consent for this processing (PIPL arts. 23, 25, 29, 39; DSP art. 14)", ClassCurable},
		WrittenConsentRequired:        {"written_consent_required", nil, "collect written consent (PIPL art. 14; the service's policy)", ClassCurable},
		GuardianConsentRequired:       {"guardian_consent_required", nil, "collect the consent of a verified guardian (PIPL art. 31)", ClassCurable},
		ParentalConsentRequired:       {"parental_consent_required", nil, "collect the consent of the holder of parental responsibility (GDPR art. 8(1))", ClassCurable},
		ExplicitConsentRequired:       {"explicit_consent_required", nil, "collect explicit consent for special-category data (GDPR art. 9(2)(a))", ClassCurable},
		ProhibitedForMinors:           {"prohibited_for_minors", nil, "do not use automated decisions for commercial marketing to minors (MOR art. 24 para 3)", ClassRefused},
		StoreUnavailable:              {"store_unavailable", nil, "the directory or consent store failed; the Guard denies until it answers (fail closed)", ClassUnavailable},
		RestrictedPendingErasure:      {"restricted_pending_erasure", nil, "the data is kept only for a legal minimum or hold; store it and nothing else until it is erased (PIPL art. 47 para 2)", ClassRefused},
		RetentionExpired:              {"retention_expired", nil, "the data is due for erasure; run the retention sweeper and do not process it (PIPL arts. 19, 47)", ClassRefused},
		TamperDetected:                {"tamper_detected", nil, "the subject's consent ledger failed verification; treat it as a security incident, restore the ledger from a verified copy and re-verify (PIPL art. 51)", ClassTampered},
		ContractPartyRequired:         {"contract_party_required", nil, "attest ContractParty only when the subject is a party to the contract and the processing is necessary for it (PIPL art. 13(1)(2); GDPR art. 6(1)(b)); otherwise rely on another ground", ClassCurable},
		ProcessingRestricted:          {"processing_restricted", nil, "the person restricted these categories; store them and nothing else until the restriction is lifted (PIPL art. 44; GDPR art. 18)", ClassCurable},
		ObjectionRecorded:             {"objection_recorded", nil, "the person objected; stop, or record compelling grounds that override it where the law allows (GDPR art. 21(1); never for direct marketing, 21(3))", ClassCurable},
		ServiceNotOfferedToMinors:     {"service_not_offered_to_minors", nil, "the purpose serves adults only; do not process a minor's data for it, even with a guardian's consent", ClassRefused},
		UnknownJurisdiction:           {"unknown_jurisdiction", nil, "map the subject's jurisdiction to a regime in Config.Jurisdictions, or correct it in the directory", ClassCurable},
		LegalInstrumentMissing:        {"legal_instrument_missing", nil, "name the legal instrument (the authority's written request, the court order) in Request.Instrument", ClassCurable},
		SubEntrustmentNotAuthorised:   {"sub_entrustment_not_authorised", nil, "obtain the controller's consent to the sub-entrustment and declare the sub-processor approved (PIPL art. 21 para 2)", ClassRefused},
		ImpactAssessmentMissing:       {"impact_assessment_missing", nil, "assess the processing's impact before it starts and record the assessment, covering the purpose and the kinds named (PIPL arts. 55-56; GDPR art. 35)", ClassCurable},
	}
	for i := 1; i < numReasons; i++ {
		t[i].err = &sentinel{Reason(i)}
	}
	return t
}()

// sentinel is the error value of one Reason.
type sentinel struct{ r Reason }

func (s *sentinel) Error() string { return "lawful: " + reasons[s.r].name }

// Sentinel errors, one per Reason: errors.Is(err, lawful.ErrNoConsent)
// reports whether err is a denial for that reason.
var (
	ErrNotConfigured                 = reasons[NotConfigured].err
	ErrContextDone                   = reasons[ContextDone].err
	ErrInvalidRequest                = reasons[InvalidRequest].err
	ErrUnknownPurpose                = reasons[UnknownPurpose].err
	ErrOperationNotDeclared          = reasons[OperationNotDeclared].err
	ErrCategoryNotDeclared           = reasons[CategoryNotDeclared].err
	ErrRecipientNotDeclared          = reasons[RecipientNotDeclared].err
	ErrUnknownSubject                = reasons[UnknownSubject].err
	ErrSubjectFrozen                 = reasons[SubjectFrozen].err
	ErrSubjectClosed                 = reasons[SubjectClosed].err
	ErrSubjectDeceased               = reasons[SubjectDeceased].err
	ErrNoStatutoryBasis              = reasons[NoStatutoryBasis].err
	ErrExemptionNotValidForOperation = reasons[ExemptionNotValidForOperation].err
	ErrExemptionConditionFailed      = reasons[ExemptionConditionFailed].err
	ErrNoConsent                     = reasons[NoConsent].err
	ErrConsentNotYetInForce          = reasons[ConsentNotYetInForce].err
	ErrConsentWithdrawn              = reasons[ConsentWithdrawn].err
	ErrConsentExpired                = reasons[ConsentExpired].err
	ErrConsentStale                  = reasons[ConsentStale].err
	ErrSeparateConsentRequired       = reasons[SeparateConsentRequired].err
	ErrWrittenConsentRequired        = reasons[WrittenConsentRequired].err
	ErrGuardianConsentRequired       = reasons[GuardianConsentRequired].err
	ErrParentalConsentRequired       = reasons[ParentalConsentRequired].err
	ErrExplicitConsentRequired       = reasons[ExplicitConsentRequired].err
	ErrProhibitedForMinors           = reasons[ProhibitedForMinors].err
	ErrStoreUnavailable              = reasons[StoreUnavailable].err
	ErrRestrictedPendingErasure      = reasons[RestrictedPendingErasure].err
	ErrRetentionExpired              = reasons[RetentionExpired].err
	ErrTamperDetected                = reasons[TamperDetected].err
	ErrContractPartyRequired         = reasons[ContractPartyRequired].err
	ErrProcessingRestricted          = reasons[ProcessingRestricted].err
	ErrObjectionRecorded             = reasons[ObjectionRecorded].err
	ErrServiceNotOfferedToMinors     = reasons[ServiceNotOfferedToMinors].err
	ErrUnknownJurisdiction           = reasons[UnknownJurisdiction].err
	ErrLegalInstrumentMissing        = reasons[LegalInstrumentMissing].err
	ErrSubEntrustmentNotAuthorised   = reasons[SubEntrustmentNotAuthorised].err
	ErrImpactAssessmentMissing       = reasons[ImpactAssessmentMissing].err
)

// String returns the reason's stable name, e.g. "no_consent", or
// "Reason(N)" for a value out of range. Names are API: audit lines and
// problem reports carry them.
func (r Reason) String() string {
	if int(r) < numReasons {
		return reasons[r].name
	}
	return fmt.Sprintf("Reason(%d)", uint8(r))
}

// Err returns the reason's sentinel error, or nil for ReasonNone.
func (r Reason) Err() error {
	if int(r) < numReasons {
		return reasons[r].err
	}
	return nil
}

// Hint says what would make a request denied for r lawful. The wording is
// not API.
func (r Reason) Hint() string {
	if int(r) < numReasons {
		return reasons[r].hint
	}
	return ""
}

// MarshalText encodes r as its String.
func (r Reason) MarshalText() ([]byte, error) {
	if int(r) >= numReasons {
		return nil, fmt.Errorf("lawful: cannot marshal invalid %v", r)
	}
	return []byte(reasons[r].name), nil
}

// UnmarshalText parses a reason name.
func (r *Reason) UnmarshalText(b []byte) error {
	for i := range numReasons {
		if reasons[i].name == string(b) {
			*r = Reason(i)
			return nil
		}
	}
	return fmt.Errorf("lawful: unknown reason %q", b)
}

// Denial is the error of a denied request. It matches the sentinel of its
// Reason with errors.Is, and unwraps to the underlying cause (a store
// error, context.Canceled) when there is one:
//
//	if d, ok := errors.AsType[*lawful.Denial](err); ok { log(d.Reason) }
//
// Its message never carries the subject's ID, which would reach logs: a
// cause whose message names the subject (a store's error, say) has the ID
// replaced by the subject's pseudonym (Config.Pseudonyms).
// The Decision is embedded: a Denial's Reason, Request and Cause are its
// Decision's.
type Denial struct {
	Decision

	pseudo Pseudonymizer
}

func (d *Denial) Error() string {
	return scrub(d.message(), d.Request.Subject, d.pseudo)
}

// scrub replaces every spelling of id in msg (canonical, upper case, bare
// hex) with the subject's pseudonym, or "subject" without a Pseudonymizer.
func scrub(msg string, id subject.ID, p Pseudonymizer) string {
	if id.IsZero() {
		return msg
	}
	name := "subject"
	if p != nil {
		name = "subject " + p.Pseudonym(id)
	}
	canon := id.String()
	bare := hex.EncodeToString(id[:])
	for _, form := range []string{canon, strings.ToUpper(canon), bare, strings.ToUpper(bare)} {
		msg = strings.ReplaceAll(msg, form, name)
	}
	return msg
}

func (d *Denial) message() string {
	msg := fmt.Sprintf("lawful: %s denied for purpose %q: %s", d.Request.Operation, d.Request.Purpose, d.Reason)
	if s := d.Decision.Detail(); s != "" {
		msg += " (" + s + ")"
	}
	if h := d.Reason.Hint(); h != "" {
		msg += "; " + h
	}
	if d.Cause != nil {
		msg += ": " + d.Cause.Error()
	}
	return msg
}

// Is reports whether target is the sentinel of d's Reason.
func (d *Denial) Is(target error) bool { return target != nil && target == d.Reason.Err() }

// Unwrap returns the cause, if any.
func (d *Denial) Unwrap() error { return d.Cause }
