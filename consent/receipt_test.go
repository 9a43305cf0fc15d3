package consent_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// receiptKey signs the receipts of these tests; otherKey is someone else's.
var (
	receiptKey = ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))
	receiptPub = receiptKey.Public().(ed25519.PublicKey)
	otherKey   = ed25519.NewKeyFromSeed(bytes.Repeat([]byte{8}, ed25519.SeedSize))
)

// receiptRegistry is registry() with the controller a receipt names
// (PIPL art. 17(1)) and contacts for the payment recipients (art. 23).
func receiptRegistry(t testing.TB) *purpose.Registry {
	t.Helper()
	p := registry().Policy()
	p.Controller = purpose.Controller{Name: purpose.Text{EN: "Voice Lab Ltd", ZH: "声音实验室有限公司"}, Contact: "privacy@voicelab.example"}
	for i := range p.Purposes {
		for j := range p.Purposes[i].Recipients {
			r := &p.Purposes[i].Recipients[j]
			r.Contact = "dpo@" + strings.ToLower(strings.ReplaceAll(r.Name, " ", "")) + ".example"
		}
	}
	reg, err := purpose.Compile(p)
	require.NoError(t, err)
	return reg
}

// signedDoc returns the signed document of r under receiptKey.
func signedDoc(t testing.TB, r consent.Receipt) []byte {
	t.Helper()
	s, err := r.Sign(receiptKey)
	require.NoError(t, err)
	doc, err := json.Marshal(s)
	require.NoError(t, err)
	return doc
}

// signRaw builds a document around arbitrary payload bytes with a valid
// signature, so tests reach the receipt checks behind the signature.
func signRaw(payload []byte) []byte {
	return fmt.Appendf(nil, `{"receipt":%q,"signature":%q,"key_id":%q}`,
		base64.StdEncoding.EncodeToString(payload),
		base64.StdEncoding.EncodeToString(ed25519.Sign(receiptKey, payload)),
		consent.ReceiptKeyID(receiptPub))
}

var evidence = sha256.Sum256([]byte("rendered notice v2026-01-01 and separate-consent dialog"))

