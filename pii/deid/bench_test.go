package deid_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/lawfulgo/lawful/pii/deid"
)

// table100k is 100 000 rows over 4 columns: 2 000 classes on (age band,
// prefecture, sex), the smallest of 5 rows, with 5 diagnoses.
func table100k() deid.Table {
	tb := deid.Table{Columns: []string{"age", "region", "sex", "diagnosis"}, Rows: make([][]string, 100_000)}
	bands := deid.Buckets{Width: 10, Low: 18, High: 90}
	diag := []string{"flu", "asthma", "diabetes", "gout", "none"}
	for i := range tb.Rows {
		x := uint32(i) * 2654435761 // a multiplicative hash spreads the rows
		r, _ := bands.Bucket(int64(x % 100))
		tb.Rows[i] = []string{r.String(), strconv.Itoa(int(440100 + x>>8%100*100)), strconv.Itoa(int(x >> 16 % 2)), diag[x>>4%5]}
	}
	return tb
}

func BenchmarkMeasure100k(b *testing.B) {
	tb := table100k()
	spec := deid.Spec{QuasiIdentifiers: []string{"age", "region", "sex"}, Sensitive: []string{"diagnosis"}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := deid.Measure(context.Background(), tb, spec, deid.Thresholds{K: 5, L: 2}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/100_000, "ns/row")
}

func BenchmarkRegion(b *testing.B) {
	for b.Loop() {
		_, _ = deid.Region("440305", deid.Prefecture)
	}
}

func BenchmarkIPPrefix(b *testing.B) {
	for b.Loop() {
		_, _ = deid.IPPrefix("2001:db8:85a3:8d3:1319:8a2e:370:7348", deid.IPv4Bits, deid.IPv6Bits)
	}
}

func BenchmarkAgeBand(b *testing.B) {
	birth, at := time.Date(1990, 6, 15, 0, 0, 0, 0, time.UTC), time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	bands := deid.Buckets{Width: 10, Low: 18, High: 90}
	for b.Loop() {
		_, _ = deid.AgeBand(birth, at, bands)
	}
}
