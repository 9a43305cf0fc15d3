package lawful_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/lawfultest"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	voice   = pii.MustParseSet("biometric.voiceprint")
	phone   = pii.MustParseSet("contact.phone")
	orders  = pii.MustParseSet("finance.order")
	logs    = pii.MustParseSet("activity.service_log,device.ip")
	where   = pii.MustParseSet("location.precise")
	posts   = pii.MustParseSet("content.public_post")
	profile = pii.MustParseSet("account.nickname")
	tags    = pii.MustParseSet("profile.tags")
)

func req(id subject.ID, p purpose.ID, op purpose.Operation, cats pii.Set) lawful.Request {
	return lawful.Request{Subject: id, Purpose: p, Operation: op, Categories: cats}
}

// asParty attests that the subject is a party to the contract the request
// processes data for (PIPL art. 13(1)(2); GDPR art. 6(1)(b)).
func asParty(r lawful.Request) lawful.Request {
	r.Attest |= lawful.ContractParty
	return r
}

// TestGuard has one row per denial reason and per exemption condition, in
// the Guard's order of evaluation, each named after the rule it enforces.
func TestGuard(t *testing.T) {
	type setup func(t *testing.T, w *lawfultest.World) lawful.Request
	tests := []struct {
		name  string
		setup setup
		want  error // nil: allowed
	}{
		{"separate_consent_allows_voice_cloning_PIPL_art29", func(t *testing.T, w *lawfultest.World) lawful.Request {
			id := w.Adult(t)
			w.Grant(t, id, consent.Separate, "service.voice_clone")
			return req(id, "service.voice_clone", purpose.Use, voice)
		}, nil},
		{"malformed_request_without_categories_is_denied", func(t *testing.T, w *lawfultest.World) lawful.Request {
			return req(w.Adult(t), "signup.login", purpose.Use, pii.Set{})
		}, lawful.ErrInvalidRequest},
		{"malformed_request_without_operation_is_denied", func(t *testing.T, w *lawfultest.World) lawful.Request {
			return req(w.Adult(t), "signup.login", 0, phone)
		}, lawful.ErrInvalidRequest},
		{"recipient_on_an_operation_that_provides_nothing_is_denied", func(t *testing.T, w *lawfultest.World) lawful.Request {
			r := req(w.Adult(t), "signup.login", purpose.Use, phone)
			r.Recipient = "WeChat Pay"
			return r
		}, lawful.ErrInvalidRequest},
		{"unknown_purpose_is_denied_PIPL_art6", func(t *testing.T, w *lawfultest.World) lawful.Request {
			return req(w.Adult(t), "ads.unknown", purpose.Use, phone)
		}, lawful.ErrUnknownPurpose},
		{"undeclared_operation_is_denied_PIPL_art14_para2", func(t *testing.T, w *lawfultest.World) lawful.Request {
			return req(w.Adult(t), "signup.login", purpose.Share, phone)
		}, lawful.ErrOperationNotDeclared},
		{"undeclared_category_is_denied_PIPL_art6_minimum_necessary", func(t *testing.T, w *lawfultest.World) lawful.Request {
			return req(w.Adult(t), "signup.login", purpose.Use, phone.Union(where))
		}, lawful.ErrCategoryNotDeclared},
		{"share_without_recipient_is_denied_PIPL_art23", func(t *testing.T, w *lawfultest.World) lawful.Request {
			return req(w.Adult(t), "commerce.payment", purpose.Share, orders)
		}, lawful.ErrRecipientNotDeclared},
		{"share_to_undeclared_recipient_is_denied_PIPL_art23", func(t *testing.T, w *lawfultest.World) lawful.Request {
			r := req(w.Adult(t), "commerce.payment", purpose.Share, orders)
			r.Recipient = "Ad Partner"
			return r
		}, lawful.ErrRecipientNotDeclared},
		{"share_to_an_entrusted_processor_is_denied_PIPL_art21_art23", func(t *testing.T, w *lawfultest.World) lawful.Request {
			r := req(w.Adult(t), "commerce.payment", purpose.Share, orders)
			r.Recipient = "Cloud Co"
			return r
		}, lawful.ErrRecipientNotDeclared},
		{"export_to_a_domestic_recipient_is_denied_PIPL_art38", func(t *testing.T, w *lawfultest.World) lawful.Request {
			r := req(w.Adult(t), "partners.sharing", purpose.Export, phone)
			r.Recipient = "Partner A"
			return r
		}, lawful.ErrRecipientNotDeclared},
		{"anonymised_data_is_not_PI_and_is_allowed_PIPL_art4_art73_4", func(t *testing.T, w *lawfultest.World) lawful.Request {
			r := req(subject.ID{}, "marketing.sms", purpose.Use, phone)
			r.Form = pii.Anonymised
			return r
		}, nil},
		{"deidentified_data_is_still_PI_PIPL_art73_3", func(t *testing.T, w *lawfultest.World) lawful.Request {
			r := req(w.Adult(t), "marketing.sms", purpose.Use, phone)
			r.Form = pii.Deidentified
			return r
		}, lawful.ErrNoConsent},
		{"unknown_subject_is_denied_even_for_exemptions_fail_closed", func(t *testing.T, w *lawfultest.World) lawful.Request {
			return req(w.NewID(t), "ops.logging", purpose.Store, logs)
		}, lawful.ErrUnknownSubject},
		{"request_without_subject_is_denied", func(t *testing.T, w *lawfultest.World) lawful.Request {
			return req(subject.ID{}, "ops.logging", purpose.Store, logs)
		}, lawful.ErrUnknownSubject},
		{"frozen_account_denies_use_seed_003_§七.3", func(t *testing.T, w *lawfultest.World) lawful.Request {
			return req(w.WithStatus(t, subject.Frozen), "signup.login", purpose.Use, phone)
		}, lawful.ErrSubjectFrozen},
		{"frozen_account_still_allows_storage_PIPL_art47_para2", func(t *testing.T, w *lawfultest.World) lawful.Request {
			return req(w.WithStatus(t, subject.Frozen), "ops.logging", purpose.Store, logs)
		}, nil},
		{"closed_account_is_denied_NDSMR_art24", func(t *testing.T, w *lawfultest.World) lawful.Request {
			return req(w.WithStatus(t, subject.Closed), "signup.login", purpose.Use, phone)
		}, lawful.ErrSubjectClosed},
		{"deceased_subject_is_denied_PIPL_art49", func(t *testing.T, w *lawfultest.World) lawful.Request {
			return req(w.WithStatus(t, subject.Deceased), "signup.login", purpose.Use, phone)
		}, lawful.ErrSubjectDeceased},
		{"automated_marketing_to_a_minor_is_prohibited_MOR_art24_para3", func(t *testing.T, w *lawfultest.World) lawful.Request {
			id := w.Child(t, 16)
			w.Grant(t, id, consent.Separate, "ads.personalised")
			return req(id, "ads.personalised", purpose.Use, tags)
		}, lawful.ErrProhibitedForMinors},
		{"automated_marketing_to_an_adult_with_consent_is_allowed", func(t *testing.T, w *lawfultest.World) lawful.Request {
			id := w.Adult(t)
			w.Grant(t, id, consent.Click, "ads.personalised")
			return req(id, "ads.personalised", purpose.Use, tags)
		}, nil},
		{"emergency_basis_cannot_disclose_PIPL_art25", func(t *testing.T, w *lawfultest.World) lawful.Request {
			r := req(w.Adult(t), "safety.rescue", purpose.Disclose, where)
			r.Attest = lawful.Emergency
			return r
		}, lawful.ErrExemptionNotValidForOperation},
		{"legal_duty_may_disclose_PIPL_art25_art13_1_3", func(t *testing.T, w *lawfultest.World) lawful.Request {
			return req(w.Adult(t), "ops.logging", purpose.Disclose, logs)
		}, nil},
		{"legal_duty_allows_logs_without_consent_PIPL_art13_1_3_CSL_art21", func(t *testing.T, w *lawfultest.World) lawful.Request {
			return req(w.Adult(t), "ops.logging", purpose.Store, logs)
		}, nil},
		{"emergency_without_an_emergency_is_denied_PIPL_art13_1_4", func(t *testing.T, w *lawfultest.World) lawful.Request {
			return req(w.Adult(t), "safety.rescue", purpose.Use, where)
		}, lawful.ErrExemptionConditionFailed},
		{"emergency_in_an_emergency_is_allowed_PIPL_art13_1_4", func(t *testing.T, w *lawfultest.World) lawful.Request {
			r := req(w.Adult(t), "safety.rescue", purpose.Use, where)
			r.Attest = lawful.Emergency
			return r
		}, nil},
		{"public_info_refused_by_the_person_is_denied_PIPL_art13_1_6_art27", func(t *testing.T, w *lawfultest.World) lawful.Request {
			r := req(w.Adult(t), "search.public_posts", purpose.Use, posts)
			r.Attest = lawful.ReasonableScope // but not NotRefused
			return r
		}, lawful.ErrExemptionConditionFailed},
		{"public_info_within_reasonable_scope_not_refused_is_allowed_PIPL_art13_1_6", func(t *testing.T, w *lawfultest.World) lawful.Request {
			r := req(w.Adult(t), "search.public_posts", purpose.Use, posts)
			r.Attest = lawful.ReasonableScope | lawful.NotRefused
			return r
		}, nil},
		{"contract_allows_sharing_without_consent_PIPL_art13_para2", func(t *testing.T, w *lawfultest.World) lawful.Request {
			r := asParty(req(w.Adult(t), "commerce.payment", purpose.Share, orders))
			r.Recipient = "WeChat Pay"
			return r
		}, nil},
		{"contract_ground_without_the_subject_as_a_party_is_denied_PIPL_art13_1_2_GDPR_art6_1_b", func(t *testing.T, w *lawfultest.World) lawful.Request {
			return req(w.Adult(t), "signup.login", purpose.Use, phone)
		}, lawful.ErrContractPartyRequired},
		{"contract_for_a_child_under_14_still_needs_guardian_consent_LAW_2_1_L", func(t *testing.T, w *lawfultest.World) lawful.Request {
			return asParty(req(w.Child(t, 10), "signup.login", purpose.Use, phone))
		}, lawful.ErrGuardianConsentRequired},
		{"contract_for_a_child_with_guardian_consent_is_allowed_PIPL_art31", func(t *testing.T, w *lawfultest.World) lawful.Request {
			kid := w.Child(t, 10)
			w.GrantByGuardian(t, w.Guardian(t, kid), kid, consent.Separate, "signup.login")
			return asParty(req(kid, "signup.login", purpose.Use, phone))
		}, nil},
		{"biometric_editing_needs_consent_even_on_another_basis_DSP_art14", func(t *testing.T, w *lawfultest.World) lawful.Request {
			id := w.Adult(t)
			w.Grant(t, id, consent.Click, "service.voice_clone")
			return req(id, "service.voice_clone", purpose.Use, voice)
		}, lawful.ErrSeparateConsentRequired},
		{"a_later_click_consent_does_not_undo_an_earlier_separate_one_PIPL_art29", func(t *testing.T, w *lawfultest.World) lawful.Request {
			id := w.Adult(t)
			w.Grant(t, id, consent.Separate, "service.voice_clone")
			w.Clock.Advance(time.Minute)
			w.Grant(t, id, consent.Click, "service.voice_clone")
			return req(id, "service.voice_clone", purpose.Use, voice)
		}, nil},
		{"no_consent_is_denied_PIPL_art13_1_1", func(t *testing.T, w *lawfultest.World) lawful.Request {
			return req(w.Adult(t), "marketing.sms", purpose.Use, phone)
		}, lawful.ErrNoConsent},
		{"consent_not_yet_in_force_is_denied", func(t *testing.T, w *lawfultest.World) lawful.Request {
			id := w.Adult(t)
			w.Append(t, consent.Event{Subject: id, Kind: consent.Grant, Form: consent.Click, Purposes: []consent.PurposeRef{{ID: "marketing.sms"}}, Effective: w.Clock.Now().Add(time.Minute)})
			return req(id, "marketing.sms", purpose.Use, phone)
		}, lawful.ErrConsentNotYetInForce},
		{"withdrawn_consent_is_denied_PIPL_art15", func(t *testing.T, w *lawfultest.World) lawful.Request {
			return req(w.AdultWithWithdrawnConsent(t, "marketing.sms"), "marketing.sms", purpose.Use, phone)
		}, lawful.ErrConsentWithdrawn},
		{"processing_before_the_withdrawal_stays_lawful_PIPL_art15_para2", func(t *testing.T, w *lawfultest.World) lawful.Request {
			r := req(w.AdultWithWithdrawnConsent(t, "marketing.sms"), "marketing.sms", purpose.Use, phone)
			r.At = w.Clock.Now().Add(-90 * time.Minute)
			return r
		}, nil},
		{"expired_consent_is_denied_NDSMR_art22_4", func(t *testing.T, w *lawfultest.World) lawful.Request {
			id := w.Adult(t)
			w.Append(t, consent.Event{Subject: id, Kind: consent.Grant, Form: consent.Click, Purposes: []consent.PurposeRef{{ID: "marketing.sms"}}, Expires: w.Clock.Now().Add(time.Hour)})
			w.Clock.Advance(time.Hour)
			return req(id, "marketing.sms", purpose.Use, phone)
		}, lawful.ErrConsentExpired},
		{"sensitive_data_needs_separate_consent_PIPL_art29", func(t *testing.T, w *lawfultest.World) lawful.Request {
			id := w.Adult(t)
			w.Grant(t, id, consent.Click, "commerce.payment")
			kid := w.Child(t, 10)
			_ = kid
			r := req(id, "partners.sharing", purpose.Share, phone)
			r.Recipient = "Partner A"
			w.Append(t, consent.Event{Subject: id, Kind: consent.Grant, Form: consent.Separate, Purposes: []consent.PurposeRef{{ID: "partners.sharing"}}, Recipients: []string{"Partner A"}})
			return r
		}, nil},
		{"sharing_needs_consent_naming_the_recipient_PIPL_art23", func(t *testing.T, w *lawfultest.World) lawful.Request {
			id := w.Adult(t)
			w.Append(t, consent.Event{Subject: id, Kind: consent.Grant, Form: consent.Separate, Purposes: []consent.PurposeRef{{ID: "partners.sharing"}}, Recipients: []string{"Partner A"}})
			r := req(id, "partners.sharing", purpose.Share, phone)
			r.Recipient = "Partner B"
			return r
		}, lawful.ErrSeparateConsentRequired},
		{"sharing_on_a_consent_naming_no_recipient_is_denied_as_separate_consent_required_PIPL_art23", func(t *testing.T, w *lawfultest.World) lawful.Request {
			id := w.Adult(t)
			w.Grant(t, id, consent.Separate, "partners.sharing")
			r := req(id, "partners.sharing", purpose.Share, phone)
			r.Recipient = "Partner A"
			return r
		}, lawful.ErrSeparateConsentRequired},
		{"sharing_on_click_consent_naming_the_recipient_is_denied_PIPL_art23", func(t *testing.T, w *lawfultest.World) lawful.Request {
			id := w.Adult(t)
			w.Append(t, consent.Event{Subject: id, Kind: consent.Grant, Form: consent.Click, Purposes: []consent.PurposeRef{{ID: "partners.sharing"}}, Recipients: []string{"Partner A"}})
			r := req(id, "partners.sharing", purpose.Share, phone)
			r.Recipient = "Partner A"
			return r
		}, lawful.ErrSeparateConsentRequired},
		{"export_needs_separate_consent_naming_the_overseas_recipient_PIPL_art39", func(t *testing.T, w *lawfultest.World) lawful.Request {
			id := w.Adult(t)
			w.Append(t, consent.Event{Subject: id, Kind: consent.Grant, Form: consent.Separate, Purposes: []consent.PurposeRef{{ID: "partners.sharing"}}, Recipients: []string{"SG Partner"}})
			r := req(id, "partners.sharing", purpose.Export, phone)
			r.Recipient = "SG Partner"
			return r
		}, nil},
		{"disclosure_on_click_consent_is_denied_PIPL_art25", func(t *testing.T, w *lawfultest.World) lawful.Request {
			id := w.Adult(t)
			w.Grant(t, id, consent.Click, "profile.public")
			return req(id, "profile.public", purpose.Disclose, profile)
		}, lawful.ErrSeparateConsentRequired},
		{"all_data_of_a_child_is_sensitive_PIPL_art28", func(t *testing.T, w *lawfultest.World) lawful.Request {
			kid := w.Child(t, 10)
			w.GrantByGuardian(t, w.Guardian(t, kid), kid, consent.Click, "marketing.sms")
			return req(kid, "marketing.sms", purpose.Use, phone)
		}, lawful.ErrSeparateConsentRequired},
		{"child_under_14_without_guardian_consent_is_denied_PIPL_art31", func(t *testing.T, w *lawfultest.World) lawful.Request {
			kid := w.Child(t, 13)
			w.Grant(t, kid, consent.Separate, "service.voice_clone")
			return req(kid, "service.voice_clone", purpose.Use, voice)
		}, lawful.ErrGuardianConsentRequired},
		{"child_under_14_with_guardian_consent_is_allowed_PIPL_art31", func(t *testing.T, w *lawfultest.World) lawful.Request {
			kid := w.Child(t, 13)
			w.GrantByGuardian(t, w.Guardian(t, kid), kid, consent.Separate, "service.voice_clone")
			return req(kid, "service.voice_clone", purpose.Use, voice)
		}, nil},
		{"child_one_day_before_14_still_needs_guardian_consent_PIPL_art31", func(t *testing.T, w *lawfultest.World) lawful.Request {
			kid := w.AgedOnDayBefore(t, 14)
			w.Grant(t, kid, consent.Separate, "service.voice_clone")
			return req(kid, "service.voice_clone", purpose.Use, voice)
		}, lawful.ErrGuardianConsentRequired},
		{"the_day_after_turning_14_own_consent_suffices_PIPL_art31", func(t *testing.T, w *lawfultest.World) lawful.Request {
			kid := w.AgedOnDayBefore(t, 14)
			w.Grant(t, kid, consent.Separate, "service.voice_clone")
			w.Clock.Advance(24 * time.Hour)
			return req(kid, "service.voice_clone", purpose.Use, voice)
		}, nil},
		{"fifteen_year_old_consents_alone_PIPL_art31", func(t *testing.T, w *lawfultest.World) lawful.Request {
			id := w.Child(t, 15)
			w.Grant(t, id, consent.Separate, "service.voice_clone")
			return req(id, "service.voice_clone", purpose.Use, voice)
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := lawfultest.New(t, policy(), lawfultest.Options{})
			r := tt.setup(t, w)
			if tt.want == nil {
				lawfultest.AssertAllowed(t, w.Guard, r)
				return
			}
			d := lawfultest.AssertDenied(t, w.Guard, r, tt.want)
			assert.NotEmpty(t, d.Reason.Hint(), "every reason says how to make the request lawful")
		})
	}
}

