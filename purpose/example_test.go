package purpose_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
)

func ExampleCompile() {
	reg, err := purpose.Compile(purpose.Policy{
		Name:      purpose.Text{EN: "Voice Lab"},
		Regimes:   []pii.Law{pii.PIPL},
		Retention: []purpose.Retention{{ID: "voice", Summary: purpose.Text{EN: "Until the voice model is deleted"}}},
		Purposes: []purpose.Purpose{{
			ID:         "service.voice_clone",
			Name:       purpose.Text{EN: "Voice cloning", ZH: "声音克隆"},
			Versions:   []purpose.Version{{Number: 1}},
			Required:   pii.MustParseSet("biometric.voice_sample,biometric.voiceprint"),
			Operations: purpose.OperationsOf(purpose.Collect, purpose.Use, purpose.Store),
			Basis:      purpose.Legal{Basis: purpose.Consent},
			Retention:  "voice",
		}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	vc, _ := reg.Lookup("service.voice_clone")
	fmt.Println(vc, vc.Declares(purpose.Share), vc.Sensitive(pii.PIPL))
	// Output: service.voice_clone@v1 false biometric.voice_sample,biometric.voiceprint
}

func ExampleLoadPolicy_errors() {
	_, err := purpose.LoadPolicy(strings.NewReader(`{
	  "schema": 1, "regimes": ["pipl"],
	  "retention": [{"id": "ads", "summary": "12 months"}],
	  "purposes": [{
	    "id": "ads.targeted", "name": "Targeted ads", "versions": [{"number": 1}],
	    "categories": {"required": ["profile.tags", "device.id.oiad"]},
	    "operations": ["use", "share"],
	    "basis": "legitimate_interests", "retention": "ads"
	  }]
	}`))
	fmt.Println(err)
	fmt.Println(errors.Is(err, purpose.ErrNoStatutoryBasis))
	// Output:
	// purpose: policy has 3 problems:
	// 	purpose "ads.targeted": categories.required[1]: unknown category "device.id.oiad"; did you mean "device.id.oaid"?
	// 	purpose "ads.targeted": recipients: operation share needs a declared recipient with role independent or affiliate or joint or authority (PIPL arts. 13(1)(3), 23)
	// 	purpose "ads.targeted": basis: basis "legitimate_interests" is not a ground under PIPL (PIPL art. 13(1) lists the only grounds; there is no legitimate-interest ground)
	// true
}

func ExampleBasis_Ground() {
	for _, b := range []purpose.Basis{purpose.GBTSecureOperation, purpose.GBTAcademicResearch, purpose.LegitimateInterests} {
		fmt.Printf("%-22s PIPL ground: %-12v GDPR ground: %v\n", b, b.Ground(pii.PIPL), b.Ground(pii.GDPR))
	}
	// Output:
	// gbt.secure_operation   PIPL ground: legal_duty   GDPR ground: Basis(0)
	// gbt.academic_research  PIPL ground: Basis(0)     GDPR ground: Basis(0)
	// legitimate_interests   PIPL ground: Basis(0)     GDPR ground: legitimate_interests
}

func ExampleCompiled_ConsentCurrent() {
	reg := purpose.MustCompile(voicePolicy())
	vc, _ := reg.Lookup("service.voice_clone")
	// v2 was material (new categories); v3 changed wording only.
	for v := 1; v <= 3; v++ {
		fmt.Printf("consent under v%d current: %v\n", v, vc.ConsentCurrent(v))
	}
	// Output:
	// consent under v1 current: false
	// consent under v2 current: true
	// consent under v3 current: true
}

func ExampleRegistry_SharingList() {
	reg := purpose.MustCompile(voicePolicy())
	for _, line := range strings.Split(reg.SharingList(purpose.EN), "\n")[6:10] {
		fmt.Println(line)
	}
	// Output:
	// | Recipients | Role | Location | Purpose | Personal information | Operations | Legal basis |
	// | --- | --- | --- | --- | --- | --- | --- |
	// | GPU Cloud | Entrusted processor | domestic | Voice cloning (`service.voice_clone`) | Voice recordings collected to model a person's voice (`biometric.voice_sample`) ★; Speaker features/model derived from voice (`biometric.voiceprint`) ★; Typed input, prompts, scripts to be read (`content.text`) (optional) | entrust | Consent (PIPL art. 13(1)(1)) |
	// | WeChat Pay (95017) | Independent processor | domestic | Payment (`commerce.payment`) | Orders: product, quantity, time, status (`finance.order`) ★; Payment time, amount, channel, transaction serial (`finance.payment_record`) ★ | share | Contract necessity (PIPL art. 13(1)(2)) |
}
