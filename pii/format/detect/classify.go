package detect

import (
	"errors"

	"github.com/lawfulgo/lawful/pii/format"
)

// maxSig bounds the significant characters of a candidate (an IBAN has at
// most 34).
const maxSig = 36

// shape describes a candidate: its significant characters (letters upper
// cased) and what else it holds.
type shape struct {
	d                  [maxSig]byte
	n, digits, letters int
	plus               bool // a leading '+'
	seps               int  // spaces and hyphens between groups
	ok                 bool // only digits, letters, a leading '+' and separators
}

func (st *scan) shape(a, b int) shape {
	t := st.text
	var s shape
	s.ok = true
	for i := a; i < b; {
		c, size := fold1(t, i)
		i += size
		switch {
		case class[c]&cDigit != 0:
			s.digits++
		case class[c]&cLetter != 0:
			s.letters++
			if c >= 'a' {
				c -= 'a' - 'A'
			}
		case c == '+' && s.n == 0 && !s.plus:
			s.plus = true
			continue
		case c == ' ' || c == '-':
			s.seps++
			continue
		default:
			s.ok = false
			return s
		}
		if s.n == maxSig {
			s.ok = false
			return s
		}
		s.d[s.n] = c
		s.n++
	}
	return s
}

// Base confidences, before context: how often a value of this shape that
// passes its check is what it looks like.
const (
	confStrong = 0.95 // ID with MOD 11-2, date and region; e-mail
	confIBAN   = 0.9
	confPhone  = 0.85 // 11 digits in an assigned mobile segment
	confIPv6   = 0.85
	confMAC    = 0.85
	confCode   = 0.8 // credit code with letters and mod 31; E.164 with '+'
	confIPv4   = 0.75
	confPlate  = 0.75
	confCard   = 0.7  // Luhn and a card-issuer prefix
	confLand   = 0.7  // landline written with a separator
	confWeak   = 0.45 // landline without separator, Luhn without issuer
	confNoCtx  = 0.35 // 15-digit IMEI or first-generation ID
	confDoc    = 0.3  // passport and permit shapes
	confBare   = 0.2  // 8 or 10 digits: a Taiwan permit only by context
	boost      = 0.3
	penalty    = 0.5
)

// classify reports whether t[a:b] is a value, and records its span.
func (st *scan) classify(a, b int) bool {
	s := st.shape(a, b)
	if !s.ok || s.n < 7 {
		return false
	}
	v := st.text[a:b]
	var k format.Kind
	var conf float32
	switch {
	case s.n == 12 && s.seps == 5 && b-a == 17 && format.MAC.Match(v):
		k, conf = format.MAC, confMAC
	case s.plus:
		k, conf = st.plusNumber(&s, v)
	case s.letters == 0 || s.letters == 1 && s.n == 18 && s.d[17] == 'X':
		k, conf = st.number(&s, v, a)
	default:
		k, conf = st.alnum(&s, v, a)
	}
	return st.emit(a, b, k, conf)
}

// emit records a span if its kind is wanted and its confidence, after
// context, reaches the minimum.
func (st *scan) emit(a, b int, k format.Kind, conf float32) bool {
	if k == format.KindUnknown || st.kinds&(1<<k) == 0 {
		return false
	}
	conf = st.adjust(k, conf, a)
	if conf < st.min {
		return false
	}
	st.out = append(st.out, Span{Start: a, End: b, Kind: k, Confidence: conf})
	return true
}

// ctxOf is the context class that supports each kind.
var ctxOf = [...]ctxClass{
	format.NationalID: ctxID, format.NationalID15: ctxID, format.CreditCode: ctxCredit, format.Mobile: ctxPhone,
	format.Landline: ctxPhone, format.E164: ctxPhone, format.BankCard: ctxCard, format.IBAN: ctxIBAN,
	format.Passport: ctxPassport, format.HKMacaoPermit: ctxPermit, format.TaiwanPermit: ctxPermit,
	format.Email: ctxNone, format.IP: ctxIP, format.IMEI: ctxIMEI, format.MAC: ctxMAC, format.Plate: ctxPlate,
}

// near reports whether a context word of class c ended within the window
// before offset a.
func (st *scan) near(c ctxClass, a int) bool {
	return st.ctx[c] >= st.prev && a-st.ctx[c] <= window
}

// adjust raises conf after a supporting context word and lowers it after
// a word for order numbers, serials and the like, whichever came last.
func (st *scan) adjust(k format.Kind, conf float32, a int) float32 {
	c := ctxNone
	if int(k) < len(ctxOf) {
		c = ctxOf[k]
	}
	pos := c != ctxNone && st.near(c, a)
	if k == format.IBAN && !pos && st.near(ctxCard, a) {
		pos, c = true, ctxCard
	}
	if pos {
		conf = min(conf+boost, 0.99)
	}
	if k != format.Email && st.near(ctxNeg, a) && (!pos || st.ctx[ctxNeg] > st.ctx[c]) {
		conf -= penalty
	}
	return max(conf, 0)
}

