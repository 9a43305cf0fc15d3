package rights_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/rights"
	"github.com/lawfulgo/lawful/subject"
)

func TestGuardianRequest(t *testing.T) {
	e := newEnv(t, rights.Policy{}, nil)
	kid := e.w.Child(t, 12)
	parent := e.w.Guardian(t, kid) // a parent verified by document
	e.w.GrantByGuardian(t, parent, kid, consent.Separate, "service.voice_clone")

	r, err := e.desk.Receive(e.ctx, rights.Request{Kind: rights.Withdraw, Subject: kid, Requester: parent, Capacity: rights.Guardian, Purposes: []purpose.ID{"service.voice_clone"}}, "web-form")
	require.NoError(t, err)
	t.Run("guardian_may_ask_for_a_12_year_old_PIPL_31_MOR_34", func(t *testing.T) {
		assert.Equal(t, rights.Guardian, r.Capacity)
		assert.Equal(t, parent, r.Requester)
		assert.True(t, r.Minor)
	})
	r, err = e.desk.Verify(e.ctx, r.ID, "agent:1", rights.IDCheck)
	require.NoError(t, err)
	t.Run("refusal_for_a_minor_must_be_written_MOR_34_3", func(t *testing.T) {
		_, err := e.desk.Refuse(e.ctx, r.ID, "agent:1", rights.Refusal{Ground: rights.HarmToOthers, Reasons: "the recording includes another child's voice"})
		require.ErrorIs(t, err, rights.ErrWrittenRefusalRequired)
		var re *rights.RefusalError
		require.ErrorAs(t, err, &re)
		assert.Equal(t, rights.HarmToOthers, re.Ground)
	})
	res, err := e.desk.Fulfil(e.ctx, r.ID, "agent:1")
	require.NoError(t, err)
	t.Run("guardian_withdrawal_recorded_as_given_by_guardian_PIPL_15_31", func(t *testing.T) {
		assert.Equal(t, []purpose.ID{"service.voice_clone"}, res.Withdrawn)
		events, err := e.w.Ledger.Events(e.ctx, kid)
		require.NoError(t, err)
		last := events[len(events)-1]
		assert.Equal(t, consent.Withdraw, last.Kind)
		assert.Equal(t, parent, last.By.Guardian)
	})
	t.Run("self_request_of_a_minor_is_marked_minor_MOR_34", func(t *testing.T) {
		teen := e.w.Child(t, 16)
		got := e.receive(t, rights.Request{Kind: rights.Access, Subject: teen})
		assert.True(t, got.Minor)
	})
	t.Run("self_request_with_unknown_age_is_marked_minor_fail_closed_LAW_5_1", func(t *testing.T) {
		unknown := e.w.Add(t, subject.Subject{Jurisdiction: "CN"})
		got := e.receive(t, rights.Request{Kind: rights.Access, Subject: unknown})
		assert.True(t, got.Minor)
	})
}

