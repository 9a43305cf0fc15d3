package purpose_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseCitation(t *testing.T) {
	type C = purpose.Citation
	pipl, csl, gdpr := purpose.InstrumentPIPL, purpose.InstrumentCSL, purpose.InstrumentGDPR
	tests := []struct {
		name, in string
		want     C
	}{
		{"abbreviation_and_bare_numbers_PIPL_art13_1_2", "PIPL 13(1)(2)", C{Instrument: pipl, Article: 13, Paragraph: 1, Item: 2}},
		{"abbreviation_with_art_PIPL_art13_1_2", "PIPL art. 13(1)(2)", C{Instrument: pipl, Article: 13, Paragraph: 1, Item: 2}},
		{"Chinese_article_paragraph_item_PIPL_art13_1_2", "《个人信息保护法》第十三条第一款第二项", C{Instrument: pipl, Article: 13, Paragraph: 1, Item: 2}},
		{"Chinese_numerals_CSL_art21", "《网络安全法》第二十一条", C{Instrument: csl, Article: 21}},
		{"Chinese_title_with_the_state_name_and_digits_CSL_art21", "《中华人民共和国网络安全法》第21条", C{Instrument: csl, Article: 21}},
		{"Chinese_item_in_full_width_brackets_CSL_art21_3", "《网络安全法》第二十一条第（三）项", C{Instrument: csl, Article: 21, Item: 3}},
		{"Chinese_without_brackets_PIPL_art57", "个人信息保护法第五十七条", C{Instrument: pipl, Article: 57}},
		{"instrument_after_the_article_GDPR_art6_1_b", "Art. 6(1)(b) GDPR", C{Instrument: gdpr, Article: 6, Paragraph: 1, Point: 'b'}},
		{"GDPR_Article_6_1_b", "GDPR Article 6(1)(b)", C{Instrument: gdpr, Article: 6, Paragraph: 1, Point: 'b'}},
		{"German_style_paragraph_and_litera_GDPR_art6_1_b", "Art. 6 para. 1 lit. b DSGVO", C{Instrument: gdpr, Article: 6, Paragraph: 1, Point: 'b'}},
		{"GDPR_in_Chinese_GDPR_art6_1_b", "《通用数据保护条例》第6条第1款(b)项", C{Instrument: gdpr, Article: 6, Paragraph: 1, Point: 'b'}},
		{"English_name_and_item_CSL_art21_3", "Cybersecurity Law art. 21(3)", C{Instrument: csl, Article: 21, Item: 3}},
		{"abbreviation_and_number_CSL_art21", "CSL 21", C{Instrument: csl, Article: 21}},
		{"section_sign_CSL_art21", "CSL §21", C{Instrument: csl, Article: 21}},
		{"Article_of_the_law_CSL_art21", "Article 21 of the Cybersecurity Law", C{Instrument: csl, Article: 21}},
		{"the_and_comma_CSL_art24", "the Cybersecurity Law, Article 24", C{Instrument: csl, Article: 24}},
		{"administrative_regulation_NDSMR_art35_4", "NDSMR 35(4)", C{Instrument: purpose.InstrumentNDSMR, Article: 35, Item: 4}},
		{"explicit_paragraph_PIPL_art47_para2", "PIPL art. 47 para 2", C{Instrument: pipl, Article: 47, Paragraph: 2}},
		{"Chinese_paragraph_PIPL_art47_para2", "《个人信息保护法》第四十七条第二款", C{Instrument: pipl, Article: 47, Paragraph: 2}},
		{"four_figure_article_Civil_Code_art1035", "《民法典》第一千零三十五条", C{Instrument: purpose.InstrumentCivilCode, Article: 1035}},
		{"standard_clause_and_item_GBT_5_6_g", "GB/T 35273-2020 §5.6(g)", C{Instrument: purpose.InstrumentGBT35273, Clause: "5.6", Point: 'g'}},
		{"standard_as_Chinese_texts_cite_it_GBT_5_6_g", "GB/T 35273 5.6 g)", C{Instrument: purpose.InstrumentGBT35273, Clause: "5.6", Point: 'g'}},
		{"instrument_as_a_whole", "《网络安全法》", C{Instrument: csl}},
		{"case_and_spacing_do_not_matter", "  pipl  ART.13 (1) (2) ", C{Instrument: pipl, Article: 13, Paragraph: 1, Item: 2}},
		{"Anti_Terrorism_Law_by_its_other_name", "Anti-Terrorism Law art. 18", C{Instrument: purpose.InstrumentCounterTerrorismLaw, Article: 18}},
		{"E_Commerce_Law", "《电子商务法》第二十三条", C{Instrument: purpose.InstrumentECommerceLaw, Article: 23}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := purpose.ParseCitation(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			for _, form := range []string{got.String(), got.In(purpose.ZH)} {
				back, err := purpose.ParseCitation(form)
				require.NoError(t, err, form)
				assert.Equal(t, got, back, "%q reads back", form)
			}
		})
	}
}

