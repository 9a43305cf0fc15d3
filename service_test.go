package lawful_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/assessment"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/lawfultest"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/retention"
	"github.com/lawfulgo/lawful/subject"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// servicePolicy is the fixture policy with its retention rules in Go.
func servicePolicy(t *testing.T, extra ...purpose.Version) (*purpose.Registry, []retention.Rule) {
	t.Helper()
	pol := policy().Policy()
	for i := range pol.Purposes {
		if pol.Purposes[i].ID == "service.voice_clone" {
			pol.Purposes[i].Versions = append(pol.Purposes[i].Versions, extra...)
		}
	}
	reg, err := purpose.Compile(pol)
	require.NoError(t, err)
	var all []purpose.ID
	for _, p := range reg.Purposes() {
		all = append(all, p.ID())
	}
	return reg, []retention.Rule{{ID: "account", Purposes: all}}
}

func TestService(t *testing.T) {
	ctx := context.Background()
	reg, rules := servicePolicy(t)
	clk := lawfultest.NewClock(lawfultest.DefaultStart)
	svc, err := lawful.New(ctx, lawful.Options{Policy: reg, RetentionRules: rules, Clock: clk})
	require.NoError(t, err, "a policy is all a Service needs: the rest runs in memory")
	dir := svc.Directory().(*subject.MemDirectory)
	birth, _ := subject.NewDate(1990, 1, 1)
	id := subject.MustParseID("0192f000-0000-7000-8000-0000000000c1")
	require.NoError(t, dir.Put(subject.Subject{ID: id, Birth: birth, Jurisdiction: "CN", Status: subject.Active}, clk.Now()))
	use := lawful.Request{Subject: id, Purpose: "service.voice_clone", Operation: purpose.Use, Categories: voice}
	assert.ErrorIs(t, svc.Allow(ctx, use), lawful.ErrNoConsent)
	_, err = svc.Ledger().Append(ctx, consent.Event{Subject: id, Kind: consent.Grant, Form: consent.Separate, Notice: "v1", Purposes: []consent.PurposeRef{{ID: "service.voice_clone"}}})
	require.NoError(t, err)
	assert.NoError(t, svc.Allow(ctx, use))

	t.Run("a_withdrawal_recorded_through_the_service_schedules_erasure_PIPL_art47_1_3", func(t *testing.T) {
		other := subject.MustParseID("0192f000-0000-7000-8000-0000000000c2")
		require.NoError(t, dir.Put(subject.Subject{ID: other, Birth: birth, Jurisdiction: "CN", Status: subject.Active}, clk.Now()))
		grant := consent.Event{Subject: other, Kind: consent.Grant, Form: consent.Separate, Notice: "v1", Purposes: []consent.PurposeRef{{ID: "service.voice_clone"}}}
		first, err := svc.Record(ctx, grant)
		require.NoError(t, err)
		clk.Advance(time.Second)
		_, err = svc.Record(ctx, grant)
		require.NoError(t, err)
		_, err = svc.Tracker().Track(ctx, retention.Item{Subject: other, Purpose: "service.voice_clone", Categories: voice, Key: "v-1", Collected: clk.Now()})
		require.NoError(t, err)
		clk.Advance(time.Second)
		_, err = svc.Record(ctx, consent.Event{Subject: other, Kind: consent.Withdraw, Ends: first.ID})
		require.NoError(t, err)
		use := lawful.Request{Subject: other, Purpose: "service.voice_clone", Operation: purpose.Use, Categories: voice}
		assert.NoError(t, svc.Allow(ctx, use), "one record of two withdrawn: the data still rests on consent")
		clk.Advance(time.Second)
		_, err = svc.Record(ctx, consent.Event{Subject: other, Kind: consent.Withdraw, Purposes: []consent.PurposeRef{{ID: "service.voice_clone"}}})
		require.NoError(t, err)
		store := use
		store.Operation = purpose.Store
		assert.ErrorIs(t, svc.Allow(ctx, store), lawful.ErrRetentionExpired, "the last consent withdrawn: the data is due for erasure")
		_, err = svc.Record(ctx, consent.Event{Subject: other, Kind: consent.Withdraw, Purposes: []consent.PurposeRef{{ID: "service.voice_clone"}}})
		assert.ErrorIs(t, err, consent.ErrNothingToWithdraw, "a refused event records nothing")
	})

	t.Run("a_bad_policy_changes_nothing_and_names_every_problem", func(t *testing.T) {
		before := svc.Registry()
		pol := reg.Policy()
		extra := pol.Purposes[0]
		extra.ID = "analytics.new"
		pol.Purposes = append(pol.Purposes, extra)
		uncovered := purpose.MustCompile(pol) // no retention rule covers analytics.new (NDSMR art. 21(3))
		err := svc.Reload(ctx, uncovered)
		require.ErrorIs(t, err, lawful.ErrNotConfigured)
		assert.ErrorContains(t, err, "analytics.new")
		assert.Same(t, before, svc.Registry())
		assert.NoError(t, svc.Allow(ctx, use))
	})
	t.Run("a_reload_that_rewrites_a_purposes_versions_is_refused_PIPL_art14_para2", func(t *testing.T) {
		pol := reg.Policy()
		for i := range pol.Purposes {
			if pol.Purposes[i].ID == "service.voice_clone" {
				pol.Purposes[i].Versions[1].Material = false
			}
		}
		err := svc.Reload(ctx, purpose.MustCompile(pol))
		require.ErrorIs(t, err, lawful.ErrNotConfigured)
		assert.ErrorContains(t, err, "service.voice_clone")
		assert.NoError(t, svc.Allow(ctx, use), "nothing changed")
	})
	t.Run("a_material_new_version_makes_earlier_consent_stale_PIPL_art14_para2", func(t *testing.T) {
		v3, _ := servicePolicy(t, purpose.Version{Number: 3, Material: true, Changes: purpose.ChangedCategories})
		require.NoError(t, svc.Reload(ctx, v3))
		assert.Same(t, v3, svc.Registry())
		assert.ErrorIs(t, svc.Allow(ctx, use), lawful.ErrConsentStale)
		clk.Advance(time.Minute)
		_, err := svc.Ledger().Append(ctx, consent.Event{Subject: id, Kind: consent.Grant, Form: consent.Separate, Notice: "v3", Purposes: []consent.PurposeRef{{ID: "service.voice_clone"}}})
		require.NoError(t, err)
		assert.NoError(t, svc.Allow(ctx, use), "re-consent under v3")
	})
}

