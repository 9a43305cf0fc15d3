package lawfulhttp_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/integrations/lawfulhttp"
	"github.com/lawfulgo/lawful/lawfultest"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

// subjectHeader stands for what an authenticating gateway sets in these
// tests; see lawfulhttp.Header.
const subjectHeader = "X-Verified-Subject"

var (
	voiceUse   = lawfulhttp.Route{Purpose: voice, Operation: purpose.Use, Categories: voiceprint}
	profileUse = lawfulhttp.Route{Purpose: profile, Operation: purpose.Use, Categories: phone}
)

// counting is a Checker that counts the checks it passes on.
type counting struct {
	c lawfulhttp.Checker
	n atomic.Int64
}

func (c *counting) Check(ctx context.Context, r lawful.Request) lawful.Decision {
	c.n.Add(1)
	return c.c.Check(ctx, r)
}

func newMiddleware(t testing.TB, o lawfulhttp.Options) *lawfulhttp.Middleware {
	t.Helper()
	if o.Subject == nil {
		o.Subject = lawfulhttp.Header(subjectHeader)
	}
	m, err := lawfulhttp.New(o)
	require.NoError(t, err)
	return m
}

// serve sends a request for id (none when zero) to h.
func serve(h http.Handler, method, target string, id subject.ID) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, nil)
	if !id.IsZero() {
		r.Header.Set(subjectHeader, id.String())
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	return rec
}

// problemOf decodes rec's body as a problem, checking its media type and
// that it carries no subject ID.
func problemOf(t *testing.T, rec *httptest.ResponseRecorder, ids ...subject.ID) lawfulhttp.Problem {
	t.Helper()
	assert.Equal(t, lawfulhttp.ContentType, rec.Header().Get("Content-Type"))
	assert.Equal(t, "no-store", rec.Header().Get("Cache-Control"))
	body := rec.Body.String()
	for _, id := range ids {
		assert.NotContains(t, strings.ToLower(body), strings.ToLower(id.String()), "a problem names the subject")
		assert.NotContains(t, strings.ToLower(body), fmt.Sprintf("%x", id[:]), "a problem names the subject")
	}
	var p lawfulhttp.Problem
	dec := json.NewDecoder(strings.NewReader(body))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(&p), body)
	assert.Equal(t, rec.Code, p.Status, "the body's status is the response's")
	return p
}

// ok is a handler that reports what its context carries.
func ok(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, _ := lawful.SubjectFrom(ctx)
	p, _ := lawful.PurposeFrom(ctx)
	d, decided := lawfulhttp.DecisionFrom(ctx)
	fmt.Fprintf(w, "subject=%s purpose=%s attest=%s decided=%t basis=%s", id, p, lawful.AttestFrom(ctx), decided, d.Basis)
}

func TestRequireRunsTheHandlerWithTheScopeInItsContextWhenAllowed(t *testing.T) {
	w := newWorld(t, nil)
	m := newMiddleware(t, lawfulhttp.Options{Checker: w.svc})
	rec := serve(m.RequireFunc(voiceUse, ok), "GET", "/voice", w.alice)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Equal(t, "subject="+w.alice.String()+" purpose=service.voice_clone attest= decided=true basis=consent", rec.Body.String())
}

func TestRequireAnswersADenialAsAProblemAndSkipsTheHandler(t *testing.T) {
	w := newWorld(t, nil)
	m := newMiddleware(t, lawfulhttp.Options{Checker: w.svc})
	ran := false
	rec := serve(m.RequireFunc(voiceUse, func(http.ResponseWriter, *http.Request) { ran = true }), "GET", "/voice", w.bob)
	assert.False(t, ran, "the handler ran on a denial")
	assert.Equal(t, http.StatusForbidden, rec.Code)
	p := problemOf(t, rec, w.alice, w.bob)
	assert.Equal(t, lawfulhttp.Problem{
		Type: "https://lawful.dev/reasons/no_consent", Title: "No consent", Status: 403,
		Detail: lawful.NoConsent.Hint(), Reason: "no_consent", Purpose: voice,
	}, p)
}

