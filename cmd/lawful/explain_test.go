package main

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/lawfulgo/lawful/purpose"
)

func testPolicy(t testing.TB) *purpose.Registry {
	t.Helper()
	f, err := os.Open("testdata/policy.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	reg, err := purpose.LoadPolicy(f)
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

const (
	adult = `"birth": "1990-05-01", "jurisdiction": "CN"`
	now   = `"now": "2026-03-01T10:00:00+08:00"`
)

// TestExplainDecidesEveryStage explains requests that each stage decides,
// and requires the Guard's reason and the trace's deciding stage.
func TestExplainDecidesEveryStage(t *testing.T) {
	reg := testPolicy(t)
	for _, tc := range []struct {
		name, file  string
		want, stage string
	}{
		{"an instrument over the Guard's bound is an invalid request", `{` + now + `, "subject": {` + adult + `},
			"request": {"purpose": "legal.disclosure", "operation": "share", "categories": "contact.phone", "recipient": "Public security organ", "instrument": "` + strings.Repeat("x", 300) + `"}}`,
			"invalid_request", stageRequest},
		{"an undeclared purpose is unknown", `{` + now + `, "subject": {` + adult + `}, "request": {"purpose": "nope.nothing", "operation": "use", "categories": "contact.phone"}}`,
			"unknown_purpose", stagePolicy},
		{"an operation the purpose does not declare", `{` + now + `, "subject": {` + adult + `}, "request": {"purpose": "signup.login", "operation": "share", "categories": "contact.phone", "recipient": "x"}}`,
			"operation_not_declared", stagePolicy},
		{"a category the purpose does not declare", `{` + now + `, "subject": {` + adult + `}, "request": {"purpose": "signup.login", "operation": "use", "categories": "contact.email"}}`,
			"category_not_declared", stagePolicy},
		{"a sub-processor the controller did not approve", `{` + now + `, "subject": {` + adult + `}, "request": {"purpose": "service.voice_clone", "operation": "entrust", "categories": "biometric.voiceprint", "recipient": "Render Farm"}}`,
			"sub_entrustment_not_authorised", stagePolicy},
		{"an overseas recipient by entrust, not export", `{` + now + `, "subject": {` + adult + `}, "request": {"purpose": "service.voice_clone", "operation": "entrust", "categories": "biometric.voiceprint", "recipient": "SG GPU"}}`,
			"recipient_not_declared", stagePolicy},
		{"an authority without the instrument of its demand", `{` + now + `, "subject": {` + adult + `}, "request": {"purpose": "legal.disclosure", "operation": "share", "categories": "contact.phone", "recipient": "Public security organ"}}`,
			"legal_instrument_missing", stagePolicy},
		{"anonymised data is not personal information", `{` + now + `, "subject": {` + adult + `}, "request": {"purpose": "ads.personalised", "operation": "use", "categories": "activity.app_usage", "form": "anonymised"}}`,
			"allow", stagePolicy},
		{"a closed account", `{` + now + `, "subject": {` + adult + `, "status": "closed"}, "request": {"purpose": "signup.login", "operation": "use", "categories": "contact.phone", "attest": ["contract_party"]}}`,
			"subject_closed", stageStatus},
		{"a frozen account's data is still stored", `{` + now + `, "subject": {` + adult + `, "status": "frozen"}, "request": {"purpose": "ops.logging", "operation": "store", "categories": "device.ip"}}`,
			"allow", stageExemption},
		{"a status of the time: deceased since", `{` + now + `, "subject": {` + adult + `, "history": [{"status": "active", "since": "2020-01-01T00:00:00Z"}, {"status": "deceased", "since": "2026-02-01T00:00:00Z"}]},
			"request": {"purpose": "signup.login", "operation": "use", "categories": "contact.phone", "attest": ["contract_party"]}}`,
			"subject_deceased", stageStatus},
		{"a jurisdiction no regime covers", `{` + now + `, "subject": {"birth": "1990-05-01", "jurisdiction": "US"}, "request": {"purpose": "signup.login", "operation": "use", "categories": "contact.phone"}}`,
			"unknown_jurisdiction", stageRegime},
		{"adults only, whatever a guardian says", `{` + now + `, "subject": {"birth": "2010-01-01", "jurisdiction": "CN"}, "request": {"purpose": "community.public_posts", "operation": "use", "categories": "content.text", "attest": ["reasonable_scope", "not_refused"]}}`,
			"service_not_offered_to_minors", stageBasis},
		{"no automated-decision marketing to a minor", `{` + now + `, "subject": {"birth": "2010-01-01", "jurisdiction": "CN"}, "request": {"purpose": "ads.personalised", "operation": "use", "categories": "activity.app_usage"}}`,
			"prohibited_for_minors", stageBasis},
		{"a restriction of the categories", `{` + now + `, "subject": {` + adult + `}, "events": [{"kind": "restrict", "at": "2026-02-01T10:00:00+08:00", "categories": "contact.phone"}],
			"request": {"purpose": "signup.login", "operation": "use", "categories": "contact.phone", "attest": ["contract_party"]}}`,
			"processing_restricted", stageLimits},
		{"an objection to marketing on legitimate interests", `{` + now + `, "regime": {"jurisdictions": {"DE": "gdpr"}}, "subject": {"birth": "1990-05-01", "jurisdiction": "DE"},
			"events": [{"kind": "object", "at": "2026-02-01T10:00:00+08:00", "purposes": ["ads.personalised"]}],
			"request": {"purpose": "ads.personalised", "operation": "use", "categories": "activity.app_usage", "attest": ["balancing_test", "overriding_grounds"]}}`,
			"objection_recorded", stageLimits},
		{"the contract ground without its party", `{` + now + `, "subject": {` + adult + `}, "request": {"purpose": "signup.login", "operation": "use", "categories": "contact.phone"}}`,
			"contract_party_required", stageExemption},
		{"public information without the caller's attestation", `{` + now + `, "subject": {` + adult + `}, "request": {"purpose": "community.public_posts", "operation": "use", "categories": "content.text", "attest": ["reasonable_scope"]}}`,
			"exemption_condition_failed", stageExemption},
		{"legitimate interests weighed under GDPR", `{` + now + `, "regime": {"jurisdictions": {"DE": "gdpr"}}, "subject": {"birth": "1990-05-01", "jurisdiction": "DE"},
			"request": {"purpose": "ads.personalised", "operation": "use", "categories": "activity.app_usage", "attest": ["balancing_test"]}}`,
			"allow", stageExemption},
		{"biometric editing needs consent on any ground", `{` + now + `, "subject": {` + adult + `}, "request": {"purpose": "service.voice_clone", "operation": "use", "categories": "biometric.voiceprint"}}`,
			"no_consent", stageConsent},
		{"click consent where separate is needed", `{` + now + `, "subject": {` + adult + `}, "events": [{"kind": "grant", "at": "2026-02-01T10:00:00+08:00", "purposes": ["service.voice_clone"]}],
			"request": {"purpose": "service.voice_clone", "operation": "use", "categories": "biometric.voiceprint"}}`,
			"separate_consent_required", stageConsent},
		{"explicit consent under GDPR", `{` + now + `, "regime": {"jurisdictions": {"DE": "gdpr"}}, "subject": {"birth": "1990-05-01", "jurisdiction": "DE"},
			"events": [{"kind": "grant", "at": "2026-02-01T10:00:00+08:00", "purposes": ["service.voice_clone"]}],
			"request": {"purpose": "service.voice_clone", "operation": "use", "categories": "biometric.voiceprint"}}`,
			"explicit_consent_required", stageConsent},
		{"a consent that expired", `{` + now + `, "subject": {` + adult + `}, "events": [{"kind": "grant", "at": "2026-01-01T10:00:00+08:00", "purposes": ["service.voice_clone"], "form": "separate", "expires": "720h"}],
			"request": {"purpose": "service.voice_clone", "operation": "use", "categories": "biometric.voiceprint"}}`,
			"consent_expired", stageConsent},
		{"a consent not yet in force", `{` + now + `, "subject": {` + adult + `}, "events": [{"kind": "grant", "at": "2026-03-01T10:00:00+08:00", "effective": "2026-03-01T10:01:00+08:00", "purposes": ["service.voice_clone"], "form": "separate"}],
			"request": {"purpose": "service.voice_clone", "operation": "use", "categories": "biometric.voiceprint"}}`,
			"consent_not_yet_in_force", stageConsent},
		{"a withdrawal ends consent from then on", `{` + now + `, "subject": {` + adult + `}, "events": [
			{"kind": "grant", "at": "2026-02-01T10:00:00+08:00", "purposes": ["service.voice_clone"], "form": "separate", "name": "g"},
			{"kind": "withdraw", "at": "2026-02-15T10:00:00+08:00", "ends": "g"}],
			"request": {"purpose": "service.voice_clone", "operation": "use", "categories": "biometric.voiceprint"}}`,
			"consent_withdrawn", stageConsent},
		{"processing before a withdrawal stays lawful", `{` + now + `, "subject": {` + adult + `}, "events": [
			{"kind": "grant", "at": "2026-02-01T10:00:00+08:00", "purposes": ["service.voice_clone"], "form": "separate"},
			{"kind": "withdraw", "at": "2026-02-15T10:00:00+08:00", "purposes": ["service.voice_clone"]}],
			"request": {"purpose": "service.voice_clone", "operation": "use", "categories": "biometric.voiceprint", "at": "2026-02-10T10:00:00+08:00"}}`,
			"allow", stageConsent},
		{"a child's consent is a guardian's", `{` + now + `, "subject": {"birth": "2015-01-01", "jurisdiction": "CN", "guardians": [{"name": "mum", "birth": "1985-01-01"}]},
			"events": [{"kind": "grant", "at": "2026-02-01T10:00:00+08:00", "purposes": ["service.voice_clone"], "form": "separate"}],
			"request": {"purpose": "service.voice_clone", "operation": "use", "categories": "biometric.voiceprint"}}`,
			"guardian_consent_required", stageConsent},
		{"a guardian's separate consent for a child", `{` + now + `, "subject": {"birth": "2015-01-01", "jurisdiction": "CN", "guardians": [{"name": "mum", "birth": "1985-01-01"}]},
			"events": [{"kind": "grant", "at": "2026-02-01T10:00:00+08:00", "purposes": ["service.voice_clone"], "form": "separate", "by": "mum"}],
			"request": {"purpose": "service.voice_clone", "operation": "use", "categories": "biometric.voiceprint"}}`,
			"allow", stageConsent},
		{"a written guardian consent where the service asks for it", `{` + now + `, "regime": {"guardian_age": 18, "guardian_form": "written"}, "subject": {"birth": "2010-01-01", "jurisdiction": "CN", "guardians": [{"name": "dad", "birth": "1980-01-01"}]},
			"events": [{"kind": "grant", "at": "2026-02-01T10:00:00+08:00", "purposes": ["service.voice_clone"], "form": "separate", "by": "dad"}],
			"request": {"purpose": "service.voice_clone", "operation": "use", "categories": "biometric.voiceprint"}}`,
			"written_consent_required", stageConsent},
		{"parental consent under GDPR", `{` + now + `, "regime": {"base": "gdpr"}, "subject": {"birth": "2014-01-01", "jurisdiction": "DE"},
			"request": {"purpose": "ads.personalised", "operation": "use", "categories": "activity.app_usage", "attest": ["balancing_test"]}}`,
			"allow", stageExemption},
		{"export names its recipient under PIPL", `{` + now + `, "subject": {` + adult + `}, "events": [{"kind": "grant", "at": "2026-02-01T10:00:00+08:00", "purposes": ["service.voice_clone"], "form": "separate"}],
			"request": {"purpose": "service.voice_clone", "operation": "export", "categories": "biometric.voiceprint", "recipient": "SG GPU"}}`,
			"separate_consent_required", stageConsent},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ex, err := explain(t.Context(), reg, []byte(tc.file), time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			got := "allow"
			if !ex.Decision.Allowed {
				got = ex.Decision.Reason
			}
			if got != tc.want {
				t.Errorf("the Guard decided %s, want %s", got, tc.want)
			}
			if !ex.Agrees {
				t.Errorf("the trace disagrees: %s", ex.Disagreement)
			}
			assertTraceConsistent(t, ex)
			for _, st := range ex.Trace {
				if (st.Verdict == verdictAllow || st.Verdict == verdictDeny) && st.Stage != tc.stage {
					t.Errorf("stage %s decided, want %s:\n%s", st.Stage, tc.stage, text(t, ex))
				}
			}
		})
	}
}

func text(t testing.TB, ex *explanation) string {
	var b bytes.Buffer
	if err := ex.writeText(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestExplainRefusesBadRequestFiles checks that a request file that
// cannot describe a world is refused with the field and the fix.
func TestExplainRefusesBadRequestFiles(t *testing.T) {
	reg := testPolicy(t)
	req := `"request": {"purpose": "signup.login", "operation": "use", "categories": "contact.phone"}`
	for _, tc := range []struct{ name, file, want string }{
		{"not JSON", `{`, "syntax"},
		{"no request", `{"subject": {}}`, "request: missing"},
		{"an unknown field", `{"subject": {}, "requests": {}, ` + req + `}`, `unknown field "requests"`},
		{"a repeated key", `{"subject": {}, "subject": {}, ` + req + `}`, "duplicate key"},
		{"an unknown operation", `{"subject": {}, "request": {"purpose": "x", "operation": "sell", "categories": "contact.phone"}}`, "request.operation: unknown operation"},
		{"an unknown category", `{"subject": {}, "request": {"purpose": "x", "operation": "use", "categories": "contact.phon"}}`, "request.categories"},
		{"a bad time", `{"now": "yesterday", "subject": {}, ` + req + `}`, `now: "yesterday" is not an RFC 3339 time`},
		{"events out of order", `{"subject": {}, "events": [{"kind": "restrict", "at": "2026-02-02T00:00:00Z", "categories": "contact.phone"}, {"kind": "lift", "at": "2026-02-01T00:00:00Z", "categories": "contact.phone"}], ` + req + `}`, "events[1].at"},
		{"an event after now", `{"now": "2026-01-01T00:00:00Z", "subject": {}, "events": [{"kind": "restrict", "at": "2026-02-02T00:00:00Z", "categories": "contact.phone"}], ` + req + `}`, "after now"},
		{"a field the kind has not", `{"subject": {}, "events": [{"kind": "withdraw", "purposes": ["signup.login"], "form": "click"}], ` + req + `}`, "events[0]: form: a withdraw event has no form"},
		{"an unknown kind", `{"subject": {}, "events": [{"kind": "revoke"}], ` + req + `}`, `events[0]: kind "revoke"`},
		{"by someone not a guardian", `{"subject": {}, "events": [{"kind": "grant", "purposes": ["signup.login"], "by": "aunt"}], ` + req + `}`, `by: "aunt" is not one of the subject's guardians`},
		{"a guardian without a birth date", `{"subject": {"guardians": [{"name": "mum"}]}, ` + req + `}`, "subject.guardians[0].birth: missing"},
		{"a bad jurisdiction", `{"subject": {"jurisdiction": "germany"}, ` + req + `}`, "jurisdiction"},
		{"a grant the ledger refuses", `{"subject": {}, "events": [{"kind": "grant", "purposes": ["nope.nothing"]}], ` + req + `}`, "events[0]"},
		{"ends naming no grant", `{"subject": {}, "events": [{"kind": "withdraw", "ends": "g"}], ` + req + `}`, `events[0]: ends: no grant named "g"`},
		{"an unknown regime", `{"regime": {"base": "ccpa"}, "subject": {}, ` + req + `}`, "regime.base"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := explain(t.Context(), reg, []byte(tc.file), time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
			if err == nil {
				t.Fatalf("explained; want an error containing %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q; want it to contain %q", err, tc.want)
			}
		})
	}
}

// TestExplainOutputHasNoSubjectIDs: the IDs explain makes up are an
// implementation detail; events are named by their place in the file.
func TestExplainOutputHasNoSubjectIDs(t *testing.T) {
	reg := testPolicy(t)
	file := `{` + now + `, "subject": {` + adult + `}, "events": [{"kind": "grant", "at": "2026-02-01T10:00:00+08:00", "purposes": ["service.voice_clone"], "form": "separate"}],
		"request": {"purpose": "service.voice_clone", "operation": "use", "categories": "biometric.voiceprint"}}`
	ex, err := explain(t.Context(), reg, []byte(file), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal(ex)
	w, _ := decodeRequest([]byte(file), reg, time.Time{})
	if bytes.Contains(out, []byte(w.subject.ID.String())) {
		t.Errorf("the output names the subject's ID: %s", out)
	}
	if ex.Decision.Consent != "events[0]" {
		t.Errorf("consent %q, want events[0]", ex.Decision.Consent)
	}
}
