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
	"github.com/stretchr/testify/assert"
)

// This file tests seed 001 (Artificial Intelligence Art Limited); the
// helpers are in helpers_test.go.

const s01Policy = "001-aiart/policy.json"

// TestSeed001 checks 001-aiart/policy.json, the lawful reading of seed 001,
// clause by clause.
func TestSeed001(t *testing.T) {
	reg := openSeed(t, s01Policy)

	t.Run("controller_and_version_PIPL_art17_seed_001_preamble_§IX", func(t *testing.T) {
		p := reg.Policy()
		assert.Equal(t, "Artificial Intelligence Art Limited", p.Controller.Name.EN)
		assert.Empty(t, p.Controller.Contact, "§5(3), §5(5), §IX leave the e-mail address blank: the seed gives no contact (PIPL art. 17(1)(1))")
		assert.Equal(t, "2023-08-28", p.Version)
		assert.Equal(t, []pii.Law{pii.PIPL}, reg.Regimes())
	})

	C, U, S, Sh, D := purpose.Collect, purpose.Use, purpose.Store, purpose.Share, purpose.Disclose
	cus := []purpose.Operation{C, U, S}
	checkPurposes(t, reg, []purposeRow{
		{name: "login_by_phone_and_password_on_contract_PIPL_art13_1_2_seed_001_§1(2)1",
			id: "signup.login", basis: purpose.Contract, core: true, required: "contact.phone,account.id,credential.password", ops: cus, retention: "account"},
		{name: "real_name_phone_on_legal_duty_CSL_art24_seed_001_§1(2)1",
			id: "legal.real_name", basis: purpose.LegalDuty, cites: "Cybersecurity Law art. 24", core: true, required: "contact.phone", ops: cus, retention: "account"},
		{name: "one_click_login_optional_on_consent_PIPL_art16_seed_001_§1(2)1_para2",
			id: "signup.one_click", basis: purpose.Consent, required: "contact.phone", ops: cus, retention: "account"},
		{name: "third_party_login_optional_alternative_PIPL_art16_seed_001_§1(2)1_para3",
			id: "signup.third_party_login", basis: purpose.Contract, required: "account.third_party_id,account.third_party_profile",
			optional: "contact.phone", ops: cus, retention: "account"},
		{name: "avatar_optional_on_consent_PIPL_art16_seed_001_§1(2)1_para4",
			id: "signup.profile_extras", basis: purpose.Consent, optional: "account.avatar", ops: cus, retention: "account"},
		{name: "network_logs_on_legal_duty_only_log_categories_CSL_art21_PIPL_art6_seed_001_§1(2)2(1)",
			id: "ops.logging", basis: purpose.LegalDuty, cites: "Cybersecurity Law art. 21(3)", core: true,
			required: "activity.service_log,device.ip,account.id", optional: "device.network", ops: cus, retention: "logs"},
		{name: "risk_control_on_contract_with_minimum_device_data_PIPL_arts6_16_seed_001_§1(2)2(2)_§1(2)7",
			id: "security.risk_control", basis: purpose.Contract, core: true,
			required: "account.id,device.model,device.os,device.id.install_id", optional: "finance.order,profile.risk_score,activity.service_log",
			ops: cus, retention: "account"},
		{name: "audio_tools_on_contract_each_optional_PIPL_art16_seed_001_§1(2)3",
			id: "service.media_processing", basis: purpose.Contract,
			optional: "content.audio,content.video,content.image,content.document,content.text,content.generated", ops: cus, retention: "media"},
		{name: "call_recording_on_separate_consent_PIPL_arts28_29_seed_001_§1(2)3(2)_§1(2)8(5)",
			id: "service.call_recording", basis: purpose.Consent, required: "communication.call_recording", optional: "social.address_book",
			ops: cus, retention: "media"},
		{name: "payment_shared_with_WeChat_Pay_and_Alipay_on_contract_PIPL_arts13_23_seed_001_§1(2)4_§3(1)1(1)",
			id: "commerce.payment", basis: purpose.Contract, core: true, required: "finance.order,finance.payment_record",
			ops: []purpose.Operation{C, U, S, Sh}, recipients: map[string]purpose.Role{"WeChat Pay": purpose.Independent, "Alipay": purpose.Independent},
			retention: "orders"},
		{name: "customer_service_on_contract_PIPL_art13_1_2_seed_001_§1(2)5",
			id: "support.customer_service", basis: purpose.Contract, required: "communication.support_records",
			optional: "contact.phone,contact.email,account.id", ops: cus, retention: "account"},
		{name: "recommendations_optional_personalised_push_on_consent_PIPL_arts16_24_seed_001_§1(2)6",
			id: "personalize.recommend", basis: purpose.Consent, required: "profile.tags", ops: cus, retention: "profile", traits: purpose.AutomatedDecision | purpose.Personalised,
			optional: "activity.browsing,activity.search,activity.clicks,device.id.android_id,device.id.idfa,device.id.imei,device.id.mac,device.id.imsi,location.precise,location.coarse,location.network_signals,finance.order"},
		{name: "programmatic_ads_optional_marketing_on_consent_PIPL_art24_MOR_art24_seed_001_§1(2)6_§2",
			id: "ads.targeted", basis: purpose.Consent, required: "profile.tags", ops: cus, retention: "profile", traits: purpose.AutomatedDecision | purpose.Marketing,
			optional: "device.id.idfa,device.id.android_id,device.cookie_id,activity.browsing,location.coarse"},
		{name: "cookies_that_remember_you_on_contract_PIPL_art13_1_2_seed_001_§2",
			id: "cookies.local_storage", basis: purpose.Contract, core: true, required: "device.cookie_id,credential.session_token",
			optional: "account.settings", ops: cus, retention: "cookies"},
		{name: "usage_analysis_optional_on_consent_PIPL_arts13_16_seed_001_§2_§3(1)2(1)",
			id: "analytics.usage", basis: purpose.Consent, required: "activity.app_usage,activity.clicks", optional: "device.cookie_id",
			ops: cus, retention: "analytics"},
		{name: "crash_analysis_optional_on_consent_PIPL_arts13_16_seed_001_§3(1)2(2)",
			id: "ops.diagnostics", basis: purpose.Consent, required: "activity.crash_diagnostics", optional: "device.model,device.os",
			ops: cus, retention: "analytics"},
		{name: "public_posting_on_separate_consent_PIPL_art25_seed_001_§3(3)1_§5(2)",
			id: "community.publish", basis: purpose.Consent, required: "content.public_post", optional: "account.nickname,account.avatar",
			ops: []purpose.Operation{C, U, S, D}, retention: "publish"},
		{name: "face_swap_is_biometric_on_separate_consent_PIPL_arts28_29_DSP_art14_seed_001_closing_FAQ",
			id: "service.face_swap", basis: purpose.Consent, required: "content.portrait,biometric.face_image,biometric.face",
			optional: "content.generated", ops: cus, retention: "face_swap", traits: purpose.BiometricEditing},
		{name: "lawful_demands_on_cited_legal_duty_PIPL_art13_1_3_seed_001_§3(3)2",
			id: "legal.disclosure", basis: purpose.LegalDuty, cites: "Cybersecurity Law art. 28; Criminal Procedure Law art. 54", core: true,
			optional: disclosable(t, reg, "").String(), ops: []purpose.Operation{U, Sh},
			recipients: map[string]purpose.Role{stateOrgans: purpose.Authority}, retention: "account"},
		{name: "emergency_on_PIPL_art13_1_4_seed_001_§1(2)8bis(4)_§3(4)4",
			id: "safety.emergency", basis: purpose.Emergency, core: true, optional: "account.id,contact.phone",
			ops: []purpose.Operation{U, Sh}, recipients: map[string]purpose.Role{emergencyPolice: purpose.Independent}, retention: "emergency"},
		{name: "incident_notice_on_legal_duty_PIPL_art57_seed_001_§4(2)6",
			id: "security.incident_notice", basis: purpose.LegalDuty, cites: "Personal Information Protection Law art. 57", core: true,
			optional: "contact.phone,contact.email", ops: []purpose.Operation{U}, retention: "account"},
		{name: "rights_requests_on_legal_duty_PIPL_art50_seed_001_§5_§IX",
			id: "rights.request_handling", basis: purpose.LegalDuty, cites: "Personal Information Protection Law art. 50", core: true,
			required: "account.id", optional: "contact.email,contact.phone", ops: cus, retention: "account"},
		{name: "guardian_verification_on_legal_duty_PIPL_art31_seed_001_§VII",
			id: "minor.guardian_verification", basis: purpose.LegalDuty, cites: "Personal Information Protection Law art. 31", core: true,
			required: "social.family", optional: "basic.birth_date,contact.phone", ops: cus, retention: "account"},
	})

	t.Run("hardware_ids_location_and_browsing_only_on_optional_consent_purposes_PIPL_arts6_16_seed_001_§1(2)2", func(t *testing.T) {
		tracking := pii.MustParseSet("device.id,location.precise,location.network_signals,activity.browsing,activity.search,device.app_list,device.sensor")
		tracking = tracking.Minus(pii.MustParseSet("device.id.install_id")) // the app's own ID, for risk control
		var seen []purpose.ID
		for _, c := range reg.Purposes() {
			if c.ID() == "legal.disclosure" || !c.Categories().Overlaps(tracking) {
				continue
			}
			seen = append(seen, c.ID())
			legal, _ := c.Legal(pii.PIPL)
			assert.Equal(t, purpose.Consent, legal.Basis, "%s", c.ID())
			assert.False(t, c.Core(), "%s: refusing must not cost the service (§1(2)2 says it does)", c.ID())
		}
		assert.Equal(t, []purpose.ID{"personalize.recommend", "ads.targeted"}, seen)
	})

	t.Run("biometrics_only_on_the_optional_face_swap_PIPL_arts16_28_29_DSP_art14_seed_001_closing_FAQ", func(t *testing.T) {
		var seen []purpose.ID
		for _, c := range reg.Purposes() {
			if c.ID() != "legal.disclosure" && c.Categories().Overlaps(pii.MustParseSet("biometric")) {
				seen = append(seen, c.ID())
				assert.True(t, c.Traits().Has(purpose.BiometricEditing))
			}
		}
		assert.Equal(t, []purpose.ID{"service.face_swap"}, seen)
		assert.Equal(t, pii.MustParseSet("biometric.face,biometric.face_image"), lookup(t, reg, "service.face_swap").Sensitive(pii.PIPL))
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

	t.Run("sharing_only_with_named_recipients_nothing_exported_or_transferred_PIPL_arts22_23_38_seed_001_§3_§4(1)", func(t *testing.T) {
		sharers := map[purpose.ID][]string{}
		for _, c := range reg.Purposes() {
			assert.False(t, c.Declares(purpose.Export), "%s: §4(1) stores data in China", c.ID())
			assert.False(t, c.Declares(purpose.Transfer), "%s: §3(2) names no successor", c.ID())
			assert.Equal(t, c.ID() == "community.publish", c.Declares(purpose.Disclose), "%s", c.ID())
			for _, r := range c.Recipients() {
				sharers[c.ID()] = append(sharers[c.ID()], r.Name)
				assert.NotEqual(t, purpose.Affiliate, r.Role, "%s: §3(1)3 names no affiliate", c.ID())
			}
		}
		assert.Equal(t, map[purpose.ID][]string{
			"commerce.payment": {"WeChat Pay", "Alipay"},
			"legal.disclosure": {stateOrgans},
			"safety.emergency": {emergencyPolice},
		}, sharers)
	})

	t.Run("retention_seed_001_§4(1)_§5(3)_closing_FAQ_CSL_art21_NDSMR_art21", func(t *testing.T) {
		checkRetention(t, reg, "", []retentionRow{
			{"account_erased_when_cancelled_the_15_days_are_to_cancel_not_a_grace_seed_001_§5(3)_PIPL_art47", "account", retentionRule{Action: "delete", Cites: "PIPL art. 47; seed 001 §4(1), §5(3)"}, "gives no period for that deletion"},
			{"", "logs", retentionRule{Keep: "P6M", Minimum: "P6M", MinimumCites: "Cybersecurity Law art. 21(3)", Action: "delete", Cites: "PIPL art. 19"}, "six months"},
			{"", "media", retentionRule{Action: "delete", Cites: "PIPL art. 47(1), (3)"}, "withdraw the permission"},
			{"", "face_swap", retentionRule{EndsOn: []string{"purpose_achieved", "consent_withdrawn", "deletion_requested", "account_closed", "service_terminated"}, Action: "delete", Cites: "seed 001 closing FAQ; PIPL art. 47(1)"}, "as soon as the synthesis is complete"},
			{"", "orders", retentionRule{EndsOn: []string{"purpose_achieved", "deletion_requested", "account_closed", "service_terminated"}, Action: "delete", Cites: "PIPL art. 47(1)"}, "no period"},
			{"", "profile", retentionRule{EndsOn: []string{"consent_withdrawn", "deletion_requested", "account_closed", "service_terminated"}, Action: "delete", Cites: "NDSMR art. 42; PIPL art. 24 para 2"}, "NDSMR art. 42 requires it"},
			{"", "cookies", retentionRule{EndsOn: []string{"deletion_requested", "account_closed", "service_terminated"}, Action: "delete"}, "until you delete them"},
			{"", "analytics", retentionRule{Action: "anonymise", Cites: "PIPL art. 47(3)"}, "no longer processed (§5(4))"},
			{"", "publish", retentionRule{EndsOn: []string{"consent_withdrawn", "deletion_requested", "account_closed", "service_terminated"}, Action: "delete"}, "until you delete it"},
			{"", "emergency", retentionRule{EndsOn: []string{"purpose_achieved"}, Action: "delete", Cites: "PIPL art. 47(1)"}, "while the emergency lasts"},
		})
	})

	t.Run("names_in_zh_and_en_descriptions_cite_the_clause_PIPL_art17", func(t *testing.T) {
		for _, d := range reg.Policy().Purposes {
			assert.NotEmpty(t, d.Name.EN, "%s", d.ID)
			assert.NotEmpty(t, d.Name.ZH, "%s", d.ID)
			assert.Contains(t, d.Description.EN, "seed 001 ", "%s", d.ID)
		}
	})

	t.Run("generated_notices_list_the_payment_recipients_PIPL_art23", func(t *testing.T) {
		share := reg.SharingList(purpose.EN)
		assert.Contains(t, share, "WeChat Pay")
		assert.Contains(t, share, "Alipay")
		assert.Contains(t, reg.CollectionList(purpose.EN), "Face-changing effect")
	})
}

// s01AsWritten is what loading 001-aiart/as_written.json reports, in
// order. README.md ("Proven when the file loads") has the same rows.
var s01AsWritten = []problem{
	{`purpose "legal.real_name"`, "basis.cites", purpose.ErrMissingCitation, "§1(2)1", "names no particular law"},
	{`purpose "personalize.recommend"`, "basis", purpose.ErrNoStatutoryBasis, "§1(2)6", "there is no legitimate-interest ground"},
	{`purpose "exempt.national_security"`, "basis.cites", purpose.ErrMissingCitation, "§1(2)8bis(1)", "names no particular law"},
	{`purpose "exempt.public_interest"`, "basis.cites", purpose.ErrMissingCitation, "§1(2)8bis(2)", "names no particular law"},
	{`purpose "exempt.criminal_justice"`, "basis.cites", purpose.ErrMissingCitation, "§1(2)8bis(3)", "names no particular law"},
	{`purpose "exempt.vital_interests"`, "recipients", purpose.ErrUndeclaredRecipient, "§3(4)4", "operation share needs a declared recipient"},
	{`purpose "exempt.self_published"`, "recipients", purpose.ErrUndeclaredRecipient, "§3(4)5", "operation share needs a declared recipient"},
	{`purpose "exempt.lawfully_disclosed"`, "recipients", purpose.ErrUndeclaredRecipient, "§3(4)6", "operation share needs a declared recipient"},
	{`purpose "exempt.secure_operation"`, "basis.cites", purpose.ErrMissingCitation, "§1(2)8bis(8)", "names no particular law"},
	{`purpose "exempt.academic_research"`, "basis", purpose.ErrNoStatutoryBasis, "§1(2)8bis(10)", "maps to no PIPL art. 13 ground"},
	{`purpose "exempt.other_law"`, "basis.cites", purpose.ErrMissingCitation, "§1(2)8bis(11)", "(PIPL art. 13(1)(7)"},
	{`purpose "exempt.legal_obligation"`, "basis.cites", purpose.ErrMissingCitation, "§3(4)7", "names no particular law"},
	{`purpose "sharing.deidentified"`, "recipients", purpose.ErrUndeclaredRecipient, "§3(4) last para", "operation share needs a declared recipient"},
	{`purpose "sharing.deidentified"`, "basis.cites", purpose.ErrMissingCitation, "§3(4) last para", "names no article"},
	{`purpose "sharing.suppliers"`, "recipients", purpose.ErrUndeclaredRecipient, "§3(1)1(2)", "operation share needs a declared recipient"},
	{`purpose "partners.sharing"`, "recipients", purpose.ErrUndeclaredRecipient, "§3(1)2", "operation share needs a declared recipient"},
	{`purpose "partners.sharing"`, "basis", purpose.ErrNoStatutoryBasis, "§3(1)2", "there is no legitimate-interest ground"},
	{`purpose "affiliates.unified_account"`, "recipients", purpose.ErrUndeclaredRecipient, "§3(1)3", "operation share needs a declared recipient"},
	{`purpose "security.fraud_exchange"`, "recipients", purpose.ErrUndeclaredRecipient, "§3(1)6", "operation share needs a declared recipient"},
	{`purpose "security.fraud_exchange"`, "basis", purpose.ErrNoStatutoryBasis, "§3(1)6", "there is no legitimate-interest ground"},
	{`purpose "corporate.succession"`, "recipients", purpose.ErrUndeclaredRecipient, "§3(2)1", "operation transfer needs a declared recipient with role successor"},
	{`purpose "legal.disclosure"`, "basis.cites", purpose.ErrMissingCitation, "§3(3)2", "names no article"},
	{`purpose "export.cross_border"`, "recipients", purpose.ErrCrossBorder, "§4(1)", "operation export needs an overseas recipient with country and mechanism"},
	{`purpose "security.incident_notice"`, "basis.cites", purpose.ErrMissingCitation, "§4(2)6", "names no particular law"},
	{`purpose "minor.protection"`, "recipients", purpose.ErrUndeclaredRecipient, "§VII.2", "operation share needs a declared recipient"},
	{`purpose "minor.protection"`, "basis.cites", purpose.ErrMissingCitation, "§VII.2", "names no particular law"},
}

// TestSeed001AsWritten proves the defects README.md lists: loading the
// policy as seed 001 writes it fails with exactly these problems.
func TestSeed001AsWritten(t *testing.T) {
	ve := checkAsWritten(t, "001-aiart/as_written.json", s01AsWritten)
	assert.True(t, strings.HasPrefix(ve.Error(), "purpose: policy has 26 problems:"), ve.Error())

	checkNamedProblems(t, ve, []namedProblem{
		{"opt_out_profiling_is_no_PIPL_ground_arts13_24_seed_001_§1(2)6", `purpose "personalize.recommend"`, "basis", "", purpose.ErrNoStatutoryBasis},
		{"exemption_list_cites_no_particular_law_PIPL_art13_1_3_seed_001_§1(2)8bis", `purpose "exempt.national_security"`, "basis.cites", "", purpose.ErrMissingCitation},
		{"research_without_an_institution_has_no_PIPL_ground_art13_seed_001_§1(2)8bis(10)", `purpose "exempt.academic_research"`, "basis", "", purpose.ErrNoStatutoryBasis},
		{"deidentified_sharing_without_consent_cites_no_law_PIPL_art73_seed_001_§3(4)", `purpose "sharing.deidentified"`, "basis.cites", "", purpose.ErrMissingCitation},
		{"marketing_partners_unnamed_and_exercising_our_rights_is_no_ground_PIPL_arts13_23_seed_001_§3(1)2", `purpose "partners.sharing"`, "basis", "", purpose.ErrNoStatutoryBasis},
		{"affiliates_unnamed_PIPL_art23_seed_001_§3(1)3", `purpose "affiliates.unified_account"`, "recipients", "", purpose.ErrUndeclaredRecipient},
		{"successor_unnamed_PIPL_art22_seed_001_§3(2)1", `purpose "corporate.succession"`, "recipients", "", purpose.ErrUndeclaredRecipient},
		{"storage_abroad_with_consent_but_no_mechanism_PIPL_arts38_39_seed_001_§4(1)", `purpose "export.cross_border"`, "recipients", "", purpose.ErrCrossBorder},
	})
}

// TestSeed001AsWrittenRest compiles what of the as-written policy loads,
// and shows the Guard refusing what loading cannot see, and one thing it
// cannot refuse.
func TestSeed001AsWrittenRest(t *testing.T) {
	reg := restOfAsWritten(t, "001-aiart/as_written.json", 36, 17, s01AsWritten)

	t.Run("what_loads_is_still_not_policy.json", func(t *testing.T) {
		bf := lookup(t, reg, "ops.basic_functions")
		assert.True(t, bf.Core(), "§1(2)2: 'if you refuse ... you cannot use our services'")
		assert.True(t, pii.MustParseSet("location.precise,device.id.imei,device.app_list").SubsetOf(bf.Required()))
		assert.False(t, lookup(t, reg, "service.face_swap").Categories().Overlaps(pii.MustParseSet("biometric")), "closing FAQ: 'we do not collect face data'")
		_, ok := reg.Lookup("ops.logging")
		assert.False(t, ok)
		assert.Equal(t, 17, reg.Len(), "22 of 36 purposes have a problem: 19 are dropped, 3 lose only their unnamed share")
	})

	p := func(id purpose.ID, op purpose.Operation, cats string) lawful.Request {
		return lawful.Request{Purpose: id, Operation: op, Categories: pii.MustParseSet(cats)}
	}
	attest := func(r lawful.Request, a lawful.Attestation) lawful.Request { r.Attest = a; return r }
	checkDecisions(t, reg, lawfultest.Options{Regime: piplGuardianTo18()}, []decision{
		{name: "reading_the_policy_is_not_consent_PIPL_art14_seed_001_preamble",
			req: p("signup.login", purpose.Collect, "contact.phone"), want: lawful.ErrNoConsent},
		{name: "face_feature_points_are_undeclared_biometrics_PIPL_arts28_29_seed_001_closing_FAQ", grant: form(consent.Separate),
			req: p("service.face_swap", purpose.Use, "biometric.face"), want: lawful.ErrCategoryNotDeclared},
		{name: "expressly_agreed_disclosure_still_needs_separate_consent_PIPL_art25_seed_001_§3(3)1", grant: form(consent.Click),
			req: p("community.publish", purpose.Disclose, "content.public_post"), want: lawful.ErrSeparateConsentRequired},
		{name: "address_book_permission_is_not_separate_consent_PIPL_art29_seed_001_§1(2)8(5)", grant: form(consent.Click),
			req: p("permissions.device", purpose.Collect, "social.address_book"), want: lawful.ErrSeparateConsentRequired},
		{name: "disclosure_in_an_emergency_needs_separate_consent_or_legal_duty_PIPL_art25_seed_001_§3(4)4",
			req: attest(p("exempt.vital_interests", purpose.Disclose, "account.id"), lawful.Emergency), want: lawful.ErrExemptionNotValidForOperation},
		{name: "information_you_published_needs_reasonable_scope_PIPL_arts13_1_6_27_seed_001_§1(2)8bis(5)",
			req: p("exempt.self_published", purpose.Use, "content.audio"), want: lawful.ErrExemptionConditionFailed},
		// The limit of the library: necessity is a judgement. As written,
		// GPS, IMEI and the app list rest on contract as 'basic functions',
		// and the Guard allows them; policy.json is what removes them.
		{name: "library_cannot_judge_necessity_GPS_on_contract_passes_as_written_PIPL_art6_seed_001_§1(2)2",
			req: p("ops.basic_functions", purpose.Collect, "location.precise,device.id.imei,device.app_list")},
	})
}

// TestSeed001PolicyUpdates shows §VIII: major changes (purpose, categories,
// use, main recipients, rights, contact) get a more prominent notice only.
// A material version makes earlier consents stale; a reworded one does not.
func TestSeed001PolicyUpdates(t *testing.T) {
	staleAfterMaterialChange(t, s01Policy, piplGuardianTo18(), "service.face_swap", purpose.ChangedCategories, lawful.Request{
		Purpose: "service.face_swap", Operation: purpose.Use, Categories: pii.MustParseSet("content.portrait,biometric.face"),
	})
}

// TestSeed001ServesPIPLOnly: seed 001 speaks to 'all Internet users' in
// English, but gives no GDPR basis.
func TestSeed001ServesPIPLOnly(t *testing.T) {
	servesPIPLOnly(t, s01Policy, lawful.Request{Purpose: "ops.logging", Operation: purpose.Store, Categories: pii.MustParseSet("activity.service_log")}, "")
}

// TestSeed001Readme checks that README.md has a row for every proven defect.
func TestSeed001Readme(t *testing.T) {
	readmeListsEveryProvenDefect(t, "001-aiart/README.md", s01AsWritten)
}

// TestSeed001RightsDeadlines wires §5 and §IX into the rights engine
// (seeds.Rights): cancellation within 15 days after checking (§5(3)) and
// complaints within 15 days after verification (§5(5)), moving to the next
// working day when the last day is a rest day (Civil Code art. 203); every
// other request within 15 working days after verification (§IX). The 15
// days of §5(3) are the time to cancel the account, not a period to erase
// after it: that is the rights engine's, not a retention grace.
func TestSeed001RightsDeadlines(t *testing.T) {
	checkDeadlines(t, "001-aiart", pii.PIPL, openSeed(t, s01Policy), []deadlineRow{
		{name: "cancellation_15_days_after_checking_ending_on_a_saturday_moves_to_monday_seed_001_§5(3)_CC_art203",
			kind: rights.Deregister, received: "2026-03-05T10:00:00+08:00", verified: "2026-03-06T10:00:00+08:00", due: "2026-03-23", cites: "001 §5(3)"},
		{name: "complaint_15_days_after_verification_ending_in_national_day_seed_001_§5(5)_CC_art203",
			kind: rights.Complain, received: "2026-09-16T10:00:00+08:00", verified: "2026-09-16T12:00:00+08:00", due: "2026-10-09", cites: "001 §5(5)"},
		{name: "access_15_working_days_after_verification_skipping_spring_festival_seed_001_§IX_PIPL_art45",
			kind: rights.Access, received: "2026-02-10T09:00:00+08:00", verified: "2026-02-10T11:00:00+08:00", due: "2026-03-09", cites: "001 §IX"},
		{name: "no_cancellation_deadline_before_checking_seed_001_§5(3)_NDSMR_art24",
			kind: rights.Deregister, received: "2026-03-05T10:00:00+08:00", cites: "001 §5(3)"},
	})
}

// TestSeed001Personalisation shows §1(2)6's recommendation and ad
// modelling as the automated decisions they are (PIPL art. 73(2)): an
// allowed decision leaves the caller a non-personalised option to offer
// and an impact assessment (PIPL arts. 24 para 2, 55); and switching the
// features off, read as the refusal PIPL art. 24 para 2 gives, is an
// objection that stops them while the consent stands, until lifted. The
// scenario file shows switching off as a withdrawal, which also erases
// the tags (NDSMR art. 42); a scenario cannot record an objection.
func TestSeed001Personalisation(t *testing.T) {
	reg := openSeed(t, s01Policy)
	use := func(id purpose.ID, cats string) lawful.Request {
		return lawful.Request{Purpose: id, Operation: purpose.Use, Categories: pii.MustParseSet(cats)}
	}
	checkDecisions(t, reg, lawfultest.Options{Regime: piplGuardianTo18()}, []decision{
		{name: "recommendations_leave_a_non_personalised_option_and_an_impact_assessment_PIPL_arts24_para2_55_seed_001_§1(2)6",
			grant: form(consent.Click), req: use("personalize.recommend", "profile.tags,activity.clicks"),
			obliges: lawful.OfferNonPersonalised | lawful.ImpactAssessment},
		{name: "targeted_ads_leave_a_non_personalised_option_and_an_impact_assessment_PIPL_arts24_para2_55_seed_001_§1(2)6_§2_item3",
			grant: form(consent.Click), req: use("ads.targeted", "profile.tags,device.cookie_id"),
			obliges: lawful.OfferNonPersonalised | lawful.ImpactAssessment},
		{name: "recommendations_for_a_16_year_old_with_guardian_consent_are_allowed_they_are_not_marketing_MOR_art24_para3_seed_001_§VII",
			subject: child(16, "CN", true), grant: form(consent.Separate), req: use("personalize.recommend", "profile.tags"),
			obliges: lawful.OfferNonPersonalised},
	})

	t.Run("switching_off_is_an_objection_that_stops_personalisation_until_lifted_PIPL_arts24_para2_44_seed_001_§1(2)6", func(t *testing.T) {
		w := lawfultest.New(t, reg, lawfultest.Options{Regime: piplGuardianTo18()})
		r := use("personalize.recommend", "profile.tags")
		r.Subject = w.Adult(t)
		w.Grant(t, r.Subject, consent.Click, "personalize.recommend", "ads.targeted")
		w.Clock.Advance(time.Minute)
		w.Append(t, consent.Event{Kind: consent.Object, Subject: r.Subject, Purposes: []consent.PurposeRef{{ID: "personalize.recommend"}}})
		lawfultest.AssertDenied(t, w.Guard, r, lawful.ErrObjectionRecorded, "switched off in [My]-[Settings]-[Privacy Settings]")
		ads := use("ads.targeted", "profile.tags")
		ads.Subject = r.Subject
		lawfultest.AssertAllowed(t, w.Guard, ads, "the objection names recommendations only")
		w.Clock.Advance(time.Minute)
		w.Append(t, consent.Event{Kind: consent.Lift, Subject: r.Subject, Purposes: []consent.PurposeRef{{ID: "personalize.recommend"}}})
		lawfultest.AssertAllowed(t, w.Guard, r, "switched on again; the consent never ended")
	})
}
