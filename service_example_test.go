package lawful_test

import (
	"context"
	"fmt"
	"time"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/lawfultest"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

// examplePolicy is a one-purpose voice service with its retention rule.
func examplePolicy(versions ...purpose.Version) *purpose.Registry {
	return purpose.MustCompile(purpose.Policy{
		Name:    purpose.Text{EN: "Voice Lab"},
		Regimes: []pii.Law{pii.PIPL},
		Retention: []purpose.Retention{{ID: "voice", Summary: purpose.Text{EN: "Until the voice model is deleted"},
			Rule: []byte(`{"ends_on": ["consent_withdrawn", "deletion_requested", "account_closed"], "action": "delete"}`)}},
		Purposes: []purpose.Purpose{{
			ID: "service.voice_clone", Name: purpose.Text{EN: "Voice cloning"}, Versions: versions,
			Required:   pii.MustParseSet("biometric.voice_sample,biometric.voiceprint"),
			Operations: purpose.OperationsOf(purpose.Collect, purpose.Use, purpose.Store),
			Basis:      purpose.Legal{Basis: purpose.Consent}, Retention: "voice",
		}},
	})
}

// A Service from a policy alone runs in memory; give it a *sql.DB,
// sealing keys and an anchor database in production.
func ExampleNew() {
	ctx := context.Background()
	clk := lawfultest.NewClock(time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC))
	svc, err := lawful.New(ctx, lawful.Options{Policy: examplePolicy(purpose.Version{Number: 1}), Clock: clk})
	if err != nil {
		fmt.Println(err)
		return
	}
	alice := subject.MustParseID("0192f000-0000-7000-8000-00000000a11c")
	birth, _ := subject.NewDate(1990, time.May, 1)
	_ = svc.Directory().(*subject.MemDirectory).Put(subject.Subject{ID: alice, Birth: birth, Jurisdiction: "CN", Status: subject.Active}, clk.Now())
	use := lawful.Request{Subject: alice, Purpose: "service.voice_clone", Operation: purpose.Use, Categories: pii.MustParseSet("biometric.voiceprint")}

	fmt.Println(svc.Check(ctx, use))
	_, _ = svc.Ledger().Append(ctx, consent.Event{Subject: alice, Kind: consent.Grant, Form: consent.Separate, Notice: "2026-03",
		Purposes: []consent.PurposeRef{{ID: "service.voice_clone"}}})
	fmt.Println(svc.Check(ctx, use))
	// Output:
	// deny use service.voice_clone reason=no_consent
	// allow use service.voice_clone basis=consent obligations=impact_assessment,explain_sensitive_necessity
}

// Reload takes a new policy while checks run: a material new version of a
// purpose makes earlier consents to it stale (PIPL art. 14 para 2).
func ExampleService_Reload() {
	ctx := context.Background()
	clk := lawfultest.NewClock(time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC))
	svc, _ := lawful.New(ctx, lawful.Options{Policy: examplePolicy(purpose.Version{Number: 1}), Clock: clk})
	alice := subject.MustParseID("0192f000-0000-7000-8000-00000000a11c")
	birth, _ := subject.NewDate(1990, time.May, 1)
	_ = svc.Directory().(*subject.MemDirectory).Put(subject.Subject{ID: alice, Birth: birth, Jurisdiction: "CN", Status: subject.Active}, clk.Now())
	_, _ = svc.Ledger().Append(ctx, consent.Event{Subject: alice, Kind: consent.Grant, Form: consent.Separate, Notice: "2026-03",
		Purposes: []consent.PurposeRef{{ID: "service.voice_clone"}}})
	use := lawful.Request{Subject: alice, Purpose: "service.voice_clone", Operation: purpose.Use, Categories: pii.MustParseSet("biometric.voiceprint")}

	err := svc.Reload(ctx, examplePolicy(purpose.Version{Number: 1}, purpose.Version{Number: 2, Material: true, Changes: purpose.ChangedCategories}))
	fmt.Println("reloaded:", err == nil)
	fmt.Println(svc.Check(ctx, use).Reason)
	// Output:
	// reloaded: true
	// consent_stale
}
