package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/lawfulgo/lawful/internal/enum"
	"github.com/lawfulgo/lawful/internal/rule"
	"github.com/lawfulgo/lawful/internal/strictjson"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/retention"
	"github.com/lawfulgo/lawful/subject"
)

// RetentionStore is a Store's retention.Store: timers, trigger events,
// legal holds, proofs of erasure and disclosure records. Get it from
// (*Store).Retention and pass it as retention.Config.Store. It is safe for
// concurrent use by many goroutines and processes.
//
// Every field is a column: times as int64 nanoseconds since the Unix
// epoch (NULL for the zero time), category sets as their text keys, IDs
// and keys as bytes (so they sort byte by byte, as Go compares strings,
// in every database). Times outside the years 1678 to 2261, and text
// that is not UTF-8 or holds NUL bytes, are refused with an error
// matching retention.ErrInvalidItem (ErrInvalidEvent for trigger events
// and disclosures, ErrInvalidHold for holds); times come back in UTC.
//
// SaveTimers is one transaction, and an erased timer is never updated
// again (the upsert's WHERE clause). Complete marks the timer erased and
// stores the proof in one transaction; when sweepers on several instances
// race, one Complete reports true and the others false, so an item keeps
// one proof.
type RetentionStore struct {
	s *Store
}

var _ retention.Store = (*RetentionStore)(nil)

// Retention returns the Store's retention store.
func (s *Store) Retention() *RetentionStore { return &RetentionStore{s: s} }

const (
	timerCols = "id, subject, purpose, categories, item_key, collected_ns, rules, due_ns, cause, restricted_from_ns, minimum_cites, action, not_before_ns, held_by, attempts, last_error, erased_ns"
	proofCols = "timer_id, subject, purpose, categories, key_digest, rules, cause, action, due_ns, erased_ns, attempts, digest, key_shredded"
	holdCols  = "id, reason, subject, categories, note, from_ns, until_ns, released_ns"
)

// begin checks ctx and the schema before a method acts.
func (r *RetentionStore) begin(ctx context.Context) error {
	if err := ctxErr(ctx); err != nil {
		return fmt.Errorf("sqlstore: retention: %w", err)
	}
	return r.s.ensure(ctx)
}

