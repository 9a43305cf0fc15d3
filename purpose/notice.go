package purpose

import (
	"fmt"
	"io"
	"strings"

	"github.com/lawfulgo/lawful/pii"
)

// Generated notices: the PI collection list (个人信息收集清单) and the
// third-party sharing list (第三方共享清单) that PRC app regulators expect
// beside a privacy policy, as Markdown. They are derived from the Registry,
// so they cannot drift from what the Guard enforces.

var basisZH = map[Basis]string{
	Consent: "同意", Contract: "订立、履行合同所必需", HumanResources: "人力资源管理所必需",
	LegalDuty: "履行法定职责或法定义务所必需", Emergency: "应对突发事件或紧急情况所必需",
	NewsReporting: "新闻报道、舆论监督", PublicInformation: "已合法公开的个人信息",
	OtherLaw: "法律、行政法规规定的其他情形", Succession: "合并、分立、解散、破产时转移",
	VitalInterests: "保护重大利益", PublicTask: "公共任务", LegitimateInterests: "正当利益",
	GBTLegalObligation: "履行法律法规规定的义务", GBTNationalSecurity: "与国家安全、国防安全直接相关",
	GBTPublicInterest: "与公共安全、公共卫生、重大公共利益直接相关", GBTCriminalJustice: "与刑事侦查、起诉、审判和判决执行等直接相关",
	GBTVitalInterests: "维护生命财产等重大合法权益但难以取得同意", GBTSelfPublished: "个人信息主体自行公开",
	GBTLawfullyDisclosed: "从合法公开披露的信息中收集", GBTContract: "根据个人信息主体要求签订和履行合同所必需",
	GBTSecureOperation: "维护产品或服务的安全稳定运行所必需", GBTNewsOrganisation: "新闻单位开展合法的新闻报道所必需",
	GBTAcademicResearch: "学术研究机构开展统计或学术研究所必要",
}

var roleText = map[Role]Text{
	Entrusted:   {"Entrusted processor", "受托处理者"},
	Independent: {"Independent processor", "独立个人信息处理者"},
	Affiliate:   {"Affiliate", "关联方"},
	Joint:       {"Joint processor", "共同处理者"},
	Successor:   {"Successor", "承继方"},
	Authority:   {"State organ on lawful demand", "依法提出要求的国家机关"},
}

type noticeText struct {
	collectTitle, shareTitle, controller, officer, version, regimes                     string
	purpose, need, categories, basis, recipients, retention, role, location, operations string
	core, optional, optionalCat, none, domestic, sensitiveNote, specialNote, noShares   string
}

var noticeTexts = [2]noticeText{
	EN: {
		collectTitle: "Personal information collection list", shareTitle: "Third-party sharing list",
		controller: "Controller", officer: "Personal information protection officer (PIPL art. 52)", version: "Policy version", regimes: "Regimes",
		purpose: "Purpose", need: "Needed for", categories: "Personal information", basis: "Legal basis",
		recipients: "Recipients", retention: "Retention", role: "Role", location: "Location", operations: "Operations",
		core: "basic service", optional: "this feature only", optionalCat: "optional", none: "none",
		domestic: "domestic", sensitiveNote: "sensitive personal information (PIPL art. 28)",
		specialNote: "special category data (GDPR art. 9 or 10)", noShares: "No personal information is provided to third parties.",
	},
	ZH: {
		collectTitle: "个人信息收集清单", shareTitle: "第三方共享清单",
		controller: "个人信息处理者", officer: "个人信息保护负责人", version: "政策版本", regimes: "适用法律",
		purpose: "处理目的", need: "必要性", categories: "个人信息", basis: "合法性基础",
		recipients: "接收方", retention: "保存期限", role: "角色", location: "所在地", operations: "处理方式",
		core: "基本业务功能", optional: "仅该扩展功能", optionalCat: "可选", none: "无",
		domestic: "境内", sensitiveNote: "敏感个人信息（《个人信息保护法》第二十八条）",
		specialNote: "特殊类别个人数据（GDPR 第9条或第10条）", noShares: "不向第三方提供个人信息。",
	},
}

