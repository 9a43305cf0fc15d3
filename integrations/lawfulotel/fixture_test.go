package lawfulotel_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/integrations/lawfulotel"
	"github.com/lawfulgo/lawful/lawfultest"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

// The purposes of the test policy.
const (
	// profile: the account holder's own phone number, on the contract
	// ground (PIPL art. 13(1)(2)).
	profile purpose.ID = "account.profile"
	// voice: a voiceprint, on separate consent.
	voice purpose.ID = "service.voice_clone"
	// delivery: the address entrusted to a courier, on the contract ground.
	delivery purpose.ID = "orders.delivery"
)

var (
	phone      = pii.MustParseSet("contact.phone")
	voiceprint = pii.MustParseSet("biometric.voiceprint")
	address    = pii.MustParseSet("contact.address")
)

// testPolicy is a three-purpose service.
func testPolicy() *purpose.Registry {
	ops := purpose.OperationsOf(purpose.Collect, purpose.Use, purpose.Store)
	return purpose.MustCompile(purpose.Policy{
		Name:    purpose.Text{EN: "Test service"},
		Regimes: []pii.Law{pii.PIPL},
		Retention: []purpose.Retention{{ID: "account", Summary: purpose.Text{EN: "Until the account is closed"},
			Rule: []byte(`{"ends_on": ["account_closed", "deletion_requested"], "action": "delete"}`)}},
		Purposes: []purpose.Purpose{
			{ID: profile, Name: purpose.Text{EN: "Profile"}, Core: true, Versions: []purpose.Version{{Number: 1}},
				Required: phone, Operations: ops, Basis: purpose.Legal{Basis: purpose.Contract}, Retention: "account"},
			{ID: voice, Name: purpose.Text{EN: "Voice cloning"}, Versions: []purpose.Version{{Number: 1}},
				Required: voiceprint, Operations: ops, Basis: purpose.Legal{Basis: purpose.Consent}, Retention: "account"},
			{ID: delivery, Name: purpose.Text{EN: "Delivery"}, Core: true, Versions: []purpose.Version{{Number: 1}},
				Required: address, Operations: purpose.OperationsOf(purpose.Use, purpose.Entrust),
				Recipients: []purpose.Recipient{{Name: "Courier Ltd", Role: purpose.Entrusted}},
				Basis:      purpose.Legal{Basis: purpose.Contract}, Retention: "account"},
		},
	})
}

// rig is Telemetry on a manual metric reader and a span recorder, the
// auditor of a lawfultest World over the test policy.
type rig struct {
	tel     *lawfulotel.Telemetry
	reader  *sdkmetric.ManualReader
	spans   *tracetest.SpanRecorder
	tracer  *sdktrace.TracerProvider
	w       *lawfultest.World
	checker *lawfulotel.Instrumented
}

func newRig(t *testing.T, opts lawfultest.Options) *rig {
	t.Helper()
	r := &rig{reader: sdkmetric.NewManualReader(), spans: tracetest.NewSpanRecorder()}
	r.tracer = sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(r.spans))
	tel, err := lawfulotel.New(lawfulotel.Options{MeterProvider: sdkmetric.NewMeterProvider(sdkmetric.WithReader(r.reader))})
	require.NoError(t, err)
	r.tel = tel
	opts.Auditor = tel
	r.w = lawfultest.New(t, testPolicy(), opts)
	r.checker = tel.Instrument(r.w.Guard)
	return r
}

// collect returns the metrics recorded so far, by name.
func (r *rig) collect(t *testing.T) map[string]metricdata.Aggregation {
	t.Helper()
	var rm metricdata.ResourceMetrics
	require.NoError(t, r.reader.Collect(context.Background(), &rm))
	out := map[string]metricdata.Aggregation{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			out[m.Name] = m.Data
		}
	}
	return out
}

// check runs r through the instrumented checker inside a span and
// returns the decision and the span's attributes.
func (r *rig) check(t *testing.T, req lawful.Request) (lawful.Decision, map[string]string) {
	t.Helper()
	ctx, span := r.tracer.Tracer("test").Start(context.Background(), "handler")
	d := r.checker.Check(ctx, req)
	span.End()
	ended := r.spans.Ended()
	attrs := map[string]string{}
	for _, kv := range ended[len(ended)-1].Attributes() {
		attrs[string(kv.Key)] = kv.Value.String()
	}
	return d, attrs
}

func use(id subject.ID, p purpose.ID, cats pii.Set) lawful.Request {
	return lawful.Request{Subject: id, Purpose: p, Operation: purpose.Use, Categories: cats}
}
