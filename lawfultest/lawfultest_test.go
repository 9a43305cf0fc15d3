package lawfultest_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/lawfultest"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/retention"
	"github.com/lawfulgo/lawful/subject"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestScenarioFile(t *testing.T) {
	lawfultest.RunScenarios(t, "testdata/scenarios.json", nil)
}

func loadPolicy(t *testing.T) *purpose.Registry {
	f, err := os.Open("testdata/policy.json")
	require.NoError(t, err)
	defer f.Close()
	reg, err := purpose.LoadPolicy(f)
	require.NoError(t, err)
	return reg
}

func TestScenarioRegimeOverrides(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
		return p
	}
	path := write("s.json", `{
	  "regime": {"guardian_age": 18, "guardian_form": "written"},
	  "subjects": {"teen": {"age": 17, "guardians": ["dad"]}, "dad": {"birth": "1980-01-02"}},
	  "scenarios": [{"name": "policy_of_18_with_written_guardian_consent_seed_003_§七.1", "steps": [
	    {"grant": {"subject": "teen", "by": "dad", "purposes": ["service.voice_clone"], "form": "separate"}},
	    {"check": {"subject": "teen", "purpose": "service.voice_clone", "operation": "use", "categories": "biometric.voiceprint"}, "want": "written_consent_required"},
	    {"advance": "1s"},
	    {"grant": {"subject": "teen", "by": "dad", "purposes": ["service.voice_clone"], "form": "written"}},
	    {"check": {"subject": "teen", "purpose": "service.voice_clone", "operation": "use", "categories": "biometric.voiceprint"}, "want": "allow"}
	  ]}]}`)
	lawfultest.RunScenarios(t, path, loadPolicy(t))

	gdpr := write("g.json", `{
	  "regime": {"base": "gdpr", "child_age": 13},
	  "subjects": {"kid": {"age": 13, "jurisdiction": "DE"}},
	  "scenarios": [{"name": "member_state_at_13_GDPR_art8", "steps": [
	    {"grant": {"subject": "kid", "purposes": ["signup.login"]}},
	    {"check": {"attest": ["contract_party"], "subject": "kid", "purpose": "signup.login", "operation": "use", "categories": "contact.phone"}, "want": "allow"}
	  ]}]}`)
	lawfultest.RunScenarios(t, gdpr, loadPolicy(t))

	for name, body := range map[string]string{
		"unknown_field.json": `{"scenarioz": []}`,
		"bad_json.json":      `{`,
	} {
		_, err := lawfultest.LoadScenarioFile(write(name, body))
		assert.Error(t, err, name)
	}
	_, err := lawfultest.LoadScenarioFile(filepath.Join(dir, "missing.json"))
	assert.Error(t, err)
}

func TestClock(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := lawfultest.NewClock(start)
	assert.Equal(t, start, c.Now())
	assert.Equal(t, start.Add(time.Hour), c.Advance(time.Hour))
	c.Set(start)
	assert.Equal(t, start, c.Now())
}

func TestFixtures(t *testing.T) {
	reg := loadPolicy(t)
	w := lawfultest.New(t, reg, lawfultest.Options{})
	voice := lawful.Request{Purpose: "service.voice_clone", Operation: purpose.Use, Categories: pii.MustParseSet("biometric.voiceprint")}

	t.Run("child_one_day_before_turning_14_PIPL_SPC2006_art2", func(t *testing.T) {
		kid := w.AgedOnDayBefore(t, 14)
		s, err := w.Directory.Lookup(t.Context(), kid)
		require.NoError(t, err)
		age, ok := w.Regime.Ages.AgeAt(s.Birth, w.Clock.Now())
		require.True(t, ok)
		assert.Equal(t, 13, age)
		age, _ = w.Regime.Ages.AgeAt(s.Birth, w.Clock.Now().Add(24*time.Hour))
		assert.Equal(t, 14, age)
	})
	t.Run("guardian_is_linked_and_verified", func(t *testing.T) {
		kid := w.Child(t, 10)
		g := w.Guardian(t, kid)
		s, err := w.Directory.Lookup(t.Context(), kid)
		require.NoError(t, err)
		link, ok := s.Guardian(g)
		require.True(t, ok)
		assert.True(t, link.Verified.Verified())
		w.GrantByGuardian(t, g, kid, consent.Separate, "service.voice_clone")
		r := voice
		r.Subject = kid
		lawfultest.AssertAllowed(t, w.Guard, r)
	})
	t.Run("adult_with_withdrawn_consent", func(t *testing.T) {
		r := voice
		r.Subject = w.AdultWithWithdrawnConsent(t, "service.voice_clone")
		lawfultest.AssertDenied(t, w.Guard, r, lawful.ErrConsentWithdrawn)
	})
	t.Run("closed_account", func(t *testing.T) {
		r := voice
		r.Subject = w.WithStatus(t, subject.Closed)
		lawfultest.AssertDenied(t, w.Guard, r, lawful.ErrSubjectClosed)
	})
}

// recordingT records failures instead of failing, to test the assertions.
type recordingT struct {
	failed bool
	msgs   []string
}

func (r *recordingT) Helper() {}
func (r *recordingT) Errorf(format string, args ...any) {
	r.failed = true
	r.msgs = append(r.msgs, format)
}
func (r *recordingT) FailNow()       { r.failed = true }
func (r *recordingT) Cleanup(func()) {}

