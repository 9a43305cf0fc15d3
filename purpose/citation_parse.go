package purpose

import (
	"cmp"
	"errors"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lawfulgo/lawful/pii"
)

// instrumentName is one name of an instrument, lower-case.
type instrumentName struct {
	name string
	inst Instrument
}

// instrumentNames holds every name of every instrument, longest first, so
// that a prefix match takes "gb/t 35273-2020" over "gb/t 35273".
var instrumentNames = func() []instrumentName {
	var out []instrumentName
	for _, i := range Instruments() {
		for _, n := range i.names() {
			if !slices.ContainsFunc(out, func(x instrumentName) bool { return x.name == n }) {
				out = append(out, instrumentName{n, i})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b instrumentName) int { return cmp.Compare(len(b.name), len(a.name)) })
	return out
}()

// rawRef is one provision as written, before the instrument says what its
// numbers mean.
type rawRef struct {
	article   int
	clause    string
	nums      [2]int // parenthesised numbers, in order
	nnums     int
	point     byte
	para      int  // explicit: "para 2", 第二款
	item      int  // explicit: "item 3", 第三项
	continued bool // no article of its own: continues the one before
}

// parsePart parses one instrument with its provisions. orig is the text
// for errors; t is normalised. At most max citations are read.
func parsePart(orig, t string, max int) ([]Citation, error) {
	head := stripNamePrefixes(strings.TrimSpace(t))
	inst, rest, ok, err := leadingInstrument(orig, head)
	if err != nil {
		return nil, err
	}
	var refs []rawRef
	if ok {
		sc := scanner{s: rest}
		if refs, err = sc.refs(orig, max); err != nil {
			return nil, err
		}
		if sc.skipSpace(); !sc.done() {
			return nil, citationError(orig, ErrInvalidCitation, "cannot read "+quoteRest(sc.rest())+"; write e.g. \"PIPL art. 13(1)(2)\" or \"《个人信息保护法》第十三条\"")
		}
	} else {
		// Suffix form: "Art. 6(1)(b) GDPR", "Article 21 of the Cybersecurity Law".
		sc := scanner{s: head}
		if refs, err = sc.refs(orig, max); err != nil {
			return nil, err
		}
		if len(refs) == 0 {
			return nil, unknownInstrument(orig, head)
		}
		name := strings.TrimSpace(sc.rest())
		for _, p := range []string{",", "of the ", "of "} {
			name = strings.TrimSpace(trimPrefixFold(name, p))
		}
		if name == "" {
			return nil, citationError(orig, ErrInvalidCitation, "names no instrument: write e.g. \"PIPL art. 13\" or \"Art. 6(1)(b) GDPR\"")
		}
		if inst, err = ParseInstrument(name); err != nil {
			return nil, citationError(orig, ErrUnknownInstrument, enumQuote(name)+" is not an instrument the library knows (see purpose.Instruments)")
		}
	}
	return interpretRefs(orig, inst, refs)
}

// stripNamePrefixes drops "the " and the leading 中华人民共和国 of a name.
func stripNamePrefixes(s string) string {
	s = trimPrefixFold(s, "the ")
	if strings.HasPrefix(s, "《") {
		inner := strings.TrimPrefix(s, "《")
		return "《" + strings.TrimPrefix(inner, "中华人民共和国")
	}
	return strings.TrimPrefix(s, "中华人民共和国")
}

func trimPrefixFold(s, prefix string) string {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):]
	}
	return s
}

// leadingInstrument finds the instrument a citation starts with, in 《》 or
// by one of its names. ok is false when none starts it.
func leadingInstrument(orig, head string) (inst Instrument, rest string, ok bool, err error) {
	if inner, ok := strings.CutPrefix(head, "《"); ok {
		name, after, closed := strings.Cut(inner, "》")
		if !closed {
			return 0, "", false, citationError(orig, ErrInvalidCitation, "《 without 》")
		}
		inst, err := ParseInstrument(name)
		if err != nil {
			return 0, "", false, citationError(orig, ErrUnknownInstrument, "《"+name+"》 is not an instrument the library knows (see purpose.Instruments)")
		}
		return inst, after, true, nil
	}
	for _, n := range instrumentNames {
		if len(head) >= len(n.name) && asciiLower(head[:len(n.name)]) == n.name && nameEnds(head[len(n.name):]) {
			return n.inst, head[len(n.name):], true, nil
		}
	}
	return 0, "", false, nil
}

