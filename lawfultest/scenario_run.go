package lawfultest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

// run is one scenario's state: its World, the subjects by name and the
// grants named so far.
type run struct {
	w      *World
	names  map[string]subject.ID
	grants map[string]uuid.UUID
}

func (r *run) step(t *testing.T, st Step) error {
	t.Helper()
	if n := st.actions(); n != 1 {
		return fmt.Errorf("a step has %d actions; give exactly one (grant, withdraw, expire, restrict, object, lift, advance, check, collect, trigger, close, hold, release, sweep, terminate)", n)
	}
	if (st.Want != "" || st.Obligations != nil) && st.Check == nil {
		return fmt.Errorf("\"want\" and \"obligations\" belong to a check step")
	}
	w := r.w
	switch {
	case st.Collect != nil, st.Trigger != nil, st.Close != "", st.Hold != nil, st.Release != "", st.Sweep != nil, st.Terminate != nil:
		return runRetentionStep(t, w, r.names, st)
	case st.Advance != "":
		d, err := time.ParseDuration(st.Advance)
		if err != nil {
			return fmt.Errorf("advance: %w", err)
		}
		w.Clock.Advance(d)
	case st.Grant != nil:
		return r.appendSpec(consent.Grant, st.Grant)
	case st.Withdraw != nil:
		return r.appendSpec(consent.Withdraw, st.Withdraw)
	case st.Expire != nil:
		return r.appendSpec(consent.Expire, st.Expire)
	case st.Restrict != nil:
		return r.appendLimit(consent.Restrict, st.Restrict)
	case st.Object != nil:
		return r.appendLimit(consent.Object, st.Object)
	case st.Lift != nil:
		return r.appendLimit(consent.Lift, st.Lift)
	case st.Check != nil:
		return r.check(t, st)
	default:
		return fmt.Errorf("empty step")
	}
	return nil
}

// check runs a check step: the decision's outcome must be st.Want and, when
// st.Obligations is set, its obligations exactly those named.
func (r *run) check(t *testing.T, st Step) error {
	req, err := r.request(st.Check)
	if err != nil {
		return err
	}
	d := r.w.Guard.Check(t.Context(), req)
	got := "allow"
	if !d.Allowed() {
		got = d.Reason.String()
	}
	if got != st.Want {
		msg := d.String()
		if err := d.Err(); err != nil {
			msg = err.Error()
		}
		return fmt.Errorf("check %s %s: got %s, want %s: %s", st.Check.Operation, st.Check.Purpose, got, st.Want, msg)
	}
	if st.Obligations == nil {
		return nil
	}
	want, err := parseObligations(st.Obligations)
	if err != nil {
		return err
	}
	if d.Obligations != want {
		return fmt.Errorf("check %s %s: obligations %q, want %q", st.Check.Operation, st.Check.Purpose, d.Obligations, want)
	}
	return nil
}

// parseObligations returns the obligations named, by the names
// lawful.Obligations' String writes.
func parseObligations(names []string) (lawful.Obligations, error) {
	var o lawful.Obligations
next:
	for _, n := range names {
		for i := range 32 {
			if b := lawful.Obligations(1) << i; b.String() == n {
				o |= b
				continue next
			}
		}
		return 0, fmt.Errorf("obligations: unknown obligation %q", n)
	}
	return o, nil
}

func lookup(names map[string]subject.ID, name string) (subject.ID, error) {
	id, ok := names[name]
	if !ok && name != "" {
		return subject.ID{}, fmt.Errorf("unknown subject %q", name)
	}
	return id, nil
}

