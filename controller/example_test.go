package controller_test

import (
	"context"
	"fmt"
	"time"

	"github.com/lawfulgo/lawful/controller"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
)

func ExampleProfile_Gaps() {
	p := controller.Profile{
		Name: purpose.Text{EN: "All Voice Lab"}, Contact: "team@allvoicelab.com",
		Regimes: []pii.Law{pii.PIPL, pii.GDPR}, Individuals: 3_000_000, OutsideEU: true,
	}
	for _, g := range p.Gaps(controller.DefaultRules()) {
		fmt.Printf("%s (%s)\n", g.Duty, g.Cite)
	}
	// Output:
	// designate a PI protection officer and publish their contact (PIPL art. 52)
	// designate a representative in the Union in writing (GDPR art. 27(1))
}

func ExampleAudits_NextDue() {
	now := time.Date(2026, 6, 3, 10, 0, 0, 0, time.UTC)
	audits, _ := controller.NewAudits(new(controller.MemAuditStore), controller.DefaultRules(), fixed(now))
	_, _ = audits.Add(context.Background(), controller.Audit{Auditor: "Internal Audit", Scope: "all processing",
		Started: now.AddDate(0, -2, 0), Completed: now.AddDate(0, -1, 0)})
	due, _ := audits.NextDue(context.Background(), &controller.Profile{Individuals: 12_000_000, Minors: true}, now)
	fmt.Println(due.Next.Format("2006-01-02"), due.Cite)
	// Output: 2027-05-03 MOR art. 37
}
