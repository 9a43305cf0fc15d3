package lawful_test

import (
	"strings"
	"testing"
	"time"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/lawfultest"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/retention"
	"github.com/lawfulgo/lawful/subject"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// legalPolicy is a dual-regime policy with the purposes issue 16's rules
// need: an adults-only service, a sub-processor, an authority, a purpose on
// legitimate interests.
func legalPolicy() *purpose.Registry {
	v1 := []purpose.Version{{Number: 1}}
	both := []pii.Law{pii.PIPL, pii.GDPR}
	li := map[pii.Law]purpose.Legal{pii.GDPR: {Basis: purpose.LegitimateInterests}}
	return purpose.MustCompile(purpose.Policy{
		Name: purpose.Text{EN: "Legal"}, Regimes: both,
		Retention: []purpose.Retention{{ID: "r", Summary: purpose.Text{EN: "Until the account closes"}}},
		Purposes: []purpose.Purpose{
			{ID: "service.livestream", Name: purpose.Text{EN: "Live streaming"}, Versions: v1, Core: true,
				Required: pii.MustParseSet("content.video"), Operations: purpose.OperationsOf(purpose.Use),
				Basis: purpose.Legal{Basis: purpose.Consent}, Traits: purpose.AdultsOnly, Retention: "r"},
			{ID: "ops.hosting", Name: purpose.Text{EN: "Hosting"}, Versions: v1, Core: true,
				Required:   pii.MustParseSet("account.id"),
				Operations: purpose.OperationsOf(purpose.Entrust),
				Recipients: []purpose.Recipient{{Name: "Cloud Co", Role: purpose.Entrusted}, {Name: "Backup Co", Role: purpose.Entrusted, Via: "Cloud Co"},
					{Name: "CDN Co", Role: purpose.Entrusted, Via: "Cloud Co", Approved: true}},
				Basis: purpose.Legal{Basis: purpose.Contract}, Retention: "r"},
			{ID: "legal.demands", Name: purpose.Text{EN: "Lawful demands"}, Versions: v1, Core: true,
				Required:   pii.MustParseSet("account.id"),
				Operations: purpose.OperationsOf(purpose.Share),
				Recipients: []purpose.Recipient{{Name: "Police", Role: purpose.Authority}},
				Basis:      purpose.Legal{Basis: purpose.LegalDuty, Cites: "Cybersecurity Law art. 28"}, BasisUnder: map[pii.Law]purpose.Legal{pii.GDPR: {Basis: purpose.LegalDuty, Cites: "GDPR art. 6(1)(c) with national law"}}, Retention: "r"},
			{ID: "analytics.product", Name: purpose.Text{EN: "Product analytics"}, Versions: v1,
				Required: pii.MustParseSet("activity.app_usage"), Operations: purpose.OperationsOf(purpose.Use),
				Basis: purpose.Legal{Basis: purpose.Consent}, BasisUnder: li, Retention: "r"},
			{ID: "marketing.newsletter", Name: purpose.Text{EN: "Newsletter"}, Versions: v1,
				Required: pii.MustParseSet("contact.email"), Operations: purpose.OperationsOf(purpose.Use),
				Basis: purpose.Legal{Basis: purpose.Consent}, BasisUnder: li, Traits: purpose.Marketing, Retention: "r"},
			{ID: "partners.sharing", Name: purpose.Text{EN: "Partner offers"}, Versions: v1,
				Required:   pii.MustParseSet("contact.email"),
				Operations: purpose.OperationsOf(purpose.Share),
				Recipients: []purpose.Recipient{{Name: "Partner A", Role: purpose.Independent}, {Name: "Partner B", Role: purpose.Independent}},
				Basis:      purpose.Legal{Basis: purpose.Consent}, Retention: "r"},
		},
	})
}

var (
	video = pii.MustParseSet("content.video")
	acct  = pii.MustParseSet("account.id")
	usage = pii.MustParseSet("activity.app_usage")
	email = pii.MustParseSet("contact.email")
)

func gdprWorld(t *testing.T, reg *purpose.Registry) (*lawfultest.World, func(t *testing.T) subject.ID) {
	w := lawfultest.New(t, reg, lawfultest.Options{Jurisdictions: map[string]lawful.Regime{"DE": lawful.GDPR()}})
	return w, func(t *testing.T) subject.ID {
		return w.Add(t, subject.Subject{Birth: w.BornYearsAgo(30), Jurisdiction: "DE"})
	}
}

func TestLegalSemantics(t *testing.T) {
	t.Run("a_GDPR_consent_to_the_purpose_covers_its_declared_recipients_GDPR_arts6_7_13_1_e", func(t *testing.T) {
		w, eu := gdprWorld(t, legalPolicy())
		id := eu(t)
		r := req(id, "partners.sharing", purpose.Share, email)
		r.Recipient = "Partner B"
		lawfultest.AssertDenied(t, w.Guard, r, lawful.ErrNoConsent)
		w.Grant(t, id, consent.Click, "partners.sharing")
		lawfultest.AssertAllowed(t, w.Guard, r, "no separate-consent rule under GDPR")
	})
	t.Run("a_GDPR_consent_naming_one_recipient_does_not_cover_another_GDPR_art7", func(t *testing.T) {
		w, eu := gdprWorld(t, legalPolicy())
		id := eu(t)
		w.Append(t, consent.Event{Subject: id, Kind: consent.Grant, Form: consent.Click, Purposes: []consent.PurposeRef{{ID: "partners.sharing"}}, Recipients: []string{"Partner A"}})
		r := req(id, "partners.sharing", purpose.Share, email)
		r.Recipient = "Partner B"
		lawfultest.AssertDenied(t, w.Guard, r, lawful.ErrNoConsent)
		r.Recipient = "Partner A"
		lawfultest.AssertAllowed(t, w.Guard, r)
	})
	t.Run("withdrawing_one_consent_record_leaves_the_others_in_force_PIPL_art15", func(t *testing.T) {
		w := lawfultest.New(t, legalPolicy(), lawfultest.Options{})
		id := w.Adult(t)
		g1 := w.Grant(t, id, consent.Separate, "analytics.product")
		w.Clock.Advance(time.Minute)
		w.Grant(t, id, consent.Click, "analytics.product")
		w.Clock.Advance(time.Minute)
		w.Append(t, consent.Event{Subject: id, Kind: consent.Withdraw, Ends: g1.ID})
		lawfultest.AssertAllowed(t, w.Guard, req(id, "analytics.product", purpose.Use, usage), "the click consent stays")
		w.Withdraw(t, id, "analytics.product")
		lawfultest.AssertDenied(t, w.Guard, req(id, "analytics.product", purpose.Use, usage), lawful.ErrConsentWithdrawn)
	})
	t.Run("a_restriction_covers_its_categories_in_every_purpose_but_storage_PIPL_art44_GDPR_art18", func(t *testing.T) {
		w := lawfultest.New(t, policy(), lawfultest.Options{})
		id := w.Adult(t)
		w.Grant(t, id, consent.Separate, "marketing.sms")
		w.Append(t, consent.Event{Subject: id, Kind: consent.Restrict, Categories: phone})
		lawfultest.AssertDenied(t, w.Guard, req(id, "marketing.sms", purpose.Use, phone), lawful.ErrProcessingRestricted)
		lawfultest.AssertDenied(t, w.Guard, asParty(req(id, "signup.login", purpose.Use, phone)), lawful.ErrProcessingRestricted, "another purpose")
		lawfultest.AssertAllowed(t, w.Guard, asParty(req(id, "signup.login", purpose.Store, phone)), "storage stays allowed (GDPR art. 18(2))")
		lawfultest.AssertAllowed(t, w.Guard, asParty(req(id, "signup.login", purpose.Use, pii.MustParseSet("credential.otp"))), "other categories are not restricted")
		w.Clock.Advance(time.Minute)
		w.Append(t, consent.Event{Subject: id, Kind: consent.Lift, Categories: phone})
		lawfultest.AssertAllowed(t, w.Guard, req(id, "marketing.sms", purpose.Use, phone), "lifted")
	})
	t.Run("a_restriction_does_not_stop_what_a_law_requires_PIPL_art44_GDPR_art18_2", func(t *testing.T) {
		w := lawfultest.New(t, policy(), lawfultest.Options{})
		id := w.Adult(t)
		w.Append(t, consent.Event{Subject: id, Kind: consent.Restrict, Categories: logs})
		lawfultest.AssertAllowed(t, w.Guard, req(id, "ops.logging", purpose.Disclose, logs))
	})
	t.Run("an_objection_stops_processing_on_consent_PIPL_art44", func(t *testing.T) {
		w := lawfultest.New(t, policy(), lawfultest.Options{})
		id := w.Adult(t)
		w.Grant(t, id, consent.Separate, "marketing.sms")
		w.Append(t, consent.Event{Subject: id, Kind: consent.Object, Purposes: []consent.PurposeRef{{ID: "marketing.sms"}}})
		lawfultest.AssertDenied(t, w.Guard, req(id, "marketing.sms", purpose.Use, phone), lawful.ErrObjectionRecorded)
	})
	t.Run("a_GDPR_objection_to_legitimate_interests_yields_only_to_recorded_overriding_grounds_GDPR_art21_1", func(t *testing.T) {
		w, eu := gdprWorld(t, legalPolicy())
		id := eu(t)
		r := req(id, "analytics.product", purpose.Use, usage)
		r.Attest = lawful.BalancingTest
		lawfultest.AssertAllowed(t, w.Guard, r)
		w.Append(t, consent.Event{Subject: id, Kind: consent.Object, Purposes: []consent.PurposeRef{{ID: "analytics.product"}, {ID: "marketing.newsletter"}}})
		lawfultest.AssertDenied(t, w.Guard, r, lawful.ErrObjectionRecorded)
		r.Attest |= lawful.OverridingGrounds
		d := lawfultest.AssertAllowed(t, w.Guard, r)
		assert.True(t, d.Attested.Has(lawful.OverridingGrounds))
		m := req(id, "marketing.newsletter", purpose.Use, email)
		m.Attest = lawful.BalancingTest | lawful.OverridingGrounds
		lawfultest.AssertDenied(t, w.Guard, m, lawful.ErrObjectionRecorded, "never against direct marketing (GDPR art. 21(3))")
	})
	t.Run("an_objection_does_not_stop_a_contracts_necessary_processing", func(t *testing.T) {
		w := lawfultest.New(t, policy(), lawfultest.Options{})
		id := w.Adult(t)
		w.Append(t, consent.Event{Subject: id, Kind: consent.Object, Purposes: []consent.PurposeRef{{ID: "signup.login"}}})
		lawfultest.AssertAllowed(t, w.Guard, asParty(req(id, "signup.login", purpose.Use, phone)))
	})
	t.Run("an_adults_only_purpose_refuses_a_minor_whatever_the_guardian_consents_to", func(t *testing.T) {
		w := lawfultest.New(t, legalPolicy(), lawfultest.Options{})
		kid := w.Child(t, 16)
		w.GrantByGuardian(t, w.Guardian(t, kid), kid, consent.Written, "service.livestream")
		lawfultest.AssertDenied(t, w.Guard, req(kid, "service.livestream", purpose.Use, video), lawful.ErrServiceNotOfferedToMinors)
		adult := w.Adult(t)
		w.Grant(t, adult, consent.Separate, "service.livestream")
		lawfultest.AssertAllowed(t, w.Guard, req(adult, "service.livestream", purpose.Use, video))
	})
	t.Run("a_sub_processor_the_controller_did_not_approve_is_denied_PIPL_art21_para2", func(t *testing.T) {
		w := lawfultest.New(t, legalPolicy(), lawfultest.Options{})
		id := w.Adult(t)
		for name, want := range map[string]error{"Cloud Co": nil, "CDN Co": nil, "Backup Co": lawful.ErrSubEntrustmentNotAuthorised} {
			r := asParty(req(id, "ops.hosting", purpose.Entrust, acct))
			r.Recipient = name
			if want == nil {
				lawfultest.AssertAllowed(t, w.Guard, r, name)
			} else {
				lawfultest.AssertDenied(t, w.Guard, r, want, name)
			}
		}
	})
	t.Run("PI_provided_to_an_authority_needs_the_legal_instrument_of_its_demand_PIPL_art13_1_3", func(t *testing.T) {
		w := lawfultest.New(t, legalPolicy(), lawfultest.Options{})
		r := req(w.Adult(t), "legal.demands", purpose.Share, acct)
		r.Recipient = "Police"
		lawfultest.AssertDenied(t, w.Guard, r, lawful.ErrLegalInstrumentMissing)
		r.Instrument = "调取证据通知书 No. 2026-17"
		lawfultest.AssertAllowed(t, w.Guard, r)
	})
}

// TestJurisdictions: an unknown jurisdiction is a denial with its own
// reason or a configuration error, never a silent default; GDPR ages are
// counted in the person's own time zone (issue 16).
func TestJurisdictions(t *testing.T) {
	t.Run("a_subject_of_an_unmapped_jurisdiction_is_denied_not_given_the_default", func(t *testing.T) {
		w := lawfultest.New(t, policy(), lawfultest.Options{})
		id := w.Add(t, subject.Subject{Birth: w.BornYearsAgo(30), Jurisdiction: "US"})
		lawfultest.AssertDenied(t, w.Guard, asParty(req(id, "signup.login", purpose.Use, phone)), lawful.ErrUnknownJurisdiction)
	})
	t.Run("a_malformed_jurisdiction_code_is_a_configuration_error", func(t *testing.T) {
		w := lawfultest.New(t, policy(), lawfultest.Options{})
		_, err := lawful.NewGuard(lawful.Config{Registry: w.Registry, Directory: w.Directory, Ledger: w.Ledger, Clock: w.Clock, Jurisdictions: map[string]lawful.Regime{"de": lawful.GDPR()}})
		require.ErrorIs(t, err, lawful.ErrNotConfigured)
		assert.ErrorContains(t, err, `"de"`)
	})
	t.Run("a_GDPR_default_covers_the_EEA", func(t *testing.T) {
		w := lawfultest.New(t, policy(), lawfultest.Options{Regime: lawful.GDPR()})
		for _, code := range []string{"DE", "FR", "NO"} {
			id := w.Add(t, subject.Subject{Birth: w.BornYearsAgo(30), Jurisdiction: code})
			d := lawfultest.AssertAllowed(t, w.Guard, asParty(req(id, "signup.login", purpose.Use, phone)), code)
			assert.Equal(t, "GDPR", d.Regime)
		}
	})
	t.Run("GDPR_ages_count_in_the_persons_own_time_zone_GDPR_art8", func(t *testing.T) {
		// A child born on 2 June 2010 turns 16 at midnight in Berlin (on
		// the birthday under GDPR), 22:00 UTC on 1 June (CEST), and from
		// then consents alone (art. 8(1)); by UTC dates she would still
		// be 15 until 2 June 00:00 UTC.
		start := time.Date(2026, 6, 1, 21, 30, 0, 0, time.UTC) // 23:30 in Berlin
		w := lawfultest.New(t, policy(), lawfultest.Options{Start: start, Jurisdictions: map[string]lawful.Regime{"DE": lawful.GDPR()}})
		birth, err := subject.NewDate(2010, 6, 2)
		require.NoError(t, err)
		id := w.Add(t, subject.Subject{Birth: birth, Jurisdiction: "DE"})
		w.Grant(t, id, consent.Separate, "marketing.sms")
		lawfultest.AssertDenied(t, w.Guard, req(id, "marketing.sms", purpose.Use, phone), lawful.ErrParentalConsentRequired, "15 in Berlin at 23:30")
		w.Clock.Advance(time.Hour) // 22:30 UTC: 00:30 on 2 June in Berlin, still 1 June in UTC
		lawfultest.AssertAllowed(t, w.Guard, req(id, "marketing.sms", purpose.Use, phone), "16 in Berlin")
	})
}

// TestRetentionPerItem: an item past its own period is denied even while
// newer items of its categories are in period, and the decision names the
// rule that ended it (issue 16; PIPL art. 19).
func TestRetentionPerItem(t *testing.T) {
	w := retentionWorld(t)
	s := w.Adult(t)
	old := w.Clock.Now()
	w.Clock.Advance(7 * 30 * 24 * time.Hour) // past the six months of the logs rule
	r := req(s, "ops.logging", purpose.Use, logs)
	r.Item = lawful.Item{Key: "log-old", Collected: old}
	r.Operation = purpose.Store
	d := lawfultest.AssertDenied(t, w.Guard, r, lawful.ErrRetentionExpired)
	assert.Equal(t, "logs", d.RetentionRule)
	r.Item = lawful.Item{Key: "log-new", Collected: w.Clock.Now().Add(-time.Hour)}
	lawfultest.AssertAllowed(t, w.Guard, r, "a newer item of the same categories is in period")
	r.Item = lawful.Item{}
	lawfultest.AssertAllowed(t, w.Guard, r, "without an item, rolling data stays usable (its sweep erases the old)")
	_ = retention.Due
}

// TestFollowUpsAreData: obligations an allowed decision leaves become
// typed follow-ups with due times and their rule, so a service can
// schedule them (issue 16).
func TestFollowUpsAreData(t *testing.T) {
	w := lawfultest.New(t, policy(), lawfultest.Options{})
	id := w.Adult(t)
	w.Append(t, consent.Event{Subject: id, Kind: consent.Grant, Form: consent.Separate, Purposes: []consent.PurposeRef{{ID: "partners.sharing"}}, Recipients: []string{"SG Partner"}})
	r := req(id, "partners.sharing", purpose.Export, phone)
	r.Recipient = "SG Partner"
	d := lawfultest.AssertAllowed(t, w.Guard, r)
	fus := d.FollowUps()
	byOb := map[lawful.Obligations]lawful.FollowUp{}
	for _, f := range fus {
		byOb[f.Obligation] = f
	}
	rec, ok := byOb[lawful.RecordDisclosure]
	require.True(t, ok, "%+v", fus)
	assert.Equal(t, "SG Partner", rec.Recipient)
	assert.True(t, rec.Due.Equal(d.Request.At), "a disclosure is recorded when it happens")
	assert.Contains(t, byOb[lawful.CrossBorderNotice].Cites, "PIPL art. 39")

	t.Run("an_emergency_notice_falls_due_after_the_emergency_ends_PIPL_art18_para2", func(t *testing.T) {
		r := req(id, "safety.rescue", purpose.Use, where)
		r.Attest = lawful.Emergency
		d := lawfultest.AssertAllowed(t, w.Guard, r)
		var found bool
		for _, f := range d.FollowUps() {
			if f.Obligation == lawful.NotifyAfterEmergency {
				found = true
				assert.True(t, f.Due.IsZero())
				assert.Equal(t, "the emergency ends", f.After)
			}
		}
		assert.True(t, found)
	})
	t.Run("automated_decisions_offer_a_non_personalised_option_PIPL_art24_para2", func(t *testing.T) {
		w.Grant(t, id, consent.Separate, "ads.personalised")
		d := lawfultest.AssertAllowed(t, w.Guard, req(id, "ads.personalised", purpose.Use, tags))
		assert.True(t, d.Obligations&lawful.OfferNonPersonalised != 0)
	})
	t.Run("automated_decisions_that_push_offer_an_opt_out_others_are_explained_PIPL_art24", func(t *testing.T) {
		v1 := []purpose.Version{{Number: 1}}
		mk := func(id purpose.ID, tr purpose.Trait) purpose.Purpose {
			return purpose.Purpose{ID: id, Name: purpose.Text{EN: string(id)}, Versions: v1, Required: tags,
				Operations: purpose.OperationsOf(purpose.Use), Basis: purpose.Legal{Basis: purpose.Consent}, Traits: tr, Retention: "r"}
		}
		reg := purpose.MustCompile(purpose.Policy{Name: purpose.Text{EN: "Feeds"}, Regimes: []pii.Law{pii.PIPL},
			Retention: []purpose.Retention{{ID: "r", Summary: purpose.Text{EN: "As long as needed"}}},
			Purposes: []purpose.Purpose{
				mk("feed.recommend", purpose.Personalised),
				mk("ads.targeted", purpose.AutomatedDecision|purpose.Marketing),
				mk("risk.scoring", purpose.AutomatedDecision),
			}})
		fw := lawfultest.New(t, reg, lawfultest.Options{})
		who := fw.Adult(t)
		for _, c := range []struct {
			p    purpose.ID
			want lawful.Obligations
		}{
			{"feed.recommend", lawful.OfferNonPersonalised},
			{"ads.targeted", lawful.OfferNonPersonalised},
			{"risk.scoring", lawful.ExplainAutomatedDecision},
		} {
			fw.Grant(t, who, consent.Separate, c.p)
			d := lawfultest.AssertAllowed(t, fw.Guard, req(who, c.p, purpose.Use, tags))
			assert.Equal(t, c.want|lawful.ImpactAssessment, d.Obligations, "%s: an impact assessment first (PIPL art. 55), then its own duty", c.p)
		}
	})
	t.Run("a_childs_data_needs_childrens_rules_PIPL_art31_CPIP_art8", func(t *testing.T) {
		kid := w.Child(t, 10)
		w.GrantByGuardian(t, w.Guardian(t, kid), kid, consent.Separate, "marketing.sms")
		d := lawfultest.AssertAllowed(t, w.Guard, req(kid, "marketing.sms", purpose.Use, phone))
		assert.True(t, d.Obligations&lawful.ChildrensRules != 0)
		assert.True(t, d.Obligations&lawful.ExplainSensitiveNecessity != 0, "all of a child's PI is sensitive (PIPL art. 28)")
	})
	t.Run("every_obligation_has_a_follow_up", func(t *testing.T) {
		for bit := range 32 {
			o := lawful.Obligations(1 << bit)
			if strings.HasPrefix(o.String(), "0x") {
				continue // no such obligation
			}
			assert.True(t, lawful.DescribesFollowUp(o), "%v has no follow-up description", o)
		}
	})
	assert.Nil(t, lawful.Decision{}.FollowUps(), "a denial has none")
}

// TestStatusHistory: a subject's account status is answered as of the
// request's instant, so an imported history (closed since T, frozen since
// T') gives point-in-time answers (issue 16).
func TestStatusHistory(t *testing.T) {
	w := lawfultest.New(t, policy(), lawfultest.Options{})
	now := w.Clock.Now()
	frozen, closed := now.AddDate(0, -6, 0), now.AddDate(0, -1, 0)
	id := w.Add(t, subject.Subject{Birth: w.BornYearsAgo(40), Jurisdiction: "CN", Status: subject.Closed,
		History: []subject.StatusChange{{Status: subject.Active, Since: now.AddDate(-3, 0, 0)}, {Status: subject.Frozen, Since: frozen}, {Status: subject.Closed, Since: closed}}})
	at := func(t0 time.Time) lawful.Request {
		r := asParty(req(id, "signup.login", purpose.Use, phone))
		r.At = t0
		return r
	}
	lawfultest.AssertAllowed(t, w.Guard, at(frozen.Add(-time.Hour)), "active then")
	lawfultest.AssertDenied(t, w.Guard, at(frozen.Add(time.Hour)), lawful.ErrSubjectFrozen, "frozen then")
	lawfultest.AssertDenied(t, w.Guard, at(closed.Add(time.Hour)), lawful.ErrSubjectClosed)
	lawfultest.AssertDenied(t, w.Guard, asParty(req(id, "signup.login", purpose.Use, phone)), lawful.ErrSubjectClosed, "now")

	t.Run("a_history_that_does_not_end_in_the_current_status_is_refused", func(t *testing.T) {
		s := subject.Subject{ID: w.NewID(t), Status: subject.Active, History: []subject.StatusChange{{Status: subject.Closed, Since: closed}}}
		assert.ErrorIs(t, w.Directory.Put(s, now), subject.ErrInvalidSubject)
		s.History = []subject.StatusChange{{Status: subject.Frozen, Since: closed}, {Status: subject.Active, Since: frozen}}
		assert.ErrorIs(t, w.Directory.Put(s, now), subject.ErrInvalidSubject, "out of order")
	})
}
