package incident_test

import (
	"testing"
	"time"

	"github.com/lawfulgo/lawful/incident"
)

// benchIncident has an hour clock met, a GDPR clock pending, minors and an
// exemption: every branch of the clock computation.
var benchIncident = incident.Incident{Discovered: t0, Laws: incident.PIPL | incident.GDPR, Grade: incident.Major,
	Risk: incident.RiskHigh, Minors: true, NationalSecurity: true,
	Notices:    []incident.Sent{{At: t0.Add(time.Hour), Audience: incident.ProvincialCAC}, {At: t0.Add(2 * time.Hour), Audience: incident.SupervisoryAuthority, Partial: true}},
	Exemptions: []incident.Exemption{{At: t0.Add(3 * time.Hour), Ground: incident.HarmAvoided}}}

func BenchmarkAppendClocks(b *testing.B) {
	p, r := incident.Profile{Operator: incident.CIIOperator}, incident.DefaultRules()
	buf := make([]incident.Clock, 0, 8)
	b.ReportAllocs()
	for b.Loop() {
		buf = benchIncident.AppendClocks(buf[:0], p, r)
	}
	if len(buf) == 0 {
		b.Fatal("no clocks")
	}
}

func BenchmarkMissing(b *testing.B) {
	inc := incident.Incident{Laws: incident.PIPL, Categories: voice}
	b.ReportAllocs()
	for b.Loop() {
		if inc.Missing(incident.Individuals, complete, false) != nil {
			b.Fatal("missing")
		}
	}
}

func TestAppendClocksAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	p, r := incident.Profile{Operator: incident.CIIOperator}, incident.DefaultRules()
	buf := make([]incident.Clock, 0, 8)
	allocs := testing.AllocsPerRun(100, func() { buf = benchIncident.AppendClocks(buf[:0], p, r) })
	if allocs != 0 {
		t.Errorf("AppendClocks allocates %v times with room in dst; want 0", allocs)
	}
}
