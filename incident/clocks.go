package incident

import "time"

// Citations of the clocks, stable text.
const (
	citeReporting     = "National Cybersecurity Incident Reporting Measures art. 4"
	citePIPL57        = "PIPL art. 57 para 1"
	citeNDSMR10       = "Network Data Security Management Regulations art. 10"
	citeGDPR33        = "GDPR art. 33(1)"
	citeGDPR34        = "GDPR art. 34(1)"
	citeMOR35         = "Regulations on the Protection of Minors Online art. 35"
	citePIPL57Ordered = "PIPL art. 57 para 2 (authority's order)"
	citeGDPR34Ordered = "GDPR art. 34(4) (authority's order)"
)

// Clocks returns the incident's notification duties under p and r, each
// with its deadline and how it was met. See AppendClocks.
func (inc *Incident) Clocks(p Profile, r Rules) []Clock {
	return inc.AppendClocks(make([]Clock, 0, 8), p, r)
}

// AppendClocks appends the incident's clocks to dst and returns it; it
// allocates nothing when dst has room (8 clocks suffice for any incident).
//
// Under the PIPL (Laws has PIPL):
//   - an incident graded r.ReportFrom or above, or not yet graded when
//     r.AssumeReportable, is reported within the operator's hours of its
//     discovery: an Ordinary operator to the provincial cyberspace
//     administration (4 h), a CIIOperator to the protection department
//     and public security (1 h each), a StateOrgan to its department's
//     cyber unit (2 h) (Reporting Measures art. 4);
//   - the PI protection department is always notified (PIPL art. 57; an
//     Ordinary operator's report above is that notice), by r.Authority if
//     set;
//   - a NationalSecurity incident is reported to the competent department
//     within r.Vulnerability (24 h) of discovery (NDSMR art. 10);
//   - individuals are told unless exempted (PIPL art. 57 para 2), and the
//     guardians of minors too, with no exemption (MOR art. 35).
//
// Under the GDPR (Laws has GDPR), from awareness (Incident.Aware):
//   - the supervisory authority within r.Supervisor (72 h) unless the risk
//     is assessed RiskUnlikely (art. 33(1));
//   - individuals when the risk is RiskHigh, unless exempted (art. 34).
//
// An authority's order (Ordered) restarts the individual clock of its
// regime at the order, with the order's deadline.
func (inc *Incident) AppendClocks(dst []Clock, p Profile, r Rules) []Clock {
	start := len(dst)
	if inc.Laws.Has(PIPL) {
		dst = inc.piplClocks(dst, p, r)
	}
	if inc.Laws.Has(GDPR) {
		dst = inc.gdprClocks(dst, r)
	}
	for i := start; i < len(dst); i++ {
		inc.meet(&dst[i])
	}
	return dst
}

func (inc *Incident) piplClocks(dst []Clock, p Profile, r Rules) []Clock {
	d := inc.Discovered
	provisional := inc.Grade == GradeUnknown
	reportable := inc.Grade >= r.ReportFrom || provisional && r.AssumeReportable
	hour := func(aud Audience, limit time.Duration) Clock {
		return Clock{Duty: ReportIncident, Audience: aud, Law: PIPL, Cite: citeReporting, Start: d, Due: d.Add(limit), Provisional: provisional}
	}
	authority := Clock{Duty: NotifyAuthority, Audience: ProvincialCAC, Law: PIPL, Cite: citePIPL57, Start: d, Due: after(d, r.Authority)}
	switch {
	case reportable && p.Operator == CIIOperator:
		dst = append(dst, hour(ProtectionDepartment, r.CII), hour(PublicSecurity, r.CII), authority)
	case reportable && p.Operator == StateOrgan:
		dst = append(dst, hour(DepartmentCyberUnit, r.StateOrgan), authority)
	case reportable:
		c := hour(ProvincialCAC, r.Ordinary)
		c.Cite = citeReporting + "; " + citePIPL57
		dst = append(dst, c)
	default:
		dst = append(dst, authority)
	}
	if inc.NationalSecurity {
		dst = append(dst, Clock{Duty: ReportVulnerability, Audience: CompetentDepartment, Law: PIPL, Cite: citeNDSMR10, Start: d, Due: d.Add(r.Vulnerability)})
	}
	people := Clock{Duty: NotifyIndividuals, Audience: Individuals, Law: PIPL, Cite: citePIPL57, Start: d, Due: after(d, r.Individuals)}
	if o, ok := inc.order(PIPL); ok {
		people.Cite, people.Start, people.Due = citePIPL57Ordered, o.At, o.Due
	}
	people.Exempted = inc.exempt(PIPL)
	dst = append(dst, people)
	if inc.Minors {
		// MOR art. 35 has no exemption like PIPL art. 57 para 2's: the
		// guardians are told whatever the measures achieved.
		dst = append(dst, Clock{Duty: NotifyGuardians, Audience: Guardians, Law: PIPL, Cite: citeMOR35, Start: d, Due: after(d, r.Individuals)})
	}
	return dst
}

func (inc *Incident) gdprClocks(dst []Clock, r Rules) []Clock {
	aware := inc.Aware(r.AwareOnConfirm)
	if aware.IsZero() {
		return dst // a possible breach not yet confirmed: no awareness yet
	}
	if inc.Risk != RiskUnlikely {
		dst = append(dst, Clock{Duty: NotifySupervisor, Audience: SupervisoryAuthority, Law: GDPR, Cite: citeGDPR33,
			Start: aware, Due: aware.Add(r.Supervisor), Provisional: inc.Risk == RiskUnknown})
	}
	o, ordered := inc.order(GDPR)
	if inc.Risk != RiskHigh && !ordered {
		return dst
	}
	people := Clock{Duty: NotifyIndividuals, Audience: Individuals, Law: GDPR, Cite: citeGDPR34, Start: aware, Due: after(aware, r.Individuals)}
	if ordered {
		people.Cite, people.Start, people.Due = citeGDPR34Ordered, o.At, o.Due
	}
	people.Exempted = inc.exempt(GDPR)
	return append(dst, people)
}

// after returns t+d, or the zero time for no fixed deadline (d == 0).
func after(t time.Time, d time.Duration) time.Time {
	if d == 0 {
		return time.Time{}
	}
	return t.Add(d)
}

// meet fills c's Met and Complete from the notices: the first notice to
// c's audience (a Public one that says why individual notice is
// impractical counts for individuals and guardians) meets it; a complete
// one completes it.
func (inc *Incident) meet(c *Clock) {
	for i := range inc.Notices {
		n := &inc.Notices[i]
		if !satisfies(n, c.Audience) {
			continue
		}
		if c.Met.IsZero() || n.At.Before(c.Met) {
			c.Met = n.At
		}
		if !n.Partial {
			c.Complete = true
		}
	}
}

func satisfies(n *Sent, aud Audience) bool {
	if n.Audience == aud {
		return true
	}
	return n.Audience == Public && (aud == Individuals || aud == Guardians) && !n.Notice.Impractical.IsZero()
}
