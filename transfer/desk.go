package transfer

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/lawfulgo/lawful/clock"
	"github.com/lawfulgo/lawful/internal/ctxerr"
	"github.com/lawfulgo/lawful/internal/rule"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

// Bounds on the inputs of a Desk.
const (
	MaxInstruments = 1000 // instruments in a Config
	MaxAdequate    = 300  // countries in Config.Adequate
	MaxText        = 512  // bytes in a recipient, a reference or an approval
)

// Instrument is one legal instrument in force for exports: a CAC security
// assessment's approval (valid three years: Cross-border Data Flow
// Provisions art. 9), a filed standard contract, a certification, GDPR
// standard contractual clauses or binding corporate rules.
type Instrument struct {
	Mechanism purpose.Mechanism
	// Recipient is the recipient it covers, or "" for every recipient (a
	// certification of the processor, binding corporate rules).
	Recipient string
	// Ref identifies it: the approval number, the filing number.
	Ref string
	// From and Until bound its validity, [From, Until); a zero Until has
	// no end.
	From, Until time.Time
}

// Thresholds are the people counts of the Cross-border Data Flow
// Provisions (CAC, 2024), counted from 1 January of the current year.
type Thresholds struct {
	// Exempt: below this many people's non-sensitive PI, and with no
	// sensitive PI, a non-CII operator needs no mechanism (art. 5(4):
	// 100,000).
	Exempt int64
	// Assessment: from this many people's non-sensitive PI a security
	// assessment is needed (art. 7(2): 1,000,000).
	Assessment int64
	// SensitiveAssessment: from this many people's sensitive PI a security
	// assessment is needed (art. 7(2): 10,000).
	SensitiveAssessment int64
}

// DefaultThresholds returns the Provisions' counts: 100,000; 1,000,000;
// 10,000 [read in reprints of the CAC text].
func DefaultThresholds() Thresholds {
	return Thresholds{Exempt: 100_000, Assessment: 1_000_000, SensitiveAssessment: 10_000}
}

// DefaultAdequate returns the countries and territories with a European
// Commission adequacy decision, as ISO 3166-1 alpha-2 codes: Andorra,
// Argentina, Canada, Switzerland, the Faroe Islands, the United Kingdom,
// Guernsey, Israel, the Isle of Man, Jersey, Japan, the Republic of Korea,
// New Zealand and Uruguay. The United States' decision covers only
// organisations certified under the Data Privacy Framework, so "US" is
// not listed: add it to Config.Adequate for a certified recipient.
// Decisions change; keep the list as counsel advises.
func DefaultAdequate() []string {
	return []string{"AD", "AR", "CA", "CH", "FO", "GB", "GG", "IL", "IM", "JE", "JP", "KR", "NZ", "UY"}
}

// Config configures a Desk. Store is required; every other field has a
// documented default when zero.
type Config struct {
	// Store records the exports and counts them. Required.
	Store Store
	// Clock stamps nothing but bounds At; nil means clock.System.
	Clock clock.Clock
	// CIIOperator marks a critical information infrastructure operator,
	// whose exports of PI all need a security assessment (Cross-border
	// Data Flow Provisions art. 7(1); PIPL art. 40).
	CIIOperator bool
	// Instruments in force (at most MaxInstruments).
	Instruments []Instrument
	// Adequate lists the countries with an adequacy decision (GDPR art.
	// 45); nil means DefaultAdequate().
	Adequate []string
	// Thresholds; the zero value means DefaultThresholds().
	Thresholds Thresholds
	// Zone is where the year begins (1 January, 00:00); nil means China
	// Standard Time (UTC+8).
	Zone *time.Location
	// CountExempt counts exports made under the exemptions of the
	// Provisions' art. 5(1)–(3) (contract, HR, emergency) towards the
	// thresholds. The Provisions leave them out of the counts (arts. 7, 8:
	// "from its provisions"); default false.
	CountExempt bool
}

// Desk decides exports per regime and counts the PIPL ones: see Check.
// Make one with New; it is safe for concurrent use. Export serialises
// check and record within one Desk, so one Desk never lets two exports
// through that together cross a threshold; Desks in several processes
// sharing a Store may overshoot by the exports in flight at once.
type Desk struct {
	cfg      Config
	adequate []string // sorted
	mu       sync.Mutex
}

