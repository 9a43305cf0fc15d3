package rights_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/retention"
	"github.com/lawfulgo/lawful/rights"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -run %s -update to create it", t.Name())
	assert.Equal(t, string(want), string(got), "run go test -run %s -update after checking the difference", t.Name())
}

func TestManifest(t *testing.T) {
	e := newEnv(t, rights.Policy{}, nil)
	kid := e.w.Child(t, 12)
	parent := e.w.Guardian(t, kid)
	e.w.GrantByGuardian(t, parent, kid, consent.Separate, "service.voice_clone")
	e.track(t, kid, "signup.login", "contact.phone", "user/1")
	e.track(t, kid, "ops.logging", "activity.service_log,device.ip", "log/2026-03-01")
	e.track(t, kid, "service.voice_clone", "biometric.voice_sample,biometric.voiceprint", "voice/1")
	now := e.w.Clock.Now()
	require.NoError(t, e.tracker.RecordDisclosure(e.ctx, retention.Disclosure{Subject: kid, Purpose: "service.voice_clone", Categories: pii.MustParseSet("biometric.voice_sample"), Operation: purpose.Entrust, Recipient: "GPU Cloud", At: now}))
	e.w.Clock.Advance(3 * 24 * time.Hour)
	e.w.Append(t, consent.Event{Subject: kid, Kind: consent.Withdraw, By: consent.Giver{Guardian: parent}, Purposes: []consent.PurposeRef{{ID: "service.voice_clone"}}})
	_, err := e.tracker.Trigger(e.ctx, retention.Event{Kind: retention.ConsentWithdrawn, Subject: kid, Purpose: "service.voice_clone", At: e.w.Clock.Now()})
	require.NoError(t, err)
	_, err = e.tracker.Trigger(e.ctx, retention.Event{Kind: retention.DeletionRequested, Subject: kid, Purpose: "ops.logging", At: e.w.Clock.Now()})
	require.NoError(t, err)
	e.w.Clock.Advance(24 * time.Hour)

	r := e.verified(t, rights.Request{Kind: rights.Port, Subject: kid, Requester: parent, Capacity: rights.Guardian})
	res, err := e.desk.Fulfil(e.ctx, r.ID, "agent:1")
	require.NoError(t, err)
	require.NotNil(t, res.Manifest)
	m := res.Manifest

	t.Run("export_manifest_matches_documented_schema_golden_PIPL_45_NDSMR_25_GDPR_20", func(t *testing.T) {
		got, err := json.MarshalIndent(m, "", "  ")
		require.NoError(t, err)
		golden(t, "manifest_port.golden.json", append(got, '\n'))
	})
	t.Run("export_carries_consent_history_without_the_guardians_identity_PIPL_45", func(t *testing.T) {
		require.Len(t, m.Consent, 2)
		assert.Equal(t, "guardian", m.Consent[0].By)
		got, err := json.Marshal(m)
		require.NoError(t, err)
		assert.NotContains(t, string(got), parent.String(), "the guardian's ID is their personal data")
		assert.NotContains(t, string(got), "user/1", "item keys stay inside the service")
	})
	t.Run("export_lists_categories_per_purpose_recipients_and_retention_state", func(t *testing.T) {
		assert.Equal(t, rights.ManifestSchema, m.Schema)
		require.Len(t, m.Purposes, 3)
		assert.Equal(t, purpose.ID("ops.logging"), m.Purposes[0].Purpose)
		assert.Equal(t, []string{"activity.service_log", "device.ip"}, m.Purposes[0].Categories)
		assert.Equal(t, []string{"GPU Cloud"}, m.Recipients)
		states := map[purpose.ID]string{}
		for _, it := range m.Retention {
			states[it.Purpose] = it.State
		}
		assert.Equal(t, map[purpose.ID]string{"ops.logging": "restricted", "signup.login": "active", "service.voice_clone": "restricted"}, states)
	})
	t.Run("export_round_trips_through_json", func(t *testing.T) {
		data, err := json.Marshal(m)
		require.NoError(t, err)
		var back rights.Manifest
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		require.NoError(t, dec.Decode(&back))
		again, err := json.Marshal(back)
		require.NoError(t, err)
		assert.JSONEq(t, string(data), string(again))
	})
	t.Run("narrowed_access_exports_only_the_named_purpose_PIPL_45", func(t *testing.T) {
		r := e.verified(t, rights.Request{Kind: rights.Access, Subject: kid, Requester: parent, Capacity: rights.Guardian, Purposes: []purpose.ID{"signup.login"}})
		res, err := e.desk.Fulfil(e.ctx, r.ID, "agent:1")
		require.NoError(t, err)
		m := res.Manifest
		assert.Empty(t, m.Consent)
		require.Len(t, m.Purposes, 1)
		assert.Equal(t, purpose.ID("signup.login"), m.Purposes[0].Purpose)
		assert.Equal(t, []string{}, m.Recipients)
		data, err := json.Marshal(m)
		require.NoError(t, err)
		assert.Contains(t, string(data), `"consent":[]`)
		assert.Contains(t, string(data), `"recipients":[]`)
	})
	t.Run("narrowed_copy_exports_only_the_named_categories_PIPL_45", func(t *testing.T) {
		r := e.verified(t, rights.Request{Kind: rights.Copy, Subject: kid, Requester: parent, Capacity: rights.Guardian, Categories: pii.MustParseSet("device.ip")})
		res, err := e.desk.Fulfil(e.ctx, r.ID, "agent:1")
		require.NoError(t, err)
		require.Len(t, res.Manifest.Retention, 1)
		assert.Equal(t, []string{"device.ip"}, res.Manifest.Retention[0].Categories)
	})
}
