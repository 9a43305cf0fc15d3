package transfer

import (
	"slices"

	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
)

// gdpr decides r under GDPR chapter V.
func (d *Desk) gdpr(r *Request) Decision {
	dec := Decision{Law: pii.GDPR}
	refuse := func(why Reason, cite, detail string) Decision {
		dec.Reason, dec.Cite, dec.Detail = why, cite, detail
		return dec
	}
	claim := r.Mechanism == purpose.Derogation && (r.Derogation == PublicInterest || r.Derogation == LegalClaims)
	if r.ForeignAuthority && r.Approval == "" && !claim {
		return refuse(ForeignAuthorityApprovalMissing, "GDPR art. 48", "a third country's court or authority's decision is recognised only on an international agreement")
	}
	switch {
	case r.Mechanism == purpose.MechanismUnknown:
		return refuse(MechanismMissing, "GDPR art. 44", "a transfer needs adequacy, appropriate safeguards or a derogation")
	case r.Mechanism.Regime() != pii.GDPR:
		return refuse(WrongRegime, "GDPR art. 44", r.Mechanism.String()+" is a PIPL mechanism")
	}
	dec.Cite = r.Mechanism.Citation()
	switch r.Mechanism {
	case purpose.Adequacy:
		if _, ok := slices.BinarySearch(d.adequate, r.Country); !ok {
			return refuse(NotAdequate, "GDPR art. 45", r.Country+" has no adequacy decision in the Desk's list")
		}
	case purpose.SafeguardClauses, purpose.BindingCorporateRules:
		in, ok := d.instrument(r.Mechanism, r.Recipient, r.At)
		if !ok {
			return refuse(MechanismNotInForce, dec.Cite, "no "+r.Mechanism.String()+" in force for "+quote(r.Recipient))
		}
		dec.Instrument = in
	case purpose.Derogation:
		if !r.Derogation.Valid() {
			return refuse(DerogationGroundMissing, "GDPR art. 49(1)", "")
		}
		dec.Cite = r.Derogation.Citation()
		dec.Obligations |= DocumentAssessment
		switch r.Derogation {
		case ExplicitConsent:
			dec.Obligations |= InformOfRisks
		case CompellingInterests:
			dec.Obligations |= InformAuthority
		}
	}
	if r.ForeignAuthority && r.Approval != "" {
		dec.Cite = "GDPR art. 48 (" + r.Approval + "); " + dec.Cite
	}
	dec.Allowed = true
	return dec
}
