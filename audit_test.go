package lawful_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/lawfultest"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSlogAuditorPseudonymisesSubjects(t *testing.T) {
	var buf bytes.Buffer
	key := []byte("0123456789abcdef0123456789abcdef")
	a, err := lawful.NewSlogAuditor(slog.New(slog.NewJSONHandler(&buf, nil)), key)
	require.NoError(t, err)
	w := lawfultest.New(t, policy(), lawfultest.Options{Auditor: a})
	id := w.Adult(t)
	w.Append(t, consent.Event{Subject: id, Kind: consent.Grant, Form: consent.Separate, Purposes: []consent.PurposeRef{{ID: "partners.sharing"}}, Recipients: []string{"Partner A"}})
	share := req(id, "partners.sharing", purpose.Share, phone)
	share.Recipient = "Partner A"
	w.Guard.Check(context.Background(), share)
	w.Guard.Check(context.Background(), req(id, "marketing.sms", purpose.Use, phone))

	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	require.Len(t, lines, 2)
	assert.NotContains(t, buf.String(), id.String(), "the subject ID never appears in clear")
	var first, second map[string]any
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &first))
	require.NoError(t, json.Unmarshal([]byte(lines[1]), &second))
	assert.Equal(t, "INFO", first["level"])
	assert.Equal(t, "WARN", second["level"])
	assert.Equal(t, a.Pseudonym(id), first["subject"])
	assert.Equal(t, first["subject"], second["subject"], "one subject, one pseudonym: lines join per subject")
	dec := first["decision"].(map[string]any)
	assert.Equal(t, "consent", dec["basis"])
	assert.Equal(t, "Partner A", dec["recipient"])
	assert.Equal(t, "contact.phone", dec["categories"])
	assert.Contains(t, dec["obligations"], "record_disclosure")
	assert.NotEmpty(t, dec["consent_event"])
	assert.Equal(t, "no_consent", second["decision"].(map[string]any)["reason"])

	other, err := lawful.NewSlogAuditor(slog.Default(), []byte("another key of 16+ bytes"))
	require.NoError(t, err)
	assert.NotEqual(t, a.Pseudonym(id), other.Pseudonym(id), "pseudonyms depend on the key")

	_, err = lawful.NewSlogAuditor(nil, key)
	assert.Error(t, err)
	_, err = lawful.NewSlogAuditor(slog.Default(), []byte("short"))
	assert.Error(t, err)
}

func TestSlogAuditorRespectsLevel(t *testing.T) {
	var buf bytes.Buffer
	a, err := lawful.NewSlogAuditor(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelWarn})), []byte("0123456789abcdef"))
	require.NoError(t, err)
	w := lawfultest.New(t, policy(), lawfultest.Options{Auditor: a})
	id := w.Adult(t)
	w.Guard.Check(context.Background(), req(id, "ops.logging", purpose.Store, logs))
	assert.Empty(t, buf.String(), "allowed decisions log at Info")
	w.Guard.Check(context.Background(), req(id, "marketing.sms", purpose.Use, phone))
	assert.Contains(t, buf.String(), "lawful: denied")
}

func TestRecorderSeesEveryDecision(t *testing.T) {
	w := lawfultest.New(t, policy(), lawfultest.Options{})
	id := w.Adult(t)
	w.Guard.Check(context.Background(), req(id, "ops.logging", purpose.Store, logs))
	w.Guard.Check(context.Background(), req(id, "marketing.sms", purpose.Use, phone))
	w.Guard.Check(context.Background(), req(id, "nope", purpose.Use, phone))
	assert.Len(t, w.Recorder.Decisions(), 3)
	assert.Len(t, w.Recorder.Denied(), 2)
	assert.Len(t, w.Recorder.ByReason(lawful.NoConsent), 1)
	w.Recorder.Reset()
	assert.Empty(t, w.Recorder.Decisions())
	called := false
	lawful.AuditFunc(func(context.Context, lawful.Decision) { called = true }).Audit(context.Background(), lawful.Decision{})
	assert.True(t, called)
}

func TestDecisionLogValueAndString(t *testing.T) {
	d := lawful.Decision{Reason: lawful.NoConsent, Request: req(adultForLog, "marketing.sms", purpose.Use, phone)}
	assert.Equal(t, "deny use marketing.sms reason=no_consent", d.String())
	v := d.LogValue()
	assert.Equal(t, slog.KindGroup, v.Kind())
	assert.NotContains(t, v.String(), adultForLog.String())
	var zero lawful.Decision
	assert.Equal(t, "deny Operation(0)  reason=not_configured", zero.String())
	assert.Equal(t, "emergency,not_refused", (lawful.Emergency | lawful.NotRefused).String())
	assert.True(t, (lawful.Emergency | lawful.NotRefused).Has(lawful.Emergency))
}
