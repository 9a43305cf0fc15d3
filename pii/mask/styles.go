package mask

import (
	"strings"
	"unicode/utf8"
)

// compoundSurnames are the common two-character surnames (复姓); a name
// starting with one keeps both characters.
var compoundSurnames = [...]string{
	"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "轩辕",
	"令狐", "钟离", "闾丘", "端木", "南宫", "西门", "独孤", "百里", "呼延", "万俟", "澹台", "公冶", "太史", "申屠",
	"赫连", "拓跋", "第五", "濮阳", "淳于", "单于", "宗政", "公羊", "公良", "仲孙", "叔孙", "亓官", "司空", "司寇",
	"鲜于", "闻人", "东郭", "南门", "梁丘", "左丘", "谷梁", "段干", "子车", "巫马", "乐正", "漆雕", "壤驷", "公西",
	"颛孙", "羊舌", "微生", "东门", "归海",
}

func isCompound(s string) bool {
	for _, c := range compoundSurnames {
		if c == s {
			return true
		}
	}
	return false
}

// surnameLen returns how many leading runes of a name of n runes are its
// surname: 2 for a compound surname, else 1; and never all of it.
func surnameLen(v string, n int) int {
	if n <= 1 {
		return 0
	}
	r0, s0 := utf8.DecodeRuneInString(v)
	if r0 < utf8.RuneSelf {
		return 1 // a Latin-script name keeps its initial
	}
	if n >= 3 {
		_, s1 := utf8.DecodeRuneInString(v[s0:])
		if s1 > 1 && isCompound(v[:s0+s1]) {
			return 2
		}
	}
	return 1
}

func appendName(dst []byte, v string, r Rule) []byte {
	n := utf8.RuneCountInString(v)
	if n == 0 {
		return dst
	}
	k := surnameLen(v, n)
	i := 0
	for _, c := range v {
		switch {
		case i < k:
			dst = utf8.AppendRune(dst, c)
		case r.Fixed == 0:
			dst = append(dst, '*')
		case i == k:
			dst = stars(dst, r.Fixed)
		}
		i++
	}
	return dst
}

func appendEmail(dst []byte, v string, r Rule) []byte {
	at := strings.LastIndexByte(v, '@')
	if at <= 0 || at == len(v)-1 {
		return stars(dst, fixedOr(r.Fixed, 4))
	}
	local := utf8.RuneCountInString(v[:at])
	first := min(r.First, local-1, (local+2)/3)
	i := 0
	for _, c := range v[:at] {
		if i >= first {
			break
		}
		dst = utf8.AppendRune(dst, c)
		i++
	}
	dst = stars(dst, fixedOr(r.Fixed, 3))
	return append(dst, v[at:]...)
}

// maxAddressKeep bounds how much of an address is kept, in runes.
const maxAddressKeep = 24

// addressCut returns the byte length of the part of a Chinese address to
// keep: through the first district-level unit (区, 县, 旗), or else through
// the last 市 or 州 within maxAddressKeep runes; 0 if there is none or the
// cut would keep the whole address.
func addressCut(v string) int {
	cut, city, n := 0, 0, 0
	for i, c := range v {
		if n >= maxAddressKeep {
			break
		}
		n++
		switch c {
		case '区', '县', '旗':
			cut = i + utf8.RuneLen(c)
		case '市', '州', '盟':
			city = i + utf8.RuneLen(c)
		}
		if cut > 0 {
			break
		}
	}
	if cut == 0 {
		cut = city
	}
	if cut >= len(v) {
		return 0
	}
	return cut
}

func appendAddress(dst []byte, v string, r Rule) []byte {
	cut := addressCut(v)
	dst = append(dst, v[:cut]...)
	return stars(dst, fixedOr(r.Fixed, 4))
}

// appendIP keeps the network part of an IP address: three octets of IPv4,
// three groups of IPv6. It does not validate the address (detect and
// format do); anything not shaped like one is redacted.
func appendIP(dst []byte, v string) []byte {
	if strings.IndexByte(v, ':') >= 0 {
		end, groups := 0, 0
		for end < len(v) && groups < 3 {
			if v[end] == ':' {
				if end+1 < len(v) && v[end+1] == ':' || end == 0 {
					break
				}
				groups++
				if groups == 3 {
					break
				}
			} else if hexOrDot(v[end]) < 0 {
				return stars(dst, 4)
			}
			end++
		}
		if end == 0 || end >= len(v) {
			return stars(dst, 4)
		}
		dst = append(dst, v[:end]...)
		return append(dst, "::*"...)
	}
	dots, last := 0, -1
	for i := 0; i < len(v); i++ {
		switch {
		case v[i] == '.':
			dots++
			last = i
		case v[i] < '0' || v[i] > '9':
			return stars(dst, 4)
		}
	}
	if dots != 3 || last == len(v)-1 {
		return stars(dst, 4)
	}
	dst = append(dst, v[:last+1]...)
	return append(dst, '*')
}

func hexOrDot(c byte) int {
	switch {
	case '0' <= c && c <= '9', 'a' <= c && c <= 'f', 'A' <= c && c <= 'F', c == '.':
		return 1
	}
	return -1
}
