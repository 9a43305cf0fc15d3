package incident_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/incident"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewRefusesMissingConfig(t *testing.T) {
	_, err := incident.New(incident.Config{Profile: ordinary})
	assert.ErrorIs(t, err, incident.ErrNotConfigured)
	_, err = incident.New(incident.Config{Store: incident.NewMemStore()})
	assert.ErrorIs(t, err, incident.ErrNotConfigured, "the operator profile picks the hours (Reporting Measures art. 4)")
	bad := incident.DefaultRules()
	bad.CII = 0
	_, err = incident.New(incident.Config{Store: incident.NewMemStore(), Profile: ordinary, Rules: &bad})
	assert.ErrorIs(t, err, incident.ErrNotConfigured)
}

// TestLifecycle records an incident from discovery to closure.
func TestLifecycle(t *testing.T) {
	e := newEnv(t, incident.Ordinary)
	id := e.open(t, incident.PIPL)
	e.record(t, id, incident.Event{Kind: incident.Classified, At: t0.Add(20 * time.Minute), Grade: incident.RelativelyMajor})
	e.record(t, id, incident.Event{Kind: incident.Affected, At: t0.Add(25 * time.Minute), Categories: voice, Estimate: 1_200_000,
		Subjects: []subject.ID{subject.ID(uuid.Must(uuid.NewV7()))}})
	e.record(t, id, incident.Event{Kind: incident.Remediated, At: t0.Add(30 * time.Minute), Text: purpose.Text{EN: "closed the bucket", ZH: "关闭存储桶"}})
	e.record(t, id, incident.Event{Kind: incident.Notified, At: t0.Add(50 * time.Minute), Audience: incident.ProvincialCAC, Channel: incident.Portal, Notice: complete, Ref: "GD-2026-0001"})
	e.clock.Set(t0.Add(5 * time.Hour))
	_, err := e.reg.Record(t.Context(), id, incident.Event{Kind: incident.Closed, At: t0.Add(5 * time.Hour), Text: purpose.Text{EN: "done"}})
	require.ErrorIs(t, err, incident.ErrDutiesOpen, "individuals_must_be_told_before_closing_PIPL_art_57")
	var ode *incident.OpenDutiesError
	require.ErrorAs(t, err, &ode)
	assert.Equal(t, incident.NotifyIndividuals, ode.Open[0].Duty)
	e.record(t, id, incident.Event{Kind: incident.Notified, At: t0.Add(5 * time.Hour), Audience: incident.Individuals, Channel: incident.Email, Notice: complete})
	e.record(t, id, incident.Event{Kind: incident.Closed, At: t0.Add(5 * time.Hour), Text: purpose.Text{EN: "done", ZH: "结案"}})

	inc, err := e.reg.Get(t.Context(), id)
	require.NoError(t, err)
	assert.False(t, inc.Open())
	assert.Equal(t, int64(1_200_000), inc.Affected())
	assert.Equal(t, 7, inc.Events)
	for _, c := range inc.Clocks(e.reg.Profile(), e.reg.Rules()) {
		assert.False(t, c.Open(t0.Add(6*time.Hour)), "%+v", c)
	}
	assert.Len(t, *e.hooks, 7, "the hook receives every recorded event")

	_, err = e.reg.Record(t.Context(), id, incident.Event{Kind: incident.Remediated, At: t0.Add(5 * time.Hour), Text: purpose.Text{EN: "late"}})
	assert.ErrorIs(t, err, incident.ErrClosed)
	e.record(t, id, incident.Event{Kind: incident.Reopened, At: t0.Add(5 * time.Hour), Text: purpose.Text{EN: "more found"}})
	inc, _ = e.reg.Get(t.Context(), id)
	assert.True(t, inc.Open())
}