func (r *run) appendSpec(kind consent.Kind, s *EventSpec) error {
	e := consent.Event{Kind: kind, Recipients: s.Recipients}
	var err error
	if e.Subject, err = lookup(r.names, s.Subject); err != nil {
		return err
	}
	if e.By.Guardian, err = lookup(r.names, s.By); err != nil {
		return err
	}
	for _, p := range s.Purposes {
		e.Purposes = append(e.Purposes, consent.PurposeRef{ID: purpose.ID(p)})
	}
	switch {
	case s.Name != "" && kind != consent.Grant:
		return fmt.Errorf("\"name\" names a grant; to end one record, give a withdraw or expire \"ends\"")
	case s.Ends != "" && kind == consent.Grant:
		return fmt.Errorf("\"ends\" belongs to a withdraw or expire")
	case s.Ends != "":
		id, ok := r.grants[s.Ends]
		if !ok {
			return fmt.Errorf("ends %q: no grant of that name before this step", s.Ends)
		}
		e.Ends = id
	}
	if kind == consent.Grant {
		e.Notice = "lawfultest"
		form := s.Form
		if form == "" {
			form = "click"
		}
		if err := e.Form.UnmarshalText([]byte(form)); err != nil {
			return err
		}
	}
	if s.Expires != "" {
		d, err := time.ParseDuration(s.Expires)
		if err != nil {
			return fmt.Errorf("expires: %w", err)
		}
		e.Expires = r.w.Clock.Now().Add(d)
	}
	return r.record(e, s.Name)
}

// appendLimit records a restriction of categories, an objection to
// purposes or the lifting of either.
func (r *run) appendLimit(kind consent.Kind, s *LimitSpec) error {
	e := consent.Event{Kind: kind}
	var err error
	if e.Subject, err = lookup(r.names, s.Subject); err != nil {
		return err
	}
	if e.By.Guardian, err = lookup(r.names, s.By); err != nil {
		return err
	}
	if s.Categories != "" {
		if e.Categories, err = pii.ParseSet(s.Categories); err != nil {
			return err
		}
	}
	for _, p := range s.Purposes {
		e.Purposes = append(e.Purposes, consent.PurposeRef{ID: purpose.ID(p)})
	}
	return r.record(e, "")
}

// record appends e, keeps its ID under name, and tells the retention
// Tracker of a withdrawal or expiry.
func (r *run) record(e consent.Event, name string) error {
	if name != "" {
		if _, dup := r.grants[name]; dup {
			return fmt.Errorf("name %q: a grant of that name was recorded before", name)
		}
	}
	ev, err := r.w.Ledger.Append(context.Background(), e)
	if err != nil {
		return err
	}
	if name != "" {
		r.grants[name] = ev.ID
	}
	if r.w.Tracker == nil {
		return nil
	}
	_, err = r.w.Tracker.ConsentChanged(context.Background(), ev)
	return err
}

// instant reads an RFC 3339 time or a duration relative to the clock.
func (r *run) instant(field, s string) (time.Time, error) {
	if at, err := time.Parse(time.RFC3339, s); err == nil {
		return at, nil
	}
	if d, err := time.ParseDuration(s); err == nil {
		return r.w.Clock.Now().Add(d), nil
	}
	return time.Time{}, fmt.Errorf("%s %q: want an RFC 3339 time or a duration such as \"-30m\"", field, s)
}

func (r *run) request(c *CheckSpec) (lawful.Request, error) {
	req := lawful.Request{Purpose: purpose.ID(c.Purpose), Recipient: c.Recipient, Instrument: c.Instrument}
	var err error
	if req.Subject, err = lookup(r.names, c.Subject); err != nil {
		return req, err
	}
	if req.Operation, err = purpose.ParseOperation(c.Operation); err != nil {
		return req, err
	}
	if req.Categories, err = pii.ParseSet(c.Categories); err != nil {
		return req, err
	}
	if c.Form != "" {
		if err := req.Form.UnmarshalText([]byte(c.Form)); err != nil {
			return req, err
		}
	}
	if c.At != "" {
		if req.At, err = r.instant("at", c.At); err != nil {
			return req, err
		}
	}
	if c.Item != nil {
		req.Item.Key = c.Item.Key
		if req.Item.Collected, err = r.instant("item.collected", c.Item.Collected); err != nil {
			return req, err
		}
	}
	for _, a := range c.Attest {
		v, err := lawful.ParseAttestation(strings.TrimSpace(a))
		if err != nil {
			return req, err
		}
		req.Attest |= v
	}
	return req, nil
}
