package lawful_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/assessment"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/lawfultest"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// covering is an assessment.Checker that covers the kinds in covered for
// every purpose, counting its calls and recording what it was asked.
type covering struct {
	covered assessment.Kind
	err     error
	calls   atomic.Int32
	asked   atomic.Value // assessment.Kind
	at      atomic.Value // time.Time
}

func (c *covering) Covers(_ context.Context, _ purpose.ID, k assessment.Kind, at time.Time) (bool, error) {
	c.calls.Add(1)
	c.asked.Store(k)
	c.at.Store(at)
	return c.covered.Has(k), c.err
}

func assessedWorld(t *testing.T, check assessment.Checker, require assessment.Kind) *lawfultest.World {
	t.Helper()
	return lawfultest.New(t, policy(), lawfultest.Options{Assessments: check, RequireAssessments: require})
}

func TestGuardAssessments(t *testing.T) {
	voice := pii.MustParseSet("biometric.voiceprint")
	phone := pii.MustParseSet("contact.phone")
	tags := pii.MustParseSet("profile.tags")

	t.Run("by_default_an_assessment_is_an_obligation_not_a_condition_PIPL_art55", func(t *testing.T) {
		c := &covering{}
		w := assessedWorld(t, c, 0)
		s := w.Adult(t)
		w.Grant(t, s, consent.Separate, "service.voice_clone")
		d := lawfultest.AssertAllowed(t, w.Guard, req(s, "service.voice_clone", purpose.Use, voice))
		assert.True(t, d.Obligations.Has(lawful.ImpactAssessment))
		assert.Zero(t, c.calls.Load(), "the Checker is not consulted when nothing is required")
	})

	t.Run("sensitive_PI_without_a_current_assessment_is_denied_when_required_PIPL_art55_1", func(t *testing.T) {
		c := &covering{}
		w := assessedWorld(t, c, assessment.Sensitive)
		s := w.Adult(t)
		w.Grant(t, s, consent.Separate, "service.voice_clone")
		d := lawfultest.AssertDenied(t, w.Guard, req(s, "service.voice_clone", purpose.Use, voice), lawful.ErrImpactAssessmentMissing)
		assert.Contains(t, d.Detail(), "sensitive")
		assert.Contains(t, d.Err().Error(), "PIPL arts. 55-56", "the hint cites the rule")
		assert.Zero(t, d.Obligations)
		assert.Equal(t, assessment.Sensitive, c.asked.Load())
		assert.Equal(t, d.Request.At, c.at.Load(), "asked about the request's instant")
	})

	t.Run("a_covering_assessment_allows_and_discharges_the_obligation_PIPL_art55", func(t *testing.T) {
		w := assessedWorld(t, &covering{covered: assessment.Sensitive}, assessment.Sensitive)
		s := w.Adult(t)
		w.Grant(t, s, consent.Separate, "service.voice_clone")
		d := lawfultest.AssertAllowed(t, w.Guard, req(s, "service.voice_clone", purpose.Use, voice))
		assert.False(t, d.Obligations.Has(lawful.ImpactAssessment))
		assert.True(t, d.Obligations.Has(lawful.ExplainSensitiveNecessity), "other duties stay")
	})

	t.Run("kinds_not_required_are_not_checked", func(t *testing.T) {
		c := &covering{}
		w := assessedWorld(t, c, assessment.Export)
		s := w.Adult(t)
		w.Grant(t, s, consent.Separate, "service.voice_clone")
		d := lawfultest.AssertAllowed(t, w.Guard, req(s, "service.voice_clone", purpose.Use, voice))
		assert.True(t, d.Obligations.Has(lawful.ImpactAssessment), "the unchecked kind stays a duty")
		assert.Zero(t, c.calls.Load())
	})

	t.Run("processing_that_needs_no_assessment_is_not_checked", func(t *testing.T) {
		c := &covering{}
		w := assessedWorld(t, c, assessment.Sensitive|assessment.Provide|assessment.AutomatedDecision)
		s := w.Adult(t)
		w.Grant(t, s, consent.Click, "marketing.sms")
		d := lawfultest.AssertAllowed(t, w.Guard, req(s, "marketing.sms", purpose.Use, phone))
		assert.False(t, d.Obligations.Has(lawful.ImpactAssessment))
		assert.Zero(t, c.calls.Load())
	})

	t.Run("automated_decisions_need_an_assessment_when_required_PIPL_art55_2", func(t *testing.T) {
		c := &covering{}
		w := assessedWorld(t, c, assessment.AutomatedDecision)
		s := w.Adult(t)
		w.Grant(t, s, consent.Click, "ads.personalised")
		d := lawfultest.AssertDenied(t, w.Guard, req(s, "ads.personalised", purpose.Use, tags), lawful.ErrImpactAssessmentMissing)
		assert.Contains(t, d.Detail(), "automated_decision")
	})

	t.Run("a_checker_error_denies_as_a_store_failure_fail_closed", func(t *testing.T) {
		boom := errors.New("assessment store down")
		w := assessedWorld(t, &covering{covered: assessment.Sensitive, err: boom}, assessment.Sensitive)
		s := w.Adult(t)
		w.Grant(t, s, consent.Separate, "service.voice_clone")
		d := lawfultest.AssertDenied(t, w.Guard, req(s, "service.voice_clone", purpose.Use, voice), lawful.ErrStoreUnavailable)
		assert.ErrorIs(t, d.Err(), boom)
	})

	t.Run("a_done_context_reported_by_the_checker_denies_as_context_done", func(t *testing.T) {
		w := assessedWorld(t, &covering{err: context.DeadlineExceeded}, assessment.Sensitive)
		s := w.Adult(t)
		w.Grant(t, s, consent.Separate, "service.voice_clone")
		lawfultest.AssertDenied(t, w.Guard, req(s, "service.voice_clone", purpose.Use, voice), lawful.ErrContextDone)
	})

	t.Run("a_book_answers_from_its_records_at_the_request_time_PIPL_art56", func(t *testing.T) {
		var book *assessment.Book
		w := assessedWorld(t, assessment.CheckerFunc(func(ctx context.Context, p purpose.ID, k assessment.Kind, at time.Time) (bool, error) {
			return book.Covers(ctx, p, k, at)
		}), assessment.Sensitive)
		var err error
		book, err = assessment.New(assessment.Config{Store: assessment.NewMemStore(), Clock: w.Clock})
		require.NoError(t, err)
		s := w.Adult(t)
		w.Grant(t, s, consent.Separate, "service.voice_clone")
		r := req(s, "service.voice_clone", purpose.Use, voice)
		lawfultest.AssertDenied(t, w.Guard, r, lawful.ErrImpactAssessmentMissing)
		consented := w.Clock.Now()
		now := w.Clock.Advance(time.Hour)
		_, err = book.Add(context.Background(), assessment.Assessment{
			Processing: "Voice cloning", Purposes: []purpose.ID{"service.voice_clone"}, Kinds: assessment.Sensitive,
			Necessity: "needed", Risks: "impersonation", Measures: "encryption", Conclusion: assessment.Proceed, Assessed: now,
		})
		require.NoError(t, err)
		lawfultest.AssertAllowed(t, w.Guard, r)
		r.At = consented.Add(time.Minute)
		lawfultest.AssertDenied(t, w.Guard, r, lawful.ErrImpactAssessmentMissing, "consented, but before the assessment was made")
	})
}

func TestGuardAssessmentConfiguration(t *testing.T) {
	w := lawfultest.New(t, policy(), lawfultest.Options{})
	base := lawful.Config{Registry: w.Registry, Directory: w.Directory, Ledger: w.Ledger, Clock: w.Clock}

	cfg := base
	cfg.RequireAssessments = assessment.Sensitive
	_, err := lawful.NewGuard(cfg)
	require.ErrorIs(t, err, lawful.ErrNotConfigured)
	assert.Contains(t, err.Error(), "RequireAssessments needs Assessments")

	cfg.Assessments = &covering{}
	cfg.RequireAssessments = 1 << 15
	_, err = lawful.NewGuard(cfg)
	require.ErrorIs(t, err, lawful.ErrNotConfigured)
	assert.Contains(t, err.Error(), "RequireAssessments")
}
