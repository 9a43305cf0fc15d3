package format_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/lawfulgo/lawful/pii/format"
)

func ExampleKind_Normalize() {
	phone, err := format.Mobile.Normalize("+86 138-0013-8000")
	fmt.Println(phone, err)
	card, err := format.BankCard.Normalize("６２２２ ６００２ ６０００ １０７２ ４４４") // full-width, from an IME
	fmt.Println(card, err)
	ip, err := format.IP.Normalize("::ffff:192.0.2.1")
	fmt.Println(ip, err)
	// Output:
	// 13800138000 <nil>
	// 6222600260001072444 <nil>
	// 192.0.2.1 <nil>
}

func ExampleKind_Validate() {
	err := format.BankCard.Validate("6222 6002 6000 1072 445")
	fmt.Println(errors.Is(err, format.ErrChecksum))
	if fe, ok := errors.AsType[*format.Error](err); ok {
		fmt.Println(fe.Kind, fe.Pos)
	}
	fmt.Println(err)
	// Output:
	// true
	// bank_card 19
	// format: bank card number: check digit mismatch at character 19: the last digit does not match the others (Luhn, ISO/IEC 7812-1); a digit is mistyped or two are swapped
}

func ExampleParseResidentIDAt() {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	id, err := format.ParseResidentIDAt("11010519491231002x", now)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(id.BirthDate(), id.Sex(), id.Region())
	// A birth date converts to subject.Date: subject.Date(id.BirthDate()).
	fmt.Println(id.LogValue())
	// Output:
	// 1949-12-31 female 110105
	// 110***********002X
}

func ExampleUpgradeResidentID15() {
	id, err := format.UpgradeResidentID15("130701931030228")
	fmt.Println(id, err)
	// Output:
	// 130701199310302288 <nil>
}
