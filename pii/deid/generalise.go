package deid

import (
	"math"
	"net/netip"
	"strconv"
	"time"
)

// Range is a generalised integer: the closed interval [Lo, Hi], or an open
// band when Below (every value under Hi+1) or Above (every value from Lo)
// is set. The zero value is the one-value range [0, 0].
type Range struct {
	Lo, Hi int64
	// Below marks the open band of values < Hi+1 ("<18"); Lo is then
	// math.MinInt64.
	Below bool
	// Above marks the open band of values >= Lo ("90+"); Hi is then
	// math.MaxInt64.
	Above bool
}

// String returns r as "30-39", "7" for a one-value range, "<18" for an
// open lower band and "90+" for an open upper band. The form is stable:
// use it as the quasi-identifier cell of a table.
func (r Range) String() string {
	switch {
	case r.Below:
		return "<" + strconv.FormatInt(r.Hi+1, 10)
	case r.Above:
		return strconv.FormatInt(r.Lo, 10) + "+"
	case r.Lo == r.Hi:
		return strconv.FormatInt(r.Lo, 10)
	}
	return strconv.FormatInt(r.Lo, 10) + "-" + strconv.FormatInt(r.Hi, 10)
}

// Contains reports whether x falls in r.
func (r Range) Contains(x int64) bool { return r.Lo <= x && x <= r.Hi }

// Buckets generalises integers into bands of equal width, with optional
// open bands at either end. Boundaries fall at Origin + n*Width: with
// Width 10 and Origin 0, 37 falls in 30-39. When Low < High, values under
// Low fall in one band "<Low" and values from High in one band "High+"
// (HIPAA's safe harbour, 45 CFR 164.514(b)(2)(i)(C), puts every age over 89
// in one band for the same reason: few people are that old). The zero value
// is invalid: Width must be set. A Buckets is a plain value, safe for
// concurrent use.
type Buckets struct {
	Width  int64 // band width, at least 1
	Origin int64 // a band boundary
	// Low and High bound the open bands; they are ignored unless
	// Low < High. Neither need be a band boundary: with Width 10, Low 18
	// and High 90 the bands are <18, 18-19, 20-29, ..., 80-89 and 90+.
	Low, High int64
}

// Bucket returns the band holding x. It fails with ErrInvalidParameter
// when Width is under 1 and with ErrMalformed when the band would not fit
// in an int64.
func (b Buckets) Bucket(x int64) (Range, error) {
	const op = "deid.Buckets.Bucket"
	if b.Width < 1 {
		return Range{}, invalidParam(op, "Width is "+strconv.FormatInt(b.Width, 10)+"; set a band width of at least 1")
	}
	if b.Low < b.High {
		if x < b.Low {
			return Range{Lo: math.MinInt64, Hi: b.Low - 1, Below: true}, nil
		}
		if x >= b.High {
			return Range{Lo: b.High, Hi: math.MaxInt64, Above: true}, nil
		}
	}
	// d = x - Origin, computed without overflow.
	d := x - b.Origin
	if (x^b.Origin)&(x^d) < 0 {
		return Range{}, malformed(op, "the value is too far from Origin to band in an int64; move Origin closer")
	}
	m := d % b.Width
	if m < 0 {
		m += b.Width
	}
	lo := x - m
	if lo > x { // wrapped below math.MinInt64
		return Range{}, malformed(op, "the band starts below the smallest int64; move Origin")
	}
	hi := lo + (b.Width - 1)
	if hi < lo {
		hi = math.MaxInt64
	}
	if b.Low < b.High {
		lo, hi = max(lo, b.Low), min(hi, b.High-1)
	}
	return Range{Lo: lo, Hi: hi}, nil
}

// MaxAge is the oldest age Age accepts; an older one is a wrong birth date.
const MaxAge = 150