func TestAssertionsFailWhenTheyShould(t *testing.T) {
	w := lawfultest.New(t, loadPolicy(t), lawfultest.Options{})
	id := w.Adult(t)
	logs := lawful.Request{Subject: id, Purpose: "ops.logging", Operation: purpose.Store, Categories: pii.MustParseSet("device.ip")}
	voice := lawful.Request{Subject: id, Purpose: "service.voice_clone", Operation: purpose.Use, Categories: pii.MustParseSet("biometric.voiceprint")}

	rt := &recordingT{}
	lawfultest.AssertDenied(rt, w.Guard, logs, lawful.ErrNoConsent)
	assert.True(t, rt.failed, "AssertDenied fails on an allowed request")
	rt = &recordingT{}
	lawfultest.AssertDenied(rt, w.Guard, voice, lawful.ErrConsentWithdrawn)
	assert.True(t, rt.failed, "AssertDenied fails on the wrong reason")
	rt = &recordingT{}
	lawfultest.AssertAllowed(rt, w.Guard, voice)
	assert.True(t, rt.failed, "AssertAllowed fails on a denial")
	rt = &recordingT{}
	lawfultest.AssertDenied(rt, w.Guard, voice, lawful.ErrNoConsent)
	assert.False(t, rt.failed)
}

func TestWorldRetention(t *testing.T) {
	reg := loadPolicy(t)
	w := lawfultest.New(t, reg, lawfultest.Options{})
	require.NoError(t, w.RetentionErr)
	s := w.Adult(t)
	voice := pii.MustParseSet("biometric.voiceprint")
	w.Grant(t, s, consent.Separate, "service.voice_clone")
	tm := w.Collect(t, s, "service.voice_clone", voice, "voice-1")
	assert.True(t, tm.Due.IsZero(), "kept until a trigger")
	w.Trigger(t, retention.PurposeAchieved, s, "service.voice_clone")
	lawfultest.AssertDenied(t, w.Guard, lawful.Request{Subject: s, Purpose: "service.voice_clone", Operation: purpose.Use, Categories: voice}, lawful.ErrRetentionExpired)
	w.Eraser.Fail("voice-1", errors.New("bucket offline"))
	assert.Equal(t, 1, w.Sweep(t).Failed)
	w.Eraser.Fail("voice-1", nil)
	w.Clock.Advance(time.Hour)
	assert.Len(t, w.Sweep(t).Erased, 1)
	assert.Equal(t, []string{"voice-1"}, w.Eraser.Erased())
	w.Close(t, s)
	lawfultest.AssertDenied(t, w.Guard, lawful.Request{Subject: s, Purpose: "service.voice_clone", Operation: purpose.Use, Categories: voice}, lawful.ErrSubjectClosed)
}

// A withdrawal erases data only when it ends the consent the data rests
// on: not while another consent record to the purpose is in force, and
// not when it names recipients only (PIPL arts. 15, 47(1)(3)).
func TestWithdrawalsEndRetentionOnlyWithTheLastConsent(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "w.json")
	require.NoError(t, os.WriteFile(path, []byte(`{
	  "subjects": {"adult": {"age": 30}},
	  "scenarios": [
	    {"name": "one_record_of_two_withdrawn_keeps_the_data_PIPL_art47_1_3", "steps": [
	      {"grant": {"subject": "adult", "purposes": ["service.voice_clone"], "form": "separate", "name": "first"}},
	      {"advance": "1s"},
	      {"grant": {"subject": "adult", "purposes": ["service.voice_clone"], "form": "separate", "name": "second"}},
	      {"collect": {"subject": "adult", "purpose": "service.voice_clone", "categories": "biometric.voiceprint", "key": "voice-1"}},
	      {"advance": "1s"},
	      {"withdraw": {"subject": "adult", "ends": "first"}},
	      {"sweep": {"erased": []}},
	      {"check": {"subject": "adult", "purpose": "service.voice_clone", "operation": "use", "categories": "biometric.voiceprint"}, "want": "allow"},
	      {"advance": "1s"},
	      {"withdraw": {"subject": "adult", "ends": "second"}},
	      {"sweep": {"erased": ["voice-1"]}}
	    ]},
	    {"name": "withdrawing_a_recipient_keeps_the_purposes_data_PIPL_art23", "steps": [
	      {"grant": {"subject": "adult", "purposes": ["service.voice_clone"], "form": "separate", "recipients": ["SG GPU"]}},
	      {"collect": {"subject": "adult", "purpose": "service.voice_clone", "categories": "biometric.voiceprint", "key": "voice-1"}},
	      {"advance": "1s"},
	      {"withdraw": {"subject": "adult", "purposes": ["service.voice_clone"], "recipients": ["SG GPU"]}},
	      {"sweep": {"erased": []}},
	      {"check": {"subject": "adult", "purpose": "service.voice_clone", "operation": "use", "categories": "biometric.voiceprint"}, "want": "allow"},
	      {"check": {"subject": "adult", "purpose": "service.voice_clone", "operation": "export", "recipient": "SG GPU", "categories": "biometric.voiceprint"}, "want": "consent_withdrawn"}
	    ]},
	    {"name": "an_objection_stops_the_purpose_but_ends_no_period_its_rule_does_not_name", "steps": [
	      {"grant": {"subject": "adult", "purposes": ["service.voice_clone"], "form": "separate"}},
	      {"collect": {"subject": "adult", "purpose": "service.voice_clone", "categories": "biometric.voiceprint", "key": "voice-1"}},
	      {"advance": "1s"},
	      {"object": {"subject": "adult", "purposes": ["service.voice_clone"]}},
	      {"sweep": {"erased": []}},
	      {"check": {"subject": "adult", "purpose": "service.voice_clone", "operation": "use", "categories": "biometric.voiceprint"}, "want": "objection_recorded"}
	    ]}
	  ]}`), 0o644))
	lawfultest.RunScenarios(t, path, loadPolicy(t))
}
