// Package controller describes the processor (controller) as a regulator
// sees it, and produces the reports a regulator asks for.
//
// Profile holds the processor's name and contact, its volume, its PI
// protection officer (PIPL art. 52) or data protection officer (GDPR art.
// 37), and its representatives in China (PIPL art. 53) and in the Union
// (GDPR art. 27); Profile.Gaps lists what the law asks of it that it
// lacks. Audits keeps the compliance-audit records (PIPL arts. 54, 64)
// and computes when the next audit is due: at least every two years above
// ten million people (the Compliance Audit Measures, CAC 2025), yearly
// for minors' PI (MOR art. 37); it refuses a professional body's third
// audit in a row.
//
// Build assembles a Report: the profile's gaps, the records of processing
// (GDPR art. 30) from the compiled policy, disclosures per recipient,
// exports per year, open incidents with their overdue clocks, and the
// audit schedule. Each source is a small interface in this package's
// terms (IncidentSource, ExportSource, DisclosureSource): the incident
// register, the export desk and the retention tracker live in packages of
// the same layer or above, and a few lines of adapter wire them in.
//
// The volume thresholds and audit intervals are Rules, configurable
// because some were read only in secondary sources: DefaultRules
// documents each. Audits and MemAuditStore are safe for concurrent use.
package controller
