package main

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/lawfultest"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/subject"
)

var row = User{
	Nickname: "alice",
	Avatar:   "https://cdn.example.com/a/alice.png",
	Email:    "alice@example.com",
	Phone:    "+86 138 0000 0001",
}

// fixture is a fresh World (Guard, ledger, directory, fake clock) over
// policy.json and a fresh in-memory database, read through a StatementLog.
type fixture struct {
	w     *lawfultest.World
	log   *StatementLog
	users *Users
}

func newFixture(t *testing.T, opts lawfultest.Options, setup func(t *testing.T, w *lawfultest.World) subject.ID) (*fixture, subject.ID) {
	t.Helper()
	reg, err := LoadPolicy()
	require.NoError(t, err)
	w := lawfultest.New(t, reg, opts)
	db, err := OpenDB(t.Context())
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	id := setup(t, w)
	if _, err := w.Directory.Lookup(t.Context(), id); err == nil {
		require.NoError(t, insertUser(t.Context(), db, id, row))
	}
	log := &StatementLog{Q: db}
	return &fixture{w: w, log: log, users: NewUsers(log, w.Guard)}, id
}

type call func(ctx context.Context, u *Users, id subject.ID) (any, Access, error)

func profile(ctx context.Context, u *Users, id subject.ID) (any, Access, error) {
	v, err := u.Profile(ctx, id)
	return v, nil, err
}

func contact(ctx context.Context, u *Users, id subject.ID) (any, Access, error) {
	v, err := u.Contact(ctx, id)
	return v, nil, err
}

func supportView(ctx context.Context, u *Users, id subject.ID) (any, Access, error) {
	return u.SupportView(ctx, id)
}

var (
	nickname = pii.MustLookup("account.nickname")
	avatar   = pii.MustLookup("account.avatar")
	email    = pii.MustLookup("contact.email")
	phone    = pii.MustLookup("contact.phone")
)

func adult(t *testing.T, w *lawfultest.World) subject.ID { return w.Adult(t) }

