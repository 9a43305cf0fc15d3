package seeds_test

import (
	"testing"

	"github.com/lawfulgo/lawful/examples/policies"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/rights"
	"github.com/stretchr/testify/require"
)

// This file tests seed 003 (Clipo, 特赞), whose policy is
// ../policies/clipo.json; examples/policies tests the policy clause by
// clause, and 003-clipo/scenarios.json runs the Guard on it.

// openClipo compiles ../policies/clipo.json.
func openClipo(t *testing.T) *purpose.Registry {
	t.Helper()
	reg, err := policies.Open("clipo.json")
	require.NoError(t, err)
	return reg
}

// TestSeed003RightsDeadlines wires §六.4 and §九.4 into the rights engine
// (seeds.Rights): the seed promises only "法律规定的期限", and PIPL arts.
// 45-50 say only "timely", so the term is the library's default, 15
// working days after verification, and its citation says so.
func TestSeed003RightsDeadlines(t *testing.T) {
	checkDeadlines(t, "003-clipo", pii.PIPL, openClipo(t), []deadlineRow{
		{name: "legal_time_limit_has_no_number_so_the_default_15_working_days_after_verification_seed_003_§六.4_§九.4_PIPL_art50",
			kind: rights.Delete, received: "2026-09-21T09:00:00+08:00", verified: "2026-09-22T15:00:00+08:00", due: "2026-10-19", cites: "no law sets a number"},
		{name: "deregistration_by_email_waits_for_verification_seed_003_§六.3",
			kind: rights.Deregister, received: "2026-09-21T09:00:00+08:00", cites: "003 §六.4, §九.4"},
	})
}
