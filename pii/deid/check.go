package deid

import (
	"context"

	"github.com/lawfulgo/lawful/pii"
)

// DefaultThresholds returns the thresholds Check applies to a claim of
// form f when the caller sets none. They are library decisions, not legal
// thresholds (the law gives none; see Thresholds):
//
//	Identified     K 1         nothing to back: the data identifies
//	Pseudonymised  K 1         tokens replace direct identifiers; class sizes say nothing of that
//	Deidentified   K 5,  L 2   PIPL art. 73(3): not identifiable without other information
//	Anonymised     K 10, L 3   PIPL art. 73(4): not identifiable and not restorable
//
// L applies only when the Spec chooses a sensitive column. Reaching the
// Anonymised thresholds is necessary, not sufficient: whether data can be
// restored depends on who holds what besides the table (GDPR recital 26).
// An unknown form fails with ErrInvalidParameter.
func DefaultThresholds(f pii.Form) (Thresholds, error) {
	switch f {
	case pii.Identified, pii.Pseudonymised:
		return Thresholds{K: 1}, nil
	case pii.Deidentified:
		return Thresholds{K: 5, L: 2}, nil
	case pii.Anonymised:
		return Thresholds{K: 10, L: 3}, nil
	}
	return Thresholds{}, invalidParam("deid.DefaultThresholds", "unknown form "+f.String()+"; use a pii.Form constant")
}

// Check measures t over the columns s chooses and reports whether it backs
// the claim that it is in form f: every equivalence class at least th.K
// rows and, in every class, at least th.L distinct values of each
// sensitive column. The zero th means DefaultThresholds(f), with its L
// dropped when s chooses no sensitive column.
//
// Check fails closed: it returns the Report with a *ClaimError (matching
// ErrClaimNotMet) when a class falls short, and the errors of Measure
// (ErrInvalidTable, ErrInvalidParameter, ctx's) when t cannot be measured.
// A nil error means the table reaches the thresholds, which is evidence
// for the claim, not proof of it: record the Report with the claim. Check
// is safe for concurrent use.
func Check(ctx context.Context, t Table, s Spec, f pii.Form, th Thresholds) (Report, error) {
	if th == (Thresholds{}) {
		var err error
		if th, err = DefaultThresholds(f); err != nil {
			return Report{}, err
		}
		if len(s.Sensitive) == 0 {
			th.L = 0
		}
	} else if f > pii.Anonymised {
		return Report{}, invalidParam("deid.Check", "unknown form "+f.String()+"; use a pii.Form constant")
	}
	r, err := Measure(ctx, t, s, th)
	if err != nil {
		return Report{}, err
	}
	if !r.Meets() {
		return r, &ClaimError{Form: f, Want: th, K: r.K, L: r.L, BelowK: r.BelowK, BelowL: r.BelowL}
	}
	return r, nil
}