// New returns a Desk for cfg, or an error matching ErrNotConfigured.
func New(cfg Config) (*Desk, error) {
	bad := func(format string, args ...any) (*Desk, error) {
		return nil, rule.New(ErrNotConfigured, "transfer: "+fmt.Sprintf(format, args...))
	}
	if cfg.Store == nil {
		return bad("Config.Store is nil; pass a Store such as NewMemStore()")
	}
	if cfg.Clock == nil {
		cfg.Clock = clock.System{}
	}
	if cfg.Zone == nil {
		cfg.Zone = time.FixedZone("CST", 8*3600)
	}
	if cfg.Thresholds == (Thresholds{}) {
		cfg.Thresholds = DefaultThresholds()
	}
	if t := cfg.Thresholds; t.Exempt <= 0 || t.Assessment <= t.Exempt || t.SensitiveAssessment <= 0 {
		return bad("thresholds %+v must be positive, with Assessment above Exempt", t)
	}
	if cfg.Adequate == nil {
		cfg.Adequate = DefaultAdequate()
	}
	if len(cfg.Adequate) > MaxAdequate || len(cfg.Instruments) > MaxInstruments {
		return bad("%d adequate countries and %d instruments; at most %d and %d", len(cfg.Adequate), len(cfg.Instruments), MaxAdequate, MaxInstruments)
	}
	for _, c := range cfg.Adequate {
		if !validCountry(c) {
			return bad("adequate country %q is not an ISO 3166-1 alpha-2 code", c)
		}
	}
	for i, in := range cfg.Instruments {
		if err := in.validate(); err != nil {
			return bad("instrument %d: %v", i, err)
		}
	}
	cfg.Instruments = slices.Clone(cfg.Instruments)
	d := &Desk{cfg: cfg, adequate: slices.Clone(cfg.Adequate)}
	slices.Sort(d.adequate)
	return d, nil
}

func (in Instrument) validate() error {
	switch in.Mechanism {
	case purpose.SecurityAssessment, purpose.Certification, purpose.StandardContract, purpose.SafeguardClauses, purpose.BindingCorporateRules:
	default:
		return fmt.Errorf("mechanism %v is not one with an instrument (security assessment, certification, standard contract, clauses, binding corporate rules)", in.Mechanism)
	}
	if len(in.Recipient) > MaxText || len(in.Ref) > MaxText || in.Ref == "" {
		return fmt.Errorf("needs a reference of at most %d bytes", MaxText)
	}
	if !in.Until.IsZero() && !in.Until.After(in.From) {
		return errors.New("its end (Until) is not after its start (From)")
	}
	return nil
}

func validCountry(c string) bool {
	return len(c) == 2 && c[0] >= 'A' && c[0] <= 'Z' && c[1] >= 'A' && c[1] <= 'Z'
}

// YearStart returns 1 January, 00:00, of the year at falls in, in the
// Desk's zone: the start of the Provisions' count.
func (d *Desk) YearStart(at time.Time) time.Time {
	return time.Date(at.In(d.cfg.Zone).Year(), 1, 1, 0, 0, 0, 0, d.cfg.Zone)
}

// Volume returns the counted PIPL exports of the calendar year in the
// Desk's zone: the report of exports per year.
func (d *Desk) Volume(ctx context.Context, year int) (Volume, error) {
	if err := ctxerr.Err(ctx); err != nil {
		return Volume{}, fmt.Errorf("transfer: volume: %w", err)
	}
	v, err := d.cfg.Store.Count(ctx, year, subject.ID{})
	if err != nil {
		return Volume{}, fmt.Errorf("transfer: counting %d: %w", year, err)
	}
	return v, nil
}

// Summary returns the exports of both regimes in [from, to) by recipient,
// country and mechanism.
func (d *Desk) Summary(ctx context.Context, from, to time.Time) ([]Line, error) {
	if err := ctxerr.Err(ctx); err != nil {
		return nil, fmt.Errorf("transfer: summary: %w", err)
	}
	return d.cfg.Store.Summary(ctx, from, to)
}

// Export decides r as Check does and, when it is allowed, records it in
// the Store before returning, so that it counts towards the thresholds. A
// record that fails turns the decision into a StoreUnavailable refusal:
// an export that cannot be counted is not made.
func (d *Desk) Export(ctx context.Context, r Request) Decision {
	d.mu.Lock()
	defer d.mu.Unlock()
	dec := d.Check(ctx, r)
	if !dec.Allowed {
		return dec
	}
	if err := d.cfg.Store.Add(ctx, d.record(r, dec)); err != nil {
		return Decision{Reason: StoreUnavailable, Law: r.Law, Cause: err, Detail: "recording the export failed"}
	}
	return dec
}

// Record records an export already made (one Check allowed): for a
// service that checks first and records once the data has left.
func (d *Desk) Record(ctx context.Context, r Request, dec Decision) error {
	if err := ctxerr.Err(ctx); err != nil {
		return fmt.Errorf("transfer: record: %w", err)
	}
	if !dec.Allowed {
		return rule.New(ErrInvalidRequest, "transfer: record: the decision did not allow the export")
	}
	return d.cfg.Store.Add(ctx, d.record(r, dec))
}

func (d *Desk) record(r Request, dec Decision) Export {
	if r.At.IsZero() {
		r.At = d.cfg.Clock.Now()
	}
	general, sensitive := split(r)
	return Export{Law: r.Law, Subject: r.Subject, Purpose: r.Purpose, Recipient: r.Recipient, Country: r.Country,
		Categories: r.Categories, General: general, Sensitive: sensitive, Mechanism: r.Mechanism,
		Counted: r.Law == pii.PIPL && (d.cfg.CountExempt || !exemption(r.Mechanism)), Ref: dec.Instrument.Ref, At: r.At,
		Year: r.At.In(d.cfg.Zone).Year()}
}
