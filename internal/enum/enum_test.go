package enum_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/lawfulgo/lawful/internal/enum"
)

var errBad = errors.New("bad value")

var colour = enum.Names{Pkg: "paint", Type: "Colour", Kind: "colour", Names: []string{"", "red", "green"}, Err: errBad}

func TestNames(t *testing.T) {
	if colour.Valid(0) || !colour.Valid(2) || colour.Valid(3) {
		t.Fatal("Valid: zero and out of range are invalid")
	}
	if got := colour.String(1); got != "red" {
		t.Fatalf("String(1) = %q", got)
	}
	if got := colour.String(7); got != "Colour(7)" {
		t.Fatalf("String(7) = %q", got)
	}
	if b, err := colour.Marshal(2); err != nil || string(b) != "green" {
		t.Fatalf("Marshal(2) = %q, %v", b, err)
	}
	if _, err := colour.Marshal(0); !errors.Is(err, errBad) || !strings.Contains(err.Error(), "paint: cannot marshal invalid Colour(0)") {
		t.Fatalf("Marshal(0) = %v", err)
	}
	if v, err := colour.Parse([]byte("green")); err != nil || v != 2 {
		t.Fatalf("Parse(green) = %d, %v", v, err)
	}
	_, err := colour.Parse([]byte("blue"))
	if !errors.Is(err, errBad) || !strings.Contains(err.Error(), `paint: unknown colour "blue"; want one of red, green`) {
		t.Fatalf("Parse(blue) = %v", err)
	}
	if _, err := colour.Parse(nil); !errors.Is(err, errBad) {
		t.Fatal("the empty name is the zero value, never valid")
	}
}

func TestQuoteCutsLongInputOnARuneBoundary(t *testing.T) {
	long := strings.Repeat("a", 47) + "语言"
	q := enum.Quote(long)
	if !strings.HasSuffix(q, `"...`) || strings.Contains(q, `\x`) {
		t.Fatalf("Quote = %s", q)
	}
	if enum.Quote("ok") != `"ok"` {
		t.Fatal("short input is quoted whole")
	}
}

// FuzzParse checks that Parse never panics, accepts exactly the names and
// keeps its errors short whatever the input.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"red", "green", "", "Red", "blue", "\xff\xfe"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		v, err := colour.Parse(text)
		if err != nil {
			if !errors.Is(err, errBad) || v != 0 {
				t.Fatalf("%q: (%d, %v), want (0, an error matching the sentinel)", text, v, err)
			}
			if len(err.Error()) > 200 {
				t.Fatalf("the error repeats %d bytes", len(err.Error()))
			}
			return
		}
		if colour.String(v) != string(text) {
			t.Fatalf("%q parsed to %d (%s)", text, v, colour.String(v))
		}
	})
}
