package mask

import (
	"fmt"
	"slices"
	"strings"

	"github.com/lawfulgo/lawful/pii"
)

// SecretPlaceholder is what every secret (a category with the Secret flag:
// passwords, OTPs, card verification data) masks to, whatever its value:
// six '*', so that not even its length shows.
const SecretPlaceholder = "******"

// Masker masks values by category. Build one with New; the zero Masker
// and a nil *Masker mask with the default rules (see DefaultRule). A
// Masker is immutable and safe for concurrent use.
type Masker struct {
	custom map[pii.Category]Rule
}

// New returns a Masker with the default rules, replaced by rules for the
// categories it names. It refuses an invalid rule, an invalid category,
// and any rule but Redact for a secret category: secrets are never shown
// in any form, not even in part.
func New(rules map[pii.Category]Rule) (*Masker, error) {
	m := &Masker{custom: make(map[pii.Category]Rule, len(rules))}
	var errs []string
	for c, r := range rules {
		switch {
		case !c.Valid():
			errs = append(errs, fmt.Sprintf("%v is not a registered category", c))
		case r.Validate() != nil:
			errs = append(errs, fmt.Sprintf("%v: %v", c, r.Validate()))
		case c.IsSecret() && r.Style != Redact:
			errs = append(errs, fmt.Sprintf("%v is a secret: it is never shown even in part; its rule must be Redact", c))
		default:
			m.custom[c] = r
		}
	}
	if len(errs) > 0 {
		slices.Sort(errs)
		return nil, fmt.Errorf("mask: %s", strings.Join(errs, "; "))
	}
	return m, nil
}

// Default returns the Masker with the default rules.
func Default() *Masker { return nil }

// Rule returns the rule m applies to c.
func (m *Masker) Rule(c pii.Category) Rule {
	if m != nil {
		if r, ok := m.custom[c]; ok {
			return r
		}
	}
	return DefaultRule(c)
}

// Append appends v, a value of category c, masked, to dst. It does not
// allocate beyond growing dst. A secret category appends
// SecretPlaceholder whatever the rule; an unregistered category redacts.
func (m *Masker) Append(dst []byte, c pii.Category, v string) []byte {
	if c.IsSecret() {
		return append(dst, SecretPlaceholder...)
	}
	return m.Rule(c).Append(dst, v)
}

// String returns v, a value of category c, masked.
func (m *Masker) String(c pii.Category, v string) string {
	var b [64]byte
	return string(m.Append(b[:0], c, v))
}

// Append masks v as a value of category c with the default rules; see
// Masker.Append.
func Append(dst []byte, c pii.Category, v string) []byte { return Default().Append(dst, c, v) }

// String masks v as a value of category c with the default rules.
func String(c pii.Category, v string) string { return Default().String(c, v) }

// DefaultRule returns the built-in rule for c, following the display
// conventions of Chinese services (GB/T 35273-2020 §7.2 asks for PI on
// screens to be de-identified):
//
//	contact.phone                  Phone 3+4          138****8000
//	contact.landline               Landline area+2    0915*****79
//	identity.national_id           Digits 3+4         110***********002X
//	identity.* documents           Digits 1+2         E******78
//	finance.bank_card, credit_card,
//	bank_account                   Digits 0+4         ************1234
//	finance.payment_account        Chars 2+2
//	basic.name                     Name               张*, 欧阳**
//	contact.email                  Email 1            a***@example.com
//	contact.address, consignee     Address            北京市海淀区****
//	device.ip                      IP                 192.168.1.*
//	device.id.*, account.id,
//	account.third_party_id         Chars 0+4          ****3f2a
//	account.username, nickname     Chars 1+0          小***
//	secrets                        SecretPlaceholder  ******
//	anything else                  Redact             ****
func DefaultRule(c pii.Category) Rule {
	if int(c) < len(defaults) {
		return defaults[c]
	}
	return Rule{}
}

var defaults = func() (d [pii.MaxCategories + 1]Rule) {
	set := func(r Rule, keys ...string) {
		for _, k := range keys {
			s, err := pii.Group(k)
			if err != nil {
				panic("mask: default rules: " + err.Error())
			}
			for c := range s.All() {
				d[c] = r
			}
		}
	}
	set(Rule{Style: Digits, First: 1, Last: 2}, "identity.passport", "identity.hk_macao_permit", "identity.taiwan_permit",
		"identity.residence_permit", "identity.drivers_license", "identity.social_security", "identity.other_document")
	set(Rule{Style: Digits, First: 3, Last: 4}, "identity.national_id")
	set(Rule{Style: Phone, First: 3, Last: 4}, "contact.phone")
	set(Rule{Style: Landline, Last: 2}, "contact.landline")
	set(Rule{Style: Digits, Last: 4}, "finance.bank_card", "finance.credit_card", "finance.bank_account")
	set(Rule{Style: Chars, First: 2, Last: 2}, "finance.payment_account")
	set(Rule{Style: Name}, "basic.name")
	set(Rule{Style: Email, First: 1}, "contact.email")
	set(Rule{Style: Address}, "contact.address", "contact.consignee")
	set(Rule{Style: IP}, "device.ip")
	set(Rule{Style: Chars, Last: 4}, "device.id", "account.id", "account.third_party_id")
	set(Rule{Style: Chars, First: 1}, "account.username", "account.nickname")
	return d
}()
