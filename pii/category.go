package pii

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// Category is one leaf of the taxonomy, such as contact.phone. It is a dense
// index into the registered table, so it is small, comparable and usable as
// a bit position in a Set.
//
// The zero Category is invalid: it names nothing, belongs to no Set and
// prints as "Category(0)". Obtain categories from Parse, Lookup,
// MustLookup or Register.
type Category uint8

// MaxCategories is how many categories the table holds: the 117 built-in
// leaves of the taxonomy plus up to 138 registered by services.
const MaxCategories = 255

// Definition describes a category: its key, names and how each Law classes
// it. The built-in table holds one Definition per leaf of the category tree (GB/T 35273-2020 Annexes A and B, PIPL art. 28, GDPR arts. 9, 10);
// services add their own with Register.
type Definition struct {
	// Key is the stable dotted key, e.g. "contact.phone" or "device.id.imei":
	// 2 or 3 segments of [a-z][a-z0-9_]*. Every proper prefix is a group.
	Key string
	// NameEN and NameZH are the display names in English and Chinese.
	NameEN, NameZH string
	// PIPL is the category's class under PIPL art. 28: General or Sensitive.
	PIPL Sensitivity
	// GDPR is the category's class under GDPR arts. 9 and 10.
	GDPR Sensitivity
	// Secret marks authentication secrets (passwords, OTPs, CVN): never
	// displayed, logged or stored in clear. Orthogonal to sensitivity.
	Secret bool
	// Identifier marks categories that identify a person on their own
	// (account.*, device.id.*, contact.*). Data combined with an identifier is
	// PI even if it would not be alone (PIPL art. 4, the combination rule).
	Identifier bool
}

// Key returns c's dotted key, or "" if c is not registered.
func (c Category) Key() string {
	if d, ok := c.def(); ok {
		return d.Key
	}
	return ""
}

// String returns c's dotted key, or "Category(N)" if c is not registered.
func (c Category) String() string {
	if d, ok := c.def(); ok {
		return d.Key
	}
	return fmt.Sprintf("Category(%d)", uint8(c))
}

// Valid reports whether c is a registered category.
func (c Category) Valid() bool { _, ok := c.def(); return ok }

// Definition returns the registered definition of c, and false if c is not
// registered.
func (c Category) Definition() (Definition, bool) { return c.def() }

// Group returns the top-level group of c ("biometric" for
// biometric.voiceprint), or "" if c is not registered.
func (c Category) Group() string {
	k := c.Key()
	if i := strings.IndexByte(k, '.'); i > 0 {
		return k[:i]
	}
	return ""
}

// Sensitivity returns how law classes c. An unregistered category or an
// unknown law yields SensitivityUnknown, which callers treat as sensitive.
func (c Category) Sensitivity(law Law) Sensitivity {
	d, ok := c.def()
	if !ok {
		return SensitivityUnknown
	}
	switch law {
	case PIPL:
		return d.PIPL
	case GDPR:
		return d.GDPR
	}
	return SensitivityUnknown
}

// IsSecret reports whether c is an authentication secret.
func (c Category) IsSecret() bool { d, ok := c.def(); return ok && d.Secret }

// IsIdentifier reports whether c identifies a person on its own.
func (c Category) IsIdentifier() bool { d, ok := c.def(); return ok && d.Identifier }

// MarshalText encodes c as its key. An unregistered category is an error.
func (c Category) MarshalText() ([]byte, error) {
	d, ok := c.def()
	if !ok {
		return nil, fmt.Errorf("pii: cannot marshal unregistered %v", c)
	}
	return []byte(d.Key), nil
}

