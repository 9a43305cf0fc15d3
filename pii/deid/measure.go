package deid

import (
	"cmp"
	"context"
	"encoding/binary"
	"slices"
	"strconv"
	"strings"
)

// Limits of a measured table. A table past them is refused with
// ErrInvalidTable rather than measured in unbounded memory.
const (
	// MaxColumns is the most columns a table may have.
	MaxColumns = 256
	// MaxCellBytes is the longest quasi-identifier or sensitive cell, in
	// bytes: a longer one is free text, not a generalised value.
	MaxCellBytes = 1024
	// DefaultMaxClasses is the most equivalence classes a Measurer keeps
	// when Spec.MaxClasses is 0.
	DefaultMaxClasses = 1 << 20
	// MaxTrackedL is how many distinct values of one sensitive column a
	// class remembers; a class with more reports MaxTrackedL, which is
	// above any sensible l threshold.
	MaxTrackedL = 64
)

// Table is a table of records: a header naming the columns and rows of
// cells, each row as long as the header. Cells are compared byte for byte:
// generalise and normalise them (see Region, AgeBand, IPPrefix) before
// measuring.
type Table struct {
	Columns []string
	Rows    [][]string
}

// Spec chooses the columns to measure. Quasi-identifiers are the columns
// that, combined, could single a person out (age band, region, postcode,
// sex: GB/T 35273-2020 §3.13 and §3.14, GDPR recital 26's "means
// reasonably likely to be used"); sensitive columns are those whose values
// a class must not give away (a diagnosis, a salary band). A column cannot
// be both.
type Spec struct {
	QuasiIdentifiers []string // at least one
	Sensitive        []string // may be empty: then l is not measured
	// MaxClasses caps the equivalence classes kept in memory; 0 means
	// DefaultMaxClasses. A table with more is refused: so many classes
	// mean the quasi-identifiers are barely generalised.
	MaxClasses int
}

// Thresholds are what a table must reach: every equivalence class at
// least K rows (k-anonymity, Sweeney 2002) and, in every class, at least L
// distinct values of each sensitive column (distinct l-diversity,
// Machanavajjhala et al. 2007). K 0 or 1 and L 0 or 1 require nothing.
//
// They are library and caller decisions: neither PIPL, GB/T 35273 nor the
// GDPR gives a number, and reaching them does not by itself make data
// de-identified or anonymised (PIPL art. 73(3)-(4); GDPR recital 26 and
// art. 4(5)), which depend on the other information and means at hand.
type Thresholds struct {
	K int
	L int
}

// Class is one equivalence class: the rows sharing the same
// quasi-identifier values.
type Class struct {
	// Values are the quasi-identifier values, in Spec.QuasiIdentifiers
	// order. They are the caller's data: do not log them.
	Values []string
	Size   int // rows in the class
	// L holds, for each sensitive column in Spec order, the number of
	// distinct values in the class, at most MaxTrackedL.
	L []int
}

// MinL returns the smallest entry of c.L, or 0 when no sensitive column
// was measured.
func (c Class) MinL() int {
	if len(c.L) == 0 {
		return 0
	}
	return slices.Min(c.L)
}

// Report is what Measure found.
type Report struct {
	Rows       int        // rows measured
	Thresholds Thresholds // the thresholds BelowK and BelowL count against
	// K is the size of the smallest class: the table is k-anonymous for
	// every k up to K.
	K int
	// L is the smallest distinct l-diversity over every class and
	// sensitive column; 0 when no sensitive column was chosen.
	L int
	// BelowK counts the classes under Thresholds.K, RowsBelowK their rows
	// (what suppressing them would cost); BelowL counts the classes under
	// Thresholds.L.
	BelowK, RowsBelowK, BelowL int
	// Classes are every class, smallest first, ties in order of their
	// values; Classes[0] is the smallest.
	Classes []Class
}

// Meets reports whether r reaches its thresholds.
func (r Report) Meets() bool { return r.BelowK == 0 && r.BelowL == 0 }

