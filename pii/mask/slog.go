package mask

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/lawfulgo/lawful/pii"
)

// TextRedactor finds personal information in free text and appends the
// text with what it found masked. *detect.Scanner (package
// pii/format/detect) implements it; this package does not import it, so
// that masking stays usable without the scanner.
type TextRedactor interface {
	AppendRedacted(dst []byte, text string) []byte
}

// TextFunc adapts a function to a TextRedactor: it appends text to dst
// with what it found masked.
type TextFunc func(dst []byte, text string) []byte

// AppendRedacted calls f.
func (f TextFunc) AppendRedacted(dst []byte, text string) []byte { return f(dst, text) }

// LogOptions configure how values are redacted for logs. The zero value
// masks tagged fields with the default rules, replaces the values of
// secrets by SecretPlaceholder, and leaves free text alone.
//
// A secret (a field tagged with a category whose Secret flag is set, such
// as credential.password or credential.otp, or an attribute, field, map
// key or group named in SecretKeys) is never logged in any form, at any
// depth: not masked, hashed, truncated or measured (PIPL art. 51;
// GB/T 35273-2020 §6.3 keeps authentication data out of display).
type LogOptions struct {
	// Masker masks tagged fields and attributes named in Keys; nil means
	// the default rules.
	Masker *Masker
	// Text, when set, redacts personal information found in string
	// attributes, untagged string fields, strings in slices and maps, map
	// keys, error messages and (in a Handler) messages. Nil leaves free
	// text as it is: set it to a detect.Scanner, or any TextRedactor.
	Text TextRedactor
	// Keys maps attribute keys (compared case-insensitively) to the
	// category their values hold, such as "phone": contact.phone; those
	// values are masked by Masker.
	Keys map[string]pii.Category
	// SecretKeys are attribute keys, compared case-insensitively, whose
	// values are secrets. Nil means DefaultSecretKeys; to add keys, append
	// to that list.
	SecretKeys []string
	// OmitSecrets leaves secrets out of the log altogether instead of
	// logging SecretPlaceholder in their place.
	OmitSecrets bool
}

// DefaultSecretKeys are the attribute keys whose values are never logged.
var DefaultSecretKeys = []string{"password", "passwd", "pwd", "passcode", "pin", "otp", "verification_code",
	"sms_code", "token", "access_token", "refresh_token", "secret", "api_key", "apikey", "authorization", "cookie",
	"cvv", "cvn", "cvc", "密码", "验证码", "口令"}

func (o *LogOptions) secretKey(k string) bool {
	keys := o.SecretKeys
	if keys == nil {
		keys = DefaultSecretKeys
	}
	for _, s := range keys {
		if strings.EqualFold(s, k) {
			return true
		}
	}
	return false
}

// secret returns what stands for a secret under key k, and false when
// the secret is omitted.
func (o *LogOptions) secret(k string) (slog.Attr, bool) {
	if o.OmitSecrets {
		return slog.Attr{}, false
	}
	return slog.String(k, SecretPlaceholder), true
}

func (o *LogOptions) keyCategory(k string) (pii.Category, bool) {
	if c, ok := o.Keys[k]; ok {
		return c, true
	}
	for key, c := range o.Keys {
		if strings.EqualFold(key, k) {
			return c, true
		}
	}
	return 0, false
}

// Log wraps v so that it masks itself when logged with slog: a struct (or
// a pointer to one) logs as a group of its exported fields, tagged fields
// masked by the default rules, secrets as SecretPlaceholder.
//
//	slog.Info("signup", "user", mask.Log(u))
func Log(v any) slog.LogValuer { return logValuer{v: v} }

// Log wraps v as the package-level Log does, with these options.
func (o LogOptions) Log(v any) slog.LogValuer { return logValuer{v: v, o: o} }

type logValuer struct {
	v any
	o LogOptions
}

func (l logValuer) LogValue() slog.Value { return l.o.Value(l.v) }

