package purpose

import (
	"fmt"
	"strings"

	"github.com/lawfulgo/lawful/internal/enum"
	"github.com/lawfulgo/lawful/pii"
)

// Instrument is a legal instrument the library knows: a PRC law,
// administrative regulation, departmental rule, normative document or
// national standard, or an EU regulation. Citations (ParseCitation) name
// one, and policy validation asks of it what a ground needs: PIPL art.
// 13(1)(7) wants a law or administrative regulation, and a national
// standard or a platform's rules are never law.
//
// The zero value, InstrumentUnknown, is no instrument. Instruments lists
// the table; an instrument not in it is not thereby unlawful, only not
// checked (Lint reports it).
type Instrument uint8

// The known instruments. Abbreviations are those String prints.
const (
	// InstrumentUnknown is the zero Instrument.
	InstrumentUnknown Instrument = iota
	// InstrumentPIPL is the Personal Information Protection Law (个人信息保护法), in force 2021-11-01.
	InstrumentPIPL
	// InstrumentCSL is the Cybersecurity Law (网络安全法). Citations use the
	// 2016 numbering: the 2025 amendment, in force 2026-01-01, inserts two
	// articles before art. 19, so old art. 21 (network logs) is art. 23 there.
	InstrumentCSL
	// InstrumentDSL is the Data Security Law (数据安全法).
	InstrumentDSL
	// InstrumentNDSMR is the Network Data Security Management Regulations
	// (网络数据安全管理条例, State Council Order 790), in force 2025-01-01.
	InstrumentNDSMR
	// InstrumentMOR is the Regulations on the Protection of Minors Online
	// (未成年人网络保护条例), in force 2024-01-01.
	InstrumentMOR
	// InstrumentMPL is the Minors Protection Law (未成年人保护法), 2020 revision.
	InstrumentMPL
	// InstrumentCPIP is the Provisions on the Cyber Protection of Children's
	// Personal Information (儿童个人信息网络保护规定, CAC Order 4): a
	// departmental rule.
	InstrumentCPIP
	// InstrumentDSP is the Provisions on the Administration of Deep Synthesis
	// of Internet Information Services (互联网信息服务深度合成管理规定).
	InstrumentDSP
	// InstrumentIRM is the National Cybersecurity Incident Reporting Measures
	// (国家网络安全事件报告管理办法), in force 2025-11-01.
	InstrumentIRM
	// InstrumentCivilCode is the Civil Code (民法典).
	InstrumentCivilCode
	// InstrumentCriminalProcedureLaw is the Criminal Procedure Law (刑事诉讼法), 2018 revision.
	InstrumentCriminalProcedureLaw
	// InstrumentHGR is the Regulations on the Management of Human Genetic
	// Resources (人类遗传资源管理条例), 2019.
	InstrumentHGR
	// InstrumentGBT35273 is GB/T 35273-2020, Information security technology —
	// Personal information security specification: a recommended national
	// standard, not a law.
	InstrumentGBT35273
	// InstrumentGDPR is the General Data Protection Regulation, Regulation (EU) 2016/679.
	InstrumentGDPR
	// InstrumentCounterTerrorismLaw is the Counter-Terrorism Law (反恐怖主义法).
	InstrumentCounterTerrorismLaw
	// InstrumentECommerceLaw is the E-Commerce Law (电子商务法).
	InstrumentECommerceLaw
	// InstrumentNationalSecurityLaw is the National Security Law (国家安全法).
	InstrumentNationalSecurityLaw
	// InstrumentAntiFraudLaw is the Anti-Telecom and Online Fraud Law (反电信网络诈骗法).
	InstrumentAntiFraudLaw
	// InstrumentCounterEspionageLaw is the Counter-Espionage Law (反间谍法).
	InstrumentCounterEspionageLaw
	// InstrumentAntiMoneyLaunderingLaw is the Anti-Money Laundering Law (反洗钱法).
	InstrumentAntiMoneyLaunderingLaw
	// InstrumentLabourContractLaw is the Labour Contract Law (劳动合同法).
	InstrumentLabourContractLaw
	// InstrumentConsumerRightsLaw is the Law on the Protection of Consumer
	// Rights and Interests (消费者权益保护法).
	InstrumentConsumerRightsLaw
	// InstrumentAdvertisingLaw is the Advertising Law (广告法).
	InstrumentAdvertisingLaw
	// InstrumentAccountingLaw is the Accounting Law (会计法).
	InstrumentAccountingLaw
	// InstrumentCIIORegulations is the Regulations on the Security Protection
	// of Critical Information Infrastructure (关键信息基础设施安全保护条例).
	InstrumentCIIORegulations
	// InstrumentTelecomRegulations is the Telecommunications Regulations (电信条例).
	InstrumentTelecomRegulations
	// InstrumentAlgorithmProvisions is the Provisions on the Administration of
	// Algorithmic Recommendation of Internet Information Services
	// (互联网信息服务算法推荐管理规定).
	InstrumentAlgorithmProvisions
	// InstrumentGenerativeAIMeasures is the Interim Measures for the
	// Management of Generative AI Services (生成式人工智能服务管理暂行办法).
	InstrumentGenerativeAIMeasures
	// InstrumentExportAssessmentMeasures is the Measures for the Security
	// Assessment of Outbound Data Transfers (数据出境安全评估办法).
	InstrumentExportAssessmentMeasures
	// InstrumentStandardContractMeasures is the Measures on the Standard
	// Contract for the Outbound Transfer of Personal Information
	// (个人信息出境标准合同办法).
	InstrumentStandardContractMeasures
	// InstrumentCrossBorderProvisions is the Provisions on Promoting and
	// Regulating Cross-Border Data Flows (促进和规范数据跨境流动规定).
	InstrumentCrossBorderProvisions
	// InstrumentNecessaryScopeRules is the Provisions on the Scope of
	// Necessary Personal Information for Common Types of Mobile Internet
	// Applications (常见类型移动互联网应用程序必要个人信息范围规定): a
	// normative document, not a rule.
	InstrumentNecessaryScopeRules

	numInstruments = iota
)

