package incident

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/internal/ctxerr"
)

// errAlreadyNoted: a sweep found the clock recorded overdue by another.
var errAlreadyNoted = errors.New("incident: clock already recorded overdue")

// Alert is a clock of an open incident found overdue.
type Alert struct {
	Incident uuid.UUID
	Clock    Clock
	// Noted is when the register first recorded the clock overdue
	// (OverdueNoted); zero if it has not yet.
	Noted time.Time
}

// String summarises the alert: "incident 0190... report_incident to
// provincial_cac due 2026-06-03T05:40:00Z (National ... art. 4)".
func (a Alert) String() string {
	return fmt.Sprintf("incident %v %v to %v due %s (%s)", a.Incident, a.Clock.Duty, a.Clock.Audience, a.Clock.Due.UTC().Format(time.RFC3339), a.Clock.Cite)
}

// Overdue returns the overdue clocks of every open incident at at: the
// query behind "which deadlines have we missed?". It reads every
// incident's record (Walk).
func (r *Register) Overdue(ctx context.Context, at time.Time) ([]Alert, error) {
	if err := ctxerr.Err(ctx); err != nil {
		return nil, fmt.Errorf("incident: overdue: %w", err)
	}
	var out []Alert
	var buf []Clock
	err := r.Walk(ctx, func(inc Incident) error {
		if !inc.Open() {
			return nil
		}
		buf = inc.AppendClocks(buf[:0], r.profile, r.rules)
		for _, c := range buf {
			if c.State(at) == Overdue {
				out = append(out, Alert{Incident: inc.ID, Clock: c, Noted: noted(&inc, c)})
			}
		}
		return nil
	})
	return out, err
}

// noted returns when inc recorded clock c overdue, or zero.
func noted(inc *Incident, c Clock) time.Time {
	for _, n := range inc.Overdue {
		if n.Duty == c.Duty && n.Audience == c.Audience && n.Due.Equal(c.Due) {
			return n.At
		}
	}
	return time.Time{}
}

// Sweep is SweepAt at the register's clock.
func (r *Register) Sweep(ctx context.Context) ([]Alert, error) {
	return r.SweepAt(ctx, r.clock.Now())
}

// SweepAt records an OverdueNoted event, at now, for every clock overdue
// at now that the incident has not recorded yet, so that each missed
// deadline enters the record once and reaches the Hook (an audit hook)
// once. It returns the alerts it recorded. now must not be after the
// register's clock. Run it on a schedule; several instances may sweep at
// once (an instance that loses the race to record finds it recorded).
func (r *Register) SweepAt(ctx context.Context, now time.Time) ([]Alert, error) {
	overdue, err := r.Overdue(ctx, now)
	if err != nil {
		return nil, err
	}
	var out []Alert
	var errs []error
	for _, a := range overdue {
		if !a.Noted.IsZero() {
			continue
		}
		e := Event{Kind: OverdueNoted, At: now, Duty: a.Clock.Duty, Audience: a.Clock.Audience, Due: a.Clock.Due}
		_, err := r.append(ctx, a.Incident, e, true)
		switch {
		case errors.Is(err, errAlreadyNoted):
			continue // another sweeper recorded it first
		case err != nil:
			errs = append(errs, err)
			continue
		}
		a.Noted = now
		out = append(out, a)
	}
	return out, errors.Join(errs...)
}
