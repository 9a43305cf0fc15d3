package purpose

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/lawfulgo/lawful/pii"
)

// SchemaVersion is the policy-file schema this package reads and writes.
const SchemaVersion = 1

// MaxPolicySize is the largest policy file LoadPolicy reads (8 MiB).
const MaxPolicySize = 8 << 20

// LoadPolicy reads a JSON policy file, validates it and compiles it. Every
// problem, from syntax to law, is reported at once as a *ValidationError
// whose lines name the element and field; nothing is built when there is
// any. See DecodePolicy for the schema.
func LoadPolicy(r io.Reader) (*Registry, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxPolicySize+1))
	if err != nil {
		return nil, fmt.Errorf("purpose: reading policy: %w", err)
	}
	if len(data) > MaxPolicySize {
		return nil, &ValidationError{Problems: []Problem{{Where: "policy", Err: rule(ErrInvalidValue, fmt.Sprintf("policy file exceeds %d bytes", MaxPolicySize))}}}
	}
	p, failed, ps := decodePolicy(data)
	if failed == nil { // syntax error: nothing to validate
		return nil, ps.err()
	}
	var vs problems
	validate(&p, &vs)
	for _, v := range vs {
		if !failed[failKey(v.Where, fieldHead(v.Field))] && !failed[failKey(v.Where, "")] {
			ps = append(ps, v)
		}
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	return build(clonePolicy(p)), nil
}

// DecodePolicy decodes a JSON policy file into a Policy without checking
// its law (Compile does that). It reports every schema problem at once.
//
// The schema (version 1):
//
//	{
//	  "schema": 1,                                   // required
//	  "name": {"en": "Clipo", "zh": "Clipo"},
//	  "controller": {"name": {"en": "...", "zh": "..."}, "contact": "privacy@example.com"},
//	  "version": "2025-11-11",                       // the policy's own version
//	  "regimes": ["pipl", "gdpr"],
//	  "retention": [
//	    {"id": "logs", "summary": {"en": "At least 6 months (CSL art. 21(3))"},
//	     "rule": { ... }}                            // interpreted by package retention
//	  ],
//	  "purposes": [{
//	    "id": "service.voice_clone",
//	    "name": {"en": "Voice cloning", "zh": "声音克隆"},
//	    "description": {"en": "..."},
//	    "core": false,
//	    "versions": [{"number": 1}, {"number": 2, "material": true, "changes": ["categories"], "note": {"en": "..."}}],
//	    "categories": {"required": ["biometric.voice_sample"], "optional": ["content.text"]},
//	    "operations": ["collect", "use", "store", "entrust"],
//	    "recipients": [{"name": "Cloud Co", "role": "entrusted", "country": "SG",
//	                    "mechanism": "standard_contract", "contact": "..."}],
//	    "basis": "consent",                          // or {"name": "legal_duty", "cites": "...", "special": "..."}
//	    "bases": {"gdpr": {"name": "consent", "special": "explicit_consent"}},
//	    "retention": "voice",
//	    "traits": ["biometric_editing"]               // also automated_decision, marketing
//	  }]
//	}
//
// Category lists accept leaves and groups ("biometric" means every
// biometric leaf). Unknown fields are errors. Names of operations, roles,
// mechanisms, bases, changes and art. 9(2) conditions are those their
// types' String methods print.
func DecodePolicy(data []byte) (Policy, error) {
	p, _, ps := decodePolicy(data)
	if err := ps.err(); err != nil {
		return Policy{}, err
	}
	return p, nil
}

// fieldHead returns the first step of a field path, with its index:
// "recipients[0].role" -> "recipients[0]".
func fieldHead(field string) string {
	if i := strings.IndexByte(field, '.'); i >= 0 {
		return field[:i]
	}
	return field
}

func failKey(where, head string) string { return where + "\x00" + head }

// decoder walks a generic JSON value, collecting problems and remembering
// which fields failed so that validation does not report them twice.
type decoder struct {
	ps     problems
	failed map[string]bool
}

// fail records a decoding problem and marks the field as failed, with the
// list it sits in: a bad recipients[0] also silences the list-level checks
// on recipients, which would otherwise report the same root cause again,
// but not the checks on recipients[2].
func (d *decoder) fail(where, field string, err error) {
	d.ps.add(where, field, err)
	head := fieldHead(field)
	d.failed[failKey(where, head)] = true
	if i := strings.IndexByte(head, '['); i >= 0 {
		d.failed[failKey(where, head[:i])] = true
	}
}

