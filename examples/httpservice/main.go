// Command httpservice shows lawful behind a net/http API: Clipo's policy
// (seed 003, examples/policies/clipo.json) enforced on every read, consent
// recorded and withdrawn over HTTP, and every refusal answered as an
// RFC 9457 problem that says why and what would make it lawful.
//
// The pieces, each in its own file:
//
//   - Middleware (middleware.go) sets who and why: the data subject from
//     the X-Subject-ID header (parsed with subject.ParseID; a bad one is a
//     400 problem) goes into the context with lawful.WithSubject, the
//     route's purpose with lawful.WithPurpose. The root lawful package
//     knows nothing of HTTP; this is the whole integration.
//   - Repository (repository.go) is the only code that reads personal
//     data, and only through lawful.Do, which asks the Guard for the
//     categories of the result type's pii tags. Handlers call the
//     repository, never the Guard or the data.
//   - Problem (problem.go) turns a *lawful.Denial into a problem+json
//     body: type https://lawful.dev/reasons/<reason>, a title, the status
//     (403; 503 when a store is down: fail closed), the reason's hint as
//     detail, and the extension members reason and purpose. No personal
//     values ever go into a problem.
//   - App (app.go) wires a consent ledger on a memory store, the Guard
//     under Clipo's own regime (guardian consent in writing until 18,
//     seed 003 §七.1) and the routes below.
//
// The routes (Go 1.22 ServeMux patterns):
//
//	GET    /account              login identifiers (signup.login, contract)
//	GET    /voice                the voice clone (service.voice_clone, separate consent)
//	POST   /consents             {"purpose": ..., "form": "click|separate|written", "for": child ID?}
//	DELETE /consents/{purpose}   withdraw (PIPL art. 15); ?for=child ID for a guardian
//
// By default the command runs a demo: it starts the service on a random
// local port, makes the requests of a short story (an adult consents,
// reads, withdraws; a 13-year-old needs a guardian), prints each answer and
// exits. To try it by hand, serve it:
//
//	go run ./examples/httpservice                 # the demo
//	go run ./examples/httpservice -serve :8080    # serve until interrupted
//	curl -i -H 'X-Subject-ID: 019cb000-0000-7000-8000-00000000a001' localhost:8080/voice
//
// The X-Subject-ID header stands in for authentication: a real service
// takes the subject from a verified session, never from a header the
// client picks.
package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/examples/policies"
	"github.com/lawfulgo/lawful/subject"
)

func main() {
	addr := flag.String("serve", "", "serve the API on `addr` (e.g. :8080) until interrupted, instead of running the demo")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var err error
	if *addr != "" {
		err = serve(ctx, *addr, os.Stdout)
	} else {
		err = demo(ctx, os.Stdout)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "httpservice:", err)
		os.Exit(1)
	}
}

// The demo's people: fixed IDs, so the printed commands work every run.
var (
	adult = subject.MustParseID("019cb000-0000-7000-8000-00000000a001")
	kid   = subject.MustParseID("019cb000-0000-7000-8000-00000000c013") // 13 years old
	mum   = subject.MustParseID("019cb000-0000-7000-8000-00000000d040") // kid's mother, verified
)

// demoConfig returns the service's configuration with the demo's people and
// records, ages counted from now.
func demoConfig(now time.Time) (Config, error) {
	reg, err := policies.Open("clipo.json")
	if err != nil {
		return Config{}, err
	}
	cst := subject.PIPLAges().Location
	born := func(years int) subject.Date { return subject.DateOf(now.AddDate(-years, -1, 0), cst) }
	dir := subject.NewMemDirectory(
		subject.Subject{ID: adult, Birth: born(30), Jurisdiction: "CN", Status: subject.Active},
		subject.Subject{ID: kid, Birth: born(13), Jurisdiction: "CN", Status: subject.Active, Links: []subject.Link{
			{ID: mum, Relation: subject.Parent, Verified: subject.Verification{Method: subject.Document, At: now.Add(-24 * time.Hour)}}}},
		subject.Subject{ID: mum, Birth: born(41), Jurisdiction: "CN", Status: subject.Active},
	)
	recs := NewRecords()
	recs.PutAccount(adult, Account{ID: "acct-1001", Email: "li.lei@example.com"})
	recs.PutAccount(kid, Account{ID: "acct-1002", Phone: "+86 138 0000 1002"})
	recs.PutVoice(adult, Voice{Samples: []string{"s3://clipo-voice/1001/a.wav"}, Voiceprint: "vp-1001"})
	recs.PutVoice(kid, Voice{Samples: []string{"s3://clipo-voice/1002/a.wav"}, Voiceprint: "vp-1002"})
	return Config{Registry: reg, Directory: dir, Records: recs, Clock: lawful.SystemClock{}}, nil
}

// start serves h on ln until stop is called, which shuts the server down
// gracefully and returns Serve's error, if any.
func start(ln net.Listener, h http.Handler) (stop func(context.Context) error) {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	return func(ctx context.Context) error {
		if err := srv.Shutdown(ctx); err != nil {
			return err
		}
		if err := <-done; !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	}
}

