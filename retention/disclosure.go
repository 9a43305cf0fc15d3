package retention

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/lawfulgo/lawful/internal/rule"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

// Disclosure records that a subject's data left the service: shared,
// entrusted, transferred, disclosed or exported to a recipient. Deletion
// and correction must be passed on to every recipient (000 §5.3; GDPR
// art. 19), and records of providing or entrusting PI are kept at least
// three years (NDSMR art. 12), so the records outlive the data.
type Disclosure struct {
	Subject    subject.ID
	Purpose    purpose.ID
	Categories pii.Set
	Operation  purpose.Operation
	// Recipient is the name the purpose declares; empty only for Disclose.
	Recipient string
	At        time.Time
}

// RecordDisclosure records d after checking it against the policy: the
// purpose is declared, provides data by the operation, and declares the
// recipient. lawful.Do records one for every allowed provision when the
// Guard has a Tracker.
func (t *Tracker) RecordDisclosure(ctx context.Context, d Disclosure) error {
	bad := func(format string, args ...any) error {
		return rule.New(ErrInvalidEvent, "retention: disclosure: "+fmt.Sprintf(format, args...))
	}
	p, ok := t.rules.reg.Lookup(d.Purpose)
	switch {
	case d.Subject.IsZero():
		return bad("names no subject")
	case d.At.IsZero():
		return bad("needs its time")
	case d.Categories.IsEmpty():
		return bad("names no categories")
	case !ok:
		return bad("purpose %q is not declared", d.Purpose)
	case !d.Operation.Provides() && d.Operation != purpose.Disclose:
		return bad("%v does not provide data to anyone", d.Operation)
	case !p.Declares(d.Operation):
		return bad("purpose %q does not declare %v", d.Purpose, d.Operation)
	}
	if d.Recipient != "" || d.Operation != purpose.Disclose {
		if _, ok := p.Recipient(d.Recipient); !ok {
			return bad("%q is not a recipient of purpose %q", d.Recipient, d.Purpose)
		}
	}
	if err := t.store.AddDisclosure(ctx, d); err != nil {
		return fmt.Errorf("retention: recording disclosure: %w", err)
	}
	return nil
}

// Recipients returns the distinct recipients that received the subject's
// data of any of purposes (all purposes if empty) in any of cats (all
// categories if empty), sorted: whom to notify of a deletion, correction
// or restriction (GDPR art. 19; PIPL art. 47 with seed 000 §5.3).
func (t *Tracker) Recipients(ctx context.Context, s subject.ID, purposes []purpose.ID, cats pii.Set) ([]string, error) {
	ds, err := t.store.Disclosures(ctx, s)
	if err != nil {
		return nil, fmt.Errorf("retention: loading disclosures: %w", err)
	}
	var out []string
	for _, d := range ds {
		switch {
		case d.Recipient == "":
		case len(purposes) > 0 && !slices.Contains(purposes, d.Purpose):
		case !cats.IsEmpty() && !cats.Overlaps(d.Categories):
		case !slices.Contains(out, d.Recipient):
			out = append(out, d.Recipient)
		}
	}
	slices.Sort(out)
	return out, nil
}

// Disclosures returns the subject's disclosure records in order.
func (t *Tracker) Disclosures(ctx context.Context, s subject.ID) ([]Disclosure, error) {
	return t.store.Disclosures(ctx, s)
}
