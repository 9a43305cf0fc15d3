// Package assessment keeps personal-information protection impact
// assessments (PIPL arts. 55–56; data protection impact assessments, GDPR
// art. 35) and answers the question the Guard asks before processing that
// needs one: does a current assessment cover purpose P for kinds K at
// time T?
//
// # Records
//
// An Assessment states what processing was assessed, the purposes and the
// kinds of processing it covers (Kind: sensitive PI, automated decisions,
// entrusting, providing, disclosing, export, minors, public monitoring,
// other significant impact: PIPL art. 55; GDPR art. 35(3)), whether the
// purpose and means are lawful, legitimate and necessary, the risks to
// people's rights and the security risks, the protective measures (PIPL
// art. 56; GDPR art. 35(7)), its conclusion and when it was made. Records
// are never edited: a new assessment names the one it replaces in
// Supersedes. Book.Add refuses an incomplete record and lists every
// problem.
//
// Records are kept at least three years (PIPL art. 56 para 2; Config.Keep,
// counted on civil dates from the assessment) and as long as they are
// current; Book.Delete and Book.Purge refuse to delete them earlier
// (ErrRetained).
//
// # Coverage
//
// Book.Covers (the Checker interface) answers from an index held in
// memory, without locking or allocating: a kind is covered at T by an
// assessment that concluded Proceed, names the purpose and kind, was made
// at or before T, is not past its ReviewBy, and is not superseded by T.
// Several assessments may together cover a request's kinds. Errors are
// returned with false: a caller treats them as not covered (fail closed).
// Required maps a request's operation, traits, sensitivity and the
// subject's minority to the kinds it needs.
//
// # Stores
//
// Store is the plug-in interface for backends; MemStore is the in-memory
// reference, and every Store must pass assessmenttest.TestStore. Several
// service instances sharing one store see each other's assessments within
// Config.MaxAge, or after Book.Refresh. Book, MemStore and the index are
// safe for concurrent use.
package assessment