// Value returns the slog.Value to log for v: for a struct, or a pointer to
// one, a group of its exported fields, in order, keyed by field name: a
// pii-tagged field masked (a tagged field that is not a string logs as
// Redact's "****"; a secret as SecretPlaceholder or not at all), a nested
// struct as a nested group, a string redacted by Text. A map with string
// keys logs as a group in key order, its secret-named entries treated as
// secrets; a slice or array of anything that may hold personal
// information as a []any of redacted elements (structs as map[string]any).
// A nested value whose type, or a pointer to it, implements
// slog.LogValuer is resolved first and what it returns redacted the same
// way; a nil pointer logs as nil. An error logs as its message redacted by
// Text. Other values log as slog.AnyValue(v). Value never panics, not
// even when a LogValue method does.
//
// Value does not call the LogValue method of v itself, so that a type can
// mask itself with
//
//	func (u User) LogValue() slog.Value { return mask.LogOptions{}.Value(u) }
//
// Such a method on a type that points to itself (a linked list, a
// parent's child pointing back) recurses on cyclic data, as slog would.
func (o LogOptions) Value(v any) slog.Value {
	return o.walk(reflect.ValueOf(v), 0, false)
}

var (
	timeType      = reflect.TypeFor[time.Time]()
	logValuerType = reflect.TypeFor[slog.LogValuer]()
	errorType     = reflect.TypeFor[error]()
)

func (o *LogOptions) value(v reflect.Value, depth int) slog.Value { return o.walk(v, depth, true) }