func TestStaleConsentIsDenied_PIPL_art14_para2(t *testing.T) {
	// Consent under v1 of voice cloning, then the policy's material v2.
	p := policy().Policy()
	for i := range p.Purposes {
		if p.Purposes[i].ID == "service.voice_clone" {
			p.Purposes[i].Versions = p.Purposes[i].Versions[:1]
		}
	}
	old := purpose.MustCompile(p)
	store := consent.NewMemStore()
	w1 := lawfultest.New(t, old, lawfultest.Options{Store: store})
	id := w1.Adult(t)
	w1.Grant(t, id, consent.Separate, "service.voice_clone")

	w2 := lawfultest.New(t, policy(), lawfultest.Options{Store: store, Directory: w1.Directory})
	d := lawfultest.AssertDenied(t, w2.Guard, req(id, "service.voice_clone", purpose.Use, voice), lawful.ErrConsentStale)
	assert.NotZero(t, d.Consent, "the decision names the stale consent")
}

func TestGuardianAgeByServicePolicy(t *testing.T) {
	r18 := lawful.PIPL()
	r18.Ages.GuardianAge = 18 // seeds 000 §6, 001 §VII, 003 §七
	r18.GuardianForm = consent.Written
	tests := []struct {
		name   string
		regime lawful.Regime
		age    int
		guard  consent.Form // guardian consent form; 0: none
		want   error
	}{
		{"13_without_guardian_is_denied_PIPL_art31", lawful.PIPL(), 13, 0, lawful.ErrGuardianConsentRequired},
		{"14_without_guardian_is_allowed_by_law_PIPL_art31", lawful.PIPL(), 14, 0, nil},
		{"17_without_guardian_is_allowed_by_law", lawful.PIPL(), 17, 0, nil},
		{"17_without_guardian_is_denied_by_a_policy_of_18_seed_003_§七", r18, 17, 0, lawful.ErrGuardianConsentRequired},
		{"17_with_separate_guardian_consent_is_denied_when_written_is_promised_seed_003_§七.1", r18, 17, consent.Separate, lawful.ErrWrittenConsentRequired},
		{"17_with_written_guardian_consent_is_allowed_seed_003_§七.1", r18, 17, consent.Written, nil},
		{"18_without_guardian_is_allowed_by_a_policy_of_18", r18, 18, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := lawfultest.New(t, policy(), lawfultest.Options{Regime: tt.regime})
			id := w.Child(t, tt.age)
			w.Grant(t, id, consent.Separate, "service.voice_clone")
			if tt.guard != 0 {
				w.Clock.Advance(time.Second)
				w.GrantByGuardian(t, w.Guardian(t, id), id, tt.guard, "service.voice_clone")
			}
			r := req(id, "service.voice_clone", purpose.Use, voice)
			if tt.want == nil {
				lawfultest.AssertAllowed(t, w.Guard, r)
			} else {
				lawfultest.AssertDenied(t, w.Guard, r, tt.want)
			}
		})
	}
}

