package purpose_test

import (
	"errors"
	"fmt"

	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
)

func ExampleParseCitation() {
	for _, s := range []string{
		"PIPL 13(1)(2)",
		"《个人信息保护法》第十三条第一款第二项",
		"Art. 6(1)(b) GDPR",
		"《网络安全法》第二十一条第（三）项",
		"Made Up Law art. 99",
		"PIPL art. 99",
	} {
		c, err := purpose.ParseCitation(s)
		if err != nil {
			fmt.Println(err, errors.Is(err, purpose.ErrUnknownInstrument))
			continue
		}
		fmt.Printf("%s | %s | %v\n", c, c.In(purpose.ZH), c.Instrument.Kind())
	}
	// Output:
	// PIPL art. 13(1)(2) | 《个人信息保护法》第十三条第一款第二项 | law
	// PIPL art. 13(1)(2) | 《个人信息保护法》第十三条第一款第二项 | law
	// GDPR art. 6(1)(b) | 《通用数据保护条例》第6条第1款(b)项 | eu_regulation
	// CSL art. 21(3) | 《网络安全法》第二十一条第三项 | law
	// purpose: citation "Made Up Law art. 99": "Made Up Law" is not an instrument the library knows (see purpose.Instruments); cite e.g. "Cybersecurity Law art. 21(3)" true
	// purpose: citation "PIPL art. 99": PIPL has 74 articles; there is no art. 99 false
}

func ExampleParseCitations() {
	cs, err := purpose.ParseCitations("PIPL arts. 19, 47(1), (3); NDSMR art. 21(3)")
	fmt.Println(cs, err)
	// Output: [PIPL art. 19 PIPL art. 47(1) PIPL art. 47(3) NDSMR art. 21(3)] <nil>
}

func ExampleLint() {
	p := purpose.Policy{
		Name:        purpose.Text{EN: "Voice Lab"},
		Controller:  purpose.Controller{Name: purpose.Text{EN: "Voice Lab Ltd"}},
		Regimes:     []pii.Law{pii.PIPL},
		Individuals: 2_000_000,
		Retention:   []purpose.Retention{{ID: "logs", Summary: purpose.Text{EN: "As long as necessary"}}},
		Purposes: []purpose.Purpose{{
			ID:         "ops.logging",
			Name:       purpose.Text{EN: "Network logs"},
			Versions:   []purpose.Version{{Number: 1}},
			Required:   pii.MustParseSet("activity.service_log,device.ip"),
			Operations: purpose.OperationsOf(purpose.Collect, purpose.Store),
			Basis:      purpose.Legal{Basis: purpose.LegalDuty, Cites: "Made Up Law art. 99"},
			Retention:  "logs",
			Traits:     purpose.AdultsOnly,
		}},
	}
	_, err := purpose.Compile(p)
	fmt.Println("compiles:", err == nil)
	for _, f := range purpose.Lint(p, purpose.LintOptions{}) {
		fmt.Printf("%s %s (%s)\n", f.Severity, f.Rule, f.Cites)
	}
	// Output:
	// compiles: true
	// error controller.contact (PIPL art. 17(1)(1))
	// error officer.missing (PIPL art. 52)
	// warning retention.open_ended (PIPL art. 19; NDSMR art. 21(3))
	// warning citation.unknown_instrument (PIPL art. 13(1)(3))
}
