package controller

import (
	"errors"
	"fmt"

	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
)

// Sentinel errors.
var (
	// ErrInvalid: an audit record or a profile is malformed; nothing was
	// written.
	ErrInvalid = errors.New("controller: invalid")
	// ErrRotation: a professional body would audit the same processor more
	// times in a row than the Compliance Audit Measures allow.
	ErrRotation = errors.New("controller: auditor rotation")
	// ErrNotConfigured: a Rules value is out of range.
	ErrNotConfigured = errors.New("controller: not configured")
)

// Person is an officer or a representative: who, and how to reach them.
type Person struct {
	Name    purpose.Text
	Contact string
}

// IsZero reports whether p names no one.
func (p Person) IsZero() bool { return p.Name.IsZero() && p.Contact == "" }

// Profile describes the processor (controller) as a regulator sees it.
// The zero value is a processor that says nothing about itself; Gaps
// tells what it lacks.
type Profile struct {
	// Name and Contact of the processor (GDPR art. 30(1)(a); PIPL art.
	// 17(1)(1)).
	Name    purpose.Text
	Contact string
	// Regimes the processor is under.
	Regimes []pii.Law
	// Individuals is about how many natural persons' PI it processes: the
	// volume the officer, audit and export rules count.
	Individuals int64
	// Minors marks processing of minors' PI (MOR art. 37: an annual
	// compliance audit).
	Minors bool
	// Officer is the PI protection officer (PIPL art. 52) or data
	// protection officer (GDPR art. 37).
	Officer Person
	// DPORequired says the GDPR requires a data protection officer: a
	// public authority, or core activities of large-scale regular and
	// systematic monitoring or of special categories (GDPR art. 37(1)):
	// the processor's own assessment.
	DPORequired bool
	// OutsideChina marks a processor outside China processing the PI of
	// people in China under PIPL art. 3 para 2, which designates a
	// representative or a dedicated body in China (art. 53).
	OutsideChina bool
	// RepresentativeCN is that representative.
	RepresentativeCN Person
	// OutsideEU marks a controller not established in the Union offering
	// goods or services to, or monitoring, people in the Union (GDPR art.
	// 3(2)), which designates a representative in the Union (art. 27).
	OutsideEU bool
	// Art27Exempt marks processing that is occasional, not of special
	// categories on a large scale and unlikely to risk rights, or a public
	// authority (GDPR art. 27(2)).
	Art27Exempt bool
	// RepresentativeEU is the Union representative.
	RepresentativeEU Person
	// Security describes the technical and organisational security
	// measures, for the records of processing (GDPR art. 30(1)(g)).
	Security string
}

func (p *Profile) under(l pii.Law) bool {
	for _, r := range p.Regimes {
		if r == l {
			return true
		}
	}
	return false
}

// Rules are the volume thresholds and audit intervals, configurable
// because some were read only in secondary sources. DefaultRules documents
// each default and its source.
type Rules struct {
	// OfficerFrom: processing this many people's PI, a processor
	// designates a PI protection officer (PIPL art. 52 leaves the number
	// to the CAC; the Compliance Audit Measures set 1,000,000
	// [reprints]).
	OfficerFrom int64
	// FrequentAuditAbove: processing more than this many people's PI, a
	// processor audits its compliance at least every FrequentAuditMonths
	// (Compliance Audit Measures: more than 10,000,000 people, every two
	// years [reprints]).
	FrequentAuditAbove  int64
	FrequentAuditMonths int
	// MinorsAuditMonths is the audit interval of minors' PI processing
	// (MOR art. 37: annual, 12).
	MinorsAuditMonths int
	// OtherAuditMonths is the interval of every other processor; 0 (the
	// default) means none fixed: PIPL art. 54 says "regularly" (定期).
	OtherAuditMonths int
	// MaxConsecutive is how many times in a row one professional body may
	// audit the same processor (Compliance Audit Measures: not three times
	// in a row, so 2 [reprints]).
	MaxConsecutive int
}

// DefaultRules returns the defaults:
//
//	OfficerFrom          1,000,000   Compliance Audit Measures (CAC, 2025) [reprints], under PIPL art. 52
//	FrequentAuditAbove   10,000,000  Compliance Audit Measures [reprints]
//	FrequentAuditMonths  24          Compliance Audit Measures [reprints]
//	MinorsAuditMonths    12          MOR art. 37 [official text]
//	OtherAuditMonths     0 (none)    PIPL art. 54: regularly
//	MaxConsecutive       2           Compliance Audit Measures [reprints]
func DefaultRules() Rules {
	return Rules{OfficerFrom: 1_000_000, FrequentAuditAbove: 10_000_000, FrequentAuditMonths: 24, MinorsAuditMonths: 12, MaxConsecutive: 2}
}

// Validate reports rules out of range.
func (r Rules) Validate() error {
	switch {
	case r.OfficerFrom <= 0, r.FrequentAuditAbove <= 0:
		return fmt.Errorf("%w: controller: rules: thresholds must be positive", ErrNotConfigured)
	case r.FrequentAuditMonths <= 0 || r.FrequentAuditMonths > 120, r.MinorsAuditMonths <= 0 || r.MinorsAuditMonths > 120,
		r.OtherAuditMonths < 0 || r.OtherAuditMonths > 120:
		return fmt.Errorf("%w: controller: rules: audit intervals must be 1 to 120 months (OtherAuditMonths may be 0)", ErrNotConfigured)
	case r.MaxConsecutive < 1:
		return fmt.Errorf("%w: controller: rules: MaxConsecutive must be at least 1", ErrNotConfigured)
	}
	return nil
}

// Gap is something the profile lacks that the law asks of it.
type Gap struct {
	Duty   string // e.g. "designate a PI protection officer"
	Cite   string // e.g. "PIPL art. 52"
	Detail string
}

// Gaps lists what p lacks under r: a PI protection officer from
// r.OfficerFrom people (PIPL art. 52), a data protection officer where
// the GDPR requires one (art. 37), a representative in China for a
// processor outside it (PIPL art. 53), a representative in the Union for
// a controller outside it (GDPR art. 27), and the processor's own name
// and contact (GDPR art. 30(1)(a)).
func (p *Profile) Gaps(r Rules) []Gap {
	var out []Gap
	add := func(duty, cite, detail string) { out = append(out, Gap{Duty: duty, Cite: cite, Detail: detail}) }
	if p.Name.IsZero() || p.Contact == "" {
		add("state the processor's name and contact", "GDPR art. 30(1)(a); PIPL art. 17(1)(1)", "")
	}
	if p.under(pii.PIPL) && p.Individuals >= r.OfficerFrom && p.Officer.IsZero() {
		add("designate a PI protection officer and publish their contact", "PIPL art. 52",
			fmt.Sprintf("%d people's PI; the threshold is %d", p.Individuals, r.OfficerFrom))
	}
	if p.under(pii.GDPR) && p.DPORequired && p.Officer.IsZero() {
		add("designate a data protection officer", "GDPR art. 37(1)", "")
	}
	if p.under(pii.PIPL) && p.OutsideChina && p.RepresentativeCN.IsZero() {
		add("designate a representative or a dedicated body in China and report it", "PIPL art. 53", "")
	}
	if p.under(pii.GDPR) && p.OutsideEU && !p.Art27Exempt && p.RepresentativeEU.IsZero() {
		add("designate a representative in the Union in writing", "GDPR art. 27(1)", "")
	}
	return out
}
