package purpose_test

import (
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
)

// voicePolicy is a small valid PIPL policy: a consent-based voice clone, a
// contract-based login, logs on a cited legal duty, and payment shared with
// an independent processor.
func voicePolicy() purpose.Policy {
	return purpose.Policy{
		Name:       purpose.Text{EN: "Voice Lab", ZH: "声音实验室"},
		Controller: purpose.Controller{Name: purpose.Text{EN: "Voice Lab Ltd", ZH: "声音实验室有限公司"}, Contact: "privacy@voicelab.example"},
		Version:    "2026-01-01",
		Regimes:    []pii.Law{pii.PIPL},
		Retention: []purpose.Retention{
			{ID: "account", Summary: purpose.Text{EN: "Until the account is closed", ZH: "至账号注销"}},
			{ID: "logs", Summary: purpose.Text{EN: "At least 6 months (CSL art. 21(3))", ZH: "不少于六个月"}},
			{ID: "voice", Summary: purpose.Text{EN: "Until the voice model is deleted", ZH: "至声音模型删除"}},
		},
		Purposes: []purpose.Purpose{
			{
				ID: "signup.login", Name: purpose.Text{EN: "Sign-up and login", ZH: "注册登录"}, Core: true,
				Versions:   []purpose.Version{{Number: 1}},
				Required:   pii.MustParseSet("contact.phone,credential.otp"),
				Operations: purpose.OperationsOf(purpose.Collect, purpose.Use, purpose.Store),
				Basis:      purpose.Legal{Basis: purpose.Contract},
				Retention:  "account",
			},
			{
				ID: "service.voice_clone", Name: purpose.Text{EN: "Voice cloning", ZH: "声音克隆"},
				Versions:   []purpose.Version{{Number: 1}, {Number: 2, Material: true, Changes: purpose.ChangedCategories}, {Number: 3, Changes: purpose.ChangedWording}},
				Required:   pii.MustParseSet("biometric.voice_sample,biometric.voiceprint"),
				Optional:   pii.MustParseSet("content.text"),
				Operations: purpose.OperationsOf(purpose.Collect, purpose.Use, purpose.Store, purpose.Entrust),
				Recipients: []purpose.Recipient{{Name: "GPU Cloud", Role: purpose.Entrusted}},
				Basis:      purpose.Legal{Basis: purpose.Consent},
				Retention:  "voice",
			},
			{
				ID: "ops.logging", Name: purpose.Text{EN: "Network logs", ZH: "网络日志"}, Core: true,
				Versions:   []purpose.Version{{Number: 1}},
				Required:   pii.MustParseSet("activity.service_log,device.ip,account.id"),
				Operations: purpose.OperationsOf(purpose.Collect, purpose.Store),
				Basis:      purpose.Legal{Basis: purpose.LegalDuty, Cites: "Cybersecurity Law art. 21(3)"},
				Retention:  "logs",
			},
			{
				ID: "commerce.payment", Name: purpose.Text{EN: "Payment", ZH: "支付"},
				Versions:   []purpose.Version{{Number: 1}},
				Required:   pii.MustParseSet("finance.order,finance.payment_record"),
				Operations: purpose.OperationsOf(purpose.Collect, purpose.Use, purpose.Store, purpose.Share),
				Recipients: []purpose.Recipient{{Name: "WeChat Pay", Role: purpose.Independent, Contact: "95017"}},
				Basis:      purpose.Legal{Basis: purpose.Contract},
				Retention:  "account",
			},
		},
	}
}

// edit returns voicePolicy with the purpose id changed by f.
func edit(id purpose.ID, f func(*purpose.Purpose)) purpose.Policy {
	p := voicePolicy()
	for i := range p.Purposes {
		if p.Purposes[i].ID == id {
			f(&p.Purposes[i])
		}
	}
	return p
}