func TestGDPRChildAge(t *testing.T) {
	de := lawful.GDPR()
	at := lawful.GDPR()
	at.Ages.ChildAge, at.Ages.GuardianAge = 14, 14 // a member state's own age (GDPR art. 8(1))
	tests := []struct {
		name   string
		regime lawful.Regime
		age    int
		want   error
	}{
		{"15_without_parental_consent_is_denied_at_16_GDPR_art8_1", de, 15, lawful.ErrParentalConsentRequired},
		{"16_consents_alone_GDPR_art8_1", de, 16, nil},
		{"15_consents_alone_in_a_member_state_at_14_GDPR_art8_1", at, 15, nil},
		{"13_without_parental_consent_is_denied_in_a_member_state_at_14_GDPR_art8_1", at, 13, lawful.ErrParentalConsentRequired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := lawfultest.New(t, policy(), lawfultest.Options{Jurisdictions: map[string]lawful.Regime{"DE": tt.regime}})
			id := w.Add(t, subject.Subject{Birth: subject.DateOf(w.Clock.Now().AddDate(0, -1, 0), time.UTC).AddYears(-tt.age), Jurisdiction: "DE"})
			w.Grant(t, id, consent.Separate, "marketing.sms")
			r := req(id, "marketing.sms", purpose.Use, phone)
			if tt.want == nil {
				d := lawfultest.AssertAllowed(t, w.Guard, r)
				assert.Equal(t, "GDPR", d.Regime)
			} else {
				lawfultest.AssertDenied(t, w.Guard, r, tt.want)
			}
		})
	}
	t.Run("special_categories_need_explicit_consent_GDPR_art9_2_a", func(t *testing.T) {
		w := lawfultest.New(t, policy(), lawfultest.Options{Jurisdictions: map[string]lawful.Regime{"DE": de}})
		id := w.Add(t, subject.Subject{Birth: w.BornYearsAgo(30), Jurisdiction: "DE"})
		w.Grant(t, id, consent.Click, "service.voice_clone")
		lawfultest.AssertDenied(t, w.Guard, req(id, "service.voice_clone", purpose.Use, voice), lawful.ErrExplicitConsentRequired)
	})
	t.Run("legitimate_interests_need_a_balancing_test_GDPR_art6_1_f", func(t *testing.T) {
		w := lawfultest.New(t, policy(), lawfultest.Options{Jurisdictions: map[string]lawful.Regime{"DE": de}})
		id := w.Add(t, subject.Subject{Birth: w.BornYearsAgo(30), Jurisdiction: "DE"})
		lawfultest.AssertDenied(t, w.Guard, req(id, "search.public_posts", purpose.Use, posts), lawful.ErrExemptionConditionFailed)
		r := req(id, "search.public_posts", purpose.Use, posts)
		r.Attest = lawful.BalancingTest
		d := lawfultest.AssertAllowed(t, w.Guard, r)
		assert.Equal(t, purpose.LegitimateInterests, d.Basis)
		assert.Equal(t, lawful.BalancingTest, d.Attested)
	})
}

