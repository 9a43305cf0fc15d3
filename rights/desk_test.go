package rights_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lawfulgo/lawful/lawfultest"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/rights"
	"github.com/lawfulgo/lawful/subject"
)

func TestNewDesk(t *testing.T) {
	clock := lawfultest.NewClock(lawfultest.DefaultStart)
	dir := &subject.MemDirectory{}
	tests := []struct {
		name string
		cfg  rights.Config
		want error
	}{
		{"desk_needs_a_directory_fail_closed", rights.Config{Policy: rights.PIPL(), Clock: clock}, rights.ErrNotConfigured},
		{"desk_needs_a_clock_fail_closed", rights.Config{Policy: rights.PIPL(), Directory: dir}, rights.ErrNotConfigured},
		{"desk_refuses_the_zero_policy", rights.Config{Directory: dir, Clock: clock}, rights.ErrInvalidPolicy},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := rights.NewDesk(tt.cfg)
			assert.ErrorIs(t, err, tt.want)
		})
	}
	t.Run("zero_desk_refuses_everything_fail_closed", func(t *testing.T) {
		var d rights.Desk
		ctx := context.Background()
		_, err := d.Receive(ctx, rights.Request{Kind: rights.Access}, "a")
		assert.ErrorIs(t, err, rights.ErrNotConfigured)
		_, err = d.Verify(ctx, uuid.New(), "a", rights.Account)
		assert.ErrorIs(t, err, rights.ErrNotConfigured)
		_, err = d.Fulfil(ctx, uuid.New(), "a")
		assert.ErrorIs(t, err, rights.ErrNotConfigured)
		_, err = d.Get(ctx, uuid.New())
		assert.ErrorIs(t, err, rights.ErrNotConfigured)
		_, err = d.Requests(ctx, subject.ID{1})
		assert.ErrorIs(t, err, rights.ErrNotConfigured)
		_, err = d.Overdue(ctx, time.Now())
		assert.ErrorIs(t, err, rights.ErrNotConfigured)
	})
	t.Run("clock_reading_zero_time_fails_closed", func(t *testing.T) {
		d, err := rights.NewDesk(rights.Config{Policy: rights.PIPL(), Directory: dir, Clock: lawfultest.NewClock(time.Time{})})
		require.NoError(t, err)
		_, err = d.Receive(context.Background(), rights.Request{Kind: rights.Access, Subject: subject.ID{1}}, "a")
		assert.ErrorIs(t, err, rights.ErrNotConfigured)
	})
}

