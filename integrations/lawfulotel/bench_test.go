package lawfulotel_test

import (
	"context"
	"testing"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/integrations/lawfulotel"
	"github.com/lawfulgo/lawful/lawfultest"
)

// The cost of Telemetry is BenchmarkInstrumentedAudited less
// BenchmarkGuard: the Guard's own check, with a no-op auditor.

func benchCheck(b *testing.B, audited, instrumented bool) {
	tel, err := lawfulotel.New(lawfulotel.Options{MeterProvider: sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))})
	if err != nil {
		b.Fatal(err)
	}
	// Not lawfultest's default Recorder, which keeps every decision.
	opts := lawfultest.Options{Auditor: lawful.AuditFunc(func(context.Context, lawful.Decision) {})}
	if audited {
		opts.Auditor = tel
	}
	w := lawfultest.New(b, testPolicy(), opts)
	alice := w.Adult(b)
	w.Grant(b, alice, consent.Separate, voice)
	var c lawfulotel.Checker = w.Guard
	if instrumented {
		c = tel.Instrument(w.Guard)
	}
	req := use(alice, voice, voiceprint)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if !c.Check(ctx, req).Allowed() {
			b.Fatal("denied")
		}
	}
}

func BenchmarkGuard(b *testing.B)               { benchCheck(b, false, false) }
func BenchmarkAudited(b *testing.B)             { benchCheck(b, true, false) }
func BenchmarkInstrumentedAudited(b *testing.B) { benchCheck(b, true, true) }
