package mask

import (
	"context"
	"log/slog"
	"reflect"
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

// LogOptions configure how values are redacted for logs. The zero value
// masks tagged fields with the default rules, replaces the values of
// attributes named like secrets, and leaves free text alone.
type LogOptions struct {
	// Masker masks tagged fields and attributes named in Keys; nil means
	// the default rules.
	Masker *Masker
	// Text, when set, redacts personal information found in string
	// attributes, untagged string fields and (in a Handler) messages.
	// Nil leaves free text as it is: set it to a detect.Scanner.
	Text TextRedactor
	// Keys maps attribute keys (compared case-insensitively) to the
	// category their values hold, such as "phone": contact.phone; those
	// values are masked by Masker.
	Keys map[string]pii.Category
	// SecretKeys are attribute keys, compared case-insensitively, whose
	// values are secrets and are replaced by SecretPlaceholder. Nil means
	// DefaultSecretKeys; to add keys, append to that list.
	SecretKeys []string
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
// Redact's "****"; a secret as SecretPlaceholder), a nested struct as a
// nested group, a string redacted by Text, slices and maps holding tagged
// structs as their masked Copy. Other values log as slog.AnyValue(v),
// strings redacted by Text. Value never panics.
func (o LogOptions) Value(v any) slog.Value {
	return o.value(reflect.ValueOf(v), 0)
}

var timeType = reflect.TypeFor[time.Time]()

func (o *LogOptions) value(v reflect.Value, depth int) slog.Value {
	if !v.IsValid() {
		return slog.AnyValue(nil)
	}
	if v.CanInterface() && depth <= maxDepth {
		if lv, ok := v.Interface().(slog.LogValuer); ok {
			return o.resolved(slog.AnyValue(lv).Resolve(), depth)
		}
	}
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return slog.AnyValue(nil)
		}
		v = v.Elem()
	}
	switch {
	case depth > maxDepth:
		return slog.StringValue("****")
	case v.Kind() == reflect.String:
		return slog.StringValue(o.text(v.String()))
	case v.Kind() == reflect.Struct && v.Type() != timeType:
		return o.group(v, depth)
	case v.Kind() == reflect.Slice, v.Kind() == reflect.Array, v.Kind() == reflect.Map:
		if hasTags(v.Type()) {
			c, err := o.Masker.copyValue(v, depth)
			if err != nil {
				return slog.StringValue("****")
			}
			return slog.AnyValue(c.Interface())
		}
	}
	if !v.CanInterface() {
		return slog.StringValue("****")
	}
	return slog.AnyValue(v.Interface())
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
		switch {
		case isTagged && tag != "-":
			c, err := pii.Parse(tag)
			if err != nil {
				attrs = append(attrs, slog.String(f.Name, "****"))
				continue
			}
			attrs = append(attrs, slog.Attr{Key: f.Name, Value: o.leaf(fv, c)})
		case o.secretKey(f.Name):
			attrs = append(attrs, slog.String(f.Name, SecretPlaceholder))
		case len(o.Keys) > 0 && !isTagged:
			if c, ok := o.keyCategory(f.Name); ok {
				attrs = append(attrs, slog.Attr{Key: f.Name, Value: o.leaf(fv, c)})
				continue
			}
			attrs = append(attrs, slog.Attr{Key: f.Name, Value: o.value(fv, depth+1)})
		default:
			attrs = append(attrs, slog.Attr{Key: f.Name, Value: o.value(fv, depth+1)})
		}
	}
	return slog.GroupValue(attrs...)
}

// resolved redacts a value a LogValuer returned.
func (o *LogOptions) resolved(v slog.Value, depth int) slog.Value {
	switch v.Kind() {
	case slog.KindString:
		return slog.StringValue(o.text(v.String()))
	case slog.KindGroup:
		return o.attr(slog.Attr{Value: v}, depth+1).Value
	case slog.KindAny:
		if _, ok := v.Any().(slog.LogValuer); ok {
			return slog.StringValue("****") // still unresolved after slog's limit
		}
		return o.value(reflect.ValueOf(v.Any()), depth+1)
	}
	return v
}

// leaf returns the logged form of a tagged field of category c.
func (o *LogOptions) leaf(v reflect.Value, c pii.Category) slog.Value {
	if c.IsSecret() {
		return slog.StringValue(SecretPlaceholder)
	}
	for v.Kind() == reflect.Pointer {
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

// Attr returns a with its value redacted for logging: a secret-named key's
// value replaced, a key in Keys masked, a string redacted by Text, a
// struct turned into a masked group (as Value), groups redacted
// recursively. LogValuers are resolved first.
func (o LogOptions) Attr(a slog.Attr) slog.Attr { return o.attr(a, 0) }

func (o *LogOptions) attr(a slog.Attr, depth int) slog.Attr {
	a.Value = a.Value.Resolve()
	if o.secretKey(a.Key) {
		a.Value = slog.StringValue(SecretPlaceholder)
		return a
	}
	if c, ok := o.keyCategory(a.Key); ok && a.Value.Kind() == slog.KindString {
		a.Value = slog.StringValue(o.Masker.String(c, a.Value.String()))
		return a
	}
	switch a.Value.Kind() {
	case slog.KindString:
		a.Value = slog.StringValue(o.text(a.Value.String()))
	case slog.KindGroup:
		g := a.Value.Group()
		out := make([]slog.Attr, len(g))
		for i, ga := range g {
			out[i] = o.attr(ga, depth+1)
		}
		a.Value = slog.GroupValue(out...)
	case slog.KindAny:
		switch x := a.Value.Any().(type) {
		case error:
			a.Value = slog.StringValue(o.text(x.Error()))
		default:
			a.Value = o.value(reflect.ValueOf(x), depth)
		}
	}
	return a
}

// ReplaceAttr returns a function for slog.HandlerOptions.ReplaceAttr that
// redacts every attribute as Attr does. It leaves the built-in time, level
// and source attributes alone but redacts the message.
func (o LogOptions) ReplaceAttr() func(groups []string, a slog.Attr) slog.Attr {
	return func(groups []string, a slog.Attr) slog.Attr {
		if len(groups) == 0 {
			switch a.Key {
			case slog.TimeKey, slog.LevelKey, slog.SourceKey:
				return a
			}
		}
		return o.attr(a, 0)
	}
}

// NewHandler returns a slog.Handler that redacts every record as
// LogOptions.Attr does (the message by Text) and passes it to h. Use it
// where the handler's own options cannot be set, or to redact attributes
// added with Logger.With before they are stored. It is safe for
// concurrent use when h is.
func NewHandler(h slog.Handler, o LogOptions) slog.Handler { return &handler{h: h, o: o} }

type handler struct {
	h slog.Handler
	o LogOptions
}

func (h *handler) Enabled(ctx context.Context, l slog.Level) bool { return h.h.Enabled(ctx, l) }

func (h *handler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, h.o.text(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(h.o.attr(a, 0))
		return true
	})
	return h.h.Handle(ctx, out)
}

func (h *handler) WithAttrs(as []slog.Attr) slog.Handler {
	out := make([]slog.Attr, len(as))
	for i, a := range as {
		out[i] = h.o.attr(a, 0)
	}
	return &handler{h: h.h.WithAttrs(out), o: h.o}
}

func (h *handler) WithGroup(name string) slog.Handler {
	return &handler{h: h.h.WithGroup(name), o: h.o}
}
