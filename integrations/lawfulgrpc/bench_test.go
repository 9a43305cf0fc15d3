package lawfulgrpc_test

import (
	"context"
	"testing"

	"google.golang.org/grpc"
	testgrpc "google.golang.org/grpc/interop/grpc_testing"
	"google.golang.org/grpc/metadata"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/integrations/lawfulgrpc"
)

// The unary interceptor's overhead is BenchmarkUnaryInterceptor less
// BenchmarkCheck (the Guard's own work); BenchmarkBufconn* show it beside a
// whole in-process call.

func BenchmarkCheck(b *testing.B) {
	w := newWorld(b, nil)
	r := lawful.Request{Subject: w.alice, Purpose: voice, Operation: voiceUse.Operation, Categories: voiceprint}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if !w.svc.Check(ctx, r).Allowed() {
			b.Fatal("denied")
		}
	}
}

func BenchmarkUnaryInterceptor(b *testing.B) {
	w := newWorld(b, nil)
	ic, err := lawfulgrpc.New(lawfulgrpc.Options{Checker: w.svc, Subject: lawfulgrpc.Metadata(subjectKey),
		Attest: lawfulgrpc.Always(lawful.ContractParty), Rules: map[string]lawfulgrpc.Rule{unaryCall: voiceUse}})
	if err != nil {
		b.Fatal(err)
	}
	unary := ic.Unary()
	ctx := metadata.NewIncomingContext(context.Background(), metadata.Pairs(subjectKey, w.alice.String()))
	info := &grpc.UnaryServerInfo{FullMethod: unaryCall}
	handler := func(context.Context, any) (any, error) { return nil, nil }
	b.ReportAllocs()
	for b.Loop() {
		if _, err := unary(ctx, nil, info, handler); err != nil {
			b.Fatal(err)
		}
	}
}

func benchBufconn(b *testing.B, o lawfulgrpc.Options) {
	w := newWorld(b, nil)
	o.Checker = w.svc
	if o.Rules != nil {
		o.Rules = map[string]lawfulgrpc.Rule{unaryCall: voiceUse}
	}
	c := dial(b, o, &scopeServer{})
	ctx := as(w.alice)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.UnaryCall(ctx, &testgrpc.SimpleRequest{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBufconnUnchecked: the interceptors only read the subject.
func BenchmarkBufconnUnchecked(b *testing.B) { benchBufconn(b, lawfulgrpc.Options{}) }

// BenchmarkBufconnChecked: the interceptors check the method's rule.
func BenchmarkBufconnChecked(b *testing.B) {
	benchBufconn(b, lawfulgrpc.Options{Rules: map[string]lawfulgrpc.Rule{}})
}
