package mask_test

import (
	"testing"

	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/pii/mask"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDefaultRules(t *testing.T) {
	for _, tc := range []struct {
		name, cat, in, want string
	}{
		{"mobile_keeps_3_and_4_GBT35273_s7.2", "contact.phone", "13812341234", "138****1234"},
		{"mobile_with_plus86_and_separators", "contact.phone", "+86 138-1234-1234", "138****1234"},
		{"mobile_with_0086", "contact.phone", "0086 13812341234", "138****1234"},
		{"mobile_full_width", "contact.phone", "１３８１２３４１２３４", "138****1234"},
		{"national_id_keeps_3_and_4_hides_the_birth_date", "identity.national_id", "110105194912311234", "110***********1234"},
		{"national_id_with_spaces", "identity.national_id", "110105 19491231 002X", "110***********002X"},
		{"bank_card_last_four_only", "finance.bank_card", "6222 6002 6000 1072 444", "***************2444"},
		{"name_keeps_surname", "basic.name", "张三", "张*"},
		{"name_three_characters", "basic.name", "张三丰", "张**"},
		{"name_compound_surname", "basic.name", "欧阳娜娜", "欧阳**"},
		{"name_compound_surname_alone_keeps_one", "basic.name", "欧阳", "欧*"},
		{"name_one_character_hidden", "basic.name", "张", "*"},
		{"name_latin_keeps_initial", "basic.name", "Alice Smith", "A**********"},
		{"email_first_char_and_domain", "contact.email", "alice@example.com", "a***@example.com"},
		{"email_one_char_local_hidden", "contact.email", "a@example.com", "***@example.com"},
		{"email_malformed_redacted", "contact.email", "alice", "****"},
		{"landline_area_code_and_last_2", "contact.landline", "0915-2345679", "0915*****79"},
		{"landline_Beijing", "contact.landline", "010-62345678", "010******78"},
		{"address_cut_after_district", "contact.address", "北京市海淀区中关村大街1号", "北京市海淀区****"},
		{"address_county", "contact.address", "浙江省杭州市淳安县千岛湖镇", "浙江省杭州市淳安县****"},
		{"address_without_levels_redacted", "contact.address", "221B Baker Street", "****"},
		{"ipv4_last_octet", "device.ip", "192.168.1.23", "192.168.1.*"},
		{"ipv6_keeps_48_bits", "device.ip", "2001:db8:1:2::5", "2001:db8:1::*"},
		{"passport_keeps_1_and_2", "identity.passport", "E12345678", "E******78"},
		{"imei_last_four", "device.id.imei", "490154203237518", "***********7518"},
		{"nickname_first_char", "account.nickname", "快乐的鱼", "快***"},
		{"secret_never_shown_even_its_length", "credential.password", "hunter2", "******"},
		{"otp_never_shown", "credential.otp", "123456", "******"},
		{"card_auth_data_never_shown", "finance.card_auth_data", "123", "******"},
		{"unlisted_category_redacted", "health.medical", "糖尿病", "****"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := pii.MustLookup(tc.cat)
			assert.Equal(t, tc.want, mask.String(c, tc.in))
		})
	}
}

func TestShortValuesKeepAThirdHidden(t *testing.T) {
	r := mask.Rule{Style: mask.Chars, First: 3, Last: 4}
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"1", "*"},
		{"12", "*2"},
		{"123", "1*3"},
		{"123456", "12**56"},
		{"1234567890", "123****890"},
	} {
		assert.Equal(t, tc.want, string(r.Append(nil, tc.in)), tc.in)
	}
}

func TestFixedHidesTheLength(t *testing.T) {
	r := mask.Rule{Style: mask.Digits, Last: 4, Fixed: 4}
	assert.Equal(t, "****1234", string(r.Append(nil, "6222600260001071234")))
	assert.Equal(t, "****1234", string(r.Append(nil, "4111111111111234")))
	assert.Equal(t, "****", string(mask.Rule{}.Append(nil, "anything at all")), "the zero Rule redacts")
	assert.Equal(t, "****", string(mask.Rule{Style: 99}.Append(nil, "x")), "an invalid rule redacts")
}

func TestNew(t *testing.T) {
	phone, card := pii.MustLookup("contact.phone"), pii.MustLookup("finance.bank_card")
	m, err := mask.New(map[pii.Category]mask.Rule{
		phone: {Style: mask.Phone, First: 3, Last: 2},
		card:  {Style: mask.Digits, First: 6, Last: 4},
	})
	require.NoError(t, err)
	assert.Equal(t, "138******34", m.String(phone, "13812341234"))
	assert.Equal(t, "622848*********0018", m.String(card, "6228480402564890018"), "6 + 4 is the PCI DSS maximum")
	assert.Equal(t, "a***@example.com", m.String(pii.MustLookup("contact.email"), "alice@example.com"), "other categories keep their default")

	_, err = mask.New(map[pii.Category]mask.Rule{pii.MustLookup("credential.otp"): {Style: mask.Chars, Last: 2}})
	assert.ErrorContains(t, err, "credential.otp is a secret: it is never shown even in part")
	_, err = mask.New(map[pii.Category]mask.Rule{phone: {Style: mask.Chars, First: 99}})
	assert.ErrorContains(t, err, "must be between 0 and 32")
	_, err = mask.New(map[pii.Category]mask.Rule{0: {}})
	assert.ErrorContains(t, err, "not a registered category")

	var zero mask.Masker
	assert.Equal(t, "138****1234", zero.String(phone, "13812341234"), "the zero Masker uses the defaults")
}

func TestAppendDoesNotAllocate(t *testing.T) {
	buf := make([]byte, 0, 64)
	for _, tc := range []struct{ cat, in string }{
		{"contact.phone", "+86 138-1234-1234"},
		{"identity.national_id", "11010519491231002X"},
		{"finance.bank_card", "6222 6002 6000 1072 444"},
		{"basic.name", "欧阳娜娜"},
		{"contact.email", "alice@example.com"},
		{"contact.address", "北京市海淀区中关村大街1号"},
		{"device.ip", "2001:db8:1:2::5"},
		{"credential.password", "hunter2"},
	} {
		c := pii.MustLookup(tc.cat)
		allocs := testing.AllocsPerRun(200, func() { buf = mask.Append(buf[:0], c, tc.in) })
		assert.Zero(t, allocs, tc.cat)
	}
}