func TestNewReceipt(t *testing.T) {
	tests := []struct {
		name  string
		grant func(t *testing.T, f *fixture) consent.Event
		check func(t *testing.T, r consent.Receipt)
	}{
		{
			name: "PIPL_art28_adult_separate_consent_to_voice_cloning_lists_sensitive_categories",
			grant: func(t *testing.T, f *fixture) consent.Event {
				ev, err := f.ledger.Append(t.Context(), consent.Event{
					Subject: adultID, Kind: consent.Grant, Form: consent.Separate, Notice: "2026-01-01", Evidence: evidence,
					Purposes: []consent.PurposeRef{{ID: "service.voice_clone"}},
				})
				require.NoError(t, err)
				return ev
			},
			check: func(t *testing.T, r consent.Receipt) {
				require.Len(t, r.Services, 1)
				p := r.Services[0].Purposes[0]
				assert.Equal(t, purpose.ID("service.voice_clone"), p.Purpose)
				assert.Equal(t, 3, p.Version, "version 0 on append means the current version")
				assert.Equal(t, []string{"biometric.voice_sample", "biometric.voiceprint"}, p.PIICategories)
				assert.Equal(t, []string{"biometric.voice_sample", "biometric.voiceprint"}, p.SensitiveCategories, "biometrics are sensitive PI (PIPL art. 28)")
				assert.True(t, r.Sensitive)
				assert.Equal(t, consent.Separate, r.CollectionMethod, "sensitive PI needs separate consent (PIPL art. 29)")
				assert.Zero(t, r.Guardian)
				assert.False(t, p.ThirdPartyDisclosure)
				assert.Empty(t, p.ThirdParties)
				assert.Equal(t, consent.Digest(evidence), r.Evidence)
			},
		},
		{
			name: "PIPL_art31_parent_consents_for_a_child_and_the_receipt_names_the_guardian",
			grant: func(t *testing.T, f *fixture) consent.Event {
				ev, err := f.ledger.Append(t.Context(), consent.Event{
					Subject: childID, Kind: consent.Grant, Form: consent.Written, Notice: "2026-01-01",
					Purposes: []consent.PurposeRef{{ID: "service.voice_clone"}}, By: consent.Giver{Guardian: parentID},
				})
				require.NoError(t, err)
				return ev
			},
			check: func(t *testing.T, r consent.Receipt) {
				assert.Equal(t, childID, r.PIIPrincipalID, "the receipt is the child's")
				assert.Equal(t, consent.ReceiptGuardian{ID: parentID, Relation: subject.Parent, VerificationMethod: subject.Document, VerifiedAt: t0.Add(-24 * time.Hour).UTC()}, r.Guardian)
				assert.True(t, r.Sensitive)
				assert.Equal(t, consent.Written, r.CollectionMethod)
				assert.True(t, r.Evidence.IsZero(), "no evidence kept: the field is omitted")
			},
		},
		{
			name: "PIPL_art23_separate_consent_names_the_recipient_of_payment_data",
			grant: func(t *testing.T, f *fixture) consent.Event {
				ev, err := f.ledger.Append(t.Context(), consent.Event{
					Subject: adultID, Kind: consent.Grant, Form: consent.Separate, Notice: "2026-01-01",
					Purposes: []consent.PurposeRef{{ID: "commerce.payment"}}, Recipients: []string{"WeChat Pay"},
				})
				require.NoError(t, err)
				return ev
			},
			check: func(t *testing.T, r consent.Receipt) {
				p := r.Services[0].Purposes[0]
				assert.True(t, p.ThirdPartyDisclosure)
				assert.Equal(t, []consent.ReceiptThirdParty{{Name: "WeChat Pay", Role: purpose.Independent, Contact: "dpo@wechatpay.example"}}, p.ThirdParties,
					"the recipient's name and contact (PIPL art. 23), not the other declared recipient")
				assert.Equal(t, []string{"finance.order"}, p.PIICategories)
			},
		},
		{
			name: "click_consent_with_an_expiry_NDSMR_art22_4_is_not_sensitive",
			grant: func(t *testing.T, f *fixture) consent.Event {
				ev, err := f.ledger.Append(t.Context(), consent.Event{
					Subject: adultID, Kind: consent.Grant, Form: consent.Click, Notice: "2026-01-01",
					Purposes: []consent.PurposeRef{{ID: "marketing.sms"}}, Expires: t0.Add(30 * 24 * time.Hour),
				})
				require.NoError(t, err)
				return ev
			},
			check: func(t *testing.T, r consent.Receipt) {
				assert.False(t, r.Sensitive)
				assert.Empty(t, r.Services[0].Purposes[0].SensitiveCategories)
				assert.Equal(t, t0.Add(30*24*time.Hour).UTC(), r.Expires)
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			reg := receiptRegistry(t)
			ev := tt.grant(t, f)
			r, err := consent.NewReceipt(reg, ev, "CN")
			require.NoError(t, err)

			// What every receipt carries, from the event and the registry.
			assert.Equal(t, consent.ReceiptVersion, r.Version)
			assert.Equal(t, "CN", r.Jurisdiction)
			assert.Equal(t, ev.Effective, r.ConsentTimestamp)
			assert.Equal(t, time.UTC, r.ConsentTimestamp.Location())
			assert.Equal(t, ev.ID, r.ReceiptID)
			assert.Equal(t, ev.Subject, r.PIIPrincipalID)
			assert.Equal(t, ev.Seq, r.Seq)
			assert.Equal(t, consent.Digest(ev.Hash), r.EventHash)
			assert.Equal(t, ev.Notice, r.Notice)
			assert.Equal(t, []consent.ReceiptController{{Name: purpose.Text{EN: "Voice Lab Ltd", ZH: "声音实验室有限公司"}, Contact: "privacy@voicelab.example"}}, r.PIIControllers, "PIPL art. 17(1)")
			assert.Equal(t, purpose.Text{EN: "Voice Lab"}, r.Services[0].Service)
			for _, p := range r.Services[0].Purposes {
				assert.Equal(t, consent.ConsentTypeExplicit, p.ConsentType)
				assert.False(t, p.Name.IsZero())
			}
			require.NoError(t, r.Validate())
			require.NoError(t, r.Matches(ev))
			tt.check(t, r)

			// And it survives signing, the wire and verification intact.
			got, err := consent.VerifyReceipt(signedDoc(t, r), receiptPub)
			require.NoError(t, err)
			assert.Equal(t, r, got)
		})
	}
}

