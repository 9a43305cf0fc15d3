package consent_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWithdrawalBeforeAtAfter_PIPL_art15(t *testing.T) {
	f := newFixture(t)
	g := f.grant(t, adultID, consent.Separate, "service.voice_clone")
	granted := f.clock.now
	f.clock.Advance(time.Hour)
	w := f.withdraw(t, adultID, "service.voice_clone")
	withdrawnAt := w.Effective
	f.clock.Advance(time.Hour)

	tests := []struct {
		name string
		at   time.Time
		want consent.Status
	}{
		{"before_the_grant_consent_is_not_yet_in_force", granted.Add(-time.Second), consent.NotYetInForce},
		{"at_the_grant_instant_consent_is_in_force_half_open", granted, consent.Given},
		{"before_the_withdrawal_processing_stays_lawful_PIPL_art15_para2", withdrawnAt.Add(-time.Nanosecond), consent.Given},
		{"at_the_withdrawal_instant_consent_is_already_withdrawn", withdrawnAt, consent.Withdrawn},
		{"after_the_withdrawal_consent_is_withdrawn_PIPL_art15", withdrawnAt.Add(time.Minute), consent.Withdrawn},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := f.answer(t, adultID, "service.voice_clone", "", tt.at)
			assert.Equal(t, tt.want, a.Status)
			if tt.want != consent.NotYetInForce {
				assert.Equal(t, g.ID, a.Event, "the answer names the grant")
			}
		})
	}
	a := f.answer(t, adultID, "service.voice_clone", "", withdrawnAt)
	assert.Equal(t, withdrawnAt, a.Until)
	assert.Equal(t, granted.UTC(), a.From)
}

func TestRegrantAfterWithdrawal(t *testing.T) {
	f := newFixture(t)
	f.grant(t, adultID, consent.Separate, "service.voice_clone")
	f.clock.Advance(time.Hour)
	f.withdraw(t, adultID, "service.voice_clone")
	f.clock.Advance(time.Hour)
	g2 := f.grant(t, adultID, consent.Separate, "service.voice_clone")
	a := f.answer(t, adultID, "service.voice_clone", "", f.clock.now)
	assert.Equal(t, consent.Given, a.Status)
	assert.Equal(t, g2.ID, a.Event)
	assert.Equal(t, consent.Withdrawn, f.answer(t, adultID, "service.voice_clone", "", t0.Add(90*time.Minute)).Status)
}

func TestExpiry_NDSMR_art22_4(t *testing.T) {
	f := newFixture(t)
	ev, err := f.ledger.Append(t.Context(), consent.Event{
		Subject: adultID, Kind: consent.Grant, Form: consent.Click, Notice: "v1",
		Purposes: []consent.PurposeRef{{ID: "marketing.sms"}}, Expires: t0.Add(30 * 24 * time.Hour),
	})
	require.NoError(t, err)
	assert.Equal(t, consent.Given, f.answer(t, adultID, "marketing.sms", "", ev.Expires.Add(-time.Nanosecond)).Status)
	assert.Equal(t, consent.Expired, f.answer(t, adultID, "marketing.sms", "", ev.Expires).Status, "windows are half-open: expired at the expiry instant")
	assert.Equal(t, consent.Expired, f.answer(t, adultID, "marketing.sms", "", ev.Expires.Add(time.Hour)).Status)

	t.Run("expire_event_ends_consent", func(t *testing.T) {
		f := newFixture(t)
		f.grant(t, adultID, consent.Click, "marketing.sms")
		f.clock.Advance(time.Hour)
		ev, err := f.ledger.Append(t.Context(), consent.Event{Subject: adultID, Kind: consent.Expire, Purposes: []consent.PurposeRef{{ID: "marketing.sms"}}})
		require.NoError(t, err)
		assert.Equal(t, consent.Expired, f.answer(t, adultID, "marketing.sms", "", ev.Effective).Status)
		assert.Equal(t, consent.Given, f.answer(t, adultID, "marketing.sms", "", ev.Effective.Add(-time.Second)).Status)
	})
}

