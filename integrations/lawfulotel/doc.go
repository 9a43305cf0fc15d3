// Package lawfulotel reports lawful's decisions to OpenTelemetry: metrics
// for every decision (counts by outcome, reason, regime, purpose, basis
// and operation; a latency histogram; store errors; audit-queue drops)
// and the decision's attributes on the caller's span, with no personal
// values.
//
// # Quick start
//
//	tel, err := lawfulotel.New(lawfulotel.Options{MeterProvider: mp}) // nil: the global one
//	svc, err := lawful.New(ctx, lawful.Options{
//		Policy:   reg,
//		Auditors: []lawful.Auditor{tel}, // counts every decision
//	})
//	checker := tel.Instrument(svc) // times checks, annotates spans
//	lh, err := lawfulhttp.New(lawfulhttp.Options{Checker: checker, Subject: ...})
//
// With the OpenTelemetry Prometheus exporter as mp's reader, a scrape
// shows (see Example_prometheus):
//
//	lawful_decisions_total{lawful_allowed="false",lawful_basis="consent",lawful_operation="use",
//	    lawful_purpose="service.voice_clone",lawful_reason="no_consent",lawful_regime="PIPL"} 1
//	lawful_check_duration_seconds_bucket{lawful_allowed="true",lawful_reason="none",le="1e-06"} 0
//	lawful_store_errors_total{lawful_store_cause="error"} 3
//
// # Where each measurement comes from
//
// Telemetry.Audit, the auditor, counts decisions (MetricDecisions) and
// store failures (MetricStoreErrors): it sees every decision, also those of
// lawful.Do and of checks made directly on the Guard, and it allocates
// nothing once a series has been seen. It sets no span attributes,
// because a Service calls its auditors from queues, after the request's
// span may have ended.
//
// Instrument wraps the Checker your handlers call: it records each
// check's latency (MetricCheckDuration) and sets Attributes on the span in
// the check's context, on the caller's goroutine. Annotate does the same
// for a decision made elsewhere. Each measurement has one source, so the
// two together count nothing twice.
//
// ObserveAuditQueue reports an AuditQueue's drops (MetricAuditDropped): the
// back-pressure of a slow audit sink shows there, never in check latency.
//
// # No personal values
//
// Metric and span attributes carry lawful's enumerations (reason, basis,
// operation), the regime's name, category keys, and IDs the policy
// declares (purpose, recipient organisation), never the subject's ID, a
// consent event's ID, a legal instrument's text, an item key or a store's
// error. A purpose or recipient is recorded only once the policy accepted
// it (lawful.Decision.PurposeDeclared), so that neither personal data nor unbounded label
// values can enter metrics through a request's fields.
package lawfulotel
