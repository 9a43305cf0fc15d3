package subject_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/lawfulgo/lawful/subject"
)

func TestNamespace(t *testing.T) {
	ns, err := subject.NewNamespace([]byte("service secret key, 16+ bytes"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := ns.ID("account-1001")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("the_same_identifier_always_maps_to_the_same_ID", func(t *testing.T) {
		again, _ := ns.ID("account-1001")
		if a != again {
			t.Fatalf("%v then %v", a, again)
		}
		other, _ := subject.NewNamespace([]byte("another key for another namespace"))
		b, _ := other.ID("account-1001")
		if a == b {
			t.Fatal("another key maps to the same ID")
		}
		c, _ := ns.ID("account-1002")
		if a == c {
			t.Fatal("two identifiers collided")
		}
	})
	t.Run("an_ID_is_a_version_8_UUID_that_parses_and_round_trips", func(t *testing.T) {
		if a[6]>>4 != 8 || a[8]>>6 != 2 {
			t.Fatalf("version %d, variant bits %b", a[6]>>4, a[8]>>6)
		}
		back, err := subject.ParseID(a.String())
		if err != nil || back != a {
			t.Fatalf("ParseID(%v) = %v, %v", a, back, err)
		}
	})
	t.Run("bad_identifiers_and_keys_are_refused_without_repeating_them", func(t *testing.T) {
		for _, ext := range []string{"", strings.Repeat("x", subject.MaxExternalID+1), "bad\xff"} {
			_, err := ns.ID(ext)
			if !errors.Is(err, subject.ErrInvalidID) {
				t.Errorf("ID(%q) = %v, want ErrInvalidID", ext, err)
			}
			if err != nil && ext != "" && strings.Contains(err.Error(), ext) {
				t.Errorf("the error repeats the identifier: %v", err)
			}
		}
		if _, err := subject.NewNamespace([]byte("short")); !errors.Is(err, subject.ErrInvalidID) {
			t.Errorf("a short key: %v", err)
		}
		var nilNS *subject.Namespace
		if _, err := nilNS.ID("x"); !errors.Is(err, subject.ErrInvalidID) {
			t.Errorf("a nil Namespace: %v", err)
		}
	})
}

func FuzzNamespaceID(f *testing.F) {
	ns, _ := subject.NewNamespace([]byte("fuzz key fuzz key fuzz key"))
	f.Add("account-1")
	f.Add("")
	f.Add("用户12345")
	f.Fuzz(func(t *testing.T, ext string) {
		id, err := ns.ID(ext)
		if err != nil {
			return
		}
		if id.IsZero() || id[6]>>4 != 8 {
			t.Fatalf("ID(%q) = %v", ext, id)
		}
		if again, _ := ns.ID(ext); again != id {
			t.Fatal("not deterministic")
		}
	})
}

func ExampleNamespace() {
	ns, err := subject.NewNamespace([]byte("keep this key secret and stable"))
	if err != nil {
		fmt.Println(err)
		return
	}
	id, _ := ns.ID("account-1001") // the service's own identifier
	again, _ := ns.ID("account-1001")
	fmt.Println(id == again, id.String()[14:15])
	// Output: true 8
}
