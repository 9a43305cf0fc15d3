package lawfulgrpc_test

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	testgrpc "google.golang.org/grpc/interop/grpc_testing"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/integrations/lawfulgrpc"
	"github.com/lawfulgo/lawful/lawfultest"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

var (
	voiceUse   = lawfulgrpc.Rule{Purpose: voice, Operation: purpose.Use, Categories: voiceprint}
	profileUse = lawfulgrpc.Rule{Purpose: profile, Operation: purpose.Use, Categories: phone}
)

// errorInfo returns err's status and its lawful ErrorInfo, checking that
// neither names a subject.
func errorInfo(t *testing.T, err error, ids ...subject.ID) (*status.Status, *errdetails.ErrorInfo) {
	t.Helper()
	st, ok := status.FromError(err)
	require.True(t, ok, "not a status: %v", err)
	var info *errdetails.ErrorInfo
	for _, d := range st.Details() {
		if i, ok := d.(*errdetails.ErrorInfo); ok {
			info = i
		}
	}
	for _, id := range ids {
		assert.NotContains(t, strings.ToLower(st.Message()), id.String(), "the message names the subject")
		if info != nil {
			for _, v := range info.GetMetadata() {
				assert.NotContains(t, v, id.String())
			}
		}
	}
	return st, info
}

func TestAnAllowedUnaryCallRunsWithTheScopeInItsContext(t *testing.T) {
	w := newWorld(t, nil)
	c := dial(t, lawfulgrpc.Options{Checker: w.svc, Rules: map[string]lawfulgrpc.Rule{unaryCall: voiceUse}}, &scopeServer{})
	resp, err := c.UnaryCall(as(w.alice), &testgrpc.SimpleRequest{})
	require.NoError(t, err)
	assert.Equal(t, "subject="+w.alice.String()+" purpose=service.voice_clone attest= decided=true basis=consent", string(resp.GetPayload().GetBody()))
}

func TestNoConsentIsFailedPreconditionWithTheReasonInErrorInfo(t *testing.T) {
	w := newWorld(t, nil)
	ran := false
	srv := &scopeServer{inner: func(context.Context) error { ran = true; return nil }}
	c := dial(t, lawfulgrpc.Options{Checker: w.svc, Rules: map[string]lawfulgrpc.Rule{unaryCall: voiceUse}}, srv)
	_, err := c.UnaryCall(as(w.bob), &testgrpc.SimpleRequest{})
	assert.False(t, ran, "the handler ran on a denial")
	st, info := errorInfo(t, err, w.bob)
	assert.Equal(t, codes.FailedPrecondition, st.Code())
	assert.Equal(t, "lawful: no_consent: "+lawful.NoConsent.Hint(), st.Message())
	require.NotNil(t, info)
	assert.Equal(t, "no_consent", info.GetReason())
	assert.Equal(t, "lawful.dev", info.GetDomain())
	assert.Equal(t, map[string]string{"purpose": "service.voice_clone"}, info.GetMetadata())
	r, ok := lawfulgrpc.ReasonOf(err)
	assert.True(t, ok)
	assert.Equal(t, lawful.NoConsent, r)
}

func TestAnOperationThePurposeDoesNotDeclareIsPermissionDenied(t *testing.T) {
	w := newWorld(t, nil)
	share := lawfulgrpc.Rule{Purpose: delivery, Operation: purpose.Share, Categories: address, Recipient: "Courier Ltd"}
	c := dial(t, lawfulgrpc.Options{Checker: w.svc, Rules: map[string]lawfulgrpc.Rule{unaryCall: share}}, &scopeServer{})
	_, err := c.UnaryCall(as(w.alice), &testgrpc.SimpleRequest{})
	st, info := errorInfo(t, err, w.alice)
	assert.Equal(t, codes.PermissionDenied, st.Code())
	assert.Equal(t, "operation_not_declared", info.GetReason())
}

