package subject_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/lawfulgo/lawful/subject"
)

// Under PIPL a person is 14 only from the day after the 14th birthday;
// under the GDPR rule, from the birthday itself.
func ExampleAge() {
	birth := subject.Date{Year: 2010, Month: time.June, Day: 15}
	for _, on := range []subject.Date{
		{Year: 2024, Month: time.June, Day: 14},
		{Year: 2024, Month: time.June, Day: 15}, // the 14th birthday
		{Year: 2024, Month: time.June, Day: 16},
	} {
		fmt.Printf("%s  PIPL %d  GDPR %d\n", on,
			subject.Age(birth, on, subject.DayAfterBirthday),
			subject.Age(birth, on, subject.OnBirthday))
	}
	// Output:
	// 2024-06-14  PIPL 13  GDPR 13
	// 2024-06-15  PIPL 13  GDPR 14
	// 2024-06-16  PIPL 14  GDPR 14
}

// Ages are read on the civil date in the policy's zone: at 20:00 UTC on the
// 14th birthday it is already the next day in China, so under PIPL the
// child has just become a minor, while the same rule read in UTC says the
// birthday is not over yet.
func ExampleAgePolicy_BandAt() {
	birth := subject.Date{Year: 2010, Month: time.June, Day: 15}
	at := time.Date(2024, time.June, 15, 20, 0, 0, 0, time.UTC)

	pipl := subject.PIPLAges()
	inUTC := pipl
	inUTC.Location = time.UTC
	fmt.Println("PIPL, China:", pipl.BandAt(birth, at), "guardian:", pipl.NeedsGuardian(birth, at))
	fmt.Println("PIPL, UTC:  ", inUTC.BandAt(birth, at), "guardian:", inUTC.NeedsGuardian(birth, at))

	// A service whose policy asks guardian consent for every minor (seeds 000, 001, 003).
	service := subject.PIPLAges()
	service.GuardianAge = 18
	fmt.Println("service:    ", service.BandAt(birth, at), "guardian:", service.NeedsGuardian(birth, at))

	// Unknown birth date: fail closed unless the service presumes capacity.
	fmt.Println("unknown:    ", pipl.BandAt(subject.Date{}, at), "guardian:", pipl.NeedsGuardian(subject.Date{}, at))
	// Output:
	// PIPL, China: minor guardian: false
	// PIPL, UTC:   child guardian: true
	// service:     minor guardian: true
	// unknown:     child guardian: true
}

// Reaches answers "from when?": the start of the civil day on which the
// age is reached, here for a 29 February birth in a common year.
func ExampleAgePolicy_Reaches() {
	birth := subject.Date{Year: 2008, Month: time.February, Day: 29}
	fmt.Println("PIPL:", subject.PIPLAges().Reaches(birth, 14))
	fmt.Println("GDPR:", subject.GDPRAges().Reaches(birth, 14))
	// Output:
	// PIPL: 2022-03-01 00:00:00 +0800 CST
	// GDPR: 2022-02-28 00:00:00 +0000 UTC
}

// NewID takes the clock and the entropy source as arguments, so a test
// gets the same ID on every run.
func ExampleNewID() {
	now := time.Date(2024, time.June, 15, 12, 0, 0, 0, time.UTC)
	zeros := zeroReader{}
	id, err := subject.NewID(now, zeros)
	if err != nil {
		panic(err)
	}
	fmt.Println(id)
	// Output: 01901bc4-ca00-7000-8000-000000000000
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// Validate reports every problem at once; each matches ErrInvalidSubject
// and, where it is about an ID or a date, a more specific sentinel.
func ExampleSubject_Validate() {
	s := subject.Subject{
		ID:           subject.MustParseID("0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b"),
		Birth:        subject.Date{Year: 2030, Month: time.January, Day: 1},
		Jurisdiction: "China",
	}
	err := s.Validate(time.Date(2025, time.June, 1, 0, 0, 0, 0, time.UTC))
	fmt.Println(err)
	fmt.Println(errors.Is(err, subject.ErrInvalidSubject), errors.Is(err, subject.ErrInvalidDate))
	// Output:
	// subject: birth date is after today (2025-06-01 in UTC+14)
	// subject: jurisdiction "China" is not an ISO 3166-1 alpha-2 code (two upper-case letters) or empty
	// subject: status Status(0) is not one of active, frozen, closed, deceased
	// true true
}

func ExampleMemDirectory() {
	now := time.Date(2025, time.June, 1, 0, 0, 0, 0, time.UTC)
	child := subject.Subject{
		ID:           subject.MustParseID("0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b"),
		Birth:        subject.Date{Year: 2015, Month: time.March, Day: 10},
		Jurisdiction: "CN",
		Status:       subject.Active,
		Links: []subject.Link{{
			ID:       subject.MustParseID("0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2c"),
			Relation: subject.Parent,
			Verified: subject.Verification{Method: subject.IDCheck, At: now},
		}},
	}
	var dir subject.MemDirectory // the zero value is ready to use
	if err := dir.Put(child, now); err != nil {
		panic(err)
	}
	s, err := dir.Lookup(context.Background(), child.ID)
	if err != nil {
		panic(err)
	}
	parent, ok := s.Guardian(child.Links[0].ID)
	fmt.Println(subject.PIPLAges().BandAt(s.Birth, now), ok, parent.Relation, parent.Verified.Verified())

	_, err = dir.Lookup(context.Background(), subject.MustParseID("0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2d"))
	fmt.Println(errors.Is(err, subject.ErrNotFound))
	// Output:
	// child true parent true
	// true
}
