package subject_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/lawfulgo/lawful/subject"
)

var (
	sinkBand subject.Band
	sinkBool bool
	sinkInt  int
	sinkID   subject.ID
	sinkSubj subject.Subject
)

// BenchmarkBandAt is the Guard's per-request age work: the civil date of
// the request instant in the policy zone, the age under the counting rule,
// and the band. It must not allocate.
func BenchmarkBandAt(b *testing.B) {
	for _, tc := range []struct {
		name   string
		policy subject.AgePolicy
		birth  subject.Date
	}{
		{"PIPL", subject.PIPLAges(), d(2010, time.June, 15)},
		{"GDPR", subject.GDPRAges(), d(2008, time.February, 29)},
		{"unknown_birth", subject.PIPLAges(), subject.Date{}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			at := time.Date(2024, time.June, 15, 20, 0, 0, 0, time.UTC)
			b.ReportAllocs()
			for b.Loop() {
				sinkBand = tc.policy.BandAt(tc.birth, at)
			}
		})
	}
}

func BenchmarkNeedsGuardian(b *testing.B) {
	p, birth := subject.PIPLAges(), d(2010, time.June, 15)
	at := time.Date(2024, time.June, 15, 20, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		sinkBool = p.NeedsGuardian(birth, at)
	}
}

func BenchmarkAge(b *testing.B) {
	birth, on := d(2008, time.February, 29), d(2022, time.February, 28)
	b.ReportAllocs()
	for b.Loop() {
		sinkInt = subject.Age(birth, on, subject.DayAfterBirthday)
	}
}

func BenchmarkNewID(b *testing.B) {
	now := time.Date(2024, time.June, 15, 20, 0, 0, 0, time.UTC)
	r := constReader(0x5a)
	b.ReportAllocs()
	for b.Loop() {
		sinkID, _ = subject.NewID(now, r)
	}
}

func BenchmarkParseID(b *testing.B) {
	s := idA.String()
	b.ReportAllocs()
	for b.Loop() {
		sinkID, _ = subject.ParseID(s)
	}
}

// BenchmarkMemDirectoryLookup looks up subjects in a directory of n, each
// with two links, so every hit copies its Links (one allocation).
func BenchmarkMemDirectoryLookup(b *testing.B) {
	for _, n := range []int{1_000, 100_000} {
		dir, ids := benchDirectory(b, n)
		b.Run(fmt.Sprintf("subjects=%d", n), func(b *testing.B) {
			ctx := b.Context()
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				s, err := dir.Lookup(ctx, ids[i%len(ids)])
				if err != nil {
					b.Fatal(err)
				}
				sinkSubj = s
				i++
			}
		})
		b.Run(fmt.Sprintf("subjects=%d/parallel", n), func(b *testing.B) {
			ctx := b.Context()
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				i := 0
				var s subject.Subject
				for pb.Next() {
					var err error
					s, err = dir.Lookup(ctx, ids[i%len(ids)])
					if err != nil {
						b.Error(err)
						return
					}
					i += 7
				}
				_ = s
			})
		})
	}
}

func benchDirectory(b *testing.B, n int) (*subject.MemDirectory, []subject.ID) {
	b.Helper()
	dir := subject.NewMemDirectory()
	ids := make([]subject.ID, n)
	now := time.Date(2024, time.June, 15, 20, 0, 0, 0, time.UTC)
	for i := range ids {
		id, err := subject.NewID(now.Add(time.Duration(i)*time.Millisecond), constReader(byte(i)))
		if err != nil {
			b.Fatal(err)
		}
		ids[i] = id
		s := subject.Subject{
			ID: id, Birth: d(2010, time.June, 15), Jurisdiction: "CN", Status: subject.Active,
			Links: []subject.Link{{ID: idB, Relation: subject.Parent}, {ID: idC, Relation: subject.Guardian}},
		}
		if err := dir.Put(s, now); err != nil {
			b.Fatal(err)
		}
	}
	return dir, ids
}
