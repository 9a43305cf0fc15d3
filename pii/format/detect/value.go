package detect

import (
	"bytes"
	"encoding/json"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/lawfulgo/lawful/internal/enum"
)

// Finding is a span found in a string inside structured data, with the
// JSON Pointer (RFC 6901) of that string: "/user/phone", "/items/0/note".
type Finding struct {
	Path string
	Span
}

// MaxDepth bounds how deep FindIn walks nested data.
const MaxDepth = 64

// FindIn walks data shaped as encoding/json decodes it (map[string]any,
// []any, string, float64, json.Number, bool, nil), plus map[string]string,
// []string and Go integers, and returns the spans found in its strings and
// numbers, maps in key order. A key names the context of its value: a
// number under "phone" or "身份证号" counts as said right after that word.
// Numbers are scanned in their decimal form, so a phone stored as a JSON
// number is found.
//
// FindIn fails closed: data nested deeper than MaxDepth (ErrTooDeep) or
// holding a value of another type (ErrUnsupported) returns the findings
// made elsewhere with an error, since what was skipped may hold personal
// information.
func (s *Scanner) FindIn(data any) ([]Finding, error) {
	w := walker{s: s}
	w.walk(data, "", "", 0)
	return w.out, w.err
}

// FindJSON decodes data as JSON (numbers kept as written) and returns
// FindIn's findings. It fails with ErrNotJSON if data is not one valid
// JSON value, and as FindIn does.
func (s *Scanner) FindJSON(data []byte) ([]Finding, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		// The decoder's message may quote the input: report the offset only.
		return nil, bad(ErrNotJSON, "detect.FindJSON: the data is not valid JSON (near byte %d); pass one complete JSON document", dec.InputOffset())
	}
	if dec.More() {
		return nil, bad(ErrNotJSON, "detect.FindJSON: data follows the first JSON value at byte %d; pass one JSON document, or scan each of a stream's values", dec.InputOffset())
	}
	return s.FindIn(v)
}

var pointerEscaper = strings.NewReplacer("~", "~0", "/", "~1")

// walker collects findings and the first error of one FindIn call.
type walker struct {
	s   *Scanner
	out []Finding
	err error
}

func (w *walker) fail(err error) {
	if w.err == nil {
		w.err = err
	}
}

func (w *walker) walk(v any, path, key string, depth int) {
	if depth > MaxDepth {
		w.fail(bad(ErrTooDeep, "detect.FindIn: data nests deeper than %d levels at %s; it was not scanned: flatten the data or scan the deep part on its own", MaxDepth, enum.Quote(path)))
		return
	}
	switch x := v.(type) {
	case nil, bool:
	case string:
		w.value(x, path, key)
	case json.Number:
		w.value(x.String(), path, key)
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e21 {
			w.value(strconv.FormatFloat(x, 'f', -1, 64), path, key)
		}
	case int:
		w.value(strconv.Itoa(x), path, key)
	case int64:
		w.value(strconv.FormatInt(x, 10), path, key)
	case uint64:
		w.value(strconv.FormatUint(x, 10), path, key)
	case []any:
		for i, e := range x {
			w.walk(e, path+"/"+strconv.Itoa(i), key, depth+1)
		}
	case []string:
		for i, e := range x {
			w.value(e, path+"/"+strconv.Itoa(i), key)
		}
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(x)) {
			w.walk(x[k], path+"/"+pointerEscaper.Replace(k), k, depth+1)
		}
	case map[string]string:
		for _, k := range slices.Sorted(maps.Keys(x)) {
			w.value(x[k], path+"/"+pointerEscaper.Replace(k), k)
		}
	default:
		w.fail(bad(ErrUnsupported, "detect.FindIn: a %T at %s was not scanned; convert the data to JSON-shaped values (maps with string keys, slices, strings, numbers) first", v, enum.Quote(path)))
	}
}

// value scans one string with the context its key gives.
func (w *walker) value(text, path, key string) {
	st := scan{text: text, kinds: w.s.kindMask(), min: w.s.minConfidence()}
	st.resetContext()
	keyContext(&st, key)
	st.run(0, len(text))
	for _, sp := range st.out {
		w.out = append(w.out, Finding{Path: path, Span: sp})
	}
}

// keyContext records the context words in a key as if said just before
// the value: each ASCII word of "id_card_no" or "phoneNumber", and any
// Chinese context word.
func keyContext(st *scan, key string) {
	for i := 0; i < len(key); {
		c := key[i]
		if class[c]&cLetter == 0 {
			if c >= 0x80 {
				if cl, n := cjkKeyword(key, i); cl != ctxNone {
					st.ctx[cl] = 0
					i += n
					continue
				}
			}
			i++
			continue
		}
		j := i + 1
		for j < len(key) && class[key[j]]&cLetter != 0 && !(key[j] >= 'A' && key[j] <= 'Z' && key[j-1] >= 'a') {
			j++
		}
		if cl := asciiKeyword(key[i:j]); cl != ctxNone {
			st.ctx[cl] = 0
		}
		i = j
	}
}
