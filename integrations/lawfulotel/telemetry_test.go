package lawfulotel_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/integrations/lawfulotel"
	"github.com/lawfulgo/lawful/lawfultest"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
)

// points flattens a counter or histogram into "k=v,k=v" → value (the
// count, for a histogram), attributes sorted by key.
func points(t *testing.T, agg metricdata.Aggregation) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	key := func(s attribute.Set) string {
		var parts []string
		for _, kv := range s.ToSlice() {
			parts = append(parts, string(kv.Key)+"="+kv.Value.String())
		}
		return strings.Join(parts, ",")
	}
	switch a := agg.(type) {
	case metricdata.Sum[int64]:
		for _, p := range a.DataPoints {
			out[key(p.Attributes)] += p.Value
		}
	case metricdata.Histogram[float64]:
		for _, p := range a.DataPoints {
			out[key(p.Attributes)] += int64(p.Count)
		}
	default:
		t.Fatalf("unexpected aggregation %T", agg)
	}
	return out
}

func TestDecisionsAreCountedByReasonRegimePurposeBasisAndOperation(t *testing.T) {
	r := newRig(t, lawfultest.Options{})
	alice, bob := r.w.Adult(t), r.w.Adult(t)
	r.w.Grant(t, alice, consent.Separate, voice)
	ctx := context.Background()
	r.w.Guard.Check(ctx, use(alice, voice, voiceprint))
	r.w.Guard.Check(ctx, use(alice, voice, voiceprint))
	r.w.Guard.Check(ctx, use(bob, voice, voiceprint))
	_, _ = lawful.Do(ctx, r.w.Guard, lawful.Request{Subject: bob, Purpose: profile, Operation: purpose.Use, Categories: phone, Attest: lawful.ContractParty},
		func(context.Context) (int, error) { return 0, nil })

	got := points(t, r.collect(t)[lawfulotel.MetricDecisions])
	assert.Equal(t, map[string]int64{
		"lawful.allowed=true,lawful.basis=consent,lawful.operation=use,lawful.purpose=service.voice_clone,lawful.reason=none,lawful.regime=PIPL":        2,
		"lawful.allowed=false,lawful.basis=consent,lawful.operation=use,lawful.purpose=service.voice_clone,lawful.reason=no_consent,lawful.regime=PIPL": 1,
		"lawful.allowed=true,lawful.basis=contract,lawful.operation=use,lawful.purpose=account.profile,lawful.reason=none,lawful.regime=PIPL":           1,
	}, got)
}

func TestAPurposeThePolicyDoesNotDeclareNeverBecomesALabel(t *testing.T) {
	r := newRig(t, lawfultest.Options{})
	alice := r.w.Adult(t)
	d, attrs := r.check(t, use(alice, "alice.private.diary", voiceprint))
	require.Equal(t, lawful.UnknownPurpose, d.Reason)
	assert.NotContains(t, attrs, "lawful.purpose")
	for series := range points(t, r.collect(t)[lawfulotel.MetricDecisions]) {
		assert.NotContains(t, series, "diary")
		assert.NotContains(t, series, "lawful.purpose")
	}
}

func TestStoreFailuresAreCountedByCause(t *testing.T) {
	r := newRig(t, lawfultest.Options{Directory: lawfultest.FailingDirectory{Err: errors.New("directory down at db-7.internal")}})
	alice := r.w.Adult(t)
	r.w.Guard.Check(context.Background(), use(alice, voice, voiceprint))
	timeout := lawfultest.FailingDirectory{Err: fmt.Errorf("lookup: %w", context.DeadlineExceeded)}
	r2 := newRig(t, lawfultest.Options{Directory: timeout})
	r2.w.Guard.Check(context.Background(), use(r2.w.Adult(t), voice, voiceprint))

	assert.Equal(t, map[string]int64{"lawful.store.cause=error": 1}, points(t, r.collect(t)[lawfulotel.MetricStoreErrors]))
	// The store's own deadline, not the request's: a store error.
	assert.Equal(t, map[string]int64{"lawful.store.cause=timeout": 1}, points(t, r2.collect(t)[lawfulotel.MetricStoreErrors]))
}

func TestInstrumentTimesEachCheckInTheDefaultBuckets(t *testing.T) {
	r := newRig(t, lawfultest.Options{})
	alice := r.w.Adult(t)
	r.w.Grant(t, alice, consent.Separate, voice)
	for range 3 {
		r.check(t, use(alice, voice, voiceprint))
	}
	r.check(t, use(r.w.Adult(t), voice, voiceprint))
	data := r.collect(t)
	assert.Equal(t, map[string]int64{"lawful.allowed=true,lawful.reason=none": 3, "lawful.allowed=false,lawful.reason=no_consent": 1},
		points(t, data[lawfulotel.MetricCheckDuration]))
	h := data[lawfulotel.MetricCheckDuration].(metricdata.Histogram[float64])
	assert.Equal(t, lawfulotel.DefaultBuckets, h.DataPoints[0].Bounds)
	for _, p := range h.DataPoints {
		assert.Less(t, p.Sum, float64(p.Count), "a check took over a second on average")
	}
	// Audit counted the same checks once each.
	var n int64
	for _, v := range points(t, data[lawfulotel.MetricDecisions]) {
		n += v
	}
	assert.Equal(t, int64(4), n)
}

