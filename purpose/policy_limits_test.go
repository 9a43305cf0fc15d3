package purpose_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/lawfulgo/lawful/internal/strictjson"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// repeated returns prefix, then n copies of elem (with %d replaced by the
// index) separated by commas, then suffix.
func repeated(prefix, elem, suffix string, n int) []byte {
	var b bytes.Buffer
	b.WriteString(prefix)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		if strings.Contains(elem, "%d") {
			fmt.Fprintf(&b, elem, i)
		} else {
			b.WriteString(elem)
		}
	}
	b.WriteString(suffix)
	return b.Bytes()
}

const validPurpose = `{"id":"p%d","name":"P","versions":[{"number":1}],"categories":{"required":["contact.phone"]},"operations":["collect"],"basis":"consent","retention":"r"}`

// hostilePolicies are policies built to make a decoder work hard: long
// lists of empty or invalid elements, each a few bytes, each a problem.
func hostilePolicies() map[string][]byte {
	n := purpose.MaxPolicyElements
	head := `{"schema":1,"regimes":["pipl"],"retention":[{"id":"r","summary":"s"}],`
	one := head + `"purposes":[{"id":"p","name":"P","versions":[{"number":1}],"basis":"consent","retention":"r",`
	return map[string][]byte{
		"empty_purposes":           repeated(`{"schema":1,"purposes":[`, `{}`, `]}`, n),
		"null_purposes":            repeated(`{"schema":1,"purposes":[`, `null`, `]}`, n),
		"number_purposes":          repeated(`{"schema":1,"purposes":[`, `1`, `]}`, n),
		"id_only_purposes":         repeated(`{"schema":1,"purposes":[`, `{"id":"p%d"}`, `]}`, n),
		"empty_retention_entries":  repeated(`{"schema":1,"retention":[`, `{}`, `]}`, n),
		"repeated_regimes":         repeated(`{"schema":1,"regimes":[`, `"pipl"`, `]}`, n),
		"unknown_regimes":          repeated(`{"schema":1,"regimes":[`, `""`, `]}`, n),
		"unknown_categories":       repeated(one+`"operations":["collect"],"categories":{"required":[`, `"account_closed"`, `]}}]}`, n),
		"empty_recipients":         repeated(one+`"operations":["collect"],"categories":{"required":["contact.phone"]},"recipients":[`, `{}`, `]}]}`, n),
		"empty_versions":           repeated(head+`"purposes":[{"id":"p","versions":[`, `{}`, `]}]}`, n),
		"zero_versions":            repeated(head+`"purposes":[{"id":"p","versions":[`, `{"number":0}`, `]}]}`, n),
		"unknown_operations":       repeated(one+`"categories":{"required":["contact.phone"]},"operations":[`, `""`, `]}]}`, n),
		"unknown_bases":            repeated(one+`"operations":["collect"],"categories":{"required":["contact.phone"]},"bases":{`, `"x%d":"consent"`, `}}]}`, n),
		"one_key_objects":          repeated(`{"schema":1,"junk":[`, `{"":0}`, `]}`, n),
		"unknown_fields":           repeated(`{"schema":1,"purposes":[{`, `"x%d":0`, `}]}`, n),
		"valid_purposes":           repeated(head+`"purposes":[`, validPurpose, `]}`, n),
		"valid_purposes_many_laws": repeated(`{"schema":1,"regimes":["pipl","gdpr"],"retention":[{"id":"r","summary":"s"}],"purposes":[`, validPurpose, `]}`, n),
	}
}

// hostile8MiB is a policy of just under MaxPolicySize: purposes whose
// unknown fields hold long lists of empty arrays.
func hostile8MiB() []byte {
	field := string(repeated(`"junk":[`, `[]`, `]`, purpose.MaxPolicyElements-1))
	per := len(`{"id":"p00000",}`) + len(field) + 1
	return repeated(`{"schema":1,"purposes":[`, `{"id":"p%05d",`+field+`}`, `]}`, (purpose.MaxPolicySize-64)/per)
}

// TestLoadPolicyAllocationIsProportionalToInput: loading allocates at most
// strictjson.AllocBound(len(input)) bytes, whatever the input. A list of
// empty purposes used to allocate about 2000 bytes per input byte and take
// seconds per MiB, as every element's problems were formatted, kept and
// printed.
func TestLoadPolicyAllocationIsProportionalToInput(t *testing.T) {
	inputs := hostilePolicies()
	inputs["hostile_8MiB"] = hostile8MiB()
	for name, data := range inputs {
		t.Run(name, func(t *testing.T) {
			var err error
			got := strictjson.Allocated(func() {
				_, err = purpose.LoadPolicy(bytes.NewReader(data))
				if err != nil {
					_ = err.Error()
				}
			})
			t.Logf("%d bytes in, %d allocated: %.1f per byte", len(data), got, float64(got)/float64(len(data)))
			assert.LessOrEqual(t, got, strictjson.AllocBound(len(data)), "allocated %d bytes for %d bytes of input", got, len(data))
			if !strings.HasPrefix(name, "valid_") {
				assert.Error(t, err)
			}
		})
	}
}

