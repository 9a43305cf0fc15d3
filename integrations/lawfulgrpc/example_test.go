package lawfulgrpc_test

import (
	"context"
	"fmt"
	"net"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	testgrpc "google.golang.org/grpc/interop/grpc_testing"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/grpc/test/bufconn"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/integrations/lawfulgrpc"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

// voiceService answers UnaryCall with the voiceprint; it is reached only
// when the interceptors allowed the call.
type voiceService struct {
	testgrpc.UnimplementedTestServiceServer
}

func (voiceService) UnaryCall(ctx context.Context, _ *testgrpc.SimpleRequest) (*testgrpc.SimpleResponse, error) {
	d, _ := lawfulgrpc.DecisionFrom(ctx)
	return &testgrpc.SimpleResponse{Payload: &testgrpc.Payload{Body: []byte("the voiceprint, basis " + d.Basis.String())}}, nil
}

// A gRPC server whose UnaryCall processes a voiceprint, served in process
// over bufconn: the call is refused until the person consents.
func Example() {
	ctx := context.Background()
	policy := purpose.MustCompile(purpose.Policy{
		Name:    purpose.Text{EN: "Voice Lab"},
		Regimes: []pii.Law{pii.PIPL},
		Retention: []purpose.Retention{{ID: "voice", Summary: purpose.Text{EN: "Until the voice model is deleted"},
			Rule: []byte(`{"ends_on": ["consent_withdrawn", "deletion_requested", "account_closed"], "action": "delete"}`)}},
		Purposes: []purpose.Purpose{{
			ID: "service.voice_clone", Name: purpose.Text{EN: "Voice cloning"}, Versions: []purpose.Version{{Number: 1}},
			Required:   pii.MustParseSet("biometric.voiceprint"),
			Operations: purpose.OperationsOf(purpose.Collect, purpose.Use, purpose.Store),
			Basis:      purpose.Legal{Basis: purpose.Consent}, Retention: "voice",
		}},
	})
	svc, _ := lawful.New(ctx, lawful.Options{Policy: policy})
	alice := subject.MustParseID("0192f000-0000-7000-8000-00000000a11c")
	birth, _ := subject.NewDate(1990, time.May, 1)
	_ = svc.Directory().(*subject.MemDirectory).Put(subject.Subject{ID: alice, Birth: birth, Jurisdiction: "CN", Status: subject.Active}, time.Now())

	ic, err := lawfulgrpc.New(lawfulgrpc.Options{
		Checker: svc,
		Subject: lawfulgrpc.Metadata("x-verified-subject"), // set by the authenticating proxy
		Rules: map[string]lawfulgrpc.Rule{"/grpc.testing.TestService/UnaryCall": {
			Purpose: "service.voice_clone", Operation: purpose.Use, Categories: pii.MustParseSet("biometric.voiceprint"),
		}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	lis := bufconn.Listen(1 << 20)
	srv := grpc.NewServer(grpc.ChainUnaryInterceptor(ic.Unary()), grpc.ChainStreamInterceptor(ic.Stream()))
	testgrpc.RegisterTestServiceServer(srv, voiceService{})
	go func() { _ = srv.Serve(lis) }()
	defer srv.Stop()
	conn, _ := grpc.NewClient("passthrough:///bufnet", grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) { return lis.DialContext(ctx) }))
	defer conn.Close()
	client := testgrpc.NewTestServiceClient(conn)

	call := func() {
		ctx := metadata.AppendToOutgoingContext(ctx, "x-verified-subject", alice.String())
		resp, err := client.UnaryCall(ctx, &testgrpc.SimpleRequest{})
		if err != nil {
			reason, _ := lawfulgrpc.ReasonOf(err)
			fmt.Println(status.Code(err), reason)
			return
		}
		fmt.Println(string(resp.GetPayload().GetBody()))
	}
	call()
	_, _ = svc.Ledger().Append(ctx, consent.Event{Subject: alice, Kind: consent.Grant, Form: consent.Separate, Notice: "2026-03",
		Purposes: []consent.PurposeRef{{ID: "service.voice_clone"}}})
	call()
	// Output:
	// FailedPrecondition no_consent
	// the voiceprint, basis consent
}
