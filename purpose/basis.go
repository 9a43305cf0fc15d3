package purpose

import (
	"fmt"

	"github.com/lawfulgo/lawful/internal/enum"
	"github.com/lawfulgo/lawful/pii"
)

// Basis is the legal ground a purpose rests on. It covers every ground of
// PIPL art. 13(1), the art. 22 succession rule, the no-consent items of
// GB/T 35273-2020 §5.6 that privacy policies list, and GDPR art. 6(1).
//
// A Basis knows which laws recognise it (Ground), whether it needs consent,
// which operations it may justify, the conditions it carries and the
// obligations it imposes. GB/T 35273 is a recommended national standard, not
// a law: under PIPL each of its items is usable only through the art. 13
// ground it maps to, and academic research (§5.6(k)) maps to none.
//
// The zero value, BasisUnknown, is no basis at all.
type Basis uint8

const (
	// BasisUnknown is the zero Basis: no ground.
	BasisUnknown Basis = iota

	// Consent: the person's consent (PIPL art. 13(1)(1); GDPR art. 6(1)(a)).
	Consent
	// Contract: necessary to conclude or perform a contract the person is a
	// party to (PIPL art. 13(1)(2); GDPR art. 6(1)(b)). Not marketing,
	// profiling, or third persons in uploaded media.
	Contract
	// HumanResources: necessary for HR management under lawful labour rules
	// and collective contracts (PIPL art. 13(1)(2), second limb).
	HumanResources
	// LegalDuty: necessary for a statutory duty or obligation; the purpose
	// must cite the law (PIPL art. 13(1)(3); GDPR art. 6(1)(c)).
	LegalDuty
	// Emergency: a public-health emergency, or protecting a natural person's
	// life, health or property in an emergency (PIPL art. 13(1)(4)); notice
	// follows once it ends (art. 18 para 2).
	Emergency
	// NewsReporting: news reporting and public-opinion supervision in the
	// public interest, within a reasonable scope (PIPL art. 13(1)(5)).
	NewsReporting
	// PublicInformation: PI the person made public or otherwise lawfully
	// public, within a reasonable scope, unless the person expressly refuses
	// (PIPL art. 13(1)(6), art. 27).
	PublicInformation
	// OtherLaw: other circumstances provided by a law or administrative
	// regulation, which the purpose must cite; a departmental rule, a
	// national standard, a platform rule or a privacy policy is not enough
	// (PIPL art. 13(1)(7)).
	OtherLaw
	// Succession: transfer to the successor in a merger, division,
	// dissolution or bankruptcy (PIPL art. 22). Valid only for Transfer to a
	// recipient declared as Successor.
	Succession

	// VitalInterests: protecting the vital interests of the person or another
	// natural person (GDPR art. 6(1)(d)).
	VitalInterests
	// PublicTask: a task in the public interest or official authority
	// (GDPR art. 6(1)(e)).
	PublicTask
	// LegitimateInterests: the controller's or a third party's legitimate
	// interests, weighed against the person's (GDPR art. 6(1)(f)). PIPL has
	// no such ground.
	LegitimateInterests

	// GBTLegalObligation: GB/T 35273 §5.6(a), the controller's legal
	// obligations. PIPL: LegalDuty, citing the law.
	GBTLegalObligation
	// GBTNationalSecurity: §5.6(b), directly related to national security or
	// defence. PIPL: LegalDuty, citing the law.
	GBTNationalSecurity
	// GBTPublicInterest: §5.6(c), directly related to public security, public
	// health or a major public interest. PIPL: LegalDuty, citing the law.
	GBTPublicInterest
	// GBTCriminalJustice: §5.6(d), directly related to criminal
	// investigation, prosecution, trial or enforcement. PIPL: LegalDuty,
	// citing the law.
	GBTCriminalJustice
	// GBTVitalInterests: §5.6(e), life, property or other major interests
	// where consent is hard to obtain. PIPL: Emergency, and only in one.
	GBTVitalInterests
	// GBTSelfPublished: §5.6(f), PI the person published. PIPL:
	// PublicInformation.
	GBTSelfPublished
	// GBTLawfullyDisclosed: §5.6(h), PI from lawful public disclosures (news,
	// government information). PIPL: PublicInformation.
	GBTLawfullyDisclosed
	// GBTContract: §5.6(g), necessary to conclude or perform a contract at
	// the person's request. PIPL: Contract. Collect and use only (not in
	// §9.5's sharing list).
	GBTContract
	// GBTSecureOperation: §5.6(i), necessary for the secure, stable operation
	// of the service (finding and handling faults). PIPL: LegalDuty citing
	// the Cybersecurity Law's security and log duties. Collect and use only.
	GBTSecureOperation
	// GBTNewsOrganisation: §5.6(j), a news organisation's lawful reporting.
	// PIPL: NewsReporting. Collect and use only.
	GBTNewsOrganisation
	// GBTAcademicResearch: §5.6(k), academic research and public-interest
	// statistics with published results de-identified. PIPL has no such
	// ground: research needs consent, a cited law, or anonymised data.
	GBTAcademicResearch

	numBases = iota
)

