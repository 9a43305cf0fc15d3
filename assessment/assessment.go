package assessment

import (
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/clock"
	"github.com/lawfulgo/lawful/internal/rule"
	"github.com/lawfulgo/lawful/purpose"
)

// Bounds on an assessment, enforced by Book.Add, so that hostile input
// cannot make a Store or the index grow without limit.
const (
	MaxText     = 16 << 10 // bytes in each text field
	MaxShort    = 256      // bytes in Assessor
	MaxPurposes = 64       // purposes one assessment covers
)

// Conclusion is what an assessment concluded.
type Conclusion uint8

const (
	// ConclusionUnknown is the zero Conclusion; never valid.
	ConclusionUnknown Conclusion = iota
	// Proceed: the processing may go ahead with the measures stated.
	Proceed
	// DoNotProceed: the risks are not acceptable; the processing must not
	// go ahead (for the GDPR, consult the supervisory authority first,
	// art. 36). An assessment concluding so covers nothing, and ends the
	// one it supersedes.
	DoNotProceed
)

var conclusionNames = []string{"", "proceed", "do_not_proceed"}

// String returns the conclusion's stable name.
func (c Conclusion) String() string {
	if c.Valid() {
		return conclusionNames[c]
	}
	return fmt.Sprintf("Conclusion(%d)", uint8(c))
}

// Valid reports whether c is Proceed or DoNotProceed.
func (c Conclusion) Valid() bool { return c == Proceed || c == DoNotProceed }

// Assessment is one personal-information protection impact assessment
// (PIPL arts. 55–56; a data protection impact assessment, GDPR art. 35),
// as it was made. Records are never edited: a new assessment that names
// the old in Supersedes replaces it from its own Assessed time.
type Assessment struct {
	// ID identifies the record; Book.Add assigns a version 7 UUID when it
	// is zero.
	ID uuid.UUID
	// Processing says what processing was assessed (GDPR art. 35(7)(a):
	// a systematic description of the processing and its purposes).
	Processing string
	// Purposes are the purposes the assessment covers (1 to MaxPurposes).
	Purposes []purpose.ID
	// Kinds are the kinds of processing it covers (PIPL art. 55); not
	// empty.
	Kinds Kind
	// Necessity assesses whether the purpose and means are lawful,
	// legitimate and necessary (PIPL art. 56(1); GDPR art. 35(7)(b)).
	Necessity string
	// Risks assesses the impact on people's rights and the security risks
	// (PIPL art. 56(2); GDPR art. 35(7)(c)).
	Risks string
	// Measures are the protective measures and whether they are lawful,
	// effective and proportionate to the risk (PIPL art. 56(3); GDPR art.
	// 35(7)(d)).
	Measures string
	// Conclusion is Proceed or DoNotProceed.
	Conclusion Conclusion
	// Assessed is when the assessment was concluded: it covers processing
	// from this instant.
	Assessed time.Time
	// ReviewBy, if set, is when it must be redone: it covers processing
	// before this instant only.
	ReviewBy time.Time
	// Assessor is who made it: a team, an officer, an outside body.
	Assessor string
	// Advice is the data protection officer's advice, if sought (GDPR
	// art. 35(2)).
	Advice string
	// Supersedes is the ID of the assessment this one replaces, or zero.
	Supersedes uuid.UUID
	// Recorded is when Book.Add stored it, from the Book's clock.
	Recorded time.Time
}

// Clone returns a copy of a sharing no memory with it.
func (a Assessment) Clone() Assessment {
	a.Purposes = slices.Clone(a.Purposes)
	return a
}

// Covers reports whether a, taken alone, covers processing of kinds k for
// purpose p at at: it concluded Proceed, covers p and every kind of k,
// and at lies in [Assessed, ReviewBy). Supersession is the Book's to
// apply.
func (a *Assessment) Covers(p purpose.ID, k Kind, at time.Time) bool {
	return a.Conclusion == Proceed && a.Kinds.Has(k) && slices.Contains(a.Purposes, p) &&
		!at.Before(a.Assessed) && (a.ReviewBy.IsZero() || at.Before(a.ReviewBy))
}

// problems returns every problem with a on its own, at now.
func (a *Assessment) problems(now time.Time) []error {
	var out []error
	bad := func(format string, args ...any) {
		out = append(out, rule.New(ErrInvalid, fmt.Sprintf(format, args...)))
	}
	for _, f := range []struct{ name, v, cite string }{
		{"Processing", a.Processing, "GDPR art. 35(7)(a)"}, {"Necessity", a.Necessity, "PIPL art. 56(1)"},
		{"Risks", a.Risks, "PIPL art. 56(2)"}, {"Measures", a.Measures, "PIPL art. 56(3)"},
	} {
		switch {
		case f.v == "":
			bad("%s is empty; an assessment states it (%s)", f.name, f.cite)
		case len(f.v) > MaxText:
			bad("%s is %d bytes, more than MaxText (%d)", f.name, len(f.v), MaxText)
		}
	}
	if len(a.Advice) > MaxText {
		bad("Advice is %d bytes, more than MaxText (%d)", len(a.Advice), MaxText)
	}
	if len(a.Assessor) > MaxShort {
		bad("Assessor is %d bytes, more than MaxShort (%d)", len(a.Assessor), MaxShort)
	}
	switch n := len(a.Purposes); {
	case n == 0:
		bad("Purposes is empty; name the purposes the assessment covers")
	case n > MaxPurposes:
		bad("%d purposes, more than MaxPurposes (%d); split the assessment", n, MaxPurposes)
	default:
		for _, p := range a.Purposes {
			if err := p.Validate(); err != nil {
				bad("%v", err)
			}
		}
	}
	if a.Kinds == 0 || !a.Kinds.Valid() {
		bad("Kinds %q is not a non-empty set of known kinds (PIPL art. 55)", a.Kinds.String())
	}
	if !a.Conclusion.Valid() {
		bad("Conclusion %v is not Proceed or DoNotProceed", a.Conclusion)
	}
	out = append(out, a.timeProblems(now)...)
	return out
}

func (a *Assessment) timeProblems(now time.Time) []error {
	var out []error
	bad := func(format string, args ...any) {
		out = append(out, rule.New(ErrInvalid, fmt.Sprintf(format, args...)))
	}
	switch {
	case a.Assessed.IsZero():
		bad("Assessed is zero; say when the assessment was concluded")
	case !clock.InRange(a.Assessed):
		bad("Assessed %s is outside the range of package clock", a.Assessed.UTC().Format(time.RFC3339))
	case a.Assessed.After(now):
		bad("Assessed %s is after now (%s): record an assessment once it is concluded", a.Assessed.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339))
	}
	if !a.ReviewBy.IsZero() && (!clock.InRange(a.ReviewBy) || !a.ReviewBy.After(a.Assessed)) {
		bad("ReviewBy %s is not after Assessed", a.ReviewBy.UTC().Format(time.RFC3339))
	}
	return out
}
