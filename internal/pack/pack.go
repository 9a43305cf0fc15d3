// Package pack packs the parts of a subject's record that every Guard
// check reads (birth date, jurisdiction) into a few bytes, so that the
// directory and the consent snapshots of 100,000s of subjects stay small
// enough to be read from cache.
package pack

// Record is the part of a subject's record that a Guard check reads, in
// 8 bytes: birth date, jurisdiction and status (a subject.Status, which
// this package cannot name without an import cycle).
type Record struct {
	birth        uint32
	jurisdiction [2]byte
	status       uint8
}

// NewRecord packs a record; ok is false if the birth date or the
// jurisdiction does not pack (see Date and Jurisdiction), and the caller
// must then keep the record whole.
func NewRecord(year, month, day int, jurisdiction string, status uint8) (r Record, ok bool) {
	birth, okB := Date(year, month, day)
	juris, okJ := Jurisdiction(jurisdiction)
	if !okB || !okJ {
		return Record{}, false
	}
	return Record{birth: birth, jurisdiction: juris, status: status}, true
}

// Birth returns the birth date as NewRecord was given it.
func (r Record) Birth() (year, month, day int) { return UnpackDate(r.birth) }

// Jurisdiction returns the jurisdiction without allocating.
func (r Record) Jurisdiction() string { return UnpackJurisdiction(r.jurisdiction) }

// Status returns the status.
func (r Record) Status() uint8 { return r.status }

// Date packs a civil date as year<<9 | month<<5 | day. ok is false for a
// year outside 1–9999 or a month or day out of range; the zero date (0, 0,
// 0) packs to 0, which means unknown.
func Date(year, month, day int) (d uint32, ok bool) {
	switch {
	case year == 0 && month == 0 && day == 0:
		return 0, true
	case year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31:
		return 0, false
	}
	return uint32(year)<<9 | uint32(month)<<5 | uint32(day), true
}

// UnpackDate reverses Date.
func UnpackDate(d uint32) (year, month, day int) {
	if d == 0 {
		return 0, 0, 0
	}
	return int(d >> 9), int(d >> 5 & 15), int(d & 31)
}

const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// pairs holds every pair of ASCII letters, so that an unpacked
// jurisdiction is a substring and costs no allocation.
var pairs = func() string {
	b := make([]byte, 0, 2*len(letters)*len(letters))
	for i := range len(letters) {
		for j := range len(letters) {
			b = append(b, letters[i], letters[j])
		}
	}
	return string(b)
}()

func letter(c byte) bool { return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' }

func index(c byte) int {
	if c <= 'Z' {
		return int(c - 'A')
	}
	return 26 + int(c-'a')
}

// Jurisdiction packs "" or a code of two ASCII letters; ok is false for
// anything else.
func Jurisdiction(code string) (j [2]byte, ok bool) {
	switch {
	case code == "":
		return j, true
	case len(code) != 2 || !letter(code[0]) || !letter(code[1]):
		return j, false
	}
	return [2]byte{code[0], code[1]}, true
}

// UnpackJurisdiction reverses Jurisdiction without allocating.
func UnpackJurisdiction(j [2]byte) string {
	if j == [2]byte{} {
		return ""
	}
	i := 2 * (index(j[0])*len(letters) + index(j[1]))
	return pairs[i : i+2]
}
