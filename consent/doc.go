// Package consent is the consent ledger: an append-only, tamper-evident
// record of who agreed to what, when, and in which form, from which the
// consent state at any instant is derived.
//
// # Events
//
// A subject's ledger is a sequence of Events: Grant, Withdraw and Expire.
// A grant names the purposes and the purpose versions it was given under,
// its Form (click, separate or written: PIPL arts. 23, 29 require separate
// consent for sensitive PI and for providing PI to others), who gave it
// (the subject, or a verified guardian linked to the subject: PIPL art.
// 31), the recipients it names (a separate consent to share names its
// recipient, art. 23), its effective time and optional expiry, the notice
// version shown and a hash of what was shown.
//
// Ledger.Append validates an event against the purpose Registry and the
// subject Directory and reports every problem at once; nothing is written
// when there is any. It refuses unknown purposes and versions, grants
// under a version older than the purpose's latest material change, guardians
// who are not linked, not verified or not in the directory, recipients the
// purpose does not declare, effective times too far in the future or the
// past, expiries not after the start, events out of time order, and
// withdrawals of consent that is not there.
//
// # State
//
// State is derived, never edited. A Snapshot holds a subject's consents as
// half-open windows [from, until). Consents coexist: a later grant does not
// end an earlier one (a click consent does not undo a separate one); only a
// withdrawal or an expiry ends consent, and a withdrawal ends every consent
// to the purpose, whoever gave it. Snapshot.Lookup and State.Consent answer
// whether consent to a purpose (and recipient) was in force at an instant,
// under which version, in which form and by whom. A check at the instant of
// a withdrawal already sees it withdrawn; a check before it still sees the
// consent, because withdrawal does not make earlier processing unlawful
// (PIPL art. 15 para 2). Consent given under a version before the
// purpose's latest material change answers Stale (PIPL art. 14 para 2).
// Reading a cached snapshot neither locks against writers nor allocates.
// When the Ledger's Directory is a subject.Watcher, each snapshot also
// keeps the subject's directory record (Snapshot.DirectoryRecord), which
// the Guard reads instead of asking the Directory.
//
// # Tamper evidence
//
// Each event carries the BLAKE2b-256 hash of its canonical encoding and the
// hash of the subject's previous event. Verify reports the first edited,
// removed, inserted or reordered event; VerifyHead also catches events cut
// from the end, given a Head recorded elsewhere. A Ledger verifies each
// subject's chain when it first loads it, and refuses to answer for a
// broken one.
//
// # Receipts
//
// NewReceipt turns a stored grant into a Receipt shaped after the Kantara
// Consent Receipt (controller, purposes with their categories and sensitive
// ones, recipients, form, guardian, notice, the event's hash); Sign seals
// it with Ed25519 into a self-contained document, and VerifyReceipt refuses
// any changed byte. Receipt.Matches checks a receipt against the ledger.
//
// # Stores
//
// Store is the plug-in interface for persistence: append with an expected
// sequence number (optimistic concurrency) and load. MemStore is the
// embedded default. Every Store must pass consenttest.TestStore.
//
// # Concurrency
//
// Ledger, MemStore and Snapshot are safe for concurrent use.
package consent
