package schema

import (
	"bytes"
	"encoding/json"
	"flag"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/retention"
)

var update = flag.Bool("update", false, "rewrite policy.schema.json from the generator")

const committed = "policy.schema.json"

// TestCommittedSchemaIsGenerated regenerates the schema and fails when
// the committed file differs: run `go test ./schema -update` after
// changing the policy format.
func TestCommittedSchemaIsGenerated(t *testing.T) {
	got, err := Policy()
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(committed, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(committed)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is not what the generator writes; run go test ./schema -update and commit it", committed)
	}
}

func schemaValidator(t testing.TB) *validator {
	t.Helper()
	b, err := Policy()
	if err != nil {
		t.Fatal(err)
	}
	v, err := newValidator(b)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// policyFiles are the policies of the repository: the seeds', the
// policies package's, lawfultest's and the command's fixtures.
func policyFiles(t testing.TB) []string {
	t.Helper()
	var files []string
	for _, pat := range []string{"../examples/seeds/*/policy.json", "../examples/policies/*.json", "../lawfultest/testdata/policy.json",
		"../examples/repository/policy.json", "../cmd/lawful/testdata/policy.json"} {
		m, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	return files
}

// loads reports whether a policy file loads and its retention rules
// compile: what lawful.New needs.
func loads(data []byte) bool {
	reg, err := purpose.LoadPolicy(bytes.NewReader(data))
	if err != nil {
		return false
	}
	_, err = retention.Compile(reg)
	return err == nil
}

// TestSeedPoliciesPassTheSchema validates the policies of the repository
// that load against the schema: the five seed policies (examples/seeds/*,
// the Clipo policy of examples/policies), lawfultest's and the others. A
// policy that does not load (an "as written" one) is not the schema's to
// pass.
func TestSeedPoliciesPassTheSchema(t *testing.T) {
	v := schemaValidator(t)
	files := policyFiles(t)
	seeds := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !loads(data) {
			t.Logf("%s does not load (run lawful lint on it); not checked", f)
			continue
		}
		t.Run(strings.TrimPrefix(f, "../"), func(t *testing.T) {
			ps, err := v.validate(data)
			if err != nil {
				t.Fatal(err)
			}
			if len(ps) > 0 {
				t.Errorf("the schema refuses it:\n%s", strings.Join(ps, "\n"))
			}
		})
		if strings.Contains(f, "seeds/") || strings.HasSuffix(f, "clipo.json") {
			seeds++
		}
	}
	if seeds < 5 {
		t.Errorf("validated %d seed policies (%v); want the five", seeds, files)
	}
}

// TestInvalidPoliciesFailBothTheSchemaAndLoadPolicy edits a valid policy
// into invalid ones that an editor should flag: the schema and
// LoadPolicy (or retention.Compile) must both refuse each.
func TestInvalidPoliciesFailBothTheSchemaAndLoadPolicy(t *testing.T) {
	v := schemaValidator(t)
	base, err := os.ReadFile("../cmd/lawful/testdata/policy.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		edit func(p map[string]any)
	}{
		{"no schema version", func(p map[string]any) { delete(p, "schema") }},
		{"another schema version", func(p map[string]any) { p["schema"] = 2 }},
		{"an unknown top-level field", func(p map[string]any) { p["$schema"] = "https://example.com/x" }},
		{"no regimes", func(p map[string]any) { p["regimes"] = []any{} }},
		{"an unknown regime", func(p map[string]any) { p["regimes"] = []any{"ccpa"} }},
		{"no purposes", func(p map[string]any) { delete(p, "purposes") }},
		{"a purpose ID against the grammar", func(p map[string]any) { purposeOf(p, 0)["id"] = "Signup" }},
		{"a purpose without a name", func(p map[string]any) { purposeOf(p, 0)["name"] = "" }},
		{"a purpose without versions", func(p map[string]any) { purposeOf(p, 0)["versions"] = []any{} }},
		{"version 0", func(p map[string]any) { purposeOf(p, 0)["versions"] = []any{map[string]any{"number": 0}} }},
		{"a version as a string", func(p map[string]any) { purposeOf(p, 0)["versions"] = []any{map[string]any{"number": "1"}} }},
		{"an unknown change", func(p map[string]any) {
			purposeOf(p, 1)["versions"].([]any)[1].(map[string]any)["changes"] = []any{"everything"}
		}},
		{"an unknown category", func(p map[string]any) {
			purposeOf(p, 0)["categories"] = map[string]any{"required": []any{"contact.phon"}}
		}},
		{"no categories", func(p map[string]any) { purposeOf(p, 0)["categories"] = map[string]any{} }},
		{"an unknown operation", func(p map[string]any) { purposeOf(p, 0)["operations"] = []any{"collect", "sell"} }},
		{"an operation twice", func(p map[string]any) { purposeOf(p, 0)["operations"] = []any{"collect", "collect"} }},
		{"an unknown basis", func(p map[string]any) { purposeOf(p, 0)["basis"] = "because" }},
		{"a basis object without a name", func(p map[string]any) { purposeOf(p, 0)["basis"] = map[string]any{"cites": "PIPL art. 13"} }},
		{"an unknown art. 9(2) condition", func(p map[string]any) {
			purposeOf(p, 1)["bases"] = map[string]any{"gdpr": map[string]any{"name": "consent", "special": "implicit"}}
		}},
		{"a basis for an unknown regime", func(p map[string]any) { purposeOf(p, 1)["bases"] = map[string]any{"ccpa": "consent"} }},
		{"an unknown trait", func(p map[string]any) { purposeOf(p, 1)["traits"] = []any{"viral"} }},
		{"no retention reference", func(p map[string]any) { delete(purposeOf(p, 0), "retention") }},
		{"a recipient without a role", func(p map[string]any) { delete(recipientOf(p, 1, 0), "role") }},
		{"an unknown role", func(p map[string]any) { recipientOf(p, 1, 0)["role"] = "partner" }},
		{"a country that is no ISO code", func(p map[string]any) { recipientOf(p, 1, 2)["country"] = "Singapore" }},
		{"an overseas recipient without a mechanism", func(p map[string]any) { delete(recipientOf(p, 1, 2), "mechanism") }},
		{"an unknown mechanism", func(p map[string]any) { recipientOf(p, 1, 2)["mechanism"] = "handshake" }},
		{"a retention statement without a summary", func(p map[string]any) { delete(p["retention"].([]any)[0].(map[string]any), "summary") }},
		{"a retention rule with an unknown field", func(p map[string]any) {
			p["retention"].([]any)[1].(map[string]any)["rule"].(map[string]any)["forever"] = true
		}},
		{"a retention period that is no ISO 8601 period", func(p map[string]any) {
			p["retention"].([]any)[1].(map[string]any)["rule"].(map[string]any)["keep"] = "6 months"
		}},
		{"a trigger that cannot end a period", func(p map[string]any) {
			p["retention"].([]any)[0].(map[string]any)["rule"].(map[string]any)["ends_on"] = []any{"collected"}
		}},
		{"individuals below zero", func(p map[string]any) { p["individuals"] = -1 }},
		{"a text in a third language", func(p map[string]any) { p["name"] = map[string]any{"fr": "Labo"} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var p map[string]any
			if err := json.Unmarshal(base, &p); err != nil {
				t.Fatal(err)
			}
			tc.edit(p)
			data, err := json.Marshal(p)
			if err != nil {
				t.Fatal(err)
			}
			if loads(data) {
				t.Fatalf("LoadPolicy accepts it: not an invalid policy")
			}
			ps, err := v.validate(data)
			if err != nil {
				t.Fatal(err)
			}
			if len(ps) == 0 {
				t.Errorf("the schema accepts it; LoadPolicy does not")
			}
		})
	}
}

func purposeOf(p map[string]any, i int) map[string]any {
	return p["purposes"].([]any)[i].(map[string]any)
}

func recipientOf(p map[string]any, i, j int) map[string]any {
	return purposeOf(p, i)["recipients"].([]any)[j].(map[string]any)
}

// TestSchemaNeverRefusesALoadablePolicy mutates the repository's
// policies at random (dropping fields, emptying lists, swapping values
// between fields) and requires: whatever loads (and compiles its
// retention rules) passes the schema, so an editor never flags a policy
// lawful accepts.
func TestSchemaNeverRefusesALoadablePolicy(t *testing.T) {
	v := schemaValidator(t)
	rng := rand.New(rand.NewPCG(1, 2))
	n := 1000
	if testing.Short() {
		n = 200
	}
	loadable, refused := 0, 0
	files := policyFiles(t)
	for i := range n {
		data, err := os.ReadFile(files[i%len(files)])
		if err != nil {
			t.Fatal(err)
		}
		var doc any
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		for range 1 + rng.IntN(3) {
			doc = mutate(rng, doc)
		}
		out, _ := json.Marshal(doc)
		ps, err := v.validate(out)
		if err != nil {
			t.Fatal(err)
		}
		if !loads(out) {
			if len(ps) > 0 {
				refused++
			}
			continue
		}
		loadable++
		if len(ps) > 0 {
			t.Fatalf("the schema refuses a policy that loads:\n%s\n%s", strings.Join(ps, "\n"), out)
		}
	}
	t.Logf("%d mutants: %d load (all pass the schema), %d refused by both", n, loadable, refused)
	if loadable < n/10 {
		t.Errorf("only %d of %d mutants load; the test checks little", loadable, n)
	}
}

// mutate changes one value somewhere in doc.
func mutate(rng *rand.Rand, doc any) any {
	switch d := doc.(type) {
	case map[string]any:
		if len(d) == 0 {
			return d
		}
		keys := sortedKeys(d)
		k := keys[rng.IntN(len(keys))]
		switch rng.IntN(6) {
		case 0:
			delete(d, k)
		case 1:
			d[k] = leaf(rng)
		default:
			d[k] = mutate(rng, d[k])
		}
		return d
	case []any:
		if len(d) == 0 {
			return append(d, leaf(rng))
		}
		i := rng.IntN(len(d))
		switch rng.IntN(5) {
		case 0:
			return append(d[:i], d[i+1:]...)
		case 1:
			return append(d, d[i])
		default:
			d[i] = mutate(rng, d[i])
			return d
		}
	}
	return leaf(rng)
}

// leaf returns a value a policy might hold somewhere.
func leaf(rng *rand.Rand) any {
	vals := []any{"", "x", "PIPL", "gdpr", "consent", "contract", "use", "share", "entrusted", "standard_contract", "explicit_consent",
		"marketing", "categories", "contact.phone", "biometric", "SG", "P6M", "account_closed", "delete", 0, 1, 2, -1, 1.5, true, false, nil,
		[]any{}, map[string]any{}, map[string]any{"en": "x"}, []any{"collect"}}
	return vals[rng.IntN(len(vals))]
}

// TestPolicyNamesEveryField: a field added to a purpose type without a
// schema rule makes Policy fail, naming it, and so does a rule for a
// field that is gone.
func TestPolicyNamesEveryField(t *testing.T) {
	type widened struct {
		purpose.Recipient
		Extra string
	}
	_, err := object(reflect.TypeFor[widened](), map[string]field{"Recipient": {in: "-"}})
	if err == nil || !strings.Contains(err.Error(), "Extra has no schema rule") {
		t.Errorf("an unmapped field: %v", err)
	}
	_, err = object(reflect.TypeFor[purpose.Controller](), map[string]field{"Name": {key: "name", schema: ref("text")}, "Contact": {key: "contact", schema: str("")}, "Gone": {key: "gone", schema: str("")}})
	if err == nil || !strings.Contains(err.Error(), "Gone names no field") {
		t.Errorf("a stale rule: %v", err)
	}
}
