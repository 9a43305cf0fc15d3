// Command example serves a small voice service on chi with lawfulhttp in
// front of its routes, in memory, on a loopback address:
//
//	go run . -addr 127.0.0.1:8080
//	curl -i -H 'Authorization: Bearer alice' localhost:8080/me/voice          # 403 no_consent
//	curl -i -X POST -H 'Authorization: Bearer alice' localhost:8080/me/consents/voice
//	curl -i -H 'Authorization: Bearer alice' localhost:8080/me/voice          # 200
//	curl -i -H 'Authorization: Bearer alice' localhost:8080/me/phone          # 200: her own account
//
// Sessions are a fixed map of bearer tokens standing for a real
// authentication layer.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/integrations/lawfulhttp"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

// The purposes of the demo policy.
const (
	PurposeProfile purpose.ID = "account.profile"     // the phone number, contract
	PurposeVoice   purpose.ID = "service.voice_clone" // the voiceprint, separate consent
)

// Policy is the demo's policy.
func Policy() *purpose.Registry {
	ops := purpose.OperationsOf(purpose.Collect, purpose.Use, purpose.Store)
	return purpose.MustCompile(purpose.Policy{
		Name:    purpose.Text{EN: "Voice Lab"},
		Regimes: []pii.Law{pii.PIPL},
		Retention: []purpose.Retention{{ID: "account", Summary: purpose.Text{EN: "Until the account is closed"},
			Rule: []byte(`{"ends_on": ["account_closed", "deletion_requested"], "action": "delete"}`)}},
		Purposes: []purpose.Purpose{
			{ID: PurposeProfile, Name: purpose.Text{EN: "Profile"}, Core: true, Versions: []purpose.Version{{Number: 1}},
				Required: pii.MustParseSet("contact.phone"), Operations: ops, Basis: purpose.Legal{Basis: purpose.Contract}, Retention: "account"},
			{ID: PurposeVoice, Name: purpose.Text{EN: "Voice cloning"}, Versions: []purpose.Version{{Number: 1}},
				Required: pii.MustParseSet("biometric.voiceprint"), Operations: ops, Basis: purpose.Legal{Basis: purpose.Consent}, Retention: "account"},
		},
	})
}

// Sessions maps bearer tokens to the subjects they authenticate.
type Sessions map[string]subject.ID

// Subject is the lawfulhttp.SubjectExtractor: the session's subject.
func (s Sessions) Subject(r *http.Request) (subject.ID, error) {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return subject.ID{}, lawfulhttp.ErrNoSubject
	}
	id, ok := s[token]
	if !ok {
		return subject.ID{}, &lawfulhttp.Problem{Type: "https://lawful.dev/problems/unauthenticated", Title: "Unauthenticated",
			Status: http.StatusUnauthorized, Detail: "the bearer token is not a session"}
	}
	return id, nil
}

// Router returns the service's routes on chi. Everything under /me acts
// for the signed-in account holder on their own data, so the context
// attests lawful.ContractParty.
func Router(svc *lawful.Service, sessions Sessions) (http.Handler, error) {
	lh, err := lawfulhttp.New(lawfulhttp.Options{Checker: svc, Subject: sessions, Attest: lawfulhttp.Always(lawful.ContractParty)})
	if err != nil {
		return nil, err
	}
	r := chi.NewRouter()
	r.Get("/healthz", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })
	r.Route("/me", func(r chi.Router) {
		r.Use(lh.Handler)
		r.Method("GET", "/voice", lh.RequireFunc(lawfulhttp.Route{Purpose: PurposeVoice, Operation: purpose.Use,
			Categories: pii.MustParseSet("biometric.voiceprint")}, text("your voiceprint")))
		r.Method("GET", "/phone", lh.RequireFunc(lawfulhttp.Route{Purpose: PurposeProfile, Operation: purpose.Use,
			Categories: pii.MustParseSet("contact.phone")}, text("your phone number")))
		r.Post("/consents/voice", consentHandler(svc, consent.Grant))
		r.Delete("/consents/voice", consentHandler(svc, consent.Withdraw))
	})
	return r, nil
}

func text(s string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		fmt.Fprintln(w, s)
	}
}

// consentHandler records a grant or withdrawal of the voice purpose for
// the subject lh.Handler put in the context.
func consentHandler(svc *lawful.Service, kind consent.Kind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, _ := lawful.SubjectFrom(r.Context())
		e := consent.Event{Subject: id, Kind: kind, Purposes: []consent.PurposeRef{{ID: PurposeVoice}}}
		if kind == consent.Grant {
			e.Form, e.Notice = consent.Separate, "2026-03"
		}
		_, err := svc.Ledger().Append(r.Context(), e)
		if err != nil {
			lawfulhttp.WriteProblem(w, lawfulhttp.Problem{Type: "https://lawful.dev/problems/consent-refused",
				Title: "Consent event refused", Status: http.StatusUnprocessableEntity})
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}

// Demo returns an in-memory Service with two adults and their sessions:
// tokens "alice" and "bob".
func Demo(ctx context.Context) (*lawful.Service, Sessions, error) {
	svc, err := lawful.New(ctx, lawful.Options{Policy: Policy()})
	if err != nil {
		return nil, nil, err
	}
	sessions := Sessions{
		"alice": subject.MustParseID("0192f000-0000-7000-8000-00000000a11c"),
		"bob":   subject.MustParseID("0192f000-0000-7000-8000-000000000b0b"),
	}
	birth, _ := subject.NewDate(1990, time.May, 1)
	for _, id := range sessions {
		s := subject.Subject{ID: id, Birth: birth, Jurisdiction: "CN", Status: subject.Active}
		if err := svc.Directory().(*subject.MemDirectory).Put(s, time.Now()); err != nil {
			return nil, nil, err
		}
	}
	return svc, sessions, nil
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "listen address")
	flag.Parse()
	svc, sessions, err := Demo(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	h, err := Router(svc, sessions)
	if err != nil {
		log.Fatal(err)
	}
	srv := &http.Server{Addr: *addr, Handler: h, ReadHeaderTimeout: 5 * time.Second}
	log.Printf("listening on %s; try: curl -i -H 'Authorization: Bearer alice' http://%s/me/voice", *addr, *addr)
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
}