func decodePolicy(data []byte) (Policy, map[string]bool, problems) {
	var root any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&root); err != nil {
		return Policy{}, nil, problems{{Where: "policy", Err: fmt.Errorf("%w: %v", ErrSyntax, err)}}
	}
	if _, err := dec.Token(); err != io.EOF {
		return Policy{}, nil, problems{{Where: "policy", Err: fmt.Errorf("%w: data after the policy object", ErrSyntax)}}
	}
	d := &decoder{failed: map[string]bool{}}
	var p Policy
	o, ok := d.object(root, "policy", "")
	if !ok {
		return p, d.failed, d.ps
	}
	if v, ok := o.integer("schema", true); ok && v != SchemaVersion {
		d.fail("policy", "schema", rule(ErrInvalidValue, fmt.Sprintf("schema %d is not supported; this version of lawful reads schema %d", v, SchemaVersion)))
	}
	p.Name = o.text("name")
	if c, ok := o.child("controller"); ok {
		p.Controller.Name = c.text("name")
		p.Controller.Contact, _ = c.str("contact", false)
		c.close()
	}
	p.Version, _ = o.str("version", false)
	for i, v := range o.array("regimes") {
		field := fmt.Sprintf("regimes[%d]", i)
		s, ok := d.str(v, "policy", field)
		if !ok {
			continue
		}
		l, err := pii.ParseLaw(s)
		if err != nil {
			d.fail("policy", field, rule(ErrInvalidValue, fmt.Sprintf("unknown regime %q; want pipl or gdpr", s)))
			continue
		}
		p.Regimes = append(p.Regimes, l)
	}
	for i, v := range o.array("retention") {
		p.Retention = append(p.Retention, d.retention(v, i))
	}
	for i, v := range o.array("purposes") {
		p.Purposes = append(p.Purposes, d.purpose(v, i))
	}
	o.close()
	return p, d.failed, d.ps
}

func (d *decoder) retention(v any, i int) Retention {
	var r Retention
	where := fmt.Sprintf("retention[%d]", i)
	o, ok := d.object(v, where, "")
	if !ok {
		return r
	}
	if id, ok := o.str("id", true); ok {
		r.ID = id
		o.where = fmt.Sprintf("retention %q", id)
	}
	r.Summary = o.text("summary")
	if raw, ok := o.get("rule"); ok {
		b, err := json.Marshal(raw)
		if err != nil {
			d.fail(o.where, "rule", rule(ErrInvalidValue, err.Error()))
		}
		r.Rule = b
	}
	o.close()
	return r
}

func (d *decoder) purpose(v any, i int) Purpose {
	var p Purpose
	o, ok := d.object(v, fmt.Sprintf("purposes[%d]", i), "")
	if !ok {
		return p
	}
	if id, ok := o.str("id", true); ok {
		p.ID = ID(id)
		o.where = purposeWhere(p.ID, i)
	}
	where := o.where
	p.Name = o.text("name")
	p.Description = o.text("description")
	p.Core, _ = o.boolean("core")
	for j, v := range o.array("versions") {
		p.Versions = append(p.Versions, d.version(v, where, fmt.Sprintf("versions[%d]", j)))
	}
	if c, ok := o.child("categories"); ok {
		p.Required = d.categories(c, "required")
		p.Optional = d.categories(c, "optional")
		c.close()
	}
	for j, v := range o.array("operations") {
		field := fmt.Sprintf("operations[%d]", j)
		if s, ok := d.str(v, where, field); ok {
			op, err := ParseOperation(s)
			if err != nil {
				d.fail(where, field, err)
				continue
			}
			if p.Operations.Has(op) {
				d.fail(where, field, rule(ErrInvalidValue, fmt.Sprintf("operation %q listed twice", s)))
			}
			p.Operations = p.Operations.With(op)
		}
	}
	for j, v := range o.array("recipients") {
		p.Recipients = append(p.Recipients, d.recipient(v, where, fmt.Sprintf("recipients[%d]", j)))
	}
	if v, ok := o.get("basis"); ok {
		p.Basis = d.legal(v, where, "basis")
	}
	if b, ok := o.child("bases"); ok {
		for _, k := range slices.Sorted(maps.Keys(b.m)) {
			b.used[k] = true
			field := "bases." + k
			l, err := pii.ParseLaw(k)
			if err != nil {
				d.fail(where, field, rule(ErrInvalidValue, fmt.Sprintf("unknown regime %q; want pipl or gdpr", k)))
				continue
			}
			if p.BasisUnder == nil {
				p.BasisUnder = map[pii.Law]Legal{}
			}
			p.BasisUnder[l] = d.legal(b.m[k], where, field)
		}
		b.close()
	}
	p.Retention, _ = o.str("retention", false)
	for j, v := range o.array("traits") {
		field := fmt.Sprintf("traits[%d]", j)
		if s, ok := d.str(v, where, field); ok {
			tr, err := ParseTrait(s)
			if err != nil {
				d.fail(where, field, err)
				continue
			}
			p.Traits |= tr
		}
	}
	o.close()
	return p
}

func (d *decoder) version(v any, where, field string) Version {
	var ver Version
	o, ok := d.object(v, where, field)
	if !ok {
		return ver
	}
	ver.Number, _ = o.integer("number", true)
	ver.Material, _ = o.boolean("material")
	for k, c := range o.array("changes") {
		f := fmt.Sprintf("%s.changes[%d]", field, k)
		if s, ok := d.str(c, where, f); ok {
			ch, err := ParseChange(s)
			if err != nil {
				d.fail(where, f, err)
				continue
			}
			ver.Changes |= ch
		}
	}
	ver.Note = o.text("note")
	o.close()
	return ver
}

