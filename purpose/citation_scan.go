package purpose

import (
	"unicode"
	"unicode/utf8"
)

// scanner reads the provisions of a citation: "art. 13(1)(2)",
// "第十三条第一款第二项", "§5.6(g)", and lists of them.
type scanner struct {
	s string
	i int
}

func (sc *scanner) done() bool   { return sc.i >= len(sc.s) }
func (sc *scanner) rest() string { return sc.s[sc.i:] }

func (sc *scanner) peek() rune {
	if sc.done() {
		return utf8.RuneError
	}
	r, _ := utf8.DecodeRuneInString(sc.s[sc.i:])
	return r
}

func (sc *scanner) next() {
	if !sc.done() {
		_, w := utf8.DecodeRuneInString(sc.s[sc.i:])
		sc.i += w
	}
}

func (sc *scanner) skipSpace() {
	for !sc.done() && (sc.s[sc.i] == ' ' || sc.s[sc.i] == '\t' || sc.s[sc.i] == '\n') {
		sc.i++
	}
}

// lit consumes s if the text continues with it.
func (sc *scanner) lit(s string) bool {
	if len(sc.s)-sc.i >= len(s) && sc.s[sc.i:sc.i+len(s)] == s {
		sc.i += len(s)
		return true
	}
	return false
}

// word consumes the ASCII word w, in any case, when no letter follows it.
func (sc *scanner) word(w string) bool {
	if len(sc.s)-sc.i < len(w) || asciiLower(sc.s[sc.i:sc.i+len(w)]) != w {
		return false
	}
	if end := sc.i + len(w); end < len(sc.s) && w[len(w)-1] != '.' {
		if r, _ := utf8.DecodeRuneInString(sc.s[end:]); unicode.IsLetter(r) {
			return false
		}
	}
	sc.i += len(w)
	return true
}

// keyword consumes an article keyword: art., arts., article(s), §, §§,
// clause(s).
func (sc *scanner) keyword() bool {
	for _, w := range []string{"articles", "article", "arts.", "arts", "art.", "art", "clauses", "clause"} {
		if sc.word(w) {
			return true
		}
	}
	return sc.lit("§§") || sc.lit("§")
}

// startsRef reports whether a provision starts here: a keyword, 第, or a
// digit after a space.
func (sc *scanner) startsRef() bool {
	save := sc.i
	defer func() { sc.i = save }()
	if sc.keyword() || sc.lit("第") && isZHNumeral(sc.peek()) {
		return true
	}
	return sc.i > 0 && sc.s[sc.i-1] == ' ' && isDigit(sc.peek())
}

func isDigit(r rune) bool { return '0' <= r && r <= '9' }

func isLower(r rune) bool { return 'a' <= r && r <= 'z' }

// number reads 1 to 4 ASCII digits or a Chinese numeral up to 9999.
func (sc *scanner) number() (int, bool) {
	if isDigit(sc.peek()) {
		n, start := 0, sc.i
		for !sc.done() && isDigit(rune(sc.s[sc.i])) {
			if sc.i-start == 4 {
				return 0, false
			}
			n = n*10 + int(sc.s[sc.i]-'0')
			sc.i++
		}
		return n, n > 0
	}
	n, size, ok := parseZH(sc.rest())
	sc.i += size
	return n, ok
}

// clauseNumber reads digits with dots ("5.6", "7.3.1") after a first
// number n already read; it returns "" when no dot follows.
func (sc *scanner) clauseNumber(start int) string {
	for sc.i+1 < len(sc.s) && sc.s[sc.i] == '.' && isDigit(rune(sc.s[sc.i+1])) {
		sc.i++
		for !sc.done() && isDigit(rune(sc.s[sc.i])) {
			sc.i++
		}
	}
	if s := sc.s[start:sc.i]; len(s) > 0 && containsDot(s) {
		return s
	}
	return ""
}

func containsDot(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			return true
		}
	}
	return false
}

// refs reads a list of provisions separated by ",", "、", "and", "和",
// "及" or "&". It reads at most max and returns none when no provision
// starts here.
func (sc *scanner) refs(orig string, max int) ([]rawRef, error) {
	sc.skipSpace()
	sc.lit(",")
	var out []rawRef
	for {
		sc.skipSpace()
		r, ok, err := sc.ref(orig, len(out) == 0)
		if err != nil {
			return nil, err
		}
		if !ok {
			if len(out) == 0 {
				return nil, nil
			}
			return nil, citationError(orig, ErrInvalidCitation, "a list separator with no provision after it")
		}
		if out = append(out, r); len(out) > max {
			return nil, citationError(orig, ErrInvalidCitation, "too many provisions")
		}
		save := sc.i
		sc.skipSpace()
		if !(sc.lit(",") || sc.lit("、") || sc.word("and") || sc.lit("和") || sc.lit("及") || sc.lit("&")) {
			sc.i = save
			return out, nil
		}
	}
}

