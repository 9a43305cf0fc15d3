package purpose

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"github.com/lawfulgo/lawful/pii"
)

// hasText reports whether s holds a letter or a digit: "", "[ ]" and "-"
// are placeholders, not a name or a contact.
func hasText(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) })
}

// cites joins the provisions of the regimes the policy serves.
func (l *linter) cites(pipl, gdpr string) string {
	var out []string
	if l.served[pii.PIPL] || !l.served[pii.GDPR] {
		out = append(out, pipl)
	}
	if l.served[pii.GDPR] && gdpr != "" {
		out = append(out, gdpr)
	}
	return strings.Join(out, "; ")
}

// controller: people are told who the controller is and how to reach it
// (PIPL art. 17(1)(1); GDPR art. 13(1)(a)).
func (l *linter) controller() {
	c := l.p.Controller
	var missing []string
	if !hasText(c.Name.EN) && !hasText(c.Name.ZH) {
		missing = append(missing, "name")
	}
	if !hasText(c.Contact) {
		missing = append(missing, "contact")
	}
	if len(missing) == 0 {
		return
	}
	cites := l.cites("PIPL art. 17(1)(1)", "GDPR art. 13(1)(a)")
	l.add("controller.contact", SeverityError, "policy", "controller."+missing[0], cites, ErrNoControllerContact,
		fmt.Sprintf("the policy gives no controller %s: people must be told the processor's name and contact details (%s); set controller.name and controller.contact, e.g. a privacy e-mail address", strings.Join(missing, " and no "), cites))
}

// officer: a processor handling the PI of at least the CAC's number of
// individuals names a protection officer and publishes the contact (PIPL
// art. 52).
func (l *linter) officer() {
	if !l.served[pii.PIPL] || hasText(l.p.Officer.Contact) {
		return
	}
	const cites = "PIPL art. 52"
	switch n := l.p.Individuals; {
	case n >= l.opts.OfficerThreshold:
		l.add("officer.missing", SeverityError, "policy", "officer", cites, ErrNoOfficer,
			fmt.Sprintf("the policy handles the personal information of %d individuals, at least the %d from which a personal-information protection officer must be designated and the officer's contact published (%s); set officer.name and officer.contact", n, l.opts.OfficerThreshold, cites))
	case n <= 0:
		l.add("officer.volume_unknown", SeverityInfo, "policy", "individuals", cites, ErrNoOfficer,
			fmt.Sprintf("the policy names no personal-information protection officer and does not say how many individuals' personal information it handles, so whether one is required (%s, from %d individuals) is not checked; set individuals, or officer", cites, l.opts.OfficerThreshold))
	}
}

// children: a processor of children's PI has dedicated rules for it (PIPL
// art. 31 para 2; CPIP art. 8). A policy whose service purposes are all
// adults_only processes none on purpose; its legal duties, emergencies and
// successions serve no one by choice and do not count.
func (l *linter) children() {
	if !l.served[pii.PIPL] || hasText(l.p.ChildrensRules) {
		return
	}
	for i := range l.p.Purposes {
		d := &l.p.Purposes[i]
		legal := d.Basis
		if o, ok := d.BasisUnder[pii.PIPL]; ok {
			legal = o
		}
		if legal.Basis.Conditions()&(NeedsCitedLaw|NeedsEmergency|NeedsSuccessorRecipient) != 0 {
			continue // a duty, an emergency or a succession serves no one by choice
		}
		if !d.Traits.Has(AdultsOnly) {
			const cites = "PIPL art. 31 para 2; CPIP art. 8"
			l.add("children.rules", SeverityWarning, "policy", "childrens_rules", cites, ErrNoChildrensRules,
				fmt.Sprintf("purpose %q is not adults_only, so children under 14 may use it, and the policy references no dedicated rules for processing their personal information (%s): publish them and reference them in childrens_rules, or mark every purpose adults_only", string(d.ID), cites))
			return
		}
	}
}

