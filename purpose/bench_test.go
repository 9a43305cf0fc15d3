package purpose_test

import (
	"fmt"
	"testing"

	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
)

// policyOf returns a valid policy with n purposes of mixed shapes.
func policyOf(n int) purpose.Policy {
	base := voicePolicy()
	p := base
	p.Purposes = make([]purpose.Purpose, 0, n)
	for i := range n {
		d := base.Purposes[i%len(base.Purposes)]
		d.ID = purpose.ID(fmt.Sprintf("%s.%d", d.ID, i))
		p.Purposes = append(p.Purposes, d)
	}
	return p
}

var sinkReg *purpose.Registry

func BenchmarkCompile(b *testing.B) {
	for _, n := range []int{20, 200} {
		p := policyOf(n)
		b.Run(fmt.Sprintf("purposes=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				r, err := purpose.Compile(p)
				if err != nil {
					b.Fatal(err)
				}
				sinkReg = r
			}
		})
	}
}

var (
	sinkOK  bool
	sinkSet pii.Set
)

// BenchmarkLookup is the Guard's per-request registry work: find the
// purpose, test the operation, the categories, the recipient and the
// consent version. It must not allocate.
func BenchmarkLookup(b *testing.B) {
	reg := purpose.MustCompile(policyOf(200))
	req := pii.MustParseSet("finance.order")
	b.ReportAllocs()
	for b.Loop() {
		c, ok := reg.Lookup("commerce.payment.3")
		_, hasRecipient := c.Recipient("WeChat Pay")
		sinkOK = ok && c.Declares(purpose.Share) && req.SubsetOf(c.Categories()) && hasRecipient && c.ConsentCurrent(1)
	}
}

func TestLookupDoesNotAllocate(t *testing.T) {
	reg := purpose.MustCompile(voicePolicy())
	req := pii.MustParseSet("finance.order")
	allocs := testing.AllocsPerRun(100, func() {
		c, ok := reg.Lookup("commerce.payment")
		_, hasRecipient := c.Recipient("WeChat Pay")
		sinkOK = ok && c.Declares(purpose.Share) && req.SubsetOf(c.Categories()) && hasRecipient && c.ConsentCurrent(1)
		sinkSet = c.Sensitive(pii.PIPL)
	})
	if allocs != 0 {
		t.Fatalf("Lookup path allocates %v times per call", allocs)
	}
	if !sinkOK {
		t.Fatal("lookup path did not find the declared purpose")
	}
}
