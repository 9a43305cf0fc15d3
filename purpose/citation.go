package purpose

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/lawfulgo/lawful/internal/enum"
	"github.com/lawfulgo/lawful/pii"
)

// Citation errors. Every error ParseCitation, ParseCitations and
// ParseInstrument return is a *CitationError matching one of them.
var (
	// ErrInvalidCitation: the text is not a citation the parser reads, or
	// names a provision the instrument does not have (PIPL has 74
	// articles).
	ErrInvalidCitation = errors.New("purpose: invalid citation")
	// ErrUnknownInstrument: the citation names an instrument that is not
	// in the table of known instruments (see Instruments).
	ErrUnknownInstrument = errors.New("purpose: unknown legal instrument")
)

// Limits of the citation parsers.
const (
	// MaxCitationLen is the longest text ParseCitation and ParseInstrument
	// read, in bytes.
	MaxCitationLen = 256
	// MaxCitationsLen is the longest text ParseCitations reads, in bytes.
	MaxCitationsLen = 1024
	// MaxCitations is the most citations ParseCitations returns.
	MaxCitations = 32
)

// maxSubdivision bounds paragraph and item numbers: no article of a known
// instrument has more than a few dozen.
const maxSubdivision = 99

// CitationError says why a text is not a citation the parser accepts. It
// matches ErrInvalidCitation or ErrUnknownInstrument (Err).
type CitationError struct {
	// Text is the input, cut to 48 bytes.
	Text string
	// Why says what is wrong and how to write it instead.
	Why string
	// Err is ErrInvalidCitation or ErrUnknownInstrument.
	Err error
	// provision: the text reads as a citation of a known instrument, but
	// of a provision it does not have.
	provision bool
}

// Error returns the input, quoted and cut, and why it is refused.
func (e *CitationError) Error() string {
	return "purpose: citation " + enum.Quote(e.Text) + ": " + e.Why
}

// Unwrap returns Err.
func (e *CitationError) Unwrap() error { return e.Err }

func citationError(text string, sentinel error, why string) error {
	return &CitationError{Text: cutText(text), Why: why, Err: sentinel}
}

// cutText keeps the first 64 bytes of an input for an error; Error quotes
// at most 48 of them, cut on a rune boundary.
func cutText(s string) string {
	if len(s) > 64 {
		return s[:64]
	}
	return s
}

// Citation is a reference to a provision of a known legal instrument, as
// lawyers write it: "PIPL art. 13(1)(2)", "《个人信息保护法》第十三条第一款第二项",
// "Art. 6(1)(b) GDPR", "GB/T 35273-2020 §5.6(g)". ParseCitation reads
// them; String writes the canonical English form and In(ZH) the Chinese
// one, both of which ParseCitation reads back to an equal Citation.
//
// Parenthesised numbers follow each legal order's habit. In a PRC
// instrument "13(1)(2)" is article 13, paragraph (款) 1, item (项) 2, and a
// lone "21(3)" is item 3 of the article's paragraph with items (the usual
// shorthand; write "art. 47 para 2" for a paragraph). In the GDPR "6(1)"
// is paragraph 1 and "(b)" a lettered point. A standard is cited by
// clause: "§5.6(g)" is clause 5.6, item g.
//
// Cybersecurity Law articles are read in the 2016 numbering (see
// InstrumentCSL). The zero Citation cites nothing.
type Citation struct {
	// Instrument is the law, regulation, rule or standard cited.
	Instrument Instrument
	// Article is the article (条) number; 0 cites the instrument as a whole.
	// Standards have clauses instead.
	Article int
	// Paragraph is the paragraph (款) number, or 0.
	Paragraph int
	// Item is the item (项) number of a PRC instrument, or 0.
	Item int
	// Point is the letter of a GDPR point ("b" in art. 6(1)(b)) or of a
	// standard's list item ("g" in §5.6(g)), or 0.
	Point byte
	// Clause is a standard's clause number, e.g. "5.6"; standards only.
	Clause string
}

// IsZero reports whether c cites nothing.
func (c Citation) IsZero() bool { return c == Citation{} }

