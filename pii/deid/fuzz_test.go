package deid_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/lawfulgo/lawful/pii/deid"
)

func FuzzRegion(f *testing.F) {
	for _, s := range []string{"440305", "110000", "810000", "990101", "44030", "４４０３０５", "", "11010519491231002X"} {
		f.Add(s, uint8(2))
	}
	f.Fuzz(func(t *testing.T, code string, level uint8) {
		got, err := deid.Region(code, deid.RegionLevel(level))
		if err != nil {
			if !errors.Is(err, deid.ErrMalformed) && !errors.Is(err, deid.ErrInvalidParameter) {
				t.Fatalf("error matches no sentinel: %v", err)
			}
			if len(code) >= 4 && strings.Trim(code, "0123456789") == "" && strings.Contains(err.Error(), code) {
				t.Fatalf("the error repeats the code: %v", err)
			}
			return
		}
		if len(got) != 6 || got[:2] != code[:2] {
			t.Fatalf("Region(%q, %d) = %q: want 6 digits with the same province", code, level, got)
		}
		again, err := deid.Region(got, deid.RegionLevel(level))
		if err != nil || again != got {
			t.Fatalf("a generalised code generalises to itself: %q -> %q, %v", got, again, err)
		}
	})
}

func FuzzTruncatePostcode(f *testing.F) {
	for _, s := range []string{"518057", "SW1A 1AA", "100-0001", " 1", "a-", "51805751805"} {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, code string, keep int) {
		got, err := deid.TruncatePostcode(code, keep)
		if err != nil {
			if !errors.Is(err, deid.ErrMalformed) && !errors.Is(err, deid.ErrInvalidParameter) {
				t.Fatalf("error matches no sentinel: %v", err)
			}
			return
		}
		if len(got) != keep {
			t.Fatalf("TruncatePostcode(%q, %d) = %q: want %d characters", code, keep, got, keep)
		}
		if !strings.HasPrefix(strings.ToUpper(strings.NewReplacer(" ", "", "-", "").Replace(code)), got) {
			t.Fatalf("TruncatePostcode(%q, %d) = %q: not a prefix", code, keep, got)
		}
	})
}

func FuzzIPPrefix(f *testing.F) {
	for _, s := range []string{"203.0.113.77", "2001:db8::1", "::ffff:1.2.3.4", "fe80::1%eth0", "1.2.3.4:80", ""} {
		f.Add(s, 24, 48)
	}
	f.Fuzz(func(t *testing.T, s string, v4, v6 int) {
		p, err := deid.IPPrefix(s, v4, v6)
		if err != nil {
			if !errors.Is(err, deid.ErrMalformed) && !errors.Is(err, deid.ErrInvalidParameter) {
				t.Fatalf("error matches no sentinel: %v", err)
			}
			return
		}
		if !p.IsValid() || p.Masked() != p || p.Addr().Zone() != "" {
			t.Fatalf("IPPrefix(%q) = %v: want a masked prefix without zone", s, p)
		}
	})
}

func FuzzBucket(f *testing.F) {
	f.Add(int64(37), int64(10), int64(0), int64(18), int64(90))
	f.Add(int64(-9223372036854775808), int64(10), int64(0), int64(0), int64(0))
	f.Fuzz(func(t *testing.T, x, width, origin, low, high int64) {
		b := deid.Buckets{Width: width, Origin: origin, Low: low, High: high}
		r, err := b.Bucket(x)
		if err != nil {
			return
		}
		if !r.Contains(x) {
			t.Fatalf("%+v.Bucket(%d) = %+v: the band does not hold the value", b, x, r)
		}
		_ = r.String()
	})
}

func FuzzAgeBand(f *testing.F) {
	f.Add(int64(645408000), int64(1717000000), int64(10))
	f.Fuzz(func(t *testing.T, birth, at, width int64) {
		r, err := deid.AgeBand(time.Unix(birth, 0).UTC(), time.Unix(at, 0).UTC(), deid.Buckets{Width: width})
		if err != nil {
			return
		}
		if r.Lo < 0 || r.Lo > deid.MaxAge {
			t.Fatalf("band %v for an age in 0..%d", r, deid.MaxAge)
		}
	})
}

// FuzzMeasure feeds a table of rows split from text: whatever the rows,
// Measure never panics and either reports classes that add up to the rows
// or fails with a sentinel.
func FuzzMeasure(f *testing.F) {
	f.Add("30-39,440300,flu\n30-39,440300,asthma\n40-49,110000,flu", 2)
	f.Add("a,b\nc", 1)
	f.Add("", 0)
	f.Fuzz(func(t *testing.T, text string, k int) {
		tb := deid.Table{Columns: []string{"a", "b", "s"}}
		for line := range strings.SplitSeq(text, "\n") {
			tb.Rows = append(tb.Rows, strings.Split(line, ","))
		}
		r, err := deid.Measure(context.Background(), tb, deid.Spec{QuasiIdentifiers: []string{"a", "b"}, Sensitive: []string{"s"}}, deid.Thresholds{K: k})
		if err != nil {
			if !errors.Is(err, deid.ErrInvalidTable) && !errors.Is(err, deid.ErrInvalidParameter) {
				t.Fatalf("error matches no sentinel: %v", err)
			}
			return
		}
		n := 0
		for _, c := range r.Classes {
			n += c.Size
		}
		if n != r.Rows || r.K != r.Classes[0].Size || r.L < 1 {
			t.Fatalf("classes add up to %d of %d rows, k %d, l %d", n, r.Rows, r.K, r.L)
		}
	})
}
