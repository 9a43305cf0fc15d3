package pack

import "testing"

func TestJurisdictionRoundTrips(t *testing.T) {
	for i := range len(letters) {
		for j := range len(letters) {
			code := string([]byte{letters[i], letters[j]})
			p, ok := Jurisdiction(code)
			if !ok || UnpackJurisdiction(p) != code {
				t.Fatalf("%q packs to %v, %v and back to %q", code, p, ok, UnpackJurisdiction(p))
			}
		}
	}
	if p, ok := Jurisdiction(""); !ok || UnpackJurisdiction(p) != "" {
		t.Fatal(`"" does not round-trip`)
	}
	for _, bad := range []string{"C", "CHN", "C1", "é", "1N", "C\x00"} {
		if _, ok := Jurisdiction(bad); ok {
			t.Errorf("Jurisdiction(%q) packs; want refused", bad)
		}
	}
}

func TestDate(t *testing.T) {
	for _, c := range []struct {
		y, m, d int
		ok      bool
	}{
		{0, 0, 0, true}, {1, 1, 1, true}, {9999, 12, 31, true}, {2012, 2, 29, true},
		{0, 1, 1, false}, {10000, 1, 1, false}, {2000, 13, 1, false}, {2000, 0, 1, false}, {2000, 1, 32, false}, {2000, 1, 0, false}, {-1, 1, 1, false},
	} {
		p, ok := Date(c.y, c.m, c.d)
		if ok != c.ok {
			t.Errorf("Date(%d, %d, %d) ok = %v, want %v", c.y, c.m, c.d, ok, c.ok)
			continue
		}
		if y, m, d := UnpackDate(p); ok && (y != c.y || m != c.m || d != c.d) {
			t.Errorf("Date(%d, %d, %d) unpacks to %d-%d-%d", c.y, c.m, c.d, y, m, d)
		}
	}
}

func TestRecord(t *testing.T) {
	r, ok := NewRecord(2012, 2, 29, "CN", 3)
	if y, m, d := r.Birth(); !ok || y != 2012 || m != 2 || d != 29 || r.Jurisdiction() != "CN" || r.Status() != 3 {
		t.Fatalf("NewRecord(2012, 2, 29, CN, 3) = %+v, %v", r, ok)
	}
	if _, ok := NewRecord(2012, 2, 29, "CHN", 3); ok {
		t.Error("a three-letter jurisdiction packs")
	}
	if _, ok := NewRecord(10000, 1, 1, "CN", 3); ok {
		t.Error("year 10000 packs")
	}
}

func FuzzPack(f *testing.F) {
	f.Add(2012, 2, 29, "CN")
	f.Add(0, 0, 0, "")
	f.Fuzz(func(t *testing.T, y, m, d int, code string) {
		if p, ok := Date(y, m, d); ok {
			if gy, gm, gd := UnpackDate(p); gy != y || gm != m || gd != d {
				t.Fatalf("Date(%d, %d, %d) round-trips to %d-%d-%d", y, m, d, gy, gm, gd)
			}
		}
		if p, ok := Jurisdiction(code); ok && UnpackJurisdiction(p) != code {
			t.Fatalf("%q round-trips to %q", code, UnpackJurisdiction(p))
		}
	})
}
