package consent_test

import (
	"errors"
	"testing"
	"time"

	"github.com/lawfulgo/lawful/consent"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestImportHistory: an existing service backfills its consent history
// with the original effective times, consents to older purpose versions
// included; point-in-time answers are then right, and the imported events
// are chained, sealed and anchored like any other (issue 16).
func TestImportHistory(t *testing.T) {
	f := newFixture(t)
	twoYears := t0.AddDate(-2, 0, 0)
	history := []consent.Event{
		{Subject: adultID, Kind: consent.Grant, Form: consent.Separate, Notice: "2024-01", Effective: twoYears,
			Purposes: []consent.PurposeRef{{ID: "service.voice_clone", Version: 1}}},
		{Subject: parentID, Kind: consent.Grant, Form: consent.Click, Notice: "2024-01", Effective: twoYears,
			Purposes: refs("marketing.sms")},
		{Subject: adultID, Kind: consent.Grant, Form: consent.Click, Notice: "2024-06", Effective: twoYears.AddDate(0, 6, 0),
			Purposes: refs("marketing.sms")},
		{Subject: adultID, Kind: consent.Withdraw, Effective: twoYears.AddDate(1, 0, 0), Purposes: refs("marketing.sms")},
	}
	got, err := f.ledger.Import(t.Context(), history)
	require.NoError(t, err)
	require.Len(t, got, 4)
	for _, e := range got {
		assert.True(t, e.Imported)
	}
	assert.Equal(t, uint64(3), got[3].Seq, "the adult's third event")
	assert.True(t, got[0].Effective.Equal(twoYears))
	p := f.purpose("service.voice_clone")

	st, err := f.ledger.StateAt(t.Context(), adultID, twoYears.AddDate(0, 1, 0))
	require.NoError(t, err)
	assert.Equal(t, consent.Stale, st.Consent(p, "").Status, "consent under v1 before v2's material change answers stale (PIPL art. 14 para 2)")
	assert.Equal(t, consent.Given, f.answer(t, adultID, "marketing.sms", "", twoYears.AddDate(0, 7, 0)).Status)
	assert.Equal(t, consent.Withdrawn, f.answer(t, adultID, "marketing.sms", "", t0).Status)

	fresh, err := consent.NewLedger(f.config(f.store))
	require.NoError(t, err)
	require.NoError(t, fresh.Verify(t.Context(), adultID), "imported events are sealed and anchored")

	t.Run("a_subject_with_a_bad_event_imports_nothing_and_the_error_names_what_was_done", func(t *testing.T) {
		bad := []consent.Event{
			{Subject: strangerID, Kind: consent.Grant, Form: consent.Click, Notice: "n", Effective: twoYears, Purposes: refs("marketing.sms")},
			{Subject: uncleID, Kind: consent.Grant, Form: consent.Click, Notice: "n", Effective: twoYears, Purposes: refs("marketing.sms")},
			{Subject: uncleID, Kind: consent.Withdraw, Effective: twoYears.Add(-time.Hour), Purposes: refs("marketing.sms")},
		}
		_, err := f.ledger.Import(t.Context(), bad)
		var ie *consent.ImportError
		require.True(t, errors.As(err, &ie), "%v", err)
		assert.Len(t, ie.Imported, 1, "the stranger's history went in")
		assert.ErrorIs(t, err, consent.ErrOutOfOrder)
		evs, err := f.ledger.Events(t.Context(), uncleID)
		require.NoError(t, err)
		assert.Empty(t, evs, "nothing of the uncle's was written")
	})
	t.Run("an_event_without_its_original_time_is_refused", func(t *testing.T) {
		_, err := f.ledger.Import(t.Context(), []consent.Event{{Subject: uncleID, Kind: consent.Grant, Form: consent.Click, Notice: "n", Purposes: refs("marketing.sms")}})
		assert.ErrorIs(t, err, consent.ErrInvalidEvent)
	})
}
