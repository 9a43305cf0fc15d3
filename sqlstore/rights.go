package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/internal/rule"
	"github.com/lawfulgo/lawful/internal/strictjson"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/rights"
	"github.com/lawfulgo/lawful/subject"
)

// RightsStore is a Store's rights-request desk: a rights.Store. Get it
// from (*Store).Rights and pass it as rights.Config.Store. It is safe for
// concurrent use by many goroutines and processes.
//
// Each request is a row of lawful_rights_requests keyed by its ID, with
// the columns the queries need (subject, receipt time, state, version) and
// the rest of the request, history included, as a JSON document whose
// enumerations are numbers and whose times are int64 nanoseconds since
// the Unix epoch, so times keep their nanoseconds; they come back in UTC.
// Times outside the years 1900 to 2261, and text that is not UTF-8 or
// holds NUL bytes, are refused with an error matching
// rights.ErrInvalidRequest, and nothing is written.
//
// Update is one statement that replaces the row only if it holds the
// version before r's (UPDATE ... WHERE version = ?), so of several
// instances updating a request from the same version exactly one wins and
// the others' errors match rights.ErrConflict. Open reads a partial index
// of the open requests.
type RightsStore struct {
	s *Store
}

var _ rights.Store = (*RightsStore)(nil)

// Rights returns the Store's rights requests.
func (s *Store) Rights() *RightsStore { return &RightsStore{s: s} }

const rightsCols = "id, subject, received_ns, state, version, body"

// begin checks ctx and the schema before a method acts.
func (r *RightsStore) begin(ctx context.Context, method string) error {
	if err := ctxErr(ctx); err != nil {
		return fmt.Errorf("sqlstore: rights %s: %w", method, err)
	}
	return r.s.ensure(ctx)
}

// Create implements rights.Store.
func (r *RightsStore) Create(ctx context.Context, req rights.Request) error {
	if err := r.begin(ctx, "create"); err != nil {
		return err
	}
	args, err := requestArgs(&req)
	if err != nil {
		return err
	}
	_, err = r.s.db.ExecContext(ctx, r.s.q.createRequest, args...)
	switch {
	case classify(err) == classUnique:
		return rule.New(rights.ErrConflict, fmt.Sprintf("sqlstore: rights create: request %v already exists; nothing was written", req.ID))
	case err != nil:
		return fmt.Errorf("sqlstore: rights create: request %v: %w", req.ID, err)
	}
	return nil
}

// Get implements rights.Store.
func (r *RightsStore) Get(ctx context.Context, id uuid.UUID) (rights.Request, error) {
	if err := r.begin(ctx, "get"); err != nil {
		return rights.Request{}, err
	}
	req, err := scanRequest(r.s.db.QueryRowContext(ctx, r.s.q.getRequest, id[:]))
	if errors.Is(err, sql.ErrNoRows) {
		return rights.Request{}, rule.New(rights.ErrNotFound, fmt.Sprintf("rights: no request %v", id))
	}
	if err != nil {
		return rights.Request{}, fmt.Errorf("sqlstore: rights get: %w", err)
	}
	return req, nil
}

// Update implements rights.Store.
func (r *RightsStore) Update(ctx context.Context, req rights.Request) error {
	if err := r.begin(ctx, "update"); err != nil {
		return err
	}
	args, err := requestArgs(&req)
	if err != nil {
		return err
	}
	if req.Version == 0 {
		return r.missed(ctx, req, "version 0 follows no stored version")
	}
	// SET subject, received_ns, state, version, body WHERE id AND version.
	res, err := r.s.db.ExecContext(ctx, r.s.q.updateRequest, args[1], args[2], args[3], args[4], args[5], args[0], int64(req.Version-1))
	if err != nil {
		return fmt.Errorf("sqlstore: rights update: request %v: %w", req.ID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("sqlstore: rights update: request %v: %w", req.ID, err)
	}
	if n == 0 {
		return r.missed(ctx, req, fmt.Sprintf("the update expects version %d", req.Version-1))
	}
	return nil
}

// missed tells an unknown request (ErrNotFound) from one at another
// version (ErrConflict) after an update changed nothing.
func (r *RightsStore) missed(ctx context.Context, req rights.Request, why string) error {
	var v int64
	err := r.s.db.QueryRowContext(ctx, r.s.q.requestVersion, req.ID[:]).Scan(&v)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return rule.New(rights.ErrNotFound, fmt.Sprintf("rights: no request %v", req.ID))
	case err != nil:
		return fmt.Errorf("sqlstore: rights update: request %v: %w", req.ID, err)
	}
	return rule.New(rights.ErrConflict, fmt.Sprintf("rights: store: request %v is at version %d, %s; reload and retry", req.ID, v, why))
}

// BySubject implements rights.Store.
func (r *RightsStore) BySubject(ctx context.Context, s subject.ID) ([]rights.Request, error) {
	if err := r.begin(ctx, "by subject"); err != nil {
		return nil, err
	}
	return r.requests(ctx, "by subject", r.s.q.subjectRequests, s[:])
}