func TestWithdrawalBeforeAtAfter_PIPL_art15(t *testing.T) {
	w := lawfultest.New(t, policy(), lawfultest.Options{})
	id := w.Adult(t)
	w.Grant(t, id, consent.Click, "marketing.sms")
	w.Clock.Advance(time.Hour)
	wd := w.Withdraw(t, id, "marketing.sms")
	w.Clock.Advance(time.Hour)
	at := func(ts time.Time) lawful.Request {
		r := req(id, "marketing.sms", purpose.Use, phone)
		r.At = ts
		return r
	}
	lawfultest.AssertAllowed(t, w.Guard, at(wd.Effective.Add(-time.Nanosecond)), "before the withdrawal")
	lawfultest.AssertDenied(t, w.Guard, at(wd.Effective), lawful.ErrConsentWithdrawn, "at the withdrawal instant")
	lawfultest.AssertDenied(t, w.Guard, at(wd.Effective.Add(time.Second)), lawful.ErrConsentWithdrawn, "after the withdrawal")
}

func TestDecisionCarriesBasisConsentAndObligations(t *testing.T) {
	w := lawfultest.New(t, policy(), lawfultest.Options{})
	id := w.Adult(t)
	g := w.Append(t, consent.Event{Subject: id, Kind: consent.Grant, Form: consent.Separate, Purposes: []consent.PurposeRef{{ID: "partners.sharing"}}, Recipients: []string{"SG Partner"}})
	r := req(id, "partners.sharing", purpose.Export, phone)
	r.Recipient = "SG Partner"
	d := lawfultest.AssertAllowed(t, w.Guard, r)
	assert.Equal(t, purpose.Consent, d.Basis)
	assert.Equal(t, g.ID, d.Consent)
	assert.Equal(t, "PIPL", d.Regime)
	assert.True(t, d.Obligations&lawful.RecordDisclosure != 0, "record the disclosure for deletion notices (GDPR art. 19)")
	assert.True(t, d.Obligations&lawful.CrossBorderNotice != 0, "PIPL art. 39")
	assert.True(t, d.Obligations&lawful.ImpactAssessment != 0, "PIPL art. 55")
	assert.Equal(t, "allow export partners.sharing basis=consent obligations=record_disclosure,impact_assessment,cross_border_notice", d.String())

	e := req(id, "safety.rescue", purpose.Use, where)
	e.Attest = lawful.Emergency
	d = lawfultest.AssertAllowed(t, w.Guard, e)
	assert.Equal(t, purpose.Emergency, d.Basis)
	assert.True(t, d.Obligations&lawful.NotifyAfterEmergency != 0, "PIPL art. 18 para 2")
	assert.Equal(t, lawful.Emergency, d.Attested)

	en := asParty(req(id, "commerce.payment", purpose.Entrust, orders))
	en.Recipient = "Cloud Co"
	d = lawfultest.AssertAllowed(t, w.Guard, en)
	assert.True(t, d.Obligations&lawful.EntrustmentContract != 0, "PIPL art. 21")

	anon := req(subject.ID{}, "marketing.sms", purpose.Use, phone)
	anon.Form = pii.Anonymised
	d = lawfultest.AssertAllowed(t, w.Guard, anon)
	assert.True(t, d.Anonymised)
	assert.Equal(t, "allow use marketing.sms basis=anonymised", d.String())
}

