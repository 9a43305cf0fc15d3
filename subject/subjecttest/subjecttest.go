// Package subjecttest checks implementations of subject.Directory against
// the contract documented on that interface, like testing/fstest.TestFS
// does for file systems.
//
// A service that looks subjects up in its own user store runs the suite
// from its tests, under the race detector:
//
//	func TestUserDirectory(t *testing.T) {
//		subjecttest.TestDirectory(t, func(t *testing.T, subjects ...subject.Subject) subject.Directory {
//			db := openTestDB(t) // cleaned up with t.Cleanup
//			for _, s := range subjects {
//				insertUser(t, db, s)
//			}
//			return users.NewDirectory(db)
//		})
//	}
//
// Each contract sentence is a subtest, with a fresh directory holding
// Subjects(). CheckDirectory runs the same checks and returns what failed
// as an error instead of failing the test.
package subjecttest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lawfulgo/lawful/subject"
)

// Subjects returns the subjects the suite loads into every directory it
// checks, freshly allocated: an adult, a child with a verified parent and
// an unverified guardian, a frozen subject with unknown birth date and
// jurisdiction, a deceased person with close relatives, and a closed
// account born on 29 February. A directory must hold them all and return
// each as it was given (times compared with time.Time.Equal; nil and empty
// Links are the same).
func Subjects() []subject.Subject {
	verifiedAt := time.Date(2024, time.March, 1, 9, 30, 0, 0, time.UTC)
	return []subject.Subject{
		{
			ID:           adult,
			Birth:        subject.Date{Year: 1990, Month: time.May, Day: 1},
			Jurisdiction: "CN",
			Status:       subject.Active,
		},
		{
			ID:           child,
			Birth:        subject.Date{Year: 2015, Month: time.March, Day: 10},
			Jurisdiction: "CN",
			Status:       subject.Active,
			Links: []subject.Link{
				{ID: adult, Relation: subject.Parent, Verified: subject.Verification{Method: subject.Document, At: verifiedAt}},
				{ID: guardian, Relation: subject.Guardian},
			},
		},
		{
			ID:     frozen,
			Status: subject.Frozen,
		},
		{
			ID:           deceased,
			Birth:        subject.Date{Year: 1940, Month: time.February, Day: 29},
			Jurisdiction: "CN",
			Status:       subject.Deceased,
			Links: []subject.Link{
				{ID: adult, Relation: subject.Grandchild, Verified: subject.Verification{Method: subject.IDCheck, At: verifiedAt}},
				{ID: guardian, Relation: subject.Spouse, Verified: subject.Verification{Method: subject.Declared, At: verifiedAt.Add(time.Hour)}},
				{ID: closed, Relation: subject.Offspring},
			},
		},
		{
			ID:           closed,
			Birth:        subject.Date{Year: 2008, Month: time.February, Day: 29},
			Jurisdiction: "DE",
			Status:       subject.Closed,
			Links:        []subject.Link{},
		},
	}
}

var (
	adult    = subject.MustParseID("01900000-0000-7000-8000-000000000001")
	child    = subject.MustParseID("01900000-0000-7000-8000-000000000002")
	frozen   = subject.MustParseID("01900000-0000-7000-8000-000000000003")
	deceased = subject.MustParseID("01900000-0000-7000-8000-000000000004")
	closed   = subject.MustParseID("01900000-0000-7000-8000-000000000005")
	guardian = subject.MustParseID("01900000-0000-7000-8000-0000000000ff") // linked, not held
	unknown  = subject.MustParseID("01900000-0000-7000-8000-00000000dead") // never held
)

// ContractError is one contract a directory broke: the name of the check
// (as the subtest of TestDirectory is named), the contract sentence it
// enforces, and what went wrong.
type ContractError struct {
	Name     string // e.g. "unknown_ID_is_not_found"
	Contract string // the sentence of subject.Directory's contract
	Err      error  // what the directory did instead
}

// Error returns "subjecttest: " followed by the name and what went wrong.
func (e *ContractError) Error() string {
	return "subjecttest: " + e.Name + ": " + e.Err.Error()
}

// Unwrap returns Err.
func (e *ContractError) Unwrap() error { return e.Err }

// TestDirectory checks the Directory that newDirectory returns against
// every sentence of subject.Directory's contract, each in its own subtest
// with a fresh directory made by newDirectory(t, Subjects()...).
// newDirectory may use t for setup failures and t.Cleanup. Run it with
// -race: one subtest looks up from many goroutines at once.
func TestDirectory(t *testing.T, newDirectory func(t *testing.T, subjects ...subject.Subject) subject.Directory) {
	t.Helper()
	for _, c := range contracts {
		t.Run(c.name, func(t *testing.T) {
			dir := newDirectory(t, Subjects()...)
			if err := c.check(t.Context(), dir); err != nil {
				t.Errorf("%v\ncontract: %s", err, c.contract)
			}
		})
	}
}

