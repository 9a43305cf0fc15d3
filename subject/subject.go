package subject

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/lawfulgo/lawful/clock"
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
	// History lists the account's status changes, oldest first, so that
	// questions about the past are answered with the status of the time
	// (StatusAt): e.g. frozen since 2025-03-01, closed since 2026-01-10.
	// Empty means Status has always held. When set, its last entry is the
	// current Status. Imported from a service's own records, or kept by it.
	History []StatusChange
}

// StatusChange records that an account's status became Status at Since.
type StatusChange struct {
	Status Status
	Since  time.Time
}

// MaxHistory bounds a subject's status changes.
const MaxHistory = 1024

// StatusAt returns the account's status at t: that of the latest change
// at or before t, the first change's for an instant before any (the
// account's earliest known status), or Status when there is no History.
// It does not allocate.
func (s *Subject) StatusAt(t time.Time) Status {
	if len(s.History) == 0 {
		return s.Status
	}
	st := s.History[0].Status
	for _, c := range s.History[1:] {
		if c.Since.After(t) {
			break
		}
		st = c.Status
	}
	return st
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
// Messages name the field and the link's index, never the subject's or a
// linked subject's ID, nor the birth date, which are personal
// information; a History must hold changes in time order, with valid
// statuses and instants, none after now, ending in Status.
func (s Subject) Validate(now time.Time) error {
	var errs []error
	bad := func(sentinel error, format string, args ...any) {
		errs = append(errs, &problem{
			msg: "subject: " + fmt.Sprintf(format, args...),
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
			bad(nil, "link %d: a second link to the subject of link %d", i, slices.IndexFunc(s.Links, func(o Link) bool { return o.ID == l.ID }))
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
	s.validateHistory(now, bad)
	return errors.Join(errs...)
}

// validateHistory checks History: bounded, valid statuses, instants in
// range and not after now, strictly in time order, ending in Status.
func (s Subject) validateHistory(now time.Time, bad func(error, string, ...any)) {
	if len(s.History) > MaxHistory {
		bad(nil, "%d status changes; keep at most %d", len(s.History), MaxHistory)
		return
	}
	for i, c := range s.History {
		switch {
		case !c.Status.Valid():
			bad(nil, "history %d: status %s is not one of active, frozen, closed, deceased", i, c.Status)
		case !clock.InRange(c.Since):
			bad(nil, "history %d: %v", i, clock.Check(c.Since, "change time"))
		case c.Since.After(now):
			bad(nil, "history %d: a change in the future (%s)", i, c.Since.UTC().Format(time.RFC3339))
		case i > 0 && !c.Since.After(s.History[i-1].Since):
			bad(nil, "history %d: not after change %d; list changes oldest first", i, i-1)
		}
	}
	if n := len(s.History); n > 0 && s.History[n-1].Status != s.Status {
		bad(nil, "history ends in %s but Status is %s; the last change is the current status", s.History[n-1].Status, s.Status)
	}
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
	s.History = slices.Clone(s.History)
	return s
}