func (st *scan) plusNumber(s *shape, v string) (format.Kind, float32) {
	if s.letters > 0 {
		return format.KindUnknown, 0
	}
	if s.d[0] == '8' && s.d[1] == '6' {
		switch {
		case format.Mobile.Match(v):
			return format.Mobile, confPhone
		case format.Landline.Match(v):
			return format.Landline, confLand
		}
		return format.KindUnknown, 0
	}
	if format.E164.Match(v) {
		return format.E164, confCode
	}
	return format.KindUnknown, 0
}

// cardIssuer reports whether a PAN starts like a payment card of its
// length (ISO/IEC 7812-1 issuer identification numbers): with 16 digits 3
// (JCB, Diners), 4 (Visa), 5 (Mastercard), 6 (UnionPay 62, Discover) or
// 2221-2720 (Mastercard 2-series); with 17 to 19 digits 5 or 6 (Maestro,
// UnionPay), and with 19 also 4 (Visa) and 3 (JCB).
func cardIssuer(d []byte) bool {
	if len(d) > 16 {
		switch d[0] {
		case '5', '6':
			return true
		case '3', '4':
			return len(d) == 19
		}
		return false
	}
	switch d[0] {
	case '3', '4', '5', '6':
		return true
	case '2':
		p := int(d[1]-'0')*100 + int(d[2]-'0')*10 + int(d[3]-'0')
		return p >= 221 && p <= 720
	}
	return false
}

func (st *scan) number(s *shape, v string, a int) (format.Kind, float32) {
	d := s.d[:s.n]
	switch n := s.n; {
	case n == 11 && d[0] == '1', n == 13 && d[0] == '8' && d[1] == '6', n == 15 && string(d[:4]) == "0086":
		if format.Mobile.Match(v) {
			return format.Mobile, confPhone
		}
		if n != 15 {
			return format.KindUnknown, 0
		}
	case n == 18 && format.NationalID.Match(v):
		return format.NationalID, confStrong
	case n >= 10 && n <= 12 && d[0] == '0':
		if format.Landline.Match(v) {
			if s.seps > 0 || st.near(ctxPhone, a) {
				return format.Landline, confLand
			}
			return format.Landline, confWeak
		}
		return format.KindUnknown, 0
	case n == 8 || n == 10:
		return format.TaiwanPermit, confBare
	}
	if s.n == 15 {
		return st.fifteen(v, a)
	}
	if s.n >= 16 && s.n <= 19 && s.letters == 0 && format.BankCard.Match(v) {
		return st.card(d, v, a)
	}
	return format.KindUnknown, 0
}

// card rates a number passing the Luhn check. An 18-digit number with an
// ID number's region and birth date but a wrong check character is a
// mistyped ID number, not a card, unless a card word came last.
func (st *scan) card(d []byte, v string, a int) (format.Kind, float32) {
	if len(d) == 18 && errors.Is(format.NationalID.Validate(v), format.ErrChecksum) &&
		(!st.near(ctxCard, a) || st.near(ctxID, a) && st.ctx[ctxID] >= st.ctx[ctxCard]-len("card ")) {
		return format.KindUnknown, 0
	}
	if cardIssuer(d) {
		return format.BankCard, confCard
	}
	return format.BankCard, confWeak
}

// fifteen tells a 15-digit IMEI from a first-generation ID number: the
// context decides; without one, a Luhn-valid IMEI or a valid old ID stays
// below the default minimum.
func (st *scan) fifteen(v string, a int) (format.Kind, float32) {
	imei, old := format.IMEI.Match(v), format.NationalID15.Match(v)
	switch {
	case imei && st.near(ctxIMEI, a):
		return format.IMEI, confNoCtx
	case old && st.near(ctxID, a):
		return format.NationalID15, confNoCtx
	case imei:
		return format.IMEI, confNoCtx
	case old:
		return format.NationalID15, confNoCtx
	}
	return format.KindUnknown, 0
}

func (st *scan) alnum(s *shape, v string, a int) (format.Kind, float32) {
	d := s.d[:s.n]
	switch {
	case s.n == 18 && format.CreditCode.Match(v):
		return format.CreditCode, confCode
	case s.n >= 15 && s.letters >= 2 && class[d[0]]&cLetter != 0 && class[d[1]]&cLetter != 0 && format.IBAN.Match(v):
		return format.IBAN, confIBAN
	case s.n >= 8 && s.n <= 11 && class[d[0]]&cLetter != 0:
		return st.document(v, a)
	case s.n == 12 && s.seps == 0 && st.near(ctxMAC, a) && format.MAC.Match(v):
		return format.MAC, confDoc
	}
	return format.KindUnknown, 0
}

