package purpose

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/lawfulgo/lawful/internal/enum"
	"github.com/lawfulgo/lawful/internal/strictjson"
	"github.com/lawfulgo/lawful/pii"
)

// SchemaVersion is the policy-file schema this package reads and writes.
const SchemaVersion = 1

// Limits of a policy file. LoadPolicy and DecodePolicy refuse a file over
// any of them with a problem matching ErrTooLarge that names the limit.
const (
	// MaxPolicySize is the largest policy file read, in bytes (8 MiB).
	MaxPolicySize = 8 << 20
	// MaxPolicyDepth is the deepest nesting of arrays and objects in a
	// policy file, retention rules included; the schema needs 6.
	MaxPolicyDepth = 16
	// MaxPolicyElements is the most elements of one array (purposes,
	// categories, recipients, ...) or members of one object.
	MaxPolicyElements = 10000
)

// Errors of a policy file's JSON as such, shared by every decoder in
// lawful (retention rules, receipts, calendars, scenario files match the
// same values).
var (
	// ErrTooLarge: the file is over MaxPolicySize, MaxPolicyDepth or
	// MaxPolicyElements.
	ErrTooLarge = strictjson.ErrTooLarge
	// ErrDuplicateKey: an object repeats a key. encoding/json would keep
	// the last silently; a policy means one thing or is refused.
	ErrDuplicateKey = strictjson.ErrDuplicateKey
	// ErrTrailingData: something follows the policy object. Such a problem
	// also matches ErrSyntax.
	ErrTrailingData = strictjson.ErrTrailingData
)

var policyLimits = strictjson.Limits{MaxSize: MaxPolicySize, SizeName: "purpose.MaxPolicySize", MaxDepth: MaxPolicyDepth, MaxElements: MaxPolicyElements}

// LoadPolicy reads a JSON policy file, validates it and compiles it. Every
// problem, from syntax to law, is reported at once as a *ValidationError
// whose lines name the element and field; nothing is built when there is
// any. Past MaxProblems problems, checking stops and the error says so.
//
// The file is refused before anything is decoded when it is over
// MaxPolicySize bytes, nests arrays and objects deeper than
// MaxPolicyDepth, has an array or object of more than MaxPolicyElements
// elements, repeats a key in any object (ErrDuplicateKey), or has data
// after the policy object (ErrTrailingData). Loading allocates memory
// proportional to the file's size, whatever it holds. See DecodePolicy for
// the schema.
func LoadPolicy(r io.Reader) (*Registry, error) {
	data, err := strictjson.Read(r, policyLimits)
	if err != nil {
		if se := (*strictjson.Error)(nil); errors.As(err, &se) {
			return nil, jsonProblem(se).err()
		}
		return nil, fmt.Errorf("purpose: reading policy: %w", err)
	}
	p, ps := decodePolicy(data, true)
	if err := ps.err(); err != nil {
		return nil, err
	}
	return build(clonePolicy(p)), nil
}

// jsonError is a problem with the policy file's JSON as such. It matches
// its strictjson sentinel (ErrTooLarge, ErrDuplicateKey, ErrTrailingData)
// and, for syntax and trailing data, ErrSyntax.
type jsonError struct{ e *strictjson.Error }

func (j jsonError) Error() string { return j.e.Msg }

func (j jsonError) Is(target error) bool {
	return target == j.e.Kind || target == ErrSyntax && (j.e.Kind == strictjson.ErrSyntax || j.e.Kind == strictjson.ErrTrailingData)
}

func jsonProblem(e *strictjson.Error) problems {
	return problems{list: []Problem{{Where: "policy", Field: e.Path, Err: jsonError{e}}}}
}

