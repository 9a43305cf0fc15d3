package mask_test

import (
	"bytes"
	"errors"
	"log/slog"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/pii/mask"
)

// Customer masks itself with a LogValue method on the value: slog calls
// it for a Customer and a *Customer alike.
type Customer struct {
	Phone    string
	Password string
}

func (c Customer) LogValue() slog.Value {
	return slog.GroupValue(slog.String("Phone", mask.String(pii.MustLookup("contact.phone"), c.Phone)),
		slog.String("password", c.Password)) // a careless LogValue: the secret key still hides it
}

// Member has its LogValue on the pointer: slog alone skips it when a
// Member value is logged; the handler does not.
type Member struct{ Phone string }

func (m *Member) LogValue() slog.Value {
	return slog.StringValue(mask.String(pii.MustLookup("contact.phone"), m.Phone))
}

// Panicky's LogValue panics.
type Panicky struct{ Phone string }

func (Panicky) LogValue() slog.Value { panic("boom 13800138000") }

type Login struct {
	Account string
	Auth    struct {
		OTP  string `pii:"credential.otp"`
		Hint string
	}
	Extra any
}

type plainUser struct {
	Name     string
	Password string
}

// paths are the three ways into the redaction: the handler wrapper over
// JSON and text handlers, and ReplaceAttr in a handler's options.
var paths = map[string]func(buf *bytes.Buffer, o mask.LogOptions) *slog.Logger{
	"handler_json": func(buf *bytes.Buffer, o mask.LogOptions) *slog.Logger {
		return slog.New(mask.NewHandler(slog.NewJSONHandler(buf, nil), o))
	},
	"handler_text": func(buf *bytes.Buffer, o mask.LogOptions) *slog.Logger {
		return slog.New(mask.NewHandler(slog.NewTextHandler(buf, nil), o))
	},
	"replace_attr": func(buf *bytes.Buffer, o mask.LogOptions) *slog.Logger {
		return slog.New(slog.NewJSONHandler(buf, &slog.HandlerOptions{ReplaceAttr: o.ReplaceAttr()}))
	},
}

// placeholder matches SecretPlaceholder as a whole value in JSON, text
// and fmt's map output, not the stars of a masked value ("******9c21").
var placeholder = regexp.MustCompile(`(^|[":= \[])\*{6}($|[" \]\n])`)

func TestSecretsAreNeverLogged(t *testing.T) {
	login := Login{Account: "alice", Extra: map[string]any{"pin": "hunter2", "inner": plainUser{"a", "hunter2"}}}
	login.Auth.OTP, login.Auth.Hint = "hunter2", "the usual"
	u := sample()
	cases := []struct {
		name string
		log  func(l *slog.Logger)
	}{
		{"a_tagged_secret_field_PIPL_art_51", func(l *slog.Logger) { l.Info("signup", "user", u) }},
		{"a_tagged_secret_field_behind_a_pointer", func(l *slog.Logger) { l.Info("signup", "user", &u) }},
		{"a_tagged_secret_in_a_nested_struct", func(l *slog.Logger) { l.Info("login", "login", login) }},
		{"a_secret_named_field_of_an_untagged_struct", func(l *slog.Logger) { l.Info("x", "u", plainUser{"a", "hunter2"}) }},
		{"secrets_in_a_slice_of_untagged_structs", func(l *slog.Logger) { l.Info("x", "us", []plainUser{{"a", "hunter2"}}) }},
		{"secrets_in_a_slice_of_tagged_structs", func(l *slog.Logger) { l.Info("x", "us", []User{u}) }},
		{"a_secret_named_map_key", func(l *slog.Logger) { l.Info("x", "form", map[string]string{"Password": "hunter2"}) }},
		{"a_struct_inside_a_map_of_any", func(l *slog.Logger) { l.Info("x", "m", map[string]any{"u": u}) }},
		{"a_secret_named_attribute", func(l *slog.Logger) { l.Info("x", "otp", "hunter2") }},
		{"a_secret_named_attribute_inside_a_group", func(l *slog.Logger) { l.Info("x", slog.Group("req", slog.Group("form", "密码", "hunter2"))) }},
		{"every_attribute_of_a_group_named_like_a_secret", func(l *slog.Logger) { l.Info("x", slog.Group("password", "value", "hunter2")) }},
		{"every_attribute_under_WithGroup_named_like_a_secret", func(l *slog.Logger) { l.WithGroup("token").Info("x", "value", "hunter2") }},
		{"a_secret_added_with_With", func(l *slog.Logger) { l.With("cookie", "hunter2").Info("x") }},
		{"a_secret_a_LogValue_returns_under_a_secret_key", func(l *slog.Logger) { l.Info("x", "c", Customer{"13800138000", "hunter2"}) }},
		{"a_LogValuer_under_a_secret_key_is_not_called", func(l *slog.Logger) { l.Info("x", "password", mask.Log(u)) }},
		{"the_Log_wrapper", func(l *slog.Logger) { l.Info("x", "u", mask.Log([]*User{&u})) }},
	}
	for _, tc := range cases {
		for pname, path := range paths {
			for _, omit := range []bool{false, true} {
				t.Run(tc.name+"/"+pname, func(t *testing.T) {
					var buf bytes.Buffer
					tc.log(path(&buf, mask.LogOptions{OmitSecrets: omit}))
					require.NotEmpty(t, buf.String())
					assert.NotContains(t, buf.String(), "hunter2")
					if omit {
						assert.NotRegexp(t, placeholder, buf.String(), "OmitSecrets leaves the key out")
					}
				})
			}
		}
	}
}