// walk returns the redacted value of v; own says whether to call the
// LogValue method of v itself (or of what v points to), which Value does
// not so that a LogValue method can return Value of its receiver.
func (o *LogOptions) walk(v reflect.Value, depth int, own bool) slog.Value {
	for ; ; depth++ {
		switch {
		case depth > maxDepth:
			return slog.StringValue("****")
		case !v.IsValid():
			return slog.AnyValue(nil)
		case (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) && v.IsNil():
			return slog.AnyValue(nil)
		}
		if lv, ok := logValuerOf(v); ok && own {
			return o.resolved(o.resolve(lv, depth), depth)
		}
		if v.CanInterface() && v.Type().Implements(errorType) {
			return o.errorValue(v.Interface().(error))
		}
		if v.Kind() != reflect.Pointer && v.Kind() != reflect.Interface {
			break
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.String:
		return slog.StringValue(o.text(v.String()))
	case reflect.Struct:
		if v.Type() != timeType {
			return o.group(v, depth)
		}
	case reflect.Map:
		if v.Type().Key().Kind() == reflect.String || o.mayHold(v.Type().Elem(), 0) {
			return o.mapValue(v, depth)
		}
	case reflect.Slice, reflect.Array:
		if o.mayHold(v.Type().Elem(), 0) {
			return o.list(v, depth)
		}
	}
	if !v.CanInterface() {
		return slog.StringValue("****")
	}
	return slog.AnyValue(v.Interface())
}

// errorValue returns an error's message redacted by Text, or a mark when
// its Error method panics.
func (o *LogOptions) errorValue(err error) (v slog.Value) {
	defer func() {
		if recover() != nil {
			v = slog.StringValue("!PANIC in Error")
		}
	}()
	return slog.StringValue(o.text(err.Error()))
}

// logValuerOf returns v's LogValuer: from v's own methods or, for a value
// that is not a pointer, from the methods of a pointer to a copy of it,
// so that a LogValue method with a pointer receiver applies whether a
// value or a pointer is logged.
func logValuerOf(v reflect.Value) (slog.LogValuer, bool) {
	if !v.CanInterface() {
		return nil, false
	}
	if lv, ok := v.Interface().(slog.LogValuer); ok {
		return lv, true
	}
	if v.Kind() != reflect.Pointer && v.Kind() != reflect.Interface && reflect.PointerTo(v.Type()).Implements(logValuerType) {
		p := reflect.New(v.Type())
		p.Elem().Set(v)
		return p.Interface().(slog.LogValuer), true
	}
	return nil, false
}

// resolve calls lv's LogValue, and those of the LogValuers it returns,
// without slog's stack trace when one panics; a nil pointer resolves to
// nil without a call.
func (o *LogOptions) resolve(lv slog.LogValuer, depth int) (v slog.Value) {
	defer func() {
		if recover() != nil {
			v = slog.StringValue("!PANIC in LogValue")
		}
	}()
	for ; depth <= maxDepth; depth++ {
		if rv := reflect.ValueOf(lv); rv.Kind() == reflect.Pointer && rv.IsNil() {
			return slog.AnyValue(nil)
		}
		v = lv.LogValue()
		if v.Kind() != slog.KindLogValuer {
			return v
		}
		lv = v.LogValuer()
	}
	return slog.StringValue("****")
}

// mayHold reports whether a value of type t may hold a struct, a secret
// or, with Text set, free text: whether a slice or map of t must be walked.
func (o *LogOptions) mayHold(t reflect.Type, n int) bool {
	if n > 4 {
		return true
	}
	switch t.Kind() {
	case reflect.String:
		return o.Text != nil
	case reflect.Struct:
		return t != timeType
	case reflect.Interface:
		return true
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return o.mayHold(t.Elem(), n+1)
	case reflect.Map:
		return t.Key().Kind() == reflect.String || o.mayHold(t.Elem(), n+1)
	}
	return false
}

func (o *LogOptions) group(v reflect.Value, depth int) slog.Value {
	t := v.Type()
	attrs := make([]slog.Attr, 0, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag, isTagged := f.Tag.Lookup(pii.TagName)
		fv := v.Field(i)
		if isTagged && tag != "-" {
			c, err := pii.Parse(tag)
			switch {
			case err != nil:
				attrs = append(attrs, slog.String(f.Name, "****"))
			case c.IsSecret():
				if a, ok := o.secret(f.Name); ok {
					attrs = append(attrs, a)
				}
			default:
				attrs = append(attrs, slog.Attr{Key: f.Name, Value: o.leaf(fv, c)})
			}
			continue
		}
		if a, ok := o.field(f.Name, fv, !isTagged, depth); ok {
			attrs = append(attrs, a)
		}
	}
	return slog.GroupValue(attrs...)
}

// field returns the attribute for an untagged field or map entry: a
// secret by its key, masked by Keys when byKey is set, else its value.
func (o *LogOptions) field(key string, v reflect.Value, byKey bool, depth int) (slog.Attr, bool) {
	if o.secretKey(key) {
		return o.secret(key)
	}
	if byKey {
		if c, ok := o.keyCategory(key); ok {
			return slog.Attr{Key: key, Value: o.leaf(v, c)}, true
		}
	}
	return slog.Attr{Key: key, Value: o.value(v, depth+1)}, true
}

// mapValue logs a map as a group in the order of its keys: string keys
// redacted by Text, other keys as fmt prints them.
func (o *LogOptions) mapValue(v reflect.Value, depth int) slog.Value {
	type entry struct {
		key string
		v   reflect.Value
	}
	entries := make([]entry, 0, v.Len())
	for it := v.MapRange(); it.Next(); {
		k := it.Key()
		var ks string
		switch {
		case k.Kind() == reflect.String:
			ks = k.String()
		case k.CanInterface():
			ks = fmt.Sprint(k.Interface())
		default:
			ks = "****"
		}
		entries = append(entries, entry{ks, it.Value()})
	}
	slices.SortFunc(entries, func(a, b entry) int { return cmp.Compare(a.key, b.key) })
	attrs := make([]slog.Attr, 0, len(entries))
	for _, e := range entries {
		a, ok := o.field(e.key, e.v, true, depth)
		if ok {
			a.Key = o.text(a.Key)
			attrs = append(attrs, a)
		}
	}
	return slog.GroupValue(attrs...)
}

// list logs a slice or array as a []any of its redacted elements, groups
// as map[string]any, so that handlers print it as a list.
func (o *LogOptions) list(v reflect.Value, depth int) slog.Value {
	if v.Kind() == reflect.Slice && v.IsNil() {
		return slog.AnyValue(nil)
	}
	out := make([]any, v.Len())
	for i := range out {
		out[i] = plain(o.value(v.Index(i), depth+1))
	}
	return slog.AnyValue(out)
}

// plain returns v as an ordinary Go value: a group as a map[string]any.
func plain(v slog.Value) any {
	if v.Kind() != slog.KindGroup {
		return v.Any()
	}
	g := v.Group()
	m := make(map[string]any, len(g))
	for _, a := range g {
		m[a.Key] = plain(a.Value)
	}
	return m
}

// resolved redacts a value a LogValuer returned.
func (o *LogOptions) resolved(v slog.Value, depth int) slog.Value {
	a, _ := o.redact(slog.Attr{Value: v}, depth+1)
	return a.Value
}

// leaf returns the logged form of a tagged field of category c, not a
// secret.
func (o *LogOptions) leaf(v reflect.Value, c pii.Category) slog.Value {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return slog.AnyValue(nil)
		}
		v = v.Elem()
	}
	switch {
	case v.Kind() == reflect.String:
		return slog.StringValue(o.Masker.String(c, v.String()))
	case v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8:
		return slog.StringValue(o.Masker.String(c, string(v.Bytes())))
	}
	return slog.StringValue("****")
}

func (o *LogOptions) text(s string) string {
	if o.Text == nil || s == "" {
		return s
	}
	return string(o.Text.AppendRedacted(make([]byte, 0, len(s)), s))
}

