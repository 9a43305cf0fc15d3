package transfer_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
	"github.com/lawfulgo/lawful/transfer"
)

func ExampleDesk_Check() {
	ctx := context.Background()
	at := time.Date(2026, 6, 3, 10, 0, 0, 0, time.UTC)
	desk, _ := transfer.New(transfer.Config{
		Store: transfer.NewMemStore(),
		Instruments: []transfer.Instrument{{Mechanism: purpose.StandardContract, Recipient: "sg-cloud",
			Ref: "SC-2026-001", From: at.AddDate(0, -1, 0)}},
	})
	who := subject.MustParseID("01900000-0000-7000-8000-00000000000a")

	// Voiceprints are sensitive PI: even one person's needs a standard
	// contract or certification (Cross-border Data Flow Provisions art. 8).
	dec := desk.Check(ctx, transfer.Request{Law: pii.PIPL, Subject: who, Recipient: "sg-cloud", Country: "SG",
		Categories: pii.MustParseSet("biometric.voice_sample"), Mechanism: purpose.StandardContract, At: at})
	fmt.Println(dec.Allowed, dec.Required, dec.Instrument.Ref)

	// A GDPR mechanism cannot carry a PIPL export.
	dec = desk.Check(ctx, transfer.Request{Law: pii.PIPL, Subject: who, Recipient: "sg-cloud", Country: "SG",
		Categories: pii.MustParseSet("contact.email"), Mechanism: purpose.SafeguardClauses, At: at})
	fmt.Println(dec.Reason)

	// Nor may PI stored in China go to a foreign court without approval.
	dec = desk.Check(ctx, transfer.Request{Law: pii.PIPL, Subject: who, Recipient: "us-court", Country: "US",
		Categories: pii.MustParseSet("contact.email"), ForeignAuthority: true, At: at})
	fmt.Println(errors.Is(dec.Err(), transfer.ErrForeignAuthorityApprovalMissing), dec.Cite)
	// Output:
	// true contract_or_certification SC-2026-001
	// wrong_regime
	// true PIPL art. 41
}
