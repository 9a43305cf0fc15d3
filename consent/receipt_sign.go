package consent

import (
	"bytes"
	"cmp"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/lawfulgo/lawful/internal/strictjson"
)

// MarshalCanonical returns the canonical form of r, the bytes Sign signs:
// its encoding/json encoding. It fails, matching ErrBadReceipt, if r does
// not pass Validate.
func (r Receipt) MarshalCanonical() ([]byte, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	b, err := json.Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("%w: encoding: %v", ErrBadReceipt, err)
	}
	return b, nil
}

// SignedReceipt is a Receipt with an Ed25519 signature over its canonical
// bytes. Its JSON document, as MarshalJSON writes it, is self-contained:
//
//	{"receipt":"<base64 of the canonical receipt JSON>","signature":"<base64>","key_id":"<16 hex digits>"}
//
// Base64 is standard with padding (RFC 4648 §4); key_id is ReceiptKeyID of
// the signer's public key. Any other spelling of the same content (spacing,
// key order, escapes, base64 or hex variants) is refused when parsed, so a
// document that verifies is byte for byte the one Sign produced.
//
// The zero SignedReceipt holds nothing; make one with Receipt.Sign or
// ParseSignedReceipt. A SignedReceipt is immutable.
type SignedReceipt struct {
	receipt   Receipt
	payload   []byte
	signature []byte
	keyID     string
}

// signedJSON is the document form of a SignedReceipt.
type signedJSON struct {
	Receipt   string `json:"receipt"`
	Signature string `json:"signature"`
	KeyID     string `json:"key_id"`
}

var b64 = base64.StdEncoding.Strict()

// ReceiptKeyID returns the key ID of a public key as signed receipts name
// it: the first 8 bytes of its SHA-256, in lower-case hex.
func ReceiptKeyID(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return hex.EncodeToString(sum[:8])
}

// Sign returns r signed with key. It fails, matching ErrBadReceipt, if r
// does not pass Validate, or if key is not an Ed25519 private key.
func (r Receipt) Sign(key ed25519.PrivateKey) (SignedReceipt, error) {
	if len(key) != ed25519.PrivateKeySize {
		return SignedReceipt{}, fmt.Errorf("%w: private key is %d bytes, want %d; use ed25519.GenerateKey or ed25519.NewKeyFromSeed", ErrBadReceipt, len(key), ed25519.PrivateKeySize)
	}
	payload, err := r.MarshalCanonical()
	if err != nil {
		return SignedReceipt{}, err
	}
	r.normalize()
	return SignedReceipt{
		receipt:   r.clone(),
		payload:   payload,
		signature: ed25519.Sign(key, payload),
		keyID:     ReceiptKeyID(key.Public().(ed25519.PublicKey)),
	}, nil
}

// Receipt returns the signed receipt.
func (s SignedReceipt) Receipt() Receipt { return s.receipt.clone() }

// Payload returns a copy of the signed bytes: the canonical JSON of the
// receipt.
func (s SignedReceipt) Payload() []byte { return slices.Clone(s.payload) }

// Signature returns a copy of the Ed25519 signature over Payload.
func (s SignedReceipt) Signature() []byte { return slices.Clone(s.signature) }

// KeyID returns ReceiptKeyID of the key that signed (as the document
// claims it, until Verify confirms it).
func (s SignedReceipt) KeyID() string { return s.keyID }

// Verify checks the signature with pub. It returns nil, or an error
// matching ErrBadSignature if pub is not an Ed25519 public key, is not the
// key the receipt names, or the signature does not verify.
func (s SignedReceipt) Verify(pub ed25519.PublicKey) error {
	if len(pub) != ed25519.PublicKeySize {
		return fmt.Errorf("%w: public key is %d bytes, want %d", ErrBadSignature, len(pub), ed25519.PublicKeySize)
	}
	if len(s.payload) == 0 {
		return fmt.Errorf("%w: empty signed receipt; make one with Receipt.Sign or ParseSignedReceipt", ErrBadSignature)
	}
	if id := ReceiptKeyID(pub); id != s.keyID {
		return fmt.Errorf("%w: the receipt was signed by key %s, not %s; verify with the public key whose ReceiptKeyID is %s", ErrBadSignature, s.keyID, id, s.keyID)
	}
	if !ed25519.Verify(pub, s.payload, s.signature) {
		return fmt.Errorf("%w: signature does not verify under key %s; the receipt was altered or signed by another key", ErrBadSignature, s.keyID)
	}
	return nil
}

// MarshalJSON returns the signed receipt document (see SignedReceipt). It
// fails for the zero SignedReceipt.
func (s SignedReceipt) MarshalJSON() ([]byte, error) {
	if len(s.payload) == 0 {
		return nil, fmt.Errorf("%w: empty signed receipt; make one with Receipt.Sign or ParseSignedReceipt", ErrBadReceipt)
	}
	return json.Marshal(signedJSON{
		Receipt:   b64.EncodeToString(s.payload),
		Signature: b64.EncodeToString(s.signature),
		KeyID:     s.keyID,
	})
}

