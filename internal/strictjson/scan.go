package strictjson

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/lawfulgo/lawful/internal/enum"
)

// span is a byte range of scanner.kbuf.
type span struct{ a, b int }

// step is one step of the current path: an object key (a span of kbuf) or
// an array index.
type step struct {
	key bool
	k   span
	i   int
}

// scanner is a recursive-descent checker. Its recursion is bounded by
// Limits.MaxDepth. It allocates only its scratch slices, which grow to the
// largest open path and set of open keys and are then reused.
type scanner struct {
	data  []byte
	pos   int
	lim   Limits
	depth int
	path  []step
	kbuf  []byte // unescaped keys of the open objects
	keys  []span // spans of kbuf, per open object from its mark
	err   *Error
	count int  // values scanned, object keys included
	rootN int  // elements or members of the outermost value
	build bool // record nodes
	nodes []node
}

func (s *scanner) skipSpace() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

// peek returns the next byte, or 0 at the end.
func (s *scanner) peek() byte {
	if s.pos < len(s.data) {
		return s.data[s.pos]
	}
	return 0
}

func (s *scanner) value(sc *schema) bool {
	s.skipSpace()
	if s.pos >= len(s.data) {
		return s.syntax("unexpected end of input; the document is cut short")
	}
	var k Kind
	switch c := s.data[s.pos]; {
	case c == '{':
		k = Object
	case c == '[':
		k = Array
	case c == '"':
		k = String
	case c == 't' || c == 'f':
		k = Bool
	case c == 'n':
		k = Null
	case c == '-' || '0' <= c && c <= '9':
		k = Number
	default:
		return s.syntax("invalid character " + quoteByte(c) + " looking for a value")
	}
	i := s.open(k)
	ok := false
	switch k {
	case Object:
		ok = s.object(sc, i)
	case Array:
		ok = s.array(sc, i)
	case String:
		esc, sok := s.str()
		ok = sok
		s.escaped(i, esc)
	case Bool:
		if s.data[s.pos] == 't' {
			ok = s.literal("true")
		} else {
			ok = s.literal("false")
		}
	case Null:
		ok = s.literal("null")
	case Number:
		ok = s.number()
	}
	s.close(i)
	return ok
}

// open starts the node of a value of kind k at the current position.
func (s *scanner) open(k Kind) int {
	s.count++
	if !s.build {
		return -1
	}
	s.nodes = append(s.nodes, node{kind: k, start: int32(s.pos)})
	return len(s.nodes) - 1
}

// close ends node i at the current position.
func (s *scanner) close(i int) {
	if i >= 0 {
		s.nodes[i].end = int32(s.pos)
		s.nodes[i].size = int32(len(s.nodes) - i)
	}
}

func (s *scanner) escaped(i int, esc bool) {
	if i >= 0 {
		s.nodes[i].esc = esc
	}
}

// elements records that node i has n elements or members.
func (s *scanner) elements(i, n int) {
	if s.depth == 1 {
		s.rootN = n
	}
	if i >= 0 {
		s.nodes[i].n = int32(n)
	}
}

func (s *scanner) enter() bool {
	s.depth++
	if s.depth > s.lim.depth() {
		return s.fail(ErrTooLarge, fmt.Sprintf("nested more than %d arrays and objects deep at %s", s.lim.depth(), s.where(s.pos)))
	}
	s.pos++ // '{' or '['
	return true
}

func (s *scanner) object(sc *schema, node int) bool {
	if !s.enter() {
		return false
	}
	mark, kmark := len(s.keys), len(s.kbuf)
	s.skipSpace()
	if s.peek() == '}' {
		s.pos++
		s.depth--
		return true
	}
	for n := 1; ; n++ {
		if !s.member(sc, n-1) {
			return false
		}
		s.skipSpace()
		switch s.peek() {
		case ',':
			s.pos++
			continue
		case '}':
			s.pos++
			s.elements(node, n)
		default:
			return s.syntax("want ',' or '}' after an object member")
		}
		break
	}
	if !s.unique(s.keys[mark:]) {
		return false
	}
	s.keys, s.kbuf = s.keys[:mark], s.kbuf[:kmark]
	s.depth--
	return true
}

