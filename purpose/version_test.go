package purpose_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
)

// TestVersionLimit: whatever loads must be grantable (issue 15): one limit,
// purpose.MaxVersion, checked when the policy is compiled.
func TestVersionLimit(t *testing.T) {
	pol := func(n int) purpose.Policy {
		return purpose.Policy{
			Name:      purpose.Text{EN: "Versions"},
			Regimes:   []pii.Law{pii.PIPL},
			Retention: []purpose.Retention{{ID: "r", Summary: purpose.Text{EN: "Until the account closes"}}},
			Purposes: []purpose.Purpose{{ID: "service.core", Name: purpose.Text{EN: "Core"}, Core: true,
				Versions: []purpose.Version{{Number: n}}, Required: pii.MustParseSet("contact.phone"),
				Operations: purpose.OperationsOf(purpose.Use), Basis: purpose.Legal{Basis: purpose.Contract}, Retention: "r"}},
		}
	}
	t.Run("the_highest_version_compiles", func(t *testing.T) {
		reg, err := purpose.Compile(pol(purpose.MaxVersion))
		if err != nil {
			t.Fatal(err)
		}
		p, _ := reg.Lookup("service.core")
		if p.Version() != purpose.MaxVersion {
			t.Fatalf("version %d, want %d", p.Version(), purpose.MaxVersion)
		}
	})
	t.Run("a_version_past_MaxVersion_is_refused_at_load", func(t *testing.T) {
		_, err := purpose.Compile(pol(purpose.MaxVersion + 1))
		if !errors.Is(err, purpose.ErrInvalidVersion) {
			t.Fatalf("Compile(version %d) = %v, want ErrInvalidVersion", purpose.MaxVersion+1, err)
		}
	})
}

// TestGBTItemLetters: GB/T 35273 §5.6 item (g) is the contract ground and
// (h) lawfully disclosed information (issue 16; the letters were swapped).
func TestGBTItemLetters(t *testing.T) {
	for _, tc := range []struct {
		b    purpose.Basis
		item string
	}{
		{purpose.GBTContract, "§5.6(g)"},
		{purpose.GBTLawfullyDisclosed, "§5.6(h)"},
	} {
		if got := tc.b.Citation(pii.PIPL); !strings.Contains(got, tc.item) {
			t.Errorf("%v cites %q, want %s", tc.b, got, tc.item)
		}
	}
}

// TestRecipientLimit: whatever loads must be grantable: a consent names a
// recipient by its place among the purpose's, so Compile refuses more than
// purpose.MaxRecipients.
func TestRecipientLimit(t *testing.T) {
	pol := func(n int) purpose.Policy {
		rs := make([]purpose.Recipient, n)
		for i := range rs {
			rs[i] = purpose.Recipient{Name: fmt.Sprintf("Partner %d", i), Role: purpose.Independent}
		}
		return purpose.Policy{
			Name:      purpose.Text{EN: "Recipients"},
			Regimes:   []pii.Law{pii.PIPL},
			Retention: []purpose.Retention{{ID: "r", Summary: purpose.Text{EN: "Until the account closes"}}},
			Purposes: []purpose.Purpose{{ID: "partners.share", Name: purpose.Text{EN: "Sharing"},
				Versions: []purpose.Version{{Number: 1}}, Required: pii.MustParseSet("contact.phone"),
				Operations: purpose.OperationsOf(purpose.Share), Basis: purpose.Legal{Basis: purpose.Consent}, Retention: "r", Recipients: rs}},
		}
	}
	if _, err := purpose.Compile(pol(purpose.MaxRecipients)); err != nil {
		t.Fatalf("%d recipients: %v", purpose.MaxRecipients, err)
	}
	_, err := purpose.Compile(pol(purpose.MaxRecipients + 1))
	if !errors.Is(err, purpose.ErrInvalidValue) || !strings.Contains(err.Error(), "at most 254 per purpose") {
		t.Fatalf("Compile(%d recipients) = %v, want ErrInvalidValue naming the limit", purpose.MaxRecipients+1, err)
	}
}