func TestFailClosed(t *testing.T) {
	voiceReq := func(w *lawfultest.World, id subject.ID) lawful.Request {
		return req(id, "service.voice_clone", purpose.Use, voice)
	}
	t.Run("directory_error_is_store_unavailable", func(t *testing.T) {
		w := lawfultest.New(t, policy(), lawfultest.Options{Directory: lawfultest.FailingDirectory{}})
		d := lawfultest.AssertDenied(t, w.Guard, voiceReq(w, w.Adult(t)), lawful.ErrStoreUnavailable)
		assert.ErrorIs(t, d.Err(), lawfultest.ErrInjected, "the denial unwraps to the cause")
	})
	t.Run("consent_store_error_is_store_unavailable", func(t *testing.T) {
		w := lawfultest.New(t, policy(), lawfultest.Options{Store: lawfultest.FailingStore{}})
		d := lawfultest.AssertDenied(t, w.Guard, voiceReq(w, w.Adult(t)), lawful.ErrStoreUnavailable)
		assert.ErrorIs(t, d.Err(), lawfultest.ErrInjected)
	})
	t.Run("cancelled_context_is_context_done", func(t *testing.T) {
		w := lawfultest.New(t, policy(), lawfultest.Options{})
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		d := w.Guard.Check(ctx, voiceReq(w, w.Adult(t)))
		assert.False(t, d.Allowed())
		assert.ErrorIs(t, d.Err(), lawful.ErrContextDone)
		assert.ErrorIs(t, d.Err(), context.Canceled)
	})
	t.Run("hanging_directory_times_out_as_context_done", func(t *testing.T) {
		w := lawfultest.New(t, policy(), lawfultest.Options{Directory: lawfultest.BlockingDirectory{}})
		id := w.Adult(t)
		ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
		defer cancel()
		d := w.Guard.Check(ctx, req(id, "ops.logging", purpose.Store, logs))
		assert.ErrorIs(t, d.Err(), lawful.ErrContextDone)
		assert.ErrorIs(t, d.Err(), context.DeadlineExceeded)
	})
	t.Run("zero_and_nil_guard_deny_not_configured", func(t *testing.T) {
		var g lawful.Guard
		assert.ErrorIs(t, g.Allow(context.Background(), lawful.Request{}), lawful.ErrNotConfigured)
		var np *lawful.Guard
		assert.ErrorIs(t, np.Allow(context.Background(), lawful.Request{}), lawful.ErrNotConfigured)
		var zero lawful.Decision
		assert.False(t, zero.Allowed(), "a zero Decision is a denial")
		assert.ErrorIs(t, zero.Err(), lawful.ErrNotConfigured)
	})
	t.Run("stopped_clock_denies", func(t *testing.T) {
		w := lawfultest.New(t, policy(), lawfultest.Options{})
		id := w.Adult(t)
		w.Clock.Set(time.Time{})
		lawfultest.AssertDenied(t, w.Guard, req(id, "ops.logging", purpose.Store, logs), lawful.ErrNotConfigured)
	})
	t.Run("missing_dependencies_are_named", func(t *testing.T) {
		_, err := lawful.NewGuard(lawful.Config{})
		require.ErrorIs(t, err, lawful.ErrNotConfigured)
		for _, s := range []string{"Registry", "Directory", "Ledger", "Clock"} {
			assert.ErrorContains(t, err, s)
		}
		w := lawfultest.New(t, policy(), lawfultest.Options{})
		_, err = lawful.NewGuard(lawful.Config{Registry: policy(), Directory: w.Directory, Ledger: w.Ledger, Clock: w.Clock})
		assert.ErrorContains(t, err, "Ledger uses another Registry")
		_, err = lawful.NewGuard(lawful.Config{Registry: w.Registry, Directory: w.Directory, Ledger: w.Ledger, Clock: w.Clock, Regime: lawful.Regime{Name: "X"}})
		assert.ErrorContains(t, err, "needs a Name, a valid Law")
	})
}

