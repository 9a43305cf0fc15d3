package format

import (
	"strings"
	"unicode/utf8"
)

// digitsAt reports whether b[i:] holds only digits and has length n-i.
func digitsAt(b []byte, i int) bool { return allDigits(b[i:]) == 0 }

func isUpper(c byte) bool { return 'A' <= c && c <= 'Z' }

// collectDoc collects a document number of 8 to 11 characters.
func collectDoc(b *buf, s, msg string) (int, problem) {
	n, p := collect(b, s, 11, " -")
	if !p.ok() {
		if p.err == ErrLength {
			p.msg = msg
		}
		return n, p
	}
	if n < 8 {
		return n, badLen(n, msg)
	}
	return n, okProblem
}

func checkPassport(b *buf, s string) (int, problem) {
	const msg = "want 9 characters: E and 8 digits, E, a letter and 7 digits, DE/SE/PE and 7 digits (PRC); K or H and 8 digits, KJ and 7 digits (Hong Kong); MA or MB and 7 digits (Macao)"
	n, p := collectDoc(b, s, msg)
	if !p.ok() {
		return n, p
	}
	if n != 9 {
		return n, badLen(n, msg)
	}
	d := b[:9]
	switch {
	case d[0] == 'E' && digitsAt(d, 1),
		d[0] == 'E' && isUpper(d[1]) && d[1] != 'I' && d[1] != 'O' && digitsAt(d, 2),
		(d[0] == 'D' || d[0] == 'S' || d[0] == 'P') && d[1] == 'E' && digitsAt(d, 2),
		(d[0] == 'K' || d[0] == 'H') && digitsAt(d, 1),
		d[0] == 'K' && d[1] == 'J' && digitsAt(d, 2),
		d[0] == 'M' && (d[1] == 'A' || d[1] == 'B') && digitsAt(d, 2):
		return n, okProblem
	}
	if !indexByte("EDSPKHM", d[0]) {
		return n, bad(ErrPrefix, 1, "a passport number starts with the letters of its series: "+msg)
	}
	return n, bad(ErrSyntax, 0, msg)
}

func checkHKMacao(b *buf, s string) (int, problem) {
	const msg = "want C or W and 8 digits (mainland residents), or H or M and 8 or 10 digits (Hong Kong and Macao residents)"
	n, p := collectDoc(b, s, msg)
	if !p.ok() {
		return n, p
	}
	d := b[:n]
	switch {
	case (d[0] == 'C' || d[0] == 'W') && n == 9 && digitsAt(d, 1),
		(d[0] == 'H' || d[0] == 'M') && (n == 9 || n == 11) && digitsAt(d, 1):
		return n, okProblem
	case d[0] != 'C' && d[0] != 'W' && d[0] != 'H' && d[0] != 'M':
		return n, bad(ErrPrefix, 1, msg)
	case allDigits(d[1:]) != 0:
		return n, bad(ErrCharset, allDigits(d[1:])+1, msg)
	}
	return n, badLen(n, msg)
}

func checkTaiwan(b *buf, s string) (int, problem) {
	const msg = "want 8 or 10 digits (Taiwan residents), or L and 8 digits (mainland residents)"
	n, p := collectDoc(b, s, msg)
	if !p.ok() {
		return n, p
	}
	d := b[:n]
	switch {
	case (n == 8 || n == 10) && digitsAt(d, 0),
		d[0] == 'L' && n == 9 && digitsAt(d, 1):
		return n, okProblem
	case !isDigit(d[0]) && d[0] != 'L':
		return n, bad(ErrPrefix, 1, msg)
	}
	return n, bad(ErrSyntax, 0, msg)
}

// plateProvinces are the province abbreviations of mainland plates.
const plateProvinces = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"

// plateSuffixes end plates of trailers, driving schools, police, and
// cross-boundary vehicles of Hong Kong and Macao.
const plateSuffixes = "挂学警港澳"

// plateChar reports whether c may appear in a plate's serial: digits and
// letters except I and O, which look like 1 and 0.
func plateChar(c byte) bool { return isDigit(c) || isUpper(c) && c != 'I' && c != 'O' }

func checkPlate(b *buf, s string) (int, problem) {
	const msg = "want a province character, a letter and 5 characters (6 on a new-energy plate), such as 京A12345 or 粤BD12345"
	if s == "" {
		return 0, bad(ErrEmpty, 0, "")
	}
	r, size := utf8.DecodeRuneInString(s)
	if !strings.ContainsRune(plateProvinces, r) {
		return 0, bad(ErrPrefix, 1, "the first character must be a province abbreviation such as 京 or 粤")
	}
	k := copy(b[:], s[:size])
	m, suffix, p := collectPlate(b, s[size:], k)
	if !p.ok() {
		return 0, p
	}
	k += m
	d := b[k-m : k]
	if suffix > 0 {
		k += copy(b[k:], s[len(s)-suffix:])
	}
	if m == 0 || !isUpper(d[0]) || d[0] == 'I' {
		return k, bad(ErrPrefix, 2, "the second character is the issuing city's letter")
	}
	for i := 1; i < m; i++ {
		if !plateChar(d[i]) {
			return k, bad(ErrCharset, i+2, "a plate's serial has digits and letters other than I and O")
		}
	}
	switch {
	case suffix > 0 && m == 5, suffix == 0 && m == 6:
		return k, okProblem
	case suffix == 0 && m == 7:
		small := d[1] >= 'A' && d[1] <= 'K' && digitsAt(d, 3)
		large := digitsAt(d[:6], 1) && (d[6] == 'D' || d[6] == 'F')
		if small || large {
			return k, okProblem
		}
		return k, bad(ErrSyntax, 3, "a new-energy plate has D-K (small car) or 5 digits and D or F (large vehicle)")
	}
	return k, badLen(1+m, msg)
}

// collectPlate collects the upper-cased letters and digits after a
// plate's province into b at k, and measures an ending suffix character.
func collectPlate(b *buf, s string, k int) (m, suffix int, p problem) {
	pos := 1
	for i := 0; i < len(s); {
		c, size := Fold(s, i)
		pos++
		if suffix > 0 {
			return m, suffix, bad(ErrCharset, pos, "nothing may follow a suffix such as 挂 or 学")
		}
		switch {
		case c == 0:
			r, _ := utf8.DecodeRuneInString(s[i:])
			if !strings.ContainsRune(plateSuffixes, r) || r == utf8.RuneError {
				return m, suffix, bad(ErrCharset, pos, "after the province, only letters, digits and one suffix such as 挂 or 学")
			}
			suffix = size
		case c == ' ' || c == '-' || c == '.':
		case isDigit(c) || isUpper(c) || 'a' <= c && c <= 'z':
			if m >= 7 {
				return m, suffix, badLen(m+2, "want a province character, a letter and 5 characters (6 on a new-energy plate)")
			}
			if c >= 'a' {
				c -= 'a' - 'A'
			}
			b[k+m] = c
			m++
		default:
			return m, suffix, bad(ErrCharset, pos, "after the province, only letters, digits and one suffix such as 挂 or 学")
		}
		i += size
	}
	return m, suffix, okProblem
}
