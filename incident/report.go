package incident

import (
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"github.com/lawfulgo/lawful/purpose"
)

var reportLabels = map[string][2]string{
	"record":      {"Incident record", "安全事件记录"},
	"status":      {"Status", "状态"},
	"open":        {"open", "处置中"},
	"closed":      {"closed", "已结案"},
	"laws":        {"Regimes", "适用法律"},
	"risk":        {"Risk to people (GDPR)", "对个人权益的风险(GDPR)"},
	"natsec":      {"Endangers national security or the public interest", "危害国家安全或公共利益"},
	"remediation": {"Remedial measures", "补救措施"},
	"notices":     {"Notifications", "通知记录"},
	"exemptions":  {"Decisions not to notify individuals", "不通知个人的决定"},
	"orders":      {"Authority orders", "主管部门的要求"},
	"duties":      {"Duties and deadlines", "义务与时限"},
	"closure":     {"Closure", "结案"},
	"head":        {"Record head", "记录链头"},
	"due":         {"due", "时限"},
	"nodue":       {"no fixed deadline", "无固定时限"},
	"met":         {"met", "完成于"},
	"partial":     {"partial", "初报"},
}

func rlabel(key string, lang purpose.Lang) string {
	return reportLabels[key][langIndex(lang)]
}

// Report renders the incident's record in lang: its facts, remedial
// measures, notifications, exemptions and orders, every clock with its
// deadline and outcome as of at, the closure, and the record's head (so
// that a copy filed with an authority pins the record). Times are in p's
// zone. It is the closure record once the incident is closed. The output
// is for people and is not a stable format.
func (inc *Incident) Report(p Profile, r Rules, lang purpose.Lang, at time.Time) string {
	var b strings.Builder
	z := p.zone()
	ts := func(t time.Time) string { return formatTime(t, z, lang) }
	kv := func(k, v string) {
		if v != "" {
			b.WriteString(k + sep(lang) + v + "\n")
		}
	}
	b.WriteString(rlabel("record", lang) + " " + inc.ID.String() + "\n\n")
	status := rlabel("open", lang)
	if !inc.Open() {
		status = rlabel("closed", lang) + " " + ts(inc.Closed)
	}
	kv(rlabel("status", lang), status)
	kv(label("from", lang), p.Name.In(lang))
	kv(label("discovered", lang), ts(inc.Discovered))
	kv(label("occurred", lang), ts(inc.Occurred))
	kv(label("nature", lang), natureText(inc, lang))
	kv(label("what", lang), inc.Summary.In(lang))
	kv(rlabel("laws", lang), inc.Laws.String())
	if inc.Grade.Valid() {
		kv(label("grade", lang), gradeText(inc.Grade, lang))
	}
	if inc.Laws.Has(GDPR) {
		kv(rlabel("risk", lang), inc.Risk.String())
	}
	if inc.NationalSecurity {
		b.WriteString(rlabel("natsec", lang) + "\n")
	}
	kv(label("categories", lang), categoryNames(inc.Categories, lang))
	if k := inc.Affected(); k > 0 {
		kv(label("people", lang), strconv.FormatInt(k, 10))
	}
	if inc.Minors {
		b.WriteString(label("minors", lang) + "\n")
	}
	inc.reportLists(&b, ts, lang)
	b.WriteString("\n" + rlabel("duties", lang) + "\n")
	for _, c := range inc.Clocks(p, r) {
		b.WriteString("  " + clockLine(c, at, ts, lang) + "\n")
	}
	if !inc.Open() {
		b.WriteString("\n" + rlabel("closure", lang) + sep(lang) + inc.Closure.In(lang) + "\n")
	}
	b.WriteString("\n" + rlabel("head", lang) + sep(lang) + "seq " + strconv.FormatUint(inc.Head.Seq, 10) + ", blake2b-256 " + hex.EncodeToString(inc.Head.Hash[:]) + "\n")
	return b.String()
}

func (inc *Incident) reportLists(b *strings.Builder, ts func(time.Time) string, lang purpose.Lang) {
	section := func(key string, n int) {
		if n > 0 {
			b.WriteString("\n" + rlabel(key, lang) + "\n")
		}
	}
	section("remediation", len(inc.Remediation))
	for _, s := range inc.Remediation {
		b.WriteString("  " + ts(s.At) + "  " + s.Text.In(lang) + "\n")
	}
	section("notices", len(inc.Notices))
	for _, n := range inc.Notices {
		line := "  " + ts(n.At) + "  " + n.Audience.text(lang) + " (" + n.Channel.String()
		if n.Ref != "" {
			line += ", " + n.Ref
		}
		line += ")"
		if n.Partial {
			line += " [" + rlabel("partial", lang) + "]"
		}
		b.WriteString(line + "\n")
	}
	section("exemptions", len(inc.Exemptions))
	for _, x := range inc.Exemptions {
		b.WriteString("  " + ts(x.At) + "  " + x.Ground.Citation() + ": " + x.Reason.In(lang) + "\n")
	}
	section("orders", len(inc.Orders))
	for _, o := range inc.Orders {
		b.WriteString("  " + ts(o.At) + "  " + o.Laws.String() + " " + o.Ref + ": " + o.Text.In(lang) + "\n")
	}
}

func clockLine(c Clock, at time.Time, ts func(time.Time) string, lang purpose.Lang) string {
	s := c.Duty.String() + " → " + c.Audience.text(lang) + "; "
	if c.Due.IsZero() {
		s += rlabel("nodue", lang)
	} else {
		s += rlabel("due", lang) + " " + ts(c.Due)
	}
	if !c.Met.IsZero() {
		s += "; " + rlabel("met", lang) + " " + ts(c.Met)
	}
	return s + "; " + c.State(at).String() + " (" + c.Cite + ")"
}
