package format_test

import (
	"errors"
	"testing"
	"time"

	"github.com/lawfulgo/lawful/pii/format"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type vcase struct {
	name string
	in   string
	want string // normal form; "" with err set
	err  error
}

func runCases(t *testing.T, k format.Kind, cases []vcase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := k.Normalize(tc.in)
			if tc.err != nil {
				require.Error(t, err)
				assert.ErrorIs(t, err, tc.err)
				fe, ok := errors.AsType[*format.Error](err)
				require.True(t, ok, "errors are *format.Error")
				assert.Equal(t, k, fe.Kind)
				if !errors.Is(err, format.ErrPlaceholder) { // placeholders are public constants
					assert.NotContains(t, err.Error(), tc.in, "an error never repeats the value")
				}
				assert.False(t, k.Match(tc.in))
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
			assert.True(t, k.Match(tc.in))
			nk := k
			if k == format.NationalID15 {
				nk = format.NationalID // the normal form is the upgraded number
			}
			again, err := nk.Normalize(got)
			require.NoError(t, err, "the normal form validates")
			assert.Equal(t, got, again, "normalising is idempotent")
		})
	}
}

func TestNationalID(t *testing.T) {
	runCases(t, format.NationalID, []vcase{
		{"GB11643_valid_with_X_check", "11010519491231002X", "11010519491231002X", nil},
		{"GB11643_lower_x_is_upper_cased", "11010519491231002x", "11010519491231002X", nil},
		{"GB11643_born_1880_is_valid", "440524188001010014", "440524188001010014", nil},
		{"GB11643_valid", "130701199310302288", "130701199310302288", nil},
		{"GB11643_full_width_digits_and_spaces_fold", "１３０７０１ １９９３１０３０ ２２８８", "130701199310302288", nil},
		{"GB11643_MOD11-2_check_mismatch", "13070119931030228X", "", format.ErrChecksum},
		{"GB11643_swapped_digits_fail_the_check", "130701199310302828", "", format.ErrChecksum},
		{"GB11643_17_characters_is_too_short", "13070119931030228", "", format.ErrLength},
		{"GB11643_letter_in_body", "1307011993103022A8", "", format.ErrCharset},
		{"GB11643_X_only_as_check", "X30701199310302288", "", format.ErrCharset},
		{"GBT2260_province_prefix_unassigned", "990701199310302288", "", format.ErrPrefix},
		{"GB11643_birth_date_30_February", "130701199302302288", "", format.ErrDate},
		{"GB11643_birth_date_in_the_future", "130701299310302288", "", format.ErrDate},
		{"GB11643_birth_year_before_1800", "130701179310302288", "", format.ErrDate},
		{"empty", "  ", "", format.ErrEmpty},
		{"punctuation_is_refused", "130701/199310302288", "", format.ErrCharset},
	})
}

func TestResidentIDDerivations(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		in   string
		date format.Date
		sex  format.Sex
	}{
		{"GB11643_odd_17th_digit_is_male", "440524188001010014", format.Date{Year: 1880, Month: 1, Day: 1}, format.Male},
		{"GB11643_even_17th_digit_is_female", "11010519491231002X", format.Date{Year: 1949, Month: 12, Day: 31}, format.Female},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id, err := format.ParseResidentIDAt(tc.in, now)
			require.NoError(t, err)
			assert.Equal(t, tc.date, id.BirthDate())
			assert.Equal(t, tc.sex, id.Sex())
			assert.Equal(t, tc.in[:6], id.Region())
		})
	}
	t.Run("birth_date_today_in_China_is_valid_tomorrow_is_not", func(t *testing.T) {
		// 2025-12-31 20:00 UTC is already 1 January 2026 in China (UTC+8).
		at := time.Date(2025, 12, 31, 20, 0, 0, 0, time.UTC)
		_, err := format.ParseResidentIDAt(withCheck("11010520260101001"), at)
		require.NoError(t, err)
		_, err = format.ParseResidentIDAt(withCheck("11010520260102001"), at)
		assert.ErrorIs(t, err, format.ErrDate)
	})
	t.Run("LogValue_hides_the_birth_date", func(t *testing.T) {
		id, err := format.ParseResidentIDAt("11010519491231002X", now)
		require.NoError(t, err)
		assert.Equal(t, "110***********002X", id.LogValue().String())
	})
	t.Run("zero_value_is_empty", func(t *testing.T) {
		var id format.ResidentID
		assert.True(t, id.IsZero())
		assert.Equal(t, format.Date{}, id.BirthDate())
		assert.Equal(t, format.SexUnknown, id.Sex())
		assert.Equal(t, "unknown", id.BirthDate().String())
	})
}

