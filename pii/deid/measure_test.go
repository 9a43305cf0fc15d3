package deid_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/pii/deid"
)

// patients is a small table: two classes of three rows on (age, region),
// one class of one row.
func patients() deid.Table {
	return deid.Table{
		Columns: []string{"age", "region", "diagnosis", "visit"},
		Rows: [][]string{
			{"30-39", "440300", "flu", "1"},
			{"30-39", "440300", "asthma", "2"},
			{"30-39", "440300", "flu", "3"},
			{"40-49", "110000", "flu", "4"},
			{"40-49", "110000", "flu", "5"},
			{"40-49", "110000", "flu", "6"},
			{"50-59", "310000", "diabetes", "7"},
		},
	}
}

var qiSpec = deid.Spec{QuasiIdentifiers: []string{"age", "region"}, Sensitive: []string{"diagnosis"}}

func TestMeasure(t *testing.T) {
	ctx := context.Background()
	t.Run("k_is_the_size_of_the_smallest_equivalence_class", func(t *testing.T) {
		r, err := deid.Measure(ctx, patients(), qiSpec, deid.Thresholds{K: 3, L: 2})
		require.NoError(t, err)
		assert.Equal(t, 7, r.Rows)
		assert.Equal(t, 1, r.K)
		assert.Len(t, r.Classes, 3)
		assert.Equal(t, []string{"50-59", "310000"}, r.Classes[0].Values, "the smallest class comes first")
		assert.Equal(t, 1, r.BelowK)
		assert.Equal(t, 1, r.RowsBelowK)
		assert.False(t, r.Meets())
	})
	t.Run("distinct_l_diversity_counts_distinct_sensitive_values_per_class", func(t *testing.T) {
		r, err := deid.Measure(ctx, patients(), qiSpec, deid.Thresholds{L: 2})
		require.NoError(t, err)
		byRegion := map[string]deid.Class{}
		for _, c := range r.Classes {
			byRegion[c.Values[1]] = c
		}
		assert.Equal(t, []int{2}, byRegion["440300"].L)
		assert.Equal(t, []int{1}, byRegion["110000"].L, "three rows with one diagnosis give the diagnosis away")
		assert.Equal(t, 1, r.L)
		assert.Equal(t, 2, r.BelowL)
	})
	t.Run("classes_of_equal_size_sort_by_their_values", func(t *testing.T) {
		r, err := deid.Measure(ctx, patients(), qiSpec, deid.Thresholds{})
		require.NoError(t, err)
		assert.Equal(t, []string{"30-39", "440300"}, r.Classes[1].Values)
		assert.Equal(t, []string{"40-49", "110000"}, r.Classes[2].Values)
	})
	t.Run("without_sensitive_columns_l_is_not_measured", func(t *testing.T) {
		r, err := deid.Measure(ctx, patients(), deid.Spec{QuasiIdentifiers: []string{"age"}}, deid.Thresholds{K: 1})
		require.NoError(t, err)
		assert.Equal(t, 0, r.L)
		assert.Empty(t, r.Classes[0].L)
		assert.Equal(t, 0, r.Classes[0].MinL())
	})
	t.Run("cells_that_differ_only_by_where_a_separator_falls_are_different_classes", func(t *testing.T) {
		tb := deid.Table{Columns: []string{"a", "b"}, Rows: [][]string{{"ab", "c"}, {"a", "bc"}}}
		r, err := deid.Measure(ctx, tb, deid.Spec{QuasiIdentifiers: []string{"a", "b"}}, deid.Thresholds{})
		require.NoError(t, err)
		assert.Len(t, r.Classes, 2)
	})
	t.Run("l_saturates_at_MaxTrackedL", func(t *testing.T) {
		tb := deid.Table{Columns: []string{"q", "s"}}
		for i := range deid.MaxTrackedL + 10 {
			tb.Rows = append(tb.Rows, []string{"x", strings.Repeat("v", i+1)})
		}
		r, err := deid.Measure(ctx, tb, deid.Spec{QuasiIdentifiers: []string{"q"}, Sensitive: []string{"s"}}, deid.Thresholds{})
		require.NoError(t, err)
		assert.Equal(t, deid.MaxTrackedL, r.L)
	})
	t.Run("a_cancelled_context_stops_the_measure", func(t *testing.T) {
		c, cancel := context.WithCancel(ctx)
		cancel()
		_, err := deid.Measure(c, patients(), qiSpec, deid.Thresholds{})
		assert.ErrorIs(t, err, context.Canceled)
	})
}

