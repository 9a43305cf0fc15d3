package detect_test

import (
	"context"
	"strings"
	"testing"

	"github.com/lawfulgo/lawful/pii/format/detect"
)

// BenchmarkFind compares the hand-written scanner with the regexp-based
// one on the same text; MB/s is the figure to compare.
func BenchmarkFind(b *testing.B) {
	text := benchText()
	b.Run("detect", func(b *testing.B) {
		var s detect.Scanner
		buf := make([]detect.Span, 0, 4096)
		b.SetBytes(int64(len(text)))
		b.ReportAllocs()
		for b.Loop() {
			buf = s.AppendSpans(buf[:0], text)
		}
	})
	b.Run("regexp", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		b.ReportAllocs()
		for b.Loop() {
			regexpFind(text)
		}
	})
}

// BenchmarkRedact measures redacting a chat message, as a prompt is before
// it goes to a model.
func BenchmarkRedact(b *testing.B) {
	const msg = "您好，我的手机是138-0013-8000，身份证11010519491231002X，请帮我查一下订单20240101123456的物流。"
	var s detect.Scanner
	dst := make([]byte, 0, 256)
	b.SetBytes(int64(len(msg)))
	b.ReportAllocs()
	for b.Loop() {
		dst = s.AppendRedacted(dst[:0], msg)
	}
}

// BenchmarkFindReader measures the streaming scanner on the same text.
func BenchmarkFindReader(b *testing.B) {
	text := benchText()
	var s detect.Scanner
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		_ = s.FindReader(context.Background(), strings.NewReader(text), func(detect.Span) error { return nil })
	}
}

// BenchmarkFindJSON measures a JSON record with nested values.
func BenchmarkFindJSON(b *testing.B) {
	data := []byte(`{"user":{"name":"张三","phone":"13800138000","id_card":"11010519491231002X","email":"zhang.san@example.com"},"items":[{"sku":"20240101123456","qty":2}],"note":"请送到前台"}`)
	var s detect.Scanner
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		_, _ = s.FindJSON(data)
	}
}
