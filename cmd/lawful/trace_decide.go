package main

import (
	"fmt"
	"strings"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

// basisView is what the basis stage learned, for the stages after it.
type basisView struct {
	legal    purpose.Legal
	ground   purpose.Basis
	band     subject.Band
	guardian bool // the subject needs a guardian's consent
}

// decide runs the stages that apply the regime: the basis, what the
// person decided beyond consent, an exemption's conditions, consent.
func (t *tracer) decide() bool {
	v, ok := t.basis()
	if !ok || !t.limits(v) {
		return false
	}
	editing := t.p.Traits().Has(purpose.BiometricEditing)
	if v.ground == purpose.Consent {
		t.skip(stageExemption, "the basis is consent")
		return t.consent(v, editing)
	}
	facts, reason := exemptFacts(&t.r, v.legal)
	if reason != lawful.ReasonNone {
		return t.deny(stageExemption, reason, facts...)
	}
	guardianStill := v.guardian && v.ground == purpose.Contract && t.regime.GuardianOnContract
	if !guardianStill && !editing {
		return t.allow(stageExemption, append(facts, "the no-consent basis's conditions hold")...)
	}
	if guardianStill {
		facts = append(facts, fmt.Sprintf("the subject needs a guardian, whose consent %s keeps on the contract ground", t.regime.Name))
	}
	if editing {
		facts = append(facts, "the purpose edits a face or voice: the edited person's separate consent is needed whatever the basis (Deep Synthesis Provisions art. 14)")
	}
	t.pass(stageExemption, facts...)
	return t.consent(v, editing)
}

func (t *tracer) basis() (basisView, bool) {
	r, reg := &t.r, t.regime
	law := reg.Law
	legal, ok := t.p.Legal(law)
	if !ok {
		return basisView{}, t.deny(stageBasis, lawful.NoStatutoryBasis, fmt.Sprintf("the policy does not serve %v", law))
	}
	v := basisView{legal: legal, ground: legal.Basis.Ground(law)}
	b := legal.Basis
	facts := []string{basisFact(legal, v.ground, law)}
	if v.ground == purpose.BasisUnknown {
		return v, t.deny(stageBasis, lawful.NoStatutoryBasis, append(facts, fmt.Sprintf("%v is no ground under %v", b, law))...)
	}
	v.band, v.guardian = reg.Ages.Assess(t.s.Birth, r.At)
	facts = append(facts, ageFact(t.s.Birth, v, reg))
	traits := t.p.Traits()
	switch {
	case traits.Has(purpose.AdultsOnly) && v.band != subject.Adult:
		return v, t.deny(stageBasis, lawful.ServiceNotOfferedToMinors, append(facts, "the purpose serves adults only, whatever a guardian consents to")...)
	case reg.NoAutomatedMarketingToMinors && v.band != subject.Adult && traits.Has(purpose.AutomatedDecision|purpose.Marketing):
		return v, t.deny(stageBasis, lawful.ProhibitedForMinors, append(facts, "automated-decision marketing to a minor (MOR art. 24 para 3)")...)
	case !b.Operations().Has(r.Operation):
		return v, t.deny(stageBasis, lawful.ExemptionNotValidForOperation, append(facts, fmt.Sprintf("%v justifies %v only", b, b.Operations()))...)
	case reg.StrictDisclose && r.Operation == purpose.Disclose && v.ground != purpose.Consent && v.ground != purpose.LegalDuty:
		return v, t.deny(stageBasis, lawful.ExemptionNotValidForOperation, append(facts, "disclosure rests only on separate consent or a cited legal duty (PIPL art. 25)")...)
	}
	return v, t.pass(stageBasis, facts...)
}

func basisFact(legal purpose.Legal, ground purpose.Basis, law pii.Law) string {
	s := fmt.Sprintf("basis under %v: %v", law, legal.Basis)
	if c := legal.Basis.Citation(law); c != "" {
		s += " (" + c + ")"
	}
	if ground != legal.Basis && ground != purpose.BasisUnknown {
		s += fmt.Sprintf(", the ground %v", ground)
	}
	if legal.Cites != "" {
		s += ", citing " + legal.Cites
	}
	if legal.Special.Valid() {
		s += ", " + legal.Special.Citation()
	}
	return s
}

func ageFact(birth subject.Date, v basisView, reg *lawful.Regime) string {
	age := "birth date unknown: counted as a child (fail closed)"
	if !birth.IsZero() {
		age = fmt.Sprintf("age band %v", v.band)
	}
	if v.guardian {
		return fmt.Sprintf("%s; needs a guardian's consent (under %d)", age, reg.Ages.GuardianAge)
	}
	return age + "; acts for themself"
}

// limits applies what the person decided beyond consent, as the Guard
// does: a restriction of the categories (PIPL art. 44; GDPR art. 18), an
// objection to the purpose (PIPL arts. 24 para 2, 44; GDPR art. 21).
func (t *tracer) limits(v basisView) bool {
	r := &t.r
	switch v.ground {
	case purpose.LegalDuty, purpose.OtherLaw, purpose.Emergency, purpose.VitalInterests:
		return t.skip(stageLimits, fmt.Sprintf("restrictions and objections do not stop processing on the %v ground", v.ground))
	}
	if t.snapErr != nil {
		return t.deny(stageLimits, lawful.StoreUnavailable, "restrictions and objections could not be read: "+t.snapErr.Error())
	}
	var facts []string
	if r.Operation != purpose.Store {
		if cats := t.snap.Restricted(r.Categories, r.At); !cats.IsEmpty() {
			return t.deny(stageLimits, lawful.ProcessingRestricted, fmt.Sprintf("the person restricted %v: only storage is allowed", cats))
		}
		facts = append(facts, "no restriction of these categories")
	} else {
		facts = append(facts, "storing: a restriction leaves storage allowed")
	}
	switch {
	case v.ground == purpose.Contract || v.ground == purpose.HumanResources || v.ground == purpose.Succession:
		return t.pass(stageLimits, append(facts, fmt.Sprintf("an objection does not stop processing the %v ground needs", v.ground))...)
	case !t.snap.Objected(t.p, r.At):
		return t.pass(stageLimits, append(facts, "no objection to the purpose")...)
	}
	overridable := (v.ground == purpose.LegitimateInterests || v.ground == purpose.PublicTask) &&
		!t.p.Traits().Has(purpose.Marketing) && t.regime.Law == pii.GDPR
	facts = append(facts, "the person objected to the purpose")
	switch {
	case overridable && r.Attest.Has(lawful.OverridingGrounds):
		return t.pass(stageLimits, append(facts, "compelling grounds overriding the objection are attested (GDPR art. 21(1))")...)
	case r.Attest.Has(lawful.OverridingGrounds):
		facts = append(facts, fmt.Sprintf("overriding grounds are attested, but cannot override an objection on the %v ground under %v%s", v.ground, t.regime.Law, marketingNote(t.p)))
	}
	return t.deny(stageLimits, lawful.ObjectionRecorded, facts...)
}

func marketingNote(p purpose.Compiled) string {
	if p.Traits().Has(purpose.Marketing) {
		return " for direct marketing (GDPR art. 21(3))"
	}
	return ""
}

// exemptFacts checks a no-consent basis's conditions as the Guard does.
func exemptFacts(r *lawful.Request, legal purpose.Legal) ([]string, lawful.Reason) {
	cond := legal.Basis.Conditions()
	var need lawful.Attestation
	for _, c := range []struct {
		c purpose.Condition
		a lawful.Attestation
	}{{purpose.NeedsEmergency, lawful.Emergency}, {purpose.NeedsReasonableScope, lawful.ReasonableScope},
		{purpose.NeedsNoRefusal, lawful.NotRefused}, {purpose.NeedsBalancingTest, lawful.BalancingTest}, {purpose.NeedsPartyToContract, lawful.ContractParty}} {
		if cond&c.c != 0 {
			need |= c.a
		}
	}
	var facts []string
	if need != 0 {
		facts = append(facts, fmt.Sprintf("the basis needs the caller to attest: %v", need))
	}
	switch {
	case need&lawful.ContractParty != 0 && !r.Attest.Has(lawful.ContractParty):
		return append(facts, "not attested: contract_party"), lawful.ContractPartyRequired
	case cond&purpose.NeedsCitedLaw != 0 && legal.Cites == "":
		return append(facts, "the basis cites no law"), lawful.ExemptionConditionFailed
	case !r.Attest.Has(need):
		return append(facts, "not attested: "+(need&^r.Attest).String()), lawful.ExemptionConditionFailed
	}
	if cond&purpose.NeedsCitedLaw != 0 {
		facts = append(facts, "the basis cites "+legal.Cites)
	}
	if need != 0 {
		facts = append(facts, "attested: "+need.String())
	}
	return facts, lawful.ReasonNone
}

// consent decides from the consent in force at the request's instant, as
// the Guard does.
func (t *tracer) consent(v basisView, editing bool) bool {
	r, reg := &t.r, t.regime
	if t.snapErr != nil {
		if t.ctx.Err() != nil {
			return t.deny(stageConsent, lawful.ContextDone, t.snapErr.Error())
		}
		return t.deny(stageConsent, lawful.StoreUnavailable, "the consent ledger could not be read: "+t.snapErr.Error())
	}
	sensitive := !r.Categories.Sensitive(reg.Law).IsEmpty()
	explicit := reg.Law == pii.GDPR && reg.ExplicitForSpecial && sensitive && v.legal.Special == purpose.ExplicitConsent
	separate := editing || reg.SeparateFor.Has(r.Operation) ||
		reg.SensitiveNeedsSeparate && (sensitive || v.band == subject.Child && reg.ChildDataSensitive)
	need := consent.Need{Form: consent.Click, Guardian: v.guardian}
	if separate || explicit {
		need.Form = consent.Separate
	}
	if v.guardian && reg.GuardianForm > need.Form {
		need.Form = reg.GuardianForm
	}
	recipient, named := "", false
	if r.Operation == purpose.Share || r.Operation == purpose.Transfer || r.Operation == purpose.Export {
		recipient, named = r.Recipient, reg.NamedRecipientFor.Has(r.Operation)
		need.Covering = !named
	}
	facts := t.needFacts(need, sensitive, explicit, separate, editing, recipient, named)
	a := t.snap.LookupFor(t.p, recipient, r.At, need)
	facts = append(facts, t.answerFact(a))
	if a.Status == consent.NotGiven && named {
		return t.deny(stageConsent, lawful.SeparateConsentRequired, append(facts, fmt.Sprintf("no consent names the recipient %q (PIPL arts. 23, 39)", recipient))...)
	}
	if reason := statusReason(a.Status, v.guardian, reg); reason != lawful.ReasonNone {
		return t.deny(stageConsent, reason, facts...)
	}
	if reason := formReason(a, explicit, separate, v.guardian, reg); reason != lawful.ReasonNone {
		return t.deny(stageConsent, reason, facts...)
	}
	return t.allow(stageConsent, facts...)
}

// needFacts says what consent the request needs, and why.
func (t *tracer) needFacts(need consent.Need, sensitive, explicit, separate, editing bool, recipient string, named bool) []string {
	var why []string
	switch {
	case explicit:
		why = append(why, "special-category data needs explicit consent (GDPR art. 9(2)(a))")
	case sensitive && t.regime.SensitiveNeedsSeparate:
		why = append(why, "sensitive categories (PIPL art. 29)")
	}
	if editing {
		why = append(why, "biometric editing (DSP art. 14)")
	}
	if t.regime.SeparateFor.Has(t.r.Operation) {
		why = append(why, fmt.Sprintf("operation %v (PIPL arts. 23, 25, 39)", t.r.Operation))
	}
	if separate && len(why) == 0 {
		why = append(why, "a child's data is sensitive (PIPL art. 28)")
	}
	s := fmt.Sprintf("needs a consent in force, at least %v", need.Form)
	switch {
	case recipient != "" && named:
		s += fmt.Sprintf(", naming the recipient %q", recipient)
	case recipient != "":
		s += fmt.Sprintf(", to the purpose or naming the recipient %q", recipient)
	}
	facts := []string{s}
	if len(why) > 0 {
		facts = append(facts, "because of: "+strings.Join(why, "; "))
	}
	if need.Guardian {
		facts = append(facts, fmt.Sprintf("given by a guardian: the subject is under the regime's guardian age, %d (%s)", t.regime.Ages.GuardianAge, guardianCite(t.regime)))
	}
	return facts
}

func guardianCite(reg *lawful.Regime) string {
	if reg.ParentalConsent {
		return "GDPR art. 8"
	}
	return "PIPL art. 31"
}

func (t *tracer) answerFact(a consent.Answer) string {
	if a.Event == ([16]byte{}) {
		return "the ledger answers " + a.Status.String()
	}
	by := "the subject"
	if a.Guardian {
		by = "a guardian (" + a.Relation.String() + ")"
	}
	s := fmt.Sprintf("the ledger answers %v: %s, %v consent by %s under version %d, from %s", a.Status, t.b.eventName(a.Event), a.Form, by, a.Version, t.stamp(a.From))
	if !a.Until.IsZero() {
		s += " until " + t.stamp(a.Until)
	}
	return s
}

// statusReason and formReason map the ledger's answer to a denial as the
// Guard does.
func statusReason(s consent.Status, guardian bool, reg *lawful.Regime) lawful.Reason {
	switch s {
	case consent.Given:
		return lawful.ReasonNone
	case consent.NotGiven:
		switch {
		case guardian && reg.ParentalConsent:
			return lawful.ParentalConsentRequired
		case guardian:
			return lawful.GuardianConsentRequired
		}
		return lawful.NoConsent
	case consent.NotYetInForce:
		return lawful.ConsentNotYetInForce
	case consent.Withdrawn:
		return lawful.ConsentWithdrawn
	case consent.Expired:
		return lawful.ConsentExpired
	case consent.Stale:
		return lawful.ConsentStale
	}
	return lawful.StoreUnavailable
}

func formReason(a consent.Answer, explicit, separate, guardian bool, reg *lawful.Regime) lawful.Reason {
	switch {
	case explicit && !a.Form.Satisfies(consent.Separate):
		return lawful.ExplicitConsentRequired
	case separate && !a.Form.Satisfies(consent.Separate):
		return lawful.SeparateConsentRequired
	case !guardian:
		return lawful.ReasonNone
	case !a.Guardian && reg.ParentalConsent:
		return lawful.ParentalConsentRequired
	case !a.Guardian:
		return lawful.GuardianConsentRequired
	case !a.Form.Satisfies(reg.GuardianForm) && reg.GuardianForm == consent.Written:
		return lawful.WrittenConsentRequired
	case !a.Form.Satisfies(reg.GuardianForm):
		return lawful.SeparateConsentRequired
	}
	return lawful.ReasonNone
}