func TestMeasureRefuses(t *testing.T) {
	ragged := patients()
	ragged.Rows[2] = ragged.Rows[2][:3]
	wide := deid.Table{Columns: make([]string, deid.MaxColumns+1), Rows: [][]string{make([]string, deid.MaxColumns+1)}}
	long := patients()
	long.Rows[4][0] = strings.Repeat("x", deid.MaxCellBytes+1)
	tests := []struct {
		name  string
		table deid.Table
		spec  deid.Spec
		th    deid.Thresholds
		want  error
		says  string
	}{
		{"an_empty_table_has_nothing_to_measure", deid.Table{Columns: []string{"age"}}, deid.Spec{QuasiIdentifiers: []string{"age"}}, deid.Thresholds{}, deid.ErrInvalidTable, "no rows"},
		{"a_table_without_columns_is_refused", deid.Table{}, qiSpec, deid.Thresholds{}, deid.ErrInvalidTable, "no columns"},
		{"a_ragged_row_is_named_by_its_index", ragged, qiSpec, deid.Thresholds{}, deid.ErrInvalidTable, "row 2: the row has 3 cells and the table 4 columns"},
		{"too_many_columns_are_refused", wide, qiSpec, deid.Thresholds{}, deid.ErrInvalidTable, "more than MaxColumns"},
		{"a_cell_over_MaxCellBytes_is_refused", long, qiSpec, deid.Thresholds{}, deid.ErrInvalidTable, "row 4: column 0"},
		{"no_quasi-identifier_is_refused", patients(), deid.Spec{Sensitive: []string{"diagnosis"}}, deid.Thresholds{}, deid.ErrInvalidTable, "no quasi-identifier"},
		{"an_unknown_column_is_refused", patients(), deid.Spec{QuasiIdentifiers: []string{"postcode"}}, deid.Thresholds{}, deid.ErrInvalidTable, `"postcode" is not in the table`},
		{"a_column_cannot_be_both_quasi-identifier_and_sensitive", patients(), deid.Spec{QuasiIdentifiers: []string{"age"}, Sensitive: []string{"age"}}, deid.Thresholds{}, deid.ErrInvalidTable, "chosen twice"},
		{"a_column_named_twice_is_refused", deid.Table{Columns: []string{"a", "a"}, Rows: [][]string{{"1", "2"}}}, deid.Spec{QuasiIdentifiers: []string{"a"}}, deid.Thresholds{}, deid.ErrInvalidTable, "named twice"},
		{"negative_thresholds_are_refused", patients(), qiSpec, deid.Thresholds{K: -1}, deid.ErrInvalidParameter, "negative"},
		{"an_l_without_a_sensitive_column_is_refused", patients(), deid.Spec{QuasiIdentifiers: []string{"age"}}, deid.Thresholds{L: 2}, deid.ErrInvalidParameter, "Spec.Sensitive"},
		{"too_many_classes_are_refused", patients(), deid.Spec{QuasiIdentifiers: []string{"visit"}, MaxClasses: 3}, deid.Thresholds{}, deid.ErrInvalidTable, "more than the 3 allowed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := deid.Measure(context.Background(), tc.table, tc.spec, tc.th)
			require.ErrorIs(t, err, tc.want)
			assert.Contains(t, err.Error(), tc.says)
			assert.NotContains(t, err.Error(), "flu", "errors never repeat a cell")
		})
	}
	t.Run("a_table_error_carries_row_and_column", func(t *testing.T) {
		_, err := deid.Measure(context.Background(), long, qiSpec, deid.Thresholds{})
		var te *deid.TableError
		require.True(t, errors.As(err, &te))
		assert.Equal(t, 4, te.Row)
		assert.Equal(t, 0, te.Column)
	})
}

