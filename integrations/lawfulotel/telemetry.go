package lawfulotel

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/purpose"
)

// ScopeName is the instrumentation scope of the meter.
const ScopeName = "github.com/lawfulgo/lawful/integrations/lawfulotel"

// Metric names. The Prometheus exporter writes them as
// lawful_decisions_total, lawful_check_duration_seconds (a histogram),
// lawful_store_errors_total and lawful_audit_dropped_total.
const (
	// MetricDecisions counts decisions, by KeyAllowed, KeyReason,
	// KeyRegime, KeyPurpose, KeyBasis and KeyOperation (Audit).
	MetricDecisions = "lawful.decisions"
	// MetricCheckDuration is the latency of a check in seconds, by
	// KeyAllowed and KeyReason (Instrument).
	MetricCheckDuration = "lawful.check.duration"
	// MetricStoreErrors counts denials because a directory or consent
	// store failed or was too stale (store_unavailable), by KeyStoreCause
	// (Audit).
	MetricStoreErrors = "lawful.store.errors"
	// MetricAuditDropped counts decisions an AuditQueue dropped because
	// its sink fell behind, by KeyAuditSink (ObserveAuditQueue).
	MetricAuditDropped = "lawful.audit.dropped"
)

// DefaultBuckets are the latency histogram's boundaries in seconds, from
// a microsecond (an in-memory check) to a second (a store timing out).
var DefaultBuckets = []float64{
	0.000001, 0.0000025, 0.000005, 0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005,
	0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
}

// Options configure Telemetry; the zero value uses the global providers.
type Options struct {
	// MeterProvider makes the meter; nil means otel.GetMeterProvider().
	MeterProvider metric.MeterProvider
	// Buckets overrides DefaultBuckets.
	Buckets []float64
}

// maxSeries bounds the attribute sets Telemetry caches; past it, sets are
// built per decision (correct, slower). Purposes are bounded by the policy
// and reasons, regimes, bases and operations by lawful, so a real service
// stays far below it.
const maxSeries = 4096

// Telemetry records lawful's decisions as OpenTelemetry metrics and span
// attributes, with no personal values (see Attributes). It is safe for
// concurrent use. Use it in two places:
//
//   - as the Auditor (lawful.Options.Auditors, lawful.Config.Auditor): it
//     counts every decision, whichever way it was asked for (Check,
//     Allow, Do), and the store errors among them;
//   - through Instrument, as the Checker your handlers call (lawfulhttp
//     and lawfulgrpc take one): it measures each check's latency and sets
//     the decision's attributes on the caller's span.
//
// Each measurement has one source, so using both counts nothing twice.
type Telemetry struct {
	decisions   metric.Int64Counter
	duration    metric.Float64Histogram
	storeErrors metric.Int64Counter
	meter       metric.Meter

	// Options are kept as one-element slices, passed on with ..., so that
	// recording allocates no variadic slice.

	// byReason holds the histogram's option per reason (index: the
	// reason; allowed is ReasonNone), built in New.
	byReason [][]metric.RecordOption
	// storeCauses holds MetricStoreErrors' options by cause.
	storeCauses map[string][]metric.AddOption

	mu   sync.RWMutex
	sets map[series][]metric.AddOption
}

// series is the attribute set of one MetricDecisions series.
type series struct {
	allowed bool
	reason  lawful.Reason
	basis   purpose.Basis
	anon    bool
	op      purpose.Operation
	regime  string
	purpose purpose.ID
}

