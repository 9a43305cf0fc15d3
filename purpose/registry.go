package purpose

import (
	"maps"
	"slices"
	"strconv"

	"github.com/lawfulgo/lawful/pii"
)

// Registry is a compiled, validated policy: purposes with dense indexes and
// category bitsets, ready for a Guard to consult on every request.
//
// A Registry is immutable and safe for concurrent use. Build one with
// Compile (from a Policy built in Go) or LoadPolicy (from a policy file). To
// change the policy, compile a new Registry and swap it in; nothing edits a
// Registry in place.
type Registry struct {
	policy    Policy // deep copy of the input, for Policy()
	served    [numLaws]bool
	entries   []entry
	byID      map[ID]int32
	retention map[string]int
}

// entry is a compiled purpose.
type entry struct {
	decl      *Purpose
	all       pii.Set
	legal     [numLaws]Legal
	current   int // current version number
	minValid  int // consents under versions below this are stale
	sensitive [numLaws]pii.Set
}

// Compile validates p and compiles it into a Registry. It reports every
// problem at once, as a *ValidationError, and then returns a nil Registry:
// nothing is half-built. Compile copies p; later changes to p do not affect
// the Registry.
func Compile(p Policy) (*Registry, error) {
	var ps problems
	validate(&p, &ps)
	if err := ps.err(); err != nil {
		return nil, err
	}
	return build(clonePolicy(p)), nil
}

// MustCompile is like Compile but panics on error. Use it for policies
// written in Go at init time and in tests.
func MustCompile(p Policy) *Registry {
	r, err := Compile(p)
	if err != nil {
		panic(err)
	}
	return r
}

func build(p Policy) *Registry {
	r := &Registry{
		policy:    p,
		entries:   make([]entry, len(p.Purposes)),
		byID:      make(map[ID]int32, len(p.Purposes)),
		retention: make(map[string]int, len(p.Retention)),
	}
	for _, l := range p.Regimes {
		r.served[l] = true
	}
	for i, rt := range p.Retention {
		r.retention[rt.ID] = i
	}
	for i := range p.Purposes {
		d := &r.policy.Purposes[i]
		e := &r.entries[i]
		e.decl = d
		e.all = d.Required.Union(d.Optional)
		for _, l := range p.Regimes {
			e.legal[l] = d.Basis
			if o, ok := d.BasisUnder[l]; ok {
				e.legal[l] = o
			}
			e.sensitive[l] = e.all.Sensitive(l)
		}
		e.minValid = d.Versions[0].Number
		for _, v := range d.Versions {
			if v.Material {
				e.minValid = v.Number
			}
		}
		e.current = d.Versions[len(d.Versions)-1].Number
		r.byID[d.ID] = int32(i)
	}
	return r
}

func clonePolicy(p Policy) Policy {
	p.Regimes = slices.Clone(p.Regimes)
	p.Retention = slices.Clone(p.Retention)
	for i := range p.Retention {
		p.Retention[i].Rule = slices.Clone(p.Retention[i].Rule)
	}
	p.Purposes = slices.Clone(p.Purposes)
	for i := range p.Purposes {
		p.Purposes[i] = clonePurpose(p.Purposes[i])
	}
	return p
}

func clonePurpose(d Purpose) Purpose {
	d.Versions = slices.Clone(d.Versions)
	d.Recipients = slices.Clone(d.Recipients)
	d.BasisUnder = maps.Clone(d.BasisUnder)
	return d
}

// Lookup returns the compiled purpose with the given ID. It does not
// allocate.
func (r *Registry) Lookup(id ID) (Compiled, bool) {
	if r == nil {
		return Compiled{}, false
	}
	i, ok := r.byID[id]
	if !ok {
		return Compiled{}, false
	}
	return Compiled{r, i}, true
}

// Len returns the number of purposes.
func (r *Registry) Len() int {
	if r == nil {
		return 0
	}
	return len(r.entries)
}

// At returns the purpose with dense index i, 0 <= i < Len(). Indexes follow
// the policy's order and are stable for the life of the Registry, so
// per-subject state can be kept in arrays indexed by them.
func (r *Registry) At(i int) Compiled { _ = r.entries[i]; return Compiled{r, int32(i)} }

// Purposes returns every purpose in policy order.
func (r *Registry) Purposes() []Compiled {
	out := make([]Compiled, r.Len())
	for i := range out {
		out[i] = Compiled{r, int32(i)}
	}
	return out
}

// Regimes returns the regimes the policy serves.
func (r *Registry) Regimes() []pii.Law { return slices.Clone(r.policy.Regimes) }

// Serves reports whether the policy serves law.
func (r *Registry) Serves(law pii.Law) bool {
	return r != nil && int(law) < numLaws && law.Valid() && r.served[law]
}

// Retention returns the retention statement with the given ID.
func (r *Registry) Retention(id string) (Retention, bool) {
	i, ok := r.retention[id]
	if !ok {
		return Retention{}, false
	}
	rt := r.policy.Retention[i]
	rt.Rule = slices.Clone(rt.Rule)
	return rt, true
}

// Policy returns a copy of the policy the Registry was compiled from.
func (r *Registry) Policy() Policy { return clonePolicy(r.policy) }

