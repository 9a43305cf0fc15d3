package lawful_test

import (
	"context"
	"testing"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/lawfultest"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type voiceRow struct {
	Print  string `pii:"biometric.voiceprint"`
	Sample string `pii:"biometric.voice_sample"`
}

// TestDoOverCollections: Do reads the categories of a slice, map or
// pointer of tagged structs from the element's tags (issue 20 §6).
func TestDoOverCollections(t *testing.T) {
	w := lawfultest.New(t, policy(), lawfultest.Options{})
	id := w.Adult(t)
	r := lawful.Request{Subject: id, Purpose: "service.voice_clone", Operation: purpose.Use}
	ran := 0
	_, err := lawful.Do(context.Background(), w.Guard, r, func(context.Context) ([]voiceRow, error) { ran++; return nil, nil })
	assert.ErrorIs(t, err, lawful.ErrNoConsent, "the slice's element categories are checked")
	w.Grant(t, id, consent.Separate, "service.voice_clone")
	rows, err := lawful.Do(context.Background(), w.Guard, r, func(context.Context) ([]voiceRow, error) { ran++; return []voiceRow{{Print: "vp"}}, nil })
	require.NoError(t, err)
	assert.Len(t, rows, 1)
	_, err = lawful.Do(context.Background(), w.Guard, r, func(context.Context) (map[string]*voiceRow, error) { ran++; return nil, nil })
	require.NoError(t, err)
	assert.Equal(t, 2, ran, "fn runs only when allowed")
}
