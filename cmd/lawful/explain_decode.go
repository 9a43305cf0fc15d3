package main

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

// ids makes the world's subject IDs: fixed, so that a file explains the
// same way every time.
type ids struct{ r *rand.ChaCha8 }

func newIDs() *ids {
	return &ids{rand.NewChaCha8([32]byte{'l', 'a', 'w', 'f', 'u', 'l', ' ', 'e', 'x', 'p', 'l', 'a', 'i', 'n'})}
}

func (g *ids) next(w *world) (subject.ID, error) { return subject.NewID(w.start, g.r) }

func (w *world) subjectOf(s *subjectJSON) error {
	gen := newIDs()
	id, err := gen.next(w)
	if err != nil {
		return fmt.Errorf("subject: %w", err)
	}
	w.subject = subject.Subject{ID: id, Jurisdiction: s.Jurisdiction, Status: subject.Active}
	if s.Birth != "" {
		if w.subject.Birth, err = subject.ParseDate(s.Birth); err != nil {
			return fmt.Errorf("subject.birth: %w", err)
		}
	}
	if s.Status != "" {
		if err := w.subject.Status.UnmarshalText([]byte(s.Status)); err != nil {
			return fmt.Errorf("subject.status: %w", err)
		}
	}
	for i, h := range s.History {
		var c subject.StatusChange
		if err := c.Status.UnmarshalText([]byte(h.Status)); err != nil {
			return fmt.Errorf("subject.history[%d].status: %w", i, err)
		}
		if c.Since, err = parseTime(h.Since); err != nil {
			return fmt.Errorf("subject.history[%d].since: %w", i, err)
		}
		w.subject.History = append(w.subject.History, c)
	}
	if n := len(w.subject.History); n > 0 && s.Status == "" {
		w.subject.Status = w.subject.History[n-1].Status // the last change is the current status
	}
	if len(s.Guardians) > maxGuardians {
		return fmt.Errorf("subject.guardians: %d guardians; give at most %d", len(s.Guardians), maxGuardians)
	}
	for i := range s.Guardians {
		g, err := w.guardianOf(&s.Guardians[i], gen)
		if err != nil {
			return fmt.Errorf("subject.guardians[%d].%w", i, err)
		}
		w.guardians = append(w.guardians, g)
		w.subject.Links = append(w.subject.Links, g.link)
	}
	if err := w.subject.Validate(w.now); err != nil {
		return fmt.Errorf("subject: %w", err)
	}
	return nil
}

func (w *world) guardianOf(g *guardianJSON, gen *ids) (guardian, error) {
	out := guardian{name: g.Name}
	if g.Name == "" {
		return out, fmt.Errorf("name: missing; name the guardian as events' \"by\" does")
	}
	if slices.ContainsFunc(w.guardians, func(o guardian) bool { return o.name == g.Name }) {
		return out, fmt.Errorf("name: %q names two guardians", clip(g.Name))
	}
	id, err := gen.next(w)
	if err != nil {
		return out, err
	}
	out.s = subject.Subject{ID: id, Status: subject.Active, Jurisdiction: w.subject.Jurisdiction}
	if g.Birth == "" {
		return out, fmt.Errorf("birth: missing; a guardian acts only as an adult (Civil Code arts. 17, 27), so give their birth date")
	}
	if out.s.Birth, err = subject.ParseDate(g.Birth); err != nil {
		return out, fmt.Errorf("birth: %w", err)
	}
	out.link = subject.Link{ID: id, Relation: subject.Parent, Verified: subject.Verification{Method: subject.Document, At: w.start}}
	if g.Relation != "" {
		if err := out.link.Relation.UnmarshalText([]byte(g.Relation)); err != nil {
			return out, fmt.Errorf("relation: %w", err)
		}
	}
	switch g.Verified {
	case "":
	case "none":
		out.link.Verified = subject.Verification{}
	default:
		if err := out.link.Verified.Method.UnmarshalText([]byte(g.Verified)); err != nil {
			return out, fmt.Errorf("verified: %w (or \"none\" for a link not verified)", err)
		}
	}
	if g.VerifiedAt != "" && out.link.Verified.Method != subject.MethodUnknown {
		if out.link.Verified.At, err = parseTime(g.VerifiedAt); err != nil {
			return out, fmt.Errorf("verified_at: %w", err)
		}
	}
	return out, nil
}

// eventKinds lists the fields each kind of event may have besides kind,
// at and effective.
var eventKinds = map[string]struct {
	kind   consent.Kind
	fields []string
}{
	"grant":    {consent.Grant, []string{"purposes", "form", "by", "recipients", "expires", "notice", "name"}},
	"withdraw": {consent.Withdraw, []string{"purposes", "by", "recipients", "ends"}},
	"expire":   {consent.Expire, []string{"purposes", "by", "recipients", "ends"}},
	"restrict": {consent.Restrict, []string{"categories", "by"}},
	"object":   {consent.Object, []string{"purposes", "by"}},
	"lift":     {consent.Lift, []string{"purposes", "categories", "by"}},
}

