package mask_test

import (
	"fmt"
	"log/slog"
	"os"

	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/pii/mask"
)

func ExampleString() {
	fmt.Println(mask.String(pii.MustLookup("contact.phone"), "+86 138-0013-8000"))
	fmt.Println(mask.String(pii.MustLookup("identity.national_id"), "11010519491231002X"))
	fmt.Println(mask.String(pii.MustLookup("basic.name"), "欧阳娜娜"))
	fmt.Println(mask.String(pii.MustLookup("contact.email"), "alice@example.com"))
	fmt.Println(mask.String(pii.MustLookup("credential.otp"), "123456"))
	// Output:
	// 138****8000
	// 110***********002X
	// 欧阳**
	// a***@example.com
	// ******
}

func ExampleMasker_Append() {
	card := pii.MustLookup("finance.bank_card")
	m, err := mask.New(map[pii.Category]mask.Rule{card: {Style: mask.Digits, Last: 4, Fixed: 4}})
	if err != nil {
		panic(err)
	}
	buf := make([]byte, 0, 64) // reused: Append does not allocate
	buf = m.Append(buf[:0], card, "6222 6002 6000 1072 444")
	fmt.Println(string(buf))
	// Output:
	// ****2444
}

func ExampleCopy() {
	type User struct {
		Name  string `pii:"basic.name"`
		Phone string `pii:"contact.phone"`
		Plan  string
	}
	shown, err := mask.Copy(nil, User{Name: "张三丰", Phone: "13800138000", Plan: "pro"})
	fmt.Printf("%+v %v\n", shown, err)
	// Output:
	// {Name:张** Phone:138****8000 Plan:pro} <nil>
}

func ExampleNewHandler() {
	type User struct {
		Phone    string `pii:"contact.phone"`
		Password string `pii:"credential.password"`
	}
	h := slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		return a
	}})
	log := slog.New(mask.NewHandler(h, mask.LogOptions{}))
	log.Info("signup", "user", User{Phone: "13800138000", Password: "hunter2"}, "otp", "123456")
	// Output:
	// level=INFO msg=signup user.Phone=138****8000 user.Password=****** otp=******
}