// InstrumentKind is the rank of an instrument in its legal order.
type InstrumentKind uint8

const (
	// KindUnknown is the zero InstrumentKind.
	KindUnknown InstrumentKind = iota
	// KindLaw is a PRC law (法律) adopted by the NPC or its Standing Committee.
	KindLaw
	// KindAdministrativeRegulation is a PRC administrative regulation
	// (行政法规) of the State Council.
	KindAdministrativeRegulation
	// KindDepartmentalRule is a PRC departmental rule (部门规章), e.g. of the
	// CAC: binding, but neither a law nor an administrative regulation
	// (PIPL art. 13(1)(7)).
	KindDepartmentalRule
	// KindNormativeDocument is a PRC normative document (规范性文件): guidance
	// of an authority, below a rule.
	KindNormativeDocument
	// KindNationalStandard is a national standard (国家标准); GB/T ones are
	// recommended, not binding.
	KindNationalStandard
	// KindEURegulation is a regulation of the European Union, binding and
	// directly applicable in every member state (TFEU art. 288).
	KindEURegulation
)

var kindEnum = enum.Names{Pkg: "purpose", Type: "InstrumentKind", Kind: "instrument kind", Err: ErrInvalidValue,
	Names: []string{"", "law", "administrative_regulation", "departmental_rule", "normative_document", "national_standard", "eu_regulation"}}

// String returns the stable name of k ("law", "administrative_regulation", ...).
func (k InstrumentKind) String() string { return kindEnum.String(uint8(k)) }

// IsLaw reports whether k is law in the sense of PIPL art. 13(1)(7) ("laws
// and administrative regulations") or of GDPR art. 6(3) (Union law): a PRC
// law or administrative regulation, or an EU regulation.
func (k InstrumentKind) IsLaw() bool {
	return k == KindLaw || k == KindAdministrativeRegulation || k == KindEURegulation
}

type instrumentInfo struct {
	abbr     string // what String prints; also an alias
	en, zh   string // full names
	kind     InstrumentKind
	regime   pii.Law  // the legal order: PIPL for the PRC, GDPR for the EU
	articles int      // highest article number; 0 = not checked
	aliases  []string // other names, lower-case ASCII; matched case-insensitively
}

