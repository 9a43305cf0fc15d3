package format

// mobileSegment reports whether the first digits of an 11-digit number
// starting with 1 name an assigned segment (the MIIT telecommunications
// numbering plan as of 2026: operators, MVNOs 162/165/167/170/171,
// data-only 145/147/149, satellite 1740(0-5) and 1749). 13-digit IoT
// numbers and the emergency 1740(6-9)/1741 blocks are not personal lines.
func mobileSegment(b []byte) bool {
	switch b[1] {
	case '3', '8':
		return true
	case '4':
		return b[2] == '5' || b[2] == '7' || b[2] == '9'
	case '5':
		return b[2] != '4'
	case '6':
		return b[2] == '2' || b[2] == '5' || b[2] == '6' || b[2] == '7'
	case '7':
		switch b[2] {
		case '9':
			return false
		case '4':
			return b[3] == '0' && b[4] <= '5' || b[3] == '9'
		}
		return true
	case '9':
		return b[2] != '4'
	}
	return false
}

// phoneSeps are the separators people type in phone numbers.
const phoneSeps = " -()."

// collectPhone collects the digits of a phone number, noting a leading
// '+' (which may come only first), into b.
func collectPhone(b *buf, s string, max int) (n int, plus bool, p problem) {
	pos := 0
	for i := 0; i < len(s); {
		c, size := Fold(s, i)
		i += size
		pos++
		switch {
		case isDigit(c):
			if n < max {
				b[n] = c
			}
			n++
		case c == '+' && n == 0 && !plus:
			plus = true
		case c != 0 && c != '+' && indexByte(phoneSeps, c):
		default:
			return n, plus, bad(ErrCharset, pos, "only digits, a leading '+' and the separators space, '-', '.', '(' and ')' may appear")
		}
	}
	if n == 0 {
		return 0, plus, bad(ErrEmpty, 0, "")
	}
	if n > max {
		return n, plus, badLen(n, "")
	}
	return n, plus, okProblem
}

func indexByte(s string, c byte) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return true
		}
	}
	return false
}

// dropCountry removes a +86, 0086 or 86 prefix in front of want digits.
func dropCountry(b []byte, n int, plus bool, want int) (int, bool) {
	switch {
	case plus && n == want+2 && b[0] == '8' && b[1] == '6':
		copy(b, b[2:n])
		return n - 2, true
	case !plus && n == want+4 && string(b[:4]) == "0086":
		copy(b, b[4:n])
		return n - 4, true
	case !plus && n == want+2 && b[0] == '8' && b[1] == '6':
		copy(b, b[2:n])
		return n - 2, true
	}
	return n, !plus
}

func checkMobile(b *buf, s string) (int, problem) {
	const msg = "want 11 digits starting with 1, after an optional +86, 0086 or 86"
	n, plus, p := collectPhone(b, s, 15)
	if !p.ok() {
		if p.err == ErrLength {
			p.msg = msg
		}
		return n, p
	}
	n, ok := dropCountry(b[:], n, plus, 11)
	if !ok {
		return n, bad(ErrPrefix, 1, "a mainland mobile number is written +86 and 11 digits; use E164 for other countries")
	}
	if n != 11 {
		return n, badLen(n, msg)
	}
	if b[0] != '1' || !mobileSegment(b[:11]) {
		return n, bad(ErrPrefix, 1, "the first digits name no assigned mobile segment (13x-19x); check the number, or use Landline for a fixed line")
	}
	return n, okProblem
}

func checkLandline(b *buf, s string) (int, problem) {
	const msg = "want an area code and a 7- or 8-digit number, such as 010-12345678 or 0755-1234567"
	var t [20]byte
	t[0] = '0'
	var c buf
	n, plus, p := collectPhone(&c, s, 16)
	if !p.ok() {
		if p.err == ErrLength {
			p.msg = msg
		}
		return n, p
	}
	d := c[:n]
	intl := plus || n > 4 && string(d[:4]) == "0086"
	switch {
	case plus && (n < 3 || d[0] != '8' || d[1] != '6'):
		return n, bad(ErrPrefix, 1, "a mainland landline is written +86 and the area code; use E164 for other countries")
	case plus:
		d = d[2:]
	case intl:
		d = d[4:]
	}
	if intl && d[0] != '0' {
		// After +86 the area code's trunk prefix 0 is left out; put it back.
		d = t[:1+copy(t[1:], d)]
	}
	if len(d) < 10 || len(d) > 12 {
		return len(d), badLen(len(d), msg)
	}
	if d[0] != '0' || d[1] == '0' {
		return len(d), bad(ErrPrefix, 1, "the area code starts with 0 and a digit 1-9")
	}
	if d[1] == '1' && d[2] != '0' {
		return len(d), bad(ErrPrefix, 1, "01x area codes other than 010 (Beijing) are not assigned")
	}
	area := 4
	if d[1] == '1' || d[1] == '2' {
		area = 3 // 010 Beijing, 02x the large cities
	}
	sub := d[area:]
	if len(sub) != 7 && len(sub) != 8 || area == 3 && len(sub) != 8 {
		return len(d), badLen(len(d), msg)
	}
	if sub[0] < '2' || sub[0] > '8' {
		return len(d), bad(ErrPrefix, area+1, "a subscriber number starts with 2-8 (0 is the trunk prefix, 1 mobile and special services, 9 service numbers)")
	}
	k := copy(b[:], d[:area])
	b[k] = '-'
	k++
	k += copy(b[k:], sub)
	return k, okProblem
}

func checkE164(b *buf, s string) (int, problem) {
	const msg = "want '+' and 7 to 15 digits, country code first"
	n, plus, p := collectPhone(b, s, 17)
	if !p.ok() {
		if p.err == ErrLength {
			p.msg = msg
		}
		return n, p
	}
	d := b[:n]
	if !plus {
		if n < 3 || d[0] != '0' || d[1] != '0' {
			return n, bad(ErrSyntax, 1, "an international number starts with '+' or 00 and the country code")
		}
		d = d[2:]
	}
	if len(d) < 7 || len(d) > 15 {
		return len(d), badLen(len(d), msg)
	}
	if d[0] == '0' {
		return len(d), bad(ErrPrefix, 2, "a country code does not start with 0")
	}
	var t [16]byte
	t[0] = '+'
	k := 1 + copy(t[1:], d)
	copy(b[:], t[:k])
	return k, okProblem
}
