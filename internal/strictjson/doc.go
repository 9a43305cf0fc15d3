package strictjson

import (
	"bytes"
	"iter"
	"strconv"
)

// Kind is the JSON type of a Value.
type Kind uint8

// Kinds of Value.
const (
	Null Kind = iota + 1
	Bool
	Number
	String
	Array
	Object
)

// Describe names the kind for messages: "null", "a string", "an array".
func (k Kind) Describe() string {
	switch k {
	case Null:
		return "null"
	case Bool:
		return "a boolean"
	case Number:
		return "a number"
	case String:
		return "a string"
	case Array:
		return "an array"
	case Object:
		return "an object"
	}
	return "nothing"
}

// node is one value of a Doc. A container's elements (for an object, key
// and value nodes in turn) follow it; size counts its whole subtree, so
// the next sibling is size nodes on.
type node struct {
	kind  Kind
	esc   bool  // a string with escapes
	start int32 // byte offsets of the value in the input
	end   int32
	size  int32 // nodes in the subtree, itself included
	n     int32 // elements of an array, members of an object
}

// Doc is a checked JSON document as a tree of values. Its nodes are
// allocated once, exactly, about 20 bytes per value: far less than
// encoding/json's generic values. It refers to the input, which must not
// change while the Doc is used.
type Doc struct {
	data  []byte
	nodes []node
}

// Parse checks data as Check does (with no Go type, so any keys) and
// returns its tree.
func Parse(data []byte, l Limits) (*Doc, error) {
	first, err := check(data, l, nil, false, 0)
	if err != nil {
		return nil, err
	}
	s, err := check(data, l, nil, true, first.count)
	if err != nil {
		return nil, err
	}
	return &Doc{data: data, nodes: s.nodes}, nil
}

// Root returns the document's value.
func (d *Doc) Root() Value { return Value{d, 0} }

// Value is one value of a Doc. The zero Value is none: its Kind is 0.
type Value struct {
	d *Doc
	i int32
}

// none is the node of the zero Value.
var none node

func (v Value) node() *node {
	if v.d == nil {
		return &none
	}
	return &v.d.nodes[v.i]
}

// Kind returns v's JSON type, or 0 for the zero Value.
func (v Value) Kind() Kind { return v.node().kind }

// Raw returns v's JSON text, a slice of the input (nil for the zero
// Value).
func (v Value) Raw() []byte {
	if v.d == nil {
		return nil
	}
	n := v.node()
	return v.d.data[n.start:n.end]
}

// Len returns the elements of an array or members of an object.
func (v Value) Len() int { return int(v.node().n) }

// Bool returns the value of a boolean.
func (v Value) Bool() bool { return v.Kind() == Bool && v.d.data[v.node().start] == 't' }

// Str returns the text of a string (for a number, its digits).
func (v Value) Str() string {
	n := v.node()
	switch {
	case n.kind == Number:
		return string(v.Raw())
	case n.kind != String:
		return ""
	case !n.esc:
		return string(v.d.data[n.start+1 : n.end-1])
	}
	s, _ := unquote(v.Raw()) // checked: cannot fail
	return s
}

// Int returns the value of an integer number that fits in 64 bits.
func (v Value) Int() (int64, bool) {
	if v.Kind() != Number {
		return 0, false
	}
	i, err := strconv.ParseInt(string(v.Raw()), 10, 64)
	return i, err == nil
}

// Is reports whether v is the string s, without allocating when v has no
// escapes.
func (v Value) Is(s string) bool {
	n := v.node()
	if n.kind != String {
		return false
	}
	if !n.esc {
		return string(v.d.data[n.start+1:n.end-1]) == s
	}
	return v.Str() == s
}

// Elems yields the elements of an array with their index.
func (v Value) Elems() iter.Seq2[int, Value] {
	return func(yield func(int, Value) bool) {
		if v.Kind() != Array {
			return
		}
		c := v.i + 1
		for i := range v.Len() {
			if !yield(i, Value{v.d, c}) {
				return
			}
			c += v.d.nodes[c].size
		}
	}
}

// Members yields the keys (strings) and values of an object, in order.
func (v Value) Members() iter.Seq2[Value, Value] {
	return func(yield func(Value, Value) bool) {
		if v.Kind() != Object {
			return
		}
		c := v.i + 1
		for range v.Len() {
			k := Value{v.d, c}
			if !yield(k, Value{v.d, c + 1}) {
				return
			}
			c += 1 + v.d.nodes[c+1].size
		}
	}
}

// Get returns the member key of an object. Keys are unique in a Doc.
func (v Value) Get(key string) (Value, bool) {
	for k, m := range v.Members() {
		if k.Is(key) {
			return m, true
		}
	}
	return Value{}, false
}

// Compact returns v's JSON text without insignificant whitespace.
func (v Value) Compact() []byte {
	var b bytes.Buffer
	b.Grow(len(v.Raw()))
	_ = compact(&b, v.Raw()) // checked: cannot fail
	return b.Bytes()
}
