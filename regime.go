package lawful

import (
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

// Regime is a legal regime as data: the law whose view of categories and
// bases applies, how ages count, and which processing needs which consent.
// PIPL and GDPR return the library's defaults; a service copies one and
// adjusts it, e.g. guardian consent until 18 as its policy promises:
//
//	r := lawful.PIPL()
//	r.Ages.GuardianAge = 18        // seeds 000 §6, 001 §VII, 003 §七
//	r.GuardianForm = consent.Written // seed 003 §七.1
//
// Fields marked [L] are library decisions where the law is silent or
// contested; their defaults fail closed.
type Regime struct {
	// Name is reported in decisions and audit lines ("PIPL").
	Name string
	// Law selects the category classes and the bases that count.
	Law pii.Law
	// Ages says how ages count and the thresholds for children, minors and
	// guardian consent.
	Ages subject.AgePolicy
	// SeparateFor lists the operations whose consent must be separate
	// (PIPL art. 23 share and transfer, art. 25 disclose, art. 39 export).
	SeparateFor purpose.OperationSet
	// SensitiveNeedsSeparate requires separate consent for sensitive
	// categories (PIPL art. 29).
	SensitiveNeedsSeparate bool
	// ChildDataSensitive makes every category of a child sensitive (PIPL
	// art. 28: all PI of a person under 14).
	ChildDataSensitive bool
	// GuardianForm is the form a guardian's consent must have: Separate
	// under PIPL (arts. 29, 31); Written where a service's policy says so.
	GuardianForm consent.Form
	// GuardianOnContract keeps guardian consent for children on the
	// contract ground [L]: PIPL art. 13 para 2 lifts consent duties on
	// grounds (2)-(7), but CPIP art. 9 has no exception; the library waives
	// guardian consent only on grounds (3)-(7).
	GuardianOnContract bool
	// ParentalConsent reports a missing guardian consent as
	// ParentalConsentRequired (GDPR art. 8) instead of
	// GuardianConsentRequired (PIPL art. 31).
	ParentalConsent bool
	// StrictDisclose allows Disclose only on separate consent or a cited
	// legal duty [L] (PIPL art. 25 is phrased as a prohibition).
	StrictDisclose bool
	// ExplicitForSpecial requires separate ("explicit") consent for
	// special-category data when the art. 9(2) condition is explicit
	// consent (GDPR art. 9(2)(a)).
	ExplicitForSpecial bool
	// NoAutomatedMarketingToMinors denies purposes with both the
	// AutomatedDecision and Marketing traits for minors (MOR art. 24 para 3).
	NoAutomatedMarketingToMinors bool
	// Covers lists the jurisdictions (ISO 3166-1 alpha-2) the regime
	// governs when it is a Guard's default: PIPL's is mainland China ("CN"),
	// GDPR's the EU and EEA states. A subject of a jurisdiction neither
	// covered by the default nor in Config.Jurisdictions is denied
	// UnknownJurisdiction, never given the default silently; a subject
	// with no jurisdiction gets the default regime.
	Covers []string
	// LocalAges counts a subject's age on civil dates in the time zone of
	// their jurisdiction (the zone of its capital; see Zone) instead of
	// Ages.Location: GDPR ages are the person's own [L].
	LocalAges bool
	// NamedRecipientFor lists the operations whose consent must name the
	// recipient (PIPL arts. 23, 39: the person is told the recipient and
	// consents to it). Elsewhere a consent to the purpose covers every
	// recipient it declares (GDPR arts. 6, 7, 13(1)(e)).
	NamedRecipientFor purpose.OperationSet
}

// PIPL returns the regime of the PRC Personal Information Protection Law,
// with civil dates in China Standard Time, ages reached the day after the
// birthday, guardian consent under 14 (art. 31), separate consent for
// sensitive PI (art. 29), all of a child's PI sensitive (art. 28), and
// separate consent to share, transfer, disclose or export (arts. 23, 25, 39).
func PIPL() Regime {
	return Regime{
		Name:                         "PIPL",
		Law:                          pii.PIPL,
		Ages:                         subject.PIPLAges(),
		SeparateFor:                  purpose.OperationsOf(purpose.Share, purpose.Transfer, purpose.Disclose, purpose.Export),
		SensitiveNeedsSeparate:       true,
		ChildDataSensitive:           true,
		GuardianForm:                 consent.Separate,
		GuardianOnContract:           true,
		StrictDisclose:               true,
		NoAutomatedMarketingToMinors: true,
		Covers:                       []string{"CN"},
		NamedRecipientFor:            purpose.OperationsOf(purpose.Share, purpose.Transfer, purpose.Export),
	}
}

// GDPR returns the regime of the EU General Data Protection Regulation:
// ages reached on the birthday, parental consent under 16 for
// consent-based processing (art. 8(1); member states may set 13 to 15: set
// Ages.ChildAge and Ages.GuardianAge), and explicit consent for special
// categories (art. 9(2)(a)).
func GDPR() Regime {
	return Regime{
		Name:               "GDPR",
		Law:                pii.GDPR,
		Ages:               subject.GDPRAges(),
		GuardianForm:       consent.Click,
		ParentalConsent:    true,
		ExplicitForSpecial: true,
		LocalAges:          true,
		Covers:             EEA(),
	}
}

// valid reports whether r can decide anything.
func (r *Regime) valid() bool {
	return r.Name != "" && r.Law.Valid() && r.Ages.Validate() == nil && r.GuardianForm.Valid()
}
