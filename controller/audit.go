package controller

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/clock"
	"github.com/lawfulgo/lawful/internal/ctxerr"
	"github.com/lawfulgo/lawful/internal/rule"
)

// Bounds on an audit record.
const (
	MaxText  = 16 << 10 // bytes of Scope, Findings and Remediation
	MaxShort = 256      // bytes of Auditor and OrderRef
	MaxList  = 1000     // audits per AuditStore.List call
)

// Audit is one compliance audit of the processor's PI processing (PIPL
// art. 54; an audit an authority ordered, art. 64).
type Audit struct {
	// ID identifies the record; Audits.Add assigns a version 7 UUID when
	// zero.
	ID uuid.UUID
	// Auditor is the internal body or the professional body that audited.
	Auditor string
	// External marks a professional body rather than an internal one.
	External bool
	// Ordered marks an audit an authority required (PIPL art. 64), with
	// the order's reference.
	Ordered  bool
	OrderRef string
	// Scope, Findings and Remediation, as the audit report states them.
	Scope, Findings, Remediation string
	// Started and Completed bound the audit; Completed is when the report
	// was delivered.
	Started, Completed time.Time
}

// AuditStore persists audit records. Implementations must be safe for
// concurrent use and pass controllertest.TestAuditStore. The contract:
//
//   - Add stores a copy of a, or returns an error and stores nothing; an
//     ID already stored is an error. Times round-trip to the nanosecond.
//   - List returns up to limit audits completed before before, latest
//     first (by Completed, then ID descending); the zero before means no
//     bound. limit is 1 to MaxList.
//   - Both return ctx.Err() (wrapped) when ctx is done before they act.
type AuditStore interface {
	Add(ctx context.Context, a Audit) error
	List(ctx context.Context, before time.Time, limit int) ([]Audit, error)
}

// MemAuditStore is the in-memory AuditStore. The zero value is ready to
// use and safe for concurrent use.
type MemAuditStore struct {
	mu     sync.RWMutex
	audits []Audit // latest first
}

var _ AuditStore = (*MemAuditStore)(nil)

func laterFirst(a, b Audit) int {
	if c := b.Completed.Compare(a.Completed); c != 0 {
		return c
	}
	return bytes.Compare(b.ID[:], a.ID[:])
}

