package format

import (
	"log/slog"
	"time"
)

// Date is a civil date: a day in the calendar with no time of day. Its
// fields are those of subject.Date in the same order, so a birth date
// converts with subject.Date(id.BirthDate()) without this package
// importing subject (pii is the lowest layer of lawful). The zero Date
// means unknown.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// String returns d as "2006-01-02", or "unknown" for the zero Date.
func (d Date) String() string {
	if d == (Date{}) {
		return "unknown"
	}
	b := make([]byte, 0, 10)
	b = append4(b, d.Year)
	b = append(b, '-', byte('0'+d.Month/10), byte('0'+d.Month%10), '-', byte('0'+d.Day/10), byte('0'+d.Day%10))
	return string(b)
}

func append4(b []byte, y int) []byte {
	y %= 10000
	return append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10))
}

func (d Date) valid() bool {
	return d.Month >= 1 && d.Month <= 12 && d.Day >= 1 && d.Day <= daysIn(d.Month, d.Year)
}

func (d Date) after(o Date) bool {
	if d.Year != o.Year {
		return d.Year > o.Year
	}
	if d.Month != o.Month {
		return d.Month > o.Month
	}
	return d.Day > o.Day
}

func daysIn(m time.Month, y int) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// Sex is the sex recorded in a resident identity number: the parity of
// its 17th digit (odd for male, even for female; GB 11643-1999 §4.3).
// The zero value is SexUnknown.
type Sex uint8

// Sexes.
const (
	SexUnknown Sex = iota
	Male
	Female
)

// String returns "male", "female" or "unknown".
func (s Sex) String() string {
	switch s {
	case Male:
		return "male"
	case Female:
		return "female"
	}
	return "unknown"
}

// ResidentID is a valid 18-character PRC resident identity number (GB
// 11643-1999), in normal form: ASCII digits and an upper-case check
// character X. It is a small comparable value; the zero ResidentID is
// invalid and its methods return zero values.
//
// The birth date and sex it carries are themselves personal information
// (basic.birth_date, basic.gender): log neither. ResidentID implements
// slog.LogValuer and logs masked as "110***********002X".
type ResidentID struct{ n [18]byte }

// MinBirthYear is the earliest birth year ParseResidentID accepts: numbers
// of people born in the 19th century were issued and stay valid (the
// standard's own sample is born in 1880).
const MinBirthYear = 1800

// ParseResidentID validates an 18-character resident identity number and
// returns it in normal form. It is shorthand for ParseResidentIDAt(s,
// time.Now()).
func ParseResidentID(s string) (ResidentID, error) { return ParseResidentIDAt(s, time.Now()) }

// ParseResidentIDAt validates an 18-character resident identity number
// against today's date as seen in China at now (UTC+8), checking in turn:
// full-width digits are folded and spaces and '-' dropped; 17 digits and a
// check character 0-9 or X (x accepted); the province prefix is assigned
// (GB/T 2260; 81, 82 and 83 for the residence permits of Hong Kong, Macao
// and Taiwan residents); the birth date YYYYMMDD is a calendar day from
// MinBirthYear up to today; and the check character is the ISO 7064 MOD
// 11-2 check of the first 17 digits. Errors are *Error with Kind
// NationalID. It does not allocate when s is valid.
func ParseResidentIDAt(s string, now time.Time) (ResidentID, error) {
	var b buf
	p := checkID18(&b, s, chinaDate(now))
	if !p.ok() {
		return ResidentID{}, p.toError(NationalID)
	}
	var id ResidentID
	copy(id.n[:], b[:18])
	return id, nil
}

// UpgradeResidentID15 validates a 15-digit first-generation identity
// number (6-digit address code, YYMMDD birth date in the 1900s, 3-digit
// sequence, no check digit) and returns its 18-character form: "19" is
// inserted before the year and the MOD 11-2 check character appended (GB
// 11643-1999 §5). Accept 15-digit numbers only where your service must
// read old records: they carry no check digit, so a typing error is not
// caught. Errors are *Error with Kind NationalID15.
func UpgradeResidentID15(s string) (ResidentID, error) {
	var b buf
	p := checkID15(&b, s)
	if !p.ok() {
		return ResidentID{}, p.toError(NationalID15)
	}
	var id ResidentID
	copy(id.n[:], b[:18])
	return id, nil
}

// IsZero reports whether id is the zero ResidentID.
func (id ResidentID) IsZero() bool { return id == ResidentID{} }

// String returns the number in normal form, or "" for the zero value. It
// is the full number: print it only where the number may be shown.
func (id ResidentID) String() string {
	if id.IsZero() {
		return ""
	}
	return string(id.n[:])
}

// AppendText appends the number in normal form (nothing for the zero value).
func (id ResidentID) AppendText(b []byte) ([]byte, error) {
	if id.IsZero() {
		return b, nil
	}
	return append(b, id.n[:]...), nil
}

// MarshalText returns the number in normal form.
func (id ResidentID) MarshalText() ([]byte, error) { return id.AppendText(nil) }

// UnmarshalText parses b with ParseResidentID.
func (id *ResidentID) UnmarshalText(b []byte) error {
	v, err := ParseResidentID(string(b))
	if err != nil {
		return err
	}
	*id = v
	return nil
}

