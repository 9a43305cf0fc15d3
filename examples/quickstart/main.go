// Command quickstart shows lawful's foundation on a real privacy policy:
// the Clipo voice-clone and digital-human service (seed 003), encoded as a
// policy file. It loads and compiles the policy, asks the Registry the
// questions the Guard will ask on every request, shows the errors the
// policy earns as the seed wrote it, and prints the PI collection list
// generated from the same Registry.
//
//	go run ./examples/quickstart
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/lawfulgo/lawful/examples/policies"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	reg, err := policies.Open("clipo.json")
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "lawful quickstart: the Clipo privacy policy (seed 003) as code")
	fmt.Fprintln(w)

	fmt.Fprintf(w, "1. The policy compiles: %d purposes under %v.\n\n", reg.Len(), reg.Regimes())
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "   purpose\tneed\tbasis\tsensitive categories (PIPL art. 28)")
	for _, c := range reg.Purposes() {
		legal, _ := c.Legal(pii.PIPL)
		need := "optional"
		if c.Core() {
			need = "core"
		}
		basis := legal.Basis.String() + " (" + legal.Basis.Citation(pii.PIPL)
		if legal.Cites != "" {
			basis += "; " + legal.Cites
		}
		basis += ")"
		sens := c.Sensitive(pii.PIPL).String()
		if sens == "" {
			sens = "-"
		}
		fmt.Fprintf(tw, "   %s\t%s\t%s\t%s\n", c.ID(), need, basis, sens)
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	fmt.Fprintln(w)
	fmt.Fprintln(w, "2. What the Guard will ask the Registry on every request (no allocations):")
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	ask := func(q string, answer bool, why string) {
		a := "no "
		if answer {
			a = "yes"
		}
		fmt.Fprintf(tw, "   %s\t%s\t%s\n", q, a, why)
	}
	if vc, ok := reg.Lookup("service.voice_clone"); ok {
		ask("may service.voice_clone collect biometric.voiceprint?", vc.Declares(purpose.Collect) && vc.Categories().Contains(pii.MustLookup("biometric.voiceprint")), "declared; basis consent, so the ledger decides")
		ask("may service.voice_clone share with an ad partner?", vc.Declares(purpose.Share), "share is not declared (PIPL art. 23)")
		ask("does it need separate consent?", !vc.Sensitive(pii.PIPL).IsEmpty(), "voice prints are sensitive PI (PIPL art. 29)")
	}
	if logs, ok := reg.Lookup("ops.logging"); ok {
		legal, _ := logs.Legal(pii.PIPL)
		ask("may ops.logging store logs without consent?", legal.Basis.IsExemption(), "legal duty, "+legal.Cites)
		ask("may ops.logging use contact.phone?", logs.Categories().Contains(pii.MustLookup("contact.phone")), "category not declared (PIPL art. 6)")
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	fmt.Fprintln(w)
	fmt.Fprintln(w, "3. The policy as the seed wrote it does not load; lawful says why, with the article:")
	fmt.Fprintln(w)
	_, err = policies.Open("clipo_as_written.json")
	var ve *purpose.ValidationError
	if !errors.As(err, &ve) {
		return fmt.Errorf("clipo_as_written.json: want validation errors, got %v", err)
	}
	for _, p := range ve.Problems {
		fmt.Fprintf(w, "   - %s\n", p)
	}

	fmt.Fprintln(w)
	fmt.Fprintln(w, "4. The PI collection list, generated from the same Registry (Markdown):")
	fmt.Fprintln(w)
	for line := range strings.SplitSeq(strings.TrimRight(reg.CollectionList(purpose.EN), "\n"), "\n") {
		fmt.Fprintln(w, "   "+line)
	}
	return nil
}
