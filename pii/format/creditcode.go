package format

// uscc is the 31-symbol alphabet of GB 32100-2015 (no I, O, S, V, Z); a
// symbol's value is its index.
const uscc = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var usccValue = func() (v [256]int8) {
	for i := range v {
		v[i] = -1
	}
	for i := 0; i < len(uscc); i++ {
		v[uscc[i]] = int8(i)
	}
	return v
}()

// usccWeights are 3^(i-1) mod 31 for positions 1 to 17.
var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// usccAuthority marks the registration-authority codes of position 1:
// 1-9, A (central military reform), N (agriculture), Y (other).
func usccAuthority(c byte) bool { return '1' <= c && c <= '9' || c == 'A' || c == 'N' || c == 'Y' }

func checkCreditCode(b *buf, s string) (int, problem) {
	n, p := collect(b, s, 18, " -")
	if !p.ok() {
		if p.err == ErrLength {
			p.msg = "want 18 characters"
		}
		return n, p
	}
	if n != 18 {
		return n, badLen(n, "want 18 characters")
	}
	for i := 0; i < 18; i++ {
		if usccValue[b[i]] < 0 {
			return n, bad(ErrCharset, i+1, "only digits and the letters of GB 32100-2015 may appear (not I, O, S, V or Z)")
		}
	}
	if !usccAuthority(b[0]) {
		return n, bad(ErrPrefix, 1, "the first character must name a registration authority: 1-9, A, N or Y")
	}
	if i := allDigits(b[2:8]); i != 0 {
		return n, bad(ErrCharset, i+2, "positions 3-8 are the administrative division code, six digits")
	}
	sum := 0
	for i, w := range usccWeights {
		sum += int(usccValue[b[i]]) * w
	}
	c := (31 - sum%31) % 31
	if uscc[c] != b[17] {
		return n, bad(ErrChecksum, 18, "the check character does not match the first 17 (GB 32100-2015 mod 31); a character is mistyped or two are swapped")
	}
	return n, okProblem
}
