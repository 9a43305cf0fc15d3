// Package format validates and normalises the values of personal data
// whose format is published: the PRC resident identity number (GB
// 11643-1999) and its 15-digit first generation, the unified social
// credit code (GB 32100-2015), mainland mobile and landline numbers,
// international E.164 numbers, bank cards (Luhn, ISO/IEC 7812), IBANs
// (ISO 13616), PRC, Hong Kong and Macao passports, travel permits for Hong
// Kong, Macao and Taiwan, e-mail addresses, IP addresses, IMEIs, MAC
// addresses and mainland licence plates.
//
// Each format is a Kind. Validate says why a value is wrong, Match only
// whether it is right, Normalize and AppendNormal return the normal form
// (the form to store, compare, seal or pseudonymise):
//
//	format.Mobile.Normalize("+86 138-0013-8000") // "13800138000", nil
//	format.BankCard.Validate("6222 6002 6000 1072 445") // *Error, ErrChecksum
//	id, err := format.ParseResidentID("11010519491231002x")
//	id.BirthDate(), id.Sex() // 1949-12-31 female
//
// Input is normalised before it is checked, as Chinese input methods and
// forms produce it: full-width digits, letters and separators fold to
// ASCII (see Fold), spaces and hyphens between groups are dropped, check
// letters are upper-cased.
//
// # Errors
//
// Every error is an *Error naming the Kind, a sentinel (ErrLength,
// ErrCharset, ErrChecksum, ErrDate, ErrPrefix, ErrSyntax, ErrPlaceholder,
// ErrEmpty) for errors.Is, the position of the first character at fault,
// and what to do about it. An *Error never holds the value or a character
// of it, so validation errors may be logged.
//
// # What a valid value means
//
// A value that passes is well formed, with its check digits right and its
// prefix assigned; it may still belong to nobody. Check digits catch typing
// errors, not fabrication. The mobile segment and province tables follow
// the MIIT numbering plan and GB/T 2260 as of 2026; numbering plans change, and segments assigned
// after that table are refused until it is updated.
//
// # Performance and concurrency
//
// Validators work in a fixed buffer on the stack: Match, and Validate and
// ParseResidentID on a valid value, never allocate. Everything here is a
// pure function of its arguments (ParseResidentID also reads the clock) and
// safe for concurrent use.
package format