func (lang Lang) texts() *noticeText {
	if lang == ZH {
		return &noticeTexts[ZH]
	}
	return &noticeTexts[EN]
}

func cell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.ReplaceAll(s, "\n", " ")
}

func (r *Registry) header(w *strings.Builder, title string, lang Lang) {
	t := lang.texts()
	name := r.policy.Name.In(lang)
	if name != "" {
		title += " — " + name
	}
	fmt.Fprintf(w, "# %s\n\n", cell(title))
	if c := r.policy.Controller.Name.In(lang); c != "" {
		fmt.Fprintf(w, "- %s: %s", t.controller, cell(c))
		if r.policy.Controller.Contact != "" {
			fmt.Fprintf(w, " (%s)", cell(r.policy.Controller.Contact))
		}
		w.WriteString("\n")
	}
	if o := r.policy.Officer; o.Contact != "" {
		name := o.Name.In(lang)
		if name == "" {
			name = o.Contact
		} else {
			name += " (" + o.Contact + ")"
		}
		fmt.Fprintf(w, "- %s: %s\n", t.officer, cell(name))
	}
	if r.policy.Version != "" {
		fmt.Fprintf(w, "- %s: %s\n", t.version, cell(r.policy.Version))
	}
	laws := make([]string, len(r.policy.Regimes))
	for i, l := range r.policy.Regimes {
		laws[i] = l.String()
	}
	fmt.Fprintf(w, "- %s: %s\n\n", t.regimes, strings.Join(laws, ", "))
}

func (r *Registry) categoryList(c Compiled, lang Lang) string {
	t := lang.texts()
	var parts []string
	add := func(s pii.Set, optional bool) {
		for _, key := range s.Keys() {
			cat, _ := pii.Lookup(key)
			d, _ := cat.Definition()
			name := d.NameEN
			if lang == ZH && d.NameZH != "" || name == "" {
				name = d.NameZH
			}
			item := name + " (`" + key + "`)"
			if r.Serves(pii.PIPL) && cat.Sensitivity(pii.PIPL).IsSensitive() {
				item += " ★"
			}
			if r.Serves(pii.GDPR) && cat.Sensitivity(pii.GDPR).IsSensitive() {
				item += " †"
			}
			if optional {
				item += " (" + t.optionalCat + ")"
			}
			parts = append(parts, item)
		}
	}
	add(c.Required(), false)
	add(c.Optional(), true)
	return strings.Join(parts, "; ")
}

func basisText(l Legal, law pii.Law, lang Lang) string {
	name := l.Basis.Title()
	if lang == ZH {
		name = basisZH[l.Basis]
	}
	s := name
	var refs []string
	if c := l.Basis.Citation(law); c != "" {
		refs = append(refs, c)
	}
	if l.Cites != "" {
		refs = append(refs, l.Cites)
	}
	if l.Special.Valid() {
		refs = append(refs, l.Special.Citation())
	}
	if len(refs) > 0 {
		s += " (" + strings.Join(refs, "; ") + ")"
	}
	return s
}

