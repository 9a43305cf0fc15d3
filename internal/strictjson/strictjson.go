// Package strictjson is the one JSON reader every lawful decoder goes
// through. Before anything is decoded it checks, in one pass that
// allocates nothing per value beyond amortised scratch space:
//
//   - the input is at most Limits.MaxSize bytes;
//   - it is exactly one well-formed JSON value (RFC 8259), strings valid
//     UTF-8, with nothing but whitespace after it;
//   - no object, at any depth, repeats a key (encoding/json keeps the last
//     one silently, so a reviewer and the program could read different
//     values);
//   - nesting is at most Limits.MaxDepth arrays and objects deep, and no
//     array or object has more than Limits.MaxElements elements or members;
//   - when decoding into a Go type, every object key is a field of the
//     struct it fills, spelled exactly (encoding/json would match "KEEP"
//     to "keep", making case variants duplicates that last-wins).
//
// Every failure is an *Error naming the problem and the JSON path of the
// value concerned (`purposes[3].categories: duplicate key "x"`), matching
// one of the sentinels below with errors.Is. purpose re-exports
// ErrTooLarge, ErrDuplicateKey and ErrTrailingData for users.
//
// The decoders and their limits (size, elements of one array or object,
// depth), each documented on the decoder:
//
//	purpose.LoadPolicy, DecodePolicy   MaxPolicySize 8 MiB, MaxPolicyElements 10000, MaxPolicyDepth 16
//	retention.DecodeRule               MaxRuleSize 64 KiB, MaxRuleElements 1000, depth 4
//	lawfultest.LoadScenarioFile, DecodeScenarioFile
//	                                   MaxScenarioSize 4 MiB, MaxScenarioElements 10000, MaxScenarioDepth 8
//	consent.ParseSignedReceipt, VerifyReceipt
//	                                   MaxReceiptSize 1 MiB, MaxCategories 256, depth 16
//	rights.ParseHolidays               MaxCalendarSize 1 MiB, MaxHolidayDates 10000, depth 4
//	sqlstore (stored rule IDs)         purpose.MaxPolicySize, purpose.MaxPolicyElements, depth 1
//
// Past the JSON, each decoder caps the problems it reports (purpose
// MaxProblems 100, retention 10, rights 100 listed), so that allocation
// stays proportional to the input: see AllocBound.
package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
)

// Sentinels. Every *Error matches exactly one of them.
var (
	// ErrTooLarge: the input is over one of its Limits: size, nesting
	// depth, or elements of one array or object.
	ErrTooLarge = errors.New("input over a limit")
	// ErrSyntax: the input is not well-formed JSON.
	ErrSyntax = errors.New("JSON syntax error")
	// ErrDuplicateKey: an object repeats a key.
	ErrDuplicateKey = errors.New("duplicate key")
	// ErrTrailingData: something other than whitespace follows the
	// document.
	ErrTrailingData = errors.New("trailing data after the document")
	// ErrUnknownField: an object has a key its schema does not define.
	ErrUnknownField = errors.New("unknown field")
	// ErrWrongType: a value has the wrong JSON type for its field.
	ErrWrongType = errors.New("wrong JSON type")
)

// Error is one problem with a JSON input.
type Error struct {
	Kind   error  // the sentinel it matches
	Path   string // JSON path of the value concerned, e.g. "purposes[3].id"; "" for the document
	Offset int    // byte offset in the input where it was found; -1 if unknown
	Msg    string // what is wrong and how to fix it
}

func (e *Error) Error() string {
	if e.Path == "" {
		return e.Msg
	}
	return e.Path + ": " + e.Msg
}

// Is reports whether target is e's sentinel.
func (e *Error) Is(target error) bool { return target == e.Kind }

// Limits bound one decoder's input. A zero field takes its default.
type Limits struct {
	// MaxSize is the largest input in bytes (default 1 MiB; at most 2 GiB).
	MaxSize int
	// SizeName names MaxSize in messages, e.g. "purpose.MaxPolicySize".
	SizeName string
	// MaxDepth is the deepest nesting of arrays and objects (default 32).
	MaxDepth int
	// MaxElements is the most elements of one array, or members of one
	// object (default 10000).
	MaxElements int
}

// Defaults of Limits.
const (
	DefaultMaxSize     = 1 << 20
	DefaultMaxDepth    = 32
	DefaultMaxElements = 10000
)

