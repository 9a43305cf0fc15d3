package deid_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/pii/deid"
)

func ExampleRegion() {
	p, _ := deid.Region("440305", deid.Province)
	c, _ := deid.Region("440305", deid.Prefecture)
	_, err := deid.Region("44O305", deid.Province)
	fmt.Println(p, c)
	fmt.Println(err)
	// Output:
	// 440000 440300
	// deid.Region: a division code is ASCII digits only; the byte at 2 is not one
}

func ExampleAgeBand() {
	birth := time.Date(1990, 6, 15, 0, 0, 0, 0, time.UTC)
	at := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	bands := deid.Buckets{Width: 10, Low: 18, High: 90}
	r, _ := deid.AgeBand(birth, at, bands)
	old, _ := bands.Bucket(93)
	fmt.Println(r, old)
	// Output: 30-39 90+
}

func ExampleIPPrefix() {
	v4, _ := deid.IPPrefix("203.0.113.77", deid.IPv4Bits, deid.IPv6Bits)
	v6, _ := deid.IPPrefix("2001:db8:85a3:8d3::7348", deid.IPv4Bits, deid.IPv6Bits)
	fmt.Println(v4, v6)
	// Output: 203.0.113.0/24 2001:db8:85a3::/48
}

func ExampleTruncatePostcode() {
	cn, _ := deid.TruncatePostcode("518057", 3)
	uk, _ := deid.TruncatePostcode("SW1A 1AA", 3)
	fmt.Println(cn, uk)
	// Output: 518 SW1
}

func ExampleTruncateDate() {
	d, _ := deid.TruncateDate(time.Date(2024, 5, 17, 13, 45, 0, 0, time.UTC), deid.Month)
	fmt.Println(d.Format("2006-01"))
	// Output: 2024-05
}

func ExampleCheck() {
	t := deid.Table{
		Columns: []string{"age", "region", "diagnosis"},
		Rows: [][]string{
			{"30-39", "440300", "flu"}, {"30-39", "440300", "asthma"}, {"30-39", "440300", "flu"},
			{"30-39", "440300", "gout"}, {"30-39", "440300", "flu"}, {"50-59", "310000", "gout"},
		},
	}
	spec := deid.Spec{QuasiIdentifiers: []string{"age", "region"}, Sensitive: []string{"diagnosis"}}
	r, err := deid.Check(context.Background(), t, spec, pii.Deidentified, deid.Thresholds{})
	fmt.Println("k:", r.K, "classes:", len(r.Classes), "below k:", r.BelowK, "rows to suppress:", r.RowsBelowK)
	fmt.Println(errors.Is(err, deid.ErrClaimNotMet))

	t.Rows = t.Rows[:5] // suppress the class of one
	r, err = deid.Check(context.Background(), t, spec, pii.Deidentified, deid.Thresholds{})
	fmt.Println("k:", r.K, "l:", r.L, "error:", err)
	// Output:
	// k: 1 classes: 2 below k: 1 rows to suppress: 1
	// true
	// k: 5 l: 3 error: <nil>
}