func TestStaleVersion_PIPL_art14_para2(t *testing.T) {
	// The registry's voice cloning purpose: v2 material, v3 wording only.
	f := newFixture(t)
	reg1 := registry()
	_ = reg1
	// A consent under v1 can only come from before v2; simulate it by a
	// ledger whose registry still had v1 current.
	old := purposeRegistryAtV1(t)
	l, err := consent.NewLedger(consent.Config{Registry: old, Directory: f.dir, Store: f.store, Keys: f.keys, Anchor: f.anchor, Clock: f.clock})
	require.NoError(t, err)
	_, err = l.Append(t.Context(), consent.Event{Subject: adultID, Kind: consent.Grant, Form: consent.Separate, Notice: "v1", Purposes: []consent.PurposeRef{{ID: "service.voice_clone"}}})
	require.NoError(t, err)

	a := f.answer(t, adultID, "service.voice_clone", "", f.clock.now)
	assert.Equal(t, consent.Stale, a.Status, "a material v2 makes v1 consent stale")
	assert.Equal(t, 1, a.Version)

	f.clock.Advance(time.Minute)
	_, err = f.ledger.Append(t.Context(), consent.Event{Subject: adultID, Kind: consent.Grant, Form: consent.Separate, Notice: "v2", Purposes: []consent.PurposeRef{{ID: "service.voice_clone", Version: 2}}})
	require.NoError(t, err)
	a = f.answer(t, adultID, "service.voice_clone", "", f.clock.now)
	assert.Equal(t, consent.Given, a.Status, "v3 changed wording only, so v2 consent is current")
	assert.Equal(t, 2, a.Version)

	t.Run("a_grant_under_a_stale_version_is_refused", func(t *testing.T) {
		_, err := f.ledger.Append(t.Context(), consent.Event{Subject: adultID, Kind: consent.Grant, Form: consent.Separate, Notice: "v1", Purposes: []consent.PurposeRef{{ID: "service.voice_clone", Version: 1}}})
		require.ErrorIs(t, err, consent.ErrStaleVersion)
		assert.ErrorContains(t, err, "grant for service.voice_clone v1, registry has v3 (material change at v2); collect consent under v3")
	})
	t.Run("version_zero_means_current", func(t *testing.T) {
		ev := f.grant(t, adultID, consent.Separate, "service.voice_clone")
		assert.Equal(t, 3, ev.Purposes[0].Version)
	})
}

// purposeRegistryAtV1 is registry() as it stood before voice cloning v2.
func purposeRegistryAtV1(t *testing.T) *purpose.Registry {
	p := registry().Policy()
	for i := range p.Purposes {
		if p.Purposes[i].ID == "service.voice_clone" {
			p.Purposes[i].Versions = p.Purposes[i].Versions[:1]
		}
	}
	reg, err := purpose.Compile(p)
	require.NoError(t, err)
	return reg
}

func TestForms(t *testing.T) {
	f := newFixture(t)
	f.grant(t, adultID, consent.Click, "service.voice_clone")
	a := f.answer(t, adultID, "service.voice_clone", "", f.clock.now)
	assert.Equal(t, consent.Click, a.Form)
	assert.False(t, a.Form.Satisfies(consent.Separate), "click consent is not separate consent (PIPL art. 29)")

	f.clock.Advance(time.Minute)
	f.grant(t, adultID, consent.Separate, "service.voice_clone")
	a = f.answer(t, adultID, "service.voice_clone", "", f.clock.now)
	assert.Equal(t, consent.Separate, a.Form)
	assert.True(t, a.Form.Satisfies(consent.Separate))
	assert.True(t, consent.Written.Satisfies(consent.Separate), "written ⊃ separate")
	assert.False(t, consent.FormUnknown.Satisfies(consent.Click))
}

