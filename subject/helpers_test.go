package subject_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/lawfulgo/lawful/subject"
)

// date builds a Date literal, failing the test if it is not a calendar day.
func date(t testing.TB, y int, m time.Month, d int) subject.Date {
	t.Helper()
	v, err := subject.NewDate(y, m, d)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// d is a Date literal for tables; it is not validated.
func d(y int, m time.Month, day int) subject.Date { return subject.Date{Year: y, Month: m, Day: day} }

// cst is China Standard Time, UTC+8, the zone PIPLAges reads dates in.
var cst = subject.PIPLAges().Location

// noon returns 12:00 of day in loc: safely inside the civil day.
func noon(day subject.Date, loc *time.Location) time.Time {
	return day.Start(loc).Add(12 * time.Hour)
}

// constReader returns an endless stream of one byte value.
type constReader byte

func (c constReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(c)
	}
	return len(p), nil
}

// seq returns a reader over the given bytes, then io.EOF.
func seq(b ...byte) *bytes.Reader { return bytes.NewReader(b) }

var (
	idA = subject.MustParseID("0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b")
	idB = subject.MustParseID("0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2c")
	idC = subject.MustParseID("0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2d")
	idD = subject.MustParseID("0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2e")
)

// t0 is the instant the subject tests validate at: 2025-06-01 12:00 UTC.
var t0 = time.Date(2025, time.June, 1, 12, 0, 0, 0, time.UTC)

// validSubject returns a valid child with a verified parent and a declared
// guardian.
func validSubject() subject.Subject {
	return subject.Subject{
		ID:           idA,
		Birth:        d(2015, time.March, 10),
		Jurisdiction: "CN",
		Status:       subject.Active,
		Links: []subject.Link{
			{ID: idB, Relation: subject.Parent, Verified: subject.Verification{Method: subject.Document, At: t0.Add(-time.Hour)}},
			{ID: idC, Relation: subject.Guardian},
			{ID: idD, Relation: subject.Grandparent, Verified: subject.Verification{Method: subject.Declared, At: t0.Add(-time.Hour)}},
		},
	}
}
