package consent_test

import (
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
	"github.com/stretchr/testify/require"
)

// clock is a fake Clock that tests move by hand.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return c.now
}

var cst = time.FixedZone("CST", 8*3600)

// t0 is 2026-03-01 10:00 in Shanghai.
var t0 = time.Date(2026, 3, 1, 10, 0, 0, 0, cst)

var (
	adultID    = subject.MustParseID("0192f000-0000-7000-8000-000000000001")
	childID    = subject.MustParseID("0192f000-0000-7000-8000-000000000002")
	parentID   = subject.MustParseID("0192f000-0000-7000-8000-000000000003")
	uncleID    = subject.MustParseID("0192f000-0000-7000-8000-000000000004")
	strangerID = subject.MustParseID("0192f000-0000-7000-8000-000000000005")
	closedID   = subject.MustParseID("0192f000-0000-7000-8000-000000000006")
	unverID    = subject.MustParseID("0192f000-0000-7000-8000-000000000007")
	ghostID    = subject.MustParseID("0192f000-0000-7000-8000-000000000008")
)

func mustDate(y int, m time.Month, d int) subject.Date {
	dt, err := subject.NewDate(y, m, d)
	if err != nil {
		panic(err)
	}
	return dt
}

func directory() *subject.MemDirectory {
	verified := subject.Verification{Method: subject.Document, At: t0.Add(-24 * time.Hour)}
	return subject.NewMemDirectory(
		subject.Subject{ID: adultID, Birth: mustDate(1990, 5, 1), Jurisdiction: "CN", Status: subject.Active},
		subject.Subject{ID: childID, Birth: mustDate(2012, 6, 1), Jurisdiction: "CN", Status: subject.Active, Links: []subject.Link{
			{ID: parentID, Relation: subject.Parent, Verified: verified},
			{ID: uncleID, Relation: subject.Sibling, Verified: verified},
			{ID: unverID, Relation: subject.Guardian},
			{ID: ghostID, Relation: subject.Guardian, Verified: verified},
		}},
		subject.Subject{ID: parentID, Birth: mustDate(1985, 1, 1), Jurisdiction: "CN", Status: subject.Active},
		subject.Subject{ID: uncleID, Birth: mustDate(1980, 1, 1), Jurisdiction: "CN", Status: subject.Active},
		subject.Subject{ID: unverID, Birth: mustDate(1980, 1, 1), Jurisdiction: "CN", Status: subject.Active},
		subject.Subject{ID: strangerID, Birth: mustDate(1980, 1, 1), Jurisdiction: "CN", Status: subject.Active},
		subject.Subject{ID: closedID, Birth: mustDate(1980, 1, 1), Jurisdiction: "CN", Status: subject.Closed},
	)
}

// registry: voice cloning (v2 material, v3 wording), SMS marketing,
// payment shared with two independent processors, and login on contract.
func registry() *purpose.Registry {
	return purpose.MustCompile(purpose.Policy{
		Name:    purpose.Text{EN: "Voice Lab"},
		Regimes: []pii.Law{pii.PIPL},
		Retention: []purpose.Retention{
			{ID: "account", Summary: purpose.Text{EN: "Until the account is closed"}},
		},
		Purposes: []purpose.Purpose{
			{
				ID: "signup.login", Name: purpose.Text{EN: "Login"}, Core: true,
				Versions: []purpose.Version{{Number: 1}}, Required: pii.MustParseSet("contact.phone"),
				Operations: purpose.OperationsOf(purpose.Collect, purpose.Use), Basis: purpose.Legal{Basis: purpose.Contract}, Retention: "account",
			},
			{
				ID: "service.voice_clone", Name: purpose.Text{EN: "Voice cloning"},
				Versions:   []purpose.Version{{Number: 1}, {Number: 2, Material: true, Changes: purpose.ChangedCategories}, {Number: 3, Changes: purpose.ChangedWording}},
				Required:   pii.MustParseSet("biometric.voice_sample,biometric.voiceprint"),
				Operations: purpose.OperationsOf(purpose.Collect, purpose.Use, purpose.Store), Basis: purpose.Legal{Basis: purpose.Consent}, Retention: "account",
			},
			{
				ID: "marketing.sms", Name: purpose.Text{EN: "SMS marketing"},
				Versions: []purpose.Version{{Number: 1}}, Required: pii.MustParseSet("contact.phone"),
				Operations: purpose.OperationsOf(purpose.Use), Basis: purpose.Legal{Basis: purpose.Consent}, Retention: "account",
			},
			{
				ID: "commerce.payment", Name: purpose.Text{EN: "Payment"},
				Versions: []purpose.Version{{Number: 1}}, Required: pii.MustParseSet("finance.order"),
				Operations: purpose.OperationsOf(purpose.Collect, purpose.Use, purpose.Share),
				Recipients: []purpose.Recipient{{Name: "WeChat Pay", Role: purpose.Independent}, {Name: "Alipay", Role: purpose.Independent}},
				Basis:      purpose.Legal{Basis: purpose.Consent}, Retention: "account",
			},
		},
	})
}