// withCheck appends the MOD 11-2 check character to 17 digits.
func withCheck(s string) string {
	w := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := range 17 {
		sum += int(s[i]-'0') * w[i]
	}
	return s + string("10X98765432"[sum%11])
}

func TestNationalID15(t *testing.T) {
	runCases(t, format.NationalID15, []vcase{
		{"GB11643_s5_upgrade_inserts_19_and_appends_the_check", "130701931030228", "130701199310302288", nil},
		{"GB11643_s5_upgrade_with_X_check", "110105491231002", "11010519491231002X", nil},
		{"first_generation_has_no_letters", "13070193103022X", "", format.ErrCharset},
		{"first_generation_date_must_exist", "130701930230228", "", format.ErrDate},
		{"an_18_digit_number_is_not_first_generation", "130701199310302288", "", format.ErrLength},
	})
	id, err := format.UpgradeResidentID15("130701931030228")
	require.NoError(t, err)
	assert.Equal(t, format.Date{Year: 1993, Month: 10, Day: 30}, id.BirthDate())
}

func TestCreditCode(t *testing.T) {
	runCases(t, format.CreditCode, []vcase{
		{"GB32100_valid", "91350100M000100Y43", "91350100M000100Y43", nil},
		{"GB32100_lower_case_is_upper_cased", "91350100m000100y43", "91350100M000100Y43", nil},
		{"GB32100_mod31_check_mismatch", "91350100M000100Y44", "", format.ErrChecksum},
		{"GB32100_alphabet_has_no_I_O_S_V_Z", "91350100M000100I43", "", format.ErrCharset},
		{"GB32100_authority_code_0_unassigned", "01350100M000100Y43", "", format.ErrPrefix},
		{"GB32100_region_code_is_digits", "9135A100M000100Y43", "", format.ErrCharset},
		{"GB32100_18_characters", "91350100M000100Y4", "", format.ErrLength},
	})
}

func TestMobile(t *testing.T) {
	runCases(t, format.Mobile, []vcase{
		{"segment_138_valid", "13800138000", "13800138000", nil},
		{"plus86_with_spaces_and_dashes", "+86 138-0013-8000", "13800138000", nil},
		{"0086_prefix", "0086 13800138000", "13800138000", nil},
		{"86_prefix", "8613800138000", "13800138000", nil},
		{"full_width_digits", "１３８００１３８０００", "13800138000", nil},
		{"parentheses_and_dots", "(+86) 138.0013.8000", "13800138000", nil},
		{"segment_199_telecom", "19912345678", "19912345678", nil},
		{"segment_192_broadnet", "19212345678", "19212345678", nil},
		{"segment_1740x_satellite", "17400123456", "17400123456", nil},
		{"segment_1741_emergency_refused", "17410123456", "", format.ErrPrefix},
		{"segment_120_unassigned", "12012345678", "", format.ErrPrefix},
		{"segment_154_unassigned", "15412345678", "", format.ErrPrefix},
		{"IoT_13_digits_is_not_a_personal_line", "1440012345678", "", format.ErrLength},
		{"10_digits", "1380013800", "", format.ErrLength},
		{"other_country_is_E164", "+44 7911 123456", "", format.ErrPrefix},
		{"letters_refused", "138OO138000", "", format.ErrCharset},
		{"plus_in_the_middle", "138+00138000", "", format.ErrCharset},
	})
}

