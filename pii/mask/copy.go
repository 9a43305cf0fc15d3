package mask

import (
	"errors"
	"fmt"
	"reflect"
	"sync"

	"github.com/lawfulgo/lawful/pii"
)

// maxDepth bounds how deep Copy and LogValue follow pointers and
// containers, so cyclic data ends in an error rather than a hang.
const maxDepth = 32

// errTooDeep is returned for data nested deeper than maxDepth.
var errTooDeep = errors.New("mask: value nested more than 32 levels deep (cyclic data?)")

// Copy returns a deep copy of v in which every field tagged `pii:"..."`
// (see package pii's struct tags) is masked by m: a string, *string,
// []string or []byte field holds its masked form, a field of any other
// type its zero value (nothing of it shows). Untagged fields are copied;
// the structs, pointers, slices, arrays and maps on the way to a tagged
// field are copied too, so v itself is never changed. Use it to show a
// record to an operator or return it from an API.
//
// Copy fails on a bad tag (as pii.SchemaOf does), on a tagged field that is
// not exported (it cannot be set), and on data nested more than 32 levels
// deep. Types without tags are returned as they are, shared.
func Copy[T any](m *Masker, v T) (T, error) {
	rv := reflect.ValueOf(&v).Elem()
	if hasTags(rv.Type()) {
		if _, err := pii.SchemaOf(rv.Type()); err != nil {
			var zero T
			return zero, err
		}
	}
	out, err := m.copyValue(rv, 0)
	if err != nil {
		var zero T
		return zero, err
	}
	return out.Interface().(T), nil
}

// tagged caches, per type, whether a pii tag is reachable from it.
var tagged sync.Map // reflect.Type -> bool

// hasTags reports whether a pii tag is reachable from t.
func hasTags(t reflect.Type) bool {
	if v, ok := tagged.Load(t); ok {
		return v.(bool)
	}
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type) bool
	walk = func(t reflect.Type) bool {
		if seen[t] {
			return false
		}
		seen[t] = true
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
			return walk(t.Elem())
		case reflect.Struct:
			for i := range t.NumField() {
				f := t.Field(i)
				tag, ok := f.Tag.Lookup(pii.TagName)
				if tag == "-" {
					continue
				}
				if ok || walk(f.Type) {
					return true
				}
			}
		}
		return false
	}
	r := walk(t)
	tagged.Store(t, r)
	return r
}

func (m *Masker) copyValue(v reflect.Value, depth int) (reflect.Value, error) {
	if !hasTags(v.Type()) {
		return v, nil
	}
	if depth > maxDepth {
		return v, errTooDeep
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return v, nil
		}
		e, err := m.copyValue(v.Elem(), depth+1)
		p := reflect.New(v.Type().Elem())
		p.Elem().Set(e)
		return p, err
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return v, nil
		}
		out := reflect.New(v.Type()).Elem()
		if v.Kind() == reflect.Slice {
			out = reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		}
		for i := range v.Len() {
			e, err := m.copyValue(v.Index(i), depth+1)
			if err != nil {
				return v, err
			}
			out.Index(i).Set(e)
		}
		return out, nil
	case reflect.Map:
		return m.copyMap(v, depth)
	case reflect.Struct:
		return m.copyStruct(v, depth)
	}
	return v, nil
}

func (m *Masker) copyMap(v reflect.Value, depth int) (reflect.Value, error) {
	if v.IsNil() {
		return v, nil
	}
	out := reflect.MakeMapWithSize(v.Type(), v.Len())
	it := v.MapRange()
	for it.Next() {
		e, err := m.copyValue(it.Value(), depth+1)
		if err != nil {
			return v, err
		}
		out.SetMapIndex(it.Key(), e)
	}
	return out, nil
}

func (m *Masker) copyStruct(v reflect.Value, depth int) (reflect.Value, error) {
	t := v.Type()
	out := reflect.New(t).Elem()
	out.Set(v)
	for i := range t.NumField() {
		f := t.Field(i)
		tag, isTagged := f.Tag.Lookup(pii.TagName)
		if tag == "-" || !isTagged && !hasTags(f.Type) {
			continue
		}
		if !f.IsExported() {
			return v, fmt.Errorf("mask: type %v field %s: unexported field holds PI (tag or nested tag) and cannot be masked; export it or tag it `pii:\"-\"`", t, f.Name)
		}
		if !isTagged {
			e, err := m.copyValue(v.Field(i), depth+1)
			if err != nil {
				return v, err
			}
			out.Field(i).Set(e)
			continue
		}
		c, err := pii.Parse(tag)
		if err != nil {
			return v, &pii.TagError{Type: t, Path: f.Name, Tag: tag, Err: err}
		}
		out.Field(i).Set(m.maskLeaf(v.Field(i), c))
	}
	return out, nil
}

// maskLeaf returns the masked form of a tagged field's value.
func (m *Masker) maskLeaf(v reflect.Value, c pii.Category) reflect.Value {
	t := v.Type()
	switch {
	case t.Kind() == reflect.String:
		return reflect.ValueOf(m.String(c, v.String())).Convert(t)
	case t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.String:
		if v.IsNil() {
			return v
		}
		p := reflect.New(t.Elem())
		p.Elem().Set(reflect.ValueOf(m.String(c, v.Elem().String())).Convert(t.Elem()))
		return p
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
		if v.IsNil() {
			return v
		}
		return reflect.ValueOf(m.Append(nil, c, string(v.Bytes()))).Convert(t)
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.String:
		if v.IsNil() {
			return v
		}
		out := reflect.MakeSlice(t, v.Len(), v.Len())
		for i := range v.Len() {
			out.Index(i).Set(reflect.ValueOf(m.String(c, v.Index(i).String())).Convert(t.Elem()))
		}
		return out
	}
	return reflect.Zero(t)
}
