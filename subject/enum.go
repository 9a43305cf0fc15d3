package subject

import (
	"github.com/lawfulgo/lawful/internal/enum"
)

// Status is where a subject's account stands. The Guard denies processing
// by status (SubjectFrozen, SubjectClosed); the zero Status is invalid, so a
// subject whose status was never set is refused rather than presumed
// active.
type Status uint8

const (
	// StatusUnknown is the zero Status; never valid.
	StatusUnknown Status = iota
	// Active: processing is governed by purposes, bases and consent.
	Active
	// Frozen: all processing stops except storage and deletion, e.g. a
	// minor found without verifiable guardian consent until the guardian is
	// reached (seed 003 §七.3; MOR art. 36).
	Frozen
	// Closed: the account is deregistered (NDSMR arts. 21(4), 23, 24); its
	// data awaits deletion or is kept only as a legal minimum requires.
	Closed
	// Deceased: the person has died; close relatives may exercise rights
	// over the related PI for their own lawful interests unless the
	// deceased arranged otherwise (PIPL art. 49).
	Deceased
)

var statusEnum = enum.Names{Pkg: "subject", Type: "Status", Kind: "status", Err: ErrInvalidValue, Names: []string{"", "active", "frozen", "closed", "deceased"}}

// String returns the stable name of s ("active", "frozen", "closed",
// "deceased"), or "Status(n)" for an invalid value.
func (s Status) String() string { return statusEnum.String(uint8(s)) }

// Valid reports whether s is a known, non-zero Status.
func (s Status) Valid() bool { return statusEnum.Valid(uint8(s)) }

// MarshalText encodes s as its String; an invalid Status (including
// StatusUnknown) is an error wrapping ErrInvalidValue.
func (s Status) MarshalText() ([]byte, error) { return statusEnum.Marshal(uint8(s)) }

// UnmarshalText parses a status name; an unknown name is an error wrapping
// ErrInvalidValue and leaves *s unchanged.
func (s *Status) UnmarshalText(text []byte) error {
	v, err := statusEnum.Parse(text)
	if err == nil {
		*s = Status(v)
	}
	return err
}

// Relation is what a linked person is to the subject: a Link with Relation
// Parent is the subject's parent.
type Relation uint8

const (
	// RelationUnknown is the zero Relation; never valid.
	RelationUnknown Relation = iota
	// Parent: the subject's father or mother, a guardian by law for a
	// minor child (Civil Code art. 27).
	Parent
	// Guardian: a guardian who is not a parent, by law, appointment or
	// designation under Civil Code arts. 27-32. A grandparent or sibling
	// who is the subject's guardian (art. 27 para 2) is linked as Guardian:
	// a link has one Relation, and only Parent and Guardian may consent
	// for a child.
	Guardian
	// Spouse: the subject's husband or wife.
	Spouse
	// Offspring: the subject's son or daughter. Its text name is "child";
	// the Go name differs only because Child is the Band.
	Offspring
	// Sibling: the subject's brother or sister.
	Sibling
	// Grandparent: a grandparent of the subject, either side.
	Grandparent
	// Grandchild: a grandchild of the subject.
	Grandchild
)

var relationEnum = enum.Names{Pkg: "subject", Type: "Relation", Kind: "relation", Err: ErrInvalidValue, Names: []string{"", "parent", "guardian", "spouse", "child", "sibling", "grandparent", "grandchild"}}

// String returns the stable name of r ("parent", "guardian", "spouse",
// "child", "sibling", "grandparent", "grandchild"), or "Relation(n)".
func (r Relation) String() string { return relationEnum.String(uint8(r)) }

// Valid reports whether r is a known, non-zero Relation.
func (r Relation) Valid() bool { return relationEnum.Valid(uint8(r)) }

// MarshalText encodes r as its String; an invalid Relation is an error
// wrapping ErrInvalidValue.
func (r Relation) MarshalText() ([]byte, error) { return relationEnum.Marshal(uint8(r)) }

// UnmarshalText parses a relation name; an unknown name is an error
// wrapping ErrInvalidValue and leaves *r unchanged.
func (r *Relation) UnmarshalText(text []byte) error {
	v, err := relationEnum.Parse(text)
	if err == nil {
		*r = Relation(v)
	}
	return err
}

// CanActAsGuardian reports whether a person so related can give or refuse
// consent for a child: a Parent or a Guardian (PIPL art. 31; Civil Code
// art. 27). Whether the link was verified is a separate question
// (Link.Verified).
func (r Relation) CanActAsGuardian() bool { return r == Parent || r == Guardian }

// IsCloseRelative reports whether r is a close relative who may exercise a
// deceased subject's rights over related PI: spouse, parent, child,
// sibling, grandparent or grandchild (PIPL art. 49). A
// Guardian who is not also one of these is not.
func (r Relation) IsCloseRelative() bool {
	switch r {
	case Spouse, Parent, Offspring, Sibling, Grandparent, Grandchild:
		return true
	}
	return false
}

// Method is how a guardian or relative link was verified. The order of the
// constants is not a ranking except that Declared is the weakest; policies
// that need a minimum say which methods they accept.
type Method uint8