// String returns the canonical English form: "PIPL art. 13(1)(2)",
// "PIPL art. 47 para 2", "CSL art. 21(3)", "GDPR art. 6(1)(b)",
// "GB/T 35273-2020 §5.6(g)", or the abbreviation alone for the whole
// instrument. The zero Citation is "".
func (c Citation) String() string {
	if !c.Instrument.Valid() {
		return ""
	}
	var b strings.Builder
	b.WriteString(c.Instrument.String())
	switch {
	case c.Instrument.Kind() == KindNationalStandard:
		if c.Clause != "" {
			b.WriteString(" §")
			b.WriteString(c.Clause)
		}
		writePoint(&b, c.Point, false)
	case c.Article == 0:
	case c.Instrument.Regime() == pii.GDPR:
		b.WriteString(" art. ")
		b.WriteString(strconv.Itoa(c.Article))
		writeNum(&b, c.Paragraph)
		writePoint(&b, c.Point, c.Paragraph == 0)
	default:
		b.WriteString(" art. ")
		b.WriteString(strconv.Itoa(c.Article))
		switch {
		case c.Paragraph > 0 && c.Item > 0:
			writeNum(&b, c.Paragraph)
			writeNum(&b, c.Item)
		case c.Paragraph > 0:
			b.WriteString(" para ")
			b.WriteString(strconv.Itoa(c.Paragraph))
		default:
			writeNum(&b, c.Item)
		}
	}
	return b.String()
}

func writeNum(b *strings.Builder, n int) {
	if n > 0 {
		b.WriteByte('(')
		b.WriteString(strconv.Itoa(n))
		b.WriteByte(')')
	}
}

func writePoint(b *strings.Builder, p byte, named bool) {
	if p == 0 {
		return
	}
	if named {
		b.WriteString(" point")
	}
	b.WriteString("(")
	b.WriteByte(p)
	b.WriteString(")")
}

// In returns c in lang: String for English; for Chinese the form statutes
// use, "《个人信息保护法》第十三条第一款第二项", "《通用数据保护条例》第6条第1款(b)项",
// "GB/T 35273-2020 5.6 g)".
func (c Citation) In(lang Lang) string {
	if lang != ZH || !c.Instrument.Valid() {
		return c.String()
	}
	var b strings.Builder
	if c.Instrument.Kind() == KindNationalStandard {
		b.WriteString(c.Instrument.String())
		if c.Clause != "" {
			b.WriteString(" ")
			b.WriteString(c.Clause)
		}
		if c.Point != 0 {
			b.WriteString(" ")
			b.WriteByte(c.Point)
			b.WriteString(")")
		}
		return b.String()
	}
	b.WriteString("《")
	b.WriteString(c.Instrument.Name(ZH))
	b.WriteString("》")
	if c.Article == 0 {
		return b.String()
	}
	num := formatZH
	if c.Instrument.Regime() == pii.GDPR {
		num = strconv.Itoa
	}
	for _, part := range []struct {
		n    int
		unit string
	}{{c.Article, "条"}, {c.Paragraph, "款"}, {c.Item, "项"}} {
		if part.n > 0 {
			b.WriteString("第")
			b.WriteString(num(part.n))
			b.WriteString(part.unit)
		}
	}
	if c.Point != 0 {
		b.WriteString("(")
		b.WriteByte(c.Point)
		b.WriteString(")项")
	}
	return b.String()
}

// MarshalText encodes c as its String; the zero Citation is an error.
func (c Citation) MarshalText() ([]byte, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return []byte(c.String()), nil
}

// UnmarshalText parses a citation (see ParseCitation).
func (c *Citation) UnmarshalText(text []byte) error {
	v, err := ParseCitation(string(text))
	if err == nil {
		*c = v
	}
	return err
}

// Validate reports whether c cites a provision its instrument can have:
// a known instrument, an article within its articles, a paragraph and
// item of 1 to 99, points only in the GDPR and standards, items only in
// PRC instruments, clauses only in standards.
func (c Citation) Validate() error {
	text := c.String()
	bad := func(why string) error { return citationError(text, ErrInvalidCitation, why) }
	if !c.Instrument.Valid() {
		return citationError(text, ErrUnknownInstrument, "no known instrument")
	}
	kind, gdpr := c.Instrument.Kind(), c.Instrument.Regime() == pii.GDPR
	switch {
	case c.Article < 0 || c.Article > 9999:
		return bad(fmt.Sprintf("article %d: want 1 to 9999", c.Article))
	case c.Paragraph < 0 || c.Paragraph > maxSubdivision || c.Item < 0 || c.Item > maxSubdivision:
		return bad(fmt.Sprintf("paragraphs and items are numbered 1 to %d", maxSubdivision))
	case c.Point != 0 && (c.Point < 'a' || c.Point > 'z'):
		return bad("a point is one lower-case letter, as in GDPR art. 6(1)(b)")
	case kind == KindNationalStandard:
		if c.Article != 0 || c.Paragraph != 0 || c.Item != 0 {
			return bad(c.Instrument.String() + " is a standard: cite a clause, e.g. §5.6(g), not an article")
		}
		if c.Clause == "" && c.Point != 0 || c.Clause != "" && !validClause(c.Clause) {
			return bad("a clause is numbered like 5.6 or 7.3.1")
		}
		return nil
	case c.Clause != "":
		return bad("only standards have clauses; cite an article, e.g. art. 21(3)")
	case c.Article == 0 && (c.Paragraph != 0 || c.Item != 0 || c.Point != 0):
		return bad("a paragraph, item or point needs its article")
	case c.Instrument.Articles() > 0 && c.Article > c.Instrument.Articles():
		return bad(fmt.Sprintf("%s has %d articles; there is no art. %d", c.Instrument, c.Instrument.Articles(), c.Article))
	case gdpr && c.Item != 0:
		return bad("GDPR provisions have paragraphs and lettered points, not items: write art. 6(1)(b)")
	case !gdpr && c.Point != 0:
		return bad("PRC provisions have paragraphs (款) and numbered items (项), not lettered points: write art. 13(1)(2)")
	}
	return nil
}

