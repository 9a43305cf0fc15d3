package retention

import (
	"errors"
	"fmt"

	"github.com/lawfulgo/lawful/internal/rule"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
)

// Rules is a validated, immutable set of rules for one Registry. Build it
// with Compile; it is safe for concurrent use.
type Rules struct {
	reg       *purpose.Registry
	rules     []Rule
	byID      map[string]int
	byPurpose map[purpose.ID][]int
}

// Compile builds the rules of reg's policy file (each retention entry's
// "rule", see DecodeRule, covering the purposes that reference the entry)
// plus extra rules written in Go. Every purpose of the policy must be
// covered by some rule, so no data is kept without a stated period (PIPL
// art. 19; NDSMR art. 21(3)). Problems are reported at once, the first
// purpose.MaxProblems of them listed and the rest counted; each matches ErrInvalidRule, ErrInvalidPeriod or ErrUnknownTrigger with
// errors.Is.
func Compile(reg *purpose.Registry, extra ...Rule) (*Rules, error) {
	if reg == nil {
		return nil, rule.New(ErrNotConfigured, "retention: Compile needs a Registry")
	}
	rs := &Rules{reg: reg, byID: map[string]int{}, byPurpose: map[purpose.ID][]int{}}
	var errs []error
	dropped := 0
	wrap := func(id string, es ...error) {
		for _, e := range es {
			if len(errs) == purpose.MaxProblems {
				dropped++ // listed problems stay bounded whatever the policy's size
				continue
			}
			errs = append(errs, fmt.Errorf("retention rule %q: %w", id, e))
		}
	}
	refs := map[string][]purpose.ID{}
	for _, c := range reg.Purposes() {
		if id := c.RetentionID(); id != "" {
			refs[id] = append(refs[id], c.ID())
		}
	}
	var all []Rule
	for _, entry := range reg.Policy().Retention {
		if len(entry.Rule) == 0 || string(entry.Rule) == "null" {
			continue // prose only; a rule in Go must then cover its purposes
		}
		r, err := DecodeRule(entry.Rule)
		if err != nil {
			wrap(entry.ID, err)
			continue
		}
		if len(refs[entry.ID]) == 0 {
			continue // a statement no purpose uses covers nothing
		}
		r.ID, r.Purposes = entry.ID, refs[entry.ID]
		all = append(all, r)
	}
	all = append(all, extra...)
	for _, r := range all {
		r = r.normalise()
		if es := r.validate(reg); len(es) > 0 {
			wrap(r.ID, es...)
			continue
		}
		if _, dup := rs.byID[r.ID]; dup {
			wrap(r.ID, rule.New(ErrInvalidRule, "two rules share the ID"))
			continue
		}
		rs.byID[r.ID] = len(rs.rules)
		for _, p := range r.Purposes {
			rs.byPurpose[p] = append(rs.byPurpose[p], len(rs.rules))
		}
		rs.rules = append(rs.rules, r)
	}
	if len(errs) == 0 {
		for _, c := range reg.Purposes() {
			var covered pii.Set
			for _, i := range rs.byPurpose[c.ID()] {
				covered = covered.Union(rs.rules[i].Categories)
			}
			if miss := c.Categories().Minus(covered); !miss.IsEmpty() {
				errs = append(errs, rule.New(ErrInvalidRule, fmt.Sprintf("retention: purpose %q: no rule covers %v; reference a retention entry with a rule (NDSMR art. 21(3))", c.ID(), miss)))
			}
		}
	}
	if dropped > 0 {
		errs = append(errs, rule.New(ErrInvalidRule, fmt.Sprintf("retention: %d more problems not listed; fix the ones above first", dropped)))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return rs, nil
}

// Registry returns the Registry the rules were compiled for.
func (rs *Rules) Registry() *purpose.Registry { return rs.reg }

// Len returns the number of rules.
func (rs *Rules) Len() int { return len(rs.rules) }

// Rule returns the rule with the given ID.
func (rs *Rules) Rule(id string) (Rule, bool) {
	i, ok := rs.byID[id]
	if !ok {
		return Rule{}, false
	}
	return rs.rules[i], true
}

// All returns copies of the rules in compile order.
func (rs *Rules) All() []Rule {
	out := make([]Rule, len(rs.rules))
	copy(out, rs.rules)
	return out
}

// matching returns the indexes of the rules covering data of purpose p in
// categories cats.
func (rs *Rules) matching(p purpose.ID, cats pii.Set) []int {
	var out []int
	for _, i := range rs.byPurpose[p] {
		if rs.rules[i].Categories.Overlaps(cats) {
			out = append(out, i)
		}
	}
	return out
}
