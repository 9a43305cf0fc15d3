package retention_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/lawfulgo/lawful/internal/strictjson"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/retention"
	"github.com/lawfulgo/lawful/subject"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// policyWith compiles a one-purpose policy whose retention entry has the
// given rule JSON.
func policyWith(t *testing.T, rule string) *purpose.Registry {
	t.Helper()
	p := purpose.Policy{
		Name: purpose.Text{EN: "Test", ZH: "测试"}, Controller: purpose.Controller{Name: purpose.Text{EN: "T", ZH: "T"}, Contact: "dpo@example.com"},
		Version: "1", Regimes: []pii.Law{pii.PIPL},
		Purposes: []purpose.Purpose{{
			ID: "ops.logging", Name: purpose.Text{EN: "Logs", ZH: "日志"}, Description: purpose.Text{EN: "Logs", ZH: "日志"},
			Versions: []purpose.Version{{Number: 1}}, Required: pii.MustParseSet("activity.service_log"),
			Operations: purpose.OperationsOf(purpose.Collect, purpose.Use, purpose.Store),
			Basis:      purpose.Legal{Basis: purpose.LegalDuty, Cites: "Cybersecurity Law art. 21(3)"},
			Retention:  "logs",
		}},
		Retention: []purpose.Retention{{ID: "logs", Summary: purpose.Text{EN: "6 months", ZH: "六个月"}, Rule: json.RawMessage(rule)}},
	}
	reg, err := purpose.Compile(p)
	require.NoError(t, err)
	return reg
}

