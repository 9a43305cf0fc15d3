package purpose

import (
	"encoding/json"
	"fmt"

	"github.com/lawfulgo/lawful/pii"
)

// ID identifies a purpose in a policy, in consent records and in requests.
// IDs are stable: a purpose whose meaning changes gets a new Version, not a
// new ID. Grammar: 1 to 64 bytes of [a-z0-9_.-], starting with a letter,
// e.g. "service.voice_clone".
type ID string

// Validate reports whether id follows the ID grammar.
func (id ID) Validate() error {
	if len(id) == 0 || len(id) > 64 {
		return rule(ErrInvalidID, fmt.Sprintf("purpose ID %q: length %d, want 1 to 64 bytes", string(id), len(id)))
	}
	if id[0] < 'a' || id[0] > 'z' {
		return rule(ErrInvalidID, fmt.Sprintf("purpose ID %q must start with a lower-case letter", string(id)))
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_' || c == '.' || c == '-') {
			return rule(ErrInvalidID, fmt.Sprintf("purpose ID %q may hold only a-z, 0-9, '_', '.' and '-'", string(id)))
		}
	}
	return nil
}

// Lang selects the language of generated text. The zero value is English.
type Lang uint8

const (
	// EN is English, the zero Lang.
	EN Lang = iota
	// ZH is Simplified Chinese.
	ZH
)

// Text is a display string in English and Chinese. JSON: {"en": "...", "zh": "..."}.
type Text struct {
	EN string `json:"en,omitempty"`
	ZH string `json:"zh,omitempty"`
}

// In returns the text in lang, falling back to the other language when that
// one is empty.
func (t Text) In(lang Lang) string {
	if lang == ZH && t.ZH != "" || t.EN == "" {
		return t.ZH
	}
	return t.EN
}

// IsZero reports whether both languages are empty.
func (t Text) IsZero() bool { return t.EN == "" && t.ZH == "" }

// Version is one version of a purpose. A Material version changes what
// people agreed to (purpose, means, categories, recipients, retention,
// cross-border: PIPL art. 14 para 2, NDSMR art. 22(4)), so consents given
// under earlier versions no longer count; a non-material version (wording)
// only needs notice of the changed part (PIPL art. 17 para 2).
type Version struct {
	Number   int    // 1 to MaxVersion, strictly increasing within a purpose
	Material bool   // consents under earlier versions are stale
	Changes  Change // what this version changed; informative
	Note     Text   // what changed, for people
}

// MaxVersion is the highest purpose version number. Compile refuses a
// policy declaring a higher one, so every version that loads is one that
// consent can be recorded under.
const MaxVersion = 1<<16 - 1

// MaxRecipients is the most recipients one purpose declares. Compile
// refuses more: a consent ledger names each by its place in the list, in a
// byte.
const MaxRecipients = 254

// Recipient is someone a purpose provides PI to.
type Recipient struct {
	// Name identifies the recipient within the purpose; requests name it.
	Name string
	// Role says how the recipient relates to the controller.
	Role Role
	// Country is the ISO 3166-1 alpha-2 code of an overseas recipient, or ""
	// for one inside the regime's territory.
	Country string
	// Mechanism is the legal mechanism for an overseas recipient (PIPL
	// art. 38; GDPR chapter V). Required when Country is set.
	Mechanism Mechanism
	// Contact is how people reach the recipient (PIPL art. 23 asks for it).
	Contact string
	// Via names the Entrusted recipient of the same purpose that passes PI
	// on to this one: this recipient is a sub-processor, and receives only
	// if Approved (PIPL art. 21 para 2: no sub-entrustment without the
	// controller's consent).
	Via string
	// Approved records the controller's consent to a sub-entrustment.
	Approved bool
}

// Overseas reports whether the recipient is outside the regime's territory.
func (r Recipient) Overseas() bool { return r.Country != "" }

