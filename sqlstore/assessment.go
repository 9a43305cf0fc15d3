package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/assessment"
	"github.com/lawfulgo/lawful/internal/rule"
	"github.com/lawfulgo/lawful/internal/strictjson"
	"github.com/lawfulgo/lawful/purpose"
)

// AssessmentStore is a Store's register of impact assessments: an
// assessment.Store. Get it from (*Store).Assessments and pass it as
// assessment.Config.Store. It is safe for concurrent use by many goroutines and
// processes.
//
// Each assessment is a row of lawful_assessments keyed by its ID, every
// field a column (purposes as a JSON array, times as int64 nanoseconds,
// NULL for the zero time; they come back in UTC). Records are never
// replaced: a Put of a stored ID is refused by the primary key and
// matches assessment.ErrDuplicate. Times outside the years 1900 to 2261,
// and text that is not UTF-8 or holds NUL bytes, are refused with an
// error matching assessment.ErrInvalid, and nothing is written.
type AssessmentStore struct {
	s *Store
}

var _ assessment.Store = (*AssessmentStore)(nil)

// Assessments returns the Store's impact assessments.
func (s *Store) Assessments() *AssessmentStore { return &AssessmentStore{s: s} }

const assessmentCols = "id, processing, purposes, kinds, necessity, risks, measures, conclusion, assessed_ns, review_by_ns, assessor, advice, supersedes, recorded_ns"

// begin checks ctx and the schema before a method acts.
func (r *AssessmentStore) begin(ctx context.Context, method string) error {
	if err := ctxErr(ctx); err != nil {
		return fmt.Errorf("sqlstore: assessment %s: %w", method, err)
	}
	return r.s.ensure(ctx)
}

// Put implements assessment.Store.
func (r *AssessmentStore) Put(ctx context.Context, a assessment.Assessment) error {
	if err := r.begin(ctx, "put"); err != nil {
		return err
	}
	args, err := assessmentArgs(&a)
	if err != nil {
		return err
	}
	_, err = r.s.db.ExecContext(ctx, r.s.q.putAssessment, args...)
	switch {
	case classify(err) == classUnique:
		return rule.New(assessment.ErrDuplicate, fmt.Sprintf("assessment: %v is already stored; supersede it with a new assessment", a.ID))
	case err != nil:
		return fmt.Errorf("sqlstore: assessment put %v: %w", a.ID, err)
	}
	return nil
}

// Get implements assessment.Store.
func (r *AssessmentStore) Get(ctx context.Context, id uuid.UUID) (assessment.Assessment, bool, error) {
	if err := r.begin(ctx, "get"); err != nil {
		return assessment.Assessment{}, false, err
	}
	a, err := scanAssessment(r.s.db.QueryRowContext(ctx, r.s.q.getAssessment, id[:]))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return assessment.Assessment{}, false, nil
	case err != nil:
		return assessment.Assessment{}, false, fmt.Errorf("sqlstore: assessment get: %w", err)
	}
	return a, true, nil
}

// List implements assessment.Store.
func (r *AssessmentStore) List(ctx context.Context, after uuid.UUID, limit int) ([]assessment.Assessment, error) {
	if err := r.begin(ctx, "list"); err != nil {
		return nil, err
	}
	if limit < 1 || limit > assessment.MaxList {
		return nil, fmt.Errorf("sqlstore: assessment list: limit %d, want 1 to %d (assessment.MaxList)", limit, assessment.MaxList)
	}
	rows, err := r.s.db.QueryContext(ctx, r.s.q.listAssessments, after[:], limit)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: assessment list: %w", err)
	}
	defer rows.Close()
	var out []assessment.Assessment
	for rows.Next() {
		a, err := scanAssessment(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: assessment list: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: assessment list: %w", err)
	}
	return out, nil
}

