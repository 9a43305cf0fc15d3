package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/examples/policies"
	"github.com/lawfulgo/lawful/lawfultest"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

// env is the service under test over a lawfultest World (directory and
// fake clock) with these people:
//
//	adult, stranger   adults
//	kid               13, guardian mum (verified)
//	teen              16, guardian dad (verified)
//	ghost             a well-formed ID that is not in the directory
type env struct {
	w      *lawfultest.World
	app    *App
	people map[string]subject.ID
	// personal are values that no problem body may contain.
	personal []string
}

func newEnv(t *testing.T, store consent.Store) *env {
	t.Helper()
	reg, err := policies.Open("clipo.json")
	require.NoError(t, err)
	w := lawfultest.New(t, reg, lawfultest.Options{Regime: ClipoRegime()})
	e := &env{w: w, people: map[string]subject.ID{}}
	e.people["adult"] = w.Adult(t)
	e.people["stranger"] = w.Adult(t)
	e.people["kid"] = w.Child(t, 13)
	e.people["mum"] = w.Guardian(t, e.people["kid"])
	e.people["teen"] = w.Child(t, 16)
	e.people["dad"] = w.Guardian(t, e.people["teen"])
	e.people["ghost"] = w.NewID(t)

	recs := NewRecords()
	for name, id := range e.people {
		a := Account{ID: "acct-" + name, Email: name + "@example.com", Phone: "+86 138 0000 " + name}
		v := Voice{Samples: []string{"s3://voice/" + name + ".wav"}, Voiceprint: "vp-" + name}
		recs.PutAccount(id, a)
		recs.PutVoice(id, v)
		e.personal = append(e.personal, id.String(), a.ID, a.Email, a.Phone, v.Samples[0], v.Voiceprint)
	}
	app, err := NewApp(Config{
		Registry:  reg,
		Directory: w.Directory,
		Store:     store,
		Keys:      w.Keys,
		Anchor:    w.Anchor,
		Clock:     w.Clock,
		Records:   recs,
		Logger:    slog.New(slog.DiscardHandler),
	})
	require.NoError(t, err)
	e.app = app
	return e
}

// expand replaces {name} with the ID of the person of that name.
func (e *env) expand(s string) string {
	for name, id := range e.people {
		s = strings.ReplaceAll(s, "{"+name+"}", id.String())
	}
	return s
}

// serve sends one request, as the person named (their ID in X-Subject-ID),
// or with the raw header values given.
func (e *env) serve(method, target, body string, header []string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, e.expand(target), strings.NewReader(e.expand(body)))
	for _, h := range header {
		req.Header.Add(SubjectHeader, e.expand(h))
	}
	rec := httptest.NewRecorder()
	e.app.ServeHTTP(rec, req)
	return rec
}

// step is one request of a scenario and what must come back.
type step struct {
	as     string   // the person acting; see env
	header []string // raw X-Subject-ID values instead of as's ID; [] for none
	method string
	target string // path and query; {name} is replaced by that person's ID
	body   string // {name} is replaced too

	status int
	reason string // for a denial: the problem's reason
	ptype  string // for another problem: its type
	detail string // a substring the problem's detail must contain
}

