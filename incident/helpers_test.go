package incident_test

import (
	"context"
	"sync"
	"testing"
	"time"
	_ "time/tzdata" // Europe/Berlin and America/New_York for the DST tests, whatever the host has

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/incident"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/stretchr/testify/require"
)

// fakeClock is a settable clock, safe for concurrent use.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

var cst = time.FixedZone("CST", 8*3600)

// t0 is the discovery instant of the fixtures: Wednesday 3 June 2026,
// 09:40 Beijing time.
var t0 = time.Date(2026, 6, 3, 9, 40, 0, 0, cst)

func load(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	require.NoError(t, err)
	return loc
}

// complete is a notice with every PIPL and GDPR item.
var complete = incident.Notice{
	Causes:   purpose.Text{EN: "A storage bucket was left publicly readable.", ZH: "存储桶被误设为公开可读。"},
	Harm:     purpose.Text{EN: "Voice samples could be used to imitate your voice.", ZH: "声音样本可能被用于冒充您的声音。"},
	Measures: purpose.Text{EN: "We closed public access and rotated keys.", ZH: "我们已关闭公开访问并更换密钥。"},
	SelfHelp: purpose.Text{EN: "Be wary of calls that sound like you.", ZH: "警惕听起来像您本人的来电。"},
	Contact:  "team@allvoicelab.com",
}

var voice = pii.MustParseSet("biometric.voice_sample")

type env struct {
	reg   *incident.Register
	store *incident.MemStore
	clock *fakeClock
	hooks *[]incident.Event
}

// newEnv returns a register over a fresh MemStore whose clock reads t0+1h,
// recording the events its hook receives.
func newEnv(t *testing.T, op incident.Operator) env {
	t.Helper()
	var mu sync.Mutex
	var got []incident.Event
	c := &fakeClock{t: t0.Add(time.Hour)}
	s := incident.NewMemStore()
	reg, err := incident.New(incident.Config{Store: s, Clock: c,
		Profile: incident.Profile{Operator: op, Name: purpose.Text{EN: "All Voice Lab", ZH: "趣丸千音"}, Contact: "team@allvoicelab.com", Zone: cst},
		Hook: incident.HookFunc(func(_ context.Context, e incident.Event) {
			mu.Lock()
			defer mu.Unlock()
			got = append(got, e)
		})})
	require.NoError(t, err)
	return env{reg: reg, store: s, clock: c, hooks: &got}
}

func (e env) open(t *testing.T, laws incident.Laws) uuid.UUID {
	t.Helper()
	id, err := e.reg.Open(t.Context(), incident.Event{Kind: incident.Opened, At: t0, Nature: incident.Leak, Laws: laws,
		Text: purpose.Text{EN: "Voice samples exposed", ZH: "声音样本外泄"}})
	require.NoError(t, err)
	return id
}

func (e env) record(t *testing.T, id uuid.UUID, ev incident.Event) incident.Event {
	t.Helper()
	got, err := e.reg.Record(t.Context(), id, ev)
	require.NoError(t, err)
	return got
}

// clockOf returns the clock of duty to aud under law in cs.
func clockOf(t *testing.T, cs []incident.Clock, d incident.Duty, aud incident.Audience, law incident.Laws) incident.Clock {
	t.Helper()
	for _, c := range cs {
		if c.Duty == d && c.Audience == aud && c.Law == law {
			return c
		}
	}
	t.Fatalf("no %v clock to %v under %v in %v", d, aud, law, cs)
	return incident.Clock{}
}
