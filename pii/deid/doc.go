// Package deid backs a claim that a data set is de-identified or
// anonymised with figures: it generalises values (age bands, regions,
// postcode and IP prefixes, coarser dates, numeric bands) and measures a
// table's k-anonymity and distinct l-diversity over the columns a caller
// chooses.
//
// PIPL art. 73(3) calls de-identified the information that cannot identify
// a person without the help of other information, and art. 73(4) calls
// anonymised the information that cannot identify a person and cannot be
// restored; GB/T 35273-2020 §3.13 and §3.14 define the same, and the GDPR
// (art. 4(5), recital 26) separates pseudonymised data, still personal,
// from anonymous data, judged by the means reasonably likely to be used to
// identify someone. A request carries its data's form (pii.Form); this
// package gives the caller evidence to set it.
//
// # Generalisation
//
// Buckets, AgeBand, Region (GB/T 2260 division codes to province or
// prefecture), TruncatePostcode, TruncateDate and IPPrefix turn a precise
// value into a coarser one. The parsers among them refuse malformed input
// with ErrMalformed and never repeat the value in an error.
//
// # Measures
//
// Measure groups a Table's rows into equivalence classes, rows with equal
// quasi-identifiers, and reports k (the smallest class), the classes under
// a threshold and each class's distinct l-diversity. Check compares the
// result with the thresholds for a claimed form and fails closed with
// ErrClaimNotMet. The thresholds (DefaultThresholds: k 5 and l 2 for
// de-identified, k 10 and l 3 for anonymised) are library decisions the
// caller can change: the law sets no number, and reaching one is evidence,
// not proof; linking with data outside the table is not measured.
//
// Memory grows with the equivalence classes, not the rows: Measurer takes
// rows one at a time and refuses more than Spec.MaxClasses classes, cells
// over MaxCellBytes and tables over MaxColumns.
//
// # Concurrency
//
// The functions and the value types (Buckets, Range, Thresholds, Spec,
// Report) are safe for concurrent use; a Measurer is not.
package deid
