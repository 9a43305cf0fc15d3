package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

// The purposes the repository's methods declare. Each is a purpose of
// policy.json; the Guard refuses anything the policy does not declare.
const (
	// PurposeProfile shows a user's nickname and avatar on their profile
	// page (contract, PIPL art. 13(1)(2)).
	PurposeProfile purpose.ID = "account.profile"
	// PurposeSupport lets support staff answer a ticket: nickname and
	// e-mail only (contract, PIPL art. 13(1)(2); art. 6 minimum necessary).
	PurposeSupport purpose.ID = "support.ticket"
	// PurposeCallback lets support call a user back on their phone
	// (consent, PIPL art. 13(1)(1); withdrawable, art. 15).
	PurposeCallback purpose.ID = "support.callback"
)

// ErrNotFound reports that the users table has no row for the subject.
var ErrNotFound = errors.New("users: no such user")

// Querier is the part of *sql.DB the repository reads through; *sql.DB,
// *sql.Conn and *sql.Tx satisfy it. Taking an interface lets a caller log
// or record every statement issued, as the demo and the tests do.
type Querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Profile is what the profile page shows. Its fields' tags are both the
// columns read and the categories asked for: lawful.Do asks the Guard for
// exactly the categories the struct's pii tags name.
type Profile struct {
	Nickname string `db:"nickname" pii:"account.nickname"`
	Avatar   string `db:"avatar" pii:"account.avatar"`
}

// Contact is how support reaches a user by phone.
type Contact struct {
	Phone string `db:"phone" pii:"contact.phone"`
}

// User is a whole row of the users table. A row is about one person, so
// every column is personal information (PIPL art. 4) and every column
// names its category; a row type with an untagged column is refused.
type User struct {
	Nickname string `db:"nickname" pii:"account.nickname"`
	Avatar   string `db:"avatar" pii:"account.avatar"`
	Email    string `db:"email" pii:"contact.email"`
	Phone    string `db:"phone" pii:"contact.phone"`
}

// Users is a data-access layer over the users table in which every read
// declares its purpose and asks the Guard before touching the database.
// It shows two patterns:
//
//   - Refuse the whole call (Profile, Contact): the method returns a
//     struct holding exactly what its purpose needs; lawful.Do asks the
//     Guard for the struct's categories and runs the query only when
//     allowed. A denial returns the zero value and a *lawful.Denial, and
//     no SQL is issued.
//   - Return only permitted fields (SupportView): the method returns a
//     wider struct, asks the Guard once per field group (the fields
//     tagged with one category), selects only the allowed groups' columns
//     and leaves the others zero. The Access it returns says what was
//     withheld and why. When no group is allowed the call is refused.
//
// Users is safe for concurrent use if its Querier is.
type Users struct {
	q     Querier
	guard *lawful.Guard
}

// NewUsers returns a Users reading through q and asking g.
func NewUsers(q Querier, g *lawful.Guard) *Users {
	return &Users{q: q, guard: g}
}

// Profile returns the user's nickname and avatar for PurposeProfile, or a
// *lawful.Denial (matching the reason's sentinel with errors.Is) and no
// database access when the Guard refuses.
func (u *Users) Profile(ctx context.Context, id subject.ID) (Profile, error) {
	return readWhole[Profile](ctx, u, id, PurposeProfile)
}

// Contact returns the user's phone number for PurposeCallback, which rests
// on consent: without it, or after it is withdrawn, the call is refused
// whole and nothing is read.
func (u *Users) Contact(ctx context.Context, id subject.ID) (Contact, error) {
	return readWhole[Contact](ctx, u, id, PurposeCallback)
}

// SupportView returns what support staff may see of a user's row for
// PurposeSupport. Fields whose category the purpose does not cover are
// never selected and stay zero; the Access lists each field group with the
// Guard's decision. It fails with every distinct denial joined when no
// group is allowed, and with the first infrastructure denial
// (store_unavailable, context_done, not_configured) as soon as one occurs,
// since an outage says nothing about a single field.
func (u *Users) SupportView(ctx context.Context, id subject.ID) (User, Access, error) {
	return readPermitted[User](ctx, u, id, PurposeSupport)
}

