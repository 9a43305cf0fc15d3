package detect

// ctxClass is what a context word says about the number after it.
type ctxClass uint8

const (
	ctxNone ctxClass = iota
	ctxID
	ctxPhone
	ctxCard
	ctxIMEI
	ctxMAC
	ctxIP
	ctxPassport
	ctxPermit
	ctxPlate
	ctxCredit
	ctxIBAN
	ctxNeg // order numbers, serials, versions, timestamps: lowers confidence
	numCtx
)

// window is how far after a context word, in bytes, it still counts: a
// dozen Chinese characters or a short English phrase ("my phone number
// is ").
const window = 40

type keyword struct {
	s     string
	class ctxClass
}

// cjkKeywords are the Chinese context words. Longer words sharing a
// prefix come first.
var cjkKeywords = []keyword{
	{"身份证", ctxID}, {"证件号", ctxID}, {"身份号码", ctxID}, {"公民身份", ctxID}, {"居民身份", ctxID},
	{"手机", ctxPhone}, {"电话", ctxPhone}, {"联系方式", ctxPhone}, {"致电", ctxPhone}, {"拨打", ctxPhone},
	{"座机", ctxPhone}, {"固话", ctxPhone}, {"来电", ctxPhone}, {"短信", ctxPhone},
	{"银行卡", ctxCard}, {"卡号", ctxCard}, {"信用卡", ctxCard}, {"储蓄卡", ctxCard}, {"借记卡", ctxCard},
	{"银行账号", ctxCard}, {"收款账号", ctxCard},
	{"串号", ctxIMEI}, {"设备号", ctxIMEI}, {"设备识别码", ctxIMEI},
	{"物理地址", ctxMAC}, {"网卡", ctxMAC},
	{"护照", ctxPassport},
	{"通行证", ctxPermit}, {"回乡证", ctxPermit}, {"台胞证", ctxPermit},
	{"车牌", ctxPlate}, {"牌照", ctxPlate}, {"车辆", ctxPlate},
	{"信用代码", ctxCredit}, {"营业执照", ctxCredit}, {"税号", ctxCredit},
	{"订单", ctxNeg}, {"单号", ctxNeg}, {"流水号", ctxNeg}, {"交易号", ctxNeg}, {"编号", ctxNeg}, {"快递", ctxNeg},
	{"运单", ctxNeg}, {"发票", ctxNeg}, {"时间戳", ctxNeg}, {"版本", ctxNeg}, {"序列号", ctxNeg}, {"批次", ctxNeg},
	{"工号", ctxNeg}, {"金额", ctxNeg}, {"商品", ctxNeg},
}

// asciiKeywords are the English context words, lower case, matched
// against whole runs of letters.
var asciiKeywords = map[string]ctxClass{
	"id": ctxID, "idcard": ctxID, "identity": ctxID, "citizen": ctxID,
	"phone": ctxPhone, "mobile": ctxPhone, "tel": ctxPhone, "cell": ctxPhone, "cellphone": ctxPhone,
	"telephone": ctxPhone, "call": ctxPhone, "sms": ctxPhone, "landline": ctxPhone, "fax": ctxPhone, "whatsapp": ctxPhone,
	"card": ctxCard, "cardno": ctxCard, "pan": ctxCard, "visa": ctxCard, "mastercard": ctxCard, "unionpay": ctxCard,
	"debit": ctxCard, "credit": ctxCard, "bank": ctxCard, "acct": ctxCard,
	"imei": ctxIMEI, "meid": ctxIMEI, "device": ctxIMEI,
	"mac": ctxMAC, "bssid": ctxMAC, "wifi": ctxMAC, "wlan": ctxMAC, "ethernet": ctxMAC,
	"ip": ctxIP, "ipv4": ctxIP, "ipv6": ctxIP, "host": ctxIP, "client": ctxIP,
	"passport": ctxPassport,
	"permit":   ctxPermit,
	"plate":    ctxPlate, "licence": ctxPlate, "license": ctxPlate, "vehicle": ctxPlate,
	"uscc": ctxCredit, "usci": ctxCredit,
	"iban":  ctxIBAN,
	"order": ctxNeg, "orderid": ctxNeg, "tracking": ctxNeg, "invoice": ctxNeg, "ref": ctxNeg, "reference": ctxNeg,
	"txn": ctxNeg, "transaction": ctxNeg, "serial": ctxNeg, "sku": ctxNeg, "version": ctxNeg, "ver": ctxNeg,
	"build": ctxNeg, "timestamp": ctxNeg, "ts": ctxNeg, "price": ctxNeg, "amount": ctxNeg,
}

// maxASCIIKeyword bounds the letter runs looked up in asciiKeywords.
const maxASCIIKeyword = 11

// firstRunes marks, in a 64K-bit set, the first runes of cjkKeywords, so
// that most Chinese characters are rejected with one bit test.
var firstRunes = func() (s [1024]uint64) {
	for _, k := range cjkKeywords {
		r := []rune(k.s)[0]
		s[r>>6] |= 1 << (r & 63)
	}
	return s
}()

// provinceRunes marks the first characters of licence plates.
var provinceRunes = func() (s [1024]uint64) {
	for _, r := range "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼" {
		s[r>>6] |= 1 << (r & 63)
	}
	return s
}()

func inSet(s *[1024]uint64, r rune) bool { return r < 65536 && s[r>>6]&(1<<(r&63)) != 0 }

// cjkKeyword returns the class of the Chinese context word starting at
// t[i:], if any, and its length in bytes.
func cjkKeyword(t string, i int) (ctxClass, int) {
	for _, k := range cjkKeywords {
		if len(t)-i >= len(k.s) && t[i:i+len(k.s)] == k.s {
			return k.class, len(k.s)
		}
	}
	return ctxNone, 0
}

// asciiKeyword returns the class of a run of ASCII letters.
func asciiKeyword(word string) ctxClass {
	if len(word) < 2 || len(word) > maxASCIIKeyword {
		return ctxNone
	}
	var b [maxASCIIKeyword]byte
	for i := 0; i < len(word); i++ {
		c := word[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return asciiKeywords[string(b[:len(word)])]
}