func TestTheAccountHoldersOwnDataIsAllowedOnTheContractGroundOnlyWhenAttested(t *testing.T) {
	w := newWorld(t, nil)
	plain := newMiddleware(t, lawfulhttp.Options{Checker: w.svc})
	rec := serve(plain.RequireFunc(profileUse, ok), "GET", "/me", w.bob)
	assert.Equal(t, http.StatusForbidden, rec.Code)
	assert.Equal(t, "contract_party_required", problemOf(t, rec, w.bob).Reason)

	holder := newMiddleware(t, lawfulhttp.Options{Checker: w.svc, Attest: lawfulhttp.Always(lawful.ContractParty)})
	rec = serve(holder.RequireFunc(profileUse, ok), "GET", "/me", w.bob)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Contains(t, rec.Body.String(), "attest=contract_party decided=true basis=contract")
}

func TestAnAttesterSeesTheSubjectAndCanRefuseToAttestForSomeoneElse(t *testing.T) {
	w := newWorld(t, nil)
	// Staff name the subject in the path; only the account holder's own
	// requests are the contract party's.
	caller := func(r *http.Request) subject.ID { id, _ := subject.ParseID(r.Header.Get("X-Caller")); return id }
	m := newMiddleware(t, lawfulhttp.Options{Checker: w.svc,
		Subject: lawfulhttp.SubjectFunc(func(r *http.Request) (subject.ID, error) { return subject.ParseID(r.PathValue("id")) }),
		Attest: lawfulhttp.AttestFunc(func(r *http.Request, id subject.ID) lawful.Attestation {
			if caller(r) == id {
				return lawful.ContractParty
			}
			return 0
		})})
	mux := http.NewServeMux()
	mux.Handle("GET /users/{id}/phone", m.RequireFunc(profileUse, ok))
	get := func(callerID, id subject.ID) int {
		r := httptest.NewRequest("GET", "/users/"+id.String()+"/phone", nil)
		r.Header.Set("X-Caller", callerID.String())
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, r)
		return rec.Code
	}
	assert.Equal(t, http.StatusOK, get(w.bob, w.bob))
	assert.Equal(t, http.StatusForbidden, get(w.alice, w.bob))
}

func TestAFailingStoreIsAnswered503(t *testing.T) {
	w := newWorld(t, lawfultest.FailingDirectory{Err: errors.New("directory down at db-7.internal")})
	m := newMiddleware(t, lawfulhttp.Options{Checker: w.svc})
	rec := serve(m.RequireFunc(voiceUse, ok), "GET", "/voice", w.alice)
	assert.Equal(t, http.StatusServiceUnavailable, rec.Code)
	p := problemOf(t, rec, w.alice)
	assert.Equal(t, "store_unavailable", p.Reason)
	assert.Equal(t, purpose.ID("service.voice_clone"), p.Purpose, "the store failed after the policy declared the purpose")
	assert.NotContains(t, rec.Body.String(), "db-7", "the store's error reached the client")
}

func TestAMissingOrMalformedSubjectIsAnswered400WithoutCheckingOrEchoing(t *testing.T) {
	w := newWorld(t, nil)
	c := &counting{c: w.svc}
	m := newMiddleware(t, lawfulhttp.Options{Checker: c})
	h := m.RequireFunc(voiceUse, ok)

	rec := serve(h, "GET", "/voice", subject.ID{})
	assert.Equal(t, http.StatusBadRequest, rec.Code)
	p := problemOf(t, rec)
	assert.Equal(t, lawfulhttp.TypeInvalidSubject, p.Type)
	assert.Contains(t, p.Detail, "names no data subject")

	r := httptest.NewRequest("GET", "/voice", nil)
	r.Header.Set(subjectHeader, "alice@example.com")
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	assert.Equal(t, http.StatusBadRequest, rec.Code)
	assert.Equal(t, lawfulhttp.TypeInvalidSubject, problemOf(t, rec).Type)
	assert.NotContains(t, rec.Body.String(), "alice", "the header's value was echoed")

	r.Header.Add(subjectHeader, w.alice.String())
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	assert.Equal(t, http.StatusBadRequest, rec.Code, "a repeated header")
	assert.Zero(t, c.n.Load(), "the Guard was asked without a subject")
}

func TestAnExtractorsProblemChoosesTheResponse(t *testing.T) {
	w := newWorld(t, nil)
	unauth := &lawfulhttp.Problem{Type: "https://example.com/problems/sign-in", Title: "Sign in", Status: http.StatusUnauthorized}
	m := newMiddleware(t, lawfulhttp.Options{Checker: w.svc,
		Subject: lawfulhttp.SubjectFunc(func(*http.Request) (subject.ID, error) { return subject.ID{}, unauth })})
	rec := serve(m.RequireFunc(voiceUse, ok), "GET", "/voice", w.alice)
	assert.Equal(t, http.StatusUnauthorized, rec.Code)
	assert.Equal(t, *unauth, problemOf(t, rec))
}

