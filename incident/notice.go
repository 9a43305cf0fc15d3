package incident

import (
	"strconv"
	"strings"
	"time"

	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
)

// Missing returns the items a notice to aud lacks, each with the
// provision requiring it; nil when it has them all. Register refuses to
// record a notice as sent while Missing returns any.
//
// A notice under the PIPL (to a Chinese authority, or to people, guardians
// or the public of an incident under the PIPL) needs the categories of PI
// concerned, the causes and the possible harm (PIPL art. 57 para 1(1)),
// the remedial measures and what people can do to reduce the harm (para
// 1(2)), and the processor's contact details (para 1(3)); each text in
// Chinese. The guardians of minors are told the same (MOR art. 35).
//
// A notice to the GDPR supervisory authority needs the categories and the
// approximate number of people concerned (recorded on the incident), a
// contact point, the likely consequences and the measures (art. 33(3));
// one to people of an incident under the GDPR alone needs the contact
// point, the likely consequences and the measures (art. 34(2)), in any
// language.
//
// A partial report (an initial report to an authority, completed later)
// needs only the contact details.
func (inc *Incident) Missing(aud Audience, n Notice, partial bool) []Item {
	var out []Item
	need := func(ok bool, name, cite string) {
		if !ok {
			out = append(out, Item{Name: name, Cite: cite})
		}
	}
	if partial {
		need(n.Contact != "", "contact details", "GDPR art. 33(4); PIPL art. 57 para 1(3)")
		return out
	}
	laws := aud.Law()
	if laws == 0 {
		laws = inc.Laws
	}
	cats := !n.Categories.IsEmpty() || !inc.Categories.IsEmpty()
	if laws.Has(PIPL) {
		zh := func(t purpose.Text) bool { return t.ZH != "" }
		need(cats, "the categories of personal information concerned (record them with an Affected event, or set Notice.Categories)", "PIPL art. 57 para 1(1)")
		need(zh(n.Causes), "the causes, in Chinese", "PIPL art. 57 para 1(1)")
		need(zh(n.Harm), "the harm it may cause, in Chinese", "PIPL art. 57 para 1(1)")
		need(zh(n.Measures), "the remedial measures taken, in Chinese", "PIPL art. 57 para 1(2)")
		need(zh(n.SelfHelp), "what people can do to reduce the harm, in Chinese", "PIPL art. 57 para 1(2)")
		need(n.Contact != "", "the processor's contact details", "PIPL art. 57 para 1(3)")
		return out
	}
	if aud == SupervisoryAuthority {
		need(cats, "the categories of personal data concerned", "GDPR art. 33(3)(a)")
		need(inc.Affected() > 0, "the approximate number of data subjects concerned (record an Affected event with an Estimate)", "GDPR art. 33(3)(a)")
	}
	cite := "GDPR art. 34(2) with art. 33(3)"
	if aud == SupervisoryAuthority {
		cite = "GDPR art. 33(3)"
	}
	need(n.Contact != "", "the contact point (data protection officer)", cite+"(b)")
	need(!n.Harm.IsZero(), "the likely consequences", cite+"(c)")
	need(!n.Measures.IsZero(), "the measures taken or proposed", cite+"(d)")
	return out
}

// labels of rendered text, English and Chinese.
var labels = map[string][2]string{
	"title":      {"Notice of a personal information security incident", "个人信息安全事件告知"},
	"report":     {"Report of a personal information security incident", "个人信息安全事件报告"},
	"to":         {"To", "致"},
	"from":       {"From", "发出"},
	"discovered": {"Discovered", "发现时间"},
	"occurred":   {"Began", "发生时间"},
	"what":       {"What happened", "事件概况"},
	"nature":     {"Nature", "事件性质"},
	"possible":   {"possible, not confirmed", "可能发生,尚未确认"},
	"grade":      {"Grade", "事件级别"},
	"categories": {"Personal information concerned", "涉及的个人信息种类"},
	"people":     {"People affected (approximately)", "受影响人数(约)"},
	"causes":     {"Causes", "事件原因"},
	"harm":       {"Possible harm", "可能造成的危害"},
	"measures":   {"What we have done", "已采取的补救措施"},
	"selfhelp":   {"What you can do", "您可以采取的减轻危害的措施"},
	"why":        {"Why this notice is public", "公告原因"},
	"contact":    {"Contact", "联系方式"},
	"minors":     {"Minors' personal information is affected", "涉及未成年人个人信息"},
}

