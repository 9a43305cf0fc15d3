package purpose

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/lawfulgo/lawful/pii"
)

// validate checks everything Compile requires and records each problem.
// It stops once ps is truncated (see MaxProblems), so that its work stays
// proportional to the policy, not to its problems.
func validate(p *Policy, ps *problems) {
	c := newChecker(p, len(p.Purposes), ps)
	for i := range p.Purposes {
		if ps.truncated {
			return
		}
		c.purpose(&p.Purposes[i], i)
	}
}

// checker checks purposes one by one against what the policy declares as
// a whole, so that a policy file can be checked as it is decoded.
type checker struct {
	regimes   []pii.Law // valid and distinct: each purpose is checked once under each
	served    map[pii.Law]bool
	retention map[string]bool
	seen      map[ID]bool
	ps        *problems
}

func (c *checker) purpose(p *Purpose, i int) {
	validatePurpose(p, i, c.regimes, c.served, c.retention, c.seen, c.ps)
}

// newChecker checks p's regimes and retention statements and that it
// declares some purposes (it has n), and returns the checker for each.
func newChecker(p *Policy, n int, ps *problems) *checker {
	const where = "policy"
	c := &checker{served: map[pii.Law]bool{}, retention: map[string]bool{}, seen: map[ID]bool{}, ps: ps}
	if len(p.Regimes) == 0 {
		ps.add(where, "regimes", rule(ErrMissingField, `declare the regimes the policy serves, e.g. ["pipl"] or ["pipl", "gdpr"]`))
	}
	for i, l := range p.Regimes {
		if ps.truncated {
			return c
		}
		switch {
		case !l.Valid():
			ps.add(where, fmt.Sprintf("regimes[%d]", i), rule(ErrInvalidValue, fmt.Sprintf("unknown regime %v; want pipl or gdpr", l)))
		case c.served[l]:
			ps.add(where, fmt.Sprintf("regimes[%d]", i), rule(ErrInvalidValue, fmt.Sprintf("regime %v listed twice", l)))
		default:
			c.regimes = append(c.regimes, l)
		}
		c.served[l] = true
	}
	if n == 0 {
		ps.add(where, "purposes", rule(ErrMissingField, "declare at least one purpose"))
	}
	if p.Individuals < 0 || p.Individuals > MaxIndividuals {
		ps.add(where, "individuals", rule(ErrInvalidValue, fmt.Sprintf("individuals %d: want the number of people, 0 to %d", p.Individuals, int64(MaxIndividuals))))
	}
	for i, r := range p.Retention {
		if ps.truncated {
			return c
		}
		w := fmt.Sprintf("retention %q", r.ID)
		if r.ID == "" {
			w = fmt.Sprintf("retention[%d]", i)
			ps.add(w, "id", rule(ErrMissingField, "a retention statement needs an id that purposes reference"))
		} else if c.retention[r.ID] {
			ps.add(w, "id", rule(ErrInvalidValue, "retention id defined twice"))
		}
		c.retention[r.ID] = true
		if r.Summary.IsZero() {
			ps.add(w, "summary", rule(ErrMissingField, "state the retention period people are told (NDSMR art. 21(3))"))
		}
	}
	return c
}

func purposeWhere(id ID, i int) string {
	if id == "" {
		return fmt.Sprintf("purposes[%d]", i)
	}
	return fmt.Sprintf("purpose %q", string(id))
}