func TestOnErrorReceivesWhichPartFailed(t *testing.T) {
	w := newWorld(t, nil)
	var got *lawfulhttp.ExtractError
	m := newMiddleware(t, lawfulhttp.Options{Checker: w.svc,
		Purpose: lawfulhttp.PurposeFunc(func(*http.Request) (purpose.ID, error) { return "", errors.New("no route") }),
		OnError: func(rw http.ResponseWriter, _ *http.Request, err error) {
			got, _ = errors.AsType[*lawfulhttp.ExtractError](err)
			rw.WriteHeader(http.StatusTeapot)
		}})
	rec := serve(m.RequireFunc(lawfulhttp.Route{Operation: purpose.Use, Categories: voiceprint}, ok), "GET", "/voice", w.alice)
	assert.Equal(t, http.StatusTeapot, rec.Code)
	require.NotNil(t, got)
	assert.Equal(t, "purpose", got.Part)
	assert.EqualError(t, got.Unwrap(), "no route")
}

func TestAnUndeclaredPurposeFromTheClientIsRefusedAndNotEchoed(t *testing.T) {
	w := newWorld(t, nil)
	m := newMiddleware(t, lawfulhttp.Options{Checker: w.svc,
		Purpose: lawfulhttp.PurposeFunc(func(r *http.Request) (purpose.ID, error) { return purpose.ID(r.URL.Query().Get("purpose")), nil })})
	h := m.RequireFunc(lawfulhttp.Route{Operation: purpose.Use, Categories: voiceprint}, ok)
	rec := serve(h, "GET", "/voice?purpose=alice.secret", w.alice)
	assert.Equal(t, http.StatusForbidden, rec.Code)
	p := problemOf(t, rec, w.alice)
	assert.Equal(t, "unknown_purpose", p.Reason)
	assert.NotContains(t, rec.Body.String(), "alice.secret")

	rec = serve(h, "GET", "/voice?purpose=service.voice_clone", w.alice)
	assert.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
}

func TestARouteRequestFunctionCompletesTheCheckAndItsErrorsAre400(t *testing.T) {
	w := newWorld(t, nil)
	m := newMiddleware(t, lawfulhttp.Options{Checker: w.svc})
	var seen lawful.Request
	rt := lawfulhttp.Route{Purpose: delivery, Operation: purpose.Entrust, Categories: address,
		Request: func(r *http.Request, lr *lawful.Request) error {
			lr.Recipient = r.URL.Query().Get("courier")
			if lr.Recipient == "" {
				return errors.New("no courier")
			}
			seen = *lr
			return nil
		}}
	h := m.RequireFunc(rt, ok)
	rec := serve(h, "POST", "/ship", w.alice)
	assert.Equal(t, http.StatusBadRequest, rec.Code)
	assert.Equal(t, lawfulhttp.TypeInvalidRequest, problemOf(t, rec).Type)

	rec = serve(h, "POST", "/ship?courier=Courier+Ltd", w.alice)
	assert.Equal(t, "Courier Ltd", seen.Recipient)
	assert.Equal(t, w.alice, seen.Subject)
	// Entrusting on the contract ground needs the contract party's
	// attestation; the recipient itself was accepted.
	assert.Equal(t, "contract_party_required", problemOf(t, rec).Reason)
	assert.Equal(t, delivery, problemOf(t, rec).Purpose)

	rec = serve(h, "POST", "/ship?courier=Someone", w.alice)
	assert.Equal(t, "recipient_not_declared", problemOf(t, rec).Reason)
}

