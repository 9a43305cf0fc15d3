package detect_test

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/lawfulgo/lawful/pii/format"
)

// slot writes one value (or decoy) with optional context words.
type slot func(g *gen, zh bool)

// ctx writes a context word for the value that follows, in the document's
// language, always when must is set, otherwise half the time.
func (g *gen) ctx(zh, must bool, zhWords, enWords []string) {
	if !must && g.r.IntN(2) == 0 {
		if zh {
			g.text(g.pick("是", "：", "为", " "))
		} else {
			g.text(g.pick(" ", ": ", "is "))
		}
		return
	}
	if zh {
		w := g.pick(zhWords...)
		if c := w[len(w)-1]; c < 0x80 {
			// A Latin word is not glued to a value that may start
			// with a letter: "IBANGB82…" is unreadable to people too.
			g.text(w + g.pick("：", "是", " ", "为："))
			return
		}
		g.text(w + g.pick("：", "是", "", " ", "为："))
	} else {
		g.text(g.pick(enWords...) + g.pick(": ", " ", " is ", " no. "))
	}
}

var valueSlots = map[format.Kind]slot{
	format.NationalID: func(g *gen, zh bool) {
		g.ctx(zh, false, []string{"身份证号", "身份证", "证件号码"}, []string{"ID card", "ID number", "identity"})
		v := g.id18()
		switch g.r.IntN(5) {
		case 0:
			v = v[:6] + " " + v[6:14] + " " + v[14:]
		case 1:
			v = fullWidth(v)
		case 2:
			v = strings.ToLower(v)
		}
		g.value(format.NationalID, v)
	},
	format.NationalID15: func(g *gen, zh bool) {
		g.ctx(zh, true, []string{"旧身份证号", "身份证"}, []string{"old ID card", "ID card"})
		g.value(format.NationalID15, g.id15())
	},
	format.Mobile: func(g *gen, zh bool) {
		g.ctx(zh, false, []string{"手机号", "手机", "联系电话", "电话"}, []string{"phone", "mobile", "cell", "call me at"})
		v := g.mobile()
		switch g.r.IntN(6) {
		case 0:
			v = "+86 " + v
		case 1:
			v = v[:3] + " " + v[3:7] + " " + v[7:]
		case 2:
			v = v[:3] + "-" + v[3:7] + "-" + v[7:]
		case 3:
			v = fullWidth(v)
		case 4:
			v = "+86-" + v
		}
		g.value(format.Mobile, v)
	},
	format.Landline: func(g *gen, zh bool) {
		g.ctx(zh, false, []string{"座机", "电话", "固话"}, []string{"tel", "landline", "office phone"})
		area := g.pick("010", "021", "020", "025", "0755", "0571", "0915", "0731", "0351")
		sub := string(byte('2'+g.r.IntN(7))) + g.digits(7)
		if len(area) == 4 && g.r.IntN(2) == 0 {
			sub = sub[:7]
		}
		sep := g.pick("-", "-", " ")
		g.value(format.Landline, area+sep+sub)
	},
	format.E164: func(g *gen, zh bool) {
		g.ctx(zh, false, []string{"海外电话", "国际电话"}, []string{"phone", "call", "WhatsApp"})
		v := g.pick("+44 20 "+g.digits(4), "+1 415 "+g.digits(3), "+33 1 "+g.digits(4), "+49 30 "+g.digits(4), "+81 3 "+g.digits(4)) + " " + g.digits(4)
		g.value(format.E164, v)
	},
	format.BankCard: func(g *gen, zh bool) {
		g.ctx(zh, false, []string{"银行卡号", "卡号", "信用卡"}, []string{"card", "card number", "debit card"})
		v := g.card()
		switch g.r.IntN(3) {
		case 0:
			v = group4(v, " ")
		case 1:
			v = group4(v, "-")
		}
		g.value(format.BankCard, v)
	},
	format.IBAN: func(g *gen, zh bool) {
		g.ctx(zh, false, []string{"收款账号", "IBAN"}, []string{"IBAN", "account"})
		g.value(format.IBAN, g.iban())
	},
	format.CreditCode: func(g *gen, zh bool) {
		g.ctx(zh, false, []string{"统一社会信用代码", "信用代码", "营业执照"}, []string{"USCC", "USCI"})
		g.value(format.CreditCode, g.creditCode())
	},
	format.Passport: func(g *gen, zh bool) {
		g.ctx(zh, true, []string{"护照号", "护照"}, []string{"passport", "Passport"})
		g.value(format.Passport, g.pick("E"+g.digits(8), "EA"+g.digits(7), "K"+g.digits(8), "MA"+g.digits(7)))
	},
	format.HKMacaoPermit: func(g *gen, zh bool) {
		g.ctx(zh, true, []string{"港澳通行证", "回乡证"}, []string{"HK/Macao permit", "home return permit"})
		g.value(format.HKMacaoPermit, g.pick("C"+g.digits(8), "H"+g.digits(10), "M"+g.digits(8)))
	},
	format.TaiwanPermit: func(g *gen, zh bool) {
		g.ctx(zh, true, []string{"台胞证", "往来台湾通行证"}, []string{"Taiwan permit"})
		g.value(format.TaiwanPermit, g.pick(g.digits(8), "L"+g.digits(8)))
	},
	format.Email: func(g *gen, zh bool) {
		g.ctx(zh, false, []string{"邮箱", "电子邮件"}, []string{"email", "mail", "e-mail"})
		local := g.pick("zhang.san", "li_si", "wangwu88", "alice", "bob.smith", g.digits(9), "service+cn")
		g.value(format.Email, local+"@"+g.pick("qq.com", "163.com", "gmail.com", "example.com", "corp.example.cn", "Outlook.COM"))
	},
	format.IP: func(g *gen, zh bool) {
		g.ctx(zh, false, []string{"IP", "登录IP", "来源地址"}, []string{"IP", "client", "from"})
		if g.r.IntN(3) == 0 {
			g.value(format.IP, fmt.Sprintf("2001:db8:%x::%x", g.r.IntN(65535), 1+g.r.IntN(65535)))
			return
		}
		g.value(format.IP, fmt.Sprintf("%d.%d.%d.%d", 1+g.r.IntN(223), g.r.IntN(256), g.r.IntN(256), 1+g.r.IntN(254)))
		if g.r.IntN(3) == 0 {
			g.text(fmt.Sprintf(":%d", 1024+g.r.IntN(60000)))
		}
	},
	format.IMEI: func(g *gen, zh bool) {
		g.ctx(zh, true, []string{"IMEI", "串号", "设备号"}, []string{"IMEI", "device IMEI"})
		g.value(format.IMEI, g.imei())
	},
	format.MAC: func(g *gen, zh bool) {
		g.ctx(zh, false, []string{"MAC", "物理地址"}, []string{"MAC", "wifi MAC", "BSSID"})
		b := make([]string, 6)
		for i := range b {
			b[i] = fmt.Sprintf("%02x", g.r.IntN(256))
		}
		b[0] = fmt.Sprintf("%02x", g.r.IntN(128)*2)
		if b[0] == "00" || b[0] == "02" {
			b[0] = "3c"
		}
		v := strings.Join(b, g.pick(":", "-"))
		if g.r.IntN(2) == 0 {
			v = strings.ToUpper(v)
		}
		g.value(format.MAC, v)
	},
	format.Plate: func(g *gen, zh bool) {
		g.ctx(zh, false, []string{"车牌号", "车牌"}, []string{"plate", "licence plate"})
		g.value(format.Plate, g.plate())
	},
}

