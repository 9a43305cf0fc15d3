package rights_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/retention"
	"github.com/lawfulgo/lawful/rights"
	"github.com/lawfulgo/lawful/subject"
)

// held tracks four items of a new adult at the clock's now and records
// that payment data went to WeChat Pay and voice data to GPU Cloud.
func (e *env) held(t *testing.T) (subject.ID, map[string]retention.Timer) {
	t.Helper()
	a := e.w.Adult(t)
	tm := map[string]retention.Timer{
		"login":   e.track(t, a, "signup.login", "contact.phone", "user/1"),
		"logs":    e.track(t, a, "ops.logging", "activity.service_log,device.ip", "log/2026-03-01"),
		"payment": e.track(t, a, "commerce.payment", "finance.order", "order/1"),
		"voice":   e.track(t, a, "service.voice_clone", "biometric.voice_sample", "voice/1"),
	}
	now := e.w.Clock.Now()
	require.NoError(t, e.tracker.RecordDisclosure(e.ctx, retention.Disclosure{Subject: a, Purpose: "commerce.payment", Categories: pii.MustParseSet("finance.order"), Operation: purpose.Share, Recipient: "WeChat Pay", At: now}))
	require.NoError(t, e.tracker.RecordDisclosure(e.ctx, retention.Disclosure{Subject: a, Purpose: "service.voice_clone", Categories: pii.MustParseSet("biometric.voice_sample"), Operation: purpose.Entrust, Recipient: "GPU Cloud", At: now}))
	return a, tm
}

// byTimer indexes items by timer.
func byTimer(items []rights.Item) map[retention.TimerID]rights.Item {
	out := map[retention.TimerID]rights.Item{}
	for _, it := range items {
		out[it.Timer] = it
	}
	return out
}

func TestFulfilDelete(t *testing.T) {
	e := newEnv(t, rights.Policy{}, nil)
	a, tm := e.held(t)
	e.w.Clock.Advance(10 * 24 * time.Hour) // Wed 2026-03-11 10:00 CST
	r := e.verified(t, rights.Request{Kind: rights.Delete, Subject: a})
	res, err := e.desk.Fulfil(e.ctx, r.ID, "agent:1")
	require.NoError(t, err)
	items := byTimer(res.Items)
	require.Len(t, items, 4)

	t.Run("deletion_cannot_erase_logs_before_six_months_restricted_CSL_21_3_PIPL_47_para2", func(t *testing.T) {
		logs := items[tm["logs"].ID]
		assert.Equal(t, rights.Restricted, logs.Outcome)
		assert.Equal(t, at(2026, 9, 2, 0), logs.Until, "six months from collection on 1 Mar: 24:00 on 1 Sep")
		assert.Equal(t, "Cybersecurity Law art. 21(3)", logs.Cites)
		assert.Equal(t, retention.DeletionRequested, logs.Cause)
		assert.Equal(t, []rights.Item{logs}, res.Restricted())
		v, err := e.tracker.Check(e.ctx, a, "ops.logging", pii.MustParseSet("device.ip"), e.w.Clock.Now())
		require.NoError(t, err)
		assert.Equal(t, retention.Restricted, v.State, "the Guard now allows only storage")
	})
	t.Run("deletion_schedules_other_data_after_the_grace_period_PIPL_47", func(t *testing.T) {
		for _, k := range []string{"login", "payment", "voice"} {
			it := items[tm[k].ID]
			assert.Equal(t, rights.Scheduled, it.Outcome, k)
			assert.Equal(t, at(2026, 3, 27, 0), it.Until, k) // 11 Mar + 15 days, 24:00
			assert.Equal(t, retention.DeletionRequested, it.Cause, k)
			assert.Empty(t, it.Cites, k)
		}
		assert.Len(t, res.Scheduled(), 3)
		assert.Empty(t, res.Retained())
	})
	t.Run("deletion_lists_recipients_to_notify_GDPR_19_seed000_s5_3", func(t *testing.T) {
		assert.Equal(t, []string{"GPU Cloud", "WeChat Pay"}, res.Recipients)
	})
	t.Run("deletion_recorded_fulfilled", func(t *testing.T) {
		assert.Equal(t, rights.Fulfilled, res.Request.State)
		assert.False(t, res.Late)
	})
}

