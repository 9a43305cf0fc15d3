package format

import (
	"strings"
	"unicode/utf8"
)

// Fold decodes the character at s[i:] and returns its ASCII equivalent and
// its width in bytes. ASCII is returned as is; full-width forms (U+FF01 to
// U+FF5E: "１３８", "＠", "－") fold to their ASCII letters, digits and
// punctuation; the ideographic space U+3000 and the middle dots U+00B7,
// U+2022 and U+30FB fold to a space; the dashes U+2010 to U+2015 and the
// minus sign U+2212 fold to '-'. Any other character, and a byte that is
// not valid UTF-8, yields c == 0 with its width (1 for an invalid byte), so
// a caller can step over it. i must be less than len(s).
//
// Chinese input methods produce full-width digits and separators, so every
// validator and the detect scanner read their input through Fold.
func Fold(s string, i int) (c byte, size int) {
	b0 := s[i]
	if b0 < utf8.RuneSelf {
		return b0, 1
	}
	if i+1 < len(s) {
		b1 := s[i+1]
		if b0 == 0xC2 && b1 == 0xB7 {
			return ' ', 2
		}
		if i+2 < len(s) {
			b2 := s[i+2]
			switch {
			case b0 == 0xEF && b1 == 0xBC && b2 >= 0x81 && b2 <= 0xBF:
				return b2 - 0x60, 3
			case b0 == 0xEF && b1 == 0xBD && b2 >= 0x80 && b2 <= 0x9E:
				return b2 - 0x20, 3
			case b0 == 0xE3 && b1 == 0x80 && b2 == 0x80,
				b0 == 0xE3 && b1 == 0x83 && b2 == 0xBB,
				b0 == 0xE2 && b1 == 0x80 && b2 == 0xA2:
				return ' ', 3
			case b0 == 0xE2 && b1 == 0x80 && b2 >= 0x90 && b2 <= 0x95,
				b0 == 0xE2 && b1 == 0x88 && b2 == 0x92:
				return '-', 3
			}
		}
	}
	_, size = utf8.DecodeRuneInString(s[i:])
	return 0, size
}

// maxBuf bounds the normalised form of every kind (an e-mail address is
// at most 254 bytes, RFC 5321 §4.5.3.1.3).
const maxBuf = 256

type buf = [maxBuf]byte

// collect copies the letters and digits of s into b, after folding, and
// upper-cases letters. Characters in seps are skipped; any other character
// is a charset problem at its position. More than max significant
// characters is a length problem reporting how many there were.
func collect(b *buf, s string, max int, seps string) (int, problem) {
	n, pos := 0, 0
	for i := 0; i < len(s); {
		c, size := Fold(s, i)
		i += size
		pos++
		switch {
		case '0' <= c && c <= '9', 'A' <= c && c <= 'Z':
		case 'a' <= c && c <= 'z':
			c -= 'a' - 'A'
		case c != 0 && strings.IndexByte(seps, c) >= 0:
			continue
		default:
			return n, bad(ErrCharset, pos, "only digits, letters and the separators space and '-' may appear")
		}
		if n < max {
			b[n] = c
		}
		n++
	}
	if n > max {
		return n, badLen(n, "")
	}
	if n == 0 {
		return 0, bad(ErrEmpty, 0, "")
	}
	return n, okProblem
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func allDigits(b []byte) int {
	for i, c := range b {
		if !isDigit(c) {
			return i + 1
		}
	}
	return 0
}

// luhn reports whether the decimal digits in b pass the Luhn (mod 10)
// check, ISO/IEC 7812-1 Annex B: from the right, every second digit is
// doubled and its digits summed.
func luhn(b []byte) bool {
	sum, double := 0, false
	for i := len(b) - 1; i >= 0; i-- {
		d := int(b[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

// allSame reports whether every byte of b equals the first (an all-zero
// placeholder and the like).
func allSame(b []byte) bool {
	for _, c := range b {
		if c != b[0] {
			return false
		}
	}
	return true
}
