// Package subject models data subjects, the people whose personal
// information a service processes, as far as the Guard needs them: who
// they are, how old they are on a given day and under which law, whether
// their account is active, and who may act for them.
//
// # Identity
//
// An ID is a UUID, a comparable value usable as a map key; the zero ID
// means "no subject" and is refused everywhere a subject is meant. NewID
// makes a time-ordered UUIDv7 from an explicit instant and an explicit
// entropy source, so tests get the same IDs on every run.
//
// # Dates and ages
//
// Ages are counted on civil dates, not on durations: a Date is a day in the
// calendar with no time and no zone, and DateOf reads the date of an
// instant in a given zone. The same instant can fall on a birthday in UTC
// and on the day after it in China, and the two regimes differ on which of
// those days a person turns a year older:
//
//   - PIPL (PIPLAges): a person is N from the day after the N-th birthday
//     (DayAfterBirthday; SPC-2006 art. 2, Civil Code arts. 201-202), on
//     dates in China Standard Time (UTC+8). A child is under 14 (art. 28)
//     and needs a guardian's consent (art. 31).
//   - GDPR (GDPRAges): N from the birthday itself (OnBirthday, a library
//     decision), in UTC. A child is under 16, or 13-16 where a member state
//     says so (art. 8(1)).
//
// A person born on 29 February has a birthday on 28 February in common
// years (the month-end rule of Civil Code art. 202 and Reg. 1182/71 art.
// 3(2)(c)), so they reach an age on 1 March under PIPL and on 28 February
// under GDPR.
//
// An AgePolicy holds the rule, the zone and the thresholds: Age, AgeAt,
// Reaches (the instant an age is reached), BandAt (Child, Minor, Adult)
// and NeedsGuardian. Services copy PIPLAges or GDPRAges and adjust them,
// e.g. GuardianAge 18 where their own policy asks a guardian's consent
// for every minor (seeds 000, 001, 003).
//
// # Fail closed
//
// An unknown birth date is treated as a child's, who needs a guardian,
// unless the policy says PresumeAdult (fail closed). An invalid birth
// date, a birth after the instant asked about, or an invalid AgePolicy
// (the zero one included) always answers Child and "needs a guardian".
// The zero Status, Relation, Method, Band and CountingRule are invalid, so
// a forgotten field is refused rather than read as the first value.
//
// # Subjects, guardians and relatives
//
// A Subject has a Status (Active; Frozen: stop all processing except
// storage and deletion (seed 003 §七.3); Closed: deregistered; Deceased, PIPL
// art. 49) and Links to other subjects: guardians, who may consent for a
// child (Relation.CanActAsGuardian, PIPL art. 31), and close relatives,
// who may exercise a deceased person's rights (Relation.IsCloseRelative,
// PIPL art. 49). A link records how it was verified; Declared is the
// weakest method. Subject.Validate reports every problem at once and never
// puts the birth date, which is personal information, in a message.
//
// # Directories
//
// A Directory looks subjects up by ID; services implement it over their
// own user store and check it with subjecttest.TestDirectory. MemDirectory
// is the in-memory reference implementation. Both are safe for concurrent
// use and hand out copies.
//
// A Directory that is also a Watcher announces every change. A consent
// Ledger over a Watcher keeps each subject's record beside its consent
// snapshot and drops both on a change, so a Guard answers from one lookup.
// MemDirectory is a Watcher; a directory over a database can be one by
// relaying the database's change notifications.
package subject