func validatePurpose(p *Purpose, i int, regimes []pii.Law, served map[pii.Law]bool, retention map[string]bool, seen map[ID]bool, ps *problems) {
	where := purposeWhere(p.ID, i)
	if err := p.ID.Validate(); err != nil {
		ps.add(where, "id", err)
	} else if seen[p.ID] {
		ps.add(where, "id", rule(ErrDuplicatePurpose, fmt.Sprintf("purpose %q is declared more than once; give each purpose one entry and use versions for changes", string(p.ID))))
	}
	seen[p.ID] = true
	if p.Name.IsZero() {
		ps.add(where, "name", rule(ErrMissingField, "a purpose needs a name people can read (PIPL art. 17)"))
	}

	validateVersions(p.Versions, where, ps)

	if p.Required.IsEmpty() && p.Optional.IsEmpty() {
		ps.add(where, "categories", rule(ErrMissingField, "declare the categories the purpose processes (PIPL arts. 6, 17)"))
	}
	if both := p.Required.Intersect(p.Optional); !both.IsEmpty() {
		ps.add(where, "categories", rule(ErrInvalidValue, fmt.Sprintf("categories %v are both required and optional; list each once", both)))
	}
	if p.Operations.Len() == 0 {
		ps.add(where, "operations", rule(ErrMissingField, "declare the operations the purpose performs (collect, use, store, ...)"))
	}
	switch {
	case p.Retention == "":
		ps.add(where, "retention", rule(ErrMissingField, "reference the retention statement for this purpose's data (NDSMR art. 21(3))"))
	case !retention[p.Retention]:
		ps.add(where, "retention", rule(ErrUnknownRetention, fmt.Sprintf("retention %q is not defined in the policy's retention list", p.Retention)))
	}

	// The bases are checked before the recipients and reported after them:
	// a GB/T 35273 item that fails as a ground is one problem, so sharing
	// on it is not also reported as lacking a recipient (no recipient would
	// make it a ground to share on; PIPL art. 13).
	bases := problems{skip: ps.skip}
	gbtFailed := false
	for _, l := range regimes {
		legal, field := p.Basis, "basis"
		if o, ok := p.BasisUnder[l]; ok {
			legal, field = o, "bases."+strings.ToLower(l.String())
		}
		n := len(bases.list)
		validateLegal(p, legal, l, where, field, &bases)
		gbtFailed = gbtFailed || isGBT(legal.Basis) && len(bases.list) > n
	}

	validateRecipients(p, where, ps, gbtFailed)

	for _, l := range slices.Sorted(maps.Keys(p.BasisUnder)) {
		if !served[l] {
			ps.add(where, "bases."+strings.ToLower(l.String()), rule(ErrInvalidValue, fmt.Sprintf("basis given for %v, which the policy does not serve", l)))
		}
	}
	ps.merge(bases)
}

func validateVersions(vs []Version, where string, ps *problems) {
	if len(vs) == 0 {
		ps.add(where, "versions", rule(ErrInvalidVersion, "declare at least version 1"))
		return
	}
	prev := 0
	for i, v := range vs {
		if ps.truncated {
			return
		}
		field := fmt.Sprintf("versions[%d]", i)
		switch {
		case v.Number < 1:
			ps.add(where, field, rule(ErrInvalidVersion, fmt.Sprintf("version %d: version numbers start at 1", v.Number)))
		case v.Number > MaxVersion:
			ps.add(where, field, rule(ErrInvalidVersion, fmt.Sprintf("version %d: version numbers run to %d", v.Number, MaxVersion)))
		case v.Number <= prev:
			ps.add(where, field, rule(ErrInvalidVersion, fmt.Sprintf("version %d follows version %d: list versions in strictly increasing order", v.Number, prev)))
		}
		prev = max(prev, v.Number)
	}
}

// providing maps each operation that provides PI to the roles that may
// receive through it, and the rule that needs the recipient declared.
var providing = []struct {
	op    Operation
	roles []Role
	cite  string
}{
	{Share, []Role{Independent, Affiliate, Joint, Authority}, "PIPL arts. 13(1)(3), 23"},
	{Entrust, []Role{Entrusted}, "PIPL art. 21"},
	{Transfer, []Role{Successor}, "PIPL art. 22"},
}