func TestAFailingStoreIsUnavailableAndItsErrorStaysInside(t *testing.T) {
	w := newWorld(t, lawfultest.FailingDirectory{Err: errors.New("directory down at db-7.internal")})
	c := dial(t, lawfulgrpc.Options{Checker: w.svc, Rules: map[string]lawfulgrpc.Rule{unaryCall: voiceUse}}, &scopeServer{})
	_, err := c.UnaryCall(as(w.alice), &testgrpc.SimpleRequest{})
	st, info := errorInfo(t, err, w.alice)
	assert.Equal(t, codes.Unavailable, st.Code())
	assert.Equal(t, "store_unavailable", info.GetReason())
	assert.Equal(t, map[string]string{"purpose": "service.voice_clone"}, info.GetMetadata(), "the store failed after the policy declared the purpose")
	assert.NotContains(t, st.Message(), "db-7")
}

func TestTheContractPartyIsAttestedOnlyForTheCallersOwnData(t *testing.T) {
	w := newWorld(t, nil)
	// The proxy sets the caller; the subject is in other metadata, chosen
	// by staff tools.
	caller := lawfulgrpc.Metadata("x-caller")
	c := dial(t, lawfulgrpc.Options{Checker: w.svc, Subject: lawfulgrpc.Metadata("x-subject"),
		Rules: map[string]lawfulgrpc.Rule{unaryCall: profileUse},
		Attest: lawfulgrpc.AttestFunc(func(ctx context.Context, _ string, id subject.ID) lawful.Attestation {
			if who, err := caller.Subject(ctx, ""); err == nil && who == id {
				return lawful.ContractParty
			}
			return 0
		})}, &scopeServer{})
	call := func(who, whose subject.ID) error {
		ctx := metadata.AppendToOutgoingContext(context.Background(), "x-caller", who.String(), "x-subject", whose.String())
		_, err := c.UnaryCall(ctx, &testgrpc.SimpleRequest{})
		return err
	}
	assert.NoError(t, call(w.bob, w.bob))
	_, info := errorInfo(t, call(w.alice, w.bob), w.alice, w.bob)
	assert.Equal(t, "contract_party_required", info.GetReason())
}

func TestAMissingSubjectIsUnauthenticatedAndAMalformedOneInvalidArgument(t *testing.T) {
	w := newWorld(t, nil)
	c := dial(t, lawfulgrpc.Options{Checker: w.svc, Rules: map[string]lawfulgrpc.Rule{unaryCall: voiceUse}}, &scopeServer{})
	_, err := c.UnaryCall(context.Background(), &testgrpc.SimpleRequest{})
	assert.Equal(t, codes.Unauthenticated, status.Code(err))

	ctx := metadata.AppendToOutgoingContext(context.Background(), subjectKey, "alice@example.com")
	_, err = c.UnaryCall(ctx, &testgrpc.SimpleRequest{})
	assert.Equal(t, codes.InvalidArgument, status.Code(err))
	assert.NotContains(t, err.Error(), "alice", "the metadata's value was echoed")

	ctx = metadata.AppendToOutgoingContext(as(w.alice), subjectKey, w.bob.String())
	_, err = c.UnaryCall(ctx, &testgrpc.SimpleRequest{})
	assert.Equal(t, codes.InvalidArgument, status.Code(err), "repeated metadata")
	_, ok := lawfulgrpc.ReasonOf(err)
	assert.False(t, ok, "not a denial: the Guard was not asked")
}

func TestAnExtractorsStatusIsReturnedAsIs(t *testing.T) {
	w := newWorld(t, nil)
	c := dial(t, lawfulgrpc.Options{Checker: w.svc, Rules: map[string]lawfulgrpc.Rule{unaryCall: voiceUse},
		Subject: lawfulgrpc.SubjectFunc(func(context.Context, string) (subject.ID, error) {
			return subject.ID{}, status.Error(codes.PermissionDenied, "sign in with a staff account")
		})}, &scopeServer{})
	_, err := c.UnaryCall(as(w.alice), &testgrpc.SimpleRequest{})
	assert.Equal(t, codes.PermissionDenied, status.Code(err))
	assert.Equal(t, "sign in with a staff account", status.Convert(err).Message())
}

