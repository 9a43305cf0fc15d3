package main

import (
	"context"
	"crypto/ed25519"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

// The verify fixtures under testdata/verify are made by verifyFixtures,
// deterministically: fixed keys, clock and randomness. -update rewrites
// them; TestVerifyFixturesAreCurrent fails when they are stale.
const verifyDir = "testdata/verify"

// fixtureSecret is the sealing key of the fixtures' ledger: a test key,
// published here, never one to use.
var fixtureSecret = []byte("lawful cmd test sealing key, 32+ bytes, not secret")

func fixtureKeys(t testing.TB) *consent.Keys {
	keys, err := consent.NewKeys(consent.Key{ID: 7, Secret: fixtureSecret})
	must(t, err)
	return keys
}

func verifyFixtures(t testing.TB) map[string][]byte {
	t.Helper()
	ctx := context.Background()
	reg := testPolicy(t)
	r := rand.NewChaCha8([32]byte{'f', 'i', 'x', 't', 'u', 'r', 'e', 's'})
	start := time.Date(2026, 2, 1, 10, 0, 0, 0, time.UTC)
	clk := &steppedClock{t: start}
	dir := &subject.MemDirectory{}
	var ids []subject.ID
	for _, birth := range []string{"1990-05-01", "1985-11-20"} {
		id, err := subject.NewID(start, r)
		must(t, err)
		b, err := subject.ParseDate(birth)
		must(t, err)
		must(t, dir.Put(subject.Subject{ID: id, Birth: b, Jurisdiction: "CN", Status: subject.Active}, start))
		ids = append(ids, id)
	}
	keys := fixtureKeys(t)
	store, anchor := consent.NewMemStore(), consent.NewMemAnchor()
	ledger, err := consent.NewLedger(consent.Config{Registry: reg, Directory: dir, Store: store, Keys: keys, Anchor: anchor, Clock: clk, Rand: r})
	must(t, err)
	var grant consent.Event
	for i, e := range []consent.Event{
		{Subject: ids[0], Kind: consent.Grant, Purposes: []consent.PurposeRef{{ID: "service.voice_clone"}}, Form: consent.Separate, Notice: "2026-01-01"},
		{Subject: ids[0], Kind: consent.Grant, Purposes: []consent.PurposeRef{{ID: "ads.personalised"}}, Form: consent.Click, Notice: "2026-01-01"},
		{Subject: ids[1], Kind: consent.Grant, Purposes: []consent.PurposeRef{{ID: "ads.personalised"}}, Form: consent.Click, Notice: "2026-01-01"},
		{Subject: ids[0], Kind: consent.Withdraw, Purposes: []consent.PurposeRef{{ID: "ads.personalised"}}},
	} {
		clk.set(start.Add(time.Duration(i+1) * time.Hour))
		stored, err := ledger.Append(ctx, e)
		must(t, err)
		if i == 0 {
			grant = stored
		}
	}
	out := map[string][]byte{}
	receiptFixtures(t, reg, grant, out)
	x, err := exportLedgers(ctx, store, anchor, ids)
	must(t, err)
	out["ledger.json"] = jsonOf(t, x)
	out["keys.json"] = jsonOf(t, keysFile{Current: keyJSON{ID: 7, Secret: hex.EncodeToString(fixtureSecret)}})
	out["other-keys.json"] = jsonOf(t, keysFile{Current: keyJSON{ID: 7, Secret: hex.EncodeToString([]byte("another key of at least 32 bytes, also a test key"))}})
	ledgerFixtures(t, x, out)
	return out
}

func receiptFixtures(t testing.TB, reg *purpose.Registry, grant consent.Event, out map[string][]byte) {
	priv := ed25519.NewKeyFromSeed([]byte("lawful cmd test receipt key 32b!"))
	other := ed25519.NewKeyFromSeed([]byte("another test key, 32 bytes long!"))
	rc, err := consent.NewReceipt(reg, grant, "CN")
	must(t, err)
	signed, err := rc.Sign(priv)
	must(t, err)
	doc, err := signed.MarshalJSON()
	must(t, err)
	out["receipt.json"] = doc
	der, err := x509.MarshalPKIXPublicKey(priv.Public())
	must(t, err)
	out["receipt.pub"] = pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
	out["other.pub"] = []byte(hex.EncodeToString(other.Public().(ed25519.PublicKey)) + "\n")
	// One character of the signed receipt changed: the form, inside the
	// base64 of the receipt.
	var d signedJSON
	must(t, json.Unmarshal(doc, &d))
	payload, err := base64.StdEncoding.DecodeString(d.Receipt)
	must(t, err)
	payload = []byte(replaceOnce(string(payload), `"collection_method":"separate"`, `"collection_method":"written"`))
	d.Receipt = base64.StdEncoding.EncodeToString(payload)
	out["receipt-altered.json"], err = json.Marshal(d)
	must(t, err)
}

// signedJSON is a signed receipt document's shape (consent's own is
// unexported).
type signedJSON struct {
	Receipt   string `json:"receipt"`
	Signature string `json:"signature"`
	KeyID     string `json:"key_id"`
}

// ledgerFixtures derives the tampered exports from x: an event rewritten
// with its hash recomputed, the last event cut off, the anchor dropped.
func ledgerFixtures(t testing.TB, x *ledgerExport, out map[string][]byte) {
	clone := func() *ledgerExport {
		var c ledgerExport
		must(t, json.Unmarshal(jsonOf(t, x), &c))
		return &c
	}
	edited := clone()
	ev := decodeEvent(t, edited.Subjects[0].Events[1])
	ev.Form = consent.Separate // a click consent made to look separate
	ev.Hash = ev.ComputeHash()
	b, err := ev.MarshalBinary()
	must(t, err)
	edited.Subjects[0].Events[1] = base64.StdEncoding.EncodeToString(b)
	out["ledger-edited.json"] = jsonOf(t, edited)
	cut := clone()
	cut.Subjects[0].Events = cut.Subjects[0].Events[:len(cut.Subjects[0].Events)-1]
	out["ledger-truncated.json"] = jsonOf(t, cut)
	bare := clone()
	bare.Subjects[1].Anchor = nil
	out["ledger-unanchored.json"] = jsonOf(t, bare)
}

func decodeEvent(t testing.TB, s string) consent.Event {
	b, err := base64.StdEncoding.DecodeString(s)
	must(t, err)
	var e consent.Event
	must(t, e.UnmarshalBinary(b))
	return e
}

func jsonOf(t testing.TB, v any) []byte {
	b, err := json.MarshalIndent(v, "", "  ")
	must(t, err)
	return append(b, '\n')
}

func replaceOnce(s, old, new string) string {
	for i := 0; i+len(old) <= len(s); i++ {
		if s[i:i+len(old)] == old {
			return s[:i] + new + s[i+len(old):]
		}
	}
	panic("fixture: " + old + " not found")
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestVerifyFixturesAreCurrent(t *testing.T) {
	for name, want := range verifyFixtures(t) {
		path := filepath.Join(verifyDir, name)
		if *update {
			must(t, os.MkdirAll(verifyDir, 0o755))
			must(t, os.WriteFile(path, want, 0o644))
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil || string(got) != string(want) {
			t.Errorf("%s is stale or missing; run go test ./cmd/lawful -update", path)
		}
	}
}

// TestVerifyAcceptsSoundRecordsAndRefusesAlteredOnes runs lawful verify on receipts and ledgers, sound and
// tampered, and checks the exit status and the output (golden files).
func TestVerifyAcceptsSoundRecordsAndRefusesAlteredOnes(t *testing.T) {
	v := func(name string) string { return filepath.Join(verifyDir, name) }
	for _, tc := range []struct {
		name   string
		args   []string
		status int
	}{
		{"receipt_verifies", []string{"-pub", v("receipt.pub"), v("receipt.json")}, exitOK},
		{"receipt_verifies_json", []string{"-json", "-pub", v("receipt.pub"), v("receipt.json")}, exitOK},
		{"receipt_altered", []string{"-pub", v("receipt.pub"), v("receipt-altered.json")}, exitFound},
		{"receipt_other_key", []string{"-pub", v("other.pub"), v("receipt.json")}, exitFound},
		{"ledger_verifies", []string{"-keys", v("keys.json"), v("ledger.json")}, exitOK},
		{"ledger_verifies_json", []string{"-json", "-keys", v("keys.json"), v("ledger.json")}, exitOK},
		{"ledger_other_keys", []string{"-keys", v("other-keys.json"), v("ledger.json")}, exitFound},
		{"ledger_edited", []string{"-keys", v("keys.json"), v("ledger-edited.json")}, exitFound},
		{"ledger_truncated", []string{"-keys", v("keys.json"), v("ledger-truncated.json")}, exitFound},
		{"ledger_unanchored", []string{"-keys", v("keys.json"), v("ledger-unanchored.json")}, exitFound},
		{"ledger_unanchored_allowed", []string{"-allow-unanchored", "-keys", v("keys.json"), v("ledger-unanchored.json")}, exitOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, status := runCmd(t, append([]string{"verify"}, tc.args...)...)
			if status != tc.status {
				t.Errorf("exit status %d, want %d; stderr: %s", status, tc.status, stderr)
			}
			golden(t, "verify_"+tc.name+ext(tc.args), stdout)
		})
	}
}

// TestVerifyWithoutTheRightKeyIsAUsageError: a missing or wrong key is a usage error, naming what
// to give.
func TestVerifyWithoutTheRightKeyIsAUsageError(t *testing.T) {
	v := func(name string) string { return filepath.Join(verifyDir, name) }
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"a receipt without -pub", []string{v("receipt.json")}, "give the signer's public key with -pub"},
		{"a ledger without -keys", []string{"-pub", v("receipt.pub"), v("ledger.json")}, "give the sealing keys with -keys"},
		{"neither", []string{"-pub", v("receipt.pub"), "testdata/policy.json"}, "neither a signed receipt"},
		{"a public key that is none", []string{"-pub", v("keys.json"), v("receipt.json")}, "not an Ed25519 public key"},
		{"keys that are none", []string{"-keys", v("receipt.pub"), v("ledger.json")}, "keys"},
		{"no file", []string{"-pub", v("receipt.pub")}, "missing the file to verify"},
		{"a file that is not there", []string{"-pub", v("receipt.pub"), v("nothing.json")}, "nothing.json: no such file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, status := runCmd(t, append([]string{"verify"}, tc.args...)...)
			if status != exitUsage {
				t.Errorf("exit status %d, want %d", status, exitUsage)
			}
			if !contains(stderr, tc.want) {
				t.Errorf("stderr %q; want it to say %q", stderr, tc.want)
			}
		})
	}
}
