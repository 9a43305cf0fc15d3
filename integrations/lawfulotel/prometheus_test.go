package lawfulotel_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	otelprom "go.opentelemetry.io/otel/exporters/prometheus"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/integrations/lawfulotel"
	"github.com/lawfulgo/lawful/lawfultest"
)

func TestAPrometheusScrapeShowsEveryMetricByItsName(t *testing.T) {
	registry := prometheus.NewRegistry()
	exporter, err := otelprom.New(otelprom.WithRegisterer(registry))
	require.NoError(t, err)
	tel, err := lawfulotel.New(lawfulotel.Options{MeterProvider: sdkmetric.NewMeterProvider(sdkmetric.WithReader(exporter))})
	require.NoError(t, err)

	ok := lawfultest.New(t, testPolicy(), lawfultest.Options{Auditor: tel})
	down := lawfultest.New(t, testPolicy(), lawfultest.Options{Auditor: tel, Directory: lawfultest.FailingDirectory{Err: errors.New("down")}})
	ctx := context.Background()
	tel.Instrument(ok.Guard).Check(ctx, use(ok.Adult(t), voice, voiceprint))
	tel.Instrument(down.Guard).Check(ctx, use(down.Adult(t), voice, voiceprint))
	q := lawful.NewAuditQueue(nil, 1, nil)
	q.Close()
	q.Audit(ctx, lawful.Decision{}) // dropped: closed
	_, err = tel.ObserveAuditQueue("archive", q)
	require.NoError(t, err)

	srv := httptest.NewServer(promhttp.HandlerFor(registry, promhttp.HandlerOpts{}))
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	text := string(body)
	for _, want := range []string{
		"# TYPE lawful_decisions_total counter",
		"# TYPE lawful_check_duration_seconds histogram",
		"# TYPE lawful_store_errors_total counter",
		"# TYPE lawful_audit_dropped_total counter",
		`lawful_check_duration_seconds_bucket{lawful_allowed="false",lawful_reason="no_consent",otel_scope_name="github.com/lawfulgo/lawful/integrations/lawfulotel"`,
		`lawful_store_errors_total{lawful_store_cause="error",otel_scope_name="github.com/lawfulgo/lawful/integrations/lawfulotel"`,
		`lawful_audit_dropped_total{lawful_audit_sink="archive",otel_scope_name="github.com/lawfulgo/lawful/integrations/lawfulotel"`,
		`le="1e-06"`,
	} {
		assert.Contains(t, text, want)
	}
}