func TestRecipientSpecificSharingConsent_PIPL_art23(t *testing.T) {
	f := newFixture(t)
	_, err := f.ledger.Append(t.Context(), consent.Event{
		Subject: adultID, Kind: consent.Grant, Form: consent.Separate, Notice: "v1",
		Purposes: []consent.PurposeRef{{ID: "commerce.payment"}}, Recipients: []string{"WeChat Pay"},
	})
	require.NoError(t, err)
	now := f.clock.now
	assert.Equal(t, consent.Given, f.answer(t, adultID, "commerce.payment", "WeChat Pay", now).Status)
	assert.Equal(t, consent.NotGiven, f.answer(t, adultID, "commerce.payment", "Alipay", now).Status, "another recipient needs its own consent")
	assert.Equal(t, consent.NotGiven, f.answer(t, adultID, "commerce.payment", "Unknown Co", now).Status)
	assert.Equal(t, consent.Given, f.answer(t, adultID, "commerce.payment", "", now).Status, "consent naming a recipient covers the purpose itself")

	t.Run("withdrawal_for_one_recipient_leaves_the_other", func(t *testing.T) {
		f.clock.Advance(time.Minute)
		_, err := f.ledger.Append(t.Context(), consent.Event{Subject: adultID, Kind: consent.Grant, Form: consent.Separate, Notice: "v1", Purposes: []consent.PurposeRef{{ID: "commerce.payment"}}, Recipients: []string{"Alipay"}})
		require.NoError(t, err)
		f.clock.Advance(time.Minute)
		_, err = f.ledger.Append(t.Context(), consent.Event{Subject: adultID, Kind: consent.Withdraw, Purposes: []consent.PurposeRef{{ID: "commerce.payment"}}, Recipients: []string{"WeChat Pay"}})
		require.NoError(t, err)
		now := f.clock.now
		assert.Equal(t, consent.Withdrawn, f.answer(t, adultID, "commerce.payment", "WeChat Pay", now).Status)
		assert.Equal(t, consent.Given, f.answer(t, adultID, "commerce.payment", "Alipay", now).Status)
	})
	t.Run("withdrawing_every_named_recipient_leaves_consent_to_the_purpose_itself_PIPL_art15", func(t *testing.T) {
		id := strangerID
		f.clock.Advance(time.Minute)
		_, err := f.ledger.Append(t.Context(), consent.Event{Subject: id, Kind: consent.Grant, Form: consent.Separate, Notice: "v1", Purposes: []consent.PurposeRef{{ID: "commerce.payment"}}, Recipients: []string{"WeChat Pay"}})
		require.NoError(t, err)
		f.clock.Advance(time.Minute)
		_, err = f.ledger.Append(t.Context(), consent.Event{Subject: id, Kind: consent.Withdraw, Purposes: []consent.PurposeRef{{ID: "commerce.payment"}}, Recipients: []string{"WeChat Pay"}})
		require.NoError(t, err)
		now := f.clock.now
		assert.Equal(t, consent.Withdrawn, f.answer(t, id, "commerce.payment", "WeChat Pay", now).Status)
		assert.Equal(t, consent.Given, f.answer(t, id, "commerce.payment", "", now).Status, "the withdrawal named a recipient; the purpose's own consent stands")
		st, err := f.ledger.StateAt(t.Context(), id, now)
		require.NoError(t, err)
		a := st.ConsentFor(f.purpose("commerce.payment"), "Alipay", consent.Need{Covering: true})
		assert.Equal(t, consent.NotGiven, a.Status, "consent that named recipients covers no other recipient, even where one covering consent would (GDPR)")
		f.clock.Advance(time.Minute)
		_, err = f.ledger.Append(t.Context(), consent.Event{Subject: id, Kind: consent.Withdraw, Purposes: []consent.PurposeRef{{ID: "commerce.payment"}}})
		require.NoError(t, err)
		assert.Equal(t, consent.Withdrawn, f.answer(t, id, "commerce.payment", "", f.clock.now).Status, "withdrawing the purpose ends it all (PIPL art. 15)")
	})
	t.Run("a_click_through_consent_can_name_its_recipients_GDPR_art13_1_e", func(t *testing.T) {
		// Whether click consent suffices for providing PI is the Guard's
		// question (separate under PIPL art. 23, not under GDPR); the
		// ledger records what was given.
		f.clock.Advance(time.Minute)
		ev, err := f.ledger.Append(t.Context(), consent.Event{Subject: adultID, Kind: consent.Grant, Form: consent.Click, Notice: "v1", Purposes: []consent.PurposeRef{{ID: "commerce.payment"}}, Recipients: []string{"Alipay"}})
		require.NoError(t, err)
		assert.Equal(t, []string{"Alipay"}, ev.Recipients)
		assert.Equal(t, consent.Click, ev.Form)
		st, err := f.ledger.StateAt(t.Context(), adultID, f.clock.now)
		require.NoError(t, err)
		a := st.ConsentFor(f.purpose("commerce.payment"), "Alipay", consent.Need{Form: consent.Click})
		assert.Equal(t, consent.Given, a.Status)
	})
}