func TestService(t *testing.T) {
	const voice = `{"purpose":"service.voice_clone","form":"%s"}`
	grant := func(as, form string) step {
		return step{as: as, method: "POST", target: "/consents", body: strings.Replace(voice, "%s", form, 1), status: 201}
	}
	grantFor := func(as, child, form string) step {
		return step{as: as, method: "POST", target: "/consents",
			body: `{"purpose":"service.voice_clone","form":"` + form + `","for":"{` + child + `}"}`, status: 201}
	}
	read := func(as string, status int, reason string) step {
		return step{as: as, method: "GET", target: "/voice", status: status, reason: reason}
	}
	withdraw := func(as string) step {
		return step{as: as, method: "DELETE", target: "/consents/service.voice_clone", status: 200}
	}
	tests := []struct {
		name  string
		store consent.Store
		steps []step
	}{
		{"read_of_voice_without_consent_is_403_no_consent_PIPL_art13_1_1", nil, []step{
			read("adult", 403, "no_consent"),
		}},
		{"read_of_account_on_contract_needs_no_consent_PIPL_art13_1_2", nil, []step{
			{as: "adult", method: "GET", target: "/account", status: 200},
		}},
		{"read_of_voice_with_separate_consent_is_200_PIPL_art29", nil, []step{
			grant("adult", "separate"),
			read("adult", 200, ""),
		}},
		{"click_consent_to_voice_clone_is_403_separate_consent_required_PIPL_art29_DSP_art14", nil, []step{
			grant("adult", "click"),
			read("adult", 403, "separate_consent_required"),
		}},
		{"withdrawal_then_read_is_403_consent_withdrawn_PIPL_art15", nil, []step{
			grant("adult", "separate"),
			read("adult", 200, ""),
			withdraw("adult"),
			read("adult", 403, "consent_withdrawn"),
		}},
		{"child_under_14_with_own_consent_is_403_guardian_consent_required_PIPL_art31", nil, []step{
			grant("kid", "separate"),
			read("kid", 403, "guardian_consent_required"),
		}},
		{"child_under_14_with_guardians_written_consent_is_200_PIPL_art31_seed003_s7_1", nil, []step{
			grantFor("mum", "kid", "written"),
			read("kid", 200, ""),
		}},
		{"guardians_separate_but_unwritten_consent_is_403_written_consent_required_seed003_s7_1", nil, []step{
			grantFor("mum", "kid", "separate"),
			read("kid", 403, "written_consent_required"),
		}},
		{"minor_of_16_needs_a_guardian_under_clipos_policy_seed003_s7_1", nil, []step{
			grant("teen", "written"),
			read("teen", 403, "guardian_consent_required"),
			grantFor("dad", "teen", "written"),
			read("teen", 200, ""),
		}},
		{"guardian_withdraws_for_child_then_read_is_403_consent_withdrawn_PIPL_art15_art31", nil, []step{
			grantFor("mum", "kid", "written"),
			read("kid", 200, ""),
			{as: "mum", method: "DELETE", target: "/consents/service.voice_clone?for={kid}", status: 200},
			read("kid", 403, "consent_withdrawn"),
		}},
		{"stranger_cannot_consent_for_a_child_is_422_PIPL_art31", nil, []step{
			{as: "stranger", method: "POST", target: "/consents", body: `{"purpose":"service.voice_clone","form":"written","for":"{kid}"}`,
				status: 422, ptype: TypeConsentRefused, detail: "consent: guardian not linked to subject"},
			read("kid", 403, "guardian_consent_required"),
		}},
		{"unknown_subject_is_403_unknown_subject_fail_closed", nil, []step{
			read("ghost", 403, "unknown_subject"),
		}},
		{"missing_subject_header_is_400", nil, []step{
			{header: []string{}, method: "GET", target: "/voice", status: 400, ptype: TypeInvalidSubject, detail: "missing"},
		}},
		{"malformed_subject_header_is_400", nil, []step{
			{header: []string{"not-a-uuid"}, method: "GET", target: "/voice", status: 400, ptype: TypeInvalidSubject, detail: "not a subject ID"},
		}},
		{"zero_uuid_subject_header_is_400", nil, []step{
			{header: []string{"00000000-0000-0000-0000-000000000000"}, method: "GET", target: "/account", status: 400, ptype: TypeInvalidSubject},
		}},
		{"repeated_subject_header_is_400", nil, []step{
			{header: []string{"{adult}", "{kid}"}, method: "GET", target: "/voice", status: 400, ptype: TypeInvalidSubject, detail: "repeated"},
		}},
		{"consent_route_needs_a_subject_too_400", nil, []step{
			{header: []string{"nope"}, method: "POST", target: "/consents", body: `{"purpose":"service.voice_clone","form":"separate"}`, status: 400, ptype: TypeInvalidSubject},
		}},
		{"consent_to_an_undeclared_purpose_is_422_PIPL_art14", nil, []step{
			{as: "adult", method: "POST", target: "/consents", body: `{"purpose":"ads.targeted","form":"separate"}`,
				status: 422, ptype: TypeConsentRefused, detail: "consent: unknown purpose"},
		}},
		{"withdrawing_what_was_never_given_is_422", nil, []step{
			{as: "adult", method: "DELETE", target: "/consents/service.voice_clone", status: 422, ptype: TypeConsentRefused, detail: "consent: nothing to withdraw"},
		}},
		{"consent_without_a_valid_form_is_400", nil, []step{
			{as: "adult", method: "POST", target: "/consents", body: `{"purpose":"service.voice_clone","form":"implied"}`, status: 400, ptype: TypeInvalidRequest, detail: `"form"`},
			{as: "adult", method: "POST", target: "/consents", body: `{"purpose":"service.voice_clone"}`, status: 400, ptype: TypeInvalidRequest, detail: `"form"`},
		}},
		{"malformed_consent_bodies_are_400", nil, []step{
			{as: "adult", method: "POST", target: "/consents", body: `{"purpose":"service.voice_clone","form":"separate","extra":1}`, status: 400, ptype: TypeInvalidRequest},
			{as: "adult", method: "POST", target: "/consents", body: `{"purpose":"service.voice_clone","form":"separate"} {}`, status: 400, ptype: TypeInvalidRequest},
			{as: "adult", method: "POST", target: "/consents", body: `{"purpose":"ads.targeted","purpose":"service.voice_clone","form":"separate"}`, status: 400, ptype: TypeInvalidRequest, detail: `"purpose" twice`},
			{as: "adult", method: "POST", target: "/consents", body: `{"Purpose":"service.voice_clone","form":"separate"}`, status: 400, ptype: TypeInvalidRequest, detail: `"Purpose"`},
			{as: "adult", method: "POST", target: "/consents", body: `{"purpose":{"id":"service.voice_clone"},"form":"separate"}`, status: 400, ptype: TypeInvalidRequest},
			{as: "adult", method: "POST", target: "/consents", body: `not json`, status: 400, ptype: TypeInvalidRequest},
			{as: "adult", method: "POST", target: "/consents", body: `{"form":"separate"}`, status: 400, ptype: TypeInvalidRequest, detail: `"purpose"`},
			{as: "adult", method: "POST", target: "/consents", body: `{"purpose":"service.voice_clone","form":"separate","for":"kid"}`, status: 400, ptype: TypeInvalidRequest, detail: `"for"`},
			{as: "adult", method: "POST", target: "/consents", body: `{"purpose":"` + strings.Repeat("x", 5000) + `","form":"separate"}`, status: 400, ptype: TypeInvalidRequest},
			{as: "mum", method: "DELETE", target: "/consents/service.voice_clone?for=kid", status: 400, ptype: TypeInvalidRequest, detail: `"for"`},
			read("adult", 403, "no_consent"),
		}},
		{"consent_store_down_read_is_503_store_unavailable_fail_closed", lawfultest.FailingStore{}, []step{
			read("adult", 503, "store_unavailable"),
			{as: "adult", method: "POST", target: "/consents", body: `{"purpose":"service.voice_clone","form":"separate"}`, status: 503, reason: "store_unavailable"},
			// A contract-based read needs the ledger too: a restriction
			// recorded there would stop it (PIPL art. 44), so it fails
			// closed; only processing a law requires goes on.
			{as: "adult", method: "GET", target: "/account", status: 503, reason: "store_unavailable"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, tt.store)
			for i, st := range tt.steps {
				e.w.Clock.Advance(time.Minute)
				header := st.header
				if header == nil {
					header = []string{"{" + st.as + "}"}
				}
				rec := e.serve(st.method, st.target, st.body, header)
				where := []any{fmt.Sprintf("step %d: %s %s", i+1, st.method, st.target)}
				require.Equal(t, st.status, rec.Code, "%s: %s", where[0], rec.Body.String())
				if rec.Code < 400 {
					assert.Equal(t, "application/json", rec.Header().Get("Content-Type"), where...)
					assert.Equal(t, "no-store", rec.Header().Get("Cache-Control"), where...)
					continue
				}
				assert.Equal(t, ProblemContentType, rec.Header().Get("Content-Type"), where...)
				var p map[string]any
				require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &p), where...)
				assert.Equal(t, float64(st.status), p["status"], where...)
				assert.NotEmpty(t, p["title"], where...)
				assert.NotEmpty(t, p["detail"], where...)
				if st.reason != "" {
					assert.Equal(t, st.reason, p["reason"], where...)
					assert.Equal(t, ReasonTypePrefix+st.reason, p["type"], where...)
				} else {
					assert.Equal(t, st.ptype, p["type"], where...)
					assert.NotContains(t, p, "reason", where...)
				}
				if st.detail != "" {
					assert.Contains(t, p["detail"], st.detail, where...)
				}
				for _, v := range e.personal {
					assert.NotContains(t, rec.Body.String(), v, "%s: a problem must carry no personal value", where[0])
				}
			}
		})
	}
}

