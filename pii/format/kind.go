package format

import (
	"fmt"
	"time"

	"github.com/lawfulgo/lawful/internal/enum"
	"github.com/lawfulgo/lawful/pii"
)

// Kind names one format of personal data that this package validates and
// normalises. Kinds are small comparable values with stable text names
// ("mobile", "bank_card"); the zero Kind, KindUnknown, validates nothing.
type Kind uint8

// The kinds. Each one's doc says what Validate checks and what Normalize
// returns.
const (
	// KindUnknown is the zero Kind: every value fails with ErrUnknownKind.
	KindUnknown Kind = iota
	// NationalID is the 18-character PRC resident identity number (GB
	// 11643-1999): see ParseResidentID. Normal form: 17 digits and a
	// check character, X upper-case.
	NationalID
	// NationalID15 is the 15-digit first-generation identity number: see
	// UpgradeResidentID15. Normal form: the upgraded 18-character number.
	NationalID15
	// CreditCode is the 18-character unified social credit code of an
	// organisation (GB 32100-2015): personal data only for a sole trader
	// (个体工商户). Normal form: upper case.
	CreditCode
	// Mobile is a mainland mobile number: 11 digits in an assigned
	// segment (13x to 19x), after an optional +86, 0086 or 86 prefix.
	// Normal form: the 11 digits.
	Mobile
	// Landline is a mainland fixed-line number with its area code (010,
	// 02x, or 0 and three digits) and a 7- or 8-digit subscriber number
	// not starting with 0, 1 or 9, after an optional +86 prefix (which
	// drops the area code's 0). Normal form: "010-12345678".
	Landline
	// E164 is an international number in ITU-T E.164 form: '+' or "00",
	// then 7 to 15 digits not starting with 0. Only the structure is
	// checked, not the country's numbering plan. Normal form: "+" and
	// the digits.
	E164
	// BankCard is a payment card number (PAN, ISO/IEC 7812): 16 to 19
	// digits passing the Luhn check. Normal form: the digits.
	BankCard
	// IBAN is an international bank account number (ISO 13616): a
	// country of the IBAN registry, two check digits passing mod 97, and
	// the country's length. Normal form: upper case, no spaces.
	IBAN
	// Passport is a passport number of the PRC (E and 8 digits, E, a
	// letter and 7 digits; DE, SE or PE and 7 digits), of the Hong Kong
	// SAR (K or H and 8 digits, KJ and 7 digits) or of the Macao SAR (MA
	// or MB and 7 digits). Printed numbers carry no check digit. Normal
	// form: upper case.
	Passport
	// HKMacaoPermit is a travel permit between the mainland and Hong
	// Kong or Macao: C and 8 digits, or the older W and 8 digits
	// (mainland residents); H or M and 8 or 10 digits (Hong Kong and Macao
	// residents). Normal form: upper case.
	HKMacaoPermit
	// TaiwanPermit is a travel permit between the mainland and Taiwan: 8
	// or 10 digits (Taiwan residents), or L and 8 digits (mainland
	// residents). Normal form: upper case.
	TaiwanPermit
	// Email is an e-mail address: a dot-atom local part of at most 64
	// bytes, '@', a domain of at least two labels of letters, digits and
	// inner hyphens with an alphabetic top-level label, 254 bytes in all
	// (RFC 5321 §4.5.3.1, RFC 5322 §3.4.1). Quoted local parts, IP
	// literals and non-ASCII addresses are refused. Normal form: the
	// domain lower-cased.
	Email
	// IP is an IPv4 or IPv6 address (net/netip rules: no leading zeros in
	// IPv4). Normal form: the zone dropped, an IPv4-mapped IPv6 address
	// unmapped, as netip prints it.
	IP
	// IMEI is a 15-digit International Mobile Equipment Identity passing
	// the Luhn check (3GPP TS 23.003). Normal form: the 15 digits.
	IMEI
	// MAC is a 48-bit hardware address written as six hex pairs separated
	// by ':' or '-', as three dotted quads, or as 12 hex digits; the
	// broadcast, all-zero, multicast and the 02:00:00:00:00:00 placeholder
	// are refused. Normal form: "aa:bb:cc:dd:ee:ff".
	MAC
	// Plate is a mainland vehicle licence plate (GA 36-2018): a province
	// character, a letter, then 5 letters and digits (the last may be 挂,
	// 学, 警, 港 or 澳), or 6 for a new-energy plate (a D-K letter first on
	// a small car, D or F last on a large one). Normal form: no
	// separators, upper case ("京A12345").
	Plate

	numKinds = iota
)

type kindInfo struct {
	name  string
	title string
	cat   string
}

var kinds = [numKinds]kindInfo{
	KindUnknown:   {name: "", title: "unknown kind"},
	NationalID:    {"national_id", "resident ID number", "identity.national_id"},
	NationalID15:  {"national_id_15", "first-generation ID number", "identity.national_id"},
	CreditCode:    {"credit_code", "unified social credit code", ""},
	Mobile:        {"mobile", "mobile number", "contact.phone"},
	Landline:      {"landline", "landline number", "contact.landline"},
	E164:          {"e164", "E.164 phone number", "contact.phone"},
	BankCard:      {"bank_card", "bank card number", "finance.bank_card"},
	IBAN:          {"iban", "IBAN", "finance.bank_account"},
	Passport:      {"passport", "passport number", "identity.passport"},
	HKMacaoPermit: {"hk_macao_permit", "Hong Kong/Macao travel permit number", "identity.hk_macao_permit"},
	TaiwanPermit:  {"taiwan_permit", "Taiwan travel permit number", "identity.taiwan_permit"},
	Email:         {"email", "e-mail address", "contact.email"},
	IP:            {"ip", "IP address", "device.ip"},
	IMEI:          {"imei", "IMEI", "device.id.imei"},
	MAC:           {"mac", "MAC address", "device.id.mac"},
	Plate:         {"plate", "licence plate", ""},
}

