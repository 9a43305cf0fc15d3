package lawful_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/lawfultest"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

// exampleT lets examples use lawfultest fixtures, which take a T.
type exampleT struct{}

func (exampleT) Helper()                        {}
func (exampleT) Errorf(format string, a ...any) { panic(fmt.Sprintf(format, a...)) }
func (exampleT) FailNow()                       { panic("FailNow") }
func (exampleT) Cleanup(func())                 {}

func ExampleGuard_Check() {
	ctx := context.Background()
	reg := purpose.MustCompile(purpose.Policy{
		Regimes:   []pii.Law{pii.PIPL},
		Retention: []purpose.Retention{{ID: "voice", Summary: purpose.Text{EN: "Until the voice model is deleted"}}},
		Purposes: []purpose.Purpose{{
			ID: "service.voice_clone", Name: purpose.Text{EN: "Voice cloning"}, Versions: []purpose.Version{{Number: 1}},
			Required:   pii.MustParseSet("biometric.voice_sample,biometric.voiceprint"),
			Operations: purpose.OperationsOf(purpose.Collect, purpose.Use, purpose.Store),
			Basis:      purpose.Legal{Basis: purpose.Consent}, Retention: "voice",
		}},
	})
	clock := lawfultest.NewClock(time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC))
	alice := subject.MustParseID("0192f000-0000-7000-8000-00000000a11c")
	birth, _ := subject.NewDate(1990, time.May, 1)
	dir := subject.NewMemDirectory(subject.Subject{ID: alice, Birth: birth, Jurisdiction: "CN", Status: subject.Active})
	ledger, _ := consent.NewLedger(consent.Config{Registry: reg, Directory: dir, Clock: clock})
	guard, err := lawful.NewGuard(lawful.Config{Registry: reg, Directory: dir, Ledger: ledger, Clock: clock})
	if err != nil {
		fmt.Println(err)
		return
	}

	use := lawful.Request{Subject: alice, Purpose: "service.voice_clone", Operation: purpose.Use, Categories: pii.MustParseSet("biometric.voiceprint")}
	fmt.Println(guard.Check(ctx, use))

	ledger.Append(ctx, consent.Event{Subject: alice, Kind: consent.Grant, Form: consent.Separate, Notice: "2026-01-01",
		Purposes: []consent.PurposeRef{{ID: "service.voice_clone"}}})
	fmt.Println(guard.Check(ctx, use))
	// Output:
	// deny use service.voice_clone reason=no_consent
	// allow use service.voice_clone basis=consent obligations=impact_assessment,explain_sensitive_necessity
}

func ExampleGuard_Check_withdrawn() {
	ctx := context.Background()
	w := lawfultest.New(exampleT{}, policy(), lawfultest.Options{})
	id := w.Adult(exampleT{})
	w.Grant(exampleT{}, id, consent.Click, "marketing.sms")
	w.Clock.Advance(time.Hour)
	withdrawal := w.Withdraw(exampleT{}, id, "marketing.sms")

	sms := lawful.Request{Subject: id, Purpose: "marketing.sms", Operation: purpose.Use, Categories: pii.MustParseSet("contact.phone")}
	fmt.Println("now:", w.Guard.Check(ctx, sms).Reason)
	sms.At = withdrawal.Effective.Add(-time.Minute) // processing before the withdrawal stays lawful
	fmt.Println("a minute before:", w.Guard.Check(ctx, sms).Allowed())
	// Output:
	// now: consent_withdrawn
	// a minute before: true
}

func ExampleDo() {
	type Customer struct {
		ID    string `pii:"account.id"`
		Phone string `pii:"contact.phone"`
	}
	ctx := context.Background()
	w := lawfultest.New(exampleT{}, policy(), lawfultest.Options{})
	ctx = lawful.WithSubject(ctx, w.Adult(exampleT{}))

	// The categories come from Customer's pii tags; login declares no account.id.
	_, err := lawful.Do(ctx, w.Guard, lawful.Request{Purpose: "signup.login", Operation: purpose.Use},
		func(context.Context) (Customer, error) { return Customer{ID: "42", Phone: "13800000000"}, nil })
	fmt.Println(errors.Is(err, lawful.ErrCategoryNotDeclared))
	// Output: true
}

func ExampleDenial() {
	w := lawfultest.New(exampleT{}, policy(), lawfultest.Options{})
	kid := w.Child(exampleT{}, 12)
	w.Grant(exampleT{}, kid, consent.Separate, "service.voice_clone")
	err := w.Guard.Allow(context.Background(), lawful.Request{Subject: kid, Purpose: "service.voice_clone", Operation: purpose.Use, Categories: pii.MustParseSet("biometric.voiceprint")})
	if d, ok := errors.AsType[*lawful.Denial](err); ok {
		fmt.Println(d.Reason)
		fmt.Println(d.Reason.Hint())
	}
	// Output:
	// guardian_consent_required
	// collect the consent of a verified guardian (PIPL art. 31)
}
