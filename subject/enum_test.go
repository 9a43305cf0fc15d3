package subject_test

import (
	"encoding"
	"fmt"
	"testing"

	"github.com/lawfulgo/lawful/subject"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// textEnum is what every enumeration in the package implements.
type textEnum interface {
	fmt.Stringer
	encoding.TextMarshaler
	Valid() bool
}

func TestEnumNamesAreStable(t *testing.T) {
	tests := []struct {
		name   string
		values []textEnum
		names  []string
		zero   textEnum
		parse  func([]byte) (textEnum, error)
	}{
		{
			"status", []textEnum{subject.Active, subject.Frozen, subject.Closed, subject.Deceased},
			[]string{"active", "frozen", "closed", "deceased"}, subject.StatusUnknown,
			func(b []byte) (textEnum, error) { var v subject.Status; err := v.UnmarshalText(b); return v, err },
		},
		{
			"relation", []textEnum{subject.Parent, subject.Guardian, subject.Spouse, subject.Offspring, subject.Sibling, subject.Grandparent, subject.Grandchild},
			[]string{"parent", "guardian", "spouse", "child", "sibling", "grandparent", "grandchild"}, subject.RelationUnknown,
			func(b []byte) (textEnum, error) { var v subject.Relation; err := v.UnmarshalText(b); return v, err },
		},
		{
			"method", []textEnum{subject.Declared, subject.Document, subject.IDCheck, subject.FaceMatch, subject.InPerson},
			[]string{"declared", "document", "id_check", "face_match", "in_person"}, subject.MethodUnknown,
			func(b []byte) (textEnum, error) { var v subject.Method; err := v.UnmarshalText(b); return v, err },
		},
		{
			"band", []textEnum{subject.Child, subject.Minor, subject.Adult},
			[]string{"child", "minor", "adult"}, subject.BandUnknown,
			func(b []byte) (textEnum, error) { var v subject.Band; err := v.UnmarshalText(b); return v, err },
		},
		{
			"counting_rule", []textEnum{subject.DayAfterBirthday, subject.OnBirthday, subject.OnBirthdayMarchFirst},
			[]string{"day_after_birthday", "on_birthday", "on_birthday_march_first"}, subject.RuleUnknown,
			func(b []byte) (textEnum, error) { var v subject.CountingRule; err := v.UnmarshalText(b); return v, err },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name+"_names_round_trip", func(t *testing.T) {
			require.Len(t, tt.names, len(tt.values))
			for i, v := range tt.values {
				assert.True(t, v.Valid())
				assert.Equal(t, tt.names[i], v.String())
				b, err := v.MarshalText()
				require.NoError(t, err)
				assert.Equal(t, tt.names[i], string(b))
				back, err := tt.parse(b)
				require.NoError(t, err)
				assert.Equal(t, v, back)
			}
		})
		t.Run(tt.name+"_unknown_is_invalid_and_does_not_marshal", func(t *testing.T) {
			assert.False(t, tt.zero.Valid())
			_, err := tt.zero.MarshalText()
			assert.ErrorIs(t, err, subject.ErrInvalidValue)
			assert.Regexp(t, `^[A-Za-z]+\(0\)$`, tt.zero.String())
			for _, bad := range []string{"", "Active", "unknown", tt.names[0] + " "} {
				v, err := tt.parse([]byte(bad))
				assert.ErrorIs(t, err, subject.ErrInvalidValue, "%q", bad)
				assert.Equal(t, tt.zero, v, "unmarshal error leaves the value")
			}
		})
	}
	t.Run("out_of_range_values_print_and_do_not_marshal", func(t *testing.T) {
		assert.Equal(t, "Status(99)", subject.Status(99).String())
		assert.Equal(t, "Relation(8)", subject.Relation(8).String())
		assert.Equal(t, "Method(6)", subject.Method(6).String())
		assert.Equal(t, "Band(4)", subject.Band(4).String())
		assert.Equal(t, "CountingRule(4)", subject.CountingRule(4).String())
		_, err := subject.Status(99).MarshalText()
		assert.EqualError(t, err, "subject: cannot marshal invalid Status(99)")
	})
	t.Run("unknown_name_error_lists_the_names", func(t *testing.T) {
		var s subject.Status
		assert.EqualError(t, s.UnmarshalText([]byte("open")), `subject: unknown status "open"; want one of active, frozen, closed, deceased`)
	})
}

func TestRelationRoles(t *testing.T) {
	tests := []struct {
		name          string
		r             subject.Relation
		guardian      bool
		closeRelative bool
	}{
		{"parent_is_a_guardian_by_law_PIPL_art31_CC_art27", subject.Parent, true, true},
		{"appointed_guardian_acts_as_guardian_PIPL_art31_CC_art27", subject.Guardian, true, false},
		{"spouse_is_a_close_relative_PIPL_art49", subject.Spouse, false, true},
		{"child_is_a_close_relative_PIPL_art49", subject.Offspring, false, true},
		{"sibling_is_a_close_relative_PIPL_art49", subject.Sibling, false, true},
		{"grandparent_is_a_close_relative_but_not_a_guardian_by_default_PIPL_art49", subject.Grandparent, false, true},
		{"grandchild_is_a_close_relative_PIPL_art49", subject.Grandchild, false, true},
		{"unknown_relation_is_nothing_fail_closed", subject.RelationUnknown, false, false},
		{"out_of_range_relation_is_nothing_fail_closed", subject.Relation(200), false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.guardian, tt.r.CanActAsGuardian())
			assert.Equal(t, tt.closeRelative, tt.r.IsCloseRelative())
		})
	}
}
