package lawfulgrpc_test

import (
	"context"
	"fmt"
	"net"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	testgrpc "google.golang.org/grpc/interop/grpc_testing"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/grpc/test/bufconn"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/integrations/lawfulgrpc"
	"github.com/lawfulgo/lawful/lawfultest"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

// The purposes of the test policy.
const (
	// profile: the account holder's own phone number, on the contract
	// ground (PIPL art. 13(1)(2)).
	profile purpose.ID = "account.profile"
	// voice: a voiceprint, on separate consent.
	voice purpose.ID = "service.voice_clone"
	// delivery: the address entrusted to a courier, on the contract ground.
	delivery purpose.ID = "orders.delivery"
)

var (
	phone      = pii.MustParseSet("contact.phone")
	voiceprint = pii.MustParseSet("biometric.voiceprint")
	address    = pii.MustParseSet("contact.address")
)

// testPolicy is a three-purpose service.
func testPolicy() *purpose.Registry {
	ops := purpose.OperationsOf(purpose.Collect, purpose.Use, purpose.Store)
	return purpose.MustCompile(purpose.Policy{
		Name:    purpose.Text{EN: "Test service"},
		Regimes: []pii.Law{pii.PIPL},
		Retention: []purpose.Retention{{ID: "account", Summary: purpose.Text{EN: "Until the account is closed"},
			Rule: []byte(`{"ends_on": ["account_closed", "deletion_requested"], "action": "delete"}`)}},
		Purposes: []purpose.Purpose{
			{ID: profile, Name: purpose.Text{EN: "Profile"}, Core: true, Versions: []purpose.Version{{Number: 1}},
				Required: phone, Operations: ops, Basis: purpose.Legal{Basis: purpose.Contract}, Retention: "account"},
			{ID: voice, Name: purpose.Text{EN: "Voice cloning"}, Versions: []purpose.Version{{Number: 1}},
				Required: voiceprint, Operations: ops, Basis: purpose.Legal{Basis: purpose.Consent}, Retention: "account"},
			{ID: delivery, Name: purpose.Text{EN: "Delivery"}, Core: true, Versions: []purpose.Version{{Number: 1}},
				Required: address, Operations: purpose.OperationsOf(purpose.Use, purpose.Entrust),
				Recipients: []purpose.Recipient{{Name: "Courier Ltd", Role: purpose.Entrusted}},
				Basis:      purpose.Legal{Basis: purpose.Contract}, Retention: "account"},
		},
	})
}

// world is a Service over the test policy with two adults: alice, who
// consented to voice cloning, and bob, who did not.
type world struct {
	svc        *lawful.Service
	clock      *lawfultest.Clock
	alice, bob subject.ID
}

func newWorld(t testing.TB, dir subject.Directory) *world {
	t.Helper()
	ctx := context.Background()
	clk := lawfultest.NewClock(time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC))
	mem := &subject.MemDirectory{}
	if dir == nil {
		dir = mem
	}
	svc, err := lawful.New(ctx, lawful.Options{Policy: testPolicy(), Clock: clk, Directory: dir})
	if err != nil {
		t.Fatal(err)
	}
	w := &world{svc: svc, clock: clk,
		alice: subject.MustParseID("0192f000-0000-7000-8000-00000000a11c"),
		bob:   subject.MustParseID("0192f000-0000-7000-8000-000000000b0b")}
	birth, _ := subject.NewDate(1990, time.May, 1)
	for _, id := range []subject.ID{w.alice, w.bob} {
		if err := mem.Put(subject.Subject{ID: id, Birth: birth, Jurisdiction: "CN", Status: subject.Active}, clk.Now()); err != nil {
			t.Fatal(err)
		}
	}
	if dir == mem {
		_, err = svc.Ledger().Append(ctx, consent.Event{Subject: w.alice, Kind: consent.Grant, Form: consent.Separate,
			Notice: "2026-03", Purposes: []consent.PurposeRef{{ID: voice}}})
		if err != nil {
			t.Fatal(err)
		}
	}
	return w
}

// subjectKey is the metadata an authenticating proxy sets in these tests.
const subjectKey = "x-verified-subject"

// scopeServer is the test service: each call reports what its context
// carries, so tests see what the interceptors passed on.
type scopeServer struct {
	testgrpc.UnimplementedTestServiceServer
	// inner, if not nil, runs in UnaryCall and its error is returned.
	inner func(ctx context.Context) error
}

func describe(ctx context.Context) []byte {
	id, _ := lawful.SubjectFrom(ctx)
	p, _ := lawful.PurposeFrom(ctx)
	d, decided := lawfulgrpc.DecisionFrom(ctx)
	return fmt.Appendf(nil, "subject=%s purpose=%s attest=%s decided=%t basis=%s", id, p, lawful.AttestFrom(ctx), decided, d.Basis)
}

func (s *scopeServer) EmptyCall(ctx context.Context, _ *testgrpc.Empty) (*testgrpc.Empty, error) {
	if _, ok := lawful.SubjectFrom(ctx); ok {
		return nil, status.Error(codes.Internal, "a skipped method got a subject")
	}
	return &testgrpc.Empty{}, nil
}

func (s *scopeServer) UnaryCall(ctx context.Context, _ *testgrpc.SimpleRequest) (*testgrpc.SimpleResponse, error) {
	if s.inner != nil {
		if err := s.inner(ctx); err != nil {
			return nil, err
		}
	}
	return &testgrpc.SimpleResponse{Payload: &testgrpc.Payload{Body: describe(ctx)}}, nil
}

func (s *scopeServer) StreamingOutputCall(_ *testgrpc.StreamingOutputCallRequest, ss testgrpc.TestService_StreamingOutputCallServer) error {
	return ss.Send(&testgrpc.StreamingOutputCallResponse{Payload: &testgrpc.Payload{Body: describe(ss.Context())}})
}

// Full method names of the test service.
const (
	emptyCall  = "/grpc.testing.TestService/EmptyCall"
	unaryCall  = "/grpc.testing.TestService/UnaryCall"
	streamCall = "/grpc.testing.TestService/StreamingOutputCall"
)

// dial serves srv behind the interceptors of o on an in-process bufconn
// listener and returns a client of it.
func dial(t testing.TB, o lawfulgrpc.Options, srv testgrpc.TestServiceServer) testgrpc.TestServiceClient {
	t.Helper()
	if o.Subject == nil {
		o.Subject = lawfulgrpc.Metadata(subjectKey)
	}
	ic, err := lawfulgrpc.New(o)
	if err != nil {
		t.Fatal(err)
	}
	lis := bufconn.Listen(1 << 20)
	s := grpc.NewServer(grpc.ChainUnaryInterceptor(ic.Unary()), grpc.ChainStreamInterceptor(ic.Stream()))
	testgrpc.RegisterTestServiceServer(s, srv)
	go func() { _ = s.Serve(lis) }()
	t.Cleanup(s.Stop)
	conn, err := grpc.NewClient("passthrough:///bufnet",
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) { return lis.DialContext(ctx) }),
		grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return testgrpc.NewTestServiceClient(conn)
}

// as returns a context whose calls carry id in the subject metadata.
func as(id subject.ID) context.Context {
	return metadata.AppendToOutgoingContext(context.Background(), subjectKey, id.String())
}