// LogValue logs the number with all but its first three and last four
// characters hidden, the display convention of Chinese services.
func (id ResidentID) LogValue() slog.Value {
	if id.IsZero() {
		return slog.StringValue("")
	}
	var m [18]byte
	copy(m[:], id.n[:])
	for i := 3; i < 14; i++ {
		m[i] = '*'
	}
	return slog.StringValue(string(m[:]))
}

// BirthDate returns the date of birth encoded in positions 7 to 14.
func (id ResidentID) BirthDate() Date {
	if id.IsZero() {
		return Date{}
	}
	return Date{num(id.n[6:10]), time.Month(num(id.n[10:12])), num(id.n[12:14])}
}

// Sex returns the sex encoded in the parity of the 17th digit.
func (id ResidentID) Sex() Sex {
	switch {
	case id.IsZero():
		return SexUnknown
	case (id.n[16]-'0')%2 == 1:
		return Male
	}
	return Female
}

// Region returns the 6-digit administrative division code of the place of
// first registration (GB/T 2260). It is a coarse location of the person
// (location.coarse); codes are retired over time, so old numbers carry
// codes that no longer exist.
func (id ResidentID) Region() string {
	if id.IsZero() {
		return ""
	}
	return string(id.n[:6])
}

func num(b []byte) int {
	n := 0
	for _, c := range b {
		n = n*10 + int(c-'0')
	}
	return n
}

// chinaZone is China Standard Time; birth dates are civil dates there.
var chinaZone = time.FixedZone("CST", 8*3600)

func chinaDate(t time.Time) Date {
	y, m, d := t.In(chinaZone).Date()
	return Date{y, m, d}
}

// provinces marks the assigned first two digits of GB/T 2260 codes: 11-15,
// 21-23, 31-37, 41-46, 50-54, 61-65, 71 (Taiwan), 81 and 82 (Hong Kong and
// Macao residence permits), 83 (Taiwan residents' residence permits).
var provinces = func() (p [100]bool) {
	for _, r := range [][2]int{{11, 15}, {21, 23}, {31, 37}, {41, 46}, {50, 54}, {61, 65}, {71, 71}, {81, 83}} {
		for i := r[0]; i <= r[1]; i++ {
			p[i] = true
		}
	}
	return p
}()

var (
	mod112Weights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	mod112Chars   = "10X98765432"
)

// mod112 returns the ISO 7064 MOD 11-2 check character of 17 digits.
func mod112(b []byte) byte {
	s := 0
	for i, w := range mod112Weights {
		s += int(b[i]-'0') * w
	}
	return mod112Chars[s%11]
}

func checkID18(b *buf, s string, today Date) problem {
	n, p := collect(b, s, 18, " -")
	if !p.ok() {
		if p.err == ErrLength {
			p.msg = "want 18: 17 digits and a check character 0-9 or X; a 15-digit number is first-generation, read it with UpgradeResidentID15"
		}
		return p
	}
	if n != 18 {
		return badLen(n, "want 18: 17 digits and a check character 0-9 or X; a 15-digit number is first-generation, read it with UpgradeResidentID15")
	}
	if i := allDigits(b[:17]); i != 0 {
		return bad(ErrCharset, i, "the first 17 characters must be digits")
	}
	if c := b[17]; !isDigit(c) && c != 'X' {
		return bad(ErrCharset, 18, "the check character must be a digit or X")
	}
	return checkIDBody(b[:18], today, 6, 14)
}

// checkIDBody checks the region, the birth date at b[d0:d1] and the check
// character of an 18-character number in b.
func checkIDBody(b []byte, today Date, d0, d1 int) problem {
	if !provinces[num(b[:2])] {
		return bad(ErrPrefix, 1, "the first two digits name no province-level division of GB/T 2260; check the number")
	}
	d := Date{num(b[d0 : d0+4]), time.Month(num(b[d0+4 : d0+6])), num(b[d0+6 : d1])}
	if !d.valid() || d.Year < MinBirthYear {
		return bad(ErrDate, d0+1, "positions 7-14 must be a birth date YYYYMMDD that exists in the calendar, from 1800 on")
	}
	if today != (Date{}) && d.after(today) {
		return bad(ErrDate, d0+1, "the birth date in positions 7-14 is in the future")
	}
	if mod112(b) != b[17] {
		return bad(ErrChecksum, 18, "the check character does not match the first 17 digits (ISO 7064 MOD 11-2, GB 11643-1999); a digit is mistyped or two are swapped")
	}
	return okProblem
}

func checkID15(b *buf, s string) problem {
	var t buf
	n, p := collect(&t, s, 15, " -")
	if !p.ok() {
		if p.err == ErrLength {
			p.msg = "want 15 digits for a first-generation number; an 18-character number is read with ParseResidentID"
		}
		return p
	}
	if n != 15 {
		return badLen(n, "want 15 digits for a first-generation number; an 18-character number is read with ParseResidentID")
	}
	if i := allDigits(t[:15]); i != 0 {
		return bad(ErrCharset, i, "a first-generation number is 15 digits")
	}
	copy(b[:6], t[:6])
	b[6], b[7] = '1', '9'
	copy(b[8:17], t[6:15])
	b[17] = mod112(b[:17])
	p = checkIDBody(b[:18], Date{}, 6, 14)
	if p.pos > 6 {
		p.pos -= 2 // report the position in the 15-digit input
	}
	return p
}