// SaveTimers implements retention.Store.
func (r *RetentionStore) SaveTimers(ctx context.Context, timers ...retention.Timer) error {
	if err := r.begin(ctx); err != nil {
		return err
	}
	rows := make([][]any, len(timers))
	for i := range timers {
		args, err := timerArgs(&timers[i])
		if err != nil {
			return rule.New(retention.ErrInvalidItem, fmt.Sprintf("sqlstore: timer %d of %d: %v; nothing was saved", i+1, len(timers), err))
		}
		rows[i] = args
	}
	if len(rows) == 0 {
		return nil
	}
	err := r.s.inTx(ctx, func(tx *sql.Tx) error {
		for _, args := range rows {
			if _, err := tx.ExecContext(ctx, r.s.q.upsertTimer, args...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("sqlstore: saving %d timers: %w", len(rows), err)
	}
	return nil
}

func timerArgs(t *retention.Timer) ([]any, error) {
	if t.ID == "" {
		return nil, errors.New("the timer has no ID (use retention.TimerIDOf)")
	}
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
	cats, err := catsText(t.Categories)
	if err != nil {
		errs = append(errs, err)
	}
	rules, err := rulesText(t.Rules)
	if err != nil {
		errs = append(errs, err)
	}
	args := []any{
		[]byte(t.ID), t.Subject[:], text(string(t.Purpose), "purpose"), cats, []byte(t.Key),
		ns(nanos(t.Collected, "collected")), rules, ns(nanos(t.Due, "due")), int64(t.Cause),
		ns(nanos(t.RestrictedFrom, "restricted from")), text(t.MinimumCites, "minimum citation"),
		int64(t.Action), ns(nanos(t.NotBefore, "not before")), []byte(t.HeldBy), int64(t.Attempts),
		[]byte(t.LastError), ns(nanos(t.Erased, "erased")),
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("timer %s: %w", t.ID, errors.Join(errs...))
	}
	return args, nil
}

type scanner interface{ Scan(dest ...any) error }

func scanTimer(sc scanner) (retention.Timer, error) {
	var (
		t                                      retention.Timer
		id, subj, key, heldBy, lastErr         []byte
		purp, cats, rules, cites               string
		collected, due, restricted, nb, erased sql.NullInt64
		cause, action, attempts                int64
	)
	if err := sc.Scan(&id, &subj, &purp, &cats, &key, &collected, &rules, &due, &cause, &restricted, &cites, &action, &nb, &heldBy, &attempts, &lastErr, &erased); err != nil {
		return t, err
	}
	var err error
	t.ID, t.Key, t.HeldBy, t.LastError = retention.TimerID(id), string(key), string(heldBy), string(lastErr)
	t.Purpose, t.MinimumCites = purpose.ID(purp), cites
	t.Collected, t.Due, t.RestrictedFrom, t.NotBefore, t.Erased = fromNanos(collected), fromNanos(due), fromNanos(restricted), fromNanos(nb), fromNanos(erased)
	t.Subject, err = subjectOf(subj)
	errs := []error{err}
	t.Categories, err = parseCats(cats)
	errs = append(errs, err)
	t.Rules, err = parseRules(rules)
	errs = append(errs, err)
	t.Cause, t.Action = retention.Trigger(cause), retention.Action(action)
	if cause < 0 || cause > math.MaxUint8 || action < 0 || action > math.MaxUint8 || attempts < 0 || attempts > math.MaxInt32 {
		errs = append(errs, fmt.Errorf("cause %d, action %d or attempts %d out of range", cause, action, attempts))
	}
	t.Attempts = int(attempts)
	if err := errors.Join(errs...); err != nil {
		return t, fmt.Errorf("%w: lawful_retention_timers row %q: %w", ErrCorruptRow, id, err)
	}
	return t, nil
}

// Timer implements retention.Store.
func (r *RetentionStore) Timer(ctx context.Context, id retention.TimerID) (retention.Timer, error) {
	if err := r.begin(ctx); err != nil {
		return retention.Timer{}, err
	}
	t, err := scanTimer(r.s.db.QueryRowContext(ctx, r.s.q.getTimer, []byte(id)))
	if errors.Is(err, sql.ErrNoRows) {
		return retention.Timer{}, rule.New(retention.ErrNotFound, fmt.Sprintf("retention: no timer %s", id))
	}
	if err != nil {
		return retention.Timer{}, fmt.Errorf("sqlstore: reading timer %s: %w", id, err)
	}
	return t, nil
}

// timers runs a query for timers and returns them in order; nil for none.
func (r *RetentionStore) timers(ctx context.Context, what, query string, args ...any) ([]retention.Timer, error) {
	rows, err := r.s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: reading %s: %w", what, err)
	}
	defer rows.Close()
	var out []retention.Timer
	for rows.Next() {
		t, err := scanTimer(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: reading %s: %w", what, err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: reading %s: %w", what, err)
	}
	return out, nil
}

// SubjectTimers implements retention.Store.
func (r *RetentionStore) SubjectTimers(ctx context.Context, s subject.ID) ([]retention.Timer, error) {
	if err := r.begin(ctx); err != nil {
		return nil, err
	}
	return r.timers(ctx, "a subject's timers", r.s.q.subjTimers, s[:])
}

// Due implements retention.Store. A negative limit means no limit.
func (r *RetentionStore) Due(ctx context.Context, at time.Time, limit int) ([]retention.Timer, error) {
	if err := r.begin(ctx); err != nil {
		return nil, err
	}
	if limit == 0 {
		return nil, nil
	}
	n := clampNanos(at)
	q := r.s.q.bind(`SELECT ` + timerCols + ` FROM lawful_retention_timers
		WHERE erased_ns IS NULL AND due_ns IS NOT NULL AND due_ns <= ?
			AND (not_before_ns IS NULL OR not_before_ns <= ?)
		ORDER BY due_ns, id` + limitClause(limit))
	return r.timers(ctx, "due timers", q, n, n)
}

// Pending implements retention.Store. A negative limit means no limit.
func (r *RetentionStore) Pending(ctx context.Context, after retention.TimerID, limit int) ([]retention.Timer, error) {
	if err := r.begin(ctx); err != nil {
		return nil, err
	}
	if limit == 0 {
		return nil, nil
	}
	q := r.s.q.bind(`SELECT ` + timerCols + ` FROM lawful_retention_timers
		WHERE erased_ns IS NULL AND id > ? ORDER BY id` + limitClause(limit))
	return r.timers(ctx, "pending timers", q, []byte(after))
}

// errErased: Complete found the timer already erased.
var errErased = errors.New("already erased")

// Complete implements retention.Store.
func (r *RetentionStore) Complete(ctx context.Context, p retention.Proof) (bool, error) {
	if err := r.begin(ctx); err != nil {
		return false, err
	}
	if p.Erased.IsZero() {
		return false, rule.New(retention.ErrInvalidItem, "sqlstore: a proof needs the time of erasure")
	}
	erased, err := nanos(p.Erased, "erased")
	if err != nil {
		return false, rule.New(retention.ErrInvalidItem, fmt.Sprintf("sqlstore: proof for timer %s: %v", p.Timer, err))
	}
	args, err := proofArgs(&p)
	if err != nil {
		return false, rule.New(retention.ErrInvalidItem, fmt.Sprintf("sqlstore: proof for timer %s: %v", p.Timer, err))
	}
	err = r.s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, r.s.q.completeT, erased, []byte(p.Timer))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			var exists int
			if err := tx.QueryRowContext(ctx, r.s.q.timerExists, []byte(p.Timer)).Scan(&exists); err != nil {
				return err
			}
			if exists == 0 {
				return rule.New(retention.ErrNotFound, fmt.Sprintf("retention: no timer %s", p.Timer))
			}
			return errErased
		}
		_, err = tx.ExecContext(ctx, r.s.q.addProof, args...)
		return err
	})
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, errErased):
		return false, nil
	case errors.Is(err, retention.ErrNotFound):
		return false, err
	}
	return false, fmt.Errorf("sqlstore: completing timer %s: %w", p.Timer, err)
}