func TestUsers(t *testing.T) {
	const (
		selectProfile = "SELECT nickname, avatar FROM users WHERE id = ?"
		selectPhone   = "SELECT phone FROM users WHERE id = ?"
		selectSupport = "SELECT nickname, email FROM users WHERE id = ?"
	)
	tests := []struct {
		name  string
		opts  lawfultest.Options
		setup func(t *testing.T, w *lawfultest.World) subject.ID
		call  call
		// want is the value returned: the zero value when refused.
		want any
		// wantErr lists the sentinels the error must match; none means
		// the call succeeds.
		wantErr []error
		// wantSQL is every statement issued, in order.
		wantSQL []string
		// wantAccess is each field group's reason (ReasonNone: read), for
		// SupportView.
		wantAccess map[pii.Category]lawful.Reason
	}{
		{
			name:    "profile_on_contract_is_read_without_consent_PIPL_art13_1_2",
			setup:   adult,
			call:    profile,
			want:    Profile{Nickname: row.Nickname, Avatar: row.Avatar},
			wantSQL: []string{selectProfile},
		},
		{
			name:    "contact_without_consent_is_refused_whole_and_selects_nothing_PIPL_art13_1_1",
			setup:   adult,
			call:    contact,
			want:    Contact{},
			wantErr: []error{lawful.ErrNoConsent},
		},
		{
			name: "contact_with_consent_selects_only_the_phone_PIPL_art13_1_1",
			setup: func(t *testing.T, w *lawfultest.World) subject.ID {
				id := w.Adult(t)
				w.Grant(t, id, consent.Click, PurposeCallback)
				return id
			},
			call:    contact,
			want:    Contact{Phone: row.Phone},
			wantSQL: []string{selectPhone},
		},
		{
			name: "contact_after_withdrawal_is_refused_and_selects_nothing_PIPL_art15",
			setup: func(t *testing.T, w *lawfultest.World) subject.ID {
				return w.AdultWithWithdrawnConsent(t, PurposeCallback)
			},
			call:    contact,
			want:    Contact{},
			wantErr: []error{lawful.ErrConsentWithdrawn},
		},
		{
			name:    "support_view_never_selects_undeclared_avatar_and_phone_PIPL_art6",
			setup:   adult,
			call:    supportView,
			want:    User{Nickname: row.Nickname, Email: row.Email},
			wantSQL: []string{selectSupport},
			wantAccess: map[pii.Category]lawful.Reason{
				nickname: lawful.ReasonNone,
				avatar:   lawful.CategoryNotDeclared,
				email:    lawful.ReasonNone,
				phone:    lawful.CategoryNotDeclared,
			},
		},
		{
			name: "support_view_with_callback_consent_still_withholds_the_phone_PIPL_art6",
			setup: func(t *testing.T, w *lawfultest.World) subject.ID {
				id := w.Adult(t)
				w.Grant(t, id, consent.Separate, PurposeCallback)
				return id
			},
			call:    supportView,
			want:    User{Nickname: row.Nickname, Email: row.Email},
			wantSQL: []string{selectSupport},
			wantAccess: map[pii.Category]lawful.Reason{
				nickname: lawful.ReasonNone,
				avatar:   lawful.CategoryNotDeclared,
				email:    lawful.ReasonNone,
				phone:    lawful.CategoryNotDeclared,
			},
		},
		{
			name: "support_view_with_no_group_allowed_is_refused_whole_NDSMR_art24",
			setup: func(t *testing.T, w *lawfultest.World) subject.ID {
				return w.WithStatus(t, subject.Closed)
			},
			call:    supportView,
			want:    User{},
			wantErr: []error{lawful.ErrSubjectClosed, lawful.ErrCategoryNotDeclared},
			wantAccess: map[pii.Category]lawful.Reason{
				nickname: lawful.SubjectClosed,
				avatar:   lawful.CategoryNotDeclared,
				email:    lawful.SubjectClosed,
				phone:    lawful.CategoryNotDeclared,
			},
		},
		{
			name: "profile_of_child_under_14_with_own_consent_needs_guardian_PIPL_art31",
			setup: func(t *testing.T, w *lawfultest.World) subject.ID {
				kid := w.Child(t, 10)
				w.Grant(t, kid, consent.Separate, PurposeProfile)
				return kid
			},
			call:    profile,
			want:    Profile{},
			wantErr: []error{lawful.ErrGuardianConsentRequired},
		},
		{
			name: "profile_of_child_under_14_with_guardian_consent_is_read_PIPL_art31",
			setup: func(t *testing.T, w *lawfultest.World) subject.ID {
				kid := w.Child(t, 10)
				w.GrantByGuardian(t, w.Guardian(t, kid), kid, consent.Separate, PurposeProfile)
				return kid
			},
			call:    profile,
			want:    Profile{Nickname: row.Nickname, Avatar: row.Avatar},
			wantSQL: []string{selectProfile},
		},
		{
			name:    "unknown_subject_is_refused_fail_closed",
			setup:   func(t *testing.T, w *lawfultest.World) subject.ID { return w.NewID(t) },
			call:    profile,
			want:    Profile{},
			wantErr: []error{lawful.ErrUnknownSubject},
		},
		{
			name:    "directory_outage_refuses_the_whole_call_fail_closed",
			opts:    lawfultest.Options{Directory: lawfultest.FailingDirectory{}},
			setup:   adult,
			call:    profile,
			want:    Profile{},
			wantErr: []error{lawful.ErrStoreUnavailable, lawfultest.ErrInjected},
		},
		{
			name:    "directory_outage_refuses_a_partial_read_too_fail_closed",
			opts:    lawfultest.Options{Directory: lawfultest.FailingDirectory{}},
			setup:   adult,
			call:    supportView,
			want:    User{},
			wantErr: []error{lawful.ErrStoreUnavailable, lawfultest.ErrInjected},
			// The first group asked fails with the outage; no further
			// group is asked.
			wantAccess: map[pii.Category]lawful.Reason{nickname: lawful.StoreUnavailable},
		},
		{
			name: "consent_store_outage_refuses_a_consent_based_read_fail_closed",
			opts: lawfultest.Options{Store: lawfultest.FailingStore{}},
			setup: func(t *testing.T, w *lawfultest.World) subject.ID {
				return w.Adult(t)
			},
			call:    contact,
			want:    Contact{},
			wantErr: []error{lawful.ErrStoreUnavailable},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, id := newFixture(t, tt.opts, tt.setup)
			got, access, err := tt.call(t.Context(), f.users, id)

			if len(tt.wantErr) == 0 {
				require.NoError(t, err)
			} else {
				require.Error(t, err)
				for _, want := range tt.wantErr {
					assert.ErrorIs(t, err, want)
				}
			}
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.wantSQL, f.log.Take(), "statements issued")

			if tt.wantAccess != nil {
				gotAccess := make(map[pii.Category]lawful.Reason, len(access))
				for _, a := range access {
					gotAccess[a.Category] = a.Decision.Reason
					assert.Equal(t, a.Decision.Reason == lawful.ReasonNone, a.Decision.Allowed(), "%v", a.Category)
					assert.Equal(t, PurposeSupport, a.Decision.Request.Purpose)
					assert.Equal(t, pii.Of(a.Category), a.Decision.Request.Categories, "one group per request")
				}
				assert.Equal(t, tt.wantAccess, gotAccess)
			}
		})
	}
}

// A withheld field is never selected: the zero value in the result is not
// a blank column read from the database but a column the query left out.
func TestSupportViewLeavesWithheldColumnsOutOfTheQuery_PIPL_art6(t *testing.T) {
	f, id := newFixture(t, lawfultest.Options{}, adult)
	u, access, err := f.users.SupportView(t.Context(), id)
	require.NoError(t, err)

	assert.Equal(t, "account.avatar,contact.phone", access.Withheld().String())
	assert.Equal(t, "account.nickname,contact.email", access.Granted().String())
	stmts := f.log.Take()
	require.Len(t, stmts, 1)
	for c := range access.Withheld().All() {
		assert.NotContains(t, stmts[0], map[pii.Category]string{avatar: "avatar", phone: "phone"}[c])
	}
	assert.Empty(t, u.Avatar)
	assert.Empty(t, u.Phone)
	for _, a := range access {
		if !a.Decision.Allowed() {
			assert.ErrorIs(t, a.Decision.Err(), lawful.ErrCategoryNotDeclared, "%v", a.Fields)
		}
	}
}

