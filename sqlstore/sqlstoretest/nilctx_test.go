package sqlstoretest_test

import (
	"testing"

	"github.com/lawfulgo/lawful/internal/nilctxtest"
)

// TestNilContextIsNeverAPanic: every method of the Store and the stores it
// hands out, given a nil context.Context, returns an error, never a panic
// (issue 15 §5).
func TestNilContextIsNeverAPanic(t *testing.T) {
	st := backends[0].store(t)
	for _, v := range []any{st, st.Consent(), st.Retention(), st.Anchors()} {
		if len(nilctxtest.Check(t, v)) == 0 {
			t.Errorf("%T has no method taking a context", v)
		}
	}
}