// UnmarshalText parses a leaf key, as Parse does.
func (c *Category) UnmarshalText(b []byte) error {
	v, err := Parse(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}

func (c Category) def() (Definition, bool) {
	t := current.Load()
	if c == 0 || int(c) >= len(t.defs) {
		return Definition{}, false
	}
	return t.defs[c], true
}

// Lookup returns the leaf category with the given key.
func Lookup(key string) (Category, bool) {
	c, ok := current.Load().byKey[key]
	return c, ok
}

// MustLookup is like Lookup but panics if key is not a registered leaf. It
// is meant for package-level variables and tests, never for user input.
func MustLookup(key string) Category {
	c, err := Parse(key)
	if err != nil {
		panic(err)
	}
	return c
}

// Parse returns the leaf category with the given key. An unknown key yields
// an *UnknownKeyError naming the nearest valid keys; a group key such as
// "biometric" yields an error wrapping ErrNotLeaf (use ParseSet to expand
// groups).
func Parse(key string) (Category, error) {
	t := current.Load()
	if c, ok := t.byKey[key]; ok {
		return c, nil
	}
	if _, ok := t.groups[key]; ok {
		return 0, fmt.Errorf("%w: %q is a group of %d categories; name one leaf such as %q", ErrNotLeaf, key, t.groups[key].Len(), t.firstLeaf(key))
	}
	return 0, t.unknown(key)
}

// IsGroup reports whether key names a group (a proper prefix of registered
// keys, such as "biometric" or "device.id").
func IsGroup(key string) bool {
	_, ok := current.Load().groups[key]
	return ok
}

// Group returns the set of leaves under a group key, or under a leaf key the
// one-element set. An unknown key yields an *UnknownKeyError.
func Group(key string) (Set, error) {
	t := current.Load()
	if c, ok := t.byKey[key]; ok {
		return Of(c), nil
	}
	if s, ok := t.groups[key]; ok {
		return s, nil
	}
	return Set{}, t.unknown(key)
}

// GroupName returns the English and Chinese names of a group key, or the key
// itself twice when the group has no registered names.
func GroupName(key string) (en, zh string) {
	if n, ok := groupNames[key]; ok {
		return n[0], n[1]
	}
	return key, key
}

// All returns every registered category, sorted by key.
func All() []Category {
	return slices.Clone(current.Load().sorted)
}

// Register adds a category to the taxonomy and returns it. It is meant to be
// called from init functions, before any Guard or Registry is built; it is
// safe for concurrent use, but a Set or Registry built earlier does not see
// later categories' names in groups.
//
// Register fails with an error wrapping ErrMalformedKey, ErrDuplicateKey,
// ErrInvalidDefinition or ErrFull, and then changes nothing.
func Register(d Definition) (Category, error) {
	registerMu.Lock()
	defer registerMu.Unlock()
	t := current.Load()
	if err := t.check(d); err != nil {
		return 0, err
	}
	n := t.clone()
	c := n.add(d)
	n.finish()
	current.Store(n)
	return c, nil
}

// MustRegister is like Register but panics on error. Use it for
// package-level variables: var Plate = pii.MustRegister(pii.Definition{...}).
func MustRegister(d Definition) Category {
	c, err := Register(d)
	if err != nil {
		panic(err)
	}
	return c
}

// ValidKey reports whether key follows the key grammar: 2 or 3 segments
// separated by dots, each [a-z][a-z0-9_]*, at most 64 bytes in all. It says
// nothing about whether key is registered.
func ValidKey(key string) error {
	if len(key) == 0 || len(key) > 64 {
		return fmt.Errorf("%w %q: length %d, want 1 to 64 bytes", ErrMalformedKey, key, len(key))
	}
	segs := strings.Split(key, ".")
	if len(segs) < 2 || len(segs) > 3 {
		return fmt.Errorf("%w %q: %d segments, want 2 or 3 (group.leaf or group.sub.leaf)", ErrMalformedKey, key, len(segs))
	}
	for _, s := range segs {
		if s == "" {
			return fmt.Errorf("%w %q: empty segment", ErrMalformedKey, key)
		}
		if s[0] < 'a' || s[0] > 'z' {
			return fmt.Errorf("%w %q: segment %q must start with a lower-case letter", ErrMalformedKey, key, s)
		}
		for i := 1; i < len(s); i++ {
			ch := s[i]
			if !('a' <= ch && ch <= 'z' || '0' <= ch && ch <= '9' || ch == '_') {
				return fmt.Errorf("%w %q: segment %q may hold only a-z, 0-9 and _", ErrMalformedKey, key, s)
			}
		}
	}
	return nil
}

// table is an immutable snapshot of the taxonomy. Register publishes a new
// one; readers load it with one atomic read and never lock.
type table struct {
	defs        []Definition // index = Category; defs[0] is the invalid zero
	byKey       map[string]Category
	groups      map[string]Set
	sorted      []Category
	sensitive   [numLaws]Set
	secret      Set
	identifiers Set
}

var (
	current    atomic.Pointer[table]
	registerMu sync.Mutex
)

func init() {
	t := &table{defs: make([]Definition, 1, 256), byKey: map[string]Category{}, groups: map[string]Set{}}
	for _, d := range builtin {
		if err := t.check(d); err != nil {
			panic("pii: built-in taxonomy: " + err.Error())
		}
		t.add(d)
	}
	t.finish()
	current.Store(t)
}

func (t *table) check(d Definition) error {
	if err := ValidKey(d.Key); err != nil {
		return err
	}
	if _, ok := t.byKey[d.Key]; ok {
		return fmt.Errorf("%w: %q is already registered", ErrDuplicateKey, d.Key)
	}
	if _, ok := t.groups[d.Key]; ok {
		return fmt.Errorf("%w: %q is a group; a key cannot be both a group and a leaf", ErrDuplicateKey, d.Key)
	}
	for i := range len(d.Key) {
		if d.Key[i] == '.' {
			if _, ok := t.byKey[d.Key[:i]]; ok {
				return fmt.Errorf("%w: %q would make leaf %q a group", ErrDuplicateKey, d.Key, d.Key[:i])
			}
		}
	}
	if d.NameEN == "" && d.NameZH == "" {
		return fmt.Errorf("%w %q: NameEN or NameZH is required", ErrInvalidDefinition, d.Key)
	}
	if !d.PIPL.validFor(PIPL) {
		return fmt.Errorf("%w %q: PIPL sensitivity %v, want general or sensitive (PIPL art. 28)", ErrInvalidDefinition, d.Key, d.PIPL)
	}
	if !d.GDPR.validFor(GDPR) {
		return fmt.Errorf("%w %q: GDPR sensitivity %v, want general, sensitive, sensitive_if_identifying or criminal_offence", ErrInvalidDefinition, d.Key, d.GDPR)
	}
	if len(t.defs) > MaxCategories {
		return fmt.Errorf("%w: %d categories registered, cannot add %q", ErrFull, MaxCategories, d.Key)
	}
	return nil
}

func (t *table) clone() *table {
	n := &table{
		defs:   slices.Clone(t.defs),
		byKey:  make(map[string]Category, len(t.byKey)+1),
		groups: make(map[string]Set, len(t.groups)+2),
	}
	for k, v := range t.byKey {
		n.byKey[k] = v
	}
	for k, v := range t.groups {
		n.groups[k] = v
	}
	return n
}

// add appends d, which check accepted, and returns its Category.
func (t *table) add(d Definition) Category {
	c := Category(len(t.defs))
	t.defs = append(t.defs, d)
	t.byKey[d.Key] = c
	for i := range len(d.Key) {
		if d.Key[i] == '.' {
			g := d.Key[:i]
			t.groups[g] = t.groups[g].With(c)
		}
	}
	return c
}

// finish recomputes the derived indexes.
func (t *table) finish() {
	t.sorted = t.sorted[:0]
	t.sensitive = [numLaws]Set{}
	t.secret, t.identifiers = Set{}, Set{}
	for i := 1; i < len(t.defs); i++ {
		c, d := Category(i), t.defs[i]
		t.sorted = append(t.sorted, c)
		if d.PIPL.IsSensitive() {
			t.sensitive[PIPL] = t.sensitive[PIPL].With(c)
		}
		if d.GDPR.IsSensitive() {
			t.sensitive[GDPR] = t.sensitive[GDPR].With(c)
		}
		t.sensitive[LawUnknown] = t.sensitive[LawUnknown].With(c)
		if d.Secret {
			t.secret = t.secret.With(c)
		}
		if d.Identifier {
			t.identifiers = t.identifiers.With(c)
		}
	}
	slices.SortFunc(t.sorted, func(a, b Category) int { return strings.Compare(t.defs[a].Key, t.defs[b].Key) })
}

func (t *table) firstLeaf(group string) string {
	for _, c := range t.sorted {
		if t.groups[group].Contains(c) {
			return t.defs[c].Key
		}
	}
	return ""
}
