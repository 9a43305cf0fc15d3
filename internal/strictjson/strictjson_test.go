package strictjson_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/lawfulgo/lawful/internal/strictjson"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type inner struct {
	Name string   `json:"name"`
	Tags []string `json:"tags,omitempty"`
}

type Embedded struct {
	Note string `json:"note"`
}

type doc struct {
	Embedded
	ID     string           `json:"id"`
	Items  []inner          `json:"items"`
	Labels map[string]inner `json:"labels"`
	Raw    json.RawMessage  `json:"raw"`
	When   time.Time        `json:"when"`
	Any    any              `json:"any"`
	Ptr    *inner           `json:"ptr"`
	Skip   string           `json:"-"`
	Plain  int              // untagged: "Plain"
	//lint:ignore U1000 an unexported field the decoder must skip
	private string
	Extra   map[string]string `json:"extra,omitempty"`
}

var lim = strictjson.Limits{MaxSize: 1 << 10, SizeName: "test.MaxSize", MaxDepth: 4, MaxElements: 3}

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		kind     error
		msg      string // the whole Error() starts with this
	}{
		{"duplicate_key_is_rejected_not_last_wins", `{"id":"a","id":"b"}`, strictjson.ErrDuplicateKey, `duplicate key "id"`},
		{"duplicate_key_is_rejected_at_any_depth", `{"items":[{"name":"a"},{"name":"a","tags":[],"name":"b"}]}`, strictjson.ErrDuplicateKey, `items[1]: duplicate key "name"`},
		{"duplicate_key_in_a_map", `{"labels":{"x":{},"x":{}}}`, strictjson.ErrDuplicateKey, `labels: duplicate key "x"`},
		{"duplicate_key_inside_raw_JSON", `{"raw":{"a":1,"a":2}}`, strictjson.ErrDuplicateKey, `raw: duplicate key "a"`},
		{"duplicate_key_spelled_with_an_escape", `{"id":"a","\u0069d":"b"}`, strictjson.ErrDuplicateKey, `duplicate key "id"`},
		{"trailing_data_after_the_document_is_rejected", `{"id":"a"} {}`, strictjson.ErrTrailingData, "trailing data after the document at line 1, column 12"},
		{"trailing_bracket_is_rejected", `{"id":"a"}}`, strictjson.ErrTrailingData, "trailing data after the document"},
		{"unknown_field_is_rejected", `{"items":[{"name":"a","colour":"red"}]}`, strictjson.ErrUnknownField, `items[0]: unknown field "colour"; want one of name, tags`},
		{"field_names_are_case_sensitive", `{"ID":"a"}`, strictjson.ErrUnknownField, `unknown field "ID"; did you mean "id"?`},
		{"a_skipped_field_is_unknown", `{"Skip":"a"}`, strictjson.ErrUnknownField, `unknown field "Skip"`},
		{"input_over_the_size_limit_is_rejected_naming_the_limit", `{"id":"` + strings.Repeat("a", 1<<10) + `"}`, strictjson.ErrTooLarge, "input is 1033 bytes, more than 1024 bytes (test.MaxSize)"},
		{"nesting_over_the_depth_limit_is_rejected", `{"any":[[[[]]]]}`, strictjson.ErrTooLarge, "any[0][0][0]: nested more than 4 arrays and objects deep"},
		{"array_over_the_element_limit_is_rejected", `{"items":[{},{},{},{}]}`, strictjson.ErrTooLarge, "items: an array of more than 3 elements"},
		{"object_over_the_element_limit_is_rejected", `{"labels":{"a":{},"b":{},"c":{},"d":{}}}`, strictjson.ErrTooLarge, "labels: an object of more than 3 members"},
		{"cut_short", `{"items":[{"name":"a"`, strictjson.ErrSyntax, "items[0]: syntax error: unexpected end of input; the document is cut short at line 1, column 22"},
		{"empty", " \n", strictjson.ErrSyntax, "empty input"},
		{"bad_utf8", "{\"id\":\"\xff\"}", strictjson.ErrSyntax, "id: syntax error: invalid UTF-8"},
		{"control_character", "{\"id\":\"a\nb\"}", strictjson.ErrSyntax, "id: syntax error: control character"},
		{"bad_escape", `{"id":"\x"}`, strictjson.ErrSyntax, `id: syntax error: invalid escape "\\x"`},
		{"bad_number", `{"Plain":01}`, strictjson.ErrSyntax, "syntax error: want ',' or '}' after an object member at line 1, column 11"},
		{"bad_number_exponent", `{"Plain":1e}`, strictjson.ErrSyntax, "Plain: syntax error: invalid number"},
		{"bad_literal", `{"any":nul}`, strictjson.ErrSyntax, "any: syntax error: invalid literal"},
		{"odd_key_is_quoted_in_the_path", `{"labels":{"a b":{"x":1}}}`, strictjson.ErrUnknownField, `labels["a b"]: unknown field "x"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := strictjson.Check([]byte(tc.in), lim, reflect.TypeFor[doc]())
			require.Error(t, err)
			assert.ErrorIs(t, err, tc.kind)
			assert.True(t, strings.HasPrefix(err.Error(), tc.msg), "got %q, want prefix %q", err, tc.msg)
			var se *strictjson.Error
			require.ErrorAs(t, err, &se)
		})
	}
}

func TestCheckAccepts(t *testing.T) {
	for _, in := range []string{
		`{}`,
		` {"id":"a","note":"n","Plain":-1.5e+3,"items":[{"name":"x","tags":["a","b","c"]}],"labels":{"a":{},"A":{}},"raw":{"anything":[1,2,{"k":null}]},"when":"2026-01-01T00:00:00Z","any":{"x":[true,false]},"ptr":null} `,
		`{"id":"\u00e9\"\\\/\b\f\n\r\t","extra":{"k":"v"}}`,
	} {
		assert.NoError(t, strictjson.Check([]byte(in), strictjson.Limits{}, reflect.TypeFor[*doc]()), in)
	}
	// Without a schema any keys go, but duplicates still do not.
	assert.NoError(t, strictjson.Check([]byte(`{"whatever":{"x":1}}`), lim, nil))
	assert.ErrorIs(t, strictjson.Check([]byte(`{"w":{"x":1,"x":1}}`), lim, nil), strictjson.ErrDuplicateKey)
}

func TestCheckFindsDuplicatesInLargeObjects(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("{")
	for i := range 200 {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`"k` + strings.Repeat("x", i%50) + string(rune('a'+i/50)) + `":1`)
	}
	b.WriteString(`,"kxxa":2}`)
	err := strictjson.Check(b.Bytes(), strictjson.Limits{}, nil)
	assert.ErrorIs(t, err, strictjson.ErrDuplicateKey)
	assert.ErrorContains(t, err, `duplicate key "kxxa"`)
}

func TestDecode(t *testing.T) {
	var d doc
	require.NoError(t, strictjson.Decode([]byte(`{"id":"a","items":[{"name":"x"}],"note":"n"}`), &d, lim))
	assert.Equal(t, "a", d.ID)
	assert.Equal(t, "n", d.Note)
	err := strictjson.Decode([]byte(`{"items":[{"name":1}]}`), &d, lim)
	assert.ErrorIs(t, err, strictjson.ErrWrongType)
	assert.EqualError(t, err, "items.name: want a string, got number")
	err = strictjson.Decode([]byte(`{"when":"yesterday"}`), &d, lim)
	require.Error(t, err)
	assert.NotErrorIs(t, err, strictjson.ErrSyntax)
}

func TestRead(t *testing.T) {
	data, err := strictjson.Read(strings.NewReader(`{}`), lim)
	require.NoError(t, err)
	assert.Equal(t, `{}`, string(data))
	_, err = strictjson.Read(strings.NewReader(strings.Repeat(" ", 1025)), lim)
	assert.ErrorIs(t, err, strictjson.ErrTooLarge)
	assert.EqualError(t, err, "input is more than 1024 bytes (test.MaxSize); split it or trim it")
	boom := errors.New("boom")
	_, err = strictjson.Read(failing{boom}, lim)
	assert.ErrorIs(t, err, boom)
}

type failing struct{ err error }

func (f failing) Read([]byte) (int, error) { return 0, f.err }

// Check allocates only its scratch space: nothing per value.
func TestCheckAllocatesNothingPerValue(t *testing.T) {
	for name, elem := range map[string]string{"empty_objects": `{}`, "empty_arrays": `[]`, "numbers": `1`, "strings": `"a"`, "objects": `{"a":1,"b":[2]}`} {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			b.WriteString("[")
			for i := range 100000 {
				if i > 0 {
					b.WriteString(",")
				}
				b.WriteString(elem)
			}
			b.WriteString("]")
			l := strictjson.Limits{MaxSize: 8 << 20, MaxElements: 1 << 20}
			var err error
			got := strictjson.Allocated(func() { err = strictjson.Check(b.Bytes(), l, nil) })
			require.NoError(t, err)
			assert.Less(t, got, uint64(64<<10), "Check allocated %d bytes for %d bytes of input", got, b.Len())
		})
	}
}

func FuzzCheck(f *testing.F) {
	f.Add([]byte(`{"id":"a","items":[{"name":"x","tags":["a"]}],"labels":{"a":{}},"raw":[1,{"a":2}]}`))
	f.Add([]byte(`{"a":1,"a":2}`))
	f.Add([]byte(`[[[[[]]]]]`))
	f.Add([]byte(`"\ud800"`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var err error
		got := strictjson.Allocated(func() { err = strictjson.Check(data, strictjson.Limits{}, reflect.TypeFor[doc]()) })
		if bound := strictjson.AllocBound(len(data)); got > bound {
			t.Fatalf("Check allocated %d bytes for %d bytes of input, over the bound %d", got, len(data), bound)
		}
		if err == nil && !json.Valid(data) {
			t.Fatalf("Check accepted what encoding/json refuses: %q", data)
		}
		if err != nil {
			var se *strictjson.Error
			if !errors.As(err, &se) {
				t.Fatalf("error is not an *Error: %v", err)
			}
			if se.Kind == strictjson.ErrSyntax && json.Valid(data) && utf8.Valid(data) {
				t.Fatalf("Check refused valid JSON as a syntax error: %v: %q", err, data)
			}
		}
	})
}

func TestParse(t *testing.T) {
	doc, err := strictjson.Parse([]byte(` {"a": [1, -2.5e3, "x\u00e9", true, false, null, {}], "b\u0021": {"c": []}, "n": 42} `), strictjson.Limits{})
	require.NoError(t, err)
	root := doc.Root()
	assert.Equal(t, strictjson.Object, root.Kind())
	assert.Equal(t, 3, root.Len())
	var keys []string
	for k := range root.Members() {
		keys = append(keys, k.Str())
	}
	assert.Equal(t, []string{"a", "b!", "n"}, keys)
	a, ok := root.Get("a")
	require.True(t, ok)
	var kinds []strictjson.Kind
	for i, e := range a.Elems() {
		assert.Len(t, kinds, i)
		kinds = append(kinds, e.Kind())
	}
	assert.Equal(t, []strictjson.Kind{strictjson.Number, strictjson.Number, strictjson.String, strictjson.Bool, strictjson.Bool, strictjson.Null, strictjson.Object}, kinds)
	b, ok := root.Get("b!")
	require.True(t, ok)
	c, ok := b.Get("c")
	require.True(t, ok)
	assert.Equal(t, strictjson.Array, c.Kind())
	assert.Equal(t, `{"c": []}`, string(b.Raw()))
	assert.Equal(t, `{"c":[]}`, string(b.Compact()))
	n, _ := root.Get("n")
	i, ok := n.Int()
	assert.True(t, ok)
	assert.EqualValues(t, 42, i)
	assert.Equal(t, "42", n.Str())
	_, ok = root.Get("zz")
	assert.False(t, ok)
	var elems []strictjson.Value
	for _, e := range a.Elems() {
		elems = append(elems, e)
	}
	assert.Equal(t, "xé", elems[2].Str())
	assert.True(t, elems[2].Is("xé"))
	assert.True(t, elems[3].Bool())
	assert.False(t, elems[4].Bool())
	_, ok = elems[1].Int()
	assert.False(t, ok)
	var zero strictjson.Value
	assert.Equal(t, strictjson.Kind(0), zero.Kind())
	assert.Zero(t, zero.Len())
	assert.Empty(t, zero.Str())
	assert.Nil(t, zero.Raw())
	assert.False(t, zero.Is(""))
	_, ok = zero.Get("a")
	assert.False(t, ok)
	for range zero.Elems() {
		t.Fatal("the zero Value has no elements")
	}
	assert.Equal(t, "an object", strictjson.Object.Describe())

	_, err = strictjson.Parse([]byte(`{"a":1,"a":2}`), strictjson.Limits{})
	assert.ErrorIs(t, err, strictjson.ErrDuplicateKey)
}

// Parse allocates its nodes once: about 20 bytes per value.
func TestParseAllocatesItsNodesOnce(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("[")
	for i := range 100000 {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("[]")
	}
	b.WriteString("]")
	l := strictjson.Limits{MaxSize: 8 << 20, MaxElements: 1 << 20}
	var err error
	got := strictjson.Allocated(func() { _, err = strictjson.Parse(b.Bytes(), l) })
	require.NoError(t, err)
	assert.Less(t, got, uint64(100001*24+8<<10), "Parse allocated %d bytes for %d bytes of input", got, b.Len())
}

func TestLen(t *testing.T) {
	for in, want := range map[string]int{`[]`: 0, `[1,[2,3],{"a":[4,5,6]}]`: 3, `{"a":1,"b":[1,2]}`: 2, `"x"`: 0, `{}`: 0, `[{}]`: 1} {
		n, err := strictjson.Len([]byte(in), strictjson.Limits{})
		require.NoError(t, err, in)
		assert.Equal(t, want, n, in)
	}
	_, err := strictjson.Len([]byte(`[1,]`), strictjson.Limits{})
	assert.ErrorIs(t, err, strictjson.ErrSyntax)
}
