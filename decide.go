package lawful

import (
	"context"
	"errors"

	"github.com/lawfulgo/lawful/assessment"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

// decide applies the regime to a request whose purpose and subject are
// known: the ground, minors' prohibitions, what the person decided beyond
// consent, an exemption's conditions, then the consent the ground or the
// subject's age needs.
func (g *Guard) decide(ctx context.Context, d *Decision, p purpose.Compiled, v *subjectView, reg *Regime) {
	r := &d.Request
	law := reg.Law
	d.Regime = reg.Name
	legal, ok := p.Legal(law)
	if !ok {
		d.failWhy(NoStatutoryBasis, detail{kind: detailLaw, code: uint8(law)})
		return
	}
	b := legal.Basis
	ground := b.Ground(law)
	d.Basis = b
	if ground == purpose.BasisUnknown {
		d.fail(NoStatutoryBasis)
		return
	}
	band, needsGuardian := reg.Ages.Assess(v.s.Birth, r.At)
	traits := p.Traits()
	switch {
	case traits.Has(purpose.AdultsOnly) && band != subject.Adult:
		d.fail(ServiceNotOfferedToMinors)
		return
	case reg.NoAutomatedMarketingToMinors && band != subject.Adult && traits.Has(purpose.AutomatedDecision|purpose.Marketing):
		d.fail(ProhibitedForMinors)
		return
	case !b.Operations().Has(r.Operation),
		reg.StrictDisclose && r.Operation == purpose.Disclose && ground != purpose.Consent && ground != purpose.LegalDuty:
		d.fail(ExemptionNotValidForOperation)
		return
	}
	if !limited(d, p, v, ground, reg) {
		return
	}
	editing := traits.Has(purpose.BiometricEditing)
	if ground != purpose.Consent {
		if !exempt(d, legal) {
			return
		}
		guardianStill := needsGuardian && ground == purpose.Contract && reg.GuardianOnContract
		if !guardianStill && !editing {
			g.allow(ctx, d, p, b, reg, band)
			return
		}
	}
	need := consentNeed{
		sensitive: !r.Categories.Sensitive(law).IsEmpty(),
		guardian:  needsGuardian,
		band:      band,
		editing:   editing,
	}
	g.consented(ctx, d, p, legal, v, reg, need)
}

// exempt checks the conditions of a no-consent basis: a cited law where it
// needs one, the contract relation, and the caller's attestation of what
// only it can know. It reports false with the denial in d.
func exempt(d *Decision, legal purpose.Legal) bool {
	cond := legal.Basis.Conditions()
	need := Attestation(0)
	for _, c := range []struct {
		c purpose.Condition
		a Attestation
	}{{purpose.NeedsEmergency, Emergency}, {purpose.NeedsReasonableScope, ReasonableScope},
		{purpose.NeedsNoRefusal, NotRefused}, {purpose.NeedsBalancingTest, BalancingTest}, {purpose.NeedsPartyToContract, ContractParty}} {
		if cond&c.c != 0 {
			need |= c.a
		}
	}
	attest := d.Request.Attest
	switch {
	case need&ContractParty != 0 && !attest.Has(ContractParty):
		return d.failText(ContractPartyRequired, "the request does not attest that the subject is a party to the contract")
	case cond&purpose.NeedsCitedLaw != 0 && legal.Cites == "":
		return d.failText(ExemptionConditionFailed, "the basis cites no law")
	case !attest.Has(need):
		return d.failWhy(ExemptionConditionFailed, detail{kind: detailAttested, n: uint64(need &^ attest)})
	}
	d.Attested |= need
	return true
}

// limited applies what the person decided beyond consent: a restriction
// of the requested categories (PIPL art. 44; GDPR art. 18) leaves only
// storage; an objection to the purpose (PIPL arts. 24 para 2, 44; GDPR
// art. 21) stops it. Neither stops processing a law requires or vital
// interests need [L: PIPL art. 44 "unless laws provide otherwise"; GDPR
// arts. 18(2), 21(1)]; an objection does not stop a contract's necessary
// processing [L]. When the ledger could not be read, what it might hold
// is unknown: the grounds these could stop are denied (fail closed).
func limited(d *Decision, p purpose.Compiled, v *subjectView, ground purpose.Basis, reg *Regime) bool {
	r := &d.Request
	switch ground {
	case purpose.LegalDuty, purpose.OtherLaw, purpose.Emergency, purpose.VitalInterests:
		return true
	}
	if v.snapErr != nil {
		d.explain("restrictions and objections could not be read")
		return d.failCause(StoreUnavailable, v.snapErr)
	}
	if r.Operation != purpose.Store {
		if cats := v.snap.Restricted(r.Categories, r.At); !cats.IsEmpty() {
			return d.failWhy(ProcessingRestricted, detail{kind: detailRestricted, set: cats})
		}
	}
	if ground == purpose.Contract || ground == purpose.HumanResources || ground == purpose.Succession || !v.snap.Objected(p, r.At) {
		return true
	}
	overridable := (ground == purpose.LegitimateInterests || ground == purpose.PublicTask) &&
		!p.Traits().Has(purpose.Marketing) && reg.Law == pii.GDPR
	if overridable && r.Attest.Has(OverridingGrounds) {
		d.Attested |= OverridingGrounds
		return true
	}
	return d.fail(ObjectionRecorded)
}

// consentNeed is what the request asks of a consent, before the ledger is
// read.
type consentNeed struct {
	sensitive, guardian, editing bool
	band                         subject.Band
}

// consented decides from the subject's consent at the request's instant.
func (g *Guard) consented(ctx context.Context, d *Decision, p purpose.Compiled, legal purpose.Legal, v *subjectView, reg *Regime, n consentNeed) {
	r := &d.Request
	if v.snapErr != nil {
		if ctx.Err() != nil {
			d.failCause(ContextDone, v.snapErr)
			return
		}
		d.failCause(StoreUnavailable, v.snapErr)
		return
	}
	explicit := reg.Law == pii.GDPR && reg.ExplicitForSpecial && n.sensitive && legal.Special == purpose.ExplicitConsent
	needSeparate := n.editing || reg.SeparateFor.Has(r.Operation) ||
		reg.SensitiveNeedsSeparate && (n.sensitive || n.band == subject.Child && reg.ChildDataSensitive)
	// Known before asking the ledger, so that among several consents in
	// force it finds one that meets the need.
	need := consent.Need{Form: consent.Click, Guardian: n.guardian}
	if needSeparate || explicit {
		need.Form = consent.Separate
	}
	if n.guardian && reg.GuardianForm > need.Form {
		need.Form = reg.GuardianForm
	}
	recipient, named := "", false
	if r.Operation == purpose.Share || r.Operation == purpose.Transfer || r.Operation == purpose.Export {
		recipient, named = r.Recipient, reg.NamedRecipientFor.Has(r.Operation)
		need.Covering = !named
	}
	a := v.snap.LookupFor(p, recipient, r.At, need)
	d.Consent = a.Event
	if a.Status == consent.NotGiven && named {
		// PIPL arts. 23, 39: consent to provide PI names its recipient.
		d.failWhy(SeparateConsentRequired, detail{kind: detailNamedRecipient})
		return
	}
	if reason := statusReason(a.Status, n.guardian, reg); reason != ReasonNone {
		if a.Status == consent.StatusUnknown {
			d.explain("the ledger does not know the purpose")
		}
		d.fail(reason)
		return
	}
	if reason := formReason(a, explicit, needSeparate, n.guardian, reg); reason != ReasonNone {
		d.fail(reason)
		return
	}
	g.allow(ctx, d, p, legal.Basis, reg, n.band)
}

// formReason checks the consent in force against the form and giver the
// request needs, ReasonNone when it meets them.
func formReason(a consent.Answer, explicit, separate, guardian bool, reg *Regime) Reason {
	switch {
	case explicit && !a.Form.Satisfies(consent.Separate):
		return ExplicitConsentRequired
	case separate && !a.Form.Satisfies(consent.Separate):
		return SeparateConsentRequired
	case !guardian:
		return ReasonNone
	case !a.Guardian && reg.ParentalConsent:
		return ParentalConsentRequired
	case !a.Guardian:
		return GuardianConsentRequired
	case !a.Form.Satisfies(reg.GuardianForm) && reg.GuardianForm == consent.Written:
		return WrittenConsentRequired
	case !a.Form.Satisfies(reg.GuardianForm):
		return SeparateConsentRequired
	}
	return ReasonNone
}

// statusReason maps the ledger's answer to a denial, ReasonNone for a
// consent in force. For someone who needs a guardian, no consent is
// reported as the guardian's (PIPL art. 31; GDPR art. 8).
func statusReason(s consent.Status, guardian bool, reg *Regime) Reason {
	switch s {
	case consent.Given:
		return ReasonNone
	case consent.NotGiven:
		switch {
		case guardian && reg.ParentalConsent:
			return ParentalConsentRequired
		case guardian:
			return GuardianConsentRequired
		}
		return NoConsent
	case consent.NotYetInForce:
		return ConsentNotYetInForce
	case consent.Withdrawn:
		return ConsentWithdrawn
	case consent.Expired:
		return ConsentExpired
	case consent.Stale:
		return ConsentStale
	}
	return StoreUnavailable
}

// allow is the last stage: the impact assessments the Guard requires
// (Config.RequireAssessments; PIPL art. 55), then the grant with its
// obligations. A required kind the request needs and no current
// assessment covers denies (ImpactAssessmentMissing); a Checker's error
// denies as the store failure or done context it is (fail closed). When
// every kind the request needs was checked, the ImpactAssessment duty is
// discharged.
func (g *Guard) allow(ctx context.Context, d *Decision, p purpose.Compiled, b purpose.Basis, reg *Regime, band subject.Band) {
	r := &d.Request
	// Sensitive under the regime: its special categories, or all a
	// child's PI where the regime says so (PIPL art. 28).
	sensitive := !r.Categories.Sensitive(reg.Law).IsEmpty() || band == subject.Child && reg.ChildDataSensitive
	o := g.obligations(*r, p, b, reg, band, sensitive)
	if g.needs == 0 {
		d.grant(o)
		return
	}
	kinds := assessment.Required(r.Operation, p.Traits(), sensitive, band != subject.Adult)
	check := kinds & g.needs
	if check != 0 {
		ok, err := g.assess.Covers(ctx, r.Purpose, check, r.At)
		switch {
		case err != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)):
			d.failCause(ContextDone, err)
			return
		case err != nil:
			d.failCause(StoreUnavailable, err)
			return
		case !ok:
			d.failWhy(ImpactAssessmentMissing, detail{kind: detailAssessment, n: uint64(check)})
			return
		}
	}
	if kinds&^g.needs == 0 {
		o &^= ImpactAssessment
	}
	d.grant(o)
}