func TestGuardianNotEntitled(t *testing.T) {
	e := newEnv(t, rights.Policy{}, nil)
	kid := e.w.Child(t, 12)
	sibling := e.w.Adult(t)
	e.link(t, kid, sibling, subject.Sibling, subject.Document)
	declared := e.w.Adult(t)
	e.link(t, kid, declared, subject.Parent, subject.Declared)
	unverified := e.w.Adult(t)
	e.link(t, kid, unverified, subject.Guardian, subject.MethodUnknown)
	stranger := e.w.Adult(t)

	grown := e.w.Adult(t)
	grownParent := e.w.Guardian(t, grown)
	noBirth := e.w.Add(t, subject.Subject{Jurisdiction: "CN"})
	noBirthParent := e.w.Guardian(t, noBirth)
	dead := e.w.WithStatus(t, subject.Deceased)
	deadParent := e.w.Adult(t)
	e.link(t, dead, deadParent, subject.Parent, subject.Document)
	ghostKid := e.w.Child(t, 10)
	ghost := subject.ID{0xee, 15: 0x01}
	e.link(t, ghostKid, ghost, subject.Parent, subject.Document)

	tests := []struct {
		name       string
		subj, req  subject.ID
		why        string
		acceptDecl bool
	}{
		{"stranger_is_not_a_guardian_PIPL_31", kid, stranger, "not linked to the subject as parent or guardian", false},
		{"sibling_cannot_act_as_guardian_Civil_Code_27", kid, sibling, "not linked to the subject as parent or guardian", false},
		{"declared_link_is_refused_by_default_fail_closed", kid, declared, "only declared", false},
		{"unverified_link_is_refused_PIPL_31", kid, unverified, "not verified", false},
		{"guardian_of_an_adult_is_refused_adults_act_themselves", grown, grownParent, "not a minor at receipt", false},
		{"guardian_of_subject_with_unknown_age_is_refused_fail_closed", noBirth, noBirthParent, "birth date is unknown", false},
		{"guardianship_ends_at_death_PIPL_49", dead, deadParent, "guardianship ends at death", false},
		{"guardian_missing_from_directory_is_refused", ghostKid, ghost, "not in the directory", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.desk.Receive(e.ctx, rights.Request{Kind: rights.Access, Subject: tt.subj, Requester: tt.req, Capacity: rights.Guardian}, "web-form")
			require.ErrorIs(t, err, rights.ErrNotEntitled)
			var ee *rights.EntitlementError
			require.ErrorAs(t, err, &ee)
			assert.Contains(t, ee.Why, tt.why)
			assert.Equal(t, rights.Guardian, ee.Capacity)
		})
	}
	t.Run("declared_link_accepted_when_policy_says_so", func(t *testing.T) {
		p := rights.PIPL()
		p.AcceptDeclaredLinks = true
		e2 := newEnv(t, p, func(c *rights.Config) { c.Directory = e.w.Directory })
		_, err := e2.desk.Receive(e.ctx, rights.Request{Kind: rights.Access, Subject: kid, Requester: declared, Capacity: rights.Guardian}, "web-form")
		require.NoError(t, err)
	})
}

