package detect_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/lawfulgo/lawful/pii/format/detect"
)

func fuzzSeeds(f *testing.F) {
	for _, d := range corpus(3, 12) {
		f.Add(d.text)
	}
	for _, s := range []string{"", "+", "@", "京", "IP:", "::", "1.2.3.4.5", "＋８６　１３８　００１３　８０００",
		"\xff\xfe13800138000\xef\xbc", "a@b.c@d.com", "身份证" + strings.Repeat("1", 40), "138 0013 8000 0000 0000 0000 0000",
		"3c:22:fb:12:34:56:78", "2001:db8::1%eth0", "京A 1234挂学", "tel:+8613800138000", "ID110105194912310\u3000"} {
		f.Add(s)
	}
}

// FuzzFind: scanning any input never panics, and every span is within
// the text, after the previous one, and validates as its kind.
func FuzzFind(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, text string) {
		checkSpans(t, text, detect.Find(text))
		_ = detect.Redact(text)
	})
}

// FuzzFindReader: streaming any input with a small window never panics,
// and its spans keep the same rules, counted in the whole input.
func FuzzFindReader(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, text string) {
		defer detect.SetStreamWindow(64)()
		var spans []detect.Span
		err := new(detect.Scanner).FindReader(context.Background(), strings.NewReader(text), func(sp detect.Span) error {
			spans = append(spans, sp)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		checkSpans(t, text, spans)
	})
}

// FuzzFindJSON: any bytes either fail as not JSON or give findings with
// sane paths; nothing panics. When the data is one JSON string, its spans
// lie within the decoded string (which JSON may make longer than the
// data, invalid UTF-8 becoming U+FFFD) and validate as their kinds.
func FuzzFindJSON(f *testing.F) {
	f.Add([]byte(`{"phone":"13800138000","ids":["11010519491231002X"],"n":13800138000}`))
	f.Add([]byte(`[[[[{"身份证号":"11010519491231002X"}]]]]`))
	f.Add([]byte(`{"a/b~":1e400}`))
	f.Add([]byte(`"邮箱 a@example.com"`))
	f.Add([]byte(`{`))
	f.Fuzz(func(t *testing.T, data []byte) {
		found, err := new(detect.Scanner).FindJSON(data)
		if err != nil {
			return
		}
		var spans []detect.Span
		for _, fd := range found {
			if fd.Path != "" && !strings.HasPrefix(fd.Path, "/") {
				t.Fatalf("finding %v: path %q is no JSON Pointer", fd.Span, fd.Path)
			}
			spans = append(spans, fd.Span)
		}
		var s string
		if json.Unmarshal(data, &s) == nil {
			checkSpans(t, s, spans)
		}
	})
}
