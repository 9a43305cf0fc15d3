package sqlstoretest_test

import (
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/lawfulgo/lawful/incident"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/rights"
	"github.com/lawfulgo/lawful/subject"
)

// BenchmarkIncidentRecord records one remediation step per operation
// through a Register over the SQL store and anchors: a load of the
// incident's record, its chain verified against the anchor, one append
// and one anchor advance. Records grow with b.N; a new incident starts
// every 100 events.
func BenchmarkIncidentRecord(b *testing.B) {
	for _, be := range backends {
		b.Run(be.name, func(b *testing.B) {
			be.skipUnavailable(b)
			st := be.store(b)
			reg, err := incident.New(incident.Config{Store: st.Incidents(), Anchor: st.IncidentAnchors(),
				Clock: stopped(incidentT0.Add(time.Hour)), Profile: incident.Profile{Operator: incident.Ordinary}})
			if err != nil {
				b.Fatal(err)
			}
			var id uuid.UUID
			step := incident.Event{Kind: incident.Remediated, At: incidentT0.Add(time.Minute), Text: purpose.Text{EN: "step", ZH: "步骤"}}
			b.ResetTimer()
			for i := range b.N {
				if i%100 == 0 {
					if id, err = reg.Open(b.Context(), incident.Event{Kind: incident.Opened, At: incidentT0, Nature: incident.Leak, Laws: incident.PIPL, Text: purpose.Text{EN: "leak", ZH: "泄露"}}); err != nil {
						b.Fatal(err)
					}
				}
				if _, err := reg.Record(b.Context(), id, step); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRightsGetUpdate is a Desk action's store traffic: a Get and a
// versioned Update of one request.
func BenchmarkRightsGetUpdate(b *testing.B) {
	for _, be := range backends {
		b.Run(be.name, func(b *testing.B) {
			be.skipUnavailable(b)
			st := be.store(b).Rights()
			t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
			r := rights.Request{ID: uuid.UUID{1}, Kind: rights.Access, Subject: subject.ID{2}, State: rights.Received, Received: t0, Version: 1,
				History: []rights.Transition{{Action: rights.Receive, To: rights.Received, At: t0, Actor: "web-form"}}}
			if err := st.Create(b.Context(), r); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for range b.N {
				got, err := st.Get(b.Context(), r.ID)
				if err != nil {
					b.Fatal(err)
				}
				got.Version++
				if err := st.Update(b.Context(), got); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSealGet reads a subject's wrapped key: what every Seal and
// Open of a value costs in the key store.
func BenchmarkSealGet(b *testing.B) {
	for _, be := range backends {
		b.Run(be.name, func(b *testing.B) {
			be.skipUnavailable(b)
			keys := be.store(b).SealKeys()
			if _, err := keys.Put(b.Context(), sealKey("subject-1")); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for range b.N {
				if _, err := keys.Get(b.Context(), "subject-1"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
