package incident

import (
	"strings"

	"github.com/lawfulgo/lawful/internal/enum"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
)

// Nature is what happened, or may have happened, to the personal
// information: a set of Leak, Tampering and Loss (PIPL art. 57 para 1:
// 泄露、篡改、丢失). The zero Nature is none and never valid on an opening.
type Nature uint8

const (
	// Leak: the information was disclosed to or accessed by someone not
	// entitled to it (泄露).
	Leak Nature = 1 << iota
	// Tampering: the information was altered without authority (篡改).
	Tampering
	// Loss: the information was lost or destroyed (丢失).
	Loss

	allNatures = Leak | Tampering | Loss
)

var natureNames = []string{"leak", "tampering", "loss"}
var natureZH = []string{"泄露", "篡改", "丢失"}

// Valid reports whether n is a non-empty set of known natures.
func (n Nature) Valid() bool { return n != 0 && n&^allNatures == 0 }

// String returns the names joined by "+", e.g. "leak+loss".
func (n Nature) String() string { return flags(uint8(n), natureNames, "+") }

// zh returns the Chinese names joined by "、".
func (n Nature) zh() string { return flags(uint8(n), natureZH, "、") }

func flags(v uint8, names []string, sep string) string {
	var parts []string
	for i, name := range names {
		if v&(1<<i) != 0 {
			parts = append(parts, name)
		}
	}
	if rest := v &^ (1<<len(names) - 1); rest != 0 || len(parts) == 0 {
		parts = append(parts, "0x"+hexByte(rest))
	}
	return strings.Join(parts, sep)
}

func hexByte(v uint8) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[v>>4], digits[v&15]})
}

// Grade is an incident's grade under the classification guide annexed to
// the National Cybersecurity Incident Reporting Measures (CAC, in force
// 2025-11-01): 一般, 较大, 重大, 特别重大. The zero value, GradeUnknown, is
// an incident not yet graded; the reporting clocks treat it as reportable
// until it is (Rules.AssumeReportable).
type Grade uint8

const (
	// GradeUnknown: not yet graded.
	GradeUnknown Grade = iota
	// General: 一般网络安全事件.
	General
	// RelativelyMajor: 较大网络安全事件, the lowest grade the Reporting
	// Measures' hour clocks apply to (art. 4).
	RelativelyMajor
	// Major: 重大网络安全事件.
	Major
	// ParticularlyMajor: 特别重大网络安全事件.
	ParticularlyMajor
)

var gradeEnum = enum.Names{Pkg: "incident", Type: "Grade", Kind: "grade", Err: ErrInvalidEvent,
	Names: []string{"", "general", "relatively_major", "major", "particularly_major"}}
var gradeZH = []string{"未定级", "一般", "较大", "重大", "特别重大"}

// String returns the grade's stable name, e.g. "relatively_major".
func (g Grade) String() string {
	if g == GradeUnknown {
		return "ungraded"
	}
	return gradeEnum.String(uint8(g))
}

// Valid reports whether g is a known grade other than GradeUnknown.
func (g Grade) Valid() bool { return gradeEnum.Valid(uint8(g)) }