func (l Limits) size() int     { return min(or(l.MaxSize, DefaultMaxSize), 1<<31-1) }
func (l Limits) depth() int    { return or(l.MaxDepth, DefaultMaxDepth) }
func (l Limits) elements() int { return or(l.MaxElements, DefaultMaxElements) }

func or(v, def int) int {
	if v <= 0 {
		return def
	}
	return v
}

// TooLarge returns the error for an input of n bytes over l's size limit.
func (l Limits) TooLarge(n int) *Error {
	what := "the limit"
	if l.SizeName != "" {
		what = l.SizeName
	}
	at := "more than"
	if n > l.size() {
		at = strconv.Itoa(n) + " bytes, more than"
	}
	return &Error{Kind: ErrTooLarge, Offset: l.size(), Msg: fmt.Sprintf("input is %s %d bytes (%s); split it or trim it", at, l.size(), what)}
}

// Read reads all of r, refusing with an ErrTooLarge *Error to read more
// than l.MaxSize bytes. Errors from r are returned as they are.
func Read(r io.Reader, l Limits) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, int64(l.size())+1))
	if err != nil {
		return nil, err
	}
	if len(data) > l.size() {
		return nil, l.TooLarge(-1)
	}
	return data, nil
}

// Check checks data against l and, when t is not nil, the fields of the Go
// type t it will be decoded into (see the package doc). A nil t accepts any
// object keys.
func Check(data []byte, l Limits, t reflect.Type) error {
	sc := anything
	if t != nil {
		sc = schemaFor(t)
	}
	_, err := check(data, l, sc, false, 0)
	return err
}

// check scans data, recording its nodes (n of them expected) if build is
// set.
func check(data []byte, l Limits, sc *schema, build bool, n int) (*scanner, error) {
	if len(data) > l.size() {
		return nil, l.TooLarge(len(data))
	}
	if sc == nil {
		sc = anything
	}
	s := &scanner{data: data, lim: l, build: build}
	if build {
		s.nodes = make([]node, 0, n)
	}
	s.skipSpace()
	if s.pos == len(data) {
		s.fail(ErrSyntax, "empty input; want a JSON document")
		return nil, s.err
	}
	if !s.value(sc) {
		return nil, s.err
	}
	s.skipSpace()
	if s.pos < len(data) {
		s.fail(ErrTrailingData, fmt.Sprintf("trailing data after the document at %s; a file holds exactly one JSON value", s.where(s.pos)))
		return nil, s.err
	}
	return s, nil
}

// Len returns the elements of the array, or members of the object, that
// data holds, checking it as Check does with no Go type; 0 for a scalar.
// It allocates nothing per value: use it to size a slice before decoding.
func Len(data []byte, l Limits) (int, error) {
	s, err := check(data, l, nil, false, 0)
	if err != nil {
		return 0, err
	}
	return s.rootN, nil
}

// Decode checks data as Check does for v's type, then decodes it into v
// with encoding/json. A value of the wrong JSON type for its field is an
// ErrWrongType *Error; an error from a field's UnmarshalJSON or
// UnmarshalText method is returned as it is.
func Decode(data []byte, v any, l Limits) error {
	if err := Check(data, l, reflect.TypeOf(v)); err != nil {
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return TypeError(err, "")
	}
	return nil
}

// TypeError returns a *json.UnmarshalTypeError from decoding the value at
// path as an ErrWrongType *Error, and any other error as it is.
func TypeError(err error, path string) error {
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) {
		return err
	}
	field := te.Field
	switch {
	case path != "" && field != "":
		field = path + "." + field
	case path != "":
		field = path
	}
	got := te.Value // "number 1e999": may echo the input
	if len(got) > 64 {
		got = strings.ToValidUTF8(got[:64], "") + "…"
	}
	return &Error{Kind: ErrWrongType, Path: field, Offset: int(te.Offset), Msg: "want " + jsonKind(te.Type) + ", got " + got}
}

func compact(dst *bytes.Buffer, src []byte) error { return json.Compact(dst, src) }

// jsonKind names the JSON a Go type decodes from.
func jsonKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return "an integer in range"
	case reflect.Float32, reflect.Float64:
		return "a number"
	}
	return "a value of type " + t.String()
}

// Path renders a JSON path from its steps: a string is an object key, an
// int an array index. Keys that are not plain identifiers are quoted.
func Path(steps ...any) string {
	var b strings.Builder
	for _, st := range steps {
		switch st := st.(type) {
		case int:
			writeIndex(&b, st)
		case string:
			writeKey(&b, st)
		}
	}
	return b.String()
}
