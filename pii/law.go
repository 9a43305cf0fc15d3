package pii

import (
	"fmt"

	"github.com/lawfulgo/lawful/internal/enum"
)

// Law names a data-protection regime whose view of a category the taxonomy
// records. The zero value, LawUnknown, is no regime: every lookup under it
// fails closed (a category's sensitivity under LawUnknown is Sensitive).
//
// Law is deliberately small: it only selects a column of the taxonomy. The
// full configuration of a regime (ages, consent triggers, deadlines) is the
// root package's lawful.Regime, which names its Law.
type Law uint8

const (
	// LawUnknown is the zero Law. It is never valid in a policy.
	LawUnknown Law = iota
	// PIPL is the Personal Information Protection Law of the PRC (2021).
	PIPL
	// GDPR is Regulation (EU) 2016/679.
	GDPR

	numLaws = iota
)

var lawNames = [numLaws]string{LawUnknown: "", PIPL: "PIPL", GDPR: "GDPR"}

// Laws lists every known Law, in a stable order.
func Laws() []Law { return []Law{PIPL, GDPR} }

// String returns "PIPL" or "GDPR", or "Law(N)" for a value out of range.
func (l Law) String() string {
	if l != LawUnknown && int(l) < numLaws {
		return lawNames[l]
	}
	return fmt.Sprintf("Law(%d)", uint8(l))
}

// Valid reports whether l is a known, non-zero Law.
func (l Law) Valid() bool { return l != LawUnknown && int(l) < numLaws }

// MarshalText encodes l as its String. It fails for an invalid Law, so a
// zero value never reaches a policy file or an audit line as if it were one.
func (l Law) MarshalText() ([]byte, error) {
	if !l.Valid() {
		return nil, fmt.Errorf("pii: cannot marshal invalid %v", l)
	}
	return []byte(lawNames[l]), nil
}

// UnmarshalText parses "PIPL" or "GDPR", ignoring ASCII case.
func (l *Law) UnmarshalText(b []byte) error {
	v, err := ParseLaw(string(b))
	if err != nil {
		return err
	}
	*l = v
	return nil
}

// ParseLaw parses "PIPL" or "GDPR", ignoring ASCII case.
func ParseLaw(s string) (Law, error) {
	for l := Law(1); int(l) < numLaws; l++ {
		if equalFoldASCII(s, lawNames[l]) {
			return l, nil
		}
	}
	return LawUnknown, fmt.Errorf("pii: unknown law %s: want %q or %q", enum.Quote(s), "pipl", "gdpr")
}

func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// Sensitivity is how a Law classes a category.
//
// Under PIPL a category is General or Sensitive (PIPL art. 28). Under GDPR
// it is General (ordinary personal data), Sensitive (a special category of
// art. 9(1)), SensitiveIfIdentifying (biometric data, special only when
// processed to uniquely identify someone: GDPR art. 4(14), art. 9(1),
// Recital 51) or CriminalOffence (art. 10).
//
// The zero value is SensitivityUnknown; code that meets it treats the data
// as Sensitive (fail closed).
type Sensitivity uint8

const (
	// SensitivityUnknown is the zero Sensitivity; treat it as Sensitive.
	SensitivityUnknown Sensitivity = iota
	// General is ordinary personal information (PIPL) or personal data (GDPR).
	General
	// Sensitive is PIPL art. 28 sensitive PI, or a GDPR art. 9(1) special category.
	Sensitive
	// SensitiveIfIdentifying is GDPR-only: biometric data that is special
	// when processed to uniquely identify a person (GDPR art. 9(1), art. 4(14)).
	SensitiveIfIdentifying
	// CriminalOffence is GDPR-only: data relating to criminal convictions and
	// offences (GDPR art. 10).
	CriminalOffence

	numSensitivities = iota
)

var sensitivityNames = [numSensitivities]string{
	SensitivityUnknown:     "unknown",
	General:                "general",
	Sensitive:              "sensitive",
	SensitiveIfIdentifying: "sensitive_if_identifying",
	CriminalOffence:        "criminal_offence",
}

// String returns the stable name of s ("general", "sensitive", ...), or
// "Sensitivity(N)" for a value out of range.
func (s Sensitivity) String() string {
	if int(s) < numSensitivities {
		return sensitivityNames[s]
	}
	return fmt.Sprintf("Sensitivity(%d)", uint8(s))
}

// IsSensitive reports whether s needs more than ordinary handling: anything
// but General. SensitivityUnknown counts as sensitive (fail closed).
func (s Sensitivity) IsSensitive() bool { return s != General }

// validFor reports whether s is a classification law uses.
func (s Sensitivity) validFor(l Law) bool {
	switch l {
	case PIPL:
		return s == General || s == Sensitive
	case GDPR:
		return s >= General && int(s) < numSensitivities
	}
	return false
}

// Form says how identifiable the data in a request is. The zero value is
// Identified, the strictest assumption.
//
// De-identified and pseudonymised data are still personal information and
// need a basis like any other (PIPL art. 73(3); GDPR Recital 26). Only
// anonymised data, which cannot identify a person and cannot be restored, is
// outside the law (PIPL art. 4, art. 73(4); CSL art. 42).
type Form uint8

const (
	// Identified data identifies, or can identify, a natural person. Zero value.
	Identified Form = iota
	// Pseudonymised data has direct identifiers replaced by tokens; still PI.
	Pseudonymised
	// Deidentified data cannot identify a person without additional
	// information (PIPL art. 73(3)); still PI.
	Deidentified
	// Anonymised data cannot identify a person and cannot be restored
	// (PIPL art. 73(4)); it is not PI.
	Anonymised

	numForms = iota
)

var formNames = [numForms]string{"identified", "pseudonymised", "deidentified", "anonymised"}

// String returns the stable name of f, or "Form(N)" for a value out of range.
func (f Form) String() string {
	if int(f) < numForms {
		return formNames[f]
	}
	return fmt.Sprintf("Form(%d)", uint8(f))
}

// IsPersonal reports whether data in form f is still personal information.
// Only Anonymised is not; an out-of-range Form is treated as personal.
func (f Form) IsPersonal() bool { return f != Anonymised }

// MarshalText encodes f as its String.
func (f Form) MarshalText() ([]byte, error) {
	if int(f) >= numForms {
		return nil, fmt.Errorf("pii: cannot marshal invalid %v", f)
	}
	return []byte(formNames[f]), nil
}

// UnmarshalText parses a Form name as produced by String.
func (f *Form) UnmarshalText(b []byte) error {
	for i, n := range formNames {
		if string(b) == n {
			*f = Form(i)
			return nil
		}
	}
	return fmt.Errorf("pii: unknown form %q: want one of identified, pseudonymised, deidentified, anonymised", b)
}