// Open implements rights.Store, in the order received (then by ID).
func (r *RightsStore) Open(ctx context.Context) ([]rights.Request, error) {
	if err := r.begin(ctx, "open"); err != nil {
		return nil, err
	}
	return r.requests(ctx, "open", r.s.q.openRequests)
}

// requests runs a query for requests; nil for none.
func (r *RightsStore) requests(ctx context.Context, method, query string, args ...any) ([]rights.Request, error) {
	rows, err := r.s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: rights %s: %w", method, err)
	}
	defer rows.Close()
	var out []rights.Request
	for rows.Next() {
		req, err := scanRequest(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: rights %s: %w", method, err)
		}
		out = append(out, req)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: rights %s: %w", method, err)
	}
	return out, nil
}

// requestBody is the JSON document of a request's row: every field but
// those with columns of their own, enumerations as numbers, times as
// nanoseconds (absent for the zero time).
type requestBody struct {
	Kind        uint8            `json:"kind"`
	Requester   uuid.UUID        `json:"requester"`
	Capacity    uint8            `json:"capacity"`
	Purposes    []purpose.ID     `json:"purposes,omitempty"`
	Categories  string           `json:"categories"`
	Interest    string           `json:"interest,omitempty"`
	Arranged    bool             `json:"arranged_otherwise,omitempty"`
	Verified    *int64           `json:"verified_ns,omitempty"`
	Closed      *int64           `json:"closed_ns,omitempty"`
	Minor       bool             `json:"minor,omitempty"`
	Repeated    bool             `json:"repeated,omitempty"`
	Recent      int              `json:"recent,omitempty"`
	Term        termBody         `json:"term"`
	Clock       *int64           `json:"clock_ns,omitempty"`
	Due         *int64           `json:"due_ns,omitempty"`
	OriginalDue *int64           `json:"original_due_ns,omitempty"`
	Refusal     refusalBody      `json:"refusal"`
	Fee         feeBody          `json:"fee"`
	History     []transitionBody `json:"history,omitempty"`
}

type termBody struct {
	N     int    `json:"n"`
	Unit  uint8  `json:"unit"`
	From  uint8  `json:"from"`
	Cites string `json:"cites,omitempty"`
}

type refusalBody struct {
	Ground  uint8  `json:"ground"`
	Reasons string `json:"reasons,omitempty"`
	Written bool   `json:"written,omitempty"`
}

type feeBody struct {
	Amount   int64  `json:"amount"`
	Currency string `json:"currency,omitempty"`
	Basis    string `json:"basis,omitempty"`
}

type transitionBody struct {
	Action uint8  `json:"action"`
	From   uint8  `json:"from"`
	To     uint8  `json:"to"`
	At     *int64 `json:"at_ns,omitempty"`
	Actor  string `json:"actor,omitempty"`
	Proof  uint8  `json:"proof,omitempty"`
	Ground uint8  `json:"ground,omitempty"`
	Note   string `json:"note,omitempty"`
}

// zeroTime is the nanosecond column value of the zero time where the
// column cannot be NULL (it is sorted or compared): below every time a row
// can hold, so it sorts first, as the zero time does.
const zeroTime = math.MinInt64

// requestArgs returns the column values of req in rightsCols order, or an
// error matching rights.ErrInvalidRequest listing what a row cannot hold.
func requestArgs(req *rights.Request) ([]any, error) {
	var errs []error
	text := func(v, field string) string {
		if err := checkText(v, field); err != nil {
			errs = append(errs, err)
		}
		return v
	}
	ns := func(t time.Time, name string) *int64 {
		n, err := nanos(t, name)
		if err != nil {
			errs = append(errs, err)
		}
		if !n.Valid {
			return nil
		}
		return &n.Int64
	}
	b := requestBody{Kind: uint8(req.Kind), Requester: uuid.UUID(req.Requester), Capacity: uint8(req.Capacity),
		Interest: text(req.Interest, "interest"), Arranged: req.ArrangedOtherwise,
		Verified: ns(req.Verified, "verified"), Closed: ns(req.Closed, "closed"),
		Minor: req.Minor, Repeated: req.Repeated, Recent: req.Recent,
		Term:  termBody{N: req.Term.N, Unit: uint8(req.Term.Unit), From: uint8(req.Term.From), Cites: text(req.Term.Cites, "term citation")},
		Clock: ns(req.Clock, "clock"), Due: ns(req.Due, "due"),
		OriginalDue: ns(req.OriginalDue, "original due"),
		Refusal:     refusalBody{Ground: uint8(req.Refusal.Ground), Reasons: text(req.Refusal.Reasons, "refusal reasons"), Written: req.Refusal.Written},
		Fee:         feeBody{Amount: req.Fee.Amount, Currency: text(req.Fee.Currency, "fee currency"), Basis: text(req.Fee.Basis, "fee basis")},
	}
	for _, p := range req.Purposes {
		b.Purposes = append(b.Purposes, purpose.ID(text(string(p), "purpose")))
	}
	cats, err := catsText(req.Categories)
	if err != nil {
		errs = append(errs, err)
	}
	b.Categories = cats
	for i := range req.History {
		h := &req.History[i]
		b.History = append(b.History, transitionBody{Action: uint8(h.Action), From: uint8(h.From), To: uint8(h.To),
			At: ns(h.At, fmt.Sprintf("history[%d] at", i)), Actor: text(h.Actor, "actor"),
			Proof: uint8(h.Proof), Ground: uint8(h.Ground), Note: text(h.Note, "note")})
	}
	received, err := nanos(req.Received, "received")
	if err != nil {
		errs = append(errs, err)
	}
	if !received.Valid {
		received.Int64 = zeroTime
	}
	if req.Version > math.MaxInt64 {
		errs = append(errs, fmt.Errorf("version %d is beyond 2^63-1", req.Version))
	}
	if len(errs) > 0 {
		return nil, rule.New(rights.ErrInvalidRequest, fmt.Sprintf("sqlstore: request %v cannot be stored: %v; nothing was written", req.ID, errors.Join(errs...)))
	}
	body, err := json.Marshal(&b)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: encoding request %v: %w", req.ID, err)
	}
	return []any{req.ID[:], req.Subject[:], received.Int64, int64(req.State), int64(req.Version), string(body)}, nil
}

