package controller

import (
	"fmt"
	"strings"
	"time"

	"github.com/lawfulgo/lawful/purpose"
)

// Text renders the report for people, in lang for the names that have
// one; times in loc (nil: UTC). The output is not a stable format.
func (rep *Report) Text(lang purpose.Lang, loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	ts := func(t time.Time) string {
		if t.IsZero() {
			return "none fixed"
		}
		return t.In(loc).Format("2006-01-02 15:04 MST")
	}
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	p("Report of %s as of %s", rep.Profile.Name.In(lang), ts(rep.At))
	p("Contact: %s; officer: %s %s", rep.Profile.Contact, rep.Profile.Officer.Name.In(lang), rep.Profile.Officer.Contact)
	p("\nGaps (%d)", len(rep.Gaps))
	for _, g := range rep.Gaps {
		p("  - %s (%s) %s", g.Duty, g.Cite, g.Detail)
	}
	p("\nRecords of processing (GDPR art. 30; PIPL art. 56): %d purposes", len(rep.Records))
	for _, r := range rep.Records {
		p("  %s %s; basis %s; categories %s; retention %s", r.Purpose, r.Name.In(lang), strings.Join(r.Bases, ", "), strings.Join(r.Categories, ","), r.Retention.In(lang))
		for _, x := range r.Recipients {
			p("    recipient %s (%s) %s %s", x.Name, x.Role, x.Country, x.Mechanism)
		}
	}
	p("\nDisclosures per recipient, %s to %s", ts(rep.From), ts(rep.To))
	for _, d := range rep.Disclosures {
		p("  %s %s %s: %d records, %d people", d.Recipient, d.Purpose, d.Operation, d.Records, d.People)
	}
	p("\nExports, %s to %s; PIPL counted in %d: %d people, %d people's sensitive PI", ts(rep.From), ts(rep.To), rep.ExportYear, rep.ExportGeneral, rep.ExportSensitive)
	for _, e := range rep.Exports {
		p("  %v %s (%s) by %s: %d exports, %d people", e.Law, e.Recipient, e.Country, e.Mechanism, e.Exports, e.People)
	}
	p("\nOpen incidents (%d)", len(rep.Incidents))
	for _, in := range rep.Incidents {
		p("  %s discovered %s, %s, grade %s, %d people", in.ID, ts(in.Discovered), in.Nature, in.Grade, in.People)
		for _, c := range in.Clocks {
			late := ""
			if c.Overdue {
				late = " OVERDUE"
			}
			p("    %s to %s due %s%s (%s)", c.Duty, c.Audience, ts(c.Due), late, c.Cite)
		}
	}
	p("\nCompliance audit: last %s by %s; next due %s (%s)", ts(rep.Audit.Last.Completed), rep.Audit.Last.Auditor, ts(rep.Audit.Next), rep.Audit.Cite)
	if len(rep.Missing) > 0 {
		p("\nNot reported (no source): %s", strings.Join(rep.Missing, ", "))
	}
	return b.String()
}