func TestAStreamIsCheckedWhenItOpens(t *testing.T) {
	w := newWorld(t, nil)
	c := dial(t, lawfulgrpc.Options{Checker: w.svc, Rules: map[string]lawfulgrpc.Rule{streamCall: voiceUse}}, &scopeServer{})
	recv := func(id subject.ID) (string, error) {
		s, err := c.StreamingOutputCall(as(id), &testgrpc.StreamingOutputCallRequest{})
		if err != nil {
			return "", err
		}
		resp, err := s.Recv()
		if err != nil {
			return "", err
		}
		if _, err := s.Recv(); err != io.EOF {
			return "", err
		}
		return string(resp.GetPayload().GetBody()), nil
	}
	got, err := recv(w.alice)
	require.NoError(t, err)
	assert.Equal(t, "subject="+w.alice.String()+" purpose=service.voice_clone attest= decided=true basis=consent", got)

	_, err = recv(w.bob)
	st, info := errorInfo(t, err, w.bob)
	assert.Equal(t, codes.FailedPrecondition, st.Code())
	assert.Equal(t, "no_consent", info.GetReason())
}

func TestSkippedMethodsRunWithoutASubject(t *testing.T) {
	w := newWorld(t, nil)
	c := dial(t, lawfulgrpc.Options{Checker: w.svc, RequireRules: true,
		Skip: func(m string) bool { return m == emptyCall }}, &scopeServer{})
	_, err := c.EmptyCall(context.Background(), &testgrpc.Empty{})
	assert.NoError(t, err)
}

func TestRequireRulesRefusesAMethodWithoutARule(t *testing.T) {
	w := newWorld(t, nil)
	c := dial(t, lawfulgrpc.Options{Checker: w.svc, RequireRules: true}, &scopeServer{})
	_, err := c.UnaryCall(as(w.alice), &testgrpc.SimpleRequest{})
	assert.Equal(t, codes.PermissionDenied, status.Code(err))
	assert.Contains(t, status.Convert(err).Message(), "no lawfulgrpc Rule")
}

func TestAMethodWithoutARuleGetsTheScopeForTheChecksInsideIt(t *testing.T) {
	w := newWorld(t, nil)
	srv := &scopeServer{inner: func(ctx context.Context) error {
		// The repository asks without naming the subject or the purpose.
		_, err := lawful.Do(ctx, w.svc.Guard(), lawful.Request{Operation: purpose.Use, Categories: voiceprint},
			func(context.Context) (string, error) { return "voiceprint", nil })
		return lawfulgrpc.Error(err)
	}}
	c := dial(t, lawfulgrpc.Options{Checker: w.svc, Purpose: lawfulgrpc.PurposeFunc(func(context.Context, string) (purpose.ID, error) {
		return voice, nil
	})}, srv)
	resp, err := c.UnaryCall(as(w.alice), &testgrpc.SimpleRequest{})
	require.NoError(t, err)
	assert.Contains(t, string(resp.GetPayload().GetBody()), "purpose=service.voice_clone attest= decided=false")

	_, err = c.UnaryCall(as(w.bob), &testgrpc.SimpleRequest{})
	st, info := errorInfo(t, err, w.bob)
	assert.Equal(t, codes.FailedPrecondition, st.Code())
	assert.Equal(t, "no_consent", info.GetReason())
}

func TestARuleRequestFunctionSeesTheMessageAndItsErrorRefusesTheCall(t *testing.T) {
	w := newWorld(t, nil)
	var got any
	rule := lawfulgrpc.Rule{Request: func(_ context.Context, req any, lr *lawful.Request) error {
		got = req
		m, _ := req.(*testgrpc.SimpleRequest)
		if m.GetFillUsername() {
			return errors.New("secret detail " + lr.Subject.String())
		}
		lr.Purpose, lr.Operation, lr.Categories = voice, purpose.Use, voiceprint
		return nil
	}}
	c := dial(t, lawfulgrpc.Options{Checker: w.svc, Rules: map[string]lawfulgrpc.Rule{unaryCall: rule}}, &scopeServer{})
	_, err := c.UnaryCall(as(w.alice), &testgrpc.SimpleRequest{ResponseSize: 7})
	require.NoError(t, err)
	assert.Equal(t, int32(7), got.(*testgrpc.SimpleRequest).GetResponseSize())

	_, err = c.UnaryCall(as(w.alice), &testgrpc.SimpleRequest{FillUsername: true})
	st, _ := errorInfo(t, err, w.alice)
	assert.Equal(t, codes.InvalidArgument, st.Code())
	assert.NotContains(t, st.Message(), "secret")
}