// Withdrawal stops the next read: the same repository, the same subject,
// before and after (PIPL art. 15).
func TestContactStopsAtWithdrawal_PIPL_art15(t *testing.T) {
	f, id := newFixture(t, lawfultest.Options{}, adult)
	f.w.Grant(t, id, consent.Click, PurposeCallback)
	f.w.Clock.Advance(time.Minute)

	c, err := f.users.Contact(t.Context(), id)
	require.NoError(t, err)
	assert.Equal(t, row.Phone, c.Phone)

	f.w.Clock.Advance(time.Minute)
	f.w.Withdraw(t, id, PurposeCallback)
	f.w.Clock.Advance(time.Minute)
	f.log.Take()

	c, err = f.users.Contact(t.Context(), id)
	assert.ErrorIs(t, err, lawful.ErrConsentWithdrawn)
	assert.Equal(t, Contact{}, c)
	assert.Empty(t, f.log.Take(), "no statement after withdrawal")
	d, ok := errors.AsType[*lawful.Denial](err)
	require.True(t, ok)
	assert.Equal(t, PurposeCallback, d.Request.Purpose)
	assert.Equal(t, "contact.phone", d.Request.Categories.String(), "Do asks for the categories of Contact's tags")
}

func TestRowTypeOfRefusesUnsafeRowTypes(t *testing.T) {
	type untagged struct {
		Nickname string `db:"nickname" pii:"account.nickname"`
		Note     string `db:"note"`
	}
	type noColumn struct {
		Nickname string `db:"nickname" pii:"account.nickname"`
		Phone    string `pii:"contact.phone"`
	}
	type inner struct {
		Phone string `pii:"contact.phone"`
	}
	type nested struct {
		Nickname string `db:"nickname" pii:"account.nickname"`
		Inner    inner
	}
	type badName struct {
		Nickname string `db:"nick; DROP TABLE users" pii:"account.nickname"`
	}
	type notString struct {
		Nickname []byte `db:"nickname" pii:"account.nickname"`
	}
	type empty struct{ X int }
	type unknownCategory struct {
		Phone string `db:"phone" pii:"contact.phon"`
	}
	tests := []struct {
		name string
		of   func() (rowType, error)
		want string
	}{
		{"a_column_without_a_category_is_refused_PIPL_art4", rowTypeOf[untagged], `Note (column "note") has no pii tag`},
		{"a_category_without_a_column_is_refused", rowTypeOf[noColumn], `Phone has pii tag "contact.phone" but no db column`},
		{"a_nested_field_is_refused", rowTypeOf[nested], `Inner.Phone: nested fields are not columns`},
		{"a_malformed_column_name_is_refused", rowTypeOf[badName], `column name "nick; DROP TABLE users"`},
		{"a_non_string_column_is_refused", rowTypeOf[notString], `is []uint8: columns read into strings only`},
		{"a_struct_without_columns_is_refused", rowTypeOf[empty], `has no db-tagged field`},
		{"an_unknown_category_is_refused", rowTypeOf[unknownCategory], `contact.phon`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.of()
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}

	rt, err := rowTypeOf[User]()
	require.NoError(t, err)
	assert.Equal(t, reflect.TypeFor[User](), rt.typ)
	cats, err := pii.CategoriesOf[User]()
	require.NoError(t, err)
	assert.Equal(t, cats, rt.cats, "the columns read are the categories Do asks for")
}

func TestDemo(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(t.Context(), &out))
	s := out.String()
	assert.Regexp(t, `Profile\(alice\)\s+account\.profile\s+allowed: contract\s+\{Nickname:alice Avatar:\S+\}\s+SELECT nickname, avatar FROM users WHERE id = \?`, s)
	assert.Regexp(t, `Contact\(alice\)\s+support\.callback\s+denied: no_consent\s+\{Phone:\}\s+\(none\)`, s)
	assert.Regexp(t, `Contact\(alice\)\s+support\.callback\s+allowed: consent\s+\{Phone:\+86 138 0000 0001\}`, s)
	assert.Regexp(t, `SupportView\(alice\)\s+support\.ticket\s+partial: withheld account\.avatar,contact\.phone\s+\{Nickname:alice Avatar: Email:alice@example\.com Phone:\}\s+SELECT nickname, email FROM users`, s)
	assert.Regexp(t, `Contact\(alice\)\s+support\.callback\s+denied: consent_withdrawn\s+\{Phone:\}\s+\(none\)`, s)
	assert.Regexp(t, `Profile\(kid\)\s+account\.profile\s+denied: guardian_consent_required`, s)
	assert.Regexp(t, `Phone\s+contact\.phone\s+withheld, never selected: category_not_declared`, s)
}
