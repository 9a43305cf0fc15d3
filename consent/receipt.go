package consent

import (
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/lawfulgo/lawful/internal/enum"
	"github.com/lawfulgo/lawful/internal/rule"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

// ReceiptVersion is the value of Receipt.Version: the schema of the
// receipt and, with it, the signature algorithm of the signed document
// (Ed25519 over the canonical receipt bytes). A new schema gets a new
// version.
const ReceiptVersion = "lawful-receipt/1"

// ConsentTypeExplicit is the only ReceiptPurpose.ConsentType of version 1:
// every grant the ledger records is an affirmative act (PIPL art. 14).
const ConsentTypeExplicit = "explicit"

// Bounds on receipts, enforced by Sign and by ParseSignedReceipt.
const (
	// MaxReceiptSize is the largest signed receipt document accepted, in
	// bytes (1 MiB).
	MaxReceiptSize = 1 << 20
	// MaxControllers bounds Receipt.PIIControllers.
	MaxControllers = 8
	// MaxCategories bounds the categories listed for one purpose: the size
	// of a pii.Set.
	MaxCategories = 256
)

// Sentinel errors of receipts.
var (
	// ErrBadReceipt: a receipt cannot be made from the event and registry
	// given, or a receipt or signed receipt document is malformed, out of
	// bounds or not in canonical form.
	ErrBadReceipt = errors.New("consent: bad receipt")
	// ErrBadSignature: a signed receipt is well formed but its signature
	// does not verify under the public key given, or it names another key.
	ErrBadSignature = errors.New("consent: bad receipt signature")
	// ErrReceiptMismatch: a receipt does not describe the ledger event it
	// was checked against (see Receipt.Matches).
	ErrReceiptMismatch = errors.New("consent: receipt does not match event")
)

// Digest is a 32-byte hash as it appears in a receipt: 64 lower-case hex
// digits in JSON and text. The zero Digest means "none".
type Digest [32]byte

// IsZero reports whether d is all zero bytes.
func (d Digest) IsZero() bool { return d == Digest{} }

// String returns d as 64 lower-case hex digits.
func (d Digest) String() string { return hex.EncodeToString(d[:]) }

// MarshalText returns d as 64 lower-case hex digits.
func (d Digest) MarshalText() ([]byte, error) {
	b := make([]byte, hex.EncodedLen(len(d)))
	hex.Encode(b, d[:])
	return b, nil
}

// UnmarshalText parses exactly 64 lower-case hex digits; on error d is
// unchanged.
func (d *Digest) UnmarshalText(b []byte) error {
	if len(b) != 2*len(d) || !isLowerHex(string(b)) {
		return fmt.Errorf("%w: digest %s: want 64 lower-case hex digits", ErrBadReceipt, enum.Quote(string(b)))
	}
	_, err := hex.Decode(d[:], b)
	return err
}

// Receipt is the consent receipt of one Grant event: what the person agreed
// to, when, how and with whom, in a JSON shape after the Kantara Initiative
// Consent Receipt Specification v1.1 (snake_case names; our own version
// string). It carries the event's ID, Seq and Hash so that it can be checked
// against the ledger (Matches) and its place in the hash chain found.
//
// Make one with NewReceipt, sign it with Sign and check a signed one with
// VerifyReceipt. The JSON encoding of a Receipt (encoding/json, fields in
// the order below) is its canonical form: the bytes that are signed.
//
// An example, for a child's consent given by a parent (ExampleVerifyReceipt
// shows an adult's, as the document carries it):
//
//	{
//	  "version": "lawful-receipt/1",
//	  "jurisdiction": "CN",
//	  "consent_timestamp": "2026-03-01T02:00:00Z",
//	  "collection_method": "written",
//	  "receipt_id": "019ca71f-b900-7ae6-b83f-4fbde91b6eb8",
//	  "pii_principal_id": "0192f000-0000-7000-8000-000000000002",
//	  "pii_controllers": [{"name": {"en": "Voice Lab Ltd", "zh": "声音实验室有限公司"}, "contact": "privacy@voicelab.example"}],
//	  "services": [{
//	    "service": {"en": "Voice Lab"},
//	    "purposes": [{
//	      "purpose": "service.voice_clone",
//	      "name": {"en": "Voice cloning"},
//	      "version": 3,
//	      "consent_type": "explicit",
//	      "pii_categories": ["biometric.voice_sample", "biometric.voiceprint"],
//	      "sensitive_categories": ["biometric.voice_sample", "biometric.voiceprint"],
//	      "third_party_disclosure": false
//	    }]
//	  }],
//	  "sensitive": true,
//	  "guardian": {"id": "0192f000-0000-7000-8000-000000000003", "relation": "parent",
//	    "verification_method": "document", "verified_at": "2026-02-28T02:00:00Z"},
//	  "notice": "2026-01-01",
//	  "seq": 1,
//	  "event_hash": "182f1d626d0b2b0bf13fba00025e2d9050c1a3e24d9b925c682c2eca3c3a359f"
//	}
//
// A grant naming recipients (PIPL art. 23) sets "third_party_disclosure"
// and lists each recipient under "third_parties" as
// {"name", "role", "contact", "country", "mechanism"}, the last three when
// declared; "evidence", "expires" and "language" appear when set. The
// canonical form has no spaces or newlines.
type Receipt struct {
	// Version is ReceiptVersion.
	Version string `json:"version"`
	// Jurisdiction is where the consent was collected or whose law governs
	// it, as the issuer states it, e.g. "CN" or "EU": letters, digits and
	// '-', at most 64 bytes.
	Jurisdiction string `json:"jurisdiction"`
	// ConsentTimestamp is the grant's Effective time, in UTC (RFC 3339).
	ConsentTimestamp time.Time `json:"consent_timestamp"`
	// CollectionMethod is the grant's Form: "click", "separate" or
	// "written".
	CollectionMethod Form `json:"collection_method"`
	// ReceiptID is the grant event's ID.
	ReceiptID uuid.UUID `json:"receipt_id"`
	// Language is the BCP 47 tag of the notice shown, e.g. "zh-CN";
	// optional. NewReceipt leaves it empty; set it before Sign.
	Language string `json:"language,omitempty"`
	// PIIPrincipalID is the subject whose consent this is.
	PIIPrincipalID subject.ID `json:"pii_principal_id"`
	// PIIControllers is the PI processor that collected the consent, with
	// its contact (PIPL art. 17(1)): the registry's Policy().Controller.
	PIIControllers []ReceiptController `json:"pii_controllers"`
	// Services holds exactly one service, the registry's policy (its
	// Policy().Name), listing the purposes of the grant in event order.
	Services []ReceiptService `json:"services"`
	// Sensitive is true when any purpose lists a sensitive category, or a
	// guardian gave the consent: all PI of a child under 14 is sensitive
	// (PIPL art. 28), and the receipt does not know the child's age, so it
	// errs toward sensitive.
	Sensitive bool `json:"sensitive"`
	// Guardian is who gave the consent for the subject (PIPL art. 31); the
	// zero value, omitted, means the subject gave it.
	Guardian ReceiptGuardian `json:"guardian,omitzero"`
	// Notice is the version of the notice shown (PIPL arts. 14, 17).
	Notice string `json:"notice"`
	// Evidence is the event's Evidence, the hash of exactly what was shown;
	// omitted when zero.
	Evidence Digest `json:"evidence,omitzero"`
	// Expires is when the consent ends, if the grant set an end; omitted
	// when zero.
	Expires time.Time `json:"expires,omitzero"`
	// Seq is the event's position in the subject's ledger, from 1.
	Seq uint64 `json:"seq"`
	// EventHash is the event's Hash (BLAKE2b-256 of its canonical encoding,
	// chained to the events before it).
	EventHash Digest `json:"event_hash"`
}

// ReceiptController is the PI processor (controller) named by a receipt.
type ReceiptController struct {
	Name    purpose.Text `json:"name"`    // the controller's name
	Contact string       `json:"contact"` // how people reach it, e.g. the privacy office's e-mail
}

// ReceiptService is one service of a receipt and the purposes consented to
// under it.
type ReceiptService struct {
	Service  purpose.Text     `json:"service"`  // the policy's Name
	Purposes []ReceiptPurpose `json:"purposes"` // the grant's purposes, in event order
}

// ReceiptPurpose is one purpose consented to, as declared in the registry
// when the receipt was made.
type ReceiptPurpose struct {
	// Purpose is the purpose ID.
	Purpose purpose.ID `json:"purpose"`
	// Name is the purpose's display name.
	Name purpose.Text `json:"name"`
	// Version is the purpose version consent was given under.
	Version int `json:"version"`
	// ConsentType is ConsentTypeExplicit.
	ConsentType string `json:"consent_type"`
	// PIICategories are the keys of every category the purpose declares,
	// required and optional, sorted.
	PIICategories []string `json:"pii_categories"`
	// SensitiveCategories are the keys among PIICategories that any regime
	// the registry serves classes as sensitive (PIPL art. 28; GDPR arts. 9,
	// 10), sorted; omitted when none.
	SensitiveCategories []string `json:"sensitive_categories,omitempty"`
	// ThirdPartyDisclosure is true when the grant names recipients: consent
	// to provide PI to them (PIPL art. 23).
	ThirdPartyDisclosure bool `json:"third_party_disclosure"`
	// ThirdParties are the recipients the grant names, in event order, as
	// the purpose declares them; omitted when none.
	ThirdParties []ReceiptThirdParty `json:"third_parties,omitempty"`
}

// ReceiptThirdParty is a recipient named by a grant (PIPL art. 23: name,
// contact; art. 39 for overseas recipients).
type ReceiptThirdParty struct {
	Name      string            `json:"name"`               // as the purpose declares it and the event names it
	Role      purpose.Role      `json:"role"`               // how it relates to the controller
	Contact   string            `json:"contact,omitempty"`  // as declared; omitted when none
	Country   string            `json:"country,omitempty"`  // ISO 3166-1 alpha-2 of an overseas recipient
	Mechanism purpose.Mechanism `json:"mechanism,omitzero"` // transfer mechanism of an overseas recipient (PIPL art. 38)
}

// ReceiptGuardian is the guardian who gave consent for a minor, the link's
// relation and how it was verified (PIPL art. 31).
type ReceiptGuardian struct {
	ID                 subject.ID       `json:"id"`                  // the guardian's subject ID
	Relation           subject.Relation `json:"relation"`            // parent or guardian
	VerificationMethod subject.Method   `json:"verification_method"` // how the link was verified
	VerifiedAt         time.Time        `json:"verified_at"`         // when, in UTC
}

// IsZero reports whether g is the zero ReceiptGuardian (no guardian).
func (g ReceiptGuardian) IsZero() bool {
	return g.ID.IsZero() && g.Relation == 0 && g.VerificationMethod == 0 && g.VerifiedAt.IsZero()
}

// NewReceipt returns the receipt of grant event e, which must be an event
// as the ledger stored it (from Ledger.Append or Ledger.Events: ID, Seq and
// a Hash matching its contents), described with the purposes, controller
// and recipients of reg, under the given jurisdiction (e.g. "CN").
//
// It refuses, with an error matching ErrBadReceipt and listing every
// problem, events of other kinds (a withdrawal is recorded in the ledger,
// not receipted), events not as stored, purposes or versions reg does not
// know (also ErrUnknownPurpose, ErrUnknownVersion), recipients a purpose
// does not declare (ErrRecipientNotDeclared), and a policy that names no
// controller with a contact (PIPL art. 17(1)).
func NewReceipt(reg *purpose.Registry, e Event, jurisdiction string) (Receipt, error) {
	rb := &receiptBuilder{e: &e}
	if reg == nil {
		rb.bad(ErrNotConfigured, "no registry; pass the registry the ledger uses")
		return Receipt{}, rb.fail()
	}
	if e.Kind != Grant {
		rb.bad(ErrInvalidEvent, "a receipt records a grant, not a %v event; withdrawals and expiries stay in the ledger", e.Kind)
		return Receipt{}, rb.fail()
	}
	rb.checkEvent()
	policy := rb.checkPolicy(reg, jurisdiction)
	svc, sensitive := rb.service(reg, policy)
	r := receiptOf(&e, jurisdiction, policy, svc, sensitive)
	if len(rb.ps) > 0 {
		return Receipt{}, rb.fail()
	}
	// Whatever else the event holds that a receipt cannot carry (an empty
	// notice, an unverified guardian, a bad jurisdiction) is caught here.
	if err := r.Validate(); err != nil {
		var re *receiptErrors
		if errors.As(err, &re) {
			rb.ps = re.problems
		} else {
			rb.ps = []error{err}
		}
		return Receipt{}, rb.fail()
	}
	return r, nil
}

// receiptBuilder collects the problems NewReceipt finds, in its stages.
type receiptBuilder struct {
	e  *Event
	ps []error
}

func (rb *receiptBuilder) bad(sentinel error, format string, args ...any) {
	rb.ps = append(rb.ps, rule.New(orBadReceipt(sentinel), fmt.Sprintf(format, args...)))
}

func (rb *receiptBuilder) fail() error {
	return &receiptErrors{what: "consent: cannot make a receipt for " + rb.e.String(), problems: rb.ps}
}

// checkEvent checks that the grant is a stored, unedited event.
func (rb *receiptBuilder) checkEvent() {
	e := rb.e
	switch {
	case e.ID == uuid.Nil || e.Seq == 0 || e.Hash == [32]byte{}:
		rb.bad(ErrInvalidEvent, "the event has no ID, Seq or Hash; make receipts of events returned by Ledger.Append or Ledger.Events")
	case e.ComputeHash() != e.Hash:
		rb.bad(ErrBrokenChain, "the event's hash does not match its contents (edited after it was recorded); make receipts of verified events only")
	}
	if !e.Form.Valid() {
		rb.bad(ErrInvalidEvent, "the grant has no valid form (%v)", e.Form)
	}
}

// checkPolicy checks the jurisdiction and that the policy names its
// service and controller (PIPL art. 17(1)), and returns the policy.
func (rb *receiptBuilder) checkPolicy(reg *purpose.Registry, jurisdiction string) purpose.Policy {
	if !isTag(jurisdiction, 64) {
		rb.bad(nil, "jurisdiction %s: want a region code such as \"CN\" (letters, digits and '-', 1 to 64 bytes)", enum.Quote(jurisdiction))
	}
	policy := reg.Policy()
	if policy.Controller.Name.IsZero() || policy.Controller.Contact == "" {
		rb.bad(ErrNotConfigured, "the policy names no controller with a contact; set Policy.Controller.Name and .Contact (PIPL art. 17(1))")
	}
	if policy.Name.IsZero() {
		rb.bad(ErrNotConfigured, "the policy has no service name; set Policy.Name")
	}
	return policy
}

// service describes the grant's purposes, their categories, sensitive
// ones and recipients; sensitive reports sensitive PI or a guardian's
// consent.
func (rb *receiptBuilder) service(reg *purpose.Registry, policy purpose.Policy) (svc ReceiptService, sensitive bool) {
	e := rb.e
	svc = ReceiptService{Service: policy.Name, Purposes: make([]ReceiptPurpose, 0, len(e.Purposes))}
	sensitive = e.By.IsGuardian()
	regimes := reg.Regimes()
	for _, ref := range e.Purposes {
		p, ok := reg.Lookup(ref.ID)
		if !ok {
			rb.bad(ErrUnknownPurpose, "purpose %q is not in the registry; use the registry the ledger used, or one that still declares it", ref.ID)
			continue
		}
		if ref.Version < 1 || ref.Version > p.Version() {
			rb.bad(ErrUnknownVersion, "%s v%d: the registry's versions run from v1 to v%d", ref.ID, ref.Version, p.Version())
		}
		var sens pii.Set
		for _, law := range regimes {
			sens = sens.Union(p.Sensitive(law))
		}
		rp := ReceiptPurpose{
			Purpose:              ref.ID,
			Name:                 p.Name(),
			Version:              ref.Version,
			ConsentType:          ConsentTypeExplicit,
			PIICategories:        p.Categories().Keys(),
			ThirdPartyDisclosure: len(e.Recipients) > 0,
		}
		if !sens.IsEmpty() {
			rp.SensitiveCategories = sens.Keys()
			sensitive = true
		}
		for _, name := range e.Recipients {
			r, ok := p.Recipient(name)
			if !ok {
				rb.bad(ErrRecipientNotDeclared, "recipient %q is not declared by purpose %s (PIPL art. 23)", name, ref.ID)
				continue
			}
			rp.ThirdParties = append(rp.ThirdParties, ReceiptThirdParty{Name: r.Name, Role: r.Role, Contact: r.Contact, Country: r.Country, Mechanism: r.Mechanism})
		}
		svc.Purposes = append(svc.Purposes, rp)
	}
	return svc, sensitive
}

// receiptOf assembles the receipt of e.
func receiptOf(e *Event, jurisdiction string, policy purpose.Policy, svc ReceiptService, sensitive bool) Receipt {
	r := Receipt{
		Version:          ReceiptVersion,
		Jurisdiction:     jurisdiction,
		ConsentTimestamp: e.Effective.UTC(),
		CollectionMethod: e.Form,
		ReceiptID:        e.ID,
		PIIPrincipalID:   e.Subject,
		PIIControllers:   []ReceiptController{{Name: policy.Controller.Name, Contact: policy.Controller.Contact}},
		Services:         []ReceiptService{svc},
		Sensitive:        sensitive,
		Notice:           e.Notice,
		Evidence:         Digest(e.Evidence),
		Seq:              e.Seq,
		EventHash:        Digest(e.Hash),
	}
	if !e.Expires.IsZero() {
		r.Expires = e.Expires.UTC()
	}
	if e.By.IsGuardian() {
		r.Guardian = ReceiptGuardian{ID: e.By.Guardian, Relation: e.By.Relation, VerificationMethod: e.By.Verified.Method, VerifiedAt: e.By.Verified.At.UTC()}
	}
	return r
}
