package pii_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/lawfulgo/lawful/pii"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	phone = pii.MustLookup("contact.phone")
	email = pii.MustLookup("contact.email")
	voice = pii.MustLookup("biometric.voiceprint")
	ip    = pii.MustLookup("device.ip")
)

func TestSetAlgebra(t *testing.T) {
	a := pii.Of(phone, email)
	b := pii.Of(email, voice)
	assert.Equal(t, pii.Of(phone, email, voice), a.Union(b))
	assert.Equal(t, pii.Of(email), a.Intersect(b))
	assert.Equal(t, pii.Of(phone), a.Minus(b))
	assert.True(t, a.Overlaps(b))
	assert.False(t, a.Overlaps(pii.Of(voice)))
	assert.True(t, pii.Of(email).SubsetOf(a))
	assert.False(t, b.SubsetOf(a))
	assert.True(t, pii.Set{}.SubsetOf(a), "the empty set is a subset of every set")
	assert.True(t, a.Contains(phone))
	assert.False(t, a.Contains(voice))
	assert.False(t, a.Contains(0))
	assert.Equal(t, 2, a.Len())
	assert.Equal(t, pii.Of(email), a.Without(phone))
	assert.True(t, pii.Set{}.IsEmpty())
	assert.False(t, a.IsEmpty())
	assert.Equal(t, a, pii.Of(email, phone), "sets compare with ==")
	// Category indexes in every word of the bitset.
	var s pii.Set
	for c := pii.Category(1); c < 255; c++ {
		s = s.With(c)
	}
	s = s.With(255)
	assert.Equal(t, 255, s.Len())
	assert.True(t, s.Contains(255) && s.Contains(64) && s.Contains(128) && s.Contains(191))
	assert.Equal(t, 254, s.Without(255).Len())
}

func TestSetAllIteratesInIndexOrder(t *testing.T) {
	s := pii.Of(voice, phone, ip)
	got := slices.Collect(s.All())
	want := []pii.Category{phone, voice, ip}
	slices.Sort(want)
	assert.Equal(t, want, got)
	for range s.All() {
		break // early exit must not panic
	}
}

func TestSetText(t *testing.T) {
	tests := []struct {
		name, in, out string
	}{
		{"empty", "", ""},
		{"sorted_on_output", "device.ip, contact.phone", "contact.phone,device.ip"},
		{"group_expands_to_leaves", "device.id", "device.id.android_id,device.id.iccid,device.id.idfa,device.id.idfv,device.id.imei,device.id.imsi,device.id.install_id,device.id.mac,device.id.meid,device.id.oaid,device.id.serial"},
		{"duplicates_collapse", "contact.phone,contact.phone,contact", "contact.address,contact.consignee,contact.email,contact.landline,contact.phone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s pii.Set
			require.NoError(t, s.UnmarshalText([]byte(tt.in)))
			assert.Equal(t, tt.out, s.String())
			b, err := s.MarshalText()
			require.NoError(t, err)
			assert.Equal(t, tt.out, string(b))
		})
	}
	t.Run("unknown_key_fails_and_leaves_set_unchanged", func(t *testing.T) {
		s := pii.Of(phone)
		err := s.UnmarshalText([]byte("contact.email,contact.phon"))
		require.ErrorIs(t, err, pii.ErrUnknownCategory)
		assert.Equal(t, pii.Of(phone), s)
	})
	t.Run("json_uses_text_form", func(t *testing.T) {
		b, err := json.Marshal(map[string]pii.Set{"c": pii.Of(voice, phone)})
		require.NoError(t, err)
		assert.JSONEq(t, `{"c":"biometric.voiceprint,contact.phone"}`, string(b))
	})
	t.Run("unregistered_bits_print_but_do_not_marshal", func(t *testing.T) {
		s := pii.Of(phone).With(250)
		assert.Equal(t, "contact.phone,Category(250)", s.String())
		assert.Equal(t, []string{"contact.phone", "Category(250)"}, s.Keys())
		_, err := s.MarshalText()
		assert.ErrorIs(t, err, pii.ErrUnknownCategory)
	})
}

func TestSetSensitiveByLaw(t *testing.T) {
	s := pii.MustParseSet("contact.phone,biometric.voiceprint,finance.bank_card,basic.ethnicity")
	assert.Equal(t, "biometric.voiceprint,finance.bank_card", s.Sensitive(pii.PIPL).String(), "PIPL art. 28")
	assert.Equal(t, "basic.ethnicity,biometric.voiceprint", s.Sensitive(pii.GDPR).String(), "GDPR art. 9")
	assert.Equal(t, s, s.Sensitive(pii.LawUnknown), "unknown law: everything is sensitive (fail closed)")
	assert.Equal(t, s, s.Sensitive(pii.Law(200)))
}

func TestGroupLookup(t *testing.T) {
	g, err := pii.Group("biometric")
	require.NoError(t, err)
	assert.Equal(t, 8, g.Len())
	g, err = pii.Group("contact.phone")
	require.NoError(t, err)
	assert.Equal(t, pii.Of(phone), g)
	_, err = pii.Group("biometrics")
	var uk *pii.UnknownKeyError
	require.ErrorAs(t, err, &uk)
	assert.Equal(t, "biometric", uk.Suggestions[0])
	en, zh := pii.GroupName("device.id")
	assert.Equal(t, "Device identifiers", en)
	assert.Equal(t, "设备标识符", zh)
	en, zh = pii.GroupName("nogroup")
	assert.Equal(t, "nogroup", en)
	assert.Equal(t, "nogroup", zh)
	assert.Panics(t, func() { pii.MustParseSet("nope") })
	assert.Panics(t, func() { pii.MustLookup("nope") })
}