// TestRefusals: each bad event is refused with its reason, and nothing is
// written.
func TestRefusals(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, e env, id uuid.UUID)
		ev    incident.Event
		want  error
		text  string
	}{
		{"notice_without_causes_is_not_sent_PIPL_art_57_para_1",
			nil, incident.Event{Kind: incident.Notified, At: t0, Audience: incident.Individuals, Channel: incident.SMS,
				Notice: incident.Notice{Categories: voice, Harm: complete.Harm, Measures: complete.Measures, SelfHelp: complete.SelfHelp, Contact: "x"}},
			incident.ErrNoticeIncomplete, "the causes"},
		{"notice_in_english_only_is_not_sent_to_chinese_authority_PIPL_art_57_para_1",
			func(t *testing.T, e env, id uuid.UUID) {
				e.record(t, id, incident.Event{Kind: incident.Affected, At: t0, Categories: voice})
			}, incident.Event{Kind: incident.Notified, At: t0, Audience: incident.ProvincialCAC, Channel: incident.Portal,
				Notice: incident.Notice{Causes: purpose.Text{EN: "c"}, Harm: complete.Harm, Measures: complete.Measures, SelfHelp: complete.SelfHelp, Contact: "x"}},
			incident.ErrNoticeIncomplete, "the causes, in Chinese"},
		{"notice_without_categories_is_not_sent_PIPL_art_57_para_1",
			nil, incident.Event{Kind: incident.Notified, At: t0, Audience: incident.Individuals, Channel: incident.SMS, Notice: complete},
			incident.ErrNoticeIncomplete, "categories"},
		{"partial_notice_to_people_is_refused_GDPR_art_33_4",
			nil, incident.Event{Kind: incident.Notified, At: t0, Audience: incident.Individuals, Channel: incident.SMS, Partial: true, Notice: incident.Notice{Contact: "x"}},
			incident.ErrInvalidEvent, "only a report to an authority may be partial"},
		{"exemption_needs_remedial_measures_first_PIPL_art_57_para_2",
			nil, incident.Event{Kind: incident.Exempted, At: t0, Ground: incident.HarmAvoided, Text: purpose.Text{EN: "encrypted"}},
			incident.ErrInvalidEvent, "Remediated"},
		{"exemption_cannot_override_an_authority_order_PIPL_art_57_para_2",
			func(t *testing.T, e env, id uuid.UUID) {
				e.record(t, id, incident.Event{Kind: incident.Remediated, At: t0, Text: purpose.Text{EN: "fixed"}})
				e.record(t, id, incident.Event{Kind: incident.Ordered, At: t0, Laws: incident.PIPL, Ref: "order-1"})
			}, incident.Event{Kind: incident.Exempted, At: t0, Ground: incident.HarmAvoided, Text: purpose.Text{EN: "encrypted"}},
			incident.ErrInvalidEvent, "cannot override the order"},
		{"gdpr_ground_for_a_pipl_incident_is_refused_GDPR_art_34_3",
			nil, incident.Event{Kind: incident.Exempted, At: t0, Ground: incident.Unintelligible, Text: purpose.Text{EN: "encrypted"}},
			incident.ErrInvalidEvent, "not one of the incident's laws"},
		{"future_fact_is_refused", nil,
			incident.Event{Kind: incident.Remediated, At: t0.Add(2 * time.Hour), Text: purpose.Text{EN: "x"}}, incident.ErrInvalidEvent, "after the register's clock"},
		{"fact_before_discovery_is_refused", nil,
			incident.Event{Kind: incident.Remediated, At: t0.Add(-time.Minute), Text: purpose.Text{EN: "x"}}, incident.ErrInvalidEvent, "before the discovery"},
		{"field_of_another_kind_is_refused", nil,
			incident.Event{Kind: incident.Remediated, At: t0, Text: purpose.Text{EN: "x"}, Grade: incident.Major}, incident.ErrInvalidEvent, "field Grade is not used"},
		{"remedial_step_needs_its_text", nil,
			incident.Event{Kind: incident.Remediated, At: t0}, incident.ErrInvalidEvent, "needs Text"},
		{"second_opening_is_refused", nil,
			incident.Event{Kind: incident.Opened, At: t0, Nature: incident.Leak, Laws: incident.PIPL, Text: purpose.Text{EN: "x"}}, incident.ErrInvalidEvent, "already open"},
		{"callers_cannot_note_overdue_clocks", nil,
			incident.Event{Kind: incident.OverdueNoted, At: t0, Duty: incident.ReportIncident, Audience: incident.ProvincialCAC, Due: t0}, incident.ErrInvalidEvent, "SweepAt"},
		{"confirming_an_actual_incident_is_refused", nil,
			incident.Event{Kind: incident.Confirmed, At: t0}, incident.ErrInvalidEvent, "not a possible one"},
		{"too_many_subjects_in_one_event", nil,
			incident.Event{Kind: incident.Affected, At: t0, Subjects: make([]subject.ID, incident.MaxSubjects+1)}, incident.ErrInvalidEvent, "MaxSubjects"},
		{"unknown_audience_is_refused", nil,
			incident.Event{Kind: incident.Notified, At: t0, Audience: 99, Channel: incident.Email}, incident.ErrInvalidEvent, "audience"},
		{"closing_without_remedial_measures_is_refused_PIPL_art_57", nil,
			incident.Event{Kind: incident.Closed, At: t0, Text: purpose.Text{EN: "x"}}, incident.ErrInvalidEvent, "remedial measure"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, incident.Ordinary)
			id := e.open(t, incident.PIPL)
			if tc.setup != nil {
				tc.setup(t, e, id)
			}
			before, err := e.reg.Events(t.Context(), id)
			require.NoError(t, err)
			_, err = e.reg.Record(t.Context(), id, tc.ev)
			require.ErrorIs(t, err, tc.want)
			assert.ErrorIs(t, err, incident.ErrInvalidEvent, "every refusal is an *InvalidEventError")
			assert.Contains(t, err.Error(), tc.text)
			after, _ := e.reg.Events(t.Context(), id)
			assert.Len(t, after, len(before), "nothing is written")
		})
	}
}