func TestFulfilDeleteNarrowed(t *testing.T) {
	e := newEnv(t, rights.Policy{}, nil)
	a, tm := e.held(t)
	r := e.verified(t, rights.Request{Kind: rights.Delete, Subject: a, Purposes: []purpose.ID{"commerce.payment"}, Categories: pii.MustParseSet("finance.order")})
	res, err := e.desk.Fulfil(e.ctx, r.ID, "agent:1")
	require.NoError(t, err)
	t.Run("narrowed_deletion_touches_only_the_named_purpose_PIPL_47", func(t *testing.T) {
		require.Len(t, res.Items, 1)
		assert.Equal(t, tm["payment"].ID, res.Items[0].Timer)
		assert.Equal(t, rights.Scheduled, res.Items[0].Outcome)
		login, err := e.tracker.Check(e.ctx, a, "signup.login", pii.MustParseSet("contact.phone"), e.w.Clock.Now())
		require.NoError(t, err)
		assert.Equal(t, retention.Active, login.State)
	})
	t.Run("narrowed_deletion_notifies_only_recipients_of_those_categories_GDPR_19", func(t *testing.T) {
		assert.Equal(t, []string{"WeChat Pay"}, res.Recipients)
	})
}

func TestFulfilDeleteUnderHold(t *testing.T) {
	e := newEnv(t, rights.Policy{}, nil)
	a, tm := e.held(t)
	now := e.w.Clock.Now()
	hold := retention.Hold{ID: "case-42", Reason: retention.Litigation, Subject: a, Categories: pii.MustParseSet("contact.phone"), From: now, Until: now.AddDate(1, 0, 0)}
	require.NoError(t, e.tracker.PlaceHold(e.ctx, hold))
	open := retention.Hold{ID: "audit-7", Reason: retention.Audit, Subject: a, Categories: pii.MustParseSet("finance.order"), From: now}
	require.NoError(t, e.tracker.PlaceHold(e.ctx, open))
	e.w.Clock.Advance(20 * 24 * time.Hour)
	r := e.verified(t, rights.Request{Kind: rights.Delete, Subject: a})
	res, err := e.desk.Fulfil(e.ctx, r.ID, "agent:1")
	require.NoError(t, err)
	items := byTimer(res.Items)
	t.Run("legal_hold_restricts_instead_of_erasing_LAW_6_GDPR_17_3", func(t *testing.T) {
		login := items[tm["login"].ID]
		assert.Equal(t, rights.Restricted, login.Outcome)
		assert.Equal(t, "case-42", login.Hold)
		assert.Equal(t, hold.Until, login.Until)
	})
	t.Run("open_ended_hold_has_no_erasure_time_LAW_6", func(t *testing.T) {
		pay := items[tm["payment"].ID]
		assert.Equal(t, rights.Restricted, pay.Outcome)
		assert.Equal(t, "audit-7", pay.Hold)
		assert.True(t, pay.Until.IsZero())
	})
}

func TestFulfilDeregister(t *testing.T) {
	e := newEnv(t, rights.Policy{}, nil)
	a, tm := e.held(t)
	e.w.Clock.Advance(24 * time.Hour)
	r := e.verified(t, rights.Request{Kind: rights.Deregister, Subject: a})
	res, err := e.desk.Fulfil(e.ctx, r.ID, "agent:1")
	require.NoError(t, err)
	items := byTimer(res.Items)
	t.Run("deregistration_fires_account_closed_logs_stay_restricted_NDSMR_24_CSL_21_3", func(t *testing.T) {
		assert.Equal(t, rights.Restricted, items[tm["logs"].ID].Outcome)
		assert.Equal(t, retention.AccountClosed, items[tm["logs"].ID].Cause)
		assert.Equal(t, rights.Scheduled, items[tm["login"].ID].Outcome)
		assert.Equal(t, retention.AccountClosed, items[tm["login"].ID].Cause)
		assert.Equal(t, []string{"GPU Cloud", "WeChat Pay"}, res.Recipients)
	})
}