func TestSecretPlaceholderOrOmitted(t *testing.T) {
	t.Run("a_secret_shows_as_the_placeholder_by_default", func(t *testing.T) {
		m := logJSON(t, mask.LogOptions{}, func(l *slog.Logger) { l.Info("x", "login", Login{Account: "alice"}) })
		assert.Equal(t, mask.SecretPlaceholder, m["login"].(map[string]any)["Auth"].(map[string]any)["OTP"])
	})
	t.Run("OmitSecrets_drops_the_attribute", func(t *testing.T) {
		m := logJSON(t, mask.LogOptions{OmitSecrets: true}, func(l *slog.Logger) {
			l.Info("x", "password", "p", "login", Login{Account: "alice"}, "user", []User{sample()})
		})
		assert.NotContains(t, m, "password")
		assert.NotContains(t, m["login"].(map[string]any)["Auth"], "OTP")
		assert.NotContains(t, m["user"].([]any)[0], "Password")
		assert.Equal(t, "138****8000", m["user"].([]any)[0].(map[string]any)["Phone"])
	})
	t.Run("ReplaceAttr_omits_by_returning_the_zero_attr", func(t *testing.T) {
		a := mask.LogOptions{OmitSecrets: true}.ReplaceAttr()(nil, slog.String("pwd", "p"))
		assert.True(t, a.Equal(slog.Attr{}))
	})
}

