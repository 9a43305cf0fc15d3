// Package pii is the taxonomy of personal-information categories that the
// rest of lawful speaks in.
//
// # Categories
//
// A Category is one leaf of the category tree (see All), named by a stable
// dotted key such as "contact.phone" or "device.id.imei". The 117 built-in
// leaves sit in 19 groups that follow GB/T 35273-2020 Annex A. Each leaf
// records its English and Chinese names, its class under PIPL art. 28
// (General or Sensitive) and under GDPR arts. 9 and 10, whether it is a
// Secret (passwords, OTPs: never logged or shown) and whether it is an
// Identifier (data combined with it is PI even when it would not be alone,
// PIPL art. 4).
//
//	phone := pii.MustLookup("contact.phone")
//	c, err := pii.Parse("contact.phon") // err: did you mean "contact.phone"?
//
// A group key ("biometric", "device.id") means every leaf under it. Groups
// are accepted where a set is meant (ParseSet, policy files) and refused
// where one field is meant (struct tags).
//
// Services add their own leaves from init functions with Register or
// MustRegister. A key is 2 or 3 segments of [a-z][a-z0-9_]*; a duplicate
// key, or one that would make a leaf a group, is an error.
//
// What is deliberately not a category: minors (a property of the subject:
// all PI of a child under 14 is sensitive under PIPL art. 28, whichever field
// it sits in), "sensitive" (computed from category, subject and law), and the
// form of the data (Form: identified, pseudonymised, de-identified or
// anonymised, which travels with a request).
//
// # Sets
//
// A Set is a fixed 256-bit bitset of categories. Union, Intersect, Minus,
// Contains, SubsetOf and Sensitive are a handful of word operations that never
// allocate, so a Guard can test a request against a purpose's categories on
// every data access. The text form is the sorted keys joined by commas; on
// input, groups expand to their leaves.
//
// # Struct tags
//
// Tag the fields that hold PI, and SchemaOf (or SchemaFor[T]) tells which
// categories a type carries:
//
//	type User struct {
//		ID    string `pii:"account.id"`
//		Phone string `pii:"contact.phone"`
//	}
//	cats, err := pii.CategoriesOf[User]() // account.id,contact.phone
//
// Reflection runs once per type; later lookups are a cache read that does
// not allocate. An unknown key in a tag is an error naming the field path.
//
// # Concurrency
//
// Everything in this package is safe for concurrent use. The category table
// is an immutable snapshot replaced atomically by Register; readers never lock.
package pii
