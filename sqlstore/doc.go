// Package sqlstore keeps lawful's consent ledger, retention schedules,
// incident register, rights requests, sealing keys, impact assessments,
// export records and compliance audits in a SQL database through
// database/sql, so that many service instances share them: PostgreSQL (and
// CockroachDB) for a fleet, SQLite for one process that must survive
// restarts.
//
// The package imports no driver. Register one in the service and open the
// database with it:
//
//	import _ "github.com/jackc/pgx/v5/stdlib" // driver "pgx"
//
//	db, err := sql.Open("pgx", "postgres://lawful@db/lawful")
//	st, err := sqlstore.Open(ctx, db, sqlstore.Postgres)
//	err = st.Migrate(ctx) // creates or upgrades the tables; idempotent
//	anchors, err := sqlstore.Open(ctx, anchorDB, sqlstore.Postgres) // another database: see Anchors
//	ledger, err := consent.NewLedger(consent.Config{Store: st.Consent(), Anchor: anchors.Anchors(), Keys: keys, ...})
//	tracker, err := retention.NewTracker(ctx, retention.Config{Store: st.Retention(), ...})
//	reg, err := incident.New(incident.Config{Store: st.Incidents(), Anchor: anchors.IncidentAnchors(), ...})
//	desk, err := rights.NewDesk(rights.Config{Store: st.Rights(), ...})
//	sealer, err := seal.New(st.SealKeys(), kek) // see SealKeys for secure_delete
//	book, err := assessment.New(assessment.Config{Store: st.Assessments(), ...})
//	exports, err := transfer.New(transfer.Config{Store: st.Transfers(), ...})
//	audits, err := controller.NewAudits(st.Audits(), ...)
//
// For SQLite (import _ "modernc.org/sqlite", driver "sqlite") open the
// file with a busy timeout, so writers wait for each other instead of
// failing, and preferably in WAL mode, so readers do not wait for writers:
//
//	db, err := sql.Open("sqlite", "file:lawful.db?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)")
//
// Switching a new file to WAL takes an exclusive lock that SQLite does not
// wait for, so when several processes share one file, create it (open it
// once) before they start; otherwise their first connections may fail
// with SQLITE_BUSY.
//
// # Many instances
//
// Each instance keeps a Ledger whose snapshot cache a consent.Follower
// invalidates from the ConsentStore's change feed, so a withdrawal made
// through one instance reaches the others' Guards within the Follower's
// poll interval (see consent.Follower for the exact bound and for
// reading with no staleness). Appends from any number of instances are
// safe: the database refuses all but one of concurrent appends to a
// subject, and the Ledger retries the others on fresh state.
//
// A retention.Tracker reads a subject's timers and events, computes and
// saves; those steps are separate statements, so two instances tracking or
// triggering for the same subject at the same moment could each save a
// schedule computed without the other's write. Route a subject's retention
// writes (Track, Trigger, AnnounceTermination, PlaceHold, ReleaseHold) to
// one instance at a time (e.g. one worker consuming a queue), and let
// every instance read and sweep: Complete is one transaction, so racing
// sweepers keep one proof per item, and a sweep reloads the legal holds
// before erasing. Give each instance's Tracker a retention.Config.CacheFor
// so a trigger recorded through one instance reaches the others' Guards
// within it.
//
// # Schema and migrations
//
// Migrate applies numbered migrations, each in its own transaction that
// first records itself in lawful_schema_migrations, whose primary key lets
// exactly one of several racing processes apply it. Every table's name
// starts with "lawful_" so the schema can sit beside the service's own
// tables; a PostgreSQL schema of its own (search_path) works too.
// Version 4 holds the incident register (lawful_incident_events, keyed by
// incident and seq and holding each event's stored form with its hash;
// lawful_incident_anchors, one head per incident). Version 5 holds rights
// requests (lawful_rights_requests: one row per request, its history in a
// JSON body, versioned for optimistic updates). Version 6 holds package
// seal's data keys (lawful_seal_keys: one row per subject, its wrapped key
// while it lives, its tombstone once shredded). Version 7 holds impact
// assessments (lawful_assessments: one row per record, never replaced).
// Version 8 holds exports abroad (lawful_transfer_exports, by time;
// lawful_transfer_people, the people counted per year and kind). Version
// 9 holds compliance audits (lawful_controller_audits).
// Version 3 adds a unique index on consent event IDs and the anchors table
// (lawful_consent_anchors: one sealed head per subject). Version 1 holds
// the consent ledger (lawful_consent_events, keyed by
// subject and seq and holding each event's canonical encoding;
// lawful_consent_changes, the change feed; lawful_consent_cursor, its
// counter). Version 2 holds retention (lawful_retention_timers, _events,
// _holds, _proofs, _disclosures). Times are int64 nanoseconds since the
// Unix epoch, not timestamp columns, which keep only microseconds.
//
// # Dialects
//
// The statements are the same but for types (BYTEA and BLOB; identity
// columns and AUTOINCREMENT), placeholders ($1 and ?), and how an append
// takes the change counter. On SQLite an append updates the counter
// first, which takes the write lock before any read, so the transaction
// never reads a snapshot that a concurrent writer made stale; and the
// Store runs its process's write transactions one at a time (SQLite does
// anyway), which is fairer than SQLite's sleeping busy handler. On
// PostgreSQL the counter is updated last, in the statement that records
// the change (a data-modifying WITH), so the row is held only until
// commit. Unique violations (SQLSTATE 23505, SQLite's constraint codes)
// on an append match consent.ErrConflict; serialization failures and
// deadlocks (40001, 40P01, SQLITE_BUSY_SNAPSHOT) rerun the transaction a
// few times, then match consent.ErrConflict too.
//
// CockroachDB speaks the PostgreSQL dialect; use Postgres. No advisory
// locks or other PostgreSQL-only features are used: the change counter is
// an ordinary row (INSERT ... ON CONFLICT DO UPDATE ... RETURNING inside
// a WITH), indexes are ordinary or partial, the retention tables number
// rows with GENERATED BY DEFAULT AS IDENTITY, and migrations hold only
// DDL besides their own record. Under CockroachDB's serializable
// isolation, contention on the counter shows as 40001 errors, which the
// store retries. The package's tests run against PostgreSQL and SQLite,
// not CockroachDB.
//
// # Durability
//
// An append acknowledged by the Store was committed by the database, and
// survives a crash of the process, of the database and a power loss, given
// these settings, which Open checks and refuses to do without:
//
//   - SQLite: synchronous=FULL (or EXTRA). In WAL mode, FULL syncs the WAL
//     at every commit; NORMAL would survive a process crash but could lose
//     the last commits on power loss. The DSN above sets it.
//   - PostgreSQL: fsync=on and synchronous_commit not off (the defaults);
//     keep full_page_writes=on (also the default), and with synchronous
//     replication, synchronous_commit=on or remote_apply for the standby
//     to hold the commit too.
//
// The package's tests kill a writing process with SIGKILL between appends,
// in the middle of a batch spanning two statements of one transaction, and
// while the database checkpoints, and find every acknowledged event in the
// store, its chain and seals intact.
//
// # Tamper evidence
//
// The consent events' rows hold sealed events (see package consent): an
// edit in SQL is detected when a Ledger next loads the subject, and a row
// that does not decode or sits under the wrong key matches
// consent.ErrTampered. Anchors keeps the sealed heads that catch deleted
// events; put it on another database or schema, under other credentials
// (see Anchors and SECURITY.md). Incident records are hash-chained the
// same way, without a key: IncidentAnchors keeps each incident's head, and
// an incident.Register reports an edited, reordered, deleted or truncated
// record as incident.ErrTampered.
//
// # Concurrency
//
// Store, ConsentStore, RetentionStore, Anchors, IncidentStore,
// IncidentAnchors, RightsStore, SealKeys, AssessmentStore, TransferStore
// and AuditStore are safe for concurrent use. Give them the primary database, not a replica: a replica's lag
// would add to every Follower's staleness without showing in its bound,
// and a Ledger that read an anchor newer than the replica's events would
// report them as truncated.
package sqlstore