func TestNewReceiptRefuses(t *testing.T) {
	f := newFixture(t)
	reg := receiptRegistry(t)
	grant := f.grant(t, adultID, consent.Separate, "service.voice_clone")
	f.clock.Advance(time.Minute)
	withdrawal := f.withdraw(t, adultID, "service.voice_clone")
	edited := grant.Clone()
	edited.Form = consent.Written
	noController := registry()
	without := reg.Policy()
	without.Purposes = without.Purposes[:1] // signup.login only
	withoutVoice := purpose.MustCompile(without)
	atV1 := purposeRegistryAtV1(t)

	tests := []struct {
		name  string
		reg   *purpose.Registry
		event consent.Event
		juris string
		want  error
		msg   string
	}{
		{"PIPL_art15_a_withdrawal_gets_no_receipt", reg, withdrawal, "CN", consent.ErrInvalidEvent, "not a withdraw event"},
		{"an_event_not_yet_appended_has_no_ID_or_hash", reg, consent.Event{Subject: adultID, Kind: consent.Grant, Form: consent.Click, Notice: "v1", Purposes: []consent.PurposeRef{{ID: "marketing.sms", Version: 1}}}, "CN", consent.ErrInvalidEvent, "events returned by Ledger.Append"},
		{"an_edited_event_breaks_its_hash", reg, edited, "CN", consent.ErrBrokenChain, "edited after it was recorded"},
		{"unknown_purpose", withoutVoice, grant, "CN", consent.ErrUnknownPurpose, `purpose "service.voice_clone" is not in the registry`},
		{"version_the_registry_does_not_know", atV1, grant, "CN", consent.ErrUnknownVersion, "service.voice_clone v3: the registry's versions run from v1 to v1"},
		{"PIPL_art17_1_the_policy_must_name_its_controller", noController, grant, "CN", consent.ErrNotConfigured, "set Policy.Controller.Name and .Contact (PIPL art. 17(1))"},
		{"jurisdiction_required", reg, grant, "", consent.ErrBadReceipt, "jurisdiction"},
		{"jurisdiction_is_a_code", reg, grant, "China; DROP TABLE", consent.ErrBadReceipt, `want a region code such as "CN"`},
		{"no_registry", nil, grant, "CN", consent.ErrNotConfigured, "pass the registry the ledger uses"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := consent.NewReceipt(tt.reg, tt.event, tt.juris)
			require.Error(t, err)
			assert.ErrorIs(t, err, consent.ErrBadReceipt)
			assert.ErrorIs(t, err, tt.want)
			assert.ErrorContains(t, err, tt.msg)
			assert.True(t, strings.HasPrefix(err.Error(), "consent: cannot make a receipt for "), err.Error())
			assert.Zero(t, r.Version, "no half-made receipt")
		})
	}
	t.Run("every_problem_is_reported", func(t *testing.T) {
		_, err := consent.NewReceipt(noController, edited, "")
		assert.ErrorContains(t, err, "3 problems:")
		assert.ErrorIs(t, err, consent.ErrBrokenChain)
		assert.ErrorIs(t, err, consent.ErrNotConfigured)
	})
	t.Run("PIPL_art23_recipient_not_declared_by_the_registry_used", func(t *testing.T) {
		ev, err := f.ledger.Append(t.Context(), consent.Event{Subject: adultID, Kind: consent.Grant, Form: consent.Separate, Notice: "v1", Purposes: []consent.PurposeRef{{ID: "commerce.payment"}}, Recipients: []string{"Alipay"}})
		require.NoError(t, err)
		p := reg.Policy()
		for i := range p.Purposes {
			if p.Purposes[i].ID == "commerce.payment" {
				p.Purposes[i].Recipients = p.Purposes[i].Recipients[:1] // WeChat Pay only
			}
		}
		_, err = consent.NewReceipt(purpose.MustCompile(p), ev, "CN")
		assert.ErrorIs(t, err, consent.ErrRecipientNotDeclared)
		assert.ErrorContains(t, err, `recipient "Alipay" is not declared by purpose commerce.payment (PIPL art. 23)`)
	})
}

// voiceReceipt appends an adult's separate consent to voice cloning and
// returns the fixture, the event and its receipt.
func voiceReceipt(t testing.TB) (*fixture, consent.Event, consent.Receipt) {
	t.Helper()
	f := newFixture(t)
	ev, err := f.ledger.Append(t.Context(), consent.Event{
		Subject: adultID, Kind: consent.Grant, Form: consent.Separate, Notice: "2026-01-01", Evidence: evidence,
		Purposes: []consent.PurposeRef{{ID: "service.voice_clone"}, {ID: "marketing.sms"}},
	})
	require.NoError(t, err)
	r, err := consent.NewReceipt(receiptRegistry(t), ev, "CN")
	require.NoError(t, err)
	r.Language = "zh-CN"
	return f, ev, r
}

func TestSignVerifyRoundTrip(t *testing.T) {
	_, _, r := voiceReceipt(t)
	s, err := r.Sign(receiptKey)
	require.NoError(t, err)
	doc, err := json.Marshal(s)
	require.NoError(t, err)

	var shape map[string]string
	require.NoError(t, json.Unmarshal(doc, &shape))
	assert.Len(t, shape, 3)
	assert.Equal(t, consent.ReceiptKeyID(receiptPub), shape["key_id"])
	assert.Len(t, shape["key_id"], 16)
	payload, err := base64.StdEncoding.DecodeString(shape["receipt"])
	require.NoError(t, err)
	canon, err := r.MarshalCanonical()
	require.NoError(t, err)
	assert.Equal(t, canon, payload, "the document carries the canonical receipt bytes")
	assert.Equal(t, canon, s.Payload())
	assert.True(t, ed25519.Verify(receiptPub, payload, s.Signature()), "anyone with the public key and crypto/ed25519 can check it")

	got, err := consent.VerifyReceipt(doc, receiptPub)
	require.NoError(t, err)
	assert.Equal(t, r, got)

	parsed, err := consent.ParseSignedReceipt(doc)
	require.NoError(t, err)
	assert.Equal(t, s.KeyID(), parsed.KeyID())
	assert.Equal(t, r, parsed.Receipt())
	require.NoError(t, parsed.Verify(receiptPub))
	again, err := json.Marshal(parsed)
	require.NoError(t, err)
	assert.Equal(t, doc, again, "a parsed document re-marshals byte for byte")

	t.Run("signing_is_deterministic", func(t *testing.T) {
		assert.Equal(t, doc, signedDoc(t, r))
	})
	t.Run("the_receipt_returned_is_a_copy", func(t *testing.T) {
		c := s.Receipt()
		c.Services[0].Purposes[0].PIICategories[0] = "x.y"
		assert.Equal(t, r, s.Receipt())
		p := s.Payload()
		p[0] = 'X'
		assert.Equal(t, canon, s.Payload())
	})
}

