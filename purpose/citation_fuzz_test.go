package purpose_test

import (
	"errors"
	"testing"

	"github.com/lawfulgo/lawful/purpose"
)

var citationSeeds = []string{
	"PIPL 13(1)(2)", "PIPL art. 13(1)(2)", "《个人信息保护法》第十三条第一款第二项", "《网络安全法》第二十一条",
	"Art. 6(1)(b) GDPR", "GDPR Article 6(1)(b)", "Cybersecurity Law art. 21(3)", "CSL 21", "NDSMR 35(4)",
	"Made Up Law art. 99", "PIPL art. 99", "GB/T 35273-2020 §5.6(g)", "《民法典》第一千零三十五条",
	"PIPL arts. 19, 47; GDPR art. 17", "PIPL art. 47(1), (3)", "Art. 6 para. 1 lit. b DSGVO", "第一百零一条",
	"《网络安全法》第二十一条第（三）项", "法律法规", "§ 257 HGB", "《》", "PIPL (", "第十十条", "",
}

// FuzzParseCitation checks that the citation parsers never panic, that
// every error is a *CitationError matching ErrInvalidCitation or
// ErrUnknownInstrument and repeats at most a line of its input, and that
// every citation they accept is valid and reads back, from its English
// and its Chinese form, to an equal Citation.
func FuzzParseCitation(f *testing.F) {
	for _, s := range citationSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkErr := func(err error) {
			t.Helper()
			ce, ok := errors.AsType[*purpose.CitationError](err)
			if !ok || !errors.Is(err, purpose.ErrInvalidCitation) && !errors.Is(err, purpose.ErrUnknownInstrument) {
				t.Fatalf("%q: error %v is not a CitationError with a sentinel", s, err)
			}
			if len(err.Error()) > 512 || len(ce.Text) > 64 {
				t.Fatalf("%q: the error repeats %d bytes", s, len(err.Error()))
			}
		}
		roundTrip := func(c purpose.Citation) {
			t.Helper()
			if err := c.Validate(); err != nil {
				t.Fatalf("%q parsed to %#v, which does not validate: %v", s, c, err)
			}
			for _, form := range []string{c.String(), c.In(purpose.ZH)} {
				back, err := purpose.ParseCitation(form)
				if err != nil || back != c {
					t.Fatalf("%q parsed to %#v; its form %q reads back to %#v, %v", s, c, form, back, err)
				}
			}
		}
		if c, err := purpose.ParseCitation(s); err != nil {
			checkErr(err)
		} else {
			roundTrip(c)
		}
		cs, err := purpose.ParseCitations(s)
		if err != nil {
			checkErr(err)
			return
		}
		if len(cs) > purpose.MaxCitations {
			t.Fatalf("%q: %d citations", s, len(cs))
		}
		for _, c := range cs {
			roundTrip(c)
		}
	})
}

// FuzzCitesAndLint checks that Compile and Lint never panic on any cites
// or retention summary, and that every finding is located and wraps an
// error.
func FuzzCitesAndLint(f *testing.F) {
	for _, s := range citationSeeds {
		f.Add(s)
	}
	f.Add("as long as necessary")
	f.Add("为实现目的所必需的最短时间")
	f.Fuzz(func(t *testing.T, s string) {
		for _, b := range []purpose.Basis{purpose.LegalDuty, purpose.OtherLaw, purpose.GBTSecureOperation} {
			p := withCites(b, s)
			p.Retention[0].Summary = purpose.Text{EN: s, ZH: s}
			p.Retention[0].Rule = []byte(s)
			_, _ = purpose.Compile(p)
			fs := purpose.Lint(p, purpose.LintOptions{})
			if len(fs) > purpose.MaxProblems {
				t.Fatalf("%d findings", len(fs))
			}
			for _, f := range fs {
				if f.Where == "" || f.Err == nil || f.Rule == "" || f.Severity == purpose.SeverityUnknown {
					t.Fatalf("finding without location, rule, severity or error: %+v", f)
				}
			}
		}
	})
}
