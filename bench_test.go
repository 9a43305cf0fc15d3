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

// retentionBench is a Guard with a retention Tracker whose subject has a
// tracked log item, so every Check also asks the Tracker.
func retentionBench(b testing.TB) (*lawfultest.World, lawful.Request) {
	w := retentionWorldWith(b, lawfultest.Options{Auditor: lawful.AuditFunc(func(context.Context, lawful.Decision) {})})
	id := w.Adult(b)
	w.Grant(b, id, consent.Separate, "service.voice_clone")
	w.Collect(b, id, "service.voice_clone", voice, "voice-1")
	r := req(id, "service.voice_clone", purpose.Use, voice)
	r.At = w.Clock.Now()
	if d := w.Guard.Check(context.Background(), r); !d.Allowed() {
		b.Fatal(d.Err())
	}
	return w, r
}

// BenchmarkCheckWithRetention is allow_consent with a retention Tracker:
// the cost of the retention question on the allow path.
func BenchmarkCheckWithRetention(b *testing.B) {
	w, r := retentionBench(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		_ = w.Guard.Check(ctx, r)
	}
}

func TestCheckAllowPathDoesNotAllocate(t *testing.T) {
	w, allow, _ := benchWorld(t)
	rw, rallow := retentionBench(t)
	ctx := context.Background()
	exempt := req(allow.Subject, "ops.logging", purpose.Store, logs)
	for _, c := range []struct {
		g *lawful.Guard
		r lawful.Request
	}{{w.Guard, allow}, {w.Guard, exempt}, {rw.Guard, rallow}} {
		allocs := testing.AllocsPerRun(200, func() {
			if !c.g.Check(ctx, c.r).Allowed() {
				t.Fatal("want allowed")
			}
		})
		if allocs != 0 {
			t.Errorf("allow path of %s allocates %v times per Check", c.r.Purpose, allocs)
		}
	}
}