func TestHandlerPutsTheScopeInTheContextForChecksBelowIt(t *testing.T) {
	w := newWorld(t, nil)
	m := newMiddleware(t, lawfulhttp.Options{Checker: w.svc, Purpose: lawfulhttp.FixedPurpose(voice)})
	inner := http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		// The repository asks without naming the subject or the purpose.
		_, err := lawful.Do(r.Context(), w.svc.Guard(), lawful.Request{Operation: purpose.Use, Categories: voiceprint},
			func(context.Context) (string, error) { return "voiceprint", nil })
		if lawfulhttp.WriteDenial(rw, err) {
			return
		}
		ok(rw, r)
	})
	h := m.Handler(inner)
	rec := serve(h, "GET", "/voice", w.alice)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Contains(t, rec.Body.String(), "purpose=service.voice_clone attest= decided=false")

	rec = serve(h, "GET", "/voice", w.bob)
	assert.Equal(t, http.StatusForbidden, rec.Code)
	assert.Equal(t, "no_consent", problemOf(t, rec, w.bob).Reason)

	rec = serve(h, "GET", "/voice", subject.ID{})
	assert.Equal(t, http.StatusBadRequest, rec.Code)
}

func TestRequireUsesTheSubjectAnEarlierHandlerSetAndTheRoutesPurpose(t *testing.T) {
	w := newWorld(t, nil)
	calls := 0
	m := newMiddleware(t, lawfulhttp.Options{Checker: w.svc, Purpose: lawfulhttp.FixedPurpose(profile),
		Subject: lawfulhttp.SubjectFunc(func(r *http.Request) (subject.ID, error) {
			calls++
			return lawfulhttp.Header(subjectHeader).Subject(r)
		})})
	rec := serve(m.Handler(m.RequireFunc(voiceUse, ok)), "GET", "/voice", w.alice)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Contains(t, rec.Body.String(), "purpose=service.voice_clone", "the route's purpose wins")
	assert.Equal(t, 1, calls, "the subject was extracted twice")
}

func TestRequireWorksWithServeMuxPatterns(t *testing.T) {
	w := newWorld(t, nil)
	m := newMiddleware(t, lawfulhttp.Options{Checker: w.svc, Attest: lawfulhttp.Always(lawful.ContractParty)})
	mux := http.NewServeMux()
	mux.Handle("GET /me/voice", m.RequireFunc(voiceUse, ok))
	mux.Handle("PUT /me/phone", m.RequireFunc(lawfulhttp.Route{Purpose: profile, Operation: purpose.Collect, Categories: phone}, ok))
	mux.HandleFunc("GET /healthz", func(rw http.ResponseWriter, _ *http.Request) { rw.WriteHeader(http.StatusNoContent) })

	for _, tc := range []struct {
		method, path string
		id           subject.ID
		want         int
	}{
		{"GET", "/me/voice", w.alice, 200},
		{"GET", "/me/voice", w.bob, 403},
		{"PUT", "/me/phone", w.bob, 200},
		{"POST", "/me/voice", w.alice, 405}, // the mux answers; no check
		{"GET", "/healthz", subject.ID{}, 204},
		{"GET", "/nowhere", w.alice, 404},
	} {
		rec := serve(mux, tc.method, tc.path, tc.id)
		assert.Equal(t, tc.want, rec.Code, "%s %s: %s", tc.method, tc.path, rec.Body.String())
	}
}

func TestRequirePanicsOnARouteThatCouldOnlyFail(t *testing.T) {
	w := newWorld(t, nil)
	m := newMiddleware(t, lawfulhttp.Options{Checker: w.svc})
	for name, rt := range map[string]lawfulhttp.Route{
		"no operation":       {Purpose: voice, Categories: voiceprint},
		"no categories":      {Purpose: voice, Operation: purpose.Use},
		"no recipient":       {Purpose: delivery, Operation: purpose.Entrust, Categories: address},
		"needless recipient": {Purpose: delivery, Operation: purpose.Use, Categories: address, Recipient: "Courier Ltd"},
	} {
		assert.Panics(t, func() { m.RequireFunc(rt, ok) }, name)
	}
	assert.Panics(t, func() { m.Require(voiceUse, nil) })
	assert.NotPanics(t, func() {
		m.RequireFunc(lawfulhttp.Route{Request: func(*http.Request, *lawful.Request) error { return nil }}, ok)
	}, "a route completed per request is checked per request")
}

