package subjecttest_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lawfulgo/lawful/subject"
	"github.com/lawfulgo/lawful/subject/subjecttest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func memDirectory(t *testing.T, subjects ...subject.Subject) subject.Directory {
	return subject.NewMemDirectory(subjects...)
}

// The reference implementation passes, as subtests and as an error.
func TestMemDirectoryPasses(t *testing.T) {
	subjecttest.TestDirectory(t, memDirectory)
	assert.NoError(t, subjecttest.CheckDirectory(t, memDirectory))
}

// Every fixture is a valid subject, so directories that validate on
// insert (MemDirectory.Put, a database with constraints) can hold them.
func TestSubjectsAreValid(t *testing.T) {
	now := time.Date(2025, time.June, 1, 0, 0, 0, 0, time.UTC)
	subjects := subjecttest.Subjects()
	require.NotEmpty(t, subjects)
	for _, s := range subjects {
		assert.NoError(t, s.Validate(now))
	}
	subjects[1].Links[0].Relation = subject.Sibling
	assert.Equal(t, subject.Parent, subjecttest.Subjects()[1].Links[0].Relation, "Subjects returns fresh copies")
}

// brokenDirectory is a map-backed directory with switchable faults.
type brokenDirectory struct {
	mu              sync.RWMutex
	m               map[subject.ID]subject.Subject
	nilForUnknown   bool // unknown IDs give the zero Subject and a nil error
	ignoreContext   bool // a done ctx is not checked
	shareSlices     bool // the stored Links slice is returned as is
	dropLinks       bool // Links are lost on the way in
	wrongNotFound   bool // unknown IDs give a plain error, not ErrNotFound
	subjectWithErr  bool // errors come with the subject that was asked for (or any)
	notFoundForZero bool // only the zero ID is mishandled: it is "found"
	loseOne         bool // the first subject is never stored
	corrupt         bool // every field is changed a little on the way in
	reZone          bool // link times come back in another zone: allowed
}

func (d *brokenDirectory) Lookup(ctx context.Context, id subject.ID) (subject.Subject, error) {
	if !d.ignoreContext {
		if err := ctx.Err(); err != nil {
			if d.subjectWithErr {
				return subject.Subject{ID: id}, err
			}
			return subject.Subject{}, err
		}
	}
	d.mu.RLock()
	s, ok := d.m[id]
	d.mu.RUnlock()
	switch {
	case d.notFoundForZero && id.IsZero():
		return subject.Subject{Status: subject.Active}, nil
	case !ok && d.nilForUnknown:
		return subject.Subject{}, nil
	case !ok && d.wrongNotFound:
		return subject.Subject{}, errors.New("no such user")
	case !ok && d.subjectWithErr:
		return subject.Subject{ID: id}, subject.ErrNotFound
	case !ok:
		return subject.Subject{}, subject.ErrNotFound
	}
	if d.shareSlices {
		return s, nil
	}
	return s.Clone(), nil
}

func factory(fault func(*brokenDirectory)) func(*testing.T, ...subject.Subject) subject.Directory {
	return func(t *testing.T, subjects ...subject.Subject) subject.Directory {
		d := &brokenDirectory{m: map[subject.ID]subject.Subject{}}
		fault(d)
		for i, s := range subjects {
			s = s.Clone()
			switch {
			case d.loseOne && i == 0:
				continue
			case d.dropLinks:
				s.Links = nil
			case d.corrupt:
				s.Birth = s.Birth.AddYears(1)
				s.Jurisdiction = strings.ToLower(s.Jurisdiction)
				s.Status = subject.Active
				for j := range s.Links {
					s.Links[j].Verified.At = s.Links[j].Verified.At.Add(time.Second)
				}
			case d.reZone:
				for j := range s.Links {
					s.Links[j].Verified.At = s.Links[j].Verified.At.In(time.FixedZone("X", 3600))
				}
			}
			d.m[s.ID] = s
		}
		return d
	}
}

// broken returns the names of the contracts CheckDirectory says are broken.
func broken(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	joined, ok := err.(interface{ Unwrap() []error })
	require.True(t, ok, "CheckDirectory returns a joined error: %v", err)
	var names []string
	for _, e := range joined.Unwrap() {
		var ce *subjecttest.ContractError
		require.ErrorAs(t, e, &ce)
		assert.NotEmpty(t, ce.Contract)
		assert.True(t, strings.HasPrefix(ce.Error(), "subjecttest: "+ce.Name+": "), ce.Error())
		assert.Equal(t, ce.Err, errors.Unwrap(ce))
		names = append(names, ce.Name)
	}
	return names
}