// categories caches each kind's category, looked up once.
var categories = func() (c [numKinds]pii.Category) {
	for k := range kinds {
		if kinds[k].cat != "" {
			c[k] = pii.MustLookup(kinds[k].cat)
		}
	}
	return c
}()

// Kinds returns every Kind except KindUnknown, in declaration order.
func Kinds() []Kind {
	out := make([]Kind, 0, numKinds-1)
	for k := Kind(1); k < numKinds; k++ {
		out = append(out, k)
	}
	return out
}

// Valid reports whether k is a known Kind other than KindUnknown.
func (k Kind) Valid() bool { return k > KindUnknown && k < numKinds }

// String returns k's stable text name, such as "mobile", or "Kind(N)".
func (k Kind) String() string {
	if k.Valid() {
		return kinds[k].name
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Title returns a short English description for messages, such as
// "mobile number".
func (k Kind) Title() string {
	if k.Valid() {
		return kinds[k].title
	}
	return k.String()
}

// Category returns the taxonomy leaf a value of kind k belongs to, such as
// contact.phone for Mobile, or the zero Category for CreditCode and Plate,
// which the taxonomy has no leaf for (a credit code is an organisation's;
// a plate identifies a vehicle and, through its keeper, a person).
func (k Kind) Category() pii.Category {
	if k.Valid() {
		return categories[k]
	}
	return 0
}

// MarshalText returns k's name; KindUnknown is an error.
func (k Kind) MarshalText() ([]byte, error) {
	if !k.Valid() {
		return nil, fmt.Errorf("%w: cannot marshal %v", ErrUnknownKind, k)
	}
	return []byte(kinds[k].name), nil
}

// UnmarshalText parses a kind name, as ParseKind does.
func (k *Kind) UnmarshalText(b []byte) error {
	v, err := ParseKind(string(b))
	if err == nil {
		*k = v
	}
	return err
}

// ParseKind returns the Kind with the given name.
func ParseKind(name string) (Kind, error) {
	for k := Kind(1); k < numKinds; k++ {
		if kinds[k].name == name {
			return k, nil
		}
	}
	return KindUnknown, fmt.Errorf("%w %s: want one of the names of format.Kinds, such as \"mobile\"", ErrUnknownKind, enum.Quote(name))
}

// Validate reports whether s is a value of kind k, as an *Error saying
// which rule failed. It never panics and, when s is valid, never allocates.
func (k Kind) Validate(s string) error {
	var b buf
	_, p := k.check(&b, s)
	return p.toError(k)
}

// Match reports whether s is a value of kind k, as Validate(s) == nil
// does, but without building an error: it never allocates.
func (k Kind) Match(s string) bool {
	var b buf
	_, p := k.check(&b, s)
	return p.ok()
}

// Normalize validates s and returns its normal form (see each Kind). When
// s is already in normal form it is returned as is, without allocating.
func (k Kind) Normalize(s string) (string, error) {
	var b buf
	n, p := k.check(&b, s)
	if !p.ok() {
		return "", p.toError(k)
	}
	if string(b[:n]) == s {
		return s, nil
	}
	return string(b[:n]), nil
}

// AppendNormal validates s and appends its normal form to dst. With room
// in dst it never allocates. On error dst is returned unchanged.
func (k Kind) AppendNormal(dst []byte, s string) ([]byte, error) {
	var b buf
	n, p := k.check(&b, s)
	if !p.ok() {
		return dst, p.toError(k)
	}
	return append(dst, b[:n]...), nil
}

func (k Kind) check(b *buf, s string) (int, problem) {
	if !k.Valid() {
		return 0, bad(ErrUnknownKind, 0, "use one of format.Kinds")
	}
	if len(s) > 4*maxBuf {
		return 0, badLen(len(s), "the value is far too long for any kind")
	}
	// A switch, not a table of funcs: calls through a func value would
	// make b escape to the heap.
	switch k {
	case NationalID:
		return 18, checkID18(b, s, chinaDate(time.Now()))
	case NationalID15:
		return 18, checkID15(b, s)
	case CreditCode:
		return checkCreditCode(b, s)
	case Mobile:
		return checkMobile(b, s)
	case Landline:
		return checkLandline(b, s)
	case E164:
		return checkE164(b, s)
	case BankCard:
		return checkBankCard(b, s)
	case IBAN:
		return checkIBAN(b, s)
	case Passport:
		return checkPassport(b, s)
	case HKMacaoPermit:
		return checkHKMacao(b, s)
	case TaiwanPermit:
		return checkTaiwan(b, s)
	case Email:
		return checkEmail(b, s)
	case IP:
		return checkIP(b, s)
	case IMEI:
		return checkIMEI(b, s)
	case MAC:
		return checkMAC(b, s)
	}
	return checkPlate(b, s)
}