func label(key string, lang purpose.Lang) string {
	if lang == purpose.ZH {
		return labels[key][1]
	}
	return labels[key][0]
}

// Render returns the notice to aud in lang (purpose.EN or purpose.ZH),
// from the incident's record and n, with times in p's zone. It renders
// whatever n holds; call Missing first, or render a notice Register has
// recorded (Incident.Notices). Texts missing in lang fall back to the
// other language. The output is for people and is not a stable format.
func (inc *Incident) Render(aud Audience, n Notice, p Profile, lang purpose.Lang) string {
	var b strings.Builder
	line := func(key, value string) {
		if value != "" {
			b.WriteString(label(key, lang))
			b.WriteString(sep(lang))
			b.WriteString(value)
			b.WriteString("\n")
		}
	}
	title := "title"
	if aud.Authority() {
		title = "report"
	}
	b.WriteString(label(title, lang))
	b.WriteString("\n\n")
	line("to", aud.text(lang))
	line("from", p.Name.In(lang))
	line("discovered", formatTime(inc.Discovered, p.zone(), lang))
	if !inc.Occurred.IsZero() {
		line("occurred", formatTime(inc.Occurred, p.zone(), lang))
	}
	line("nature", natureText(inc, lang))
	if aud.Authority() && inc.Grade.Valid() {
		line("grade", gradeText(inc.Grade, lang))
	}
	line("what", inc.Summary.In(lang))
	cats := n.Categories
	if cats.IsEmpty() {
		cats = inc.Categories
	}
	line("categories", categoryNames(cats, lang))
	if k := inc.Affected(); k > 0 {
		line("people", strconv.FormatInt(k, 10))
	}
	if inc.Minors && aud != Individuals {
		b.WriteString(label("minors", lang) + "\n")
	}
	line("causes", n.Causes.In(lang))
	line("harm", n.Harm.In(lang))
	line("measures", n.Measures.In(lang))
	line("selfhelp", n.SelfHelp.In(lang))
	line("why", n.Impractical.In(lang))
	line("contact", firstNonEmpty(n.Contact, p.Contact))
	return b.String()
}

func langIndex(lang purpose.Lang) int {
	if lang == purpose.ZH {
		return 1
	}
	return 0
}

func sep(lang purpose.Lang) string {
	if lang == purpose.ZH {
		return ":"
	}
	return ": "
}

func natureText(inc *Incident, lang purpose.Lang) string {
	if lang == purpose.ZH {
		s := "个人信息" + inc.Nature.zh()
		if inc.Possible {
			s += "(" + label("possible", lang) + ")"
		}
		return s
	}
	s := strings.ReplaceAll(inc.Nature.String(), "+", ", ")
	if inc.Possible {
		s += " (" + label("possible", lang) + ")"
	}
	return s
}

func gradeText(g Grade, lang purpose.Lang) string {
	if lang == purpose.ZH {
		return gradeZH[g]
	}
	return strings.ReplaceAll(g.String(), "_", " ")
}

// categoryNames lists the categories' display names, in the taxonomy's
// order.
func categoryNames(s pii.Set, lang purpose.Lang) string {
	var names []string
	for c := range s.All() {
		d, ok := c.Definition()
		switch {
		case !ok:
			names = append(names, c.Key())
		case lang == purpose.ZH:
			names = append(names, d.NameZH)
		default:
			names = append(names, d.NameEN)
		}
	}
	if lang == purpose.ZH {
		return strings.Join(names, ";")
	}
	return strings.Join(names, "; ")
}

// formatTime prints t in loc, e.g. "2026-06-03 09:40 (UTC+08:00)" or
// "2026年06月03日 09:40(UTC+08:00)".
func formatTime(t time.Time, loc *time.Location, lang purpose.Lang) string {
	if t.IsZero() {
		return ""
	}
	if lang == purpose.ZH {
		return t.In(loc).Format("2006年01月02日 15:04(UTC-07:00)")
	}
	return t.In(loc).Format("2006-01-02 15:04 (UTC-07:00)")
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
