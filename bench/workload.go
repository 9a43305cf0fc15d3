package bench

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"time"
)

// Sizes and constants of BENCH.md's workload.
const (
	NumSubjects = 100_000
	NumRequests = 1_000_000

	Day         int64 = 86400
	WindowStart int64 = 1735689600 // 2025-01-01T00:00:00Z
	WindowEnd   int64 = 1767225600 // 2026-01-01T00:00:00Z

	// Seed of the PCG stream.
	Seed1 uint64 = 0x6c617766756c
	Seed2 uint64 = 2026

	NumCategories = 20
	// SensitiveMask holds the sensitive categories c15…c19.
	SensitiveMask CategorySet = 0x1F << 15
)

// Operation is an operation's bit index, in BENCH.md's order.
type Operation uint8

// The 8 operations, in bit order.
const (
	Collect Operation = iota
	Use
	Store
	Share
	Entrust
	Transfer
	Disclose
	Export
	NumOperations = 8
)

var opNames = [NumOperations]string{"collect", "use", "store", "share", "entrust", "transfer", "disclose", "export"}

func (o Operation) String() string {
	if int(o) < len(opNames) {
		return opNames[o]
	}
	return fmt.Sprintf("op%d", uint8(o))
}

// CategorySet has bit i set for category c<i>.
type CategorySet uint32

// Basis is a purpose's legal basis.
type Basis uint8

// Legal bases in the workload.
const (
	Consent Basis = iota
	Contract
	LegalObligation
	Emergency
)

func (b Basis) String() string {
	return [...]string{"consent", "contract", "legal_obligation", "emergency"}[b]
}

// Purpose is one row of BENCH.md's purpose table.
type Purpose struct {
	ID         string
	Basis      Basis
	Current    int // current policy version
	Operations []Operation
	Categories []int
	OpMask     uint8
	CatMask    CategorySet
}

// Exempt reports whether the purpose's basis needs no consent.
func (p *Purpose) Exempt() bool { return p.Basis != Consent }

func mkPurpose(id string, b Basis, cur int, ops []Operation, cats []int) Purpose {
	p := Purpose{ID: id, Basis: b, Current: cur, Operations: ops, Categories: cats}
	for _, o := range ops {
		p.OpMask |= 1 << o
	}
	for _, c := range cats {
		p.CatMask |= 1 << c
	}
	return p
}

// Purposes is BENCH.md's fixed purpose table, index = position.
var Purposes = [10]Purpose{
	mkPurpose("p0", Contract, 1, []Operation{Collect, Use, Store}, []int{0, 1, 2, 3, 4, 5}),
	mkPurpose("p1", LegalObligation, 1, []Operation{Store, Disclose}, []int{0, 1, 6, 7, 15}),
	mkPurpose("p2", Emergency, 1, []Operation{Use, Share}, []int{0, 2, 16, 17}),
	mkPurpose("p3", Consent, 2, []Operation{Collect, Use, Store}, []int{0, 1, 2, 8, 9, 10}),
	mkPurpose("p4", Consent, 3, []Operation{Collect, Use}, []int{3, 4, 11, 12, 15}),
	mkPurpose("p5", Consent, 2, []Operation{Use, Share, Entrust}, []int{5, 6, 13, 14, 16, 17}),
	mkPurpose("p6", Consent, 4, []Operation{Use, Store}, []int{8, 9, 10, 11, 12, 13, 14}),
	mkPurpose("p7", Consent, 2, []Operation{Collect, Use, Transfer}, []int{0, 2, 4, 6, 18}),
	mkPurpose("p8", Consent, 3, []Operation{Share, Disclose, Export}, []int{1, 3, 5, 7, 19}),
	mkPurpose("p9", Consent, 2, []Operation{Collect, Use, Store, Share}, []int{10, 11, 12, 15, 16, 17, 18, 19}),
}

// allOps and allCats are what an unknown purpose counts as declaring when
// the generator picks operations and categories for it.
var (
	allOps  = []Operation{Collect, Use, Store, Share, Entrust, Transfer, Disclose, Export}
	allCats = []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19}
)

// Kind classifies a subject.
type Kind uint8

// Subject kinds, numbered as in the fingerprint.
const (
	Adult Kind = iota
	ChildWithGuardian
	ChildWithoutGuardian
)

func (k Kind) String() string {
	return [...]string{"adult", "under 14 with guardian consent", "under 14 without"}[k]
}

// Record is one consent record. Zero Withdrawn or Expires means never.
type Record struct {
	Purpose   int // index into Purposes (3…9)
	Version   int
	Granted   int64
	Withdrawn int64
	Expires   int64
	Separate  bool
	Guardian  bool
}

// Subject is one generated data subject.
type Subject struct {
	ID      string
	Kind    Kind
	Birth   time.Time // midnight UTC of the birth date
	Turns14 int64     // Unix seconds of midnight UTC on the 14th birthday
	Records []Record
}

// Request is one generated access request.
type Request struct {
	Subject    string
	Purpose    string
	Operation  Operation
	Categories CategorySet
	At         int64 // Unix seconds, UTC
}

// Workload is the whole generated workload.
type Workload struct {
	Subjects []Subject
	Requests []Request
}

