package format

import (
	"net/netip"
	"unicode/utf8"
)

// foldASCII folds s into b and refuses spaces, controls and characters
// that do not fold to ASCII. It returns the folded length.
func foldASCII(b *buf, s string, max int, what string) (int, problem) {
	n, pos := 0, 0
	for i := 0; i < len(s); {
		c, size := Fold(s, i)
		i += size
		pos++
		if c <= ' ' || c == 0x7f {
			return n, bad(ErrCharset, pos, what)
		}
		if n == max {
			return n, badLen(len(s), "")
		}
		b[n] = c
		n++
	}
	if n == 0 {
		return 0, bad(ErrEmpty, 0, "")
	}
	return n, okProblem
}

// atext marks the characters of an unquoted local part (RFC 5322 §3.2.3).
var atext = func() (t [256]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = true, true
	}
	for _, c := range "!#$%&'*+-/=?^_`{|}~" {
		t[c] = true
	}
	return t
}()

func checkEmail(b *buf, s string) (int, problem) {
	n, p := foldASCII(b, s, 254, "an address has no spaces; non-ASCII addresses (RFC 6531) are not accepted")
	if !p.ok() {
		if p.err == ErrLength {
			p.msg = "an address is at most 254 characters (RFC 5321 §4.5.3.1.3)"
		}
		return n, p
	}
	at := -1
	for i := n - 1; i >= 0; i-- {
		if b[i] == '@' {
			at = i
			break
		}
	}
	if at < 0 {
		return n, bad(ErrSyntax, 0, "an address is local-part@domain")
	}
	if p := checkLocal(b[:at]); !p.ok() {
		return n, p
	}
	if p := checkDomain(b[at+1 : n]); !p.ok() {
		p.pos += at + 1
		return n, p
	}
	for i := at + 1; i < n; i++ {
		if 'A' <= b[i] && b[i] <= 'Z' {
			b[i] += 'a' - 'A'
		}
	}
	return n, okProblem
}

func checkLocal(l []byte) problem {
	if len(l) == 0 || len(l) > 64 {
		return bad(ErrSyntax, 0, "the local part before '@' is 1 to 64 characters (RFC 5321 §4.5.3.1.1)")
	}
	for i, c := range l {
		switch {
		case c == '.' && (i == 0 || i == len(l)-1 || l[i-1] == '.'):
			return bad(ErrSyntax, i+1, "dots in the local part separate words: not first, last or doubled")
		case c != '.' && !atext[c]:
			return bad(ErrCharset, i+1, "the local part has letters, digits and !#$%&'*+-/=?^_`{|}~ (quoted local parts are not accepted)")
		}
	}
	return okProblem
}

func checkDomain(d []byte) problem {
	const msg = "the domain is dot-separated labels of letters, digits and inner hyphens, such as example.com"
	if len(d) == 0 || len(d) > 253 {
		return bad(ErrSyntax, 0, msg)
	}
	labels, start, last := 0, 0, 0
	for i := 0; i <= len(d); i++ {
		if i < len(d) && d[i] != '.' {
			c := d[i]
			if !(isDigit(c) || isUpper(c) || 'a' <= c && c <= 'z' || c == '-') {
				return bad(ErrCharset, i+1, msg)
			}
			continue
		}
		l := d[start:i]
		if len(l) == 0 || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return bad(ErrSyntax, start+1, msg+"; each label 1 to 63 characters")
		}
		labels++
		last, start = start, i+1
	}
	tld := d[last:]
	if labels < 2 || len(tld) < 2 || allLetters(tld) != 0 {
		return bad(ErrSyntax, 0, "the domain needs a top-level label of letters, such as .com or .cn")
	}
	return okProblem
}

func allLetters(b []byte) int {
	for i, c := range b {
		if !isUpper(c) && !('a' <= c && c <= 'z') {
			return i + 1
		}
	}
	return 0
}

func checkIP(b *buf, s string) (int, problem) {
	const msg = "want an IPv4 address such as 192.0.2.1 (no leading zeros) or an IPv6 address such as 2001:db8::1"
	in := s
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if !ascii {
		n, p := foldASCII(b, s, 64, msg)
		if !p.ok() {
			return n, p
		}
		in = string(b[:n])
	}
	if in == "" {
		return 0, bad(ErrEmpty, 0, "")
	}
	if len(in) > 64 {
		return 0, badLen(len(in), msg)
	}
	a, err := netip.ParseAddr(in)
	if err != nil {
		return 0, bad(ErrSyntax, 0, msg)
	}
	a = a.WithZone("").Unmap()
	return len(a.AppendTo(b[:0])), okProblem
}

func checkMAC(b *buf, s string) (int, problem) {
	const msg = "want six hex pairs separated by ':' or '-' (aa:bb:cc:dd:ee:ff), three dotted groups (aabb.ccdd.eeff) or 12 hex digits"
	var t buf
	n, p := foldASCII(&t, s, 17, msg)
	if !p.ok() {
		if p.err == ErrLength {
			p.msg = msg
		}
		return n, p
	}
	var sep byte
	var every int
	switch n {
	case 17:
		sep, every = t[2], 3
	case 14:
		sep, every = '.', 5
	case 12:
	default:
		return n, badLen(n, msg)
	}
	var mac [6]byte
	h := 0
	for i := 0; i < n; i++ {
		if every > 0 && i%every == every-1 {
			if t[i] != sep || sep != ':' && sep != '-' && sep != '.' {
				return n, bad(ErrSyntax, i+1, msg)
			}
			continue
		}
		v := hexVal(t[i])
		if v < 0 {
			return n, bad(ErrCharset, i+1, "a MAC address has hex digits 0-9 and a-f")
		}
		mac[h/2] = mac[h/2]<<4 | byte(v)
		h++
	}
	switch {
	case mac == [6]byte{}, mac == [6]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, mac == [6]byte{2}:
		return n, bad(ErrPlaceholder, 0, "the all-zero, broadcast and 02:00:00:00:00:00 addresses name no device (Android 6+ and iOS 7+ return the last to apps)")
	case mac[0]&1 == 1:
		return n, bad(ErrPrefix, 1, "the first octet is odd: a multicast group address, not a device's")
	}
	const hexdig = "0123456789abcdef"
	for i, o := range mac {
		b[3*i], b[3*i+1] = hexdig[o>>4], hexdig[o&15]
		if i < 5 {
			b[3*i+2] = ':'
		}
	}
	return 17, okProblem
}

func hexVal(c byte) int {
	switch {
	case isDigit(c):
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}