func TestContextCarriesSubjectAndPurpose(t *testing.T) {
	w := lawfultest.New(t, policy(), lawfultest.Options{})
	id := w.Adult(t)
	ctx := lawful.WithPurpose(lawful.WithSubject(context.Background(), id), "ops.logging")
	got, ok := lawful.SubjectFrom(ctx)
	assert.True(t, ok)
	assert.Equal(t, id, got)
	d := w.Guard.Check(ctx, lawful.Request{Operation: purpose.Store, Categories: logs})
	assert.True(t, d.Allowed(), d.Err())
	assert.Equal(t, id, d.Request.Subject)

	// Fields set on the request win over the context.
	d = w.Guard.Check(ctx, lawful.Request{Purpose: "signup.login", Operation: purpose.Use, Categories: phone, Attest: lawful.ContractParty})
	assert.True(t, d.Allowed(), d.Err())
	assert.Equal(t, purpose.ID("signup.login"), d.Request.Purpose)
	_, ok = lawful.PurposeFrom(context.Background())
	assert.False(t, ok)
}

// Attestations a middleware put in the context hold for the subject it
// vouched for, not for every subject a handler then asks about: the
// account holder is a party to the contract, the third person in their
// upload is not (PIPL art. 13(1)(2); GDPR art. 6(1)(b)).
func TestContextAttestationsHoldForTheirSubjectOnly_PIPL_art13_1_2(t *testing.T) {
	w := lawfultest.New(t, policy(), lawfultest.Options{})
	holder, other := w.Adult(t), w.Adult(t)
	ctx := lawful.WithAttest(lawful.WithSubject(context.Background(), holder), lawful.ContractParty)
	login := lawful.Request{Purpose: "signup.login", Operation: purpose.Use, Categories: phone}

	own := login
	own.Subject = holder
	assert.True(t, w.Guard.Check(ctx, own).Allowed(), "the vouched-for subject")
	assert.True(t, w.Guard.Check(ctx, lawful.Request{Purpose: "signup.login", Operation: purpose.Use, Categories: phone}).Allowed(), "the context's subject by default")
	theirs := login
	theirs.Subject = other
	d := w.Guard.Check(ctx, theirs)
	assert.ErrorIs(t, d.Err(), lawful.ErrContractPartyRequired, "another subject in the same context")
	assert.Equal(t, lawful.ContractParty, lawful.AttestFor(ctx, holder))
	assert.Zero(t, lawful.AttestFor(ctx, other))

	// Set before any subject, an attestation holds for every subject of
	// the context, as a job runner's emergency does.
	all := lawful.WithSubject(lawful.WithAttest(context.Background(), lawful.ContractParty), holder)
	assert.True(t, w.Guard.Check(all, theirs).Allowed())
	// A later subject does not take over attestations vouched for another.
	switched := lawful.WithSubject(ctx, other)
	assert.Zero(t, lawful.AttestFrom(switched), "the attestation was vouched for the holder")
	assert.ErrorIs(t, w.Guard.Check(switched, lawful.Request{Purpose: "signup.login", Operation: purpose.Use, Categories: phone}).Err(), lawful.ErrContractPartyRequired)
}

