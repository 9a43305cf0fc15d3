package detect_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/lawfulgo/lawful/pii/format"
	"github.com/lawfulgo/lawful/pii/format/detect"
	"github.com/lawfulgo/lawful/pii/mask"
)

// found is a span as the tests compare it: the kind and the text covered.
type found struct {
	kind format.Kind
	text string
}

func spansOf(text string, spans []detect.Span) []found {
	out := []found{}
	for _, sp := range spans {
		out = append(out, found{sp.Kind, text[sp.Start:sp.End]})
	}
	return out
}

func TestFind(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []found
	}{
		{"id_number_with_its_GB_11643_check_character_is_found", "身份证：11010519491231002X。", []found{{format.NationalID, "11010519491231002X"}}},
		{"id_number_with_a_wrong_check_character_is_not_an_id", "证件 110105194912310021", nil},
		{"random_18_digits_are_not_an_id", "批次 987654321098765432", nil},
		{"id_number_in_groups_is_found_whole", "ID 110105 19491231 002X ok", []found{{format.NationalID, "110105 19491231 002X"}}},
		{"full_width_mobile_glued_to_chinese_is_found", "手机１３８００１３８０００已登记", []found{{format.Mobile, "１３８００１３８０００"}}},
		{"mobile_span_covers_the_country_code", "call +86 138 0013 8000.", []found{{format.Mobile, "+86 138 0013 8000"}}},
		{"mobile_glued_to_an_english_context_word_is_split_off", "tel13800138000", []found{{format.Mobile, "13800138000"}}},
		{"number_in_an_unassigned_mobile_segment_is_not_a_phone", "号码 15412345678", nil},
		{"order_number_shaped_like_a_phone_is_not_a_phone", "订单号：13800138000", nil},
		{"tracking_number_with_letters_glued_is_not_a_phone", "SF13800138000 已签收", nil},
		{"landline_with_area_code_is_found", "座机 010-62345678", []found{{format.Landline, "010-62345678"}}},
		{"e164_number_is_found", "WhatsApp +44 20 7946 0958", []found{{format.E164, "+44 20 7946 0958"}}},
		{"card_passing_luhn_is_found", "卡号 4111 1111 1111 1111", []found{{format.BankCard, "4111 1111 1111 1111"}}},
		{"card_failing_luhn_is_not_a_card", "卡号 4111 1111 1111 1112", nil},
		{"iban_in_groups_is_found", "IBAN DE89 3704 0044 0532 0130 00", []found{{format.IBAN, "DE89 3704 0044 0532 0130 00"}}},
		{"credit_code_with_its_GB_32100_check_character_is_found", "信用代码 91350100M000100Y43", []found{{format.CreditCode, "91350100M000100Y43"}}},
		{"passport_needs_a_context_word", "E12345678", nil},
		{"passport_after_its_context_word_is_found", "护照号E12345678", []found{{format.Passport, "E12345678"}}},
		{"context_word_counts_for_the_next_value_only", "护照 E12345678 E87654321", []found{{format.Passport, "E12345678"}}},
		{"imei_after_its_context_word_is_found", "IMEI: 490154203237518", []found{{format.IMEI, "490154203237518"}}},
		{"imei_failing_luhn_is_not_an_imei", "IMEI: 490154203237519", nil},
		{"email_glued_to_chinese_is_found", "邮箱zhang.san@example.com。", []found{{format.Email, "zhang.san@example.com"}}},
		{"email_without_a_dotted_domain_is_not_found", "user@localhost", nil},
		{"ipv4_with_a_port_is_found_without_it", "from 10.1.2.3:8080", []found{{format.IP, "10.1.2.3"}}},
		{"ipv4_glued_to_its_context_word_is_found", "登录IP10.0.0.1", []found{{format.IP, "10.0.0.1"}}},
		{"ipv4_with_an_octet_over_255_is_not_found", "300.1.2.3", nil},
		{"ipv6_is_found", "client 2001:db8::1 ok", []found{{format.IP, "2001:db8::1"}}},
		{"mac_with_colons_is_found", "MAC 3c:22:fb:12:34:56", []found{{format.MAC, "3c:22:fb:12:34:56"}}},
		{"mac_with_hyphens_is_found", "物理地址 3C-22-FB-12-34-56", []found{{format.MAC, "3C-22-FB-12-34-56"}}},
		{"placeholder_mac_is_not_found", "MAC 02:00:00:00:00:00", nil},
		{"plate_is_found", "车牌 京A12345 停在", []found{{format.Plate, "京A12345"}}},
		{"timestamp_is_not_a_value", "ts=1709191124123", nil},
		{"uuid_is_not_a_value", "trace 863c394a-2539-bc77-d205-7e93c9c7dd4e", nil},
		{"mixed_chinese_and_english_text_finds_each_value", "Hi 客户 phone 13800138000, 身份证11010519491231002X thanks",
			[]found{{format.Mobile, "13800138000"}, {format.NationalID, "11010519491231002X"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := spansOf(tt.text, detect.Find(tt.text))
			if tt.want == nil {
				tt.want = []found{}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Find(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}

func TestScanner(t *testing.T) {
	const text = "手机 13800138000，邮箱 a.b@example.com，护照 E12345678"
	t.Run("kinds_limit_the_search", func(t *testing.T) {
		s := detect.Scanner{Kinds: []format.Kind{format.Email}}
		got := spansOf(text, s.Find(text))
		if want := []found{{format.Email, "a.b@example.com"}}; !slices.Equal(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
	})
	t.Run("min_confidence_drops_weaker_spans", func(t *testing.T) {
		s := detect.Scanner{MinConfidence: 0.95}
		for _, sp := range s.Find(text) {
			if sp.Confidence < 0.95 {
				t.Errorf("%v below the minimum", sp)
			}
		}
		if n := len(s.Find(text)); n == 0 || n >= len(detect.Find(text)) {
			t.Errorf("%d spans at 0.95: want some, fewer than at the default", n)
		}
	})
	t.Run("redact_labels_spans_with_their_category", func(t *testing.T) {
		want := "手机 [contact.phone]，邮箱 [contact.email]，护照 [identity.passport]"
		if got := detect.Redact(text); got != want {
			t.Errorf("Redact = %q, want %q", got, want)
		}
	})
	t.Run("redact_with_a_masker_masks_in_place", func(t *testing.T) {
		s := detect.Scanner{Masker: mask.Default()}
		if got := s.Redact("手机 13800138000"); got != "手机 138****8000" {
			t.Errorf("Redact = %q", got)
		}
	})
	t.Run("contains_reports_any_span", func(t *testing.T) {
		var s detect.Scanner
		if !s.Contains(text) || s.Contains("订单号 20240101123456 已发货") {
			t.Error("Contains disagrees with Find")
		}
	})
}

func TestFindJSON(t *testing.T) {
	t.Run("keys_give_context_and_paths_name_values", func(t *testing.T) {
		data := `{"user":{"passport":"E12345678","phone":13800138000,"notes":["身份证 11010519491231002X"]},"order_no":"20240101123456"}`
		got, err := new(detect.Scanner).FindJSON([]byte(data))
		if err != nil {
			t.Fatal(err)
		}
		var paths []string
		for _, f := range got {
			paths = append(paths, f.Path+" "+f.Kind.String())
		}
		want := []string{"/user/notes/0 national_id", "/user/passport passport", "/user/phone mobile"}
		if !slices.Equal(paths, want) {
			t.Errorf("got %v, want %v", paths, want)
		}
	})
	t.Run("invalid_json_fails_without_quoting_it", func(t *testing.T) {
		_, err := new(detect.Scanner).FindJSON([]byte(`{"phone": 13800138000x}`))
		if !errors.Is(err, detect.ErrNotJSON) || strings.Contains(err.Error(), "138") || strings.Contains(err.Error(), "'x'") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("trailing_data_fails", func(t *testing.T) {
		_, err := new(detect.Scanner).FindJSON([]byte(`{} {}`))
		if !errors.Is(err, detect.ErrNotJSON) {
			t.Errorf("err = %v", err)
		}
	})
}

func TestFindIn(t *testing.T) {
	t.Run("too_deep_data_fails_closed_with_what_was_found", func(t *testing.T) {
		var v any = "13800138000"
		for range detect.MaxDepth + 1 {
			v = []any{v}
		}
		got, err := new(detect.Scanner).FindIn(map[string]any{"deep": v, "phone": "13800138000"})
		if !errors.Is(err, detect.ErrTooDeep) || len(got) != 1 || got[0].Path != "/phone" {
			t.Errorf("got %v, %v", got, err)
		}
	})
	t.Run("unsupported_types_fail_closed", func(t *testing.T) {
		_, err := new(detect.Scanner).FindIn(map[string]any{"x": struct{ Phone string }{"13800138000"}})
		if !errors.Is(err, detect.ErrUnsupported) || strings.Contains(err.Error(), "138") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("pointer_tokens_are_escaped", func(t *testing.T) {
		got, err := new(detect.Scanner).FindIn(map[string]string{"a/b~c": "13800138000"})
		if err != nil || len(got) != 1 || got[0].Path != "/a~1b~0c" {
			t.Errorf("got %v, %v", got, err)
		}
	})
}

// streamText joins corpus documents into lines.
func streamText(n int) string {
	var b strings.Builder
	for _, d := range corpus(5, n) {
		b.WriteString(d.text)
		b.WriteByte('\n')
	}
	return b.String()
}

func TestFindReader(t *testing.T) {
	text := streamText(300)
	want := detect.Find(text)
	collect := func(r io.Reader) ([]detect.Span, error) {
		var got []detect.Span
		err := new(detect.Scanner).FindReader(context.Background(), r, func(sp detect.Span) error {
			got = append(got, sp)
			return nil
		})
		return got, err
	}
	for _, window := range []int{256, 1000, 4096} {
		restore := detect.SetStreamWindow(window)
		got, err := collect(iotest.HalfReader(strings.NewReader(text)))
		restore()
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("window %d: %d spans, %v; want the %d spans of Find", window, len(got), err, len(want))
		}
	}
	t.Run("cuts_inside_a_run_without_punctuation_keep_characters_whole", func(t *testing.T) {
		defer detect.SetStreamWindow(64)()
		long := strings.Repeat("中", 100) + " 13800138000"
		got, err := collect(strings.NewReader(long))
		if err != nil || len(got) != 1 || long[got[0].Start:got[0].End] != "13800138000" {
			t.Errorf("got %v, %v", got, err)
		}
	})
	t.Run("reader_errors_match_ErrRead", func(t *testing.T) {
		_, err := collect(iotest.ErrReader(io.ErrUnexpectedEOF))
		if !errors.Is(err, detect.ErrRead) || !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("yield_errors_stop_the_scan", func(t *testing.T) {
		stop := errors.New("stop")
		n := 0
		err := new(detect.Scanner).FindReader(context.Background(), strings.NewReader(text), func(detect.Span) error { n++; return stop })
		if err != stop || n != 1 {
			t.Errorf("err = %v after %d spans", err, n)
		}
	})
	t.Run("a_done_context_stops_the_scan", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		err := new(detect.Scanner).FindReader(ctx, bytes.NewReader([]byte(text)), func(detect.Span) error { return nil })
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v", err)
		}
	})
}

// TestSpansAreSortedDisjointAndValid checks, over the corpus, what the
// fuzz target checks over random input.
func TestSpansAreSortedDisjointAndValid(t *testing.T) {
	for _, d := range corpus(99, 2000) {
		checkSpans(t, d.text, detect.Find(d.text))
	}
}

func checkSpans(t *testing.T, text string, spans []detect.Span) {
	t.Helper()
	end := 0
	for _, sp := range spans {
		if sp.Start < end || sp.End <= sp.Start || sp.End > len(text) {
			t.Fatalf("span %v out of order or bounds (previous end %d, text %d bytes)", sp, end, len(text))
		}
		end = sp.End
		if err := sp.Kind.Validate(text[sp.Start:sp.End]); err != nil {
			t.Fatalf("span %v does not validate: %v", sp, err)
		}
		if sp.Confidence < detect.DefaultMinConfidence || sp.Confidence > 1 {
			t.Fatalf("span %v: confidence out of range", sp)
		}
	}
}
