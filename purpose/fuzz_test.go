package purpose_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"testing"

	"github.com/lawfulgo/lawful/internal/strictjson"
	"github.com/lawfulgo/lawful/purpose"
)

// FuzzLoadPolicy checks that LoadPolicy never panics on any input, that it
// allocates at most strictjson.AllocBound(len(input)) bytes (64 per input
// byte plus 512 KiB), that a failure is always a *ValidationError wrapping
// ErrInvalidPolicy with at least one located problem and at most
// MaxProblems, and that any policy it accepts survives a round trip
// through MarshalJSON unchanged.
//
// The seeds include small copies of the inputs that used to blow up: a
// list of empty purposes (about 2000 bytes allocated per input byte), of
// id-only purposes, of unknown categories (suggestions for each).
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
	f.Add(repeated(`{"schema":1,"purposes":[`, `{}`, `]}`, 2000))
	f.Add(repeated(`{"schema":1,"purposes":[`, `{"id":"p%d"}`, `]}`, 1000))
	f.Add(repeated(`{"schema":1,"regimes":["pipl"],"purposes":[{"id":"p","categories":{"required":[`, `"account_closed"`, `]}}]}`, 1000))
	f.Add([]byte(`{"schema":1,"schema":2}`))
	f.Add([]byte(`{"schema":1} {}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var reg *purpose.Registry
		var err error
		got := strictjson.Allocated(func() {
			reg, err = purpose.LoadPolicy(bytes.NewReader(data))
			if err != nil {
				_ = err.Error()
			}
		})
		if bound := strictjson.AllocBound(len(data)); got > bound {
			t.Fatalf("LoadPolicy allocated %d bytes for %d bytes of input, over the bound %d", got, len(data), bound)
		}
		if err != nil {
			if reg != nil {
				t.Fatal("LoadPolicy returned a registry with an error")
			}
			var ve *purpose.ValidationError
			if !errors.As(err, &ve) || len(ve.Problems) == 0 || len(ve.Problems) > purpose.MaxProblems || !errors.Is(err, purpose.ErrInvalidPolicy) {
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

// FuzzParseNames checks the parsers of purpose's names (bases, operations,
// traits, changes): none panics, each accepts only what its String writes
// back, and no error repeats more than a line of its input.
func FuzzParseNames(f *testing.F) {
	for _, s := range []string{"consent", "gbt.secure_operation", "collect", "automated_decision", "purpose", "", "Consent", "consent,contract"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		check := func(kind string, v fmt.Stringer, err error) {
			t.Helper()
			if err != nil {
				if !errors.Is(err, purpose.ErrInvalidValue) {
					t.Fatalf("%s %q: %v does not match ErrInvalidValue", kind, s, err)
				}
				if len(err.Error()) > 1024 {
					t.Fatalf("%s: the error repeats %d bytes", kind, len(err.Error()))
				}
				return
			}
			if v.String() != s {
				t.Fatalf("%s %q parsed to %v", kind, s, v)
			}
		}
		b, err := purpose.ParseBasis(s)
		check("basis", b, err)
		o, err := purpose.ParseOperation(s)
		check("operation", o, err)
		tr, err := purpose.ParseTrait(s)
		check("trait", tr, err)
		c, err := purpose.ParseChange(s)
		check("change", c, err)
	})
}