// decoys are look-alikes that hold no personal data.
var decoys = []slot{
	func(g *gen, zh bool) { // an ID number with a wrong check character
		v := g.id18()
		c := v[17]
		for c == v[17] {
			c = "0123456789X"[g.r.IntN(11)]
		}
		g.text(g.pick("编号", "ID ") + v[:17] + string(c))
	},
	func(g *gen, zh bool) { // order numbers led by a date
		g.text(g.pick("订单号：", "order no. ", "单号", "流水号 ") + "20" + g.birth(2019, 2026)[2:] + g.digits(6+g.r.IntN(5)))
	},
	func(g *gen, zh bool) { // long order numbers with an 11-digit or card-like body
		g.text(g.pick("订单号：", "order ", "交易号 ", "快递单号 ") + g.pick(g.mobile(), g.card(), g.digits(16), g.id18()))
	},
	func(g *gen, zh bool) { // Unix timestamps in s and ms
		g.text(g.pick("时间戳 ", "ts=", "timestamp ") + "17" + g.digits(8+3*g.r.IntN(2)))
	},
	func(g *gen, zh bool) { // dates and times
		g.text(fmt.Sprintf("%s 2024-%02d-%02d %02d:%02d:%02d", g.pick("时间", "at", "更新于"), 1+g.r.IntN(12), 1+g.r.IntN(28), g.r.IntN(24), g.r.IntN(60), g.r.IntN(60)))
	},
	func(g *gen, zh bool) { // numbers in unassigned mobile segments, and 10 digits
		g.text(g.pick("号码 ", "no. ") + g.pick("12"+g.digits(9), "10"+g.digits(9), "154"+g.digits(8), "138"+g.digits(7)))
	},
	func(g *gen, zh bool) { // a card number failing Luhn
		v := g.card()
		last := (v[len(v)-1]-'0'+1+byte(g.r.IntN(8)))%10 + '0'
		g.text(g.pick("卡号 ", "card ") + group4(v[:len(v)-1]+string(last), " "))
	},
	func(g *gen, zh bool) { // versions, amounts, prices
		g.text(g.pick(fmt.Sprintf("版本 %d.%d.%d", g.r.IntN(10), g.r.IntN(20), g.r.IntN(100)),
			fmt.Sprintf("v%d.%d.%d", g.r.IntN(10), g.r.IntN(20), g.r.IntN(100)),
			fmt.Sprintf("金额 ¥%d,%03d.%02d", 1+g.r.IntN(99), g.r.IntN(1000), g.r.IntN(100)),
			fmt.Sprintf("price $%d.%02d", g.r.IntN(10000), g.r.IntN(100))))
	},
	func(g *gen, zh bool) { // malformed addresses and placeholders
		g.text(g.pick("300.1.2.3", "192.168.01.1", "02:00:00:00:00:00", "user@localhost", "a@b", "ff:ff:ff:ff:ff:ff", "1.2.3"))
	},
	func(g *gen, zh bool) { // UUIDs and hex digests
		g.text(fmt.Sprintf("trace %08x-%04x-%04x-%04x-%012x", g.r.Uint32(), g.r.IntN(65536), g.r.IntN(65536), g.r.IntN(65536), g.r.Uint64()&(1<<48-1)))
	},
	func(g *gen, zh bool) { // courier tracking numbers, often without a word before them
		g.text(g.pick("", "", "快递单号 ", "tracking ") + g.pick("SF"+g.digits(13), "YT"+g.digits(13), "JT"+g.digits(13),
			"75"+g.digits(13), "78"+g.digits(12), "JDVA"+g.digits(11)))
	},
	func(g *gen, zh bool) { // an IMEI, an IBAN and a credit code with a wrong check character
		switch g.r.IntN(3) {
		case 0:
			v := g.imei()
			g.text(g.pick("IMEI ", "串号：") + v[:14] + string('0'+(v[14]-'0'+1+byte(g.r.IntN(8)))%10))
		case 1:
			v := strings.ReplaceAll(g.iban(), " ", "")
			c := '0' + (v[3]-'0'+1+byte(g.r.IntN(8)))%10
			g.text("IBAN " + v[:3] + string(c) + v[4:])
		default:
			v := g.creditCode()
			c := byte('0' + g.r.IntN(10))
			for c == v[17] {
				c = byte('0' + g.r.IntN(10))
			}
			g.text(g.pick("信用代码 ", "USCC ") + v[:17] + string(c))
		}
	},
	func(g *gen, zh bool) { // postcodes, room numbers, quantities
		g.text(g.pick("邮编 ", "room ", "数量 ", "工号 ") + g.digits(4+g.r.IntN(3)))
	},
}

