package pii

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sync"
)

// TagName is the struct tag key read by SchemaOf: `pii:"contact.phone"`.
// The value must be one leaf key; "-" excludes the field and everything
// under it.
const TagName = "pii"

// Field is one pii-tagged field of a struct type.
type Field struct {
	// Path is the field's location from the root type, with "[]" marking a
	// step through a slice, array or map element: "Profile.Phone",
	// "Contacts[].Email".
	Path string
	// Category is the leaf named by the tag.
	Category Category
}

// Schema is what the pii tags of one struct type declare. It is immutable
// and safe for concurrent use.
type Schema struct {
	typ        reflect.Type
	fields     []Field
	categories Set
}

// Type returns the struct type the schema describes.
func (s *Schema) Type() reflect.Type { return s.typ }

// Categories returns every category tagged in the type, including nested
// structs.
func (s *Schema) Categories() Set { return s.categories }

// Fields returns the tagged fields in declaration order (depth first).
func (s *Schema) Fields() []Field { return slices.Clone(s.fields) }

type schemaResult struct {
	schema *Schema
	err    error
}

// schemas caches one result per type. Types are finite in a program, so the
// cache is bounded by the program's own types.
var schemas sync.Map // reflect.Type -> schemaResult

// SchemaOf returns the schema of t: a struct type, or a pointer, slice,
// array or map of one (so Do[[]User] reads User's tags).
// Reflection runs once per type; later calls are a lock-free cache read that
// does not allocate.
//
// Tagged fields are found in nested structs, through pointers, and in the
// elements of slices, arrays and maps. A tagged field is a leaf: SchemaOf
// does not look inside it. A tag naming a group, or an unknown or malformed
// key, is an error naming the field path; all such errors are reported
// together, joined. A recursive reference to a type already being walked adds
// no fields: its categories are counted once.
func SchemaOf(t reflect.Type) (*Schema, error) {
	if t == nil {
		return nil, errors.New("pii: SchemaOf(nil): want a struct type")
	}
	if r, ok := schemas.Load(t); ok {
		res := r.(schemaResult)
		return res.schema, res.err
	}
	s, err := buildSchema(t)
	r, _ := schemas.LoadOrStore(t, schemaResult{s, err})
	res := r.(schemaResult)
	return res.schema, res.err
}

// SchemaFor returns the schema of T, as SchemaOf(reflect.TypeFor[T]()).
func SchemaFor[T any]() (*Schema, error) {
	return SchemaOf(reflect.TypeFor[T]())
}

// CategoriesOf returns the categories tagged on T, as
// SchemaFor[T]().Categories().
func CategoriesOf[T any]() (Set, error) {
	s, err := SchemaFor[T]()
	if err != nil {
		return Set{}, err
	}
	return s.categories, nil
}

// TagError reports a bad pii tag on one field.
type TagError struct {
	Type reflect.Type // the root type given to SchemaOf
	Path string       // the field's path from the root
	Tag  string       // the tag value
	Err  error        // why it is bad; wraps a pii sentinel
}

func (e *TagError) Error() string {
	return fmt.Sprintf("pii: type %v field %s: tag %q: %v", e.Type, e.Path, e.Tag, trimPrefix(e.Err))
}

// Unwrap returns the underlying error.
func (e *TagError) Unwrap() error { return e.Err }

func trimPrefix(err error) string {
	msg := err.Error()
	if len(msg) > 5 && msg[:5] == "pii: " {
		return msg[5:]
	}
	return msg
}

func buildSchema(root reflect.Type) (*Schema, error) {
	t := root
	// A pointer, slice, array or map of structs (what a repository method
	// returns for many rows) has the schema of its struct.
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil, fmt.Errorf("pii: SchemaOf(%v): want a struct type, or a pointer, slice, array or map of one, got %v", root, t.Kind())
	}
	s := &Schema{typ: t}
	var errs []error
	onPath := map[reflect.Type]bool{}
	var walk func(t reflect.Type, prefix string)
	walk = func(t reflect.Type, prefix string) {
		if onPath[t] {
			return
		}
		onPath[t] = true
		defer delete(onPath, t)
		for i := range t.NumField() {
			f := t.Field(i)
			path := prefix + f.Name
			tag, tagged := f.Tag.Lookup(TagName)
			if tag == "-" {
				continue
			}
			if tagged {
				c, err := Parse(tag)
				if err != nil {
					errs = append(errs, &TagError{Type: root, Path: path, Tag: tag, Err: err})
					continue
				}
				s.fields = append(s.fields, Field{Path: path, Category: c})
				s.categories = s.categories.With(c)
				continue
			}
			if st, step := structUnder(f.Type); st != nil {
				walk(st, path+step+".")
			}
		}
	}
	walk(t, "")
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return s, nil
}

// structUnder finds the struct type reached from t through pointers and
// collection elements, and the path step ("" or "[]") it takes.
func structUnder(t reflect.Type) (reflect.Type, string) {
	step := ""
	for {
		switch t.Kind() {
		case reflect.Pointer:
			t = t.Elem()
		case reflect.Slice, reflect.Array, reflect.Map:
			t = t.Elem()
			step = "[]"
		case reflect.Struct:
			return t, step
		default:
			return nil, ""
		}
	}
}