// Age returns the age in whole years at instant at of a person born at
// birth, counted in birth's time zone, a year added on the birthday
// itself; a person born on 29 February turns a year older on 1 March in
// common years. The legal age rules of PIPL and GDPR (the day after the
// birthday, the zone of the person) live in package subject; Age is for
// banding, where a day makes no difference. It fails with ErrMalformed
// when birth is after at or more than MaxAge years before it.
func Age(birth, at time.Time) (int, error) {
	const op = "deid.Age"
	if at.Before(birth) {
		return 0, malformed(op, "the birth date is after the instant of the age; check the order of the arguments")
	}
	at = at.In(birth.Location())
	by, bm, bd := birth.Date()
	ay, am, ad := at.Date()
	age := ay - by
	if am < bm || (am == bm && ad < bd) {
		age--
	}
	if age > MaxAge {
		return 0, malformed(op, "the birth date is more than "+strconv.Itoa(MaxAge)+" years before the instant; check the date and its year")
	}
	return age, nil
}

// AgeBand returns the band of b holding the age at instant at of a person
// born at birth (see Age), such as 30-39 or 90+:
//
//	deid.AgeBand(birth, now, deid.Buckets{Width: 10, Low: 18, High: 90})
func AgeBand(birth, at time.Time, b Buckets) (Range, error) {
	age, err := Age(birth, at)
	if err != nil {
		return Range{}, err
	}
	return b.Bucket(int64(age))
}

// DateUnit is how much of a date TruncateDate keeps.
type DateUnit uint8

const (
	// Month keeps the year and month (2024-05).
	Month DateUnit = iota + 1
	// Quarter keeps the year and quarter (2024-04, for Q2).
	Quarter
	// Year keeps the year (2024).
	Year
)

// TruncateDate returns the first instant, in t's location, of the month,
// quarter or year holding t. It fails with ErrInvalidParameter for an
// unknown unit.
func TruncateDate(t time.Time, unit DateUnit) (time.Time, error) {
	y, m, _ := t.Date()
	switch unit {
	case Month:
	case Quarter:
		m = (m-1)/3*3 + 1
	case Year:
		m = time.January
	default:
		return time.Time{}, invalidParam("deid.TruncateDate", "unknown unit "+strconv.Itoa(int(unit))+"; use Month, Quarter or Year")
	}
	return time.Date(y, m, 1, 0, 0, 0, 0, t.Location()), nil
}

// IPv4Bits and IPv6Bits are the prefix lengths IPPrefix keeps by default:
// the /24 of an IPv4 address and the /48 of an IPv6 one, the usual size of
// one site's allocation. A library decision, not a legal threshold: an
// address truncated to its /24 still points to a small network.
const (
	IPv4Bits = 24
	IPv6Bits = 48
)

// IPPrefix parses an IPv4 or IPv6 address and returns the network of its
// first v4Bits (for an IPv4 address, or an IPv4 address mapped into IPv6)
// or v6Bits (for any other IPv6 address) bits, with the zone dropped:
// IPPrefix("203.0.113.77", 24, 48) is 203.0.113.0/24. It fails with
// ErrInvalidParameter when v4Bits is outside 0..32 or v6Bits outside
// 0..128 and with ErrMalformed when s is not an address.
func IPPrefix(s string, v4Bits, v6Bits int) (netip.Prefix, error) {
	const op = "deid.IPPrefix"
	if v4Bits < 0 || v4Bits > 32 || v6Bits < 0 || v6Bits > 128 {
		return netip.Prefix{}, invalidParam(op, "prefix lengths must be 0..32 for IPv4 and 0..128 for IPv6; see IPv4Bits and IPv6Bits")
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, malformed(op, "not an IPv4 or IPv6 address (want 203.0.113.7 or 2001:db8::1, without a port)")
	}
	a = a.Unmap().WithZone("")
	bits := v6Bits
	if a.Is4() {
		bits = v4Bits
	}
	return a.Prefix(bits) // cannot fail: bits is in range for a's family
}

// RegionLevel is how much of a Chinese administrative division code
// Region keeps.
type RegionLevel uint8

