package mask_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/pii/mask"
)

// revealed counts the characters of out that are not the mask character.
func revealed(out string) int {
	return utf8.RuneCountInString(out) - strings.Count(out, "*")
}

// FuzzRule checks that no rule panics and none shows more of a value than
// it allows: First+Last characters at most (the area code and Last for
// Landline; the surname for Name; First and the domain for Email), a third
// of the value hidden, nothing at all for Redact.
func FuzzRule(f *testing.F) {
	for _, s := range []string{"13812341234", "+86 138 1234 1234", "欧阳娜娜", "alice@example.com", "北京市海淀区中关村大街1号",
		"192.168.1.23", "2001:db8::1", "6222 6002 6000 1072 444", "", "\xff\xfe@", "@", "a@", "::", "0915-2345679"} {
		for st := range 10 {
			f.Add(uint8(st), uint8(3), uint8(4), uint8(0), s)
		}
	}
	f.Fuzz(func(t *testing.T, st, first, last, fixed uint8, v string) {
		r := mask.Rule{Style: mask.Style(st % 10), First: int(first % 40), Last: int(last % 40), Fixed: int(fixed % 40)}
		out := string(r.Append(nil, v))
		n, got := utf8.RuneCountInString(v), revealed(out)
		if r.Validate() != nil {
			if out != "****" {
				t.Fatalf("invalid rule %v: %q, want ****", r, out)
			}
			return
		}
		limit := allowed(r, v, n)
		if got > limit {
			t.Fatalf("%v on %q gave %q: %d characters shown, at most %d allowed", r, v, out, got, limit)
		}
	})
}

func allowed(r mask.Rule, v string, n int) int {
	third := max(0, n-max(1, (n+2)/3))
	switch r.Style {
	case mask.Chars:
		return min(r.First+r.Last, third)
	case mask.Digits, mask.Phone:
		return min(r.First+r.Last, third)
	case mask.Landline:
		return min(4+r.Last, third)
	case mask.Name:
		return min(2, max(0, n-1))
	case mask.Email:
		at := strings.LastIndexByte(v, '@')
		if at <= 0 || at == len(v)-1 {
			return 0
		}
		return r.First + utf8.RuneCountInString(v[at:])
	case mask.Address:
		return min(24, max(0, n-1))
	case mask.IP:
		return max(0, n-1) + 2 // "::" is added, not shown
	}
	return 0
}

// FuzzMasker checks that every category's default rule respects the same
// bounds, and that a secret is always the fixed placeholder.
func FuzzMasker(f *testing.F) {
	f.Add(uint8(1), "13812341234")
	f.Add(uint8(30), "hunter2")
	all := pii.All()
	f.Fuzz(func(t *testing.T, ci uint8, v string) {
		c := all[int(ci)%len(all)]
		out := mask.String(c, v)
		if c.IsSecret() {
			if out != mask.SecretPlaceholder {
				t.Fatalf("secret %v masked %q as %q", c, v, out)
			}
			return
		}
		r := mask.DefaultRule(c)
		if limit := allowed(r, v, utf8.RuneCountInString(v)); revealed(out) > limit {
			t.Fatalf("%v (%v) on %q gave %q: more than %d shown", c, r, v, out, limit)
		}
	})
}