// DecodePolicy decodes a JSON policy file into a Policy without checking
// its law (Compile does that). It reports every schema problem at once, up
// to MaxProblems, and refuses what LoadPolicy refuses before decoding:
// more than MaxPolicySize bytes, nesting deeper than MaxPolicyDepth, more
// than MaxPolicyElements elements in an array or object, a repeated key
// (ErrDuplicateKey), data after the policy object (ErrTrailingData).
//
// The schema (version 1):
//
//	{
//	  "schema": 1,                                   // required
//	  "name": {"en": "Clipo", "zh": "Clipo"},
//	  "controller": {"name": {"en": "...", "zh": "..."}, "contact": "privacy@example.com"},
//	  "officer": {"name": {"en": "..."}, "contact": "dpo@example.com"}, // PIPL art. 52
//	  "individuals": 1200000,                        // whose PI is handled, about
//	  "childrens_rules": "https://example.com/children", // PIPL art. 31 para 2
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
//	                    "mechanism": "standard_contract", "contact": "..."},
//	                   {"name": "Backup Co", "role": "entrusted", "via": "Cloud Co", "approved": true}],
//	    "basis": "consent",                          // or {"name": "legal_duty", "cites": "...", "special": "..."}
//	    "bases": {"gdpr": {"name": "consent", "special": "explicit_consent"}},
//	    "retention": "voice",
//	    "traits": ["biometric_editing"]               // also automated_decision, marketing, adults_only
//	  }]
//	}
//
// Category lists accept leaves and groups ("biometric" means every
// biometric leaf). Unknown fields are errors. Names of operations, roles,
// mechanisms, bases, changes and art. 9(2) conditions are those their
// types' String methods print.
func DecodePolicy(data []byte) (Policy, error) {
	p, ps := decodePolicy(data, false)
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
// which fields failed so that validation does not report them twice. With
// a checker, it validates each purpose as soon as it is decoded, into vs.
// It stops (done) once there are more than MaxProblems problems: the report
// is full, and walking on would only cost.
type decoder struct {
	ps     problems // decoding problems, reported first
	vs     problems // validation problems
	failed map[string]bool
	check  *checker
	// suggested counts the unknown category keys given suggestions.
	suggested int
}

// fail records a decoding problem and marks the field as failed, with the
// list it sits in: a bad recipients[0] also silences the list-level checks
// on recipients, which would otherwise report the same root cause again,
// but not the checks on recipients[2].
func (d *decoder) fail(where, field string, err error) {
	d.ps.add(where, field, err)
	if d.ps.truncated {
		return
	}
	head := fieldHead(field)
	d.failed[failKey(where, head)] = true
	if i := strings.IndexByte(head, '['); i >= 0 {
		d.failed[failKey(where, head[:i])] = true
	}
}

func (d *decoder) done() bool {
	return d.ps.truncated || d.vs.truncated || len(d.ps.list)+len(d.vs.list) > MaxProblems
}

// skip reports whether a validation problem repeats a decoding failure.
func (d *decoder) skip(where, field string) bool {
	return d.failed[failKey(where, fieldHead(field))] || d.failed[failKey(where, "")]
}

// decodePolicy decodes a policy file, and validates it if check is set,
// returning decoding problems followed by validation problems.
func decodePolicy(data []byte, check bool) (Policy, problems) {
	doc, err := strictjson.Parse(data, policyLimits)
	if err != nil {
		se := &strictjson.Error{Kind: strictjson.ErrSyntax, Msg: err.Error()}
		errors.As(err, &se)
		return Policy{}, jsonProblem(se)
	}
	d := &decoder{failed: map[string]bool{}}
	d.vs.skip = d.skip
	p := d.policy(doc.Root(), check)
	ps := d.ps
	ps.merge(d.vs)
	return p, ps
}

func (d *decoder) policy(root strictjson.Value, check bool) Policy {
	var p Policy
	o, ok := d.object(root, "policy", "")
	if !ok {
		return p
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
	if c, ok := o.child("officer"); ok {
		p.Officer.Name = c.text("name")
		p.Officer.Contact, _ = c.str("contact", false)
		c.close()
	}
	if v, ok := o.get("individuals"); ok {
		n, ok := v.Int()
		if !ok || n < 0 || n > MaxIndividuals {
			d.fail("policy", "individuals", rule(ErrInvalidValue, fmt.Sprintf("individuals is a number of people: want an integer from 0 to %d", int64(MaxIndividuals))))
		}
		p.Individuals = min(max(n, 0), MaxIndividuals)
	}
	p.ChildrensRules, _ = o.str("childrens_rules", false)
	p.Version, _ = o.str("version", false)
	for i, v := range o.array("regimes").Elems() {
		if d.done() {
			break
		}
		if l, ok := d.regime(v, i); ok {
			p.Regimes = append(p.Regimes, l)
		}
	}
	for i, v := range o.array("retention").Elems() {
		if d.done() {
			break
		}
		p.Retention = append(p.Retention, d.retention(v, i))
	}
	purposes := o.array("purposes")
	if check {
		d.check = newChecker(&p, purposes.Len(), &d.vs)
	}
	for i, v := range purposes.Elems() {
		if d.done() {
			break
		}
		p.Purposes = append(p.Purposes, d.purpose(v, i))
		if d.check != nil && !d.done() {
			d.check.purpose(&p.Purposes[i], i)
		}
	}
	o.close()
	return p
}

func (d *decoder) regime(v strictjson.Value, i int) (pii.Law, bool) {
	s, ok := d.elemStr(v, "policy", "regimes", i)
	if !ok {
		return 0, false
	}
	l, err := pii.ParseLaw(s)
	if err != nil {
		d.fail("policy", indexField("regimes", i), rule(ErrInvalidValue, fmt.Sprintf("unknown regime %s; want pipl or gdpr", enum.Quote(s))))
		return 0, false
	}
	return l, true
}

func (d *decoder) retention(v strictjson.Value, i int) Retention {
	var r Retention
	where := fmt.Sprintf("retention[%d]", i)
	o, ok := d.object(v, where, "")
	if !ok {
		return r
	}
	if id, ok := o.str("id", true); ok {
		r.ID = id
		o.where = fmt.Sprintf("retention %q", id) // as validate names it
	}
	r.Summary = o.text("summary")
	if raw, ok := o.get("rule"); ok {
		r.Rule = raw.Compact()
	}
	o.close()
	return r
}

func (d *decoder) purpose(v strictjson.Value, i int) Purpose {
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
	for j, v := range o.array("versions").Elems() {
		if d.done() {
			break
		}
		p.Versions = append(p.Versions, d.version(v, where, fmt.Sprintf("versions[%d]", j)))
	}
	if c, ok := o.child("categories"); ok {
		p.Required = d.categories(&c, "required")
		p.Optional = d.categories(&c, "optional")
		c.close()
	}
	p.Operations = d.operations(o.array("operations"), where)
	for j, v := range o.array("recipients").Elems() {
		if d.done() {
			break
		}
		p.Recipients = append(p.Recipients, d.recipient(v, where, fmt.Sprintf("recipients[%d]", j)))
	}
	if v, ok := o.get("basis"); ok {
		p.Basis = d.legal(v, where, "basis")
	}
	if b, ok := o.get("bases"); ok {
		p.BasisUnder = d.bases(b, where)
	}
	p.Retention, _ = o.str("retention", false)
	for j, v := range o.array("traits").Elems() {
		if d.done() {
			break
		}
		if s, ok := d.elemStr(v, where, "traits", j); ok {
			tr, err := ParseTrait(s)
			if err != nil {
				d.fail(where, indexField("traits", j), err)
				continue
			}
			p.Traits |= tr
		}
	}
	o.close()
	return p
}

func (d *decoder) operations(list strictjson.Value, where string) OperationSet {
	var ops OperationSet
	for j, v := range list.Elems() {
		if d.done() {
			break
		}
		s, ok := d.elemStr(v, where, "operations", j)
		if !ok {
			continue
		}
		op, err := ParseOperation(s)
		if err != nil {
			d.fail(where, indexField("operations", j), err)
			continue
		}
		if ops.Has(op) {
			d.fail(where, indexField("operations", j), rule(ErrInvalidValue, fmt.Sprintf("operation %q listed twice", s)))
		}
		ops = ops.With(op)
	}
	return ops
}

// bases decodes the per-regime overrides of a purpose's basis. Every key
// is read, so none is unknown: a bad one is an unknown regime.
func (d *decoder) bases(v strictjson.Value, where string) map[pii.Law]Legal {
	b, ok := d.object(v, where, "bases")
	if !ok {
		return nil
	}
	var out map[pii.Law]Legal
	for key, v := range b.v.Members() {
		if d.done() {
			break
		}
		k := key.Str()
		field := "bases." + k
		l, err := pii.ParseLaw(k)
		if err != nil {
			d.fail(where, field, rule(ErrInvalidValue, fmt.Sprintf("unknown regime %s; want pipl or gdpr", enum.Quote(k))))
			continue
		}
		if out == nil {
			out = map[pii.Law]Legal{}
		}
		out[l] = d.legal(v, where, field)
	}
	return out
}

func (d *decoder) version(v strictjson.Value, where, field string) Version {
	var ver Version
	o, ok := d.object(v, where, field)
	if !ok {
		return ver
	}
	ver.Number, _ = o.integer("number", true)
	ver.Material, _ = o.boolean("material")
	for k, c := range o.array("changes").Elems() {
		if d.done() {
			break
		}
		if s, ok := d.elemStr(c, where, field+".changes", k); ok {
			ch, err := ParseChange(s)
			if err != nil {
				d.fail(where, indexField(field+".changes", k), err)
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
	for i, v := range o.array(key).Elems() {
		if d.done() {
			break
		}
		k, ok := d.elemStr(v, o.where, o.field(key), i)
		if !ok {
			continue
		}
		g, err := d.group(k)
		if err != nil {
			d.fail(o.where, indexField(o.field(key), i), err)
			continue
		}
		s = s.Union(g)
	}
	return s
}

func (d *decoder) recipient(v strictjson.Value, where, field string) Recipient {
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
	r.Via, _ = o.str("via", false)
	r.Approved, _ = o.boolean("approved")
	o.close()
	return r
}

func (d *decoder) legal(v strictjson.Value, where, field string) Legal {
	var l Legal
	if v.Kind() == strictjson.String {
		b, err := ParseBasis(v.Str())
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
