package pii

import (
	"iter"
	"math/bits"
	"strings"
)

// Set is a set of categories: a fixed-size 256-bit bitset. The zero value is
// the empty set. Sets are values: comparable with ==, usable as map keys,
// and every operation returns a new Set without allocating.
type Set struct {
	w [4]uint64
}

// Of returns the set holding the given categories. Invalid (zero)
// categories are ignored.
func Of(cs ...Category) Set {
	var s Set
	for _, c := range cs {
		s = s.With(c)
	}
	return s
}

// With returns s plus c. Adding the zero Category returns s unchanged.
func (s Set) With(c Category) Set {
	if c != 0 {
		s.w[c>>6] |= 1 << (c & 63)
	}
	return s
}

// Without returns s minus c.
func (s Set) Without(c Category) Set {
	s.w[c>>6] &^= 1 << (c & 63)
	return s
}

// Contains reports whether c is in s.
func (s Set) Contains(c Category) bool {
	return c != 0 && s.w[c>>6]&(1<<(c&63)) != 0
}

// Union returns the categories in s or o.
func (s Set) Union(o Set) Set {
	return Set{[4]uint64{s.w[0] | o.w[0], s.w[1] | o.w[1], s.w[2] | o.w[2], s.w[3] | o.w[3]}}
}

// Intersect returns the categories in both s and o.
func (s Set) Intersect(o Set) Set {
	return Set{[4]uint64{s.w[0] & o.w[0], s.w[1] & o.w[1], s.w[2] & o.w[2], s.w[3] & o.w[3]}}
}

// Minus returns the categories in s but not in o.
func (s Set) Minus(o Set) Set {
	return Set{[4]uint64{s.w[0] &^ o.w[0], s.w[1] &^ o.w[1], s.w[2] &^ o.w[2], s.w[3] &^ o.w[3]}}
}

// SubsetOf reports whether every category in s is also in o. The empty set
// is a subset of every set.
func (s Set) SubsetOf(o Set) bool {
	return s.w[0]&^o.w[0] == 0 && s.w[1]&^o.w[1] == 0 && s.w[2]&^o.w[2] == 0 && s.w[3]&^o.w[3] == 0
}

// Overlaps reports whether s and o share a category.
func (s Set) Overlaps(o Set) bool {
	return s.w[0]&o.w[0] != 0 || s.w[1]&o.w[1] != 0 || s.w[2]&o.w[2] != 0 || s.w[3]&o.w[3] != 0
}

// IsEmpty reports whether s holds no category.
func (s Set) IsEmpty() bool { return s.w == [4]uint64{} }

// Len returns the number of categories in s.
func (s Set) Len() int {
	return bits.OnesCount64(s.w[0]) + bits.OnesCount64(s.w[1]) + bits.OnesCount64(s.w[2]) + bits.OnesCount64(s.w[3])
}

// Sensitive returns the categories of s that law classes as anything but
// General: PIPL art. 28 sensitive PI, or GDPR art. 9 special categories
// (including biometrics that are special only when identifying) and art. 10
// criminal data. Under LawUnknown every category is sensitive (fail closed).
//
// Sensitivity raised by facts about the subject (all PI of a child under 14
// is sensitive, PIPL art. 28) is not a property of the category; the Guard
// applies it per request.
func (s Set) Sensitive(law Law) Set {
	t := current.Load()
	if int(law) >= numLaws {
		law = LawUnknown
	}
	return s.Intersect(t.sensitive[law])
}

// Secret returns the categories of s flagged Secret.
func (s Set) Secret() Set { return s.Intersect(current.Load().secret) }

// Identifiers returns the categories of s that identify a person on their
// own (PIPL art. 4, the combination rule).
func (s Set) Identifiers() Set { return s.Intersect(current.Load().identifiers) }

// All iterates over the categories of s in index order (not key order).
func (s Set) All() iter.Seq[Category] {
	return func(yield func(Category) bool) {
		for i, w := range s.w {
			for w != 0 {
				b := bits.TrailingZeros64(w)
				w &^= 1 << b
				if !yield(Category(i*64 + b)) {
					return
				}
			}
		}
	}
}

// Keys returns the keys of s sorted, as in the text form. A category that is
// not registered appears as "Category(N)", after the registered ones.
func (s Set) Keys() []string {
	keys := make([]string, 0, s.Len())
	t := current.Load()
	rest := s
	for _, c := range t.sorted {
		if s.Contains(c) {
			keys = append(keys, t.defs[c].Key)
			rest = rest.Without(c)
		}
	}
	for c := range rest.All() {
		keys = append(keys, c.String())
	}
	return keys
}

// String returns the sorted keys of s joined by commas, e.g.
// "contact.phone,device.ip"; the empty set is "".
func (s Set) String() string {
	b, _ := s.AppendText(nil)
	return string(b)
}

// AppendText appends the text form of s to b. It implements
// encoding.TextAppender.
func (s Set) AppendText(b []byte) ([]byte, error) {
	t := current.Load()
	first := true
	rest := s
	for _, c := range t.sorted {
		if !s.Contains(c) {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = append(b, t.defs[c].Key...)
		rest = rest.Without(c)
	}
	if !rest.IsEmpty() {
		for c := range rest.All() {
			if !first {
				b = append(b, ',')
			}
			first = false
			b = append(b, c.String()...)
		}
	}
	return b, nil
}

// MarshalText encodes s as its sorted, comma-separated keys. It fails if s
// holds a category that is not registered, so the text always parses back.
func (s Set) MarshalText() ([]byte, error) {
	t := current.Load()
	var known Set
	for _, c := range t.sorted {
		known = known.With(c)
	}
	if extra := s.Minus(known); !extra.IsEmpty() {
		return nil, &UnknownKeyError{Key: extra.String()}
	}
	return s.AppendText(nil)
}

// UnmarshalText parses a comma-separated list of keys. Each element may be a
// leaf ("contact.phone") or a group ("biometric", meaning all its leaves);
// spaces around elements are ignored; the empty string is the empty set. On
// error s is unchanged.
func (s *Set) UnmarshalText(b []byte) error {
	v, err := ParseSet(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// ParseSet parses a comma-separated list of leaf or group keys, as
// UnmarshalText does.
func ParseSet(text string) (Set, error) {
	var out Set
	if strings.TrimSpace(text) == "" {
		return out, nil
	}
	for part := range strings.SplitSeq(text, ",") {
		g, err := Group(strings.TrimSpace(part))
		if err != nil {
			return Set{}, err
		}
		out = out.Union(g)
	}
	return out, nil
}

// MustParseSet is like ParseSet but panics on error; for tests and
// package-level variables only.
func MustParseSet(text string) Set {
	s, err := ParseSet(text)
	if err != nil {
		panic(err)
	}
	return s
}