func TestReceiveValidation(t *testing.T) {
	e := newEnv(t, rights.Policy{}, nil)
	a := e.w.Adult(t)
	other := e.w.Adult(t)
	tests := []struct {
		name  string
		r     rights.Request
		actor string
		want  []string
	}{
		{"request_needs_a_kind_fail_closed", rights.Request{Subject: a}, "web", []string{"kind Kind(0)"}},
		{"request_needs_a_subject", rights.Request{Kind: rights.Access}, "web", []string{"names no subject"}},
		{"request_needs_an_actor_recorded", rights.Request{Kind: rights.Access, Subject: a}, " ", []string{"actor is empty"}},
		{"actor_with_control_characters_is_refused", rights.Request{Kind: rights.Access, Subject: a}, "a\nb", []string{"control characters"}},
		{"actor_too_long_is_refused", rights.Request{Kind: rights.Access, Subject: a}, strings.Repeat("a", rights.MaxActor+1), []string{"more than 256"}},
		{"someone_else_must_state_capacity", rights.Request{Kind: rights.Access, Subject: a, Requester: other}, "web", []string{"say in which capacity"}},
		{"self_capacity_with_another_requester_is_refused", rights.Request{Kind: rights.Access, Subject: a, Requester: other, Capacity: rights.Self}, "web", []string{"capacity self, but"}},
		{"guardian_capacity_needs_the_requester", rights.Request{Kind: rights.Access, Subject: a, Capacity: rights.Guardian}, "web", []string{"needs the Requester"}},
		{"unknown_capacity_is_refused", rights.Request{Kind: rights.Access, Subject: a, Requester: other, Capacity: 9}, "web", []string{"capacity Capacity(9)"}},
		{"withdrawal_must_name_purposes_PIPL_15", rights.Request{Kind: rights.Withdraw, Subject: a}, "web", []string{"must name the purposes"}},
		{"undeclared_purpose_is_refused_PIPL_6", rights.Request{Kind: rights.Delete, Subject: a, Purposes: []purpose.ID{"ads.targeted"}}, "web", []string{"not declared"}},
		{"purpose_named_twice_is_refused", rights.Request{Kind: rights.Delete, Subject: a, Purposes: []purpose.ID{"signup.login", "signup.login"}}, "web", []string{"named twice"}},
		{"too_many_purposes_are_refused", rights.Request{Kind: rights.Delete, Subject: a, Purposes: make([]purpose.ID, rights.MaxPurposes+1)}, "web", []string{"more than 64"}},
		{"overlong_interest_is_refused", rights.Request{Kind: rights.Access, Subject: a, Interest: strings.Repeat("x", rights.MaxText+1)}, "web", []string{"interest statement"}},
		{"every_problem_is_reported_at_once", rights.Request{}, "", []string{"3 problems", "actor", "kind", "subject"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.desk.Receive(e.ctx, tt.r, tt.actor)
			require.ErrorIs(t, err, rights.ErrInvalidRequest)
			var ve *rights.ValidationError
			require.ErrorAs(t, err, &ve)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
	t.Run("unknown_subject_is_invalid_request_wrapping_subject_ErrNotFound", func(t *testing.T) {
		_, err := e.desk.Receive(e.ctx, rights.Request{Kind: rights.Access, Subject: subject.ID{9}}, "web")
		assert.ErrorIs(t, err, rights.ErrInvalidRequest)
		assert.ErrorIs(t, err, subject.ErrNotFound)
	})
	t.Run("purposes_cannot_be_checked_without_registry", func(t *testing.T) {
		e2 := newEnv(t, rights.Policy{}, func(c *rights.Config) { c.Ledger = nil })
		_, err := e2.desk.Receive(e2.ctx, rights.Request{Kind: rights.Delete, Subject: e2.w.Adult(t), Purposes: []purpose.ID{"signup.login"}}, "web")
		require.ErrorIs(t, err, rights.ErrInvalidRequest)
		assert.Contains(t, err.Error(), "set Config.Registry")
	})
	t.Run("directory_outage_fails_closed", func(t *testing.T) {
		e2 := newEnv(t, rights.Policy{}, func(c *rights.Config) { c.Directory = lawfultest.FailingDirectory{Err: errors.New("db down")} })
		_, err := e2.desk.Receive(e2.ctx, rights.Request{Kind: rights.Access, Subject: subject.ID{1}}, "web")
		require.Error(t, err)
		assert.Contains(t, err.Error(), "db down")
		got, _ := e2.desk.Requests(e2.ctx, subject.ID{1})
		assert.Empty(t, got)
	})
}

func TestLifecycle(t *testing.T) {
	e := newEnv(t, rights.Policy{}, nil)
	a := e.w.Adult(t)
	r := e.receive(t, rights.Request{Kind: rights.Explain, Subject: a})
	require.Equal(t, rights.Received, r.State)
	assert.Equal(t, rights.Self, r.Capacity)
	assert.True(t, r.Due.IsZero(), "PIPL clock starts at verification")
	assert.False(t, r.Minor)

	t.Run("fulfil_before_verification_is_invalid_transition_NDSMR_25_1", func(t *testing.T) {
		_, err := e.desk.Fulfil(e.ctx, r.ID, "agent:1")
		var te *rights.TransitionError
		require.ErrorAs(t, err, &te)
		assert.ErrorIs(t, err, rights.ErrInvalidTransition)
		assert.Equal(t, rights.Received, te.From)
		assert.Equal(t, rights.Fulfil, te.Action)
		assert.Contains(t, err.Error(), "verify the requester's identity first")
	})
	t.Run("extend_and_fee_before_verification_are_invalid_transitions", func(t *testing.T) {
		_, err := e.desk.Extend(e.ctx, r.ID, "agent:1", "complex")
		assert.ErrorIs(t, err, rights.ErrInvalidTransition)
		_, err = e.desk.ChargeFee(e.ctx, r.ID, "agent:1", rights.Fee{Amount: 1, Currency: "CNY", Basis: "x"})
		assert.ErrorIs(t, err, rights.ErrInvalidTransition)
	})
	t.Run("verify_needs_a_proof", func(t *testing.T) {
		_, err := e.desk.Verify(e.ctx, r.ID, "agent:1", rights.IDProofUnknown)
		assert.ErrorIs(t, err, rights.ErrInvalidRequest)
	})
	e.w.Clock.Advance(time.Hour)
	v, err := e.desk.Verify(e.ctx, r.ID, "agent:1", rights.Document)
	require.NoError(t, err)
	t.Run("verification_starts_the_clock_seed004_s9_2", func(t *testing.T) {
		assert.Equal(t, rights.Verified, v.State)
		assert.Equal(t, e.w.Clock.Now(), v.Verified)
		assert.Equal(t, e.w.Clock.Now(), v.Clock)
		assert.False(t, v.Due.IsZero())
	})
	t.Run("verify_twice_is_invalid_transition", func(t *testing.T) {
		_, err := e.desk.Verify(e.ctx, r.ID, "agent:1", rights.Document)
		assert.ErrorIs(t, err, rights.ErrInvalidTransition)
	})
	t.Run("PIPL_policy_allows_no_extension", func(t *testing.T) {
		_, err := e.desk.Extend(e.ctx, r.ID, "agent:1", "complex")
		assert.ErrorIs(t, err, rights.ErrExtensionNotAllowed)
	})
	e.w.Clock.Advance(time.Hour)
	res, err := e.desk.Fulfil(e.ctx, r.ID, "agent:2")
	require.NoError(t, err)
	t.Run("every_transition_recorded_with_time_and_actor_LAW_7_3", func(t *testing.T) {
		h := res.Request.History
		require.Len(t, h, 3)
		assert.Equal(t, []rights.Action{rights.Receive, rights.Verify, rights.Fulfil}, []rights.Action{h[0].Action, h[1].Action, h[2].Action})
		assert.Equal(t, []string{"web-form", "agent:1", "agent:2"}, []string{h[0].Actor, h[1].Actor, h[2].Actor})
		assert.Equal(t, lawfultest.DefaultStart, h[0].At)
		assert.Equal(t, lawfultest.DefaultStart.Add(2*time.Hour), h[2].At)
		assert.Equal(t, rights.Document, h[1].Proof)
		assert.Equal(t, rights.Verified, h[2].From)
		assert.Equal(t, rights.Fulfilled, h[2].To)
		assert.Equal(t, rights.Fulfilled, res.Request.State)
		assert.Equal(t, uint64(3), res.Request.Version)
		stored, err := e.desk.Get(e.ctx, r.ID)
		require.NoError(t, err)
		assert.Equal(t, res.Request, stored)
		assert.Contains(t, stored.String(), "explain")
	})
	t.Run("closed_request_refuses_every_action", func(t *testing.T) {
		_, err := e.desk.Refuse(e.ctx, r.ID, "agent:1", rights.Refusal{Ground: rights.TradeSecret, Reasons: "x"})
		assert.ErrorIs(t, err, rights.ErrInvalidTransition)
		_, err = e.desk.Fulfil(e.ctx, r.ID, "agent:1")
		assert.ErrorIs(t, err, rights.ErrInvalidTransition)
		_, err = e.desk.Verify(e.ctx, r.ID, "agent:1", rights.Account)
		assert.ErrorIs(t, err, rights.ErrInvalidTransition)
	})
	t.Run("unknown_request_is_not_found", func(t *testing.T) {
		_, err := e.desk.Verify(e.ctx, uuid.New(), "agent:1", rights.Account)
		assert.ErrorIs(t, err, rights.ErrNotFound)
		_, err = e.desk.Fulfil(e.ctx, uuid.New(), "agent:1")
		assert.ErrorIs(t, err, rights.ErrNotFound)
	})
	t.Run("bad_actor_is_refused_before_acting", func(t *testing.T) {
		_, err := e.desk.Verify(e.ctx, r.ID, "", rights.Account)
		assert.ErrorIs(t, err, rights.ErrInvalidRequest)
		_, err = e.desk.Fulfil(e.ctx, r.ID, "")
		assert.ErrorIs(t, err, rights.ErrInvalidRequest)
	})
}

func TestClockStart(t *testing.T) {
	p := rights.PIPL()
	p.Kinds = map[rights.Kind]rights.Term{
		rights.Access:   {N: 15, Unit: rights.CalendarDays, From: rights.FromReceipt, Cites: "000 §5.1"},
		rights.Complain: {N: 15, Unit: rights.CalendarDays, From: rights.FromVerification, Cites: "001 §5(5)"},
	}
	e := newEnv(t, p, nil)
	a := e.w.Adult(t) // the clock reads Sunday 2026-03-01 10:00 CST
	access := e.receive(t, rights.Request{Kind: rights.Access, Subject: a})
	e.w.Clock.Advance(time.Minute)
	del := e.receive(t, rights.Request{Kind: rights.Delete, Subject: a})
	e.w.Clock.Advance(time.Minute)
	complaint := e.receive(t, rights.Request{Kind: rights.Complain, Subject: a})
	t.Run("clock_from_receipt_sets_deadline_at_receipt_seed000_s5_1", func(t *testing.T) {
		assert.Equal(t, at(2026, 3, 17, 0), access.Due) // 1 Mar + 15 = Mon 16 Mar, 24:00
		assert.Equal(t, access.Received, access.Clock)
	})
	t.Run("clock_from_verification_has_no_deadline_before_verification_seed000_s10", func(t *testing.T) {
		assert.True(t, del.Due.IsZero())
		assert.True(t, complaint.Due.IsZero())
		waiting, err := e.desk.Awaiting(e.ctx)
		require.NoError(t, err)
		assert.Equal(t, []uuid.UUID{del.ID, complaint.ID}, ids(waiting))
	})
	e.w.Clock.Set(at(2026, 3, 4, 9)) // verified on Wednesday
	var err error
	access, err = e.desk.Verify(e.ctx, access.ID, "agent:1", rights.Account)
	require.NoError(t, err)
	del, err = e.desk.Verify(e.ctx, del.ID, "agent:1", rights.Account)
	require.NoError(t, err)
	complaint, err = e.desk.Verify(e.ctx, complaint.ID, "agent:1", rights.Account)
	require.NoError(t, err)
	t.Run("verification_does_not_move_a_receipt_clock_seed000_s5_1", func(t *testing.T) {
		assert.Equal(t, at(2026, 3, 17, 0), access.Due)
	})
	t.Run("clock_from_verification_15_working_days_seed004_s9_2", func(t *testing.T) {
		assert.Equal(t, at(2026, 3, 4, 9), del.Clock)
		assert.Equal(t, at(2026, 3, 26, 0), del.Due) // 5-6, 9-13, 16-20, 23-25: Wed 25 Mar
	})
	t.Run("complaint_15_days_after_verification_seed001_s5_5", func(t *testing.T) {
		assert.Equal(t, at(2026, 3, 20, 0), complaint.Due) // 4 Mar + 15 = Thu 19 Mar
	})
	t.Run("dashboard_due_before_and_overdue_LAW_7_2", func(t *testing.T) {
		due, err := e.desk.DueBefore(e.ctx, at(2026, 3, 20, 0))
		require.NoError(t, err)
		assert.Equal(t, []uuid.UUID{access.ID, complaint.ID}, ids(due))
		over, err := e.desk.Overdue(e.ctx, at(2026, 3, 16, 23))
		require.NoError(t, err)
		assert.Empty(t, over, "the last day runs to 24:00")
		over, err = e.desk.Overdue(e.ctx, at(2026, 3, 17, 0))
		require.NoError(t, err)
		assert.Equal(t, []uuid.UUID{access.ID}, ids(over))
		over, err = e.desk.Overdue(e.ctx, at(2026, 4, 1, 0))
		require.NoError(t, err)
		assert.Equal(t, []uuid.UUID{access.ID, complaint.ID, del.ID}, ids(over))
		waiting, err := e.desk.Awaiting(e.ctx)
		require.NoError(t, err)
		assert.Empty(t, waiting)
	})
	t.Run("late_fulfilment_is_allowed_and_reported", func(t *testing.T) {
		e.w.Clock.Set(at(2026, 3, 21, 9))
		res, err := e.desk.Fulfil(e.ctx, complaint.ID, "agent:1")
		require.NoError(t, err)
		assert.True(t, res.Late)
		assert.Contains(t, res.Request.Last().Note, "after the deadline")
		over, err := e.desk.Overdue(e.ctx, at(2026, 4, 1, 0))
		require.NoError(t, err)
		assert.Equal(t, []uuid.UUID{access.ID, del.ID}, ids(over), "a fulfilled request leaves the dashboard")
	})
}

func TestGDPRExtension(t *testing.T) {
	p := rights.GDPR()
	start := time.Date(2025, 1, 31, 15, 0, 0, 0, time.UTC)
	e := newEnv(t, p, nil)
	e.w.Clock.Set(start)
	a := e.w.Adult(t)
	r := e.receive(t, rights.Request{Kind: rights.Access, Subject: a})
	t.Run("one_month_from_receipt_clamped_to_feb28_GDPR_12_3", func(t *testing.T) {
		assert.Equal(t, time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), r.Due)
	})
	e.w.Clock.Set(time.Date(2025, 2, 10, 9, 0, 0, 0, time.UTC))
	r, err := e.desk.Verify(e.ctx, r.ID, "agent:1", rights.Account)
	require.NoError(t, err)
	t.Run("extension_needs_a_reason_GDPR_12_3", func(t *testing.T) {
		_, err := e.desk.Extend(e.ctx, r.ID, "agent:1", " ")
		assert.ErrorIs(t, err, rights.ErrExtensionNotAllowed)
	})
	ext, err := e.desk.Extend(e.ctx, r.ID, "agent:1", "many requests from the subject at once")
	require.NoError(t, err)
	t.Run("extension_by_two_further_months_from_receipt_GDPR_12_3", func(t *testing.T) {
		assert.Equal(t, rights.Extended, ext.State)
		assert.Equal(t, time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), ext.OriginalDue)
		assert.Equal(t, time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC), ext.Due) // 31 Jan + 3 months = Wed 30 Apr
		assert.Equal(t, "many requests from the subject at once", ext.Last().Note)
	})
	t.Run("extension_is_granted_once_GDPR_12_3", func(t *testing.T) {
		_, err := e.desk.Extend(e.ctx, r.ID, "agent:1", "again")
		assert.ErrorIs(t, err, rights.ErrInvalidTransition)
	})
	t.Run("extension_notice_after_first_month_is_too_late_GDPR_12_3", func(t *testing.T) {
		e.w.Clock.Set(start)
		late := e.receive(t, rights.Request{Kind: rights.Copy, Subject: a})
		_, err := e.desk.Verify(e.ctx, late.ID, "agent:1", rights.Account)
		require.NoError(t, err)
		e.w.Clock.Set(time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC))
		_, err = e.desk.Extend(e.ctx, late.ID, "agent:1", "complex")
		assert.ErrorIs(t, err, rights.ErrExtensionNotAllowed)
		assert.Contains(t, err.Error(), "within the original period")
	})
	t.Run("extended_term_not_longer_is_a_policy_error", func(t *testing.T) {
		bad := rights.GDPR()
		bad.Extended = rights.Term{N: 1, Unit: rights.CalendarDays, From: rights.FromReceipt}
		e2 := newEnv(t, bad, nil)
		r := e2.verified(t, rights.Request{Kind: rights.Access, Subject: e2.w.Adult(t)})
		_, err := e2.desk.Extend(e2.ctx, r.ID, "agent:1", "complex")
		assert.ErrorIs(t, err, rights.ErrInvalidPolicy)
	})
	t.Run("extension_counted_from_verification_when_policy_says_so", func(t *testing.T) {
		p := rights.PIPL()
		p.Extended = rights.Term{N: 30, Unit: rights.WorkingDays, From: rights.FromVerification}
		e2 := newEnv(t, p, nil)
		r := e2.verified(t, rights.Request{Kind: rights.Access, Subject: e2.w.Adult(t)})
		ext, err := e2.desk.Extend(e2.ctx, r.ID, "agent:1", "complex")
		require.NoError(t, err)
		assert.Equal(t, at(2026, 4, 11, 0), ext.Due) // 30 working days after Sun 1 Mar: Fri 10 Apr
	})
}

