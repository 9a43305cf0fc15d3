package seeds_test

import (
	"strings"
	"testing"
	"time"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/lawfultest"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/rights"
	"github.com/lawfulgo/lawful/subject"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// This file tests seed 004 (即创, Beijing Ocean Engine); the helpers are in
// helpers_test.go.

// Recipient names of 004-jichuang/policy.json besides stateOrgans and
// emergencyPolice. Seed 004 names none of its partners; these are
// descriptions of the roles it gives them.
const (
	s04Verify    = "Identity verification service provider (实名认证服务机构)"
	s04Support   = "Customer service provider (客户服务提供商)"
	s04Security  = "Security service partner (安全保障合作方)"
	s04Analytics = "Product analytics partner (产品分析合作方)"
	s04Research  = "Partner research institute (合作科研院所、高校)"
	s04Cohost    = "Co-organiser of a joint marketing event (联合营销活动合作方)"
	s04Rewards   = "Reward fulfilment provider (奖励兑现受托合作方)"
)

const s04Policy = "004-jichuang/policy.json"

// TestSeed004 checks 004-jichuang/policy.json, the lawful reading of seed
// 004, clause by clause. Sections follow the seed's 目录 (一 … 九); the body
// prints only sub-numbers (§四 5.1, §五(六)), so paragraphs are named by
// their subject (§一 麦克风 para).
func TestSeed004(t *testing.T) {
	reg := openSeed(t, s04Policy)

	t.Run("controller_contact_and_version_PIPL_art17_seed_004_引言_§九", func(t *testing.T) {
		p := reg.Policy()
		assert.Equal(t, "北京巨量引擎网络技术有限公司", p.Controller.Name.ZH)
		assert.Contains(t, p.Controller.Contact, "chuangyi@bytedance.com")
		assert.Contains(t, p.Controller.Contact, "aic.oceanengine.com")
		assert.Equal(t, "2025-04-01", p.Version, "本协议版本自【2025】年【4】月【01】日起发布并生效")
		assert.Equal(t, []pii.Law{pii.PIPL}, reg.Regimes())
		assert.Equal(t, "即创", p.Name.ZH)
	})

	C, U, S, Sh, E := purpose.Collect, purpose.Use, purpose.Store, purpose.Share, purpose.Entrust
	cus := []purpose.Operation{C, U, S}
	cuse := []purpose.Operation{C, U, S, E}
	everything := disclosable(t, reg, "credential")
	row := func(r purposeRow, b purpose.Basis, cites string) purposeRow { r.basis, r.cites = b, cites; return r }
	adults := purpose.AdultsOnly // §七: the products and services are for adults and entity representatives

	checkPurposes(t, reg, []purposeRow{
		{name: "login_on_contract_PIPL_art13_1_2_seed_004_§一_账号",
			id: "signup.login", basis: purpose.Contract, core: true, required: "account.id,credential.otp",
			optional: "contact.phone,contact.email,account.avatar,account.nickname,credential.password", ops: cus, retention: "account", traits: adults},
		row(purposeRow{name: "network_logs_on_legal_duty_CSL_art21_seed_004_§一_运行情况",
			id: "ops.logging", core: true, required: "activity.service_log", optional: "device.os", ops: cus, retention: "logs"},
			purpose.LegalDuty, "Cybersecurity Law art. 21(3)"),
		{name: "usage_analysis_optional_on_consent_PIPL_arts13_16_seed_004_§一_运行情况",
			id: "analytics.usage", basis: purpose.Consent,
			optional: "work.employer,activity.browsing,activity.app_usage,activity.clicks,activity.media_consumption,device.os", ops: cus, retention: "analytics", traits: adults},
		{name: "materials_and_camera_on_contract_optional_PIPL_art16_seed_004_§一_存储_相机",
			id: "service.device_capture", basis: purpose.Contract, optional: "content.image,content.video,content.audio", ops: cus, retention: "media", traits: adults},
		{name: "voice_cloning_on_separate_consent_PIPL_arts28_29_DSP_art14_seed_004_§一_麦克风",
			id: "service.voice_clone", basis: purpose.Consent, required: "biometric.voice_sample,biometric.voiceprint",
			optional: "content.audio,content.generated", ops: cus, retention: "voice", traits: purpose.BiometricEditing | adults},
		{name: "deidentified_research_on_consent_institute_named_PIPL_arts13_23_73_seed_004_§一_研究_§四_6.3",
			id: "research.deidentified", basis: purpose.Consent,
			optional: "activity.app_usage,activity.clicks,activity.media_consumption,work.employer", ops: []purpose.Operation{U, Sh},
			recipients: map[string]purpose.Role{s04Research: purpose.Independent}, retention: "research", traits: adults},
		{name: "marketing_decision_support_on_consent_decides_automatically_PIPL_arts24_73_2_seed_004_§一_去标识化研究",
			id: "marketing.decision_support", basis: purpose.Consent,
			optional: "activity.app_usage,activity.clicks,activity.media_consumption,work.employer", ops: []purpose.Operation{U},
			retention: "research", traits: purpose.AutomatedDecision | purpose.Marketing | adults},
		row(purposeRow{name: "real_name_on_CSL_art24_without_face_entrusted_PIPL_arts13_1_3_21_seed_004_§四_5.1",
			id: "legal.real_name", required: "basic.name,identity.national_id", optional: "contact.phone", ops: cuse,
			recipients: map[string]purpose.Role{s04Verify: purpose.Entrusted}, retention: "real_name", traits: adults},
			purpose.LegalDuty, "Cybersecurity Law art. 24"),
		{name: "face_verification_on_separate_consent_PIPL_arts28_29_seed_004_§四_5.1",
			id: "security.face_verification", basis: purpose.Consent, required: "biometric.face_image,biometric.face",
			ops: []purpose.Operation{C, U, E}, recipients: map[string]purpose.Role{s04Verify: purpose.Entrusted}, retention: "face", traits: adults},
		{name: "customer_service_on_contract_entrusted_PIPL_arts13_1_2_21_seed_004_§四_5.2",
			id: "support.customer_service", basis: purpose.Contract, required: "account.id,communication.support_records", ops: cuse,
			recipients: map[string]purpose.Role{s04Support: purpose.Entrusted}, retention: "account", traits: adults},
		{name: "security_on_contract_not_legitimate_interests_PIPL_art13_seed_004_§四_6.1",
			id: "security.risk_control", basis: purpose.Contract, core: true, required: "account.id,activity.service_log",
			optional: "device.model,device.os,device.ip", ops: cuse, recipients: map[string]purpose.Role{s04Security: purpose.Entrusted}, retention: "account", traits: adults},
		{name: "crash_analysis_optional_on_consent_entrusted_PIPL_arts16_21_seed_004_§四_6.2",
			id: "ops.diagnostics", basis: purpose.Consent, required: "activity.crash_diagnostics",
			optional: "activity.app_usage,device.id.install_id", ops: cuse, recipients: map[string]purpose.Role{s04Analytics: purpose.Entrusted}, retention: "analytics", traits: adults},
		{name: "marketing_events_on_consent_cohost_joint_rewards_entrusted_PIPL_arts20_21_23_seed_004_§四_营销活动",
			id: "marketing.campaign", basis: purpose.Consent, required: "basic.name,contact.phone", optional: "contact.address,finance.bank_account",
			ops:        []purpose.Operation{C, U, S, Sh, E},
			recipients: map[string]purpose.Role{s04Cohost: purpose.Joint, s04Rewards: purpose.Entrusted}, retention: "marketing", traits: purpose.Marketing | adults},
		{name: "security_cookies_on_contract_PIPL_art13_1_2_seed_004_§二",
			id: "cookies.local_storage", basis: purpose.Contract, core: true, required: "credential.session_token,device.cookie_id", ops: cus, retention: "cookies", traits: adults},
		{name: "search_history_optional_on_consent_PIPL_art16_seed_004_§二",
			id: "cookies.preferences", basis: purpose.Consent, optional: "activity.search", ops: cus, retention: "cookies", traits: adults},
		row(purposeRow{name: "lawful_demands_on_cited_legal_duty_PIPL_art13_1_3_seed_004_§一_(1)-(4)_§四_(2)-(4)",
			id: "legal.disclosure", core: true, optional: everything.String(), ops: []purpose.Operation{U, Sh},
			recipients: map[string]purpose.Role{stateOrgans: purpose.Authority}, retention: "account"},
			purpose.LegalDuty, "Cybersecurity Law art. 28; Criminal Procedure Law art. 54"),
		{name: "emergency_on_PIPL_art13_1_4_seed_004_§一_(5)_§四_(5)",
			id: "safety.emergency", basis: purpose.Emergency, core: true, optional: "account.id,basic.name,contact.phone,contact.email",
			ops: []purpose.Operation{U, Sh}, recipients: map[string]purpose.Role{emergencyPolice: purpose.Independent}, retention: "emergency"},
		row(purposeRow{name: "incident_notices_on_legal_duty_PIPL_art57_seed_004_§五(六)",
			id: "security.incident_notice", core: true, optional: "contact.phone,contact.email", ops: []purpose.Operation{U}, retention: "account"},
			purpose.LegalDuty, "Personal Information Protection Law art. 57"),
		row(purposeRow{name: "rights_requests_on_legal_duty_PIPL_art50_seed_004_§六_§九(二)",
			id: "rights.request_handling", core: true, required: "account.id", optional: "contact.email,contact.phone", ops: cus, retention: "account"},
			purpose.LegalDuty, "Personal Information Protection Law art. 50"),
	})

	t.Run("every_ground_is_a_PIPL_art13_ground_and_every_legal_duty_cites_a_law", func(t *testing.T) {
		for _, c := range reg.Purposes() {
			legal, _ := c.Legal(pii.PIPL)
			assert.Equal(t, legal.Basis, legal.Basis.Ground(pii.PIPL), "%s", c.ID())
			if legal.Basis == purpose.LegalDuty {
				assert.Contains(t, legal.Cites, " art. ", "%s", c.ID())
			}
		}
	})

	t.Run("sensitive_data_only_on_separate_consent_or_a_cited_duty_PIPL_arts28_29_seed_004_§四_5.1", func(t *testing.T) {
		want := map[purpose.ID]string{
			"analytics.usage":            "activity.browsing",
			"service.voice_clone":        "biometric.voice_sample,biometric.voiceprint",
			"legal.real_name":            "identity.national_id",
			"security.face_verification": "biometric.face,biometric.face_image",
			"marketing.campaign":         "finance.bank_account",
			"legal.disclosure":           everything.Sensitive(pii.PIPL).String(),
		}
		got := map[purpose.ID]string{}
		for _, c := range reg.Purposes() {
			if s := c.Sensitive(pii.PIPL); !s.IsEmpty() {
				got[c.ID()] = s.String()
				legal, _ := c.Legal(pii.PIPL)
				assert.Contains(t, []purpose.Basis{purpose.Consent, purpose.LegalDuty}, legal.Basis, "%s", c.ID())
				assert.False(t, c.Core() && legal.Basis == purpose.Consent, "%s", c.ID())
			}
		}
		for id, s := range want {
			want[id] = pii.MustParseSet(s).String()
		}
		assert.Equal(t, want, got)
	})

	t.Run("face_data_is_kept_out_of_the_real_name_duty_PIPL_art6_seed_004_§四_5.1", func(t *testing.T) {
		face := pii.MustParseSet("biometric.face,biometric.face_image")
		assert.False(t, lookup(t, reg, "legal.real_name").Categories().Overlaps(face))
		assert.Equal(t, lookup(t, reg, "legal.real_name").Recipients(), lookup(t, reg, "security.face_verification").Recipients(), "one verification provider")
	})

	t.Run("nothing_exported_transferred_or_disclosed_PIPL_arts22_25_38_seed_004_§三_§四", func(t *testing.T) {
		for _, c := range reg.Purposes() {
			for _, op := range []purpose.Operation{purpose.Export, purpose.Transfer, purpose.Disclose} {
				assert.False(t, c.Declares(op), "%s declares %v", c.ID(), op)
			}
		}
	})

	t.Run("only_marketing_decision_support_decides_automatically_PIPL_arts24_73_2_seed_004_§一_去标识化研究", func(t *testing.T) {
		var automated []purpose.ID
		for _, c := range reg.Purposes() {
			if c.Traits().Has(purpose.AutomatedDecision) {
				automated = append(automated, c.ID())
			}
		}
		assert.Equal(t, []purpose.ID{"marketing.decision_support"}, automated, "the seed personalises nothing else; 推荐记录 are records, not a declared recommendation purpose")
	})

	t.Run("every_service_purpose_is_adults_only_legal_duties_and_emergencies_are_not_seed_004_§七_CSL_art21_PIPL_arts13_1_4_50_57", func(t *testing.T) {
		var open []purpose.ID
		for _, c := range reg.Purposes() {
			if !c.Traits().Has(purpose.AdultsOnly) {
				open = append(open, c.ID())
			}
		}
		assert.Equal(t, []purpose.ID{"ops.logging", "legal.disclosure", "safety.emergency", "security.incident_notice", "rights.request_handling"}, open,
			"a minor who used the platform anyway still has logs kept, lawful demands met, emergencies handled, incidents notified and a guardian's deletion request answered")
	})

	t.Run("only_consent_purposes_are_optional_extras_PIPL_art16_seed_004_引言_item_2", func(t *testing.T) {
		for _, c := range reg.Purposes() {
			legal, _ := c.Legal(pii.PIPL)
			if legal.Basis == purpose.Consent {
				assert.False(t, c.Core(), "%s", c.ID())
			}
		}
	})

	all4 := []string{"purpose_achieved", "account_closed", "deletion_requested", "service_terminated"}
	checkRetention(t, reg, "every_retention_entry_listed", []retentionRow{
		{"account_kept_only_as_long_as_needed_PIPL_arts19_47_seed_004_§三_§六", "account",
			retentionRule{EndsOn: all4, Action: "delete", Cites: "PIPL arts. 19, 47; seed 004 §三, §六"}, ""},
		{"logs_kept_six_months_minimum_CSL_art21_3", "logs",
			retentionRule{Keep: "P6M", Minimum: "P6M", MinimumCites: "Cybersecurity Law art. 21(3)", Action: "delete", Cites: "PIPL art. 19"}, ""},
		{"analytics_ends_with_consent_PIPL_art47_3_seed_004_§六", "analytics", retentionRule{Action: "delete", Cites: "PIPL art. 47(3)"}, ""},
		{"materials_deleted_with_the_feature_or_account_PIPL_art47_1_seed_004_§三", "media",
			retentionRule{EndsOn: all4, Action: "delete", Cites: "PIPL art. 47(1)"}, ""},
		{"voice_deleted_on_any_ending_trigger_PIPL_art47_DSP_art14", "voice",
			retentionRule{Action: "delete", Cites: "PIPL art. 47; Deep Synthesis Provisions art. 14"}, ""},
		{"research_data_anonymised_when_consent_ends_PIPL_arts4_47_3", "research", retentionRule{Action: "anonymise", Cites: "PIPL arts. 4, 47(3)"}, ""},
		{"real_name_kept_while_the_account_exists_CSL_art24", "real_name",
			retentionRule{EndsOn: []string{"account_closed", "deletion_requested", "service_terminated"}, Action: "delete", Cites: "Cybersecurity Law art. 24; PIPL art. 47"}, ""},
		{"face_deleted_once_verified_PIPL_arts6_47_seed_004_§四_5.1", "face", retentionRule{Action: "delete", Cites: "PIPL arts. 6, 47(1); seed 004 §四 5.1"}, ""},
		{"marketing_data_deleted_after_the_reward_PIPL_art47", "marketing", retentionRule{Action: "delete", Cites: "PIPL art. 47(1), (3)"}, ""},
		{"cookies_cleared_by_the_user_seed_004_§二", "cookies", retentionRule{Action: "delete", Cites: "seed 004 §二"}, ""},
		{"emergency_data_ends_with_the_emergency_PIPL_art47_1", "emergency", retentionRule{EndsOn: all4, Action: "delete", Cites: "PIPL art. 47(1)"}, ""},
	})
}

// s04AsWritten is what loading 004-jichuang/as_written.json reports, in
// order. README.md ("Proven when the file loads") has the same rows.
var s04AsWritten = []problem{
	{`purpose "affiliates.inbound"`, "categories", purpose.ErrMissingField, "§一 关联公司分享 para", "declare the categories"},
	{`purpose "affiliates.inbound"`, "basis.cites", purpose.ErrMissingCitation, "§一 关联公司分享 para", "names no article"},
	{`purpose "research.deidentified"`, "basis", purpose.ErrNoStatutoryBasis, "§一 去标识化研究 para", "maps to no PIPL art. 13 ground"},
	{`purpose "exempt.legal_obligation"`, "basis.cites", purpose.ErrMissingCitation, "§一 例外（1）", "needs the law or administrative regulation"},
	{`purpose "exempt.national_security"`, "basis.cites", purpose.ErrMissingCitation, "§一 例外（2）", "needs the law or administrative regulation"},
	{`purpose "exempt.public_interest"`, "basis.cites", purpose.ErrMissingCitation, "§一 例外（3）", "needs the law or administrative regulation"},
	{`purpose "exempt.criminal_justice"`, "basis.cites", purpose.ErrMissingCitation, "§一 例外（4）", "needs the law or administrative regulation"},
	{`purpose "exempt.secure_operation"`, "basis.cites", purpose.ErrMissingCitation, "§一 例外（9）", "cites a national or industry standard"},
	{`purpose "exempt.academic_research"`, "basis", purpose.ErrNoStatutoryBasis, "§一 例外（11）", "maps to no PIPL art. 13 ground"},
	{`purpose "exempt.other_law"`, "basis.cites", purpose.ErrMissingCitation, "§一 例外（12）", "names no particular law"},
	{`purpose "export.cross_border"`, "recipients", purpose.ErrCrossBorder, "§三", "operation export needs an overseas recipient"},
	{`purpose "legal.real_name"`, "basis.cites", purpose.ErrMissingCitation, "§四 5.1", "names no particular law"},
	{`purpose "security.risk_control"`, "basis", purpose.ErrNoStatutoryBasis, "§四 6.1", "there is no legitimate-interest ground"},
	{`purpose "corporate.succession"`, "recipients", purpose.ErrUndeclaredRecipient, "§四 合并收购 para", "operation transfer needs a declared recipient with role successor"},
	{`purpose "exempt_sharing.contract"`, "recipients", purpose.ErrUndeclaredRecipient, "§四 例外（1）", "operation share needs a declared recipient"},
	{`purpose "exempt_sharing.legal_duty"`, "recipients", purpose.ErrUndeclaredRecipient, "§四 例外（2）", "operation share needs a declared recipient"},
	{`purpose "exempt_sharing.legal_duty"`, "basis.cites", purpose.ErrMissingCitation, "§四 例外（2）", "needs the law or administrative regulation"},
	{`purpose "exempt_sharing.national_security"`, "basis.cites", purpose.ErrMissingCitation, "§四 例外（3）", "needs the law or administrative regulation"},
	{`purpose "exempt_sharing.criminal_justice"`, "basis.cites", purpose.ErrMissingCitation, "§四 例外（4）", "needs the law or administrative regulation"},
	{`purpose "exempt_sharing.emergency"`, "recipients", purpose.ErrUndeclaredRecipient, "§四 例外（5）", "operation share needs a declared recipient"},
	{`purpose "exempt_sharing.news"`, "recipients", purpose.ErrUndeclaredRecipient, "§四 例外（6）", "operation share needs a declared recipient"},
	{`purpose "exempt_sharing.public_information"`, "recipients", purpose.ErrUndeclaredRecipient, "§四 例外（7）", "operation share needs a declared recipient"},
	{`purpose "exempt_sharing.lawfully_disclosed"`, "recipients", purpose.ErrUndeclaredRecipient, "§四 例外（8）", "operation share needs a declared recipient"},
	{`purpose "exempt_sharing.other_law"`, "recipients", purpose.ErrUndeclaredRecipient, "§四 例外（9）", "operation share needs a declared recipient"},
	{`purpose "exempt_sharing.other_law"`, "basis.cites", purpose.ErrMissingCitation, "§四 例外（9）", "(PIPL art. 13(1)(7))"},
	{`purpose "security.incident_notice"`, "basis.cites", purpose.ErrMissingCitation, "§五（六）", "names no particular law"},
}

// TestSeed004AsWritten proves the defects README.md lists: loading the
// policy as seed 004 writes it fails with exactly these problems.
func TestSeed004AsWritten(t *testing.T) {
	ve := checkAsWritten(t, "004-jichuang/as_written.json", s04AsWritten)
	assert.True(t, strings.HasPrefix(ve.Error(), "purpose: policy has 26 problems:"), ve.Error())

	checkNamedProblems(t, ve, []namedProblem{
		{"affiliates_share_unnamed_data_with_us_PIPL_arts6_17_seed_004_§一_关联公司分享", `purpose "affiliates.inbound"`, "categories", "", purpose.ErrMissingField},
		{"deidentified_research_without_consent_has_no_PIPL_ground_art13_seed_004_§一_去标识化研究", `purpose "research.deidentified"`, "basis", "", purpose.ErrNoStatutoryBasis},
		{"exemption_list_cites_no_law_PIPL_art13_1_3_seed_004_§一_(1)-(4)", `purpose "exempt.national_security"`, "basis.cites", "", purpose.ErrMissingCitation},
		{"national_standard_is_not_a_law_PIPL_art13_1_3_seed_004_§一_(9)", `purpose "exempt.secure_operation"`, "basis.cites", "", purpose.ErrMissingCitation},
		{"academic_research_has_no_PIPL_ground_art13_seed_004_§一_(11)", `purpose "exempt.academic_research"`, "basis", "", purpose.ErrNoStatutoryBasis},
		{"transfer_abroad_without_recipient_or_mechanism_PIPL_arts38_39_seed_004_§三", `purpose "export.cross_border"`, "recipients", "", purpose.ErrCrossBorder},
		{"real_name_on_unnamed_laws_and_security_requirements_PIPL_art13_1_3_seed_004_§四_5.1", `purpose "legal.real_name"`, "basis.cites", "", purpose.ErrMissingCitation},
		{"legitimate_rights_and_interests_are_no_PIPL_ground_art13_seed_004_§四_6.1", `purpose "security.risk_control"`, "basis", "", purpose.ErrNoStatutoryBasis},
		{"successor_unnamed_PIPL_art22_seed_004_§四_合并收购", `purpose "corporate.succession"`, "recipients", "", purpose.ErrUndeclaredRecipient},
		{"sharing_without_consent_names_no_recipient_PIPL_art23_seed_004_§四_(1)", `purpose "exempt_sharing.contract"`, "recipients", "", purpose.ErrUndeclaredRecipient},
	})
}

// TestSeed004AsWrittenRest compiles what of the as-written policy loads,
// and shows the Guard refusing what loading cannot see, and what it cannot
// refuse.
func TestSeed004AsWrittenRest(t *testing.T) {
	reg := restOfAsWritten(t, "004-jichuang/as_written.json", 37, 19, s04AsWritten)

	t.Run("what_loads_is_still_not_policy.json", func(t *testing.T) {
		assert.True(t, lookup(t, reg, "ops.usage_records").Core(), "§一 运行情况 para: analytics with browsing history, no way to refuse")
		assert.Equal(t, purpose.OperationsOf(purpose.Disclose), lookup(t, reg, "exempt_sharing.contract").Operations(), "the unnamed share is gone, the disclosure stays")
		for _, id := range []purpose.ID{"legal.real_name", "security.risk_control", "research.deidentified"} {
			_, ok := reg.Lookup(id)
			assert.False(t, ok, "%s", id)
		}
	})

	req := func(id purpose.ID, op purpose.Operation, cats, recipient string, a lawful.Attestation) lawful.Request {
		return lawful.Request{Purpose: id, Operation: op, Categories: pii.MustParseSet(cats), Recipient: recipient, Attest: a}
	}
	opts := lawfultest.Options{Regime: lawful.PIPL()} // §七: adults only, not guardian consent until 18
	checkDecisions(t, reg, opts, []decision{
		{name: "accepting_the_policy_is_not_consent_PIPL_arts14_16_seed_004_引言",
			req: req("ops.usage_records", purpose.Collect, "activity.clicks", "", 0), want: lawful.ErrNoConsent},
		{name: "browsing_history_needs_separate_consent_PIPL_arts28_29_seed_004_§一_运行情况", grant: form(consent.Click),
			req: req("ops.usage_records", purpose.Use, "activity.browsing", "", 0), want: lawful.ErrSeparateConsentRequired},
		{name: "a_microphone_permission_is_not_separate_consent_PIPL_art29_seed_004_§一_麦克风", grant: form(consent.Click),
			req: req("service.voice_clone", purpose.Collect, "biometric.voice_sample", "", 0), want: lawful.ErrSeparateConsentRequired},
		{name: "marketing_bank_account_needs_separate_consent_PIPL_arts28_29_seed_004_§四_营销活动", grant: form(consent.Click),
			req: req("marketing.campaign", purpose.Collect, "finance.bank_account", "", 0), want: lawful.ErrSeparateConsentRequired},
		{name: "disclosure_on_contract_is_refused_PIPL_art25_seed_004_§四_(1)",
			req: req("exempt_sharing.contract", purpose.Disclose, "account.nickname", "", 0), want: lawful.ErrExemptionNotValidForOperation},
		{name: "disclosure_for_news_is_refused_even_within_reasonable_scope_PIPL_art25_seed_004_§四_(6)",
			req: req("exempt_sharing.news", purpose.Disclose, "account.nickname", "", lawful.ReasonableScope), want: lawful.ErrExemptionNotValidForOperation},
		{name: "a_platform_is_not_a_news_organisation_PIPL_art13_1_5_seed_004_§一_(10)",
			req: req("exempt.news", purpose.Use, "account.nickname", "", 0), want: lawful.ErrExemptionConditionFailed},
		{name: "hard_to_get_consent_is_not_an_emergency_PIPL_art13_1_4_seed_004_§一_(5)",
			req: req("exempt.vital_interests", purpose.Use, "contact.phone", "", 0), want: lawful.ErrExemptionConditionFailed},
		{name: "self_published_data_within_reasonable_scope_and_not_refused_PIPL_arts13_1_6_27_seed_004_§一_(6)",
			req: req("exempt.self_published", purpose.Use, "account.nickname", "", lawful.ReasonableScope|lawful.NotRefused)},
		{name: "contract_exemption_cannot_share_GBT_35273_§9.5_seed_004_§一_(8)",
			req: req("exempt.contract", purpose.Share, "contact.phone", "合作方", 0), want: lawful.ErrOperationNotDeclared},
		{name: "a_minor_is_refused_even_with_guardian_consent_adults_only_seed_004_§七_PIPL_art31", subject: child(16, "CN", true), grant: form(consent.Separate),
			req: req("service.voice_clone", purpose.Collect, "biometric.voice_sample", "", 0), want: lawful.ErrServiceNotOfferedToMinors},
		// The limit of the library: "合作方" (partners, which the seed
		// defines as affiliates and third parties) is a description, not a
		// name, yet once declared it passes as a recipient (PIPL art. 23
		// asks for the name and contact).
		{name: "library_cannot_tell_a_description_from_a_recipient_name_PIPL_art23_seed_004_§四_营销活动", grant: form(consent.Separate),
			req: req("marketing.campaign", purpose.Share, "basic.name,contact.phone", "合作方", 0)},
	})
}

// TestSeed004PolicyUpdates shows §八: updates are announced before they
// take effect, and only a reduction of rights needs explicit consent. A
// material version makes earlier consents stale; a reworded one does not.
func TestSeed004PolicyUpdates(t *testing.T) {
	staleAfterMaterialChange(t, s04Policy, lawful.PIPL(), "marketing.campaign", purpose.ChangedCategories|purpose.ChangedRecipients, lawful.Request{
		Purpose: "marketing.campaign", Operation: purpose.Collect, Categories: pii.MustParseSet("basic.name,contact.address"),
	})
}

// TestSeed004ServesPIPLOnly: seed 004 gives no GDPR basis, so a subject
// under GDPR has no ground at all. A scenario file cannot show this: its
// subjects all fall under the file's one regime, which the policy serves.
func TestSeed004ServesPIPLOnly(t *testing.T) {
	servesPIPLOnly(t, s04Policy, lawful.Request{Purpose: "ops.logging", Operation: purpose.Store, Categories: pii.MustParseSet("activity.service_log")},
		"CN_subject_keeps_logs_on_CSL_art21")
}

// TestSeed004AdultsOnly shows §七 at the boundary: the service is for
// adults and entity representatives only (trait adults_only), so a person
// on the 18th birthday is refused whatever a guardian consents to, and is
// an adult the day after (PIPL: age counts from the day after the
// birthday). An unknown birth date is refused too (fail closed).
func TestSeed004AdultsOnly(t *testing.T) {
	reg := openSeed(t, s04Policy)
	r := lawful.Request{Purpose: "service.voice_clone", Operation: purpose.Use, Categories: pii.MustParseSet("biometric.voiceprint")}
	for _, tc := range []struct {
		name string
		days int // days after the 18th birthday
		want error
	}{
		{"18th_birthday_is_still_a_minor_refused_with_guardian_consent_seed_004_§七_SPC_2006_art2", 0, lawful.ErrServiceNotOfferedToMinors},
		{"day_after_the_18th_birthday_is_an_adult_seed_004_§七_SPC_2006_art2", 1, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := lawfultest.New(t, reg, lawfultest.Options{})
			r := r
			r.Subject = w.AgedOnDayBefore(t, 18)
			w.GrantByGuardian(t, w.Guardian(t, r.Subject), r.Subject, consent.Separate, "service.voice_clone")
			w.Grant(t, r.Subject, consent.Separate, "service.voice_clone")
			r.At = w.Clock.Now().AddDate(0, 0, tc.days)
			if tc.want == nil {
				lawfultest.AssertAllowed(t, w.Guard, r)
			} else {
				lawfultest.AssertDenied(t, w.Guard, r, tc.want)
			}
		})
	}
	t.Run("unknown_birth_date_is_refused_fail_closed_seed_004_§七_PIPL_art31", func(t *testing.T) {
		w := lawfultest.New(t, reg, lawfultest.Options{})
		r := r
		r.Subject = w.Add(t, subject.Subject{Jurisdiction: "CN"})
		lawfultest.AssertDenied(t, w.Guard, r, lawful.ErrServiceNotOfferedToMinors)
	})
}

