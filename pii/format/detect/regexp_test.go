package detect_test

import (
	"regexp"
	"slices"
	"strings"

	"github.com/lawfulgo/lawful/pii/format"
	"github.com/lawfulgo/lawful/pii/format/detect"
)

// The regexp-based scanner the benchmarks compare the hand-written one
// with: one pattern per kind in the style of common PII scanners, full-
// width digits and separators included, every match validated by package
// format as the hand-written scanner does, context words searched in the
// 40 bytes before a match, overlaps resolved in favour of the earlier and
// then the longer match.

const (
	rd  = `[0-9０-９]`        // a digit, ASCII or full-width
	rs  = `[ \-－\x{3000}]?` // an optional group separator
	rhx = `[0-9A-Fa-f]`
)

type rePattern struct {
	kind format.Kind
	re   *regexp.Regexp
	conf float32
	need *regexp.Regexp // a context word required before the match, or nil
}

var (
	reID       = regexp.MustCompile(`(?i)身份证|证件号|身份号码|\bid\b|identity|idcard`)
	rePhone    = regexp.MustCompile(`(?i)手机|电话|座机|固话|\b(phone|mobile|tel|cell|call|landline)`)
	reCard     = regexp.MustCompile(`(?i)银行卡|卡号|信用卡|储蓄卡|\b(card|debit|credit|visa|bank)`)
	reIMEI     = regexp.MustCompile(`(?i)串号|设备号|\b(imei|meid|device)`)
	rePassport = regexp.MustCompile(`(?i)护照|passport`)
	rePermit   = regexp.MustCompile(`(?i)通行证|回乡证|台胞证|permit`)
	reNeg      = regexp.MustCompile(`(?i)订单|单号|流水号|交易号|编号|快递|时间戳|批次|\b(order|tracking|invoice|ref|serial|ts|timestamp)\b`)
)

var rePatterns = []rePattern{
	{format.NationalID, regexp.MustCompile(rd + `{6}` + rs + rd + `{8}` + rs + rd + `{3}[0-9０-９XxＸｘ]`), 0.95, nil},
	{format.Mobile, regexp.MustCompile(`(?:(?:\+|＋|00)?86` + rs + `)?[1１]` + rd + `{2}` + rs + rd + `{4}` + rs + rd + `{4}`), 0.85, nil},
	{format.Landline, regexp.MustCompile(`(?:\+86` + rs + `)?[0０]` + rd + `{2,3}` + rs + rd + `{7,8}`), 0.7, nil},
	{format.E164, regexp.MustCompile(`\+` + rd + `{1,3}(?:` + rs + rd + `{1,4}){2,5}`), 0.8, nil},
	{format.BankCard, regexp.MustCompile(rd + `{4}(?:` + rs + rd + `{4}){3}(?:` + rs + rd + `{1,3})?`), 0.7, nil},
	{format.IBAN, regexp.MustCompile(`[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?`), 0.9, nil},
	{format.CreditCode, regexp.MustCompile(`[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}`), 0.8, nil},
	{format.Passport, regexp.MustCompile(`(?i)[EKHDSPM][A-Z]?[0-9]{7,8}`), 0.6, rePassport},
	{format.HKMacaoPermit, regexp.MustCompile(`(?i)[CWHM][0-9]{8}(?:[0-9]{2})?`), 0.6, rePermit},
	{format.TaiwanPermit, regexp.MustCompile(`(?i)L?[0-9]{8}(?:[0-9]{2})?`), 0.5, rePermit},
	{format.Email, regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+`), 0.95, nil},
	{format.IP, regexp.MustCompile(`[0-9]{1,3}(?:\.[0-9]{1,3}){3}|(?:` + rhx + `{0,4}:){2,7}` + rhx + `{0,4}`), 0.8, nil},
	{format.IMEI, regexp.MustCompile(rd + `{15}`), 0.65, reIMEI},
	{format.NationalID15, regexp.MustCompile(rd + `{15}`), 0.65, reID},
	{format.MAC, regexp.MustCompile(rhx + `{2}(?:[:\-]` + rhx + `{2}){5}`), 0.85, nil},
	{format.Plate, regexp.MustCompile(`[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z][ ·]?[A-Z0-9]{4,6}[挂学警港澳]?`), 0.75, nil},
}

// reSupport is the context word that raises each kind's confidence.
var reSupport = map[format.Kind]*regexp.Regexp{
	format.NationalID: reID, format.Mobile: rePhone, format.Landline: rePhone, format.E164: rePhone,
	format.BankCard: reCard, format.IBAN: reCard,
}

// glued reports whether the match text[a:b] continues an ASCII word or
// number on either side, which Go's regexp cannot test (no lookaround,
// and \b is ASCII only).
func glued(text string, a, b int) bool {
	isW := func(c byte) bool { return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' }
	return a > 0 && isW(text[a-1]) && isW(text[a]) || b < len(text) && isW(text[b]) && isW(text[b-1])
}

// regexpFind is the regexp-based scanner.
func regexpFind(text string) []detect.Span {
	var all []detect.Span
	for _, p := range rePatterns {
		for _, m := range p.re.FindAllStringIndex(text, -1) {
			a, b := m[0], m[1]
			if glued(text, a, b) || !p.kind.Match(text[a:b]) {
				continue
			}
			before := text[max(0, a-40):a]
			if p.need != nil && !p.need.MatchString(before) {
				continue
			}
			conf := p.conf
			if re := reSupport[p.kind]; re != nil && re.MatchString(before) {
				conf += 0.3
			}
			if p.kind != format.Email && reNeg.MatchString(before) {
				conf -= 0.5
			}
			if conf >= detect.DefaultMinConfidence {
				all = append(all, detect.Span{Start: a, End: b, Kind: p.kind, Confidence: min(conf, 0.99)})
			}
		}
	}
	slices.SortFunc(all, func(x, y detect.Span) int {
		if x.Start != y.Start {
			return x.Start - y.Start
		}
		return y.End - x.End
	})
	out := all[:0]
	end := 0
	for _, sp := range all {
		if sp.Start >= end {
			out = append(out, sp)
			end = sp.End
		}
	}
	return out
}

// benchText is the corpus joined into lines, about 200 KB.
func benchText() string {
	var b strings.Builder
	for _, d := range corpus(7, 2000) {
		b.WriteString(d.text)
		b.WriteByte('\n')
	}
	return b.String()
}