// CheckDirectory runs the checks of TestDirectory, each with a fresh
// directory from newDirectory(t, Subjects()...), and returns every broken
// contract joined with errors.Join, each a *ContractError; nil means the
// directory passed. It does not fail t itself; newDirectory may.
func CheckDirectory(t *testing.T, newDirectory func(t *testing.T, subjects ...subject.Subject) subject.Directory) error {
	t.Helper()
	var errs []error
	for _, c := range contracts {
		dir := newDirectory(t, Subjects()...)
		if err := c.check(t.Context(), dir); err != nil {
			errs = append(errs, &ContractError{Name: c.name, Contract: c.contract, Err: err})
		}
	}
	return errors.Join(errs...)
}

// contract is one check: a name, the sentence it enforces, and the check.
type contract struct {
	name     string
	contract string
	check    func(ctx context.Context, dir subject.Directory) error
}

var contracts = []contract{
	{
		name:     "known_IDs_are_found_equal",
		contract: "Lookup of a known ID returns that subject and a nil error.",
		check: func(ctx context.Context, dir subject.Directory) error {
			var errs []error
			for _, want := range Subjects() {
				if err := expectFound(ctx, dir, want); err != nil {
					errs = append(errs, err)
				}
			}
			return errors.Join(errs...)
		},
	},
	{
		name:     "unknown_ID_is_not_found",
		contract: "Lookup of an ID the directory does not hold returns an error wrapping subject.ErrNotFound, and the zero Subject.",
		check: func(ctx context.Context, dir subject.Directory) error {
			return expectNotFound(ctx, dir, unknown)
		},
	},
	{
		name:     "linked_but_absent_ID_is_not_found",
		contract: "Lookup of an ID the directory does not hold returns an error wrapping subject.ErrNotFound, even if a held subject links to it.",
		check: func(ctx context.Context, dir subject.Directory) error {
			return expectNotFound(ctx, dir, guardian)
		},
	},
	{
		name:     "zero_ID_is_not_found",
		contract: "Lookup of the zero ID returns an error wrapping subject.ErrNotFound: no directory holds \"no subject\".",
		check: func(ctx context.Context, dir subject.Directory) error {
			return expectNotFound(ctx, dir, subject.ID{})
		},
	},
	{
		name:     "cancelled_context_is_an_error",
		contract: "If ctx is done, Lookup returns an error wrapping ctx.Err() (here context.Canceled), and the zero Subject, whether or not the ID is known.",
		check: func(ctx context.Context, dir subject.Directory) error {
			ctx, cancel := context.WithCancel(ctx)
			cancel()
			return errors.Join(
				expectCtxErr(ctx, dir, adult, context.Canceled),
				expectCtxErr(ctx, dir, unknown, context.Canceled),
			)
		},
	},
	{
		name:     "expired_deadline_is_an_error",
		contract: "If ctx is done, Lookup returns an error wrapping ctx.Err() (here context.DeadlineExceeded), and the zero Subject.",
		check: func(ctx context.Context, dir subject.Directory) error {
			ctx, cancel := context.WithDeadline(ctx, time.Unix(0, 0))
			defer cancel()
			return expectCtxErr(ctx, dir, child, context.DeadlineExceeded)
		},
	},
	{
		name:     "returned_subjects_are_copies",
		contract: "The returned Subject belongs to the caller: changing it, including its Links, changes nothing the directory returns later.",
		check: func(ctx context.Context, dir subject.Directory) error {
			var errs []error
			for _, want := range Subjects() {
				got, err := dir.Lookup(ctx, want.ID)
				if err != nil {
					errs = append(errs, fmt.Errorf("Lookup(%s): %w", want.ID, err))
					continue
				}
				// Scribble over everything the caller received.
				for i := range got.Links {
					got.Links[i] = subject.Link{ID: unknown, Relation: subject.Sibling}
				}
				if len(got.Links) > 0 {
					got.Links = append(got.Links[:1], got.Links...)
				}
				got.Birth = subject.Date{Year: 1900, Month: time.January, Day: 1}
				got.Status = subject.Closed
				if err := expectFound(ctx, dir, want); err != nil {
					errs = append(errs, fmt.Errorf("after changing a returned subject: %w", err))
				}
			}
			return errors.Join(errs...)
		},
	},
	{
		name:     "concurrent_lookups_agree",
		contract: "Implementations are safe for concurrent use: lookups from many goroutines at once return what serial lookups do (run with -race).",
		check: func(ctx context.Context, dir subject.Directory) error {
			const goroutines, rounds = 8, 50
			want := Subjects()
			var (
				wg   sync.WaitGroup
				mu   sync.Mutex
				errs []error
			)
			for g := range goroutines {
				wg.Go(func() {
					for r := range rounds {
						var err error
						if i := (g + r) % (len(want) + 1); i < len(want) {
							err = expectFound(ctx, dir, want[i])
						} else {
							err = expectNotFound(ctx, dir, unknown)
						}
						if err != nil {
							mu.Lock()
							if len(errs) < 3 { // enough to diagnose
								errs = append(errs, err)
							}
							mu.Unlock()
						}
					}
				})
			}
			wg.Wait()
			return errors.Join(errs...)
		},
	},
}

