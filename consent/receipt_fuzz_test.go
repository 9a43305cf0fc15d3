package consent_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/internal/strictjson"
	"github.com/stretchr/testify/assert"
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
// Neither may panic or allocate more than strictjson.AllocBound(len(doc))
// bytes, every refusal matches ErrBadReceipt or ErrBadSignature, and
// whatever verifies is exactly what Sign produces: re-signing the receipt
// gives the same document byte for byte (Ed25519 signatures are
// deterministic).
func FuzzVerifyReceipt(f *testing.F) {
	for _, p := range receiptSeeds(f) {
		f.Add(p)
		f.Add(signRaw(p))
	}
	for _, p := range hostileReceipts() {
		f.Add(p)
	}
	f.Add([]byte(`{"receipt":"","signature":"","key_id":""}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		check := func(doc []byte) *consent.Receipt {
			var r consent.Receipt
			var err error
			got := strictjson.Allocated(func() {
				r, err = consent.VerifyReceipt(doc, receiptPub)
				if err != nil {
					_ = err.Error()
				}
			})
			if bound := strictjson.AllocBound(len(doc)); got > bound {
				t.Fatalf("VerifyReceipt allocated %d bytes for %d bytes of input, over the bound %d", got, len(doc), bound)
			}
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
// allocates at most strictjson.AllocBound(len(input)) bytes, refuses with
// ErrBadReceipt, and accepts only documents that re-marshal byte for byte,
// holding a receipt whose canonical form is the payload.
func FuzzParseSignedReceipt(f *testing.F) {
	for _, p := range hostileReceipts() {
		f.Add(signRaw(p))
	}
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
		var s consent.SignedReceipt
		var err error
		got := strictjson.Allocated(func() {
			s, err = consent.ParseSignedReceipt(data)
			if err != nil {
				_ = err.Error()
			}
		})
		if bound := strictjson.AllocBound(len(data)); got > bound {
			t.Fatalf("ParseSignedReceipt allocated %d bytes for %d bytes of input, over the bound %d", got, len(data), bound)
		}
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

// hostileReceipts are receipt payloads built to make the decoder work:
// long lists of small elements, each a struct many times its size once
// decoded, nested lists multiplying, repeated keys.
func hostileReceipts() [][]byte {
	list := func(prefix, elem, suffix string, n int) string {
		return prefix + strings.TrimSuffix(strings.Repeat(elem+",", n), ",") + suffix
	}
	thirdParties := list(`{"third_parties":[`, `{}`, `]}`, consent.MaxRecipients)
	categories := list(`{"pii_categories":[`, `""`, `]}`, consent.MaxCategories)
	return [][]byte{
		[]byte(list(`{"services":[`, `{}`, `]}`, 10000)),
		[]byte(list(`{"services":[`, `{}`, `]}`, consent.MaxCategories)),
		[]byte(list(`{"services":[{"purposes":[`, `{}`, `]}]}`, consent.MaxPurposes)),
		[]byte(list(`{"services":[{"purposes":[`, thirdParties, `]}]}`, consent.MaxPurposes)),
		[]byte(list(`{"services":[{"purposes":[`, categories, `]}]}`, consent.MaxPurposes)),
		[]byte(list(`{"pii_controllers":[`, `{"name":{}}`, `]}`, consent.MaxControllers)),
		[]byte(`{"version":"lawful-receipt/1","version":"lawful-receipt/1"}`),
		[]byte(`{"seq":1,"Seq":2}`),
	}
}

func TestReceiptDecodingAllocationIsProportionalToInput(t *testing.T) {
	for i, p := range hostileReceipts() {
		for _, doc := range [][]byte{p, signRaw(p)} {
			var err error
			got := strictjson.Allocated(func() {
				_, err = consent.VerifyReceipt(doc, receiptPub)
				_ = err.Error()
			})
			t.Logf("hostile receipt %d: %d bytes in, %d allocated: %.1f per byte: %.200v", i, len(doc), got, float64(got)/float64(len(doc)), err)
			assert.LessOrEqual(t, got, strictjson.AllocBound(len(doc)))
			assert.ErrorIs(t, err, consent.ErrBadReceipt)
		}
	}
}
