package purpose_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// The acceptance case: an unknown category, a duplicate purpose, a
// GDPR-only basis under PIPL, a 13(1)(7) basis without a cited law, a Share
// without a declared recipient and a negative version, all in one report.
func TestLoadPolicyReportsAllSixProblemsAndBuildsNothing(t *testing.T) {
	f, err := os.Open("testdata/six_problems.json")
	require.NoError(t, err)
	defer f.Close()
	reg, err := purpose.LoadPolicy(f)
	assert.Nil(t, reg)
	var ve *purpose.ValidationError
	require.ErrorAs(t, err, &ve)
	var got []string
	for _, p := range ve.Problems {
		got = append(got, p.String())
	}
	assert.Equal(t, []string{
		`purpose "signup.login": categories.required[0]: unknown category "contact.phon"; did you mean "contact.phone"?`,
		`purpose "signup.login": id: purpose "signup.login" is declared more than once; give each purpose one entry and use versions for changes`,
		`purpose "ads.targeted": basis: basis "legitimate_interests" is not a ground under PIPL (PIPL art. 13(1) lists the only grounds; there is no legitimate-interest ground)`,
		`purpose "legal.authority_request": basis.cites: basis "other_law" needs the law or administrative regulation it relies on in cites, e.g. "Cybersecurity Law art. 21(3)" (PIPL art. 13(1)(7))`,
		`purpose "marketing.partners": recipients: operation share needs a declared recipient with role independent or affiliate or joint or authority (PIPL arts. 13(1)(3), 23)`,
		`purpose "analytics.usage": versions[0]: version -1: version numbers start at 1`,
	}, got)
	for _, sentinel := range []error{purpose.ErrInvalidPolicy, pii.ErrUnknownCategory, purpose.ErrDuplicatePurpose, purpose.ErrNoStatutoryBasis, purpose.ErrMissingCitation, purpose.ErrUndeclaredRecipient, purpose.ErrInvalidVersion} {
		assert.ErrorIs(t, err, sentinel)
	}
	assert.True(t, strings.HasPrefix(err.Error(), "purpose: policy has 6 problems:\n\t"), err.Error())
}

