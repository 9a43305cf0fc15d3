package main

import (
	"os"

	"github.com/lawfulgo/lawful/consent"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// FuzzExplainRequest feeds explain arbitrary request files (up to the
// size explain reads, maxRequestSize): it must never panic, an error must
// stay short (it quotes at most a line of the input), and a request that
// explains must have a well-formed trace that agrees with the Guard.
func FuzzExplainRequest(f *testing.F) {
	files, _ := filepath.Glob("testdata/requests/*.json")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{
		`{}`, `{"request": {}}`, `{"subject": {"birth": "0001-01-01"}, "request": {"purpose": "x", "operation": "use", "categories": "contact.phone"}}`,
		`{"now": "9999-12-31T23:59:59Z", "subject": {}, "request": {"purpose": "signup.login", "operation": "use", "categories": "contact.phone", "at": "-876000h"}}`,
		`{"subject": {"guardians": [{"name": "a", "birth": "1980-01-01"}, {"name": "a", "birth": "1980-01-01"}]}, "request": {"purpose": "x", "operation": "use", "categories": "x"}}`,
		`{"subject": {"history": [{"status": "closed", "since": "2030-01-01T00:00:00Z"}]}, "request": {"purpose": "x", "operation": "use", "categories": "contact.phone"}}`,
		`{"events": [{"kind": "grant", "purposes": ["service.voice_clone"], "expires": "-1h"}], "subject": {}, "request": {"purpose": "service.voice_clone", "operation": "use", "categories": "biometric"}}`,
		`{"subject": {}, "request": {"purpose": "service.voice_clone", "operation": "use", "categories": "biometric", "item": {"key": "k", "collected": "-1h"}}}`,
	} {
		f.Add([]byte(s))
	}
	reg := testPolicy(f)
	system := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxRequestSize {
			return // the command refuses it before decoding
		}
		ex, err := explain(t.Context(), reg, data, system)
		if err != nil {
			if msg := err.Error(); len(msg) > 2048 || strings.Count(msg, "\n") > 8 {
				t.Fatalf("an error of %d bytes: %.200s", len(msg), msg)
			}
			return
		}
		if !ex.Agrees {
			t.Fatalf("%s\n%s", ex.Disagreement, data)
		}
		assertTraceConsistent(t, ex)
	})
}

// FuzzVerifyExport feeds verify arbitrary ledger exports: decoding and
// verifying must never panic, and an export that verifies must hold only
// events sealed with the fixtures' key.
func FuzzVerifyExport(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(verifyDir, "ledger*.json"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"format": "lawful.consent-ledger", "version": 1, "subjects": [{"subject": "019c18a5-1d00-743f-8d4d-4b95738a2e5a", "events": ["AA=="], "anchor": null}]}`))
	keys := fixtureKeys(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<20 {
			return
		}
		ledgers, problems, err := decodeExport(data)
		if err != nil {
			return
		}
		for i, l := range ledgers {
			if problems[i] != nil {
				continue
			}
			if consent.VerifySealed(l.events, keys, l.head, l.anchored) == nil {
				for _, e := range l.events {
					if e.KeyID != 7 {
						t.Fatalf("an event sealed with key %d verified", e.KeyID)
					}
				}
			}
		}
	})
}
