package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
	"github.com/lawfulgo/lawful/transfer"
)

// TransferStore is a Store's record of exports abroad: a transfer.Store.
// Get it from (*Store).Transfers and pass it as transfer.Config.Store.
// It is safe for concurrent use by many goroutines and processes.
//
// Each export is a row of lawful_transfer_exports, indexed by its time
// for Summary (a GROUP BY). A PIPL export that counts towards the year's
// thresholds (Cross-border Data Flow Provisions art. 8) also adds its
// subject to lawful_transfer_people, keyed by (year, kind, subject), with
// INSERT ... ON CONFLICT DO NOTHING in the same transaction, so Count is
// two index counts and two key lookups however many exports a year holds.
// Times outside the years 1900 to 2261, and text that is not UTF-8 or
// holds NUL bytes, are refused and nothing is written.
type TransferStore struct {
	s *Store
}

var _ transfer.Store = (*TransferStore)(nil)

// Transfers returns the Store's export records.
func (s *Store) Transfers() *TransferStore { return &TransferStore{s: s} }

// kinds of lawful_transfer_people rows.
const (
	peopleGeneral   = 1
	peopleSensitive = 2
)

// begin checks ctx and the schema before a method acts.
func (r *TransferStore) begin(ctx context.Context, method string) error {
	if err := ctxErr(ctx); err != nil {
		return fmt.Errorf("sqlstore: transfer %s: %w", method, err)
	}
	return r.s.ensure(ctx)
}

// Add implements transfer.Store.
func (r *TransferStore) Add(ctx context.Context, e transfer.Export) error {
	if err := r.begin(ctx, "add"); err != nil {
		return err
	}
	cats, err := catsText(e.Categories)
	errs := []error{err, checkText(string(e.Purpose), "purpose"), checkText(e.Recipient, "recipient"),
		checkText(e.Country, "country"), checkText(e.Ref, "reference")}
	atNS, err := nanos(e.At, "at")
	errs = append(errs, err)
	at := atNS.Int64
	if !atNS.Valid {
		at = zeroTime // the zero At sorts and filters as the earliest time, as in MemStore
	}
	if e.Year < math.MinInt32 || e.Year > math.MaxInt32 {
		errs = append(errs, fmt.Errorf("year %d out of range", e.Year))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("sqlstore: transfer add: the export cannot be stored: %w; nothing was written", err)
	}
	err = r.s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, r.s.q.addExport, int64(e.Law), e.Subject[:], string(e.Purpose), e.Recipient, e.Country,
			cats, e.General, e.Sensitive, int64(e.Mechanism), e.Counted, e.Ref, at, int64(e.Year)); err != nil {
			return err
		}
		if e.Law != pii.PIPL || !e.Counted {
			return nil
		}
		for _, k := range []struct {
			set  bool
			kind int64
		}{{e.General, peopleGeneral}, {e.Sensitive, peopleSensitive}} {
			if !k.set {
				continue
			}
			if _, err := tx.ExecContext(ctx, r.s.q.countPerson, int64(e.Year), k.kind, e.Subject[:]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("sqlstore: transfer add: %w", err)
	}
	return nil
}

// Count implements transfer.Store, in one statement so the counts and the
// subject's presence come from one snapshot.
func (r *TransferStore) Count(ctx context.Context, year int, s subject.ID) (transfer.Volume, error) {
	if err := r.begin(ctx, "count"); err != nil {
		return transfer.Volume{}, err
	}
	var v transfer.Volume
	var sg, ss int64
	y := int64(year)
	err := r.s.db.QueryRowContext(ctx, r.s.q.countPeople, y, peopleGeneral, y, peopleSensitive,
		y, peopleGeneral, s[:], y, peopleSensitive, s[:]).Scan(&v.General, &v.Sensitive, &sg, &ss)
	if err != nil {
		return transfer.Volume{}, fmt.Errorf("sqlstore: transfer count: %w", err)
	}
	v.SubjectGeneral, v.SubjectSensitive = sg > 0, ss > 0
	return v, nil
}

