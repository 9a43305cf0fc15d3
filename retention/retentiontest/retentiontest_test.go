package retentiontest_test

import (
	"testing"

	"github.com/lawfulgo/lawful/retention"
	"github.com/lawfulgo/lawful/retention/retentiontest"
)

func TestMemStore(t *testing.T) {
	retentiontest.TestStore(t, func(*testing.T) retention.Store { return &retention.MemStore{} })
}