func prc(abbr, en, zh string, kind InstrumentKind, articles int, aliases ...string) instrumentInfo {
	return instrumentInfo{abbr: abbr, en: en, zh: zh, kind: kind, regime: pii.PIPL, articles: articles, aliases: aliases}
}

// instruments is the table. Article counts are given only where the text
// in force was checked; 0 leaves the number unchecked.
var instruments = [numInstruments]instrumentInfo{
	InstrumentPIPL: prc("PIPL", "Personal Information Protection Law", "个人信息保护法", KindLaw, 74, "个保法", "personal information protection law of the people's republic of china", "prc personal information protection law"),
	InstrumentCSL:  prc("CSL", "Cybersecurity Law", "网络安全法", KindLaw, 79, "cyber security law", "network security law", "cybersecurity law of the people's republic of china", "prc cybersecurity law", "网安法"),
	InstrumentDSL:  prc("DSL", "Data Security Law", "数据安全法", KindLaw, 55, "data security law of the people's republic of china"),
	InstrumentNDSMR: prc("NDSMR", "Network Data Security Management Regulations", "网络数据安全管理条例", KindAdministrativeRegulation, 64,
		"regulations on network data security management", "regulations on the management of network data security", "network data security regulations"),
	InstrumentMOR: prc("MOR", "Regulations on the Protection of Minors Online", "未成年人网络保护条例", KindAdministrativeRegulation, 60,
		"regulations on the online protection of minors", "regulations on the network protection of minors", "minors online protection regulations"),
	InstrumentMPL: prc("MPL", "Minors Protection Law", "未成年人保护法", KindLaw, 132, "law on the protection of minors", "minor protection law", "protection of minors law"),
	InstrumentCPIP: prc("CPIP", "Provisions on the Cyber Protection of Children's Personal Information", "儿童个人信息网络保护规定", KindDepartmentalRule, 29,
		"provisions on the online protection of children's personal information", "children's personal information provisions"),
	InstrumentDSP: prc("DSP", "Deep Synthesis Provisions", "互联网信息服务深度合成管理规定", KindDepartmentalRule, 25,
		"provisions on the administration of deep synthesis of internet information services", "provisions on deep synthesis", "深度合成管理规定"),
	InstrumentIRM: prc("IRM", "National Cybersecurity Incident Reporting Measures", "国家网络安全事件报告管理办法", KindDepartmentalRule, 0,
		"measures for the reporting of national cybersecurity incidents", "cybersecurity incident reporting measures"),
	InstrumentCivilCode:            prc("Civil Code", "Civil Code", "民法典", KindLaw, 1260, "prc civil code", "civil code of the people's republic of china"),
	InstrumentCriminalProcedureLaw: prc("Criminal Procedure Law", "Criminal Procedure Law", "刑事诉讼法", KindLaw, 308, "criminal procedure law of the people's republic of china", "law on criminal procedure"),
	InstrumentHGR: prc("HGR", "Regulations on the Management of Human Genetic Resources", "人类遗传资源管理条例", KindAdministrativeRegulation, 47,
		"human genetic resources regulations", "regulations on human genetic resources"),
	InstrumentGBT35273: prc("GB/T 35273-2020", "Information security technology — Personal information security specification", "信息安全技术 个人信息安全规范", KindNationalStandard, 0,
		"gb/t 35273", "gb/t35273-2020", "gb/t35273", "personal information security specification", "个人信息安全规范", "信息安全技术个人信息安全规范"),
	InstrumentGDPR: {abbr: "GDPR", en: "General Data Protection Regulation", zh: "通用数据保护条例", kind: KindEURegulation, regime: pii.GDPR, articles: 99,
		aliases: []string{"regulation (eu) 2016/679", "eu gdpr", "eu general data protection regulation", "dsgvo", "rgpd", "一般数据保护条例", "欧盟通用数据保护条例"}},
	InstrumentCounterTerrorismLaw:      prc("Counter-Terrorism Law", "Counter-Terrorism Law", "反恐怖主义法", KindLaw, 97, "anti-terrorism law", "counterterrorism law"),
	InstrumentECommerceLaw:             prc("E-Commerce Law", "E-Commerce Law", "电子商务法", KindLaw, 89, "electronic commerce law", "ecommerce law"),
	InstrumentNationalSecurityLaw:      prc("National Security Law", "National Security Law", "国家安全法", KindLaw, 84),
	InstrumentAntiFraudLaw:             prc("Anti-Telecom Fraud Law", "Anti-Telecom and Online Fraud Law", "反电信网络诈骗法", KindLaw, 50, "anti-telecommunications network fraud law", "anti-telecom and network fraud law", "law against telecom and online fraud"),
	InstrumentCounterEspionageLaw:      prc("Counter-Espionage Law", "Counter-Espionage Law", "反间谍法", KindLaw, 0, "anti-espionage law", "counterespionage law"),
	InstrumentAntiMoneyLaunderingLaw:   prc("Anti-Money Laundering Law", "Anti-Money Laundering Law", "反洗钱法", KindLaw, 0, "aml law"),
	InstrumentLabourContractLaw:        prc("Labour Contract Law", "Labour Contract Law", "劳动合同法", KindLaw, 98, "labor contract law", "employment contract law"),
	InstrumentConsumerRightsLaw:        prc("Consumer Rights Protection Law", "Law on the Protection of Consumer Rights and Interests", "消费者权益保护法", KindLaw, 63, "consumer protection law", "consumer rights law", "消法"),
	InstrumentAdvertisingLaw:           prc("Advertising Law", "Advertising Law", "广告法", KindLaw, 0),
	InstrumentAccountingLaw:            prc("Accounting Law", "Accounting Law", "会计法", KindLaw, 0),
	InstrumentCIIORegulations:          prc("CIIO Regulations", "Regulations on the Security Protection of Critical Information Infrastructure", "关键信息基础设施安全保护条例", KindAdministrativeRegulation, 51, "critical information infrastructure regulations", "cii regulations"),
	InstrumentTelecomRegulations:       prc("Telecommunications Regulations", "Telecommunications Regulations", "电信条例", KindAdministrativeRegulation, 0, "telecom regulations"),
	InstrumentAlgorithmProvisions:      prc("Algorithmic Recommendation Provisions", "Provisions on the Administration of Algorithmic Recommendation of Internet Information Services", "互联网信息服务算法推荐管理规定", KindDepartmentalRule, 35, "algorithm recommendation provisions", "算法推荐管理规定"),
	InstrumentGenerativeAIMeasures:     prc("Generative AI Measures", "Interim Measures for the Management of Generative AI Services", "生成式人工智能服务管理暂行办法", KindDepartmentalRule, 24, "generative ai interim measures", "interim measures for the management of generative artificial intelligence services"),
	InstrumentExportAssessmentMeasures: prc("Export Security Assessment Measures", "Measures for the Security Assessment of Outbound Data Transfers", "数据出境安全评估办法", KindDepartmentalRule, 0, "data export security assessment measures", "measures for security assessment of outbound data transfer"),
	InstrumentStandardContractMeasures: prc("Standard Contract Measures", "Measures on the Standard Contract for the Outbound Transfer of Personal Information", "个人信息出境标准合同办法", KindDepartmentalRule, 0, "measures on the standard contract for the export of personal information"),
	InstrumentCrossBorderProvisions:    prc("Cross-Border Data Flow Provisions", "Provisions on Promoting and Regulating Cross-Border Data Flows", "促进和规范数据跨境流动规定", KindDepartmentalRule, 0, "provisions on promoting and regulating cross-border data flow"),
	InstrumentNecessaryScopeRules:      prc("Necessary PI Scope Provisions", "Provisions on the Scope of Necessary Personal Information for Common Types of Mobile Internet Applications", "常见类型移动互联网应用程序必要个人信息范围规定", KindNormativeDocument, 0, "necessary personal information scope provisions"),
}

