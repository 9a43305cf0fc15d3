package pii_test

import (
	"errors"
	"fmt"

	"github.com/lawfulgo/lawful/pii"
)

func ExampleParse() {
	c, err := pii.Parse("biometric.voiceprint")
	fmt.Println(c, c.Sensitivity(pii.PIPL), c.Sensitivity(pii.GDPR), err)

	_, err = pii.Parse("contact.phon")
	fmt.Println(err)
	fmt.Println(errors.Is(err, pii.ErrUnknownCategory))
	// Output:
	// biometric.voiceprint sensitive sensitive_if_identifying <nil>
	// pii: unknown category "contact.phon"; did you mean "contact.phone"?
	// true
}

func ExampleParseSet() {
	s, _ := pii.ParseSet("contact.phone, biometric")
	fmt.Println(s.Len())
	fmt.Println(s.Sensitive(pii.PIPL).Len(), "sensitive under PIPL art. 28")
	// Output:
	// 9
	// 8 sensitive under PIPL art. 28
}

func ExampleSet_SubsetOf() {
	declared := pii.MustParseSet("contact.phone,credential.otp")
	requested := pii.MustParseSet("contact.phone,device.ip")
	fmt.Println(requested.SubsetOf(declared))
	fmt.Println("undeclared:", requested.Minus(declared))
	// Output:
	// false
	// undeclared: device.ip
}

func ExampleCategoriesOf() {
	type Account struct {
		ID       string `pii:"account.id"`
		Phone    string `pii:"contact.phone"`
		Password string `pii:"credential.password"`
		Plan     string
	}
	cats, err := pii.CategoriesOf[Account]()
	fmt.Println(cats, err)
	fmt.Println("secret:", cats.Secret())
	// Output:
	// account.id,contact.phone,credential.password <nil>
	// secret: credential.password
}

func ExampleMustRegister() {
	// Services add their own leaves from init, e.g. in a package variable:
	//
	//	var Plate = pii.MustRegister(pii.Definition{...})
	plate := pii.MustRegister(pii.Definition{
		Key:    "vehicle.licence_plate",
		NameEN: "Licence plate",
		NameZH: "车牌号",
		PIPL:   pii.General,
		GDPR:   pii.General,
	})
	fmt.Println(plate, plate.Group())
	// Output: vehicle.licence_plate vehicle
}