func TestMeasurer(t *testing.T) {
	t.Run("a_refused_row_counts_nothing", func(t *testing.T) {
		m, err := deid.NewMeasurer([]string{"q", "s"}, deid.Spec{QuasiIdentifiers: []string{"q"}, Sensitive: []string{"s"}, MaxClasses: 1})
		require.NoError(t, err)
		require.NoError(t, m.Add([]string{"a", "x"}))
		assert.Error(t, m.Add([]string{"a"}))
		assert.Error(t, m.Add([]string{"b", "y"}), "a second class is past MaxClasses")
		require.NoError(t, m.Add([]string{"a", "y"}))
		r, err := m.Report(deid.Thresholds{})
		require.NoError(t, err)
		assert.Equal(t, 2, r.Rows)
		assert.Equal(t, []int{2}, r.Classes[0].L)
	})
	t.Run("the_measurer_keeps_no_reference_to_a_row", func(t *testing.T) {
		m, err := deid.NewMeasurer([]string{"q"}, deid.Spec{QuasiIdentifiers: []string{"q"}})
		require.NoError(t, err)
		b := []byte("abc")
		row := []string{string(b)}
		require.NoError(t, m.Add(row))
		row[0] = "zzz"
		r, err := m.Report(deid.Thresholds{})
		require.NoError(t, err)
		assert.Equal(t, []string{"abc"}, r.Classes[0].Values)
	})
}

func TestCheck(t *testing.T) {
	ctx := context.Background()
	big := deid.Table{Columns: []string{"age", "region", "diagnosis"}}
	for i := range 30 {
		big.Rows = append(big.Rows, []string{"30-39", "440300", []string{"flu", "asthma", "diabetes"}[i%3]})
	}
	t.Run("defaults_ask_k_5_and_l_2_for_a_deidentified_claim_PIPL_art_73(3)", func(t *testing.T) {
		th, err := deid.DefaultThresholds(pii.Deidentified)
		require.NoError(t, err)
		assert.Equal(t, deid.Thresholds{K: 5, L: 2}, th)
		_, err = deid.Check(ctx, big, qiSpec, pii.Deidentified, deid.Thresholds{})
		assert.NoError(t, err)
	})
	t.Run("a_small_class_fails_the_claim_closed_with_the_figures", func(t *testing.T) {
		r, err := deid.Check(ctx, patients(), qiSpec, pii.Deidentified, deid.Thresholds{})
		require.ErrorIs(t, err, deid.ErrClaimNotMet)
		var ce *deid.ClaimError
		require.True(t, errors.As(err, &ce))
		assert.Equal(t, 1, ce.K)
		assert.Equal(t, 3, ce.BelowK)
		assert.Equal(t, 7, r.Rows, "the report comes with the error")
		assert.Contains(t, err.Error(), `"deidentified"`)
		assert.NotContains(t, err.Error(), "440300", "the error holds figures, never values")
	})
	t.Run("an_anonymised_claim_asks_more_than_a_deidentified_one_PIPL_art_73(4)", func(t *testing.T) {
		_, err := deid.Check(ctx, big, qiSpec, pii.Anonymised, deid.Thresholds{})
		assert.NoError(t, err, "30 rows in one class with 3 diagnoses reach k 10 and l 3")
		_, err = deid.Check(ctx, big, qiSpec, pii.Anonymised, deid.Thresholds{K: 31})
		assert.ErrorIs(t, err, deid.ErrClaimNotMet)
	})
	t.Run("caller_thresholds_replace_the_defaults", func(t *testing.T) {
		_, err := deid.Check(ctx, patients(), qiSpec, pii.Deidentified, deid.Thresholds{K: 1, L: 1})
		assert.NoError(t, err)
	})
	t.Run("without_sensitive_columns_the_default_l_is_dropped", func(t *testing.T) {
		_, err := deid.Check(ctx, big, deid.Spec{QuasiIdentifiers: []string{"age"}}, pii.Deidentified, deid.Thresholds{})
		assert.NoError(t, err)
	})
	t.Run("identified_and_pseudonymised_claims_require_nothing_measurable", func(t *testing.T) {
		for _, f := range []pii.Form{pii.Identified, pii.Pseudonymised} {
			_, err := deid.Check(ctx, patients(), qiSpec, f, deid.Thresholds{})
			assert.NoError(t, err, f.String())
		}
	})
	t.Run("an_unknown_form_is_refused", func(t *testing.T) {
		_, err := deid.Check(ctx, big, qiSpec, pii.Form(9), deid.Thresholds{})
		assert.ErrorIs(t, err, deid.ErrInvalidParameter)
		_, err = deid.Check(ctx, big, qiSpec, pii.Form(9), deid.Thresholds{K: 2})
		assert.ErrorIs(t, err, deid.ErrInvalidParameter)
	})
}