// obligations lists the duties an allowed request leaves with the caller.
// sensitive is whether the request touches sensitive PI under reg.
func (g *Guard) obligations(r Request, p purpose.Compiled, b purpose.Basis, reg *Regime, band subject.Band, sensitive bool) Obligations {
	o := b.Obligations()
	switch r.Operation {
	case purpose.Share, purpose.Transfer, purpose.Export, purpose.Entrust:
		o |= RecordDisclosure // GDPR art. 19; NDSMR art. 12
	}
	switch r.Operation {
	case purpose.Entrust:
		o |= EntrustmentContract // PIPL art. 21
	case purpose.Export:
		o |= CrossBorderNotice // PIPL art. 39
	}
	if reg.Law != pii.PIPL {
		return o
	}
	traits := p.Traits()
	push := traits.Has(purpose.Personalised) || traits.Has(purpose.AutomatedDecision|purpose.Marketing)
	automated := push || traits.Has(purpose.AutomatedDecision)
	// PIPL art. 55: sensitive PI, automated decisions, entrusting,
	// providing, disclosing and exporting need a prior impact assessment.
	if sensitive || r.Operation.Provides() || r.Operation == purpose.Disclose || automated {
		o |= ImpactAssessment
	}
	if sensitive {
		o |= ExplainSensitiveNecessity // PIPL art. 30
	}
	switch {
	case push:
		o |= OfferNonPersonalised // PIPL art. 24 para 2: push and marketing
	case automated:
		o |= ExplainAutomatedDecision // PIPL art. 24 para 3: other decisions
	}
	if band == subject.Child {
		o |= ChildrensRules // PIPL art. 31 para 2; CPIP art. 8
	}
	return o
}
