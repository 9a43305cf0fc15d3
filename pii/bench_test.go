package pii_test

import (
	"testing"

	"github.com/lawfulgo/lawful/pii"
)

var (
	benchA    = pii.MustParseSet("contact,device.id,biometric.voiceprint")
	benchB    = pii.MustParseSet("contact.phone,device,activity")
	sinkSet   pii.Set
	sinkBool  bool
	sinkBytes []byte
)

func BenchmarkSet(b *testing.B) {
	b.Run("Union", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkSet = benchA.Union(benchB)
		}
	})
	b.Run("Intersect", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkSet = benchA.Intersect(benchB)
		}
	})
	b.Run("Contains", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkBool = benchA.Contains(voice)
		}
	})
	b.Run("SubsetOf", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkBool = benchA.SubsetOf(benchB)
		}
	})
	b.Run("Sensitive", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkSet = benchA.Sensitive(pii.PIPL)
		}
	})
	b.Run("AppendText", func(b *testing.B) {
		b.ReportAllocs()
		buf := make([]byte, 0, 1024)
		for b.Loop() {
			sinkBytes, _ = benchA.AppendText(buf[:0])
		}
	})
}

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		c, _ := pii.Parse("device.id.imei")
		sinkBool = c.Valid()
	}
}

func BenchmarkSchemaFor(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		s, _ := pii.SchemaFor[user]()
		sinkSet = s.Categories()
	}
}