type row struct {
	ID    string `pii:"account.id"`
	Phone string `pii:"contact.phone"`
}

type badRow struct {
	X string `pii:"nope.nope"`
}

func TestDo(t *testing.T) {
	w := lawfultest.New(t, policy(), lawfultest.Options{})
	id := w.Adult(t)
	called := false
	fetch := func(context.Context) (string, error) { called = true; return "ok", nil }
	_, err := lawful.Do(context.Background(), w.Guard, req(id, "marketing.sms", purpose.Use, phone), fetch)
	assert.ErrorIs(t, err, lawful.ErrNoConsent)
	assert.False(t, called, "a denied request never runs the data access")

	w.Grant(t, id, consent.Click, "marketing.sms")
	got, err := lawful.Do(context.Background(), w.Guard, req(id, "marketing.sms", purpose.Use, phone), fetch)
	require.NoError(t, err)
	assert.Equal(t, "ok", got)

	t.Run("categories_come_from_the_row_type's_tags", func(t *testing.T) {
		_, err := lawful.Do(context.Background(), w.Guard, lawful.Request{Subject: id, Purpose: "marketing.sms", Operation: purpose.Use},
			func(context.Context) (row, error) { return row{}, nil })
		assert.ErrorIs(t, err, lawful.ErrCategoryNotDeclared, "account.id is not declared by marketing.sms")
		_, err = lawful.Do(context.Background(), w.Guard, lawful.Request{Subject: id, Purpose: "marketing.sms", Operation: purpose.Use},
			func(context.Context) (badRow, error) { return badRow{}, nil })
		assert.ErrorIs(t, err, lawful.ErrInvalidRequest)
		assert.ErrorIs(t, err, pii.ErrUnknownCategory)
	})
}

