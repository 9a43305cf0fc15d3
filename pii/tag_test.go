package pii_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/lawfulgo/lawful/pii"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type address struct {
	Line string `pii:"contact.address"`
}

type device struct {
	IMEI string `pii:"device.id.imei"`
	Note string
}

type user struct {
	ID       string `pii:"account.id"`
	Phone    string `pii:"contact.phone"`
	Password string `pii:"credential.password"`
	Internal string `pii:"-"`
	Created  int64
	Home     address  `pii:"contact.address"` // tagged struct: a leaf, not descended
	Devices  []device // descended through the slice
	Backup   *device  // descended through the pointer
	Labels   map[string]address
	Friends  []*user // recursive: adds no fields, its categories are counted already
	hidden   string  `pii:"account.nickname"` //lint:ignore U1000 an unexported field, which SchemaOf must skip
}

func TestSchemaOf(t *testing.T) {
	s, err := pii.SchemaFor[user]()
	require.NoError(t, err)
	assert.Equal(t, reflect.TypeFor[user](), s.Type())
	assert.Equal(t, "account.id,account.nickname,contact.address,contact.phone,credential.password,device.id.imei", s.Categories().String())
	var paths []string
	for _, f := range s.Fields() {
		paths = append(paths, f.Path+"="+f.Category.String())
	}
	assert.Equal(t, []string{
		"ID=account.id",
		"Phone=contact.phone",
		"Password=credential.password",
		"Home=contact.address",
		"Devices[].IMEI=device.id.imei",
		"Backup.IMEI=device.id.imei",
		"Labels[].Line=contact.address",
		"hidden=account.nickname",
	}, paths)

	ps, err := pii.SchemaOf(reflect.TypeFor[*user]())
	require.NoError(t, err)
	assert.Equal(t, s.Categories(), ps.Categories(), "a pointer type has its element's schema")

	cats, err := pii.CategoriesOf[user]()
	require.NoError(t, err)
	assert.Equal(t, s.Categories(), cats)
}

type badTags struct {
	Phone string `pii:"contact.phon"`
	Bio   string `pii:"biometric"`
	Inner struct {
		X string `pii:"Bad Key"`
	}
}

func TestSchemaOfRejectsBadTagsWithFieldPaths(t *testing.T) {
	_, err := pii.SchemaFor[badTags]()
	require.Error(t, err)
	assert.ErrorIs(t, err, pii.ErrUnknownCategory)
	assert.ErrorIs(t, err, pii.ErrNotLeaf)
	msg := err.Error()
	assert.Contains(t, msg, `field Phone: tag "contact.phon": unknown category "contact.phon"; did you mean "contact.phone"?`)
	assert.Contains(t, msg, `field Bio: tag "biometric"`)
	assert.Contains(t, msg, `field Inner.X: tag "Bad Key"`)
	var te *pii.TagError
	require.True(t, errors.As(err, &te))
	assert.Equal(t, "Phone", te.Path)

	_, err2 := pii.SchemaFor[badTags]()
	assert.Equal(t, err, err2, "errors are cached per type too")

	_, err = pii.CategoriesOf[badTags]()
	assert.Error(t, err)
}

func TestSchemaOfNonStruct(t *testing.T) {
	_, err := pii.SchemaFor[int]()
	assert.ErrorContains(t, err, "want a struct type")
	_, err = pii.SchemaOf(nil)
	assert.Error(t, err)
}

func TestSchemaLookupDoesNotAllocate(t *testing.T) {
	if _, err := pii.SchemaFor[user](); err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(100, func() {
		s, _ := pii.SchemaFor[user]()
		_ = s.Categories()
	})
	assert.Zero(t, allocs)
}

// TestSchemaOfCollections: a repository method returning many rows has the
// schema of its row type (issue 20: Do[[]User] failed).
func TestSchemaOfCollections(t *testing.T) {
	want, err := pii.CategoriesOf[user]()
	if err != nil {
		t.Fatal(err)
	}
	for name, got := range map[string]func() (pii.Set, error){
		"slice":            pii.CategoriesOf[[]user],
		"slice_of_pointer": pii.CategoriesOf[[]*user],
		"map":              pii.CategoriesOf[map[string]user],
		"array":            pii.CategoriesOf[[3]user],
		"pointer_to_slice": pii.CategoriesOf[*[]user],
	} {
		s, err := got()
		if err != nil || s != want {
			t.Errorf("%s: %v, %v; want %v", name, s, err, want)
		}
	}
	if _, err := pii.CategoriesOf[[]string](); err == nil {
		t.Error("a slice of strings has no schema")
	}
}