func TestGuardianConsent_PIPL_art31(t *testing.T) {
	ages := subject.PIPLAges()
	policy18 := subject.PIPLAges()
	policy18.GuardianAge = 18 // seeds 000 §6, 001 §VII, 003 §七

	f := newFixture(t)
	child, err := f.dir.Lookup(t.Context(), childID)
	require.NoError(t, err)

	// The child, 13 at t0, consents alone: recorded, but not a guardian's.
	f.grant(t, childID, consent.Separate, "service.voice_clone")
	a := f.answer(t, childID, "service.voice_clone", "", f.clock.now)
	require.Equal(t, consent.Given, a.Status)
	assert.False(t, a.Guardian)
	assert.True(t, ages.NeedsGuardian(child.Birth, f.clock.now), "13-year-old: guardian consent required under 14 (PIPL art. 31)")

	// The verified parent consents: the answer now names the guardian.
	f.clock.Advance(time.Minute)
	ev, err := f.ledger.Append(t.Context(), consent.Event{
		Subject: childID, Kind: consent.Grant, Form: consent.Separate, Notice: "v1",
		Purposes: []consent.PurposeRef{{ID: "service.voice_clone"}}, By: consent.Giver{Guardian: parentID},
	})
	require.NoError(t, err)
	assert.Equal(t, subject.Parent, ev.By.Relation, "the ledger records the link as it stood")
	assert.True(t, ev.By.Verified.Verified())
	a = f.answer(t, childID, "service.voice_clone", "", f.clock.now)
	assert.True(t, a.Guardian, "a guardian's consent is preferred when several are in force")
	assert.Equal(t, subject.Parent, a.Relation)
	assert.Equal(t, ev.ID, a.Event)

	t.Run("the_child_re_consenting_does_not_displace_the_guardian", func(t *testing.T) {
		f.clock.Advance(time.Minute)
		f.grant(t, childID, consent.Click, "service.voice_clone")
		a := f.answer(t, childID, "service.voice_clone", "", f.clock.now)
		assert.True(t, a.Guardian)
	})
	t.Run("guardian_age_18_by_service_policy_at_17_but_not_18", func(t *testing.T) {
		seventeen := mustDate(2008, 6, 1) // 17 at t0
		eighteen := mustDate(2007, 6, 1)  // 18 at t0 (birthday passed)
		assert.True(t, policy18.NeedsGuardian(seventeen, t0))
		assert.False(t, policy18.NeedsGuardian(eighteen, t0))
		assert.False(t, ages.NeedsGuardian(seventeen, t0), "by law only under 14")
	})
	t.Run("guardian_withdrawal_ends_consent", func(t *testing.T) {
		f.clock.Advance(time.Minute)
		_, err := f.ledger.Append(t.Context(), consent.Event{Subject: childID, Kind: consent.Withdraw, Purposes: []consent.PurposeRef{{ID: "service.voice_clone"}}, By: consent.Giver{Guardian: parentID}})
		require.NoError(t, err)
		assert.Equal(t, consent.Withdrawn, f.answer(t, childID, "service.voice_clone", "", f.clock.now).Status, "a withdrawal ends every consent to the purpose, whoever gave it")
	})
}

