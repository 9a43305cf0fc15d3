package rights_test

import (
	"testing"

	"github.com/lawfulgo/lawful/internal/nilctxtest"
	"github.com/lawfulgo/lawful/lawfultest"
	"github.com/lawfulgo/lawful/retention"
	"github.com/lawfulgo/lawful/rights"
	"github.com/stretchr/testify/require"
)

// TestNilContextIsNeverAPanic: every method of the Desk, its store, the
// retention Tracker and Sweeper given a nil context.Context returns an
// error or a zero answer, never a panic (issue 15 §5).
func TestNilContextIsNeverAPanic(t *testing.T) {
	e := newEnv(t, rights.Policy{}, nil)
	sw, err := retention.NewSweeper(e.tracker, &lawfultest.Eraser{}, retention.SweeperConfig{})
	require.NoError(t, err)
	for _, v := range []any{e.desk, &rights.MemStore{}, e.tracker, sw} {
		require.NotEmpty(t, nilctxtest.Check(t, v), "%T has methods taking a context", v)
	}
}