func TestRelativeOfDeceased(t *testing.T) {
	e := newEnv(t, rights.Policy{}, nil)
	dead := e.w.WithStatus(t, subject.Deceased)
	son := e.w.Adult(t)
	e.link(t, dead, son, subject.Offspring, subject.Document)
	friend := e.w.Adult(t)
	e.link(t, dead, friend, subject.Guardian, subject.Document) // a guardian, not a close relative
	ask := func(k rights.Kind, by subject.ID, interest string, arranged bool) (rights.Request, error) {
		r := rights.Request{Kind: k, Subject: dead, Requester: by, Capacity: rights.Relative, Interest: interest, ArrangedOtherwise: arranged}
		if k == rights.Withdraw {
			r.Purposes = []purpose.ID{"service.voice_clone"}
		}
		return e.desk.Receive(e.ctx, r, "web-form")
	}
	for _, k := range []rights.Kind{rights.Access, rights.Copy, rights.Correct, rights.Delete} {
		t.Run("close_relative_may_ask_"+k.String()+"_PIPL_49", func(t *testing.T) {
			r, err := ask(k, son, "settling the estate", false)
			require.NoError(t, err)
			assert.Equal(t, rights.Relative, r.Capacity)
			assert.False(t, r.Minor)
			assert.True(t, rights.RelativeMayAsk(k))
		})
	}
	for _, k := range []rights.Kind{rights.Port, rights.Withdraw, rights.Deregister, rights.Explain, rights.Restrict, rights.Supplement, rights.Complain} {
		t.Run("close_relative_may_not_ask_"+k.String()+"_PIPL_49", func(t *testing.T) {
			_, err := ask(k, son, "settling the estate", false)
			require.ErrorIs(t, err, rights.ErrNotEntitled)
			assert.Contains(t, err.Error(), "only for access, copy, correction or deletion")
			assert.False(t, rights.RelativeMayAsk(k))
		})
	}
	t.Run("relative_must_state_own_lawful_interest_PIPL_49", func(t *testing.T) {
		_, err := ask(rights.Access, son, " ", false)
		require.ErrorIs(t, err, rights.ErrNotEntitled)
		assert.Contains(t, err.Error(), "legitimate interest")
	})
	t.Run("deceased_arranged_otherwise_refuses_relative_PIPL_49", func(t *testing.T) {
		_, err := ask(rights.Access, son, "settling the estate", true)
		require.ErrorIs(t, err, rights.ErrNotEntitled)
		assert.Contains(t, err.Error(), "arranged otherwise")
	})
	t.Run("guardian_who_is_not_a_close_relative_is_refused_PIPL_49", func(t *testing.T) {
		_, err := ask(rights.Access, friend, "curiosity", false)
		require.ErrorIs(t, err, rights.ErrNotEntitled)
		assert.Contains(t, err.Error(), "close relative")
	})
	t.Run("self_request_for_a_deceased_subject_is_refused", func(t *testing.T) {
		_, err := e.desk.Receive(e.ctx, rights.Request{Kind: rights.Access, Subject: dead}, "web-form")
		require.ErrorIs(t, err, rights.ErrNotEntitled)
	})
	t.Run("relative_of_a_living_subject_is_refused_PIPL_49", func(t *testing.T) {
		alive := e.w.Adult(t)
		e.link(t, alive, son, subject.Sibling, subject.Document)
		_, err := e.desk.Receive(e.ctx, rights.Request{Kind: rights.Access, Subject: alive, Requester: son, Capacity: rights.Relative, Interest: "x"}, "web-form")
		require.ErrorIs(t, err, rights.ErrNotEntitled)
		assert.Contains(t, err.Error(), "not recorded as deceased")
	})
	t.Run("arrangements_hook_refuses_when_deceased_arranged_otherwise_PIPL_49", func(t *testing.T) {
		e2 := newEnv(t, rights.Policy{}, func(c *rights.Config) {
			c.Directory = e.w.Directory
			c.Arrangements = func(ctx context.Context, id subject.ID) (bool, error) { return id == dead, nil }
		})
		_, err := e2.desk.Receive(e.ctx, rights.Request{Kind: rights.Access, Subject: dead, Requester: son, Capacity: rights.Relative, Interest: "estate"}, "web-form")
		require.ErrorIs(t, err, rights.ErrNotEntitled)
	})
	t.Run("arrangements_hook_error_fails_closed", func(t *testing.T) {
		boom := errors.New("wills registry down")
		e2 := newEnv(t, rights.Policy{}, func(c *rights.Config) {
			c.Directory = e.w.Directory
			c.Arrangements = func(context.Context, subject.ID) (bool, error) { return false, boom }
		})
		_, err := e2.desk.Receive(e.ctx, rights.Request{Kind: rights.Access, Subject: dead, Requester: son, Capacity: rights.Relative, Interest: "estate"}, "web-form")
		require.ErrorIs(t, err, rights.ErrNotEntitled)
		assert.ErrorIs(t, err, boom)
	})
	t.Run("GDPR_gives_relatives_of_the_deceased_no_rights_recital_27", func(t *testing.T) {
		e2 := newEnv(t, rights.GDPR(), func(c *rights.Config) { c.Directory = e.w.Directory })
		_, err := e2.desk.Receive(e.ctx, rights.Request{Kind: rights.Access, Subject: dead, Requester: son, Capacity: rights.Relative, Interest: "estate"}, "web-form")
		require.ErrorIs(t, err, rights.ErrNotEntitled)
		assert.Contains(t, err.Error(), "recital 27")
	})
}