var fillersZH = []string{"您好，", "请帮我核实一下", "麻烦处理：", "。", "，谢谢！", "另外", "我的", "客户资料", "已登记", "；"}

// fillersEN start and end with a space or punctuation: English words are
// not glued to the values around them.
var fillersEN = []string{" Hi, ", " please check ", ". ", ", thanks! ", " also ", " my ", " the customer ", " on file ", "; "}

// corpus builds n documents from seed.
func corpus(seed uint64, n int) []doc {
	g := &gen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	kinds := make([]format.Kind, 0, len(valueSlots))
	for _, k := range format.Kinds() {
		if _, ok := valueSlots[k]; ok {
			kinds = append(kinds, k)
		}
	}
	docs := make([]doc, 0, n)
	for range n {
		g.b.Reset()
		g.lab = nil
		zh := g.r.IntN(3) != 0
		fill := fillersEN
		if zh {
			fill = fillersZH
		}
		for range 1 + g.r.IntN(3) {
			g.text(g.pick(fill...))
			if g.r.IntN(3) == 0 {
				decoys[g.r.IntN(len(decoys))](g, zh)
			} else {
				valueSlots[kinds[g.r.IntN(len(kinds))]](g, zh)
			}
			g.text(g.pick(fill...))
		}
		docs = append(docs, doc{text: g.b.String(), labels: g.lab})
	}
	return docs
}
