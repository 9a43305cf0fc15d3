package purpose

import (
	"errors"
	"strconv"

	"fmt"
	"github.com/lawfulgo/lawful/internal/enum"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lawfulgo/lawful/pii"
)

// What a basis's cites say about the law it rests on (PIPL art. 13(1)(3),
// (7); GDPR art. 6(1)(c), (e) with art. 6(3)). Each ";"-separated part is
// read as a citation (ParseCitations); a part that does not parse is
// searched for the names of known instruments and an article reference,
// so that "GDPR art. 6(1)(c), 6(3): the Member State law imposing the
// order" counts as citing the GDPR. What names no known instrument is
// judged by the heuristics below.

// maxCitesParts is how many ";"-separated parts of cites are read.
const maxCitesParts = 16

// citesVerdict is what a basis's cites name.
type citesVerdict struct {
	law      Instrument // first law, administrative regulation or EU regulation named
	rule     Instrument // first departmental rule named
	standard Instrument // first standard or normative document named
	regimes  uint8      // bit 1<<law for the legal order of each instrument named
	articled bool       // a known instrument is cited with an article
	parsed   bool       // every part parsed as citations
	unknown  string     // the first unknown instrument a part names, e.g. "Made Up Law"
	invalid  error      // a provision a known instrument does not have: PIPL art. 99
}

// judgeCites reads cites, at most MaxCitationsLen bytes of it.
func judgeCites(cites string) citesVerdict {
	v := citesVerdict{parsed: true}
	if len(cites) > MaxCitationsLen {
		cites = cites[:MaxCitationsLen]
		v.parsed = false
	}
	t := normaliseCitation(cites)
	n := 0
	for part := range strings.SplitSeq(t, ";") {
		if n++; n > maxCitesParts {
			v.parsed = false
			break
		}
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		cs, err := parsePart(part, part, MaxCitations)
		if err == nil {
			for _, c := range cs {
				v.note(c.Instrument, c.Article != 0 || c.Clause != "")
			}
			continue
		}
		v.parsed = false
		ce, _ := errors.AsType[*CitationError](err)
		switch {
		case ce != nil && ce.provision:
			if v.invalid == nil {
				v.invalid = err
			}
		case ce != nil && errors.Is(err, ErrUnknownInstrument) && v.unknown == "":
			v.unknown = part
		}
		articled := articleRef.MatchString(part)
		findInstruments(part, func(i Instrument) { v.note(i, articled) })
	}
	return v
}

func (v *citesVerdict) note(i Instrument, articled bool) {
	switch k := i.Kind(); {
	case k.IsLaw():
		if !v.law.Valid() {
			v.law = i
		}
	case k == KindDepartmentalRule:
		if !v.rule.Valid() {
			v.rule = i
		}
	default:
		if !v.standard.Valid() {
			v.standard = i
		}
	}
	v.regimes |= 1 << i.Regime()
	v.articled = v.articled || articled
}

// findInstruments calls yield for each known instrument named in s, as a
// whole word. It is the fallback for cites that do not parse.
func findInstruments(s string, yield func(Instrument)) {
	lower := asciiLower(s)
	for _, n := range instrumentNames {
		for from := 0; from < len(lower); {
			i := strings.Index(lower[from:], n.name)
			if i < 0 {
				break
			}
			at := from + i
			if wordStarts(lower, at, n.name) && wordEnds(lower[at+len(n.name):], n.name) {
				yield(n.inst)
				break
			}
			from = at + 1
		}
	}
}

// wordStarts reports whether an ASCII name starts a word at s[at:]; names
// in Chinese may follow anything (中华人民共和国网络安全法).
func wordStarts(s string, at int, name string) bool {
	if at == 0 || !isASCIIWordByte(name[0]) {
		return true
	}
	return !isASCIIWordByte(s[at-1])
}

