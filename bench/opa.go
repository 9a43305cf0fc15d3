package bench

import (
	"context"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
)

// opaPolicy is BENCH.md's rule in Rego. The purpose table and the subjects
// with their consent records are data in the store; a request is the
// input: {subject, purpose, op, cats: [category index...], at}.
const opaPolicy = `package bench

default allow := false

purpose := data.purposes[input.purpose]

subj := data.subjects[input.subject]

# Steps 1-3: a declared purpose declaring the operation and every category.
declared if {
	input.op in purpose.ops
	every c in input.cats { c in purpose.cats }
}

# Steps 4-5: a known subject and a no-consent exemption.
allow if {
	declared
	subj
	purpose.exempt
}

# Step 6: one consent record meeting every condition.
allow if {
	declared
	not purpose.exempt
	some r in subj.records
	r.purpose == input.purpose
	r.granted <= input.at
	in_force(r.withdrawn)
	in_force(r.expires)
	r.version == purpose.current
	separate_ok(r)
	guardian_ok(r)
}

in_force(end) if end == 0

in_force(end) if input.at < end

sensitive if {
	some c in input.cats
	c >= 15
}

child if input.at < subj.turns14

separate_ok(_) if not sensitive

separate_ok(r) if r.separate

guardian_ok(_) if not child

guardian_ok(r) if r.guardian
`

// OPA is the Rego policy prepared once over a store holding the purpose
// table and the subjects.
type OPA struct {
	Query rego.PreparedEvalQuery
	ctx   context.Context
}

// opaData returns the store's document for the workload's subjects.
func opaData(subjects []Subject) map[string]any {
	purposes := make(map[string]any, len(Purposes))
	for i := range Purposes {
		p := &Purposes[i]
		ops := make([]any, len(p.Operations))
		for j, o := range p.Operations {
			ops[j] = int(o)
		}
		cats := make([]any, len(p.Categories))
		for j, c := range p.Categories {
			cats[j] = c
		}
		purposes[p.ID] = map[string]any{"ops": ops, "cats": cats, "exempt": p.Exempt(), "current": p.Current}
	}
	subs := make(map[string]any, len(subjects))
	for i := range subjects {
		s := &subjects[i]
		recs := make([]any, len(s.Records))
		for j, r := range s.Records {
			recs[j] = map[string]any{
				"purpose":   Purposes[r.Purpose].ID,
				"version":   r.Version,
				"granted":   r.Granted,
				"withdrawn": r.Withdrawn,
				"expires":   r.Expires,
				"separate":  r.Separate,
				"guardian":  r.Guardian,
			}
		}
		subs[s.ID] = map[string]any{"turns14": s.Turns14, "records": recs}
	}
	return map[string]any{"purposes": purposes, "subjects": subs}
}

// NewOPA loads the subjects into an in-memory store (converted to AST
// values once, on write) and prepares the query data.bench.allow.
func NewOPA(subjects []Subject) (*OPA, error) {
	ctx := context.Background()
	store := inmem.NewFromObjectWithOpts(opaData(subjects), inmem.OptRoundTripOnWrite(false), inmem.OptReturnASTValuesOnRead(true))
	pq, err := rego.New(
		rego.Query("data.bench.allow"),
		rego.Module("bench.rego", opaPolicy),
		rego.Store(store),
	).PrepareForEval(ctx)
	if err != nil {
		return nil, err
	}
	return &OPA{Query: pq, ctx: ctx}, nil
}

// Input returns q as OPA input in Go values, as most callers pass it.
func (o *OPA) Input(q *Request) map[string]any {
	cats := make([]any, 0, 4)
	for i := range NumCategories {
		if q.Categories&(1<<i) != 0 {
			cats = append(cats, i)
		}
	}
	return map[string]any{"subject": q.Subject, "purpose": q.Purpose, "op": int(q.Operation), "cats": cats, "at": q.At}
}

// ParsedInput returns q as an AST value, which spares OPA converting the
// input on every evaluation.
func (o *OPA) ParsedInput(q *Request) ast.Value {
	cats := make([]*ast.Term, 0, 4)
	for i := range NumCategories {
		if q.Categories&(1<<i) != 0 {
			cats = append(cats, ast.InternedTerm(i))
		}
	}
	return ast.NewObject(
		ast.Item(ast.InternedTerm("subject"), ast.StringTerm(q.Subject)),
		ast.Item(ast.InternedTerm("purpose"), ast.StringTerm(q.Purpose)),
		ast.Item(ast.InternedTerm("op"), ast.InternedTerm(int(q.Operation))),
		ast.Item(ast.InternedTerm("cats"), ast.ArrayTerm(cats...)),
		ast.Item(ast.InternedTerm("at"), ast.IntNumberTerm(int(q.At))),
	)
}

// Allow evaluates q given as Go values (rego.EvalInput). An error denies.
func (o *OPA) Allow(q *Request) bool {
	rs, err := o.Query.Eval(o.ctx, rego.EvalInput(o.Input(q)))
	return err == nil && rs.Allowed()
}

// AllowParsed evaluates q given as an AST value (rego.EvalParsedInput).
func (o *OPA) AllowParsed(q *Request) bool {
	rs, err := o.Query.Eval(o.ctx, rego.EvalParsedInput(o.ParsedInput(q)))
	return err == nil && rs.Allowed()
}