// Delete implements assessment.Store.
func (r *AssessmentStore) Delete(ctx context.Context, id uuid.UUID) error {
	if err := r.begin(ctx, "delete"); err != nil {
		return err
	}
	res, err := r.s.db.ExecContext(ctx, r.s.q.deleteAssessment, id[:])
	if err != nil {
		return fmt.Errorf("sqlstore: assessment delete %v: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		if err != nil {
			return fmt.Errorf("sqlstore: assessment delete %v: %w", id, err)
		}
		return rule.New(assessment.ErrNotFound, fmt.Sprintf("assessment: no assessment %v", id))
	}
	return nil
}

// assessmentArgs returns the column values of a in assessmentCols order,
// or an error matching assessment.ErrInvalid listing what a row cannot
// hold.
func assessmentArgs(a *assessment.Assessment) ([]any, error) {
	var errs []error
	text := func(v, field string) string {
		if err := checkText(v, field); err != nil {
			errs = append(errs, err)
		}
		return v
	}
	ns := func(v sql.NullInt64, err error) sql.NullInt64 {
		if err != nil {
			errs = append(errs, err)
		}
		return v
	}
	for _, p := range a.Purposes {
		text(string(p), "purpose")
	}
	purposes, err := json.Marshal(a.Purposes)
	if err != nil {
		errs = append(errs, err)
	}
	args := []any{a.ID[:], text(a.Processing, "processing"), string(purposes), int64(a.Kinds),
		text(a.Necessity, "necessity"), text(a.Risks, "risks"), text(a.Measures, "measures"), int64(a.Conclusion),
		ns(nanos(a.Assessed, "assessed")), ns(nanos(a.ReviewBy, "review by")), text(a.Assessor, "assessor"),
		text(a.Advice, "advice"), a.Supersedes[:], ns(nanos(a.Recorded, "recorded"))}
	if len(errs) > 0 {
		return nil, rule.New(assessment.ErrInvalid, fmt.Sprintf("sqlstore: assessment %v cannot be stored: %v; nothing was written", a.ID, errors.Join(errs...)))
	}
	return args, nil
}

// scanAssessment reads a row of assessmentCols. A row that does not
// decode is an error matching ErrCorruptRow.
func scanAssessment(sc scanner) (assessment.Assessment, error) {
	var (
		a                                                             assessment.Assessment
		id, supersedes                                                []byte
		processing, purposes, necessity, risks, measures, who, advice string
		kinds, conclusion                                             int64
		assessed, reviewBy, recorded                                  sql.NullInt64
	)
	if err := sc.Scan(&id, &processing, &purposes, &kinds, &necessity, &risks, &measures, &conclusion,
		&assessed, &reviewBy, &who, &advice, &supersedes, &recorded); err != nil {
		return a, err
	}
	var ps []purpose.ID
	err := strictjson.Decode([]byte(purposes), &ps, strictjson.Limits{MaxDepth: 1})
	switch {
	case err != nil:
	case len(id) != len(a.ID) || len(supersedes) != len(a.Supersedes):
		err = fmt.Errorf("ID of %d bytes or supersedes of %d bytes, want 16", len(id), len(supersedes))
	case kinds < 0 || kinds > math.MaxUint16 || conclusion < 0 || conclusion > math.MaxUint8:
		err = fmt.Errorf("kinds %d or conclusion %d out of range", kinds, conclusion)
	}
	if err != nil {
		return a, fmt.Errorf("%w: lawful_assessments row: %w", ErrCorruptRow, err)
	}
	a = assessment.Assessment{ID: uuid.UUID(id), Processing: processing, Kinds: assessment.Kind(kinds),
		Necessity: necessity, Risks: risks, Measures: measures, Conclusion: assessment.Conclusion(conclusion),
		Assessed: fromNanos(assessed), ReviewBy: fromNanos(reviewBy), Assessor: who, Advice: advice,
		Supersedes: uuid.UUID(supersedes), Recorded: fromNanos(recorded)}
	if len(ps) > 0 {
		a.Purposes = ps
	}
	return a, nil
}
