package mask_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"github.com/lawfulgo/lawful/pii/mask"
)

// noTime drops the time attribute so that the examples' output is stable.
func noTime(_ []string, a slog.Attr) slog.Attr {
	if a.Key == slog.TimeKey {
		return slog.Attr{}
	}
	return a
}

// Account masks itself for logs with a LogValue method on the pointer;
// the handler applies it to an Account value too.
type Account struct {
	Phone string `pii:"contact.phone"`
	OTP   string `pii:"credential.otp"`
}

func (a *Account) LogValue() slog.Value { return mask.LogOptions{}.Value(*a) }

// A handler wrapper that leaves secrets out altogether and finds phone
// numbers in free text with a detector plugged in as a TextFunc (in
// production, a *detect.Scanner from package pii/format/detect).
func ExampleLogOptions_omitSecrets() {
	phones := mask.TextFunc(func(dst []byte, s string) []byte {
		return append(dst, strings.ReplaceAll(s, "13800138000", "138****8000")...)
	})
	h := slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{ReplaceAttr: noTime})
	log := slog.New(mask.NewHandler(h, mask.LogOptions{Text: phones, OmitSecrets: true}))

	log.Info("signup", "account", Account{Phone: "13800138000", OTP: "493817"},
		"note", "call back on 13800138000", "password", "hunter2",
		"form", map[string]string{"pin": "1234", "city": "深圳"})
	// Output:
	// level=INFO msg=signup account.Phone=138****8000 note="call back on 138****8000" form.city=深圳
}

// Value turns any value into a masked slog.Value, for handlers and
// LogValue methods of one's own.
func ExampleLogOptions_Value() {
	type Contact struct {
		Email    string `pii:"contact.email"`
		Password string
	}
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{ReplaceAttr: noTime})).
		Info("x", "contacts", mask.LogOptions{}.Value([]Contact{{"alice@example.com", "hunter2"}}))
	fmt.Print(buf.String())
	// Output:
	// {"level":"INFO","msg":"x","contacts":[{"Email":"a***@example.com","Password":"******"}]}
}
