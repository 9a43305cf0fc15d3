package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/purpose"
)

// propertyPolicies are the policies random requests are made against.
var propertyPolicies = []string{
	"testdata/policy.json",
	"../../lawfultest/testdata/policy.json",
	"../../examples/seeds/000-allvoicelab/policy.json",
	"../../examples/seeds/001-aiart/policy.json",
	"../../examples/seeds/002-webservice/policy.json",
	"../../examples/policies/clipo.json",
	"../../examples/seeds/004-jichuang/policy.json",
}

// TestTraceAgreesWithTheGuardOnRandomRequests makes random worlds and
// requests over the seed policies (subjects of every age band and
// several jurisdictions, guardians, consent histories, restrictions,
// objections, attestations) and requires the trace's verdict to be the
// Guard's on every one that explains.
func TestTraceAgreesWithTheGuardOnRandomRequests(t *testing.T) {
	n := 1500
	if testing.Short() {
		n = 200
	}
	rng := rand.New(rand.NewPCG(20, 26))
	var regs []*purpose.Registry
	for _, p := range propertyPolicies {
		data, err := os.ReadFile(p)
		must(t, err)
		reg, err := purpose.LoadPolicy(strings.NewReader(string(data)))
		must(t, err)
		regs = append(regs, reg)
	}
	explained := 0
	verdicts := map[string]int{}
	for i := range n {
		reg := regs[i%len(regs)]
		file := randomRequest(rng, reg)
		ex, err := explain(t.Context(), reg, file, time.Time{})
		if err != nil {
			continue // the ledger refused a random event: not a world
		}
		explained++
		if !ex.Agrees {
			t.Fatalf("%s\n%s", ex.Disagreement, file)
		}
		assertTraceConsistent(t, ex)
		verdicts[ex.Decision.Reason]++
	}
	t.Logf("%d of %d random requests explained; verdicts %v", explained, n, verdicts)
	if explained < n/2 || len(verdicts) < 15 {
		t.Errorf("%d of %d random requests explained, %d verdicts: the generator explores too little", explained, n, len(verdicts))
	}
}

// randomRequest returns a request file for reg.
func randomRequest(rng *rand.Rand, reg *purpose.Registry) []byte {
	ps := reg.Purposes()
	pick := func(list []string) string { return list[rng.IntN(len(list))] }
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))
	f := map[string]any{"now": now.Format(time.RFC3339)}
	switch rng.IntN(6) {
	case 1:
		f["regime"] = map[string]any{"guardian_age": 18, "jurisdictions": map[string]any{"DE": "gdpr"}}
	case 2, 5:
		f["regime"] = map[string]any{"jurisdictions": map[string]any{"DE": "gdpr"}}
	case 3:
		f["regime"] = map[string]any{"base": "gdpr"}
	case 4:
		f["regime"] = map[string]any{"guardian_age": 18, "guardian_form": "written"}
	}
	s := map[string]any{"jurisdiction": pick([]string{"CN", "CN", "CN", "CN", "DE", "DE", "FR", "", "US"}),
		"status": pick([]string{"active", "active", "active", "active", "frozen", "closed", "deceased"})}
	if b := pick([]string{"1990-05-01", "2010-03-02", "2016-07-08", "2012-03-01", ""}); b != "" {
		s["birth"] = b
	}
	if rng.IntN(2) == 0 {
		s["guardians"] = []any{map[string]any{"name": "mum", "birth": "1980-01-01"}}
	}
	f["subject"] = s
	h := &history{guardian: s["guardians"] != nil}
	for i := range rng.IntN(6) {
		if e := h.event(rng, ps, now.Add(time.Duration(i-6)*24*time.Hour)); e != nil {
			h.events = append(h.events, e)
		}
	}
	events := h.events
	f["events"] = events
	f["request"] = randomCheck(rng, ps, now)
	b, _ := json.Marshal(f)
	return b
}

// history makes a consent history the ledger accepts: withdrawals of
// what was granted, lifts of what was restricted or objected to.
type history struct {
	guardian          bool
	granted, objected []string
	restricted        []string
	events            []any
}

