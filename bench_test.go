package lawful_test

import (
	"context"
	"testing"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/lawfultest"
	"github.com/lawfulgo/lawful/purpose"
)

// benchWorld returns a world with an adult holding separate consent to
// voice cloning, and requests for the allow and a deny path.
func benchWorld(b testing.TB) (*lawfultest.World, lawful.Request, lawful.Request) {
	w := lawfultest.New(b, policy(), lawfultest.Options{Auditor: lawful.AuditFunc(func(context.Context, lawful.Decision) {})})
	id := w.Adult(b)
	w.Grant(b, id, consent.Separate, "service.voice_clone")
	allow := req(id, "service.voice_clone", purpose.Use, voice)
	allow.At = w.Clock.Now()
	deny := req(id, "marketing.sms", purpose.Use, phone)
	deny.At = allow.At
	if d := w.Guard.Check(context.Background(), allow); !d.Allowed() {
		b.Fatal(d.Err())
	}
	return w, allow, deny
}

func BenchmarkCheck(b *testing.B) {
	w, allow, deny := benchWorld(b)
	ctx := context.Background()
	exempt := req(allow.Subject, "ops.logging", purpose.Store, logs)
	for _, c := range []struct {
		name string
		r    lawful.Request
	}{{"allow_consent", allow}, {"allow_exemption", exempt}, {"deny_no_consent", deny}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = w.Guard.Check(ctx, c.r)
			}
		})
		b.Run(c.name+"/parallel", func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					_ = w.Guard.Check(ctx, c.r)
				}
			})
		})
	}
}

func TestCheckAllowPathDoesNotAllocate(t *testing.T) {
	w, allow, _ := benchWorld(t)
	ctx := context.Background()
	exempt := req(allow.Subject, "ops.logging", purpose.Store, logs)
	for _, r := range []lawful.Request{allow, exempt} {
		allocs := testing.AllocsPerRun(200, func() {
			if !w.Guard.Check(ctx, r).Allowed() {
				t.Fatal("want allowed")
			}
		})
		if allocs != 0 {
			t.Errorf("allow path of %s allocates %v times per Check", r.Purpose, allocs)
		}
	}
}
