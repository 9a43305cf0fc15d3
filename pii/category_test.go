package pii_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/lawfulgo/lawful/pii"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBuiltinTaxonomyHas117LeavesIn19Groups(t *testing.T) {
	all := pii.All()
	require.Len(t, all, 117, "the tree has 117 leaves")
	groups := map[string]bool{}
	for _, c := range all {
		d, ok := c.Definition()
		require.True(t, ok)
		require.NoError(t, pii.ValidKey(d.Key))
		assert.NotEmpty(t, d.NameEN, d.Key)
		assert.NotEmpty(t, d.NameZH, d.Key)
		groups[c.Group()] = true
		en, zh := pii.GroupName(c.Group())
		assert.NotEqual(t, c.Group(), en, "group %q needs an English name", c.Group())
		assert.NotEqual(t, c.Group(), zh, "group %q needs a Chinese name", c.Group())
	}
	assert.Len(t, groups, 19)
	for i := 1; i < len(all); i++ {
		assert.Less(t, all[i-1].Key(), all[i].Key(), "All is sorted by key")
	}
}

func TestSensitivity(t *testing.T) {
	tests := []struct {
		name string
		key  string
		law  pii.Law
		want pii.Sensitivity
	}{
		{"biometrics_are_sensitive_PIPL_art28", "biometric.voiceprint", pii.PIPL, pii.Sensitive},
		{"raw_voice_samples_are_sensitive_whatever_the_use_PIPL_art28", "biometric.voice_sample", pii.PIPL, pii.Sensitive},
		{"biometrics_are_special_only_when_identifying_GDPR_art9_art4_14", "biometric.face", pii.GDPR, pii.SensitiveIfIdentifying},
		{"genetic_data_is_special_in_its_own_right_GDPR_art9", "biometric.genetic", pii.GDPR, pii.Sensitive},
		{"financial_accounts_are_sensitive_PIPL_art28", "finance.bank_card", pii.PIPL, pii.Sensitive},
		{"financial_accounts_are_not_special_GDPR_art9", "finance.bank_card", pii.GDPR, pii.General},
		{"whereabouts_are_sensitive_PIPL_art28", "location.trajectory", pii.PIPL, pii.Sensitive},
		{"medical_data_is_sensitive_PIPL_art28", "health.medical", pii.PIPL, pii.Sensitive},
		{"specific_identity_is_sensitive_PIPL_art28", "identity.specific_status", pii.PIPL, pii.Sensitive},
		{"religion_is_sensitive_PIPL_art28", "belief.religion", pii.PIPL, pii.Sensitive},
		{"ethnic_origin_is_special_GDPR_art9", "basic.ethnicity", pii.GDPR, pii.Sensitive},
		{"ethnic_origin_is_general_PIPL_table_A1", "basic.ethnicity", pii.PIPL, pii.General},
		{"trade_union_membership_is_special_GDPR_art9", "belief.trade_union", pii.GDPR, pii.Sensitive},
		{"criminal_records_are_art10_data_GDPR_art10", "private.criminal_record", pii.GDPR, pii.CriminalOffence},
		{"national_id_defaults_to_sensitive_fail_closed_GBT35273_B1", "identity.national_id", pii.PIPL, pii.Sensitive},
		{"phone_number_is_general_GBT35273_2020_B1", "contact.phone", pii.PIPL, pii.General},
		{"passwords_are_general_but_secret", "credential.password", pii.PIPL, pii.General},
		{"unknown_law_fails_closed", "contact.phone", pii.LawUnknown, pii.SensitivityUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := pii.MustLookup(tt.key)
			assert.Equal(t, tt.want, c.Sensitivity(tt.law))
			assert.Equal(t, tt.want != pii.General, pii.Of(c).Sensitive(tt.law).Contains(c))
		})
	}
	assert.Equal(t, pii.SensitivityUnknown, pii.Category(0).Sensitivity(pii.PIPL), "unregistered category is unknown (sensitive)")
	assert.True(t, pii.SensitivityUnknown.IsSensitive())
}

