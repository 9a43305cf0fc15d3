package assessment_test

import (
	"context"
	"fmt"
	"time"

	"github.com/lawfulgo/lawful/assessment"
	"github.com/lawfulgo/lawful/purpose"
)

type fixed time.Time

func (f fixed) Now() time.Time { return time.Time(f) }

func ExampleBook_Covers() {
	ctx := context.Background()
	made := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	book, _ := assessment.New(assessment.Config{Store: assessment.NewMemStore(), Clock: fixed(made)})
	_, err := book.Add(ctx, assessment.Assessment{
		Processing: "Voice cloning from uploaded samples",
		Purposes:   []purpose.ID{"service.voice_clone"},
		Kinds:      assessment.Sensitive,
		Necessity:  "A voice model cannot be trained without samples.",
		Risks:      "Impersonation if samples or models leak.",
		Measures:   "Encryption at rest; deletion after training; watermarks.",
		Conclusion: assessment.Proceed,
		Assessed:   made,
	})
	fmt.Println(err)

	// Processing voiceprints (sensitive PI) needs an assessment (PIPL art. 55(1)).
	need := assessment.Required(purpose.Use, 0, true, false)
	ok, _ := book.Covers(ctx, "service.voice_clone", need, made.Add(time.Hour))
	fmt.Println(need, ok)
	// Exporting them needs one that covers export too (art. 55(4)).
	need = assessment.Required(purpose.Export, 0, true, false)
	ok, _ = book.Covers(ctx, "service.voice_clone", need, made.Add(time.Hour))
	fmt.Println(need, ok)
	// Output:
	// <nil>
	// sensitive true
	// sensitive,export false
}