func validClause(s string) bool {
	if len(s) > 16 || s == "" {
		return false
	}
	digits := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case '0' <= c && c <= '9':
			digits++
			if digits > 3 || digits == 1 && c == '0' && i+1 < len(s) && s[i+1] != '.' {
				return false
			}
		case c == '.' && digits > 0 && i+1 < len(s):
			digits = 0
		default:
			return false
		}
	}
	return digits > 0
}

// ParseCitation parses one citation as lawyers write it, in English or
// Chinese, e.g.
//
//	PIPL 13(1)(2)                  PIPL art. 13(1)(2)
//	Art. 6(1)(b) GDPR              GDPR Article 6(1)(b)
//	Cybersecurity Law art. 21(3)   CSL 21        NDSMR 35(4)
//	Article 21 of the Cybersecurity Law          PIPL art. 47 para 2
//	《个人信息保护法》第十三条第一款第二项     《网络安全法》第二十一条
//	《中华人民共和国网络安全法》第21条          GB/T 35273-2020 §5.6(g)
//
// and returns it validated against the table of known instruments (see
// Citation.Validate). The instrument alone ("《网络安全法》") cites the
// instrument as a whole. A text naming no known instrument is refused with
// ErrUnknownInstrument ("Made Up Law art. 99"); anything else the parser
// cannot read, or a provision the instrument lacks ("PIPL art. 99"), with
// ErrInvalidCitation. Texts longer than MaxCitationLen are refused. Use
// ParseCitations for lists ("PIPL arts. 19, 47; GDPR art. 17").
func ParseCitation(s string) (Citation, error) {
	if len(s) > MaxCitationLen {
		return Citation{}, citationError(s, ErrInvalidCitation, fmt.Sprintf("a citation is at most %d bytes", MaxCitationLen))
	}
	cs, err := parsePart(s, normaliseCitation(s), 2)
	if err != nil {
		return Citation{}, err
	}
	if len(cs) != 1 {
		return Citation{}, citationError(s, ErrInvalidCitation, "cites more than one provision; ParseCitations reads lists")
	}
	return cs[0], nil
}

// ParseCitations parses a list of citations: parts separated by ";" (or
// "；"), each an instrument with one or more provisions separated by ",",
// "、" or "and": "PIPL arts. 19, 47; GDPR art. 17", "PIPL art. 47(1), (3)",
// "《个人信息保护法》第十三条、第二十九条". A provision that gives only a
// paragraph or item ("(3)") continues the article before it. Texts longer
// than MaxCitationsLen, or with more than MaxCitations citations, are
// refused; every error is a *CitationError.
func ParseCitations(s string) ([]Citation, error) {
	if len(s) > MaxCitationsLen {
		return nil, citationError(s, ErrInvalidCitation, fmt.Sprintf("a list of citations is at most %d bytes", MaxCitationsLen))
	}
	t := normaliseCitation(s)
	var out []Citation
	for part := range strings.SplitSeq(t, ";") {
		if strings.TrimSpace(part) == "" {
			return nil, citationError(s, ErrInvalidCitation, "an empty part between semicolons")
		}
		cs, err := parsePart(part, part, MaxCitations-len(out)+1)
		if err != nil {
			return nil, err
		}
		if len(out)+len(cs) > MaxCitations {
			return nil, citationError(s, ErrInvalidCitation, fmt.Sprintf("more than %d citations", MaxCitations))
		}
		out = append(out, cs...)
	}
	return out, nil
}

// normaliseCitation maps full-width forms (（）０-９，；．) and ideographic
// or no-break spaces to ASCII and trims the ends.
func normaliseCitation(s string) string {
	if isASCII(s) {
		return strings.TrimSpace(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		case r == 0x3000 || r == 0xA0:
			r = ' '
		}
		b.WriteRune(r)
	}
	return strings.TrimSpace(b.String())
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
