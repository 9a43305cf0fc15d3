package rights_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lawfulgo/lawful/rights"
)

func TestRefuse(t *testing.T) {
	p := rights.PIPL()
	p.Repeat = rights.Repeat{Max: 2, Window: 30 * 24 * time.Hour}
	e := newEnv(t, p, nil)
	a := e.w.Adult(t)
	tests := []struct {
		name     string
		verify   bool
		repeated bool
		ref      rights.Refusal
		want     error // nil: refused
	}{
		{"refusal_without_ground_is_an_error_LAW_7_3", true, false, rights.Refusal{Reasons: "no"}, rights.ErrNoGround},
		{"refusal_with_unlisted_ground_is_an_error_LAW_7_3", true, false, rights.Refusal{Ground: 99, Reasons: "no"}, rights.ErrNoGround},
		{"refusal_without_reasons_is_an_error_PIPL_50", true, false, rights.Refusal{Ground: rights.TradeSecret, Reasons: "  "}, rights.ErrNoGround},
		{"refusal_with_listed_ground_and_reasons_is_recorded_seed000_s5_6", true, false, rights.Refusal{Ground: rights.TradeSecret, Reasons: "the model weights are a trade secret"}, nil},
		{"refusal_for_legal_secrecy_PIPL_18_1_45", true, false, rights.Refusal{Ground: rights.LegalSecrecy, Reasons: "an investigation requires that you are not told"}, nil},
		{"repetitive_refusal_needs_the_repeat_limit_exceeded_GDPR_12_5", true, false, rights.Refusal{Ground: rights.Repetitive, Reasons: "again"}, rights.ErrGroundNotShown},
		{"repetitive_refusal_beyond_the_repeat_limit_seed001_s5_6_GDPR_12_5", true, true, rights.Refusal{Ground: rights.Repetitive, Reasons: "third copy this month"}, nil},
		{"before_verification_only_identity_ground_NDSMR_25_1", false, false, rights.Refusal{Ground: rights.AbuseOfRights, Reasons: "x"}, rights.ErrInvalidTransition},
		{"unverified_identity_refusal_before_verification_NDSMR_25_1", false, false, rights.Refusal{Ground: rights.IdentityNotVerified, Reasons: "the code sent to the registered phone was never entered"}, nil},
		{"identity_ground_after_verification_is_not_shown", true, false, rights.Refusal{Ground: rights.IdentityNotVerified, Reasons: "x"}, rights.ErrGroundNotShown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.w.Clock.Advance(31 * 24 * time.Hour) // out of the repeat window of earlier cases
			if tt.repeated {
				e.receive(t, rights.Request{Kind: rights.Copy, Subject: a})
				e.receive(t, rights.Request{Kind: rights.Copy, Subject: a})
			}
			r := e.receive(t, rights.Request{Kind: rights.Copy, Subject: a})
			require.Equal(t, tt.repeated, r.Repeated)
			if tt.verify {
				var err error
				r, err = e.desk.Verify(e.ctx, r.ID, "agent:1", rights.Account)
				require.NoError(t, err)
			}
			got, err := e.desk.Refuse(e.ctx, r.ID, "agent:7", tt.ref)
			if tt.want != nil {
				require.ErrorIs(t, err, tt.want)
				stored, err := e.desk.Get(e.ctx, r.ID)
				require.NoError(t, err)
				assert.True(t, stored.Open(), "a refused refusal records nothing")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, rights.Refused, got.State)
			assert.Equal(t, tt.ref, got.Refusal)
			assert.Equal(t, e.w.Clock.Now(), got.Closed)
			last := got.Last()
			assert.Equal(t, rights.Refuse, last.Action)
			assert.Equal(t, tt.ref.Ground, last.Ground)
			assert.Equal(t, tt.ref.Reasons, last.Note)
			assert.Equal(t, "agent:7", last.Actor)
		})
	}
	t.Run("written_refusal_for_a_minor_is_recorded_MOR_34_3", func(t *testing.T) {
		kid := e.w.Child(t, 15)
		r := e.verified(t, rights.Request{Kind: rights.Delete, Subject: kid})
		got, err := e.desk.Refuse(e.ctx, r.ID, "agent:1", rights.Refusal{Ground: rights.CriminalProceedings, Reasons: "evidence in a pending case", Written: true})
		require.NoError(t, err)
		assert.True(t, got.Refusal.Written)
	})
}

