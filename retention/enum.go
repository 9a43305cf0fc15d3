package retention

import (
	"fmt"

	"github.com/lawfulgo/lawful/internal/rule"
)

// Trigger is an event from which a retention period counts or on which it
// ends (PIPL art. 47 para 1; NDSMR art. 24).
type Trigger uint8

// The triggers. Collected is only a start; the others are the deletion
// triggers a rule may end on.
const (
	// Collected: the item was collected (the default start of a period).
	Collected Trigger = iota + 1
	// PurposeAchieved: the purpose is achieved, cannot be achieved or no
	// longer needs the data (PIPL art. 47(1)(1)), e.g. a digital human or an
	// order the data served is deleted or finished.
	PurposeAchieved
	// ConsentWithdrawn: the person withdrew the consent the purpose rests
	// on (PIPL art. 47(1)(3)).
	ConsentWithdrawn
	// AccountClosed: the person deregistered (NDSMR art. 24).
	AccountClosed
	// DeletionRequested: the person asked for deletion (PIPL art. 47).
	DeletionRequested
	// ServiceTerminated: the service stopped (PIPL art. 47(1)(2)); it
	// applies to every subject.
	ServiceTerminated
	// Objected: the person objected to processing for the purpose (PIPL
	// art. 44; GDPR art. 21), e.g. switched personalised recommendations
	// off. The Guard stops the purpose at once whatever the rules say; a
	// rule ends the data's period on it only when its EndsOn names it
	// (not in AllEndings [L]): as NDSMR art. 42 requires of the user tags
	// personalisation kept, or where GDPR art. 17(1)(c) makes the
	// objection a ground for erasure. Lifting the objection does not undo
	// the trigger.
	Objected

	lastTrigger = Objected
)

var triggerNames = [...]string{
	Collected:         "collected",
	PurposeAchieved:   "purpose_achieved",
	ConsentWithdrawn:  "consent_withdrawn",
	AccountClosed:     "account_closed",
	DeletionRequested: "deletion_requested",
	ServiceTerminated: "service_terminated",
	Objected:          "objected",
}

// Valid reports whether t is one of the declared triggers.
func (t Trigger) Valid() bool { return t >= Collected && t <= lastTrigger }

// Ends reports whether t can end a period (every trigger but Collected).
func (t Trigger) Ends() bool { return t > Collected && t <= lastTrigger }

// String returns the trigger's stable name, e.g. "account_closed".
func (t Trigger) String() string {
	if t.Valid() {
		return triggerNames[t]
	}
	return fmt.Sprintf("Trigger(%d)", uint8(t))
}