// Condition is a set of conditions a basis carries. Some are checked when a
// policy compiles (a cited law), the rest by the Guard on each request.
type Condition uint16

const (
	// NeedsConsent: a valid consent record must cover the request.
	NeedsConsent Condition = 1 << iota
	// NeedsCitedLaw: the purpose must cite its law: the law that imposes
	// the statutory duty or obligation (PIPL art. 13(1)(3)), the law or
	// administrative regulation that provides for the processing (art.
	// 13(1)(7)), or the Union or Member State law (GDPR art. 6(3)).
	NeedsCitedLaw
	// NeedsEmergency: only while an emergency is declared (PIPL art. 13(1)(4)).
	NeedsEmergency
	// NeedsReasonableScope: only within a reasonable scope (PIPL art.
	// 13(1)(5), (6)).
	NeedsReasonableScope
	// NeedsNoRefusal: not once the person has expressly refused, and consent
	// where the use significantly affects them (PIPL art. 27).
	NeedsNoRefusal
	// NeedsPartyToContract: the person must be a party to the contract and
	// the processing necessary for it (PIPL art. 13(1)(2); GDPR art. 6(1)(b)).
	NeedsPartyToContract
	// NeedsSuccessorRecipient: only Transfer to a recipient declared as
	// Successor (PIPL art. 22).
	NeedsSuccessorRecipient
	// NeedsBalancingTest: the controller's interests must be weighed against
	// the person's, with special care for children (GDPR art. 6(1)(f)).
	NeedsBalancingTest
)

// Obligation is a set of duties a decision leaves with the caller.
type Obligation uint32

const (
	// NotifyAfterEmergency: tell the person once the emergency ends
	// (PIPL art. 18 para 2).
	NotifyAfterEmergency Obligation = 1 << iota
	// DeidentifyPublishedResults: PI in published research results must be
	// de-identified (GB/T 35273 §5.6(k)).
	DeidentifyPublishedResults
	// NotifySuccessorIdentity: tell the person the successor's name and
	// contact (PIPL art. 22).
	NotifySuccessorIdentity
	// RecordDisclosure: record the recipient, so later correction and
	// deletion can be passed on (GDPR art. 19; NDSMR art. 12 keeps such
	// records ≥ 3 years).
	RecordDisclosure
	// ImpactAssessment: a PI protection impact assessment must precede the
	// processing (PIPL art. 55).
	ImpactAssessment
	// EntrustmentContract: a contract must fix the entrusted party's purpose,
	// period, means, categories and protection measures (PIPL art. 21).
	EntrustmentContract
	// CrossBorderNotice: tell the person the foreign recipient, purpose,
	// means, categories and how to exercise rights against it (PIPL art. 39).
	CrossBorderNotice
	// StorageOnly: the data is kept only because a legal minimum or a hold
	// outlives its purpose; store it and protect it, nothing else (PIPL
	// art. 47 para 2).
	StorageOnly
	// OfferNonPersonalised: push and marketing by automated decision must
	// come with an option not aimed at the person's characteristics, or
	// an easy way to refuse (PIPL art. 24 para 2).
	OfferNonPersonalised
	// ExplainSensitiveNecessity: tell the person why processing their
	// sensitive PI is necessary and how it affects them (PIPL art. 30).
	ExplainSensitiveNecessity
	// ChildrensRules: processing a child's PI needs dedicated rules for
	// it, published (PIPL art. 31 para 2; CPIP art. 8).
	ChildrensRules
	// ExplainAutomatedDecision: an automated decision that significantly
	// affects the person must be explained on request, and they may refuse
	// one made solely by automated means (PIPL art. 24 para 3; GDPR art.
	// 22): keep what the decision rested on, and a way to ask for a human.
	ExplainAutomatedDecision
)