func (d *decoder) categories(o *object, key string) pii.Set {
	var s pii.Set
	for i, v := range o.array(key) {
		field := fmt.Sprintf("%s.%s[%d]", o.path, key, i)
		k, ok := d.str(v, o.where, field)
		if !ok {
			continue
		}
		g, err := pii.Group(k)
		if err != nil {
			d.fail(o.where, field, err)
			continue
		}
		s = s.Union(g)
	}
	return s
}

func (d *decoder) recipient(v any, where, field string) Recipient {
	var r Recipient
	o, ok := d.object(v, where, field)
	if !ok {
		return r
	}
	r.Name, _ = o.str("name", true)
	if s, ok := o.str("role", true); ok {
		if err := r.Role.UnmarshalText([]byte(s)); err != nil {
			d.fail(where, field+".role", err)
		}
	}
	r.Country, _ = o.str("country", false)
	if s, ok := o.str("mechanism", false); ok && s != "" {
		if err := r.Mechanism.UnmarshalText([]byte(s)); err != nil {
			d.fail(where, field+".mechanism", err)
		}
	}
	r.Contact, _ = o.str("contact", false)
	o.close()
	return r
}

func (d *decoder) legal(v any, where, field string) Legal {
	var l Legal
	if s, ok := v.(string); ok {
		b, err := ParseBasis(s)
		if err != nil {
			d.fail(where, field, err)
		}
		l.Basis = b
		return l
	}
	o, ok := d.object(v, where, field)
	if !ok {
		return l
	}
	if s, ok := o.str("name", true); ok {
		b, err := ParseBasis(s)
		if err != nil {
			d.fail(where, field+".name", err)
		}
		l.Basis = b
	}
	l.Cites, _ = o.str("cites", false)
	if s, ok := o.str("special", false); ok && s != "" {
		if err := l.Special.UnmarshalText([]byte(s)); err != nil {
			d.fail(where, field+".special", err)
		}
	}
	o.close()
	return l
}

// object is a JSON object being decoded: fields read are marked used, and
// close reports the rest as unknown.
type object struct {
	d     *decoder
	where string // policy element
	path  string // path of this object inside the element ("" at its root)
	m     map[string]any
	used  map[string]bool
}

func (d *decoder) object(v any, where, path string) (*object, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		d.fail(where, path, rule(ErrInvalidValue, "want a JSON object, got "+jsonKind(v)))
		return nil, false
	}
	return &object{d: d, where: where, path: path, m: m, used: map[string]bool{}}, true
}

func (o *object) field(key string) string {
	if o.path == "" {
		return key
	}
	return o.path + "." + key
}

func (o *object) get(key string) (any, bool) {
	v, ok := o.m[key]
	o.used[key] = true
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
	return o.d.str(v, o.where, o.field(key))
}

func (d *decoder) str(v any, where, field string) (string, bool) {
	s, ok := v.(string)
	if !ok {
		d.fail(where, field, rule(ErrInvalidValue, "want a string, got "+jsonKind(v)))
	}
	return s, ok
}

func (o *object) boolean(key string) (bool, bool) {
	v, ok := o.get(key)
	if !ok {
		return false, false
	}
	b, ok := v.(bool)
	if !ok {
		o.d.fail(o.where, o.field(key), rule(ErrInvalidValue, "want true or false, got "+jsonKind(v)))
	}
	return b, ok
}

func (o *object) integer(key string, required bool) (int, bool) {
	v, ok := o.get(key)
	if !ok {
		if required {
			o.d.fail(o.where, o.field(key), rule(ErrMissingField, "required"))
		}
		return 0, false
	}
	n, isNum := v.(json.Number)
	i, err := n.Int64()
	if !isNum || err != nil || i < -1<<31 || i > 1<<31-1 {
		o.d.fail(o.where, o.field(key), rule(ErrInvalidValue, "want an integer, got "+jsonKind(v)))
		return 0, false
	}
	return int(i), true
}

func (o *object) text(key string) Text {
	v, ok := o.get(key)
	if !ok {
		return Text{}
	}
	if s, ok := v.(string); ok { // shorthand: one language-neutral string
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

func (o *object) child(key string) (*object, bool) {
	v, ok := o.get(key)
	if !ok {
		return nil, false
	}
	return o.d.object(v, o.where, o.field(key))
}

func (o *object) array(key string) []any {
	v, ok := o.get(key)
	if !ok {
		return nil
	}
	a, ok := v.([]any)
	if !ok {
		o.d.fail(o.where, o.field(key), rule(ErrInvalidValue, "want a JSON array, got "+jsonKind(v)))
	}
	return a
}

func (o *object) close() {
	for _, k := range slices.Sorted(maps.Keys(o.m)) {
		if !o.used[k] {
			o.d.fail(o.where, o.field(k), rule(ErrUnknownField, fmt.Sprintf("unknown field %q", k)))
		}
	}
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}