const (
	// MethodUnknown is the zero Method: not verified.
	MethodUnknown Method = iota
	// Declared: the subject or the linked person said so; nothing checked.
	Declared
	// Document: a document was checked (household register, birth
	// certificate, court appointment).
	Document
	// IDCheck: the linked person's identity document was checked against
	// an authoritative source.
	IDCheck
	// FaceMatch: the linked person's face was matched to an identity
	// record.
	FaceMatch
	// InPerson: checked face to face.
	InPerson
)

var methodEnum = enum.Names{Pkg: "subject", Type: "Method", Kind: "verification method", Err: ErrInvalidValue, Names: []string{"", "declared", "document", "id_check", "face_match", "in_person"}}

// String returns the stable name of m ("declared", "document", "id_check",
// "face_match", "in_person"), or "Method(n)".
func (m Method) String() string { return methodEnum.String(uint8(m)) }

// Valid reports whether m is a known, non-zero Method.
func (m Method) Valid() bool { return methodEnum.Valid(uint8(m)) }

// MarshalText encodes m as its String; an invalid Method is an error
// wrapping ErrInvalidValue.
func (m Method) MarshalText() ([]byte, error) { return methodEnum.Marshal(uint8(m)) }

// UnmarshalText parses a method name; an unknown name is an error wrapping
// ErrInvalidValue and leaves *m unchanged.
func (m *Method) UnmarshalText(text []byte) error {
	v, err := methodEnum.Parse(text)
	if err == nil {
		*m = Method(v)
	}
	return err
}

// Band is the age band a subject falls in under an AgePolicy.
type Band uint8

const (
	// BandUnknown is the zero Band; never valid. AgePolicy.BandAt never
	// returns it.
	BandUnknown Band = iota
	// Child: under AgePolicy.ChildAge (PIPL art. 28: all of a child's PI is
	// sensitive; art. 31: guardian consent).
	Child
	// Minor: at least ChildAge but under MinorAge.
	Minor
	// Adult: MinorAge or older.
	Adult
)

var bandEnum = enum.Names{Pkg: "subject", Type: "Band", Kind: "age band", Err: ErrInvalidValue, Names: []string{"", "child", "minor", "adult"}}

// String returns the stable name of b ("child", "minor", "adult"), or
// "Band(n)".
func (b Band) String() string { return bandEnum.String(uint8(b)) }

// Valid reports whether b is a known, non-zero Band.
func (b Band) Valid() bool { return bandEnum.Valid(uint8(b)) }

// MarshalText encodes b as its String; an invalid Band is an error
// wrapping ErrInvalidValue.
func (b Band) MarshalText() ([]byte, error) { return bandEnum.Marshal(uint8(b)) }

// UnmarshalText parses a band name; an unknown name is an error wrapping
// ErrInvalidValue and leaves *b unchanged.
func (b *Band) UnmarshalText(text []byte) error {
	v, err := bandEnum.Parse(text)
	if err == nil {
		*b = Band(v)
	}
	return err
}

// CountingRule says on which day a person reaches a new age.
type CountingRule uint8

const (
	// RuleUnknown is the zero CountingRule; never valid. Age returns -1
	// under it, and an AgePolicy with it fails closed.
	RuleUnknown CountingRule = iota
	// DayAfterBirthday: a person is N years old from the day after the
	// N-th birthday; on the birthday itself they are still N-1. PIPL reads
	// ages this way (SPC-2006 art. 2, consistent with Civil Code arts.
	// 201-202; SPC interpretation of 2006 on juvenile cases, art. 2). A 29 February birth's anniversary in a common
	// year is 28 February, so the age is reached on 1 March.
	DayAfterBirthday
	// OnBirthday: a person is N years old from the N-th birthday itself.
	// A library decision for GDPR, where member-state law governs. A
	// 29 February birth reaches the age on 28 February in a common year.
	OnBirthday
	// OnBirthdayMarchFirst: like OnBirthday, but a 29 February birth
	// reaches the age on 1 March in a common year, as some jurisdictions
	// count it (and as comparing (month, day) pairs does).
	OnBirthdayMarchFirst
)

var ruleEnum = enum.Names{Pkg: "subject", Type: "CountingRule", Kind: "counting rule", Err: ErrInvalidValue, Names: []string{"", "day_after_birthday", "on_birthday", "on_birthday_march_first"}}

// String returns the stable name of r ("day_after_birthday",
// "on_birthday"), or "CountingRule(n)".
func (r CountingRule) String() string { return ruleEnum.String(uint8(r)) }

// Valid reports whether r is a known, non-zero CountingRule.
func (r CountingRule) Valid() bool { return ruleEnum.Valid(uint8(r)) }

// MarshalText encodes r as its String; an invalid CountingRule is an error
// wrapping ErrInvalidValue.
func (r CountingRule) MarshalText() ([]byte, error) { return ruleEnum.Marshal(uint8(r)) }

// UnmarshalText parses a counting rule name; an unknown name is an error
// wrapping ErrInvalidValue and leaves *r unchanged.
func (r *CountingRule) UnmarshalText(text []byte) error {
	v, err := ruleEnum.Parse(text)
	if err == nil {
		*r = CountingRule(v)
	}
	return err
}
