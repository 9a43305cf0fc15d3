package consent_test

import (
	"context"
	"fmt"
	"time"

	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

type fixedClock struct{ t time.Time }

func (c *fixedClock) Now() time.Time { return c.t }

func Example() {
	ctx := context.Background()
	reg := purpose.MustCompile(purpose.Policy{
		Regimes:   []pii.Law{pii.PIPL},
		Retention: []purpose.Retention{{ID: "voice", Summary: purpose.Text{EN: "Until the voice model is deleted"}}},
		Purposes: []purpose.Purpose{{
			ID: "service.voice_clone", Name: purpose.Text{EN: "Voice cloning"},
			Versions:   []purpose.Version{{Number: 1}},
			Required:   pii.MustParseSet("biometric.voice_sample,biometric.voiceprint"),
			Operations: purpose.OperationsOf(purpose.Collect, purpose.Use, purpose.Store),
			Basis:      purpose.Legal{Basis: purpose.Consent}, Retention: "voice",
		}},
	})
	alice := subject.MustParseID("0192f000-0000-7000-8000-00000000a11c")
	birth, _ := subject.NewDate(1990, time.May, 1)
	dir := subject.NewMemDirectory(subject.Subject{ID: alice, Birth: birth, Jurisdiction: "CN", Status: subject.Active})
	clock := &fixedClock{time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)}
	ledger, err := consent.NewLedger(consent.Config{Registry: reg, Directory: dir, Clock: clock})
	if err != nil {
		fmt.Println(err)
		return
	}

	grant, _ := ledger.Append(ctx, consent.Event{
		Subject: alice, Kind: consent.Grant, Form: consent.Separate, Notice: "2026-01-01",
		Purposes: []consent.PurposeRef{{ID: "service.voice_clone"}},
	})
	clock.t = clock.t.Add(time.Hour)
	withdrawal, _ := ledger.Append(ctx, consent.Event{
		Subject: alice, Kind: consent.Withdraw, Purposes: []consent.PurposeRef{{ID: "service.voice_clone"}},
	})
	vc, _ := reg.Lookup("service.voice_clone")
	for _, at := range []time.Time{grant.Effective.Add(30 * time.Minute), withdrawal.Effective} {
		st, _ := ledger.StateAt(ctx, alice, at)
		a := st.Consent(vc, "")
		fmt.Println(at.Format("15:04"), a.Status, a.Form)
	}
	// Output:
	// 10:30 given separate
	// 11:00 withdrawn separate
}

func ExampleLedger_Append_invalid() {
	ctx := context.Background()
	reg := purpose.MustCompile(purpose.Policy{
		Regimes:   []pii.Law{pii.PIPL},
		Retention: []purpose.Retention{{ID: "r", Summary: purpose.Text{EN: "1 year"}}},
		Purposes: []purpose.Purpose{{
			ID: "commerce.payment", Name: purpose.Text{EN: "Payment"}, Versions: []purpose.Version{{Number: 1}},
			Required: pii.MustParseSet("finance.order"), Operations: purpose.OperationsOf(purpose.Use, purpose.Share),
			Recipients: []purpose.Recipient{{Name: "WeChat Pay", Role: purpose.Independent}},
			Basis:      purpose.Legal{Basis: purpose.Consent}, Retention: "r",
		}},
	})
	bob := subject.MustParseID("0192f000-0000-7000-8000-000000000b0b")
	dir := subject.NewMemDirectory(subject.Subject{ID: bob, Jurisdiction: "CN", Status: subject.Active})
	ledger, _ := consent.NewLedger(consent.Config{Registry: reg, Directory: dir, Clock: &fixedClock{time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}})
	_, err := ledger.Append(ctx, consent.Event{
		Subject: bob, Kind: consent.Grant, Form: consent.Click,
		Purposes: []consent.PurposeRef{{ID: "commerce.payment"}}, Recipients: []string{"Alipay"},
	})
	fmt.Println(err)
	// Output:
	// consent: invalid grant commerce.payment@v1 click: 2 problems:
	// 	recipient "Alipay" is not declared by purpose commerce.payment (PIPL art. 23)
	// 	a grant needs the version of the notice shown (PIPL arts. 14, 17: consent is informed)
}
