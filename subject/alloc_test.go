//go:build !race

package subject_test

import (
	"testing"
	"time"

	"github.com/lawfulgo/lawful/subject"
)

// TestHotPathsDoNotAllocate pins the promise in the BandAt and
// NeedsGuardian docs: the Guard calls them on every request.
func TestHotPathsDoNotAllocate(t *testing.T) {
	at := time.Date(2024, time.June, 15, 20, 0, 0, 0, time.UTC)
	birth := d(2010, time.June, 15)
	for name, p := range map[string]subject.AgePolicy{"PIPL": subject.PIPLAges(), "GDPR": subject.GDPRAges()} {
		if n := testing.AllocsPerRun(100, func() { _ = p.BandAt(birth, at) }); n != 0 {
			t.Errorf("%s BandAt allocates %v times", name, n)
		}
		if n := testing.AllocsPerRun(100, func() { _ = p.NeedsGuardian(birth, at) }); n != 0 {
			t.Errorf("%s NeedsGuardian allocates %v times", name, n)
		}
		if n := testing.AllocsPerRun(100, func() { _, _ = p.AgeAt(birth, at) }); n != 0 {
			t.Errorf("%s AgeAt allocates %v times", name, n)
		}
	}
	dir := subject.NewMemDirectory(subject.Subject{ID: idA, Status: subject.Active})
	ctx := t.Context()
	if n := testing.AllocsPerRun(100, func() { _, _ = dir.Lookup(ctx, idA) }); n != 0 {
		t.Errorf("Lookup of a subject without links allocates %v times", n)
	}
}