func TestCompile(t *testing.T) {
	for _, tc := range []struct {
		name string
		rule string
		want error
		says string
	}{
		{"a_minimum_longer_than_the_maximum_is_refused", `{"minimum": "P1Y", "minimum_cites": "CSL art. 21(3)", "maximum": "P6M"}`, retention.ErrInvalidRule, "longer than the maximum"},
		{"a_minimum_must_cite_its_law_NDSMR_art21", `{"minimum": "P6M"}`, retention.ErrInvalidRule, "cite the law"},
		{"an_unknown_trigger_is_refused", `{"ends_on": ["user_cleared"]}`, retention.ErrUnknownTrigger, "unknown trigger"},
		{"collected_cannot_end_a_period", `{"ends_on": ["collected"]}`, retention.ErrInvalidRule, "cannot end"},
		{"an_empty_ends_on_would_never_end_PIPL_art19", `{"ends_on": []}`, retention.ErrInvalidRule, "empty list"},
		{"a_zero_period_is_refused", `{"keep": "P0D"}`, retention.ErrInvalidPeriod, "zero"},
		{"a_negative_period_is_refused", `{"keep": "P-6M"}`, retention.ErrInvalidPeriod, "ISO 8601"},
		{"an_hour_period_is_refused", `{"grace": "PT48H"}`, retention.ErrInvalidPeriod, "time components"},
		{"unknown_fields_are_refused", `{"trigger": "collected"}`, retention.ErrInvalidRule, "unknown field"},
		{"an_unknown_action_is_refused", `{"action": "freeze_then_delete"}`, retention.ErrInvalidRule, "delete or anonymise"},
		{"keep_from_a_trigger_needs_a_keep_period", `{"from": "account_closed"}`, retention.ErrInvalidRule, "counts a keep period"},
		{"categories_must_be_the_purposes", `{"categories": ["contact.phone"]}`, retention.ErrInvalidRule, "not categories of the rule's purposes"},
		{"an_unknown_category_is_refused", `{"categories": ["contact.fax"]}`, retention.ErrInvalidRule, "contact.fax"},
		{"a_rule_must_be_an_object", `[]`, retention.ErrInvalidRule, "rule"},
		{"trailing_data_is_refused", `{"keep": "P6M"}}`, retention.ErrInvalidRule, "trailing data"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rules, err := retention.Compile(policyWith(t, tc.rule))
			require.Error(t, err)
			assert.Nil(t, rules)
			assert.ErrorIs(t, err, tc.want)
			assert.Contains(t, err.Error(), tc.says)
			assert.Contains(t, err.Error(), `"logs"`, "the error names the rule")
		})
	}

	t.Run("a_purpose_without_a_rule_is_refused_NDSMR_art21_3", func(t *testing.T) {
		reg := policyWith(t, `{"keep": "P6M"}`)
		_, err := retention.Compile(reg, retention.Rule{ID: "extra", Purposes: []purpose.ID{"nope"}, Keep: retention.Days(1)})
		assert.ErrorIs(t, err, retention.ErrInvalidRule)
		assert.Contains(t, err.Error(), `purpose "nope" is not declared`)
	})

	t.Run("problems_past_MaxProblems_are_counted_not_listed", func(t *testing.T) {
		reg := policyWith(t, `{"keep": "P6M"}`)
		extra := make([]retention.Rule, 3*purpose.MaxProblems)
		for i := range extra {
			extra[i] = retention.Rule{ID: fmt.Sprintf("bad%d", i), Purposes: []purpose.ID{"nope"}, Keep: retention.Days(1)}
		}
		_, err := retention.Compile(reg, extra...)
		require.ErrorIs(t, err, retention.ErrInvalidRule)
		joined, ok := err.(interface{ Unwrap() []error })
		require.True(t, ok, "Compile joins its problems")
		assert.Len(t, joined.Unwrap(), purpose.MaxProblems+1, "the listed problems and one line counting the rest")
		assert.Contains(t, err.Error(), fmt.Sprintf("%d more problems not listed", 2*purpose.MaxProblems))
		assert.NotContains(t, err.Error(), fmt.Sprintf(`"bad%d"`, purpose.MaxProblems))
	})

	t.Run("rules_in_go_join_the_policys_and_ids_are_unique", func(t *testing.T) {
		reg := policyWith(t, `{"keep": "P6M", "minimum": "P6M", "minimum_cites": "CSL art. 21(3)"}`)
		extra := retention.Rule{ID: "audit", Purposes: []purpose.ID{"ops.logging"}, Keep: retention.Years(3), Minimum: retention.Years(3), MinimumCites: "PIPL art. 56"}
		rules, err := retention.Compile(reg, extra)
		require.NoError(t, err)
		assert.Equal(t, 2, rules.Len())
		got, ok := rules.Rule("audit")
		require.True(t, ok)
		assert.Equal(t, retention.AllEndings, got.EndsOn, "defaults are filled")
		assert.Equal(t, retention.Delete, got.Action)
		assert.Equal(t, pii.MustParseSet("activity.service_log"), got.Categories)
		_, err = retention.Compile(reg, retention.Rule{ID: "logs", Purposes: []purpose.ID{"ops.logging"}, Keep: retention.Days(1)})
		assert.ErrorContains(t, err, "two rules share the ID")
		_, err = retention.Compile(nil)
		assert.ErrorIs(t, err, retention.ErrNotConfigured)
	})

	t.Run("the_latest_minimum_and_the_earliest_end_decide_when_rules_overlap", func(t *testing.T) {
		reg := policyWith(t, `{"keep": "P1Y"}`)
		rules, err := retention.Compile(reg, retention.Rule{ID: "records", Purposes: []purpose.ID{"ops.logging"}, Keep: retention.Months(1), Minimum: retention.Months(6), MinimumCites: "CSL art. 21(3)", Action: retention.Anonymise})
		require.NoError(t, err)
		tr, err := retention.NewTracker(context.Background(), retention.Config{Rules: rules, Store: &retention.MemStore{}, Clock: fixedClock{}})
		require.NoError(t, err)
		at := time.Date(2026, 1, 15, 10, 0, 0, 0, cst)
		tm, err := tr.Track(context.Background(), retention.Item{Subject: subject.MustParseID("01890a5d-ac96-774b-bcce-b302099a8057"), Purpose: "ops.logging", Categories: pii.MustParseSet("activity.service_log"), Key: "k", Collected: at})
		require.NoError(t, err)
		assert.Equal(t, retention.Months(6).End(at), tm.Due, "the minimum outlasts both keeps")
		assert.Equal(t, retention.Months(1).End(at), tm.RestrictedFrom, "restricted from the earliest end")
		assert.Equal(t, retention.Delete, tm.Action, "deletion wins over anonymisation")
		assert.ElementsMatch(t, []string{"logs", "records"}, tm.Rules)
	})
}

type fixedClock struct{}

func (fixedClock) Now() time.Time { return time.Date(2026, 1, 15, 10, 0, 0, 0, cst) }

func TestDecodeRuleRoundTrip(t *testing.T) {
	in := `{"categories":["activity.service_log"],"keep":"P6M","from":"collected","ends_on":["account_closed","deletion_requested"],"grace":"P15D","minimum":"P6M","minimum_cites":"CSL art. 21(3)","maximum":"P3Y","action":"anonymise","cites":"seed"}`
	r, err := retention.DecodeRule([]byte(in))
	require.NoError(t, err)
	out, err := json.Marshal(r)
	require.NoError(t, err)
	assert.JSONEq(t, in, string(out))
}

// list returns a rule with field set to n copies of elem.
func list(field, elem string, n int) []byte {
	return []byte(`{"` + field + `":[` + strings.TrimSuffix(strings.Repeat(elem+",", n), ",") + `]}`)
}

