package strictjson

import (
	"encoding"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/lawfulgo/lawful/internal/enum"
)

// schema is what Check knows of the Go type a value decodes into: the
// exact keys of a struct, and the schema of elements of arrays and maps.
type schema struct {
	kind   kind
	fields map[string]*schema // kind structKind: its JSON field names
	names  []string           // the field names, sorted, for messages
	elem   *schema            // arrayKind, mapKind: elements
}

type kind uint8

const (
	anyKind    kind = iota // any JSON, keys not checked against fields
	structKind             // an object whose keys must be fields
	mapKind                // an object with any keys
	arrayKind
)

// anything is the schema of a value whose keys are not checked: an
// interface, a type with its own UnmarshalJSON or UnmarshalText, a scalar.
var anything = &schema{}

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
	schemas         sync.Map // reflect.Type -> *schema
)

func schemaFor(t reflect.Type) *schema {
	if s, ok := schemas.Load(t); ok {
		return s.(*schema)
	}
	s := build(t, map[reflect.Type]*schema{})
	schemas.Store(t, s)
	return s
}

// decodesItself reports whether t (or *t) unmarshals itself.
func decodesItself(t reflect.Type) bool {
	for _, u := range []reflect.Type{t, reflect.PointerTo(t)} {
		if u.Implements(jsonUnmarshaler) || u.Implements(textUnmarshaler) {
			return true
		}
	}
	return false
}

func build(t reflect.Type, seen map[reflect.Type]*schema) *schema {
	if s, ok := seen[t]; ok {
		return s
	}
	if decodesItself(t) {
		return anything
	}
	switch t.Kind() {
	case reflect.Pointer:
		return build(t.Elem(), seen)
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 { // base64 string
			return anything
		}
		s := &schema{kind: arrayKind}
		seen[t] = s
		s.elem = build(t.Elem(), seen)
		return s
	case reflect.Map:
		s := &schema{kind: mapKind}
		seen[t] = s
		s.elem = build(t.Elem(), seen)
		return s
	case reflect.Struct:
		s := &schema{kind: structKind, fields: map[string]*schema{}}
		seen[t] = s
		addFields(s, t, seen)
		slices.Sort(s.names)
		return s
	}
	return anything
}

// addFields adds the JSON fields of struct t to s, as encoding/json sees
// them: tagged names, "-" skipped, untagged embedded structs flattened.
func addFields(s *schema, t reflect.Type, seen map[reflect.Type]*schema) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct && !decodesItself(ft) {
				addFields(s, ft, seen)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if _, dup := s.fields[name]; !dup {
			s.fields[name] = build(f.Type, seen)
			s.names = append(s.names, name)
		}
	}
}

// field returns the schema of member key, or nil if a struct has no such
// field.
func (s *schema) field(key []byte) *schema {
	switch s.kind {
	case structKind:
		return s.fields[string(key)]
	case mapKind:
		return s.elem
	}
	return anything
}

func (s *schema) element() *schema {
	if s.kind == arrayKind {
		return s.elem
	}
	return anything
}

// unknown says that key is not a field of s, and what the fields are.
func (s *schema) unknown(key string) string {
	msg := "unknown field " + enum.Quote(key)
	for _, n := range s.names {
		if strings.EqualFold(n, key) {
			return msg + "; did you mean " + enum.Quote(n) + "? Field names are case-sensitive"
		}
	}
	if len(s.names) == 0 {
		return msg + "; the object takes no fields"
	}
	names := s.names
	if len(names) > 24 {
		names = names[:24]
	}
	return msg + "; want one of " + strings.Join(names, ", ")
}