func TestFlags(t *testing.T) {
	secret := []string{"credential.password", "credential.payment_password", "credential.otp", "credential.security_question", "credential.session_token", "finance.card_auth_data"}
	for _, k := range secret {
		assert.True(t, pii.MustLookup(k).IsSecret(), k)
	}
	assert.Equal(t, len(secret), pii.MustParseSet("credential,finance,contact").Secret().Len())
	t.Run("identifiers_make_combined_data_PI_PIPL_art4", func(t *testing.T) {
		for _, k := range []string{"account.id", "device.id.imei", "contact.email"} {
			assert.True(t, pii.MustLookup(k).IsIdentifier(), k)
		}
		for _, k := range []string{"device.model", "activity.clicks", "device.ip"} {
			assert.False(t, pii.MustLookup(k).IsIdentifier(), k)
		}
		s := pii.MustParseSet("activity.clicks,device.model,account.id")
		assert.Equal(t, "account.id", s.Identifiers().String())
	})
}

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		key     string
		wantErr error
		suggest []string
	}{
		{"leaf", "contact.phone", nil, nil},
		{"three_segment_leaf", "device.id.imei", nil, nil},
		{"typo_names_the_nearest_key", "contact.phon", pii.ErrUnknownCategory, []string{"contact.phone"}},
		{"transposition_names_the_nearest_key", "contcat.phone", pii.ErrUnknownCategory, []string{"contact.phone"}},
		{"bare_leaf_name_names_its_full_key", "voiceprint", pii.ErrUnknownCategory, []string{"biometric.voiceprint"}},
		{"wrong_group_names_the_right_one", "identity.phone", pii.ErrUnknownCategory, []string{"contact.phone"}},
		{"group_is_not_a_leaf", "biometric", pii.ErrNotLeaf, nil},
		{"empty", "", pii.ErrUnknownCategory, nil},
		{"garbage", "!!!", pii.ErrUnknownCategory, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := pii.Parse(tt.key)
			if tt.wantErr == nil {
				require.NoError(t, err)
				assert.Equal(t, tt.key, c.String())
				return
			}
			require.ErrorIs(t, err, tt.wantErr)
			assert.Zero(t, c)
			if tt.suggest != nil {
				var uk *pii.UnknownKeyError
				require.ErrorAs(t, err, &uk)
				assert.Subset(t, uk.Suggestions, tt.suggest)
				assert.Equal(t, tt.suggest[0], uk.Suggestions[0], "best suggestion first")
				assert.Contains(t, err.Error(), `did you mean "`+tt.suggest[0]+`"`)
			}
		})
	}
}

func TestCategoryZeroValueIsInvalid(t *testing.T) {
	var c pii.Category
	assert.False(t, c.Valid())
	assert.Equal(t, "Category(0)", c.String())
	assert.Equal(t, "", c.Key())
	assert.Equal(t, "", c.Group())
	assert.False(t, c.IsSecret())
	_, err := c.MarshalText()
	assert.Error(t, err)
	assert.True(t, pii.Of(c).IsEmpty(), "the zero category belongs to no set")
}

func TestCategoryTextRoundTrip(t *testing.T) {
	for _, c := range pii.All() {
		b, err := c.MarshalText()
		require.NoError(t, err)
		var got pii.Category
		require.NoError(t, got.UnmarshalText(b))
		assert.Equal(t, c, got)
	}
	var c pii.Category
	assert.ErrorIs(t, c.UnmarshalText([]byte("nope.nope")), pii.ErrUnknownCategory)
	assert.Zero(t, c, "failed unmarshal leaves the value unchanged")
}

func TestValidKey(t *testing.T) {
	good := []string{"a.b", "x_co.plate_no", "a1.b2.c3"}
	for _, k := range good {
		assert.NoError(t, pii.ValidKey(k), k)
	}
	bad := []string{"", "a", "a.b.c.d", "A.b", "a..b", "a.b.", ".a.b", "1a.b", "a.b-c", "a.b c", "a." + strings.Repeat("b", 64)}
	for _, k := range bad {
		assert.ErrorIs(t, pii.ValidKey(k), pii.ErrMalformedKey, k)
	}
}