// Instruments lists every known Instrument in declaration order.
func Instruments() []Instrument {
	out := make([]Instrument, 0, numInstruments-1)
	for i := 1; i < numInstruments; i++ {
		out = append(out, Instrument(i))
	}
	return out
}

// Valid reports whether i is a known, non-zero Instrument.
func (i Instrument) Valid() bool { return i != InstrumentUnknown && int(i) < numInstruments }

// String returns the abbreviation citations use ("PIPL", "CSL",
// "Civil Code", "GB/T 35273-2020", "GDPR", ...), or "Instrument(N)".
func (i Instrument) String() string {
	if i.Valid() {
		return instruments[i].abbr
	}
	return fmt.Sprintf("Instrument(%d)", uint8(i))
}

// Name returns the full name in lang, e.g. "Personal Information
// Protection Law" or "个人信息保护法" (without 《》).
func (i Instrument) Name(lang Lang) string {
	if !i.Valid() {
		return i.String()
	}
	if lang == ZH {
		return instruments[i].zh
	}
	return instruments[i].en
}

// Kind returns the rank of i: law, administrative regulation, departmental
// rule, normative document, national standard or EU regulation.
func (i Instrument) Kind() InstrumentKind {
	if !i.Valid() {
		return KindUnknown
	}
	return instruments[i].kind
}