// Add implements AuditStore.
func (s *MemAuditStore) Add(ctx context.Context, a Audit) error {
	if err := ctxerr.Err(ctx); err != nil {
		return fmt.Errorf("controller: add audit: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if slices.ContainsFunc(s.audits, func(x Audit) bool { return x.ID == a.ID }) {
		return rule.New(ErrInvalid, fmt.Sprintf("controller: audit %v is already stored", a.ID))
	}
	i, _ := slices.BinarySearchFunc(s.audits, a, laterFirst)
	s.audits = slices.Insert(s.audits, i, a)
	return nil
}

// List implements AuditStore.
func (s *MemAuditStore) List(ctx context.Context, before time.Time, limit int) ([]Audit, error) {
	if err := ctxerr.Err(ctx); err != nil {
		return nil, fmt.Errorf("controller: list audits: %w", err)
	}
	if limit < 1 || limit > MaxList {
		return nil, fmt.Errorf("controller: list audits: limit %d, want 1 to %d", limit, MaxList)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []Audit
	for _, a := range s.audits {
		if len(out) == limit {
			break
		}
		if before.IsZero() || a.Completed.Before(before) {
			out = append(out, a)
		}
	}
	return out, nil
}

// Audits keeps the compliance-audit records and computes when the next is
// due. Make one with NewAudits; it is safe for concurrent use.
type Audits struct {
	store AuditStore
	rules Rules
	clock clock.Clock
	mu    sync.Mutex // serialises Add's rotation check and write
}

// NewAudits returns Audits over store under r; a nil clk means
// clock.System.
func NewAudits(store AuditStore, r Rules, clk clock.Clock) (*Audits, error) {
	if store == nil {
		return nil, fmt.Errorf("%w: controller: nil AuditStore", ErrNotConfigured)
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	if clk == nil {
		clk = clock.System{}
	}
	return &Audits{store: store, rules: r, clock: clk}, nil
}

// Add validates a and stores it. It refuses an audit without an auditor
// or scope, with Completed not after Started or after the clock, an order
// without its reference, texts past the bounds, and a professional body's
// audit that would be its MaxConsecutive+1-th in a row (ErrRotation).
func (s *Audits) Add(ctx context.Context, a Audit) (Audit, error) {
	if err := ctxerr.Err(ctx); err != nil {
		return Audit{}, fmt.Errorf("controller: add audit: %w", err)
	}
	if err := a.validate(s.clock.Now()); err != nil {
		return Audit{}, err
	}
	if a.ID == uuid.Nil {
		id, err := uuid.NewV7()
		if err != nil {
			return Audit{}, fmt.Errorf("controller: add audit: new ID: %w", err)
		}
		a.ID = id
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if a.External {
		prev, err := s.store.List(ctx, a.Completed, s.rules.MaxConsecutive)
		if err != nil {
			return Audit{}, fmt.Errorf("controller: loading audits: %w", err)
		}
		same := 0
		for _, p := range prev {
			if !p.External || p.Auditor != a.Auditor {
				break
			}
			same++
		}
		if same >= s.rules.MaxConsecutive {
			return Audit{}, rule.New(ErrRotation, fmt.Sprintf("controller: %q audited the last %d times in a row; a professional body may not audit the same processor %d times in a row (Compliance Audit Measures)", a.Auditor, same, same+1))
		}
	}
	if err := s.store.Add(ctx, a); err != nil {
		return Audit{}, fmt.Errorf("controller: storing audit: %w", err)
	}
	return a, nil
}

func (a *Audit) validate(now time.Time) error {
	var ps []string
	bad := func(format string, args ...any) { ps = append(ps, fmt.Sprintf(format, args...)) }
	if a.Auditor == "" || len(a.Auditor) > MaxShort {
		bad("Auditor must be 1 to %d bytes", MaxShort)
	}
	if a.Scope == "" {
		bad("Scope is empty")
	}
	for _, t := range []string{a.Scope, a.Findings, a.Remediation} {
		if len(t) > MaxText {
			bad("a text is %d bytes, more than %d", len(t), MaxText)
		}
	}
	if a.Ordered && a.OrderRef == "" || len(a.OrderRef) > MaxShort {
		bad("an ordered audit names the order (OrderRef, at most %d bytes; PIPL art. 64)", MaxShort)
	}
	switch {
	case a.Started.IsZero() || a.Completed.IsZero() || !clock.InRange(a.Started) || !clock.InRange(a.Completed):
		bad("Started and Completed must be set and in range")
	case !a.Completed.After(a.Started):
		bad("Completed is not after Started")
	case a.Completed.After(now):
		bad("Completed is after now: record an audit once its report is delivered")
	}
	if len(ps) == 0 {
		return nil
	}
	return rule.New(ErrInvalid, fmt.Sprintf("controller: invalid audit: %v", ps))
}

// Due is when the next compliance audit is due.
type Due struct {
	// Last is the latest completed audit, if any.
	Last Audit
	// Next is when the next must be completed; zero when the law fixes no
	// interval ("regularly", PIPL art. 54).
	Next time.Time
	// Months is the interval applied, and Cite its source.
	Months int
	Cite   string
	// Overdue reports Next passed at the time asked.
	Overdue bool
}

// NextDue returns when p's next audit is due at at: the shortest interval
// that applies (MOR art. 37 for minors' PI; the Compliance Audit Measures
// above r.FrequentAuditAbove people; r.OtherAuditMonths otherwise),
// counted from the last audit completed before at, or from at when there
// is none (an audit is due at once).
func (s *Audits) NextDue(ctx context.Context, p *Profile, at time.Time) (Due, error) {
	last, err := s.store.List(ctx, at, 1)
	if err != nil {
		return Due{}, fmt.Errorf("controller: loading audits: %w", err)
	}
	var d Due
	months, cite := s.interval(p)
	d.Months, d.Cite = months, cite
	if len(last) == 1 {
		d.Last = last[0]
	}
	switch {
	case months == 0:
	case len(last) == 0:
		d.Next = at
	default:
		d.Next = last[0].Completed.AddDate(0, months, 0)
	}
	d.Overdue = !d.Next.IsZero() && (at.After(d.Next) || len(last) == 0)
	return d, nil
}

func (s *Audits) interval(p *Profile) (int, string) {
	months, cite := s.rules.OtherAuditMonths, "PIPL art. 54"
	if p.Individuals > s.rules.FrequentAuditAbove && (months == 0 || s.rules.FrequentAuditMonths < months) {
		months, cite = s.rules.FrequentAuditMonths, "PIPL art. 54; Compliance Audit Measures"
	}
	if p.Minors && (months == 0 || s.rules.MinorsAuditMonths < months) {
		months, cite = s.rules.MinorsAuditMonths, "MOR art. 37"
	}
	return months, cite
}