// FieldAccess is the Guard's decision on one field group of a read.
type FieldAccess struct {
	// Category is the group's category.
	Category pii.Category
	// Fields are the Go names of the fields tagged with Category.
	Fields []string
	// Decision is the Guard's answer for the category under the method's
	// purpose.
	Decision lawful.Decision
}

// Access reports, for a read returning only permitted fields, the Guard's
// decision on each field group, in field order.
type Access []FieldAccess

// Granted returns the categories that were read.
func (a Access) Granted() pii.Set {
	var s pii.Set
	for _, f := range a {
		if f.Decision.Allowed() {
			s = s.With(f.Category)
		}
	}
	return s
}

// Withheld returns the categories that were refused and never selected.
func (a Access) Withheld() pii.Set {
	var s pii.Set
	for _, f := range a {
		if !f.Decision.Allowed() {
			s = s.With(f.Category)
		}
	}
	return s
}

// party attests that the user whose row is read is a party to the
// service's terms, which its contract-based purposes rest on (PIPL art.
// 13(1)(2)): every row of this table is an account holder's.
const party = lawful.ContractParty

// readWhole is the "refuse the whole call" pattern.
func readWhole[T any](ctx context.Context, u *Users, id subject.ID, p purpose.ID) (T, error) {
	rt, err := rowTypeOf[T]()
	if err != nil {
		var zero T
		return zero, err
	}
	// Categories left empty: Do takes them from T's pii tags, which
	// rowTypeOf has checked are exactly T's columns.
	r := lawful.Request{Subject: id, Purpose: p, Operation: purpose.Use, Attest: party}
	return lawful.Do(ctx, u.guard, r, func(ctx context.Context) (T, error) {
		return selectRow[T](ctx, u.q, rt, rt.cats, id)
	})
}

// readPermitted is the "return only permitted fields" pattern.
func readPermitted[T any](ctx context.Context, u *Users, id subject.ID, p purpose.ID) (T, Access, error) {
	var zero T
	rt, err := rowTypeOf[T]()
	if err != nil {
		return zero, nil, err
	}
	var (
		access  Access
		allowed pii.Set
		denials []error
		seen    []lawful.Reason
	)
	for _, g := range rt.groups() {
		d := u.guard.Check(ctx, lawful.Request{Subject: id, Purpose: p, Operation: purpose.Use, Categories: pii.Of(g.cat), Attest: party})
		access = append(access, FieldAccess{Category: g.cat, Fields: g.fields, Decision: d})
		if d.Allowed() {
			allowed = allowed.With(g.cat)
			continue
		}
		switch d.Reason {
		case lawful.StoreUnavailable, lawful.ContextDone, lawful.NotConfigured:
			return zero, access, d.Err()
		}
		if !slices.Contains(seen, d.Reason) {
			seen = append(seen, d.Reason)
			denials = append(denials, d.Err())
		}
	}
	if allowed.IsEmpty() {
		return zero, access, errors.Join(denials...)
	}
	row, err := selectRow[T](ctx, u.q, rt, allowed, id)
	if err != nil {
		return zero, access, err
	}
	return row, access, nil
}

// selectRow reads the columns of rt whose category is in cats, and only
// those, from the subject's row into a T. Columns not selected stay zero.
func selectRow[T any](ctx context.Context, q Querier, rt rowType, cats pii.Set, id subject.ID) (T, error) {
	var row, zero T
	v := reflect.ValueOf(&row).Elem()
	names := make([]string, 0, len(rt.cols))
	dest := make([]any, 0, len(rt.cols))
	for _, c := range rt.cols {
		if cats.Contains(c.cat) {
			names = append(names, c.name)
			dest = append(dest, v.Field(c.index).Addr().Interface())
		}
	}
	if len(names) == 0 {
		return zero, fmt.Errorf("users: reading %v: no column to select", rt.typ)
	}
	query := "SELECT " + strings.Join(names, ", ") + " FROM users WHERE id = ?"
	switch err := q.QueryRowContext(ctx, query, id.String()).Scan(dest...); {
	case errors.Is(err, sql.ErrNoRows):
		return zero, ErrNotFound
	case err != nil:
		return zero, fmt.Errorf("users: reading %v: %w", rt.typ, err)
	}
	return row, nil
}

