package bench

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/open-policy-agent/opa/v1/rego"
)

// contender is one implementation under comparison.
type contender struct {
	name  string
	allow func(*Request) bool
	// explain describes a decision for a disagreement report.
	explain func(*Request) string
}

var (
	floorOnce sync.Once
	floorVal  *Floor

	lawfulOnce sync.Once
	lawfulVal  *Lawful
	lawfulErr  error
)

func sharedFloor() *Floor {
	floorOnce.Do(func() { floorVal = NewFloor(Load().Subjects) })
	return floorVal
}

func sharedLawful(tb testing.TB) *Lawful {
	tb.Helper()
	lawfulOnce.Do(func() { lawfulVal, lawfulErr = NewLawful(Load().Subjects) })
	if lawfulErr != nil {
		tb.Fatalf("NewLawful: %v", lawfulErr)
	}
	return lawfulVal
}

func lawfulContender(t testing.TB) contender {
	l := sharedLawful(t)
	return contender{"lawful", l.Allow, func(q *Request) string { return l.Check(q).String() }}
}

// agree runs every request through c and fails on any disagreement with
// the floor, printing the first few.
func agree(t *testing.T, c contender) {
	w, f := Load(), sharedFloor()
	var bad int
	var examples []string
	for i := range w.Requests {
		q := &w.Requests[i]
		want := f.Check(q)
		if got := c.allow(q); got != want.Allowed() {
			bad++
			if len(examples) < 10 {
				ex := ""
				if c.explain != nil {
					ex = c.explain(q)
				}
				examples = append(examples, fmt.Sprintf("request %d %+v: floor %v (%s), %s %v: %s", i, *q, want.Allowed(), want, c.name, got, ex))
			}
		}
	}
	if bad > 0 {
		t.Errorf("%s disagrees with the floor on %d of %d requests; first ones:\n%s", c.name, bad, len(w.Requests), strings.Join(examples, "\n"))
	}
}

var (
	casbinOnce sync.Once
	casbinVal  *Casbin
	casbinErr  error
)

func sharedCasbin(tb testing.TB) *Casbin {
	tb.Helper()
	casbinOnce.Do(func() { casbinVal, casbinErr = NewCasbin(Load().Subjects) })
	if casbinErr != nil {
		tb.Fatalf("NewCasbin: %v", casbinErr)
	}
	return casbinVal
}

func casbinContender(t testing.TB) contender {
	c := sharedCasbin(t)
	return contender{"casbin", c.Allow, func(q *Request) string {
		ok, err := c.Enforcer.Enforce(q.Subject, q.Purpose, int(q.Operation), int(q.Categories), q.At)
		return fmt.Sprintf("%v, %v", ok, err)
	}}
}

var (
	opaOnce sync.Once
	opaVal  *OPA
	opaErr  error
)

func sharedOPA(tb testing.TB) *OPA {
	tb.Helper()
	opaOnce.Do(func() { opaVal, opaErr = NewOPA(Load().Subjects) })
	if opaErr != nil {
		tb.Fatalf("NewOPA: %v", opaErr)
	}
	return opaVal
}

func opaContender(t testing.TB, parsed bool) contender {
	o := sharedOPA(t)
	if parsed {
		return contender{"opa-parsed", o.AllowParsed, nil}
	}
	return contender{"opa", o.Allow, func(q *Request) string {
		rs, err := o.Query.Eval(o.ctx, rego.EvalInput(o.Input(q)))
		return fmt.Sprintf("%v, %v", rs, err)
	}}
}

func TestAllAgree(t *testing.T) {
	t.Run("lawful", func(t *testing.T) { agree(t, lawfulContender(t)) })
	t.Run("casbin", func(t *testing.T) {
		if testing.Short() {
			t.Skip("-short: 1,000,000 Casbin checks take about 20 s")
		}
		agree(t, casbinContender(t))
	})
	for _, parsed := range []bool{false, true} {
		name := "opa"
		if parsed {
			name = "opa-parsed"
		}
		t.Run(name, func(t *testing.T) {
			if testing.Short() {
				t.Skip("-short: 1,000,000 OPA evaluations take about 30 s")
			}
			t.Parallel()
			agree(t, opaContender(t, parsed))
		})
	}
}