func TestDenialError(t *testing.T) {
	w := lawfultest.New(t, policy(), lawfultest.Options{})
	err := w.Guard.Allow(context.Background(), req(w.Adult(t), "signup.login", purpose.Use, phone.Union(where)))
	d, ok := errors.AsType[*lawful.Denial](err)
	require.True(t, ok)
	assert.Equal(t, lawful.CategoryNotDeclared, d.Reason)
	assert.Equal(t, `lawful: use denied for purpose "signup.login": category_not_declared (undeclared location.precise); request only the purpose's declared categories, or declare more in a new purpose version (PIPL arts. 6, 14 para 2)`, err.Error())
	assert.NotErrorIs(t, err, lawful.ErrNoConsent)
	assert.Nil(t, errors.Unwrap(err))
}

func TestReasonNames(t *testing.T) {
	seen := map[string]bool{}
	for r := lawful.ReasonNone; r <= lawful.StoreUnavailable; r++ {
		name := r.String()
		assert.False(t, seen[name], "names are unique")
		seen[name] = true
		b, err := r.MarshalText()
		require.NoError(t, err)
		var back lawful.Reason
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, r, back)
		if r != lawful.ReasonNone {
			assert.ErrorIs(t, r.Err(), r.Err())
			assert.Equal(t, "lawful: "+name, r.Err().Error())
		}
	}
	assert.Nil(t, lawful.ReasonNone.Err())
	assert.Equal(t, "Reason(200)", lawful.Reason(200).String())
	assert.Nil(t, lawful.Reason(200).Err())
	assert.Empty(t, lawful.Reason(200).Hint())
	_, err := lawful.Reason(200).MarshalText()
	assert.Error(t, err)
	var r lawful.Reason
	assert.Error(t, r.UnmarshalText([]byte("nope")))
}

func TestPolicyNotServingTheSubjectsRegimeHasNoBasis_GDPR_art6(t *testing.T) {
	p := policy().Policy()
	p.Regimes = []pii.Law{pii.PIPL}
	for i := range p.Purposes {
		p.Purposes[i].BasisUnder = nil
	}
	w := lawfultest.New(t, purpose.MustCompile(p), lawfultest.Options{Jurisdictions: map[string]lawful.Regime{"DE": lawful.GDPR()}})
	id := w.Add(t, subject.Subject{Birth: w.BornYearsAgo(40), Jurisdiction: "DE"})
	d := lawfultest.AssertDenied(t, w.Guard, req(id, "signup.login", purpose.Use, phone), lawful.ErrNoStatutoryBasis)
	assert.Equal(t, "GDPR", d.Regime)
	assert.Contains(t, d.Err().Error(), "the policy does not serve GDPR")
}

func TestSuccessionTransfersToTheDeclaredSuccessor_PIPL_art22(t *testing.T) {
	w := lawfultest.New(t, policy(), lawfultest.Options{})
	id := w.Adult(t)
	transfer := req(id, "corporate.succession", purpose.Transfer, phone)
	transfer.Recipient = "NewCo"
	d := lawfultest.AssertAllowed(t, w.Guard, transfer, "succession needs no fresh consent for the transfer itself")
	assert.Equal(t, purpose.Succession, d.Basis)
	assert.True(t, d.Obligations&lawful.NotifySuccessorIdentity != 0, "tell people the successor's name and contact (PIPL art. 22)")
	assert.True(t, d.Obligations&lawful.RecordDisclosure != 0)

	other := transfer
	other.Recipient = "OtherCo"
	lawfultest.AssertDenied(t, w.Guard, other, lawful.ErrRecipientNotDeclared, "only the declared successor")
	use := req(id, "corporate.succession", purpose.Use, phone)
	lawfultest.AssertDenied(t, w.Guard, use, lawful.ErrOperationNotDeclared, "the successor's own use is checked against its own purposes")
}

// PurposeDeclared tells a service whether the request's purpose may be
// echoed back (to a client, a log, a metric label): only once the policy
// has declared it.
func TestDecisionPurposeDeclared(t *testing.T) {
	w := lawfultest.New(t, policy(), lawfultest.Options{})
	id := w.Adult(t)
	ctx := context.Background()
	for _, c := range []struct {
		name string
		r    lawful.Request
		want bool
	}{
		{"an_unknown_purpose_is_not", req(id, "<script>", purpose.Use, phone), false},
		{"an_invalid_request_is_not", req(id, "marketing.sms", purpose.Use, pii.Set{}), false},
		{"a_denial_after_the_lookup_is", req(id, "marketing.sms", purpose.Store, phone), true},
		{"a_consent_denial_is", req(id, "marketing.sms", purpose.Use, phone), true},
		{"an_allowance_is", req(id, "ops.logging", purpose.Store, logs), true},
	} {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, w.Guard.Check(ctx, c.r).PurposeDeclared())
		})
	}
	assert.False(t, lawful.Decision{}.PurposeDeclared(), "a zero Decision")
}
