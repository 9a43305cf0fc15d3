package seeds_test

import (
	"strings"
	"testing"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/lawfultest"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/rights"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// This file tests seed 000 (趣丸千音 All Voice Lab); the helpers are in
// helpers_test.go.

// s00Google is the one recipient seed 000 names, and the only overseas one.
const s00Google = "Google LLC (YouTube)"

const s00Policy = "000-allvoicelab/policy.json"

// TestSeed000 checks 000-allvoicelab/policy.json, the lawful reading of
// seed 000, clause by clause.
func TestSeed000(t *testing.T) {
	reg := openSeed(t, s00Policy)

	t.Run("controller_contact_and_version_PIPL_art17_seed_000_特别提醒_§10", func(t *testing.T) {
		p := reg.Policy()
		assert.Equal(t, "上海玲光乍现科技有限公司", p.Controller.Name.ZH)
		assert.Contains(t, p.Controller.Contact, "team@allvoicelab.com")
		assert.Contains(t, p.Controller.Contact, "广州市天河区广电平云广场b塔20楼")
		assert.Equal(t, "2026-05-20", p.Version)
		assert.Equal(t, "趣丸千音", p.Name.ZH)
		assert.Equal(t, []pii.Law{pii.PIPL}, reg.Regimes(), "the policy is written for PRC law only")
	})

	C, U, S, Sh, X := purpose.Collect, purpose.Use, purpose.Store, purpose.Share, purpose.Export
	cus := []purpose.Operation{C, U, S}
	checkPurposes(t, reg, []purposeRow{
		{name: "site_statistics_optional_on_consent_PIPL_arts13_16_seed_000_§1.1",
			id: "analytics.usage", basis: purpose.Consent, required: "activity.clicks,activity.browsing", ops: cus, retention: "analytics"},
		{name: "login_by_phone_and_code_on_contract_PIPL_art13_1_2_seed_000_§1.2.1",
			id: "signup.login", basis: purpose.Contract, core: true, required: "contact.phone,credential.otp,account.id", ops: cus, retention: "account"},
		{name: "real_name_phone_on_legal_duty_CSL_art24_seed_000_§1.2.1",
			id: "legal.real_name", basis: purpose.LegalDuty, cites: "Cybersecurity Law art. 24", core: true,
			required: "contact.phone", optional: "identity.verification_result", ops: cus, retention: "account"},
		{name: "avatar_and_nickname_optional_PIPL_art16_seed_000_§1.2.2",
			id: "signup.profile_extras", basis: purpose.Consent, optional: "account.avatar,account.nickname", ops: cus, retention: "account"},
		{name: "media_processing_on_contract_only_for_processing_PIPL_arts6_13_seed_000_§1.3",
			id: "service.media_processing", basis: purpose.Contract, core: true,
			optional: "content.audio,content.video,content.generated", ops: cus, retention: "media"},
		{name: "paid_functions_on_contract_no_undeclared_payment_institution_PIPL_arts13_23_seed_000_§1.3",
			id: "commerce.payment", basis: purpose.Contract, core: true, required: "finance.order",
			optional: "finance.payment_record,finance.bank_card,finance.credit_card", ops: cus, retention: "orders"},
		{name: "complaints_on_legal_duty_never_shared_CSL_art49_PIPL_art50_seed_000_§1.4_§5.7",
			id: "support.complaints", basis: purpose.LegalDuty, cites: "Cybersecurity Law art. 49; Personal Information Protection Law art. 50", core: true,
			required: "communication.support_records", optional: "identity.national_id,identity.id_document_image,contact.email,contact.phone,account.id",
			ops: cus, retention: "account"},
		{name: "abnormal_account_verification_on_contract_PIPL_art13_1_2_seed_000_§1.4",
			id: "security.account_verification", basis: purpose.Contract, required: "account.id,contact.phone", optional: "identity.national_id",
			ops: cus, retention: "account"},
		{name: "camera_optional_on_consent_PIPL_arts15_16_seed_000_§1.5(1)",
			id: "service.device_capture", basis: purpose.Consent, optional: "content.image,content.video", ops: cus, retention: "media"},
		{name: "voice_recording_optional_on_separate_consent_DSP_art14_PIPL_art29_seed_000_§1.5(2)",
			id: "service.voice_clone", basis: purpose.Consent, required: "biometric.voice_sample,content.text",
			optional: "biometric.voiceprint,content.generated", ops: cus, retention: "voice", traits: purpose.BiometricEditing},
		{name: "network_logs_on_legal_duty_CSL_art21_seed_000_§1.7(8)",
			id: "ops.logging", basis: purpose.LegalDuty, cites: "Cybersecurity Law art. 21(3)", core: true,
			required: "activity.service_log,device.ip,account.id", ops: cus, retention: "logs"},
		{name: "emergency_on_PIPL_art13_1_4_seed_000_§1.7(4)_§3.4(4)",
			id: "safety.emergency", basis: purpose.Emergency, core: true, optional: "account.id,contact.phone,identity.verification_result",
			ops: []purpose.Operation{U, Sh}, recipients: map[string]purpose.Role{emergencyPolice: purpose.Independent}, retention: "emergency"},
		{name: "cookies_on_contract_PIPL_art13_1_2_seed_000_§2",
			id: "cookies.local_storage", basis: purpose.Contract, core: true, required: "device.cookie_id,credential.session_token", ops: cus, retention: "cookies"},
		{name: "youtube_upload_is_an_export_to_Google_in_the_US_PIPL_arts38_39_seed_000_§3.1.1",
			id: "service.share_external", basis: purpose.Consent, required: "account.third_party_id,account.third_party_profile",
			optional: "content.video,content.generated", ops: []purpose.Operation{C, U, S, X},
			recipients: map[string]purpose.Role{s00Google: purpose.Independent},
			overseas:   map[string]abroad{s00Google: {"US", purpose.ContractNecessity}}, retention: "account"},
		{name: "lawful_demands_on_cited_legal_duty_PIPL_art13_1_3_seed_000_§3.3(2)",
			id: "legal.disclosure", basis: purpose.LegalDuty, cites: "Cybersecurity Law art. 28; Criminal Procedure Law art. 54", core: true,
			optional: disclosable(t, reg, "").String(), ops: []purpose.Operation{U, Sh},
			recipients: map[string]purpose.Role{stateOrgans: purpose.Authority}, retention: "account"},
		{name: "incident_notice_on_legal_duty_PIPL_art57_seed_000_§4.7",
			id: "security.incident_notice", basis: purpose.LegalDuty, cites: "Personal Information Protection Law art. 57", core: true,
			optional: "contact.phone,contact.email", ops: []purpose.Operation{U}, retention: "account"},
		{name: "rights_requests_on_legal_duty_PIPL_art50_seed_000_§5_§10",
			id: "rights.request_handling", basis: purpose.LegalDuty, cites: "Personal Information Protection Law art. 50", core: true,
			required: "account.id", optional: "contact.email,contact.phone,identity.verification_result", ops: cus, retention: "account"},
		{name: "guardian_verification_on_legal_duty_PIPL_art31_seed_000_§6",
			id: "minor.guardian_verification", basis: purpose.LegalDuty, cites: "Personal Information Protection Law art. 31", core: true,
			required: "social.family", optional: "basic.birth_date,contact.phone", ops: cus, retention: "account"},
	})

	t.Run("legal_disclosure_covers_every_collected_category_but_secrets_PIPL_art13_1_3_seed_000_§3.3(2)", func(t *testing.T) {
		c := lookup(t, reg, "legal.disclosure")
		assert.True(t, c.Required().IsEmpty(), "only what a demand names goes out")
		assert.True(t, c.Categories().Secret().IsEmpty())
		assert.False(t, c.Declares(purpose.Disclose), "§3.3(2) is a provision to the requesting organ, not publication")
	})

	t.Run("biometrics_only_on_the_optional_separate_consent_voice_purpose_PIPL_arts16_28_29_DSP_art14_seed_000_§1.5(2)", func(t *testing.T) {
		var seen []purpose.ID
		for _, c := range reg.Purposes() {
			if c.ID() == "legal.disclosure" || !c.Categories().Overlaps(pii.MustParseSet("biometric")) {
				continue
			}
			seen = append(seen, c.ID())
			legal, _ := c.Legal(pii.PIPL)
			assert.Equal(t, purpose.Consent, legal.Basis)
			assert.False(t, c.Core(), "refusing the microphone must not cost the basic service")
			assert.True(t, c.Traits().Has(purpose.BiometricEditing), "the edited person's own separate consent")
		}
		assert.Equal(t, []purpose.ID{"service.voice_clone"}, seen)
	})

	t.Run("every_ground_is_a_PIPL_art13_ground_and_every_legal_duty_cites_a_law", func(t *testing.T) {
		for _, c := range reg.Purposes() {
			legal, _ := c.Legal(pii.PIPL)
			assert.Equal(t, legal.Basis, legal.Basis.Ground(pii.PIPL), "%s: a statutory ground, not a GB/T item", c.ID())
			if legal.Basis == purpose.LegalDuty {
				assert.Contains(t, legal.Cites, " art. ", "%s", c.ID())
			}
		}
	})

	t.Run("only_Google_is_overseas_and_nothing_is_transferred_or_published_PIPL_arts22_25_38_seed_000_§3.2_§3.3_§7", func(t *testing.T) {
		for _, c := range reg.Purposes() {
			assert.False(t, c.Declares(purpose.Transfer), "%s", c.ID())
			assert.False(t, c.Declares(purpose.Disclose), "%s: §3.3(1), (3) publication has no lawful form here", c.ID())
			assert.Equal(t, c.ID() == "service.share_external", c.Declares(purpose.Export), "%s", c.ID())
			for _, r := range c.Recipients() {
				assert.Equal(t, r.Name == s00Google, r.Overseas(), "%s: %s", c.ID(), r.Name)
				assert.NotEqual(t, purpose.Affiliate, r.Role, "%s: §3.1.2 names no affiliate", c.ID())
			}
		}
	})

	t.Run("no_training_purpose_and_media_never_shared_PIPL_art6_seed_000_§1.3", func(t *testing.T) {
		_, ok := reg.Lookup("ai.model_training")
		assert.False(t, ok)
		mp := lookup(t, reg, "service.media_processing")
		assert.False(t, mp.Declares(purpose.Share))
		assert.False(t, lookup(t, reg, "support.complaints").Operations().Has(purpose.Share), "§1.4: 不会向第三方进行共享")
	})

	t.Run("retention_seed_000_§4.3_§5.3_§5.5_CSL_art21_NDSMR_art21", func(t *testing.T) {
		checkRetention(t, reg, "", []retentionRow{
			{"", "account", retentionRule{Action: "delete", Cites: "PIPL art. 47; seed 000 §4.3, §5.3, §5.5"}, "next backup update"},
			{"", "logs", retentionRule{Keep: "P6M", Minimum: "P6M", MinimumCites: "Cybersecurity Law art. 21(3)", Action: "delete", Cites: "PIPL art. 19"}, "six months"},
			{"", "media", retentionRule{Action: "delete", Cites: "PIPL art. 47(1); seed 000 §1.3"}, "only temporarily"},
			{"", "voice", retentionRule{Action: "delete", Cites: "PIPL art. 47(1), (3); seed 000 §5.4"}, "withdraw the microphone authorisation"},
			{"orders_kept_while_needed_no_card_promise_the_text_does_not_make_PIPL_art47_1_seed_000_§1.3_§4.3", "orders", retentionRule{EndsOn: []string{"purpose_achieved", "deletion_requested", "account_closed", "service_terminated"}, Action: "delete", Cites: "PIPL art. 47(1)"}, "none for card details either"},
			{"", "cookies", retentionRule{EndsOn: []string{"deletion_requested", "account_closed", "service_terminated"}, Action: "delete"}, "manage or delete"},
			{"analytics_anonymised_when_consent_ends_as_the_rule_says_PIPL_arts4_47_seed_000_§1.1", "analytics", retentionRule{EndsOn: []string{"consent_withdrawn", "deletion_requested", "account_closed", "service_terminated"}, Action: "anonymise"}, "anonymised when you withdraw"},
			{"", "emergency", retentionRule{EndsOn: []string{"purpose_achieved"}, Action: "delete", Cites: "PIPL art. 47(1)"}, "while the emergency lasts"},
		})
	})

	t.Run("names_and_descriptions_in_zh_and_en_cite_the_clause_PIPL_art17", func(t *testing.T) {
		for _, d := range reg.Policy().Purposes {
			assert.NotEmpty(t, d.Name.EN, "%s", d.ID)
			assert.NotEmpty(t, d.Name.ZH, "%s", d.ID)
			assert.Contains(t, d.Description.EN, "seed 000 §", "%s", d.ID)
			assert.Contains(t, d.Description.ZH, "§", "%s", d.ID)
		}
	})

	t.Run("generated_notices_name_Google_and_the_voice_feature_PIPL_arts17_23_39", func(t *testing.T) {
		share := reg.SharingList(purpose.EN)
		assert.Contains(t, share, s00Google)
		assert.Contains(t, share, "US")
		assert.Contains(t, reg.CollectionList(purpose.ZH), "基于麦克风的语音技术")
	})
}

// s00AsWritten is what loading 000-allvoicelab/as_written.json reports, in
// order. README.md ("Proven when the file loads") has the same rows.
var s00AsWritten = []problem{
	{`purpose "legal.real_name"`, "basis.cites", purpose.ErrMissingCitation, "§1.2.1", "names no particular law"},
	{`purpose "exempt.national_security"`, "basis.cites", purpose.ErrMissingCitation, "§1.7(1)", "cites a national or industry standard, which is not a law"},
	{`purpose "exempt.public_interest"`, "basis.cites", purpose.ErrMissingCitation, "§1.7(2)", "cites a national or industry standard, which is not a law"},
	{`purpose "exempt.criminal_justice"`, "basis.cites", purpose.ErrMissingCitation, "§1.7(3)", "cites a national or industry standard, which is not a law"},
	{`purpose "exempt.vital_interests"`, "recipients", purpose.ErrUndeclaredRecipient, "§3.4(4)", "operation share needs a declared recipient"},
	{`purpose "exempt.self_published"`, "recipients", purpose.ErrUndeclaredRecipient, "§3.4(5)", "operation share needs a declared recipient"},
	{`purpose "exempt.lawfully_disclosed"`, "recipients", purpose.ErrUndeclaredRecipient, "§3.4(6)", "operation share needs a declared recipient"},
	{`purpose "exempt.secure_operation"`, "basis.cites", purpose.ErrMissingCitation, "§1.7(8)", "cites a national or industry standard, which is not a law"},
	{`purpose "exempt.academic_research"`, "basis", purpose.ErrNoStatutoryBasis, "§1.7(10)", "maps to no PIPL art. 13 ground"},
	{`purpose "exempt.other_law"`, "basis.cites", purpose.ErrMissingCitation, "§1.7(11)", "(PIPL art. 13(1)(7)"},
	{`purpose "affiliates.unified_account"`, "recipients", purpose.ErrUndeclaredRecipient, "§3.1.2", "operation share needs a declared recipient"},
	{`purpose "security.fraud_exchange"`, "recipients", purpose.ErrUndeclaredRecipient, "§3.1.5", "operation share needs a declared recipient"},
	{`purpose "security.fraud_exchange"`, "basis", purpose.ErrNoStatutoryBasis, "§3.1.5", "there is no legitimate-interest ground"},
	{`purpose "corporate.succession"`, "recipients", purpose.ErrUndeclaredRecipient, "§3.2.2", "operation transfer needs a declared recipient with role successor"},
	{`purpose "legal.disclosure"`, "basis.cites", purpose.ErrMissingCitation, "§3.3(2)", "needs the law or administrative regulation"},
	{`purpose "security.incident_notice"`, "basis.cites", purpose.ErrMissingCitation, "§4.7", "names no particular law"},
	{`purpose "rights.request_handling"`, "basis.cites", purpose.ErrMissingCitation, "§5", "cites a national or industry standard, which is not a law"},
	{`purpose "minor.guardian_verification"`, "basis.cites", purpose.ErrMissingCitation, "§6(1)", "names no particular law"},
	{`purpose "minor.protection"`, "recipients", purpose.ErrUndeclaredRecipient, "§6(5)", "operation share needs a declared recipient"},
	{`purpose "minor.protection"`, "basis.cites", purpose.ErrMissingCitation, "§6(5)", "names no particular law"},
	{`purpose "export.cross_border"`, "recipients", purpose.ErrCrossBorder, "§7", "operation export needs an overseas recipient with country and mechanism"},
}

// TestSeed000AsWritten proves the defects README.md lists: loading the
// policy as seed 000 writes it fails with exactly these problems.
func TestSeed000AsWritten(t *testing.T) {
	ve := checkAsWritten(t, "000-allvoicelab/as_written.json", s00AsWritten)
	assert.True(t, strings.HasPrefix(ve.Error(), "purpose: policy has 21 problems:"), ve.Error())

	checkNamedProblems(t, ve, []namedProblem{
		{"GB/T_exemption_list_cites_a_standard_not_a_law_PIPL_art13_1_3_seed_000_§1.7", `purpose "exempt.national_security"`, "basis.cites", "", purpose.ErrMissingCitation},
		{"secure_operation_is_a_GB/T_item_not_a_ground_PIPL_art13_1_3_seed_000_§1.7(8)", `purpose "exempt.secure_operation"`, "basis.cites", "", purpose.ErrMissingCitation},
		{"academic_research_has_no_PIPL_ground_art13_seed_000_§1.7(10)", `purpose "exempt.academic_research"`, "basis", "", purpose.ErrNoStatutoryBasis},
		{"no_consent_sharing_names_no_recipient_PIPL_art23_seed_000_§3.4", `purpose "exempt.vital_interests"`, "recipients", "", purpose.ErrUndeclaredRecipient},
		{"real_name_duty_cites_no_law_PIPL_art13_1_3_seed_000_§1.2.1", `purpose "legal.real_name"`, "basis.cites", "", purpose.ErrMissingCitation},
		{"affiliates_unnamed_PIPL_art23_seed_000_§3.1.2", `purpose "affiliates.unified_account"`, "recipients", "", purpose.ErrUndeclaredRecipient},
		{"protecting_our_interests_is_no_PIPL_ground_art13_seed_000_§3.1.5", `purpose "security.fraud_exchange"`, "basis", "", purpose.ErrNoStatutoryBasis},
		{"successor_unnamed_PIPL_art22_seed_000_§3.2.2", `purpose "corporate.succession"`, "recipients", "", purpose.ErrUndeclaredRecipient},
		{"necessary_to_protect_minors_is_no_ground_PIPL_arts13_31_seed_000_§6(5)", `purpose "minor.protection"`, "basis.cites", "", purpose.ErrMissingCitation},
		{"cross_border_without_recipient_or_mechanism_PIPL_arts38_39_seed_000_§7", `purpose "export.cross_border"`, "recipients", "", purpose.ErrCrossBorder},
	})
}

// TestSeed000AsWrittenRest compiles what of the as-written policy loads,
// and shows the Guard refusing what loading cannot see.
func TestSeed000AsWrittenRest(t *testing.T) {
	reg := restOfAsWritten(t, "000-allvoicelab/as_written.json", 32, 16, s00AsWritten)

	t.Run("what_loads_is_still_not_policy.json", func(t *testing.T) {
		legal, _ := lookup(t, reg, "signup.login").Legal(pii.PIPL)
		assert.Equal(t, purpose.Consent, legal.Basis, "特别提醒: using the service is taken as consent")
		assert.True(t, lookup(t, reg, "service.media_processing").Core())
		assert.False(t, lookup(t, reg, "service.voice_input").Traits().Has(purpose.BiometricEditing), "§1.5(2) does not call voice modelling by its name")
		g, ok := lookup(t, reg, "service.share_external").Recipient(s00Google)
		require.True(t, ok)
		assert.False(t, g.Overseas(), "§7 says nothing leaves China, so Google is declared domestic")
		_, ok = reg.Lookup("ops.logging")
		assert.False(t, ok, "the seed keeps no network logs (CSL art. 21(3))")
		vi := lookup(t, reg, "exempt.vital_interests")
		assert.False(t, vi.Declares(purpose.Share), "§3.4(4)'s share to no one is struck out")
		assert.True(t, vi.Declares(purpose.Disclose))
		_, ok = reg.Lookup("exempt.national_security")
		assert.False(t, ok, "§1.7(1) cites no law")
		assert.Equal(t, 16, reg.Len(), "19 of 32 purposes have a problem: 16 are dropped, 3 lose only their unnamed share")
	})

	p := func(id purpose.ID, op purpose.Operation, cats string) lawful.Request {
		return lawful.Request{Purpose: id, Operation: op, Categories: pii.MustParseSet(cats)}
	}
	attest := func(r lawful.Request, a lawful.Attestation) lawful.Request { r.Attest = a; return r }
	recipient := func(r lawful.Request, name string) lawful.Request { r.Recipient = name; return r }
	checkDecisions(t, reg, lawfultest.Options{Regime: piplGuardianTo18()}, []decision{
		{name: "using_the_service_is_not_consent_PIPL_art14_seed_000_特别提醒",
			req: p("signup.login", purpose.Collect, "contact.phone"), want: lawful.ErrNoConsent},
		{name: "microphone_permission_is_not_separate_consent_to_voice_data_PIPL_art29_seed_000_§1.5(2)", grant: form(consent.Click),
			req: p("service.voice_input", purpose.Collect, "biometric.voice_sample"), want: lawful.ErrSeparateConsentRequired},
		{name: "disclosure_in_an_emergency_needs_separate_consent_or_legal_duty_PIPL_art25_seed_000_§3.4(4)",
			req: attest(p("exempt.vital_interests", purpose.Disclose, "account.id"), lawful.Emergency), want: lawful.ErrExemptionNotValidForOperation},
		{name: "self_published_data_needs_reasonable_scope_and_no_refusal_PIPL_arts13_1_6_27_seed_000_§1.7(5)",
			req: p("exempt.self_published", purpose.Use, "contact.phone"), want: lawful.ErrExemptionConditionFailed},
		{name: "self_published_data_within_reasonable_scope_is_allowed_PIPL_art13_1_6_seed_000_§1.7(5)",
			req: attest(p("exempt.self_published", purpose.Use, "contact.phone"), lawful.ReasonableScope|lawful.NotRefused)},
		{name: "a_voice_service_does_no_news_reporting_PIPL_art13_1_5_seed_000_§1.7(9)",
			req: p("exempt.news", purpose.Collect, "basic.name"), want: lawful.ErrExemptionConditionFailed},
		{name: "penalty_announcements_need_separate_consent_PIPL_art25_seed_000_§3.3(3)", grant: form(consent.Click),
			req: p("moderation.penalty_notice", purpose.Disclose, "account.nickname"), want: lawful.ErrSeparateConsentRequired},
		{name: "youtube_declared_domestic_so_an_export_to_Google_is_refused_PIPL_art38_seed_000_§3.1.1_§7",
			req: recipient(p("service.share_external", purpose.Export, "content.video"), s00Google), want: lawful.ErrOperationNotDeclared},
		{name: "no_network_logs_declared_CSL_art21_seed_000_§1.7(8)",
			req: p("ops.logging", purpose.Store, "activity.service_log"), want: lawful.ErrUnknownPurpose},
	})
}

// TestSeed000PolicyUpdates shows §8: revisions that materially reduce your
// rights are announced, and 'if you continue to use our services, you
// agree'. Continued use is not consent: a material version makes earlier
// consents stale.
func TestSeed000PolicyUpdates(t *testing.T) {
	staleAfterMaterialChange(t, s00Policy, piplGuardianTo18(), "service.voice_clone", purpose.ChangedCategories, lawful.Request{
		Purpose: "service.voice_clone", Operation: purpose.Use, Categories: pii.MustParseSet("biometric.voice_sample,content.text"),
	})
}

// TestSeed000ServesPIPLOnly: the English copy of seed 000 addresses users
// anywhere, but the policy gives no GDPR basis.
func TestSeed000ServesPIPLOnly(t *testing.T) {
	servesPIPLOnly(t, s00Policy, lawful.Request{Purpose: "signup.login", Operation: purpose.Collect, Categories: pii.MustParseSet("contact.phone")}, "")
}

// TestSeed000Readme checks that README.md has a row for every proven defect.
func TestSeed000Readme(t *testing.T) {
	readmeListsEveryProvenDefect(t, "000-allvoicelab/README.md", s00AsWritten)
}

// TestSeed000RightsDeadlines wires §5's deadlines into the rights engine
// (seeds.Rights): access in 15 days from the request (§5.1), a calendar-day
// deadline ending on a rest day moving to the next working day (Civil Code
// art. 203); other requests and complaints in 15 working days after
// identity verification (§5.6, §5.7, §10), counted on the working-day
// calendar with its holidays and make-up days.
func TestSeed000RightsDeadlines(t *testing.T) {
	checkDeadlines(t, "000-allvoicelab", pii.PIPL, openSeed(t, s00Policy), []deadlineRow{
		{name: "access_15_days_from_the_request_ending_in_a_holiday_moves_to_the_next_working_day_seed_000_§5.1_CC_art203",
			kind: rights.Access, received: "2026-09-20T10:00:00+08:00", due: "2026-10-09", cites: "000 §5.1"},
		{name: "access_clock_runs_from_receipt_even_before_verification_seed_000_§5.1_PIPL_art45",
			kind: rights.Access, received: "2026-03-02T10:00:00+08:00", due: "2026-03-17", cites: "000 §5.1"},
		{name: "deletion_15_working_days_after_verification_skipping_national_day_counting_the_make_up_days_seed_000_§5.6_§10_PIPL_art47",
			kind: rights.Delete, received: "2026-09-21T09:00:00+08:00", verified: "2026-09-22T15:00:00+08:00", due: "2026-10-19", cites: "000 §5.6, §10"},
		{name: "no_deadline_before_identity_verification_seed_000_§5.6_PIPL_art50",
			kind: rights.Correct, received: "2026-09-21T09:00:00+08:00", cites: "000 §5.6, §10"},
		{name: "complaint_15_working_days_after_verification_seed_000_§5.7_PIPL_art65",
			kind: rights.Complain, received: "2026-02-10T09:00:00+08:00", verified: "2026-02-10T11:00:00+08:00", due: "2026-03-09", cites: "000 §5.7"},
	})
}