type basisInfo struct {
	name   string
	title  string          // short English title
	cite   [numLaws]string // citation per law; "" = not recognised
	ground [numLaws]Basis  // statutory ground per law
	ops    OperationSet    // operations it may justify
	cond   Condition
	oblig  Obligation
}

// collectUse is what the GB/T §5.6-only items may justify: §9.5's sharing
// list omits contract, secure operation, news and research. Entrust is
// included: an entrusted party processes on the controller's behalf
// (PIPL art. 21).
const collectUse = 1<<Collect | 1<<Use | 1<<Store | 1<<Entrust

func statutory(name, title string, pipl, gdpr string, c Condition, o Obligation) basisInfo {
	return basisInfo{name: name, title: title, cite: [numLaws]string{pii.PIPL: pipl, pii.GDPR: gdpr}, ops: allOperations, cond: c, oblig: o}
}

func gbt(name, title, item string, ground Basis, ops OperationSet, c Condition, o Obligation) basisInfo {
	return basisInfo{name: name, title: title, cite: [numLaws]string{pii.PIPL: "GB/T 35273-2020 §5.6(" + item + ")"}, ground: [numLaws]Basis{pii.PIPL: ground}, ops: ops, cond: c, oblig: o}
}

const numLaws = 3 // pii.LawUnknown, pii.PIPL, pii.GDPR