// Measurer measures a table streamed one row at a time, in memory
// proportional to its equivalence classes, not its rows: at most
// Spec.MaxClasses classes, each holding its quasi-identifier values and up
// to MaxTrackedL distinct values per sensitive column, every cell at most
// MaxCellBytes. The zero value is not usable: call NewMeasurer. A
// Measurer is not safe for concurrent use.
type Measurer struct {
	width      int
	qi, sens   []int
	maxClasses int
	rows       int
	classes    map[string]*classState
	key        []byte
}

type classState struct {
	values []string
	size   int
	seen   [][]string // per sensitive column, distinct values up to MaxTrackedL
}

// NewMeasurer returns a Measurer for rows with the given columns. It fails
// with ErrInvalidTable when the columns are empty, more than MaxColumns,
// unnamed or repeated, or when s names an unknown column, names one twice,
// names one both quasi-identifier and sensitive, or names no
// quasi-identifier.
func NewMeasurer(columns []string, s Spec) (*Measurer, error) {
	const op = "deid.NewMeasurer"
	switch {
	case len(columns) == 0:
		return nil, tableErr(op, -1, -1, "the table has no columns; name them in Table.Columns")
	case len(columns) > MaxColumns:
		return nil, tableErr(op, -1, -1, "the table has %d columns, more than MaxColumns (%d); keep only the quasi-identifier and sensitive columns", len(columns), MaxColumns)
	case len(s.QuasiIdentifiers) == 0:
		return nil, tableErr(op, -1, -1, "no quasi-identifier column chosen; list them in Spec.QuasiIdentifiers")
	case s.MaxClasses < 0:
		return nil, tableErr(op, -1, -1, "Spec.MaxClasses is negative; use 0 for DefaultMaxClasses")
	}
	index := make(map[string]int, len(columns))
	for i, c := range columns {
		if c == "" {
			return nil, tableErr(op, -1, i, "the column has no name; name every column")
		}
		if _, dup := index[c]; dup {
			return nil, tableErr(op, -1, i, "column %q is named twice; name each column once", c)
		}
		index[c] = i
	}
	used := make(map[string]string, len(s.QuasiIdentifiers)+len(s.Sensitive))
	pick := func(names []string, role string) ([]int, error) {
		out := make([]int, len(names))
		for i, n := range names {
			col, ok := index[n]
			if !ok {
				return nil, tableErr(op, -1, -1, "%s column %q is not in the table; use one of Table.Columns", role, n)
			}
			if prev, dup := used[n]; dup {
				return nil, tableErr(op, -1, col, "column %q is chosen twice (as %s and as %s); a column is either a quasi-identifier or sensitive, once", n, prev, role)
			}
			used[n] = role
			out[i] = col
		}
		return out, nil
	}
	m := &Measurer{width: len(columns), maxClasses: cmp.Or(s.MaxClasses, DefaultMaxClasses), classes: map[string]*classState{}}
	var err error
	if m.qi, err = pick(s.QuasiIdentifiers, "quasi-identifier"); err != nil {
		return nil, err
	}
	if m.sens, err = pick(s.Sensitive, "sensitive"); err != nil {
		return nil, err
	}
	return m, nil
}

// Add counts one row. It fails with ErrInvalidTable, and counts nothing,
// when the row's length is not the number of columns, when a measured
// cell is longer than MaxCellBytes, or when the row would open a class
// past Spec.MaxClasses. Add keeps no reference to row.
func (m *Measurer) Add(row []string) error {
	const op = "deid.Measurer.Add"
	if len(row) != m.width {
		return tableErr(op, m.rows, -1, "the row has %d cells and the table %d columns; every row needs one cell per column", len(row), m.width)
	}
	m.key = m.key[:0]
	for _, c := range m.qi {
		if len(row[c]) > MaxCellBytes {
			return tableErr(op, m.rows, c, "the cell is %d bytes, more than MaxCellBytes (%d); generalise it first", len(row[c]), MaxCellBytes)
		}
		m.key = binary.AppendUvarint(m.key, uint64(len(row[c])))
		m.key = append(m.key, row[c]...)
	}
	for _, c := range m.sens {
		if len(row[c]) > MaxCellBytes {
			return tableErr(op, m.rows, c, "the cell is %d bytes, more than MaxCellBytes (%d); generalise it first", len(row[c]), MaxCellBytes)
		}
	}
	cl, ok := m.classes[string(m.key)]
	if !ok {
		if len(m.classes) >= m.maxClasses {
			return tableErr(op, m.rows, -1, "the row opens class %d, more than the %d allowed; generalise the quasi-identifiers or raise Spec.MaxClasses", len(m.classes)+1, m.maxClasses)
		}
		cl = &classState{values: make([]string, len(m.qi)), seen: make([][]string, len(m.sens))}
		for i, c := range m.qi {
			cl.values[i] = strings.Clone(row[c])
		}
		m.classes[string(m.key)] = cl
	}
	cl.size++
	for i, c := range m.sens {
		if len(cl.seen[i]) < MaxTrackedL && !slices.Contains(cl.seen[i], row[c]) {
			cl.seen[i] = append(cl.seen[i], strings.Clone(row[c]))
		}
	}
	m.rows++
	return nil
}

