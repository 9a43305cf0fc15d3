package rights

import (
	"cmp"
	"context"
	"encoding/hex"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/retention"
	"github.com/lawfulgo/lawful/subject"
)

// ManifestSchema is the value of Manifest.Schema. A new schema gets a new
// version; readers refuse versions they do not know.
const ManifestSchema = "lawful-rights-export/1"

// Manifest is the machine-readable answer to an Access, Copy or Port
// request (PIPL art. 45; NDSMR art. 25; GDPR arts. 15, 20): what the
// service holds about the subject and why, who received it, how long it is
// kept, and the subject's consent history. It describes the data; the
// service attaches the data itself (rows, files) per purpose.
//
// It carries no personal values beyond the subject's own: consent events
// say that a guardian acted and in which relation, never who; items are
// named by timer digests, never by their keys. Times are UTC, RFC 3339.
// The JSON encoding (encoding/json, fields in this order) is the
// documented schema:
//
//	{
//	  "schema": "lawful-rights-export/1",
//	  "request": "<request UUID>",
//	  "kind": "copy",                          // access, copy or port
//	  "subject": "<subject UUID>",
//	  "generated": "2026-03-10T02:00:00Z",
//	  "policy": "PIPL",                        // the Desk's policy name
//	  "controller": {"name": {"en": "...", "zh": "..."}, "contact": "..."},  // omitted without a Registry
//	  "consent": [{                            // the ledger, oldest first
//	    "seq": 1, "kind": "grant",             // grant, withdraw or expire
//	    "purposes": [{"purpose": "service.voice_clone", "version": 3}],
//	    "form": "separate",                    // grants only
//	    "by": "subject",                       // or "guardian"
//	    "relation": "parent",                  // the guardian's relation; omitted for the subject
//	    "recipients": ["GPU Cloud"],           // omitted when none
//	    "effective": "...", "expires": "...",  // expires omitted when none
//	    "notice": "2026-01-01",                // omitted when none
//	    "hash": "<64 hex digits>"              // the event's BLAKE2b-256 (consent.Verify)
//	  }],
//	  "purposes": [{                           // purposes with data held, by ID
//	    "purpose": "signup.login",
//	    "name": {"en": "Sign-up and login"},   // omitted without a Registry
//	    "categories": ["contact.phone"],       // category keys held
//	    "items": 1                             // tracked items held
//	  }],
//	  "recipients": ["WeChat Pay"],            // who received the data, sorted
//	  "retention": [{                          // each item held, by timer
//	    "timer": "<32 hex digits>",
//	    "purpose": "ops.logging",
//	    "categories": ["device.ip"],
//	    "collected": "...",
//	    "state": "restricted",                 // active, restricted or due
//	    "due": "...",                          // erasure time; omitted while none
//	    "restricted_from": "...",              // omitted when not restricted
//	    "cites": "Cybersecurity Law art. 21(3)", // the legal minimum; omitted when none
//	    "hold": "case-42"                      // the legal hold; omitted when none
//	  }]
//	}
//
// Lists are never null: an empty list is []. A request narrowed to some
// purposes or categories exports only those.
type Manifest struct {
	Schema     string            `json:"schema"`
	Request    uuid.UUID         `json:"request"`
	Kind       Kind              `json:"kind"`
	Subject    subject.ID        `json:"subject"`
	Generated  time.Time         `json:"generated"`
	Policy     string            `json:"policy"`
	Controller *ManifestParty    `json:"controller,omitempty"`
	Consent    []ManifestEvent   `json:"consent"`
	Purposes   []ManifestPurpose `json:"purposes"`
	Recipients []string          `json:"recipients"`
	Retention  []ManifestItem    `json:"retention"`
}

// ManifestParty is the controller a Manifest names (PIPL art. 17(1)).
type ManifestParty struct {
	Name    purpose.Text `json:"name"`
	Contact string       `json:"contact,omitempty"`
}

// ManifestEvent is one consent event of the subject's ledger.
type ManifestEvent struct {
	Seq        uint64           `json:"seq"`
	Kind       consent.Kind     `json:"kind"`
	Purposes   []ManifestRef    `json:"purposes"`
	Form       consent.Form     `json:"form,omitzero"`
	By         string           `json:"by"`
	Relation   subject.Relation `json:"relation,omitzero"`
	Recipients []string         `json:"recipients,omitempty"`
	Effective  time.Time        `json:"effective"`
	Expires    time.Time        `json:"expires,omitzero"`
	Notice     string           `json:"notice,omitempty"`
	Hash       string           `json:"hash"`
}

// ManifestRef is a purpose and the version an event concerns (0 for
// withdrawals and expiries, which end consent whatever its version).
type ManifestRef struct {
	Purpose purpose.ID `json:"purpose"`
	Version int        `json:"version"`
}

