// Package retention keeps personal information only as long as its rules
// allow and proves its erasure: retention rules, trigger events, legal
// minimums, legal holds, restriction, and a sweeper that calls the
// service's Eraser.
//
// # Rules
//
// A Rule covers data of some purposes and categories. It keeps the data
// for a Period after a trigger (collection by default), ends the period
// early on deletion triggers (purpose achieved, consent withdrawn, account
// closed, deletion requested, service terminated: PIPL art. 47; NDSMR art.
// 24), allows a grace period to erase, caps the period with a maximum, and
// never erases before a legal minimum (six months for network logs,
// Cybersecurity Law art. 21(3)). Rules come from the policy file's
// retention entries (see DecodeRule for the JSON) or from Go, and Compile
// checks them against the Registry: every purpose's data must be covered
// (NDSMR art. 21(3)).
//
// Precedence, when several rules cover an item: the earliest end any of
// them gives wins (PIPL art. 19: the shortest time necessary), but the
// latest legal minimum is a floor nothing undercuts; Delete wins over
// Anonymise. Between its end and a later minimum an item is Restricted:
// only storage and security measures are allowed (PIPL art. 47 para 2).
// A legal Hold suspends erasure, not restriction.
//
// Periods count civil dates the way PRC Civil Code arts. 201–203 do: the
// start day is not counted and a period ends at 24:00 of its last day, in
// the location of the start time. Pass times in the jurisdiction's zone
// (e.g. Asia/Shanghai). Retention periods never move to the next working
// day (PIPL art. 19: the shortest time necessary).
//
// # Timers, triggers and the Guard
//
// Tracker.Track starts a Timer for an Item (subject, purpose, categories,
// an opaque key the service understands, collection time). Tracker.Trigger
// records a trigger and reschedules the subject's timers;
// Tracker.ConsentChanged does it for a ledger withdrawal; AnnounceTermination
// checks the promised notice (30 days by default, seed 003 §五.2) and
// reschedules everything. Given a Tracker, the lawful Guard denies
// processing of restricted data (RestrictedPendingErasure, Store still
// allowed) and of data due for erasure (RetentionExpired), before it looks
// at the account's status, so a closed account's logs can still be stored
// until their minimum is met.
//
// # Sweeping and proof
//
// A Sweeper reads due timers in batches and calls the service's Eraser,
// at least once per item: erasers must be idempotent. A failed erasure is
// retried after a backoff; a held item waits for its hold. Each erasure
// leaves a Proof (rules, cause, action, times, a digest of the key, no
// personal values) whose Verify detects edits. An Eraser that erases by
// crypto-shredding (destroying the subject's encryption key, pii/seal)
// implements ShreddingEraser, and the Proof records KeyShredded.
//
// # Stores
//
// Store is the persistence interface; MemStore keeps everything in memory,
// and retentiontest.TestStore checks any implementation against the
// contract. Tracker and Sweeper are safe for concurrent use.
package retention
