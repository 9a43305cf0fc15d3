package consent_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/lawfulgo/lawful/consent"
	"github.com/stretchr/testify/require"
)

// receiptSeeds returns canonical receipt payloads of every shape the tests
// build: an adult's separate consent, a child's by a parent, a consent
// naming a recipient, one with an expiry and a language.
func receiptSeeds(f *testing.F) [][]byte {
	f.Helper()
	fx := newFixture(f)
	reg := receiptRegistry(f)
	var out [][]byte
	add := func(e consent.Event, lang string) {
		ev, err := fx.ledger.Append(f.Context(), e)
		require.NoError(f, err)
		r, err := consent.NewReceipt(reg, ev, "CN")
		require.NoError(f, err)
		r.Language = lang
		p, err := r.MarshalCanonical()
		require.NoError(f, err)
		out = append(out, p)
		fx.clock.Advance(time.Minute)
	}
	add(consent.Event{Subject: adultID, Kind: consent.Grant, Form: consent.Separate, Notice: "2026-01-01", Evidence: evidence, Purposes: []consent.PurposeRef{{ID: "service.voice_clone"}, {ID: "marketing.sms"}}}, "zh-CN")
	add(consent.Event{Subject: childID, Kind: consent.Grant, Form: consent.Written, Notice: "2026-01-01", Purposes: []consent.PurposeRef{{ID: "service.voice_clone"}}, By: consent.Giver{Guardian: parentID}}, "")
	add(consent.Event{Subject: adultID, Kind: consent.Grant, Form: consent.Separate, Notice: "<v2>&", Purposes: []consent.PurposeRef{{ID: "commerce.payment"}}, Recipients: []string{"WeChat Pay", "Alipay"}}, "")
	add(consent.Event{Subject: adultID, Kind: consent.Grant, Form: consent.Click, Notice: "v1", Purposes: []consent.PurposeRef{{ID: "marketing.sms"}}, Expires: t0.Add(time.Hour)}, "en")
	return out
}

// FuzzVerifyReceipt feeds arbitrary bytes to VerifyReceipt twice: as a
// signed document, and as a receipt payload wrapped in a document with a
// valid signature (so the fuzzer reaches the receipt checks behind it).
// Neither may panic, every refusal matches ErrBadReceipt or
// ErrBadSignature, and whatever verifies is exactly what Sign produces:
// re-signing the receipt gives the same document byte for byte (Ed25519
// signatures are deterministic).
func FuzzVerifyReceipt(f *testing.F) {
	for _, p := range receiptSeeds(f) {
		f.Add(p)
		f.Add(signRaw(p))
	}
	f.Add([]byte(`{"receipt":"","signature":"","key_id":""}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		check := func(doc []byte) *consent.Receipt {
			r, err := consent.VerifyReceipt(doc, receiptPub)
			if err != nil {
				if !errors.Is(err, consent.ErrBadReceipt) && !errors.Is(err, consent.ErrBadSignature) {
					t.Fatalf("error matches neither sentinel: %v", err)
				}
				return nil
			}
			if err := r.Validate(); err != nil {
				t.Fatalf("verified receipt does not validate: %v", err)
			}
			s, err := r.Sign(receiptKey)
			if err != nil {
				t.Fatalf("verified receipt does not sign: %v", err)
			}
			again, err := json.Marshal(s)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(again, doc) {
				t.Fatalf("verified document re-marshals differently:\n got %s\nwant %s", again, doc)
			}
			return &r
		}
		check(data)
		if r := check(signRaw(data)); r != nil {
			canon, err := r.MarshalCanonical()
			if err != nil || !bytes.Equal(canon, data) {
				t.Fatalf("verified payload is not canonical: %v\n got %s\nwant %s", err, canon, data)
			}
		}
	})
}

// FuzzParseSignedReceipt checks that ParseSignedReceipt never panics,
// refuses with ErrBadReceipt, and accepts only documents that re-marshal
// byte for byte, holding a receipt whose canonical form is the payload.
func FuzzParseSignedReceipt(f *testing.F) {
	for _, p := range receiptSeeds(f) {
		doc := signRaw(p)
		f.Add(doc)
		f.Add(doc[:len(doc)/2])
		var b bytes.Buffer
		require.NoError(f, json.Indent(&b, doc, "", " "))
		f.Add(b.Bytes())
	}
	f.Add([]byte(`null`))
	f.Add([]byte(`{"receipt":"e30=","signature":"AAAA","key_id":"0000000000000000"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := consent.ParseSignedReceipt(data)
		if err != nil {
			if !errors.Is(err, consent.ErrBadReceipt) {
				t.Fatalf("error does not match ErrBadReceipt: %v", err)
			}
			return
		}
		again, err := json.Marshal(s)
		if err != nil || !bytes.Equal(again, data) {
			t.Fatalf("parsed document re-marshals differently (%v):\n got %s\nwant %s", err, again, data)
		}
		canon, err := s.Receipt().MarshalCanonical()
		if err != nil || !bytes.Equal(canon, s.Payload()) {
			t.Fatalf("receipt's canonical form is not the payload (%v)", err)
		}
		if len(s.KeyID()) != 16 || len(s.Signature()) != 64 {
			t.Fatalf("key ID %q, signature of %d bytes", s.KeyID(), len(s.Signature()))
		}
	})
}
