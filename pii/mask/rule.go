package mask

import (
	"fmt"
	"unicode/utf8"

	"github.com/lawfulgo/lawful/pii/format"
)

// Style says how a Rule reads a value and which parts it keeps.
type Style uint8

// The styles. The zero Style, Redact, hides everything: a zero Rule
// reveals nothing.
const (
	// Redact hides the whole value behind Fixed '*' (4 when Fixed is 0),
	// so not even its length shows. The style of secrets.
	Redact Style = iota
	// Chars keeps First and Last characters (runes) and hides the rest.
	Chars
	// Digits is Chars over the value's letters and digits only:
	// separators (space, '-', '.', '(', ')', '+', '/') are dropped and
	// full-width digits fold to ASCII, so "６２２２ ６００２ …" and
	// "6222-6002-…" mask alike. For ID, card and document numbers.
	Digits
	// Phone is Digits after dropping a +86, 0086 or 86 country prefix in
	// front of an 11-digit mobile number: "+86 138 0013 8000" masks as
	// "138****8000".
	Phone
	// Landline is Digits keeping the area code (3 digits for 010 and 02x,
	// 4 otherwise) in place of First: "0915*****79".
	Landline
	// Name keeps the surname, two characters for a compound surname such
	// as 欧阳 or 司马 and one otherwise, and hides the given name one '*'
	// per character: 张*, 张**, 欧阳**. A Latin-script name keeps its
	// first letter. First and Last are ignored.
	Name
	// Email keeps First characters of the local part and the domain and
	// writes the rest of the local part as Fixed '*' (3 when Fixed is 0):
	// "a***@example.com".
	Email
	// Address keeps a Chinese address up to its district or county (区,
	// 县, 旗, or else 市) and hides the rest behind Fixed '*' (4 when Fixed
	// is 0): "北京市海淀区****". An address without such a level is
	// redacted.
	Address
	// IP hides the host part of an address: the last octet of IPv4
	// ("192.168.1.*"), all but the first three groups (the /48 prefix) of
	// IPv6 ("2001:db8:1::*"). Anything else is redacted.
	IP

	numStyles = iota
)

var styleNames = [numStyles]string{"redact", "chars", "digits", "phone", "landline", "name", "email", "address", "ip"}

// String returns the style's name, such as "phone", or "Style(N)".
func (s Style) String() string {
	if s < numStyles {
		return styleNames[s]
	}
	return fmt.Sprintf("Style(%d)", uint8(s))
}

// MaxKeep bounds First, Last and Fixed in a Rule.
const MaxKeep = 32

// Rule says how to mask one kind of value. The zero Rule redacts.
//
// Whatever the rule, at least a third of a value's characters (and at
// least one) stay hidden: on a value too short for First and Last, the
// larger of the two shrinks until that holds.
type Rule struct {
	Style Style
	// First and Last are how many characters to keep at the start and
	// end, for Chars, Digits, Phone and Landline (Landline's First is its
	// area code; Email uses First for the local part).
	First, Last int
	// Fixed, when positive, writes the hidden part as exactly Fixed '*'
	// whatever its length, so the length does not show. Zero writes one
	// '*' per hidden character (Chars, Digits, Phone, Landline, Name) or
	// the style's default count (Redact 4, Email 3, Address 4).
	Fixed int
}

// Validate reports whether r is usable: a known Style and First, Last and
// Fixed between 0 and MaxKeep.
func (r Rule) Validate() error {
	switch {
	case r.Style >= numStyles:
		return fmt.Errorf("mask: unknown %v: use one of the Style constants", r.Style)
	case r.First < 0 || r.Last < 0 || r.Fixed < 0 || r.First > MaxKeep || r.Last > MaxKeep || r.Fixed > MaxKeep:
		return fmt.Errorf("mask: rule %v: First %d, Last %d and Fixed %d must be between 0 and %d", r.Style, r.First, r.Last, r.Fixed, MaxKeep)
	}
	return nil
}

// String returns the rule in a form such as "phone(3,4)".
func (r Rule) String() string {
	return fmt.Sprintf("%v(%d,%d,fixed=%d)", r.Style, r.First, r.Last, r.Fixed)
}

