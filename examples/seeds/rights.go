package seeds

import (
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/rights"
)

// Rights returns the rights-request policy seed dir promises under law,
// for a rights.Desk: package rights' PIPL (or GDPR) policy with the
// deadlines the seed's text states, each Term citing its clause. ok is
// false for a dir that is not a seed, or a law the seed does not serve.
//
//	000  access 15 days from the request (§5.1); complaints and every
//	     other request 15 working days after identity verification
//	     (§5.6, §5.7, §10)
//	001  deregistration and complaints 15 days after verification
//	     (§5(3), §5(5)); every other request 15 working days after
//	     verification (§IX)
//	002  15 days from the request (§V "Responding to Your Above
//	     Requests"); questions and complaints 15 days after verification
//	     ("How to contact us"); the same under GDPR, with no extension
//	003  "the time limit the law sets" (§六.4, §九.4), and no law sets
//	     one: the library's default, 15 working days after verification
//	004  15 working days after identity verification (§九(二))
//
// No seed states a number of requests after which a fee may be charged,
// so Repeat is left unset. Working days come from the Calendar the Desk is
// given (rights.Holidays with the published schedule).
func Rights(dir string, law pii.Law) (rights.Policy, bool) {
	days := func(n int, u rights.Unit, from rights.From, cites string) rights.Term {
		return rights.Term{N: n, Unit: u, From: from, Cites: cites}
	}
	const cd, wd, receipt, verified = rights.CalendarDays, rights.WorkingDays, rights.FromReceipt, rights.FromVerification
	if law != pii.PIPL && (law != pii.GDPR || dir != "002-webservice") {
		return rights.Policy{}, false
	}
	p := rights.PIPL()
	switch dir {
	case "000-allvoicelab":
		p.Name = "seed 000 (All Voice Lab)"
		p.Term = days(15, wd, verified, "seed 000 §5.6, §10: 在验证您的用户身份后的十五个工作日内予以回复")
		p.Kinds = map[rights.Kind]rights.Term{
			rights.Access:   days(15, cd, receipt, "seed 000 §5.1: 我们将在15天内回复您的访问请求"),
			rights.Complain: days(15, wd, verified, "seed 000 §5.7: 我们核查后会在十五个工作日内反馈您的投诉与举报"),
		}
	case "001-aiart":
		p.Name = "seed 001 (AI Art)"
		p.Term = days(15, wd, verified, "seed 001 §IX: within fifteen working days of receiving and verifying your identity")
		p.Kinds = map[rights.Kind]rights.Term{
			rights.Deregister: days(15, cd, verified, "seed 001 §5(3): we will cancel your account within 15 days after checking"),
			rights.Complain:   days(15, cd, verified, "seed 001 §5(5): within fifteen days of verifying your user identity"),
		}
	case "002-webservice":
		location := p.Location // the controller stores and answers in China (§IV "Place of storage")
		if law == pii.GDPR {
			p = rights.GDPR()
			p.Location = location
			// GDPR art. 12(3) would allow two further months; the seed
			// promises 15 days to every request under "other applicable
			// laws" and mentions no extension.
			p.Extended = rights.Term{}
		}
		p.Name = "seed 002 (" + law.String() + ")"
		p.Term = days(15, cd, receipt, "seed 002 §V 'Responding to Your Above Requests': we will respond within 15 days")
		p.Kinds = map[rights.Kind]rights.Term{
			rights.Complain: days(15, cd, verified, "seed 002 'How to contact us': respond within 15 days after verifying your user identity"),
		}
	case "003-clipo":
		p.Name = "seed 003 (Clipo)"
		p.Term.Cites = "seed 003 §六.4, §九.4 promise only 法律规定的期限, and no law sets a number (PIPL arts. 45-50: timely): the library's default, 15 working days after verification [L]"
	case "004-jichuang":
		p.Name = "seed 004 (即创)"
		p.Term = days(15, wd, verified, "seed 004 §九(二): 在验证您的用户身份后的十五个工作日内回复")
	default:
		return rights.Policy{}, false
	}
	return p, true
}