// serve runs the service on addr until ctx is done.
func serve(ctx context.Context, addr string, w io.Writer) error {
	cfg, err := demoConfig(time.Now())
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	// A service loads a stable secret key; a fresh one per run is enough
	// to show pseudonymised audit lines.
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return err
	}
	auditor, err := lawful.NewSlogAuditor(logger, key)
	if err != nil {
		return err
	}
	cfg.Auditor, cfg.Logger = auditor, logger
	app, err := NewApp(cfg)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	stop := start(ln, app)
	fmt.Fprintf(w, "serving Clipo's API on %s (Ctrl-C stops); audit lines go to stderr\n\n", ln.Addr())
	fmt.Fprintf(w, "people: adult %v; kid (13) %v; kid's mother %v\n\n", adult, kid, mum)
	base := "http://" + ln.Addr().String()
	fmt.Fprintf(w, "try:\n")
	fmt.Fprintf(w, "  curl -i -H '%s: %v' %s/voice\n", SubjectHeader, adult, base)
	fmt.Fprintf(w, "  curl -i -H '%s: %v' -d '{\"purpose\":\"service.voice_clone\",\"form\":\"separate\"}' %s/consents\n", SubjectHeader, adult, base)
	fmt.Fprintf(w, "  curl -i -H '%s: %v' -X DELETE %s/consents/service.voice_clone\n", SubjectHeader, adult, base)
	<-ctx.Done()
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := stop(shutdown); err != nil {
		return err
	}
	fmt.Fprintln(w, "stopped")
	return nil
}

// demo starts the service on a random local port, tells a short story in
// requests, prints each answer and stops the service.
func demo(ctx context.Context, w io.Writer) error {
	cfg, err := demoConfig(time.Now())
	if err != nil {
		return err
	}
	cfg.Logger = slog.New(slog.NewTextHandler(w, nil))
	app, err := NewApp(cfg)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	stop := start(ln, app)
	defer func() {
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = stop(shutdown)
	}()
	base := "http://" + ln.Addr().String()

	fmt.Fprintf(w, "lawful httpservice demo: Clipo's policy (seed 003) behind net/http on %s\n\n", base)
	steps := []struct {
		who          string
		header       string
		method, path string
		body         string
		show         bool // print the whole response body
	}{
		{who: "adult", header: adult.String(), method: "GET", path: "/account"},
		{who: "adult", header: adult.String(), method: "GET", path: "/voice", show: true},
		{who: "adult", header: adult.String(), method: "POST", path: "/consents", body: `{"purpose":"service.voice_clone","form":"click"}`},
		{who: "adult", header: adult.String(), method: "GET", path: "/voice"},
		{who: "adult", header: adult.String(), method: "POST", path: "/consents", body: `{"purpose":"service.voice_clone","form":"separate"}`},
		{who: "adult", header: adult.String(), method: "GET", path: "/voice"},
		{who: "adult", header: adult.String(), method: "DELETE", path: "/consents/service.voice_clone"},
		{who: "adult", header: adult.String(), method: "GET", path: "/voice"},
		{who: "no one", header: "not-a-uuid", method: "GET", path: "/voice", show: true},
		{who: "kid (13)", header: kid.String(), method: "POST", path: "/consents", body: `{"purpose":"service.voice_clone","form":"separate"}`},
		{who: "kid (13)", header: kid.String(), method: "GET", path: "/voice"},
		{who: "mother", header: mum.String(), method: "POST", path: "/consents", body: `{"purpose":"service.voice_clone","form":"separate","for":"` + kid.String() + `"}`},
		{who: "kid (13)", header: kid.String(), method: "GET", path: "/voice"},
		{who: "mother", header: mum.String(), method: "POST", path: "/consents", body: `{"purpose":"service.voice_clone","form":"written","for":"` + kid.String() + `"}`},
		{who: "kid (13)", header: kid.String(), method: "GET", path: "/voice"},
	}
	type shown struct {
		n           int
		contentType string
		body        []byte
	}
	var full []shown
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "   #\tas\trequest\tanswer")
	for i, s := range steps {
		req, err := http.NewRequestWithContext(ctx, s.method, base+s.path, strings.NewReader(s.body))
		if err != nil {
			return err
		}
		req.Header.Set(SubjectHeader, s.header)
		if s.body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		target := s.method + " " + s.path
		if s.body != "" {
			target += " " + strings.ReplaceAll(s.body, kid.String(), "<kid>")
		}
		fmt.Fprintf(tw, "   %d\t%s\t%s\t%d %s\n", i+1, s.who, target, resp.StatusCode, summary(resp, body))
		if s.show {
			full = append(full, shown{i + 1, resp.Header.Get("Content-Type"), body})
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, f := range full {
		var out bytes.Buffer
		if err := json.Indent(&out, f.body, "   ", "  "); err != nil {
			return fmt.Errorf("answer %d is not JSON: %w", f.n, err)
		}
		fmt.Fprintf(w, "\nAnswer %d in full (Content-Type: %s):\n   %s\n", f.n, f.contentType, strings.TrimSpace(out.String()))
	}
	return nil
}

// summary is a one-line account of a response for the demo.
func summary(resp *http.Response, body []byte) string {
	if resp.Header.Get("Content-Type") == ProblemContentType {
		var p Problem
		if json.Unmarshal(body, &p) == nil {
			if p.Reason != "" {
				return p.Reason
			}
			return p.Title
		}
	}
	if resp.StatusCode == http.StatusCreated || resp.Request.Method == http.MethodDelete {
		var rec ConsentRecord
		if json.Unmarshal(body, &rec) == nil {
			s := "recorded " + rec.Kind
			if rec.Form != "" {
				s += " (" + rec.Form + ")"
			}
			if rec.ByGuardian {
				s += " by guardian"
			}
			return s
		}
	}
	return strings.TrimSpace(string(body))
}