// Summary implements transfer.Store. The lines are sorted here, in Go's
// byte order, not by the database's collation.
func (r *TransferStore) Summary(ctx context.Context, from, to time.Time) ([]transfer.Line, error) {
	if err := r.begin(ctx, "summary"); err != nil {
		return nil, err
	}
	lo, hi := clampNanos(from), clampNanos(to)
	if from.IsZero() {
		lo = zeroTime
	}
	if to.IsZero() {
		hi = zeroTime
	}
	rows, err := r.s.db.QueryContext(ctx, r.s.q.exportSummary, lo, hi)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: transfer summary: %w", err)
	}
	defer rows.Close()
	out := []transfer.Line{}
	for rows.Next() {
		var l transfer.Line
		var law, mech int64
		if err := rows.Scan(&law, &l.Recipient, &l.Country, &mech, &l.Exports, &l.People); err != nil {
			return nil, fmt.Errorf("sqlstore: transfer summary: %w", err)
		}
		if law < 0 || law > math.MaxUint8 || mech < 0 || mech > math.MaxUint8 {
			return nil, fmt.Errorf("%w: lawful_transfer_exports holds law %d or mechanism %d out of range", ErrCorruptRow, law, mech)
		}
		l.Law, l.Mechanism = pii.Law(law), purpose.Mechanism(mech)
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: transfer summary: %w", err)
	}
	slices.SortFunc(out, func(a, b transfer.Line) int {
		switch {
		case a.Law != b.Law:
			return int(a.Law) - int(b.Law)
		case a.Recipient != b.Recipient:
			return compareStrings(a.Recipient, b.Recipient)
		case a.Country != b.Country:
			return compareStrings(a.Country, b.Country)
		}
		return int(a.Mechanism) - int(b.Mechanism)
	})
	return out, nil
}

func compareStrings(a, b string) int {
	if a < b {
		return -1
	}
	return 1
}

// transferDDL returns migration 8 with the types of a dialect.
func transferDDL(bytes, serial, small, big, boolean string) []string {
	return []string{
		`CREATE TABLE lawful_transfer_exports (
			pos ` + serial + `,
			law ` + small + ` NOT NULL,
			subject ` + bytes + ` NOT NULL,
			purpose TEXT NOT NULL,
			recipient TEXT NOT NULL,
			country TEXT NOT NULL,
			categories TEXT NOT NULL,
			general ` + boolean + ` NOT NULL,
			sensitive ` + boolean + ` NOT NULL,
			mechanism ` + small + ` NOT NULL,
			counted ` + boolean + ` NOT NULL,
			ref TEXT NOT NULL,
			at_ns ` + big + ` NOT NULL,
			year ` + big + ` NOT NULL
		)`,
		`CREATE INDEX lawful_transfer_exports_at ON lawful_transfer_exports (at_ns)`,
		`CREATE TABLE lawful_transfer_people (
			year ` + big + ` NOT NULL,
			kind ` + small + ` NOT NULL,
			subject ` + bytes + ` NOT NULL,
			PRIMARY KEY (year, kind, subject)
		)`,
	}
}

// transferQueries sets the statements of TransferStore.
func (q *queries) transferQueries() {
	q.addExport = q.bind(`INSERT INTO lawful_transfer_exports (law, subject, purpose, recipient, country, categories,
		general, sensitive, mechanism, counted, ref, at_ns, year) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	q.countPerson = q.bind(`INSERT INTO lawful_transfer_people (year, kind, subject) VALUES (?, ?, ?)
		ON CONFLICT (year, kind, subject) DO NOTHING`)
	q.countPeople = q.bind(`SELECT
		(SELECT COUNT(*) FROM lawful_transfer_people WHERE year = ? AND kind = ?),
		(SELECT COUNT(*) FROM lawful_transfer_people WHERE year = ? AND kind = ?),
		(SELECT COUNT(*) FROM lawful_transfer_people WHERE year = ? AND kind = ? AND subject = ?),
		(SELECT COUNT(*) FROM lawful_transfer_people WHERE year = ? AND kind = ? AND subject = ?)`)
	q.exportSummary = q.bind(`SELECT law, recipient, country, mechanism, COUNT(*), COUNT(DISTINCT subject)
		FROM lawful_transfer_exports WHERE at_ns >= ? AND at_ns < ?
		GROUP BY law, recipient, country, mechanism`)
}
