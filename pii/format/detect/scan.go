package detect

import "github.com/lawfulgo/lawful/pii/format"

// Character classes of folded ASCII bytes.
const (
	cDigit  = 1 << iota // 0-9
	cLetter             // A-Z a-z
	cHex                // 0-9 A-F a-f
	cW                  // may appear inside an atom
	cAtext              // may appear in an e-mail local part
	cAlnum  = cDigit | cLetter
)

var class = func() (t [256]uint8) {
	for c := '0'; c <= '9'; c++ {
		t[c] |= cDigit | cHex | cW | cAtext
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] |= cLetter | cW | cAtext
		t[c-'a'+'A'] |= cLetter | cW | cAtext
	}
	for c := 'a'; c <= 'f'; c++ {
		t[c] |= cHex
		t[c-'a'+'A'] |= cHex
	}
	for _, c := range ".-_@:%+" {
		t[c] |= cW
	}
	for _, c := range "!#$%&'*+-/=?^_`{|}~" {
		t[c] |= cAtext
	}
	t[0] = 0
	return t
}()

// fold1 is format.Fold with the ASCII case inlined.
func fold1(t string, i int) (byte, int) {
	if b := t[i]; b < 0x80 {
		return b, 1
	}
	return format.Fold(t, i)
}

// scan is the state of one pass over a text.
type scan struct {
	text  string
	out   []Span
	kinds uint32
	min   float32
	// ctx holds, per class, the offset just after the last context word
	// seen, so a candidate knows what was said just before it.
	ctx [numCtx]int
	// prev is the end of the last atom holding a digit: a context word
	// before it was about that atom, not about the next one.
	prev int
}

func (st *scan) resetContext() {
	for i := range st.ctx {
		st.ctx[i] = -1 << 30
	}
	st.prev = -1 << 29
}

// run scans text[i:end].
func (st *scan) run(i, end int) {
	t := st.text
	for i < end {
		b := t[i]
		if b < 0x80 {
			if class[b]&cAlnum != 0 || b == '+' {
				i = st.atom(i, end)
			} else {
				i++
			}
			continue
		}
		c, size := format.Fold(t, i)
		if c != 0 && (class[c]&cAlnum != 0 || c == '+') {
			i = st.atom(i, end)
			continue
		}
		if size == 3 && c == 0 {
			r := rune(b&0x0F)<<12 | rune(t[i+1]&0x3F)<<6 | rune(t[i+2]&0x3F)
			if inSet(&firstRunes, r) {
				if cl, n := cjkKeyword(t, i); cl != ctxNone {
					st.ctx[cl] = i + n
					i += n
					continue
				}
			}
			if inSet(&provinceRunes, r) {
				if j := st.plate(i, end); j > i {
					i = j
					continue
				}
			}
		}
		i += size
	}
}

// Atom flags.
const (
	fAt = 1 << iota
	fColon
	fDot
	fDigit
)

// atom reads the run of atom characters at i and finds what it holds. It
// returns where scanning resumes.
func (st *scan) atom(i, end int) int {
	t := st.text
	j, f := i, 0
	for j < end {
		c, size := fold1(t, j)
		if class[c]&cW == 0 {
			break
		}
		if class[c]&cDigit != 0 {
			f |= fDigit
		}
		switch c {
		case '@':
			f |= fAt
		case ':':
			f |= fColon
		case '.':
			f |= fDot
		}
		j += size
	}
	if j == i { // a lone character that starts no atom
		_, size := fold1(t, i)
		return i + size
	}
	if f&fAt == 0 {
		i = st.keywordPrefix(i, j)
	}
	next := j
	if i < j {
		next = st.atomParts(i, j, end, f)
	}
	if f&fDigit != 0 {
		st.prev = next
	}
	return next
}

// keywordPrefix records an English context word glued to the number or
// address after it ("IP10.0.0.1", "MAC:3c:22:fb:…", "tel13800138000"), and
// returns where the rest of the atom t[i:j] starts.
func (st *scan) keywordPrefix(i, j int) int {
	t := st.text
	k := i
	for k < j && class[t[k]]&cLetter != 0 {
		k++
	}
	if k == i || k == j || k-i > maxASCIIKeyword {
		return i
	}
	c, size := fold1(t, k)
	if class[c]&cDigit == 0 && c != ':' {
		return i
	}
	cl := asciiKeyword(t[i:k])
	if cl == ctxNone {
		return i
	}
	st.ctx[cl] = k
	if c == ':' {
		k += size
	}
	return k
}

// atomParts finds what the atom t[i:j] with flags f holds, and returns
// where scanning resumes.
func (st *scan) atomParts(i, j, end, f int) int {
	t := st.text
	switch {
	case f&fAt != 0:
		st.email(i, j)
		return j
	case f&fColon != 0:
		if st.colon(i, j) {
			return j
		}
		a := i
		for k := i; k < j; {
			c, size := fold1(t, k)
			if c == ':' {
				st.part(a, k, k, false)
				a = k + size
			}
			k += size
		}
		return st.part(a, j, end, true)
	}
	return st.part(i, j, end, true)
}

