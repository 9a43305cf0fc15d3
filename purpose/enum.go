package purpose

import (
	"fmt"
	"strings"

	"github.com/lawfulgo/lawful/internal/enum"
	"github.com/lawfulgo/lawful/pii"
)

// Role is how a recipient relates to the controller.
type Role uint8

const (
	// RoleUnknown is the zero Role; never valid.
	RoleUnknown Role = iota
	// Entrusted: a processor acting only on our instructions (受托人,
	// PIPL arts. 21, 73(1); GDPR art. 28 processor).
	Entrusted
	// Independent: another processor deciding its own purposes and means
	// (PIPL art. 23; GDPR controller).
	Independent
	// Affiliate: a company of the same group; for PIPL still another
	// processor (art. 23).
	Affiliate
	// Joint: a joint processor deciding purposes and means with us
	// (PIPL art. 20; GDPR art. 26).
	Joint
	// Successor: receives PI in a merger, division, dissolution or
	// bankruptcy (PIPL art. 22).
	Successor
	// Authority: a state organ receiving PI on its lawful demand (a court,
	// a procuratorate, the police: PIPL art. 13(1)(3)). The Guard wants the
	// legal instrument of the demand on every request providing PI to one
	// (Request.Instrument).
	Authority
)

var roleEnum = enum.Names{Pkg: "purpose", Type: "Role", Kind: "role", Err: ErrInvalidValue, Names: []string{"", "entrusted", "independent", "affiliate", "joint", "successor", "authority"}}

// String returns the stable name of r ("entrusted", ...).
func (r Role) String() string { return roleEnum.String(uint8(r)) }

// Valid reports whether r is a known, non-zero Role.
func (r Role) Valid() bool { return roleEnum.Valid(uint8(r)) }

// MarshalText encodes r as its String; the zero value is an error.
func (r Role) MarshalText() ([]byte, error) { return roleEnum.Marshal(uint8(r)) }

// UnmarshalText parses a role name.
func (r *Role) UnmarshalText(b []byte) error {
	v, err := roleEnum.Parse(b)
	if err == nil {
		*r = Role(v)
	}
	return err
}

// Mechanism is the legal mechanism for providing PI across a border.
type Mechanism uint8

const (
	// MechanismUnknown is the zero Mechanism; an overseas recipient needs one.
	MechanismUnknown Mechanism = iota
	// SecurityAssessment: CAC security assessment (PIPL art. 38(1)(1)).
	SecurityAssessment
	// Certification: PI protection certification (PIPL art. 38(1)(2)).
	Certification
	// StandardContract: CAC standard contract (PIPL art. 38(1)(3)).
	StandardContract
	// ContractNecessity: necessary to conclude or perform a contract the
	// person is party to (NDSMR art. 35(4)).
	ContractNecessity
	// CrossBorderHR: cross-border HR management (NDSMR art. 35(5)).
	CrossBorderHR
	// StatutoryDuty: necessary for a statutory duty (NDSMR art. 35(6)).
	StatutoryDuty
	// EmergencyProtection: protecting life, health or property in an
	// emergency (NDSMR art. 35(7)).
	EmergencyProtection
	// Adequacy: an adequacy decision (GDPR art. 45).
	Adequacy
	// SafeguardClauses: standard contractual clauses or other appropriate
	// safeguards (GDPR art. 46).
	SafeguardClauses
	// BindingCorporateRules: binding corporate rules (GDPR art. 47).
	BindingCorporateRules
	// Derogation: a specific-situation derogation (GDPR art. 49).
	Derogation
)

var mechanismEnum = enum.Names{Pkg: "purpose", Type: "Mechanism", Kind: "mechanism", Err: ErrInvalidValue, Names: []string{"", "security_assessment", "certification", "standard_contract", "contract_necessity", "cross_border_hr", "statutory_duty", "emergency_protection", "adequacy", "safeguard_clauses", "binding_corporate_rules", "derogation"}}

