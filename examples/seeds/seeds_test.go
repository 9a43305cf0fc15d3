package seeds_test

import (
	"path/filepath"
	"testing"

	"github.com/lawfulgo/lawful/examples/policies"
	"github.com/lawfulgo/lawful/examples/seeds"
	"github.com/lawfulgo/lawful/lawfultest"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/retention"
	"github.com/stretchr/testify/require"
)

// TestScenarios runs every seed's scenarios.json with lawfultest: the
// clause-by-clause proof that the Guard enforces each policy.
func TestScenarios(t *testing.T) {
	files, err := filepath.Glob("*/scenarios.json")
	require.NoError(t, err)
	for _, f := range files {
		t.Run(filepath.Dir(f), func(t *testing.T) {
			lawfultest.RunScenarios(t, f, nil)
		})
	}
}

// TestPoliciesLoad checks that every seed's policy.json compiles, with
// its retention rules.
func TestPoliciesLoad(t *testing.T) {
	for _, dir := range seeds.Dirs() {
		t.Run(dir, func(t *testing.T) {
			var reg *purpose.Registry
			var err error
			if dir == "003-clipo" { // kept in ../policies, which the quickstart embeds
				reg, err = policies.Open("clipo.json")
			} else {
				reg, err = seeds.Open(dir + "/policy.json")
			}
			require.NoError(t, err)
			require.NotNil(t, reg)
			_, err = retention.Compile(reg)
			require.NoError(t, err, "every purpose's data needs a retention rule that compiles (PIPL art. 19; NDSMR art. 21(3))")
		})
	}
}

// TestRights checks seeds.Rights: every seed has a valid rights policy
// under PIPL, seed 002 under GDPR too, and nothing else has one.
func TestRights(t *testing.T) {
	for _, dir := range seeds.Dirs() {
		p, ok := seeds.Rights(dir, pii.PIPL)
		require.True(t, ok, dir)
		require.NoError(t, p.Validate(), dir)
		_, gdpr := seeds.Rights(dir, pii.GDPR)
		require.Equal(t, dir == "002-webservice", gdpr, "%s serves GDPR (PIPL art. 3; GDPR art. 3)", dir)
	}
	_, ok := seeds.Rights("005-none", pii.PIPL)
	require.False(t, ok, "not a seed")
}
