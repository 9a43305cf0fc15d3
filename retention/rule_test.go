package retention_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

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

func FuzzDecodeRule(f *testing.F) {
	for _, s := range []string{`{"keep":"P6M","minimum":"P6M","minimum_cites":"x"}`, `{"ends_on":["account_closed"],"grace":"P15D"}`, `{"action":"anonymise","categories":["biometric"]}`, `{}`, `[]`, `{"keep":1}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := retention.DecodeRule(data)
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