var (
	// openEnded: retention stated only as "as long as necessary".
	openEnded = regexp.MustCompile(`(?i)as long as [^.;]{0,60}\b(necessary|needs?|needed|required)\b|for as long as|(shortest|minimum) (period|time)|period (of time )?(necessary|needed|required)|necessary period|no longer than (is )?(necessary|needed|the period)|reasonabl[ey] (necessary|period)|reasonable and necessary|(必需|必要|所需)的?(最短)?(期限|期间|时间|时限)|最短(的)?(期限|期间|时间)|合理(的)?(必要)?(期限|期间)|合理必要`)
	// duration: a stated period: "6 months", "three years", "十五个工作日".
	duration = regexp.MustCompile(`(?i)\b\d+\s*(working\s+)?(days?|weeks?|months?|years?)\b|\b(one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|thirty|sixty|ninety)\s+(working\s+)?(days?|weeks?|months?|years?)\b|[0-9一二三四五六七八九十百两]+\s*个?(工作日|日|天|周|星期|月|年)`)
)

// openEndedRetention reports whether r gives neither a period nor a way
// to determine one: its summary says only "as long as necessary", and its
// rule (if any) fixes no period and ends only when the purpose is achieved.
// A rule without ends_on ends on every ending event (account closed,
// consent withdrawn, ...), which determines the period.
func openEndedRetention(r Retention) bool {
	if !openEnded.MatchString(r.Summary.EN) && !openEnded.MatchString(r.Summary.ZH) {
		return false
	}
	if duration.MatchString(r.Summary.EN) || duration.MatchString(r.Summary.ZH) {
		return false
	}
	raw := bytes.TrimSpace(r.Rule)
	if len(raw) == 0 || string(raw) == "null" {
		return true
	}
	var rj struct { // the schema of package retention's rules
		Categories   []string `json:"categories"`
		Keep         string   `json:"keep"`
		From         string   `json:"from"`
		EndsOn       []string `json:"ends_on"`
		Grace        string   `json:"grace"`
		Minimum      string   `json:"minimum"`
		MinimumCites string   `json:"minimum_cites"`
		Maximum      string   `json:"maximum"`
		Action       string   `json:"action"`
		Cites        string   `json:"cites"`
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if dec.Decode(&rj) != nil {
		return true // no rule package retention reads, so nothing determines the period
	}
	if rj.Keep != "" || rj.Maximum != "" || len(rj.EndsOn) == 0 {
		return false
	}
	for _, e := range rj.EndsOn {
		if e != "purpose_achieved" {
			return false
		}
	}
	return true
}

// retention: each statement gives the period or how it is determined
// (PIPL art. 19; NDSMR art. 21(3); GDPR art. 13(2)(a)).
func (l *linter) retention() {
	cites := l.cites("PIPL art. 19; NDSMR art. 21(3)", "GDPR art. 13(2)(a)")
	for i, r := range l.p.Retention {
		if l.full() {
			return
		}
		if !openEndedRetention(r) {
			continue
		}
		where := fmt.Sprintf("retention %q", r.ID)
		if r.ID == "" {
			where = fmt.Sprintf("retention[%d]", i)
		}
		l.add("retention.open_ended", SeverityWarning, where, "summary", cites, ErrOpenEndedRetention,
			fmt.Sprintf("%s gives no period and no way to determine one (%s): say how long, e.g. \"3 years after the account is closed\", or what ends it, and give the rule a keep, maximum or ends_on", quoteCites(r.Summary.In(EN)), cites))
	}
}

// purpose runs the per-purpose rules under each regime the policy serves.
func (l *linter) purpose(d *Purpose, i int) {
	where := purposeWhere(d.ID, i)
	l.mechanisms(d, where)
	var seen [numLaws]bool
	for _, law := range l.p.Regimes {
		if !law.Valid() || seen[law] {
			continue
		}
		seen[law] = true
		legal, field := d.Basis, "basis"
		if o, ok := d.BasisUnder[law]; ok {
			legal, field = o, "bases."+strings.ToLower(law.String())
		}
		if !legal.Basis.Valid() {
			continue
		}
		if law == pii.GDPR {
			l.criminal(d, legal, where, field)
		}
		if legal.Basis.Conditions()&NeedsCitedLaw != 0 && strings.TrimSpace(legal.Cites) != "" {
			l.citation(legal, law, where, field+".cites")
		}
	}
}

// mechanisms: an overseas recipient's mechanism is one the policy's
// regimes provide (PIPL art. 38; GDPR chapter V).
func (l *linter) mechanisms(d *Purpose, where string) {
	alternatives := map[pii.Law]string{
		pii.PIPL: "security_assessment, certification or standard_contract (PIPL art. 38), or an NDSMR art. 35 exemption",
		pii.GDPR: "adequacy, safeguard_clauses, binding_corporate_rules or derogation (GDPR arts. 45-49)",
	}
	for j, r := range d.Recipients {
		if l.full() {
			return
		}
		if !r.Overseas() || !r.Mechanism.Valid() {
			continue
		}
		m, reg := r.Mechanism, r.Mechanism.Regime()
		field := fmt.Sprintf("recipients[%d].mechanism", j)
		const cites = "PIPL art. 38; GDPR arts. 44-49"
		switch {
		case !l.served[reg]:
			var use []string
			for _, law := range pii.Laws() {
				if l.served[law] {
					use = append(use, "under "+law.String()+" use "+alternatives[law])
				}
			}
			l.add("export.mechanism_regime", SeverityError, where, field, cites, ErrMechanismRegime,
				fmt.Sprintf("recipient %q: %v (%s) is a %v mechanism, and the policy does not serve %v; %s", r.Name, m, m.Citation(), reg, reg, strings.Join(use, "; ")))
		case l.served[pii.PIPL] && l.served[pii.GDPR]:
			other := pii.PIPL
			if reg == pii.PIPL {
				other = pii.GDPR
			}
			l.add("export.mechanism_regime", SeverityWarning, where, field, cites, ErrMechanismRegime,
				fmt.Sprintf("recipient %q: %v (%s) covers the transfer under %v only; the policy also serves %v, where it needs one of %s: keep a record of it", r.Name, m, m.Citation(), reg, other, alternatives[other]))
		}
	}
}

// criminal: GDPR art. 10 data rests only on official authority or a law
// authorising it. Consent is a Compile problem; other grounds are found
// here.
func (l *linter) criminal(d *Purpose, legal Legal, where, field string) {
	crim := criminalOffence(d.Required.Union(d.Optional))
	switch g := legal.Basis.Ground(pii.GDPR); {
	case crim.IsEmpty(), g == LegalDuty, g == PublicTask, g == Consent, g == BasisUnknown:
		return
	}
	l.add("gdpr.criminal_offence_data", SeverityError, where, field, "GDPR art. 10", ErrCriminalOffenceData,
		fmt.Sprintf("categories %v are data on criminal convictions and offences: GDPR art. 10 allows them only under official authority or where Union or Member State law authorises it, which basis %q is not; rely on legal_duty or public_task citing that law", crim, legal.Basis))
}

// citation lints the cites of a basis resting on a law that Compile
// accepted: an instrument outside the table, a law without an article, a
// duty resting only on a departmental rule, only another legal order's law.
func (l *linter) citation(legal Legal, law pii.Law, where, field string) {
	ground := legal.Basis.Ground(law)
	if _, bad := citesProblem(legal.Cites, ground, law); bad {
		return // a Compile problem, listed already
	}
	v := judgeCites(legal.Cites)
	text, q := groundText(ground, law), quoteCites(legal.Cites)
	cites := ground.Citation(law)
	if law == pii.GDPR {
		cites += "; GDPR art. 6(3)"
	}
	known := v.law
	if !known.Valid() {
		known = v.rule
	}
	switch {
	case !known.Valid():
		l.add("citation.unknown_instrument", SeverityWarning, where, field, cites, ErrUnknownInstrument,
			fmt.Sprintf("%s names no instrument the library knows (see purpose.Instruments), so it cannot check that it is a law with that article: check the name, or cite it as e.g. \"Cybersecurity Law art. 21(3)\" (%s)", q, text))
		return
	case !v.articled:
		l.add("citation.no_article", SeverityWarning, where, field, cites, ErrWeakCitation,
			fmt.Sprintf("%s names %s but no article: cite the provision it rests on, e.g. \"%s art. N\" (%s)", q, known.Name(EN), known, text))
	}
	if !v.law.Valid() && ground == LegalDuty && law == pii.PIPL {
		l.add("citation.departmental_rule", SeverityWarning, where, field, cites, ErrWeakCitation,
			fmt.Sprintf("%s cites only %s, a departmental rule: cite also the law or administrative regulation it implements, which imposes the duty (%s)", q, v.rule.Name(EN), text))
	}
	if v.regimes&(1<<law) == 0 {
		l.add("citation.foreign_law", SeverityWarning, where, field, cites, ErrWeakCitation,
			fmt.Sprintf("%s cites only the law of another legal order; under %v the duty rests on its own law (%s)", q, law, text))
	}
}
