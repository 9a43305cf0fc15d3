// Command report loads the five seed privacy policies of examples/seeds and
// prints, for each, what the compliant encoding declares and what the
// policy as written gets wrong:
//
//	go run ./examples/seeds/report
//
// and the deadlines each seed promises for rights requests, as
// seeds.Rights gives them to package rights.
//
// The scenario tests that enforce each policy run with
// go test ./examples/seeds.
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"text/tabwriter"

	"github.com/lawfulgo/lawful/examples/policies"
	"github.com/lawfulgo/lawful/examples/seeds"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/retention"
	"github.com/lawfulgo/lawful/rights"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
}

// row is one seed's summary.
type row struct {
	dir         string
	service     string
	regimes     []string
	purposes    int
	rules       int
	scenarios   int
	asWritten   int // problems found in the policy as written; -1: no such file
	firstDefect string
}

func run(w io.Writer) error {
	var rows []row
	for _, dir := range seeds.Dirs() {
		r, err := summarise(dir)
		if err != nil {
			return fmt.Errorf("%s: %w", dir, err)
		}
		rows = append(rows, r)
	}
	fmt.Fprintln(w, "The five seed privacy policies, encoded and enforced (go test ./examples/seeds):")
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "seed\tservice\tregimes\tpurposes\tretention rules\tscenarios\tas written")
	for _, r := range rows {
		written := "(encoded in examples/policies)"
		if r.asWritten >= 0 {
			written = fmt.Sprintf("fails with %d problems", r.asWritten)
		}
		fmt.Fprintf(tw, "%s\t%s\t%v\t%d\t%d\t%d\t%s\n", r.dir, r.service, r.regimes, r.purposes, r.rules, r.scenarios, written)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "The first defect lawful finds in each policy as written:")
	fmt.Fprintln(w)
	for _, r := range rows {
		if r.firstDefect != "" {
			fmt.Fprintf(w, "  %s: %s\n", r.dir, r.firstDefect)
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "The deadlines each seed promises for rights requests (seeds.Rights, package rights):")
	fmt.Fprintln(w)
	for _, r := range rows {
		for _, law := range []pii.Law{pii.PIPL, pii.GDPR} {
			if p, ok := seeds.Rights(r.dir, law); ok {
				fmt.Fprintf(w, "  %s (%v): %s\n", r.dir, law, terms(p))
			}
		}
	}
	return nil
}

// terms lists a rights policy's default term and, in Kind order, the
// kinds with their own.
func terms(p rights.Policy) string {
	s := fmt.Sprintf("%v", p.Term)
	for _, k := range rights.Kinds() {
		if t, ok := p.Kinds[k]; ok {
			s += fmt.Sprintf("; %v: %v", k, t)
		}
	}
	if p.Extended.IsZero() {
		s += "; no extension"
	}
	return s
}

func summarise(dir string) (row, error) {
	r := row{dir: dir, asWritten: -1}
	var reg *purpose.Registry
	var err error
	asWritten := dir + "/as_written.json"
	if dir == "003-clipo" {
		reg, err = policies.Open("clipo.json")
		asWritten = ""
		_, werr := policies.Open("clipo_as_written.json")
		r.asWritten, r.firstDefect = problems(werr)
	} else {
		reg, err = seeds.Open(dir + "/policy.json")
	}
	if err != nil {
		return r, err
	}
	rules, err := retention.Compile(reg)
	if err != nil {
		return r, err
	}
	r.service = reg.Policy().Name.EN
	if r.service == "" {
		r.service = reg.Policy().Name.ZH
	}
	for _, l := range reg.Regimes() {
		r.regimes = append(r.regimes, l.String())
	}
	r.purposes, r.rules = reg.Len(), rules.Len()
	data, err := fs.ReadFile(seeds.FS, dir+"/scenarios.json")
	if err != nil {
		return r, err
	}
	var sf struct {
		Scenarios []json.RawMessage `json:"scenarios"`
	}
	if err := json.Unmarshal(data, &sf); err != nil {
		return r, err
	}
	r.scenarios = len(sf.Scenarios)
	if asWritten != "" {
		if _, err := fs.Stat(seeds.FS, asWritten); err == nil {
			_, werr := seeds.Open(asWritten)
			r.asWritten, r.firstDefect = problems(werr)
		}
	}
	return r, nil
}

// problems counts a policy's validation problems and returns the first.
func problems(err error) (int, string) {
	var ve *purpose.ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) == 0 {
		return 0, ""
	}
	return len(ve.Problems), ve.Problems[0].String()
}