// String returns the stable name of m.
func (m Mechanism) String() string { return mechanismEnum.String(uint8(m)) }

// Valid reports whether m is a known, non-zero Mechanism.
func (m Mechanism) Valid() bool { return mechanismEnum.Valid(uint8(m)) }

// Regime returns the law that provides m: pii.PIPL for the PIPL art. 38
// mechanisms and the NDSMR art. 35 exemptions, pii.GDPR for the GDPR
// chapter V ones, pii.LawUnknown for an invalid m.
func (m Mechanism) Regime() pii.Law {
	switch {
	case !m.Valid():
		return pii.LawUnknown
	case m >= Adequacy:
		return pii.GDPR
	}
	return pii.PIPL
}

// Citation returns the provision that provides m, e.g. "PIPL art.
// 38(1)(3)" or "GDPR art. 45", or "".
func (m Mechanism) Citation() string {
	if !m.Valid() {
		return ""
	}
	return mechanismCites[m]
}

var mechanismCites = [...]string{"", "PIPL art. 38(1)(1)", "PIPL art. 38(1)(2)", "PIPL art. 38(1)(3)", "NDSMR art. 35(4)", "NDSMR art. 35(5)", "NDSMR art. 35(6)", "NDSMR art. 35(7)",
	"GDPR art. 45", "GDPR art. 46", "GDPR art. 47", "GDPR art. 49"}

// MarshalText encodes m as its String; the zero value is an error.
func (m Mechanism) MarshalText() ([]byte, error) {
	return mechanismEnum.Marshal(uint8(m))
}

// UnmarshalText parses a mechanism name.
func (m *Mechanism) UnmarshalText(b []byte) error {
	v, err := mechanismEnum.Parse(b)
	if err == nil {
		*m = Mechanism(v)
	}
	return err
}

// Special is a GDPR art. 9(2) condition that lifts the prohibition on
// processing special categories of data. Under GDPR a purpose touching a
// special category needs both an art. 6 basis and one of these.
type Special uint8

const (
	// SpecialNone is the zero Special: no art. 9(2) condition.
	SpecialNone Special = iota
	// ExplicitConsent: art. 9(2)(a).
	ExplicitConsent
	// EmploymentLaw: employment, social security and social protection law, art. 9(2)(b).
	EmploymentLaw
	// VitalInterestsIncapable: vital interests where the person cannot consent, art. 9(2)(c).
	VitalInterestsIncapable
	// NotForProfitBody: a foundation, association or not-for-profit body, art. 9(2)(d).
	NotForProfitBody
	// ManifestlyPublic: data manifestly made public by the person, art. 9(2)(e).
	ManifestlyPublic
	// LegalClaims: legal claims or courts acting judicially, art. 9(2)(f).
	LegalClaims
	// SubstantialPublicInterest: substantial public interest under law, art. 9(2)(g).
	SubstantialPublicInterest
	// HealthCare: preventive or occupational medicine, health or social care, art. 9(2)(h).
	HealthCare
	// PublicHealth: public interest in public health, art. 9(2)(i).
	PublicHealth
	// ArchivingResearch: archiving, scientific or historical research or statistics, art. 9(2)(j).
	ArchivingResearch
)

var specialEnum = enum.Names{Pkg: "purpose", Type: "Special", Kind: "art. 9(2) condition", Err: ErrInvalidValue, Names: []string{"", "explicit_consent", "employment_law", "vital_interests_incapable", "not_for_profit_body", "manifestly_public", "legal_claims", "substantial_public_interest", "health_care", "public_health", "archiving_research"}}

// String returns the stable name of s.
func (s Special) String() string { return specialEnum.String(uint8(s)) }

// Valid reports whether s is a known, non-zero condition.
func (s Special) Valid() bool { return specialEnum.Valid(uint8(s)) }