func TestRecordUnknownIncident(t *testing.T) {
	e := newEnv(t, incident.Ordinary)
	_, err := e.reg.Record(t.Context(), uuid.Must(uuid.NewV7()), incident.Event{Kind: incident.Remediated, At: t0, Text: purpose.Text{EN: "x"}})
	assert.ErrorIs(t, err, incident.ErrNotFound)
	_, err = e.reg.Get(t.Context(), uuid.Must(uuid.NewV7()))
	assert.ErrorIs(t, err, incident.ErrNotFound)
}

func TestContextErrors(t *testing.T) {
	e := newEnv(t, incident.Ordinary)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := e.reg.Open(ctx, incident.Event{Kind: incident.Opened})
	assert.ErrorIs(t, err, context.Canceled)
	//lint:ignore SA1012 a nil context is an error, never a panic
	_, err = e.reg.Get(nil, uuid.Nil) //nolint:staticcheck // testing the nil-context guard
	assert.Error(t, err)
}

// TestGDPRExemptionAndOrder: a GDPR art. 34(3) ground, then the authority
// requires notice anyway (art. 34(4)).
func TestGDPRExemptionAndOrder(t *testing.T) {
	e := newEnv(t, incident.Ordinary)
	id := e.open(t, incident.GDPR)
	e.record(t, id, incident.Event{Kind: incident.Classified, At: t0, Risk: incident.RiskHigh})
	e.record(t, id, incident.Event{Kind: incident.Exempted, At: t0.Add(time.Minute), Ground: incident.Unintelligible, Text: purpose.Text{EN: "AES-256, key not compromised"}})
	cs, err := e.reg.Clocks(t.Context(), id)
	require.NoError(t, err)
	assert.Equal(t, incident.Exempt, clockOf(t, cs, incident.NotifyIndividuals, incident.Individuals, incident.GDPR).State(t0))
	e.record(t, id, incident.Event{Kind: incident.Ordered, At: t0.Add(10 * time.Minute), Laws: incident.GDPR, Ref: "DPA-77", Due: t0.Add(48 * time.Hour)})
	cs, _ = e.reg.Clocks(t.Context(), id)
	c := clockOf(t, cs, incident.NotifyIndividuals, incident.Individuals, incident.GDPR)
	assert.Equal(t, incident.Pending, c.State(t0.Add(time.Hour)))
	assert.True(t, c.Due.Equal(t0.Add(48*time.Hour)))
}

// TestSweep: an overdue clock is recorded once, reaches the hook once, and
// the Overdue query lists it with when it was noted.
func TestSweep(t *testing.T) {
	e := newEnv(t, incident.Ordinary)
	id := e.open(t, incident.PIPL)
	e.clock.Set(t0.Add(4*time.Hour + time.Minute))
	alerts, err := e.reg.Overdue(t.Context(), e.clock.Now())
	require.NoError(t, err)
	require.Len(t, alerts, 1, "ungraded_incident_overdue_after_4h_Reporting_Measures_art_4")
	assert.True(t, alerts[0].Noted.IsZero())
	assert.Contains(t, alerts[0].String(), "report_incident to provincial_cac")

	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			_, err := e.reg.Sweep(t.Context())
			assert.NoError(t, err)
		})
	}
	wg.Wait()
	inc, _ := e.reg.Get(t.Context(), id)
	require.Len(t, inc.Overdue, 1, "concurrent sweeps record the overdue clock once")
	var noted int
	for _, ev := range *e.hooks {
		if ev.Kind == incident.OverdueNoted {
			noted++
			assert.Equal(t, incident.ReportIncident, ev.Duty)
		}
	}
	assert.Equal(t, 1, noted, "the audit hook hears of it once")
	alerts, _ = e.reg.Overdue(t.Context(), e.clock.Now())
	require.Len(t, alerts, 1)
	assert.False(t, alerts[0].Noted.IsZero())
	again, err := e.reg.Sweep(t.Context())
	require.NoError(t, err)
	assert.Empty(t, again)
}

// TestConcurrentRecords: writers to one incident all succeed, chained.
func TestConcurrentRecords(t *testing.T) {
	e := newEnv(t, incident.Ordinary)
	id := e.open(t, incident.PIPL)
	var wg sync.WaitGroup
	var failed sync.Map
	for i := range 3 {
		wg.Go(func() {
			_, err := e.reg.Record(t.Context(), id, incident.Event{Kind: incident.Remediated, At: t0, Text: purpose.Text{EN: string(rune('a' + i))}})
			if err != nil && !errors.Is(err, incident.ErrConflict) {
				failed.Store(i, err)
			}
		})
	}
	wg.Wait()
	failed.Range(func(k, v any) bool { t.Errorf("writer %v: %v", k, v); return true })
	evs, err := e.reg.Events(t.Context(), id)
	require.NoError(t, err)
	require.NoError(t, incident.Verify(evs))
}