// document picks among passport and permit kinds by context; all three
// share shapes (H and 8 digits is a Hong Kong passport and a home-return
// permit), and none has a check digit.
func (st *scan) document(v string, a int) (format.Kind, float32) {
	pass, hkm, tw := format.Passport.Match(v), format.HKMacaoPermit.Match(v), format.TaiwanPermit.Match(v)
	switch {
	case pass && st.near(ctxPassport, a):
		return format.Passport, confDoc
	case (hkm || tw) && st.near(ctxPermit, a):
		if hkm && (!tw || v[0] != 'L') {
			return format.HKMacaoPermit, confDoc
		}
		return format.TaiwanPermit, confDoc
	case pass:
		return format.Passport, confDoc
	case hkm:
		return format.HKMacaoPermit, confDoc
	case tw:
		return format.TaiwanPermit, confDoc
	}
	return format.KindUnknown, 0
}

// email finds an address around the first '@' of the atom t[i:j] and
// handles what is left on either side.
func (st *scan) email(i, j int) {
	t := st.text
	at, atSize := -1, 1
	for k := i; k < j; {
		c, size := fold1(t, k)
		if c == '@' {
			at, atSize = k, size
			break
		}
		k += size
	}
	ls := at
	for ls > i && class[t[ls-1]]&cAtext != 0 || ls > i && t[ls-1] == '.' {
		ls--
	}
	for ls < at && t[ls] == '.' {
		ls++
	}
	de := at + atSize
	for de < j && (class[t[de]]&cAlnum != 0 || t[de] == '-' || t[de] == '.') {
		de++
	}
	for de > at+atSize && (t[de-1] == '.' || t[de-1] == '-') {
		de--
	}
	ok := ls < at && de > at+atSize && format.Email.Match(t[ls:de]) && st.emit(ls, de, format.Email, confStrong)
	if !ok {
		ls, de = at, at+atSize
	}
	if i < ls {
		st.rest(i, ls)
	}
	if de < j {
		st.rest(de, j)
	}
}

// rest handles a leftover stretch of an atom, without extending it.
func (st *scan) rest(a, b int) {
	t := st.text
	x := a
	for k := a; k <= b; {
		c, size := byte(':'), 1
		if k < b {
			c, size = fold1(t, k)
		}
		if c == ':' || c == '@' {
			if x < k {
				st.part(x, k, k, false)
			}
			x = k + size
		}
		k += size
	}
}

// colon reports whether the atom t[i:j] is a MAC or IPv6 address, and
// records it.
func (st *scan) colon(i, j int) bool {
	i, j = st.trim(i, j)
	t := st.text
	colons, double := 0, false
	for k := i; k < j; k++ {
		c := t[k]
		switch {
		case c == ':':
			colons++
			double = double || k+1 < j && t[k+1] == ':'
		case c == '%':
			k = j // a zone runs to the end
		case class[c]&cHex == 0 && c != '.':
			return false
		}
	}
	v := t[i:j]
	switch {
	case j-i == 17 && colons == 5 && format.MAC.Match(v):
		return st.emit(i, j, format.MAC, confMAC)
	case colons >= 2 && (double || colons == 7) && format.IP.Match(v):
		return st.emit(i, j, format.IP, confIPv6)
	}
	return false
}

// ipv4 reports whether t[a:b] is a dotted-quad IPv4 address (no leading
// zeros, octets up to 255), and records it.
func (st *scan) ipv4(a, b int) bool {
	t := st.text
	dots, digits, val := 0, 0, 0
	for k := a; k <= b; k++ {
		if k == b || t[k] == '.' {
			if digits == 0 || val > 255 {
				return false
			}
			if k < b {
				dots++
			}
			digits, val = 0, 0
			continue
		}
		c := t[k]
		if c < '0' || c > '9' || digits == 1 && val == 0 || digits == 3 {
			return false
		}
		val = val*10 + int(c-'0')
		digits++
	}
	return dots == 3 && st.emit(a, b, format.IP, confIPv4)
}

// plate reports the end of a licence plate starting with the province
// character at t[i:], or i if there is none.
func (st *scan) plate(i, end int) int {
	t := st.text
	k := i + 3
	if k >= end {
		return i
	}
	if c, _ := fold1(t, k); class[c]&cLetter == 0 {
		return i
	}
	chars, e := 0, k
loop:
	for e < end && chars <= 7 {
		c, size := fold1(t, e)
		switch {
		case class[c]&cAlnum != 0:
			chars++
		case c == ' ' && chars == 1: // 京A·12345, 京A 12345
		default:
			break loop
		}
		e += size
	}
	if chars == 5 && e+3 <= end {
		if s := t[e : e+3]; s == "挂" || s == "学" || s == "警" || s == "港" || s == "澳" {
			e += 3
		}
	}
	if chars < 6 && chars != 5 || chars > 7 {
		return i
	}
	if !format.Plate.Match(t[i:e]) || !st.emit(i, e, format.Plate, confPlate) {
		return i
	}
	return e
}