func TestVerifyReceiptRejectsEveryChangedByte(t *testing.T) {
	_, _, r := voiceReceipt(t)
	doc := signedDoc(t, r)
	_, err := consent.VerifyReceipt(doc, receiptPub)
	require.NoError(t, err)

	refused := func(t *testing.T, what string, data []byte) {
		t.Helper()
		_, err := consent.VerifyReceipt(data, receiptPub)
		if err == nil {
			t.Fatalf("%s: verified", what)
		}
		if !errorsIsAny(err, consent.ErrBadReceipt, consent.ErrBadSignature) {
			t.Fatalf("%s: error %v matches neither ErrBadReceipt nor ErrBadSignature", what, err)
		}
	}
	t.Run("each_bit_of_each_byte", func(t *testing.T) {
		t.Parallel()
		m := bytes.Clone(doc)
		for i := range m {
			for bit := range 8 {
				m[i] ^= 1 << bit
				refused(t, fmt.Sprintf("byte %d (%q) bit %d", i, doc[i], bit), m)
				m[i] ^= 1 << bit
			}
		}
	})
	t.Run("each_byte_replaced_by_neighbouring_characters", func(t *testing.T) {
		t.Parallel()
		m := bytes.Clone(doc)
		for i := range m {
			for _, c := range []byte{' ', '\n', '"', '=', '+', '/', 'A', 'a', '0', '\\', '}'} {
				if c == doc[i] {
					continue
				}
				m[i] = c
				refused(t, fmt.Sprintf("byte %d (%q) replaced by %q", i, doc[i], c), m)
			}
			m[i] = doc[i]
		}
	})
	t.Run("truncated_at_every_length", func(t *testing.T) {
		for n := range len(doc) {
			refused(t, fmt.Sprintf("truncated to %d bytes", n), doc[:n])
		}
	})
	t.Run("each_byte_deleted", func(t *testing.T) {
		for i := range doc {
			refused(t, fmt.Sprintf("byte %d deleted", i), append(bytes.Clone(doc[:i]), doc[i+1:]...))
		}
	})
	t.Run("appended_or_prefixed", func(t *testing.T) {
		for _, extra := range []string{"\n", " ", "\r\n", "\t", "x", "{}", "null", "0", string(doc)} {
			refused(t, fmt.Sprintf("%q appended", extra), append(bytes.Clone(doc), extra...))
			refused(t, fmt.Sprintf("%q prefixed", extra), append([]byte(extra), doc...))
		}
	})
}

func errorsIsAny(err error, targets ...error) bool {
	for _, t := range targets {
		if errors.Is(err, t) {
			return true
		}
	}
	return false
}

func TestVerifyReceiptWrongKey(t *testing.T) {
	_, _, r := voiceReceipt(t)
	doc := signedDoc(t, r)
	tests := []struct {
		name string
		pub  ed25519.PublicKey
		msg  string
	}{
		{"another_key", otherKey.Public().(ed25519.PublicKey), "verify with the public key whose ReceiptKeyID is " + consent.ReceiptKeyID(receiptPub)},
		{"short_key", receiptPub[:31], "public key is 31 bytes, want 32"},
		{"nil_key", nil, "public key is 0 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := consent.VerifyReceipt(doc, tt.pub)
			assert.ErrorIs(t, err, consent.ErrBadSignature)
			assert.ErrorContains(t, err, tt.msg)
		})
	}
	t.Run("another_key_claiming_our_key_id", func(t *testing.T) {
		// A forger signs with their own key but names ours.
		s, err := r.Sign(otherKey)
		require.NoError(t, err)
		forged := strings.Replace(string(mustJSON(t, s)), s.KeyID(), consent.ReceiptKeyID(receiptPub), 1)
		_, err = consent.VerifyReceipt([]byte(forged), receiptPub)
		assert.ErrorIs(t, err, consent.ErrBadSignature)
		assert.ErrorContains(t, err, "signature does not verify")
	})
	t.Run("bad_private_key", func(t *testing.T) {
		_, err := r.Sign(receiptKey[:32])
		assert.ErrorIs(t, err, consent.ErrBadReceipt)
		assert.ErrorContains(t, err, "use ed25519.GenerateKey or ed25519.NewKeyFromSeed")
	})
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