func (h *history) event(rng *rand.Rand, ps []purpose.Compiled, at time.Time) map[string]any {
	p := ps[rng.IntN(len(ps))]
	e := map[string]any{"at": at.Format(time.RFC3339)}
	switch k := rng.IntN(8); {
	case k < 4:
		e["kind"], e["purposes"] = "grant", []string{string(p.ID())}
		e["form"] = []string{"click", "separate", "separate", "written"}[rng.IntN(4)]
		if rcs := p.Recipients(); len(rcs) > 0 && rng.IntN(2) == 0 {
			e["recipients"] = []string{rcs[rng.IntN(len(rcs))].Name}
		}
		if rng.IntN(4) == 0 {
			e["expires"] = []string{"48h", "240h", "2000h"}[rng.IntN(3)]
		}
		h.granted = append(h.granted, string(p.ID()))
	case k == 4 && len(h.granted) > 0:
		e["kind"], e["purposes"] = "withdraw", []string{h.granted[rng.IntN(len(h.granted))]}
	case k == 5:
		e["kind"], e["categories"] = "restrict", p.Categories().Keys()[0]
		h.restricted = append(h.restricted, p.Categories().Keys()[0])
	case k == 6:
		e["kind"], e["purposes"] = "object", []string{string(p.ID())}
		h.objected = append(h.objected, string(p.ID()))
	case k == 7 && len(h.restricted) > 0:
		e["kind"], e["categories"] = "lift", h.restricted[len(h.restricted)-1]
		h.restricted = h.restricted[:len(h.restricted)-1]
	case k == 7 && len(h.objected) > 0:
		e["kind"], e["purposes"] = "lift", []string{h.objected[len(h.objected)-1]}
		h.objected = h.objected[:len(h.objected)-1]
	default:
		return nil
	}
	if h.guardian && e["kind"] == "grant" && rng.IntN(2) == 0 {
		e["by"] = "mum"
	}
	return e
}

func randomCheck(rng *rand.Rand, ps []purpose.Compiled, now time.Time) map[string]any {
	p := ps[rng.IntN(len(ps))]
	ops := p.Operations().List()
	op := ops[rng.IntN(len(ops))]
	if rng.IntN(8) == 0 {
		op = purpose.Operations()[rng.IntN(len(purpose.Operations()))]
	}
	keys := p.Categories().Keys()
	cats := []string{keys[rng.IntN(len(keys))]}
	if rng.IntN(3) == 0 {
		cats = append(cats, keys[rng.IntN(len(keys))])
	}
	if rng.IntN(10) == 0 {
		cats = append(cats, "biometric.face")
	}
	r := map[string]any{"purpose": string(p.ID()), "operation": op.String(), "categories": strings.Join(cats, ",")}
	if rng.IntN(20) == 0 {
		r["purpose"] = "nope.nothing"
	}
	if rcs := p.Recipients(); op.Provides() && len(rcs) > 0 && rng.IntN(6) != 0 {
		r["recipient"] = rcs[rng.IntN(len(rcs))].Name
	}
	var attest []string
	for _, a := range []lawful.Attestation{lawful.Emergency, lawful.ReasonableScope, lawful.NotRefused, lawful.BalancingTest, lawful.ContractParty, lawful.OverridingGrounds} {
		if rng.IntN(3) == 0 {
			attest = append(attest, a.String())
		}
	}
	r["attest"] = attest
	if rng.IntN(2) == 0 {
		r["instrument"] = "Notice No. 1"
	}
	switch rng.IntN(8) {
	case 0:
		r["at"] = now.Add(-72 * time.Hour).Format(time.RFC3339)
	case 1:
		r["form"] = "anonymised"
	case 2:
		r["form"] = "pseudonymised"
	}
	return r
}

// TestRandomRequestsAreRequestFiles guards the generator itself.
func TestRandomRequestsAreRequestFiles(t *testing.T) {
	reg := testPolicy(t)
	rng := rand.New(rand.NewPCG(1, 1))
	for range 20 {
		var f requestFile
		b := randomRequest(rng, reg)
		if err := json.Unmarshal(b, &f); err != nil {
			t.Fatal(fmt.Errorf("%w: %s", err, b))
		}
	}
}