// validateVia checks a sub-processor's link: Via names an Entrusted
// recipient of the purpose, and the sub-processor is itself entrusted
// (PIPL art. 21).
func validateVia(p *Purpose, r Recipient, where, field string, ps *problems) {
	switch {
	case r.Via == "" && r.Approved:
		ps.add(where, field+".approved", rule(ErrInvalidValue, fmt.Sprintf("recipient %q is approved as a sub-processor but names no entrusted party it receives through (via)", r.Name)))
	case r.Via == "":
	case r.Role != Entrusted:
		ps.add(where, field+".role", rule(ErrInvalidValue, fmt.Sprintf("recipient %q receives via %q, so it is a sub-processor: give it the role entrusted (PIPL art. 21)", r.Name, r.Via)))
	case !slices.ContainsFunc(p.Recipients, func(x Recipient) bool { return x.Name == r.Via && x.Role == Entrusted && x.Via == "" }):
		ps.add(where, field+".via", rule(ErrInvalidValue, fmt.Sprintf("recipient %q receives via %q, which is not an entrusted recipient of this purpose", r.Name, r.Via)))
	}
}

// validateRecipients checks the recipients of p against its operations.
// With gbtFailed, a share without a recipient is not reported: the purpose's
// GB/T basis has already failed as a ground.
func validateRecipients(p *Purpose, where string, ps *problems, gbtFailed bool) {
	names := map[string]bool{}
	overseas := false
	if len(p.Recipients) > MaxRecipients {
		ps.add(where, "recipients", rule(ErrInvalidValue, fmt.Sprintf("%d recipients: at most %d per purpose; split the purpose or group recipients of one role", len(p.Recipients), MaxRecipients)))
		return
	}
	for i, r := range p.Recipients {
		if ps.truncated {
			return
		}
		field := fmt.Sprintf("recipients[%d]", i)
		if r.Name == "" {
			ps.add(where, field+".name", rule(ErrMissingField, "a recipient needs a name (PIPL art. 23: tell people who receives their data)"))
		} else if names[r.Name] {
			ps.add(where, field+".name", rule(ErrInvalidValue, fmt.Sprintf("recipient %q is listed twice", r.Name)))
		}
		names[r.Name] = true
		if !r.Role.Valid() {
			ps.add(where, field+".role", rule(ErrMissingField, fmt.Sprintf("recipient %q needs a role: entrusted, independent, affiliate, joint or successor", r.Name)))
		}
		if r.Country != "" && !isCountryCode(r.Country) {
			ps.add(where, field+".country", rule(ErrInvalidValue, fmt.Sprintf("country %q: want an ISO 3166-1 alpha-2 code such as \"SG\"", r.Country)))
		}
		switch {
		case r.Overseas() && !r.Mechanism.Valid():
			ps.add(where, field+".mechanism", rule(ErrCrossBorder, fmt.Sprintf("overseas recipient %q needs a cross-border mechanism: security_assessment, certification or standard_contract (PIPL art. 38), or a GDPR chapter V mechanism", r.Name)))
		case !r.Overseas() && r.Mechanism.Valid():
			ps.add(where, field+".country", rule(ErrCrossBorder, fmt.Sprintf("recipient %q has a cross-border mechanism but no country; set its ISO country code", r.Name)))
		}
		overseas = overseas || r.Overseas()
		validateVia(p, r, where, field, ps)
	}
	// Domestic recipients receive through Share, Entrust or Transfer;
	// overseas ones through Export, whatever their role.
	hasRole := func(roles []Role) bool {
		return slices.ContainsFunc(p.Recipients, func(r Recipient) bool { return !r.Overseas() && slices.Contains(roles, r.Role) })
	}
	for _, pr := range providing {
		declared := p.Operations.Has(pr.op)
		switch {
		case declared && !hasRole(pr.roles) && !(gbtFailed && pr.op == Share):
			ps.add(where, "recipients", rule(ErrUndeclaredRecipient, fmt.Sprintf("operation %v needs a declared recipient with role %s (%s)", pr.op, rolesText(pr.roles), pr.cite)))
		case !declared && hasRole(pr.roles):
			ps.add(where, "operations", rule(ErrUndeclaredRecipient, fmt.Sprintf("a recipient with role %s is declared but the purpose does not declare %v", rolesText(pr.roles), pr.op)))
		}
	}
	switch {
	case p.Operations.Has(Export) && !overseas:
		ps.add(where, "recipients", rule(ErrCrossBorder, "operation export needs an overseas recipient with country and mechanism (PIPL arts. 38, 39)"))
	case !p.Operations.Has(Export) && overseas:
		ps.add(where, "operations", rule(ErrCrossBorder, "an overseas recipient is declared but the purpose does not declare export (PIPL arts. 38, 39)"))
	}
}