func proofArgs(p *retention.Proof) ([]any, error) {
	var errs []error
	text := func(v, field string) string {
		if err := checkText(v, field); err != nil {
			errs = append(errs, err)
		}
		return v
	}
	cats, err := catsText(p.Categories)
	errs = append(errs, err)
	rules, err := rulesText(p.Rules)
	errs = append(errs, err)
	due, err := nanos(p.Due, "due")
	errs = append(errs, err)
	erased, err := nanos(p.Erased, "erased")
	errs = append(errs, err)
	args := []any{
		[]byte(p.Timer), p.Subject[:], text(string(p.Purpose), "purpose"), cats, text(p.KeyDigest, "key digest"),
		rules, int64(p.Cause), int64(p.Action), due, erased, int64(p.Attempts), text(p.Digest, "digest"), boolInt(p.KeyShredded),
	}
	return args, errors.Join(errs...)
}

// Proofs implements retention.Store.
func (r *RetentionStore) Proofs(ctx context.Context, s subject.ID) ([]retention.Proof, error) {
	if err := r.begin(ctx); err != nil {
		return nil, err
	}
	rows, err := r.s.db.QueryContext(ctx, r.s.q.getProofs, s[:])
	if err != nil {
		return nil, fmt.Errorf("sqlstore: reading proofs: %w", err)
	}
	defer rows.Close()
	var out []retention.Proof
	for rows.Next() {
		var (
			p                       retention.Proof
			tid, subj               []byte
			purp, cats, rules       string
			cause, action, attempts int64
			shredded                int64
			due, erased             sql.NullInt64
		)
		if err := rows.Scan(&tid, &subj, &purp, &cats, &p.KeyDigest, &rules, &cause, &action, &due, &erased, &attempts, &p.Digest, &shredded); err != nil {
			return nil, fmt.Errorf("sqlstore: reading proofs: %w", err)
		}
		p.Timer, p.Purpose, p.Due, p.Erased = retention.TimerID(tid), purpose.ID(purp), fromNanos(due), fromNanos(erased)
		p.Cause, p.Action, p.Attempts = retention.Trigger(cause), retention.Action(action), int(attempts)
		var errs [3]error
		p.Subject, errs[0] = subjectOf(subj)
		p.Categories, errs[1] = parseCats(cats)
		p.Rules, errs[2] = parseRules(rules)
		p.KeyShredded = shredded == 1
		if cause < 0 || cause > math.MaxUint8 || action < 0 || action > math.MaxUint8 || attempts < 0 || attempts > math.MaxInt32 || shredded>>1 != 0 {
			errs[2] = errors.Join(errs[2], fmt.Errorf("cause %d, action %d, attempts %d or key_shredded %d out of range", cause, action, attempts, shredded))
		}
		if err := errors.Join(errs[:]...); err != nil {
			return nil, fmt.Errorf("%w: lawful_retention_proofs row for timer %q: %w", ErrCorruptRow, tid, err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: reading proofs: %w", err)
	}
	return out, nil
}

// AddEvent implements retention.Store.
func (r *RetentionStore) AddEvent(ctx context.Context, e retention.Event) error {
	if err := r.begin(ctx); err != nil {
		return err
	}
	cats, err1 := catsText(e.Categories)
	at, err2 := nanos(e.At, "time")
	if err := errors.Join(err1, err2, checkText(string(e.Purpose), "purpose")); err != nil {
		return rule.New(retention.ErrInvalidEvent, fmt.Sprintf("sqlstore: %v event: %v", e.Kind, err))
	}
	if _, err := r.s.db.ExecContext(ctx, r.s.q.addEvent, int64(e.Kind), e.Subject[:], string(e.Purpose), cats, []byte(e.Key), at); err != nil {
		return fmt.Errorf("sqlstore: adding %v event: %w", e.Kind, err)
	}
	return nil
}

// Events implements retention.Store.
func (r *RetentionStore) Events(ctx context.Context, s subject.ID) ([]retention.Event, error) {
	if err := r.begin(ctx); err != nil {
		return nil, err
	}
	rows, err := r.s.db.QueryContext(ctx, r.s.q.getEvents, s[:], int64(retention.ServiceTerminated))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: reading trigger events: %w", err)
	}
	defer rows.Close()
	var out []retention.Event
	for rows.Next() {
		var (
			e          retention.Event
			kind       int64
			subj, key  []byte
			purp, cats string
			at         sql.NullInt64
		)
		if err := rows.Scan(&kind, &subj, &purp, &cats, &key, &at); err != nil {
			return nil, fmt.Errorf("sqlstore: reading trigger events: %w", err)
		}
		e.Kind, e.Purpose, e.Key, e.At = retention.Trigger(kind), purpose.ID(purp), string(key), fromNanos(at)
		var err1, err2 error
		e.Subject, err1 = subjectOf(subj)
		e.Categories, err2 = parseCats(cats)
		if kind < 0 || kind > math.MaxUint8 {
			err2 = errors.Join(err2, fmt.Errorf("kind %d out of range", kind))
		}
		if err := errors.Join(err1, err2); err != nil {
			return nil, fmt.Errorf("%w: lawful_retention_events row: %w", ErrCorruptRow, err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: reading trigger events: %w", err)
	}
	return out, nil
}

// AddDisclosure implements retention.Store.
func (r *RetentionStore) AddDisclosure(ctx context.Context, d retention.Disclosure) error {
	if err := r.begin(ctx); err != nil {
		return err
	}
	cats, err1 := catsText(d.Categories)
	at, err2 := nanos(d.At, "time")
	if err := errors.Join(err1, err2, checkText(string(d.Purpose), "purpose"), checkText(d.Recipient, "recipient")); err != nil {
		return rule.New(retention.ErrInvalidEvent, fmt.Sprintf("sqlstore: disclosure: %v", err))
	}
	if _, err := r.s.db.ExecContext(ctx, r.s.q.addDisclose, d.Subject[:], string(d.Purpose), cats, int64(d.Operation), d.Recipient, at); err != nil {
		return fmt.Errorf("sqlstore: adding disclosure: %w", err)
	}
	return nil
}

// Disclosures implements retention.Store.
func (r *RetentionStore) Disclosures(ctx context.Context, s subject.ID) ([]retention.Disclosure, error) {
	if err := r.begin(ctx); err != nil {
		return nil, err
	}
	rows, err := r.s.db.QueryContext(ctx, r.s.q.getDisclosed, s[:])
	if err != nil {
		return nil, fmt.Errorf("sqlstore: reading disclosures: %w", err)
	}
	defer rows.Close()
	var out []retention.Disclosure
	for rows.Next() {
		var (
			d          retention.Disclosure
			subj       []byte
			purp, cats string
			op         int64
			at         sql.NullInt64
		)
		if err := rows.Scan(&subj, &purp, &cats, &op, &d.Recipient, &at); err != nil {
			return nil, fmt.Errorf("sqlstore: reading disclosures: %w", err)
		}
		d.Purpose, d.Operation, d.At = purpose.ID(purp), purpose.Operation(op), fromNanos(at)
		var err1, err2 error
		d.Subject, err1 = subjectOf(subj)
		d.Categories, err2 = parseCats(cats)
		if op < 0 || op > math.MaxUint8 {
			err2 = errors.Join(err2, fmt.Errorf("operation %d out of range", op))
		}
		if err := errors.Join(err1, err2); err != nil {
			return nil, fmt.Errorf("%w: lawful_retention_disclosures row: %w", ErrCorruptRow, err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: reading disclosures: %w", err)
	}
	return out, nil
}

// SaveHold implements retention.Store.
func (r *RetentionStore) SaveHold(ctx context.Context, h retention.Hold) error {
	if err := r.begin(ctx); err != nil {
		return err
	}
	if h.ID == "" {
		return rule.New(retention.ErrInvalidHold, "sqlstore: a hold has no ID; give it one, e.g. a case number")
	}
	cats, err1 := catsText(h.Categories)
	from, err2 := nanos(h.From, "start")
	until, err3 := nanos(h.Until, "end")
	released, err4 := nanos(h.Released, "release")
	if err := errors.Join(err1, err2, err3, err4, checkText(h.Note, "note")); err != nil {
		return rule.New(retention.ErrInvalidHold, fmt.Sprintf("sqlstore: hold %q: %v", h.ID, err))
	}
	err := r.s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, r.s.q.upsertHold, []byte(h.ID), int64(h.Reason), h.Subject[:], cats, h.Note, from, until, released)
		return err
	})
	if err != nil {
		return fmt.Errorf("sqlstore: saving hold %q: %w", h.ID, err)
	}
	return nil
}

// Holds implements retention.Store.
func (r *RetentionStore) Holds(ctx context.Context) ([]retention.Hold, error) {
	if err := r.begin(ctx); err != nil {
		return nil, err
	}
	rows, err := r.s.db.QueryContext(ctx, r.s.q.getHolds)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: reading holds: %w", err)
	}
	defer rows.Close()
	out := []retention.Hold{}
	for rows.Next() {
		var (
			h                     retention.Hold
			id, subj              []byte
			reason                int64
			cats                  string
			from, until, released sql.NullInt64
		)
		if err := rows.Scan(&id, &reason, &subj, &cats, &h.Note, &from, &until, &released); err != nil {
			return nil, fmt.Errorf("sqlstore: reading holds: %w", err)
		}
		h.ID, h.Reason = string(id), retention.HoldReason(reason)
		h.From, h.Until, h.Released = fromNanos(from), fromNanos(until), fromNanos(released)
		var err1, err2 error
		h.Subject, err1 = subjectOf(subj)
		h.Categories, err2 = parseCats(cats)
		if reason < 0 || reason > math.MaxUint8 {
			err2 = errors.Join(err2, fmt.Errorf("reason %d out of range", reason))
		}
		if err := errors.Join(err1, err2); err != nil {
			return nil, fmt.Errorf("%w: lawful_retention_holds row %q: %w", ErrCorruptRow, id, err)
		}
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: reading holds: %w", err)
	}
	return out, nil
}

// subjectOf decodes a subject column.
func subjectOf(b []byte) (subject.ID, error) {
	if len(b) != len(subject.ID{}) {
		return subject.ID{}, fmt.Errorf("subject of %d bytes, want 16", len(b))
	}
	return subject.ID(b), nil
}

// catsText encodes a category set as its text keys.
func catsText(s pii.Set) (string, error) {
	b, err := s.MarshalText()
	if err != nil {
		return "", fmt.Errorf("categories: %w", err)
	}
	return string(b), nil
}

func parseCats(text string) (pii.Set, error) {
	var s pii.Set
	if err := s.UnmarshalText([]byte(text)); err != nil {
		return pii.Set{}, fmt.Errorf("categories %q: %w", text, err)
	}
	return s, nil
}

// rulesText encodes rule IDs as a JSON array.
func rulesText(rules []string) (string, error) {
	for _, r := range rules {
		if err := checkText(r, "rule ID"); err != nil {
			return "", err
		}
	}
	if rules == nil {
		rules = []string{}
	}
	b, err := json.Marshal(rules)
	return string(b), err
}

// parseRules decodes rule IDs stored by rulesText, refusing with an error
// that quotes at most the start of text: anything but a JSON array of
// strings, a repeated key, trailing data, more than a policy's worth of
// IDs (purpose.MaxPolicySize bytes, purpose.MaxPolicyElements IDs).
func parseRules(text string) ([]string, error) {
	limits := strictjson.Limits{MaxSize: purpose.MaxPolicySize, SizeName: "purpose.MaxPolicySize", MaxDepth: 1, MaxElements: purpose.MaxPolicyElements}
	var rules []string
	if err := strictjson.Decode([]byte(text), &rules, limits); err != nil {
		return nil, fmt.Errorf("rules %s: %w", enum.Quote(text), err)
	}
	if len(rules) == 0 {
		return nil, nil
	}
	return rules, nil
}
