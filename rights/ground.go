package rights

import "github.com/lawfulgo/lawful/internal/enum"

// Ground is a coded reason to refuse a request. The list is closed (PIPL art. 50;
// §7.3): a refusal must name one of these, with reasons the person can read
// (PIPL art. 50), and the person may then complain or sue. The zero Ground
// is invalid, so a refusal whose ground was never set is itself refused
// (ErrNoGround).
type Ground uint8

const (
	// GroundUnknown is the zero Ground; never valid.
	GroundUnknown Ground = iota
	// NationalSecurity: directly related to national security or defence.
	NationalSecurity
	// PublicInterest: directly related to public safety, public health or
	// a major public interest.
	PublicInterest
	// CriminalProceedings: directly related to criminal investigation,
	// prosecution, trial or enforcement of judgments.
	CriminalProceedings
	// AbuseOfRights: sufficient evidence of the requester's subjective
	// malice or abuse of rights.
	AbuseOfRights
	// HarmToOthers: answering would seriously harm the legitimate rights
	// and interests of the subject or of others (GDPR art. 15(4)).
	HarmToOthers
	// TradeSecret: answering would disclose a trade secret.
	TradeSecret
	// LegalSecrecy: a law or administrative regulation requires secrecy or
	// no notice (PIPL arts. 18(1), 45).
	LegalSecrecy
	// LegalObligation: the processor's own legal obligations (GB/T 35273
	// §8.7; GDPR art. 17(3)(b)). For deletion prefer fulfilling: a
	// legal retention minimum restricts the data instead (PIPL art. 47
	// para 2), which Fulfil reports.
	LegalObligation
	// LifeOrProperty: protecting the life, property or other major
	// interests of the subject or others when consent is hard to obtain.
	LifeOrProperty
	// Repetitive: unreasonably repetitive requests. Only for a request
	// over the policy's repeat limit (Request.Repeated), which documents
	// the repetition (GDPR art. 12(5): the controller must show it).
	Repetitive
	// ExcessiveTechnicalMeans: answering needs excessive technical means.
	ExcessiveTechnicalMeans
	// RiskToOthers: answering puts others' rights at risk.
	RiskToOthers
	// Impractical: answering is highly impractical.
	Impractical
	// ManifestlyUnfounded: the request is manifestly unfounded (GDPR art.
	// 12(5)); the controller must be able to show it.
	ManifestlyUnfounded
	// ManifestlyExcessive: the request is manifestly excessive (GDPR art.
	// 12(5)); the controller must be able to show it.
	ManifestlyExcessive
	// IdentityNotVerified: the requester's identity could not be verified
	// (NDSMR art. 25(1); every seed). The only ground on which a request
	// may be refused before it is verified.
	IdentityNotVerified
)

var groundEnum = enum.Names{Pkg: "rights", Type: "Ground", Kind: "refusal ground", Err: ErrInvalidValue, Names: []string{"",
	"national_security", "public_interest", "criminal_proceedings", "abuse_of_rights",
	"harm_to_others", "trade_secret", "legal_secrecy", "legal_obligation", "life_or_property",
	"repetitive", "excessive_technical_means", "risk_to_others", "impractical",
	"manifestly_unfounded", "manifestly_excessive", "identity_not_verified",
}}

var groundCites = [...]string{
	NationalSecurity:        "GB/T 35273-2020 §8.7; 000 §5.6(1); 001 §5(6); GDPR art. 23(1)(a)-(b)",
	PublicInterest:          "GB/T 35273-2020 §8.7; 000 §5.6(2); 001 §5(6); GDPR art. 23(1)(c), (e)",
	CriminalProceedings:     "GB/T 35273-2020 §8.7; 000 §5.6(3); 001 §5(6); GDPR art. 23(1)(d)",
	AbuseOfRights:           "GB/T 35273-2020 §8.7; 000 §5.6(4); 001 §5(6)",
	HarmToOthers:            "GB/T 35273-2020 §8.7; 000 §5.6(5); 001 §5(6); GDPR art. 15(4)",
	TradeSecret:             "GB/T 35273-2020 §8.7; 000 §5.6(6); 001 §5(6); GDPR recital 63",
	LegalSecrecy:            "PIPL arts. 18(1), 45",
	LegalObligation:         "GB/T 35273-2020 §8.7; 001 §5(6); GDPR art. 17(3)(b)",
	LifeOrProperty:          "GB/T 35273-2020 §8.7; 001 §5(6)",
	Repetitive:              "000 §5.6; 001 §5(6); 002; GDPR art. 12(5)",
	ExcessiveTechnicalMeans: "000 §5.6; 001 §5(6); 002",
	RiskToOthers:            "000 §5.6; 001 §5(6); 002",
	Impractical:             "000 §5.6; 001 §5(6); 002",
	ManifestlyUnfounded:     "GDPR art. 12(5)",
	ManifestlyExcessive:     "GDPR art. 12(5)",
	IdentityNotVerified:     "NDSMR art. 25(1); 000 §5.6; 001 §5(6)",
}

// Grounds returns every valid Ground in order.
func Grounds() []Ground {
	out := make([]Ground, 0, len(groundEnum.Names)-1)
	for g := NationalSecurity; g.Valid(); g++ {
		out = append(out, g)
	}
	return out
}

// String returns the stable name of g ("national_security", ...), or
// "Ground(n)".
func (g Ground) String() string { return groundEnum.String(uint8(g)) }

// Valid reports whether g is one of the listed grounds.
func (g Ground) Valid() bool { return groundEnum.Valid(uint8(g)) }

// Cites returns the sources that list the ground, or "" for an invalid
// Ground.
func (g Ground) Cites() string {
	if !g.Valid() {
		return ""
	}
	return groundCites[g]
}

// MarshalText encodes g as its String; an invalid Ground is an error
// wrapping ErrInvalidValue.
func (g Ground) MarshalText() ([]byte, error) { return groundEnum.Marshal(uint8(g)) }

// UnmarshalText parses a ground name; an unknown name is an error wrapping
// ErrInvalidValue and leaves *g unchanged.
func (g *Ground) UnmarshalText(text []byte) error {
	v, err := groundEnum.Parse(text)
	if err == nil {
		*g = Ground(v)
	}
	return err
}
