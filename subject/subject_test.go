package subject_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/lawfulgo/lawful/subject"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestVerificationVerified(t *testing.T) {
	tests := []struct {
		name string
		v    subject.Verification
		want bool
	}{
		{"zero_is_not_verified", subject.Verification{}, false},
		{"method_without_time_is_not_verified", subject.Verification{Method: subject.IDCheck}, false},
		{"time_without_method_is_not_verified", subject.Verification{At: t0}, false},
		{"invalid_method_is_not_verified", subject.Verification{Method: subject.Method(42), At: t0}, false},
		{"declared_with_time_is_verified_by_declaration_the_weakest", subject.Verification{Method: subject.Declared, At: t0}, true},
		{"face_match_with_time_is_verified", subject.Verification{Method: subject.FaceMatch, At: t0}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.v.Verified())
		})
	}
}

func TestSubjectValidate(t *testing.T) {
	require.NoError(t, validSubject().Validate(t0))

	tests := []struct {
		name   string
		change func(*subject.Subject)
		now    time.Time // zero: t0
		want   []error   // sentinels beyond ErrInvalidSubject, one entry per problem (nil = none)
		msg    string    // a fragment of the message
	}{
		{"zero_ID_is_no_subject", func(s *subject.Subject) { s.ID = subject.ID{} }, time.Time{}, []error{subject.ErrInvalidID}, "zero ID"},
		{"unknown_birth_is_valid_LAW_5_1", func(s *subject.Subject) { s.Birth = subject.Date{} }, time.Time{}, nil, ""},
		{"birth_not_in_the_calendar", func(s *subject.Subject) { s.Birth = d(2015, time.February, 29) }, time.Time{}, []error{subject.ErrInvalidDate}, "not a calendar day"},
		{"birth_year_0_is_outside_the_calendar", func(s *subject.Subject) { s.Birth = d(0, time.January, 1) }, time.Time{}, []error{subject.ErrInvalidDate}, "not a calendar day"},
		// UTC+14 is the first zone into a new day: 2024-06-14 10:00 UTC is 2024-06-15 00:00 there.
		{"birth_today_in_UTC_plus_14_is_valid", func(s *subject.Subject) { s.Birth = d(2024, time.June, 15) }, time.Date(2024, time.June, 14, 10, 0, 0, 0, time.UTC), nil, ""},
		{"birth_tomorrow_everywhere_is_invalid", func(s *subject.Subject) { s.Birth = d(2024, time.June, 15) }, time.Date(2024, time.June, 14, 9, 59, 59, 0, time.UTC), []error{subject.ErrInvalidDate}, "after today (2024-06-14 in UTC+14)"},
		{"birth_next_year_is_invalid", func(s *subject.Subject) { s.Birth = d(2026, time.January, 1) }, time.Time{}, []error{subject.ErrInvalidDate}, "after today"},
		{"empty_jurisdiction_is_unknown_and_valid", func(s *subject.Subject) { s.Jurisdiction = "" }, time.Time{}, nil, ""},
		{"jurisdiction_must_be_upper_case_ISO_3166_alpha_2", func(s *subject.Subject) { s.Jurisdiction = "cn" }, time.Time{}, []error{nil}, `jurisdiction "cn"`},
		{"jurisdiction_alpha_3_is_invalid", func(s *subject.Subject) { s.Jurisdiction = "CHN" }, time.Time{}, []error{nil}, `jurisdiction "CHN"`},
		{"jurisdiction_with_digits_is_invalid", func(s *subject.Subject) { s.Jurisdiction = "C1" }, time.Time{}, []error{nil}, `jurisdiction "C1"`},
		{"unknown_status_is_invalid_fail_closed", func(s *subject.Subject) { s.Status = subject.StatusUnknown }, time.Time{}, []error{nil}, "status Status(0)"},
		{"out_of_range_status_is_invalid", func(s *subject.Subject) { s.Status = 9 }, time.Time{}, []error{nil}, "status Status(9)"},
		{"frozen_is_valid_LAW_5_3", func(s *subject.Subject) { s.Status = subject.Frozen }, time.Time{}, nil, ""},
		{"deceased_is_valid_PIPL_art49", func(s *subject.Subject) { s.Status = subject.Deceased }, time.Time{}, nil, ""},
		{"no_links_is_valid", func(s *subject.Subject) { s.Links = nil }, time.Time{}, nil, ""},
		{"link_with_zero_ID", func(s *subject.Subject) { s.Links[1].ID = subject.ID{} }, time.Time{}, []error{subject.ErrInvalidID}, "link 1: zero ID"},
		{"link_to_self", func(s *subject.Subject) { s.Links[0].ID = s.ID }, time.Time{}, []error{nil}, "link 0: links the subject to itself"},
		{"link_with_unknown_relation", func(s *subject.Subject) { s.Links[2].Relation = subject.RelationUnknown }, time.Time{}, []error{nil}, "link 2: relation Relation(0)"},
		{"duplicate_link_ID", func(s *subject.Subject) { s.Links[2].ID = s.Links[0].ID }, time.Time{}, []error{nil}, "link 2: a second link to the subject of link 0"},
		{"link_with_out_of_range_method", func(s *subject.Subject) { s.Links[0].Verified.Method = 77 }, time.Time{}, []error{nil}, "link 0: verification method Method(77)"},
		{"link_verified_at_a_time_by_no_method", func(s *subject.Subject) { s.Links[1].Verified.At = t0 }, time.Time{}, []error{nil}, "link 1: verification time without a method"},
		{
			"every_problem_is_reported_at_once",
			func(s *subject.Subject) {
				s.ID = subject.ID{}
				s.Birth = d(2030, time.January, 1)
				s.Jurisdiction = "china"
				s.Status = 0
				s.Links = append(s.Links, subject.Link{}, subject.Link{ID: idB, Relation: subject.Sibling})
			},
			time.Time{},
			[]error{subject.ErrInvalidID, subject.ErrInvalidDate, nil, nil, subject.ErrInvalidID, nil, nil},
			"zero ID",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := validSubject()
			tt.change(&s)
			now := tt.now
			if now.IsZero() {
				now = t0
			}
			err := s.Validate(now)
			if tt.want == nil {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.ErrorIs(t, err, subject.ErrInvalidSubject)
			assert.Contains(t, err.Error(), tt.msg)
			var joined interface{ Unwrap() []error }
			require.True(t, errors.As(err, &joined))
			problems := joined.Unwrap()
			require.Len(t, problems, len(tt.want), "one error per problem:\n%v", err)
			for i, p := range problems {
				assert.ErrorIs(t, p, subject.ErrInvalidSubject)
				assert.True(t, strings.HasPrefix(p.Error(), "subject: "), p.Error())
				assert.NotContains(t, p.Error(), s.ID.String(), "errors never name the subject (issue 15)")
				if tt.want[i] != nil {
					assert.ErrorIs(t, p, tt.want[i], p.Error())
				}
				for _, other := range []error{subject.ErrInvalidID, subject.ErrInvalidDate} {
					if other != tt.want[i] {
						assert.NotErrorIs(t, p, other, p.Error())
					}
				}
			}
			if !s.Birth.IsZero() {
				assert.NotContains(t, err.Error(), s.Birth.String(), "the birth date is personal information")
			}
		})
	}
}

