package rights_test

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/lawfulgo/lawful/lawfultest"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/retention"
	"github.com/lawfulgo/lawful/rights"
	"github.com/lawfulgo/lawful/subject"
)

// cst is China Standard Time, the zone of PIPL civil dates.
var cst = time.FixedZone("CST", 8*3600)

// voiceLab is a small PIPL policy whose retention rules use the retention
// package's schema: account data erased 15 days after a deletion trigger,
// network logs kept six months whatever happens (Cybersecurity Law art.
// 21(3)), voice data erased 15 days after a trigger, and payment data
// shared with WeChat Pay.
func voiceLab() purpose.Policy {
	return purpose.Policy{
		Name:       purpose.Text{EN: "Voice Lab", ZH: "声音实验室"},
		Controller: purpose.Controller{Name: purpose.Text{EN: "Voice Lab Ltd", ZH: "声音实验室有限公司"}, Contact: "privacy@voicelab.example"},
		Version:    "2026-01-01",
		Regimes:    []pii.Law{pii.PIPL},
		Retention: []purpose.Retention{
			{ID: "account", Summary: purpose.Text{EN: "Until the account is closed, then 15 days to erase"}, Rule: json.RawMessage(`{"grace":"P15D","cites":"PIPL art. 47"}`)},
			{ID: "logs", Summary: purpose.Text{EN: "Six months (CSL art. 21(3))"}, Rule: json.RawMessage(`{"keep":"P6M","minimum":"P6M","minimum_cites":"Cybersecurity Law art. 21(3)","cites":"Cybersecurity Law art. 21(3)"}`)},
			{ID: "voice", Summary: purpose.Text{EN: "Until the voice model is deleted"}, Rule: json.RawMessage(`{"grace":"P15D","cites":"PIPL art. 47"}`)},
		},
		Purposes: []purpose.Purpose{
			{
				ID: "signup.login", Name: purpose.Text{EN: "Sign-up and login", ZH: "注册登录"}, Core: true,
				Versions:   []purpose.Version{{Number: 1}},
				Required:   pii.MustParseSet("contact.phone,credential.otp"),
				Operations: purpose.OperationsOf(purpose.Collect, purpose.Use, purpose.Store),
				Basis:      purpose.Legal{Basis: purpose.Contract},
				Retention:  "account",
			},
			{
				ID: "service.voice_clone", Name: purpose.Text{EN: "Voice cloning", ZH: "声音克隆"},
				Versions:   []purpose.Version{{Number: 1}},
				Required:   pii.MustParseSet("biometric.voice_sample,biometric.voiceprint"),
				Operations: purpose.OperationsOf(purpose.Collect, purpose.Use, purpose.Store, purpose.Entrust),
				Recipients: []purpose.Recipient{{Name: "GPU Cloud", Role: purpose.Entrusted}},
				Basis:      purpose.Legal{Basis: purpose.Consent},
				Retention:  "voice",
			},
			{
				ID: "ops.logging", Name: purpose.Text{EN: "Network logs", ZH: "网络日志"}, Core: true,
				Versions:   []purpose.Version{{Number: 1}},
				Required:   pii.MustParseSet("activity.service_log,device.ip,account.id"),
				Operations: purpose.OperationsOf(purpose.Collect, purpose.Store),
				Basis:      purpose.Legal{Basis: purpose.LegalDuty, Cites: "Cybersecurity Law art. 21(3)"},
				Retention:  "logs",
			},
			{
				ID: "commerce.payment", Name: purpose.Text{EN: "Payment", ZH: "支付"},
				Versions:   []purpose.Version{{Number: 1}},
				Required:   pii.MustParseSet("finance.order,finance.payment_record"),
				Operations: purpose.OperationsOf(purpose.Collect, purpose.Use, purpose.Store, purpose.Share),
				Recipients: []purpose.Recipient{{Name: "WeChat Pay", Role: purpose.Independent, Contact: "95017"}},
				Basis:      purpose.Legal{Basis: purpose.Contract},
				Retention:  "account",
			},
		},
	}
}

