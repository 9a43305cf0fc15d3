package mask_test

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"

	"github.com/lawfulgo/lawful/pii/mask"
)

// FuzzHandlerSecret logs a secret under a secret-named key in several
// shapes next to an attribute of any key and value: the handler never
// panics and the secret never reaches the output.
func FuzzHandlerSecret(f *testing.F) {
	f.Add("note", "hello", "hunter2")
	f.Add("", "", "S3cr3t!")
	f.Add("password", "密码", "验证码123456")
	f.Fuzz(func(t *testing.T, key, value, secret string) {
		secret = "zq" + secret + "qz" // unlikely anywhere else in a record
		var buf bytes.Buffer
		l := slog.New(mask.NewHandler(slog.NewJSONHandler(&buf, nil), mask.LogOptions{}))
		l.With(key, value).WithGroup(key).Info(value,
			"password", secret,
			slog.Group(key, "otp", secret, key, value),
			"form", map[string]any{"pin": secret, key: value},
			"users", []plainUser{{Name: value, Password: secret}},
			"login", Login{Account: value, Extra: map[string]string{"token": secret}},
		)
		if strings.Contains(buf.String(), secret) {
			t.Fatalf("the secret is in the log: %s", buf.String())
		}
	})
}
