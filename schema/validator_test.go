package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"
)

// validator checks JSON documents against the subset of JSON Schema
// (draft 2020-12) that Policy emits. A keyword it does not implement is an
// error, so the schema cannot grow a rule the tests do not check.
type validator struct {
	root     map[string]any
	patterns map[string]*regexp.Regexp
}

// annotations are keywords that do not validate.
var annotations = []string{"$schema", "$defs", "$id", "title", "description", "examples", "default"}

func newValidator(schemaJSON []byte) (*validator, error) {
	var root map[string]any
	if err := decodeNumbers(schemaJSON, &root); err != nil {
		return nil, err
	}
	return &validator{root: root, patterns: map[string]*regexp.Regexp{}}, nil
}

func decodeNumbers(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return dec.Decode(v)
}

// validate returns the problems of doc, each with its JSON path.
func (v *validator) validate(doc []byte) ([]string, error) {
	var inst any
	if err := decodeNumbers(doc, &inst); err != nil {
		return nil, err
	}
	return v.check(v.root, inst, "$")
}

func (v *validator) check(s map[string]any, inst any, path string) ([]string, error) {
	var out []string
	keys := make([]string, 0, len(s))
	for k := range s {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if slices.Contains(annotations, k) || k == "then" || k == "else" {
			continue
		}
		ps, err := v.keyword(k, s, inst, path)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		out = append(out, ps...)
	}
	return out, nil
}

func (v *validator) sub(s any, inst any, path string) ([]string, error) {
	switch s := s.(type) {
	case bool:
		if !s {
			return []string{path + ": not allowed"}, nil
		}
		return nil, nil
	case map[string]any:
		return v.check(s, inst, path)
	}
	return nil, fmt.Errorf("a subschema of type %T", s)
}

func (v *validator) keyword(k string, s map[string]any, inst any, path string) ([]string, error) {
	bad := func(format string, args ...any) ([]string, error) {
		return []string{path + ": " + fmt.Sprintf(format, args...)}, nil
	}
	switch k {
	case "$ref":
		ref, _ := s[k].(string)
		name, ok := strings.CutPrefix(ref, "#/$defs/")
		target, found := v.root["$defs"].(map[string]any)[name]
		if !ok || !found {
			return nil, fmt.Errorf("unresolved $ref %q", ref)
		}
		return v.sub(target, inst, path)
	case "type":
		if !hasType(inst, s[k].(string)) {
			return bad("want %s, got %s", s[k], typeOf(inst))
		}
	case "enum":
		for _, e := range s[k].([]any) {
			if equal(e, inst) {
				return nil, nil
			}
		}
		return bad("%s is not one of the enum", short(inst))
	case "const":
		if !equal(s[k], inst) {
			return bad("want %s", short(s[k]))
		}
	case "pattern", "minLength", "maxLength":
		return v.stringKeyword(k, s[k], inst, path)
	case "minimum", "maximum":
		return numberKeyword(k, s[k], inst, path)
	case "required", "properties", "additionalProperties", "propertyNames", "minProperties":
		return v.objectKeyword(k, s, inst, path)
	case "items", "minItems", "maxItems", "uniqueItems":
		return v.arrayKeyword(k, s[k], inst, path)
	case "anyOf", "oneOf", "allOf", "not", "if":
		return v.applicator(k, s, inst, path)
	default:
		return nil, fmt.Errorf("keyword %q is not implemented by the test validator", k)
	}
	return nil, nil
}

func (v *validator) stringKeyword(k string, arg any, inst any, path string) ([]string, error) {
	str, ok := inst.(string)
	if !ok {
		return nil, nil
	}
	switch k {
	case "pattern":
		p := arg.(string)
		re, ok := v.patterns[p]
		if !ok {
			var err error
			if re, err = regexp.Compile(p); err != nil {
				return nil, err
			}
			v.patterns[p] = re
		}
		if !re.MatchString(str) {
			return []string{fmt.Sprintf("%s: %q does not match %s", path, str, p)}, nil
		}
	case "minLength":
		if n, _ := arg.(json.Number).Int64(); int64(utf8.RuneCountInString(str)) < n {
			return []string{fmt.Sprintf("%s: shorter than %d", path, n)}, nil
		}
	case "maxLength":
		if n, _ := arg.(json.Number).Int64(); int64(utf8.RuneCountInString(str)) > n {
			return []string{fmt.Sprintf("%s: longer than %d", path, n)}, nil
		}
	}
	return nil, nil
}

