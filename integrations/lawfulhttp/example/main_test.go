package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/lawfulgo/lawful/integrations/lawfulhttp"
)

// server runs the demo's chi router on a loopback test server.
func server(t *testing.T) (*httptest.Server, Sessions) {
	t.Helper()
	svc, sessions, err := Demo(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	h, err := Router(svc, sessions)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, sessions
}

// call sends method path with token (none when empty) and returns the
// status and body.
func call(t *testing.T, srv *httptest.Server, method, path, token string) (int, string, http.Header) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), resp.Header
}

func reason(t *testing.T, body string) string {
	t.Helper()
	var p lawfulhttp.Problem
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		t.Fatalf("not a problem: %v: %s", err, body)
	}
	return p.Reason
}

func TestVoiceIsRefusedUntilConsentedAndAgainAfterWithdrawal(t *testing.T) {
	srv, _ := server(t)
	code, body, h := call(t, srv, "GET", "/me/voice", "alice")
	if code != 403 || reason(t, body) != "no_consent" || h.Get("Content-Type") != lawfulhttp.ContentType {
		t.Fatalf("before consent: %d %s %s", code, h.Get("Content-Type"), body)
	}
	if code, body, _ = call(t, srv, "POST", "/me/consents/voice", "alice"); code != 204 {
		t.Fatalf("consent: %d %s", code, body)
	}
	if code, body, _ = call(t, srv, "GET", "/me/voice", "alice"); code != 200 || body != "your voiceprint\n" {
		t.Fatalf("after consent: %d %s", code, body)
	}
	if code, body, _ = call(t, srv, "GET", "/me/voice", "bob"); code != 403 {
		t.Fatalf("bob, who did not consent: %d %s", code, body)
	}
	if code, body, _ = call(t, srv, "DELETE", "/me/consents/voice", "alice"); code != 204 {
		t.Fatalf("withdrawal: %d %s", code, body)
	}
	if code, body, _ = call(t, srv, "GET", "/me/voice", "alice"); code != 403 || reason(t, body) != "consent_withdrawn" {
		t.Fatalf("after withdrawal: %d %s", code, body)
	}
}

func TestTheAccountHoldersOwnPhoneIsServedOnTheContract(t *testing.T) {
	srv, _ := server(t)
	if code, body, _ := call(t, srv, "GET", "/me/phone", "bob"); code != 200 || body != "your phone number\n" {
		t.Fatalf("%d %s", code, body)
	}
}

func TestSessionsDecideWhoIsAskedFor(t *testing.T) {
	srv, sessions := server(t)
	code, body, _ := call(t, srv, "GET", "/me/voice", "")
	if code != 400 || !strings.Contains(body, lawfulhttp.TypeInvalidSubject) {
		t.Fatalf("no token: %d %s", code, body)
	}
	code, body, _ = call(t, srv, "GET", "/me/voice", "mallory")
	if code != 401 || !strings.Contains(body, "unauthenticated") || strings.Contains(body, "mallory") {
		t.Fatalf("unknown token: %d %s", code, body)
	}
	for _, id := range sessions {
		if strings.Contains(body, id.String()) {
			t.Fatal("a problem names a subject")
		}
	}
	if code, _, _ = call(t, srv, "GET", "/healthz", ""); code != 204 {
		t.Fatalf("healthz acts for nobody: %d", code)
	}
	if code, _, _ = call(t, srv, "PUT", "/me/voice", "alice"); code != 405 {
		t.Fatalf("chi answers a wrong method before any check: %d", code)
	}
}