func TestSubjectLinks(t *testing.T) {
	s := validSubject()
	tests := []struct {
		name         string
		id           subject.ID
		link         bool
		guardian     bool
		wantRelation subject.Relation
	}{
		{"parent_is_linked_and_a_guardian_PIPL_art31", idB, true, true, subject.Parent},
		{"appointed_guardian_is_linked_and_a_guardian_CC_art27", idC, true, true, subject.Guardian},
		{"grandparent_is_linked_but_not_a_guardian", idD, true, false, subject.Grandparent},
		{"stranger_is_not_linked", subject.MustParseID("0190a1b2-c3d4-7e5f-8a6b-000000000000"), false, false, 0},
		{"subject_is_not_linked_to_itself", idA, false, false, 0},
		{"zero_ID_is_never_linked", subject.ID{}, false, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, ok := s.Link(tt.id)
			assert.Equal(t, tt.link, ok)
			assert.Equal(t, tt.wantRelation, l.Relation)
			if ok {
				assert.Equal(t, tt.id, l.ID)
			}
			g, ok := s.Guardian(tt.id)
			assert.Equal(t, tt.guardian, ok)
			if !ok {
				assert.Equal(t, subject.Link{}, g)
			}
		})
	}
	t.Run("zero_ID_is_not_linked_even_by_an_invalid_link", func(t *testing.T) {
		bad := subject.Subject{ID: idA, Links: []subject.Link{{Relation: subject.Parent}}}
		_, ok := bad.Link(subject.ID{})
		assert.False(t, ok)
		_, ok = bad.Guardian(subject.ID{})
		assert.False(t, ok)
	})
}

func TestSubjectClone(t *testing.T) {
	s := validSubject()
	c := s.Clone()
	assert.Equal(t, s, c)
	c.Links[0].Relation = subject.Sibling
	c.Links = append(c.Links, subject.Link{ID: idA})
	assert.Equal(t, validSubject(), s, "changing the clone leaves the original")

	assert.Nil(t, subject.Subject{ID: idA}.Clone().Links, "nil Links stay nil")
	assert.Equal(t, []subject.Link{}, subject.Subject{ID: idA, Links: []subject.Link{}}.Clone().Links, "empty Links stay empty")
}
