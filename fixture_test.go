package lawful_test

import (
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

// policy is a dual-regime service covering every kind of basis the Guard
// treats differently.
func policy() *purpose.Registry {
	both := []pii.Law{pii.PIPL, pii.GDPR}
	v1 := []purpose.Version{{Number: 1}}
	gdpr := func(b purpose.Basis, s purpose.Special) map[pii.Law]purpose.Legal {
		return map[pii.Law]purpose.Legal{pii.GDPR: {Basis: b, Special: s, Cites: "GDPR art. 6(1)(c) with national law"}}
	}
	return purpose.MustCompile(purpose.Policy{
		Name:      purpose.Text{EN: "Voice Lab"},
		Regimes:   both,
		Retention: []purpose.Retention{{ID: "r", Summary: purpose.Text{EN: "As long as needed"}}},
		Purposes: []purpose.Purpose{
			{ID: "signup.login", Name: purpose.Text{EN: "Login"}, Core: true, Versions: v1,
				Required: pii.MustParseSet("contact.phone,credential.otp"), Operations: purpose.OperationsOf(purpose.Collect, purpose.Use, purpose.Store),
				Basis: purpose.Legal{Basis: purpose.Contract}, Retention: "r"},
			{ID: "service.voice_clone", Name: purpose.Text{EN: "Voice cloning"},
				Versions: []purpose.Version{{Number: 1}, {Number: 2, Material: true}},
				Required: pii.MustParseSet("biometric.voice_sample,biometric.voiceprint"), Optional: pii.MustParseSet("content.text"),
				Operations: purpose.OperationsOf(purpose.Collect, purpose.Use, purpose.Store),
				Basis:      purpose.Legal{Basis: purpose.Consent}, BasisUnder: gdpr(purpose.Consent, purpose.ExplicitConsent),
				Traits: purpose.BiometricEditing, Retention: "r"},
			{ID: "marketing.sms", Name: purpose.Text{EN: "SMS marketing"}, Versions: v1,
				Required: pii.MustParseSet("contact.phone"), Operations: purpose.OperationsOf(purpose.Use),
				Basis: purpose.Legal{Basis: purpose.Consent}, Traits: purpose.Marketing, Retention: "r"},
			{ID: "ads.personalised", Name: purpose.Text{EN: "Personalised ads"}, Versions: v1,
				Required: pii.MustParseSet("profile.tags"), Operations: purpose.OperationsOf(purpose.Use),
				Basis: purpose.Legal{Basis: purpose.Consent}, Traits: purpose.Marketing | purpose.AutomatedDecision, Retention: "r"},
			{ID: "commerce.payment", Name: purpose.Text{EN: "Payment"}, Versions: v1,
				Required:   pii.MustParseSet("finance.order,finance.payment_record"),
				Operations: purpose.OperationsOf(purpose.Collect, purpose.Use, purpose.Share, purpose.Entrust),
				Recipients: []purpose.Recipient{{Name: "WeChat Pay", Role: purpose.Independent}, {Name: "Cloud Co", Role: purpose.Entrusted}},
				Basis:      purpose.Legal{Basis: purpose.Contract}, Retention: "r"},
			{ID: "partners.sharing", Name: purpose.Text{EN: "Partner offers"}, Versions: v1,
				Required:   pii.MustParseSet("contact.phone"),
				Operations: purpose.OperationsOf(purpose.Share, purpose.Export),
				Recipients: []purpose.Recipient{{Name: "Partner A", Role: purpose.Independent}, {Name: "Partner B", Role: purpose.Independent}, {Name: "SG Partner", Role: purpose.Independent, Country: "SG", Mechanism: purpose.StandardContract}},
				Basis:      purpose.Legal{Basis: purpose.Consent}, Retention: "r"},
			{ID: "ops.logging", Name: purpose.Text{EN: "Network logs"}, Core: true, Versions: v1,
				Required: pii.MustParseSet("activity.service_log,device.ip,account.id"), Operations: purpose.OperationsOf(purpose.Collect, purpose.Store, purpose.Disclose),
				Basis: purpose.Legal{Basis: purpose.LegalDuty, Cites: "Cybersecurity Law art. 21(3)"}, BasisUnder: gdpr(purpose.LegalDuty, 0), Retention: "r"},
			{ID: "safety.rescue", Name: purpose.Text{EN: "Emergency rescue"}, Versions: v1,
				Required: pii.MustParseSet("location.precise,contact.phone"), Operations: purpose.OperationsOf(purpose.Use, purpose.Disclose),
				Basis: purpose.Legal{Basis: purpose.Emergency}, BasisUnder: gdpr(purpose.VitalInterests, 0), Retention: "r"},
			{ID: "search.public_posts", Name: purpose.Text{EN: "Search of public posts"}, Versions: v1,
				Required: pii.MustParseSet("content.public_post"), Operations: purpose.OperationsOf(purpose.Use),
				Basis: purpose.Legal{Basis: purpose.PublicInformation}, BasisUnder: gdpr(purpose.LegitimateInterests, 0), Retention: "r"},
			{ID: "corporate.succession", Name: purpose.Text{EN: "Transfer to a successor"}, Versions: v1,
				Required: pii.MustParseSet("account.id,contact.phone"), Operations: purpose.OperationsOf(purpose.Transfer),
				Recipients: []purpose.Recipient{{Name: "NewCo", Role: purpose.Successor, Contact: "legal@newco.example"}},
				Basis:      purpose.Legal{Basis: purpose.Succession}, BasisUnder: gdpr(purpose.LegitimateInterests, 0), Retention: "r"},
			{ID: "profile.public", Name: purpose.Text{EN: "Public profile"}, Versions: v1,
				Required: pii.MustParseSet("account.nickname,account.avatar"), Operations: purpose.OperationsOf(purpose.Disclose),
				Basis: purpose.Legal{Basis: purpose.Consent}, Retention: "r"},
		},
	})
}

var adultForLog = subject.MustParseID("0192f000-0000-7000-8000-0000000000aa")