func TestFulfilWithdraw(t *testing.T) {
	e := newEnv(t, rights.Policy{}, nil)
	a, tm := e.held(t)
	e.w.Grant(t, a, consent.Separate, "service.voice_clone")
	e.w.Clock.Advance(time.Hour)
	r := e.verified(t, rights.Request{Kind: rights.Withdraw, Subject: a, Purposes: []purpose.ID{"service.voice_clone", "signup.login"}})
	res, err := e.desk.Fulfil(e.ctx, r.ID, "agent:1")
	require.NoError(t, err)
	t.Run("withdrawal_appends_consent_withdraw_event_PIPL_15", func(t *testing.T) {
		assert.Equal(t, []purpose.ID{"service.voice_clone"}, res.Withdrawn)
		assert.Equal(t, []purpose.ID{"signup.login"}, res.NotInForce, "contract-based login had no consent to withdraw")
		events, err := e.w.Ledger.Events(e.ctx, a)
		require.NoError(t, err)
		last := events[len(events)-1]
		assert.Equal(t, consent.Withdraw, last.Kind)
		assert.True(t, e.w.Clock.Now().Equal(last.Effective))
		st, err := e.w.Ledger.StateAt(e.ctx, a, e.w.Clock.Now())
		require.NoError(t, err)
		vc, _ := e.w.Registry.Lookup("service.voice_clone")
		assert.Equal(t, consent.Withdrawn, st.Consent(vc, "").Status)
	})
	t.Run("withdrawal_fires_consent_withdrawn_trigger_PIPL_47_1_3", func(t *testing.T) {
		require.Len(t, res.Items, 1)
		assert.Equal(t, tm["voice"].ID, res.Items[0].Timer)
		assert.Equal(t, rights.Scheduled, res.Items[0].Outcome)
		assert.Equal(t, retention.ConsentWithdrawn, res.Items[0].Cause)
		assert.Equal(t, []string{"GPU Cloud"}, res.Recipients)
	})
	t.Run("withdrawal_of_nothing_in_force_records_nothing_PIPL_15", func(t *testing.T) {
		r := e.verified(t, rights.Request{Kind: rights.Withdraw, Subject: a, Purposes: []purpose.ID{"service.voice_clone"}})
		res, err := e.desk.Fulfil(e.ctx, r.ID, "agent:1")
		require.NoError(t, err)
		assert.Empty(t, res.Withdrawn)
		assert.Equal(t, []purpose.ID{"service.voice_clone"}, res.NotInForce)
		assert.Empty(t, res.Items)
	})
}

func TestFulfilNotifyOnly(t *testing.T) {
	e := newEnv(t, rights.Policy{}, nil)
	a, _ := e.held(t)
	tests := []struct {
		name string
		r    rights.Request
		want []string
	}{
		{"correction_notifies_recipients_of_corrected_categories_GDPR_19", rights.Request{Kind: rights.Correct, Subject: a, Categories: pii.MustParseSet("finance.order")}, []string{"WeChat Pay"}},
		{"supplement_notifies_every_recipient_GDPR_19", rights.Request{Kind: rights.Supplement, Subject: a}, []string{"GPU Cloud", "WeChat Pay"}},
		{"restriction_of_a_purpose_notifies_its_recipients_GDPR_18_19", rights.Request{Kind: rights.Restrict, Subject: a, Purposes: []purpose.ID{"service.voice_clone"}}, []string{"GPU Cloud"}},
		{"explanation_needs_no_recipients_PIPL_48", rights.Request{Kind: rights.Explain, Subject: a}, nil},
		{"complaint_needs_no_recipients_PIPL_65", rights.Request{Kind: rights.Complain, Subject: a}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.verified(t, tt.r)
			res, err := e.desk.Fulfil(e.ctx, r.ID, "agent:1")
			require.NoError(t, err)
			assert.Equal(t, tt.want, res.Recipients)
			assert.Nil(t, res.Manifest)
		})
	}
}