func TestNewNamesEveryMissingOptionAndInvalidRule(t *testing.T) {
	_, err := lawfulgrpc.New(lawfulgrpc.Options{Rules: map[string]lawfulgrpc.Rule{
		"/a.A/NoOp":        {Purpose: voice, Categories: voiceprint},
		"/a.A/NoCategory":  {Purpose: voice, Operation: purpose.Use},
		"/a.A/NoRecipient": {Purpose: delivery, Operation: purpose.Entrust, Categories: address},
		"/a.A/Needless":    {Purpose: delivery, Operation: purpose.Use, Categories: address, Recipient: "Courier Ltd"},
		"/a.A/Fine":        voiceUse,
	}})
	require.Error(t, err)
	for _, want := range []string{"Options.Checker is nil", "Options.Subject is nil", `"/a.A/NoOp"`, `"/a.A/NoCategory"`, `"/a.A/NoRecipient"`, `"/a.A/Needless"`} {
		assert.Contains(t, err.Error(), want)
	}
	assert.NotContains(t, err.Error(), "Fine")
}

func TestContextDoneIsCanceledOrDeadlineExceededByItsCause(t *testing.T) {
	d := lawful.Decision{Reason: lawful.ContextDone, Cause: context.Canceled}
	assert.Equal(t, codes.Canceled, lawfulgrpc.DenialStatus(d).Code())
	d.Cause = context.DeadlineExceeded
	assert.Equal(t, codes.DeadlineExceeded, lawfulgrpc.DenialStatus(d).Code())

	w := newWorld(t, nil)
	ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	err := lawfulgrpc.Error(w.svc.Allow(ctx, lawful.Request{Subject: w.alice, Purpose: voice, Operation: purpose.Use, Categories: voiceprint}))
	assert.Equal(t, codes.DeadlineExceeded, status.Code(err))
}

func TestErrorPassesOtherErrorsThrough(t *testing.T) {
	plain := errors.New("disk full")
	assert.Same(t, plain, lawfulgrpc.Error(plain))
	assert.NoError(t, lawfulgrpc.Error(nil))
	_, ok := lawfulgrpc.ReasonOf(plain)
	assert.False(t, ok)
}

func TestAZeroDecisionIsInternal(t *testing.T) {
	st := lawfulgrpc.DenialStatus(lawful.Decision{})
	assert.Equal(t, codes.Internal, st.Code())
	r, ok := lawfulgrpc.ReasonOf(st.Err())
	assert.True(t, ok)
	assert.Equal(t, lawful.NotConfigured, r)
}

func TestARuleRequestFunctionCannotSwitchTheSubjectTheAttesterVouchedFor(t *testing.T) {
	w := newWorld(t, nil)
	rule := profileUse
	rule.Request = func(_ context.Context, _ any, lr *lawful.Request) error { lr.Subject = w.bob; return nil }
	ran := false
	srv := &scopeServer{inner: func(context.Context) error { ran = true; return nil }}
	c := dial(t, lawfulgrpc.Options{Checker: w.svc, Attest: lawfulgrpc.Always(lawful.ContractParty),
		Rules: map[string]lawfulgrpc.Rule{unaryCall: rule}}, srv)
	_, err := c.UnaryCall(as(w.alice), &testgrpc.SimpleRequest{})
	assert.False(t, ran)
	st, _ := errorInfo(t, err, w.alice, w.bob)
	assert.Equal(t, codes.Internal, st.Code())
}
