package lawful_test

import (
	"testing"

	"github.com/lawfulgo/lawful"
)

// FuzzParseAttestation checks that ParseAttestation never panics, accepts
// exactly the names String writes, and does not echo a huge input.
func FuzzParseAttestation(f *testing.F) {
	for _, s := range []string{"contract_party", "overriding_grounds", "", "CONTRACT_PARTY", "contract_party,"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		a, err := lawful.ParseAttestation(name)
		if err != nil {
			if len(err.Error()) > 512 {
				t.Fatalf("the error echoes %d bytes of input", len(err.Error()))
			}
			return
		}
		if a == 0 || a&(a-1) != 0 {
			t.Fatalf("%q parsed to %v, want exactly one attestation", name, a)
		}
		if a.String() != name {
			t.Fatalf("%q parsed to %v, which writes %q", name, a, a.String())
		}
	})
}
