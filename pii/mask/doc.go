// Package mask hides personal information for display and logs, following
// the conventions of Chinese services: 138****8000, 110***********002X,
// 张*, 欧阳**, a***@example.com, a bank card's last four digits.
//
// PIPL art. 51 lists de-identification among the security measures a
// processor takes, and GB/T 35273-2020 §7.2 asks for personal information
// shown on screens and paper to be de-identified; a log line is such a
// display. Masking is display only: a masked value is still personal data
// linked to its record, not anonymised data (PIPL art. 73(3), (4)).
//
// # Rules
//
// A Rule names a Style (how to read the value) and how much to keep.
// Every category has a default rule (DefaultRule); New overrides them per
// category. Whatever the rule, at least a third of a value stays hidden,
// and a secret category (passwords, OTPs, card verification data: the
// Secret flag of package pii) always masks to SecretPlaceholder, whose
// fixed length shows nothing of the secret.
//
// Masker.Append and Rule.Append write into a caller's buffer and do not
// allocate:
//
//	buf = mask.Append(buf[:0], phone, "+86 138-0013-8000") // 138****8000
//
// # Structs
//
// Copy returns a deep copy of a struct with every field tagged
// `pii:"..."` masked (the tags package pii reads), for showing a record to
// an operator or returning it from an API.
//
// # Logs
//
// LogOptions turns values into masked slog values: Log wraps a value as a
// slog.LogValuer, ReplaceAttr plugs into slog.HandlerOptions, and
// NewHandler wraps any slog.Handler. Tagged struct fields are masked,
// attributes named like secrets ("password", "otp", "token", "密码",
// "验证码") replaced, and, with LogOptions.Text set to a detect.Scanner,
// personal information in free text masked too:
//
//	sc := &detect.Scanner{Masker: mask.Default()}
//	log := slog.New(mask.NewHandler(h, mask.LogOptions{Text: sc}))
//	log.Info("signup", "user", u) // user.Phone=138****8000 user.Password=******
//
// The scanner lives in package pii/format/detect and is passed in as a
// TextRedactor (or any function, through TextFunc) rather than imported,
// so that this package stays usable alone. Secrets are hidden at any
// depth (struct fields, maps, slices, groups); LogOptions.OmitSecrets
// leaves them out of the line instead of writing SecretPlaceholder.
//
// # Concurrency
//
// Masker, Rule and LogOptions are immutable values safe for concurrent
// use; the handler is as safe as the handler it wraps.
package mask
