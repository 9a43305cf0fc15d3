package seal

import (
	"github.com/lawfulgo/lawful/pii"
)

// Limits on a Field, in bytes.
const (
	// MaxSubjectLen is the longest subject key: a subject.ID's String form
	// is 36 bytes.
	MaxSubjectLen = 128
	// MaxPurposeLen is the longest purpose.
	MaxPurposeLen = 128
)

// Field names whose value is sealed and what it is. All three are bound
// into the ciphertext as associated data, so a value sealed for one field
// does not open for another: a ciphertext copied to another person's row,
// another column or another purpose fails with ErrCannotOpen.
//
// pii/seal sits below the purpose and subject packages in lawful's
// layering, so it cannot import them: Subject and Purpose are plain
// strings, and callers pass subject.ID.String() and string(purpose.ID).
type Field struct {
	// Subject is the key of the person the value is about: 1 to
	// MaxSubjectLen bytes of printable ASCII (0x21 to 0x7e), compared as
	// bytes. Pass subject.ID.String(), never a name, phone or e-mail:
	// the subject key is stored in clear in the KeyStore.
	Subject string
	// Category is what the value is. It is bound by its dotted key
	// (contact.phone), not its number, so the binding holds across
	// processes that register custom categories in another order.
	Category pii.Category
	// Purpose is the processing purpose the value was collected for:
	// 1 to MaxPurposeLen bytes of printable ASCII. Pass string(purpose.ID).
	Purpose string
}

// Validate returns an error matching ErrInvalidField if f's subject,
// category or purpose is missing or out of range.
func (f Field) Validate() error {
	if err := CheckSubject(f.Subject); err != nil {
		return err
	}
	if !f.Category.Valid() {
		return bad(ErrInvalidField, "seal: field category %v is not registered; use a category from pii.Parse or pii.MustLookup", f.Category)
	}
	if !printable(f.Purpose, MaxPurposeLen) {
		return bad(ErrInvalidField, "seal: field purpose must be 1 to %d bytes of printable ASCII (got %d bytes); pass string(purpose.ID)", MaxPurposeLen, len(f.Purpose))
	}
	return nil
}

// CheckSubject returns an error matching ErrInvalidField unless s is a
// well-formed subject key: 1 to MaxSubjectLen bytes of printable ASCII.
// The message gives the length, never the value. KeyStores call it.
func CheckSubject(s string) error {
	if !printable(s, MaxSubjectLen) {
		return bad(ErrInvalidField, "seal: subject must be 1 to %d bytes of printable ASCII (got %d bytes); pass subject.ID.String()", MaxSubjectLen, len(s))
	}
	return nil
}

// printable reports whether s is 1 to max bytes of 0x21 to 0x7e.
func printable(s string, max int) bool {
	if len(s) == 0 || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// adDomain starts every value's associated data.
const adDomain = "lawful/seal/value/v1\x00"

// valueAD returns f's associated data followed by the header's magic,
// version and key ID, in one allocation of its exact size. f must be
// valid.
func valueAD(f Field, hdr []byte) []byte {
	cat := f.Category.Key()
	dst := make([]byte, 0, len(adDomain)+3+len(f.Subject)+len(cat)+len(f.Purpose)+headerAD)
	dst = append(dst, adDomain...)
	dst = appendStr(dst, f.Subject)
	dst = appendStr(dst, cat)
	dst = appendStr(dst, f.Purpose)
	return append(dst, hdr[:headerAD]...)
}

func appendStr(dst []byte, s string) []byte {
	if len(s) > 255 {
		s = s[:255] // unreachable for a valid Field; keeps the prefix a byte
	}
	dst = append(dst, byte(len(s)))
	return append(dst, s...)
}