func TestTheSpanCarriesTheDecisionWithoutPersonalValues(t *testing.T) {
	r := newRig(t, lawfultest.Options{})
	alice := r.w.Adult(t)
	ev := r.w.Grant(t, alice, consent.Separate, voice)
	req := use(alice, voice, voiceprint)
	req.Item = lawful.Item{Key: "voice/alice-wang-2026.wav", Collected: r.w.Clock.Now().Add(-time.Hour)}
	d, attrs := r.check(t, req)
	require.True(t, d.Allowed(), d.String())
	assert.Equal(t, map[string]string{
		"lawful.allowed": "true", "lawful.reason": "none", "lawful.basis": "consent", "lawful.regime": "PIPL",
		"lawful.purpose": "service.voice_clone", "lawful.operation": "use", "lawful.categories": "biometric.voiceprint",
		"lawful.obligations": d.Obligations.String(),
	}, attrs)
	for _, v := range attrs {
		assert.NotContains(t, v, alice.String())
		assert.NotContains(t, v, ev.ID.String(), "the consent event's ID")
		assert.NotContains(t, v, "alice-wang")
	}
}

func TestARecipientThePolicyRefusedIsLeftOffTheSpan(t *testing.T) {
	r := newRig(t, lawfultest.Options{})
	alice := r.w.Adult(t)
	req := lawful.Request{Subject: alice, Purpose: delivery, Operation: purpose.Entrust, Categories: address, Attest: lawful.ContractParty}
	req.Recipient = "Courier Ltd"
	d, attrs := r.check(t, req)
	require.True(t, d.Allowed(), d.String())
	assert.Equal(t, "Courier Ltd", attrs["lawful.recipient"])
	assert.Equal(t, "contract_party", attrs["lawful.attested"])

	req.Recipient = "Zhang San"
	d, attrs = r.check(t, req)
	require.Equal(t, lawful.RecipientNotDeclared, d.Reason)
	assert.NotContains(t, attrs, "lawful.recipient")
}

func TestAuditAllocatesNothingForASeriesItHasSeen(t *testing.T) {
	tel, err := lawfulotel.New(lawfulotel.Options{MeterProvider: sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))})
	require.NoError(t, err)
	r := newRig(t, lawfultest.Options{})
	alice := r.w.Adult(t)
	r.w.Grant(t, alice, consent.Separate, voice)
	d := r.w.Guard.Check(context.Background(), use(alice, voice, voiceprint))
	ctx := context.Background()
	tel.Audit(ctx, d)
	assert.Zero(t, testing.AllocsPerRun(100, func() { tel.Audit(ctx, d) }))
}

func TestAnInstrumentedCheckAllocatesNothingOnTheAllowPath(t *testing.T) {
	r := newRig(t, lawfultest.Options{})
	alice := r.w.Adult(t)
	r.w.Grant(t, alice, consent.Separate, voice)
	ctx := context.Background()
	req := use(alice, voice, voiceprint)
	require.True(t, r.checker.Check(ctx, req).Allowed())
	assert.Zero(t, testing.AllocsPerRun(100, func() { r.checker.Check(ctx, req) }))
}

func TestANilCheckerOrContextIsHandled(t *testing.T) {
	tel, err := lawfulotel.New(lawfulotel.Options{})
	require.NoError(t, err)
	d := tel.Instrument(nil).Check(context.Background(), lawful.Request{})
	assert.Equal(t, lawful.NotConfigured, d.Reason)
	r := newRig(t, lawfultest.Options{})
	//lint:ignore SA1012 a nil context is what is tested
	d = r.checker.Check(nil, use(r.w.Adult(t), voice, voiceprint))
	assert.Equal(t, lawful.InvalidRequest, d.Reason)
	//lint:ignore SA1012 a nil context is what is tested
	tel.Audit(nil, d)
}

func TestObserveAuditQueueReportsDrops(t *testing.T) {
	r := newRig(t, lawfultest.Options{})
	block := make(chan struct{})
	q := lawful.NewAuditQueue(lawful.AuditFunc(func(context.Context, lawful.Decision) { <-block }), 1, nil)
	reg, err := r.tel.ObserveAuditQueue("warehouse", q)
	require.NoError(t, err)
	for range 5 {
		q.Audit(context.Background(), lawful.Decision{})
	}
	got := points(t, r.collect(t)[lawfulotel.MetricAuditDropped])
	assert.GreaterOrEqual(t, got["lawful.audit.sink=warehouse"], int64(3))
	close(block)
	q.Close()
	require.NoError(t, reg.Unregister())
	_, err = r.tel.ObserveAuditQueue("none", nil)
	assert.Error(t, err)
	_, err = r.tel.ObserveDropped("none", nil)
	assert.Error(t, err)
}

func TestObserveDroppedReadsAServicesCount(t *testing.T) {
	r := newRig(t, lawfultest.Options{})
	var n atomic.Uint64
	n.Store(7)
	reg, err := r.tel.ObserveDropped("service", n.Load)
	require.NoError(t, err)
	assert.Equal(t, int64(7), points(t, r.collect(t)[lawfulotel.MetricAuditDropped])["lawful.audit.sink=service"])
	n.Store(9)
	assert.Equal(t, int64(9), points(t, r.collect(t)[lawfulotel.MetricAuditDropped])["lawful.audit.sink=service"], "read at each collection")
	require.NoError(t, reg.Unregister())
}

func TestAttributesOfAZeroDecision(t *testing.T) {
	got := map[string]string{}
	for _, kv := range lawfulotel.Attributes(lawful.Decision{Request: lawful.Request{Purpose: "x", Categories: pii.MustParseSet("contact.phone")}}) {
		got[string(kv.Key)] = kv.Value.String()
	}
	assert.Equal(t, map[string]string{"lawful.allowed": "false", "lawful.reason": "not_configured", "lawful.operation": "invalid"}, got)
}
