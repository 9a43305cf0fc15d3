package retention

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/lawfulgo/lawful/internal/rule"
	"github.com/lawfulgo/lawful/internal/strictjson"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
)

// Rule says how long data of some purposes and categories is kept, what
// ends its period early, the legal minimum no deletion may undercut, and
// what erasure does.
//
// An item collected at C that a rule covers is due for erasure at the
// earliest of: Keep after From (C when From is Collected), Grace after an
// ending trigger of EndsOn that applies to it, and Maximum after C; but
// never before Minimum after C. Between the earliest end and a later due
// time set by the minimum, the item is Restricted (PIPL art. 47 para 2).
// A rule with neither Keep nor EndsOn never ends and is invalid (PIPL art.
// 19).
type Rule struct {
	// ID names the rule; rules from a policy take the retention entry's ID.
	ID string
	// Purposes whose data the rule covers. Rules from a policy cover the
	// purposes that reference the entry.
	Purposes []purpose.ID
	// Categories the rule covers; empty means all categories of Purposes.
	Categories pii.Set
	// Keep is how long after From the data is kept; zero means until an
	// ending trigger.
	Keep Period
	// From is the trigger Keep counts from; zero means Collected.
	From Trigger
	// EndsOn are the triggers that end the period early; zero means
	// AllEndings (PIPL art. 47 para 1; NDSMR art. 24).
	EndsOn Triggers
	// Grace is the time allowed to erase after an ending trigger; zero
	// means at once.
	Grace Period
	// Minimum is a legal minimum counted from collection, e.g. six months
	// for network logs (Cybersecurity Law art. 21(3)); MinimumCites names
	// the law.
	Minimum      Period
	MinimumCites string
	// Maximum caps the period from collection; zero means no cap.
	Maximum Period
	// Action is what erasure does; zero means Delete.
	Action Action
	// Cites is the rule's source, shown in proofs.
	Cites string
}

// ruleJSON is the policy-file form of a rule (see DecodeRule).
type ruleJSON struct {
	Categories   []string `json:"categories,omitempty"`
	Keep         string   `json:"keep,omitempty"`
	From         string   `json:"from,omitempty"`
	EndsOn       []string `json:"ends_on,omitempty"`
	Grace        string   `json:"grace,omitempty"`
	Minimum      string   `json:"minimum,omitempty"`
	MinimumCites string   `json:"minimum_cites,omitempty"`
	Maximum      string   `json:"maximum,omitempty"`
	Action       string   `json:"action,omitempty"`
	Cites        string   `json:"cites,omitempty"`
}

// Limits of a rule's JSON (see DecodeRule).
const (
	// MaxRuleSize is the largest rule DecodeRule reads, in bytes (64 KiB).
	MaxRuleSize = 64 << 10
	// MaxRuleElements is the most elements of one list of a rule
	// (categories, ends_on).
	MaxRuleElements = 1000
	// maxRuleProblems is the most problems DecodeRule lists; past it, it
	// stops and says there are more.
	maxRuleProblems = 10
)

var ruleLimits = strictjson.Limits{MaxSize: MaxRuleSize, SizeName: "retention.MaxRuleSize", MaxDepth: 4, MaxElements: MaxRuleElements}

// DecodeRule parses the "rule" object of a policy file's retention entry:
//
//	{
//	  "categories": ["activity.service_log"],  // optional; default: every category of the purposes
//	  "keep": "P6M",                           // ISO 8601 period kept after "from"
//	  "from": "collected",                     // default "collected"
//	  "ends_on": ["account_closed"],           // default: every ending trigger
//	  "grace": "P15D",                         // time to erase after an ending trigger
//	  "minimum": "P6M",                        // legal minimum from collection ...
//	  "minimum_cites": "Cybersecurity Law art. 21(3)", // ... and the law that sets it
//	  "maximum": "P3Y",                        // cap from collection
//	  "action": "delete",                      // or "anonymise"
//	  "cites": "PIPL art. 47"
//	}
//
// The returned Rule has no ID or Purposes; it is validated when compiled.
// Every problem is reported at once, up to ten (and three per list, the
// rest of a list counted), each matching ErrInvalidRule, ErrInvalidPeriod
// or ErrUnknownTrigger.
//
// The JSON is refused, matching ErrInvalidRule and naming the problem and
// its place, when it is over MaxRuleSize bytes, has a list of more than
// MaxRuleElements elements or nests deeper than 4 (matching
// purpose.ErrTooLarge), repeats a key (purpose.ErrDuplicateKey: no
// last-wins), has data after the object (purpose.ErrTrailingData), or has
// a field other than those above, spelled exactly (unknown field). Decoding
// allocates in proportion to data.
func DecodeRule(data []byte) (Rule, error) {
	var j ruleJSON
	if err := strictjson.Decode(data, &j, ruleLimits); err != nil {
		return Rule{}, jsonError{err}
	}
	var r Rule
	ps := ruleProblems{}
	period := func(field, s string, dst *Period) {
		if s == "" {
			return
		}
		p, err := ParsePeriod(s)
		if err != nil {
			ps.add(fieldErr(field, err))
			return
		}
		*dst = p
	}
	period("keep", j.Keep, &r.Keep)
	period("grace", j.Grace, &r.Grace)
	period("minimum", j.Minimum, &r.Minimum)
	period("maximum", j.Maximum, &r.Maximum)
	r.Categories = ruleCategories(j.Categories, &ps)
	if j.From != "" {
		if err := r.From.UnmarshalText([]byte(j.From)); err != nil {
			ps.add(fieldErr("from", err))
		}
	}
	r.EndsOn = ruleEndings(j.EndsOn, &ps)
	if j.Action != "" {
		if err := r.Action.UnmarshalText([]byte(j.Action)); err != nil {
			ps.add(fieldErr("action", err))
		}
	}
	r.MinimumCites = j.MinimumCites
	r.Cites = j.Cites
	return r, ps.err()
}

