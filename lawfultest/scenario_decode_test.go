package lawfultest_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lawfulgo/lawful/internal/strictjson"
	"github.com/lawfulgo/lawful/lawfultest"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const scenarioOK = `{"policy": "policy.json", "subjects": {"a": {"age": 30}}, "scenarios": [{"name": "n", "steps": [{"advance": "1h"}]}]}`

func TestDecodeScenarioFile(t *testing.T) {
	f, err := lawfultest.DecodeScenarioFile([]byte(scenarioOK))
	require.NoError(t, err)
	assert.Equal(t, "policy.json", f.Policy)
	for _, tc := range []struct {
		name, file string
		want       error
		says       string
	}{
		{"trailing_data_after_the_document_is_rejected", scenarioOK + `{"scenarios": []}`, purpose.ErrTrailingData, "lawfultest: scenario file: trailing data after the document at line 1"},
		{"trailing_bracket_is_rejected", scenarioOK + `]`, purpose.ErrTrailingData, "trailing data after the document"},
		{"duplicate_key_is_rejected_not_last_wins", strings.Replace(scenarioOK, `"a": {"age": 30}`, `"a": {"age": 30}, "a": {"age": 12}`, 1), purpose.ErrDuplicateKey, `lawfultest: scenario file: subjects: duplicate key "a"`},
		{"duplicate_field_is_rejected", strings.Replace(scenarioOK, `{"advance": "1h"}`, `{"advance": "1h", "advance": "2h"}`, 1), purpose.ErrDuplicateKey, `scenarios[0].steps[0]: duplicate key "advance"`},
		{"unknown_field_is_rejected", strings.Replace(scenarioOK, `"advance"`, `"advanced"`, 1), strictjson.ErrUnknownField, `lawfultest: scenario file: scenarios[0].steps[0]: unknown field "advanced"; want one of advance, check,`},
		{"field_names_are_case_sensitive", strings.Replace(scenarioOK, `"age"`, `"Age"`, 1), strictjson.ErrUnknownField, `subjects.a: unknown field "Age"; did you mean "age"?`},
		{"input_over_MaxScenarioSize_is_rejected_naming_the_limit", scenarioOK + strings.Repeat(" ", lawfultest.MaxScenarioSize), purpose.ErrTooLarge, "(lawfultest.MaxScenarioSize)"},
		{"array_over_MaxScenarioElements_is_rejected", `{"scenarios": [` + strings.Repeat(`{},`, lawfultest.MaxScenarioElements) + `{}]}`, purpose.ErrTooLarge, "scenarios: an array of more than 10000 elements"},
		{"nesting_over_MaxScenarioDepth_is_rejected", `{"scenarios": [{"steps": [{"grant": {"purposes": [[[]]]}}]}]}`, purpose.ErrTooLarge, "nested more than 8 arrays and objects deep"},
		{"wrong_type_names_the_field", `{"subjects": {"a": {"age": "30"}}}`, strictjson.ErrWrongType, "lawfultest: scenario file: subjects.age: want an integer in range, got string"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := lawfultest.DecodeScenarioFile([]byte(tc.file))
			require.Error(t, err)
			assert.ErrorIs(t, err, tc.want)
			assert.Contains(t, err.Error(), tc.says)
		})
	}
	t.Run("LoadScenarioFile_applies_the_same_rules_naming_the_file", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "s.json")
		require.NoError(t, os.WriteFile(path, []byte(scenarioOK+" {}"), 0o600))
		_, err := lawfultest.LoadScenarioFile(path)
		assert.ErrorIs(t, err, purpose.ErrTrailingData)
		assert.ErrorContains(t, err, "lawfultest: "+path+": trailing data after the document")
		require.NoError(t, os.WriteFile(path, []byte(scenarioOK+strings.Repeat(" ", lawfultest.MaxScenarioSize)), 0o600))
		_, err = lawfultest.LoadScenarioFile(path)
		assert.ErrorIs(t, err, purpose.ErrTooLarge)
	})
}

func repeatedScenario(prefix, elem, suffix string) []byte {
	n := lawfultest.MaxScenarioElements
	return []byte(prefix + strings.TrimSuffix(strings.Repeat(elem+",", n), ",") + suffix)
}