func TestFees(t *testing.T) {
	p := rights.PIPL()
	p.Repeat = rights.Repeat{Max: 2, Window: 30 * 24 * time.Hour}
	e := newEnv(t, p, nil)
	a := e.w.Adult(t)
	first := e.verified(t, rights.Request{Kind: rights.Copy, Subject: a})
	e.w.Clock.Advance(24 * time.Hour)
	e.verified(t, rights.Request{Kind: rights.Copy, Subject: a})
	other := e.verified(t, rights.Request{Kind: rights.Access, Subject: a})
	e.w.Clock.Advance(24 * time.Hour)
	third := e.verified(t, rights.Request{Kind: rights.Copy, Subject: a})
	fee := rights.Fee{Amount: 5000, Currency: "CNY", Basis: "retrieving archived recordings"}
	t.Run("reasonable_requests_are_free_seed000_s5_6", func(t *testing.T) {
		assert.False(t, first.Repeated)
		assert.False(t, other.Repeated, "the limit counts per kind")
		_, err := e.desk.ChargeFee(e.ctx, first.ID, "agent:1", fee)
		assert.ErrorIs(t, err, rights.ErrFeeNotAllowed)
	})
	t.Run("request_beyond_limit_per_kind_per_30_days_is_repeated_seed001_s5_6", func(t *testing.T) {
		assert.True(t, third.Repeated)
		assert.Equal(t, 2, third.Recent)
	})
	for _, bad := range []struct {
		name string
		fee  rights.Fee
	}{
		{"fee_needs_a_positive_amount", rights.Fee{Amount: 0, Currency: "CNY", Basis: "x"}},
		{"fee_needs_an_ISO_4217_currency", rights.Fee{Amount: 1, Currency: "yuan", Basis: "x"}},
		{"fee_needs_upper_case_currency", rights.Fee{Amount: 1, Currency: "cny", Basis: "x"}},
		{"fee_needs_its_basis", rights.Fee{Amount: 1, Currency: "CNY"}},
	} {
		t.Run(bad.name, func(t *testing.T) {
			_, err := e.desk.ChargeFee(e.ctx, third.ID, "agent:1", bad.fee)
			assert.ErrorIs(t, err, rights.ErrFeeNotAllowed)
		})
	}
	t.Run("cost_fee_for_a_repeated_request_seed000_s5_6_GDPR_12_5_a", func(t *testing.T) {
		got, err := e.desk.ChargeFee(e.ctx, third.ID, "agent:1", fee)
		require.NoError(t, err)
		assert.Equal(t, fee, got.Fee)
		assert.Equal(t, rights.Verified, got.State, "a fee does not change the state")
		assert.Equal(t, rights.ChargeFee, got.Last().Action)
		assert.Equal(t, "5000 CNY: retrieving archived recordings", got.Last().Note)
		_, err = e.desk.ChargeFee(e.ctx, third.ID, "agent:1", fee)
		assert.ErrorIs(t, err, rights.ErrFeeNotAllowed, "one fee per request")
	})
	t.Run("repeat_window_slides_seed000_s5_6", func(t *testing.T) {
		e.w.Clock.Advance(31 * 24 * time.Hour)
		r := e.receive(t, rights.Request{Kind: rights.Copy, Subject: a})
		assert.False(t, r.Repeated)
		assert.Zero(t, r.Recent)
	})
}
