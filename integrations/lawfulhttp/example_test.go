package lawfulhttp_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/integrations/lawfulhttp"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

// A voice service on the standard ServeMux: GET /me/voice is checked
// before its handler runs, and a denial is an RFC 9457 problem.
func Example() {
	ctx := context.Background()
	policy := purpose.MustCompile(purpose.Policy{
		Name:    purpose.Text{EN: "Voice Lab"},
		Regimes: []pii.Law{pii.PIPL},
		Retention: []purpose.Retention{{ID: "voice", Summary: purpose.Text{EN: "Until the voice model is deleted"},
			Rule: []byte(`{"ends_on": ["consent_withdrawn", "deletion_requested", "account_closed"], "action": "delete"}`)}},
		Purposes: []purpose.Purpose{{
			ID: "service.voice_clone", Name: purpose.Text{EN: "Voice cloning"}, Versions: []purpose.Version{{Number: 1}},
			Required:   pii.MustParseSet("biometric.voiceprint"),
			Operations: purpose.OperationsOf(purpose.Collect, purpose.Use, purpose.Store),
			Basis:      purpose.Legal{Basis: purpose.Consent}, Retention: "voice",
		}},
	})
	svc, _ := lawful.New(ctx, lawful.Options{Policy: policy})
	alice := subject.MustParseID("0192f000-0000-7000-8000-00000000a11c")
	birth, _ := subject.NewDate(1990, time.May, 1)
	_ = svc.Directory().(*subject.MemDirectory).Put(subject.Subject{ID: alice, Birth: birth, Jurisdiction: "CN", Status: subject.Active}, time.Now())

	// In a real service the subject comes from the verified session.
	lh, err := lawfulhttp.New(lawfulhttp.Options{Checker: svc, Subject: lawfulhttp.Header("X-Verified-Subject")})
	if err != nil {
		fmt.Println(err)
		return
	}
	mux := http.NewServeMux()
	mux.Handle("GET /me/voice", lh.RequireFunc(lawfulhttp.Route{
		Purpose:    "service.voice_clone",
		Operation:  purpose.Use,
		Categories: pii.MustParseSet("biometric.voiceprint"),
	}, func(w http.ResponseWriter, r *http.Request) {
		d, _ := lawfulhttp.DecisionFrom(r.Context())
		fmt.Fprintf(w, "the voiceprint (obligations: %s)\n", d.Obligations)
	}))

	get := func() {
		r := httptest.NewRequest("GET", "/me/voice", nil)
		r.Header.Set("X-Verified-Subject", alice.String())
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, r)
		fmt.Print(w.Code, " ", w.Header().Get("Content-Type"), "\n", w.Body)
	}
	get()
	_, _ = svc.Ledger().Append(ctx, consent.Event{Subject: alice, Kind: consent.Grant, Form: consent.Separate, Notice: "2026-03",
		Purposes: []consent.PurposeRef{{ID: "service.voice_clone"}}})
	get()
	// Output:
	// 403 application/problem+json
	// {"type":"https://lawful.dev/reasons/no_consent","title":"No consent","status":403,"detail":"record the subject's consent to the purpose first (PIPL art. 13(1)(1))","reason":"no_consent","purpose":"service.voice_clone"}
	// 200 text/plain; charset=utf-8
	// the voiceprint (obligations: impact_assessment,explain_sensitive_necessity)
}