func numberKeyword(k string, arg any, inst any, path string) ([]string, error) {
	n, ok := inst.(json.Number)
	if !ok {
		return nil, nil
	}
	x, _ := new(big.Float).SetString(n.String())
	lim, _ := new(big.Float).SetString(arg.(json.Number).String())
	if x == nil || lim == nil {
		return nil, fmt.Errorf("unreadable number")
	}
	if k == "minimum" && x.Cmp(lim) < 0 || k == "maximum" && x.Cmp(lim) > 0 {
		return []string{fmt.Sprintf("%s: %s is out of range (%s %s)", path, n, k, arg)}, nil
	}
	return nil, nil
}

func (v *validator) objectKeyword(k string, s map[string]any, inst any, path string) ([]string, error) {
	obj, ok := inst.(map[string]any)
	if !ok {
		return nil, nil
	}
	var out []string
	switch k {
	case "required":
		for _, r := range s[k].([]any) {
			if _, ok := obj[r.(string)]; !ok {
				out = append(out, fmt.Sprintf("%s: missing required %q", path, r))
			}
		}
	case "minProperties":
		if n, _ := s[k].(json.Number).Int64(); int64(len(obj)) < n {
			out = append(out, fmt.Sprintf("%s: fewer than %d properties", path, n))
		}
	case "properties":
		props := s[k].(map[string]any)
		for _, name := range sortedKeys(obj) {
			if ps, ok := props[name]; ok {
				sub, err := v.sub(ps, obj[name], path+"."+name)
				if err != nil {
					return nil, err
				}
				out = append(out, sub...)
			}
		}
	case "additionalProperties":
		props, _ := s["properties"].(map[string]any)
		for _, name := range sortedKeys(obj) {
			if _, declared := props[name]; declared {
				continue
			}
			if s[k] == false {
				out = append(out, fmt.Sprintf("%s: unknown property %q", path, name))
				continue
			}
			sub, err := v.sub(s[k], obj[name], path+"."+name)
			if err != nil {
				return nil, err
			}
			out = append(out, sub...)
		}
	case "propertyNames":
		for _, name := range sortedKeys(obj) {
			sub, err := v.sub(s[k], name, path+"{"+name+"}")
			if err != nil {
				return nil, err
			}
			out = append(out, sub...)
		}
	}
	return out, nil
}

func (v *validator) arrayKeyword(k string, arg any, inst any, path string) ([]string, error) {
	arr, ok := inst.([]any)
	if !ok {
		return nil, nil
	}
	var out []string
	switch k {
	case "items":
		for i, e := range arr {
			sub, err := v.sub(arg, e, fmt.Sprintf("%s[%d]", path, i))
			if err != nil {
				return nil, err
			}
			out = append(out, sub...)
		}
	case "minItems":
		if n, _ := arg.(json.Number).Int64(); int64(len(arr)) < n {
			out = append(out, fmt.Sprintf("%s: fewer than %d items", path, n))
		}
	case "maxItems":
		if n, _ := arg.(json.Number).Int64(); int64(len(arr)) > n {
			out = append(out, fmt.Sprintf("%s: more than %d items", path, n))
		}
	case "uniqueItems":
		for i := range arr {
			for j := range i {
				if arg == true && equal(arr[i], arr[j]) {
					out = append(out, fmt.Sprintf("%s[%d]: repeats item %d", path, i, j))
				}
			}
		}
	}
	return out, nil
}

func (v *validator) applicator(k string, s map[string]any, inst any, path string) ([]string, error) {
	valid := func(sub any) (bool, error) {
		ps, err := v.sub(sub, inst, path)
		return len(ps) == 0, err
	}
	switch k {
	case "not":
		ok, err := valid(s[k])
		if ok || err != nil {
			return []string{path + ": matches a schema it must not"}, err
		}
		return nil, nil
	case "if":
		ok, err := valid(s[k])
		if err != nil {
			return nil, err
		}
		branch := "else"
		if ok {
			branch = "then"
		}
		if b, has := s[branch]; has {
			return v.sub(b, inst, path)
		}
		return nil, nil
	}
	n := 0
	var all []string
	for _, sub := range s[k].([]any) {
		ps, err := v.sub(sub, inst, path)
		if err != nil {
			return nil, err
		}
		if len(ps) == 0 {
			n++
		}
		all = append(all, ps...)
	}
	list := s[k].([]any)
	switch {
	case k == "anyOf" && n == 0:
		return []string{fmt.Sprintf("%s: matches none of %d alternatives (%s)", path, len(list), strings.Join(all, "; "))}, nil
	case k == "oneOf" && n != 1:
		return []string{fmt.Sprintf("%s: matches %d of the alternatives, want exactly one", path, n)}, nil
	case k == "allOf" && n != len(list):
		return all, nil
	}
	return nil, nil
}

