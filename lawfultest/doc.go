// Package lawfultest helps services unit-test their own compliance rules
// against lawful's Guard, without a database and without sleeping.
//
// A World is a Guard over your policy Registry with an in-memory subject
// directory, consent ledger and a fake Clock that the test moves:
//
//	w := lawfultest.New(t, reg, lawfultest.Options{})
//	kid := w.Child(t, 12)
//	w.Grant(t, kid, consent.Separate, "service.voice_clone")
//	r := lawful.Request{Subject: kid, Purpose: "service.voice_clone",
//		Operation: purpose.Use, Categories: pii.MustParseSet("biometric.voiceprint")}
//	lawfultest.AssertDenied(t, w.Guard, r, lawful.ErrGuardianConsentRequired)
//	w.GrantByGuardian(t, w.Guardian(t, kid), kid, consent.Separate, "service.voice_clone")
//	lawfultest.AssertAllowed(t, w.Guard, r)
//
// Fixtures cover the subjects rules are about: adults, children of a given
// age, a child on the day before turning 14, verified guardians, frozen and
// closed accounts, an adult who withdrew consent. Recorder keeps every
// decision for assertions about what the code under test asked. The fault
// injectors (FailingDirectory, FailingStore, BlockingDirectory) check that
// outages deny.
//
// Rules can also be kept as data: RunScenarios runs a JSON file of
// scenarios (see ScenarioFile) as subtests, each in a fresh World.
//
// The package builds on lawful's exported API only and belongs in tests;
// it imports testify.
package lawfultest