// TestSeed004Guard shows on policy.json what a scenario file cannot: the
// obligations of an automated decision, and the withdrawal of one consent
// record.
func TestSeed004Guard(t *testing.T) {
	reg := openSeed(t, s04Policy)
	use := func(id purpose.ID, cats string, f pii.Form) lawful.Request {
		return lawful.Request{Purpose: id, Operation: purpose.Use, Categories: pii.MustParseSet(cats), Form: f}
	}
	checkDecisions(t, reg, lawfultest.Options{}, []decision{
		{name: "marketing_decision_support_leaves_a_non_personalised_option_and_an_impact_assessment_PIPL_arts24_para2_55_seed_004_§一_去标识化研究",
			grant: form(consent.Click), req: use("marketing.decision_support", "activity.clicks,activity.app_usage", pii.Deidentified),
			obliges: lawful.OfferNonPersonalised | lawful.ImpactAssessment},
		{name: "marketing_decision_support_needs_consent_deidentified_data_is_personal_information_PIPL_art73_3_seed_004_§一_去标识化研究",
			req: use("marketing.decision_support", "activity.clicks", pii.Deidentified), want: lawful.ErrNoConsent},
		{name: "a_16_year_old_with_guardian_consent_is_refused_marketing_support_adults_only_seed_004_§七_PIPL_art31",
			subject: child(16, "CN", true), grant: form(consent.Separate),
			req: use("marketing.decision_support", "activity.clicks", pii.Deidentified), want: lawful.ErrServiceNotOfferedToMinors},
	})

	t.Run("leaving_one_marketing_event_withdraws_that_consent_record_only_PIPL_art15_seed_004_§四_营销活动", func(t *testing.T) {
		w := lawfultest.New(t, reg, lawfultest.Options{})
		r := lawful.Request{Subject: w.Adult(t), Purpose: "marketing.campaign", Operation: purpose.Collect, Categories: pii.MustParseSet("basic.name,contact.address")}
		spring := w.Grant(t, r.Subject, consent.Click, "marketing.campaign") // one event joined
		w.Clock.Advance(time.Hour)
		autumn := w.Grant(t, r.Subject, consent.Click, "marketing.campaign") // another
		w.Clock.Advance(time.Hour)
		w.Append(t, consent.Event{Kind: consent.Withdraw, Subject: r.Subject, Ends: spring.ID})
		lawfultest.AssertAllowed(t, w.Guard, r, "the other event's consent still stands")
		w.Clock.Advance(time.Hour)
		w.Append(t, consent.Event{Kind: consent.Withdraw, Subject: r.Subject, Ends: autumn.ID})
		lawfultest.AssertDenied(t, w.Guard, r, lawful.ErrConsentWithdrawn, "no consent record is left")
	})
}

