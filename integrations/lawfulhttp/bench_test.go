package lawfulhttp_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/integrations/lawfulhttp"
)

// The middleware's overhead is BenchmarkRequire less BenchmarkCheck (the
// Guard's own work) less BenchmarkBareHandler (the test's request and
// recorder).

func benchServe(b *testing.B, h http.Handler, w *world) {
	r := httptest.NewRequest("GET", "/voice", nil)
	r.Header.Set(subjectHeader, w.alice.String())
	rec := httptest.NewRecorder()
	b.ReportAllocs()
	for b.Loop() {
		rec.Body.Reset()
		h.ServeHTTP(rec, r)
	}
	if rec.Code != http.StatusOK {
		b.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
}

func nop(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) }

func BenchmarkBareHandler(b *testing.B) {
	benchServe(b, http.HandlerFunc(nop), newWorld(b, nil))
}

func BenchmarkCheck(b *testing.B) {
	w := newWorld(b, nil)
	r := lawful.Request{Subject: w.alice, Purpose: voice, Operation: voiceUse.Operation, Categories: voiceprint}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if !w.svc.Check(ctx, r).Allowed() {
			b.Fatal("denied")
		}
	}
}

func BenchmarkRequire(b *testing.B) {
	w := newWorld(b, nil)
	m := newMiddleware(b, lawfulhttp.Options{Checker: w.svc, Attest: lawfulhttp.Always(lawful.ContractParty)})
	benchServe(b, m.RequireFunc(voiceUse, nop), w)
}

func BenchmarkHandlerThenRequire(b *testing.B) {
	w := newWorld(b, nil)
	m := newMiddleware(b, lawfulhttp.Options{Checker: w.svc, Attest: lawfulhttp.Always(lawful.ContractParty)})
	benchServe(b, m.Handler(m.RequireFunc(voiceUse, nop)), w)
}
