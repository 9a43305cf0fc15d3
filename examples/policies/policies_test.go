package policies_test

import (
	"errors"
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/lawfulgo/lawful/examples/policies"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/retention"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Recipient names used by clipo.json. Seed 003 §三.2 names no entrusted
// party, so these are descriptive placeholders.
const (
	infra     = "Technical infrastructure provider (技术基础设施服务提供商)"
	sms       = "SMS and e-mail delivery provider (短信及邮件发送服务提供商)"
	ops       = "Software operations and maintenance provider (软件运维服务提供商)"
	analytics = "Usage analytics provider (服务使用分析服务提供商)"
	state     = "State organs making a lawful demand (依法提出要求的司法机关、检察机关、公安机关及其他国家机关)"
)

func openClipo(t *testing.T) *purpose.Registry {
	t.Helper()
	reg, err := policies.Open("clipo.json")
	require.NoError(t, err)
	require.NotNil(t, reg)
	return reg
}

func lookup(t *testing.T, reg *purpose.Registry, id purpose.ID) purpose.Compiled {
	t.Helper()
	c, ok := reg.Lookup(id)
	require.True(t, ok, "purpose %q is not declared", id)
	return c
}

func TestFSHoldsThePolicyFiles(t *testing.T) {
	names, err := fs.Glob(policies.FS, "*.json")
	require.NoError(t, err)
	assert.Equal(t, []string{"clipo.json", "clipo_as_written.json"}, names)
}

func TestOpenUnknownFile(t *testing.T) {
	reg, err := policies.Open("nope.json")
	assert.Nil(t, reg)
	assert.ErrorIs(t, err, fs.ErrNotExist)
}

// TestClipo checks clipo.json, the lawful reading of seed 003, clause by
// clause. Subtest names cite the seed clause and the article that decides
// the encoding.
func TestClipo(t *testing.T) {
	reg := openClipo(t)

	t.Run("controller_contact_and_version_PIPL_art17_seed_003_引言_§九", func(t *testing.T) {
		p := reg.Policy()
		assert.Equal(t, "特赞（上海）信息科技有限公司", p.Controller.Name.ZH)
		assert.NotEmpty(t, p.Controller.Name.EN)
		assert.Contains(t, p.Controller.Contact, "clipo.support@tezign.com")
		assert.Contains(t, p.Controller.Contact, "上海市徐汇区龙耀路 175 号星扬西岸中心 21F")
		assert.Equal(t, "2025-11-11", p.Version)
		assert.Equal(t, []pii.Law{pii.PIPL}, reg.Regimes())
		assert.Equal(t, "Clipo", p.Name.EN)
	})

	t.Run("every_purpose_declared_in_seed_order", func(t *testing.T) {
		var ids []purpose.ID
		for _, c := range reg.Purposes() {
			ids = append(ids, c.ID())
		}
		assert.Equal(t, []purpose.ID{
			"signup.login", "notify.service", "signup.wechat_login", // §一.1 rows 1–3
			"service.voice_clone", "service.digital_human", // §一.1 rows 4–5
			"ops.logging", "ops.diagnostics", // §一.2 日志信息
			"support.customer_service", "product.improve", // §一.2 用户支持信息
			"cookies.local_storage", "personalize.recommend", // §二
			"legal.disclosure",            // §三.1(b), §三.3(c), §三.4(b)
			"commerce.payment",            // §三.1(d)
			"analytics.usage",             // §三.2
			"security.incident_notice",    // §四.8
			"rights.request_handling",     // §六
			"minor.guardian_verification", // §七
		}, ids)
	})

	type want struct {
		name       string
		id         purpose.ID
		basis      purpose.Basis
		cites      string
		core       bool
		required   string
		optional   string
		ops        []purpose.Operation
		recipients map[string]purpose.Role
		retention  string
	}
	C, U, S, Sh, E := purpose.Collect, purpose.Use, purpose.Store, purpose.Share, purpose.Entrust
	for _, w := range []want{
		{
			name: "login_by_code_on_contract_PIPL_art13_1_2_seed_003_§一.1_rows_1-2",
			id:   "signup.login", basis: purpose.Contract, core: true,
			required: "credential.otp,account.id", optional: "contact.email,contact.phone",
			ops:        []purpose.Operation{C, U, S, E},
			recipients: map[string]purpose.Role{sms: purpose.Entrusted, infra: purpose.Entrusted},
			retention:  "account",
		},
		{
			name: "service_notices_on_contract_PIPL_art13_1_2_seed_003_§一.1_rows_1-2",
			id:   "notify.service", basis: purpose.Contract, core: true,
			optional:   "contact.email,contact.phone",
			ops:        []purpose.Operation{U, E},
			recipients: map[string]purpose.Role{sms: purpose.Entrusted},
			retention:  "account",
		},
		{
			name: "wechat_login_is_an_optional_alternative_PIPL_art16_seed_003_§一.1_row_3",
			id:   "signup.wechat_login", basis: purpose.Contract, core: false,
			required: "account.third_party_profile", optional: "account.third_party_id",
			ops:       []purpose.Operation{C, U, S},
			retention: "account",
		},
		{
			name: "voice_clone_optional_on_consent_PIPL_arts16_29_seed_003_§一.1_row_4_特别提醒",
			id:   "service.voice_clone", basis: purpose.Consent, core: false,
			required: "biometric.voice_sample,biometric.voiceprint,content.audio", optional: "content.generated",
			ops:        []purpose.Operation{C, U, S, E},
			recipients: map[string]purpose.Role{infra: purpose.Entrusted},
			retention:  "voice_clone",
		},
		{
			name: "digital_human_optional_on_consent_PIPL_arts16_29_seed_003_§一.1_row_5_§五.3",
			id:   "service.digital_human", basis: purpose.Consent, core: false,
			required:   "content.video,content.portrait,biometric.face_image,biometric.face,biometric.voice_sample",
			optional:   "biometric.voiceprint,content.generated",
			ops:        []purpose.Operation{C, U, S, E},
			recipients: map[string]purpose.Role{infra: purpose.Entrusted},
			retention:  "digital_human",
		},
		{
			name: "logs_kept_on_legal_duty_CSL_art21_seed_003_§五.2",
			id:   "ops.logging", basis: purpose.LegalDuty, cites: "Cybersecurity Law art. 21(3)", core: true,
			required:   "activity.service_log,activity.clicks,activity.app_usage",
			ops:        []purpose.Operation{C, U, S, E},
			recipients: map[string]purpose.Role{ops: purpose.Entrusted, infra: purpose.Entrusted},
			retention:  "logs",
		},
		{
			name: "crash_diagnostics_optional_on_consent_PIPL_arts13_16_seed_003_§一.2",
			id:   "ops.diagnostics", basis: purpose.Consent, core: false,
			required:   "activity.crash_diagnostics",
			ops:        []purpose.Operation{C, U, S, E},
			recipients: map[string]purpose.Role{ops: purpose.Entrusted},
			retention:  "account",
		},
		{
			name: "support_on_contract_PIPL_art13_1_2_seed_003_§一.2",
			id:   "support.customer_service", basis: purpose.Contract, core: false,
			required: "communication.support_records", optional: "contact.email",
			ops:       []purpose.Operation{C, U, S},
			retention: "account",
		},
		{
			name: "improvement_unbundled_on_consent_PIPL_arts13_14_seed_003_§一.2",
			id:   "product.improve", basis: purpose.Consent, core: false,
			required:  "communication.support_records",
			ops:       []purpose.Operation{U},
			retention: "account",
		},
		{
			name: "cookies_on_contract_PIPL_art13_1_2_seed_003_§二",
			id:   "cookies.local_storage", basis: purpose.Contract, core: true,
			required: "device.cookie_id,credential.session_token", optional: "account.settings",
			ops:       []purpose.Operation{C, U, S},
			retention: "cookies",
		},
		{
			name: "recommendations_optional_on_consent_PIPL_arts16_24_seed_003_§二",
			id:   "personalize.recommend", basis: purpose.Consent, core: false,
			required: "device.cookie_id", optional: "activity.app_usage,activity.clicks",
			ops:       []purpose.Operation{U},
			retention: "cookies",
		},
		{
			name: "payment_shared_with_WeChat_Pay_and_Alipay_on_contract_PIPL_arts13_23_seed_003_§三.1(d)",
			id:   "commerce.payment", basis: purpose.Contract, core: true,
			required: "finance.order", optional: "finance.payment_record",
			ops:        []purpose.Operation{C, U, S, Sh},
			recipients: map[string]purpose.Role{"WeChat Pay": purpose.Independent, "Alipay": purpose.Independent},
			retention:  "orders",
		},
		{
			name: "usage_analytics_entrusted_on_consent_PIPL_arts13_21_seed_003_§三.2",
			id:   "analytics.usage", basis: purpose.Consent, core: false,
			required:   "activity.app_usage,activity.clicks",
			ops:        []purpose.Operation{U, E},
			recipients: map[string]purpose.Role{analytics: purpose.Entrusted},
			retention:  "account",
		},
		{
			name: "incident_notice_on_legal_duty_PIPL_art57_seed_003_§四.8",
			id:   "security.incident_notice", basis: purpose.LegalDuty, cites: "Personal Information Protection Law art. 57", core: true,
			optional:   "contact.email,contact.phone",
			ops:        []purpose.Operation{U, E},
			recipients: map[string]purpose.Role{sms: purpose.Entrusted},
			retention:  "account",
		},
		{
			name: "rights_requests_on_legal_duty_PIPL_art50_seed_003_§六",
			id:   "rights.request_handling", basis: purpose.LegalDuty, cites: "Personal Information Protection Law art. 50", core: true,
			required:  "contact.email,account.id",
			ops:       []purpose.Operation{C, U, S},
			retention: "account",
		},
		{
			name: "guardian_consent_on_legal_duty_PIPL_art31_seed_003_§七.1_§七.3",
			id:   "minor.guardian_verification", basis: purpose.LegalDuty, cites: "Personal Information Protection Law art. 31", core: true,
			required: "social.family", optional: "contact.phone,contact.email,basic.birth_date",
			ops:       []purpose.Operation{C, U, S},
			retention: "minor_unconsented",
		},
	} {
		t.Run(w.name, func(t *testing.T) {
			c := lookup(t, reg, w.id)
			legal, ok := c.Legal(pii.PIPL)
			require.True(t, ok)
			assert.Equal(t, w.basis, legal.Basis, "basis")
			assert.Equal(t, w.cites, legal.Cites, "cites")
			assert.Equal(t, w.core, c.Core(), "core (PIPL art. 16)")
			assert.Equal(t, pii.MustParseSet(w.required), c.Required(), "required categories")
			assert.Equal(t, pii.MustParseSet(w.optional), c.Optional(), "optional categories")
			assert.Equal(t, purpose.OperationsOf(w.ops...), c.Operations(), "operations")
			got := map[string]purpose.Role{}
			for _, r := range c.Recipients() {
				got[r.Name] = r.Role
				assert.False(t, r.Overseas(), "recipient %q: the seed stores data in China (§五.1)", r.Name)
			}
			if w.recipients == nil {
				w.recipients = map[string]purpose.Role{}
			}
			assert.Equal(t, w.recipients, got, "recipients")
			assert.Equal(t, w.retention, c.RetentionID(), "retention")
			assert.Equal(t, 1, c.Version())
		})
	}

	t.Run("legal_disclosure_to_state_organs_on_cited_legal_duty_PIPL_art13_1_3_seed_003_§三.1(b)_§三.4(b)", func(t *testing.T) {
		c := lookup(t, reg, "legal.disclosure")
		legal, _ := c.Legal(pii.PIPL)
		assert.Equal(t, purpose.LegalDuty, legal.Basis)
		assert.Equal(t, "Cybersecurity Law art. 28; Criminal Procedure Law art. 54", legal.Cites)
		assert.Equal(t, purpose.OperationsOf(purpose.Use, purpose.Share), c.Operations())
		r, ok := c.Recipient(state)
		require.True(t, ok)
		assert.Equal(t, purpose.Authority, r.Role, "a state organ, provided to only against its legal documents (§三.4(b): 传票或调查函)")
		assert.False(t, c.Declares(purpose.Disclose), "§三.4(b) is a provision to the requesting organ, not publication")
		// Only what a demand names may go out, but the purpose covers
		// everything the policy collects except secrets.
		var all pii.Set
		for _, p := range reg.Purposes() {
			if p.ID() != "legal.disclosure" {
				all = all.Union(p.Categories())
			}
		}
		assert.Equal(t, all.Minus(all.Secret()), c.Categories())
		assert.True(t, c.Required().IsEmpty())
	})

	t.Run("biometrics_only_on_optional_consent_purposes_PIPL_arts16_28_29_seed_003_特别提醒", func(t *testing.T) {
		biometric := pii.MustParseSet("biometric")
		var seen []purpose.ID
		for _, c := range reg.Purposes() {
			if c.ID() == "legal.disclosure" || !c.Categories().Overlaps(biometric) {
				continue
			}
			seen = append(seen, c.ID())
			legal, _ := c.Legal(pii.PIPL)
			assert.Equal(t, purpose.Consent, legal.Basis, "%s", c.ID())
			assert.False(t, c.Core(), "%s: refusing biometrics must not cost the basic service", c.ID())
		}
		assert.Equal(t, []purpose.ID{"service.voice_clone", "service.digital_human"}, seen)
		vc := lookup(t, reg, "service.voice_clone")
		assert.Equal(t, pii.MustParseSet("biometric.voice_sample,biometric.voiceprint"), vc.Sensitive(pii.PIPL))
		dh := lookup(t, reg, "service.digital_human")
		assert.Equal(t, pii.MustParseSet("biometric.face,biometric.face_image,biometric.voice_sample,biometric.voiceprint"), dh.Sensitive(pii.PIPL))
	})

	t.Run("every_legal_duty_cites_a_law_PIPL_art13_1_3", func(t *testing.T) {
		for _, c := range reg.Purposes() {
			legal, _ := c.Legal(pii.PIPL)
			if legal.Basis == purpose.LegalDuty {
				assert.NotEmpty(t, legal.Cites, "%s", c.ID())
			}
			assert.True(t, legal.Basis.RecognisedBy(pii.PIPL), "%s", c.ID())
		}
	})

	t.Run("no_affiliate_transfer_disclosure_or_export_PIPL_arts22_23_25_38_seed_003_§三.1(c)_§三.3_§三.4(a)_§五.1", func(t *testing.T) {
		for _, c := range reg.Purposes() {
			for _, op := range []purpose.Operation{purpose.Transfer, purpose.Disclose, purpose.Export} {
				assert.False(t, c.Declares(op), "%s declares %v", c.ID(), op)
			}
			for _, r := range c.Recipients() {
				assert.NotEqual(t, purpose.Affiliate, r.Role, "%s: §三.1(c) names no affiliate", c.ID())
			}
		}
	})

	t.Run("entrusted_parties_of_§三.2_declared_PIPL_art21", func(t *testing.T) {
		who := map[string][]purpose.ID{}
		for _, c := range reg.Purposes() {
			for _, r := range c.Recipients() {
				if r.Role == purpose.Entrusted {
					who[r.Name] = append(who[r.Name], c.ID())
				}
			}
		}
		assert.Equal(t, map[string][]purpose.ID{
			infra:     {"signup.login", "service.voice_clone", "service.digital_human", "ops.logging"},
			sms:       {"signup.login", "notify.service", "security.incident_notice"},
			ops:       {"ops.logging", "ops.diagnostics"},
			analytics: {"analytics.usage"},
		}, who)
	})

	t.Run("retention_statements_seed_003_§一.4(c)_§四.4_§五.2_§五.3_§七.3_NDSMR_art21", func(t *testing.T) {
		all := retention.AllEndings
		for _, tc := range []struct {
			id      string
			want    retention.Rule
			summary string // a phrase of the English summary
		}{
			{"account", retention.Rule{Cites: "Clipo §一.4(c), §四.4; PIPL art. 47"}, "gives no deadline"},
			{"logs", retention.Rule{Keep: retention.Months(6), Minimum: retention.Months(6), MinimumCites: "Cybersecurity Law art. 21(3)", Cites: "Clipo §五.2(a)"}, "at least six months"},
			{"voice_clone", retention.Rule{EndsOn: all, Cites: "Clipo §一.4(c); PIPL art. 47"}, "no clause specific to voice cloning"},
			{"digital_human", retention.Rule{EndsOn: all, Cites: "Clipo §五.3"}, "delete that digital human"},
			{"orders", retention.Rule{Action: retention.Anonymise, Cites: "Clipo §四.4, §五.2(b); finance, audit and dispute needs are legal holds"}, "finance, audit or dispute resolution"},
			{"cookies", retention.Rule{EndsOn: all &^ retention.TriggerSet(retention.PurposeAchieved), Cites: "Clipo §二"}, "clear them"},
			{"minor_unconsented", retention.Rule{EndsOn: all &^ retention.TriggerSet(retention.ConsentWithdrawn), Cites: "Clipo §七.3"}, "frozen"},
			{"termination", retention.Rule{EndsOn: retention.TriggerSet(retention.ServiceTerminated), Cites: "Clipo §五.2: at least 30 days' notice (retention.Config.TerminationNotice)"}, "at least 30 days in advance"},
		} {
			rt, ok := reg.Retention(tc.id)
			require.True(t, ok, tc.id)
			assert.Contains(t, rt.Summary.EN, tc.summary, tc.id)
			assert.NotEmpty(t, rt.Summary.ZH, tc.id)
			got, err := retention.DecodeRule(rt.Rule)
			require.NoError(t, err, tc.id)
			assert.Equal(t, tc.want, got, tc.id)
		}
		assert.Len(t, reg.Policy().Retention, 8)
		rules, err := retention.Compile(reg)
		require.NoError(t, err, "every purpose's data has a compiled retention rule (NDSMR art. 21(3))")
		assert.Equal(t, 7, rules.Len(), "the termination statement covers no purpose of its own")
	})

	t.Run("names_and_descriptions_in_zh_and_en_PIPL_art17", func(t *testing.T) {
		for _, d := range reg.Policy().Purposes {
			assert.NotEmpty(t, d.Name.EN, "%s", d.ID)
			assert.NotEmpty(t, d.Name.ZH, "%s", d.ID)
			assert.NotEmpty(t, d.Description.EN, "%s", d.ID)
			assert.NotEmpty(t, d.Description.ZH, "%s", d.ID)
			assert.Contains(t, d.Description.EN, "§", "%s: the description cites its clause", d.ID)
		}
	})

	t.Run("generated_notices_list_the_payment_recipients_PIPL_art23", func(t *testing.T) {
		share := reg.SharingList(purpose.EN)
		for _, name := range []string{"WeChat Pay", "Alipay", infra} {
			assert.Contains(t, share, name)
		}
		assert.Contains(t, reg.CollectionList(purpose.ZH), "声音克隆")
	})
}

// asWritten is one problem that loading clipo_as_written.json must report:
// where and field as the ValidationError gives them, the sentinel, and the
// seed clause the defect comes from (README.md, "What the policy gets
// wrong", lists the same rows).
type asWritten struct {
	where, field string
	err          error
	clause       string
	says         string // a phrase of the message
}

var asWrittenProblems = []asWritten{
	{`purpose "exempt.legal_obligation"`, "basis.cites", purpose.ErrMissingCitation, "§一.3(a)", "needs the law or administrative regulation"},
	{`purpose "exempt.national_security"`, "basis.cites", purpose.ErrMissingCitation, "§一.3(b)", "needs the law or administrative regulation"},
	{`purpose "exempt.public_interest"`, "basis.cites", purpose.ErrMissingCitation, "§一.3(c)", "needs the law or administrative regulation"},
	{`purpose "exempt.criminal_justice"`, "basis.cites", purpose.ErrMissingCitation, "§一.3(d)", "needs the law or administrative regulation"},
	{`purpose "exempt.secure_operation"`, "basis.cites", purpose.ErrMissingCitation, "§一.3(i)", "cites a national or industry standard, which is not a law"},
	{`purpose "exempt.academic_research"`, "basis", purpose.ErrNoStatutoryBasis, "§一.3(k)", "maps to no PIPL art. 13 ground"},
	{`purpose "exempt.other_law"`, "basis.cites", purpose.ErrMissingCitation, "§一.3(l)", "(PIPL art. 13(1)(7))"},
	{`purpose "analytics.user_database"`, "basis", purpose.ErrNoStatutoryBasis, "§一.4(b)", "there is no legitimate-interest ground"},
	{`purpose "legal.disclosure"`, "basis.cites", purpose.ErrMissingCitation, "§三.1(b)", "needs the law or administrative regulation"},
	{`purpose "affiliates.sharing"`, "recipients", purpose.ErrUndeclaredRecipient, "§三.1(c)", "operation share needs a declared recipient"},
	{`purpose "corporate.succession"`, "recipients", purpose.ErrUndeclaredRecipient, "§三.3(b)", "operation transfer needs a declared recipient with role successor"},
	{`purpose "security.incident_notice"`, "basis.cites", purpose.ErrMissingCitation, "§四.8", "needs the law or administrative regulation"},
	{`purpose "export.cross_border"`, "recipients", purpose.ErrCrossBorder, "§五.1", "operation export needs an overseas recipient with country and mechanism"},
}

// TestClipoAsWritten proves the defects README.md lists: loading the policy
// as seed 003 writes it fails, with exactly these problems.
func TestClipoAsWritten(t *testing.T) {
	reg, err := policies.Open("clipo_as_written.json")
	assert.Nil(t, reg, "nothing is built from a policy with problems")
	require.Error(t, err)
	assert.ErrorIs(t, err, purpose.ErrInvalidPolicy)
	var ve *purpose.ValidationError
	require.ErrorAs(t, err, &ve)

	t.Run("exactly_the_documented_problems", func(t *testing.T) {
		var got, want []string
		for _, p := range ve.Problems {
			got = append(got, p.Where+": "+p.Field)
		}
		for _, w := range asWrittenProblems {
			want = append(want, w.where+": "+w.field)
		}
		require.Equal(t, want, got, "%v", err)
		for i, w := range asWrittenProblems {
			p := ve.Problems[i]
			assert.ErrorIs(t, p.Err, w.err, "%s (%s)", p, w.clause)
			assert.Contains(t, p.Err.Error(), w.says, "%s (%s)", p, w.clause)
		}
	})

	for _, tc := range []struct {
		name  string
		where string
		err   error
	}{
		{"academic_research_has_no_PIPL_ground_art13_seed_003_§一.3(k)", `purpose "exempt.academic_research"`, purpose.ErrNoStatutoryBasis},
		{"secure_operation_cites_a_standard_not_a_law_PIPL_art13_1_3_seed_003_§一.3(i)", `purpose "exempt.secure_operation"`, purpose.ErrMissingCitation},
		{"legal_obligation_cites_no_law_PIPL_art13_1_3_seed_003_§一.3(a)", `purpose "exempt.legal_obligation"`, purpose.ErrMissingCitation},
		{"catch_all_cites_no_law_PIPL_art13_1_7_seed_003_§一.3(l)", `purpose "exempt.other_law"`, purpose.ErrMissingCitation},
		{"user_database_right_is_no_PIPL_ground_art13_seed_003_§一.4(b)", `purpose "analytics.user_database"`, purpose.ErrNoStatutoryBasis},
		{"affiliates_unnamed_PIPL_art23_seed_003_§三.1(c)", `purpose "affiliates.sharing"`, purpose.ErrUndeclaredRecipient},
		{"successor_unnamed_PIPL_art22_seed_003_§三.3(b)", `purpose "corporate.succession"`, purpose.ErrUndeclaredRecipient},
		{"export_without_recipient_or_mechanism_PIPL_arts38_39_seed_003_§五.1", `purpose "export.cross_border"`, purpose.ErrCrossBorder},
	} {
		t.Run(tc.name, func(t *testing.T) {
			i := slices.IndexFunc(ve.Problems, func(p purpose.Problem) bool { return p.Where == tc.where })
			require.GreaterOrEqual(t, i, 0, "no problem for %s", tc.where)
			assert.ErrorIs(t, ve.Problems[i].Err, tc.err)
		})
	}

	for _, sentinel := range []error{purpose.ErrMissingCitation, purpose.ErrNoStatutoryBasis, purpose.ErrUndeclaredRecipient, purpose.ErrCrossBorder} {
		assert.ErrorIs(t, err, sentinel)
	}
	assert.True(t, strings.HasPrefix(err.Error(), "purpose: policy has 13 problems:"), err.Error())
}

// The file is well-formed and every purpose without a listed defect is
// lawful as far as loading can tell: dropping the defective purposes leaves
// a policy that compiles. So the list above is the whole of what loading
// detects, and the rest (README.md, "Loads, but still wrong") is left to
// the Guard, the consent ledger and package retention.
func TestClipoAsWrittenRestCompiles(t *testing.T) {
	data, err := policies.FS.ReadFile("clipo_as_written.json")
	require.NoError(t, err)
	p, err := purpose.DecodePolicy(data)
	require.NoError(t, err, "schema problems would hide the law problems")
	require.Len(t, p.Purposes, 28)

	bad := map[string]bool{}
	for _, w := range asWrittenProblems {
		bad[w.where] = true
	}
	p.Purposes = slices.DeleteFunc(p.Purposes, func(d purpose.Purpose) bool {
		return bad[`purpose "`+string(d.ID)+`"`]
	})
	require.Len(t, p.Purposes, 28-len(asWrittenProblems))
	reg, err := purpose.Compile(p)
	require.NoError(t, err)

	// What loads is still not what clipo.json says: the seed's own choices
	// that only later checks catch.
	vc := lookup(t, reg, "service.voice_clone")
	assert.True(t, vc.Core(), "§一.1 calls voice cloning a 核心功能 (PIPL art. 16 says optional)")
	pay := lookup(t, reg, "commerce.payment")
	assert.False(t, pay.Declares(purpose.Collect), "§一 never declares collecting order data")
	assert.True(t, pay.Declares(purpose.Share))
	_, ok := reg.Lookup("product.improve")
	assert.False(t, ok, "§一.2 bundles improvement into support")
	for _, id := range []purpose.ID{"signup.login", "notify.service", "support.customer_service", "cookies.local_storage"} {
		legal, _ := lookup(t, reg, id).Legal(pii.PIPL)
		assert.Equal(t, purpose.Consent, legal.Basis, "%s rests only on the preamble's 'use means consent'", id)
	}
}

// README.md has one row per proven defect, naming the problem's Where and
// Field, the sentinel and the seed clause.
func TestReadmeListsEveryProvenDefect(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	lines := strings.Split(string(readme), "\n")
	sentinels := []struct {
		err  error
		name string
	}{
		{purpose.ErrMissingCitation, "ErrMissingCitation"},
		{purpose.ErrNoStatutoryBasis, "ErrNoStatutoryBasis"},
		{purpose.ErrUndeclaredRecipient, "ErrUndeclaredRecipient"},
		{purpose.ErrCrossBorder, "ErrCrossBorder"},
	}
	for _, w := range asWrittenProblems {
		cell := "`" + w.where + "`: `" + w.field + "`"
		i := slices.IndexFunc(lines, func(l string) bool { return strings.Contains(l, cell) })
		if !assert.GreaterOrEqual(t, i, 0, "README.md has no row for %s", cell) {
			continue
		}
		assert.Contains(t, lines[i], w.clause, "README.md row for %s", cell)
		for _, s := range sentinels {
			if errors.Is(w.err, s.err) {
				assert.Contains(t, lines[i], "`"+s.name+"`", "README.md row for %s", cell)
			}
		}
	}
}
