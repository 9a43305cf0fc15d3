package lawful_test

import (
	"context"
	"testing"
	"time"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/assessment"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/lawfultest"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/retention"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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

// assessedBench is a Guard that requires an impact assessment for
// sensitive PI (PIPL art. 55(1)), answered by a Book holding one, so every
// allowed Check also asks the Book.
func assessedBench(b testing.TB) (*lawfultest.World, lawful.Request) {
	var book *assessment.Book
	w := lawfultest.New(b, policy(), lawfultest.Options{Auditor: lawful.AuditFunc(func(context.Context, lawful.Decision) {}),
		Assessments: assessment.CheckerFunc(func(ctx context.Context, p purpose.ID, k assessment.Kind, at time.Time) (bool, error) {
			return book.Covers(ctx, p, k, at)
		}), RequireAssessments: assessment.Sensitive})
	var err error
	book, err = assessment.New(assessment.Config{Store: assessment.NewMemStore(), Clock: w.Clock})
	require.NoError(b, err)
	_, err = book.Add(context.Background(), assessment.Assessment{Processing: "voice cloning", Purposes: []purpose.ID{"service.voice_clone"},
		Kinds: assessment.Sensitive, Necessity: "needed", Risks: "impersonation", Measures: "encryption", Conclusion: assessment.Proceed, Assessed: w.Clock.Now()})
	require.NoError(b, err)
	id := w.Adult(b)
	w.Grant(b, id, consent.Separate, "service.voice_clone")
	r := req(id, "service.voice_clone", purpose.Use, voice)
	r.At = w.Clock.Now()
	if d := w.Guard.Check(context.Background(), r); !d.Allowed() {
		b.Fatal(d.Err())
	}
	return w, r
}

// BenchmarkCheckWithAssessments is allow_consent on a Guard that requires
// an assessment: the cost of asking the Book on the allow path.
func BenchmarkCheckWithAssessments(b *testing.B) {
	w, r := assessedBench(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		_ = w.Guard.Check(ctx, r)
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
	aw, aallow := assessedBench(t)
	for _, c := range []struct {
		g *lawful.Guard
		r lawful.Request
	}{{w.Guard, allow}, {w.Guard, exempt}, {rw.Guard, rallow}, {aw.Guard, aallow}} {
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

// TestCheckDenyPathsDoNotAllocate checks that deciding a denial allocates
// nothing, whichever stage denies (its Detail is formatted only when
// asked), and that the Detail then says what the eager wording said.
func TestCheckDenyPathsDoNotAllocate(t *testing.T) {
	ctx := context.Background()
	w, _, noConsent := benchWorld(t)
	id := noConsent.Subject
	restricted := w.Adult(t)
	w.Grant(t, restricted, consent.Separate, "marketing.sms")
	w.Append(t, consent.Event{Subject: restricted, Kind: consent.Restrict, Categories: phone})
	rw := retentionWorld(t)
	due, kept := rw.Adult(t), rw.Adult(t)
	rw.Collect(t, due, "signup.login", phone, "acct-1")
	rw.Trigger(t, retention.DeletionRequested, due, "")
	rw.Collect(t, kept, "ops.logging", logs, "log-1")
	rw.Trigger(t, retention.DeletionRequested, kept, "ops.logging")
	share := func(p purpose.ID, op purpose.Operation, to string) lawful.Request {
		r := req(id, p, op, phone)
		r.Recipient = to
		return r
	}
	for _, c := range []struct {
		name   string
		g      *lawful.Guard
		r      lawful.Request
		want   error
		detail string
	}{
		{"unknown_purpose", w.Guard, req(id, "nope", purpose.Use, phone), lawful.ErrUnknownPurpose, `purpose "nope"`},
		{"operation_not_declared_PIPL_art6", w.Guard, req(id, "marketing.sms", purpose.Store, phone), lawful.ErrOperationNotDeclared, "marketing.sms declares use"},
		{"category_not_declared_PIPL_art6", w.Guard, req(id, "marketing.sms", purpose.Use, voice), lawful.ErrCategoryNotDeclared, "undeclared biometric.voiceprint"},
		{"recipient_not_declared_PIPL_art23", w.Guard, share("partners.sharing", purpose.Share, "Nobody"), lawful.ErrRecipientNotDeclared, `"Nobody" is not a recipient of partners.sharing`},
		{"recipient_role_does_not_receive_by_export_PIPL_art38", w.Guard, share("partners.sharing", purpose.Export, "Partner A"), lawful.ErrRecipientNotDeclared, `"Partner A" is declared as independent, which does not receive by export`},
		{"no_consent_PIPL_art13_1_1", w.Guard, noConsent, lawful.ErrNoConsent, ""},
		{"emergency_not_attested_PIPL_art13_1_4", w.Guard, req(id, "safety.rescue", purpose.Use, phone), lawful.ErrExemptionConditionFailed, "not attested: emergency"},
		{"restricted_categories_PIPL_art44", w.Guard, req(restricted, "marketing.sms", purpose.Use, phone), lawful.ErrProcessingRestricted, "restricted: contact.phone"},
		{"data_due_for_erasure_PIPL_art47", rw.Guard, asParty(req(due, "signup.login", purpose.Use, phone)), lawful.ErrRetentionExpired, "is due for erasure (deletion_requested)"},
		{"restricted_pending_erasure_PIPL_art47_para2", rw.Guard, req(kept, "ops.logging", purpose.Disclose, logs), lawful.ErrRestrictedPendingErasure, "under Cybersecurity Law art. 21(3) after deletion_requested"},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := c.g.Check(ctx, c.r)
			require.ErrorIs(t, d.Err(), c.want)
			if c.detail == "" {
				assert.Empty(t, d.Detail())
			} else {
				assert.Contains(t, d.Detail(), c.detail)
				assert.Contains(t, d.Err().Error(), "("+d.Detail()+")", "the denial's message carries the detail")
			}
			allocs := testing.AllocsPerRun(100, func() {
				if c.g.Check(ctx, c.r).Allowed() {
					t.Fatal("want denied")
				}
			})
			assert.Zero(t, allocs, "allocations per denial")
		})
	}
}