// env is a complete setup: a lawfultest World (directory, ledger, fake
// clock), a retention Tracker over the same registry and clock, and a Desk.
type env struct {
	w       *lawfultest.World
	tracker *retention.Tracker
	desk    *rights.Desk
	ctx     context.Context
}

// newEnv builds an env for policy p (PIPL when zero); mod may adjust the
// Desk's Config before it is built.
func newEnv(t *testing.T, p rights.Policy, mod func(*rights.Config)) *env {
	t.Helper()
	reg := purpose.MustCompile(voiceLab())
	w := lawfultest.New(t, reg, lawfultest.Options{})
	rules, err := retention.Compile(reg)
	require.NoError(t, err)
	ctx := context.Background()
	tr, err := retention.NewTracker(ctx, retention.Config{Rules: rules, Store: &retention.MemStore{}, Clock: w.Clock})
	require.NoError(t, err)
	if p.Name == "" {
		p = rights.PIPL()
	}
	cfg := rights.Config{
		Policy: p, Directory: w.Directory, Clock: w.Clock, Ledger: w.Ledger, Retention: tr,
		Rand: rand.NewChaCha8([32]byte{'r', 'i', 'g', 'h', 't', 's'}),
	}
	if mod != nil {
		mod(&cfg)
	}
	d, err := rights.NewDesk(cfg)
	require.NoError(t, err)
	return &env{w: w, tracker: tr, desk: d, ctx: ctx}
}

// receive receives r, failing the test on error.
func (e *env) receive(t *testing.T, r rights.Request) rights.Request {
	t.Helper()
	got, err := e.desk.Receive(e.ctx, r, "web-form")
	require.NoError(t, err)
	return got
}

// verified receives r and verifies it by account.
func (e *env) verified(t *testing.T, r rights.Request) rights.Request {
	t.Helper()
	got := e.receive(t, r)
	got, err := e.desk.Verify(e.ctx, got.ID, "agent:1", rights.Account)
	require.NoError(t, err)
	return got
}

// track tracks an item of subject s collected now.
func (e *env) track(t *testing.T, s subject.ID, p purpose.ID, cats, key string) retention.Timer {
	t.Helper()
	tm, err := e.tracker.Track(e.ctx, retention.Item{Subject: s, Purpose: p, Categories: pii.MustParseSet(cats), Key: key, Collected: e.w.Clock.Now()})
	require.NoError(t, err)
	return tm
}

// link adds a verified link from subject s to other with relation rel.
func (e *env) link(t *testing.T, s, other subject.ID, rel subject.Relation, method subject.Method) {
	t.Helper()
	sub, err := e.w.Directory.Lookup(e.ctx, s)
	require.NoError(t, err)
	v := subject.Verification{Method: method, At: e.w.Clock.Now()}
	if method == subject.MethodUnknown {
		v = subject.Verification{}
	}
	sub.Links = append(sub.Links, subject.Link{ID: other, Relation: rel, Verified: v})
	require.NoError(t, e.w.Directory.Put(sub, e.w.Clock.Now()))
}

// at returns the instant y-m-d h:00 in China Standard Time.
func at(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, cst) }

// date returns a civil date.
func date(y int, m time.Month, d int) subject.Date { return subject.Date{Year: y, Month: m, Day: d} }

// fixture loads testdata/calendar_fixture.json.
func fixture(t testing.TB) *rights.Holidays {
	t.Helper()
	data, err := os.ReadFile("testdata/calendar_fixture.json")
	require.NoError(t, err)
	cal, err := rights.ParseHolidays(data)
	require.NoError(t, err)
	return cal
}

// ids returns the IDs of rs.
func ids(rs []rights.Request) []uuid.UUID {
	out := make([]uuid.UUID, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}
