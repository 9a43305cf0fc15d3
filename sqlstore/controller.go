package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/controller"
	"github.com/lawfulgo/lawful/internal/rule"
)

// AuditStore is a Store's record of compliance audits: a
// controller.AuditStore. Get it from (*Store).Audits and pass it to
// controller.NewAudits. It is safe for concurrent use by many goroutines
// and processes.
//
// Each audit is a row of lawful_controller_audits keyed by its ID and
// indexed by completion, every field a column, times as int64
// nanoseconds (they come back in UTC). An ID already stored is refused by
// the primary key with an error matching controller.ErrInvalid; so are
// times outside the years 1900 to 2261 and text that is not UTF-8 or
// holds NUL bytes, and nothing is written.
type AuditStore struct {
	s *Store
}

var _ controller.AuditStore = (*AuditStore)(nil)

// Audits returns the Store's compliance-audit records.
func (s *Store) Audits() *AuditStore { return &AuditStore{s: s} }

const auditCols = "id, auditor, external, ordered, order_ref, scope, findings, remediation, started_ns, completed_ns"

// begin checks ctx and the schema before a method acts.
func (r *AuditStore) begin(ctx context.Context, method string) error {
	if err := ctxErr(ctx); err != nil {
		return fmt.Errorf("sqlstore: audit %s: %w", method, err)
	}
	return r.s.ensure(ctx)
}

// Add implements controller.AuditStore.
func (r *AuditStore) Add(ctx context.Context, a controller.Audit) error {
	if err := r.begin(ctx, "add"); err != nil {
		return err
	}
	started, err := nanos(a.Started, "started")
	errs := []error{err, checkText(a.Auditor, "auditor"), checkText(a.OrderRef, "order reference"),
		checkText(a.Scope, "scope"), checkText(a.Findings, "findings"), checkText(a.Remediation, "remediation")}
	completed, err := nanos(a.Completed, "completed")
	errs = append(errs, err)
	if !completed.Valid {
		completed.Int64 = zeroTime
	}
	if err := errors.Join(errs...); err != nil {
		return rule.New(controller.ErrInvalid, fmt.Sprintf("sqlstore: audit %v cannot be stored: %v; nothing was written", a.ID, err))
	}
	_, err = r.s.db.ExecContext(ctx, r.s.q.addAudit, a.ID[:], a.Auditor, boolInt(a.External), boolInt(a.Ordered), a.OrderRef,
		a.Scope, a.Findings, a.Remediation, started, completed.Int64)
	switch {
	case classify(err) == classUnique:
		return rule.New(controller.ErrInvalid, fmt.Sprintf("controller: audit %v is already stored", a.ID))
	case err != nil:
		return fmt.Errorf("sqlstore: audit add %v: %w", a.ID, err)
	}
	return nil
}

// List implements controller.AuditStore.
func (r *AuditStore) List(ctx context.Context, before time.Time, limit int) ([]controller.Audit, error) {
	if err := r.begin(ctx, "list"); err != nil {
		return nil, err
	}
	if limit < 1 || limit > controller.MaxList {
		return nil, fmt.Errorf("sqlstore: audit list: limit %d, want 1 to %d (controller.MaxList)", limit, controller.MaxList)
	}
	bound := int64(math.MaxInt64)
	if !before.IsZero() {
		bound = clampNanos(before)
	}
	rows, err := r.s.db.QueryContext(ctx, r.s.q.listAudits, bound, limit)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: audit list: %w", err)
	}
	defer rows.Close()
	var out []controller.Audit
	for rows.Next() {
		var (
			a                            controller.Audit
			id                           []byte
			external, ordered, completed int64
			started                      sql.NullInt64
		)
		if err := rows.Scan(&id, &a.Auditor, &external, &ordered, &a.OrderRef, &a.Scope, &a.Findings, &a.Remediation, &started, &completed); err != nil {
			return nil, fmt.Errorf("sqlstore: audit list: %w", err)
		}
		if len(id) != len(a.ID) {
			return nil, fmt.Errorf("%w: lawful_controller_audits holds an ID of %d bytes", ErrCorruptRow, len(id))
		}
		a.ID, a.External, a.Ordered = uuid.UUID(id), external != 0, ordered != 0
		a.Started = fromNanos(started)
		if completed != zeroTime {
			a.Completed = fromNanos(sql.NullInt64{Int64: completed, Valid: true})
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: audit list: %w", err)
	}
	return out, nil
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