// Legal is the lawful basis of a purpose under one regime.
type Legal struct {
	// Basis is the ground relied on.
	Basis Basis
	// Cites names the law a basis rests on, as lawyers cite it (see
	// ParseCitation): the law that imposes a LegalDuty or a GB/T legal item
	// (PIPL art. 13(1)(3)), the law or administrative regulation providing
	// for OtherLaw (art. 13(1)(7)), the Union or Member State law of a
	// GDPR legal obligation or public task (GDPR art. 6(3)). E.g.
	// "Cybersecurity Law art. 21(3)"; several are separated by ";".
	Cites string
	// Special is the GDPR art. 9(2) condition for special-category data.
	// GDPR only.
	Special Special
}

// Purpose declares one purpose of processing: why, what data, which
// operations, who receives it, on what ground and for how long. It is the
// input to Compile; a compiled Registry hands out read-only views.
type Purpose struct {
	ID          ID
	Name        Text
	Description Text
	// Core marks a purpose the basic service cannot run without. Refusing or
	// withdrawing consent to a non-core purpose must not deny a core one
	// (PIPL art. 16; MOR art. 32 for minors).
	Core bool
	// Versions in increasing order; the last is current.
	Versions []Version
	// Required categories are needed for the purpose; Optional ones improve
	// it and may be refused.
	Required, Optional pii.Set
	// Operations the purpose performs. Anything else is denied.
	Operations OperationSet
	// Recipients of Share, Entrust, Transfer and Export operations.
	Recipients []Recipient
	// Basis applies under every regime the policy serves, unless BasisUnder
	// overrides it for one.
	Basis Legal
	// BasisUnder overrides Basis per regime, e.g. legitimate interests
	// under GDPR where PIPL needs consent.
	BasisUnder map[pii.Law]Legal
	// Retention names the policy's Retention entry for this purpose's data
	// (NDSMR art. 21(3): the policy states each period).
	Retention string
	// Traits mark properties other rules look at: automated decisions,
	// marketing, biometric editing.
	Traits Trait
}

// Controller is who decides the purposes and means (PIPL art. 73(1)).
type Controller struct {
	Name    Text
	Contact string
}

// Officer is the personal-information protection officer (个人信息保护负责人)
// of PIPL art. 52, or the data protection officer of GDPR art. 37.
type Officer struct {
	Name    Text
	Contact string
}

// Retention is a retention statement of the policy. Summary is what people
// are told (NDSMR art. 21(3)); Rule is the machine-readable rule, kept as
// raw JSON for package retention to interpret.
type Retention struct {
	ID      string
	Summary Text
	Rule    json.RawMessage
}

// Policy is a whole privacy policy as data: the input of Compile and the
// content of a policy file (see LoadPolicy for the JSON schema).
type Policy struct {
	// Name is the service's name.
	Name Text
	// Controller is the PI processor that publishes the policy. People are
	// told its name and contact (PIPL art. 17(1)(1); GDPR art. 13(1)(a)).
	Controller Controller
	// Officer is the personal-information protection officer, whose
	// contact a processor handling the PI of more individuals than the CAC
	// sets must publish (PIPL art. 52); zero when there is none.
	Officer Officer
	// Individuals is about how many natural persons' PI the processor
	// handles, for rules that depend on volume (PIPL art. 52; see Lint);
	// 0 when not stated.
	Individuals int64
	// ChildrensRules says where the dedicated rules for processing the PI
	// of children under 14 are published, e.g. a URL or a section of the
	// policy (PIPL art. 31 para 2; CPIP art. 8); "" when there are none.
	ChildrensRules string
	// Version is the policy's own version, e.g. its effective date; it is
	// the notice version that consent records refer to.
	Version string
	// Regimes the policy serves; each purpose needs a lawful basis under each.
	Regimes []pii.Law
	// Purposes, in the order notices list them.
	Purposes []Purpose
	// Retention statements that purposes reference.
	Retention []Retention
}

// MaxIndividuals is the largest Policy.Individuals: more people than live.
const MaxIndividuals = 10_000_000_000