// Register mutates the process-wide table, so these cases use keys no other
// test uses and run in one test function.
func TestRegister(t *testing.T) {
	plate := pii.Definition{Key: "xtest.licence_plate", NameEN: "Licence plate", NameZH: "车牌号", PIPL: pii.General, GDPR: pii.General, Identifier: true}
	c, err := pii.Register(plate)
	require.NoError(t, err)
	assert.Equal(t, "xtest.licence_plate", c.String())
	got, ok := pii.Lookup("xtest.licence_plate")
	require.True(t, ok)
	assert.Equal(t, c, got)
	assert.True(t, pii.IsGroup("xtest"))
	g, err := pii.Group("xtest")
	require.NoError(t, err)
	assert.True(t, g.Contains(c))
	assert.True(t, pii.Of(c).Identifiers().Contains(c))

	tests := []struct {
		name string
		def  pii.Definition
		want error
	}{
		{"duplicate_key", plate, pii.ErrDuplicateKey},
		{"builtin_duplicate", pii.Definition{Key: "contact.phone", NameEN: "x", PIPL: pii.General, GDPR: pii.General}, pii.ErrDuplicateKey},
		{"leaf_cannot_become_group", pii.Definition{Key: "contact.phone.mobile", NameEN: "x", PIPL: pii.General, GDPR: pii.General}, pii.ErrDuplicateKey},
		{"group_cannot_become_leaf", pii.Definition{Key: "device.id", NameEN: "x", PIPL: pii.General, GDPR: pii.General}, pii.ErrDuplicateKey},
		{"malformed", pii.Definition{Key: "Plate", NameEN: "x", PIPL: pii.General, GDPR: pii.General}, pii.ErrMalformedKey},
		{"no_name", pii.Definition{Key: "xtest.noname", PIPL: pii.General, GDPR: pii.General}, pii.ErrInvalidDefinition},
		{"PIPL_has_no_identifying_class_PIPL_art28", pii.Definition{Key: "xtest.bad_pipl", NameEN: "x", PIPL: pii.SensitiveIfIdentifying, GDPR: pii.General}, pii.ErrInvalidDefinition},
		{"zero_sensitivity", pii.Definition{Key: "xtest.zero", NameEN: "x"}, pii.ErrInvalidDefinition},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(pii.All())
			_, err := pii.Register(tt.def)
			assert.ErrorIs(t, err, tt.want)
			assert.Len(t, pii.All(), before, "a failed Register changes nothing")
		})
	}
	assert.Panics(t, func() { pii.MustRegister(plate) })
}

func TestRegisterIsSafeForConcurrentUse(t *testing.T) {
	done := make(chan error, 8)
	for i := range 8 {
		go func() {
			_, err := pii.Register(pii.Definition{Key: "xconc.k" + string(rune('a'+i)), NameEN: "k", PIPL: pii.General, GDPR: pii.General})
			done <- err
		}()
	}
	for range 8 {
		s := pii.MustParseSet("contact.phone,biometric")
		assert.Equal(t, 9, s.Len())
		require.NoError(t, <-done)
	}
	g, err := pii.Group("xconc")
	require.NoError(t, err)
	assert.Equal(t, 8, g.Len())
}

func TestLawAndFormText(t *testing.T) {
	for _, l := range pii.Laws() {
		b, err := l.MarshalText()
		require.NoError(t, err)
		var got pii.Law
		require.NoError(t, got.UnmarshalText(b))
		assert.Equal(t, l, got)
	}
	l, err := pii.ParseLaw("pipl")
	require.NoError(t, err)
	assert.Equal(t, pii.PIPL, l)
	_, err = pii.ParseLaw("ccpa")
	assert.ErrorContains(t, err, `unknown law "ccpa"`)
	_, err = pii.LawUnknown.MarshalText()
	assert.Error(t, err)
	assert.Equal(t, "Law(9)", pii.Law(9).String())
	assert.False(t, pii.Law(9).Valid())
	var bad pii.Law
	assert.Error(t, bad.UnmarshalText([]byte("x")))

	for f := pii.Identified; f <= pii.Anonymised; f++ {
		b, err := f.MarshalText()
		require.NoError(t, err)
		var got pii.Form
		require.NoError(t, got.UnmarshalText(b))
		assert.Equal(t, f, got)
	}
	t.Run("only_anonymised_data_is_not_PI_PIPL_art4_art73", func(t *testing.T) {
		assert.True(t, pii.Identified.IsPersonal())
		assert.True(t, pii.Pseudonymised.IsPersonal())
		assert.True(t, pii.Deidentified.IsPersonal(), "de-identified data is still PI (PIPL art. 73(3))")
		assert.False(t, pii.Anonymised.IsPersonal())
		assert.True(t, pii.Form(9).IsPersonal(), "unknown form fails closed")
	})
	var f pii.Form
	assert.Error(t, f.UnmarshalText([]byte("aggregated")))
	_, err = pii.Form(9).MarshalText()
	assert.Error(t, err)
	assert.Equal(t, "Form(9)", pii.Form(9).String())
	assert.Equal(t, "Sensitivity(9)", pii.Sensitivity(9).String())
	assert.Equal(t, "sensitive_if_identifying", pii.SensitiveIfIdentifying.String())
}

func TestErrorsAreSentinelWrapped(t *testing.T) {
	_, err := pii.Parse("nope.nope")
	assert.True(t, errors.Is(err, pii.ErrUnknownCategory))
	assert.False(t, errors.Is(err, pii.ErrMalformedKey))
	uk := &pii.UnknownKeyError{Key: "k", Suggestions: []string{"a", "b", "c"}}
	assert.Equal(t, `pii: unknown category "k"; did you mean "a", "b" or "c"?`, uk.Error())
}
