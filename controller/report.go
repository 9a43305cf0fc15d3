package controller

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/internal/ctxerr"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
)

// The sources of a Report are read through these small interfaces, each
// in this package's own terms, so that the incident register, the export
// desk and the retention tracker (packages this one may not import) are
// wired in by a few lines of adapter in the service or the root package.
// Implementations must be safe for concurrent use.

// IncidentSource lists the incidents open at at, with their clocks still
// open: what package incident's Register knows.
type IncidentSource interface {
	OpenIncidents(ctx context.Context, at time.Time) ([]IncidentLine, error)
}

// IncidentLine is one open incident.
type IncidentLine struct {
	ID         uuid.UUID
	Discovered time.Time
	Nature     string // e.g. "leak"
	Grade      string // e.g. "relatively_major"; "" if ungraded
	People     int64
	Clocks     []ClockLine // the duties still open
}

// ClockLine is one open notification duty of an incident.
type ClockLine struct {
	Duty, Audience, Cite string
	Due                  time.Time // zero: no fixed deadline
	Overdue              bool
}

// ExportSource reports exports: what package transfer's Desk knows.
type ExportSource interface {
	// ExportLines returns exports in [from, to) grouped by recipient.
	ExportLines(ctx context.Context, from, to time.Time) ([]ExportLine, error)
	// ExportVolume returns the people whose PI was exported under the PIPL
	// and counted in year, general and sensitive.
	ExportVolume(ctx context.Context, year int) (general, sensitive int64, err error)
}

// ExportLine is exports to one recipient under one regime and mechanism.
type ExportLine struct {
	Law       pii.Law
	Recipient string
	Country   string
	Mechanism purpose.Mechanism
	Exports   int64
	People    int64
}

// DisclosureSource reports the provisions of PI to recipients (shares,
// entrustments, transfers, disclosures): what package retention's
// Disclosure records hold.
type DisclosureSource interface {
	DisclosureLines(ctx context.Context, from, to time.Time) ([]DisclosureLine, error)
}

// DisclosureLine is the provisions to one recipient for one purpose.
type DisclosureLine struct {
	Recipient string
	Purpose   purpose.ID
	Operation purpose.Operation
	Records   int64
	People    int64
}

// Sources are what a Report is built from; nil fields leave their
// section out, and the Report says so.
type Sources struct {
	// Registry is the compiled policy: the records of processing.
	Registry    *purpose.Registry
	Incidents   IncidentSource
	Exports     ExportSource
	Disclosures DisclosureSource
	Audits      *Audits
}

// Report is what a regulator asks for: the processor's profile and its
// gaps, the records of processing (GDPR art. 30), disclosures per
// recipient, exports per year, open incidents with their overdue clocks,
// and the compliance-audit schedule.
type Report struct {
	At       time.Time
	From, To time.Time // the period of the disclosures and exports
	Profile  Profile
	Gaps     []Gap
	// Records are the records of processing, one per purpose.
	Records []Record
	// Disclosures and Exports in [From, To).
	Disclosures []DisclosureLine
	Exports     []ExportLine
	// ExportYear, ExportGeneral and ExportSensitive are the PIPL volumes
	// of the calendar year of At.
	ExportYear                     int
	ExportGeneral, ExportSensitive int64
	Incidents                      []IncidentLine
	Audit                          Due
	// Missing names the sections left out for want of a source.
	Missing []string
}

// Record is the record of one purpose of processing (GDPR art. 30(1);
// PIPL art. 56 keeps records of processing for three years).
type Record struct {
	Purpose    purpose.ID
	Name       purpose.Text
	Bases      []string // the basis under each regime, with its citation
	Categories []string // category keys
	Recipients []RecipientLine
	Retention  purpose.Text // the retention statement (art. 30(1)(f))
}

// RecipientLine is one recipient of a purpose (art. 30(1)(d), (e)).
type RecipientLine struct {
	Name      string
	Role      string
	Country   string // "" for one in the regime's territory
	Mechanism string // the transfer mechanism of an overseas recipient
}

// Build builds the report at at, with disclosures and exports of [from,
// to), reading every source given. It fails with the first source's
// error: a report that silently lacks a section is worse than none.
func Build(ctx context.Context, at, from, to time.Time, p Profile, r Rules, src Sources) (Report, error) {
	if err := ctxerr.Err(ctx); err != nil {
		return Report{}, fmt.Errorf("controller: report: %w", err)
	}
	if err := r.Validate(); err != nil {
		return Report{}, err
	}
	rep := Report{At: at, From: from, To: to, Profile: p, Gaps: p.Gaps(r)}
	var err error
	missing := func(name string) { rep.Missing = append(rep.Missing, name) }
	if src.Registry != nil {
		rep.Records = records(src.Registry)
	} else {
		missing("records of processing")
	}
	if src.Disclosures != nil {
		if rep.Disclosures, err = src.Disclosures.DisclosureLines(ctx, from, to); err != nil {
			return Report{}, fmt.Errorf("controller: report: disclosures: %w", err)
		}
	} else {
		missing("disclosures")
	}
	if err := rep.exports(ctx, src.Exports); err != nil {
		return Report{}, err
	}
	if src.Incidents != nil {
		if rep.Incidents, err = src.Incidents.OpenIncidents(ctx, at); err != nil {
			return Report{}, fmt.Errorf("controller: report: incidents: %w", err)
		}
	} else {
		missing("incidents")
	}
	if src.Audits != nil {
		if rep.Audit, err = src.Audits.NextDue(ctx, &rep.Profile, at); err != nil {
			return Report{}, fmt.Errorf("controller: report: audits: %w", err)
		}
	} else {
		missing("compliance audits")
	}
	return rep, nil
}

func (rep *Report) exports(ctx context.Context, src ExportSource) error {
	if src == nil {
		rep.Missing = append(rep.Missing, "exports")
		return nil
	}
	var err error
	if rep.Exports, err = src.ExportLines(ctx, rep.From, rep.To); err != nil {
		return fmt.Errorf("controller: report: exports: %w", err)
	}
	rep.ExportYear = rep.At.Year()
	if rep.ExportGeneral, rep.ExportSensitive, err = src.ExportVolume(ctx, rep.ExportYear); err != nil {
		return fmt.Errorf("controller: report: export volume: %w", err)
	}
	return nil
}

// records lists the records of processing from the compiled policy.
func records(reg *purpose.Registry) []Record {
	var out []Record
	for _, c := range reg.Purposes() {
		rec := Record{Purpose: c.ID(), Name: c.Name(), Categories: c.Categories().Keys()}
		for _, law := range reg.Regimes() {
			if l, ok := c.Legal(law); ok && l.Basis.Valid() {
				b := law.String() + ": " + l.Basis.String()
				if cite := l.Basis.Citation(law); cite != "" {
					b += " (" + cite + ")"
				}
				rec.Bases = append(rec.Bases, b)
			}
		}
		for _, r := range c.Recipients() {
			line := RecipientLine{Name: r.Name, Role: r.Role.String(), Country: r.Country}
			if r.Overseas() {
				line.Mechanism = r.Mechanism.String()
			}
			rec.Recipients = append(rec.Recipients, line)
		}
		if ret, ok := reg.Retention(c.RetentionID()); ok {
			rec.Retention = ret.Summary
		}
		out = append(out, rec)
	}
	return out
}
