package incident

import (
	"bytes"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

// Incident is the state of one incident, derived from its events by Fold;
// it is never edited. Its slices are its own: a caller may modify them.
type Incident struct {
	ID       uuid.UUID
	Nature   Nature
	Possible bool // not (yet) confirmed
	// Discovered is when the incident was discovered: the opening's At,
	// from which the PIPL clocks run.
	Discovered time.Time
	// Occurred is when it began, if known.
	Occurred time.Time
	// Confirmed is when a possible incident was confirmed; zero for one
	// opened as actual or not yet confirmed.
	Confirmed time.Time
	Summary   purpose.Text
	Laws      Laws

	// The latest classification.
	Grade            Grade
	Risk             Risk
	NationalSecurity bool
	Classified       time.Time // when the latest Classified event says it was made

	// What is known to be affected, accumulated over Affected events.
	Categories pii.Set
	Subjects   []subject.ID // sorted, without duplicates
	Estimate   int64        // the latest estimate of the number of people affected
	Minors     bool

	Remediation []Step
	Notices     []Sent
	Exemptions  []Exemption
	Orders      []Order
	Overdue     []Noted

	// Closed is when the incident was closed; zero while open. Closure is
	// the closure summary.
	Closed  time.Time
	Closure purpose.Text

	// Head is the head of the record the state was folded from.
	Head Head
	// Events is the number of events.
	Events int
}

// Step is one remedial measure (PIPL art. 57 para 1).
type Step struct {
	Seq  uint64
	At   time.Time
	Text purpose.Text
}

// Sent is one notification recorded as sent.
type Sent struct {
	Seq      uint64
	At       time.Time
	Audience Audience
	Channel  Channel
	Partial  bool
	Notice   Notice
	Ref      string
}

// Exemption is a recorded decision not to notify individuals, with its
// ground and reason (PIPL art. 57 para 2; GDPR art. 34(3)).
type Exemption struct {
	Seq    uint64
	At     time.Time
	Ground Ground
	Reason purpose.Text
}

// Order is an authority's order to notify individuals (PIPL art. 57 para
// 2; GDPR art. 34(4)). It ends any exemption of its regime.
type Order struct {
	Seq  uint64
	At   time.Time
	Laws Laws
	Due  time.Time // the deadline the order set; zero if none
	Ref  string
	Text purpose.Text
}

// Noted is an overdue clock the register recorded (SweepAt).
type Noted struct {
	Seq      uint64
	At       time.Time
	Duty     Duty
	Audience Audience
	Due      time.Time
}

// Open reports whether the incident has not been closed.
func (inc *Incident) Open() bool { return inc.Closed.IsZero() }

// Affected returns the best count of the people affected: the latest
// estimate, or the subjects named if more.
func (inc *Incident) Affected() int64 { return max(inc.Estimate, int64(len(inc.Subjects))) }

// Aware returns when the controller became aware of the incident for the
// GDPR's clock (art. 33(1)): the discovery of an actual incident, or the
// confirmation of a possible one when onConfirm is set (the default
// Rules); zero while a possible incident awaits confirmation.
func (inc *Incident) Aware(onConfirm bool) time.Time {
	switch {
	case !onConfirm:
		return inc.Discovered
	case !inc.Confirmed.IsZero():
		return inc.Confirmed
	case inc.Possible:
		return time.Time{}
	}
	return inc.Discovered
}

// exempt reports whether individual notice under law is exempted: an
// exemption of that law with no later order of it.
func (inc *Incident) exempt(law Laws) bool {
	var last time.Time
	found := false
	for _, x := range inc.Exemptions {
		if x.Ground.Law() == law {
			last, found = x.At, true
		}
	}
	if !found {
		return false
	}
	for _, o := range inc.Orders {
		if o.Laws.Has(law) && !o.At.Before(last) {
			return false
		}
	}
	return true
}

// order returns the latest order of law, if any.
func (inc *Incident) order(law Laws) (Order, bool) {
	for i := len(inc.Orders) - 1; i >= 0; i-- {
		if inc.Orders[i].Laws.Has(law) {
			return inc.Orders[i], true
		}
	}
	return Order{}, false
}

// Fold derives an incident's state from its events, in order. It trusts
// the events (Register verifies them first); call Verify on events from
// elsewhere.
func Fold(events []Event) Incident {
	var inc Incident
	for i := range events {
		inc.apply(&events[i])
	}
	if len(inc.Subjects) > 1 {
		slices.SortFunc(inc.Subjects, func(a, b subject.ID) int { return bytes.Compare(a[:], b[:]) })
		inc.Subjects = slices.Compact(inc.Subjects)
	}
	inc.Head = HeadOf(events)
	inc.Events = len(events)
	return inc
}

// apply folds one event into the state.
func (inc *Incident) apply(e *Event) {
	switch e.Kind {
	case Opened:
		inc.ID, inc.Nature, inc.Possible = e.Incident, e.Nature, e.Possible
		inc.Discovered, inc.Occurred, inc.Summary, inc.Laws = e.At, e.Occurred, e.Text, e.Laws
	case Confirmed:
		inc.Possible, inc.Confirmed = false, e.At
		if e.Nature != 0 {
			inc.Nature = e.Nature
		}
	case Classified:
		inc.classify(e)
	case Affected:
		inc.Categories = inc.Categories.Union(e.Categories)
		inc.Subjects = append(inc.Subjects, e.Subjects...)
		if e.Estimate > 0 {
			inc.Estimate = e.Estimate
		}
		inc.Minors = inc.Minors || e.Minors
	case Remediated:
		inc.Remediation = append(inc.Remediation, Step{Seq: e.Seq, At: e.At, Text: e.Text})
	case Notified:
		inc.Notices = append(inc.Notices, Sent{Seq: e.Seq, At: e.At, Audience: e.Audience, Channel: e.Channel, Partial: e.Partial, Notice: e.Notice, Ref: e.Ref})
	case Exempted:
		inc.Exemptions = append(inc.Exemptions, Exemption{Seq: e.Seq, At: e.At, Ground: e.Ground, Reason: e.Text})
	case Ordered:
		inc.Orders = append(inc.Orders, Order{Seq: e.Seq, At: e.At, Laws: e.Laws, Due: e.Due, Ref: e.Ref, Text: e.Text})
	case Closed:
		inc.Closed, inc.Closure = e.At, e.Text
	case Reopened:
		inc.Closed, inc.Closure = time.Time{}, purpose.Text{}
	case OverdueNoted:
		inc.Overdue = append(inc.Overdue, Noted{Seq: e.Seq, At: e.At, Duty: e.Duty, Audience: e.Audience, Due: e.Due})
	}
}

func (inc *Incident) classify(e *Event) {
	if e.Laws != 0 {
		inc.Laws = e.Laws
	}
	if e.Grade != 0 {
		inc.Grade = e.Grade
	}
	if e.Risk != 0 {
		inc.Risk = e.Risk
	}
	inc.NationalSecurity = inc.NationalSecurity || e.NationalSecurity
	inc.Classified = e.At
}