func TestFulfilNotConfigured(t *testing.T) {
	noRet := newEnv(t, rights.Policy{}, func(c *rights.Config) { c.Retention = nil })
	noLedger := newEnv(t, rights.Policy{}, func(c *rights.Config) { c.Ledger = nil; c.Registry = noRet.w.Registry })
	tests := []struct {
		name string
		e    *env
		kind rights.Kind
		want error
	}{
		{"deletion_without_tracker_fails_closed_PIPL_47_para2", noRet, rights.Delete, rights.ErrNotConfigured},
		{"deregistration_without_tracker_fails_closed_NDSMR_24", noRet, rights.Deregister, rights.ErrNotConfigured},
		{"correction_without_tracker_cannot_list_recipients_GDPR_19", noRet, rights.Correct, rights.ErrNotConfigured},
		{"export_without_ledger_fails_closed_PIPL_45", noLedger, rights.Copy, rights.ErrNotConfigured},
		{"explanation_needs_neither_PIPL_48", noRet, rights.Explain, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.e.verified(t, rights.Request{Kind: tt.kind, Subject: tt.e.w.Adult(t)})
			_, err := tt.e.desk.Fulfil(tt.e.ctx, r.ID, "agent:1")
			if tt.want == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tt.want)
			got, err := tt.e.desk.Get(tt.e.ctx, r.ID)
			require.NoError(t, err)
			assert.Equal(t, rights.Verified, got.State)
		})
	}
}

// fakeRetention is a Retention whose answers and failures tests choose.
type fakeRetention struct {
	timers            []retention.Timer
	trigErr, timerErr error
	recErr            error
	fired             []retention.Event
}

func (f *fakeRetention) Trigger(_ context.Context, e retention.Event) (int, error) {
	f.fired = append(f.fired, e)
	return 0, f.trigErr
}

func (f *fakeRetention) Timers(context.Context, subject.ID) ([]retention.Timer, error) {
	return f.timers, f.timerErr
}

func (f *fakeRetention) Recipients(context.Context, subject.ID, []purpose.ID, pii.Set) ([]string, error) {
	return nil, f.recErr
}

func (f *fakeRetention) Holds() []retention.Hold { return nil }

func TestFulfilRetentionFaults(t *testing.T) {
	boom := errors.New("retention store down")
	tests := []struct {
		name string
		kind rights.Kind
		f    *fakeRetention
	}{
		{"trigger_failure_leaves_deletion_open_fail_closed", rights.Delete, &fakeRetention{trigErr: boom}},
		{"timer_failure_leaves_deletion_open_fail_closed", rights.Deregister, &fakeRetention{timerErr: boom}},
		{"recipient_failure_leaves_correction_open_fail_closed", rights.Correct, &fakeRetention{recErr: boom}},
		{"timer_failure_leaves_export_open_fail_closed", rights.Access, &fakeRetention{timerErr: boom}},
		{"recipient_failure_leaves_export_open_fail_closed", rights.Port, &fakeRetention{recErr: boom}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, rights.Policy{}, func(c *rights.Config) { c.Retention = tt.f })
			r := e.verified(t, rights.Request{Kind: tt.kind, Subject: e.w.Adult(t)})
			_, err := e.desk.Fulfil(e.ctx, r.ID, "agent:1")
			require.ErrorIs(t, err, boom)
			got, err := e.desk.Get(e.ctx, r.ID)
			require.NoError(t, err)
			assert.True(t, got.Open())
		})
	}
	t.Run("item_no_rule_has_ended_is_retained_not_scheduled", func(t *testing.T) {
		f := &fakeRetention{}
		e := newEnv(t, rights.Policy{}, func(c *rights.Config) { c.Retention = f })
		a := e.w.Adult(t)
		f.timers = []retention.Timer{
			{ID: "t1", Item: retention.Item{Subject: a, Purpose: "signup.login", Categories: pii.MustParseSet("contact.phone")}},
			{ID: "t0", Item: retention.Item{Subject: a, Purpose: "signup.login", Categories: pii.MustParseSet("contact.phone")}, Erased: e.w.Clock.Now()},
		}
		r := e.verified(t, rights.Request{Kind: rights.Delete, Subject: a, Categories: pii.MustParseSet("contact.phone")})
		res, err := e.desk.Fulfil(e.ctx, r.ID, "agent:1")
		require.NoError(t, err)
		require.Len(t, res.Items, 1, "erased items are not reported")
		assert.Equal(t, rights.Retained, res.Items[0].Outcome)
		require.Len(t, f.fired, 1)
		assert.Equal(t, retention.Event{Kind: retention.DeletionRequested, Subject: a, Categories: pii.MustParseSet("contact.phone"), At: e.w.Clock.Now()}, f.fired[0])
	})
}
