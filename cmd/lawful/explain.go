package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/purpose"
)

// explanation is explain's output: the Guard's decision and the trace.
type explanation struct {
	Decision decisionJSON `json:"decision"`
	Trace    []stage      `json:"trace"`
	// Agrees reports that the trace's own verdict is the Guard's. When it
	// is not, the trace is redrawn around the Guard's decision (which
	// stands) and Disagreement says what the trace had found.
	Agrees       bool   `json:"agrees"`
	Disagreement string `json:"disagreement,omitempty"`
}

// decisionJSON is a lawful.Decision without personal values.
type decisionJSON struct {
	Allowed     bool     `json:"allowed"`
	Reason      string   `json:"reason,omitempty"`
	Detail      string   `json:"detail,omitempty"`
	Hint        string   `json:"hint,omitempty"`
	Operation   string   `json:"operation"`
	Purpose     string   `json:"purpose"`
	At          string   `json:"at"`
	Regime      string   `json:"regime,omitempty"`
	Basis       string   `json:"basis,omitempty"`
	Anonymised  bool     `json:"anonymised,omitempty"`
	Consent     string   `json:"consent,omitempty"` // the consent event relied on or at fault, as events[i]
	Attested    []string `json:"attested,omitempty"`
	Obligations []string `json:"obligations,omitempty"`
	Retention   string   `json:"retention_rule,omitempty"`
}

func runExplain(c *cli, args []string) int {
	fs := c.flags("explain")
	asJSON := fs.Bool("json", false, "print the decision and the trace as one JSON object")
	pos, status, ok := c.parse(fs, "explain", args)
	if !ok {
		return status
	}
	if !c.wantArgs("explain", pos, 2, "the policy file and the request file") {
		return exitUsage
	}
	reg, ok := c.loadPolicy("explain", pos[0])
	if !ok {
		return exitUsage
	}
	data, err := c.readFile(pos[1], maxRequestSize)
	if err != nil {
		fmt.Fprintf(c.stderr, "lawful explain: %v\n", err)
		return exitUsage
	}
	ex, err := explain(context.Background(), reg, data, time.Now())
	if err != nil {
		fmt.Fprintf(c.stderr, "lawful explain: %s: %v\n", pos[1], err)
		return exitUsage
	}
	if *asJSON {
		err = writeJSON(c.stdout, ex)
	} else {
		err = ex.writeText(c.stdout)
	}
	if err != nil {
		fmt.Fprintf(c.stderr, "lawful explain: %v\n", err)
		return exitUsage
	}
	if ex.Decision.Allowed {
		return exitOK
	}
	return exitFound
}

// explain decodes a request file, builds its world over reg, decides the
// request with the Guard and traces it. system is the time when the file
// gives none.
func explain(ctx context.Context, reg *purpose.Registry, data []byte, system time.Time) (*explanation, error) {
	w, err := decodeRequest(data, reg, system)
	if err != nil {
		return nil, err
	}
	b, err := w.build(ctx, reg)
	if err != nil {
		return nil, err
	}
	d := b.svc.Check(ctx, w.request)
	t := derive(ctx, w, b)
	return reconcile(d, t, b), nil
}

// reconcile joins the Guard's decision and the trace. The decision is
// the Guard's; a trace whose verdict differs is redrawn so that it never
// contradicts it: the stages before the one that can give the Guard's
// answer pass, that one decides, the rest are not reached.
func reconcile(d lawful.Decision, t *tracer, b *built) *explanation {
	ex := &explanation{Decision: decisionOf(d, b), Trace: t.stages, Agrees: true}
	guard := "allow"
	if !d.Allowed() {
		guard = d.Reason.String()
	}
	if t.verdict() == guard {
		return ex
	}
	ex.Agrees = false
	ex.Disagreement = fmt.Sprintf("the trace re-derived %q where the Guard decided %q; the Guard's decision stands, and the trace below is redrawn around it: please report this with the two files", t.verdict(), guard)
	at := deciderOf(d, t)
	for i := range ex.Trace {
		st := &ex.Trace[i]
		switch {
		case i < at && (st.Verdict == verdictDeny || st.Verdict == verdictAllow || st.Verdict == verdictNotReached):
			st.Verdict, st.Reason = verdictPass, ""
		case i == at && d.Allowed():
			st.Verdict, st.Reason = verdictAllow, ""
		case i == at:
			st.Verdict, st.Reason = verdictDeny, guard
		case i > at:
			st.Verdict, st.Reason = verdictNotReached, ""
		}
	}
	return ex
}