var bases = func() [numBases]basisInfo {
	t := [numBases]basisInfo{
		Consent:             statutory("consent", "Consent", "PIPL art. 13(1)(1)", "GDPR art. 6(1)(a)", NeedsConsent, 0),
		Contract:            statutory("contract", "Contract necessity", "PIPL art. 13(1)(2)", "GDPR art. 6(1)(b)", NeedsPartyToContract, 0),
		HumanResources:      statutory("human_resources", "Human-resources management", "PIPL art. 13(1)(2)", "", 0, 0),
		LegalDuty:           statutory("legal_duty", "Legal duty", "PIPL art. 13(1)(3)", "GDPR art. 6(1)(c)", NeedsCitedLaw, 0),
		Emergency:           statutory("emergency", "Emergency", "PIPL art. 13(1)(4)", "", NeedsEmergency, NotifyAfterEmergency),
		NewsReporting:       statutory("news_reporting", "News reporting", "PIPL art. 13(1)(5)", "", NeedsReasonableScope, 0),
		PublicInformation:   statutory("public_information", "Published information", "PIPL art. 13(1)(6)", "", NeedsReasonableScope|NeedsNoRefusal, 0),
		OtherLaw:            statutory("other_law", "Provided by law or administrative regulation", "PIPL art. 13(1)(7)", "", NeedsCitedLaw, 0),
		Succession:          statutory("succession", "Succession", "PIPL art. 22", "", NeedsSuccessorRecipient, NotifySuccessorIdentity),
		VitalInterests:      statutory("vital_interests", "Vital interests", "", "GDPR art. 6(1)(d)", NeedsEmergency, 0),
		PublicTask:          statutory("public_task", "Public task", "", "GDPR art. 6(1)(e)", NeedsCitedLaw, 0),
		LegitimateInterests: statutory("legitimate_interests", "Legitimate interests", "", "GDPR art. 6(1)(f)", NeedsBalancingTest, 0),

		GBTLegalObligation:   gbt("gbt.legal_obligation", "Controller's legal obligation", "a", LegalDuty, allOperations, NeedsCitedLaw, 0),
		GBTNationalSecurity:  gbt("gbt.national_security", "National security or defence", "b", LegalDuty, allOperations, NeedsCitedLaw, 0),
		GBTPublicInterest:    gbt("gbt.public_interest", "Public security, health or major public interest", "c", LegalDuty, allOperations, NeedsCitedLaw, 0),
		GBTCriminalJustice:   gbt("gbt.criminal_justice", "Criminal investigation, prosecution, trial or enforcement", "d", LegalDuty, allOperations, NeedsCitedLaw, 0),
		GBTVitalInterests:    gbt("gbt.vital_interests", "Life or property where consent is hard to obtain", "e", Emergency, allOperations, NeedsEmergency, NotifyAfterEmergency),
		GBTSelfPublished:     gbt("gbt.self_published", "Information the person published", "f", PublicInformation, allOperations, NeedsReasonableScope|NeedsNoRefusal, 0),
		GBTLawfullyDisclosed: gbt("gbt.lawfully_disclosed", "Lawfully disclosed information", "h", PublicInformation, allOperations, NeedsReasonableScope|NeedsNoRefusal, 0),
		GBTContract:          gbt("gbt.contract", "Contract at the person's request", "g", Contract, collectUse, NeedsPartyToContract, 0),
		GBTSecureOperation:   gbt("gbt.secure_operation", "Secure and stable operation of the service", "i", LegalDuty, collectUse, NeedsCitedLaw, 0),
		GBTNewsOrganisation:  gbt("gbt.news_organisation", "News organisation's lawful reporting", "j", NewsReporting, collectUse, NeedsReasonableScope, 0),
		GBTAcademicResearch:  gbt("gbt.academic_research", "Academic research and statistics", "k", BasisUnknown, collectUse, 0, DeidentifyPublishedResults),
	}
	for i := range t {
		b := &t[i]
		for _, l := range pii.Laws() {
			if b.ground[l] == BasisUnknown && b.cite[l] != "" && !isGBT(Basis(i)) {
				b.ground[l] = Basis(i) // a statutory ground is its own ground
			}
		}
		if Basis(i) == Succession {
			b.ops = 1 << Transfer
		}
	}
	return t
}()

func isGBT(b Basis) bool { return b >= GBTLegalObligation && b <= GBTAcademicResearch }

// Bases lists every valid Basis in declaration order.
func Bases() []Basis {
	out := make([]Basis, 0, numBases-1)
	for i := 1; i < numBases; i++ {
		out = append(out, Basis(i))
	}
	return out
}

// Valid reports whether b is a known, non-zero Basis.
func (b Basis) Valid() bool { return b != BasisUnknown && int(b) < numBases }

// String returns the stable name used in policy files ("consent",
// "legal_duty", "gbt.academic_research", ...), or "Basis(N)".
func (b Basis) String() string {
	if b.Valid() {
		return bases[b].name
	}
	return fmt.Sprintf("Basis(%d)", uint8(b))
}

// Title returns a short English title, e.g. "Legal duty".
func (b Basis) Title() string {
	if b.Valid() {
		return bases[b].title
	}
	return b.String()
}

// Citation returns where the basis comes from under law, e.g.
// "PIPL art. 13(1)(3)", or "" if law does not recognise it. GB/T items cite
// the standard under PIPL.
func (b Basis) Citation(law pii.Law) string {
	if !b.Valid() || !law.Valid() {
		return ""
	}
	return bases[b].cite[law]
}

