package lawfulotel_test

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	otelprom "go.opentelemetry.io/otel/exporters/prometheus"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/integrations/lawfulotel"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

// examplePolicy is a one-purpose voice service.
func examplePolicy() *purpose.Registry {
	return purpose.MustCompile(purpose.Policy{
		Name:    purpose.Text{EN: "Voice Lab"},
		Regimes: []pii.Law{pii.PIPL},
		Retention: []purpose.Retention{{ID: "voice", Summary: purpose.Text{EN: "Until the voice model is deleted"},
			Rule: []byte(`{"ends_on": ["consent_withdrawn", "deletion_requested", "account_closed"], "action": "delete"}`)}},
		Purposes: []purpose.Purpose{{
			ID: "service.voice_clone", Name: purpose.Text{EN: "Voice cloning"}, Versions: []purpose.Version{{Number: 1}},
			Required:   pii.MustParseSet("biometric.voiceprint"),
			Operations: purpose.OperationsOf(purpose.Collect, purpose.Use, purpose.Store),
			Basis:      purpose.Legal{Basis: purpose.Consent}, Retention: "voice",
		}},
	})
}

// scrape GETs url and returns the sample lines of lawful's metrics, with
// the histogram's buckets left out.
func scrape(url string) ([]string, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var out []string
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "lawful_") && !strings.Contains(line, "_bucket{") {
			out = append(out, line)
		}
	}
	return out, sc.Err()
}

// A Service whose decisions are counted by Telemetry (its auditor) and
// timed by Instrument, exported through OpenTelemetry's Prometheus
// exporter and scraped over HTTP as Prometheus would.
func Example_prometheus() {
	ctx := context.Background()
	registry := prometheus.NewRegistry()
	exporter, err := otelprom.New(otelprom.WithRegisterer(registry), otelprom.WithoutScopeInfo(), otelprom.WithoutTargetInfo())
	if err != nil {
		fmt.Println(err)
		return
	}
	tel, _ := lawfulotel.New(lawfulotel.Options{MeterProvider: sdkmetric.NewMeterProvider(sdkmetric.WithReader(exporter))})
	svc, _ := lawful.New(ctx, lawful.Options{Policy: examplePolicy(), Auditors: []lawful.Auditor{tel}})
	checker := tel.Instrument(svc) // give this to lawfulhttp or lawfulgrpc

	alice := subject.MustParseID("0192f000-0000-7000-8000-00000000a11c")
	birth, _ := subject.NewDate(1990, time.May, 1)
	_ = svc.Directory().(*subject.MemDirectory).Put(subject.Subject{ID: alice, Birth: birth, Jurisdiction: "CN", Status: subject.Active}, time.Now())
	use := lawful.Request{Subject: alice, Purpose: "service.voice_clone", Operation: purpose.Use, Categories: pii.MustParseSet("biometric.voiceprint")}
	checker.Check(ctx, use) // no_consent
	_, _ = svc.Ledger().Append(ctx, consent.Event{Subject: alice, Kind: consent.Grant, Form: consent.Separate, Notice: "2026-03",
		Purposes: []consent.PurposeRef{{ID: "service.voice_clone"}}})
	checker.Check(ctx, use) // allowed
	checker.Check(ctx, use) // allowed

	// The Service audits through queues that never block a check; Run
	// drains them when it returns. A real service runs it for its life.
	done, cancel := context.WithCancel(ctx)
	cancel()
	_ = svc.Run(done)

	srv := httptest.NewServer(promhttp.HandlerFor(registry, promhttp.HandlerOpts{}))
	defer srv.Close()
	lines, err := scrape(srv.URL + "/metrics")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, "lawful_check_duration_seconds_sum") { // a time, different each run
			fmt.Println(l)
		}
	}
	// Output:
	// lawful_check_duration_seconds_count{lawful_allowed="false",lawful_reason="no_consent"} 1
	// lawful_check_duration_seconds_count{lawful_allowed="true",lawful_reason="none"} 2
	// lawful_decisions_total{lawful_allowed="false",lawful_basis="consent",lawful_operation="use",lawful_purpose="service.voice_clone",lawful_reason="no_consent",lawful_regime="PIPL"} 1
	// lawful_decisions_total{lawful_allowed="true",lawful_basis="consent",lawful_operation="use",lawful_purpose="service.voice_clone",lawful_reason="none",lawful_regime="PIPL"} 2
}