// Citation returns the article, e.g. "GDPR art. 9(2)(a)", or "".
func (s Special) Citation() string {
	if !s.Valid() {
		return ""
	}
	return fmt.Sprintf("GDPR art. 9(2)(%c)", 'a'+rune(s)-1)
}

// MarshalText encodes s as its String; the zero value is an error.
func (s Special) MarshalText() ([]byte, error) { return specialEnum.Marshal(uint8(s)) }

// UnmarshalText parses a condition name.
func (s *Special) UnmarshalText(b []byte) error {
	v, err := specialEnum.Parse(b)
	if err == nil {
		*s = Special(v)
	}
	return err
}

// Change is a set of things a purpose version changed.
type Change uint8

const (
	// ChangedCategories: the categories collected or used.
	ChangedCategories Change = 1 << iota
	// ChangedOperations: the operations, i.e. the means of processing.
	ChangedOperations
	// ChangedRecipients: who receives the data.
	ChangedRecipients
	// ChangedRetention: how long the data is kept.
	ChangedRetention
	// ChangedCrossBorder: where the data goes abroad.
	ChangedCrossBorder
	// ChangedWording: the notice text only.
	ChangedWording
)

var changeNames = []string{"categories", "operations", "recipients", "retention", "cross_border", "wording"}

// String returns the change names joined by commas.
func (c Change) String() string { return flagString(uint32(c), changeNames) }

// ParseChange parses one change name such as "recipients".
func ParseChange(s string) (Change, error) {
	for i, n := range changeNames {
		if n == s {
			return 1 << i, nil
		}
	}
	return 0, rule(ErrInvalidValue, fmt.Sprintf("purpose: unknown change %s; want one of %s", enum.Quote(s), strings.Join(changeNames, ", ")))
}

// Trait is a set of properties of a purpose that rules beyond its basis
// look at.
type Trait uint8

const (
	// AutomatedDecision: the purpose decides by automated analysis of
	// behaviour, interests or status (PIPL arts. 24, 73(2)).
	AutomatedDecision Trait = 1 << iota
	// Marketing: the purpose is commercial marketing or advertising.
	// Automated-decision marketing to minors is prohibited (MOR art. 24
	// para 3).
	Marketing
	// BiometricEditing: the purpose edits a person's face or voice (voice
	// cloning, face swap, digital humans); the edited person's separate
	// consent is needed whatever the basis (Deep Synthesis Provisions art. 14).
	BiometricEditing
	// AdultsOnly: the purpose (or the whole service) serves adults only;
	// a minor is refused whatever a guardian consents to
	// (ServiceNotOfferedToMinors). Not the same as guardian consent until
	// 18, which lets a minor in with a guardian's consent.
	AdultsOnly
	// Personalised: the purpose pushes information to a person, such as
	// recommended content or a personalised feed, chosen by automated
	// analysis of them: an automated decision (PIPL art. 73(2)) that must
	// come with an option not aimed at their characteristics or an easy
	// way to refuse (PIPL art. 24 para 2). Marketing by automated decision
	// carries the same duty; other automated decisions, such as risk
	// scoring, carry the duty to explain instead (PIPL art. 24 para 3).
	Personalised
)

var traitNames = []string{"automated_decision", "marketing", "biometric_editing", "adults_only", "personalised"}

// Has reports whether every trait of u is in t.
func (t Trait) Has(u Trait) bool { return t&u == u }

// String returns the trait names joined by commas.
func (t Trait) String() string { return flagString(uint32(t), traitNames) }

// ParseTrait parses one trait name such as "marketing".
func ParseTrait(s string) (Trait, error) {
	for i, n := range traitNames {
		if n == s {
			return 1 << i, nil
		}
	}
	return 0, rule(ErrInvalidValue, fmt.Sprintf("purpose: unknown trait %s; want one of %s", enum.Quote(s), strings.Join(traitNames, ", ")))
}