// rowType maps a row struct to table columns and their categories.
type rowType struct {
	typ  reflect.Type
	cols []column
	cats pii.Set
}

// column is one `db`-tagged field.
type column struct {
	name  string // SQL column name
	field string // Go field name
	index int    // field index in the struct
	cat   pii.Category
}

// group is the fields of a row type tagged with one category.
type group struct {
	cat    pii.Category
	fields []string
}

// groups returns the field groups of rt in field order.
func (rt rowType) groups() []group {
	var gs []group
	for _, c := range rt.cols {
		i := 0
		for i < len(gs) && gs[i].cat != c.cat {
			i++
		}
		if i == len(gs) {
			gs = append(gs, group{cat: c.cat})
		}
		gs[i].fields = append(gs[i].fields, c.field)
	}
	return gs
}

// rowTypeOf reads T's `db` and `pii` tags. It refuses a column without a
// category, a categorised field without a column (it could not be read,
// yet the Guard would be asked for it), nested fields and malformed column
// names, reporting every problem at once.
func rowTypeOf[T any]() (rowType, error) {
	schema, err := pii.SchemaFor[T]()
	if err != nil {
		return rowType{}, fmt.Errorf("users: row type: %w", err)
	}
	t := schema.Type()
	cats := make(map[string]pii.Category, len(schema.Fields()))
	for _, f := range schema.Fields() {
		cats[f.Path] = f.Category
	}
	rt := rowType{typ: t}
	var errs []error
	for i := range t.NumField() {
		sf := t.Field(i)
		name, isColumn := sf.Tag.Lookup("db")
		cat, tagged := cats[sf.Name]
		delete(cats, sf.Name)
		switch {
		case !isColumn && !tagged:
			continue
		case !isColumn:
			errs = append(errs, fmt.Errorf("users: %v.%s has pii tag %q but no db column: tag it with the column it is read from", t, sf.Name, cat))
		case !tagged:
			errs = append(errs, fmt.Errorf("users: %v.%s (column %q) has no pii tag: every column of a user row is personal information (PIPL art. 4); tag it with its category", t, sf.Name, name))
		case !validColumn(name):
			errs = append(errs, fmt.Errorf("users: %v.%s: column name %q: want [a-z_][a-z0-9_]*", t, sf.Name, name))
		case sf.Type.Kind() != reflect.String:
			errs = append(errs, fmt.Errorf("users: %v.%s is %v: columns read into strings only", t, sf.Name, sf.Type))
		default:
			rt.cols = append(rt.cols, column{name: name, field: sf.Name, index: i, cat: cat})
			rt.cats = rt.cats.With(cat)
		}
	}
	for path := range cats {
		errs = append(errs, fmt.Errorf("users: %v.%s: nested fields are not columns; flatten the row type", t, path))
	}
	if len(rt.cols) == 0 && len(errs) == 0 {
		errs = append(errs, fmt.Errorf("users: %v has no db-tagged field", t))
	}
	if len(errs) > 0 {
		return rowType{}, errors.Join(errs...)
	}
	return rt, nil
}

func validColumn(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_', r >= 'a' && r <= 'z':
		case r >= '0' && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// createSchema creates the users table.
func createSchema(ctx context.Context, db *sql.DB) error {
	_, err := db.ExecContext(ctx, `CREATE TABLE users (
		id       TEXT PRIMARY KEY,
		nickname TEXT NOT NULL DEFAULT '',
		avatar   TEXT NOT NULL DEFAULT '',
		email    TEXT NOT NULL DEFAULT '',
		phone    TEXT NOT NULL DEFAULT ''
	)`)
	if err != nil {
		return fmt.Errorf("users: creating the table: %w", err)
	}
	return nil
}

// insertUser stores a row directly: the demo's and the tests' stand-in for
// sign-up, whose own Collect and Store checks are outside this example.
func insertUser(ctx context.Context, db *sql.DB, id subject.ID, u User) error {
	_, err := db.ExecContext(ctx, `INSERT INTO users (id, nickname, avatar, email, phone) VALUES (?, ?, ?, ?, ?)`,
		id.String(), u.Nickname, u.Avatar, u.Email, u.Phone)
	if err != nil {
		return fmt.Errorf("users: inserting a row: %w", err)
	}
	return nil
}