// member checks the n-th member of an object of schema sc.
func (s *scanner) member(sc *schema, n int) bool {
	s.skipSpace()
	if s.peek() != '"' {
		return s.syntax("want a quoted object key")
	}
	if n == s.lim.elements() {
		return s.fail(ErrTooLarge, fmt.Sprintf("an object of more than %d members at %s", s.lim.elements(), s.where(s.pos)))
	}
	kn := s.open(String)
	k, esc, ok := s.key()
	if !ok {
		return false
	}
	s.escaped(kn, esc)
	s.close(kn)
	s.keys = append(s.keys, k)
	field := sc.field(s.kbuf[k.a:k.b])
	if field == nil {
		return s.fail(ErrUnknownField, sc.unknown(string(s.kbuf[k.a:k.b])))
	}
	s.path = append(s.path, step{key: true, k: k})
	s.skipSpace()
	if s.peek() != ':' {
		return s.syntax("want ':' after an object key")
	}
	s.pos++
	if !s.value(field) {
		return false
	}
	s.path = s.path[:len(s.path)-1]
	return true
}

// unique reports (as an error) a key that keys repeat.
func (s *scanner) unique(keys []span) bool {
	eq := func(x, y span) bool { return bytes.Equal(s.kbuf[x.a:x.b], s.kbuf[y.a:y.b]) }
	if len(keys) <= 16 {
		for i := range keys {
			for j := range i {
				if eq(keys[i], keys[j]) {
					return s.duplicate(keys[i])
				}
			}
		}
		return true
	}
	slices.SortFunc(keys, func(x, y span) int { return bytes.Compare(s.kbuf[x.a:x.b], s.kbuf[y.a:y.b]) })
	for i := 1; i < len(keys); i++ {
		if eq(keys[i], keys[i-1]) {
			return s.duplicate(keys[i])
		}
	}
	return true
}

func (s *scanner) duplicate(k span) bool {
	return s.fail(ErrDuplicateKey, fmt.Sprintf("duplicate key %s; give each key once (a repeated key would silently replace the first)", enum.Quote(string(s.kbuf[k.a:k.b]))))
}

func (s *scanner) array(sc *schema, node int) bool {
	if !s.enter() {
		return false
	}
	elem := sc.element()
	s.skipSpace()
	if s.peek() == ']' {
		s.pos++
		s.depth--
		return true
	}
	for i := 0; ; i++ {
		if i == s.lim.elements() {
			return s.fail(ErrTooLarge, fmt.Sprintf("an array of more than %d elements at %s", s.lim.elements(), s.where(s.pos)))
		}
		s.path = append(s.path, step{i: i})
		if !s.value(elem) {
			return false
		}
		s.path = s.path[:len(s.path)-1]
		s.skipSpace()
		switch s.peek() {
		case ',':
			s.pos++
		case ']':
			s.pos++
			s.elements(node, i+1)
			s.depth--
			return true
		default:
			return s.syntax("want ',' or ']' after an array element")
		}
	}
}

// key scans an object key and appends its unescaped text to kbuf.
func (s *scanner) key() (k span, escaped, ok bool) {
	start := s.pos
	if escaped, ok = s.str(); !ok {
		return span{}, escaped, false
	}
	a := len(s.kbuf)
	if !escaped {
		s.kbuf = append(s.kbuf, s.data[start+1:s.pos-1]...)
		return span{a, len(s.kbuf)}, false, true
	}
	text, err := unquote(s.data[start:s.pos])
	if err != nil {
		s.pos = start
		return span{}, true, s.syntax("invalid object key: " + err.Error())
	}
	s.kbuf = append(s.kbuf, text...)
	return span{a, len(s.kbuf)}, true, true
}

// unquote decodes a checked JSON string as encoding/json does.
func unquote(quoted []byte) (string, error) {
	var text string
	err := json.Unmarshal(quoted, &text)
	return text, err
}

// str scans a string, reporting whether it has escapes.
func (s *scanner) str() (escaped, ok bool) {
	s.pos++ // '"'
	for s.pos < len(s.data) {
		c := s.data[s.pos]
		switch {
		case c == '"':
			s.pos++
			return escaped, true
		case c == '\\':
			escaped = true
			if !s.escape() {
				return escaped, false
			}
		case c < 0x20:
			return escaped, s.syntax("control character " + quoteByte(c) + " in a string; escape it")
		case c < utf8.RuneSelf:
			s.pos++
		default:
			r, n := utf8.DecodeRune(s.data[s.pos:])
			if r == utf8.RuneError && n == 1 {
				return escaped, s.syntax("invalid UTF-8 in a string; save the file as UTF-8")
			}
			s.pos += n
		}
	}
	return escaped, s.syntax("unterminated string; the document is cut short")
}