func TestParseSignedReceiptRefusesNonCanonicalDocuments(t *testing.T) {
	_, _, r := voiceReceipt(t)
	s, err := r.Sign(receiptKey)
	require.NoError(t, err)
	doc := mustJSON(t, s)
	payload := s.Payload()
	b64 := base64.StdEncoding.EncodeToString
	sig := b64(s.Signature())
	kid := s.KeyID()

	// A payload edited and re-signed with the right key: the signature
	// verifies, so only the receipt checks stand in the way.
	resigned := func(edit func(string) string) []byte { return signRaw([]byte(edit(string(payload)))) }
	var indented bytes.Buffer
	require.NoError(t, json.Indent(&indented, payload, "", " "))

	tests := []struct {
		name string
		doc  []byte
		msg  string
	}{
		{"empty", nil, "document"},
		{"not_json", []byte("receipt"), "document"},
		{"json_null", []byte("null"), "receipt: want the receipt's canonical JSON"},
		{"over_1_MiB", append(bytes.Clone(doc), bytes.Repeat([]byte(" "), consent.MaxReceiptSize)...), "more than the 1048576-byte limit"},
		{"indented_document", func() []byte { var b bytes.Buffer; _ = json.Indent(&b, doc, "", "  "); return b.Bytes() }(), "document is not in canonical form"},
		{"keys_reordered", fmt.Appendf(nil, `{"signature":%q,"receipt":%q,"key_id":%q}`, sig, b64(payload), kid), "document is not in canonical form"},
		{"key_case_folded", fmt.Appendf(nil, `{"Receipt":%q,"signature":%q,"key_id":%q}`, b64(payload), sig, kid), "document is not in canonical form"},
		{"duplicate_key", fmt.Appendf(nil, `{"receipt":%q,"receipt":%q,"signature":%q,"key_id":%q}`, b64(payload), b64(payload), sig, kid), "document is not in canonical form"},
		{"unknown_field", fmt.Appendf(nil, `{"receipt":%q,"signature":%q,"key_id":%q,"alg":"none"}`, b64(payload), sig, kid), `unknown field "alg"`},
		{"trailing_data", append(bytes.Clone(doc), "{}"...), "trailing data"},
		{"unpadded_base64", fmt.Appendf(nil, `{"receipt":%q,"signature":%q,"key_id":%q}`, b64(payload), base64.RawStdEncoding.EncodeToString(s.Signature()), kid), "signature: want 64 bytes in standard padded base64"},
		{"url_base64", fmt.Appendf(nil, `{"receipt":%q,"signature":%q,"key_id":%q}`, base64.URLEncoding.EncodeToString(payload), base64.URLEncoding.EncodeToString(s.Signature()), kid), "base64"},
		{"escaped_base64", bytes.Replace(doc, []byte(`"receipt":"`), []byte(`"receipt":"\u0065`), 1), "base64"},
		{"upper_case_key_id", bytes.Replace(doc, []byte(kid), []byte(strings.ToUpper(kid)), 1), "16 lower-case hex digits"},
		{"short_signature", fmt.Appendf(nil, `{"receipt":%q,"signature":%q,"key_id":%q}`, b64(payload), b64(s.Signature()[:63]), kid), "signature: want 64 bytes"},
		{"indented_receipt_signed", signRaw(indented.Bytes()), "receipt JSON is not in canonical form"},
		{"receipt_fields_reordered_signed", resigned(func(p string) string {
			return strings.Replace(p, `{"version":"lawful-receipt/1","jurisdiction":"CN"`, `{"jurisdiction":"CN","version":"lawful-receipt/1"`, 1)
		}), "receipt JSON is not in canonical form"},
		{"timestamp_with_an_offset_signed", resigned(func(p string) string {
			return strings.Replace(p, `"consent_timestamp":"2026-03-01T02:00:00Z"`, `"consent_timestamp":"2026-03-01T10:00:00+08:00"`, 1)
		}), "consent_timestamp: 2026-03-01T10:00:00+08:00 is not in UTC"},
		{"upper_case_event_hash_signed", resigned(func(p string) string {
			i := strings.Index(p, `"event_hash":"`) + len(`"event_hash":"`)
			return p[:i] + strings.ToUpper(p[i:])
		}), "want 64 lower-case hex digits"},
		{"unknown_receipt_field_signed", resigned(func(p string) string { return strings.Replace(p, `"seq":`, `"admin":true,"seq":`, 1) }), `unknown field "admin"`},
		{"other_version_signed", resigned(func(p string) string { return strings.Replace(p, "lawful-receipt/1", "lawful-receipt/2", 1) }), `version: "lawful-receipt/2": want "lawful-receipt/1"`},
		{"sensitive_flag_cleared_signed", resigned(func(p string) string { return strings.Replace(p, `"sensitive":true`, `"sensitive":false`, 1) }), "sensitive: false, want true"},
		{"consent_type_implicit_signed", resigned(func(p string) string {
			return strings.Replace(p, `"consent_type":"explicit"`, `"consent_type":"implicit"`, 1)
		}), `want "explicit"`},
		{"evidence_all_zero_signed", resigned(func(p string) string {
			return strings.Replace(p, `"evidence":"`+consent.Digest(evidence).String(), `"evidence":"`+strings.Repeat("0", 64), 1)
		}), "receipt JSON is not in canonical form"},
		{"unsorted_categories_signed", resigned(func(p string) string {
			return strings.Replace(p, `"pii_categories":["biometric.voice_sample","biometric.voiceprint"]`, `"pii_categories":["biometric.voiceprint","biometric.voice_sample"]`, 1)
		}), "keys must be sorted and listed once"},
		{"html_unescaped_signed", resigned(func(p string) string { return strings.Replace(p, `"2026-01-01"`, `"<b>2026-01-01</b>"`, 1) }), "receipt JSON is not in canonical form"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := consent.ParseSignedReceipt(tt.doc)
			require.Error(t, err)
			assert.ErrorIs(t, err, consent.ErrBadReceipt)
			assert.ErrorContains(t, err, tt.msg)
			_, err = consent.VerifyReceipt(tt.doc, receiptPub)
			assert.ErrorIs(t, err, consent.ErrBadReceipt)
		})
	}
	t.Run("errors_do_not_echo_huge_input", func(t *testing.T) {
		huge := strings.Repeat("a", 100_000)
		for _, d := range [][]byte{
			fmt.Appendf(nil, `{"receipt":%q,"signature":%q,"key_id":%q,%q:1}`, b64(payload), sig, kid, huge),
			resigned(func(p string) string {
				return strings.Replace(p, `"purpose":"service.voice_clone"`, `"purpose":"`+huge+`"`, 1)
			}),
			resigned(func(p string) string { return strings.Replace(p, `"biometric.voice_sample",`, `"a.`+huge+`",`, 1) }),
		} {
			_, err := consent.VerifyReceipt(d, receiptPub)
			require.ErrorIs(t, err, consent.ErrBadReceipt)
			assert.Less(t, len(err.Error()), 2000, err.Error())
		}
	})
	t.Run("the_test_edits_really_applied", func(t *testing.T) {
		// Guard against a silent no-op edit above making a case pass trivially.
		_, err := consent.VerifyReceipt(signRaw(payload), receiptPub)
		require.NoError(t, err, "signRaw of the canonical payload is the document itself")
		assert.Equal(t, doc, signRaw(payload))
	})
}