func rolesText(rs []Role) string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = r.String()
	}
	return strings.Join(s, " or ")
}

func isCountryCode(s string) bool {
	return len(s) == 2 && 'A' <= s[0] && s[0] <= 'Z' && 'A' <= s[1] && s[1] <= 'Z'
}

func validateLegal(p *Purpose, legal Legal, law pii.Law, where, field string, ps *problems) {
	b := legal.Basis
	if !b.Valid() {
		ps.add(where, field, rule(ErrMissingField, fmt.Sprintf("declare a legal basis under %v, e.g. consent or legal_duty", law)))
		return
	}
	if !b.RecognisedBy(law) {
		msg := fmt.Sprintf("basis %q is not a ground under %v", b, law)
		switch {
		case law == pii.PIPL && b == GBTAcademicResearch:
			msg += " (GB/T 35273-2020 §5.6(k) maps to no PIPL art. 13 ground): rely on consent, cite a law under other_law, or process anonymised data"
		case law == pii.PIPL && isGBT(b):
			msg += " (PIPL art. 13)"
		case law == pii.PIPL:
			msg += " (PIPL art. 13(1) lists the only grounds; there is no legitimate-interest ground)"
		case isGBT(b):
			msg += " (GB/T 35273 is a PRC standard; use a GDPR art. 6(1) basis under bases.gdpr)"
		default:
			msg += " (GDPR art. 6(1) lists the grounds)"
		}
		ps.add(where, field, rule(ErrNoStatutoryBasis, msg))
		return
	}
	if b.Conditions()&NeedsCitedLaw != 0 {
		validateCites(legal, law, where, field, ps)
	}
	if extra := p.Operations.Minus(b.Operations()); extra != 0 {
		why := "GB/T 35273-2020 §9.5 lists it for collect and use only"
		if b == Succession {
			why = "PIPL art. 22 covers transfer to a successor only"
		}
		ps.add(where, field, rule(ErrOperationNotPermitted, fmt.Sprintf("basis %q cannot justify %v: %s", b, extra, why)))
	}
	switch law {
	case pii.GDPR:
		all := p.Required.Union(p.Optional)
		criminal := criminalOffence(all)
		special := all.Sensitive(pii.GDPR).Minus(criminal)
		if !special.IsEmpty() && !legal.Special.Valid() {
			ps.add(where, field+".special", rule(ErrSpecialCategory, fmt.Sprintf("categories %v are special under GDPR art. 9(1); add an art. 9(2) condition such as explicit_consent", special)))
		}
		if !criminal.IsEmpty() && b.Ground(law) == Consent {
			ps.add(where, field, rule(ErrCriminalOffenceData, fmt.Sprintf("categories %v are data on criminal convictions and offences: GDPR art. 10 allows them only under official authority or where Union or Member State law authorises it, never on consent, even explicit; rely on legal_duty or public_task citing that law", criminal)))
		}
	default:
		if legal.Special.Valid() {
			ps.add(where, field+".special", rule(ErrSpecialCategory, fmt.Sprintf("art. 9(2) conditions are GDPR-only; under %v give them in bases.gdpr", law)))
		}
	}
}

// criminalOffence returns the categories of s that are data on criminal
// convictions and offences under GDPR art. 10.
func criminalOffence(s pii.Set) pii.Set {
	var out pii.Set
	for c := range s.All() {
		if c.Sensitivity(pii.GDPR) == pii.CriminalOffence {
			out = out.With(c)
		}
	}
	return out
}