// MarshalText implements encoding.TextMarshaler.
func (g Grade) MarshalText() ([]byte, error) { return gradeEnum.Marshal(uint8(g)) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (g *Grade) UnmarshalText(b []byte) error {
	v, err := gradeEnum.Parse(b)
	if err == nil {
		*g = Grade(v)
	}
	return err
}

// Operator is the reporting profile of the network operator, which picks
// to whom a relatively major incident is reported and how fast (National
// Cybersecurity Incident Reporting Measures art. 4).
type Operator uint8

const (
	// OperatorUnknown is the zero Operator; a Profile needs another.
	OperatorUnknown Operator = iota
	// Ordinary: any other network operator; reports to the provincial
	// cyberspace administration where it is located (4 hours by default).
	Ordinary
	// CIIOperator: an operator of critical information infrastructure;
	// reports to the infrastructure's protection department and to public
	// security (1 hour by default).
	CIIOperator
	// StateOrgan: a department of the central or state organs or a unit
	// directly under one; reports to the department's own cybersecurity
	// and informatisation body (2 hours by default).
	StateOrgan
)

var operatorEnum = enum.Names{Pkg: "incident", Type: "Operator", Kind: "operator", Err: ErrNotConfigured,
	Names: []string{"", "ordinary", "cii_operator", "state_organ"}}

// String returns the operator's stable name, e.g. "cii_operator".
func (o Operator) String() string { return operatorEnum.String(uint8(o)) }

// Valid reports whether o is a known operator.
func (o Operator) Valid() bool { return operatorEnum.Valid(uint8(o)) }

// Risk is how likely the incident is to harm people's rights and
// freedoms, as GDPR arts. 33(1) and 34(1) ask. RiskUnknown (the zero
// value) is treated as a risk: the supervisory authority's clock runs
// until the incident is assessed as RiskUnlikely.
type Risk uint8

const (
	// RiskUnknown: not yet assessed.
	RiskUnknown Risk = iota
	// RiskUnlikely: unlikely to result in a risk (no notice to the
	// supervisory authority, GDPR art. 33(1); it is still documented,
	// art. 33(5)).
	RiskUnlikely
	// RiskPresent: a risk, not a high one: the supervisory authority is
	// notified, the people concerned need not be (GDPR art. 34(1)).
	RiskPresent
	// RiskHigh: a high risk: the people concerned are told without undue
	// delay (GDPR art. 34(1)).
	RiskHigh
)

var riskEnum = enum.Names{Pkg: "incident", Type: "Risk", Kind: "risk", Err: ErrInvalidEvent,
	Names: []string{"", "unlikely", "risk", "high"}}

// String returns the risk's stable name, or "unassessed".
func (r Risk) String() string {
	if r == RiskUnknown {
		return "unassessed"
	}
	return riskEnum.String(uint8(r))
}

// Valid reports whether r is a known risk other than RiskUnknown.
func (r Risk) Valid() bool { return riskEnum.Valid(uint8(r)) }

// Laws is the set of regimes an incident falls under: PIPL, GDPR or both.
type Laws uint8

const (
	// PIPL: the incident concerns PI processed under the Personal
	// Information Protection Law.
	PIPL Laws = 1 << iota
	// GDPR: the incident is a personal data breach under the GDPR.
	GDPR

	allLaws = PIPL | GDPR
)

// LawsOf returns the set of the given laws; unknown laws are ignored.
func LawsOf(ls ...pii.Law) Laws {
	var out Laws
	for _, l := range ls {
		switch l {
		case pii.PIPL:
			out |= PIPL
		case pii.GDPR:
			out |= GDPR
		}
	}
	return out
}

// Has reports whether every law of m is in l.
func (l Laws) Has(m Laws) bool { return l&m == m }

// Valid reports whether l is a non-empty set of known laws.
func (l Laws) Valid() bool { return l != 0 && l&^allLaws == 0 }

// String returns "PIPL", "GDPR" or "PIPL+GDPR".
func (l Laws) String() string { return flags(uint8(l), []string{"PIPL", "GDPR"}, "+") }

// Audience is whom a notification goes to.
type Audience uint8

const (
	// AudienceUnknown is the zero Audience; never valid.
	AudienceUnknown Audience = iota
	// ProvincialCAC: the provincial cyberspace administration where the
	// operator is located, which performs PI protection duties (PIPL art.
	// 57; Reporting Measures art. 4).
	ProvincialCAC
	// ProtectionDepartment: the protection department of a critical
	// information infrastructure (Reporting Measures art. 4).
	ProtectionDepartment
	// PublicSecurity: the public security organ (Reporting Measures art. 4
	// for critical information infrastructure).
	PublicSecurity
	// DepartmentCyberUnit: a state organ's own cybersecurity and
	// informatisation body (Reporting Measures art. 4).
	DepartmentCyberUnit
	// CompetentDepartment: the competent department a vulnerability
	// endangering national security or the public interest is reported
	// to (Network Data Security Management Regulations art. 10).
	CompetentDepartment
	// SupervisoryAuthority: the competent GDPR supervisory authority
	// (GDPR art. 33).
	SupervisoryAuthority
	// Individuals: the people whose information is affected (PIPL art. 57;
	// GDPR art. 34).
	Individuals
	// Guardians: the guardians of affected minors (Regulations on the
	// Protection of Minors Online art. 35).
	Guardians
	// Public: a public announcement or warning, in place of individual
	// notices that are impractical (NDSMR art. 11; MOR art. 35; GDPR art.
	// 34(3)(c)).
	Public

	numAudiences = iota
)

var audienceEnum = enum.Names{Pkg: "incident", Type: "Audience", Kind: "audience", Err: ErrInvalidEvent,
	Names: []string{"", "provincial_cac", "protection_department", "public_security", "department_cyber_unit",
		"competent_department", "supervisory_authority", "individuals", "guardians", "public"}}

var audienceText = [numAudiences][2]string{
	{"", ""},
	{"the provincial cyberspace administration", "属地省级网信部门"},
	{"the infrastructure's protection department", "关键信息基础设施保护工作部门"},
	{"the public security organ", "公安机关"},
	{"the department's cybersecurity and informatisation body", "本部门网信工作机构"},
	{"the competent department", "有关主管部门"},
	{"the supervisory authority", "数据保护监管机构"},
	{"the people affected", "受影响的个人"},
	{"the guardians of the minors affected", "受影响未成年人的监护人"},
	{"the public", "社会公众"},
}

// text returns a's description in lang, or its String if invalid.
func (a Audience) text(lang purpose.Lang) string {
	if !a.Valid() {
		return a.String()
	}
	return audienceText[a][langIndex(lang)]
}

// String returns the audience's stable name, e.g. "provincial_cac".
func (a Audience) String() string { return audienceEnum.String(uint8(a)) }

// Valid reports whether a is a known audience.
func (a Audience) Valid() bool { return audienceEnum.Valid(uint8(a)) }

// Authority reports whether a is an authority rather than people.
func (a Audience) Authority() bool { return a >= ProvincialCAC && a <= SupervisoryAuthority }

// Law returns the regime whose duty a notice to a meets: GDPR for the
// supervisory authority, PIPL for the Chinese authorities, and 0 (both)
// for people.
func (a Audience) Law() Laws {
	switch {
	case a == SupervisoryAuthority:
		return GDPR
	case a.Authority():
		return PIPL
	}
	return 0
}

// Channel is how a notification was delivered: the channels NDSMR art. 11
// names (phone, SMS, instant messaging, e-mail, announcement), plus
// letters and push notifications (MOR art. 35) and an authority's
// reporting platform or hotline.
type Channel uint8

const (
	// ChannelUnknown is the zero Channel; never valid.
	ChannelUnknown Channel = iota
	// Phone call.
	Phone
	// SMS text message.
	SMS
	// InstantMessage in an app or messenger.
	InstantMessage
	// Email message.
	Email
	// Letter on paper.
	Letter
	// Push notification.
	Push
	// Announcement published on the service's site or app.
	Announcement
	// Portal: an authority's reporting platform, hotline or form.
	Portal
)

var channelEnum = enum.Names{Pkg: "incident", Type: "Channel", Kind: "channel", Err: ErrInvalidEvent,
	Names: []string{"", "phone", "sms", "instant_message", "email", "letter", "push", "announcement", "portal"}}

// String returns the channel's stable name, e.g. "email".
func (c Channel) String() string { return channelEnum.String(uint8(c)) }

// Valid reports whether c is a known channel.
func (c Channel) Valid() bool { return channelEnum.Valid(uint8(c)) }

// Ground is the legal ground of a decision not to notify individuals.
type Ground uint8

const (
	// GroundUnknown is the zero Ground; never valid.
	GroundUnknown Ground = iota
	// HarmAvoided: the measures taken effectively avoid harm from the
	// leak, tampering or loss (PIPL art. 57 para 2).
	HarmAvoided
	// Unintelligible: the data was protected so that it is unintelligible
	// to anyone not authorised, such as by encryption (GDPR art.
	// 34(3)(a)).
	Unintelligible
	// RiskNoLongerLikely: later measures ensure the high risk is no longer
	// likely to materialise (GDPR art. 34(3)(b)).
	RiskNoLongerLikely
)

var groundEnum = enum.Names{Pkg: "incident", Type: "Ground", Kind: "exemption ground", Err: ErrInvalidEvent,
	Names: []string{"", "harm_avoided", "unintelligible", "risk_no_longer_likely"}}

var groundCites = []string{"", "PIPL art. 57 para 2", "GDPR art. 34(3)(a)", "GDPR art. 34(3)(b)"}

// String returns the ground's stable name.
func (g Ground) String() string { return groundEnum.String(uint8(g)) }

// Valid reports whether g is a known ground.
func (g Ground) Valid() bool { return groundEnum.Valid(uint8(g)) }

// Law returns the regime that provides g.
func (g Ground) Law() Laws {
	switch g {
	case HarmAvoided:
		return PIPL
	case Unintelligible, RiskNoLongerLikely:
		return GDPR
	}
	return 0
}

// Citation returns the provision that provides g, or "".
func (g Ground) Citation() string {
	if !g.Valid() {
		return ""
	}
	return groundCites[g]
}