func TestReceiptValidate(t *testing.T) {
	_, _, good := voiceReceipt(t)
	tests := []struct {
		name string
		edit func(r *consent.Receipt)
		msg  string
	}{
		{"zero_receipt", func(r *consent.Receipt) { *r = consent.Receipt{} }, "problems"},
		{"local_time", func(r *consent.Receipt) { r.ConsentTimestamp = r.ConsentTimestamp.In(cst) }, "is not in UTC; use t.UTC()"},
		{"no_controller_PIPL_art17_1", func(r *consent.Receipt) { r.PIIControllers = nil }, "0 controllers: want 1 to 8 (PIPL art. 17(1))"},
		{"bad_language_tag", func(r *consent.Receipt) { r.Language = "zh CN" }, "want a BCP 47 tag"},
		{"two_services", func(r *consent.Receipt) { r.Services = append(r.Services, r.Services[0]) }, "2 services: want exactly 1"},
		{"purpose_twice", func(r *consent.Receipt) {
			r.Services[0].Purposes = append(r.Services[0].Purposes, r.Services[0].Purposes[0])
		}, `"service.voice_clone" listed twice`},
		{"sensitive_category_not_listed", func(r *consent.Receipt) {
			r.Services[0].Purposes[0].SensitiveCategories = []string{"health.record"}
		}, `"health.record" is not among pii_categories`},
		{"disclosure_without_third_party", func(r *consent.Receipt) { r.Services[0].Purposes[0].ThirdPartyDisclosure = true }, "true exactly when third_parties is not empty"},
		{"overseas_recipient_without_mechanism_PIPL_art38", func(r *consent.Receipt) {
			for i := range r.Services[0].Purposes {
				r.Services[0].Purposes[i].ThirdPartyDisclosure = true
				r.Services[0].Purposes[i].ThirdParties = []consent.ReceiptThirdParty{{Name: "Voice AI Pte", Role: purpose.Entrusted, Country: "SG"}}
			}
		}, "an overseas recipient needs a transfer mechanism (PIPL art. 38)"},
		{"guardian_who_is_a_sibling_PIPL_art31", func(r *consent.Receipt) {
			r.Guardian = consent.ReceiptGuardian{ID: uncleID, Relation: subject.Sibling, VerificationMethod: subject.Document, VerifiedAt: t0.UTC()}
		}, "sibling: want parent or guardian (PIPL art. 31)"},
		{"unverified_guardian", func(r *consent.Receipt) {
			r.Guardian = consent.ReceiptGuardian{ID: parentID, Relation: subject.Parent}
		}, "must be verified before consenting"},
		{"expiry_before_consent", func(r *consent.Receipt) { r.Expires = r.ConsentTimestamp.Add(-time.Hour) }, "is not after consent_timestamp"},
		{"invalid_utf8_notice", func(r *consent.Receipt) { r.Notice = "v\xff" }, "notice: not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := good
			r.Services = []consent.ReceiptService{{Service: good.Services[0].Service, Purposes: append([]consent.ReceiptPurpose(nil), good.Services[0].Purposes...)}}
			tt.edit(&r)
			err := r.Validate()
			assert.ErrorIs(t, err, consent.ErrBadReceipt)
			assert.ErrorContains(t, err, tt.msg)
			_, err = r.Sign(receiptKey)
			assert.ErrorIs(t, err, consent.ErrBadReceipt, "Sign refuses what Validate refuses")
		})
	}
	t.Run("a_huge_receipt_built_in_go_lists_a_hundred_problems_and_counts_the_rest", func(t *testing.T) {
		r := good
		r.Services = make([]consent.ReceiptService, 10000) // each with no service and no purposes
		err := r.Validate()
		require.ErrorIs(t, err, consent.ErrBadReceipt)
		joined, ok := err.(interface{ Unwrap() []error })
		require.True(t, ok)
		assert.Len(t, joined.Unwrap(), 101)
		assert.ErrorContains(t, err, "more problems not listed")
		assert.Less(t, len(err.Error()), 20000, "the report does not grow with the receipt")
	})
	t.Run("zero_signed_receipt", func(t *testing.T) {
		var s consent.SignedReceipt
		_, err := json.Marshal(s)
		assert.ErrorIs(t, err, consent.ErrBadReceipt)
		assert.ErrorIs(t, s.Verify(receiptPub), consent.ErrBadSignature)
	})
}

