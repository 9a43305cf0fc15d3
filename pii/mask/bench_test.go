package mask_test

import (
	"testing"

	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/pii/mask"
)

var sinkBytes []byte

// BenchmarkMask measures Append into a reused buffer, per style.
func BenchmarkMask(b *testing.B) {
	for _, tc := range []struct{ name, cat, in string }{
		{"phone", "contact.phone", "+86 138-0013-8000"},
		{"national_id", "identity.national_id", "11010519491231002X"},
		{"bank_card", "finance.bank_card", "6222 6002 6000 1072 444"},
		{"name", "basic.name", "欧阳娜娜"},
		{"email", "contact.email", "alice@example.com"},
		{"address", "contact.address", "北京市海淀区中关村大街1号"},
	} {
		c := pii.MustLookup(tc.cat)
		buf := make([]byte, 0, 64)
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				buf = mask.Append(buf[:0], c, tc.in)
			}
			sinkBytes = buf
		})
	}
}
