package aigc_test

import (
	"fmt"

	"github.com/lawfulgo/lawful/aigc"
)

func ExampleDuties() {
	// A voice-cloning service that lets users download clones without the
	// spoken "AI-generated" prompt when they ask.
	d := aigc.Duties(aigc.Provider, aigc.Audio, true)
	fmt.Println(d)
	fmt.Println(aigc.Audio.Placement().EN)

	label := aigc.Metadata{Label: aigc.Generated, ContentProducer: "AllVoiceLab", ProduceID: "clone-000123"}
	fmt.Println(label.Validate(aigc.Provider))
	b, _ := label.MarshalJSON()
	fmt.Println(string(b))
	// Output:
	// explicit_label,explicit_in_exports,implicit_label,user_agreement,user_labelling_duty,log_recipients,keep_labels
	// a spoken prompt or an audio rhythm prompt at the beginning, the end or a suitable place in the middle, or a prominent prompt in the interface
	// <nil>
	// {"AIGC":{"Label":"1","ContentProducer":"AllVoiceLab","ProduceID":"clone-000123","ReservedCode1":"","ContentPropagator":"","PropagateID":"","ReservedCode2":""}}
}
