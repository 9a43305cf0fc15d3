package lawful_test

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// layers ranks the module's packages: a package may import only packages
// of a lower rank (and the standard library, uuid, x/crypto). The house
// is one-way: pii ← purpose ← subject ← consent ← retention ← rights ←
// lawful, with the foundations (clock, internal) below everything and the
// adapters, test helpers, tools and examples above (issue 20 §2).
var layers = []struct {
	rank int
	pkgs []string // import paths relative to the module; a trailing / is a prefix
}{
	{0, []string{"clock", "internal/"}},
	{1, []string{"pii", "pii/"}},
	{2, []string{"purpose"}},
	{3, []string{"subject"}},
	{4, []string{"consent"}},
	{5, []string{"retention"}},
	{6, []string{"rights", "incident", "incident/", "assessment", "assessment/", "transfer", "transfer/", "controller", "controller/", "labels", "labels/", "aigc", "aigc/"}},
	{7, []string{"sqlstore", "sqlstore/"}},
	{8, []string{""}}, // the root package
	{9, []string{"lawfultest", "consent/consenttest", "retention/retentiontest", "subject/subjecttest", "rights/rightstest", "cmd/", "examples/", "schema", "schema/"}},
}

const module = "github.com/lawfulgo/lawful"

func rankOf(pkg string) (int, bool) {
	rel := strings.TrimPrefix(strings.TrimPrefix(pkg, module), "/")
	best, found, bestLen := 0, false, -1
	for _, l := range layers {
		for _, p := range l.pkgs {
			match := rel == p || strings.HasSuffix(p, "/") && strings.HasPrefix(rel, p)
			if match && len(p) > bestLen {
				best, found, bestLen = l.rank, true, len(p)
			}
		}
	}
	return best, found
}

// TestImportsRunOneWay fails on an import that runs against the layering,
// and on a package the table does not place.
func TestImportsRunOneWay(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}|{{join .Imports ","}}`, "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for line := range strings.SplitSeq(strings.TrimSpace(string(out)), "\n") {
		pkg, imports, _ := strings.Cut(line, "|")
		from, ok := rankOf(pkg)
		if !ok {
			t.Errorf("package %s has no place in the layering; add it to layers in layering_test.go", pkg)
			continue
		}
		for _, imp := range strings.Split(imports, ",") {
			if !strings.HasPrefix(imp, module) {
				continue
			}
			to, ok := rankOf(imp)
			if ok && (to > from || to == from && !slices.Contains([]int{0, 9}, from) && !sameTree(pkg, imp)) {
				t.Errorf("%s (rank %d) imports %s (rank %d): imports run one way, from higher to lower", pkg, from, imp, to)
			}
		}
	}
}

// sameTree reports whether a and b are in one directory tree of the
// module (pii and pii/format, pii/mask and pii/format): within a tree the
// compiler's ban on import cycles keeps the order.
func sameTree(a, b string) bool {
	top := func(p string) string {
		rel := strings.TrimPrefix(strings.TrimPrefix(p, module), "/")
		first, _, _ := strings.Cut(rel, "/")
		return first
	}
	return top(a) == top(b) && top(a) != ""
}

func TestLayeringCatchesAnUpwardImport(t *testing.T) {
	// The rights engine used to live under subject and import consent and
	// retention: such a package ranks as subject, and its imports rank
	// above it.
	from, _ := rankOf(module + "/subject/rights")
	to, _ := rankOf(module + "/consent")
	if to <= from {
		t.Fatalf("subject/rights ranks %d and consent %d: the upward import would pass", from, to)
	}
}
