package consent_test

import (
	"testing"
	"time"

	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func refs(ids ...purpose.ID) []consent.PurposeRef {
	out := make([]consent.PurposeRef, len(ids))
	for i, id := range ids {
		out[i] = consent.PurposeRef{ID: id}
	}
	return out
}

// TestWithdrawingOneConsentRecord_PIPL_art15: a person can withdraw one
// consent record by its ID, leaving their other consents to the purpose;
// a withdrawal without Ends still ends every consent to it. Both forms are
// explicit (issue 16).
func TestWithdrawingOneConsentRecord_PIPL_art15(t *testing.T) {
	f := newFixture(t)
	click := f.grant(t, adultID, consent.Click, "marketing.sms", "service.voice_clone")
	f.clock.Advance(time.Minute)
	separate := f.grant(t, adultID, consent.Separate, "marketing.sms")
	f.clock.Advance(time.Minute)

	w, err := f.ledger.Append(t.Context(), consent.Event{Subject: adultID, Kind: consent.Withdraw, Ends: click.ID})
	require.NoError(t, err)
	assert.ElementsMatch(t, refs("marketing.sms", "service.voice_clone"), w.Purposes, "the purposes are the grant's when left empty")
	now := f.clock.now
	sms := f.answer(t, adultID, "marketing.sms", "", now)
	assert.Equal(t, consent.Given, sms.Status, "the separate consent stays")
	assert.Equal(t, separate.ID, sms.Event)
	assert.Equal(t, consent.Withdrawn, f.answer(t, adultID, "service.voice_clone", "", now).Status)
	assert.Equal(t, consent.Given, f.answer(t, adultID, "marketing.sms", "", now.Add(-time.Minute)).Status, "the past is unchanged (PIPL art. 15 para 2)")

	t.Run("a_record_that_is_not_the_subjects_grant_is_refused", func(t *testing.T) {
		other := f.grant(t, parentID, consent.Click, "marketing.sms")
		_, err := f.ledger.Append(t.Context(), consent.Event{Subject: adultID, Kind: consent.Withdraw, Ends: other.ID})
		assert.ErrorIs(t, err, consent.ErrNothingToWithdraw)
		_, err = f.ledger.Append(t.Context(), consent.Event{Subject: adultID, Kind: consent.Withdraw, Ends: click.ID})
		assert.ErrorIs(t, err, consent.ErrNothingToWithdraw, "already withdrawn")
	})
	t.Run("a_purpose_the_record_did_not_cover_is_refused", func(t *testing.T) {
		_, err := f.ledger.Append(t.Context(), consent.Event{Subject: adultID, Kind: consent.Withdraw, Ends: separate.ID, Purposes: refs("service.voice_clone")})
		assert.ErrorIs(t, err, consent.ErrNothingToWithdraw)
	})
	t.Run("a_withdrawal_of_the_purpose_ends_every_record", func(t *testing.T) {
		f.clock.Advance(time.Minute)
		f.withdraw(t, adultID, "marketing.sms")
		assert.Equal(t, consent.Withdrawn, f.answer(t, adultID, "marketing.sms", "", f.clock.now).Status)
	})
}

// TestRestrictionCoversCategoriesAcrossEveryPurpose_PIPL_art44_GDPR_art18:
// a restriction names categories, not a purpose, and covers them in every
// purpose until lifted, in whole or in part.
func TestRestrictionCoversCategoriesAcrossEveryPurpose_PIPL_art44_GDPR_art18(t *testing.T) {
	f := newFixture(t)
	phone, voice := pii.MustParseSet("contact.phone"), pii.MustParseSet("biometric.voiceprint")
	r, err := f.ledger.Append(t.Context(), consent.Event{Subject: adultID, Kind: consent.Restrict, Categories: phone.Union(voice)})
	require.NoError(t, err)
	assert.Equal(t, phone.Union(voice), r.Categories)
	snap, err := f.ledger.Snapshot(t.Context(), adultID)
	require.NoError(t, err)
	now := f.clock.now
	assert.Equal(t, phone, snap.Restricted(phone.Union(pii.MustParseSet("finance.order")), now))
	assert.True(t, snap.Restricted(phone, now.Add(-time.Second)).IsEmpty(), "not before its effective time")

	f.clock.Advance(time.Hour)
	_, err = f.ledger.Append(t.Context(), consent.Event{Subject: adultID, Kind: consent.Lift, Categories: phone})
	require.NoError(t, err)
	snap, _ = f.ledger.Snapshot(t.Context(), adultID)
	assert.True(t, snap.Restricted(phone, f.clock.now).IsEmpty(), "the phone number is released")
	assert.Equal(t, voice, snap.Restricted(voice, f.clock.now), "the voiceprint stays restricted")
	assert.Equal(t, phone, snap.Restricted(phone, now), "history keeps the earlier restriction")

	t.Run("a_restriction_names_categories_not_purposes", func(t *testing.T) {
		_, err := f.ledger.Append(t.Context(), consent.Event{Subject: adultID, Kind: consent.Restrict, Categories: phone, Purposes: refs("marketing.sms")})
		assert.ErrorIs(t, err, consent.ErrInvalidEvent)
		_, err = f.ledger.Append(t.Context(), consent.Event{Subject: adultID, Kind: consent.Restrict})
		assert.ErrorIs(t, err, consent.ErrInvalidEvent)
	})
	t.Run("lifting_what_is_not_restricted_is_refused", func(t *testing.T) {
		_, err := f.ledger.Append(t.Context(), consent.Event{Subject: adultID, Kind: consent.Lift, Categories: pii.MustParseSet("finance.order")})
		assert.ErrorIs(t, err, consent.ErrNothingToLift)
	})
	t.Run("a_fresh_ledger_rebuilds_the_same_limits", func(t *testing.T) {
		l, err := consent.NewLedger(f.config(f.store))
		require.NoError(t, err)
		s2, err := l.Snapshot(t.Context(), adultID)
		require.NoError(t, err)
		assert.Equal(t, voice, s2.Restricted(phone.Union(voice), f.clock.now))
	})
}

// TestObjection_PIPL_art24_GDPR_art21: an objection to a purpose holds
// until lifted.
func TestObjection_PIPL_art24_GDPR_art21(t *testing.T) {
	f := newFixture(t)
	_, err := f.ledger.Append(t.Context(), consent.Event{Subject: adultID, Kind: consent.Object, Purposes: refs("marketing.sms")})
	require.NoError(t, err)
	snap, _ := f.ledger.Snapshot(t.Context(), adultID)
	assert.True(t, snap.Objected(f.purpose("marketing.sms"), f.clock.now))
	assert.False(t, snap.Objected(f.purpose("signup.login"), f.clock.now))
	f.clock.Advance(time.Minute)
	_, err = f.ledger.Append(t.Context(), consent.Event{Subject: adultID, Kind: consent.Lift, Purposes: refs("marketing.sms")})
	require.NoError(t, err)
	snap, _ = f.ledger.Snapshot(t.Context(), adultID)
	assert.False(t, snap.Objected(f.purpose("marketing.sms"), f.clock.now))
	_, err = f.ledger.Append(t.Context(), consent.Event{Subject: adultID, Kind: consent.Object, Purposes: refs("marketing.sms"), Categories: pii.MustParseSet("contact.phone")})
	assert.ErrorIs(t, err, consent.ErrInvalidEvent, "an objection names purposes, not categories")
}

// TestAGuardianMustBeAnAdult_CivilCode_art27_PIPL_art31: a 16-year-old
// linked and verified as a child's guardian cannot record consent for it.
func TestAGuardianMustBeAnAdult_CivilCode_art27_PIPL_art31(t *testing.T) {
	f := newFixture(t)
	teen := subject.MustParseID("0192f000-0000-7000-8000-0000000000a1")
	kid := subject.MustParseID("0192f000-0000-7000-8000-0000000000a2")
	verified := subject.Verification{Method: subject.Document, At: t0.Add(-time.Hour)}
	require.NoError(t, f.dir.Put(subject.Subject{ID: teen, Birth: mustDate(2010, 1, 1), Jurisdiction: "CN", Status: subject.Active}, t0))
	require.NoError(t, f.dir.Put(subject.Subject{ID: kid, Birth: mustDate(2018, 1, 1), Jurisdiction: "CN", Status: subject.Active,
		Links: []subject.Link{{ID: teen, Relation: subject.Sibling, Verified: verified}, {ID: parentID, Relation: subject.Parent, Verified: verified}}}, t0))
	// A sibling is not a guardian; make the teen one to test the age rule.
	k, _ := f.dir.Lookup(t.Context(), kid)
	k.Links[0].Relation = subject.Guardian
	require.NoError(t, f.dir.Put(k, t0))
	_, err := f.ledger.Append(t.Context(), consent.Event{Subject: kid, Kind: consent.Grant, Form: consent.Separate, Notice: "v1", By: consent.Giver{Guardian: teen}, Purposes: refs("marketing.sms")})
	assert.ErrorIs(t, err, consent.ErrGuardianNotAdult)
	_, err = f.ledger.Append(t.Context(), consent.Event{Subject: kid, Kind: consent.Grant, Form: consent.Separate, Notice: "v1", By: consent.Giver{Guardian: parentID}, Purposes: refs("marketing.sms")})
	assert.NoError(t, err, "an adult parent may")
}

// TestVersion2EncodingKeepsVersion1Hashes: events without the fields that
// version 2 of the encoding added encode as before, byte for byte, so
// stored events keep verifying; events with them round-trip.
func TestVersion2EncodingKeepsVersion1Hashes(t *testing.T) {
	f := newFixture(t)
	g := f.grant(t, adultID, consent.Click, "marketing.sms")
	assert.Equal(t, byte(1), g.Encode()[0], "a plain grant is version 1")
	f.clock.Advance(time.Minute)
	w, err := f.ledger.Append(t.Context(), consent.Event{Subject: adultID, Kind: consent.Withdraw, Ends: g.ID})
	require.NoError(t, err)
	r, err := f.ledger.Append(t.Context(), consent.Event{Subject: adultID, Kind: consent.Restrict, Categories: pii.MustParseSet("contact.phone,biometric.voiceprint")})
	require.NoError(t, err)
	for _, e := range []consent.Event{w, r} {
		assert.Equal(t, byte(2), e.Encode()[0])
		b, err := e.MarshalBinary()
		require.NoError(t, err)
		var back consent.Event
		require.NoError(t, back.UnmarshalBinary(b))
		assert.Equal(t, e.Ends, back.Ends)
		assert.Equal(t, e.Categories, back.Categories)
		assert.Equal(t, e.Hash, back.ComputeHash())
	}
}
