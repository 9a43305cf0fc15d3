// Package incident is the register of personal-information security
// incidents: leaks, tampering and losses, actual or possible (PIPL art.
// 57). It records what happened and what was done in an append-only,
// hash-chained record per incident, computes the legal clocks each
// incident starts, refuses notices that lack what the law requires, and
// renders them in Chinese and English.
//
// # The record
//
// An incident is a sequence of Events: Opened (the discovery, from which
// the clocks run), then any of Confirmed, Classified (grade, GDPR risk,
// regimes, national security), Affected (categories, subjects, an estimate
// of the people affected, minors), Remediated, Notified, Exempted,
// Ordered, OverdueNoted, Closed and Reopened. Incident is the state folded
// from them (Fold). Register.Record validates an event against the
// incident's state and reports every problem at once; nothing is written
// when there is any.
//
// Each event carries the BLAKE2b-256 hash of its canonical encoding
// (Event.Encode) and the hash of the incident's previous event; a Register
// keeps each incident's head in an Anchor outside the Store and checks
// every record it loads against it. An event edited, inserted, removed,
// reordered or cut from the end is a *ChainError matching ErrTampered
// (Verify, VerifyHead). The chain is unkeyed: someone able to write both
// the Store and the Anchor can rewrite a record. Keep the Anchor (or heads
// copied from Incident.Head into reports filed with the authorities) out
// of the store's writers' reach.
//
// # Clocks
//
// Incident.Clocks lists the notification duties with their deadlines,
// computed from the discovery (PIPL) or the awareness (GDPR) and the
// operator's Profile, under Rules:
//
//   - an incident graded relatively major (较大) or above is reported
//     within 4 hours to the provincial cyberspace administration, within 1
//     hour by a critical-information-infrastructure operator to the
//     protection department and public security, within 2 hours by a
//     central or state organ to its department's cyber unit (National
//     Cybersecurity Incident Reporting Measures art. 4); an incident not
//     yet graded runs these clocks provisionally;
//   - the PI protection department is notified of every incident, and the
//     people affected told, without a fixed deadline (PIPL art. 57);
//   - a vulnerability or risk endangering national security or the public
//     interest is reported within 24 hours (Network Data Security
//     Management Regulations, NDSMR, art. 10);
//   - the guardians of minors are told (Regulations on the Protection of
//     Minors Online, MOR, art. 35);
//   - under the GDPR the supervisory authority is notified within 72
//     hours of awareness unless the breach is unlikely to result in a
//     risk (art. 33(1)), and people without undue delay when the risk is
//     high (art. 34(1)).
//
// Deadlines are instants: an hour deadline is elapsed time, unmoved by
// weekends, holidays or daylight-saving changes. A deadline is met by a
// notice at or before it; a clock is overdue after it. Register.Overdue
// lists the overdue clocks of open incidents; Register.SweepAt records
// each newly overdue clock as an OverdueNoted event, which reaches the
// Config.Hook (the audit hook) once.
//
// # Notices
//
// Register refuses a Notified event whose Notice lacks an item its
// audience must be told (Incident.Missing): the categories, causes and
// possible harm, the remedial measures and what people can do, and the
// contact details (PIPL art. 57), in Chinese for PIPL audiences; the GDPR
// items of arts. 33(3) and 34(2). Only reports to authorities may be
// partial and completed later (GDPR art. 33(4)). A public announcement
// counts for individuals and guardians when it says why telling them one
// by one is impractical (NDSMR art. 11; MOR art. 35; GDPR art. 34(3)(c)).
// Incident.Render renders a notice, and Incident.Report the whole record
// (the closure record), in Chinese or English.
//
// The decision not to tell individuals, because the measures taken
// effectively avoid harm (PIPL art. 57 para 2) or on a GDPR art. 34(3)
// ground, is an Exempted event with its ground and reason; an authority's
// order to tell them (Ordered) reverses it and restarts the clock, and no
// exemption overrides an order. An incident cannot be closed while a duty
// is open (ErrDutiesOpen).
//
// # Configurable facts
//
// Rules holds the facts read only in secondary sources, with defaults
// documented on DefaultRules: the grade the hour clocks start from, the
// hours per operator, whether an ungraded incident runs them, the GDPR
// awareness of a possible breach, and the people counts SuggestGrade uses.
//
// # Stores
//
// Store is the plug-in interface for backends; MemStore is the in-memory
// reference. Every Store must pass incidenttest.TestStore. A Register is
// safe for concurrent use; so are MemStore and MemAnchor. Inputs are
// bounded (MaxText, MaxShort, MaxSubjects, MaxEvents); the decoder of the
// stored form (Event.UnmarshalBinary) refuses anything beyond them.
package incident