// expectFound looks want.ID up and compares the result with want.
func expectFound(ctx context.Context, dir subject.Directory, want subject.Subject) error {
	got, err := dir.Lookup(ctx, want.ID)
	if err != nil {
		return fmt.Errorf("Lookup(%s) = error %w, want the subject", want.ID, err)
	}
	if diff := diffSubject(got, want); diff != "" {
		return fmt.Errorf("Lookup(%s) returned a different subject: %s", want.ID, diff)
	}
	return nil
}

// expectNotFound looks id up and wants ErrNotFound and the zero Subject.
func expectNotFound(ctx context.Context, dir subject.Directory, id subject.ID) error {
	got, err := dir.Lookup(ctx, id)
	switch {
	case err == nil:
		return fmt.Errorf("Lookup(%s) = nil error, want one wrapping subject.ErrNotFound", id)
	case !errors.Is(err, subject.ErrNotFound):
		return fmt.Errorf("Lookup(%s) = error %q, want one wrapping subject.ErrNotFound", id, err)
	case !isZero(got):
		return fmt.Errorf("Lookup(%s) returned subject %s with its error, want the zero Subject", id, got.ID)
	}
	return nil
}

// expectCtxErr looks id up with a done ctx and wants an error wrapping
// want and the zero Subject.
func expectCtxErr(ctx context.Context, dir subject.Directory, id subject.ID, want error) error {
	got, err := dir.Lookup(ctx, id)
	switch {
	case err == nil:
		return fmt.Errorf("Lookup(%s) with a done context = nil error, want one wrapping %v", id, want)
	case !errors.Is(err, want):
		return fmt.Errorf("Lookup(%s) with a done context = error %q, want one wrapping %v", id, err, want)
	case !isZero(got):
		return fmt.Errorf("Lookup(%s) with a done context returned subject %s with its error, want the zero Subject", id, got.ID)
	}
	return nil
}

func isZero(s subject.Subject) bool {
	return s.ID.IsZero() && s.Birth.IsZero() && s.Jurisdiction == "" && s.Status == subject.StatusUnknown && len(s.Links) == 0
}

// diffSubject describes how got differs from want, or returns "". Times
// compare with Equal, so a store that loses the monotonic reading or the
// Location still passes; nil and empty Links are the same.
func diffSubject(got, want subject.Subject) string {
	var d []string
	if got.ID != want.ID {
		d = append(d, fmt.Sprintf("ID %s, want %s", got.ID, want.ID))
	}
	if got.Birth != want.Birth {
		d = append(d, fmt.Sprintf("Birth %s, want %s", got.Birth, want.Birth))
	}
	if got.Jurisdiction != want.Jurisdiction {
		d = append(d, fmt.Sprintf("Jurisdiction %q, want %q", got.Jurisdiction, want.Jurisdiction))
	}
	if got.Status != want.Status {
		d = append(d, fmt.Sprintf("Status %s, want %s", got.Status, want.Status))
	}
	if len(got.Links) != len(want.Links) {
		d = append(d, fmt.Sprintf("%d links, want %d", len(got.Links), len(want.Links)))
	} else {
		for i, g := range got.Links {
			w := want.Links[i]
			if g.ID != w.ID || g.Relation != w.Relation || g.Verified.Method != w.Verified.Method || !g.Verified.At.Equal(w.Verified.At) {
				d = append(d, fmt.Sprintf("link %d {%s %s %s %s}, want {%s %s %s %s}", i,
					g.ID, g.Relation, g.Verified.Method, fmtTime(g.Verified.At),
					w.ID, w.Relation, w.Verified.Method, fmtTime(w.Verified.At)))
			}
		}
	}
	return strings.Join(d, "; ")
}

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format(time.RFC3339Nano)
}
