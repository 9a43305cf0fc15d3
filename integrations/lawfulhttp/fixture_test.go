package lawfulhttp_test

import (
	"context"
	"testing"
	"time"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/lawfultest"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

// The purposes of the test policy.
const (
	// profile: the account holder's own phone number, on the contract
	// ground (PIPL art. 13(1)(2)).
	profile purpose.ID = "account.profile"
	// voice: a voiceprint, on separate consent.
	voice purpose.ID = "service.voice_clone"
	// delivery: the address entrusted to a courier, on the contract ground.
	delivery purpose.ID = "orders.delivery"
)

var (
	phone      = pii.MustParseSet("contact.phone")
	voiceprint = pii.MustParseSet("biometric.voiceprint")
	address    = pii.MustParseSet("contact.address")
)

// testPolicy is a three-purpose service.
func testPolicy() *purpose.Registry {
	ops := purpose.OperationsOf(purpose.Collect, purpose.Use, purpose.Store)
	return purpose.MustCompile(purpose.Policy{
		Name:    purpose.Text{EN: "Test service"},
		Regimes: []pii.Law{pii.PIPL},
		Retention: []purpose.Retention{{ID: "account", Summary: purpose.Text{EN: "Until the account is closed"},
			Rule: []byte(`{"ends_on": ["account_closed", "deletion_requested"], "action": "delete"}`)}},
		Purposes: []purpose.Purpose{
			{ID: profile, Name: purpose.Text{EN: "Profile"}, Core: true, Versions: []purpose.Version{{Number: 1}},
				Required: phone, Operations: ops, Basis: purpose.Legal{Basis: purpose.Contract}, Retention: "account"},
			{ID: voice, Name: purpose.Text{EN: "Voice cloning"}, Versions: []purpose.Version{{Number: 1}},
				Required: voiceprint, Operations: ops, Basis: purpose.Legal{Basis: purpose.Consent}, Retention: "account"},
			{ID: delivery, Name: purpose.Text{EN: "Delivery"}, Core: true, Versions: []purpose.Version{{Number: 1}},
				Required: address, Operations: purpose.OperationsOf(purpose.Use, purpose.Entrust),
				Recipients: []purpose.Recipient{{Name: "Courier Ltd", Role: purpose.Entrusted}},
				Basis:      purpose.Legal{Basis: purpose.Contract}, Retention: "account"},
		},
	})
}

// world is a Service over the test policy with two adults: alice, who
// consented to voice cloning, and bob, who did not.
type world struct {
	svc        *lawful.Service
	clock      *lawfultest.Clock
	alice, bob subject.ID
}

func newWorld(t testing.TB, dir subject.Directory) *world {
	t.Helper()
	ctx := context.Background()
	clk := lawfultest.NewClock(time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC))
	mem := &subject.MemDirectory{}
	if dir == nil {
		dir = mem
	}
	svc, err := lawful.New(ctx, lawful.Options{Policy: testPolicy(), Clock: clk, Directory: dir})
	if err != nil {
		t.Fatal(err)
	}
	w := &world{svc: svc, clock: clk,
		alice: subject.MustParseID("0192f000-0000-7000-8000-00000000a11c"),
		bob:   subject.MustParseID("0192f000-0000-7000-8000-000000000b0b")}
	birth, _ := subject.NewDate(1990, time.May, 1)
	for _, id := range []subject.ID{w.alice, w.bob} {
		if err := mem.Put(subject.Subject{ID: id, Birth: birth, Jurisdiction: "CN", Status: subject.Active}, clk.Now()); err != nil {
			t.Fatal(err)
		}
	}
	if dir == mem {
		_, err = svc.Ledger().Append(ctx, consent.Event{Subject: w.alice, Kind: consent.Grant, Form: consent.Separate,
			Notice: "2026-03", Purposes: []consent.PurposeRef{{ID: voice}}})
		if err != nil {
			t.Fatal(err)
		}
	}
	return w
}