// tamperStore lets a test edit the stored record behind the register.
type tamperStore struct {
	*incident.MemStore
	edit func([]incident.Event) []incident.Event
}

func (s *tamperStore) Load(ctx context.Context, id uuid.UUID) ([]incident.Event, error) {
	evs, err := s.MemStore.Load(ctx, id)
	if err != nil || s.edit == nil {
		return evs, err
	}
	return s.edit(evs), nil
}

// TestTamperDetected: the register refuses a record that was edited, had
// an event removed, reordered, inserted or cut from the end.
func TestTamperDetected(t *testing.T) {
	for name, edit := range map[string]func([]incident.Event) []incident.Event{
		"edited":    func(evs []incident.Event) []incident.Event { evs[1].Text.EN = "nothing happened"; return evs },
		"removed":   func(evs []incident.Event) []incident.Event { return append(evs[:1], evs[2:]...) },
		"reordered": func(evs []incident.Event) []incident.Event { evs[1], evs[2] = evs[2], evs[1]; return evs },
		"inserted": func(evs []incident.Event) []incident.Event {
			return append(evs[:2], append([]incident.Event{evs[1]}, evs[2:]...)...)
		},
		"truncated": func(evs []incident.Event) []incident.Event { return evs[:2] },
		"rehashed_after_edit": func(evs []incident.Event) []incident.Event {
			evs[2].Text.EN = "nothing"
			evs[2].Hash = evs[2].ComputeHash()
			return evs
		},
	} {
		t.Run(name, func(t *testing.T) {
			s := &tamperStore{MemStore: incident.NewMemStore()}
			c := &fakeClock{t: t0.Add(time.Hour)}
			reg, err := incident.New(incident.Config{Store: s, Clock: c, Profile: ordinary})
			require.NoError(t, err)
			id, err := reg.Open(t.Context(), incident.Event{Kind: incident.Opened, At: t0, Nature: incident.Leak, Laws: incident.PIPL, Text: purpose.Text{EN: "x"}})
			require.NoError(t, err)
			for _, txt := range []string{"a", "b"} {
				_, err := reg.Record(t.Context(), id, incident.Event{Kind: incident.Remediated, At: t0, Text: purpose.Text{EN: txt}})
				require.NoError(t, err)
			}
			s.edit = edit
			_, err = reg.Get(t.Context(), id)
			require.ErrorIs(t, err, incident.ErrTampered)
			_, err = reg.Record(t.Context(), id, incident.Event{Kind: incident.Remediated, At: t0, Text: purpose.Text{EN: "c"}})
			require.ErrorIs(t, err, incident.ErrTampered, "nothing is appended to a tampered record")
		})
	}
}

func TestWalkAndOverdueAcrossIncidents(t *testing.T) {
	e := newEnv(t, incident.CIIOperator)
	a := e.open(t, incident.PIPL)
	b := e.open(t, incident.PIPL)
	e.record(t, b, incident.Event{Kind: incident.Classified, At: t0, Grade: incident.General})
	var seen []uuid.UUID
	require.NoError(t, e.reg.Walk(t.Context(), func(inc incident.Incident) error { seen = append(seen, inc.ID); return nil }))
	assert.ElementsMatch(t, []uuid.UUID{a, b}, seen)
	alerts, err := e.reg.Overdue(t.Context(), t0.Add(61*time.Minute))
	require.NoError(t, err)
	assert.Len(t, alerts, 2, "cii_operator_overdue_after_1h_to_both_audiences_Reporting_Measures_art_4")
	for _, al := range alerts {
		assert.Equal(t, a, al.Incident)
	}
}

func TestAffectedAccumulates(t *testing.T) {
	e := newEnv(t, incident.Ordinary)
	id := e.open(t, incident.PIPL)
	s1, s2 := subject.ID(uuid.Must(uuid.NewV7())), subject.ID(uuid.Must(uuid.NewV7()))
	e.record(t, id, incident.Event{Kind: incident.Affected, At: t0, Categories: voice, Subjects: []subject.ID{s1, s2}})
	e.record(t, id, incident.Event{Kind: incident.Affected, At: t0, Categories: pii.MustParseSet("contact.email"), Subjects: []subject.ID{s2}, Minors: true})
	inc, err := e.reg.Get(t.Context(), id)
	require.NoError(t, err)
	assert.Len(t, inc.Subjects, 2)
	assert.Equal(t, int64(2), inc.Affected())
	assert.True(t, inc.Minors)
	assert.Equal(t, 2, inc.Categories.Len())
}
