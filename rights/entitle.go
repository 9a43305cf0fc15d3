package rights

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/lawfulgo/lawful/subject"
)

// relativeKinds are the rights a close relative may exercise over a
// deceased person's data: "access, copy, correction, deletion" (PIPL art.
// 49). "And similar rights" in the article is read narrowly [L]: fail
// closed.
var relativeKinds = [...]Kind{Access, Copy, Correct, Delete}

// RelativeMayAsk reports whether a close relative of a deceased subject may
// make a request of kind k (PIPL art. 49: access, copy, correction,
// deletion).
func RelativeMayAsk(k Kind) bool {
	for _, a := range relativeKinds {
		if a == k {
			return true
		}
	}
	return false
}

// entitle checks that r's requester may make r for its subject at now,
// and reports whether the refusal of it would have to be written (a
// minor's request, or a guardian's).
func (d *Desk) entitle(ctx context.Context, r *Request, now time.Time) (minor bool, err error) {
	no := func(format string, args ...any) error {
		return &EntitlementError{Kind: r.Kind, Capacity: r.Capacity, Subject: r.Subject, Requester: r.Requester, Why: fmt.Sprintf(format, args...)}
	}
	s, err := d.dir.Lookup(ctx, r.Subject)
	switch {
	case errors.Is(err, subject.ErrNotFound):
		return false, &ValidationError{Problems: []error{wrapf(ErrInvalidRequest, err, "rights: request: the subject is not in the directory")}}
	case err != nil:
		return false, fmt.Errorf("rights: looking up the subject: %w", err)
	}
	ages := d.policy.Ages
	switch r.Capacity {
	case Self:
		if s.Status == subject.Deceased {
			return false, no("the subject is recorded as deceased; a close relative may ask as Relative (PIPL art. 49)")
		}
		// Fail closed: an unknown birth date reads as a child's, whose
		// refusal must be written.
		return ages.BandAt(s.Birth, now) != subject.Adult, nil

	case Guardian:
		if s.Status == subject.Deceased {
			return false, no("guardianship ends at death; a close relative may ask as Relative (PIPL art. 49)")
		}
		link, ok := s.Guardian(r.Requester)
		if !ok {
			return false, no("the requester is not linked to the subject as parent or guardian (PIPL art. 31; Civil Code art. 27); add a verified subject.Link")
		}
		if err := d.checkLink(ctx, link, no); err != nil {
			return false, err
		}
		age, known := ages.AgeAt(s.Birth, now)
		if !known {
			return false, no("the subject's birth date is unknown, so nothing shows they are a minor; record it before a guardian acts for them")
		}
		if age >= ages.MinorAge {
			return false, no("the subject is not a minor at receipt under policy %s (minors are under %d); an adult exercises their own rights", d.policy.Name, ages.MinorAge)
		}
		return true, nil

	case Relative:
		if !d.policy.DeceasedRelatives {
			return false, no("policy %s gives relatives of a deceased person no rights (GDPR recital 27: the deceased are out of scope)", d.policy.Name)
		}
		if s.Status != subject.Deceased {
			return false, no("the subject is not recorded as deceased; only the subject, or a guardian of a minor, may ask")
		}
		if !RelativeMayAsk(r.Kind) {
			return false, no("a close relative may ask only for access, copy, correction or deletion of the deceased's data (PIPL art. 49), not %v", r.Kind)
		}
		link, ok := s.Link(r.Requester)
		if !ok || !link.Relation.IsCloseRelative() {
			return false, no("the requester is not linked as a close relative (spouse, parent, child, sibling, grandparent, grandchild; PIPL art. 49); add a verified subject.Link")
		}
		if err := d.checkLink(ctx, link, no); err != nil {
			return false, err
		}
		if strings.TrimSpace(r.Interest) == "" {
			return false, no("state the relative's own lawful, legitimate interest in Interest (PIPL art. 49)")
		}
		arranged := r.ArrangedOtherwise
		if !arranged && d.arranged != nil {
			a, err := d.arranged(ctx, r.Subject)
			if err != nil {
				e := no("could not check whether the deceased arranged otherwise, so the request is refused (fail closed); retry when Arrangements answers")
				e.(*EntitlementError).Cause = err
				return false, e
			}
			arranged = a
		}
		if arranged {
			return false, no("the deceased arranged otherwise, which PIPL art. 49 respects")
		}
		return false, nil
	}
	return false, no("capacity %v is not self, guardian or relative", r.Capacity)
}

// checkLink refuses a link that is not verified, or only declared when the
// policy wants a check, and a linked person the directory does not hold or
// holds as deceased.
func (d *Desk) checkLink(ctx context.Context, link subject.Link, no func(string, ...any) error) error {
	switch {
	case !link.Verified.Verified():
		return no("the requester's link to the subject (%v) is not verified; verify it (document, id_check, ...) before they act", link.Relation)
	case link.Verified.Method == subject.Declared && !d.policy.AcceptDeclaredLinks:
		return no("the requester's link to the subject (%v) is only declared; policy %s needs it checked (document, id_check, face_match, in_person)", link.Relation, d.policy.Name)
	}
	p, err := d.dir.Lookup(ctx, link.ID)
	switch {
	case errors.Is(err, subject.ErrNotFound):
		return no("the requester is linked but not in the directory; add them as a subject")
	case err != nil:
		return fmt.Errorf("rights: looking up the requester: %w", err)
	case p.Status == subject.Deceased:
		return no("the requester is recorded as deceased")
	}
	return nil
}
