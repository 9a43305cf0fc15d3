package transfer

import (
	"github.com/lawfulgo/lawful/internal/enum"
	"github.com/lawfulgo/lawful/pii"
)

// Derogation is a GDPR art. 49(1) ground for a transfer without adequacy
// or appropriate safeguards. Derogations are for specific situations, not
// for regular or massive transfers (EDPB Guidelines 2/2018).
type Derogation uint8

const (
	// DerogationUnknown is the zero Derogation; never valid.
	DerogationUnknown Derogation = iota
	// ExplicitConsent: the person explicitly consented after being told of
	// the risks (art. 49(1)(a)).
	ExplicitConsent
	// ContractWithSubject: necessary for a contract with the person or
	// pre-contract steps at their request (art. 49(1)(b)).
	ContractWithSubject
	// ContractForSubject: necessary for a contract in the person's interest
	// with another (art. 49(1)(c)).
	ContractForSubject
	// PublicInterest: necessary for important reasons of public interest
	// recognised in Union or Member State law (art. 49(1)(d)).
	PublicInterest
	// LegalClaims: necessary for legal claims (art. 49(1)(e)).
	LegalClaims
	// VitalInterests: vital interests where the person cannot consent
	// (art. 49(1)(f)).
	VitalInterests
	// PublicRegister: from a public register (art. 49(1)(g)).
	PublicRegister
	// CompellingInterests: compelling legitimate interests of a
	// non-repetitive transfer of a few people's data; the supervisory
	// authority and the person are told (art. 49(1) second subparagraph).
	CompellingInterests
)

var derogationEnum = enum.Names{Pkg: "transfer", Type: "Derogation", Kind: "art. 49 derogation", Err: ErrInvalidRequest,
	Names: []string{"", "explicit_consent", "contract_with_subject", "contract_for_subject", "public_interest", "legal_claims",
		"vital_interests", "public_register", "compelling_interests"}}

var derogationCites = []string{"", "GDPR art. 49(1)(a)", "GDPR art. 49(1)(b)", "GDPR art. 49(1)(c)", "GDPR art. 49(1)(d)",
	"GDPR art. 49(1)(e)", "GDPR art. 49(1)(f)", "GDPR art. 49(1)(g)", "GDPR art. 49(1) second subparagraph"}

// String returns the derogation's stable name, e.g. "legal_claims".
func (d Derogation) String() string { return derogationEnum.String(uint8(d)) }

// Valid reports whether d is a known derogation.
func (d Derogation) Valid() bool { return derogationEnum.Valid(uint8(d)) }

// Citation returns the provision, e.g. "GDPR art. 49(1)(e)", or "".
func (d Derogation) Citation() string {
	if !d.Valid() {
		return ""
	}
	return derogationCites[d]
}

// MarshalText implements encoding.TextMarshaler.
func (d Derogation) MarshalText() ([]byte, error) { return derogationEnum.Marshal(uint8(d)) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Derogation) UnmarshalText(b []byte) error {
	v, err := derogationEnum.Parse(b)
	if err == nil {
		*d = Derogation(v)
	}
	return err
}

// Level is what PIPL art. 38 mechanism the volumes of the year require
// (Provisions on Promoting and Regulating Cross-border Data Flows, CAC
// 2024, arts. 5, 7, 8).
type Level uint8

const (
	// NoMechanism: under the thresholds, no security assessment, standard
	// contract or certification is needed (art. 5(4)).
	NoMechanism Level = iota + 1
	// ContractOrCertification: a standard contract or a certification (or
	// a security assessment) is needed (art. 8).
	ContractOrCertification
	// AssessmentRequired: a CAC security assessment is needed (art. 7).
	AssessmentRequired
)

var levelNames = []string{"", "no_mechanism", "contract_or_certification", "security_assessment"}

// String returns the level's stable name.
func (l Level) String() string {
	if l >= NoMechanism && l <= AssessmentRequired {
		return levelNames[l]
	}
	return "Level(?)"
}

// Obligation is a set of duties an allowed export leaves with the caller.
type Obligation uint8

const (
	// Notice: tell the person the foreign recipient's name and contact, the
	// purpose, means, categories and how to exercise their rights against
	// it (PIPL art. 39).
	Notice Obligation = 1 << iota
	// SeparateConsent: where consent is the basis, the export needs the
	// person's separate consent (PIPL art. 39); the Guard checks it.
	SeparateConsent
	// ImpactAssessment: a PI protection impact assessment must precede the
	// export (PIPL art. 55(4)).
	ImpactAssessment
	// InformOfRisks: the person was told the risks of a transfer without
	// adequacy or safeguards before consenting (GDPR art. 49(1)(a)).
	InformOfRisks
	// InformAuthority: tell the supervisory authority and the person of a
	// transfer on compelling legitimate interests (GDPR art. 49(1) second
	// subparagraph).
	InformAuthority
	// DocumentAssessment: document the assessment and safeguards of a
	// derogation transfer in the records of processing (GDPR art. 49(6)).
	DocumentAssessment
)

var obligationNames = []string{"notice", "separate_consent", "impact_assessment", "inform_of_risks", "inform_authority", "document_assessment"}

// Has reports whether every duty of p is in o.
func (o Obligation) Has(p Obligation) bool { return o&p == p }

// String returns the duty names joined by commas.
func (o Obligation) String() string {
	out := ""
	for i, n := range obligationNames {
		if o&(1<<i) != 0 {
			if out != "" {
				out += ","
			}
			out += n
		}
	}
	return out
}

// lawValid reports whether l is a regime this package decides for.
func lawValid(l pii.Law) bool { return l == pii.PIPL || l == pii.GDPR }