func TestLoadPolicy(t *testing.T) {
	valid := `{"schema":1,"regimes":["pipl"],"retention":[{"id":"r","summary":"s"}],"purposes":[` + strings.ReplaceAll(validPurpose, "%d", "0") + `]}`
	_, err := purpose.LoadPolicy(strings.NewReader(valid))
	require.NoError(t, err)
	load := func(t *testing.T, doc string) (*purpose.ValidationError, error) {
		t.Helper()
		reg, err := purpose.LoadPolicy(strings.NewReader(doc))
		assert.Nil(t, reg)
		var ve *purpose.ValidationError
		require.ErrorAs(t, err, &ve)
		_, derr := purpose.DecodePolicy([]byte(doc))
		assert.Error(t, derr)
		return ve, err
	}
	t.Run("duplicate_key_is_rejected_not_last_wins", func(t *testing.T) {
		// Last-wins would make the policy consent-based to encoding/json
		// and to a reviewer reading the first "basis".
		doc := strings.Replace(valid, `"basis":"consent"`, `"basis":"legal_duty","basis":"consent"`, 1)
		_, err := load(t, doc)
		assert.ErrorIs(t, err, purpose.ErrDuplicateKey)
		assert.EqualError(t, err, "purpose: policy has 1 problem:\n\tpolicy: purposes[0]: duplicate key \"basis\"; give each key once (a repeated key would silently replace the first)")
	})
	t.Run("duplicate_key_is_rejected_at_any_depth_even_in_a_retention_rule", func(t *testing.T) {
		doc := strings.Replace(valid, `"summary":"s"`, `"summary":"s","rule":{"keep":"P1Y","keep":"P9Y"}`, 1)
		_, err := load(t, doc)
		assert.ErrorIs(t, err, purpose.ErrDuplicateKey)
		assert.ErrorContains(t, err, `policy: retention[0].rule: duplicate key "keep"`)
	})
	t.Run("input_over_MaxPolicySize_is_rejected_naming_the_limit", func(t *testing.T) {
		big := append([]byte(valid), bytes.Repeat([]byte(" "), purpose.MaxPolicySize)...)
		for _, err := range []error{
			func() error { _, err := purpose.LoadPolicy(bytes.NewReader(big)); return err }(),
			func() error { _, err := purpose.DecodePolicy(big); return err }(),
		} {
			assert.ErrorIs(t, err, purpose.ErrTooLarge)
			assert.ErrorIs(t, err, purpose.ErrInvalidPolicy)
			assert.ErrorContains(t, err, "8388608 bytes (purpose.MaxPolicySize)")
		}
	})
	t.Run("trailing_data_after_the_document_is_rejected", func(t *testing.T) {
		_, err := load(t, valid+` {}`)
		assert.ErrorIs(t, err, purpose.ErrTrailingData)
		assert.ErrorIs(t, err, purpose.ErrSyntax)
		assert.ErrorContains(t, err, "policy: trailing data after the document at line 1")
	})
	t.Run("unknown_field_is_rejected", func(t *testing.T) {
		_, err := load(t, strings.Replace(valid, `"basis":`, `"lawful_basis":"consent","basis":`, 1))
		assert.ErrorIs(t, err, purpose.ErrUnknownField)
		assert.ErrorContains(t, err, `purpose "p0": lawful_basis: unknown field "lawful_basis"`)
	})
	t.Run("nesting_over_MaxPolicyDepth_is_rejected", func(t *testing.T) {
		deep := strings.Repeat("[", purpose.MaxPolicyDepth) + strings.Repeat("]", purpose.MaxPolicyDepth)
		_, err := load(t, `{"schema":1,"x":`+deep+`}`)
		assert.ErrorIs(t, err, purpose.ErrTooLarge)
		assert.ErrorContains(t, err, fmt.Sprintf("nested more than %d arrays and objects deep", purpose.MaxPolicyDepth))
	})
	t.Run("array_over_MaxPolicyElements_is_rejected", func(t *testing.T) {
		_, err := load(t, string(repeated(`{"schema":1,"purposes":[`, `{}`, `]}`, purpose.MaxPolicyElements+1)))
		assert.ErrorIs(t, err, purpose.ErrTooLarge)
		assert.ErrorContains(t, err, fmt.Sprintf("policy: purposes: an array of more than %d elements", purpose.MaxPolicyElements))
	})
	t.Run("problems_past_MaxProblems_are_not_listed_but_noted", func(t *testing.T) {
		ve, err := load(t, string(repeated(`{"schema":1,"purposes":[`, `1`, `]}`, 500)))
		assert.Len(t, ve.Problems, purpose.MaxProblems)
		assert.True(t, ve.Truncated)
		msg := err.Error()
		assert.True(t, strings.HasPrefix(msg, fmt.Sprintf("purpose: policy has more than %d problems; the first %d:\n\t", purpose.MaxProblems, purpose.MaxProblems)), msg)
		assert.True(t, strings.HasSuffix(msg, "\n\t... and more: fix these and load the policy again"), msg)
	})
	t.Run("only_the_first_unknown_categories_get_suggestions", func(t *testing.T) {
		doc := strings.Replace(valid, `"required":["contact.phone"]`, string(repeated(`"required":[`, `"contact.phon%d"`, `]`, 12)), 1)
		ve, _ := load(t, doc)
		require.Len(t, ve.Problems, 12)
		for i, p := range ve.Problems {
			assert.ErrorIs(t, p.Err, pii.ErrUnknownCategory)
			assert.Equal(t, i < 10, strings.Contains(p.Err.Error(), "did you mean"), p.String())
		}
	})
}