type fixture struct {
	ledger *consent.Ledger
	clock  *clock
	reg    *purpose.Registry
	store  *consent.MemStore
	dir    *subject.MemDirectory
	keys   *consent.Keys
	anchor *consent.MemAnchor
}

// config returns the fixture's Ledger configuration over store: every
// Ledger of a fixture shares its keys and anchor, as the instances of one
// service share theirs.
func (f *fixture) config(store consent.Store) consent.Config {
	return consent.Config{Registry: f.reg, Directory: f.dir, Store: store, Keys: f.keys, Anchor: f.anchor, Clock: f.clock}
}

func testKeys(t testing.TB) *consent.Keys {
	t.Helper()
	k, err := consent.NewKeys(consent.Key{ID: 1, Secret: []byte("0123456789abcdef0123456789abcdef")})
	require.NoError(t, err)
	return k
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	f := &fixture{clock: &clock{now: t0}, reg: registry(), store: consent.NewMemStore(), dir: directory(), keys: testKeys(t), anchor: consent.NewMemAnchor()}
	cfg := f.config(f.store)
	cfg.Rand = rand.NewChaCha8([32]byte{1})
	l, err := consent.NewLedger(cfg)
	require.NoError(t, err)
	f.ledger = l
	return f
}

func (f *fixture) purpose(id purpose.ID) purpose.Compiled {
	p, ok := f.reg.Lookup(id)
	if !ok {
		panic("no purpose " + id)
	}
	return p
}

// grant appends a grant effective now and returns it.
func (f *fixture) grant(t testing.TB, who subject.ID, form consent.Form, ids ...purpose.ID) consent.Event {
	t.Helper()
	e := consent.Event{Subject: who, Kind: consent.Grant, Form: form, Notice: "2026-01-01"}
	for _, id := range ids {
		e.Purposes = append(e.Purposes, consent.PurposeRef{ID: id})
	}
	ev, err := f.ledger.Append(t.Context(), e)
	require.NoError(t, err)
	return ev
}

func (f *fixture) withdraw(t testing.TB, who subject.ID, ids ...purpose.ID) consent.Event {
	t.Helper()
	e := consent.Event{Subject: who, Kind: consent.Withdraw}
	for _, id := range ids {
		e.Purposes = append(e.Purposes, consent.PurposeRef{ID: id})
	}
	ev, err := f.ledger.Append(t.Context(), e)
	require.NoError(t, err)
	return ev
}

func (f *fixture) answer(t testing.TB, who subject.ID, id purpose.ID, recipient string, at time.Time) consent.Answer {
	t.Helper()
	st, err := f.ledger.StateAt(t.Context(), who, at)
	require.NoError(t, err)
	return st.Consent(f.purpose(id), recipient)
}
