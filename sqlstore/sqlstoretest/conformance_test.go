package sqlstoretest_test

import (
	"testing"

	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/consent/consenttest"
	"github.com/lawfulgo/lawful/retention"
	"github.com/lawfulgo/lawful/retention/retentiontest"
)

// The conformance suites of consent.Store (with consent.ChangeFeed) and
// retention.Store, each subtest on a fresh database: a new SQLite file, or
// a new PostgreSQL schema.
func TestConsentStoreConformance(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			b.skipUnavailable(t)
			consenttest.TestStore(t, func(t *testing.T) consent.Store { return b.store(t).Consent() })
		})
	}
}

func TestRetentionStoreConformance(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			b.skipUnavailable(t)
			retentiontest.TestStore(t, func(t *testing.T) retention.Store { return b.store(t).Retention() })
		})
	}
}