func (w *world) event(j *eventJSON, i int, notice string) (worldEvent, error) {
	k, ok := eventKinds[j.Kind]
	if !ok {
		return worldEvent{}, fmt.Errorf("kind %q: want grant, withdraw, expire, restrict, object or lift", clip(j.Kind))
	}
	set := map[string]bool{"purposes": len(j.Purposes) > 0, "form": j.Form != "", "by": j.By != "", "recipients": len(j.Recipients) > 0,
		"expires": j.Expires != "", "notice": j.Notice != "", "name": j.Name != "", "categories": j.Categories != "", "ends": j.Ends != ""}
	for _, f := range []string{"purposes", "form", "by", "recipients", "expires", "notice", "name", "categories", "ends"} {
		if set[f] && !slices.Contains(k.fields, f) {
			return worldEvent{}, fmt.Errorf("%s: a %s event has no %s; it may have %s", f, j.Kind, f, strings.Join(k.fields, ", "))
		}
	}
	ev := worldEvent{at: w.now, name: j.Name, ends: j.Ends, by: j.By, index: i,
		e: consent.Event{Subject: w.subject.ID, Kind: k.kind, Recipients: j.Recipients}}
	var err error
	if j.At != "" {
		ev.at, _ = parseTime(j.At) // checked by times
	}
	if j.Effective != "" {
		if ev.e.Effective, err = parseTime(j.Effective); err != nil {
			return ev, fmt.Errorf("effective: %w", err)
		}
	}
	for _, p := range j.Purposes {
		ev.e.Purposes = append(ev.e.Purposes, consent.PurposeRef{ID: purpose.ID(p)})
	}
	if j.Categories != "" {
		if ev.e.Categories, err = pii.ParseSet(j.Categories); err != nil {
			return ev, fmt.Errorf("categories: %w", err)
		}
	}
	if k.kind == consent.Grant {
		if err := grantFields(&ev, j, notice); err != nil {
			return ev, err
		}
	}
	if j.By != "" && !slices.ContainsFunc(w.guardians, func(g guardian) bool { return g.name == j.By }) {
		return ev, fmt.Errorf("by: %q is not one of the subject's guardians; list them in subject.guardians", clip(j.By))
	}
	return ev, nil
}

func grantFields(ev *worldEvent, j *eventJSON, notice string) error {
	ev.e.Notice = notice
	if j.Notice != "" {
		ev.e.Notice = j.Notice
	}
	form := j.Form
	if form == "" {
		form = "click"
	}
	if err := ev.e.Form.UnmarshalText([]byte(form)); err != nil {
		return fmt.Errorf("form: %w", err)
	}
	if j.Expires != "" {
		from := ev.at
		if !ev.e.Effective.IsZero() {
			from = ev.e.Effective
		}
		t, err := instant(j.Expires, from)
		if err != nil {
			return fmt.Errorf("expires: %w", err)
		}
		ev.e.Expires = t
	}
	return nil
}

func (w *world) requestOf(j *requestJSON) error {
	r := lawful.Request{Subject: w.subject.ID, Purpose: purpose.ID(j.Purpose), Recipient: j.Recipient, Instrument: j.Instrument}
	if len(j.Instrument) > maxInstrumentField {
		return fmt.Errorf("instrument: %d bytes; name the instrument in at most %d (the Guard takes %d)", len(j.Instrument), maxInstrumentField, lawful.MaxInstrument)
	}
	var err error
	if r.Operation, err = purpose.ParseOperation(j.Operation); err != nil {
		return fmt.Errorf("operation: %s", trimPkg(err.Error()))
	}
	if r.Categories, err = pii.ParseSet(j.Categories); err != nil {
		return fmt.Errorf("categories: %s", trimPkg(err.Error()))
	}
	if j.Form != "" {
		if err := r.Form.UnmarshalText([]byte(j.Form)); err != nil {
			return fmt.Errorf("form: %s", trimPkg(err.Error()))
		}
	}
	if j.At != "" {
		if r.At, err = instant(j.At, w.now); err != nil {
			return fmt.Errorf("at: %w", err)
		}
	}
	for i, a := range j.Attest {
		v, err := lawful.ParseAttestation(strings.TrimSpace(a))
		if err != nil {
			return fmt.Errorf("attest[%d]: %s", i, strings.TrimPrefix(err.Error(), "lawful: "))
		}
		r.Attest |= v
	}
	if j.Item != nil {
		r.Item.Key = j.Item.Key
		if r.Item.Collected, err = instant(j.Item.Collected, w.now); err != nil {
			return fmt.Errorf("item.collected: %w", err)
		}
	}
	w.request = r
	return nil
}
