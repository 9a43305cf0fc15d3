package format

func checkBankCard(b *buf, s string) (int, problem) {
	const msg = "want 16 to 19 digits"
	n, p := collect(b, s, 19, " -")
	if !p.ok() {
		if p.err == ErrLength {
			p.msg = msg
		}
		return n, p
	}
	if i := allDigits(b[:n]); i != 0 {
		return n, bad(ErrCharset, i, "a card number has digits only")
	}
	if n < 16 {
		return n, badLen(n, msg)
	}
	if allSame(b[:n]) {
		return n, bad(ErrPlaceholder, 0, "a number of one repeated digit is a placeholder, not a card")
	}
	if !luhn(b[:n]) {
		return n, bad(ErrChecksum, n, "the last digit does not match the others (Luhn, ISO/IEC 7812-1); a digit is mistyped or two are swapped")
	}
	return n, okProblem
}

func checkIMEI(b *buf, s string) (int, problem) {
	const msg = "want 15 digits: an 8-digit TAC, a 6-digit serial and a check digit (a 16-digit IMEISV has no check digit)"
	n, p := collect(b, s, 15, " -/")
	if !p.ok() {
		if p.err == ErrLength {
			p.msg = msg
		}
		return n, p
	}
	if i := allDigits(b[:n]); i != 0 {
		return n, bad(ErrCharset, i, "an IMEI has digits only")
	}
	if n != 15 {
		return n, badLen(n, msg)
	}
	if allSame(b[:14]) {
		return n, bad(ErrPlaceholder, 0, "an IMEI of one repeated digit is what a device without a readable IMEI reports")
	}
	if !luhn(b[:15]) {
		return n, bad(ErrChecksum, 15, "the check digit does not match (Luhn, 3GPP TS 23.003); a digit is mistyped or two are swapped")
	}
	return n, okProblem
}

// ibanLengths is the length of an IBAN per country of the SWIFT IBAN
// registry.
var ibanLengths = map[[2]byte]uint8{
	{'A', 'D'}: 24, {'A', 'E'}: 23, {'A', 'L'}: 28, {'A', 'T'}: 20, {'A', 'Z'}: 28, {'B', 'A'}: 20,
	{'B', 'E'}: 16, {'B', 'G'}: 22, {'B', 'H'}: 22, {'B', 'R'}: 29, {'B', 'Y'}: 28, {'C', 'H'}: 21,
	{'C', 'R'}: 22, {'C', 'Y'}: 28, {'C', 'Z'}: 24, {'D', 'E'}: 22, {'D', 'K'}: 18, {'D', 'O'}: 28,
	{'E', 'E'}: 20, {'E', 'G'}: 29, {'E', 'S'}: 24, {'F', 'I'}: 18, {'F', 'O'}: 18, {'F', 'R'}: 27,
	{'G', 'B'}: 22, {'G', 'E'}: 22, {'G', 'I'}: 23, {'G', 'L'}: 18, {'G', 'R'}: 27, {'G', 'T'}: 28,
	{'H', 'R'}: 21, {'H', 'U'}: 28, {'I', 'E'}: 22, {'I', 'L'}: 23, {'I', 'Q'}: 23, {'I', 'S'}: 26,
	{'I', 'T'}: 27, {'J', 'O'}: 30, {'K', 'W'}: 30, {'K', 'Z'}: 20, {'L', 'B'}: 28, {'L', 'C'}: 32,
	{'L', 'I'}: 21, {'L', 'T'}: 20, {'L', 'U'}: 20, {'L', 'V'}: 21, {'M', 'C'}: 27, {'M', 'D'}: 24,
	{'M', 'E'}: 22, {'M', 'K'}: 19, {'M', 'R'}: 27, {'M', 'T'}: 31, {'M', 'U'}: 30, {'N', 'L'}: 18,
	{'N', 'O'}: 15, {'P', 'K'}: 24, {'P', 'L'}: 28, {'P', 'S'}: 29, {'P', 'T'}: 25, {'Q', 'A'}: 29,
	{'R', 'O'}: 24, {'R', 'S'}: 22, {'S', 'A'}: 24, {'S', 'C'}: 31, {'S', 'E'}: 24, {'S', 'I'}: 19,
	{'S', 'K'}: 24, {'S', 'M'}: 27, {'S', 'T'}: 25, {'S', 'V'}: 28, {'T', 'L'}: 23, {'T', 'N'}: 24,
	{'T', 'R'}: 26, {'U', 'A'}: 29, {'V', 'A'}: 22, {'V', 'G'}: 24, {'X', 'K'}: 20,
}

func checkIBAN(b *buf, s string) (int, problem) {
	const msg = "want the length the IBAN registry gives the country, at most 34 characters"
	n, p := collect(b, s, 34, " ")
	if !p.ok() {
		if p.err == ErrLength {
			p.msg = msg
		}
		return n, p
	}
	if n < 5 {
		return n, badLen(n, msg)
	}
	for i := 0; i < 2; i++ {
		if b[i] < 'A' || b[i] > 'Z' {
			return n, bad(ErrCharset, i+1, "an IBAN starts with a two-letter country code")
		}
	}
	if !isDigit(b[2]) || !isDigit(b[3]) {
		return n, bad(ErrCharset, 3, "positions 3 and 4 are check digits")
	}
	want, ok := ibanLengths[[2]byte{b[0], b[1]}]
	if !ok {
		return n, bad(ErrPrefix, 1, "the country code is not in the IBAN registry")
	}
	if n != int(want) {
		return n, badLen(n, "want the length the IBAN registry gives this country")
	}
	// ISO 7064 MOD 97-10 over the rearranged number, letters as 10-35.
	rem := 0
	for i := 0; i < n; i++ {
		c := b[(i+4)%n]
		if isDigit(c) {
			rem = (rem*10 + int(c-'0')) % 97
		} else {
			rem = (rem*100 + int(c-'A'+10)) % 97
		}
	}
	if rem != 1 {
		return n, bad(ErrChecksum, 3, "the check digits do not match (ISO 13616, mod 97); a character is mistyped or two are swapped")
	}
	return n, okProblem
}