// Append appends v masked by r to dst. It never allocates beyond growing
// dst, and never panics: an invalid rule redacts.
func (r Rule) Append(dst []byte, v string) []byte {
	if r.Validate() != nil {
		return stars(dst, 4)
	}
	switch r.Style {
	case Chars:
		return appendChars(dst, v, r)
	case Digits, Phone, Landline:
		return appendDigits(dst, v, r)
	case Name:
		return appendName(dst, v, r)
	case Email:
		return appendEmail(dst, v, r)
	case Address:
		return appendAddress(dst, v, r)
	case IP:
		return appendIP(dst, v)
	}
	return stars(dst, fixedOr(r.Fixed, 4))
}

func fixedOr(f, def int) int {
	if f > 0 {
		return f
	}
	return def
}

func stars(dst []byte, n int) []byte {
	for range n {
		dst = append(dst, '*')
	}
	return dst
}

// keep returns how many of n characters to keep at each end so that at
// least a third of them (and one) stay hidden.
func keep(n, first, last int) (int, int) {
	hidden := max(1, (n+2)/3)
	for first+last > n-hidden && first+last > 0 {
		if first >= last {
			first--
		} else {
			last--
		}
	}
	return first, last
}

func appendChars(dst []byte, v string, r Rule) []byte {
	n := utf8.RuneCountInString(v)
	if n == 0 {
		return dst
	}
	first, last := keep(n, r.First, r.Last)
	i := 0
	for _, c := range v {
		switch {
		case i < first, i >= n-last:
			dst = utf8.AppendRune(dst, c)
		case r.Fixed == 0:
			dst = append(dst, '*')
		case i == first:
			dst = stars(dst, r.Fixed)
		}
		i++
	}
	return dst
}

// digitSep reports whether the folded character c is a separator that
// Digits styles drop.
func digitSep(c byte) bool {
	switch c {
	case ' ', '-', '.', '(', ')', '+', '/', '\t':
		return true
	}
	return false
}

// digitsOf counts the significant characters of v and says how many
// leading ones are a country prefix to skip.
func digitsOf(v string, style Style) (n, skip int) {
	var head [4]byte
	for i := 0; i < len(v); {
		c, size := format.Fold(v, i)
		i += size
		if c != 0 && digitSep(c) {
			continue
		}
		if n < 4 {
			head[n] = c
		}
		n++
	}
	if style == Phone || style == Landline {
		switch {
		case n == 15 && string(head[:]) == "0086" && style == Phone:
			skip = 4
		case n == 13 && head[0] == '8' && head[1] == '6' && style == Phone:
			skip = 2
		case string(head[:]) == "0086" && style == Landline:
			skip = 4
		case n >= 11 && head[0] == '8' && head[1] == '6' && style == Landline:
			skip = 2 // +86 and an area code without its trunk 0
		}
	}
	return n, skip
}

func appendDigits(dst []byte, v string, r Rule) []byte {
	n, skip := digitsOf(v, r.Style)
	first, last := r.First, r.Last
	if r.Style == Landline {
		first = landlineArea(v, skip)
	}
	first, last = keep(n-skip, first, last)
	i := -skip
	for j := 0; j < len(v); {
		c, size := format.Fold(v, j)
		if c != 0 && digitSep(c) {
			j += size
			continue
		}
		switch {
		case i < 0:
		case i < first, i >= n-skip-last:
			if c != 0 {
				dst = append(dst, c)
			} else {
				dst = append(dst, v[j:j+size]...)
			}
		case r.Fixed == 0:
			dst = append(dst, '*')
		case i == first:
			dst = stars(dst, r.Fixed)
		}
		j += size
		i++
	}
	return dst
}

// landlineArea returns the length of the area code of the landline in v
// after skip significant characters: 3 for 010 and 02x, 4 for others, one
// less when the trunk 0 is left out.
func landlineArea(v string, skip int) int {
	var d [3]byte
	k := 0
	for i := 0; i < len(v) && k < skip+3; {
		c, size := format.Fold(v, i)
		i += size
		if c != 0 && digitSep(c) {
			continue
		}
		if k >= skip {
			d[k-skip] = c
		}
		k++
	}
	if d[0] != '0' {
		if d[0] == '1' || d[0] == '2' {
			return 2
		}
		return 3
	}
	if d[1] == '1' || d[1] == '2' {
		return 3
	}
	return 4
}