func TestNewNamesEveryMissingOption(t *testing.T) {
	_, err := lawfulhttp.New(lawfulhttp.Options{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "Options.Checker is nil")
	assert.Contains(t, err.Error(), "Options.Subject is nil")
}

func TestAZeroDecisionIsAnswered500(t *testing.T) {
	zero := lawfulhttp.Checker(checkerFunc(func(context.Context, lawful.Request) lawful.Decision { return lawful.Decision{} }))
	m := newMiddleware(t, lawfulhttp.Options{Checker: zero})
	id := subject.MustParseID("0192f000-0000-7000-8000-00000000a11c")
	rec := serve(m.RequireFunc(voiceUse, ok), "GET", "/voice", id)
	assert.Equal(t, http.StatusInternalServerError, rec.Code)
	assert.Equal(t, "not_configured", problemOf(t, rec, id).Reason)
}

type checkerFunc func(context.Context, lawful.Request) lawful.Decision

func (f checkerFunc) Check(ctx context.Context, r lawful.Request) lawful.Decision { return f(ctx, r) }

func TestWriteDenialWritesOnlyDenials(t *testing.T) {
	w := newWorld(t, nil)
	rec := httptest.NewRecorder()
	assert.False(t, lawfulhttp.WriteDenial(rec, errors.New("disk full")))
	assert.False(t, lawfulhttp.WriteDenial(rec, nil))
	assert.Equal(t, 0, rec.Body.Len())
	err := w.svc.Allow(context.Background(), lawful.Request{Subject: w.bob, Purpose: voice, Operation: purpose.Use, Categories: voiceprint})
	assert.True(t, lawfulhttp.WriteDenial(rec, fmt.Errorf("loading: %w", err)))
	assert.Equal(t, "no_consent", problemOf(t, rec, w.bob).Reason)
}

func TestStatusForEveryReason(t *testing.T) {
	want := map[lawful.Reason]int{
		lawful.ReasonNone: 500, lawful.NotConfigured: 500, lawful.TamperDetected: 500,
		lawful.StoreUnavailable: 503, lawful.ContextDone: 503,
		lawful.InvalidRequest: 400,
	}
	n := 0
	for r := range lawful.Reason(255) {
		if strings.HasPrefix(r.String(), "Reason(") {
			break
		}
		n++
		code, special := want[r]
		if !special {
			code = http.StatusForbidden
		}
		assert.Equal(t, code, lawfulhttp.StatusFor(r), r.String())
	}
	assert.Greater(t, n, 30)
}

func TestADenialsProblemEchoesThePurposeOnlyOnceDeclared(t *testing.T) {
	d := lawful.Decision{Reason: lawful.UnknownPurpose, Request: lawful.Request{Purpose: "anything the client sent", Categories: pii.MustParseSet("contact.phone")}}
	assert.Empty(t, lawfulhttp.DenialProblem(d).Purpose)
	d.Reason = lawful.ConsentWithdrawn
	assert.Empty(t, lawfulhttp.DenialProblem(d).Purpose, "a Decision no Guard made vouches for no purpose")
}

func TestRequestsDuringAPolicyReloadAreAnsweredByTheOldOrTheNewPolicy(t *testing.T) {
	w := newWorld(t, nil)
	m := newMiddleware(t, lawfulhttp.Options{Checker: w.svc})
	h := m.RequireFunc(voiceUse, ok)
	done := make(chan struct{})
	var wrong atomic.Int64
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				if rec := serve(h, "GET", "/voice", w.alice); rec.Code != http.StatusOK {
					wrong.Add(1)
				}
			}
		})
	}
	for range 20 {
		require.NoError(t, w.svc.Reload(context.Background(), testPolicy()))
	}
	close(done)
	wg.Wait()
	assert.Zero(t, wrong.Load(), "a request failed while the same policy was reloaded")
}

func TestARouteRequestFunctionCannotSwitchTheSubjectTheAttesterVouchedFor(t *testing.T) {
	w := newWorld(t, nil)
	m := newMiddleware(t, lawfulhttp.Options{Checker: w.svc, Attest: lawfulhttp.Always(lawful.ContractParty)})
	ran := false
	h := m.RequireFunc(lawfulhttp.Route{Purpose: profile, Operation: purpose.Use, Categories: phone,
		Request: func(_ *http.Request, lr *lawful.Request) error { lr.Subject = w.bob; return nil }},
		func(http.ResponseWriter, *http.Request) { ran = true })
	rec := serve(h, "GET", "/users/bob/phone", w.alice)
	assert.False(t, ran)
	assert.Equal(t, http.StatusInternalServerError, rec.Code)
	assert.Equal(t, lawfulhttp.TypeInternal, problemOf(t, rec, w.alice, w.bob).Type)
}