// Ground returns the statutory ground b rests on under law: b itself for a
// ground of that law, the mapped PIPL art. 13 ground for a GB/T item, and
// BasisUnknown when law has no such ground (legitimate interests under
// PIPL; academic research under PIPL; any GB/T item under GDPR).
func (b Basis) Ground(law pii.Law) Basis {
	if !b.Valid() || !law.Valid() {
		return BasisUnknown
	}
	return bases[b].ground[law]
}

// RecognisedBy reports whether b is a lawful ground under law, directly or
// through the ground it maps to.
func (b Basis) RecognisedBy(law pii.Law) bool { return b.Ground(law) != BasisUnknown }

// NeedsConsent reports whether b requires a consent record.
func (b Basis) NeedsConsent() bool { return b.Conditions()&NeedsConsent != 0 }

// IsExemption reports whether b permits processing without consent.
func (b Basis) IsExemption() bool { return b.Valid() && !b.NeedsConsent() }

// Conditions returns the conditions b carries.
func (b Basis) Conditions() Condition {
	if !b.Valid() {
		return 0
	}
	return bases[b].cond
}

// Obligations returns the duties processing on b leaves with the caller.
func (b Basis) Obligations() Obligation {
	if !b.Valid() {
		return 0
	}
	return bases[b].oblig
}

// Operations returns the operations b may justify. GB/T 35273 lists
// different exemptions for collecting and using (§5.6) than for sharing,
// transferring and disclosing (§9.5): contract, secure operation, news and
// research items justify collect, use, store and entrust only. Succession
// justifies Transfer only. The statutory grounds justify every operation;
// regime-level limits (such as the Guard's stricter rule for Disclose) apply
// on top.
func (b Basis) Operations() OperationSet {
	if !b.Valid() {
		return 0
	}
	return bases[b].ops
}

// MarshalText encodes b as its String; the zero value is an error.
func (b Basis) MarshalText() ([]byte, error) {
	if !b.Valid() {
		return nil, fmt.Errorf("purpose: cannot marshal invalid %v", b)
	}
	return []byte(bases[b].name), nil
}

// UnmarshalText parses a basis name.
func (b *Basis) UnmarshalText(text []byte) error {
	v, err := ParseBasis(string(text))
	if err != nil {
		return err
	}
	*b = v
	return nil
}

// ParseBasis parses a basis name such as "legal_duty".
func ParseBasis(s string) (Basis, error) {
	for i := 1; i < numBases; i++ {
		if bases[i].name == s {
			return Basis(i), nil
		}
	}
	return BasisUnknown, rule(ErrInvalidValue, fmt.Sprintf("purpose: unknown basis %s; want a name such as consent, contract, legal_duty or gbt.secure_operation (see purpose.Bases)", enum.Quote(s)))
}

var conditionNames = []string{"consent", "cited_law", "emergency", "reasonable_scope", "no_refusal", "party_to_contract", "successor_recipient", "balancing_test"}

// String returns the condition names joined by commas.
func (c Condition) String() string { return flagString(uint32(c), conditionNames) }

var obligationNames = []string{"notify_after_emergency", "deidentify_published_results", "notify_successor_identity", "record_disclosure", "impact_assessment", "entrustment_contract", "cross_border_notice", "storage_only",
	"offer_non_personalised", "explain_sensitive_necessity", "childrens_rules", "explain_automated_decision"}

// Has reports whether every obligation of u is in o.
func (o Obligation) Has(u Obligation) bool { return o&u == u }

// String returns the obligation names joined by commas.
func (o Obligation) String() string { return flagString(uint32(o), obligationNames) }

func flagString(v uint32, names []string) string {
	out := ""
	for i, n := range names {
		if v&(1<<i) != 0 {
			if out != "" {
				out += ","
			}
			out += n
		}
	}
	if rest := v &^ (1<<len(names) - 1); rest != 0 {
		if out != "" {
			out += ","
		}
		out += fmt.Sprintf("%#x", rest)
	}
	return out
}
