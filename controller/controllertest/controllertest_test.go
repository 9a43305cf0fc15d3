package controllertest_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/lawfulgo/lawful/controller"
	"github.com/lawfulgo/lawful/controller/controllertest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMemAuditStore(t *testing.T) {
	controllertest.TestAuditStore(t, func(*testing.T) controller.AuditStore { return new(controller.MemAuditStore) })
}

// oldestFirst lists in the wrong order.
type oldestFirst struct{ controller.MemAuditStore }

func (s *oldestFirst) List(ctx context.Context, before time.Time, limit int) ([]controller.Audit, error) {
	all, err := s.MemAuditStore.List(ctx, before, limit)
	slices.Reverse(all)
	return all, err
}

func TestSuiteCatchesBrokenStore(t *testing.T) {
	err := controllertest.CheckAuditStore(t, func(*testing.T) controller.AuditStore { return &oldestFirst{} })
	require.Error(t, err)
	assert.Contains(t, err.Error(), "list_latest_first_before_a_bound")
}
