// Package seeds encodes the five real privacy policies of ../shared/seeds
// as policy files and enforces them with scenario tests.
//
// Each subdirectory is one seed service:
//
//	000-allvoicelab   趣丸千音 (All Voice Lab), AI voice service
//	001-aiart         Artificial Intelligence Art Limited, AI art and voice app
//	002-webservice    a web service under GDPR and PIPL, with children's rules
//	003-clipo         Clipo, voice cloning and digital humans (policy in ../policies)
//	004-jichuang      即创, an advertising-creative platform
//
// and holds:
//
//   - policy.json: the policy as a compliant service would run it, in the
//     schema of purpose.DecodePolicy; it loads.
//   - as_written.json (where the seed earns it): the policy as its text
//     writes it; loading fails with the documented problems.
//   - scenarios.json: lawfultest scenarios that show the Guard enforcing
//     the policy clause by clause (minors, exemptions, sharing, retention,
//     withdrawal).
//   - README.md: every enforceable clause mapped to the purpose, basis,
//     consent rule or retention rule that encodes it, and the clauses the
//     library shows to be non-compliant, with the denial they get.
//
// The files are embedded (FS) so tools can load them without a file
// system; Open compiles one seed's policy. Rights gives the deadlines each
// seed promises for rights requests as a rights.Policy, for a rights.Desk.
package seeds

import (
	"embed"
	"io/fs"
	"path"

	"github.com/lawfulgo/lawful/purpose"
)

// FS holds every seed directory's JSON files.
//
//go:embed */*.json
var FS embed.FS

// Dirs lists the seed directories in FS, in order.
func Dirs() []string {
	entries, err := fs.ReadDir(FS, ".")
	if err != nil { // cannot happen for an embed.FS root
		return nil
	}
	var dirs []string
	for _, e := range entries {
		if e.IsDir() {
			dirs = append(dirs, e.Name())
		}
	}
	return dirs
}

// Open compiles the named file (e.g. "000-allvoicelab/policy.json") with
// purpose.LoadPolicy. A file that breaks a rule yields a
// *purpose.ValidationError listing every problem; a name not in FS yields
// an error matching fs.ErrNotExist.
func Open(name string) (*purpose.Registry, error) {
	f, err := FS.Open(path.Clean(name))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return purpose.LoadPolicy(f)
}