// Compiled is a read-only view of one purpose in a Registry. It is a small
// value: copy it freely. The zero Compiled is not a purpose; its methods
// return zero values.
type Compiled struct {
	r *Registry
	i int32
}

func (c Compiled) e() *entry {
	if c.r == nil {
		return nil
	}
	return &c.r.entries[c.i]
}

// Valid reports whether c is a purpose of a Registry (not the zero value).
func (c Compiled) Valid() bool { return c.r != nil }

// Registry returns the Registry c belongs to, or nil for the zero value.
// Dense indexes are meaningful only within one Registry.
func (c Compiled) Registry() *Registry { return c.r }

// Index returns c's dense index in its Registry.
func (c Compiled) Index() int { return int(c.i) }

// ID returns the purpose ID.
func (c Compiled) ID() ID {
	if e := c.e(); e != nil {
		return e.decl.ID
	}
	return ""
}

// Name returns the purpose's display name.
func (c Compiled) Name() Text {
	if e := c.e(); e != nil {
		return e.decl.Name
	}
	return Text{}
}

// Core reports whether the basic service needs this purpose (PIPL art. 16).
func (c Compiled) Core() bool { e := c.e(); return e != nil && e.decl.Core }

// Version returns the current version number.
func (c Compiled) Version() int {
	if e := c.e(); e != nil {
		return e.current
	}
	return 0
}

// MinConsentVersion returns the earliest version whose consents still
// count: the latest material version (PIPL art. 14 para 2).
func (c Compiled) MinConsentVersion() int {
	if e := c.e(); e != nil {
		return e.minValid
	}
	return 0
}

// ConsentCurrent reports whether a consent given under version v still
// covers the purpose: v is a declared version no older than the latest
// material change. It does not allocate.
func (c Compiled) ConsentCurrent(v int) bool {
	e := c.e()
	return e != nil && v >= e.minValid && v <= e.current
}

// Categories returns every category the purpose declares, required and
// optional.
func (c Compiled) Categories() pii.Set {
	if e := c.e(); e != nil {
		return e.all
	}
	return pii.Set{}
}

// Required returns the categories the purpose needs.
func (c Compiled) Required() pii.Set {
	if e := c.e(); e != nil {
		return e.decl.Required
	}
	return pii.Set{}
}

// Optional returns the categories the purpose may use if the person agrees.
func (c Compiled) Optional() pii.Set {
	if e := c.e(); e != nil {
		return e.decl.Optional
	}
	return pii.Set{}
}

// Sensitive returns the purpose's categories that law classes as sensitive
// (PIPL art. 28; GDPR arts. 9, 10). It does not know the subject's age.
func (c Compiled) Sensitive(law pii.Law) pii.Set {
	e := c.e()
	if e == nil || !law.Valid() || int(law) >= numLaws || !c.r.served[law] {
		return c.Categories() // not served: fail closed
	}
	return e.sensitive[law]
}

// Operations returns the declared operations.
func (c Compiled) Operations() OperationSet {
	if e := c.e(); e != nil {
		return e.decl.Operations
	}
	return 0
}

// Declares reports whether the purpose declares op.
func (c Compiled) Declares(op Operation) bool { return c.Operations().Has(op) }

// Recipient returns the declared recipient with the given name. It does not
// allocate.
func (c Compiled) Recipient(name string) (Recipient, bool) {
	e := c.e()
	if e == nil {
		return Recipient{}, false
	}
	for _, r := range e.decl.Recipients {
		if r.Name == name {
			return r, true
		}
	}
	return Recipient{}, false
}

// RecipientIndex returns the position of the named recipient among the
// declared recipients, for dense per-recipient state. It does not allocate.
func (c Compiled) RecipientIndex(name string) (int, bool) {
	e := c.e()
	if e == nil {
		return 0, false
	}
	for i, r := range e.decl.Recipients {
		if r.Name == name {
			return i, true
		}
	}
	return 0, false
}

// Recipients returns a copy of the declared recipients.
func (c Compiled) Recipients() []Recipient {
	if e := c.e(); e != nil {
		return slices.Clone(e.decl.Recipients)
	}
	return nil
}

// Legal returns the purpose's basis under law, and false when the policy
// does not serve law.
func (c Compiled) Legal(law pii.Law) (Legal, bool) {
	e := c.e()
	if e == nil || !c.r.Serves(law) {
		return Legal{}, false
	}
	return e.legal[law], true
}

// Traits returns the purpose's traits.
func (c Compiled) Traits() Trait {
	if e := c.e(); e != nil {
		return e.decl.Traits
	}
	return 0
}

// RetentionID returns the ID of the purpose's retention statement.
func (c Compiled) RetentionID() string {
	if e := c.e(); e != nil {
		return e.decl.Retention
	}
	return ""
}

// Declaration returns a copy of the purpose as declared.
func (c Compiled) Declaration() Purpose {
	if e := c.e(); e != nil {
		return clonePurpose(*e.decl)
	}
	return Purpose{}
}

// String returns the purpose ID and version, e.g. "service.voice_clone@v2".
func (c Compiled) String() string {
	if !c.Valid() {
		return "purpose.Compiled{}"
	}
	return string(c.ID()) + "@v" + strconv.Itoa(c.Version())
}