func (s *scanner) escape() bool {
	if s.pos+1 >= len(s.data) {
		return s.syntax("unterminated escape; the document is cut short")
	}
	switch s.data[s.pos+1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		s.pos += 2
		return true
	case 'u':
		if s.pos+6 > len(s.data) {
			return s.syntax("unterminated \\u escape")
		}
		for _, c := range s.data[s.pos+2 : s.pos+6] {
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return s.syntax("invalid \\u escape; want four hex digits")
			}
		}
		s.pos += 6
		return true
	}
	return s.syntax("invalid escape " + strconv.Quote(string(s.data[s.pos:s.pos+2])) + " in a string")
}

func (s *scanner) literal(lit string) bool {
	if !bytes.HasPrefix(s.data[s.pos:], []byte(lit)) {
		return s.syntax("invalid literal; want true, false or null")
	}
	s.pos += len(lit)
	return true
}

// number scans -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?.
func (s *scanner) number() bool {
	if s.peek() == '-' {
		s.pos++
	}
	switch c := s.peek(); {
	case c == '0':
		s.pos++
	case '1' <= c && c <= '9':
		s.digits()
	default:
		return s.syntax("invalid number; want a digit after '-'")
	}
	if s.peek() == '.' {
		s.pos++
		if s.digits() == 0 {
			return s.syntax("invalid number; want a digit after '.'")
		}
	}
	if c := s.peek(); c == 'e' || c == 'E' {
		s.pos++
		if c := s.peek(); c == '+' || c == '-' {
			s.pos++
		}
		if s.digits() == 0 {
			return s.syntax("invalid number; want a digit in the exponent")
		}
	}
	return true
}

func (s *scanner) digits() int {
	n := 0
	for c := s.peek(); '0' <= c && c <= '9'; c = s.peek() {
		s.pos++
		n++
	}
	return n
}

func (s *scanner) syntax(msg string) bool {
	if s.pos >= len(s.data) {
		msg = "unexpected end of input; the document is cut short"
	}
	return s.fail(ErrSyntax, "syntax error: "+msg+" at "+s.where(s.pos))
}

// fail records the error at the current path and returns false.
func (s *scanner) fail(kind error, msg string) bool {
	s.err = &Error{Kind: kind, Path: s.pathString(), Offset: s.pos, Msg: msg}
	return false
}

// where describes byte offset off as a line and column.
func (s *scanner) where(off int) string {
	off = min(off, len(s.data))
	line := 1 + bytes.Count(s.data[:off], []byte{'\n'})
	col := 1 + utf8.RuneCount(s.data[bytes.LastIndexByte(s.data[:off], '\n')+1:off])
	return fmt.Sprintf("line %d, column %d (byte %d)", line, col, off)
}

func (s *scanner) pathString() string {
	var b strings.Builder
	for _, st := range s.path {
		if st.key {
			writeKey(&b, string(s.kbuf[st.k.a:st.k.b]))
		} else {
			writeIndex(&b, st.i)
		}
	}
	return b.String()
}

func writeIndex(b *strings.Builder, i int) {
	b.WriteByte('[')
	b.WriteString(strconv.Itoa(i))
	b.WriteByte(']')
}

// writeKey writes .key, or ["key"] for a key that is not a plain name.
func writeKey(b *strings.Builder, k string) {
	plain := k != "" && len(k) <= 64
	for i := 0; i < len(k) && plain; i++ {
		c := k[i]
		plain = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-'
	}
	if !plain {
		b.WriteString("[" + enum.Quote(k) + "]")
		return
	}
	if b.Len() > 0 {
		b.WriteByte('.')
	}
	b.WriteString(k)
}

func quoteByte(c byte) string {
	if c < utf8.RuneSelf {
		return strconv.QuoteRune(rune(c))
	}
	return fmt.Sprintf("byte 0x%02x", c)
}