func TestReceiptMatches(t *testing.T) {
	f, ev, r := voiceReceipt(t)
	f.clock.Advance(time.Minute)
	other := f.grant(t, adultID, consent.Separate, "service.voice_clone")

	t.Run("the_receipt_matches_its_event_in_the_ledger", func(t *testing.T) {
		got, err := consent.VerifyReceipt(signedDoc(t, r), receiptPub)
		require.NoError(t, err)
		events, err := f.ledger.Events(t.Context(), adultID)
		require.NoError(t, err)
		require.NoError(t, consent.Verify(events))
		assert.NoError(t, got.Matches(events[got.Seq-1]))
	})
	t.Run("a_different_event_does_not_match", func(t *testing.T) {
		err := r.Matches(other)
		require.ErrorIs(t, err, consent.ErrReceiptMismatch)
		assert.NotErrorIs(t, err, consent.ErrBadReceipt)
		for _, field := range []string{"receipt_id", "seq 1, event seq 2", "event_hash", "consent_timestamp", "purposes", "evidence"} {
			assert.ErrorContains(t, err, field)
		}
	})
	tests := []struct {
		name string
		edit func(e *consent.Event)
		msg  string
	}{
		{"edited_form_PIPL_art29", func(e *consent.Event) { e.Form = consent.Click }, "collection_method separate, event form click"},
		{"edited_and_rehashed_form", func(e *consent.Event) { e.Form = consent.Written; e.Hash = e.ComputeHash() }, "collection_method separate, event form written"},
		{"another_subject", func(e *consent.Event) { e.Subject = strangerID; e.Hash = e.ComputeHash() }, "pii_principal_id"},
		{"another_version", func(e *consent.Event) { e.Purposes[0].Version = 2; e.Hash = e.ComputeHash() }, "service.voice_clone 2"},
		{"a_recipient_added_PIPL_art23", func(e *consent.Event) { e.Recipients = []string{"WeChat Pay"}; e.Hash = e.ComputeHash() }, `third parties [], event recipients ["WeChat Pay"]`},
		{"given_by_a_guardian_PIPL_art31", func(e *consent.Event) {
			e.By = consent.Giver{Guardian: parentID, Relation: subject.Parent}
			e.Hash = e.ComputeHash()
		}, "guardian none (the subject), event giver"},
		{"a_withdrawal", func(e *consent.Event) { e.Kind = consent.Withdraw; e.Hash = e.ComputeHash() }, "the event is a withdraw, not a grant"},
		{"edited_without_rehash", func(e *consent.Event) { e.Notice = "2025-01-01" }, "does not match its contents (edited)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := ev.Clone()
			tt.edit(&e)
			err := r.Matches(e)
			assert.ErrorIs(t, err, consent.ErrReceiptMismatch)
			assert.ErrorContains(t, err, tt.msg)
		})
	}
}

func TestDigestText(t *testing.T) {
	var d consent.Digest
	require.NoError(t, d.UnmarshalText([]byte(strings.Repeat("ab", 32))))
	assert.Equal(t, strings.Repeat("ab", 32), d.String())
	for _, bad := range []string{"", strings.Repeat("AB", 32), strings.Repeat("ab", 31), strings.Repeat("zz", 32), strings.Repeat("ab", 33)} {
		before := d
		assert.ErrorIs(t, d.UnmarshalText([]byte(bad)), consent.ErrBadReceipt, bad)
		assert.Equal(t, before, d, "unchanged on error")
	}
}