// New returns Telemetry recording through o's meter provider.
func New(o Options) (*Telemetry, error) {
	mp := o.MeterProvider
	if mp == nil {
		mp = otel.GetMeterProvider()
	}
	buckets := o.Buckets
	if buckets == nil {
		buckets = DefaultBuckets
	}
	t := &Telemetry{meter: mp.Meter(ScopeName), sets: map[series][]metric.AddOption{}}
	var errs [3]error
	t.decisions, errs[0] = t.meter.Int64Counter(MetricDecisions, metric.WithUnit("{decision}"),
		metric.WithDescription("Decisions of lawful's Guard, by outcome, reason, regime, purpose, basis and operation."))
	t.duration, errs[1] = t.meter.Float64Histogram(MetricCheckDuration, metric.WithUnit("s"),
		metric.WithDescription("Latency of lawful's checks, by outcome and reason."), metric.WithExplicitBucketBoundaries(buckets...))
	t.storeErrors, errs[2] = t.meter.Int64Counter(MetricStoreErrors, metric.WithUnit("{error}"),
		metric.WithDescription("Denials because a directory or consent store failed or was too stale (store_unavailable), by cause."))
	if err := errors.Join(errs[:]...); err != nil {
		return nil, fmt.Errorf("lawfulotel: New: %w", err)
	}
	for r := lawful.Reason(0); int(r) < 256; r++ {
		name := r.String()
		if len(name) > 7 && name[:7] == "Reason(" {
			break
		}
		set := attribute.NewSet(KeyAllowed.Bool(r == lawful.ReasonNone), KeyReason.String(name))
		t.byReason = append(t.byReason, []metric.RecordOption{metric.WithAttributeSet(set)})
	}
	t.storeCauses = map[string][]metric.AddOption{}
	for _, c := range []string{"stale", "timeout", "error"} {
		t.storeCauses[c] = []metric.AddOption{metric.WithAttributeSet(attribute.NewSet(KeyStoreCause.String(c)))}
	}
	return t, nil
}

// Audit implements lawful.Auditor: it counts d in MetricDecisions and, for
// store_unavailable, in MetricStoreErrors. It sets no span attributes: an
// auditor may run on an AuditQueue's goroutine after the request's span
// ended (Instrument sets them, on the caller's goroutine). It allocates
// nothing once a series has been seen.
func (t *Telemetry) Audit(ctx context.Context, d lawful.Decision) {
	if ctx == nil {
		ctx = context.Background()
	}
	t.decisions.Add(ctx, 1, t.seriesOf(d)...)
	if !d.Allowed() && d.Reason == lawful.StoreUnavailable {
		t.storeErrors.Add(ctx, 1, t.storeCauses[storeCause(d)]...)
	}
}

// storeCause classifies a store_unavailable denial.
func storeCause(d lawful.Decision) string {
	switch {
	case d.Cause == nil:
		return "stale" // the Guard refused a view older than Freshness.Max
	case errors.Is(d.Cause, context.DeadlineExceeded):
		return "timeout"
	}
	return "error"
}

// seriesOf returns the cached attribute option of d's series.
func (t *Telemetry) seriesOf(d lawful.Decision) []metric.AddOption {
	k := series{allowed: d.Allowed(), reason: d.Reason, basis: d.Basis, anon: d.Anonymised, op: d.Request.Operation, regime: d.Regime}
	if k.allowed {
		k.reason = lawful.ReasonNone
	} else if k.reason == lawful.ReasonNone {
		k.reason = lawful.NotConfigured
	}
	if !k.op.Valid() {
		k.op = purpose.OperationUnknown
	}
	if d.PurposeDeclared() {
		k.purpose = d.Request.Purpose
	}
	t.mu.RLock()
	opt, ok := t.sets[k]
	t.mu.RUnlock()
	if ok {
		return opt
	}
	opt = []metric.AddOption{metric.WithAttributeSet(attribute.NewSet(k.attributes()...))}
	t.mu.Lock()
	if len(t.sets) < maxSeries {
		t.sets[k] = opt
	}
	t.mu.Unlock()
	return opt
}

// attributes are the series' MetricDecisions attributes.
func (k series) attributes() []attribute.KeyValue {
	kv := []attribute.KeyValue{KeyAllowed.Bool(k.allowed), KeyReason.String(k.reason.String()), KeyOperation.String(operationName(k.op))}
	if b := basisName(lawful.Decision{Basis: k.basis, Anonymised: k.anon}); b != "" {
		kv = append(kv, KeyBasis.String(b))
	}
	if k.regime != "" {
		kv = append(kv, KeyRegime.String(k.regime))
	}
	if k.purpose != "" {
		kv = append(kv, KeyPurpose.String(string(k.purpose)))
	}
	return kv
}

