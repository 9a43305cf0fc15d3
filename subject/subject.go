package subject

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// Verification records how and when a link between a subject and a
// guardian or relative was checked. The zero Verification means "not
// verified".
type Verification struct {
	Method Method    // how; MethodUnknown = not verified
	At     time.Time // when; zero = not verified
}

// Verified reports whether the link was verified: Method is valid and At is
// set. A Declared link counts as verified by declaration, the weakest
// method; a policy that needs more checks Method itself.
func (v Verification) Verified() bool { return v.Method.Valid() && !v.At.IsZero() }

// Link ties a subject to a guardian or a close relative who is also a
// subject, with their own ID.
type Link struct {
	ID       ID           // the guardian's or relative's own subject ID
	Relation Relation     // what they are to the subject: Parent = the subject's parent
	Verified Verification // how the link was checked, if at all
}

// Subject is a data subject: the natural person whose personal information
// is processed. It holds only what the Guard needs to decide for them: who
// they are, their age, which regime applies, whether their account is
// active, and who may act for them.
//
// A Subject is a value. Its Links slice is shared by copies; use Clone for
// a copy that can be changed independently. Directories hand out clones.
type Subject struct {
	ID           ID     // the subject's ID; never zero in a valid Subject
	Birth        Date   // date of birth; zero = unknown (ages then fail closed, see AgePolicy)
	Jurisdiction string // ISO 3166-1 alpha-2, e.g. "CN", "DE"; "" = unknown: the caller's default regime applies
	Status       Status // account status; must be set
	Links        []Link // guardians and close relatives, each ID at most once
}

// earliestZone is the zone where each civil day begins first (UTC+14,
// Kiribati's Line Islands). A birth date after today's date there is after
// today everywhere.
var earliestZone = time.FixedZone("UTC+14", 14*60*60)

// Validate reports every problem with s at the instant now, joined with
// errors.Join. Each problem matches ErrInvalidSubject and, where it is
// about an ID or a date, ErrInvalidID or ErrInvalidDate:
//
//   - the ID is zero;
//   - Birth is neither zero (unknown) nor a valid date;
//   - Birth is after today's date in UTC+14, the zone where each day starts
//     first, so that a birth "tomorrow" anywhere on Earth is refused while a
//     baby born today in Kiribati is not;
//   - Jurisdiction is neither "" nor two upper-case ASCII letters (ISO
//     3166-1 alpha-2 shape; the code itself is not looked up);
//   - Status is not a valid Status (StatusUnknown included);
//   - a link has the zero ID, points to the subject itself, has an invalid
//     Relation, repeats an earlier link's ID, has an invalid verification
//     Method, or a verification time without a method.
//
// Messages name the subject's ID and the link's index but never the birth
// date, which is personal information.
func (s Subject) Validate(now time.Time) error {
	var errs []error
	who := "subject " + s.ID.String()
	bad := func(sentinel error, format string, args ...any) {
		errs = append(errs, &problem{
			msg: "subject: " + who + ": " + fmt.Sprintf(format, args...),
			is:  [2]error{ErrInvalidSubject, sentinel},
		})
	}
	if s.ID.IsZero() {
		bad(ErrInvalidID, "zero ID")
	}
	switch {
	case s.Birth.IsZero():
	case !s.Birth.Valid():
		bad(ErrInvalidDate, "birth date is not a calendar day in years 1-9999")
	case s.Birth.After(DateOf(now, earliestZone)):
		bad(ErrInvalidDate, "birth date is after today (%s in UTC+14)", DateOf(now, earliestZone))
	}
	if !validJurisdiction(s.Jurisdiction) {
		bad(nil, "jurisdiction %q is not an ISO 3166-1 alpha-2 code (two upper-case letters) or empty", s.Jurisdiction)
	}
	if !s.Status.Valid() {
		bad(nil, "status %s is not one of active, frozen, closed, deceased", s.Status)
	}
	for i, l := range s.Links {
		switch {
		case l.ID.IsZero():
			bad(ErrInvalidID, "link %d: zero ID", i)
		case l.ID == s.ID:
			bad(nil, "link %d: links the subject to itself", i)
		case slices.ContainsFunc(s.Links[:i], func(o Link) bool { return o.ID == l.ID }):
			bad(nil, "link %d: duplicate link to %s", i, l.ID)
		}
		if !l.Relation.Valid() {
			bad(nil, "link %d: relation %s is not a known relation", i, l.Relation)
		}
		switch m := l.Verified.Method; {
		case m != MethodUnknown && !m.Valid():
			bad(nil, "link %d: verification method %s is not a known method", i, m)
		case m == MethodUnknown && !l.Verified.At.IsZero():
			bad(nil, "link %d: verification time without a method", i)
		}
	}
	return errors.Join(errs...)
}

// validJurisdiction reports whether j is "" or two ASCII upper-case letters.
func validJurisdiction(j string) bool {
	return j == "" || len(j) == 2 && 'A' <= j[0] && j[0] <= 'Z' && 'A' <= j[1] && j[1] <= 'Z'
}

// Link returns the link to the subject id, if s has one. The zero id is
// never linked.
func (s Subject) Link(id ID) (Link, bool) {
	if id.IsZero() {
		return Link{}, false
	}
	for _, l := range s.Links {
		if l.ID == id {
			return l, true
		}
	}
	return Link{}, false
}

// Guardian returns the link to id if id may act as the subject's guardian
// (Relation.CanActAsGuardian: a Parent or a Guardian). It does not check
// whether the link is verified or whether the subject still needs a
// guardian; see Link.Verified and AgePolicy.NeedsGuardian.
func (s Subject) Guardian(id ID) (Link, bool) {
	l, ok := s.Link(id)
	if !ok || !l.Relation.CanActAsGuardian() {
		return Link{}, false
	}
	return l, true
}

// Clone returns a deep copy of s: changing the copy's Links does not change
// s. A nil Links stays nil and an empty one stays empty.
func (s Subject) Clone() Subject {
	s.Links = slices.Clone(s.Links)
	return s
}