// stoppedClock is a Clock that always tells the same time.
type stoppedClock time.Time

func (c stoppedClock) Now() time.Time { return time.Time(c) }

func ExampleVerifyReceipt() {
	reg := purpose.MustCompile(purpose.Policy{
		Name:       purpose.Text{EN: "Voice Lab", ZH: "声音实验室"},
		Controller: purpose.Controller{Name: purpose.Text{EN: "Voice Lab Ltd"}, Contact: "privacy@voicelab.example"},
		Regimes:    []pii.Law{pii.PIPL},
		Retention:  []purpose.Retention{{ID: "account", Summary: purpose.Text{EN: "Until the account is closed"}}},
		Purposes: []purpose.Purpose{{
			ID: "service.voice_clone", Name: purpose.Text{EN: "Voice cloning", ZH: "声音克隆"},
			Versions:   []purpose.Version{{Number: 1}},
			Required:   pii.MustParseSet("biometric.voice_sample,biometric.voiceprint"),
			Operations: purpose.OperationsOf(purpose.Collect, purpose.Use, purpose.Store),
			Basis:      purpose.Legal{Basis: purpose.Consent}, Retention: "account",
		}},
	})
	alice := subject.MustParseID("0192f000-0000-7000-8000-00000000a11c")
	birth, _ := subject.NewDate(1990, time.May, 1)
	dir := subject.NewMemDirectory(subject.Subject{ID: alice, Birth: birth, Jurisdiction: "CN", Status: subject.Active})
	now := time.Date(2026, time.March, 1, 2, 0, 0, 0, time.UTC)
	ledger, err := consent.NewLedger(consent.Config{Registry: reg, Directory: dir, Clock: stoppedClock(now), Rand: rand.NewChaCha8([32]byte{})})
	if err != nil {
		panic(err)
	}
	grant, err := ledger.Append(context.Background(), consent.Event{
		Subject: alice, Kind: consent.Grant, Form: consent.Separate, Notice: "2026-01-01",
		Purposes: []consent.PurposeRef{{ID: "service.voice_clone"}},
		Evidence: sha256.Sum256([]byte("the notice and dialog as shown")),
	})
	if err != nil {
		panic(err)
	}

	// The service issues a receipt and hands the signed document to Alice.
	receipt, err := consent.NewReceipt(reg, grant, "CN")
	if err != nil {
		panic(err)
	}
	key := ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize)) // a fixed key for the example only
	signed, err := receipt.Sign(key)
	if err != nil {
		panic(err)
	}
	doc, err := json.Marshal(signed)
	if err != nil {
		panic(err)
	}

	// Later, anyone with the public key checks it, and the service checks
	// it against its ledger.
	got, err := consent.VerifyReceipt(doc, key.Public().(ed25519.PublicKey))
	fmt.Println("verified:", err == nil)
	fmt.Println("matches the ledger:", got.Matches(grant) == nil)
	pretty, _ := json.MarshalIndent(got, "", "  ")
	fmt.Println(string(pretty))
	// Output:
	// verified: true
	// matches the ledger: true
	// {
	//   "version": "lawful-receipt/1",
	//   "jurisdiction": "CN",
	//   "consent_timestamp": "2026-03-01T02:00:00Z",
	//   "collection_method": "separate",
	//   "receipt_id": "019ca71f-b900-7987-bece-6d368aac1a6f",
	//   "pii_principal_id": "0192f000-0000-7000-8000-00000000a11c",
	//   "pii_controllers": [
	//     {
	//       "name": {
	//         "en": "Voice Lab Ltd"
	//       },
	//       "contact": "privacy@voicelab.example"
	//     }
	//   ],
	//   "services": [
	//     {
	//       "service": {
	//         "en": "Voice Lab",
	//         "zh": "声音实验室"
	//       },
	//       "purposes": [
	//         {
	//           "purpose": "service.voice_clone",
	//           "name": {
	//             "en": "Voice cloning",
	//             "zh": "声音克隆"
	//           },
	//           "version": 1,
	//           "consent_type": "explicit",
	//           "pii_categories": [
	//             "biometric.voice_sample",
	//             "biometric.voiceprint"
	//           ],
	//           "sensitive_categories": [
	//             "biometric.voice_sample",
	//             "biometric.voiceprint"
	//           ],
	//           "third_party_disclosure": false
	//         }
	//       ]
	//     }
	//   ],
	//   "sensitive": true,
	//   "notice": "2026-01-01",
	//   "evidence": "42147c1b89cbfe531d828ff8094670b2c2428e875239624a0ccfc533acc4617f",
	//   "seq": 1,
	//   "event_hash": "d3a2dfbb06c7d7f47485544bac5e188efda72a27d2b62b457efa4937dddb4765"
	// }
}