// TestSeed004Readme checks that README.md has a row for every proven defect.
func TestSeed004Readme(t *testing.T) {
	require.FileExists(t, "004-jichuang/README.md")
	readmeListsEveryProvenDefect(t, "004-jichuang/README.md", s04AsWritten)
}

// TestSeed004RightsDeadlines wires §九(二) into the rights engine
// (seeds.Rights): 15 working days after identity verification, counted on
// the working-day calendar; and §七's deletion of a minor's data on notice
// is a guardian's request like any other (PIPL art. 31; MOR art. 34).
func TestSeed004RightsDeadlines(t *testing.T) {
	checkDeadlines(t, "004-jichuang", pii.PIPL, openSeed(t, s04Policy), []deadlineRow{
		{name: "deletion_15_working_days_after_verification_skipping_spring_festival_seed_004_§九(二)_PIPL_art47",
			kind: rights.Delete, received: "2026-02-10T09:00:00+08:00", verified: "2026-02-12T16:00:00+08:00", due: "2026-03-11", cites: "004 §九(二)"},
		{name: "transfer_request_waits_for_verification_seed_004_§六_§九(二)_PIPL_art45_para3",
			kind: rights.Port, received: "2026-02-10T09:00:00+08:00", cites: "004 §九(二)"},
		{name: "guardian_asks_to_delete_a_minors_data_15_working_days_seed_004_§七_§九(二)_PIPL_art31",
			kind: rights.Delete, guardian: true, received: "2026-09-21T09:00:00+08:00", verified: "2026-09-22T15:00:00+08:00", due: "2026-10-19", cites: "004 §九(二)"},
	})
}
