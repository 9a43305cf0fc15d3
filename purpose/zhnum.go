package purpose

import (
	"strings"
	"unicode/utf8"
)

// Chinese numerals as statutes number their articles, paragraphs and
// items: 第二十一条, 第一千零三十五条.

var zhDigits = [10]string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

// zhUnits are the units of the thousands, hundreds and tens places.
var zhUnits = [3]string{"千", "百", "十"}

// formatZH writes n, 1 to 9999, in Chinese numerals: 十 for 10, 十一 for
// 11, 二十一, 一百零一, 一百一十, 一千零三十五.
func formatZH(n int) string {
	if n <= 0 || n > 9999 {
		return ""
	}
	if n < 20 && n >= 10 {
		return "十" + zhOnes(n-10)
	}
	var b strings.Builder
	places := [4]int{n / 1000, n / 100 % 10, n / 10 % 10, n % 10}
	zero := false
	for i, d := range places {
		switch {
		case d == 0:
			zero = b.Len() > 0
		default:
			if zero {
				b.WriteString("零")
				zero = false
			}
			b.WriteString(zhDigits[d])
			if i < 3 {
				b.WriteString(zhUnits[i])
			}
		}
	}
	return b.String()
}

func zhOnes(d int) string {
	if d == 0 {
		return ""
	}
	return zhDigits[d]
}

// zhDigit returns the value of a Chinese digit (两 is 2; 〇 and 零 are 0).
func zhDigit(r rune) (int, bool) {
	switch r {
	case '零', '〇':
		return 0, true
	case '一':
		return 1, true
	case '二', '两':
		return 2, true
	case '三':
		return 3, true
	case '四':
		return 4, true
	case '五':
		return 5, true
	case '六':
		return 6, true
	case '七':
		return 7, true
	case '八':
		return 8, true
	case '九':
		return 9, true
	}
	return 0, false
}

func zhUnit(r rune) int {
	switch r {
	case '十':
		return 10
	case '百':
		return 100
	case '千':
		return 1000
	}
	return 0
}

// isZHNumeral reports whether r is a Chinese digit or unit.
func isZHNumeral(r rune) bool {
	_, ok := zhDigit(r)
	return ok || zhUnit(r) != 0
}

// parseZH reads a number of 1 to 9999 written in Chinese numerals from the
// start of s and returns it with the bytes read. Units must fall (千 before
// 百 before 十), a unit other than a leading 十 needs a digit before it,
// and one 零 may stand only between a unit and a later digit. ok is false
// when s does not start with such a number.
func parseZH(s string) (n, size int, ok bool) {
	digit, lastUnit, read := -1, 10000, 0
	zero := false
	for read < len(s) {
		r, w := utf8.DecodeRuneInString(s[read:])
		if d, isDigit := zhDigit(r); isDigit {
			switch {
			case digit >= 0: // two digits in a row: 二三, 二零
				return 0, 0, false
			case d == 0 && (n == 0 || zero):
				return 0, 0, false
			case d == 0:
				zero = true
			default:
				digit = d
			}
			read += w
			continue
		}
		u := zhUnit(r)
		if u == 0 {
			break
		}
		if u >= lastUnit || zero && digit < 0 || digit < 0 && !(u == 10 && read == 0) {
			return 0, 0, false
		}
		if digit < 0 {
			digit = 1 // 十 for 10
		}
		n += digit * u
		digit, lastUnit, zero = -1, u, false
		read += w
	}
	if zero && digit < 0 {
		return 0, 0, false // a trailing 零
	}
	if digit > 0 {
		n += digit
	}
	if n == 0 || n > 9999 {
		return 0, 0, false
	}
	return n, read, true
}