func TestAppendRefusesInvalidEvents(t *testing.T) {
	vc := []consent.PurposeRef{{ID: "service.voice_clone"}}
	tests := []struct {
		name  string
		event consent.Event
		want  error
		msg   string
	}{
		{"unknown_purpose", consent.Event{Subject: adultID, Kind: consent.Grant, Form: consent.Click, Notice: "v1", Purposes: []consent.PurposeRef{{ID: "ads.targeted"}}}, consent.ErrUnknownPurpose, `purpose "ads.targeted" is not in the registry`},
		{"unknown_version", consent.Event{Subject: adultID, Kind: consent.Grant, Form: consent.Click, Notice: "v1", Purposes: []consent.PurposeRef{{ID: "service.voice_clone", Version: 9}}}, consent.ErrUnknownVersion, "versions run to v3"},
		{"purpose_twice", consent.Event{Subject: adultID, Kind: consent.Grant, Form: consent.Click, Notice: "v1", Purposes: append(vc, vc...)}, consent.ErrInvalidEvent, "listed twice"},
		{"no_purposes", consent.Event{Subject: adultID, Kind: consent.Grant, Form: consent.Click, Notice: "v1"}, consent.ErrInvalidEvent, "0 purposes"},
		{"unknown_subject", consent.Event{Subject: subject.MustParseID("0192f000-0000-7000-8000-0000000000ff"), Kind: consent.Grant, Form: consent.Click, Notice: "v1", Purposes: vc}, consent.ErrUnknownSubject, "not in the directory"},
		{"zero_subject", consent.Event{Kind: consent.Grant, Form: consent.Click, Notice: "v1", Purposes: vc}, consent.ErrInvalidEvent, "names no subject"},
		{"closed_account_cannot_consent", consent.Event{Subject: closedID, Kind: consent.Grant, Form: consent.Click, Notice: "v1", Purposes: vc}, consent.ErrSubjectClosed, "subject is closed"},
		{"no_kind", consent.Event{Subject: adultID, Notice: "v1", Purposes: vc}, consent.ErrInvalidEvent, "kind Kind(0)"},
		{"grant_needs_a_form", consent.Event{Subject: adultID, Kind: consent.Grant, Notice: "v1", Purposes: vc}, consent.ErrInvalidEvent, "a grant needs a form"},
		{"grant_needs_a_notice_version_PIPL_art14_art17", consent.Event{Subject: adultID, Kind: consent.Grant, Form: consent.Click, Purposes: vc}, consent.ErrMissingNotice, "notice"},
		{"expiry_not_after_start", consent.Event{Subject: adultID, Kind: consent.Grant, Form: consent.Click, Notice: "v1", Purposes: vc, Effective: t0, Expires: t0}, consent.ErrExpiryNotAfterStart, "not after the effective time"},
		{"effective_in_the_future_beyond_tolerance", consent.Event{Subject: adultID, Kind: consent.Grant, Form: consent.Click, Notice: "v1", Purposes: vc, Effective: t0.Add(time.Hour)}, consent.ErrFutureEffective, "more than 2m0s after the clock"},
		{"backdated_beyond_tolerance", consent.Event{Subject: adultID, Kind: consent.Grant, Form: consent.Click, Notice: "v1", Purposes: vc, Effective: t0.Add(-48 * time.Hour)}, consent.ErrBackdated, "more than 24h0m0s before the clock"},
		{"withdrawal_of_nothing", consent.Event{Subject: adultID, Kind: consent.Withdraw, Purposes: vc}, consent.ErrNothingToWithdraw, "no consent to it is in force or pending"},
		{"withdrawal_names_no_version", consent.Event{Subject: adultID, Kind: consent.Withdraw, Purposes: []consent.PurposeRef{{ID: "service.voice_clone", Version: 2}}}, consent.ErrInvalidEvent, "leave Version 0"},
		{"withdrawal_has_no_form", consent.Event{Subject: adultID, Kind: consent.Withdraw, Form: consent.Click, Purposes: vc}, consent.ErrInvalidEvent, "has no form"},
		{"withdrawal_has_no_expiry", consent.Event{Subject: adultID, Kind: consent.Withdraw, Expires: t0.Add(time.Hour), Purposes: vc}, consent.ErrInvalidEvent, "has no expiry"},
		{"recipient_not_declared_PIPL_art23", consent.Event{Subject: adultID, Kind: consent.Grant, Form: consent.Separate, Notice: "v1", Purposes: vc, Recipients: []string{"WeChat Pay"}}, consent.ErrRecipientNotDeclared, "not declared by purpose service.voice_clone"},
		{"recipient_twice", consent.Event{Subject: adultID, Kind: consent.Grant, Form: consent.Separate, Notice: "v1", Purposes: []consent.PurposeRef{{ID: "commerce.payment"}}, Recipients: []string{"Alipay", "Alipay"}}, consent.ErrInvalidEvent, "listed twice"},
		{"unlinked_guardian_PIPL_art31", consent.Event{Subject: childID, Kind: consent.Grant, Form: consent.Separate, Notice: "v1", Purposes: vc, By: consent.Giver{Guardian: strangerID}}, consent.ErrGuardianNotLinked, "not linked to the subject as a guardian"},
		{"relative_who_is_not_a_guardian_PIPL_art31", consent.Event{Subject: childID, Kind: consent.Grant, Form: consent.Separate, Notice: "v1", Purposes: vc, By: consent.Giver{Guardian: uncleID}}, consent.ErrGuardianNotLinked, "linked as sibling"},
		{"unverified_guardian_link", consent.Event{Subject: childID, Kind: consent.Grant, Form: consent.Separate, Notice: "v1", Purposes: vc, By: consent.Giver{Guardian: unverID}}, consent.ErrGuardianUnverified, "not verified"},
		{"guardian_missing_from_directory", consent.Event{Subject: childID, Kind: consent.Grant, Form: consent.Separate, Notice: "v1", Purposes: vc, By: consent.Giver{Guardian: ghostID}}, consent.ErrUnknownGuardian, "not in the directory"},
		{"own_guardian", consent.Event{Subject: childID, Kind: consent.Grant, Form: consent.Separate, Notice: "v1", Purposes: vc, By: consent.Giver{Guardian: childID}}, consent.ErrGuardianNotLinked, "their own guardian"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			_, err := f.ledger.Append(t.Context(), tt.event)
			require.Error(t, err)
			assert.ErrorIs(t, err, consent.ErrInvalidEvent)
			assert.ErrorIs(t, err, tt.want)
			assert.ErrorContains(t, err, tt.msg)
			evs, lerr := f.store.Load(t.Context(), tt.event.Subject)
			require.NoError(t, lerr)
			assert.Empty(t, evs, "nothing is written")
		})
	}
}

