package detect

import (
	"fmt"

	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/pii/format"
)

// Span is one value found in a text: text[Start:End] as written (with its
// separators, full-width digits and all), its Kind, and how sure the
// scanner is, from 0 to 1.
type Span struct {
	Start, End int
	Kind       format.Kind
	Confidence float32
}

// Category returns the taxonomy leaf of the value (contact.phone for a
// mobile number), or the zero Category for kinds without one (licence
// plates, credit codes).
func (s Span) Category() pii.Category { return s.Kind.Category() }

// String returns the span without the value, such as
// "mobile[12:23] 0.85".
func (s Span) String() string {
	return fmt.Sprintf("%v[%d:%d] %.2f", s.Kind, s.Start, s.End, s.Confidence)
}

// DefaultMinConfidence is the confidence below which the zero Scanner
// drops a span. Kinds without a check digit or a distinctive shape
// (15-digit IMEIs and first-generation IDs, passports, permits) reach it
// only after a context word such as 护照 or IMEI.
const DefaultMinConfidence = 0.5

// Masker masks one value of a category; *mask.Masker implements it.
type Masker interface {
	Append(dst []byte, c pii.Category, v string) []byte
}

// Scanner finds personal information in text. The zero Scanner finds
// every kind at DefaultMinConfidence and redacts spans with a label
// naming their category. A Scanner is not changed by use and is safe for
// concurrent use.
type Scanner struct {
	// Kinds limits the search to these kinds; empty means all of them.
	// NationalID15 and Plate are among them.
	Kinds []format.Kind
	// MinConfidence drops spans below it; zero means
	// DefaultMinConfidence.
	MinConfidence float32
	// Masker masks spans in AppendRedacted and Redact. Nil replaces each
	// span with its category in brackets, such as "[contact.phone]",
	// which keeps a prompt sent to a model readable ("call me on
	// [contact.phone]").
	Masker Masker
}

var defaultScanner Scanner

// Find returns the spans the zero Scanner finds in text.
func Find(text string) []Span { return defaultScanner.AppendSpans(nil, text) }

// Redact returns text with what the zero Scanner finds replaced by labels.
func Redact(text string) string { return defaultScanner.Redact(text) }

// Find returns the spans in text, in order; they never overlap.
func (s *Scanner) Find(text string) []Span { return s.AppendSpans(nil, text) }

// AppendSpans appends the spans found in text to dst, in order, and
// returns it. With room in dst it rarely allocates (an 18-digit number
// passing the Luhn check costs one small allocation). It never panics,
// and every span lies within text. Text of any length is scanned in one
// pass, with fixed state besides the spans.
func (s *Scanner) AppendSpans(dst []Span, text string) []Span {
	st := scan{text: text, out: dst, kinds: s.kindMask(), min: s.minConfidence()}
	st.resetContext()
	st.run(0, len(text))
	return st.out
}

// Contains reports whether text holds any personal information the
// scanner finds.
func (s *Scanner) Contains(text string) bool {
	var buf [4]Span
	return len(s.AppendSpans(buf[:0], text)) > 0
}

// Redact returns text with every span masked (see Masker).
func (s *Scanner) Redact(text string) string {
	return string(s.AppendRedacted(make([]byte, 0, len(text)), text))
}

// AppendRedacted appends text to dst with every span masked, and returns
// it. It implements mask.TextRedactor, so a Scanner redacts free text in
// logs. Beyond growing dst it allocates one buffer for up to 32 spans.
func (s *Scanner) AppendRedacted(dst []byte, text string) []byte {
	var buf [32]Span
	spans := s.AppendSpans(buf[:0], text)
	at := 0
	for _, sp := range spans {
		dst = append(dst, text[at:sp.Start]...)
		dst = s.maskSpan(dst, sp, text[sp.Start:sp.End])
		at = sp.End
	}
	return append(dst, text[at:]...)
}

func (s *Scanner) maskSpan(dst []byte, sp Span, v string) []byte {
	c := sp.Category()
	if s.Masker != nil {
		return s.Masker.Append(dst, c, v)
	}
	dst = append(dst, '[')
	if c.Valid() {
		dst = append(dst, c.Key()...)
	} else {
		dst = append(dst, sp.Kind.String()...)
	}
	return append(dst, ']')
}

func (s *Scanner) kindMask() uint32 {
	if len(s.Kinds) == 0 {
		return ^uint32(0)
	}
	var m uint32
	for _, k := range s.Kinds {
		if k < 32 {
			m |= 1 << k
		}
	}
	return m
}

func (s *Scanner) minConfidence() float32 {
	if s.MinConfidence > 0 {
		return s.MinConfidence
	}
	return DefaultMinConfidence
}
