package transfer

import (
	"context"
	"time"

	"github.com/lawfulgo/lawful/clock"
	"github.com/lawfulgo/lawful/internal/ctxerr"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

// Request is one proposed export of a subject's PI.
type Request struct {
	// Law is the regime of the subject's data: PIPL or GDPR.
	Law pii.Law
	// Subject whose PI is exported.
	Subject subject.ID
	// Purpose and Recipient as the policy declares them.
	Purpose   purpose.ID
	Recipient string
	// Country is the recipient's ISO 3166-1 alpha-2 code.
	Country string
	// Categories exported; not empty.
	Categories pii.Set
	// Mechanism the export rests on: the recipient's, as the policy
	// declares it; MechanismUnknown for none.
	Mechanism purpose.Mechanism
	// Derogation is the GDPR art. 49(1) ground of a Derogation mechanism.
	Derogation Derogation
	// AllSensitive marks a child under 14, all of whose PI is sensitive
	// under the PIPL (art. 28).
	AllSensitive bool
	// ForeignAuthority marks a foreign judicial or law-enforcement body as
	// the recipient (PIPL art. 41; GDPR art. 48).
	ForeignAuthority bool
	// Approval is the competent authority's approval of a provision to a
	// foreign judicial or law-enforcement body (PIPL art. 41), or the
	// international agreement a third country's demand rests on (GDPR art.
	// 48).
	Approval string
	// At is when the export happens; zero means the Desk's clock.
	At time.Time
}

// Checker decides exports: what the Guard consults for an Export
// operation. Desk implements it. Implementations must be safe for
// concurrent use and never allow on an error (fail closed).
type Checker interface {
	Check(ctx context.Context, r Request) Decision
}

// Check decides r under its regime without recording it.
//
// Under the PIPL: a foreign judicial or law-enforcement recipient needs
// the competent authority's approval (art. 41); a GDPR mechanism is
// refused; the NDSMR art. 35(4)–(7) conditions (contract, HR, statutory
// duty, emergency) suffice on their own (Cross-border Data Flow
// Provisions art. 5(1)–(3)); otherwise the counted exports of At's
// calendar year, this one included, set the Level required (a check of a
// past instant counts the whole year recorded so far: never fewer) (Provisions arts. 5(4), 7, 8: a CII
// operator always needs a security assessment), and the mechanism must
// meet it with an Instrument in force for the recipient.
//
// Under the GDPR: a third country's court or authority needs an
// international agreement or an art. 49(1)(d) or (e) derogation (art.
// 48); a PIPL mechanism is refused; adequacy needs the country listed
// (art. 45), clauses and binding corporate rules an Instrument in force
// (arts. 46, 47), a derogation its ground (art. 49).
//
// Check never panics; a store error is a StoreUnavailable refusal.
func (d *Desk) Check(ctx context.Context, r Request) Decision {
	if err := ctxerr.Err(ctx); err != nil {
		return Decision{Reason: StoreUnavailable, Law: r.Law, Cause: err, Detail: "context done"}
	}
	if r.At.IsZero() {
		r.At = d.cfg.Clock.Now()
	}
	if msg := invalid(&r); msg != "" {
		return Decision{Reason: InvalidRequest, Law: r.Law, Detail: msg}
	}
	if r.Law == pii.PIPL {
		return d.pipl(ctx, &r)
	}
	return d.gdpr(&r)
}

func invalid(r *Request) string {
	switch {
	case !lawValid(r.Law):
		return "Law must be PIPL or GDPR"
	case r.Subject == subject.ID{}:
		return "no subject"
	case r.Categories.IsEmpty():
		return "no categories"
	case !validCountry(r.Country):
		return "Country " + quote(r.Country) + " is not an ISO 3166-1 alpha-2 code"
	case len(r.Recipient) > MaxText || len(r.Approval) > MaxText:
		return "recipient or approval longer than MaxText"
	case r.Mechanism != purpose.MechanismUnknown && !r.Mechanism.Valid():
		return "unknown mechanism"
	case r.Derogation != DerogationUnknown && !r.Derogation.Valid():
		return "unknown derogation"
	case !clock.InRange(r.At):
		return "At is outside the range of package clock"
	}
	return ""
}

func quote(s string) string {
	if len(s) > 16 {
		s = s[:16] + "..."
	}
	return "\"" + s + "\""
}

// split reports whether r exports non-sensitive and sensitive PI under the
// PIPL.
func split(r Request) (general, sensitive bool) {
	if r.AllSensitive {
		return false, true
	}
	s := r.Categories.Sensitive(pii.PIPL)
	return !r.Categories.Minus(s).IsEmpty(), !s.IsEmpty()
}

// exemption reports whether m is a condition of NDSMR art. 35(4)–(7),
// which needs no instrument and, but for the statutory duty, is left out
// of the Provisions' counts (art. 5(1)–(3)).
func exemption(m purpose.Mechanism) bool {
	switch m {
	case purpose.ContractNecessity, purpose.CrossBorderHR, purpose.StatutoryDuty, purpose.EmergencyProtection:
		return true
	}
	return false
}

var exemptionCites = map[purpose.Mechanism]string{
	purpose.ContractNecessity:   "NDSMR art. 35(4); Cross-border Data Flow Provisions art. 5(1)",
	purpose.CrossBorderHR:       "NDSMR art. 35(5); Cross-border Data Flow Provisions art. 5(2)",
	purpose.StatutoryDuty:       "NDSMR art. 35(6)",
	purpose.EmergencyProtection: "NDSMR art. 35(7); Cross-border Data Flow Provisions art. 5(3)",
}

const piplDuties = Notice | SeparateConsent | ImpactAssessment

func (d *Desk) pipl(ctx context.Context, r *Request) Decision {
	dec := Decision{Law: pii.PIPL}
	refuse := func(why Reason, cite, detail string) Decision {
		dec.Reason, dec.Cite, dec.Detail = why, cite, detail
		return dec
	}
	if r.ForeignAuthority {
		if r.Approval == "" {
			return refuse(ForeignAuthorityApprovalMissing, "PIPL art. 41", "PI stored in China provided to a foreign judicial or law-enforcement body")
		}
		dec.Allowed, dec.Cite, dec.Obligations = true, "PIPL art. 41 (approval "+r.Approval+")", Notice
		return dec
	}
	if r.Mechanism.Valid() && r.Mechanism.Regime() != pii.PIPL {
		return refuse(WrongRegime, "PIPL art. 38", r.Mechanism.String()+" is a GDPR mechanism")
	}
	if exemption(r.Mechanism) {
		dec.Allowed, dec.Cite, dec.Obligations = true, exemptionCites[r.Mechanism], piplDuties
		return dec
	}
	v, err := d.cfg.Store.Count(ctx, r.At.In(d.cfg.Zone).Year(), r.Subject)
	if err != nil {
		return Decision{Reason: StoreUnavailable, Law: pii.PIPL, Cause: err, Detail: "counting this year's exports"}
	}
	general, sensitive := split(*r)
	if general && !v.SubjectGeneral {
		v.General++
	}
	if sensitive && !v.SubjectSensitive {
		v.Sensitive++
	}
	v.SubjectGeneral, v.SubjectSensitive = v.SubjectGeneral || general, v.SubjectSensitive || sensitive
	dec.Volume, dec.Required = v, d.level(v)
	dec.Cite = levelCites[dec.Required]
	if d.cfg.CIIOperator {
		dec.Cite = "Cross-border Data Flow Provisions art. 7(1); PIPL art. 40"
	}
	return d.meet(dec, r)
}

var levelCites = [...]string{"", "Cross-border Data Flow Provisions art. 5(4)", "Cross-border Data Flow Provisions art. 8; PIPL art. 38(1)", "Cross-border Data Flow Provisions art. 7(2); PIPL art. 38(1)(1)"}

// level returns what the volumes v require.
func (d *Desk) level(v Volume) Level {
	t := d.cfg.Thresholds
	switch {
	case d.cfg.CIIOperator, v.General >= t.Assessment, v.Sensitive >= t.SensitiveAssessment:
		return AssessmentRequired
	case v.General >= t.Exempt, v.Sensitive > 0:
		return ContractOrCertification
	}
	return NoMechanism
}

// meet checks r's mechanism against dec.Required.
func (d *Desk) meet(dec Decision, r *Request) Decision {
	refuse := func(why Reason, detail string) Decision {
		dec.Reason, dec.Detail = why, detail
		return dec
	}
	switch {
	case dec.Required == NoMechanism:
		dec.Allowed, dec.Obligations = true, piplDuties
		return dec
	case r.Mechanism == purpose.MechanismUnknown:
		return refuse(MechanismMissing, "this year's exports need "+dec.Required.String())
	case dec.Required == AssessmentRequired && r.Mechanism != purpose.SecurityAssessment:
		return refuse(SecurityAssessmentRequired, r.Mechanism.String()+" is not enough for this year's volumes or a CII operator")
	}
	in, ok := d.instrument(r.Mechanism, r.Recipient, r.At)
	if !ok {
		return refuse(MechanismNotInForce, "no "+r.Mechanism.String()+" in force for "+quote(r.Recipient))
	}
	dec.Allowed, dec.Instrument, dec.Obligations = true, in, piplDuties
	dec.Cite = r.Mechanism.Citation() + "; " + dec.Cite
	return dec
}

// instrument returns an instrument of m in force for recipient at at.
func (d *Desk) instrument(m purpose.Mechanism, recipient string, at time.Time) (Instrument, bool) {
	for _, in := range d.cfg.Instruments {
		if in.Mechanism == m && (in.Recipient == "" || in.Recipient == recipient) &&
			!at.Before(in.From) && (in.Until.IsZero() || at.Before(in.Until)) {
			return in, true
		}
	}
	return Instrument{}, false
}