const (
	// Province keeps the province-level division (2 digits: 440000).
	Province RegionLevel = iota + 1
	// Prefecture keeps the prefecture-level division (4 digits: 440300).
	Prefecture
	// County keeps the whole county-level code (6 digits: 440305).
	County
)

// provinces are the province-level codes of GB/T 2260 (the first two
// digits), including Taiwan (71), Hong Kong (81) and Macao (82).
const provinces = "11121314152122233132333435363741424344454650515253546162636465717181" + "82"

func isProvince(p string) bool {
	for i := 0; i+1 < len(provinces); i += 2 {
		if provinces[i:i+2] == p {
			return true
		}
	}
	return false
}

// Region generalises a 6-digit administrative division code of GB/T 2260
// (the first six digits of a resident identity card number, GB 11643)
// to the province or prefecture it lies in, padded with zeros as GB/T
// 2260 writes those divisions: Region("440305", Prefecture) is "440300"
// and Region("440305", Province) is "440000". It checks that the code is
// six ASCII digits and that its first two name a province-level division;
// it does not check the rest against a list, which changes every year. It
// fails with ErrMalformed for any other code and with ErrInvalidParameter
// for an unknown level.
func Region(code string, level RegionLevel) (string, error) {
	const op = "deid.Region"
	if level < Province || level > County {
		return "", invalidParam(op, "unknown level "+strconv.Itoa(int(level))+"; use Province, Prefecture or County")
	}
	if len(code) != 6 {
		return "", malformed(op, "a division code has 6 digits, got "+strconv.Itoa(len(code))+" bytes")
	}
	for i := range len(code) {
		if code[i] < '0' || code[i] > '9' {
			return "", malformed(op, "a division code is ASCII digits only; the byte at "+strconv.Itoa(i)+" is not one")
		}
	}
	if !isProvince(code[:2]) {
		return "", malformed(op, "the first two digits name no province-level division of GB/T 2260")
	}
	switch level {
	case Province:
		return code[:2] + "0000", nil
	case Prefecture:
		return code[:4] + "00", nil
	}
	return code, nil
}

// TruncatePostcode keeps the first keep letters and digits of a postcode,
// upper-cased, and drops the rest and any spaces or hyphens:
// TruncatePostcode("518057", 3) is "518" (a Chinese postcode's first three
// digits name a postal district), TruncatePostcode("SW1A 1AA", 3) is
// "SW1". It fails with ErrMalformed when the postcode is not 2 to 10
// letters and digits (with spaces or hyphens between) and with
// ErrInvalidParameter when keep is not less than their number: a
// truncation that keeps everything generalises nothing.
func TruncatePostcode(code string, keep int) (string, error) {
	const op = "deid.TruncatePostcode"
	if keep < 1 {
		return "", invalidParam(op, "keep at least 1 character; to drop the postcode, leave the column out")
	}
	var b [10]byte
	n := 0
	for i := range len(code) {
		c := code[i]
		switch {
		case c == ' ' || c == '-':
			if n == 0 || i == len(code)-1 {
				return "", malformed(op, "a space or hyphen at either end; trim the postcode")
			}
			continue
		case 'a' <= c && c <= 'z':
			c -= 'a' - 'A'
		case 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		default:
			return "", malformed(op, "a postcode holds ASCII letters, digits, spaces and hyphens only; the byte at "+strconv.Itoa(i)+" is none of them")
		}
		if n == len(b) {
			return "", malformed(op, "more than 10 letters and digits; not a postcode")
		}
		b[n] = c
		n++
	}
	if n < 2 {
		return "", malformed(op, "fewer than 2 letters and digits; not a postcode")
	}
	if keep >= n {
		return "", invalidParam(op, "keep "+strconv.Itoa(keep)+" of "+strconv.Itoa(n)+" characters keeps the whole postcode; keep fewer")
	}
	return string(b[:keep]), nil
}
