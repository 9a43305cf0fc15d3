// Package lawful makes a service's handling of personal information lawful
// by construction: every use of a data category is checked against why it
// is processed (the purpose), on what ground (consent or a no-consent
// exemption whose conditions hold), for whom (the data subject, their age
// and guardian) and for how long (retention). PIPL is the primary regime,
// GDPR the second.
//
// The library is a set of small packages, each with one job:
//
//   - [github.com/lawfulgo/lawful/pii]: the taxonomy of data categories
//     ("contact.phone", "biometric.voiceprint") with their PIPL and GDPR
//     sensitivity, the zero-allocation category Set, and struct tags
//     (`pii:"contact.phone"`) that tell which categories a type holds.
//   - [github.com/lawfulgo/lawful/purpose]: purposes, their legal bases
//     (every ground of PIPL art. 13, the GB/T 35273 exemption items mapped to
//     them, GDPR arts. 6 and 9) and the conditions each carries; policy files
//     compiled into an immutable Registry; the generated PI collection list
//     and third-party sharing list.
//
// # How the pieces fit
//
// A service writes its privacy policy as data, a JSON policy file or a
// purpose.Policy built in Go. Compiling it checks the policy against the
// law and reports every problem at once:
//
//	reg, err := purpose.LoadPolicy(file)
//	// purpose "ads.targeted": basis: basis "legitimate_interests" is not a
//	// ground under PIPL (PIPL art. 13(1) lists the only grounds; ...)
//
// The Registry answers, without allocating, what the Guard asks on every
// request: is the purpose declared, does it declare this operation, these
// categories, this recipient, is a consent given under version v still
// current. From the same Registry come the notices people read, so what is
// promised and what is enforced cannot drift apart.
//
// # The Guard
//
// A Guard joins the Registry with a subject Directory (who the person is:
// age, guardians, account status, jurisdiction) and a consent Ledger (what
// they agreed to, when), under a Regime (PIPL or GDPR as data). Every data
// access asks it first:
//
//	d := guard.Check(ctx, lawful.Request{
//		Subject:    userID,
//		Purpose:    "service.voice_clone",
//		Operation:  purpose.Use,
//		Categories: pii.MustParseSet("biometric.voiceprint"),
//	})
//	if !d.Allowed() {
//		return d.Err() // a *Denial: errors.Is(err, lawful.ErrGuardianConsentRequired), ...
//	}
//
// Check never panics, never allows on an error (a failing store, a
// cancelled context, a missing dependency each deny with their own
// Reason), and allocates nothing on the allow path. Do wraps a data-access
// function so it runs only when allowed, taking the categories from its
// result type's pii tags. WithSubject and WithPurpose let middleware set
// who and why. An Auditor records every decision; SlogAuditor writes them
// with pseudonymised subject IDs.
//
// # Testing your rules
//
// Package lawfultest builds a complete in-memory World with a fake clock,
// subject fixtures (a child the day before turning 14, a guardian, a
// closed account) and assertions, and runs compliance scenarios kept as
// JSON.
//
// # Concurrency
//
// Guards, Registries, Ledgers and the memory stores are safe for
// concurrent use.
package lawful