func TestLandline(t *testing.T) {
	runCases(t, format.Landline, []vcase{
		{"Beijing_010_8_digits", "010-62345678", "010-62345678", nil},
		{"Shenzhen_0755_with_parentheses", "(0755) 8765 4321", "0755-87654321", nil},
		{"4_digit_area_7_digit_number", "0915-2345679", "0915-2345679", nil},
		{"plus86_drops_the_trunk_0", "+86 10 62345678", "010-62345678", nil},
		{"0086_prefix", "0086-21-62345678", "021-62345678", nil},
		{"3_digit_area_needs_8_digits", "021-6234567", "", format.ErrLength},
		{"subscriber_starting_1_refused", "010-12345678", "", format.ErrPrefix},
		{"letters_refused", "010-6234567x", "", format.ErrCharset},
		{"subscriber_starting_9_is_a_service_number", "0755-92345678", "", format.ErrPrefix},
		{"area_011_unassigned", "011-22345678", "", format.ErrPrefix},
		{"no_area_code", "62345678", "", format.ErrLength},
		{"mobile_is_not_a_landline", "13800138000", "", format.ErrPrefix},
	})
}

func TestE164(t *testing.T) {
	runCases(t, format.E164, []vcase{
		{"UK_number", "+44 20 7946 0958", "+442079460958", nil},
		{"00_international_prefix", "0044 20 7946 0958", "+442079460958", nil},
		{"China_mobile", "+86 138 0013 8000", "+8613800138000", nil},
		{"E164_at_most_15_digits", "+4420794609581234", "", format.ErrLength},
		{"country_code_never_starts_with_0", "+0442079460958", "", format.ErrPrefix},
		{"national_form_needs_a_country_code", "020 7946 0958", "", format.ErrSyntax},
	})
}

func TestBankCard(t *testing.T) {
	runCases(t, format.BankCard, []vcase{
		{"ISO7812_Luhn_UnionPay_19_digits", "6228480402564890018", "6228480402564890018", nil},
		{"ISO7812_Luhn_UnionPay_grouped", "6222 6002 6000 1072 444", "6222600260001072444", nil},
		{"ISO7812_Luhn_Visa_16_digits", "4111-1111-1111-1111", "4111111111111111", nil},
		{"ISO7812_Luhn_mismatch", "4111111111111112", "", format.ErrChecksum},
		{"15_digits_too_short", "411111111111111", "", format.ErrLength},
		{"20_digits_too_long", "62284804025648900180", "", format.ErrLength},
		{"all_zeros_is_a_placeholder", "0000000000000000", "", format.ErrPlaceholder},
		{"letters_refused", "4111a11111111111", "", format.ErrCharset},
	})
}

func TestIBAN(t *testing.T) {
	runCases(t, format.IBAN, []vcase{
		{"ISO13616_UK", "GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432", nil},
		{"ISO13616_Germany_lower_case", "de89370400440532013000", "DE89370400440532013000", nil},
		{"ISO13616_mod97_mismatch", "GB82WEST12345698765433", "", format.ErrChecksum},
		{"ISO13616_country_not_in_registry", "ZZ82WEST12345698765432", "", format.ErrPrefix},
		{"ISO13616_country_length", "GB82WEST1234569876543", "", format.ErrLength},
		{"ISO13616_check_digits_are_digits", "GBX2WEST12345698765432", "", format.ErrCharset},
	})
}

func TestDocuments(t *testing.T) {
	t.Run("passport", func(t *testing.T) {
		runCases(t, format.Passport, []vcase{
			{"PRC_ordinary_E_8_digits", "E12345678", "E12345678", nil},
			{"PRC_ordinary_E_letter_7_digits", "ea1234567", "EA1234567", nil},
			{"PRC_diplomatic_DE", "DE1234567", "DE1234567", nil},
			{"HKSAR_K_8_digits", "K12345678", "K12345678", nil},
			{"MSAR_MA_7_digits", "MA1234567", "MA1234567", nil},
			{"E_then_I_is_not_a_series", "EI1234567", "", format.ErrSyntax},
			{"unknown_series_letter", "Q12345678", "", format.ErrPrefix},
			{"too_short", "E123456", "", format.ErrLength},
		})
	})
	t.Run("hk_macao_permit", func(t *testing.T) {
		runCases(t, format.HKMacaoPermit, []vcase{
			{"mainland_resident_card_C", "C12345678", "C12345678", nil},
			{"home_return_permit_H_8_digits", "H12345678", "H12345678", nil},
			{"home_return_permit_M_10_digits", "M1234567890", "M1234567890", nil},
			{"C_with_10_digits_refused", "C1234567890", "", format.ErrLength},
			{"letter_series_unknown", "X12345678", "", format.ErrPrefix},
		})
	})
	t.Run("taiwan_permit", func(t *testing.T) {
		runCases(t, format.TaiwanPermit, []vcase{
			{"Taiwan_resident_8_digits", "12345678", "12345678", nil},
			{"mainland_resident_L", "L12345678", "L12345678", nil},
			{"9_digits_refused", "123456789", "", format.ErrSyntax},
		})
	})
}

