// Command protect shows lawful's value layer on one user of a voice
// service, from sign-up to account deletion:
//
//  1. on write, the phone and resident ID numbers are validated with their
//     check digits and normalised (pii/format), the Guard is asked, and
//     the values are sealed under the user's own data key, bound to the
//     user, the category and the purpose (pii/seal; PIPL art. 51);
//
//  2. the user is logged through slog with every tagged field masked and a
//     secret dropped (pii/mask);
//
//  3. a prompt on its way to an AI model has the personal information in
//     it found and redacted (pii/format/detect);
//
//  4. closing the account makes the retention sweeper erase the user by
//     destroying their data key (crypto-shredding), so every sealed copy,
//     backups included, stops opening, and the erasure proof says so
//     (PIPL art. 47; GDPR art. 17).
//
//     go run ./examples/protect
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/pii/format/detect"
	"github.com/lawfulgo/lawful/pii/mask"
	"github.com/lawfulgo/lawful/pii/seal"
	"github.com/lawfulgo/lawful/subject"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "protect:", err)
		os.Exit(1)
	}
}

// User is the service's account row: personal fields carry pii tags,
// which pii/mask reads to mask them in logs.
type User struct {
	ID       string
	Name     string `pii:"basic.name"`
	Phone    string `pii:"contact.phone"`
	IDNumber string `pii:"identity.national_id"`
	Password string `pii:"credential.password"`
}

// row is what the database stores: sealed values only.
type row struct {
	phone, idNumber []byte
}

var (
	phone      = pii.MustLookup("contact.phone")
	idNumber   = pii.MustLookup("identity.national_id")
	signupCats = pii.MustParseSet("contact.phone,identity.national_id")
)

func run(w io.Writer) error {
	ctx := context.Background()
	clk := &clock{time.Date(2026, 3, 1, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))}
	app, err := newApp(ctx, clk)
	if err != nil {
		return err
	}
	alice := subject.MustParseID("0192f000-0000-7000-8000-00000000a11c")
	birth, _ := subject.NewDate(1990, time.May, 1)
	if err := app.people.Put(subject.Subject{ID: alice, Birth: birth, Jurisdiction: "CN", Status: subject.Active}, clk.Now()); err != nil {
		return err
	}

	fmt.Fprintln(w, "1. Sign-up: validate, ask the Guard, seal")
	if _, err := app.signUp(ctx, alice, "+86 138-0013-8000", "11010519491231002x"); err != nil {
		fmt.Fprintf(w, "   refused before consent: %v\n", errors.Is(err, lawful.ErrSeparateConsentRequired) || errors.Is(err, lawful.ErrNoConsent))
	}
	if _, err := app.svc.Record(ctx, consent.Event{Subject: alice, Kind: consent.Grant, Form: consent.Separate, Notice: "2026-03",
		Purposes: []consent.PurposeRef{{ID: "account.verify"}}}); err != nil {
		return err
	}
	_, err = app.signUp(ctx, alice, "+86 138-0013-8O00", "11010519491231002X")
	fmt.Fprintf(w, "   a mistyped phone: %v\n", err)
	r, err := app.signUp(ctx, alice, "+86 138-0013-8000", "11010519491231002x")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   stored: phone %d sealed bytes, ID number %d sealed bytes\n", len(r.phone), len(r.idNumber))
	got, err := app.sealer.Open(ctx, app.field(alice, phone), r.phone)
	fmt.Fprintf(w, "   read back for login: %s %v\n", got, err)
	bob := subject.MustParseID("0192f000-0000-7000-8000-0000000000b0")
	if _, err := app.sealer.Seal(ctx, app.field(bob, phone), []byte("13900139000")); err != nil {
		return err
	}
	_, err = app.sealer.Open(ctx, app.field(bob, phone), r.phone)
	fmt.Fprintf(w, "   the same bytes copied into another user's row open: %v\n", !errors.Is(err, seal.ErrCannotOpen))

	fmt.Fprintln(w, "\n2. The log line: tagged fields masked, the password dropped")
	log := slog.New(mask.NewHandler(slog.NewTextHandler(w, &slog.HandlerOptions{ReplaceAttr: dropTime}), mask.LogOptions{Text: &detect.Scanner{}, OmitSecrets: true}))
	log.Info("signup", "user", User{ID: "u-1001", Name: "张三丰", Phone: "13800138000", IDNumber: "11010519491231002X", Password: "hunter2"})

	fmt.Fprintln(w, "\n3. A prompt on its way to the model")
	prompt := "请帮我写一封信，我的手机是13800138000，身份证11010519491231002X，银行卡 6228 4800 1234 5678 903，订单号 20260301123456789012"
	for _, s := range detect.Find(prompt) {
		fmt.Fprintf(w, "   found %v (%.2f)\n", s.Kind, s.Confidence)
	}
	fmt.Fprintf(w, "   sent: %s\n", detect.Redact(prompt))

	fmt.Fprintln(w, "\n4. Account deletion: crypto-shredding")
	return app.closeAccount(ctx, w, alice, r)
}

// clock is the example's fixed clock.
type clock struct{ t time.Time }

func (c *clock) Now() time.Time { return c.t }

// dropTime leaves the time out of log lines, so the output is stable.
func dropTime(_ []string, a slog.Attr) slog.Attr {
	if a.Key == slog.TimeKey {
		return slog.Attr{}
	}
	return a
}
