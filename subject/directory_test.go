package subject_test

import (
	"context"
	"testing"
	"time"

	"github.com/lawfulgo/lawful/subject"
	"github.com/lawfulgo/lawful/subject/subjecttest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMemDirectoryConformance(t *testing.T) {
	subjecttest.TestDirectory(t, func(t *testing.T, subjects ...subject.Subject) subject.Directory {
		return subject.NewMemDirectory(subjects...)
	})
}

func TestMemDirectoryConformanceThroughPut(t *testing.T) {
	subjecttest.TestDirectory(t, func(t *testing.T, subjects ...subject.Subject) subject.Directory {
		var d subject.MemDirectory // the zero value is ready to use
		for _, s := range subjects {
			require.NoError(t, d.Put(s, t0))
		}
		return &d
	})
}

func TestMemDirectory(t *testing.T) {
	ctx := t.Context()

	t.Run("zero_value_is_an_empty_directory", func(t *testing.T) {
		var dir subject.MemDirectory
		assert.Equal(t, 0, dir.Len())
		_, err := dir.Lookup(ctx, idA)
		assert.ErrorIs(t, err, subject.ErrNotFound)
		assert.False(t, dir.Delete(idA))
		require.NoError(t, dir.Put(validSubject(), t0))
		assert.Equal(t, 1, dir.Len())
	})

	t.Run("put_validates_and_stores_nothing_when_invalid", func(t *testing.T) {
		dir := subject.NewMemDirectory()
		s := validSubject()
		s.Status = subject.StatusUnknown
		err := dir.Put(s, t0)
		assert.ErrorIs(t, err, subject.ErrInvalidSubject)
		assert.Equal(t, 0, dir.Len())
		_, err = dir.Lookup(ctx, s.ID)
		assert.ErrorIs(t, err, subject.ErrNotFound)
	})

	t.Run("put_validates_at_the_given_instant", func(t *testing.T) {
		dir := subject.NewMemDirectory()
		s := validSubject()
		s.Birth = d(2025, time.June, 3) // t0 is 2025-06-02 02:00 in UTC+14
		assert.ErrorIs(t, dir.Put(s, t0), subject.ErrInvalidDate, "born tomorrow everywhere")
		require.NoError(t, dir.Put(s, t0.Add(22*time.Hour)), "born today in UTC+14: 2025-06-02 10:00 UTC")
	})

	t.Run("put_stores_a_copy", func(t *testing.T) {
		dir := subject.NewMemDirectory()
		s := validSubject()
		require.NoError(t, dir.Put(s, t0))
		s.Links[0].Relation = subject.Sibling
		got, err := dir.Lookup(ctx, idA)
		require.NoError(t, err)
		assert.Equal(t, validSubject(), got)
	})

	t.Run("put_replaces", func(t *testing.T) {
		dir := subject.NewMemDirectory(validSubject())
		s := validSubject()
		s.Status = subject.Closed
		require.NoError(t, dir.Put(s, t0))
		got, err := dir.Lookup(ctx, idA)
		require.NoError(t, err)
		assert.Equal(t, subject.Closed, got.Status)
		assert.Equal(t, 1, dir.Len())
	})

	t.Run("new_stores_copies_and_skips_the_zero_ID", func(t *testing.T) {
		s := validSubject()
		dir := subject.NewMemDirectory(s, subject.Subject{Status: subject.Active})
		assert.Equal(t, 1, dir.Len())
		s.Links[0].ID = idD
		got, err := dir.Lookup(ctx, idA)
		require.NoError(t, err)
		assert.Equal(t, validSubject(), got)
	})

	t.Run("new_does_not_validate_and_later_duplicates_win", func(t *testing.T) {
		a := subject.Subject{ID: idA} // no status: invalid, kept as given
		b := subject.Subject{ID: idA, Status: subject.Frozen}
		dir := subject.NewMemDirectory(a, b)
		got, err := dir.Lookup(ctx, idA)
		require.NoError(t, err)
		assert.Equal(t, b, got)
	})

	t.Run("delete_reports_whether_it_removed", func(t *testing.T) {
		dir := subject.NewMemDirectory(validSubject())
		assert.True(t, dir.Delete(idA))
		assert.False(t, dir.Delete(idA))
		assert.Equal(t, 0, dir.Len())
		_, err := dir.Lookup(ctx, idA)
		assert.ErrorIs(t, err, subject.ErrNotFound)
	})

	t.Run("errors_name_the_cause_never_the_subject_whose_ID_would_reach_logs", func(t *testing.T) {
		dir := subject.NewMemDirectory(validSubject())
		_, err := dir.Lookup(ctx, idB)
		assert.EqualError(t, err, "subject: lookup: not found")
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		s, err := dir.Lookup(cctx, idA)
		assert.EqualError(t, err, "subject: lookup: context canceled")
		assert.ErrorIs(t, err, context.Canceled)
		assert.Equal(t, subject.Subject{}, s)
	})
}