// Checker decides whether a processing is lawful: *lawful.Service and
// *lawful.Guard are Checkers.
type Checker interface {
	Check(ctx context.Context, r lawful.Request) lawful.Decision
}

// Instrument returns a Checker that checks with c, records the check's
// latency in MetricCheckDuration, and sets the decision's Attributes on
// the span in ctx when it is recording. Pass it where a Checker is taken
// (lawfulhttp.Options.Checker, lawfulgrpc.Options.Checker) or call its
// Check yourself. Checks that bypass it (lawful.Do on the Guard) are
// counted by Audit but not timed.
func (t *Telemetry) Instrument(c Checker) *Instrumented {
	return &Instrumented{c: c, t: t}
}

// Instrumented is a Checker that measures another (see Instrument).
type Instrumented struct {
	c Checker
	t *Telemetry
}

// Check decides r with the wrapped Checker, timing it and annotating the
// span in ctx. A nil wrapped Checker denies with not_configured.
func (i *Instrumented) Check(ctx context.Context, r lawful.Request) lawful.Decision {
	start := time.Now()
	var d lawful.Decision
	if i.c != nil {
		d = i.c.Check(ctx, r)
	} else {
		d = lawful.Decision{Reason: lawful.NotConfigured, Request: r}
	}
	elapsed := time.Since(start).Seconds()
	rec := ctx
	if rec == nil {
		rec = context.Background()
	}
	i.t.duration.Record(rec, elapsed, i.t.reasonOption(d)...)
	Annotate(ctx, d)
	return d
}

// reasonOption returns the histogram's attribute option for d.
func (t *Telemetry) reasonOption(d lawful.Decision) []metric.RecordOption {
	r := lawful.ReasonNone
	if !d.Allowed() {
		r = d.Reason
		if r == lawful.ReasonNone {
			r = lawful.NotConfigured
		}
	}
	if int(r) < len(t.byReason) {
		return t.byReason[r]
	}
	return []metric.RecordOption{metric.WithAttributeSet(attribute.NewSet(KeyAllowed.Bool(false), KeyReason.String(r.String())))}
}

// Annotate sets d's Attributes on the span in ctx, if it is recording: for
// a decision made outside Instrument, on the goroutine that made it.
func Annotate(ctx context.Context, d lawful.Decision) {
	span := trace.SpanFromContext(ctx)
	if span.IsRecording() {
		span.SetAttributes(Attributes(d)...)
	}
}

// ObserveAuditQueue reports q's dropped decisions (lawful.AuditQueue.
// Dropped) as MetricAuditDropped with KeyAuditSink name, read at each
// collection. Unregister the returned registration when q is closed for
// good.
func (t *Telemetry) ObserveAuditQueue(name string, q *lawful.AuditQueue) (metric.Registration, error) {
	if q == nil {
		return nil, errors.New("lawfulotel: ObserveAuditQueue: nil queue")
	}
	return t.ObserveDropped(name, q.Dropped)
}

// ObserveDropped reports a count of dropped decisions read from dropped
// at each collection as MetricAuditDropped with KeyAuditSink name; for a
// Service's own queues, pass its AuditDropped:
//
//	tel.ObserveDropped("service", svc.AuditDropped)
func (t *Telemetry) ObserveDropped(name string, dropped func() uint64) (metric.Registration, error) {
	if dropped == nil {
		return nil, errors.New("lawfulotel: ObserveDropped: nil function")
	}
	c, err := t.meter.Int64ObservableCounter(MetricAuditDropped, metric.WithUnit("{decision}"),
		metric.WithDescription("Decisions an audit queue dropped because its sink fell behind."))
	if err != nil {
		return nil, fmt.Errorf("lawfulotel: observing dropped decisions: %w", err)
	}
	set := metric.WithAttributeSet(attribute.NewSet(KeyAuditSink.String(name)))
	return t.meter.RegisterCallback(func(_ context.Context, o metric.Observer) error {
		o.ObserveInt64(c, int64(dropped()), set)
		return nil
	}, c)
}