// Turns14 returns midnight UTC of the civil date (birth year + 14, birth
// month, birth day); time.Date normalises 29 February in a common year to
// 1 March, as comparing (month, day) pairs does.
func Turns14(birth time.Time) int64 {
	y, m, d := birth.Date()
	return time.Date(y+14, m, d, 0, 0, 0, 0, time.UTC).Unix()
}

// Generate builds the workload from the seeded PCG stream, exactly as
// BENCH.md specifies. It is deterministic; use Load for the shared copy.
func Generate() *Workload {
	r := rand.New(rand.NewPCG(Seed1, Seed2))
	w := &Workload{Subjects: make([]Subject, NumSubjects), Requests: make([]Request, NumRequests)}

	for i := range w.Subjects {
		s := &w.Subjects[i]
		s.ID = fmt.Sprintf("s%07d", i)
		kind := r.IntN(100)
		switch {
		case kind < 5:
			s.Kind = ChildWithGuardian
		case kind < 7:
			s.Kind = ChildWithoutGuardian
		default:
			s.Kind = Adult
		}
		ageDays := r.Int64N(65 * 365)
		if s.Kind == Adult {
			ageDays += 15 * 365
		} else {
			ageDays = 4*365 + ageDays%(8*365)
		}
		bt := time.Unix(WindowStart-ageDays*Day, 0).UTC()
		s.Birth = time.Date(bt.Year(), bt.Month(), bt.Day(), 0, 0, 0, 0, time.UTC)
		s.Turns14 = Turns14(s.Birth)
		n := r.IntN(5)
		if n > 0 {
			s.Records = make([]Record, n)
		}
		for j := range n {
			rec := &s.Records[j]
			rec.Purpose = 3 + r.IntN(7)
			cur := Purposes[rec.Purpose].Current
			rec.Granted = WindowStart - 365*Day + r.Int64N(365*Day+365*Day-120*Day)
			wd, wdOff := r.IntN(100), r.Int64N(365*Day)
			if wd < 15 {
				rec.Withdrawn = rec.Granted + Day + wdOff
			}
			ex, exOff := r.IntN(100), r.Int64N(700*Day)
			if ex < 25 {
				rec.Expires = rec.Granted + 30*Day + exOff
			}
			st, stOff := r.IntN(100), r.IntN(cur-1)
			rec.Version = cur
			if st < 10 {
				rec.Version = 1 + stOff
			}
			rec.Separate = r.IntN(100) < 75
			rec.Guardian = s.Kind == ChildWithGuardian
		}
	}

	for i := range w.Requests {
		q := &w.Requests[i]
		si, u := r.IntN(NumSubjects), r.IntN(1000)
		var subj *Subject
		if u < 5 {
			q.Subject = fmt.Sprintf("s%07d", NumSubjects+si)
		} else {
			subj = &w.Subjects[si]
			q.Subject = subj.ID
		}

		cls, x := r.IntN(100), r.IntN(840)
		pi := -1 // purpose index, -1 for an unknown purpose
		switch {
		case cls < 40:
			pi = x % 3
		case cls < 90:
			if subj != nil && len(subj.Records) > 0 {
				pi = subj.Records[x%len(subj.Records)].Purpose
			} else {
				pi = 3 + x%7
			}
		case cls < 99:
			pi = 3 + x%7
		default:
			q.Purpose = fmt.Sprintf("p%d", 10+x%5)
		}
		ops, cats := allOps, allCats
		if pi >= 0 {
			q.Purpose = Purposes[pi].ID
			ops, cats = Purposes[pi].Operations, Purposes[pi].Categories
		}

		o, y := r.IntN(100), r.IntN(840)
		if o < 95 {
			q.Operation = ops[y%len(ops)]
		} else {
			q.Operation = Operation(y % 8)
		}

		k, extra, extraCat := 1+r.IntN(4), r.IntN(100), r.IntN(20)
		for j := range 4 {
			d := r.IntN(840)
			if j == k-1 && extra < 6 {
				q.Categories |= 1 << extraCat
			} else if j < k {
				q.Categories |= 1 << cats[d%len(cats)]
			}
		}

		q.At = WindowStart + r.Int64N(WindowEnd-WindowStart)

		b, e, off := r.IntN(100), r.IntN(3), r.IntN(3)-1
		if b < 5 && subj != nil && pi >= 3 {
			for _, rec := range subj.Records {
				if rec.Purpose != pi {
					continue
				}
				if ts := [3]int64{rec.Granted, rec.Withdrawn, rec.Expires}[e]; ts != 0 {
					q.At = ts + int64(off)
				}
				break
			}
		}
	}

	r.Shuffle(len(w.Requests), func(i, j int) {
		w.Requests[i], w.Requests[j] = w.Requests[j], w.Requests[i]
	})
	return w
}

var (
	loadOnce sync.Once
	loaded   *Workload
)

// Load returns the shared workload, generating it on first use. Callers
// must not modify it.
func Load() *Workload {
	loadOnce.Do(func() { loaded = Generate() })
	return loaded
}

// NumRecords counts the consent records of all subjects.
func (w *Workload) NumRecords() int {
	n := 0
	for i := range w.Subjects {
		n += len(w.Subjects[i].Records)
	}
	return n
}