func TestAppendReportsEveryProblem(t *testing.T) {
	f := newFixture(t)
	_, err := f.ledger.Append(t.Context(), consent.Event{Subject: adultID, Kind: consent.Grant, Purposes: []consent.PurposeRef{{ID: "ads.targeted"}}, Effective: t0.Add(time.Hour)})
	var ie *consent.InvalidEventError
	require.ErrorAs(t, err, &ie)
	assert.Len(t, ie.Problems, 4, err.Error())
	for _, s := range []error{consent.ErrUnknownPurpose, consent.ErrFutureEffective, consent.ErrMissingNotice} {
		assert.ErrorIs(t, err, s)
	}
	assert.Contains(t, err.Error(), "consent: invalid grant ads.targeted: 4 problems:\n\t")
}

func TestOutOfOrderEventsAreRefused(t *testing.T) {
	f := newFixture(t)
	f.grant(t, adultID, consent.Click, "marketing.sms")
	_, err := f.ledger.Append(t.Context(), consent.Event{Subject: adultID, Kind: consent.Withdraw, Purposes: []consent.PurposeRef{{ID: "marketing.sms"}}, Effective: t0.Add(-time.Minute)})
	assert.ErrorIs(t, err, consent.ErrOutOfOrder)
}

func TestEventsAreChainedAndVerify(t *testing.T) {
	f := newFixture(t)
	e1 := f.grant(t, adultID, consent.Separate, "service.voice_clone", "marketing.sms")
	f.clock.Advance(time.Minute)
	e2 := f.withdraw(t, adultID, "marketing.sms")
	assert.Equal(t, uint64(1), e1.Seq)
	assert.Equal(t, uint64(2), e2.Seq)
	assert.Zero(t, e1.Prev)
	assert.Equal(t, e1.Hash, e2.Prev)
	assert.Equal(t, e1.ComputeHash(), e1.Hash)
	assert.Equal(t, byte(7), e1.ID[6]>>4, "event IDs are UUIDv7")
	require.NoError(t, f.ledger.Verify(t.Context(), adultID))
	snap, err := f.ledger.Snapshot(t.Context(), adultID)
	require.NoError(t, err)
	assert.Equal(t, consent.Head{Seq: 2, Hash: e2.Hash}, snap.Head())

	t.Run("a_fresh_ledger_on_the_same_store_rebuilds_the_same_state", func(t *testing.T) {
		l2, err := consent.NewLedger(consent.Config{Registry: f.reg, Directory: f.dir, Store: f.store, Keys: f.keys, Anchor: f.anchor, Clock: f.clock})
		require.NoError(t, err)
		st, err := l2.StateAt(t.Context(), adultID, f.clock.now)
		require.NoError(t, err)
		assert.Equal(t, consent.Given, st.Consent(f.purpose("service.voice_clone"), "").Status)
		assert.Equal(t, consent.Withdrawn, st.Consent(f.purpose("marketing.sms"), "").Status)
		assert.Equal(t, f.clock.now, st.At())
		assert.NotNil(t, st.Snapshot())
	})
}

// tamperStore returns events edited after the fact.
type tamperStore struct {
	consent.Store
	edit func([]consent.Event) []consent.Event
}

func (s tamperStore) Load(ctx context.Context, id subject.ID) ([]consent.Event, error) {
	evs, err := s.Store.Load(ctx, id)
	return s.edit(evs), err
}