// Every member of the problem for a denied read, exactly (RFC 9457 §3.1,
// §3.2), and nothing more.
func TestDeniedReadIsAProblemDocument_RFC9457(t *testing.T) {
	tests := []struct {
		name     string
		reason   lawful.Reason
		store    consent.Store
		withdraw bool // grant and withdraw over HTTP first
		status   int
		title    string
	}{
		{"no_consent_is_403_PIPL_art13_1_1", lawful.NoConsent, nil, false, 403, "No consent"},
		{"consent_withdrawn_is_403_PIPL_art15", lawful.ConsentWithdrawn, nil, true, 403, "Consent withdrawn"},
		{"store_unavailable_is_503_fail_closed", lawful.StoreUnavailable, lawfultest.FailingStore{}, false, 503, "Store unavailable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, tt.store)
			if tt.withdraw {
				rec := e.serve("POST", "/consents", `{"purpose":"service.voice_clone","form":"separate"}`, []string{"{adult}"})
				require.Equal(t, 201, rec.Code, rec.Body.String())
				e.w.Clock.Advance(time.Minute)
				rec = e.serve("DELETE", "/consents/service.voice_clone", "", []string{"{adult}"})
				require.Equal(t, 200, rec.Code, rec.Body.String())
				e.w.Clock.Advance(time.Minute)
			}
			rec := e.serve("GET", "/voice", "", []string{"{adult}"})

			assert.Equal(t, tt.status, rec.Code)
			assert.Equal(t, "application/problem+json", rec.Header().Get("Content-Type"))
			var got map[string]any
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &got))
			assert.Equal(t, map[string]any{
				"type":    "https://lawful.dev/reasons/" + tt.reason.String(),
				"title":   tt.title,
				"status":  float64(tt.status),
				"detail":  tt.reason.Hint(),
				"reason":  tt.reason.String(),
				"purpose": "service.voice_clone",
			}, got)
		})
	}
}

