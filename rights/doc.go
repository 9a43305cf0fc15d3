// Package rights handles data subjects' rights requests: access, copy,
// correction, supplement, deletion, portability, explanation, consent
// withdrawal, restriction or objection, deregistration and complaints
// (PIPL arts. 15, 44-50; NDSMR arts. 20-25; GDPR arts. 12-22).
//
// # Requests and who may make them
//
// A Request names its Kind, the Subject whose data it concerns and, when
// someone else asks, the Requester and their Capacity:
//
//   - Self: the subject, alive (a minor may ask too: MOR art. 34).
//   - Guardian: a parent or guardian, through a verified subject.Link whose
//     Relation.CanActAsGuardian, for a subject who is a minor at receipt
//     under the Policy's ages (PIPL art. 31; Civil Code art. 27). An
//     unknown birth date shows nothing and is refused.
//   - Relative: a close relative of a deceased subject, through a verified
//     link whose Relation.IsCloseRelative, for their own lawful, legitimate
//     interest (Request.Interest), only for access, copy, correction or
//     deletion, and not when the deceased arranged otherwise
//     (Request.ArrangedOtherwise or Config.Arrangements) — PIPL art. 49.
//     GDPR does not cover the deceased, so GDPR() refuses relatives.
//
// A link only declared (subject.Declared) is refused unless the Policy
// says AcceptDeclaredLinks: a declaration alone would let anyone read a
// child's data. A requester who may not ask gets an *EntitlementError at
// receipt; nothing is stored.
//
// # Lifecycle
//
// A Desk holds requests in a Store (MemStore by default) and moves them
// through their states, recording every Transition with its time (from
// the injected Clock) and actor:
//
//	Received --Verify--> Verified --Extend--> Extended
//	Verified or Extended --Fulfil--> Fulfilled
//	Verified or Extended --Refuse--> Refused
//	Received --Refuse(identity_not_verified)--> Refused
//
// Anything else is a *TransitionError matching ErrInvalidTransition, and
// nothing is recorded. Fulfilled and Refused are final.
//
// # Deadlines
//
// A Term counts N calendar days, working days or months from receipt or
// from identity verification, per regime and per the service's promise:
// seed 000 §5.1 answers access in 15 days from the request, 000 §10 and
// 004 §九(二) in 15 working days after verification, 001 complaints in 15
// days after verification, GDPR art. 12(3) in one month from receipt,
// extendable by two further months with notice within the first.
// Policy.Kinds sets a term per kind; PIPL and GDPR are starting points.
//
// The start day is not counted (Civil Code art. 201); a month ends on the
// corresponding date or the month's last day (art. 202: 31 January plus a
// month is 28 February); a calendar-day or month deadline whose last day
// is a rest day moves to the next working day, because it is a deadline to
// act (art. 203; Reg. 1182/71 art. 3(4) — retention periods
// never move); the deadline is 24:00 of the last day in the Policy's zone.
// Working days come from a Calendar: Weekdays by default, or Holidays
// with a published schedule of public holidays and the make-up working
// weekends China uses (调休). testdata/calendar_fixture.json is a test
// fixture, not an official schedule. LastDay and Deadline are the pure
// functions behind it; FuzzDeadline checks them against a day-by-day
// oracle.
//
// Overdue, DueBefore and Awaiting answer the dashboard's questions.
//
// # Refusals and fees
//
// A refusal names one Ground from a closed list (national security; public
// interest; criminal proceedings; abuse of rights; serious harm to
// others; trade secrets; legal secrecy, PIPL art. 18(1); legal
// obligations; life or property; and the seeds' repetitive, excessive
// technical means, risk to others, impractical; GDPR art. 12(5)'s
// manifestly unfounded or excessive; identity not verified) and gives
// reasons (PIPL art. 50). A refusal without them is ErrNoGround. A minor's
// request, or a guardian's, must be refused in writing (MOR art. 34(3)):
// Refusal.Written must be set, else ErrWrittenRefusalRequired.
//
// Policy.Repeat sets how many requests of one kind are reasonable in a
// window. Only a request beyond it (Request.Repeated, which records the
// count) may carry a cost Fee or be refused as Repetitive (seeds 000
// §5.6, 001 §5(6); NDSMR art. 25; GDPR art. 12(5)): the record shows the
// ground.
//
// # Fulfilment
//
// Fulfil does what the library can and leaves the rest to Hooks.Fulfil:
// a deletion fires retention.DeletionRequested and a deregistration
// retention.AccountClosed through the Retention tracker, so legal
// minimums and holds still apply; the Result says which items are
// Scheduled for erasure and which are Restricted (kept for a minimum or a
// hold, with until when and the law cited, PIPL art. 47 para 2), and lists
// the Recipients to notify (GDPR art. 19; seed 000 §5.3). A withdrawal
// appends a consent.Withdraw event for the named purposes and fires
// retention.ConsentWithdrawn. Access, copy and portability produce a
// Manifest: documented JSON with the consent history, the categories held
// per purpose, the recipients and the retention state.
//
// Ledger and Retention are narrow interfaces that *consent.Ledger and
// *retention.Tracker satisfy.
//
// # Concurrency and zero values
//
// A Desk is safe for concurrent use; a second call acting on a request
// that another call is acting on gets ErrConflict, as does a write that
// loses a Store version race. The zero Desk refuses everything with
// ErrNotConfigured. The zero values of Kind, Capacity, State, Ground and
// the other enumerations are invalid, so a forgotten field is refused
// rather than read as the first value. Nothing in this package panics on
// input.
package rights