// TestServiceReloadUnderLoad: checks running while the policy is reloaded
// see the old or the new one, never a mix, and the race detector finds
// nothing (issue 20).
func TestServiceReloadUnderLoad(t *testing.T) {
	ctx := context.Background()
	reg, rules := servicePolicy(t)
	clk := lawfultest.NewClock(lawfultest.DefaultStart)
	svc, err := lawful.New(ctx, lawful.Options{Policy: reg, RetentionRules: rules, Clock: clk})
	require.NoError(t, err)
	dir := svc.Directory().(*subject.MemDirectory)
	birth, _ := subject.NewDate(1990, 1, 1)
	id := subject.MustParseID("0192f000-0000-7000-8000-0000000000c2")
	require.NoError(t, dir.Put(subject.Subject{ID: id, Birth: birth, Jurisdiction: "CN", Status: subject.Active}, clk.Now()))
	logs := lawful.Request{Subject: id, Purpose: "ops.logging", Operation: purpose.Store, Categories: logs}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	var failures sync.Map
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				if err := svc.Allow(ctx, logs); err != nil {
					failures.Store(err.Error(), true)
				}
			}
		})
	}
	for range 50 {
		require.NoError(t, svc.Reload(ctx, reg))
	}
	close(stop)
	wg.Wait()
	failures.Range(func(k, _ any) bool { t.Errorf("a check during reloads failed: %v", k); return true })
}

// slowSink blocks until released.
type slowSink struct {
	release chan struct{}
	mu      sync.Mutex
	got     int
}

func (s *slowSink) Audit(context.Context, lawful.Decision) {
	<-s.release
	s.mu.Lock()
	s.got++
	s.mu.Unlock()
}

