package lawful

import "time"

// FollowUp is a duty an allowed decision leaves with the caller, as data
// a service can schedule and track: what to do, by when, for whom, under
// which article.
type FollowUp struct {
	// Obligation is the duty, one of the Decision's Obligations.
	Obligation Obligations
	// Due is when it must be done by: the decision's instant for what must
	// precede or accompany the processing (a disclosure record, a notice,
	// an impact assessment), and zero where the law names an event rather
	// than a time (After says which).
	Due time.Time
	// After names the event that starts a duty with no fixed time, e.g.
	// "the emergency ends" (PIPL art. 18 para 2: notify promptly after).
	After string
	// Recipient is the recipient concerned, for a disclosure or a
	// successor's identity.
	Recipient string
	// Cites is the rule, e.g. "PIPL art. 24 para 2".
	Cites string
}

// followUps describes each obligation: when it falls due and its rule.
var followUps = []struct {
	o      Obligations
	before bool   // due at the decision's instant
	after  string // else due after this event
	cites  string
	named  bool // concerns the request's recipient
}{
	{NotifyAfterEmergency, false, "the emergency ends", "PIPL art. 18 para 2", false},
	{DeidentifyPublishedResults, false, "results are published", "GB/T 35273-2020 §5.6(k)", false},
	{NotifySuccessorIdentity, true, "", "PIPL art. 22", true},
	{RecordDisclosure, true, "", "GDPR art. 19; NDSMR art. 12", true},
	{ImpactAssessment, true, "", "PIPL art. 55", false},
	{EntrustmentContract, true, "", "PIPL art. 21", true},
	{CrossBorderNotice, true, "", "PIPL art. 39", true},
	{StorageOnly, true, "", "PIPL art. 47 para 2", false},
	{OfferNonPersonalised, true, "", "PIPL art. 24 para 2", false},
	{ExplainSensitiveNecessity, true, "", "PIPL art. 30", false},
	{ChildrensRules, true, "", "PIPL art. 31 para 2; CPIP art. 8", false},
	{ExplainAutomatedDecision, false, "the person asks for an explanation or a human decision", "PIPL art. 24 para 3", false},
}

// FollowUps returns the decision's obligations as FollowUps, in a fixed
// order; none for a denial. It allocates, so call it where the service
// schedules work, not on a hot path that only needs Allowed.
func (d Decision) FollowUps() []FollowUp {
	if !d.allowed || d.Obligations == 0 {
		return nil
	}
	var out []FollowUp
	for _, f := range followUps {
		if d.Obligations&f.o == 0 {
			continue
		}
		fu := FollowUp{Obligation: f.o, After: f.after, Cites: f.cites}
		if f.before {
			fu.Due = d.Request.At
		}
		if f.named {
			fu.Recipient = d.Request.Recipient
		}
		out = append(out, fu)
	}
	return out
}

// DescribesFollowUp reports whether o, one obligation, has a FollowUp
// description: every obligation the Guard can attach does.
func DescribesFollowUp(o Obligations) bool {
	for _, f := range followUps {
		if f.o == o {
			return true
		}
	}
	return false
}
