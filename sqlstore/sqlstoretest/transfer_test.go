package sqlstoretest_test

import (
	"testing"

	"github.com/lawfulgo/lawful/transfer"
	"github.com/lawfulgo/lawful/transfer/transfertest"
)

// The conformance suite of transfer.Store, each subtest on a fresh
// database.
func TestTransferStoreConformance(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			b.skipUnavailable(t)
			transfertest.TestStore(t, func(t *testing.T) transfer.Store { return b.store(t).Transfers() })
		})
	}
}