// ManifestPurpose is a purpose the service holds data for.
type ManifestPurpose struct {
	Purpose    purpose.ID   `json:"purpose"`
	Name       purpose.Text `json:"name,omitzero"`
	Categories []string     `json:"categories"`
	Items      int          `json:"items"`
}

// ManifestItem is one tracked item and its retention state.
type ManifestItem struct {
	Timer          retention.TimerID `json:"timer"`
	Purpose        purpose.ID        `json:"purpose"`
	Categories     []string          `json:"categories"`
	Collected      time.Time         `json:"collected"`
	State          string            `json:"state"`
	Due            time.Time         `json:"due,omitzero"`
	RestrictedFrom time.Time         `json:"restricted_from,omitzero"`
	Cites          string            `json:"cites,omitempty"`
	Hold           string            `json:"hold,omitempty"`
}

// manifest builds the export for r at now.
func (d *Desk) manifest(ctx context.Context, r *Request, now time.Time) (*Manifest, error) {
	m := &Manifest{
		Schema: ManifestSchema, Request: r.ID, Kind: r.Kind, Subject: r.Subject,
		Generated: now.UTC(), Policy: d.policy.Name,
		Consent: []ManifestEvent{}, Purposes: []ManifestPurpose{}, Recipients: []string{}, Retention: []ManifestItem{},
	}
	if d.reg != nil {
		c := d.reg.Policy().Controller
		m.Controller = &ManifestParty{Name: c.Name, Contact: c.Contact}
	}
	events, err := d.ledger.Events(ctx, r.Subject)
	if err != nil {
		return nil, fmt.Errorf("rights: loading consent history: %w", err)
	}
	for i := range events {
		if me, ok := manifestEvent(&events[i], r.Purposes); ok {
			m.Consent = append(m.Consent, me)
		}
	}
	timers, err := d.ret.Timers(ctx, r.Subject)
	if err != nil {
		return nil, fmt.Errorf("rights: loading retention timers: %w", err)
	}
	holds := d.ret.Holds()
	byPurpose := map[purpose.ID]int{}
	for i := range timers {
		tm := &timers[i]
		if tm.Done() || !inScope(tm, r.Purposes, r.Categories) {
			continue
		}
		cats := tm.Categories
		if !r.Categories.IsEmpty() {
			cats = cats.Intersect(r.Categories)
		}
		st := tm.StateAt(now)
		it := ManifestItem{Timer: tm.ID, Purpose: tm.Purpose, Categories: cats.Keys(), Collected: tm.Collected.UTC(), Due: tm.Due.UTC(), RestrictedFrom: tm.RestrictedFrom.UTC(), Cites: tm.MinimumCites}
		if h, held := activeHold(tm, holds, now); held && st == retention.Due {
			st, it.Hold = retention.Restricted, h.ID
		}
		it.State = st.String()
		m.Retention = append(m.Retention, it)
		j, ok := byPurpose[tm.Purpose]
		if !ok {
			j = len(m.Purposes)
			byPurpose[tm.Purpose] = j
			mp := ManifestPurpose{Purpose: tm.Purpose}
			if d.reg != nil {
				if c, ok := d.reg.Lookup(tm.Purpose); ok {
					mp.Name = c.Name()
				}
			}
			m.Purposes = append(m.Purposes, mp)
		}
		p := &m.Purposes[j]
		p.Items++
		p.Categories = mergeKeys(p.Categories, it.Categories)
	}
	slices.SortFunc(m.Purposes, func(a, b ManifestPurpose) int { return cmp.Compare(a.Purpose, b.Purpose) })
	slices.SortFunc(m.Retention, func(a, b ManifestItem) int { return cmp.Compare(a.Timer, b.Timer) })
	rec, err := d.recipients(ctx, r.Subject, r.Purposes, r.Categories)
	if err != nil {
		return nil, err
	}
	if rec != nil {
		m.Recipients = rec
	}
	return m, nil
}

// manifestEvent converts e, keeping only the named purposes (all if none
// are named); ok is false when none of e's purposes is named.
func manifestEvent(e *consent.Event, only []purpose.ID) (ManifestEvent, bool) {
	me := ManifestEvent{
		Seq: e.Seq, Kind: e.Kind, Form: e.Form, By: "subject",
		Recipients: slices.Clone(e.Recipients), Effective: e.Effective.UTC(), Expires: e.Expires.UTC(),
		Notice: e.Notice, Hash: hex.EncodeToString(e.Hash[:]),
	}
	if e.By.IsGuardian() {
		me.By, me.Relation = "guardian", e.By.Relation
	}
	for _, p := range e.Purposes {
		if len(only) == 0 || slices.Contains(only, p.ID) {
			me.Purposes = append(me.Purposes, ManifestRef{Purpose: p.ID, Version: p.Version})
		}
	}
	return me, len(me.Purposes) > 0
}

// mergeKeys returns the sorted union of a and b.
func mergeKeys(a, b []string) []string {
	out := append(slices.Clone(a), b...)
	slices.Sort(out)
	return slices.Compact(out)
}
