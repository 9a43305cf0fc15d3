package sqlstore

import (
	"errors"
	"strings"
	"testing"

	"github.com/lawfulgo/lawful/internal/strictjson"
	"github.com/lawfulgo/lawful/purpose"
)

// Stored rule IDs are read as strictly as any JSON the library reads; an
// error quotes only the start of what is stored.
func TestParseRules(t *testing.T) {
	for _, ok := range []struct {
		text string
		want int
	}{{`[]`, 0}, {`["logs","audit"]`, 2}} {
		got, err := parseRules(ok.text)
		if err != nil || len(got) != ok.want {
			t.Fatalf("parseRules(%s) = %v, %v", ok.text, got, err)
		}
	}
	huge := `["` + strings.Repeat("x", 100_000) + `"] {}`
	for text, want := range map[string]error{
		`["a"] ["b"]`: purpose.ErrTrailingData,
		`["a"]]`:      purpose.ErrTrailingData,
		`{"a":1}`:     strictjson.ErrWrongType,
		`[["a"]]`:     purpose.ErrTooLarge,
		`[1]`:         strictjson.ErrWrongType,
		huge:          purpose.ErrTrailingData,
		`[` + strings.TrimSuffix(strings.Repeat(`"a",`, purpose.MaxPolicyElements+1), ",") + `]`: purpose.ErrTooLarge,
	} {
		_, err := parseRules(text)
		if !errors.Is(err, want) {
			t.Errorf("parseRules(%.40s): %v, want %v", text, err, want)
		}
		if err != nil && len(err.Error()) > 400 {
			t.Errorf("error echoes %d bytes of stored text", len(err.Error()))
		}
	}
}
