package purpose_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"testing"

	"github.com/lawfulgo/lawful/purpose"
)

// FuzzLoadPolicy checks that LoadPolicy never panics on any input, that a
// failure is always a *ValidationError wrapping ErrInvalidPolicy with at
// least one located problem, and that any policy it accepts survives a
// round trip through MarshalJSON unchanged.
func FuzzLoadPolicy(f *testing.F) {
	for _, name := range []string{"testdata/six_problems.json", "testdata/voicelab.json"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"schema":1,"regimes":["pipl"],"retention":[{"id":"r","summary":"s"}],"purposes":[{"id":"p","name":"P","versions":[{"number":1}],"categories":{"required":["biometric"]},"operations":["collect"],"basis":"consent","retention":"r"}]}`))
	f.Add([]byte(`{"schema":1,"purposes":[null,{"bases":{"gdpr":{}}}]}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		reg, err := purpose.LoadPolicy(bytes.NewReader(data))
		if err != nil {
			if reg != nil {
				t.Fatal("LoadPolicy returned a registry with an error")
			}
			var ve *purpose.ValidationError
			if !errors.As(err, &ve) || len(ve.Problems) == 0 || !errors.Is(err, purpose.ErrInvalidPolicy) {
				t.Fatalf("error is not a located ValidationError: %v", err)
			}
			for _, p := range ve.Problems {
				if p.Where == "" || p.Err == nil {
					t.Fatalf("problem without location or error: %+v", p)
				}
			}
			return
		}
		out, err := json.Marshal(reg.Policy())
		if err != nil {
			t.Fatalf("accepted policy does not marshal: %v", err)
		}
		back, err := purpose.LoadPolicy(bytes.NewReader(out))
		if err != nil {
			t.Fatalf("marshalled policy does not load: %v\n%s", err, out)
		}
		out2, err := json.Marshal(back.Policy())
		if err != nil || !bytes.Equal(out, out2) {
			t.Fatalf("round trip changed the policy:\n%s\n%s", out, out2)
		}
	})
}
