// Package policies holds example policy files: real privacy policies encoded
// in the JSON schema of purpose.DecodePolicy, embedded so that tests,
// examples and tools can load them without touching the file system.
//
// Each seed policy comes in two readings:
//
//   - clipo.json is seed 003 (Clipo, 特赞（上海）信息科技有限公司, version
//     date 2025-11-11) as a compliant service would run it: every purpose
//     the policy declares, on the PIPL art. 13 ground it needs, with the
//     recipients and retention statements the policy implies. It loads.
//   - clipo_as_written.json is the same policy as its text writes it:
//     the GB/T 35273 exemption list as bases, grounds without a cited law,
//     sharing with affiliates it never names, a cross-border transfer with
//     no recipient or mechanism. Loading it fails with a
//     *purpose.ValidationError that lists each defect.
//
// README.md maps every enforceable clause of the seed to the purpose,
// basis, recipient or retention entry that encodes it, and lists what the
// policy gets wrong, with the rule and article each defect breaks.
package policies

import (
	"embed"

	"github.com/lawfulgo/lawful/purpose"
)

// FS holds the policy files of this directory (*.json).
//
//go:embed *.json
var FS embed.FS

// Open loads the named policy file from FS with purpose.LoadPolicy and
// returns the compiled Registry. A file that breaks a rule yields a
// *purpose.ValidationError listing every problem; a name not in FS yields
// an error matching fs.ErrNotExist.
func Open(name string) (*purpose.Registry, error) {
	f, err := FS.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return purpose.LoadPolicy(f)
}