// wordEnds reports whether a name may end where rest begins. A Chinese name
// may be followed by 第, a list word or punctuation, not by another letter:
// 网络安全法 ends in 网络安全法第二十一条 and 网络安全法等, not in 网络安全法律.
func wordEnds(rest, name string) bool {
	if rest == "" {
		return true
	}
	if isASCIIWordByte(name[len(name)-1]) {
		return !isASCIIWordByte(rest[0])
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return !unicode.IsLetter(r) || strings.ContainsRune("第等和及与的》、", r)
}

func isASCIIWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// Heuristics for cites that name no known instrument: they catch the usual
// ways policies get a citation wrong, not every one.
var (
	// standardRef: recommended national or industry standards, not laws.
	standardRef = regexp.MustCompile(`(?i)\bGB(/[TZ])?\s*\d|\bGB/[TZ]\b|\b(JR|YD|GA|SJ)/T\b|\bTC\s?260\b|国家标准|行业标准|团体标准|信息安全技术|\bstandards?\b`)
	// ownRules are the service's own rules.
	ownRules = []string{"PRIVACY POLICY", "TERMS OF SERVICE", "USER AGREEMENT", "PLATFORM RULE", "隐私政策", "用户协议", "平台规则"}
	// vague phrases name no provision at all.
	vague = []string{"法律法规", "相关法律", "有关法律", "APPLICABLE LAW", "RELEVANT LAW", "LAWS AND REGULATIONS", "N/A"}
	// articleRef: "art. 21", "article 21", "第二十一条", "§ 5".
	articleRef = regexp.MustCompile(`(?i)\bart(icle|s)?\.?\s*\d|第[0-9一二三四五六七八九十百千零〇两]+条|§\s*\d`)
)

// citesProblem says why cites are not enough for a basis whose ground
// under law is ground (LegalDuty, OtherLaw, PublicTask), if they are not.
// A citation of a known law, administrative regulation or EU regulation
// is enough, whatever else cites holds; a departmental rule is enough for a
// duty (PIPL art. 13(1)(3)), not for art. 13(1)(7); a standard, a
// normative document, the service's own rules or "laws and regulations"
// never are. A provision the instrument lacks (PIPL art. 99) is refused.
func citesProblem(cites string, ground Basis, law pii.Law) (why string, bad bool) {
	if len(cites) > MaxCitationsLen {
		return fmt.Sprintf("is %d bytes; name the provisions in at most %d", len(cites), MaxCitationsLen), true
	}
	v := judgeCites(cites)
	switch {
	case v.invalid != nil:
		ce, _ := errors.AsType[*CitationError](v.invalid)
		return "cites a provision that does not exist: " + ce.Why, true
	case v.law.Valid():
		return "", false
	case v.rule.Valid() && ground == OtherLaw && law == pii.PIPL:
		return fmt.Sprintf("cites %s, a departmental rule, which is neither a law nor an administrative regulation", v.rule.Name(EN)), true
	case v.rule.Valid():
		return "", false
	case v.standard.Valid() && v.standard.Kind() == KindNationalStandard:
		return fmt.Sprintf("cites a national or industry standard, which is not a law: %s is a recommended national standard", v.standard), true
	case v.standard.Valid():
		return fmt.Sprintf("cites a normative document (%s), which is not a law", v.standard.Name(EN)), true
	}
	return notALaw(cites)
}

// notALaw judges cites that name no known instrument.
func notALaw(cite string) (why string, bad bool) {
	if standardRef.MatchString(cite) {
		return "cites a national or industry standard, which is not a law", true
	}
	c := strings.ToUpper(strings.TrimSpace(cite))
	for _, s := range ownRules {
		if strings.Contains(c, s) {
			return "cites the service's own rules, which are not a law", true
		}
	}
	for _, s := range vague {
		if strings.Contains(c, s) {
			return "names no particular law", true
		}
	}
	if !articleRef.MatchString(cite) {
		return "names no article; cite the provision, e.g. \"Cybersecurity Law art. 21(3)\" or \"《网络安全法》第二十一条\"", true
	}
	return "", false
}

// groundText describes the ground a cited law serves, for messages: the
// citation of the ground and what it says.
func groundText(ground Basis, law pii.Law) string {
	switch {
	case law == pii.PIPL && ground == LegalDuty:
		return "PIPL art. 13(1)(3): necessary to fulfil a statutory duty or obligation"
	case law == pii.PIPL && ground == OtherLaw:
		return "PIPL art. 13(1)(7): other circumstances provided by laws and administrative regulations"
	case law == pii.GDPR && ground == LegalDuty:
		return "GDPR art. 6(1)(c): a legal obligation laid down by Union or Member State law, art. 6(3)"
	case law == pii.GDPR && ground == PublicTask:
		return "GDPR art. 6(1)(e): a public task or official authority laid down by Union or Member State law, art. 6(3)"
	}
	return ground.Citation(law)
}

// validateCites checks the cites of a basis resting on a law: present, and
// naming a law or administrative regulation (or, for a duty, a rule that
// imposes it), not a standard, the service's own rules or "laws and
// regulations".
func validateCites(legal Legal, law pii.Law, where, field string, ps *problems) {
	b, ground := legal.Basis, legal.Basis.Ground(law)
	if strings.TrimSpace(legal.Cites) != "" {
		if why, bad := citesProblem(legal.Cites, ground, law); bad {
			ps.add(where, field+".cites", rule(ErrMissingCitation, fmt.Sprintf("%s %s (%s)", quoteCites(legal.Cites), why, groundText(ground, law))))
		}
		return
	}
	var msg string
	switch {
	case ground == OtherLaw:
		msg = fmt.Sprintf("basis %q needs the law or administrative regulation it relies on in cites, e.g. \"Cybersecurity Law art. 21(3)\" (%s)", b, ground.Citation(law))
	case law == pii.GDPR:
		msg = fmt.Sprintf("basis %q needs the Union or Member State law it rests on in cites (%s)", b, groundText(ground, law))
	default:
		msg = fmt.Sprintf("basis %q needs the law or administrative regulation that imposes the duty in cites, e.g. \"Cybersecurity Law art. 21(3)\" (%s)", b, groundText(ground, law))
	}
	ps.add(where, field+".cites", rule(ErrMissingCitation, msg))
}

// quoteCites quotes cites for a message: whole up to MaxCitationLen bytes,
// cut beyond.
func quoteCites(s string) string {
	if len(s) <= MaxCitationLen {
		return strconv.Quote(s)
	}
	return enum.Quote(s)
}
