package detect_test

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/lawfulgo/lawful/pii/format"
)

// The labelled corpus: sentences in Chinese, English and both, built from
// a fixed seed, holding values of every kind in the forms people type
// them (separators, full-width digits, country prefixes), with and
// without context words, beside decoys: numbers with a wrong check digit,
// order numbers, timestamps, dates, versions, amounts, unassigned mobile
// segments, placeholders.

// label is one value the corpus holds, as a byte span of its document.
type label struct {
	start, end int
	kind       format.Kind
}

type doc struct {
	text   string
	labels []label
}

type gen struct {
	r   *rand.Rand
	b   strings.Builder
	lab []label
}

func (g *gen) digits(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + g.r.IntN(10))
	}
	return string(b)
}

func (g *gen) pick(xs ...string) string { return xs[g.r.IntN(len(xs))] }

func (g *gen) text(s string) { g.b.WriteString(s) }

func (g *gen) value(k format.Kind, v string) {
	start := g.b.Len()
	g.b.WriteString(v)
	g.lab = append(g.lab, label{start, g.b.Len(), k})
}

// fullWidth turns ASCII digits, letters and '-' into full-width forms.
func fullWidth(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch {
		case c >= '!' && c <= '~' && c != ' ':
			b.WriteRune(c - '!' + '！')
		case c == ' ':
			b.WriteRune('\u3000')
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

func luhnDigit(body string) byte {
	sum, double := 0, true
	for i := len(body) - 1; i >= 0; i-- {
		d := int(body[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return byte('0' + (10-sum%10)%10)
}

func idCheck(body string) byte {
	w := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	s := 0
	for i := range 17 {
		s += int(body[i]-'0') * w[i]
	}
	return "10X98765432"[s%11]
}

var regions = []string{"110105", "110108", "310104", "310115", "440305", "440106", "510107", "330106", "420106", "320102",
	"610113", "130701", "440524", "370202", "500103", "210102", "350203", "530102", "620102", "650102"}

func (g *gen) birth(y0, y1 int) string {
	y := y0 + g.r.IntN(y1-y0)
	m := 1 + g.r.IntN(12)
	d := 1 + g.r.IntN(28)
	return fmt.Sprintf("%04d%02d%02d", y, m, d)
}

func (g *gen) id18() string {
	body := g.pick(regions...) + g.birth(1940, 2012) + g.digits(3)
	return body + string(idCheck(body))
}

func (g *gen) id15() string { return g.pick(regions...) + g.birth(1930, 2000)[2:] + g.digits(3) }

var segments = []string{"130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155",
	"156", "157", "158", "159", "166", "170", "175", "176", "177", "180", "181", "182", "185", "186", "187", "188",
	"189", "191", "193", "195", "198", "199", "147"}

func (g *gen) mobile() string { return g.pick(segments...) + g.digits(8) }

func (g *gen) card() string {
	var body string
	switch g.r.IntN(4) {
	case 0, 1:
		body = "62" + g.digits(14+g.r.IntN(3))
	case 2:
		body = "4" + g.digits(14)
	default:
		body = "5" + string(byte('1'+g.r.IntN(5))) + g.digits(13)
	}
	return body + string(luhnDigit(body))
}

func (g *gen) imei() string {
	body := "35" + g.digits(12)
	return body + string(luhnDigit(body))
}

func group4(s string, sep string) string {
	var parts []string
	for len(s) > 4 {
		parts = append(parts, s[:4])
		s = s[4:]
	}
	return strings.Join(append(parts, s), sep)
}

const plateSerial = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"

func (g *gen) plate() string {
	p := g.pick("京", "沪", "粤", "苏", "浙", "川", "鄂", "鲁", "津", "渝")
	p += string(byte('A' + g.r.IntN(8)))
	if g.r.IntN(3) == 0 {
		return p + g.pick("D", "F") + string(plateSerial[g.r.IntN(len(plateSerial))]) + g.digits(4)
	}
	for range 5 {
		p += string(plateSerial[g.r.IntN(len(plateSerial))])
	}
	return p
}

func (g *gen) iban() string {
	cc := g.pick("DE", "GB", "FR", "NL")
	var bban string
	switch cc {
	case "DE":
		bban = g.digits(18)
	case "GB":
		bban = g.pick("WEST", "NWBK", "BARC") + g.digits(14)
	case "FR":
		bban = g.digits(23)
	default:
		bban = g.pick("ABNA", "INGB", "RABO") + g.digits(10)
	}
	rem := 0
	for _, c := range bban + cc + "00" {
		if c >= 'A' {
			rem = (rem*100 + int(c-'A'+10)) % 97
		} else {
			rem = (rem*10 + int(c-'0')) % 97
		}
	}
	return group4(fmt.Sprintf("%s%02d%s", cc, 98-rem, bban), " ")
}

func (g *gen) creditCode() string {
	const alpha = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	w := []int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	body := "91" + g.pick(regions...)
	for range 9 {
		body += string(alpha[g.r.IntN(len(alpha))])
	}
	sum := 0
	for i := range 17 {
		sum += strings.IndexByte(alpha, body[i]) * w[i]
	}
	return body + string(alpha[(31-sum%31)%31])
}