// TestAuditQueueNeverBlocksACheck: a sink that stalls makes the queue
// drop (and count) decisions; checks go on at full speed (issue 20).
func TestAuditQueueNeverBlocksACheck(t *testing.T) {
	sink := &slowSink{release: make(chan struct{})}
	var dropped int
	q := lawful.NewAuditQueue(sink, 2, func(lawful.Decision) { dropped++ })
	done := make(chan struct{})
	go func() {
		for range 100 {
			q.Audit(context.Background(), lawful.Decision{})
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Audit blocked on a stalled sink")
	}
	assert.Positive(t, q.Dropped())
	assert.Equal(t, int(q.Dropped()), dropped)
	close(sink.release)
	q.Close()
	assert.Equal(t, uint64(100), uint64(sink.got)+q.Dropped(), "every decision was delivered or counted as dropped")
	q.Audit(context.Background(), lawful.Decision{})
	assert.Equal(t, uint64(101), uint64(sink.got)+q.Dropped(), "after Close, decisions are dropped")
}

// A Service reports what its auditors' queues dropped, for a metric.
func TestServiceAuditDropped(t *testing.T) {
	ctx := context.Background()
	reg, rules := servicePolicy(t)
	sink := &slowSink{release: make(chan struct{})}
	svc, err := lawful.New(ctx, lawful.Options{Policy: reg, RetentionRules: rules, Auditors: []lawful.Auditor{sink}, AuditQueueSize: 1})
	require.NoError(t, err)
	for range 50 {
		svc.Check(ctx, lawful.Request{Purpose: "ops.logging", Operation: purpose.Store, Categories: logs})
	}
	assert.Positive(t, svc.AuditDropped(), "a stalled auditor's queue of one drops")
	close(sink.release)
}

func TestServiceAssessments(t *testing.T) {
	ctx := context.Background()
	reg, rules := servicePolicy(t)
	clk := lawfultest.NewClock(lawfultest.DefaultStart)
	_, err := lawful.New(ctx, lawful.Options{Policy: reg, RetentionRules: rules, Clock: clk, RequireAssessments: assessment.Sensitive})
	require.ErrorIs(t, err, lawful.ErrNotConfigured, "a required kind with nothing to answer for it")

	book, err := assessment.New(assessment.Config{Store: assessment.NewMemStore(), Clock: clk})
	require.NoError(t, err)
	svc, err := lawful.New(ctx, lawful.Options{Policy: reg, RetentionRules: rules, Clock: clk, Assessments: book, RequireAssessments: assessment.Sensitive})
	require.NoError(t, err)
	dir := svc.Directory().(*subject.MemDirectory)
	birth, _ := subject.NewDate(1990, 1, 1)
	id := subject.MustParseID("0192f000-0000-7000-8000-0000000000d1")
	require.NoError(t, dir.Put(subject.Subject{ID: id, Birth: birth, Jurisdiction: "CN", Status: subject.Active}, clk.Now()))
	_, err = svc.Record(ctx, consent.Event{Subject: id, Kind: consent.Grant, Form: consent.Separate, Notice: "v1", Purposes: []consent.PurposeRef{{ID: "service.voice_clone"}}})
	require.NoError(t, err)
	use := lawful.Request{Subject: id, Purpose: "service.voice_clone", Operation: purpose.Use, Categories: voice}
	assert.ErrorIs(t, svc.Allow(ctx, use), lawful.ErrImpactAssessmentMissing, "voiceprints need a prior assessment, PIPL art. 55(1)")
	_, err = book.Add(ctx, assessment.Assessment{Processing: "Voice cloning", Purposes: []purpose.ID{"service.voice_clone"}, Kinds: assessment.Sensitive,
		Necessity: "needed", Risks: "impersonation", Measures: "encryption", Conclusion: assessment.Proceed, Assessed: clk.Now()})
	require.NoError(t, err)
	assert.NoError(t, svc.Allow(ctx, use))
	next, _ := servicePolicy(t, purpose.Version{Number: 3})
	require.NoError(t, svc.Reload(ctx, next))
	assert.NoError(t, svc.Allow(ctx, use), "the assessments outlive a policy reload")
}
