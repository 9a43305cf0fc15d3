package transfer

import (
	"errors"
	"fmt"

	"github.com/lawfulgo/lawful/pii"
)

// Reason is why an export was refused. Each Reason has a stable name, a
// sentinel error for errors.Is, and a hint saying what would make the
// export lawful. The zero value, ReasonNone, is no refusal.
type Reason uint8

const (
	// ReasonNone: the export is allowed.
	ReasonNone Reason = iota
	// InvalidRequest: the request is malformed (no subject, no categories,
	// a regime this package does not decide for, a bad country code).
	InvalidRequest
	// StoreUnavailable: the export records could not be read or written
	// (fail closed: an export that cannot be counted is not made).
	StoreUnavailable
	// WrongRegime: the mechanism belongs to the other regime: a PIPL
	// export cannot rest on a GDPR mechanism, nor the reverse.
	WrongRegime
	// MechanismMissing: the export needs a mechanism and names none (PIPL
	// art. 38; GDPR art. 44).
	MechanismMissing
	// MechanismNotInForce: no instrument of the mechanism (an approval, a
	// filed contract, a certificate, clauses) is in force for the
	// recipient at the export's time.
	MechanismNotInForce
	// SecurityAssessmentRequired: the operator or this year's volumes need
	// a CAC security assessment, and the export rests on less
	// (Cross-border Data Flow Provisions art. 7; PIPL art. 40).
	SecurityAssessmentRequired
	// NotAdequate: the country has no adequacy decision (GDPR art. 45).
	NotAdequate
	// DerogationGroundMissing: a derogation names no art. 49(1) ground.
	DerogationGroundMissing
	// ForeignAuthorityApprovalMissing: PI stored in China is provided to a
	// foreign judicial or law-enforcement body without the competent
	// authority's approval (PIPL art. 41); or a third country's court or
	// authority's demand rests on no international agreement or art. 49
	// ground (GDPR art. 48).
	ForeignAuthorityApprovalMissing

	numReasons = iota
)

var reasonInfo = [numReasons]struct{ name, hint string }{
	{"none", ""},
	{"invalid_request", "name the regime (PIPL or GDPR), the subject, the categories, the recipient and its ISO 3166-1 alpha-2 country"},
	{"store_unavailable", "the export records failed; retry when the store answers (fail closed)"},
	{"wrong_regime", "rest a PIPL export on a PIPL art. 38 mechanism or an NDSMR art. 35 condition, and a GDPR transfer on a chapter V mechanism"},
	{"mechanism_missing", "declare the recipient's mechanism (PIPL art. 38; GDPR arts. 45-49)"},
	{"mechanism_not_in_force", "record the instrument (approval, filed standard contract, certificate, clauses) in force for the recipient at the export's time"},
	{"security_assessment_required", "apply for a CAC security assessment through the provincial cyberspace administration (Cross-border Data Flow Provisions art. 7)"},
	{"not_adequate", "rely on appropriate safeguards (GDPR art. 46) or a derogation (art. 49): the country has no adequacy decision"},
	{"derogation_ground_missing", "name the GDPR art. 49(1) ground of the derogation"},
	{"foreign_authority_approval_missing", "obtain the competent Chinese authority's approval (PIPL art. 41), or under the GDPR an international agreement such as a mutual legal assistance treaty (art. 48)"},
}

// String returns the reason's stable name, e.g. "mechanism_missing".
func (r Reason) String() string {
	if r < numReasons {
		return reasonInfo[r].name
	}
	return fmt.Sprintf("Reason(%d)", uint8(r))
}

// Hint says what would make the export lawful.
func (r Reason) Hint() string {
	if r < numReasons {
		return reasonInfo[r].hint
	}
	return ""
}

type sentinel struct{ r Reason }

func (s *sentinel) Error() string { return "transfer: " + s.r.String() }

var sentinels = func() [numReasons]error {
	var t [numReasons]error
	for i := 1; i < numReasons; i++ {
		t[i] = &sentinel{Reason(i)}
	}
	return t
}()

// Sentinel errors, one per Reason: errors.Is(err, transfer.ErrMechanismMissing).
var (
	ErrInvalidRequest                  = sentinels[InvalidRequest]
	ErrStoreUnavailable                = sentinels[StoreUnavailable]
	ErrWrongRegime                     = sentinels[WrongRegime]
	ErrMechanismMissing                = sentinels[MechanismMissing]
	ErrMechanismNotInForce             = sentinels[MechanismNotInForce]
	ErrSecurityAssessmentRequired      = sentinels[SecurityAssessmentRequired]
	ErrNotAdequate                     = sentinels[NotAdequate]
	ErrDerogationGroundMissing         = sentinels[DerogationGroundMissing]
	ErrForeignAuthorityApprovalMissing = sentinels[ForeignAuthorityApprovalMissing]
	// ErrNotConfigured: a Desk's Config is incomplete or out of range.
	ErrNotConfigured = errors.New("transfer: not configured")
)

// Err returns r's sentinel, or nil for ReasonNone and unknown values.
func (r Reason) Err() error {
	if r > 0 && r < numReasons {
		return sentinels[r]
	}
	return nil
}

// Decision is a Desk's answer to a Request: a small value. The zero
// Decision is a refusal (Allowed is false).
type Decision struct {
	// Allowed reports an export the regime permits.
	Allowed bool
	// Reason is why it was refused; ReasonNone when allowed.
	Reason Reason
	// Law is the regime decided under.
	Law pii.Law
	// Cite is the provision the decision rests on: the mechanism, the
	// exemption or the rule refused under.
	Cite string
	// Required is what PIPL mechanism this year's volumes require; zero
	// under the GDPR and for exports the volumes do not concern.
	Required Level
	// Volume is this year's counted PIPL exports, this one included.
	Volume Volume
	// Instrument is the instrument relied on, if any.
	Instrument Instrument
	// Obligations are duties the caller must meet when allowed.
	Obligations Obligation
	// Detail says what specifically was wrong, for people.
	Detail string
	// Cause is the underlying error of StoreUnavailable.
	Cause error
}

// Err returns nil for an allowed decision, or a *Denial.
func (d Decision) Err() error {
	if d.Allowed {
		return nil
	}
	if d.Reason == ReasonNone {
		d.Reason = InvalidRequest
	}
	return &Denial{Decision: d}
}

// Denial is the error of a refused export. It matches its Reason's
// sentinel with errors.Is and unwraps to Cause.
type Denial struct {
	Decision
}

func (d *Denial) Error() string {
	msg := fmt.Sprintf("transfer: %v export refused: %s", d.Law, d.Reason)
	if d.Detail != "" {
		msg += ": " + d.Detail
	}
	if d.Cite != "" {
		msg += " (" + d.Cite + ")"
	}
	if h := d.Reason.Hint(); h != "" {
		msg += "; " + h
	}
	return msg
}

// Is reports whether target is the sentinel of d's Reason.
func (d *Denial) Is(target error) bool { return target != nil && target == d.Reason.Err() }

// Unwrap returns the cause.
func (d *Denial) Unwrap() error { return d.Cause }