// Regime returns the legal order i belongs to: pii.PIPL for a PRC
// instrument, pii.GDPR for an EU one.
func (i Instrument) Regime() pii.Law {
	if !i.Valid() {
		return pii.LawUnknown
	}
	return instruments[i].regime
}

// Articles returns the number of articles of i, or 0 when the library does
// not check article numbers for it (standards are cited by clause).
func (i Instrument) Articles() int {
	if !i.Valid() {
		return 0
	}
	return instruments[i].articles
}

// MarshalText encodes i as its String; the zero value is an error.
func (i Instrument) MarshalText() ([]byte, error) {
	if !i.Valid() {
		return nil, rule(ErrUnknownInstrument, "purpose: cannot marshal invalid "+i.String())
	}
	return []byte(instruments[i].abbr), nil
}

// UnmarshalText parses an instrument name (see ParseInstrument).
func (i *Instrument) UnmarshalText(text []byte) error {
	v, err := ParseInstrument(string(text))
	if err == nil {
		*i = v
	}
	return err
}

// ParseInstrument returns the instrument a name denotes: its abbreviation,
// its English or Chinese name, with or without 《》, "the" or
// "中华人民共和国" (the People's Republic of China), in any letter case.
func ParseInstrument(name string) (Instrument, error) {
	if len(name) > MaxCitationLen {
		return InstrumentUnknown, citationError(name, ErrUnknownInstrument, fmt.Sprintf("an instrument name is at most %d bytes", MaxCitationLen))
	}
	n := normaliseName(normaliseCitation(name))
	for i := 1; i < numInstruments; i++ {
		if instrumentMatches(Instrument(i), n) {
			return Instrument(i), nil
		}
	}
	return InstrumentUnknown, citationError(name, ErrUnknownInstrument, "not an instrument the library knows; see purpose.Instruments")
}

// normaliseName lower-cases ASCII letters and drops the brackets and
// prefixes a name may carry: 《》, "the ", "中华人民共和国".
func normaliseName(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "《")
	s = strings.TrimSuffix(s, "》")
	s = strings.TrimSpace(asciiLower(s))
	s = strings.TrimPrefix(s, "the ")
	s = strings.TrimPrefix(s, "中华人民共和国")
	return strings.TrimSpace(s)
}

// instrumentMatches reports whether the normalised name n is a name of i.
func instrumentMatches(i Instrument, n string) bool {
	info := &instruments[i]
	if n == asciiLower(info.abbr) || n == asciiLower(info.en) || n == info.zh {
		return true
	}
	for _, a := range info.aliases {
		if n == a {
			return true
		}
	}
	return false
}

// asciiLower lower-cases ASCII letters only, so byte offsets stay put.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// names returns every name of i that may start or end a citation, lower-case.
func (i Instrument) names() []string {
	info := &instruments[i]
	out := make([]string, 0, 3+len(info.aliases)+2)
	out = append(out, asciiLower(info.abbr), asciiLower(info.en), info.zh)
	out = append(out, info.aliases...)
	return out
}
