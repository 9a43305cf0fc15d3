package bench

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"
)

// casbinModel is an ABAC model of BENCH.md's rule. The purpose table is the
// policy (one line per purpose: ID, declared operations and categories as
// bitmasks, exempt or not); subjects and their consent records are
// attributes a custom function reads, since a policy line per consent
// record would make Casbin scan all 199,145 of them on every request. The
// matcher states the rule's steps in its order; && short-circuits.
const casbinModel = `
[request_definition]
r = sub, pur, op, cats, at

[policy_definition]
p = pur, ops, cats, exempt

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = r.pur == p.pur && hasBit(p.ops, r.op) && subsetOf(r.cats, p.cats) && knownSubject(r.sub) && (p.exempt == "yes" || consentOK(r.sub, r.pur, r.cats, r.at))
`

// casbinSubject holds one subject's attributes for the matcher functions.
type casbinSubject struct {
	turns14 int64
	records []Record
}

// Casbin is a Casbin enforcer set up for the workload.
type Casbin struct {
	Enforcer *casbin.Enforcer
	subjects map[string]*casbinSubject
	current  map[string]int // purpose ID → current version
	index    map[string]int // purpose ID → index, for records
}

// NewCasbin builds the enforcer for the workload's subjects.
func NewCasbin(subjects []Subject) (*Casbin, error) {
	m, err := model.NewModelFromString(casbinModel)
	if err != nil {
		return nil, err
	}
	e, err := casbin.NewEnforcer(m)
	if err != nil {
		return nil, err
	}
	e.EnableLog(false)
	c := &Casbin{Enforcer: e, subjects: make(map[string]*casbinSubject, len(subjects)), current: map[string]int{}, index: map[string]int{}}
	rules := make([][]string, 0, len(Purposes))
	for i := range Purposes {
		p := &Purposes[i]
		exempt := "no"
		if p.Exempt() {
			exempt = "yes"
		}
		rules = append(rules, []string{p.ID, strconv.Itoa(int(p.OpMask)), strconv.Itoa(int(p.CatMask)), exempt})
		c.current[p.ID] = p.Current
		c.index[p.ID] = i
	}
	if _, err := e.AddPolicies(rules); err != nil {
		return nil, err
	}
	for i := range subjects {
		s := &subjects[i]
		c.subjects[s.ID] = &casbinSubject{turns14: s.Turns14, records: slices.Clone(s.Records)}
	}
	e.AddFunction("hasBit", func(args ...any) (any, error) {
		mask, err := casbinInt(args[0])
		if err != nil {
			return false, err
		}
		bit, err := casbinInt(args[1])
		return err == nil && mask&(1<<bit) != 0, err
	})
	e.AddFunction("subsetOf", func(args ...any) (any, error) {
		sub, err := casbinInt(args[0])
		if err != nil {
			return false, err
		}
		of, err := casbinInt(args[1])
		return err == nil && sub&^of == 0, err
	})
	e.AddFunction("knownSubject", func(args ...any) (any, error) {
		id, _ := args[0].(string)
		_, ok := c.subjects[id]
		return ok, nil
	})
	e.AddFunction("consentOK", func(args ...any) (any, error) {
		id, _ := args[0].(string)
		pur, _ := args[1].(string)
		cats, err := casbinInt(args[2])
		if err != nil {
			return false, err
		}
		at, err := casbinInt(args[3])
		if err != nil {
			return false, err
		}
		return c.consentOK(id, pur, CategorySet(cats), at), nil
	})
	return c, nil
}

// consentOK is step 6 of the rule.
func (c *Casbin) consentOK(id, pur string, cats CategorySet, t int64) bool {
	s, ok := c.subjects[id]
	if !ok {
		return false
	}
	pi, cur := c.index[pur], c.current[pur]
	sensitive, child := cats&SensitiveMask != 0, t < s.turns14
	for _, r := range s.records {
		if r.Purpose == pi && r.Granted <= t &&
			(r.Withdrawn == 0 || t < r.Withdrawn) &&
			(r.Expires == 0 || t < r.Expires) &&
			r.Version == cur &&
			(!sensitive || r.Separate) &&
			(!child || r.Guardian) {
			return true
		}
	}
	return false
}

func casbinInt(v any) (int64, error) {
	switch v := v.(type) {
	case int:
		return int64(v), nil
	case int64:
		return v, nil
	case float64:
		return int64(v), nil
	case string:
		return strconv.ParseInt(v, 10, 64)
	}
	return 0, fmt.Errorf("casbin bench: want an integer, got %T", v)
}

// Allow reports whether the enforcer allows q. An error (there should be
// none) denies.
func (c *Casbin) Allow(q *Request) bool {
	ok, err := c.Enforcer.Enforce(q.Subject, q.Purpose, int(q.Operation), int(q.Categories), q.At)
	return err == nil && ok
}