func TestMiddlewareSetsWhoAndWhy(t *testing.T) {
	id := subject.MustParseID("019cb000-0000-7000-8000-00000000a001")
	tests := []struct {
		name        string
		purpose     purpose.ID
		wantPurpose bool
	}{
		{"data_route_sets_subject_and_route_purpose", PurposeVoiceClone, true},
		{"consent_route_sets_subject_only", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ran bool
			h := Middleware(tt.purpose)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				ran = true
				got, ok := lawful.SubjectFrom(r.Context())
				assert.True(t, ok)
				assert.Equal(t, id, got)
				p, ok := lawful.PurposeFrom(r.Context())
				assert.Equal(t, tt.wantPurpose, ok)
				assert.Equal(t, tt.purpose, p)
			}))
			req := httptest.NewRequest("GET", "/", nil)
			req.Header.Set(SubjectHeader, strings.ToUpper(id.String()))
			h.ServeHTTP(httptest.NewRecorder(), req)
			assert.True(t, ran)
		})
	}

	t.Run("bad_header_stops_before_the_handler", func(t *testing.T) {
		h := Middleware(PurposeVoiceClone)(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
			t.Error("handler ran for a request without a valid subject")
		}))
		req := httptest.NewRequest("GET", "/", nil)
		req.Header.Set(SubjectHeader, "019cb000-0000-7000-8000")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		assert.Equal(t, 400, rec.Code)
		assert.NotContains(t, rec.Body.String(), "019cb000-0000-7000-8000\"", "the header's value is not echoed")
	})
}