func TestDecodeProblems(t *testing.T) {
	// valid returns a valid policy whose purpose has the fields of edit
	// (", \"key\": value, ...") in place of its own.
	valid := func(edit string) string {
		fields := [][2]string{{"id", `"p"`}, {"name", `"P"`}, {"versions", `[{"number": 1}]`}, {"categories", `{"required": ["contact.phone"]}`},
			{"operations", `["collect"]`}, {"basis", `"consent"`}, {"retention", `"r"`}}
		var override map[string]json.RawMessage
		require.NoError(t, json.Unmarshal([]byte("{"+strings.TrimPrefix(edit, ",")+"}"), &override), edit)
		var b strings.Builder
		for _, f := range fields {
			if _, ok := override[f[0]]; !ok {
				b.WriteString(`"` + f[0] + `": ` + f[1] + `, `)
			}
		}
		return `{"schema": 1, "regimes": ["pipl"], "retention": [{"id": "r", "summary": "kept"}], "purposes": [{` + b.String() + strings.TrimPrefix(edit, ",") + `}]}`
	}
	tests := []struct {
		name, json string
		want       error
		msg        string
	}{
		{"syntax_error", `{"schema": 1,`, purpose.ErrSyntax, "policy: syntax error: unexpected end of input; the document is cut short at line 1, column 14"},
		{"data_after_the_object", `{} {}`, purpose.ErrSyntax, "policy: trailing data after the document at line 1, column 4"},
		{"not_an_object", `[]`, purpose.ErrInvalidValue, "want a JSON object, got an array"},
		{"schema_is_required", `{"regimes": ["pipl"]}`, purpose.ErrMissingField, "policy: schema: required"},
		{"schema_version_supported", `{"schema": 2}`, purpose.ErrInvalidValue, "schema 2 is not supported"},
		{"schema_is_an_integer", `{"schema": "1"}`, purpose.ErrInvalidValue, "want an integer, got a string"},
		{"unknown_top_level_field", `{"schema": 1, "regime": ["pipl"]}`, purpose.ErrUnknownField, `policy: regime: unknown field "regime"`},
		{"unknown_purpose_field", valid(`, "lawful_basis": "consent"`), purpose.ErrUnknownField, `purpose "p": lawful_basis: unknown field`},
		{"unknown_regime", `{"schema": 1, "regimes": ["ccpa"]}`, purpose.ErrInvalidValue, `policy: regimes[0]: unknown regime "ccpa"`},
		{"regimes_is_an_array", `{"schema": 1, "regimes": "pipl"}`, purpose.ErrInvalidValue, "regimes: want a JSON array, got a string"},
		{"unknown_operation", valid(`, "operations": ["sell"]`), purpose.ErrInvalidValue, `purpose "p": operations[0]: unknown operation "sell"; want one of collect, use`},
		{"operation_twice", valid(`, "operations": ["use", "use"]`), purpose.ErrInvalidValue, `operation "use" listed twice`},
		{"unknown_basis", valid(`, "basis": "legitimate_interest"`), purpose.ErrInvalidValue, `unknown basis "legitimate_interest"`},
		{"unknown_basis_in_object", valid(`, "basis": {"name": "vibes"}`), purpose.ErrInvalidValue, `purpose "p": basis.name:`},
		{"basis_object_needs_name", valid(`, "basis": {"cites": "x"}`), purpose.ErrMissingField, `purpose "p": basis.name: required`},
		{"unknown_special", valid(`, "basis": {"name": "consent", "special": "vibes"}`), purpose.ErrInvalidValue, `unknown art. 9(2) condition "vibes"`},
		{"bases_for_unknown_regime", valid(`, "bases": {"ccpa": "consent"}`), purpose.ErrInvalidValue, `purpose "p": bases.ccpa: unknown regime "ccpa"`},
		{"unknown_role", valid(`, "recipients": [{"name": "x", "role": "vendor"}]`), purpose.ErrInvalidValue, `recipients[0].role`},
		{"recipient_role_required", valid(`, "recipients": [{"name": "x"}]`), purpose.ErrMissingField, `recipients[0].role: required`},
		{"unknown_mechanism", valid(`, "recipients": [{"name": "x", "role": "entrusted", "mechanism": "trust_me"}]`), purpose.ErrInvalidValue, `recipients[0].mechanism`},
		{"unknown_change", valid(`, "versions": [{"number": 1, "changes": ["colour"]}]`), purpose.ErrInvalidValue, `versions[0].changes[0]`},
		{"version_number_required", valid(`, "versions": [{}]`), purpose.ErrMissingField, `versions[0].number: required`},
		{"version_number_integer", valid(`, "versions": [{"number": 1.5}]`), purpose.ErrInvalidValue, "want an integer, got a number"},
		{"material_is_boolean", valid(`, "versions": [{"number": 1, "material": "yes"}]`), purpose.ErrInvalidValue, "want true or false, got a string"},
		{"category_is_a_string", valid(`, "categories": {"required": [7]}`), purpose.ErrInvalidValue, `categories.required[0]: want a string, got a number`},
		{"unknown_category_field", valid(`, "categories": {"needed": ["contact.phone"]}`), purpose.ErrUnknownField, `categories.needed: unknown field`},
		{"text_object_fields", valid(`, "name": {"fr": "x"}`), purpose.ErrUnknownField, `name.fr: unknown field`},
		{"text_wrong_type", valid(`, "name": 3`), purpose.ErrInvalidValue, `name: want a JSON object, got a number`},
		{"purpose_id_required", `{"schema": 1, "regimes": ["pipl"], "purposes": [{}]}`, purpose.ErrMissingField, `purposes[0]: id: required`},
		{"purpose_is_an_object", `{"schema": 1, "regimes": ["pipl"], "purposes": [null]}`, purpose.ErrInvalidValue, "purpose: policy has 1 problem:\n\tpurposes[0]: want a JSON object, got null"},
		{"retention_id_required", `{"schema": 1, "retention": [{"summary": "x"}]}`, purpose.ErrMissingField, `retention[0]: id: required`},
		{"unknown_retention_field", `{"schema": 1, "retention": [{"id": "r", "summary": "x", "days": 3}]}`, purpose.ErrUnknownField, `retention "r": days: unknown field`},
		{"unknown_trait", valid(`, "traits": ["spammy"]`), purpose.ErrInvalidValue, `purpose "p": traits[0]: unknown trait "spammy"`},
		{"controller_unknown_field", `{"schema": 1, "controller": {"email": "x"}}`, purpose.ErrUnknownField, `controller.email: unknown field`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg, err := purpose.LoadPolicy(strings.NewReader(tt.json))
			assert.Nil(t, reg)
			require.ErrorIs(t, err, tt.want)
			assert.Contains(t, err.Error(), tt.msg)
			_, err = purpose.DecodePolicy([]byte(tt.json))
			if !errors.Is(tt.want, purpose.ErrMissingField) || !strings.Contains(tt.msg, "schema") {
				assert.Error(t, err)
			}
		})
	}
}