func TestEmail(t *testing.T) {
	runCases(t, format.Email, []vcase{
		{"RFC5322_dot_atom", "zhang.san@example.com", "zhang.san@example.com", nil},
		{"domain_lower_cased_local_kept", "Li.Si@Example.COM", "Li.Si@example.com", nil},
		{"numeric_QQ_address", "123456789@qq.com", "123456789@qq.com", nil},
		{"full_width_at_sign_folds", "wang＠163.com", "wang@163.com", nil},
		{"RFC5321_local_part_at_most_64", string(make64("a")) + "@example.com", "", format.ErrSyntax},
		{"no_at_sign", "zhang.example.com", "", format.ErrSyntax},
		{"leading_dot", ".zhang@example.com", "", format.ErrSyntax},
		{"double_dot", "zhang..san@example.com", "", format.ErrSyntax},
		{"single_label_domain", "root@localhost", "", format.ErrSyntax},
		{"numeric_TLD", "a@example.123", "", format.ErrSyntax},
		{"label_ends_with_hyphen", "a@exa-.com", "", format.ErrSyntax},
		{"space_refused", "a b@example.com", "", format.ErrCharset},
		{"display_name_form_refused", "Zhang <z@example.com>", "", format.ErrCharset},
		{"non_ASCII_refused", "张三@例子.中国", "", format.ErrCharset},
	})
}

func make64(s string) []byte {
	b := make([]byte, 65)
	for i := range b {
		b[i] = s[0]
	}
	return b
}

func TestNetworkIDs(t *testing.T) {
	t.Run("ip", func(t *testing.T) {
		runCases(t, format.IP, []vcase{
			{"IPv4", "192.0.2.1", "192.0.2.1", nil},
			{"IPv6_compressed", "2001:DB8::1", "2001:db8::1", nil},
			{"IPv6_zone_dropped", "fe80::1%eth0", "fe80::1", nil},
			{"IPv4_mapped_unmapped", "::ffff:192.0.2.1", "192.0.2.1", nil},
			{"full_width_digits", "１９２.０.２.１", "192.0.2.1", nil},
			{"IPv4_leading_zero_is_ambiguous_octal", "192.0.02.1", "", format.ErrSyntax},
			{"IPv4_octet_over_255", "192.0.2.256", "", format.ErrSyntax},
		})
	})
	t.Run("imei", func(t *testing.T) {
		runCases(t, format.IMEI, []vcase{
			{"TS23003_Luhn_valid", "490154203237518", "490154203237518", nil},
			{"TS23003_grouped", "49-015420-323751-8", "490154203237518", nil},
			{"TS23003_Luhn_mismatch", "490154203237519", "", format.ErrChecksum},
			{"IMEISV_16_digits", "4901542032375186", "", format.ErrLength},
			{"all_zero_placeholder", "000000000000000", "", format.ErrPlaceholder},
		})
	})
	t.Run("mac", func(t *testing.T) {
		runCases(t, format.MAC, []vcase{
			{"colon_form", "3C:22:FB:12:34:56", "3c:22:fb:12:34:56", nil},
			{"dash_form", "3c-22-fb-12-34-56", "3c:22:fb:12:34:56", nil},
			{"Cisco_dotted", "3c22.fb12.3456", "3c:22:fb:12:34:56", nil},
			{"bare_hex", "3c22fb123456", "3c:22:fb:12:34:56", nil},
			{"Android_placeholder", "02:00:00:00:00:00", "", format.ErrPlaceholder},
			{"broadcast", "ff:ff:ff:ff:ff:ff", "", format.ErrPlaceholder},
			{"multicast_is_no_device", "01:00:5e:00:00:fb", "", format.ErrPrefix},
			{"mixed_separators", "3c:22-fb:12:34:56", "", format.ErrSyntax},
			{"non_hex", "3c:22:fg:12:34:56", "", format.ErrCharset},
		})
	})
}

