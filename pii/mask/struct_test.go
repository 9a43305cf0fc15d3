package mask_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/pii/mask"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type Contact struct {
	Email string `pii:"contact.email"`
	Note  string
}

type User struct {
	ID       string    `pii:"account.id"`
	Name     string    `pii:"basic.name"`
	Phone    string    `pii:"contact.phone"`
	Password string    `pii:"credential.password"`
	Age      int       `pii:"basic.age"`
	Alt      *string   `pii:"contact.phone"`
	Contacts []Contact // tags inside
	Plan     string
	internal string
}

func sample() User {
	alt := "13900139000"
	return User{ID: "u-7f3a9c21", Name: "欧阳娜娜", Phone: "+86 138 0013 8000", Password: "hunter2", Age: 31, Alt: &alt,
		Contacts: []Contact{{Email: "alice@example.com", Note: "friend"}}, Plan: "pro", internal: "kept"}
}

func TestCopy(t *testing.T) {
	u := sample()
	got, err := mask.Copy(nil, u)
	require.NoError(t, err)
	assert.Equal(t, "******9c21", got.ID)
	assert.Equal(t, "欧阳**", got.Name)
	assert.Equal(t, "138****8000", got.Phone)
	assert.Equal(t, mask.SecretPlaceholder, got.Password, "secrets never show, PIPL art. 51")
	assert.Zero(t, got.Age, "a tagged non-string field shows nothing")
	assert.Equal(t, "139****9000", *got.Alt)
	assert.Equal(t, "a***@example.com", got.Contacts[0].Email)
	assert.Equal(t, "friend", got.Contacts[0].Note)
	assert.Equal(t, "pro", got.Plan)
	assert.Equal(t, "kept", got.internal, "unexported untagged fields are copied")

	assert.Equal(t, sample(), u, "the original is not changed")
	assert.Equal(t, "13900139000", *u.Alt)

	ptr, err := mask.Copy(nil, &u)
	require.NoError(t, err)
	assert.Equal(t, "138****8000", ptr.Phone)
	assert.NotSame(t, &u, ptr)

	list, err := mask.Copy(nil, map[string][]User{"a": {u}})
	require.NoError(t, err)
	assert.Equal(t, "138****8000", list["a"][0].Phone)

	s, err := mask.Copy(nil, "untagged types pass through")
	require.NoError(t, err)
	assert.Equal(t, "untagged types pass through", s)
}

func TestCopyRefusals(t *testing.T) {
	type hidden struct {
		phone string `pii:"contact.phone"`
	}
	_, err := mask.Copy(nil, hidden{"13800138000"})
	assert.ErrorContains(t, err, "unexported field holds PI")

	type badTag struct {
		Phone string `pii:"contact.phon"`
	}
	_, err = mask.Copy(nil, badTag{"13800138000"})
	assert.ErrorIs(t, err, pii.ErrUnknownCategory)

	type node struct {
		Name string `pii:"basic.name"`
		Next *node
	}
	n := &node{Name: "张三"}
	n.Next = n
	_, err = mask.Copy(nil, n)
	assert.ErrorContains(t, err, "nested more than 32 levels")
}

func logJSON(t *testing.T, o mask.LogOptions, f func(l *slog.Logger)) map[string]any {
	t.Helper()
	var buf bytes.Buffer
	l := slog.New(mask.NewHandler(slog.NewJSONHandler(&buf, nil), o))
	f(l)
	var m map[string]any
	require.NoError(t, json.Unmarshal(buf.Bytes(), &m), buf.String())
	return m
}

// upper is a stand-in for detect.Scanner: it masks every digit.
type digits struct{}

func (digits) AppendRedacted(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if '0' <= c && c <= '9' {
			c = '#'
		}
		dst = append(dst, c)
	}
	return dst
}

func TestHandler(t *testing.T) {
	t.Run("a_tagged_struct_logs_masked_and_its_secret_not_at_all", func(t *testing.T) {
		m := logJSON(t, mask.LogOptions{}, func(l *slog.Logger) { l.Info("signup", "user", sample()) })
		user := m["user"].(map[string]any)
		assert.Equal(t, "138****8000", user["Phone"])
		assert.Equal(t, "欧阳**", user["Name"])
		assert.Equal(t, mask.SecretPlaceholder, user["Password"])
		assert.Equal(t, "****", user["Age"])
		assert.Equal(t, "pro", user["Plan"])
		assert.NotContains(t, user, "internal")
		assert.Equal(t, "a***@example.com", user["Contacts"].([]any)[0].(map[string]any)["Email"])
	})
	t.Run("secret_named_attributes_are_replaced", func(t *testing.T) {
		m := logJSON(t, mask.LogOptions{}, func(l *slog.Logger) {
			l.With("token", "abc").Info("login", "password", "hunter2", slog.Group("req", "OTP", "123456"))
		})
		assert.Equal(t, mask.SecretPlaceholder, m["token"])
		assert.Equal(t, mask.SecretPlaceholder, m["password"])
		assert.Equal(t, mask.SecretPlaceholder, m["req"].(map[string]any)["OTP"])
	})
	t.Run("keys_name_categories", func(t *testing.T) {
		o := mask.LogOptions{Keys: map[string]pii.Category{"phone": pii.MustLookup("contact.phone")}}
		m := logJSON(t, o, func(l *slog.Logger) { l.Info("sms sent", "Phone", "13800138000") })
		assert.Equal(t, "138****8000", m["Phone"])
	})
	t.Run("text_redacts_free_text_and_the_message", func(t *testing.T) {
		m := logJSON(t, mask.LogOptions{Text: digits{}}, func(l *slog.Logger) {
			l.Info("call 13800138000", "prompt", "my number is 13800138000", "n", 42)
		})
		assert.Equal(t, "call ###########", m["msg"])
		assert.Equal(t, "my number is ###########", m["prompt"])
		assert.EqualValues(t, 42, m["n"], "numbers are not free text")
	})
	t.Run("LogValuer_wrapper_without_the_handler", func(t *testing.T) {
		var buf bytes.Buffer
		slog.New(slog.NewJSONHandler(&buf, nil)).Info("signup", "user", mask.Log(sample()))
		assert.Contains(t, buf.String(), `"Phone":"138****8000"`)
		assert.NotContains(t, buf.String(), "hunter2")
		assert.NotContains(t, buf.String(), "13800138000")
	})
	t.Run("ReplaceAttr_in_a_handler's_options", func(t *testing.T) {
		var buf bytes.Buffer
		h := slog.NewTextHandler(&buf, &slog.HandlerOptions{ReplaceAttr: mask.LogOptions{}.ReplaceAttr()})
		slog.New(h).Info("x", "password", "hunter2", "user", sample())
		assert.NotContains(t, buf.String(), "hunter2")
		assert.Contains(t, buf.String(), "user.Phone=138****8000")
	})
	t.Run("enabled_and_groups_pass_through", func(t *testing.T) {
		var buf bytes.Buffer
		h := mask.NewHandler(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelWarn}), mask.LogOptions{})
		assert.False(t, h.Enabled(context.Background(), slog.LevelInfo))
		slog.New(h).WithGroup("g").Warn("w", "password", "p")
		assert.True(t, strings.Contains(buf.String(), `"g":{"password":"******"}`), buf.String())
	})
}
