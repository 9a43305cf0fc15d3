package bench

import (
	"cmp"
	"context"
	"encoding/binary"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/consent/consenttest"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

// benchCategories are c00…c19 registered as "bench.c00"…"bench.c19":
// c15–c19 Sensitive under PIPL, the others General.
var benchCategories [NumCategories]pii.Category

func init() {
	for i := range benchCategories {
		sens := pii.General
		if SensitiveMask&(1<<i) != 0 {
			sens = pii.Sensitive
		}
		benchCategories[i] = pii.MustRegister(pii.Definition{
			Key:    fmt.Sprintf("bench.c%02d", i),
			NameEN: fmt.Sprintf("bench category %02d", i),
			PIPL:   sens,
			GDPR:   sens,
		})
	}
}

// PiiSet converts a CategorySet to lawful's pii.Set.
func PiiSet(cs CategorySet) pii.Set {
	var s pii.Set
	for i := range NumCategories {
		if cs&(1<<i) != 0 {
			s = s.With(benchCategories[i])
		}
	}
	return s
}

// lawfulOp maps the workload's operation to lawful's (same order, from 1).
func lawfulOp(o Operation) purpose.Operation { return purpose.Operation(o) + 1 }

// Recipients the purposes declare for the operations that provide PI; the
// workload has no recipients, so each request names the one declared for
// its operation.
var recipientFor = [NumOperations]string{
	Share:    "bench.shared",
	Entrust:  "bench.entrusted",
	Transfer: "bench.successor",
	Export:   "bench.overseas",
}

func benchRecipients(ops []Operation) []purpose.Recipient {
	var rs []purpose.Recipient
	for _, o := range ops {
		switch o {
		case Share:
			rs = append(rs, purpose.Recipient{Name: recipientFor[o], Role: purpose.Independent})
		case Entrust:
			rs = append(rs, purpose.Recipient{Name: recipientFor[o], Role: purpose.Entrusted})
		case Transfer:
			rs = append(rs, purpose.Recipient{Name: recipientFor[o], Role: purpose.Successor})
		case Export:
			rs = append(rs, purpose.Recipient{Name: recipientFor[o], Role: purpose.Independent, Country: "SG", Mechanism: purpose.StandardContract})
		}
	}
	return rs
}

// BenchPolicy is the workload's purpose table as a lawful policy: every
// version is Material, so only consent under the current version counts.
func BenchPolicy() purpose.Policy {
	pol := purpose.Policy{
		Name:      purpose.Text{EN: "lawful bench"},
		Version:   "bench",
		Regimes:   []pii.Law{pii.PIPL},
		Retention: []purpose.Retention{{ID: "bench", Summary: purpose.Text{EN: "for the benchmark's life"}}},
	}
	for i := range Purposes {
		p := &Purposes[i]
		d := purpose.Purpose{
			ID:         purpose.ID(p.ID),
			Name:       purpose.Text{EN: "bench purpose " + p.ID},
			Retention:  "bench",
			Recipients: benchRecipients(p.Operations),
		}
		for v := 1; v <= p.Current; v++ {
			d.Versions = append(d.Versions, purpose.Version{Number: v, Material: true})
		}
		for _, o := range p.Operations {
			d.Operations = d.Operations.With(lawfulOp(o))
		}
		d.Required = PiiSet(p.CatMask)
		switch p.Basis {
		case Contract:
			d.Basis = purpose.Legal{Basis: purpose.Contract}
		case LegalObligation:
			d.Basis = purpose.Legal{Basis: purpose.LegalDuty, Cites: "Cybersecurity Law art. 21(3)"}
		case Emergency:
			d.Basis = purpose.Legal{Basis: purpose.Emergency}
		default:
			d.Basis = purpose.Legal{Basis: purpose.Consent}
		}
		pol.Purposes = append(pol.Purposes, d)
	}
	return pol
}

// BenchRegime is PIPL adjusted to the rule of BENCH.md: ages in UTC,
// reached on the birthday (29 February births on 1 March), guardian
// consent under 14 in any form, no separate consent by operation, a
// child's data not sensitive as such, no guardian on the contract ground,
// no stricter rule for disclose.
func BenchRegime() lawful.Regime {
	r := lawful.PIPL()
	r.Ages = subject.AgePolicy{Rule: subject.OnBirthdayMarchFirst, Location: time.UTC, ChildAge: 14, MinorAge: 18, GuardianAge: 14}
	r.SeparateFor = 0
	r.ChildDataSensitive = false
	r.GuardianOnContract = false
	r.StrictDisclose = false
	r.NoAutomatedMarketingToMinors = false
	r.GuardianForm = consent.Click
	return r
}

// SubjectID maps the workload's subject index to a subject.ID: a UUIDv7
// shape with the index in the last four bytes.
func SubjectID(i int) subject.ID {
	id := subject.ID{0x01, 0x95, 0xbe, 0x9c, 0x00, 0x00, 0x70, 0x00, 0x80}
	binary.BigEndian.PutUint32(id[12:], uint32(i))
	return id
}

// subjectIndex parses "s%07d" without allocating; ok is false for anything
// else.
func subjectIndex(s string) (int, bool) {
	if len(s) != 8 || s[0] != 's' {
		return 0, false
	}
	n := 0
	for i := 1; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// benchKeys seal the fixture's events, which are written straight to the
// store, as a service's migration would with its keys.
var benchKeys = func() *consent.Keys {
	k, err := consent.NewKeys(consent.Key{ID: 1, Secret: []byte("lawful bench sealing key, 32 B..")})
	if err != nil {
		panic(err) // a constant key
	}
	return k
}()

// benchGuardian is the guardian who gives every guardian consent.
var benchGuardian = subject.MustParseID("0195be9c-0000-7000-8000-00000000f00d")

// Lawful is lawful's Guard set up for the workload.
type Lawful struct {
	Guard  *lawful.Guard
	Ledger *consent.Ledger
	ctx    context.Context
}

// grantEvents returns subject s's consent records as unsealed Grant events,
// in order of granted.
func grantEvents(id subject.ID, idx int, s *Subject) []consent.Event {
	recs := slices.Clone(s.Records)
	slices.SortStableFunc(recs, func(a, b Record) int { return cmp.Compare(a.Granted, b.Granted) })
	events := make([]consent.Event, len(recs))
	for j, r := range recs {
		p := &Purposes[r.Purpose]
		e := consent.Event{
			Subject:   id,
			Kind:      consent.Grant,
			Purposes:  []consent.PurposeRef{{ID: purpose.ID(p.ID), Version: r.Version}},
			Form:      consent.Click,
			Effective: time.Unix(r.Granted, 0).UTC(),
			Notice:    "bench",
		}
		for _, o := range p.Operations {
			if recipientFor[o] != "" {
				e.Recipients = append(e.Recipients, recipientFor[o])
			}
		}
		if r.Separate {
			e.Form = consent.Separate
		}
		if r.Guardian {
			e.By = consent.Giver{Guardian: benchGuardian, Relation: subject.Parent}
		}
		end := r.Withdrawn
		if r.Expires != 0 && (end == 0 || r.Expires < end) {
			end = r.Expires
		}
		if end != 0 {
			e.Expires = time.Unix(end, 0).UTC()
		}
		e.Recorded = e.Effective
		e.ID = uuid.UUID(SubjectID(idx))
		e.ID[4], e.ID[5] = 0xe0, byte(j) // unique per (subject, record)
		events[j] = e
	}
	return events
}

// NewLawful builds the Guard for the workload's subjects: the consent
// store (NewLawfulStore), then the rest (NewLawfulOn).
func NewLawful(subjects []Subject) (*Lawful, error) {
	store, err := NewLawfulStore(subjects)
	if err != nil {
		return nil, err
	}
	return NewLawfulOn(store, consent.NewMemAnchor(), subjects)
}

// NewLawfulStore writes the consent records straight to a MemStore as
// chained Grant events (Ledger.Append would refuse the stale versions the
// workload holds on purpose). In a service this is the database.
func NewLawfulStore(subjects []Subject) (*consent.MemStore, error) {
	ctx := context.Background()
	store := consent.NewMemStore()
	for i := range subjects {
		s := &subjects[i]
		if len(s.Records) == 0 {
			continue
		}
		id := SubjectID(i)
		events := consenttest.SealWith(benchKeys, consent.Head{}, grantEvents(id, i, s)...)
		if err := store.Append(ctx, id, 0, events...); err != nil {
			return nil, err
		}
	}
	return store, nil
}

// NewLawfulOn builds what a service holds in memory besides its store and
// its anchor (in a service, two databases): the policy, a MemDirectory,
// the Ledger over store with every snapshot warmed (which anchors each
// subject's head on first load), and the Guard.
func NewLawfulOn(store consent.Store, anchor consent.Anchor, subjects []Subject) (*Lawful, error) {
	ctx := context.Background()
	reg, err := purpose.Compile(BenchPolicy())
	if err != nil {
		return nil, err
	}
	people := make([]subject.Subject, len(subjects))
	for i := range subjects {
		y, m, d := subjects[i].Birth.Date()
		birth, err := subject.NewDate(y, m, d)
		if err != nil {
			return nil, err
		}
		people[i] = subject.Subject{ID: SubjectID(i), Birth: birth, Jurisdiction: "CN", Status: subject.Active}
	}
	dir := subject.NewMemDirectory(people...)
	ledger, err := consent.NewLedger(consent.Config{Registry: reg, Directory: dir, Store: store, Keys: benchKeys, Anchor: anchor, Clock: consent.SystemClock{}})
	if err != nil {
		return nil, err
	}
	for i := range subjects {
		if _, err := ledger.Snapshot(ctx, SubjectID(i)); err != nil {
			return nil, fmt.Errorf("subject %s: %w", subjects[i].ID, err)
		}
	}
	g, err := lawful.NewGuard(lawful.Config{Registry: reg, Directory: dir, Ledger: ledger, Clock: lawful.SystemClock{}, Regime: BenchRegime()})
	if err != nil {
		return nil, err
	}
	return &Lawful{Guard: g, Ledger: ledger, ctx: ctx}, nil
}

// Request converts a workload request to lawful's. An ID that is not
// "s%07d" maps to the zero subject, which the Guard denies as unknown.
func (l *Lawful) Request(q *Request) lawful.Request {
	r := lawful.Request{
		Purpose:    purpose.ID(q.Purpose),
		Operation:  lawfulOp(q.Operation),
		Categories: PiiSet(q.Categories),
		At:         time.Unix(q.At, 0).UTC(),
		// The workload's exemptions hold: an emergency is declared for p2,
		// and every subject is a party to the contract p0 rests on.
		Attest:    lawful.Emergency | lawful.ContractParty,
		Recipient: recipientFor[q.Operation],
	}
	if i, ok := subjectIndex(q.Subject); ok {
		r.Subject = SubjectID(i)
	}
	return r
}

// Check returns the Guard's decision on q.
func (l *Lawful) Check(q *Request) lawful.Decision { return l.Guard.Check(l.ctx, l.Request(q)) }

// Allow reports whether the Guard allows q.
func (l *Lawful) Allow(q *Request) bool { return l.Check(q).Allowed() }