// receiptLimits bound a signed receipt document and the receipt JSON in
// it: MaxReceiptSize bytes, nesting 16 deep (the receipt needs 7),
// MaxCategories elements in one array or object (the longest list a
// receipt has).
var receiptLimits = strictjson.Limits{MaxSize: MaxReceiptSize, SizeName: "consent.MaxReceiptSize", MaxDepth: 16, MaxElements: MaxCategories}

// ParseSignedReceipt decodes a signed receipt document without checking
// its signature (use VerifyReceipt, or Verify on the result, for that; read
// KeyID first to choose the key). It fails, matching ErrBadReceipt, if data
// exceeds MaxReceiptSize (also matching purpose.ErrTooLarge), is not
// exactly the document MarshalJSON would write (unknown or repeated
// fields, trailing data, whitespace, other base64 or hex spellings), or
// holds a receipt that is not in canonical form or does not pass
// Receipt.Validate. A repeated key, in the document or in the receipt, also
// matches purpose.ErrDuplicateKey, trailing data purpose.ErrTrailingData,
// and a document or receipt nested more than 16 deep or with more than
// 10000 elements in one array or object purpose.ErrTooLarge. It never
// panics, and allocates in proportion to data.
func ParseSignedReceipt(data []byte) (SignedReceipt, error) {
	if len(data) > MaxReceiptSize {
		return SignedReceipt{}, &limitError{fmt.Sprintf("%v: document is %d bytes, more than the %d-byte limit (consent.MaxReceiptSize)", ErrBadReceipt, len(data), MaxReceiptSize)}
	}
	var doc signedJSON
	if err := decodeStrict(data, &doc); err != nil {
		return SignedReceipt{}, fmt.Errorf("%w: document is not in canonical form: %w; want {\"receipt\":\"…\",\"signature\":\"…\",\"key_id\":\"…\"} as Sign wrote it", ErrBadReceipt, err)
	}
	payload, err := b64.DecodeString(doc.Receipt)
	if err != nil || len(payload) == 0 {
		return SignedReceipt{}, fmt.Errorf("%w: receipt: want the receipt's canonical JSON in standard padded base64", ErrBadReceipt)
	}
	sig, err := b64.DecodeString(doc.Signature)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return SignedReceipt{}, fmt.Errorf("%w: signature: want %d bytes in standard padded base64", ErrBadReceipt, ed25519.SignatureSize)
	}
	if len(doc.KeyID) != 16 || !isLowerHex(doc.KeyID) {
		return SignedReceipt{}, fmt.Errorf("%w: key_id %.80q: want 16 lower-case hex digits (ReceiptKeyID)", ErrBadReceipt, doc.KeyID)
	}
	var r Receipt
	if err := checkShape(payload); err != nil {
		return SignedReceipt{}, fmt.Errorf("%w: receipt JSON: %w", ErrBadReceipt, err)
	}
	if err := decodeStrict(payload, &r); err != nil {
		return SignedReceipt{}, fmt.Errorf("%w: receipt JSON: %w", ErrBadReceipt, err)
	}
	// Canonical form first: Sign wrote every field and no other, so a
	// payload that differs from its re-encoding was not signed as it is,
	// and Validate, whose problems multiply with a hostile receipt's
	// lists, runs only on receipts as large as what they list.
	canon, err := json.Marshal(r)
	if err != nil {
		return SignedReceipt{}, fmt.Errorf("%w: receipt JSON is not in canonical form: it does not re-encode (%s); sign receipts with Receipt.Sign", ErrBadReceipt, clip(err))
	}
	if !bytes.Equal(canon, payload) {
		return SignedReceipt{}, fmt.Errorf("%w: receipt JSON is not in canonical form (differs from its re-encoding at byte %d); sign receipts with Receipt.Sign", ErrBadReceipt, firstDiff(canon, payload))
	}
	if err := r.Validate(); err != nil {
		return SignedReceipt{}, err
	}
	r.normalize()
	s := SignedReceipt{receipt: r, payload: payload, signature: sig, keyID: doc.KeyID}
	again, err := s.MarshalJSON()
	if err != nil || !bytes.Equal(again, data) {
		return SignedReceipt{}, fmt.Errorf("%w: document is not in canonical form (differs from its re-encoding at byte %d); keep and send it byte for byte as written", ErrBadReceipt, firstDiff(again, data))
	}
	return s, nil
}