func hasType(inst any, t string) bool {
	switch t {
	case "integer":
		n, ok := inst.(json.Number)
		if !ok {
			return false
		}
		f, _ := new(big.Float).SetString(n.String())
		return f != nil && f.IsInt()
	case "number":
		_, ok := inst.(json.Number)
		return ok
	}
	return typeOf(inst) == t
}

func typeOf(inst any) string {
	switch inst.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case json.Number:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", inst)
}

func equal(a, b any) bool {
	if sa, ok := a.(string); ok {
		sb, ok := b.(string)
		return ok && sa == sb
	}
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if na, ok := a.(json.Number); ok {
		if nb, ok := b.(json.Number); ok {
			fa, _ := new(big.Float).SetString(na.String())
			fb, _ := new(big.Float).SetString(nb.String())
			return fa != nil && fb != nil && fa.Cmp(fb) == 0
		}
	}
	return bytes.Equal(ja, jb)
}

func short(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 60 {
		return string(b[:60]) + "..."
	}
	return string(b)
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// TestValidator checks the test validator itself on each keyword.
func TestValidator(t *testing.T) {
	for _, tc := range []struct {
		schema, doc string
		valid       bool
	}{
		{`{"type": "integer"}`, `3`, true},
		{`{"type": "integer"}`, `3.0`, true},
		{`{"type": "integer"}`, `3.5`, false},
		{`{"type": "string", "minLength": 2}`, `"é"`, false},
		{`{"type": "string", "pattern": "^a+$"}`, `"aa"`, true},
		{`{"type": "string", "pattern": "^a+$"}`, `"ab"`, false},
		{`{"enum": ["x", "y"]}`, `"y"`, true},
		{`{"enum": ["x", "y"]}`, `"z"`, false},
		{`{"const": 1}`, `1`, true},
		{`{"const": 1}`, `2`, false},
		{`{"minimum": 1, "maximum": 3}`, `4`, false},
		{`{"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}, "additionalProperties": false}`, `{"a": "x"}`, true},
		{`{"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}, "additionalProperties": false}`, `{"a": "x", "b": 1}`, false},
		{`{"type": "object", "required": ["a"]}`, `{}`, false},
		{`{"propertyNames": {"enum": ["a"]}, "additionalProperties": {"type": "integer"}}`, `{"a": 1}`, true},
		{`{"propertyNames": {"enum": ["a"]}, "additionalProperties": {"type": "integer"}}`, `{"b": 1}`, false},
		{`{"items": {"type": "string"}, "minItems": 1, "uniqueItems": true}`, `["a", "b"]`, true},
		{`{"items": {"type": "string"}, "minItems": 1, "uniqueItems": true}`, `["a", "a"]`, false},
		{`{"items": {"type": "string"}, "minItems": 1}`, `[]`, false},
		{`{"anyOf": [{"type": "string"}, {"type": "integer"}]}`, `true`, false},
		{`{"oneOf": [{"type": "string"}, {"minLength": 1}]}`, `"a"`, false},
		{`{"if": {"required": ["a"]}, "then": {"required": ["b"]}}`, `{"a": 1}`, false},
		{`{"if": {"required": ["a"]}, "then": {"required": ["b"]}}`, `{"c": 1}`, true},
		{`{"$defs": {"s": {"type": "string"}}, "$ref": "#/$defs/s"}`, `1`, false},
	} {
		v, err := newValidator([]byte(tc.schema))
		if err != nil {
			t.Fatal(err)
		}
		ps, err := v.validate([]byte(tc.doc))
		if err != nil {
			t.Fatalf("%s on %s: %v", tc.schema, tc.doc, err)
		}
		if (len(ps) == 0) != tc.valid {
			t.Errorf("%s on %s: problems %v, want valid=%v", tc.schema, tc.doc, ps, tc.valid)
		}
	}
	v, _ := newValidator([]byte(`{"format": "email"}`))
	if _, err := v.validate([]byte(`"x"`)); err == nil {
		t.Error("an unimplemented keyword passed")
	}
}