// ref reads one provision. ok is false, and nothing is consumed, when no
// provision starts here.
func (sc *scanner) ref(orig string, first bool) (rawRef, bool, error) {
	var r rawRef
	start := sc.i
	bad := func(why string) (rawRef, bool, error) {
		return rawRef{}, false, citationError(orig, ErrInvalidCitation, why)
	}
	if sc.lit("第") {
		if err := sc.zhRef(orig, &r); err != nil {
			return rawRef{}, false, err
		}
	} else {
		kw := sc.keyword()
		sc.skipSpace()
		switch p := sc.peek(); {
		case isDigit(p) || kw && isZHNumeral(p):
			at := sc.i
			n, ok := sc.number()
			if !ok {
				return bad("an article number is 1 to 9999")
			}
			if r.clause = sc.clauseNumber(at); r.clause == "" {
				r.article = n
			}
		case kw:
			return bad("an article keyword must be followed by its number, e.g. art. 21")
		default:
			r.continued = true
		}
		if err := sc.subdivisions(orig, &r); err != nil {
			return rawRef{}, false, err
		}
	}
	switch {
	case r.continued && sc.i == start:
		return rawRef{}, false, nil
	case r.continued && first:
		return bad("a paragraph or item without its article")
	}
	return r, true, nil
}

// zhRef reads the rest of 第N条[第N款][第N项], or of a continuing 第N款 or
// 第N项, after its first 第.
func (sc *scanner) zhRef(orig string, r *rawRef) error {
	bad := func(why string) error { return citationError(orig, ErrInvalidCitation, why) }
	n, ok := sc.number()
	switch {
	case !ok:
		return bad("第 must be followed by a number, as in 第二十一条")
	case sc.lit("条"):
		r.article = n
	case sc.lit("款"):
		r.para, r.continued = n, true
	case sc.lit("项"):
		r.item, r.continued = n, true
	default:
		return bad("a number after 第 must end in 条, 款 or 项")
	}
	for {
		switch {
		case sc.lit("第"):
			if sc.peek() == '(' {
				if err := sc.paren(orig, r); err != nil {
					return err
				}
				if !sc.lit("项") {
					return bad("第(N) must end in 项")
				}
				continue
			}
			n, ok := sc.number()
			switch {
			case !ok:
				return bad("第 must be followed by a number")
			case sc.lit("款") && r.para == 0 && r.item == 0 && r.nnums == 0:
				r.para = n
			case sc.lit("项") && r.item == 0 && r.nnums == 0:
				r.item = n
			default:
				return bad("款 comes before 项, each once")
			}
		case sc.peek() == '(':
			if err := sc.paren(orig, r); err != nil {
				return err
			}
			sc.lit("项")
		default:
			return nil
		}
	}
}

// paren reads "(N)" or "(x)": a number or a lettered point.
func (sc *scanner) paren(orig string, r *rawRef) error {
	bad := func(why string) error { return citationError(orig, ErrInvalidCitation, why) }
	sc.lit("(")
	sc.skipSpace()
	switch p := sc.peek(); {
	case isLower(p) || 'A' <= p && p <= 'Z':
		if r.point != 0 {
			return bad("one lettered point per provision")
		}
		r.point = byte(unicode.ToLower(p))
		sc.next()
	default:
		n, ok := sc.number()
		if !ok {
			return bad("want a number or a letter in parentheses, as in art. 13(1)(2) or art. 6(1)(b)")
		}
		if r.nnums == len(r.nums) || r.point != 0 {
			return bad("too many subdivisions: cite down to the item, as in art. 13(1)(2)")
		}
		r.nums[r.nnums] = n
		r.nnums++
	}
	sc.skipSpace()
	if !sc.lit(")") {
		return bad("a parenthesis is not closed")
	}
	return nil
}

// subdivisions reads what follows an article number: "(1)(b)", "para 2",
// "item 3", "point (b)", "lit. b", or a standard's " g)".
func (sc *scanner) subdivisions(orig string, r *rawRef) error {
	bad := func(why string) error { return citationError(orig, ErrInvalidCitation, why) }
	for {
		save := sc.i
		sc.skipSpace()
		switch {
		case sc.peek() == '(':
			if err := sc.paren(orig, r); err != nil {
				return err
			}
		case sc.word("paragraph") || sc.word("para"):
			sc.lit(".")
			sc.skipSpace()
			n, ok := sc.number()
			if !ok || r.para != 0 || r.nnums > 0 {
				return bad("a paragraph is one number, given once, before any item: art. 47 para 2")
			}
			r.para = n
		case sc.word("item"):
			sc.skipSpace()
			n, ok := sc.number()
			if !ok || r.item != 0 {
				return bad("an item is one number, given once: art. 21 item 3")
			}
			r.item = n
		case sc.word("point") || sc.word("lit"):
			sc.lit(".")
			sc.skipSpace()
			if sc.peek() == '(' {
				if err := sc.paren(orig, r); err != nil {
					return err
				}
				continue
			}
			if p := sc.peek(); !isLower(p) || r.point != 0 {
				return bad("a point is one lower-case letter: point (b)")
			}
			r.point = byte(sc.peek())
			sc.next()
		case sc.i > save && isLower(sc.peek()) && sc.i+1 < len(sc.s) && sc.s[sc.i+1] == ')' && r.point == 0:
			r.point = sc.s[sc.i] // a standard's list item: "5.6 g)"
			sc.i += 2
		default:
			sc.i = save
			return nil
		}
	}
}