// Attr returns a with its value redacted for logging: a secret-named
// key's value replaced by SecretPlaceholder (or, with OmitSecrets, the
// zero Attr, which handlers drop), a key in Keys masked, a string redacted
// by Text, any other value as Value redacts it, groups redacted
// recursively. A LogValuer is resolved first, unless the key names a
// secret: then it is not called at all.
func (o LogOptions) Attr(a slog.Attr) slog.Attr {
	a, _ = o.redact(a, 0)
	return a
}

// redact returns a redacted, and false when a is a secret to omit.
func (o *LogOptions) redact(a slog.Attr, depth int) (slog.Attr, bool) {
	if a.Key != "" && o.secretKey(a.Key) {
		return o.secret(a.Key)
	}
	switch a.Value.Kind() {
	case slog.KindLogValuer:
		a.Value = o.resolve(a.Value.LogValuer(), depth)
		if a.Value.Kind() == slog.KindAny {
			a.Value = o.value(reflect.ValueOf(a.Value.Any()), depth+1)
			return a, true
		}
	case slog.KindAny:
		a.Value = o.value(reflect.ValueOf(a.Value.Any()), depth)
		return a, true
	}
	if c, ok := o.keyCategory(a.Key); ok && a.Value.Kind() == slog.KindString {
		a.Value = slog.StringValue(o.Masker.String(c, a.Value.String()))
		return a, true
	}
	switch a.Value.Kind() {
	case slog.KindString:
		a.Value = slog.StringValue(o.text(a.Value.String()))
	case slog.KindGroup:
		a.Value = slog.GroupValue(o.redactAll(a.Value.Group(), depth+1)...)
	}
	return a, true
}

// redactAll redacts as, leaving omitted secrets out.
func (o *LogOptions) redactAll(as []slog.Attr, depth int) []slog.Attr {
	out := make([]slog.Attr, 0, len(as))
	for _, a := range as {
		if depth > maxDepth {
			a.Value = slog.StringValue("****")
		}
		if r, ok := o.redact(a, depth); ok {
			out = append(out, r)
		}
	}
	return out
}

// ReplaceAttr returns a function for slog.HandlerOptions.ReplaceAttr that
// redacts every attribute as Attr does, and treats every attribute inside
// a group named like a secret as a secret. It leaves the built-in time,
// level and source attributes alone but redacts the message.
func (o LogOptions) ReplaceAttr() func(groups []string, a slog.Attr) slog.Attr {
	return func(groups []string, a slog.Attr) slog.Attr {
		if len(groups) == 0 {
			switch a.Key {
			case slog.TimeKey, slog.LevelKey, slog.SourceKey:
				return a
			}
		}
		for _, g := range groups {
			if o.secretKey(g) {
				s, _ := o.secret(a.Key)
				return s
			}
		}
		return o.Attr(a)
	}
}

// NewHandler returns a slog.Handler that redacts every record as
// LogOptions.Attr does (the message by Text) and passes it to h. Use it
// where the handler's own options cannot be set, or to redact attributes
// added with Logger.With before they are stored: attributes are redacted
// once, when added. Under a group named like a secret (WithGroup), every
// attribute is a secret. It is safe for concurrent use when h is.
func NewHandler(h slog.Handler, o LogOptions) slog.Handler { return &handler{h: h, o: o} }

type handler struct {
	h      slog.Handler
	o      LogOptions
	secret bool // under a group named like a secret
}

func (h *handler) Enabled(ctx context.Context, l slog.Level) bool { return h.h.Enabled(ctx, l) }

func (h *handler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, h.o.text(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		if a, ok := h.redact(a); ok {
			out.AddAttrs(a)
		}
		return true
	})
	return h.h.Handle(ctx, out)
}

func (h *handler) redact(a slog.Attr) (slog.Attr, bool) {
	if h.secret {
		return h.o.secret(a.Key)
	}
	return h.o.redact(a, 0)
}

func (h *handler) WithAttrs(as []slog.Attr) slog.Handler {
	out := make([]slog.Attr, 0, len(as))
	for _, a := range as {
		if a, ok := h.redact(a); ok {
			out = append(out, a)
		}
	}
	return &handler{h: h.h.WithAttrs(out), o: h.o, secret: h.secret}
}

func (h *handler) WithGroup(name string) slog.Handler {
	return &handler{h: h.h.WithGroup(name), o: h.o, secret: h.secret || h.o.secretKey(name)}
}