func TestStatusFor(t *testing.T) {
	n := 0
	for r := lawful.NotConfigured; !strings.HasPrefix(r.String(), "Reason("); r++ {
		n++
		want := http.StatusForbidden
		switch r {
		case lawful.InvalidRequest:
			want = http.StatusBadRequest
		case lawful.StoreUnavailable, lawful.ContextDone:
			want = http.StatusServiceUnavailable
		case lawful.NotConfigured, lawful.TamperDetected:
			want = http.StatusInternalServerError // the service is broken, not the request
		}
		assert.Equal(t, want, StatusFor(r), r.String())
	}
	assert.Greater(t, n, 20, "every reason is covered")
}

func TestNewAppRefusesAnIncompleteConfig(t *testing.T) {
	other, err := purpose.LoadPolicy(strings.NewReader(`{
		"schema": 1, "name": {"en": "Other"}, "version": "1",
		"controller": {"name": {"en": "Other Co."}, "contact": "privacy@other.example"},
		"regimes": ["pipl"],
		"retention": [{"id": "r", "summary": {"en": "deleted on closing"}, "rule": {"trigger": "account_closed", "action": "delete"}}],
		"purposes": [{"id": "signup.login", "name": {"en": "Login"}, "core": true, "versions": [{"number": 1}],
			"categories": {"required": ["account.id"]}, "operations": ["use"], "basis": "contract", "retention": "r"}]
	}`))
	require.NoError(t, err)

	tests := []struct {
		name string
		cfg  Config
		want []string
	}{
		{"nothing", Config{}, []string{"Config.Registry is nil", "Config.Directory is nil"}},
		{"policy_without_a_routes_purpose", Config{Registry: other, Directory: subject.NewMemDirectory()},
			[]string{`does not declare purpose "service.voice_clone"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app, err := NewApp(tt.cfg)
			assert.Nil(t, app)
			require.Error(t, err)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

func TestDemo(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, demo(t.Context(), &out))
	s := out.String()
	for _, re := range []string{
		`1\s+adult\s+GET /account\s+200 \{"id":"acct-1001"`,
		`2\s+adult\s+GET /voice\s+403 no_consent`,
		`4\s+adult\s+GET /voice\s+403 separate_consent_required`,
		`6\s+adult\s+GET /voice\s+200 \{"samples"`,
		`8\s+adult\s+GET /voice\s+403 consent_withdrawn`,
		`9\s+no one\s+GET /voice\s+400 Invalid subject ID`,
		`11\s+kid \(13\)\s+GET /voice\s+403 guardian_consent_required`,
		`13\s+kid \(13\)\s+GET /voice\s+403 written_consent_required`,
		`15\s+kid \(13\)\s+GET /voice\s+200`,
		`"type": "https://lawful.dev/reasons/no_consent"`,
	} {
		assert.Regexp(t, re, s)
	}
}

// FuzzDecodeConsentRequest checks that the strict decoder never panics and
// accepts only bodies encoding/json reads the same way: one object, no
// duplicate or case-variant keys, string values.
func FuzzDecodeConsentRequest(f *testing.F) {
	for _, seed := range []string{
		`{"purpose":"service.voice_clone","form":"separate"}`,
		`{"purpose":"a","purpose":"b"}`,
		`{"Purpose":"a"}`,
		`{"for":"x","form":"click","purpose":"p"} `,
		`{"purpose":{}}`, `[]`, `{`, `{"purpose":"a"}{}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := decodeConsentRequest(bytes.NewReader(data))
		if err != nil {
			return
		}
		var lenient ConsentRequest
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&lenient); err != nil {
			t.Fatalf("strict decoding accepted %q, encoding/json refuses it: %v", data, err)
		}
		if got != lenient {
			t.Fatalf("%q: strict %+v, encoding/json %+v", data, got, lenient)
		}
	})
}