// nameEnds reports whether a name may end where rest begins: at the end,
// before 第, or before anything that is not a letter.
func nameEnds(rest string) bool {
	if rest == "" {
		return true
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return r == '第' || !unicode.IsLetter(r)
}

// unknownInstrument explains a text that starts with no known instrument:
// an unknown name before an article reference, or no citation at all.
func unknownInstrument(orig, head string) error {
	sc := scanner{s: head}
	for !sc.done() {
		at := sc.i
		if sc.startsRef() && at > 0 {
			name := strings.TrimRight(strings.TrimSpace(head[:at]), ",")
			return citationError(orig, ErrUnknownInstrument, enumQuote(name)+" is not an instrument the library knows (see purpose.Instruments); cite e.g. \"Cybersecurity Law art. 21(3)\"")
		}
		sc.next()
	}
	return citationError(orig, ErrInvalidCitation, "names no known instrument and no article; cite a provision, e.g. \"Cybersecurity Law art. 21(3)\" or \"《网络安全法》第二十一条\"")
}

func enumQuote(s string) string {
	if len(s) > 64 {
		s = s[:64]
	}
	return strings.ToValidUTF8(`"`+s+`"`, "")
}

func quoteRest(s string) string {
	if len(s) > 24 {
		s = s[:24]
		for len(s) > 0 && !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
		s += "..."
	}
	return `"` + s + `"`
}

// interpretRefs turns raw provisions into citations of inst, each
// continuation taking the article (and paragraph) before it.
func interpretRefs(orig string, inst Instrument, refs []rawRef) ([]Citation, error) {
	if len(refs) == 0 {
		return []Citation{{Instrument: inst}}, nil
	}
	out := make([]Citation, 0, len(refs))
	var prev Citation
	for i, r := range refs {
		c, err := interpret(orig, inst, r, prev, i > 0)
		if err == nil {
			err = c.Validate()
		}
		if err != nil {
			why := err.Error()
			if ce, ok := errors.AsType[*CitationError](err); ok {
				why = ce.Why
			}
			return nil, &CitationError{Text: cutText(orig), Why: why, Err: ErrInvalidCitation, provision: true}
		}
		out = append(out, c)
		prev = c
	}
	return out, nil
}

// interpret gives a raw provision its meaning under inst: parenthesised
// numbers are paragraph and item in a PRC instrument, paragraph in the
// GDPR; letters are GDPR points or a standard's list items.
func interpret(orig string, inst Instrument, r rawRef, prev Citation, hasPrev bool) (Citation, error) {
	bad := func(why string) (Citation, error) { return Citation{}, citationError(orig, ErrInvalidCitation, why) }
	c := Citation{Instrument: inst, Article: r.article, Point: r.point}
	if r.continued {
		if !hasPrev || prev.Article == 0 && prev.Clause == "" {
			return bad("a paragraph or item without its article")
		}
		c.Article, c.Clause = prev.Article, prev.Clause
	}
	switch {
	case inst.Kind() == KindNationalStandard:
		if r.clause == "" && !r.continued || r.nnums > 0 || r.para != 0 || r.item != 0 {
			return bad(inst.String() + " is a standard: cite its clause, e.g. \"GB/T 35273-2020 §5.6(g)\"")
		}
		if r.clause != "" {
			c.Clause = r.clause
		}
		c.Article = 0
		return c, nil
	case r.clause != "":
		return bad("only standards have dotted clause numbers; cite an article, e.g. art. 21(3)")
	case inst.Regime() == pii.GDPR:
		if r.item != 0 || r.nnums > 1 || r.nnums == 1 && r.para != 0 {
			return bad("GDPR provisions have a paragraph and a lettered point: write e.g. art. 6(1)(b)")
		}
		c.Paragraph = max(r.para, r.nums[0])
		if r.continued && c.Paragraph == 0 {
			c.Paragraph = prev.Paragraph
		}
		return c, nil
	}
	if r.point != 0 {
		return bad("PRC provisions have numbered items (项), not lettered points: write e.g. art. 13(1)(2)")
	}
	switch {
	case r.nnums == 2 && (r.para != 0 || r.item != 0), r.nnums == 1 && r.item != 0:
		return bad("the paragraph or item is given twice")
	case r.nnums == 2:
		c.Paragraph, c.Item = r.nums[0], r.nums[1]
	case r.para != 0:
		c.Paragraph, c.Item = r.para, max(r.item, r.nums[0])
	default:
		c.Item = max(r.item, r.nums[0])
		if r.continued {
			c.Paragraph = prev.Paragraph
		}
	}
	return c, nil
}