func TestMemDirectoryWatch(t *testing.T) {
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	d := subject.NewMemDirectory()
	id := subject.MustParseID("0192f000-0000-7000-8000-0000000000aa")
	var heard []subject.ID
	stop := d.Watch(func(got subject.ID) {
		// Called after the change is visible.
		_, err := d.Lookup(context.Background(), got)
		heard = append(heard, got)
		if len(heard) == 1 && err != nil {
			t.Errorf("Lookup during the first call: %v, want the stored subject", err)
		}
	})
	require.NoError(t, d.Put(subject.Subject{ID: id, Status: subject.Active}, now))
	require.Error(t, d.Put(subject.Subject{ID: id}, now), "an invalid subject")
	assert.True(t, d.Delete(id))
	assert.False(t, d.Delete(id), "deleting nothing")
	assert.Equal(t, []subject.ID{id, id}, heard, "one call per change: Put, Delete; none for a refused Put or an empty Delete")
	stop()
	stop()
	require.NoError(t, d.Put(subject.Subject{ID: id, Status: subject.Active}, now))
	assert.Len(t, heard, 2, "no calls after stop")

	stopNil := d.Watch(nil) // registers nothing, so a change does not call nil
	defer stopNil()
	require.NoError(t, d.Put(subject.Subject{ID: id, Status: subject.Frozen}, now))
}

// MemDirectory keeps the usual subject in 16 bytes and any other whole;
// either way Lookup returns what was stored.
func TestMemDirectoryReturnsWhatWasStored(t *testing.T) {
	id := subject.MustParseID("0192f000-0000-7000-8000-0000000000bb")
	other := subject.MustParseID("0192f000-0000-7000-8000-0000000000cc")
	for name, s := range map[string]subject.Subject{
		"usual":                {Birth: subject.Date{Year: 2012, Month: 2, Day: 29}, Jurisdiction: "CN", Status: subject.Active},
		"unknown_birth":        {Jurisdiction: "DE", Status: subject.Frozen},
		"no_jurisdiction":      {Birth: subject.Date{Year: 1, Month: 1, Day: 1}, Status: subject.Closed},
		"lower_case_code":      {Birth: subject.Date{Year: 9999, Month: 12, Day: 31}, Jurisdiction: "cn", Status: subject.Active},
		"three_letter_code":    {Jurisdiction: "CHN", Status: subject.Active},
		"year_10000":           {Birth: subject.Date{Year: 10000, Month: 1, Day: 1}, Status: subject.Active},
		"month_13":             {Birth: subject.Date{Year: 2000, Month: 13, Day: 1}, Status: subject.Active},
		"invalid_status":       {Status: subject.Status(200)},
		"with_links":           {Status: subject.Active, Links: []subject.Link{{ID: other, Relation: subject.Parent}}},
		"half_a_birth_date":    {Birth: subject.Date{Year: 2000}, Status: subject.Active},
		"february_30_kept_raw": {Birth: subject.Date{Year: 2001, Month: 2, Day: 30}, Status: subject.Active},
	} {
		t.Run(name, func(t *testing.T) {
			s.ID = id
			d := subject.NewMemDirectory(s)
			got, err := d.Lookup(context.Background(), id)
			require.NoError(t, err)
			assert.Equal(t, s, got)
		})
	}
}
