// Package purpose declares why personal information is processed: purposes,
// their legal bases and the conditions each basis carries, compiled into an
// immutable Registry the Guard consults on every request.
//
// # Purposes
//
// A Purpose names its categories (required and optional), the operations it
// performs (Collect, Use, Store, Share, Entrust, Transfer, Disclose,
// Export), the recipients of what it provides, its legal basis under each
// regime the policy serves, whether the basic service needs it (Core, PIPL
// art. 16), its versions, and where its retention is stated. Anything a
// purpose does not declare, the Guard refuses (PIPL arts. 6, 14, 23).
//
// A Version marked Material changes what people agreed to, so consents
// given under earlier versions stop counting (PIPL art. 14 para 2);
// Compiled.ConsentCurrent answers that without allocating.
//
// # Bases
//
// Basis covers every ground of PIPL art. 13(1), the art. 22 succession
// rule, GDPR art. 6(1), and the GB/T 35273-2020 §5.6 items that privacy
// policies list as "exemptions". Each Basis knows the laws that recognise
// it, whether it needs consent, the operations it may justify (GB/T lists
// fewer exemptions for sharing, §9.5, than for collecting, §5.6), its
// conditions (a cited law, an emergency, no refusal by the person) and the
// obligations it leaves (de-identify published research results, notify
// after an emergency). GB/T is a recommended standard: under PIPL its items
// work only through the art. 13 ground they map to, and academic research
// maps to none. PIPL has no legitimate-interest ground. GDPR special
// categories also need an art. 9(2) condition (Special).
//
// # Policies and registries
//
// Build a Policy in Go and Compile it, or load a JSON policy file with
// LoadPolicy (the schema is documented on DecodePolicy). Validation reports
// every problem at once, each located and explained, as a *ValidationError:
//
//	policy has 2 problems:
//		purpose "ads.targeted": basis: basis "legitimate_interests" is not a ground under PIPL (...)
//		purpose "ops.logging": basis.cites: basis "legal_duty" needs the law ... it relies on
//
// and nothing is built. A Registry is immutable and safe for concurrent
// use; Lookup and the Compiled accessors do not allocate.
//
// A policy file is untrusted input with hard limits: at most MaxPolicySize
// bytes (8 MiB), arrays and objects nested at most MaxPolicyDepth deep,
// at most MaxPolicyElements elements in any one array or object; no key
// repeated in any object (ErrDuplicateKey: encoding/json would silently
// keep the last), nothing after the policy object (ErrTrailingData), no
// unknown field (ErrUnknownField). A file over a limit is refused before
// it is decoded (ErrTooLarge, naming the limit); at most MaxProblems
// problems are listed. Loading allocates in proportion to the file's size
// whatever it holds: a few tens of bytes per byte at worst.
//
// # Citations and lint
//
// ParseCitation reads citations as lawyers write them ("PIPL 13(1)(2)",
// "《网络安全法》第二十一条", "Art. 6(1)(b) GDPR") into a Citation checked
// against a table of known instruments (Instruments), each with its rank:
// PIPL art. 13(1)(7) wants a law or administrative regulation, and a
// national standard or a platform's rules are never law. Compile reads a
// basis's cites this way: a real citation passes, a provision the law lacks
// (PIPL art. 99) is refused.
//
// Lint checks a policy beyond what Compile requires, each finding with its
// rule, severity and article: open-ended retention (PIPL art. 19), no
// controller contact (art. 17(1)(1)), a transfer mechanism of another
// regime, criminal-offence data without legal authority (GDPR art. 10), no
// PI-protection officer above the CAC's threshold (art. 52), no children's
// rules (art. 31 para 2), and citations of unknown instruments. Findings do
// not stop a policy from loading; Findings.AtLeast(SeverityWarning).Err()
// fails a CI job on them.
//
// # Notices
//
// CollectionList and SharingList generate the PI collection list
// (个人信息收集清单) and the third-party sharing list (第三方共享清单) in
// English or Chinese from the same Registry the Guard enforces.
package purpose