// MarshalText implements encoding.TextMarshaler.
func (t Trigger) MarshalText() ([]byte, error) {
	if !t.Valid() {
		return nil, rule.New(ErrUnknownTrigger, fmt.Sprintf("retention: cannot encode %v", t))
	}
	return []byte(triggerNames[t]), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (t *Trigger) UnmarshalText(b []byte) error {
	for i, n := range triggerNames {
		if n != "" && n == string(b) {
			*t = Trigger(i)
			return nil
		}
	}
	return rule.New(ErrUnknownTrigger, fmt.Sprintf("retention: unknown trigger %q; use one of collected, purpose_achieved, consent_withdrawn, account_closed, deletion_requested, service_terminated, objected", b))
}

// Triggers is a set of triggers.
type Triggers uint8

// AllEndings is the default of a rule's EndsOn: every trigger that ends a
// period under PIPL art. 47 para 1 and NDSMR art. 24. Objected, which a
// rule names when an objection should end its data's period, is not in it.
const AllEndings = Triggers(1<<PurposeAchieved | 1<<ConsentWithdrawn | 1<<AccountClosed | 1<<DeletionRequested | 1<<ServiceTerminated)

// endings is every trigger a rule's EndsOn may name.
const endings = AllEndings | 1<<Objected

// TriggerSet returns the set of ts.
func TriggerSet(ts ...Trigger) Triggers {
	var s Triggers
	for _, t := range ts {
		if t.Valid() {
			s |= 1 << t
		}
	}
	return s
}

// Has reports whether t is in s.
func (s Triggers) Has(t Trigger) bool { return t.Valid() && s&(1<<t) != 0 }

// List returns the triggers of s in order.
func (s Triggers) List() []Trigger {
	var out []Trigger
	for t := Collected; t <= lastTrigger; t++ {
		if s.Has(t) {
			out = append(out, t)
		}
	}
	return out
}

// Action is what erasure does to an item. Both satisfy a deletion duty
// (PIPL arts. 4, 47; NDSMR art. 24); de-identification does not (PIPL art.
// 73(3)), so it is not an Action.
type Action uint8

// The actions.
const (
	// Delete removes the item.
	Delete Action = iota + 1
	// Anonymise makes the item impossible to relate to the person and
	// impossible to restore (PIPL art. 73(4)).
	Anonymise
)

// Valid reports whether a is Delete or Anonymise.
func (a Action) Valid() bool { return a == Delete || a == Anonymise }

// String returns "delete" or "anonymise".
func (a Action) String() string {
	switch a {
	case Delete:
		return "delete"
	case Anonymise:
		return "anonymise"
	}
	return fmt.Sprintf("Action(%d)", uint8(a))
}

// MarshalText implements encoding.TextMarshaler.
func (a Action) MarshalText() ([]byte, error) {
	if !a.Valid() {
		return nil, rule.New(ErrInvalidRule, fmt.Sprintf("retention: cannot encode %v", a))
	}
	return []byte(a.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (a *Action) UnmarshalText(b []byte) error {
	switch string(b) {
	case "delete":
		*a = Delete
	case "anonymise", "anonymize":
		*a = Anonymise
	default:
		return rule.New(ErrInvalidRule, fmt.Sprintf("retention: unknown action %q; use delete or anonymise", b))
	}
	return nil
}

// HoldReason says why a legal hold suspends erasure (the seeds' "legal
// holds"; GDPR art. 17(3)(b), (e)).
type HoldReason uint8

// The hold reasons.
const (
	// Litigation: a dispute or legal claim needs the data.
	Litigation HoldReason = iota + 1
	// Audit: an audit needs the data.
	Audit
	// Finance: financial record-keeping needs the data.
	Finance
	// Regulator: a regulator or other state organ demands it be kept.
	Regulator
)

var holdNames = [...]string{Litigation: "litigation", Audit: "audit", Finance: "finance", Regulator: "regulator"}

// Valid reports whether r is a declared reason.
func (r HoldReason) Valid() bool { return r >= Litigation && r <= Regulator }

// String returns the reason's stable name, e.g. "litigation".
func (r HoldReason) String() string {
	if r.Valid() {
		return holdNames[r]
	}
	return fmt.Sprintf("HoldReason(%d)", uint8(r))
}

// MarshalText implements encoding.TextMarshaler.
func (r HoldReason) MarshalText() ([]byte, error) {
	if !r.Valid() {
		return nil, rule.New(ErrInvalidHold, fmt.Sprintf("retention: cannot encode %v", r))
	}
	return []byte(holdNames[r]), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (r *HoldReason) UnmarshalText(b []byte) error {
	for i, n := range holdNames {
		if n != "" && n == string(b) {
			*r = HoldReason(i)
			return nil
		}
	}
	return rule.New(ErrInvalidHold, fmt.Sprintf("retention: unknown hold reason %q; use litigation, audit, finance or regulator", b))
}

// State is where an item stands at an instant.
type State uint8

// The states, in the order an item passes through them.
const (
	// Active: the item may be processed as its purpose allows.
	Active State = iota
	// Restricted: the item's purpose has ended but a legal minimum or a
	// hold keeps it; only storage and security measures are allowed (PIPL
	// art. 47 para 2).
	Restricted
	// Due: the item must be erased now; nothing may process it.
	Due
	// Erased: the item was deleted or anonymised, with a Proof.
	Erased
)

// String returns the state's name, e.g. "restricted".
func (s State) String() string {
	if int(s) < len(stateNames) {
		return stateNames[s]
	}
	return fmt.Sprintf("State(%d)", uint8(s))
}

var stateNames = [...]string{Active: "active", Restricted: "restricted", Due: "due", Erased: "erased"}

// MarshalText implements encoding.TextMarshaler.
func (s State) MarshalText() ([]byte, error) {
	if int(s) >= len(stateNames) {
		return nil, rule.New(ErrInvalidRule, fmt.Sprintf("retention: cannot encode %v", s))
	}
	return []byte(stateNames[s]), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *State) UnmarshalText(b []byte) error {
	for i, n := range stateNames {
		if n == string(b) {
			*s = State(i)
			return nil
		}
	}
	return rule.New(ErrInvalidRule, fmt.Sprintf("retention: unknown state %q; use active, restricted, due or erased", b))
}
