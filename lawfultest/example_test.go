package lawfultest_test

import (
	"os"
	"testing"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/lawfultest"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
)

// A service keeps its compliance rules as tests beside its policy. This is
// the whole of such a test: load the policy, build a World, state the rule.
func TestVoiceCloneOfAChildNeedsAGuardian(t *testing.T) {
	f, _ := os.Open("testdata/policy.json")
	reg, err := purpose.LoadPolicy(f)
	if err != nil {
		t.Fatal(err)
	}
	w := lawfultest.New(t, reg, lawfultest.Options{})
	kid := w.Child(t, 12)
	w.Grant(t, kid, consent.Separate, "service.voice_clone")
	r := lawful.Request{Subject: kid, Purpose: "service.voice_clone", Operation: purpose.Use, Categories: pii.MustParseSet("biometric.voiceprint")}
	lawfultest.AssertDenied(t, w.Guard, r, lawful.ErrGuardianConsentRequired) // PIPL art. 31

	w.GrantByGuardian(t, w.Guardian(t, kid), kid, consent.Separate, "service.voice_clone")
	lawfultest.AssertAllowed(t, w.Guard, r)
}

// Example shows the same rules kept as data and run as subtests.
func Example() {
	// In a _test.go file of your service:
	//
	//	func TestComplianceScenarios(t *testing.T) {
	//		lawfultest.RunScenarios(t, "testdata/scenarios.json", nil)
	//	}
	//
	// See ScenarioFile for the format and testdata/scenarios.json here for
	// a file that tests separate consent, guardians, withdrawal, legal
	// duties and sharing.
}
