package sqlstoretest_test

import (
	"testing"

	"github.com/lawfulgo/lawful/controller"
	"github.com/lawfulgo/lawful/controller/controllertest"
)

// The conformance suite of controller.AuditStore, each subtest on a fresh
// database.
func TestAuditStoreConformance(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			b.skipUnavailable(t)
			controllertest.TestAuditStore(t, func(t *testing.T) controller.AuditStore { return b.store(t).Audits() })
		})
	}
}