func TestCitationForms(t *testing.T) {
	for _, tt := range []struct{ in, en, zh string }{
		{"PIPL 13(1)(2)", "PIPL art. 13(1)(2)", "《个人信息保护法》第十三条第一款第二项"},
		{"CSL 21(3)", "CSL art. 21(3)", "《网络安全法》第二十一条第三项"},
		{"PIPL art. 47 para 2", "PIPL art. 47 para 2", "《个人信息保护法》第四十七条第二款"},
		{"Art. 6(1)(b) GDPR", "GDPR art. 6(1)(b)", "《通用数据保护条例》第6条第1款(b)项"},
		{"Civil Code art. 1260", "Civil Code art. 1260", "《民法典》第一千二百六十条"},
		{"PIPL art. 10", "PIPL art. 10", "《个人信息保护法》第十条"},
		{"PIPL art. 70", "PIPL art. 70", "《个人信息保护法》第七十条"},
		{"Criminal Procedure Law art. 105", "Criminal Procedure Law art. 105", "《刑事诉讼法》第一百零五条"},
		{"Civil Code art. 1110", "Civil Code art. 1110", "《民法典》第一千一百一十条"},
		{"GB/T 35273-2020 §5.6(g)", "GB/T 35273-2020 §5.6(g)", "GB/T 35273-2020 5.6 g)"},
	} {
		t.Run(tt.in, func(t *testing.T) {
			c, err := purpose.ParseCitation(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.en, c.String())
			assert.Equal(t, tt.zh, c.In(purpose.ZH))
			text, err := c.MarshalText()
			require.NoError(t, err)
			var back purpose.Citation
			require.NoError(t, back.UnmarshalText(text))
			assert.Equal(t, c, back)
		})
	}
	assert.Equal(t, "", purpose.Citation{}.String(), "the zero Citation cites nothing")
	assert.True(t, purpose.Citation{}.IsZero())
	_, err := purpose.Citation{}.MarshalText()
	assert.ErrorIs(t, err, purpose.ErrUnknownInstrument)
}

func TestParseCitationRefuses(t *testing.T) {
	tests := []struct {
		name, in string
		want     error
		says     string
	}{
		{"an_unknown_instrument_is_flagged", "Made Up Law art. 99", purpose.ErrUnknownInstrument, `"Made Up Law" is not an instrument the library knows`},
		{"an_unknown_instrument_in_brackets_is_flagged", "《某某法》第十条", purpose.ErrUnknownInstrument, "《某某法》"},
		{"an_unknown_instrument_after_the_article_is_flagged", "§ 257 HGB", purpose.ErrUnknownInstrument, `"HGB"`},
		{"PIPL_has_74_articles", "PIPL art. 99", purpose.ErrInvalidCitation, "PIPL has 74 articles"},
		{"GDPR_has_99_articles", "GDPR art. 100", purpose.ErrInvalidCitation, "GDPR has 99 articles"},
		{"PRC_items_are_numbered_not_lettered", "PIPL 13(1)(b)", purpose.ErrInvalidCitation, "numbered items"},
		{"GDPR_has_no_items", "GDPR art. 6(1)(2)", purpose.ErrInvalidCitation, "paragraph and a lettered point"},
		{"a_standard_has_clauses_not_articles", "GB/T 35273-2020 art. 5", purpose.ErrInvalidCitation, "is a standard"},
		{"only_standards_have_dotted_clauses", "PIPL 5.6", purpose.ErrInvalidCitation, "only standards"},
		{"laws_and_regulations_is_no_citation", "法律法规", purpose.ErrInvalidCitation, "names no known instrument and no article"},
		{"a_list_is_for_ParseCitations", "PIPL arts. 19, 47", purpose.ErrInvalidCitation, "ParseCitations"},
		{"trailing_text_is_refused", "PIPL art. 13 of course", purpose.ErrInvalidCitation, "cannot read"},
		{"an_article_keyword_needs_its_number", "PIPL art.", purpose.ErrInvalidCitation, "followed by its number"},
		{"an_article_without_its_instrument", "第二十一条", purpose.ErrInvalidCitation, "names no instrument"},
		{"zero_is_no_article", "PIPL art. 0", purpose.ErrInvalidCitation, "1 to 9999"},
		{"a_bad_Chinese_numeral", "《网络安全法》第二三条", purpose.ErrInvalidCitation, "第 must be followed by a number"},
		{"an_unclosed_bracket", "《网络安全法第二十一条", purpose.ErrInvalidCitation, "《 without 》"},
		{"an_unclosed_parenthesis", "PIPL art. 13(1", purpose.ErrInvalidCitation, "not closed"},
		{"a_paragraph_without_its_article", "PIPL para 2", purpose.ErrInvalidCitation, ""},
		{"input_is_bounded", "PIPL art. 1" + strings.Repeat(" ", purpose.MaxCitationLen), purpose.ErrInvalidCitation, "at most 256 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := purpose.ParseCitation(tt.in)
			require.Error(t, err, "%v", c)
			assert.ErrorIs(t, err, tt.want)
			ce, ok := errors.AsType[*purpose.CitationError](err)
			require.True(t, ok)
			assert.Contains(t, ce.Why, tt.says)
			assert.LessOrEqual(t, len(err.Error()), 400, "the error repeats at most a line of its input")
			assert.True(t, c.IsZero())
		})
	}
}

