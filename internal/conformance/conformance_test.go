package conformance_test

import (
	"context"
	"errors"
	"testing"

	"github.com/lawfulgo/lawful/internal/conformance"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type store struct{ broken bool }

type contract struct {
	name  string
	check func(context.Context, *store) error
}

func (c contract) Contract() conformance.Contract[*store] {
	return conformance.Contract[*store]{Name: c.name, Rule: "the rule of " + c.name, Check: c.check}
}

var cases = []contract{
	{"works", func(context.Context, *store) error { return nil }},
	{"breaks_when_broken", func(_ context.Context, s *store) error {
		if s.broken {
			return errors.New("broke")
		}
		return nil
	}},
}

func TestCheckReportsEachBrokenContract(t *testing.T) {
	require.NoError(t, conformance.Check(t, "demo", cases, func(*testing.T) *store { return &store{} }))
	err := conformance.Check(t, "demo", cases, func(*testing.T) *store { return &store{broken: true} })
	var ce *conformance.Error
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, "breaks_when_broken", ce.Name)
	assert.Equal(t, "the rule of breaks_when_broken", ce.Contract)
	assert.EqualError(t, ce, "demo: breaks_when_broken: broke")
}

func TestCheckReportsANilStore(t *testing.T) {
	err := conformance.Check(t, "demo", cases, func(*testing.T) *store { return nil })
	var ce *conformance.Error
	require.ErrorAs(t, err, &ce)
	assert.Contains(t, err.Error(), "factory returned nil")
}

func TestRunPassesAGoodStore(t *testing.T) {
	conformance.Run(t, "demo", cases, func(*testing.T) *store { return &store{} })
}