func TestLogValuerIsNotBypassed(t *testing.T) {
	c := Customer{Phone: "13800138000", Password: "hunter2"}
	m := Member{Phone: "13800138000"}
	var nilCustomer *Customer
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"a_value_receiver_LogValue_applies_to_the_value", c, `"Phone":"138****8000"`},
		{"a_value_receiver_LogValue_applies_to_a_pointer", &c, `"Phone":"138****8000"`},
		{"a_pointer_receiver_LogValue_applies_to_the_value", m, `"v":"138****8000"`},
		{"a_pointer_receiver_LogValue_applies_to_a_pointer", &m, `"v":"138****8000"`},
		{"a_pointer_receiver_LogValue_applies_in_a_struct_field", struct{ M Member }{m}, `"M":"138****8000"`},
		{"a_LogValuer_in_an_interface_field_applies", struct{ X any }{m}, `"X":"138****8000"`},
		{"a_LogValuer_in_a_slice_applies", []Member{m}, `"v":["138****8000"]`},
		{"a_nil_pointer_logs_null_without_a_stack_trace", nilCustomer, `"v":null`},
		{"a_panicking_LogValue_logs_neither_the_value_nor_a_stack", Panicky{"13800138000"}, `"v":"!PANIC in LogValue"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			slog.New(mask.NewHandler(slog.NewJSONHandler(&buf, nil), mask.LogOptions{})).Info("x", "v", tc.v)
			assert.Contains(t, buf.String(), tc.want)
			assert.NotContains(t, buf.String(), "13800138000")
			assert.NotContains(t, buf.String(), "hunter2")
			assert.NotContains(t, buf.String(), "goroutine")
		})
	}
	t.Run("Value_resolves_a_nested_pointer_receiver_LogValue", func(t *testing.T) {
		v := mask.LogOptions{}.Value(struct{ M Member }{m})
		assert.Equal(t, "138****8000", v.Group()[0].Value.String())
	})
	t.Run("a_LogValue_can_return_Value_of_its_receiver_without_recursing", func(t *testing.T) {
		a := Account{Phone: "13800138000", OTP: "493817"}
		var buf bytes.Buffer
		slog.New(slog.NewJSONHandler(&buf, nil)).Info("x", "a", &a, "b", a)
		assert.Contains(t, buf.String(), `"a":{"Phone":"138****8000","OTP":"******"}`)
		assert.Contains(t, buf.String(), `"b":{"Phone":"13800138000","OTP":"493817"}`,
			"slog alone skips a pointer-receiver LogValue on a value: use NewHandler, or value receivers")
	})
}

// fakeDetector stands in for detect.Scanner: it masks runs of 11 digits.
var fakeDetector = mask.TextFunc(func(dst []byte, s string) []byte {
	run := 0
	for i := 0; i < len(s); i++ {
		if '0' <= s[i] && s[i] <= '9' {
			run++
			continue
		}
		dst = flush(dst, s[i-run:i])
		run = 0
		dst = append(dst, s[i])
	}
	return flush(dst, s[len(s)-run:])
})

func flush(dst []byte, digits string) []byte {
	if len(digits) == 11 {
		return append(dst, "[phone]"...)
	}
	return append(dst, digits...)
}

func TestTextDetectorInStringAttributes(t *testing.T) {
	o := mask.LogOptions{Text: fakeDetector}
	tests := []struct {
		name string
		log  func(l *slog.Logger)
		want string
	}{
		{"a_string_attribute", func(l *slog.Logger) { l.Info("x", "note", "call 13800138000") }, `"note":"call [phone]"`},
		{"the_message", func(l *slog.Logger) { l.Info("sms to 13800138000") }, `"msg":"sms to [phone]"`},
		{"a_string_in_a_group", func(l *slog.Logger) { l.Info("x", slog.Group("g", "s", "13800138000")) }, `"g":{"s":"[phone]"}`},
		{"strings_in_a_slice", func(l *slog.Logger) { l.Info("x", "to", []string{"13800138000", "ok"}) }, `"to":["[phone]","ok"]`},
		{"a_map_key", func(l *slog.Logger) { l.Info("x", "by", map[string]int{"13800138000": 2}) }, `"by":{"[phone]":2}`},
		{"an_error_message", func(l *slog.Logger) { l.Info("x", "err", errors.New("no user 13800138000")) }, `"err":"no user [phone]"`},
		{"an_untagged_string_field", func(l *slog.Logger) { l.Info("x", "c", Contact{Note: "13800138000"}) }, `"Note":"[phone]"`},
		{"a_string_a_LogValue_returns", func(l *slog.Logger) { l.Info("x", "v", slog.AnyValue(stringer{})) }, `"v":"[phone]"`},
		{"numbers_are_not_free_text", func(l *slog.Logger) { l.Info("x", "n", 13800138000) }, `"n":13800138000`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			tc.log(slog.New(mask.NewHandler(slog.NewJSONHandler(&buf, nil), o)))
			assert.Contains(t, buf.String(), tc.want)
		})
	}
}

type stringer struct{}

func (stringer) LogValue() slog.Value { return slog.StringValue("13800138000") }

func TestLogShapes(t *testing.T) {
	t.Run("a_map_logs_as_a_group_in_key_order", func(t *testing.T) {
		var buf bytes.Buffer
		slog.New(mask.NewHandler(slog.NewTextHandler(&buf, nil), mask.LogOptions{})).Info("x", "m", map[string]int{"b": 2, "a": 1, "c": 3})
		assert.Contains(t, buf.String(), "m.a=1 m.b=2 m.c=3")
	})
	t.Run("a_slice_of_numbers_logs_unchanged", func(t *testing.T) {
		v := mask.LogOptions{}.Value([]int{1, 2})
		assert.Equal(t, []int{1, 2}, v.Any())
	})
	t.Run("a_cycle_of_pointers_ends_at_the_depth_limit", func(t *testing.T) {
		type node struct {
			Name string
			Next *node
		}
		n := &node{Name: "n"}
		n.Next = n
		var buf bytes.Buffer
		slog.New(mask.NewHandler(slog.NewJSONHandler(&buf, nil), mask.LogOptions{})).Info("x", "n", n)
		assert.Contains(t, buf.String(), `"****"`)
	})
	t.Run("a_key_in_Keys_masks_a_map_entry", func(t *testing.T) {
		o := mask.LogOptions{Keys: map[string]pii.Category{"phone": pii.MustLookup("contact.phone")}}
		m := logJSON(t, o, func(l *slog.Logger) { l.Info("x", "m", map[string]string{"Phone": "13800138000"}) })
		assert.Equal(t, "138****8000", m["m"].(map[string]any)["Phone"])
	})
	t.Run("groups_nest_in_the_wrapped_handler", func(t *testing.T) {
		var buf bytes.Buffer
		slog.New(mask.NewHandler(slog.NewJSONHandler(&buf, nil), mask.LogOptions{})).WithGroup("req").With("id", 7).Info("x", "otp", "1")
		assert.True(t, strings.Contains(buf.String(), `"req":{"id":7,"otp":"******"}`), buf.String())
	})
}

func BenchmarkHandler(b *testing.B) {
	var buf bytes.Buffer
	l := slog.New(mask.NewHandler(slog.NewJSONHandler(&buf, nil), mask.LogOptions{Text: fakeDetector}))
	u := sample()
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		l.Info("signup", "user", u, "note", "call 13800138000", "password", "hunter2")
	}
}