func TestPlate(t *testing.T) {
	runCases(t, format.Plate, []vcase{
		{"GA36_ordinary", "京A12345", "京A12345", nil},
		{"GA36_middle_dot_and_lower_case", "苏d·4a5b0", "苏D4A5B0", nil},
		{"GA36_new_energy_small_car", "粤BD12345", "粤BD12345", nil},
		{"GA36_new_energy_large_vehicle", "沪A12345F", "沪A12345F", nil},
		{"GA36_trailer_suffix", "鲁B1234挂", "鲁B1234挂", nil},
		{"GA36_no_I_or_O_in_serial", "京A1234O", "", format.ErrCharset},
		{"unknown_province", "北A12345", "", format.ErrPrefix},
		{"city_letter_required", "京112345", "", format.ErrPrefix},
		{"too_short", "津C1234", "", format.ErrLength},
		{"new_energy_shape_wrong", "粤BZ12345", "", format.ErrSyntax},
		{"nothing_after_suffix", "鲁B1234挂1", "", format.ErrCharset},
	})
}

func TestKinds(t *testing.T) {
	for _, k := range format.Kinds() {
		name, err := k.MarshalText()
		require.NoError(t, err)
		var back format.Kind
		require.NoError(t, back.UnmarshalText(name))
		assert.Equal(t, k, back)
		assert.NotEmpty(t, k.Title())
	}
	assert.Equal(t, "contact.phone", format.Mobile.Category().String())
	assert.Equal(t, "identity.national_id", format.NationalID.Category().String())
	assert.False(t, format.CreditCode.Category().Valid(), "the taxonomy has no leaf for an organisation's code")
	assert.Equal(t, "Kind(99)", format.Kind(99).String())
	assert.ErrorIs(t, format.Kind(99).Validate("x"), format.ErrUnknownKind)
	assert.ErrorIs(t, format.KindUnknown.Validate("x"), format.ErrUnknownKind)
	_, err := format.ParseKind("phone")
	assert.ErrorIs(t, err, format.ErrUnknownKind)
}

func TestErrorMessageSaysWhereAndHowNotWhat(t *testing.T) {
	err := format.NationalID.Validate("13070119931030228X")
	assert.EqualError(t, err, "format: resident ID number: check digit mismatch at character 18: the check character does not match the first 17 digits (ISO 7064 MOD 11-2, GB 11643-1999); a digit is mistyped or two are swapped")
	err = format.Mobile.Validate("1380013800")
	assert.EqualError(t, err, "format: mobile number: wrong length (10 characters): want 11 digits starting with 1, after an optional +86, 0086 or 86")
}

func TestValidValuesDoNotAllocate(t *testing.T) {
	for _, tc := range []struct {
		k  format.Kind
		in string
	}{
		{format.NationalID, "11010519491231002X"},
		{format.Mobile, "+86 138-0013-8000"},
		{format.BankCard, "6222 6002 6000 1072 444"},
		{format.Email, "zhang.san@example.com"},
		{format.IP, "2001:db8::1"},
		{format.IBAN, "GB82WEST12345698765432"},
		{format.Plate, "粤BD12345"},
		{format.Landline, "0755-87654321"},
	} {
		assert.Zero(t, testing.AllocsPerRun(100, func() { _ = tc.k.Validate(tc.in) }), "%v", tc.k)
		assert.Zero(t, testing.AllocsPerRun(100, func() { _ = tc.k.Match(tc.in) }), "%v", tc.k)
	}
	buf := make([]byte, 0, 64)
	assert.Zero(t, testing.AllocsPerRun(100, func() { buf, _ = format.Mobile.AppendNormal(buf[:0], "+86 138 0013 8000") }))
	assert.Zero(t, testing.AllocsPerRun(100, func() { _, _ = format.ParseResidentID("11010519491231002X") }))
}