func TestTamperedLedgerFailsClosed(t *testing.T) {
	f := newFixture(t)
	f.grant(t, adultID, consent.Separate, "service.voice_clone")
	f.clock.Advance(time.Minute)
	f.withdraw(t, adultID, "service.voice_clone")

	// Someone deletes the withdrawal from the database. A ledger that saw
	// the head (seq 2) catches it; the chain alone cannot show a cut tail.
	cut := tamperStore{Store: f.store, edit: func(e []consent.Event) []consent.Event { return e[:1] }}
	seen, err := f.ledger.Snapshot(t.Context(), adultID)
	require.NoError(t, err)
	evs, err := cut.Load(t.Context(), adultID)
	require.NoError(t, err)
	assert.NoError(t, consent.Verify(evs))
	assert.ErrorIs(t, consent.VerifyHead(evs, seen.Head()), consent.ErrBrokenChain, "a known head catches removal from the end")

	// An edited event breaks the chain and the ledger refuses to answer.
	edited := tamperStore{Store: f.store, edit: func(e []consent.Event) []consent.Event {
		e[0].Form = consent.Written
		return e
	}}
	l3, err := consent.NewLedger(f.config(edited))
	require.NoError(t, err)
	_, err = l3.StateAt(t.Context(), adultID, f.clock.now)
	var ce *consent.ChainError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, 0, ce.Index)
	assert.Contains(t, ce.Reason, "edited")
}

func TestLedgerFailsClosed(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := f.ledger.StateAt(ctx, adultID, t0)
	assert.ErrorIs(t, err, context.Canceled)
	_, err = f.ledger.Append(ctx, consent.Event{Subject: adultID, Kind: consent.Grant, Form: consent.Click, Notice: "v1", Purposes: []consent.PurposeRef{{ID: "marketing.sms"}}})
	assert.ErrorIs(t, err, context.Canceled)

	t.Run("store_error", func(t *testing.T) {
		boom := errors.New("database down")
		l, err := consent.NewLedger(f.config(failingStore{boom}))
		require.NoError(t, err)
		_, err = l.StateAt(t.Context(), adultID, t0)
		assert.ErrorIs(t, err, boom)
		_, err = l.Append(t.Context(), consent.Event{Subject: adultID, Kind: consent.Grant, Form: consent.Click, Notice: "v1", Purposes: []consent.PurposeRef{{ID: "marketing.sms"}}})
		assert.ErrorIs(t, err, boom)
	})
	t.Run("zero_clock", func(t *testing.T) {
		l, err := consent.NewLedger(consent.Config{Registry: f.reg, Directory: f.dir, Clock: &clock{}})
		require.NoError(t, err)
		_, err = l.Append(t.Context(), consent.Event{Subject: adultID, Kind: consent.Grant, Form: consent.Click, Notice: "v1", Purposes: []consent.PurposeRef{{ID: "marketing.sms"}}})
		assert.ErrorIs(t, err, consent.ErrNotConfigured)
	})
	t.Run("missing_dependencies", func(t *testing.T) {
		_, err := consent.NewLedger(consent.Config{})
		assert.ErrorIs(t, err, consent.ErrNotConfigured)
		assert.ErrorContains(t, err, "Registry")
		assert.ErrorContains(t, err, "Directory")
		assert.ErrorContains(t, err, "Clock")
		_, err = consent.NewLedger(consent.Config{Registry: f.reg, Directory: f.dir, Clock: f.clock, FutureTolerance: -1})
		assert.ErrorIs(t, err, consent.ErrNotConfigured)
	})
}

type failingStore struct{ err error }

func (s failingStore) Append(context.Context, subject.ID, uint64, ...consent.Event) error {
	return s.err
}
func (s failingStore) Load(context.Context, subject.ID) ([]consent.Event, error) {
	return nil, s.err
}

func TestGrantsCoexistUntilWithdrawn(t *testing.T) {
	f := newFixture(t)
	sep := f.grant(t, adultID, consent.Separate, "service.voice_clone")
	f.clock.Advance(time.Minute)
	f.grant(t, adultID, consent.Click, "service.voice_clone") // a later, weaker consent
	now := f.clock.now
	a := f.answer(t, adultID, "service.voice_clone", "", now)
	assert.Equal(t, consent.Separate, a.Form, "a later click consent does not end the separate one")
	st, err := f.ledger.StateAt(t.Context(), adultID, now)
	require.NoError(t, err)
	a = st.ConsentFor(f.purpose("service.voice_clone"), "", consent.Need{Form: consent.Separate})
	assert.Equal(t, sep.ID, a.Event)
	f.clock.Advance(time.Minute)
	f.withdraw(t, adultID, "service.voice_clone")
	assert.Equal(t, consent.Withdrawn, f.answer(t, adultID, "service.voice_clone", "", f.clock.now).Status, "a withdrawal ends every consent to the purpose")
}

