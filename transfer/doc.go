// Package transfer decides exports of personal information per regime and
// counts them: PIPL arts. 38–41 with the Network Data Security Management
// Regulations (NDSMR) art. 35 and the cumulative volumes of the
// Provisions on Promoting and Regulating Cross-border Data Flows (CAC,
// 2024); GDPR chapter V.
//
// # PIPL
//
// A provision abroad rests on a CAC security assessment, a certification
// or a standard contract (PIPL art. 38), or on an NDSMR art. 35(4)–(7)
// condition: a contract with the person, cross-border HR management, a
// statutory duty, an emergency. Which of the first three a processor
// needs depends on how many people's PI it has exported since 1 January
// of the current year, which the Desk counts from the exports it recorded
// (Store.Count): with no sensitive PI and fewer than 100,000 people, none
// (Provisions art. 5(4)); from 100,000 people, or with any sensitive PI,
// a standard contract or certification (art. 8); from 1,000,000 people,
// or 10,000 people's sensitive PI, or for any critical information
// infrastructure operator, a security assessment (art. 7). Exports under
// the art. 5(1)–(3) exemptions are left out of the counts. A GDPR
// mechanism is refused (WrongRegime). PI stored in China is not provided
// to a foreign judicial or law-enforcement body without the competent
// authority's approval (PIPL art. 41): its own refusal,
// ForeignAuthorityApprovalMissing.
//
// # GDPR
//
// A transfer rests on an adequacy decision (art. 45; Config.Adequate,
// DefaultAdequate), appropriate safeguards or binding corporate rules in
// force (arts. 46–47; Config.Instruments), or a derogation with its art.
// 49(1) ground. A PIPL mechanism is refused. A third country's court or
// authority's demand is recognised only on an international agreement
// (art. 48), or on a derogation for important public interest or legal
// claims.
//
// # Decisions
//
// Desk.Check returns a Decision: allowed or refused with a Reason (stable
// name, sentinel error, hint), the provision it rests on, the Level the
// volumes require, the volumes, the instrument relied on and the duties
// left (notice and separate consent, PIPL art. 39; impact assessment, art.
// 55(4)). Desk.Export checks and records in one step. A store error is a
// refusal (fail closed). The Checker interface is what the Guard
// consults.
//
// # Configurable facts
//
// The thresholds (DefaultThresholds), whether exempt exports count
// (Config.CountExempt), where the year begins (Config.Zone, China
// Standard Time), the adequacy list (DefaultAdequate) and the instruments
// in force are configuration: the first were read in reprints of the CAC
// text, and the others change over time.
//
// Store is the plug-in interface for backends; MemStore is the in-memory
// reference, and every Store must pass transfertest.TestStore. Desk and
// MemStore are safe for concurrent use.
package transfer