// Report returns what the rows added so far show, counted against th. It
// fails with ErrInvalidTable when no row was added and with
// ErrInvalidParameter when th is negative or asks for an L without a
// sensitive column to measure it on. The Measurer can go on adding rows.
func (m *Measurer) Report(th Thresholds) (Report, error) {
	const op = "deid.Measurer.Report"
	if err := m.checkThresholds(op, th); err != nil {
		return Report{}, err
	}
	if m.rows == 0 {
		return Report{}, tableErr(op, -1, -1, "the table has no rows; there is nothing to measure")
	}
	r := Report{Rows: m.rows, Thresholds: th, Classes: make([]Class, 0, len(m.classes))}
	for _, cl := range m.classes {
		c := Class{Values: slices.Clone(cl.values), Size: cl.size, L: make([]int, len(cl.seen))}
		for i, s := range cl.seen {
			c.L[i] = len(s)
		}
		if c.Size < th.K {
			r.BelowK++
			r.RowsBelowK += c.Size
		}
		if len(c.L) > 0 && c.MinL() < th.L {
			r.BelowL++
		}
		r.Classes = append(r.Classes, c)
	}
	slices.SortFunc(r.Classes, func(a, b Class) int {
		return cmp.Or(cmp.Compare(a.Size, b.Size), slices.Compare(a.Values, b.Values))
	})
	r.K = r.Classes[0].Size
	if len(m.sens) > 0 {
		r.L = MaxTrackedL
		for _, c := range r.Classes {
			r.L = min(r.L, c.MinL())
		}
	}
	return r, nil
}

func (m *Measurer) checkThresholds(op string, th Thresholds) error {
	switch {
	case th.K < 0 || th.L < 0:
		return invalidParam(op, "thresholds are negative (K "+strconv.Itoa(th.K)+", L "+strconv.Itoa(th.L)+"); use 0 or more")
	case th.L > 1 && len(m.sens) == 0:
		return invalidParam(op, "L "+strconv.Itoa(th.L)+" needs a sensitive column to measure; list one in Spec.Sensitive or set L to 0")
	case th.L > MaxTrackedL:
		return invalidParam(op, "L "+strconv.Itoa(th.L)+" is above MaxTrackedL ("+strconv.Itoa(MaxTrackedL)+"), which no class can report")
	}
	return nil
}

// Measure returns the k-anonymity and distinct l-diversity of t over the
// columns s chooses, with the classes under th counted. It holds t's
// equivalence classes in memory (see Measurer), checks ctx every 4096
// rows, and fails with ErrInvalidTable on an empty table, ragged rows or a
// bad column choice, with ErrInvalidParameter on bad thresholds, or with
// ctx's error. It is safe for concurrent use and does not modify t.
func Measure(ctx context.Context, t Table, s Spec, th Thresholds) (Report, error) {
	m, err := NewMeasurer(t.Columns, s)
	if err != nil {
		return Report{}, err
	}
	if err := m.checkThresholds("deid.Measure", th); err != nil {
		return Report{}, err
	}
	for i, row := range t.Rows {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return Report{}, err
			}
		}
		if err := m.Add(row); err != nil {
			return Report{}, err
		}
	}
	return m.Report(th)
}