func TestLookupForPrefersAConsentMeetingTheNeed(t *testing.T) {
	f := newFixture(t)
	f.grant(t, childID, consent.Written, "service.voice_clone")
	f.clock.Advance(time.Minute)
	g, err := f.ledger.Append(t.Context(), consent.Event{Subject: childID, Kind: consent.Grant, Form: consent.Click, Notice: "v1", Purposes: []consent.PurposeRef{{ID: "service.voice_clone"}}, By: consent.Giver{Guardian: parentID}})
	require.NoError(t, err)
	st, err := f.ledger.StateAt(t.Context(), childID, f.clock.now)
	require.NoError(t, err)
	p := f.purpose("service.voice_clone")
	assert.Equal(t, consent.Written, st.ConsentFor(p, "", consent.Need{Form: consent.Separate}).Form, "the written consent meets a separate need")
	assert.Equal(t, g.ID, st.ConsentFor(p, "", consent.Need{Guardian: true}).Event, "the guardian's consent meets a guardian need")
}

// A load that began before an Invalidate must not cache its result: the
// Invalidate may announce an append the load did not see (found in review
// of the multi-instance follower).
func TestInvalidateDuringALoadIsNotLost(t *testing.T) {
	f := newFixture(t)
	gate := &gatedStore{Store: f.store, armed: true, loaded: make(chan struct{}), resume: make(chan struct{})}
	b := f.peer(t, gate)
	f.grant(t, adultID, consent.Click, "marketing.sms")
	read := make(chan consent.Status)
	go func() {
		st, err := b.StateAt(context.Background(), adultID, t0.Add(time.Hour))
		if err != nil {
			read <- consent.StatusUnknown
			return
		}
		read <- st.Consent(f.purpose("marketing.sms"), "").Status
	}()
	<-gate.loaded // b has read the ledger with the grant only
	f.clock.Advance(time.Minute)
	f.withdraw(t, adultID, "marketing.sms")
	b.Invalidate(adultID) // as a change-feed poller would
	close(gate.resume)
	require.Equal(t, consent.Given, <-read, "the racing read answers from what it loaded")
	require.Equal(t, consent.Withdrawn, f.status(t, b, adultID, "marketing.sms", t0.Add(time.Hour)),
		"the racing load was cached after the Invalidate and hides the withdrawal")
}

// Every recipient a purpose may declare can be named by a consent, the
// last one included (purpose.MaxRecipients).
func TestTheLastDeclarableRecipientCanBeNamed_PIPL_art23(t *testing.T) {
	rs := make([]purpose.Recipient, purpose.MaxRecipients)
	for i := range rs {
		rs[i] = purpose.Recipient{Name: fmt.Sprintf("Partner %d", i), Role: purpose.Independent}
	}
	reg := purpose.MustCompile(purpose.Policy{
		Name: purpose.Text{EN: "Partners"}, Regimes: []pii.Law{pii.PIPL},
		Retention: []purpose.Retention{{ID: "r", Summary: purpose.Text{EN: "Until the account closes"}}},
		Purposes: []purpose.Purpose{{ID: "partners.share", Name: purpose.Text{EN: "Sharing"},
			Versions: []purpose.Version{{Number: 1}}, Required: pii.MustParseSet("contact.phone"),
			Operations: purpose.OperationsOf(purpose.Share), Basis: purpose.Legal{Basis: purpose.Consent}, Retention: "r", Recipients: rs}},
	})
	f := newFixture(t)
	cfg := f.config(consent.NewMemStore())
	cfg.Registry = reg
	l, err := consent.NewLedger(cfg)
	require.NoError(t, err)
	last := rs[len(rs)-1].Name
	_, err = l.Append(t.Context(), consent.Event{Subject: adultID, Kind: consent.Grant, Form: consent.Separate, Notice: "v1",
		Purposes: []consent.PurposeRef{{ID: "partners.share"}}, Recipients: []string{last}})
	require.NoError(t, err)
	st, err := l.StateAt(t.Context(), adultID, f.clock.Now())
	require.NoError(t, err)
	p, _ := reg.Lookup("partners.share")
	assert.Equal(t, consent.Given, st.Consent(p, last).Status)
	assert.Equal(t, consent.NotGiven, st.Consent(p, rs[0].Name).Status)
}