// scanRequest reads a row of rightsCols. A row that does not decode is an
// error matching ErrCorruptRow naming the request.
func scanRequest(sc scanner) (rights.Request, error) {
	var (
		id, subj             []byte
		received, state, ver int64
		body                 string
	)
	if err := sc.Scan(&id, &subj, &received, &state, &ver, &body); err != nil {
		return rights.Request{}, err
	}
	if len(id) != len(uuid.UUID{}) {
		return rights.Request{}, fmt.Errorf("%w: lawful_rights_requests holds an ID of %d bytes", ErrCorruptRow, len(id))
	}
	req, err := decodeRequest(subj, received, state, ver, body)
	if err != nil {
		return rights.Request{}, fmt.Errorf("%w: lawful_rights_requests row %v: %w", ErrCorruptRow, uuid.UUID(id), err)
	}
	req.ID = uuid.UUID(id)
	return req, nil
}

func decodeRequest(subj []byte, received, state, ver int64, body string) (rights.Request, error) {
	var b requestBody
	if err := strictjson.Decode([]byte(body), &b, strictjson.Limits{}); err != nil {
		return rights.Request{}, err
	}
	var req rights.Request
	var err error
	if req.Subject, err = subjectOf(subj); err != nil {
		return req, err
	}
	if req.Categories, err = parseCats(b.Categories); err != nil {
		return req, err
	}
	if state < 0 || state > math.MaxUint8 || ver < 0 {
		return req, fmt.Errorf("state %d or version %d out of range", state, ver)
	}
	if received != zeroTime {
		req.Received = fromNanos(sql.NullInt64{Int64: received, Valid: true})
	}
	req.State, req.Version = rights.State(state), uint64(ver)
	req.Kind, req.Requester, req.Capacity = rights.Kind(b.Kind), subject.ID(b.Requester), rights.Capacity(b.Capacity)
	req.Interest, req.ArrangedOtherwise = b.Interest, b.Arranged
	if len(b.Purposes) > 0 {
		req.Purposes = b.Purposes
	}
	req.Verified, req.Closed = fromPtr(b.Verified), fromPtr(b.Closed)
	req.Minor, req.Repeated, req.Recent = b.Minor, b.Repeated, b.Recent
	req.Term = rights.Term{N: b.Term.N, Unit: rights.Unit(b.Term.Unit), From: rights.From(b.Term.From), Cites: b.Term.Cites}
	req.Clock, req.Due, req.OriginalDue = fromPtr(b.Clock), fromPtr(b.Due), fromPtr(b.OriginalDue)
	req.Refusal = rights.Refusal{Ground: rights.Ground(b.Refusal.Ground), Reasons: b.Refusal.Reasons, Written: b.Refusal.Written}
	req.Fee = rights.Fee{Amount: b.Fee.Amount, Currency: b.Fee.Currency, Basis: b.Fee.Basis}
	for _, h := range b.History {
		req.History = append(req.History, rights.Transition{Action: rights.Action(h.Action), From: rights.State(h.From), To: rights.State(h.To),
			At: fromPtr(h.At), Actor: h.Actor, Proof: rights.IDProof(h.Proof), Ground: rights.Ground(h.Ground), Note: h.Note})
	}
	return req, nil
}

// fromPtr is fromNanos of an optional JSON number.
func fromPtr(n *int64) time.Time {
	if n == nil {
		return time.Time{}
	}
	return fromNanos(sql.NullInt64{Int64: *n, Valid: true})
}