// VerifyReceipt parses a signed receipt document and verifies its
// signature with pub, returning the receipt. It fails with an error
// matching ErrBadReceipt if the document is malformed or not canonical (see
// ParseSignedReceipt), or ErrBadSignature if the signature does not verify
// under pub: any changed byte of the document fails one or the other. It
// never panics.
//
// A verified receipt says that the key's holder issued it; to know that the
// consent still stands, check it against the ledger with Matches and read
// the current state.
func VerifyReceipt(data []byte, pub ed25519.PublicKey) (Receipt, error) {
	s, err := ParseSignedReceipt(data)
	if err != nil {
		return Receipt{}, err
	}
	if err := s.Verify(pub); err != nil {
		return Receipt{}, err
	}
	return s.receipt.clone(), nil
}

// normalize sets the locations of r's times to UTC (Validate has checked
// their offsets are zero), so that receipts compare equal after a round
// trip whatever time.Local is.
func (r *Receipt) normalize() {
	r.ConsentTimestamp = r.ConsentTimestamp.UTC()
	if !r.Expires.IsZero() {
		r.Expires = r.Expires.UTC()
	}
	if !r.Guardian.VerifiedAt.IsZero() {
		r.Guardian.VerifiedAt = r.Guardian.VerifiedAt.UTC()
	}
}

// clone returns a deep copy of r.
func (r Receipt) clone() Receipt {
	r.PIIControllers = slices.Clone(r.PIIControllers)
	r.Services = slices.Clone(r.Services)
	for i := range r.Services {
		s := &r.Services[i]
		s.Purposes = slices.Clone(s.Purposes)
		for j := range s.Purposes {
			p := &s.Purposes[j]
			p.PIICategories = slices.Clone(p.PIICategories)
			p.SensitiveCategories = slices.Clone(p.SensitiveCategories)
			p.ThirdParties = slices.Clone(p.ThirdParties)
		}
	}
	return r
}

// checkShape refuses, before it is decoded, receipt JSON whose lists are
// longer than Validate allows: more than one service, MaxPurposes
// purposes, MaxControllers controllers, MaxRecipients third parties or
// MaxCategories categories. Decoded, each element is a struct many times
// the size of its "{}", and nested lists multiply.
func checkShape(payload []byte) error {
	doc, err := strictjson.Parse(payload, receiptLimits)
	if err != nil {
		return err
	}
	over := func(path string, v strictjson.Value, max int, what string) error {
		if v.Kind() != strictjson.Array || v.Len() <= max {
			return nil
		}
		return &strictjson.Error{Kind: strictjson.ErrTooLarge, Path: path, Offset: -1, Msg: fmt.Sprintf("%d %s: want at most %d", v.Len(), what, max)}
	}
	root := doc.Root()
	c, _ := root.Get("pii_controllers")
	services, _ := root.Get("services")
	if err := cmp.Or(over("pii_controllers", c, MaxControllers, "controllers"), over("services", services, 1, "services")); err != nil {
		return err
	}
	for i, s := range services.Elems() {
		sf := "services[" + strconv.Itoa(i) + "]"
		purposes, _ := s.Get("purposes")
		if err := over(sf+".purposes", purposes, MaxPurposes, "purposes"); err != nil {
			return err
		}
		for j, p := range purposes.Elems() {
			tp, _ := p.Get("third_parties")
			if err := over(sf+".purposes["+strconv.Itoa(j)+"].third_parties", tp, MaxRecipients, "third parties"); err != nil {
				return err
			}
		}
	}
	return nil
}

// limitError is a document over MaxReceiptSize: it matches ErrBadReceipt
// and purpose.ErrTooLarge.
type limitError struct{ msg string }

func (e *limitError) Error() string   { return e.msg }
func (e *limitError) Unwrap() []error { return []error{ErrBadReceipt, strictjson.ErrTooLarge} }

// decodeStrict decodes exactly one JSON value into v with strictjson:
// within receiptLimits, no unknown, repeated or case-variant keys, no
// trailing data. Its errors are *strictjson.Error, which name the problem
// and its path in a bounded message, or, from a field's UnmarshalText,
// an error whose message is clipped (it may echo the input).
func decodeStrict(data []byte, v any) error {
	err := strictjson.Decode(data, v, receiptLimits)
	var se *strictjson.Error
	if err == nil || errors.As(err, &se) {
		return err
	}
	return errors.New(clip(err))
}

// clip returns err's message cut to 200 bytes, so that hostile input
// echoed by a decoder error cannot make error messages huge.
func clip(err error) string {
	msg := err.Error()
	if len(msg) <= 200 {
		return msg
	}
	cut := 200
	for cut > 0 && !utf8.RuneStart(msg[cut]) {
		cut--
	}
	return msg[:cut] + "…"
}

func firstDiff(a, b []byte) int {
	n := min(len(a), len(b))
	for i := range n {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

func isLowerHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// isTag reports whether s is 1 to max bytes of ASCII letters, digits and
// '-', starting with a letter or digit.
func isTag(s string, max int) bool {
	if len(s) == 0 || len(s) > max || s[0] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}
