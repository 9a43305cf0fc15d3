package seeds_test

import (
	"strings"
	"testing"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/examples/seeds"
	"github.com/lawfulgo/lawful/lawfultest"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/rights"
	"github.com/lawfulgo/lawful/subject"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// This file tests seed 002 (a web service under PIPL and GDPR); the
// helpers are in helpers_test.go.

// Recipient names of 002-webservice/policy.json besides stateOrgans. Seed
// 002 names no recipient at all; these are descriptions.
const (
	s02Emerg    = "Emergency services and public-health authorities (急救机构及卫生健康主管部门)"
	s02Guardian = "The child's verified guardian (经验证的监护人)"
)

const s02Policy = "002-webservice/policy.json"

// TestSeed002 checks 002-webservice/policy.json, the lawful reading of
// seed 002, clause by clause. Section numbers follow the seed's table of
// contents (§I collect and use … §IX contact); only "VIII." is printed.
func TestSeed002(t *testing.T) {
	reg := openSeed(t, s02Policy)

	t.Run("serves_PIPL_and_GDPR_with_no_controller_contact_PIPL_art17_GDPR_art13_seed_002_preamble_§IX", func(t *testing.T) {
		p := reg.Policy()
		assert.Equal(t, []pii.Law{pii.PIPL, pii.GDPR}, reg.Regimes(), "'governed by the General Data Protection Regulations, the Personal Information Protection Law'")
		assert.Empty(t, p.Controller.Contact, "§IX: 'send your questions to [ ]' — the seed gives no contact (PIPL art. 17(1)(1); GDPR art. 13(1)(a))")
		assert.Equal(t, "undated", p.Version, "the seed states no date or version")
	})

	C, U, S, Sh := purpose.Collect, purpose.Use, purpose.Store, purpose.Share
	cus := []purpose.Operation{C, U, S}
	consentB := purpose.Legal{Basis: purpose.Consent}
	contractB := purpose.Legal{Basis: purpose.Contract}
	li := purpose.Legal{Basis: purpose.LegitimateInterests}
	duty := func(cites string) purpose.Legal { return purpose.Legal{Basis: purpose.LegalDuty, Cites: cites} }
	everything := disclosable(t, reg, "credential.password,credential.session_token").String()

	checkPurposes(t, reg, []purposeRow{
		{name: "registration_on_contract_contact_optional_PIPL_art13_1_2_GDPR_art6_1_b_seed_002_§I_registration",
			id: "signup.login", basis: purpose.Contract, gdpr: contractB, core: true,
			required: "account.id,account.username,credential.password", optional: "contact.phone,contact.email", ops: cus, retention: "account"},
		{name: "real_name_on_CSL_art24_under_PIPL_and_consent_under_GDPR_seed_002_§I_registration",
			id: "legal.real_name", basis: purpose.LegalDuty, cites: "Cybersecurity Law art. 24", gdpr: consentB,
			required: "basic.name", optional: "contact.phone", ops: cus, retention: "account"},
		{name: "uploads_on_contract_optional_location_undeclared_PIPL_arts6_16_seed_002_§I_uploading",
			id: "service.device_capture", basis: purpose.Contract, gdpr: contractB,
			optional: "content.audio,content.video,content.document", ops: cus, retention: "media"},
		{name: "logs_on_CSL_art21_under_PIPL_and_legitimate_interest_under_GDPR_art6_1_f_seed_002_§I_operation",
			id: "ops.logging", basis: purpose.LegalDuty, cites: "Cybersecurity Law art. 21(3)", gdpr: li, core: true,
			required: "activity.service_log,device.ip", optional: "account.id", ops: cus, retention: "logs"},
		{name: "security_on_contract_with_minimum_device_data_PIPL_arts6_13_1_2_seed_002_§I_operation",
			id: "security.risk_control", basis: purpose.Contract, gdpr: li, core: true,
			required: "account.id,device.model,device.os", optional: "device.network,device.ip,activity.service_log", ops: cus, retention: "account"},
		{name: "hardware_ids_network_signals_and_app_list_only_on_optional_consent_PIPL_arts6_16_ePrivacy_art5_3_seed_002_§I_operation",
			id: "security.device_identifiers", basis: purpose.Consent, gdpr: consentB,
			optional: "device.id.imei,device.id.android_id,device.id.oaid,device.id.imsi,device.id.iccid,device.id.meid,device.id.idfv,device.id.mac,location.network_signals,device.app_list",
			ops:      cus, retention: "device_data"},
		{name: "crash_analysis_on_optional_consent_PIPL_arts13_16_seed_002_§I_operation",
			id: "ops.diagnostics", basis: purpose.Consent, gdpr: consentB,
			required: "activity.crash_diagnostics", optional: "activity.app_usage", ops: cus, retention: "device_data"},
		{name: "support_on_contract_PIPL_art13_1_2_seed_002_§I_feedback",
			id: "support.customer_service", basis: purpose.Contract, gdpr: contractB,
			required: "communication.support_records", optional: "contact.phone,contact.email,account.id", ops: cus, retention: "account"},
		{name: "security_cookies_on_contract_PIPL_art13_1_2_seed_002_§II",
			id: "cookies.local_storage", basis: purpose.Contract, gdpr: contractB, core: true,
			required: "credential.session_token,device.cookie_id", ops: cus, retention: "cookies"},
		{name: "search_and_form_memory_on_optional_consent_PIPL_art16_ePrivacy_art5_3_seed_002_§II",
			id: "cookies.preferences", basis: purpose.Consent, gdpr: consentB,
			optional: "activity.search,account.settings", ops: cus, retention: "cookies"},
		{name: "lawful_demands_on_cited_legal_duty_PIPL_art13_1_3_GDPR_art6_3_seed_002_§III_share",
			id: "legal.disclosure", basis: purpose.LegalDuty, cites: "Cybersecurity Law art. 28; Criminal Procedure Law art. 54",
			gdpr: duty("GDPR art. 6(1)(c), 6(3): the Union or Member State law imposing the order"), core: true,
			optional: everything, ops: []purpose.Operation{U, Sh}, recipients: map[string]purpose.Role{stateOrgans: purpose.Authority}, retention: "account"},
		{name: "emergency_on_PIPL_art13_1_4_and_vital_interests_GDPR_art6_1_d_seed_002_§I_exceptions_item_3",
			id: "safety.emergency", basis: purpose.Emergency, gdpr: purpose.Legal{Basis: purpose.VitalInterests}, core: true,
			optional: "account.id,basic.name,contact.phone,contact.email", ops: []purpose.Operation{U, Sh},
			recipients: map[string]purpose.Role{s02Emerg: purpose.Independent}, retention: "emergency"},
		{name: "rights_requests_on_legal_duty_PIPL_art50_GDPR_art12_seed_002_§V",
			id: "rights.request_handling", basis: purpose.LegalDuty, cites: "Personal Information Protection Law art. 50", gdpr: duty("GDPR art. 12(3)"), core: true,
			required: "account.id", optional: "contact.phone,contact.email,basic.name", ops: cus, retention: "account"},
		{name: "age_check_by_birth_date_on_legal_duty_PIPL_art31_GDPR_art8_2_seed_002_§VII.1",
			id: "minor.guardian_verification", basis: purpose.LegalDuty, cites: "Personal Information Protection Law art. 31", gdpr: duty("GDPR art. 8(2)"), core: true,
			required: "basic.birth_date", optional: "social.family,contact.phone,contact.email,basic.name", ops: cus, retention: "children"},
		{name: "guardian_access_without_the_password_PIPL_art45_Civil_Code_art23_seed_002_§VII.2",
			id: "minor.guardian_access", basis: purpose.LegalDuty, cites: "Personal Information Protection Law art. 45; Civil Code art. 23",
			gdpr: duty("GDPR art. 15; Member State law on parental representation"), core: true,
			required: "account.username,account.id", optional: "content.audio,content.video,content.document", ops: []purpose.Operation{U, Sh},
			recipients: map[string]purpose.Role{s02Guardian: purpose.Independent}, retention: "children"},
		{name: "incident_notices_on_legal_duty_PIPL_art57_GDPR_art34_seed_002_§IV_protection",
			id: "security.incident_notice", basis: purpose.LegalDuty, cites: "Personal Information Protection Law art. 57", gdpr: duty("GDPR art. 34"), core: true,
			optional: "contact.phone,contact.email", ops: []purpose.Operation{U}, retention: "account"},
	})

	t.Run("every_ground_is_a_statutory_ground_of_each_regime_PIPL_art13_GDPR_art6", func(t *testing.T) {
		for _, c := range reg.Purposes() {
			for _, law := range []pii.Law{pii.PIPL, pii.GDPR} {
				legal, _ := c.Legal(law)
				assert.Equal(t, legal.Basis, legal.Basis.Ground(law), "%s under %v", c.ID(), law)
				if legal.Basis == purpose.LegalDuty {
					assert.Contains(t, legal.Cites, " art. ", "%s under %v", c.ID(), law)
				}
			}
		}
	})

	t.Run("no_GDPR_special_category_so_no_art9_condition_GDPR_art9", func(t *testing.T) {
		for _, c := range reg.Purposes() {
			assert.True(t, c.Sensitive(pii.GDPR).IsEmpty(), "%s", c.ID())
			legal, _ := c.Legal(pii.GDPR)
			assert.Equal(t, purpose.SpecialNone, legal.Special, "%s", c.ID())
		}
	})

	t.Run("passwords_and_tokens_are_never_provided_to_anyone_PIPL_art51_seed_002_§VII.2", func(t *testing.T) {
		for _, c := range reg.Purposes() {
			if c.Declares(purpose.Share) || c.Declares(purpose.Entrust) {
				assert.True(t, c.Categories().Secret().IsEmpty(), "%s provides secrets %v", c.ID(), c.Categories().Secret())
			}
		}
	})

	t.Run("ID_number_and_browsing_location_have_no_purpose_PIPL_art6_GDPR_art5_1_c_seed_002_§I_uploading_§VII.1", func(t *testing.T) {
		for _, c := range reg.Purposes() {
			assert.False(t, c.Categories().Overlaps(pii.MustParseSet("identity.national_id,location.coarse,location.precise")), "%s", c.ID())
		}
	})

	t.Run("nothing_exported_transferred_or_disclosed_PIPL_arts22_25_38_seed_002_§III_§IV", func(t *testing.T) {
		for _, c := range reg.Purposes() {
			for _, op := range []purpose.Operation{purpose.Export, purpose.Transfer, purpose.Disclose, purpose.Entrust} {
				assert.False(t, c.Declares(op), "%s declares %v", c.ID(), op)
			}
		}
	})

	t.Run("only_consent_purposes_are_optional_extras_PIPL_art16", func(t *testing.T) {
		for _, c := range reg.Purposes() {
			legal, _ := c.Legal(pii.PIPL)
			if legal.Basis == purpose.Consent {
				assert.False(t, c.Core(), "%s: refusing a consent purpose must not cost the service", c.ID())
			}
		}
	})

	checkRetention(t, reg, "every_retention_entry_listed", []retentionRow{
		{"account_deleted_on_deregistration_PIPL_art47_GDPR_art17_seed_002_§IV_§V", "account",
			retentionRule{EndsOn: []string{"purpose_achieved", "account_closed", "deletion_requested", "service_terminated"}, Action: "delete", Cites: "PIPL arts. 19, 47; GDPR art. 17; seed 002 §IV, §V"}, ""},
		{"logs_kept_six_months_minimum_CSL_art21_3", "logs",
			retentionRule{Keep: "P6M", Minimum: "P6M", MinimumCites: "Cybersecurity Law art. 21(3)", Action: "delete", Cites: "PIPL art. 19"}, ""},
		{"files_deleted_with_the_feature_or_account_PIPL_art47_1_seed_002_§IV", "media",
			retentionRule{EndsOn: []string{"purpose_achieved", "account_closed", "deletion_requested", "service_terminated"}, Action: "delete", Cites: "PIPL art. 47(1)"}, ""},
		{"device_data_ends_with_consent_PIPL_art47_3_GDPR_art17_1_b_seed_002_§V_scope", "device_data",
			retentionRule{Action: "delete", Cites: "PIPL art. 47(3); GDPR art. 17(1)(b)"}, ""},
		{"cookies_cleared_by_the_user_seed_002_§II", "cookies", retentionRule{Action: "delete", Cites: "seed 002 §II"}, ""},
		{"emergency_data_ends_with_the_emergency_PIPL_art47_1", "emergency",
			retentionRule{EndsOn: []string{"purpose_achieved", "account_closed", "deletion_requested", "service_terminated"}, Action: "delete", Cites: "PIPL art. 47(1)"}, ""},
		{"childrens_data_deleted_when_the_purpose_or_service_ends_MPL_art72_seed_002_§VII.3", "children",
			retentionRule{EndsOn: []string{"purpose_achieved", "account_closed", "deletion_requested", "service_terminated"}, Action: "delete", Cites: "PIPL art. 47; Minors Protection Law art. 72; seed 002 §VII.3"}, ""},
	})
}

// s02AsWritten is what loading 002-webservice/as_written.json reports, in
// order. README.md ("Proven when the file loads") has the same rows. A
// basis given once applies to both regimes, so one clause can fail twice
// at the same field: the message names the article of each regime.
var s02AsWritten = []problem{
	{`purpose "security.risk_control"`, "basis", purpose.ErrNoStatutoryBasis, "§I 'Operation and safety assurance'", "is not a ground under PIPL"},
	{`purpose "exempt.legal_obligation"`, "basis.cites", purpose.ErrMissingCitation, "§I 'Exceptions' item 1", "names no particular law (PIPL art. 13(1)(3)"},
	{`purpose "exempt.legal_obligation"`, "basis.cites", purpose.ErrMissingCitation, "§I 'Exceptions' item 1", "names no particular law (GDPR art. 6(1)(c)"},
	{`purpose "exempt.emergency"`, "basis", purpose.ErrNoStatutoryBasis, "§I 'Exceptions' item 3", `basis "emergency" is not a ground under GDPR`},
	{`purpose "exempt.public_information"`, "basis", purpose.ErrNoStatutoryBasis, "§I 'Exceptions' item 4", `basis "public_information" is not a ground under GDPR`},
	{`purpose "exempt.other_law"`, "basis.cites", purpose.ErrMissingCitation, "§I 'Exceptions' item 5", "names no article"},
	{`purpose "exempt.other_law"`, "basis", purpose.ErrNoStatutoryBasis, "§I 'Exceptions' item 5", `basis "other_law" is not a ground under GDPR`},
	{`purpose "legal.disclosure"`, "basis.cites", purpose.ErrMissingCitation, "§III 'Share' item 1", "names no particular law (PIPL art. 13(1)(3)"},
	{`purpose "legal.disclosure"`, "basis.cites", purpose.ErrMissingCitation, "§III 'Share' item 1", "names no particular law (GDPR art. 6(1)(c)"},
	{`purpose "sharing.with_consent"`, "recipients", purpose.ErrUndeclaredRecipient, "§III 'Share' item 2", "operation share needs a declared recipient"},
	{`purpose "sharing.contract"`, "recipients", purpose.ErrUndeclaredRecipient, "§III 'Share' item 3", "operation share needs a declared recipient"},
	{`purpose "corporate.succession"`, "recipients", purpose.ErrUndeclaredRecipient, "§III 'Transfer' para 1", "operation transfer needs a declared recipient with role successor"},
	{`purpose "corporate.succession"`, "basis", purpose.ErrNoStatutoryBasis, "§III 'Transfer' para 1", `basis "succession" is not a ground under GDPR`},
	{`purpose "transfer.with_consent"`, "recipients", purpose.ErrUndeclaredRecipient, "§III 'Transfer' para 2", "operation transfer needs a declared recipient with role successor"},
	{`purpose "export.cross_border"`, "recipients", purpose.ErrCrossBorder, "§IV 'Place of storage'", "operation export needs an overseas recipient with country and mechanism"},
	{`purpose "security.incident_notice"`, "basis.cites", purpose.ErrMissingCitation, "§IV 'Protection' bullet 4", "names no article; cite the provision, e.g. \"Cybersecurity Law art. 21(3)\" or \"《网络安全法》第二十一条\" (PIPL"},
	{`purpose "security.incident_notice"`, "basis.cites", purpose.ErrMissingCitation, "§IV 'Protection' bullet 4", "names no article; cite the provision, e.g. \"Cybersecurity Law art. 21(3)\" or \"《网络安全法》第二十一条\" (GDPR"},
	{`purpose "minor.guardian_verification"`, "basis.cites", purpose.ErrMissingCitation, "§VII.1 items 1–2", "names no particular law (PIPL art. 13(1)(3)"},
	{`purpose "minor.guardian_verification"`, "basis.cites", purpose.ErrMissingCitation, "§VII.1 items 1–2", "names no particular law (GDPR art. 6(1)(c)"},
	{`purpose "minor.sharing_with_guardian_consent"`, "recipients", purpose.ErrUndeclaredRecipient, "§VII.2 'Share with the consent of the guardian'", "operation share needs a declared recipient"},
}

// TestSeed002AsWritten proves the defects README.md lists: loading the
// policy as seed 002 writes it fails with exactly these problems.
func TestSeed002AsWritten(t *testing.T) {
	ve := checkAsWritten(t, "002-webservice/as_written.json", s02AsWritten)
	assert.True(t, strings.HasPrefix(ve.Error(), "purpose: policy has 20 problems:"), ve.Error())

	checkNamedProblems(t, ve, []namedProblem{
		{"protecting_legitimate_interests_is_no_PIPL_ground_art13_seed_002_§I_operation", `purpose "security.risk_control"`, "basis", "PIPL", purpose.ErrNoStatutoryBasis},
		{"obligations_of_laws_and_regulations_name_no_law_PIPL_art13_1_3_seed_002_§I_exceptions_1", `purpose "exempt.legal_obligation"`, "basis.cites", "PIPL", purpose.ErrMissingCitation},
		{"PIPL_emergency_ground_is_no_GDPR_basis_GDPR_art6_seed_002_§I_exceptions_3", `purpose "exempt.emergency"`, "basis", "GDPR", purpose.ErrNoStatutoryBasis},
		{"PIPL_public_information_ground_is_no_GDPR_basis_GDPR_art6_seed_002_§I_exceptions_4", `purpose "exempt.public_information"`, "basis", "GDPR", purpose.ErrNoStatutoryBasis},
		{"other_laws_unnamed_PIPL_art13_1_7_seed_002_§I_exceptions_5", `purpose "exempt.other_law"`, "basis.cites", "PIPL", purpose.ErrMissingCitation},
		{"statutory_sharing_names_no_law_under_either_regime_PIPL_art13_1_3_GDPR_art6_1_c_seed_002_§III", `purpose "legal.disclosure"`, "basis.cites", "GDPR", purpose.ErrMissingCitation},
		{"consented_sharing_with_unnamed_parties_PIPL_art23_seed_002_§III_share_2", `purpose "sharing.with_consent"`, "recipients", "share", purpose.ErrUndeclaredRecipient},
		{"successor_unnamed_PIPL_art22_seed_002_§III_transfer", `purpose "corporate.succession"`, "recipients", "successor", purpose.ErrUndeclaredRecipient},
		{"transfer_abroad_on_consent_without_recipient_or_mechanism_PIPL_arts38_39_seed_002_§IV", `purpose "export.cross_border"`, "recipients", "export", purpose.ErrCrossBorder},
		{"childrens_data_to_unnamed_parties_with_guardian_consent_PIPL_arts23_31_seed_002_§VII.2", `purpose "minor.sharing_with_guardian_consent"`, "recipients", "share", purpose.ErrUndeclaredRecipient},
	})
}

// TestSeed002AsWrittenRest compiles what of the as-written policy loads,
// and shows the Guard refusing what loading cannot see, and what it cannot
// refuse.
func TestSeed002AsWrittenRest(t *testing.T) {
	reg := restOfAsWritten(t, "002-webservice/as_written.json", 22, 8, s02AsWritten)

	t.Run("what_loads_is_still_not_policy.json", func(t *testing.T) {
		login := lookup(t, reg, "signup.login")
		assert.True(t, pii.MustParseSet("basic.name,contact.phone,contact.email").SubsetOf(login.Required()), "§I: real name, phone and e-mail all required")
		assert.True(t, lookup(t, reg, "minor.guardian_access").Categories().Contains(pii.MustLookup("credential.password")), "§VII.2 shares the child's password")
		_, ok := reg.Lookup("security.risk_control")
		assert.False(t, ok)
	})

	req := func(id purpose.ID, op purpose.Operation, cats, recipient string) lawful.Request {
		return lawful.Request{Purpose: id, Operation: op, Categories: pii.MustParseSet(cats), Recipient: recipient}
	}
	kid := child(12, "CN", true)
	checkDecisions(t, reg, lawfultest.Options{}, []decision{
		{name: "the_guardians_sign_up_click_is_not_separate_consent_for_a_child_PIPL_arts28_29_31_seed_002_§VII_instructions",
			subject: kid, grant: form(consent.Click),
			req: req("signup.login", purpose.Collect, "account.username,credential.password", ""), want: lawful.ErrSeparateConsentRequired},
		{name: "disclosure_with_consent_needs_separate_consent_PIPL_art25_seed_002_§III_disclose", grant: form(consent.Click),
			req: req("disclosure.with_consent", purpose.Disclose, "basic.name", ""), want: lawful.ErrSeparateConsentRequired},
		{name: "reading_the_policy_is_not_consent_PIPL_art14_seed_002_§II",
			req: req("cookies.preferences", purpose.Use, "activity.search", ""), want: lawful.ErrNoConsent},
		// The limits of the library. The credential's Secret flag is not
		// consulted: once a purpose declares the password, a guardian's
		// separate consent lets it be shared (policy.json leaves it out).
		{name: "library_does_not_refuse_sharing_a_declared_password_seed_002_§VII.2",
			subject: kid, grant: form(consent.Separate),
			req: req("minor.guardian_access", purpose.Share, "credential.password", "guardian")},
		// Necessity is a judgement: a real name on the contract ground passes.
		{name: "library_cannot_judge_necessity_real_name_on_contract_passes_as_written_PIPL_art6_seed_002_§I_registration",
			req: req("signup.login", purpose.Collect, "basic.name", "")},
	})
}

// TestSeed002GDPR runs the GDPR cases that a scenario file cannot express:
// its subjects all fall under the file's one regime. Here subjects in
// Germany fall under GDPR (art. 8 age 16, parental consent), the rest under
// PIPL, in one World.
func TestSeed002GDPR(t *testing.T) {
	reg := openSeed(t, s02Policy)
	opts := lawfultest.Options{Jurisdictions: map[string]lawful.Regime{"DE": lawful.GDPR()}}
	eu := func(age int, guardian bool) func(t *testing.T, w *lawfultest.World) subject.ID {
		return child(age, "DE", guardian)
	}
	req := func(id purpose.ID, op purpose.Operation, cats, recipient string, a lawful.Attestation) lawful.Request {
		return lawful.Request{Purpose: id, Operation: op, Categories: pii.MustParseSet(cats), Recipient: recipient, Attest: a}
	}
	checkDecisions(t, reg, opts, []decision{
		{name: "EU_logs_need_a_recorded_balancing_test_GDPR_art6_1_f_seed_002_§I_operation", subject: eu(30, false),
			req: req("ops.logging", purpose.Store, "activity.service_log,device.ip", "", 0), want: lawful.ErrExemptionConditionFailed},
		{name: "EU_logs_with_a_balancing_test_are_kept_GDPR_art6_1_f_Recital_49", subject: eu(30, false),
			req: req("ops.logging", purpose.Store, "activity.service_log,device.ip", "", lawful.BalancingTest)},
		{name: "CN_logs_rest_on_CSL_art21_without_attestation_PIPL_art13_1_3",
			req: req("ops.logging", purpose.Store, "activity.service_log,device.ip", "", 0)},
		{name: "EU_child_of_15_needs_parental_consent_for_consent_purposes_GDPR_art8_1_seed_002_§VI", subject: eu(15, false), grant: form(consent.Click),
			req: req("cookies.preferences", purpose.Use, "activity.search", "", 0), want: lawful.ErrParentalConsentRequired},
		{name: "EU_child_of_15_with_parental_consent_is_allowed_GDPR_art8_1", subject: eu(15, true), grant: form(consent.Click),
			req: req("cookies.preferences", purpose.Use, "activity.search", "", 0)},
		{name: "CN_minor_of_15_consents_alone_PIPL_art31_seed_002_§VI", subject: child(15, "CN", false), grant: form(consent.Click),
			req: req("cookies.preferences", purpose.Use, "activity.search", "", 0)},
		{name: "EU_child_signs_up_on_contract_without_parental_consent_GDPR_art8_1_applies_to_consent_only", subject: eu(12, false),
			req: req("signup.login", purpose.Collect, "account.username,credential.password", "", 0)},
		{name: "CN_child_sign_up_on_contract_still_needs_guardian_consent_PIPL_art31_Regime_GuardianOnContract", subject: child(12, "CN", false),
			req: req("signup.login", purpose.Collect, "account.username,credential.password", "", 0), want: lawful.ErrGuardianConsentRequired},
		{name: "EU_real_name_rests_on_consent_no_EU_law_requires_it_GDPR_art6_1_a_seed_002_§I_registration", subject: eu(30, false),
			req: req("legal.real_name", purpose.Collect, "basic.name", "", 0), want: lawful.ErrNoConsent},
		{name: "CN_real_name_rests_on_CSL_art24_PIPL_art13_1_3",
			req: req("legal.real_name", purpose.Collect, "basic.name", "", 0)},
		{name: "EU_emergency_needs_a_declared_emergency_GDPR_art6_1_d_seed_002_§I_exceptions_3", subject: eu(30, false),
			req: req("safety.emergency", purpose.Share, "contact.phone", s02Emerg, 0), want: lawful.ErrExemptionConditionFailed},
		{name: "EU_vital_interests_in_a_declared_emergency_GDPR_art6_1_d", subject: eu(30, false),
			req: req("safety.emergency", purpose.Share, "contact.phone", s02Emerg, lawful.Emergency)},
		{name: "EU_sharing_needs_no_separate_consent_but_a_named_recipient_GDPR_arts6_13_1_e", subject: eu(30, false),
			req: req("legal.disclosure", purpose.Share, "contact.phone", "Marketing partner", 0), want: lawful.ErrRecipientNotDeclared},
		{name: "EU_guardian_access_on_legal_obligation_GDPR_art6_1_c_seed_002_§VII.2", subject: eu(12, true),
			req: req("minor.guardian_access", purpose.Share, "account.username", s02Guardian, 0)},
	})
}

// TestSeed002PolicyUpdates shows §VIII: updates are announced, and only a
// reduction of rights needs express consent. A material version makes
// earlier consents stale; a reworded one does not.
func TestSeed002PolicyUpdates(t *testing.T) {
	staleAfterMaterialChange(t, s02Policy, lawful.PIPL(), "security.device_identifiers", purpose.ChangedCategories|purpose.ChangedRecipients, lawful.Request{
		Purpose: "security.device_identifiers", Operation: purpose.Collect, Categories: pii.MustParseSet("device.id.oaid,device.app_list"),
	})
}

// TestSeed002Readme checks that README.md has a row for every proven defect.
func TestSeed002Readme(t *testing.T) {
	readmeListsEveryProvenDefect(t, "002-webservice/README.md", s02AsWritten)
}

// TestSeed002RightsDeadlines wires the seed's 15 days into the rights
// engine (seeds.Rights), under both regimes it serves: requests within 15
// days of being made (§V "Responding to Your Above Requests"), questions
// and complaints within 15 days after verification ("How to contact us"),
// a last day on a rest day moving to the next working day (Civil Code
// art. 203; Reg. 1182/71 art. 3(4)).
func TestSeed002RightsDeadlines(t *testing.T) {
	reg := openSeed(t, s02Policy)
	for _, law := range []pii.Law{pii.PIPL, pii.GDPR} {
		t.Run(law.String(), func(t *testing.T) {
			checkDeadlines(t, "002-webservice", law, reg, []deadlineRow{
				{name: "request_answered_15_days_from_receipt_ending_in_labour_day_seed_002_§V_responding_CC_art203_GDPR_art12_3",
					kind: rights.Access, received: "2026-04-17T10:00:00+08:00", due: "2026-05-06", cites: "002 §V"},
				{name: "deletion_clock_runs_from_receipt_before_verification_seed_002_§V_responding_PIPL_art47_GDPR_art17",
					kind: rights.Delete, received: "2026-03-02T10:00:00+08:00", due: "2026-03-17", cites: "002 §V"},
				{name: "complaint_15_days_after_verification_seed_002_how_to_contact_us_PIPL_art65",
					kind: rights.Complain, received: "2026-03-02T10:00:00+08:00", verified: "2026-03-04T10:00:00+08:00", due: "2026-03-19", cites: "How to contact us"},
			})
		})
	}

	t.Run("no_extension_beyond_the_promised_15_days_even_under_GDPR_art12_3_seed_002_§V_responding", func(t *testing.T) {
		p, ok := seeds.Rights("002-webservice", pii.GDPR)
		require.True(t, ok)
		assert.Equal(t, "GDPR art. 12(3)", rights.GDPR().Term.Cites, "the library's GDPR policy would give a month")
		w := lawfultest.New(t, reg, lawfultest.Options{})
		desk, err := rights.NewDesk(rights.Config{Policy: p, Directory: w.Directory, Clock: w.Clock, Registry: reg})
		require.NoError(t, err)
		r, err := desk.Receive(t.Context(), rights.Request{Kind: rights.Copy, Subject: w.Adult(t)}, "seeds-test")
		require.NoError(t, err)
		_, err = desk.Verify(t.Context(), r.ID, "seeds-test", rights.Account)
		require.NoError(t, err)
		_, err = desk.Extend(t.Context(), r.ID, "seeds-test", "many requests")
		assert.ErrorIs(t, err, rights.ErrExtensionNotAllowed)
	})
}
