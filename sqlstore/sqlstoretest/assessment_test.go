package sqlstoretest_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/lawfulgo/lawful/assessment"
	"github.com/lawfulgo/lawful/assessment/assessmenttest"
	"github.com/lawfulgo/lawful/purpose"
)

// The conformance suite of assessment.Store, each subtest on a fresh
// database.
func TestAssessmentStoreConformance(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			b.skipUnavailable(t)
			assessmenttest.TestStore(t, func(t *testing.T) assessment.Store { return b.store(t).Assessments() })
		})
	}
}

// TestAssessmentStoreRefusesWhatARowCannotHold: text a PostgreSQL column
// cannot hold and times beyond the nanosecond columns are refused with
// assessment.ErrInvalid on both databases, and nothing is written.
func TestAssessmentStoreRefusesWhatARowCannotHold(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(a *assessment.Assessment)
	}{
		{"nul_in_the_risks", func(a *assessment.Assessment) { a.Risks = "a\x00b" }},
		{"invalid_utf8_in_a_purpose", func(a *assessment.Assessment) { a.Purposes = []purpose.ID{"\xff"} }},
		{"review_after_2261", func(a *assessment.Assessment) { a.ReviewBy = time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC) }},
	} {
		for _, b := range backends {
			t.Run(tc.name+"/"+b.name, func(t *testing.T) {
				b.skipUnavailable(t)
				st := b.store(t).Assessments()
				a := assessment.Assessment{ID: [16]byte{1}, Processing: "voice cloning", Purposes: []purpose.ID{"service.voice_clone"},
					Kinds: assessment.Sensitive, Conclusion: assessment.Proceed, Assessed: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}
				tc.edit(&a)
				if err := st.Put(context.Background(), a); !errors.Is(err, assessment.ErrInvalid) {
					t.Fatalf("Put = %v, want ErrInvalid", err)
				}
				if _, found, err := st.Get(context.Background(), a.ID); found || err != nil {
					t.Fatalf("Get after a refused Put = found %v, %v; want nothing stored", found, err)
				}
			})
		}
	}
}