func TestDecodeRule(t *testing.T) {
	for _, tc := range []struct {
		name, rule string
		want       []error
		says       string
	}{
		{"duplicate_key_is_rejected_not_last_wins", `{"keep":"P6M","keep":"P10Y"}`, []error{retention.ErrInvalidRule, purpose.ErrDuplicateKey}, `retention: rule: duplicate key "keep"`},
		{"a_key_differing_only_in_case_is_unknown_not_a_second_value", `{"keep":"P6M","Keep":"P10Y"}`, []error{retention.ErrInvalidRule}, `retention: rule: unknown field "Keep"; did you mean "keep"?`},
		{"trailing_data_after_the_document_is_rejected", `{"keep":"P6M"} {"keep":"P10Y"}`, []error{retention.ErrInvalidRule, purpose.ErrTrailingData}, "retention: rule: trailing data after the document at line 1, column 16"},
		{"unknown_field_is_rejected", `{"keep":"P6M","trigger":"collected"}`, []error{retention.ErrInvalidRule}, `retention: rule: unknown field "trigger"; want one of action, categories, cites, ends_on, from, grace, keep, maximum, minimum, minimum_cites`},
		{"input_over_MaxRuleSize_is_rejected_naming_the_limit", `{"cites":"` + strings.Repeat("x", retention.MaxRuleSize) + `"}`, []error{retention.ErrInvalidRule, purpose.ErrTooLarge}, "retention: rule: input is 65548 bytes, more than 65536 bytes (retention.MaxRuleSize)"},
		{"list_over_MaxRuleElements_is_rejected", string(list("ends_on", `"account_closed"`, retention.MaxRuleElements+1)), []error{retention.ErrInvalidRule, purpose.ErrTooLarge}, "retention: rule: ends_on: an array of more than 1000 elements"},
		{"wrong_type_names_the_field", `{"ends_on":"account_closed"}`, []error{retention.ErrInvalidRule}, "retention: rule: ends_on: want an array, got string"},
		{"bad_elements_of_a_list_past_three_are_counted", string(list("ends_on", `""`, 50)), []error{retention.ErrInvalidRule, retention.ErrUnknownTrigger}, `ends_on[0]: retention: unknown trigger ""`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := retention.DecodeRule([]byte(tc.rule))
			require.Error(t, err)
			for _, want := range tc.want {
				assert.ErrorIs(t, err, want)
			}
			assert.True(t, strings.HasPrefix(err.Error(), tc.says), "got %q\nwant prefix %q", err, tc.says)
		})
	}
	t.Run("bad_elements_of_a_list_past_three_are_counted", func(t *testing.T) {
		_, err := retention.DecodeRule(list("ends_on", `""`, 50))
		lines := strings.Split(err.Error(), "\n")
		assert.Len(t, lines, 4)
		assert.Equal(t, "ends_on: 47 more bad elements", lines[3])
	})
	t.Run("problems_past_ten_are_not_listed_but_noted", func(t *testing.T) {
		_, err := retention.DecodeRule([]byte(`{"keep":"x","grace":"x","minimum":"x","maximum":"x","from":"x","action":"x","categories":["x","x","x","x"],"ends_on":["x","x","x","x"]}`))
		lines := strings.Split(err.Error(), "\n")
		assert.Len(t, lines, 11)
		assert.Equal(t, "... and more problems than the 10 above; fix these and decode again", lines[10])
	})
}

// hostileRules are rules built to make DecodeRule work hard: long lists of
// bad elements, each a few bytes, each a problem.
func hostileRules() map[string][]byte {
	n := retention.MaxRuleElements
	return map[string][]byte{
		"empty_end_conditions":     list("ends_on", `""`, n),
		"unknown_end_conditions":   list("ends_on", `"x"`, n),
		"starting_end_conditions":  list("ends_on", `"collected"`, n),
		"unknown_categories":       list("categories", `"account_closed"`, n),
		"near_miss_categories":     list("categories", `"contact.phon"`, n),
		"empty_categories":         list("categories", `""`, n),
		"valid_categories":         list("categories", `"contact.phone"`, n),
		"long_unknown_category":    []byte(`{"categories":["` + strings.Repeat("a.", retention.MaxRuleSize/2-20) + `"]}`),
		"long_citation_at_the_max": []byte(`{"cites":"` + strings.Repeat("x", retention.MaxRuleSize-12) + `"}`),
	}
}

// TestDecodeRuleAllocationIsProportionalToInput: decoding allocates at
// most strictjson.AllocBound(len(input)) bytes. A rule with a long list of
// empty end conditions used to allocate about 140 bytes per input byte
// (every element an error, each formatted and joined), one with unknown
// categories about 1350 (pii suggestions for each).
func TestDecodeRuleAllocationIsProportionalToInput(t *testing.T) {
	for name, data := range hostileRules() {
		t.Run(name, func(t *testing.T) {
			var err error
			got := strictjson.Allocated(func() {
				_, err = retention.DecodeRule(data)
				if err != nil {
					_ = err.Error()
				}
			})
			t.Logf("%d bytes in, %d allocated: %.1f per byte", len(data), got, float64(got)/float64(len(data)))
			assert.LessOrEqual(t, got, strictjson.AllocBound(len(data)))
			assert.Equal(t, !strings.HasPrefix(name, "valid_") && !strings.HasPrefix(name, "empty_cat") && !strings.HasPrefix(name, "long_cit"), err != nil, "%v", err)
		})
	}
}

