package detect_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/lawfulgo/lawful/pii/format"
	"github.com/lawfulgo/lawful/pii/format/detect"
	"github.com/lawfulgo/lawful/pii/mask"
)

func ExampleFind() {
	text := "客户身份证：11010519491231002X，手机 138-0013-8000，订单号 13900139000"
	for _, sp := range detect.Find(text) {
		fmt.Println(sp.Kind, sp.Category().Key(), text[sp.Start:sp.End], sp.Confidence)
	}
	// Output:
	// national_id identity.national_id 11010519491231002X 0.99
	// mobile contact.phone 138-0013-8000 0.99
}

// A prompt is redacted before it is sent to a model: labels keep it
// readable.
func ExampleRedact() {
	fmt.Println(detect.Redact("Please email zhang.san@example.com or call +86 138 0013 8000 about card 4111 1111 1111 1111."))
	// Output:
	// Please email [contact.email] or call [contact.phone] about card [finance.bank_card].
}

// With a Masker, spans are masked the way Chinese services display them.
func ExampleScanner_Redact() {
	s := detect.Scanner{Masker: mask.Default()}
	fmt.Println(s.Redact("手机１３８００１３８０００已登记，身份证 11010519491231002X"))
	// Output:
	// 手机138****8000已登记，身份证 110***********002X
}

// Kinds limits what a Scanner looks for.
func ExampleScanner_Find_kinds() {
	s := detect.Scanner{Kinds: []format.Kind{format.Email}}
	fmt.Println(len(s.Find("13800138000 a@example.com")))
	// Output:
	// 1
}

// Keys give the values under them their context: a bare passport number
// is found because its key says what it is.
func ExampleScanner_FindJSON() {
	var s detect.Scanner
	found, err := s.FindJSON([]byte(`{"user":{"passport":"E12345678","phone":13800138000},"order_no":"20240101123456"}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range found {
		fmt.Println(f.Path, f.Kind)
	}
	// Output:
	// /user/passport passport
	// /user/phone mobile
}

// A log of any size is scanned in a bounded window.
func ExampleScanner_FindReader() {
	log := strings.NewReader("GET /login ip=203.0.113.7\nPOST /profile mobile=13800138000\n")
	var s detect.Scanner
	err := s.FindReader(context.Background(), log, func(sp detect.Span) error {
		fmt.Println(sp)
		return nil
	})
	fmt.Println(err)
	// Output:
	// ip[14:25] 0.99
	// mobile[47:58] 0.99
	// <nil>
}