// trim drops separators at the ends of t[a:b]: a sentence's full stop, a
// dangling hyphen.
func (st *scan) trim(a, b int) (int, int) {
	t := st.text
	for a < b {
		c, size := fold1(t, a)
		if c != '.' && c != '-' && c != '_' && c != '%' {
			break
		}
		a += size
	}
	for b > a {
		c := t[b-1]
		size := 1
		if c >= 0x80 && b-a >= 3 {
			c, size = fold1(t, b-3)
			if size != 3 {
				break
			}
		}
		if c != '.' && c != '-' && c != '_' && c != '%' && c != '+' {
			break
		}
		b -= size
	}
	return a, b
}

// part handles a piece of an atom without '@' or ':'. With extend, a
// number may continue after single spaces ("138 0013 8000").
func (st *scan) part(a, b, end int, extend bool) int {
	t := st.text
	next := b
	a, b = st.trim(a, b)
	if a >= b {
		return next
	}
	dot := false
	for k := a; k < b; {
		c, size := fold1(t, k)
		dot = dot || c == '.'
		k += size
	}
	if !dot {
		if extend && next == b {
			return st.groups(a, b, end)
		}
		st.groups(a, b, b)
		return next
	}
	if st.ipv4(a, b) {
		return next
	}
	x := a
	for k := a; k <= b; {
		c, size := byte('.'), 1
		if k < b {
			c, size = fold1(t, k)
		}
		if c == '.' {
			if x < k {
				st.groups(x, k, k)
			}
			x = k + size
		}
		k += size
	}
	return next
}

// maxGroups bounds how many space-separated groups form one number.
const maxGroups = 8

type group struct{ a, b int }

// groups reads the number starting with t[a:b] and the groups that follow
// it after single spaces, tries the whole run and then each group alone,
// and returns where scanning resumes.
func (st *scan) groups(a, b, end int) int {
	var g [maxGroups]group
	g[0] = group{a, b}
	n, m := 1, 1
	if first := st.shape(a, b); first.digits > 0 {
		iban := first.digits == 2 && first.letters == 2 && first.n == 4
		// A country code ("+86", "0086") may be followed by the whole
		// national number.
		country := first.letters == 0 && (first.plus && first.n <= 3 || first.n == 4 && string(first.d[:4]) == "0086")
		n, m = st.extend(&g, end, iban, country)
	}
	s := 0
	if m > 1 && st.classify(g[0].a, g[m-1].b) {
		s = m
	}
	for ; s < n; s++ {
		if s >= m || !st.classify(g[s].a, g[s].b) {
			st.single(g[s].a, g[s].b)
		}
	}
	return g[n-1].b
}

// extend appends to g the groups that follow g[0] after single spaces:
// runs of letters, digits and hyphens that hold a digit (or, in an IBAN,
// any letters), up to 8 characters each. It returns how many groups g
// holds, and how many up to the last one holding a digit. After a country
// code the first group may have up to 12 characters.
func (st *scan) extend(g *[maxGroups]group, end int, iban, country bool) (n, m int) {
	t := st.text
	n, m = 1, 1
	j := g[0].b
	for n < maxGroups {
		k := j
		switch {
		case k < end && t[k] == ' ':
			k++
		case k+3 <= end && t[k:k+3] == "\u3000":
			k += 3
		default:
			return n, m
		}
		e, digits, chars := k, 0, 0
		for e < end {
			c, size := fold1(t, e)
			if class[c]&cAlnum == 0 && c != '-' {
				break
			}
			if class[c]&cDigit != 0 {
				digits++
			}
			chars++
			e += size
		}
		limit := 8
		if country && n == 1 {
			limit = 12
		}
		if chars == 0 || chars > limit || digits == 0 && !iban || !groupEnds(t, e, end) {
			return n, m
		}
		g[n] = group{k, e}
		n++
		if digits > 0 {
			m = n
		}
		j = e
	}
	return n, m
}

// groupEnds reports whether a group ending at e ends its atom: what
// follows is not part of an address, a time or a decimal.
func groupEnds(t string, e, end int) bool {
	if e >= end {
		return true
	}
	c, size := fold1(t, e)
	switch c {
	case '@', ':', '_', '%':
		return false
	case '.':
		if e+size < end {
			d, _ := fold1(t, e+size)
			return class[d]&cAlnum == 0
		}
	}
	return true
}

// single handles one group that is no value as a whole: a run of letters
// is a possible context word; a context word glued to a number ("tel138…",
// "ID110…") is split off.
func (st *scan) single(a, b int) {
	t := st.text
	k := a
	for k < b && class[t[k]]&cLetter != 0 {
		k++
	}
	switch {
	case k == b:
		if cl := asciiKeyword(t[a:b]); cl != ctxNone {
			st.ctx[cl] = b
		}
	case k > a && k-a <= maxASCIIKeyword:
		// Only a context word is split off: letters such as "JDVA" or
		// "SF" glued to digits make a courier's tracking number.
		if cl := asciiKeyword(t[a:k]); cl != ctxNone {
			st.ctx[cl] = k
			st.classify(k, b)
		}
	}
}
