package purpose

import (
	"slices"
	"strconv"

	"github.com/lawfulgo/lawful/internal/enum"
	"github.com/lawfulgo/lawful/internal/strictjson"
	"github.com/lawfulgo/lawful/pii"
)

// object is a JSON object being decoded: the fields read are counted and
// remembered, and close reports the rest as unknown. It lives on the
// stack: decoding a small object allocates nothing for it.
type object struct {
	d     *decoder
	where string // policy element
	path  string // path of this object inside the element ("" at its root)
	v     strictjson.Value
	read  [16]string // keys read that are present; no object of the schema has more
	nread int
}

func (d *decoder) object(v strictjson.Value, where, path string) (object, bool) {
	if v.Kind() != strictjson.Object {
		d.fail(where, path, rule(ErrInvalidValue, "want a JSON object, got "+v.Kind().Describe()))
		return object{}, false
	}
	return object{d: d, where: where, path: path, v: v}, true
}

// field returns the path of key in o; it allocates, so it is called when
// a problem is reported.
func (o *object) field(key string) string {
	if o.path == "" {
		return key
	}
	return o.path + "." + key
}

// maxSuggested is how many unknown category keys of a policy get pii's
// "did you mean" suggestions: each costs a search of the taxonomy (tens of
// KiB allocated); later ones are reported without.
const maxSuggested = 10

// group returns the leaves of a category key, as pii.Group does.
func (d *decoder) group(k string) (pii.Set, error) {
	if c, ok := pii.Lookup(k); ok {
		return pii.Of(c), nil
	}
	if pii.IsGroup(k) {
		return pii.Group(k)
	}
	if d.suggested < maxSuggested {
		d.suggested++
		return pii.Group(k)
	}
	return pii.Set{}, &pii.UnknownKeyError{Key: k}
}

// indexField returns "list[i]".
func indexField(list string, i int) string { return list + "[" + strconv.Itoa(i) + "]" }

func (o *object) get(key string) (strictjson.Value, bool) {
	v, ok := o.v.Get(key)
	if ok && o.nread < len(o.read) && !slices.Contains(o.read[:o.nread], key) {
		o.read[o.nread] = key
		o.nread++
	}
	return v, ok
}

func (o *object) str(key string, required bool) (string, bool) {
	v, ok := o.get(key)
	if !ok {
		if required {
			o.d.fail(o.where, o.field(key), rule(ErrMissingField, "required"))
		}
		return "", false
	}
	if v.Kind() != strictjson.String {
		o.d.fail(o.where, o.field(key), rule(ErrInvalidValue, "want a string, got "+v.Kind().Describe()))
		return "", false
	}
	return v.Str(), true
}

// elemStr returns element i of list, which must be a string.
func (d *decoder) elemStr(v strictjson.Value, where, list string, i int) (string, bool) {
	if v.Kind() != strictjson.String {
		d.fail(where, indexField(list, i), rule(ErrInvalidValue, "want a string, got "+v.Kind().Describe()))
		return "", false
	}
	return v.Str(), true
}

func (o *object) boolean(key string) (bool, bool) {
	v, ok := o.get(key)
	if !ok {
		return false, false
	}
	if v.Kind() != strictjson.Bool {
		o.d.fail(o.where, o.field(key), rule(ErrInvalidValue, "want true or false, got "+v.Kind().Describe()))
		return false, false
	}
	return v.Bool(), true
}

func (o *object) integer(key string, required bool) (int, bool) {
	v, ok := o.get(key)
	if !ok {
		if required {
			o.d.fail(o.where, o.field(key), rule(ErrMissingField, "required"))
		}
		return 0, false
	}
	i, ok := v.Int()
	if !ok || i < -1<<31 || i > 1<<31-1 {
		o.d.fail(o.where, o.field(key), rule(ErrInvalidValue, "want an integer, got "+v.Kind().Describe()))
		return 0, false
	}
	return int(i), true
}

func (o *object) text(key string) Text {
	v, ok := o.get(key)
	if !ok {
		return Text{}
	}
	if v.Kind() == strictjson.String { // shorthand: one language-neutral string
		s := v.Str()
		return Text{EN: s, ZH: s}
	}
	c, ok := o.d.object(v, o.where, o.field(key))
	if !ok {
		return Text{}
	}
	var t Text
	t.EN, _ = c.str("en", false)
	t.ZH, _ = c.str("zh", false)
	c.close()
	return t
}

func (o *object) child(key string) (object, bool) {
	v, ok := o.get(key)
	if !ok {
		return object{}, false
	}
	return o.d.object(v, o.where, o.field(key))
}

// array returns the array at key, or the zero Value (no elements).
func (o *object) array(key string) strictjson.Value {
	v, ok := o.get(key)
	if !ok {
		return strictjson.Value{}
	}
	if v.Kind() != strictjson.Array {
		o.d.fail(o.where, o.field(key), rule(ErrInvalidValue, "want a JSON array, got "+v.Kind().Describe()))
		return strictjson.Value{}
	}
	return v
}

// close reports the fields of o that were not read as unknown, in order.
// When every field was read it does no work.
func (o *object) close() {
	if o.nread == o.v.Len() {
		return
	}
	for k := range o.v.Members() {
		if o.d.done() {
			return
		}
		if !slices.ContainsFunc(o.read[:o.nread], k.Is) {
			name := k.Str()
			o.d.fail(o.where, o.field(name), rule(ErrUnknownField, "unknown field "+enum.Quote(name)))
		}
	}
}
