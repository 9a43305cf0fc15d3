package bench

// Outcome is the floor's answer with the rule's reason, for TestShape and for
// printing disagreements. Allow outcomes come first.
type Outcome uint8

// Outcomes, one per step of BENCH.md's rule.
const (
	AllowConsent Outcome = iota
	AllowContract
	AllowLegalObligation
	AllowEmergency
	DenyUnknownPurpose
	DenyOperation
	DenyCategory
	DenyUnknownSubject
	DenyNoConsent
	DenyNotYetGranted
	DenyWithdrawn
	DenyExpired
	DenyStaleVersion
	DenyNotSeparate
	DenyNoGuardian
	NumOutcomes
)

var outcomeNames = [NumOutcomes]string{
	"allow: consent",
	"allow: exempt (contract)",
	"allow: exempt (legal obligation)",
	"allow: exempt (emergency)",
	"deny: unknown purpose",
	"deny: operation not declared",
	"deny: category not declared",
	"deny: unknown subject",
	"deny: no consent for purpose",
	"deny: consent not yet granted",
	"deny: consent withdrawn",
	"deny: consent expired",
	"deny: consent under stale policy version",
	"deny: sensitive data without separate consent",
	"deny: under 14 without guardian consent",
}

func (o Outcome) String() string { return outcomeNames[o] }

// Allowed reports whether o is an allow.
func (o Outcome) Allowed() bool { return o <= AllowEmergency }

// floorRecord is a consent record packed for the floor: flags bit 0 is
// "separate", bit 1 "guardian", bit 2 "current version".
type floorRecord struct {
	granted, withdrawn, expires int64 // 0 = never for withdrawn/expires
	purpose                     uint8
	flags                       uint8
}

const (
	flagSeparate = 1 << iota
	flagGuardian
	flagCurrent
)

type floorPurpose struct {
	ops    uint8
	exempt bool
	allow  Outcome // the exempt allow outcome
	cats   CategorySet
}

type floorSubject struct {
	turns14    int64
	start, end int32 // range in Floor.records
}

// Floor is the hand-written checker: a map from subject ID to a dense index,
// a map from purpose ID to the purpose's bitsets, and each subject's consent
// records stored contiguously with the current-version test precomputed.
// Check makes no allocations.
type Floor struct {
	purposes   map[string]uint8
	purposeTab []floorPurpose
	subjects   map[string]int32
	subjectTab []floorSubject
	records    []floorRecord
}

// NewFloor builds the floor for the workload's subjects.
func NewFloor(subjects []Subject) *Floor {
	f := &Floor{
		purposes:   make(map[string]uint8, len(Purposes)),
		purposeTab: make([]floorPurpose, len(Purposes)),
		subjects:   make(map[string]int32, len(subjects)),
		subjectTab: make([]floorSubject, len(subjects)),
	}
	for i := range Purposes {
		p := &Purposes[i]
		f.purposes[p.ID] = uint8(i)
		fp := floorPurpose{ops: p.OpMask, cats: p.CatMask, exempt: p.Exempt()}
		switch p.Basis {
		case Contract:
			fp.allow = AllowContract
		case LegalObligation:
			fp.allow = AllowLegalObligation
		case Emergency:
			fp.allow = AllowEmergency
		}
		f.purposeTab[i] = fp
	}
	n := 0
	for i := range subjects {
		n += len(subjects[i].Records)
	}
	f.records = make([]floorRecord, 0, n)
	for i := range subjects {
		s := &subjects[i]
		f.subjects[s.ID] = int32(i)
		start := int32(len(f.records))
		for _, r := range s.Records {
			fr := floorRecord{granted: r.Granted, withdrawn: r.Withdrawn, expires: r.Expires, purpose: uint8(r.Purpose)}
			if r.Separate {
				fr.flags |= flagSeparate
			}
			if r.Guardian {
				fr.flags |= flagGuardian
			}
			if r.Version == Purposes[r.Purpose].Current {
				fr.flags |= flagCurrent
			}
			f.records = append(f.records, fr)
		}
		f.subjectTab[i] = floorSubject{turns14: s.Turns14, start: start, end: int32(len(f.records))}
	}
	return f
}

// Allow reports whether the rule allows q.
func (f *Floor) Allow(q *Request) bool { return f.Check(q).Allowed() }

// Check applies BENCH.md's rule in its order and returns the outcome; for a
// consent-based deny, the furthest step any record for the purpose reached.
func (f *Floor) Check(q *Request) Outcome {
	pi, ok := f.purposes[q.Purpose]
	if !ok {
		return DenyUnknownPurpose
	}
	p := &f.purposeTab[pi]
	if p.ops&(1<<q.Operation) == 0 {
		return DenyOperation
	}
	if q.Categories&^p.cats != 0 {
		return DenyCategory
	}
	si, ok := f.subjects[q.Subject]
	if !ok {
		return DenyUnknownSubject
	}
	if p.exempt {
		return p.allow
	}
	s := &f.subjectTab[si]
	t := q.At
	var need uint8 = flagCurrent
	if q.Categories&SensitiveMask != 0 {
		need |= flagSeparate
	}
	if t < s.turns14 {
		need |= flagGuardian
	}
	best := DenyNoConsent
	for _, r := range f.records[s.start:s.end] {
		if r.purpose != pi {
			continue
		}
		reached := DenyNotYetGranted
		switch {
		case r.granted > t:
		case r.withdrawn != 0 && t >= r.withdrawn:
			reached = DenyWithdrawn
		case r.expires != 0 && t >= r.expires:
			reached = DenyExpired
		case r.flags&flagCurrent == 0:
			reached = DenyStaleVersion
		case need&flagSeparate != 0 && r.flags&flagSeparate == 0:
			reached = DenyNotSeparate
		case need&flagGuardian != 0 && r.flags&flagGuardian == 0:
			reached = DenyNoGuardian
		default:
			return AllowConsent
		}
		if reached > best {
			best = reached
		}
	}
	return best
}