// hostileScenarioFiles are long lists of small elements, each decoded into
// a struct many times its size.
func hostileScenarioFiles() map[string][]byte {
	return map[string][]byte{
		"empty_scenarios":  repeatedScenario(`{"scenarios":[`, `{}`, `]}`),
		"empty_steps":      repeatedScenario(`{"scenarios":[{"steps":[`, `{}`, `]}]}`),
		"empty_checks":     repeatedScenario(`{"scenarios":[{"steps":[`, `{"check":{}}`, `]}]}`),
		"null_steps":       repeatedScenario(`{"scenarios":[{"steps":[`, `null`, `]}]}`),
		"empty_subjects":   subjects(),
		"empty_purposes":   repeatedScenario(`{"scenarios":[{"steps":[{"grant":{"purposes":[`, `""`, `]}}]}]}`),
		"step_lists_steps": repeatedScenario(`{"scenarios":[`, `{"steps":[{}]}`, `]}`),
	}
}

func subjects() []byte {
	var b strings.Builder
	b.WriteString(`{"subjects":{`)
	for i := range lawfultest.MaxScenarioElements {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `"%d":{}`, i)
	}
	b.WriteString("}}")
	return []byte(b.String())
}

func TestDecodeScenarioFileAllocationIsProportionalToInput(t *testing.T) {
	for name, data := range hostileScenarioFiles() {
		t.Run(name, func(t *testing.T) {
			got := strictjson.Allocated(func() {
				if _, err := lawfultest.DecodeScenarioFile(data); err != nil {
					_ = err.Error()
				}
			})
			t.Logf("%d bytes in, %d allocated: %.1f per byte", len(data), got, float64(got)/float64(len(data)))
			assert.LessOrEqual(t, got, strictjson.AllocBound(len(data)))
		})
	}
}

// FuzzDecodeScenarioFile checks that DecodeScenarioFile never panics,
// allocates at most strictjson.AllocBound(len(input)) bytes, refuses with
// an error naming the problem, and that what it accepts encodes to JSON
// that decodes to the same encoding. The seeds include small
// copies of the inputs that cost the most: long lists of empty steps and
// scenarios (each a struct fifty times its size, once grown five times
// over by encoding/json), and the trailing data the decoder used to
// accept.
func FuzzDecodeScenarioFile(f *testing.F) {
	for _, name := range []string{"testdata/scenarios.json", "../examples/seeds/003-clipo/scenarios.json"} {
		b, err := os.ReadFile(name)
		require.NoError(f, err)
		f.Add(b)
	}
	f.Add([]byte(scenarioOK))
	f.Add([]byte(scenarioOK + `{"scenarios":[]}`))
	f.Add([]byte(`{"subjects":{"a":{},"a":{"age":1}}}`))
	f.Add([]byte(`{"scenarios":[{"steps":[` + strings.Repeat(`{},`, 1000) + `{}]}]}`))
	f.Add([]byte(`{"scenarios":[` + strings.Repeat(`{},`, 1000) + `{}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var sf *lawfultest.ScenarioFile
		var err error
		got := strictjson.Allocated(func() {
			sf, err = lawfultest.DecodeScenarioFile(data)
			if err != nil {
				_ = err.Error()
			}
		})
		if bound := strictjson.AllocBound(len(data)); got > bound {
			t.Fatalf("DecodeScenarioFile allocated %d bytes for %d bytes of input, over the bound %d", got, len(data), bound)
		}
		if err != nil {
			var se *strictjson.Error
			if !errors.As(err, &se) && !strings.Contains(err.Error(), "lawfultest: scenario file: ") {
				t.Fatalf("error names no problem: %v", err)
			}
			return
		}
		out, err := json.Marshal(sf)
		require.NoError(t, err)
		again, err := lawfultest.DecodeScenarioFile(out)
		if err != nil {
			t.Fatalf("re-decoding %s: %v", out, err)
		}
		if out2, err := json.Marshal(again); err != nil || !bytes.Equal(out, out2) {
			t.Fatalf("round trip changed the file (%v):\n%s\n%s", err, out, out2)
		}
	})
}
