package format_test

import (
	"testing"

	"github.com/lawfulgo/lawful/pii/format"
)

var (
	sinkErr  error
	sinkBool bool
)

// BenchmarkValidate measures Validate on a valid value of each kind (the
// common case on write) and Match on an invalid one.
func BenchmarkValidate(b *testing.B) {
	for _, tc := range []struct {
		k  format.Kind
		in string
	}{
		{format.NationalID, "11010519491231002X"},
		{format.Mobile, "+86 138-0013-8000"},
		{format.BankCard, "6222 6002 6000 1072 444"},
		{format.Email, "zhang.san@example.com"},
		{format.IP, "2001:db8::1"},
		{format.IBAN, "GB82WEST12345698765432"},
		{format.Plate, "粤BD12345"},
	} {
		b.Run(tc.k.String(), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkErr = tc.k.Validate(tc.in)
			}
		})
	}
	b.Run("match_invalid_national_id", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkBool = format.NationalID.Match("13070119931030228X")
		}
	})
}
