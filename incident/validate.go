package incident

import (
	"fmt"
	"time"

	"github.com/lawfulgo/lawful/clock"
)

// check returns every problem with appending e to the incident inc (the
// zero Incident for a new one) at now, under p and r. Nothing is written
// when it returns any. sweep allows OverdueNoted events.
func check(inc *Incident, e *Event, now time.Time, p Profile, r Rules, sweep bool) []error {
	var out []error
	bad := func(sentinel error, format string, args ...any) {
		out = append(out, fault(sentinel, fmt.Sprintf(format, args...)))
	}
	for _, s := range e.shape() {
		bad(ErrInvalidEvent, "%s", s)
	}
	for _, s := range e.values() {
		bad(ErrInvalidEvent, "%s", s)
	}
	checkTimes(inc, e, now, bad)
	if inc.Events >= MaxEvents {
		bad(ErrInvalidEvent, "the incident has %d events, the most one may have (MaxEvents); open a follow-up incident", inc.Events)
	}
	if len(out) > 0 || !e.Kind.Valid() {
		return out
	}
	switch {
	case e.Kind == Opened && inc.Events > 0:
		bad(ErrInvalidEvent, "the incident is already open; an incident is opened once")
	case e.Kind != Opened && inc.Events == 0:
		bad(ErrNotFound, "no incident %v; open it first", e.Incident)
	case e.Kind == Reopened && inc.Open():
		bad(ErrInvalidEvent, "the incident is not closed")
	case e.Kind != Reopened && e.Kind != Opened && !inc.Open():
		bad(ErrClosed, "the incident was closed on %s; reopen it first", inc.Closed.UTC().Format(time.RFC3339))
	default:
		out = append(out, checkKind(inc, e, p, r, sweep)...)
	}
	return out
}

// checkTimes checks e.At (and e.Occurred, e.Due) against the clock range,
// now and the discovery.
func checkTimes(inc *Incident, e *Event, now time.Time, bad func(error, string, ...any)) {
	for _, t := range []struct {
		what string
		t    time.Time
	}{{"At", e.At}, {"Occurred", e.Occurred}, {"Due", e.Due}} {
		if !t.t.IsZero() && !clock.InRange(t.t) {
			bad(ErrInvalidEvent, "%s %s is outside the range lawful stores (package clock)", t.what, t.t.UTC().Format(time.RFC3339))
		}
	}
	switch {
	case e.At.IsZero():
		bad(ErrInvalidEvent, "the event needs At: when the fact occurred")
	case e.At.After(now):
		bad(ErrInvalidEvent, "At %s is after the register's clock (%s): record facts once they happened", e.At.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339))
	case e.Kind != Opened && inc.Events > 0 && e.At.Before(inc.Discovered):
		bad(ErrInvalidEvent, "At %s is before the discovery (%s)", e.At.UTC().Format(time.RFC3339), inc.Discovered.UTC().Format(time.RFC3339))
	}
	if !e.Occurred.IsZero() && e.Occurred.After(e.At) {
		bad(ErrInvalidEvent, "Occurred is after the discovery; an incident begins before it is discovered")
	}
}

// checkKind checks e against the incident's state.
func checkKind(inc *Incident, e *Event, p Profile, r Rules, sweep bool) []error {
	var out []error
	bad := func(sentinel error, format string, args ...any) {
		out = append(out, fault(sentinel, fmt.Sprintf(format, args...)))
	}
	switch e.Kind {
	case Confirmed:
		if !inc.Possible {
			bad(ErrInvalidEvent, "the incident is not a possible one awaiting confirmation")
		}
	case Classified:
		if e.set() == 0 {
			bad(ErrInvalidEvent, "a classified event needs a grade, a risk, the laws, the national-security flag or a rationale")
		}
	case Affected:
		if e.set() == 0 {
			bad(ErrInvalidEvent, "an affected event needs categories, subjects, an estimate or the minors flag")
		}
	case Notified:
		out = append(out, checkNotice(inc, e)...)
	case Exempted:
		out = append(out, checkExemption(inc, e)...)
	case Ordered:
		if !inc.Laws.Has(e.Laws) {
			bad(ErrInvalidEvent, "an order under %v for an incident under %v; restate the incident's laws first (Classified)", e.Laws, inc.Laws)
		}
	case Closed:
		out = append(out, checkClose(inc, e, p, r)...)
	case OverdueNoted:
		switch {
		case !sweep:
			bad(ErrInvalidEvent, "overdue clocks are recorded by Register.SweepAt, not by callers")
		case !noted(inc, Clock{Duty: e.Duty, Audience: e.Audience, Due: e.Due}).IsZero():
			bad(errAlreadyNoted, "the clock is already recorded overdue")
		}
	}
	return out
}

func checkNotice(inc *Incident, e *Event) []error {
	if e.Partial && !e.Audience.Authority() {
		return []error{fault(ErrInvalidEvent, "only a report to an authority may be partial (GDPR art. 33(4)); tell people everything at once")}
	}
	if m := inc.Missing(e.Audience, e.Notice, e.Partial); len(m) > 0 {
		return []error{&IncompleteNoticeError{Audience: e.Audience, Missing: m}}
	}
	return nil
}

func checkExemption(inc *Incident, e *Event) []error {
	var out []error
	bad := func(format string, args ...any) {
		out = append(out, fault(ErrInvalidEvent, fmt.Sprintf(format, args...)))
	}
	law := e.Ground.Law()
	if !inc.Laws.Has(law) {
		bad("ground %v (%s) is not one of the incident's laws (%v)", e.Ground, e.Ground.Citation(), inc.Laws)
	}
	if o, ok := inc.order(law); ok {
		bad("an authority ordered individuals notified (%s, %s); an exemption cannot override the order", o.Ref, o.At.UTC().Format(time.RFC3339))
	}
	if e.Ground == HarmAvoided && !remediatedBy(inc, e.At) {
		bad("PIPL art. 57 para 2 exempts only where measures taken effectively avoid harm; record them (Remediated) before the exemption")
	}
	return out
}

func remediatedBy(inc *Incident, at time.Time) bool {
	for _, s := range inc.Remediation {
		if !s.At.After(at) {
			return true
		}
	}
	return false
}

func checkClose(inc *Incident, e *Event, p Profile, r Rules) []error {
	var out []error
	if len(inc.Remediation) == 0 {
		out = append(out, fault(ErrInvalidEvent, "no remedial measure is recorded; PIPL art. 57 asks for remedial measures at once (record them with Remediated)"))
	}
	var open []Clock
	for _, c := range inc.Clocks(p, r) {
		if c.Open(e.At) {
			open = append(open, c)
		}
	}
	if len(open) > 0 {
		out = append(out, &OpenDutiesError{Open: open})
	}
	if last := lastAt(inc); e.At.Before(last) {
		out = append(out, fault(ErrInvalidEvent, fmt.Sprintf("closing at %s, before the incident's last recorded fact (%s)", e.At.UTC().Format(time.RFC3339), last.UTC().Format(time.RFC3339))))
	}
	return out
}

// lastAt returns the latest At among the incident's facts.
func lastAt(inc *Incident) time.Time {
	last := inc.Discovered
	for _, t := range []time.Time{inc.Confirmed, inc.Classified} {
		if t.After(last) {
			last = t
		}
	}
	for _, s := range inc.Remediation {
		last = later(last, s.At)
	}
	for _, n := range inc.Notices {
		last = later(last, n.At)
	}
	for _, x := range inc.Exemptions {
		last = later(last, x.At)
	}
	for _, o := range inc.Orders {
		last = later(last, o.At)
	}
	return last
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