func TestParseCitations(t *testing.T) {
	tests := []struct{ in, want string }{
		{"PIPL arts. 19, 47; GDPR art. 17", "PIPL art. 19|PIPL art. 47|GDPR art. 17"},
		{"PIPL art. 47(1), (3)", "PIPL art. 47(1)|PIPL art. 47(3)"},
		{"PIPL art. 13(1)(2), (3)", "PIPL art. 13(1)(2)|PIPL art. 13(1)(3)"},
		{"《个人信息保护法》第十三条、第二十九条", "PIPL art. 13|PIPL art. 29"},
		{"Cybersecurity Law art. 28; Criminal Procedure Law art. 54", "CSL art. 28|Criminal Procedure Law art. 54"},
		{"NDSMR art. 42；PIPL art. 24 para 2", "NDSMR art. 42|PIPL art. 24 para 2"},
		{"Arts. 6 and 7 GDPR", "GDPR art. 6|GDPR art. 7"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			cs, err := purpose.ParseCitations(tt.in)
			require.NoError(t, err)
			var got []string
			for _, c := range cs {
				got = append(got, c.String())
			}
			assert.Equal(t, tt.want, strings.Join(got, "|"))
		})
	}
	for _, bad := range []string{"PIPL art. 13;", "PIPL art. 13, ", "PIPL art. 13 and GDPR art. 6", strings.Repeat("PIPL 1, ", 40), strings.Repeat("x", purpose.MaxCitationsLen+1)} {
		_, err := purpose.ParseCitations(bad)
		assert.ErrorIs(t, err, purpose.ErrInvalidCitation, bad)
	}
}

func TestInstruments(t *testing.T) {
	seen := map[string]bool{}
	for _, i := range purpose.Instruments() {
		require.True(t, i.Valid())
		assert.NotEmpty(t, i.Name(purpose.EN), i)
		assert.NotEmpty(t, i.Name(purpose.ZH), i)
		assert.NotEqual(t, purpose.KindUnknown, i.Kind(), i)
		assert.True(t, i.Regime().Valid(), i)
		for _, name := range []string{i.String(), i.Name(purpose.EN), i.Name(purpose.ZH), "《" + i.Name(purpose.ZH) + "》"} {
			got, err := purpose.ParseInstrument(name)
			require.NoError(t, err, name)
			assert.Equal(t, i, got, "%q names %v", name, i)
			assert.False(t, seen[name+i.String()])
		}
		seen[i.String()] = true
		text, err := i.MarshalText()
		require.NoError(t, err)
		var back purpose.Instrument
		require.NoError(t, back.UnmarshalText(text))
		assert.Equal(t, i, back)
	}
	assert.Len(t, seen, len(purpose.Instruments()), "abbreviations are unique")

	for _, tt := range []struct {
		i        purpose.Instrument
		kind     purpose.InstrumentKind
		law      bool
		articles int
	}{
		{purpose.InstrumentPIPL, purpose.KindLaw, true, 74},
		{purpose.InstrumentCSL, purpose.KindLaw, true, 79},
		{purpose.InstrumentNDSMR, purpose.KindAdministrativeRegulation, true, 64},
		{purpose.InstrumentCPIP, purpose.KindDepartmentalRule, false, 29},
		{purpose.InstrumentNecessaryScopeRules, purpose.KindNormativeDocument, false, 0},
		{purpose.InstrumentGBT35273, purpose.KindNationalStandard, false, 0},
		{purpose.InstrumentGDPR, purpose.KindEURegulation, true, 99},
	} {
		t.Run(tt.i.String(), func(t *testing.T) {
			assert.Equal(t, tt.kind, tt.i.Kind())
			assert.Equal(t, tt.law, tt.i.Kind().IsLaw(), "PIPL art. 13(1)(7): laws and administrative regulations")
			assert.Equal(t, tt.articles, tt.i.Articles())
		})
	}
	assert.Equal(t, pii.GDPR, purpose.InstrumentGDPR.Regime())
	assert.Equal(t, "Instrument(200)", purpose.Instrument(200).String())
	assert.False(t, purpose.Instrument(200).Kind().IsLaw())
	_, err := purpose.ParseInstrument("Made Up Law")
	assert.ErrorIs(t, err, purpose.ErrUnknownInstrument)
	_, err = purpose.Instrument(0).MarshalText()
	assert.ErrorIs(t, err, purpose.ErrUnknownInstrument)
}

// Article numbers in Chinese numerals parse for every article of every
// instrument whose articles are counted, and print as statutes print them.
func TestChineseNumeralsRoundTrip(t *testing.T) {
	for _, i := range purpose.Instruments() {
		for a := 1; a <= i.Articles(); a++ {
			c := purpose.Citation{Instrument: i, Article: a}
			back, err := purpose.ParseCitation(c.In(purpose.ZH))
			require.NoError(t, err, c.In(purpose.ZH))
			require.Equal(t, c, back, c.In(purpose.ZH))
		}
	}
}
