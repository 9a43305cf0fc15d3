package lawful

import (
	"fmt"
	"time"

	"github.com/lawfulgo/lawful/assessment"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/retention"
	"github.com/lawfulgo/lawful/subject"
)

// detail is what a denial's Detail says, kept unformatted so that no
// denial allocates: its kind names a sentence, filled when Detail is
// called from the Decision's request, the deciding Guard's policy and the
// few data kept here.
type detail struct {
	kind detailKind
	code uint8          // a small datum: a trigger, a status, a law
	text string         // a fixed sentence (detailText), or a string datum
	n    uint64         // a number datum: missing attestations, an instant
	loc  *time.Location // the instant's location
	set  pii.Set        // categories: the restricted ones
}

type detailKind uint8

const (
	detailNone           detailKind = iota
	detailText                      // text itself
	detailInstrument                // the request's instrument is too long
	detailItemKey                   // the request's item key is too long
	detailOperation                 // the request's operation is invalid
	detailPurpose                   // the request's purpose is unknown
	detailOperations                // the purpose does not declare the operation
	detailCategories                // the purpose does not declare categories
	detailStatus                    // code: the subject's status
	detailRecipientOp               // the operation names a recipient it cannot have
	detailNoRecipient               // the operation names no recipient
	detailNotRecipient              // the recipient is not declared
	detailVia                       // the recipient receives via an unapproved processor
	detailRole                      // the recipient's role does not receive by the operation
	detailAuthority                 // an authority without an instrument
	detailJurisdiction              // text: the subject's jurisdiction
	detailLaw                       // code: the law the policy does not serve
	detailAttested                  // n: the missing attestations
	detailRestricted                // set: the restricted categories
	detailNamedRecipient            // no consent names the request's recipient
	detailDue                       // text: the timer; code: the trigger
	detailHeld                      // text: the hold; code: the trigger
	detailKept                      // text: the law cited; n: until; code: the trigger
	detailErasure                   // n: the erasure time; code: the trigger
	detailStale                     // the view is older than Freshness.Max
	detailAssessment                // n: the kinds no assessment covers
)

// explain sets d's detail to a fixed sentence.
func (d *Decision) explain(text string) { d.why = detail{kind: detailText, text: text} }

// failWhy is fail with a detail.
func (d *Decision) failWhy(reason Reason, w detail) bool {
	d.why = w
	return d.fail(reason)
}

// failText is fail with a fixed sentence as detail.
func (d *Decision) failText(reason Reason, text string) bool {
	return d.failWhy(reason, detail{kind: detailText, text: text})
}

// retentionWhy returns the detail of a retention verdict that denied.
func retentionWhy(v retention.Verdict) detail {
	w := detail{code: uint8(v.Cause), n: uint64(v.Until.UnixNano()), loc: v.Until.Location()}
	switch {
	case v.State == retention.Due:
		w.kind, w.text = detailDue, string(v.Timer)
	case v.Hold != "":
		w.kind, w.text = detailHeld, v.Hold
	case v.Cites != "":
		w.kind, w.text = detailKept, v.Cites
	default:
		w.kind = detailErasure
	}
	return w
}

// Detail adds specifics to a denial, such as the undeclared categories or
// the law keeping restricted data; "" when there are none. It is formatted
// when called, so that deciding never allocates. Not API: the wording may
// change.
func (d Decision) Detail() string {
	w, r := &d.why, &d.Request
	switch w.kind {
	case detailNone:
		return ""
	case detailText:
		return w.text
	case detailInstrument:
		return fmt.Sprintf("an instrument of %d bytes; name it in at most %d", len(r.Instrument), MaxInstrument)
	case detailItemKey:
		return fmt.Sprintf("an item key of %d bytes; at most %d", len(r.Item.Key), MaxItemKey)
	case detailOperation:
		return fmt.Sprintf("operation %v", r.Operation)
	case detailPurpose:
		return fmt.Sprintf("purpose %q", r.Purpose)
	case detailStatus:
		return fmt.Sprintf("subject status %v", subject.Status(w.code))
	case detailRecipientOp:
		return fmt.Sprintf("operation %v names a recipient", r.Operation)
	case detailNoRecipient:
		return fmt.Sprintf("operation %v names no recipient", r.Operation)
	case detailNotRecipient:
		return fmt.Sprintf("%q is not a recipient of %s", r.Recipient, r.Purpose)
	case detailAuthority:
		return fmt.Sprintf("%q is an authority; name the legal instrument of its demand", r.Recipient)
	case detailJurisdiction:
		return fmt.Sprintf("jurisdiction %q", w.text)
	case detailLaw:
		return fmt.Sprintf("the policy does not serve %v", pii.Law(w.code))
	case detailAttested:
		return "not attested: " + Attestation(w.n).String()
	case detailRestricted:
		return fmt.Sprintf("restricted: %v", w.set)
	case detailNamedRecipient:
		return fmt.Sprintf("no consent names the recipient %q", r.Recipient)
	case detailAssessment:
		return fmt.Sprintf("no current impact assessment covers %s for %s", assessment.Kind(w.n), r.Purpose)
	case detailStale:
		var limit time.Duration
		if d.guard != nil {
			limit = d.guard.fresh.Max
		}
		return fmt.Sprintf("the consent view may be %v old, more than the %v allowed; is the change-feed follower running?", d.Staleness, limit)
	}
	if s, ok := d.policyDetail(); ok {
		return s
	}
	return d.retentionDetail()
}

// policyDetail formats the details that read the deciding Guard's policy.
func (d *Decision) policyDetail() (string, bool) {
	w, r := &d.why, &d.Request
	var p purpose.Compiled
	var rc purpose.Recipient
	if d.guard != nil {
		p, _ = d.guard.reg.Lookup(r.Purpose)
		rc, _ = p.Recipient(r.Recipient)
	}
	switch w.kind {
	case detailOperations:
		return fmt.Sprintf("%s declares %v", r.Purpose, p.Operations()), true
	case detailCategories:
		return fmt.Sprintf("undeclared %v", r.Categories.Minus(p.Categories())), true
	case detailVia:
		return fmt.Sprintf("%q receives via %q without the controller's approval", r.Recipient, rc.Via), true
	case detailRole:
		return fmt.Sprintf("%q is declared as %v, which does not receive by %v", r.Recipient, rc.Role, r.Operation), true
	}
	return "", false
}

// retentionDetail formats the details of retention verdicts.
func (d *Decision) retentionDetail() string {
	w := &d.why
	cause := retention.Trigger(w.code)
	loc := w.loc
	if loc == nil {
		loc = time.UTC
	}
	until := time.Unix(0, int64(w.n)).In(loc).Format("2006-01-02 15:04 MST")
	switch w.kind {
	case detailDue:
		return fmt.Sprintf("item %s is due for erasure (%v)", w.text, cause)
	case detailHeld:
		return fmt.Sprintf("kept under legal hold %q after %v", w.text, cause)
	case detailKept:
		return fmt.Sprintf("kept until %s under %s after %v", until, w.text, cause)
	case detailErasure:
		return fmt.Sprintf("erasure due %s after %v", until, cause)
	}
	return ""
}