// jsonError is a rule's JSON refused by strictjson: it matches
// ErrInvalidRule and the strictjson sentinel.
type jsonError struct{ err error }

func (e jsonError) Error() string   { return "retention: rule: " + e.err.Error() }
func (e jsonError) Unwrap() []error { return []error{ErrInvalidRule, e.err} }

// ruleProblems collects a rule's problems, up to maxRuleProblems.
type ruleProblems struct {
	errs []error
	more bool
}

func (ps *ruleProblems) add(err error) {
	if len(ps.errs) == maxRuleProblems {
		ps.more = true
		return
	}
	ps.errs = append(ps.errs, err)
}

// full reports whether further problems would not be listed.
func (ps *ruleProblems) full() bool { return ps.more }

func (ps *ruleProblems) err() error {
	if ps.more {
		ps.errs = append(ps.errs, rule.New(ErrInvalidRule, fmt.Sprintf("... and more problems than the %d above; fix these and decode again", maxRuleProblems)))
	}
	switch len(ps.errs) {
	case 0:
		return nil
	case 1:
		return ps.errs[0]
	}
	var b strings.Builder
	for i, e := range ps.errs {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return &joined{msg: b.String(), errs: ps.errs}
}

// joined is errors.Join with its message built once: a Compile that wraps
// and joins the problems of many rules asks for it again and again.
type joined struct {
	msg  string
	errs []error
}

func (e *joined) Error() string   { return e.msg }
func (e *joined) Unwrap() []error { return e.errs }

// ruleCategories parses a rule's category list.
func ruleCategories(list []string, ps *ruleProblems) pii.Set {
	var s pii.Set
	bad := listProblems{ps: ps, field: "categories"}
	for i, text := range list {
		if ps.full() {
			break
		}
		g, err := parseSet(text)
		if err != nil {
			bad.add(i, func() error { return rule.New(ErrInvalidRule, err.Error()) })
			continue
		}
		s = s.Union(g)
	}
	bad.close()
	return s
}

// maxListProblems is the most problems listed for the elements of one
// list of a rule; the others are counted.
const maxListProblems = 3

// listProblems reports the bad elements of one list of a rule: the first
// maxListProblems, then how many more.
type listProblems struct {
	ps    *ruleProblems
	field string
	n     int
}

// add notes that element i is bad; the error is made only if listed.
func (l *listProblems) add(i int, err func() error) {
	if l.n++; l.n <= maxListProblems {
		l.ps.add(fieldErr(l.field+"["+strconv.Itoa(i)+"]", err()))
	}
}

func (l *listProblems) close() {
	if more := l.n - maxListProblems; more > 0 {
		l.ps.add(fieldErr(l.field, rule.New(ErrInvalidRule, fmt.Sprintf("%d more bad elements", more))))
	}
}

// parseSet is pii.ParseSet without suggestions for unknown keys, which
// cost a search of the taxonomy each.
func parseSet(text string) (pii.Set, error) {
	var out pii.Set
	if strings.TrimSpace(text) == "" {
		return out, nil
	}
	for part := range strings.SplitSeq(text, ",") {
		k := strings.TrimSpace(part)
		if c, ok := pii.Lookup(k); ok {
			out = out.Union(pii.Of(c))
			continue
		}
		if !pii.IsGroup(k) {
			return pii.Set{}, &pii.UnknownKeyError{Key: k}
		}
		g, err := pii.Group(k)
		if err != nil {
			return pii.Set{}, err
		}
		out = out.Union(g)
	}
	return out, nil
}

// triggerNamed returns the trigger named name, without making an error
// when there is none.
func triggerNamed(name string) (Trigger, bool) {
	for t := Collected; t.Valid(); t++ {
		if t.String() == name {
			return t, true
		}
	}
	return 0, false
}

// ruleEndings parses a rule's ending triggers.
func ruleEndings(list []string, ps *ruleProblems) Triggers {
	var set Triggers
	bad := listProblems{ps: ps, field: "ends_on"}
	for i, name := range list {
		if ps.full() {
			break
		}
		t, ok := triggerNamed(name)
		if !ok {
			bad.add(i, func() error { return t.UnmarshalText([]byte(name)) })
			continue
		}
		if !t.Ends() {
			bad.add(i, func() error { return rule.New(ErrInvalidRule, fmt.Sprintf("%v starts a period; it cannot end one", t)) })
			continue
		}
		set |= TriggerSet(t)
	}
	bad.close()
	if list != nil && len(list) == 0 {
		ps.add(fieldErr("ends_on", rule.New(ErrInvalidRule, "an empty list; omit the field to end on every deletion trigger of PIPL art. 47")))
	}
	return set
}

// MarshalJSON encodes r's policy-file form (without ID and Purposes), the
// inverse of DecodeRule.
func (r Rule) MarshalJSON() ([]byte, error) {
	j := ruleJSON{MinimumCites: r.MinimumCites, Cites: r.Cites, Categories: r.Categories.Keys()}
	str := func(p Period) string {
		if p.IsZero() {
			return ""
		}
		return p.String()
	}
	j.Keep, j.Grace, j.Minimum, j.Maximum = str(r.Keep), str(r.Grace), str(r.Minimum), str(r.Maximum)
	if r.From.Valid() {
		j.From = r.From.String()
	}
	if r.EndsOn != 0 {
		for _, t := range r.EndsOn.List() {
			j.EndsOn = append(j.EndsOn, t.String())
		}
	}
	if r.Action.Valid() {
		j.Action = r.Action.String()
	}
	return json.Marshal(j)
}

func fieldErr(field string, err error) error { return &fieldError{field, err} }

type fieldError struct {
	field string
	err   error
}

func (e *fieldError) Error() string { return e.field + ": " + e.err.Error() }
func (e *fieldError) Unwrap() error { return e.err }

// normalise fills r's defaults.
func (r Rule) normalise() Rule {
	if r.From == 0 {
		r.From = Collected
	}
	if r.EndsOn == 0 {
		r.EndsOn = AllEndings
	}
	if r.Action == 0 {
		r.Action = Delete
	}
	r.Purposes = slices.Clone(r.Purposes)
	return r
}

// validate checks a normalised rule against reg and returns every problem.
func (r *Rule) validate(reg *purpose.Registry) []error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, fieldErr(field, rule.New(ErrInvalidRule, fmt.Sprintf(format, args...))))
	}
	if r.ID == "" {
		bad("id", "a rule needs an ID")
	}
	for _, f := range []struct {
		name string
		p    Period
	}{{"keep", r.Keep}, {"grace", r.Grace}, {"minimum", r.Minimum}, {"maximum", r.Maximum}} {
		if !f.p.IsZero() && !f.p.Valid() {
			errs = append(errs, fieldErr(f.name, rule.New(ErrInvalidPeriod, fmt.Sprintf("%+v has a negative component or one above 10000", f.p))))
		}
	}
	if !r.From.Valid() {
		bad("from", "%v is not a trigger", r.From)
	}
	if r.EndsOn&^endings != 0 {
		bad("ends_on", "only purpose_achieved, consent_withdrawn, account_closed, deletion_requested, service_terminated and objected end a period")
	}
	if !r.Action.Valid() {
		bad("action", "%v is neither delete nor anonymise", r.Action)
	}
	if r.From != Collected && r.Keep.IsZero() {
		bad("from", "%v counts a keep period, but the rule has none", r.From)
	}
	if !r.Minimum.IsZero() && strings.TrimSpace(r.MinimumCites) == "" {
		bad("minimum_cites", "a legal minimum must cite the law that sets it (e.g. \"Cybersecurity Law art. 21(3)\")")
	}
	if !r.Minimum.IsZero() && !r.Maximum.IsZero() && longer(r.Minimum, r.Maximum) {
		bad("minimum", "the minimum %v is longer than the maximum %v", r.Minimum, r.Maximum)
	}
	if len(r.Purposes) == 0 {
		bad("purposes", "the rule covers no purpose")
	}
	var declared pii.Set
	for _, id := range r.Purposes {
		c, ok := reg.Lookup(id)
		if !ok {
			bad("purposes", "purpose %q is not declared in the policy", id)
			continue
		}
		declared = declared.Union(c.Categories())
	}
	if r.Categories.IsEmpty() {
		r.Categories = declared
	} else if extra := r.Categories.Minus(declared); !extra.IsEmpty() && len(errs) == 0 {
		bad("categories", "%v are not categories of the rule's purposes", extra)
	}
	return errs
}
