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
// hash of the subject's previous event, and a seal: a keyed BLAKE2b MAC of
// its subject, sequence number and hash under one of the Keys, which live
// outside the database. Each subject's latest head, sealed too, is kept in
// an Anchor where the database's writers cannot write. Every load checks
// the chain, every seal and the anchored head (VerifySealed), so an event
// edited (even with its hash recomputed), inserted, removed, reordered or
// cut from the end is a *ChainError matching ErrTampered, and the Ledger
// refuses to answer for the subject. Someone holding the Keys, or able to
// write both the events and the Anchor, is outside this protection; the
// threat model, key rotation and what to do when tampering is reported are
// in SECURITY.md.
//
// # Time
//
// Every instant lies in the range of package clock; effective times and
// expiries outside it are refused. An append records its event no earlier
// than the subject's latest one, and Snapshot.LiveAt gives the instant a
// live question is answered at: never before the latest instant the
// ledger records, so a clock stepping back cannot undo a withdrawal.
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
// Ledger, MemStore, MemAnchor and Snapshot are safe for concurrent use.
// Appends to one subject through one Ledger take turns; appends through
// Ledgers in other processes are retried on fresh state, so concurrent
// appends all succeed. An event with an ID set by the caller is
// idempotent: retrying it returns the stored event.
package consent
