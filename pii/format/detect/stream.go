package detect

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"unicode/utf8"
)

// StreamWindow is how many bytes FindReader holds at a time: its memory
// stays within a few times this, whatever the length of the stream.
const StreamWindow = 64 << 10

// streamWindow is StreamWindow, changed by tests to exercise the cuts.
var streamWindow = StreamWindow

// FindReader scans the text r yields, StreamWindow bytes at a time, and
// calls yield with each span in order, Start and End counted in bytes from
// the start of the stream. Context words carry over from one window to
// the next. A window is cut after a line break or, failing that,
// punctuation in its second half, where no value can continue; only in a
// run of more than half a window without either (a base64 blob) may a
// value straddling the cut be missed.
//
// FindReader returns ctx's error when ctx is done, the error yield
// returns (as is), or an error matching ErrRead when r fails; spans
// already yielded stay yielded. It suits logs and uploaded documents too
// large to hold: Find and AppendSpans take a string of any length but
// need it whole.
func (s *Scanner) FindReader(ctx context.Context, r io.Reader, yield func(Span) error) error {
	buf := make([]byte, 0, streamWindow)
	st := scan{kinds: s.kindMask(), min: s.minConfidence()}
	st.resetContext()
	base, eof := 0, false
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		var err error
		buf, eof, err = fill(r, buf)
		if err != nil {
			return fmt.Errorf("%w: detect.FindReader after byte %d: %w", ErrRead, base+len(buf), err)
		}
		cut := len(buf)
		if !eof {
			cut = safeCut(buf)
		}
		st.text, st.out = string(buf), st.out[:0]
		st.run(0, cut)
		for _, sp := range st.out {
			sp.Start += base
			sp.End += base
			if err := yield(sp); err != nil {
				return err
			}
		}
		if eof {
			return nil
		}
		st.shift(cut)
		base += cut
		buf = buf[:copy(buf, buf[cut:])]
	}
}

// fill reads from r until buf is full or r is exhausted. A reader that
// keeps returning nothing, and no error, fails as bufio's readers do.
func fill(r io.Reader, buf []byte) ([]byte, bool, error) {
	for empty := 0; len(buf) < cap(buf); {
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		switch {
		case err == io.EOF:
			return buf, true, nil
		case err != nil:
			return buf, false, err
		case n > 0:
			empty = 0
		default:
			if empty++; empty == 100 {
				return buf, false, io.ErrNoProgress
			}
		}
	}
	return buf, false, nil
}

// safeCut returns where to end a full window: after its last line break,
// or after its last punctuation that no value spans, in its second half;
// else at its last complete character.
func safeCut(buf []byte) int {
	half := len(buf) / 2
	if i := bytes.LastIndexByte(buf[half:], '\n'); i >= 0 {
		return half + i + 1
	}
	for i := len(buf) - 1; i >= half; i-- {
		if n := punct(buf[i:]); n > 0 {
			return i + n
		}
	}
	p := len(buf)
	for k := len(buf) - 1; k >= 0 && k >= len(buf)-utf8.UTFMax; k-- {
		if utf8.RuneStart(buf[k]) {
			if !utf8.FullRune(buf[k:]) {
				p = k
			}
			break
		}
	}
	return p
}

// punct returns the length of the punctuation mark b starts with, or 0:
// an ASCII mark that no value holds (',', ';', '!', '"', a tab), its
// full-width form ('，', '；', '！'), or the ideographic '。' and '、'.
func punct(b []byte) int {
	c, n := b[0], 1
	switch {
	case c < utf8.RuneSelf:
	case len(b) >= 3 && c == 0xE3 && b[1] == 0x80 && (b[2] == 0x81 || b[2] == 0x82):
		return 3
	case len(b) >= 3 && c == 0xEF && b[1] == 0xBC && b[2] >= 0x81:
		c, n = b[2]-0x60, 3
	case len(b) >= 3 && c == 0xEF && b[1] == 0xBD && b[2] <= 0x9E:
		c, n = b[2]-0x20, 3
	default:
		return 0
	}
	if c == ' ' || c == '+' || class[c]&cW != 0 {
		return 0
	}
	return n
}

// shift moves the context offsets back by cut bytes, for the next window.
func (st *scan) shift(cut int) {
	for i := range st.ctx {
		st.ctx[i] = max(st.ctx[i]-cut, -1<<30)
	}
	st.prev = max(st.prev-cut, -1<<29)
}