func TestLoadPolicyDoesNotRepeatDecodeFailures(t *testing.T) {
	// The only category is unknown: validation must not also say "declare
	// the categories", which would send the reader after a second problem.
	doc := `{"schema": 1, "regimes": ["pipl"], "retention": [{"id": "r", "summary": "kept"}],
	 "purposes": [{"id": "p", "name": "P", "versions": [{"number": 1}], "categories": {"required": ["contact.phon"]},
	 "operations": ["collect"], "basis": "consent", "retention": "r"}]}`
	_, err := purpose.LoadPolicy(strings.NewReader(doc))
	var ve *purpose.ValidationError
	require.ErrorAs(t, err, &ve)
	require.Len(t, ve.Problems, 1, err.Error())
	assert.ErrorIs(t, ve.Problems[0].Err, pii.ErrUnknownCategory)
}

func TestLoadPolicyTooLarge(t *testing.T) {
	big := bytes.Repeat([]byte(" "), purpose.MaxPolicySize+1)
	_, err := purpose.LoadPolicy(bytes.NewReader(big))
	assert.ErrorContains(t, err, "more than 8388608 bytes (purpose.MaxPolicySize)")
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestLoadPolicyReadError(t *testing.T) {
	_, err := purpose.LoadPolicy(failingReader{})
	assert.ErrorContains(t, err, "disk on fire")
}

func TestPolicyJSONRoundTrip(t *testing.T) {
	p := voicePolicy()
	p.Regimes = []pii.Law{pii.PIPL, pii.GDPR}
	p.Retention[1].Rule = json.RawMessage(`{"minimum":"P6M","trigger":"collected"}`)
	p.Purposes[0].Description = purpose.Text{EN: "Log in with a phone number"}
	p.Purposes[1].BasisUnder = map[pii.Law]purpose.Legal{pii.GDPR: {Basis: purpose.Consent, Special: purpose.ExplicitConsent}}
	p.Purposes[1].Versions[1].Note = purpose.Text{EN: "Adds voiceprints"}
	p.Purposes[1].Traits = purpose.BiometricEditing | purpose.AutomatedDecision
	p.Purposes[1].Operations = p.Purposes[1].Operations.With(purpose.Export)
	p.Purposes[1].Recipients = append(p.Purposes[1].Recipients, purpose.Recipient{Name: "SG GPU", Role: purpose.Entrusted, Country: "SG", Mechanism: purpose.StandardContract},
		purpose.Recipient{Name: "Backup Co", Role: purpose.Entrusted, Via: "GPU Cloud"}, purpose.Recipient{Name: "CDN Co", Role: purpose.Entrusted, Via: "GPU Cloud", Approved: true})
	reg, err := purpose.Compile(p)
	require.NoError(t, err)

	b, err := json.MarshalIndent(reg.Policy(), "", "  ")
	require.NoError(t, err)
	back, err := purpose.LoadPolicy(bytes.NewReader(b))
	require.NoError(t, err, string(b))
	assert.Equal(t, reg.Policy(), back.Policy())
	// A sub-processor stays one: dropping via would make it a direct
	// recipient, and approved is what lets it receive (PIPL art. 21).
	got := back.Policy().Purposes[1].Recipients
	assert.Equal(t, "GPU Cloud", got[2].Via)
	assert.False(t, got[2].Approved)
	assert.True(t, got[3].Approved)

	golden(t, "testdata/voicelab.json", b)
}

func TestPolicyMarshalRejectsInvalidValues(t *testing.T) {
	p := voicePolicy()
	p.Regimes = []pii.Law{0}
	_, err := json.Marshal(p)
	assert.Error(t, err)
	p = voicePolicy()
	p.Purposes[0].Basis = purpose.Legal{}
	_, err = json.Marshal(p)
	assert.Error(t, err)
	p = voicePolicy()
	p.Purposes[0].BasisUnder = map[pii.Law]purpose.Legal{0: {Basis: purpose.Consent}}
	_, err = json.Marshal(p)
	assert.Error(t, err)
}

func TestNotices(t *testing.T) {
	p := voicePolicy()
	reg := purpose.MustCompile(p)
	golden(t, "testdata/voicelab.collection.en.md", []byte(reg.CollectionList(purpose.EN)))
	golden(t, "testdata/voicelab.collection.zh.md", []byte(reg.CollectionList(purpose.ZH)))
	golden(t, "testdata/voicelab.sharing.en.md", []byte(reg.SharingList(purpose.EN)))
	golden(t, "testdata/voicelab.sharing.zh.md", []byte(reg.SharingList(purpose.ZH)))

	t.Run("sensitive_categories_are_marked_PIPL_art28", func(t *testing.T) {
		list := reg.CollectionList(purpose.EN)
		assert.Contains(t, list, "(`biometric.voiceprint`) ★")
		assert.NotContains(t, list, "(`contact.phone`) ★")
	})
	t.Run("writers", func(t *testing.T) {
		var b bytes.Buffer
		require.NoError(t, reg.WriteCollectionList(&b, purpose.ZH))
		assert.Equal(t, reg.CollectionList(purpose.ZH), b.String())
		b.Reset()
		require.NoError(t, reg.WriteSharingList(&b, purpose.EN))
		assert.Equal(t, reg.SharingList(purpose.EN), b.String())
	})
	t.Run("no_recipients", func(t *testing.T) {
		p := voicePolicy()
		p.Purposes = p.Purposes[:1]
		list := purpose.MustCompile(p).SharingList(purpose.EN)
		assert.Contains(t, list, "No personal information is provided to third parties.")
	})
	t.Run("dual_regime_marks_GDPR_special_and_names_each_basis", func(t *testing.T) {
		p := voicePolicy()
		p.Regimes = []pii.Law{pii.PIPL, pii.GDPR}
		p.Purposes[1].BasisUnder = map[pii.Law]purpose.Legal{pii.GDPR: {Basis: purpose.Consent, Special: purpose.ExplicitConsent}}
		list := purpose.MustCompile(p).CollectionList(purpose.EN)
		assert.Contains(t, list, "(`biometric.voiceprint`) ★ †")
		assert.Contains(t, list, "PIPL: Consent (PIPL art. 13(1)(1))<br>GDPR: Consent (GDPR art. 6(1)(a); GDPR art. 9(2)(a))")
		assert.Contains(t, list, "† special category data (GDPR art. 9 or 10)")
	})
}

// golden compares got with the file at path, or rewrites it with -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./purpose -update to create %s", path)
	assert.Equal(t, string(want), string(got), "%s differs; run go test ./purpose -update if the change is intended", path)
}

func TestLoadPolicyReportsEveryRecipientProblem(t *testing.T) {
	// A decoding error on recipients[0] must not hide a problem on
	// recipients[2], nor add a list-level "needs a recipient" echo.
	doc := `{"schema": 1, "regimes": ["pipl"], "retention": [{"id": "r", "summary": "kept"}],
	 "purposes": [{"id": "p", "name": "P", "versions": [{"number": 1}], "categories": {"required": ["contact.phone"]},
	 "operations": ["collect", "share"], "basis": "consent", "retention": "r",
	 "recipients": [{"name": "A", "role": "vendor"}, {"name": "B", "role": "independent"}, {"name": "B", "role": "independent"}]}]}`
	_, err := purpose.LoadPolicy(strings.NewReader(doc))
	var ve *purpose.ValidationError
	require.ErrorAs(t, err, &ve)
	var got []string
	for _, p := range ve.Problems {
		got = append(got, p.Field)
	}
	assert.Equal(t, []string{"recipients[0].role", "recipients[2].name"}, got, err.Error())
}