// stageReasons lists the reasons each stage can deny for.
var stageReasons = map[string][]lawful.Reason{
	stageRequest:   {lawful.NotConfigured, lawful.ContextDone, lawful.InvalidRequest, lawful.StoreUnavailable},
	stagePolicy:    {lawful.InvalidRequest, lawful.UnknownPurpose, lawful.OperationNotDeclared, lawful.CategoryNotDeclared, lawful.RecipientNotDeclared, lawful.SubEntrustmentNotAuthorised, lawful.LegalInstrumentMissing},
	stageSubject:   {lawful.TamperDetected, lawful.UnknownSubject, lawful.ContextDone, lawful.StoreUnavailable},
	stageRetention: {lawful.RetentionExpired, lawful.RestrictedPendingErasure, lawful.ContextDone, lawful.StoreUnavailable},
	stageStatus:    {lawful.SubjectFrozen, lawful.SubjectClosed, lawful.SubjectDeceased, lawful.UnknownSubject},
	stageRegime:    {lawful.UnknownJurisdiction},
	stageBasis:     {lawful.NoStatutoryBasis, lawful.ServiceNotOfferedToMinors, lawful.ProhibitedForMinors, lawful.ExemptionNotValidForOperation},
	stageLimits:    {lawful.StoreUnavailable, lawful.ProcessingRestricted, lawful.ObjectionRecorded},
	stageExemption: {lawful.ContractPartyRequired, lawful.ExemptionConditionFailed},
	stageConsent:   {lawful.ContextDone, lawful.StoreUnavailable},
}

// deciderOf returns the index of the stage that gave the Guard's answer:
// for a denial, the trace's deciding stage if it can deny for that
// reason, else the first stage that can (consent for the reasons only it
// gives); for an allowance, the stage that allows that way.
func deciderOf(d lawful.Decision, t *tracer) int {
	name := stageConsent
	switch {
	case d.Allowed() && d.Anonymised:
		name = stagePolicy
	case d.Allowed() && d.RetentionRule != "":
		name = stageRetention
	case d.Allowed() && d.Basis.IsExemption():
		name = stageExemption
	case d.Allowed():
	default:
		name = ""
		for _, st := range t.stages {
			if st.Verdict == verdictDeny && slices.Contains(stageReasons[st.Stage], d.Reason) {
				name = st.Stage
			}
		}
		for _, n := range stageOrder {
			if name == "" && slices.Contains(stageReasons[n], d.Reason) {
				name = n
			}
		}
		if name == "" {
			name = stageConsent
		}
	}
	return slices.IndexFunc(t.stages, func(st stage) bool { return st.Stage == name })
}

func decisionOf(d lawful.Decision, b *built) decisionJSON {
	out := decisionJSON{Allowed: d.Allowed(), Operation: d.Request.Operation.String(), Purpose: string(d.Request.Purpose),
		At: stamp(d.Request.At), Regime: d.Regime, Anonymised: d.Anonymised, Consent: b.eventName(d.Consent), Retention: d.RetentionRule}
	if !d.Allowed() {
		reason := d.Reason
		if reason == lawful.ReasonNone {
			reason = lawful.NotConfigured
		}
		out.Reason, out.Detail, out.Hint = reason.String(), d.Detail(), reason.Hint()
	}
	if d.Basis.Valid() {
		out.Basis = d.Basis.String()
	}
	if d.Attested != 0 {
		out.Attested = strings.Split(d.Attested.String(), ",")
	}
	if d.Obligations != 0 {
		out.Obligations = strings.Split(d.Obligations.String(), ",")
	}
	return out
}

func (ex *explanation) writeText(w io.Writer) error {
	var b strings.Builder
	d := ex.Decision
	if d.Allowed {
		basis := d.Basis
		if d.Anonymised {
			basis = "anonymised"
		}
		fmt.Fprintf(&b, "allow %s %s (basis %s, ", d.Operation, d.Purpose, basis)
	} else {
		fmt.Fprintf(&b, "deny %s %s: %s (", d.Operation, d.Purpose, d.Reason)
	}
	if d.Regime != "" {
		fmt.Fprintf(&b, "%s, ", d.Regime)
	}
	fmt.Fprintf(&b, "at %s)\n", d.At)
	if d.Detail != "" {
		fmt.Fprintf(&b, "  detail: %s\n", d.Detail)
	}
	if d.Hint != "" {
		fmt.Fprintf(&b, "  fix: %s\n", d.Hint)
	}
	writeList(&b, "consent", []string{d.Consent})
	writeList(&b, "attested", d.Attested)
	writeList(&b, "obligations", d.Obligations)
	writeList(&b, "retention rule", []string{d.Retention})
	if !ex.Agrees {
		fmt.Fprintf(&b, "  warning: %s\n", ex.Disagreement)
	}
	b.WriteString("\ntrace:\n")
	for _, st := range ex.Trace {
		verdict := st.Verdict
		if st.Reason != "" {
			verdict += " " + st.Reason
		}
		fmt.Fprintf(&b, "  %-10s %s\n", st.Stage, verdict)
		for _, f := range st.Facts {
			fmt.Fprintf(&b, "      %s\n", f)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeList(b *strings.Builder, name string, list []string) {
	if len(list) == 0 || len(list) == 1 && list[0] == "" {
		return
	}
	fmt.Fprintf(b, "  %s: %s\n", name, strings.Join(list, ", "))
}

// stamp formats an instant as RFC 3339 in its own zone.
func stamp(t time.Time) string { return t.Format(time.RFC3339) }

// stamp formats an instant as RFC 3339 in the zone of the file's now.
func (t *tracer) stamp(x time.Time) string { return stamp(x.In(t.w.now.Location())) }

// plural returns "1 event", "2 events".
func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