func (r *Registry) basisCell(c Compiled, lang Lang) string {
	var parts []string
	for _, l := range r.policy.Regimes {
		legal, _ := c.Legal(l)
		s := basisText(legal, l, lang)
		if len(r.policy.Regimes) > 1 {
			s = l.String() + ": " + s
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "<br>")
}

func recipientName(rc Recipient, lang Lang) string {
	s := rc.Name + " (" + roleText[rc.Role].In(lang)
	if rc.Overseas() {
		s += ", " + rc.Country
	}
	return s + ")"
}

// CollectionList returns the PI collection list in lang as Markdown: one
// row per purpose with its need (basic service or feature, PIPL art. 16),
// categories (sensitive ones marked), legal basis, recipients and retention.
func (r *Registry) CollectionList(lang Lang) string {
	t := lang.texts()
	var w strings.Builder
	r.header(&w, t.collectTitle, lang)
	fmt.Fprintf(&w, "| %s | %s | %s | %s | %s | %s |\n", t.purpose, t.need, t.categories, t.basis, t.recipients, t.retention)
	w.WriteString("| --- | --- | --- | --- | --- | --- |\n")
	for _, c := range r.Purposes() {
		need := t.optional
		if c.Core() {
			need = t.core
		}
		var recips []string
		for _, rc := range c.Recipients() {
			recips = append(recips, recipientName(rc, lang))
		}
		rec := t.none
		if len(recips) > 0 {
			rec = strings.Join(recips, "; ")
		}
		ret, _ := r.Retention(c.RetentionID())
		fmt.Fprintf(&w, "| %s (`%s`) | %s | %s | %s | %s | %s |\n",
			cell(c.Name().In(lang)), c.ID(), need, cell(r.categoryList(c, lang)),
			cell(r.basisCell(c, lang)), cell(rec), cell(ret.Summary.In(lang)))
	}
	r.legend(&w, lang)
	return w.String()
}

func (r *Registry) legend(w *strings.Builder, lang Lang) {
	t := lang.texts()
	w.WriteString("\n")
	if r.Serves(pii.PIPL) {
		fmt.Fprintf(w, "★ %s\n", t.sensitiveNote)
	}
	if r.Serves(pii.GDPR) {
		if r.Serves(pii.PIPL) {
			w.WriteString("\n")
		}
		fmt.Fprintf(w, "† %s\n", t.specialNote)
	}
}

// SharingList returns the third-party sharing list in lang as Markdown: one
// row per recipient of each purpose, with its role, location, purpose,
// categories, operations and legal basis (PIPL arts. 21, 23, 39).
func (r *Registry) SharingList(lang Lang) string {
	t := lang.texts()
	var w strings.Builder
	r.header(&w, t.shareTitle, lang)
	rows := 0
	for _, c := range r.Purposes() {
		for _, rc := range c.Recipients() {
			if rows == 0 {
				fmt.Fprintf(&w, "| %s | %s | %s | %s | %s | %s | %s |\n", t.recipients, t.role, t.location, t.purpose, t.categories, t.operations, t.basis)
				w.WriteString("| --- | --- | --- | --- | --- | --- | --- |\n")
			}
			rows++
			loc := t.domestic
			if rc.Overseas() {
				loc = rc.Country + " (" + rc.Mechanism.String() + ")"
			}
			name := rc.Name
			if rc.Contact != "" {
				name += " (" + rc.Contact + ")"
			}
			var ops []string
			for _, op := range c.Operations().List() {
				if op.Provides() || op == Disclose {
					ops = append(ops, op.String())
				}
			}
			fmt.Fprintf(&w, "| %s | %s | %s | %s (`%s`) | %s | %s | %s |\n",
				cell(name), roleText[rc.Role].In(lang), cell(loc), cell(c.Name().In(lang)), c.ID(),
				cell(r.categoryList(c, lang)), strings.Join(ops, ", "), cell(r.basisCell(c, lang)))
		}
	}
	if rows == 0 {
		w.WriteString(t.noShares + "\n")
		return w.String()
	}
	r.legend(&w, lang)
	return w.String()
}

// WriteCollectionList writes CollectionList(lang) to w.
func (r *Registry) WriteCollectionList(w io.Writer, lang Lang) error {
	_, err := io.WriteString(w, r.CollectionList(lang))
	return err
}

// WriteSharingList writes SharingList(lang) to w.
func (r *Registry) WriteSharingList(w io.Writer, lang Lang) error {
	_, err := io.WriteString(w, r.SharingList(lang))
	return err
}