func TestConcurrentActionsConflict(t *testing.T) {
	e := newEnv(t, rights.Policy{}, nil)
	a := e.w.Adult(t)
	release := make(chan struct{})
	entered := make(chan struct{})
	e2 := newEnv(t, rights.Policy{}, func(c *rights.Config) {
		c.Directory = e.w.Directory
		c.Hooks.Fulfil = func(ctx context.Context, r rights.Request, res *rights.Result) error {
			close(entered)
			<-release
			return nil
		}
	})
	r := e2.verified(t, rights.Request{Kind: rights.Explain, Subject: a})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		_, err := e2.desk.Fulfil(e2.ctx, r.ID, "agent:1")
		assert.NoError(t, err)
	}()
	<-entered
	t.Run("second_action_on_a_busy_request_gets_ErrConflict", func(t *testing.T) {
		_, err := e2.desk.Refuse(e2.ctx, r.ID, "agent:2", rights.Refusal{Ground: rights.TradeSecret, Reasons: "x"})
		assert.ErrorIs(t, err, rights.ErrConflict)
		_, err = e2.desk.Fulfil(e2.ctx, r.ID, "agent:2")
		assert.ErrorIs(t, err, rights.ErrConflict)
	})
	close(release)
	wg.Wait()
	got, err := e2.desk.Get(e2.ctx, r.ID)
	require.NoError(t, err)
	assert.Equal(t, rights.Fulfilled, got.State)
}