// FuzzDecodeRule checks that DecodeRule never panics, allocates at most
// strictjson.AllocBound(len(input)) bytes, refuses with a retention
// sentinel, and that what it accepts survives MarshalJSON. The seeds
// include small copies of the inputs that used to blow up.
func FuzzDecodeRule(f *testing.F) {
	for _, s := range []string{`{"keep":"P6M","minimum":"P6M","minimum_cites":"x"}`, `{"ends_on":["account_closed"],"grace":"P15D"}`, `{"action":"anonymise","categories":["biometric"]}`, `{}`, `[]`, `{"keep":1}`,
		`{"keep":"P6M","keep":"P1Y"}`, `{"keep":"P6M","KEEP":"P1Y"}`, `{"keep":"P6M"}}`} {
		f.Add([]byte(s))
	}
	f.Add(list("ends_on", `""`, 500))
	f.Add(list("categories", `"account_closed"`, 500))
	f.Fuzz(func(t *testing.T, data []byte) {
		var r retention.Rule
		var err error
		got := strictjson.Allocated(func() {
			r, err = retention.DecodeRule(data)
			if err != nil {
				_ = err.Error()
			}
		})
		if bound := strictjson.AllocBound(len(data)); got > bound {
			t.Fatalf("DecodeRule allocated %d bytes for %d bytes of input, over the bound %d", got, len(data), bound)
		}
		if err != nil {
			if !errors.Is(err, retention.ErrInvalidRule) && !errors.Is(err, retention.ErrInvalidPeriod) && !errors.Is(err, retention.ErrUnknownTrigger) {
				t.Fatalf("error %v matches no retention sentinel", err)
			}
			return
		}
		out, err := json.Marshal(r)
		if err != nil {
			t.Fatalf("marshal %+v: %v", r, err)
		}
		again, err := retention.DecodeRule(out)
		if err != nil {
			t.Fatalf("re-decoding %s: %v", out, err)
		}
		if again.Keep != r.Keep || again.Grace != r.Grace || again.Minimum != r.Minimum || again.Maximum != r.Maximum ||
			again.From != r.From || again.EndsOn != r.EndsOn || again.Action != r.Action || again.Categories != r.Categories ||
			again.Cites != r.Cites || again.MinimumCites != r.MinimumCites {
			t.Fatalf("round trip changed the rule:\n%+v\n%+v", r, again)
		}
	})
}

// Compile decodes every retention entry's rule of a policy: a policy of
// many small bad rules costs in proportion to its size too. (Compile joins
// every entry's problems, uncapped: rules of ten problems each in every
// entry still cost about 50 bytes a policy byte.)
func TestCompileAllocationIsProportionalToPolicy(t *testing.T) {
	for name, rule := range map[string]string{
		"empty_end_condition": `{"ends_on":[""]}`,
		"unknown_categories":  `{"categories":["account_closed","contact.phon"]}`,
		"duplicate_keys":      `{"keep":"P1Y","keep":"P2Y"}`,
		"not_an_object":       `1`,
		"empty_rule":          `{}`,
		"bad_period":          `{"keep":""}`,
	} {
		t.Run(name, func(t *testing.T) {
			var b strings.Builder
			b.WriteString(`{"schema":1,"regimes":["pipl"],"retention":[`)
			n := purpose.MaxPolicyElements
			for i := range n {
				if i > 0 {
					b.WriteString(",")
				}
				fmt.Fprintf(&b, `{"id":"r%d","summary":"s","rule":%s}`, i, rule)
			}
			b.WriteString(`],"purposes":[{"id":"ops.logging","name":"Logs","versions":[{"number":1}],"categories":{"required":["activity.service_log"]},"operations":["collect"],"basis":"consent","retention":"r0"}]}`)
			data := []byte(b.String())
			reg, err := purpose.LoadPolicy(strings.NewReader(b.String()))
			if name == "duplicate_keys" {
				assert.ErrorIs(t, err, purpose.ErrDuplicateKey, "the policy's own check refuses it first")
				return
			}
			require.NoError(t, err)
			got := strictjson.Allocated(func() {
				if _, err := retention.Compile(reg); err != nil {
					_ = err.Error()
				}
			})
			t.Logf("%d bytes of policy, %d allocated by Compile: %.1f per byte", len(data), got, float64(got)/float64(len(data)))
			assert.LessOrEqual(t, got, strictjson.AllocBound(len(data)))
		})
	}
}