func TestCheckDirectoryCatchesBrokenDirectories(t *testing.T) {
	tests := []struct {
		name  string
		fault func(*brokenDirectory)
		want  []string
	}{
		{"a_correct_map_passes", func(*brokenDirectory) {}, nil},
		{"times_in_another_zone_pass_the_same_instant", func(d *brokenDirectory) { d.reZone = true }, nil},
		{
			"a_subject_missing",
			func(d *brokenDirectory) { d.loseOne = true },
			[]string{"known_IDs_are_found_equal", "returned_subjects_are_copies", "concurrent_lookups_agree"},
		},
		{
			"fields_corrupted",
			func(d *brokenDirectory) { d.corrupt = true },
			[]string{"known_IDs_are_found_equal", "returned_subjects_are_copies", "concurrent_lookups_agree"},
		},
		{
			"nil_error_for_an_unknown_ID",
			func(d *brokenDirectory) { d.nilForUnknown = true },
			[]string{"unknown_ID_is_not_found", "linked_but_absent_ID_is_not_found", "zero_ID_is_not_found", "concurrent_lookups_agree"},
		},
		{
			"error_that_is_not_ErrNotFound",
			func(d *brokenDirectory) { d.wrongNotFound = true },
			[]string{"unknown_ID_is_not_found", "linked_but_absent_ID_is_not_found", "zero_ID_is_not_found", "concurrent_lookups_agree"},
		},
		{
			"zero_ID_found",
			func(d *brokenDirectory) { d.notFoundForZero = true },
			[]string{"zero_ID_is_not_found"},
		},
		{
			"context_ignored",
			func(d *brokenDirectory) { d.ignoreContext = true },
			[]string{"cancelled_context_is_an_error", "expired_deadline_is_an_error"},
		},
		{
			"subject_returned_with_an_error",
			func(d *brokenDirectory) { d.subjectWithErr = true },
			// The zero ID comes back as Subject{ID: zero}, which is the zero Subject.
			[]string{"unknown_ID_is_not_found", "linked_but_absent_ID_is_not_found", "cancelled_context_is_an_error", "expired_deadline_is_an_error", "concurrent_lookups_agree"},
		},
		{
			"shared_Links_slices",
			func(d *brokenDirectory) { d.shareSlices = true },
			[]string{"returned_subjects_are_copies"},
		},
		{
			"links_lost",
			func(d *brokenDirectory) { d.dropLinks = true },
			[]string{"known_IDs_are_found_equal", "returned_subjects_are_copies", "concurrent_lookups_agree"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := subjecttest.CheckDirectory(t, factory(tt.fault))
			assert.Equal(t, tt.want, broken(t, err), "%v", err)
		})
	}
}

func TestContractErrorsExplainThemselves(t *testing.T) {
	err := subjecttest.CheckDirectory(t, factory(func(d *brokenDirectory) { d.ignoreContext = true }))
	require.Error(t, err)
	msg := err.Error()
	assert.Contains(t, msg, "subjecttest: cancelled_context_is_an_error: Lookup(01900000-0000-7000-8000-000000000001) with a done context = nil error, want one wrapping context canceled")
	assert.Contains(t, msg, "subjecttest: expired_deadline_is_an_error:")

	var ce *subjecttest.ContractError
	require.ErrorAs(t, err, &ce)
	assert.Contains(t, ce.Contract, "ctx.Err()")

	err = subjecttest.CheckDirectory(t, factory(func(d *brokenDirectory) { d.dropLinks = true }))
	assert.Contains(t, err.Error(), "returned a different subject: 0 links, want 2")
	names := broken(t, err)
	assert.True(t, slices.Contains(names, "known_IDs_are_found_equal"))

	err = subjecttest.CheckDirectory(t, factory(func(d *brokenDirectory) { d.corrupt = true }))
	for _, want := range []string{
		"Birth 1991-05-01, want 1990-05-01",
		`Jurisdiction "cn", want "CN"`,
		"Status active, want frozen",
		"link 0 {01900000-0000-7000-8000-000000000001 parent document 2024-03-01T09:30:01Z}, want {01900000-0000-7000-8000-000000000001 parent document 2024-03-01T09:30:00Z}",
		"link 1 {01900000-0000-7000-8000-0000000000ff guardian Method(0) 0001-01-01T00:00:01Z}, want {01900000-0000-7000-8000-0000000000ff guardian Method(0) -}",
	} {
		assert.Contains(t, err.Error(), want)
	}
	err = subjecttest.CheckDirectory(t, factory(func(d *brokenDirectory) { d.loseOne = true }))
	assert.Contains(t, err.Error(), "Lookup(01900000-0000-7000-8000-000000000001) = error subject: not found, want the subject")
}