func TestHooks(t *testing.T) {
	var mu sync.Mutex
	var seen []rights.Action
	fail := true
	e := newEnv(t, rights.Policy{}, func(c *rights.Config) {
		c.Hooks.Transition = func(ctx context.Context, r rights.Request, tr rights.Transition) {
			mu.Lock()
			seen = append(seen, tr.Action)
			mu.Unlock()
		}
		c.Hooks.Fulfil = func(ctx context.Context, r rights.Request, res *rights.Result) error {
			if fail {
				return errors.New("mail server down")
			}
			return nil
		}
	})
	r := e.verified(t, rights.Request{Kind: rights.Correct, Subject: e.w.Adult(t), Categories: pii.MustParseSet("contact.phone")})
	t.Run("fulfil_hook_error_leaves_request_open_fail_closed", func(t *testing.T) {
		_, err := e.desk.Fulfil(e.ctx, r.ID, "agent:1")
		require.Error(t, err)
		assert.Contains(t, err.Error(), "mail server down")
		got, err := e.desk.Get(e.ctx, r.ID)
		require.NoError(t, err)
		assert.Equal(t, rights.Verified, got.State)
	})
	fail = false
	_, err := e.desk.Fulfil(e.ctx, r.ID, "agent:1")
	require.NoError(t, err)
	t.Run("transition_hook_sees_every_recorded_transition", func(t *testing.T) {
		assert.Equal(t, []rights.Action{rights.Receive, rights.Verify, rights.Fulfil}, seen)
	})
}
