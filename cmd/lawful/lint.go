package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/retention"
)

// finding is one line of lint's report.
type finding struct {
	// Severity is "error", "warning" or "info". Every problem that stops
	// the policy from loading (purpose.LoadPolicy) or its retention rules
	// from compiling (retention.Compile, which lawful.New runs) is an error.
	Severity string `json:"severity"`
	// Rule names what was checked: "policy.<problem>" for the validator's
	// problems (e.g. "policy.missing_citation"), "retention.rule" for a
	// retention rule that does not compile, purpose.Lint's rule names
	// otherwise (e.g. "retention.open_ended").
	Rule string `json:"rule"`
	// Where and Field locate it in the policy.
	Where string `json:"where"`
	Field string `json:"field,omitempty"`
	// Message says what is wrong and how to fix it.
	Message string `json:"message"`
	// Articles are the provisions it rests on, in canonical form.
	Articles []string `json:"articles,omitempty"`
}

// lintReport is lint's -json output.
type lintReport struct {
	File      string    `json:"file"`
	Loads     bool      `json:"loads"` // purpose.LoadPolicy and retention.Compile accept it
	Findings  []finding `json:"findings"`
	Truncated bool      `json:"truncated,omitempty"` // the validator stopped at purpose.MaxProblems
	Errors    int       `json:"errors"`
	Warnings  int       `json:"warnings"`
	Infos     int       `json:"infos"`
}

var severities = []string{"info", "warning", "error"}

func severityRank(s string) int {
	for i, n := range severities {
		if n == s {
			return i
		}
	}
	return len(severities) // unknown: as severe as can be
}

func runLint(c *cli, args []string) int {
	fs := c.flags("lint")
	asJSON := fs.Bool("json", false, "print the report as one JSON object")
	failOn := fs.String("fail-on", "error", "exit 1 when a finding has this `severity` or a higher one: error, warning or info")
	pos, status, ok := c.parse(fs, "lint", args)
	if !ok {
		return status
	}
	if severityRank(*failOn) == len(severities) {
		fmt.Fprintf(c.stderr, "lawful lint: -fail-on %q: want error, warning or info\n", clip(*failOn))
		return exitUsage
	}
	if !c.wantArgs("lint", pos, 1, "the policy file") {
		return exitUsage
	}
	path := pos[0]
	data, err := c.readCapped(path, purpose.MaxPolicySize)
	if err != nil {
		fmt.Fprintf(c.stderr, "lawful lint: %v\n", err)
		return exitUsage
	}
	rep := lintPolicy(path, data)
	if *asJSON {
		if err := writeJSON(c.stdout, rep); err != nil {
			fmt.Fprintf(c.stderr, "lawful lint: %v\n", err)
			return exitUsage
		}
	} else {
		rep.writeText(c.stdout)
	}
	for _, f := range rep.Findings {
		if severityRank(f.Severity) >= severityRank(*failOn) {
			return exitFound
		}
	}
	return exitOK
}

// lintPolicy checks a policy file: the validator's problems
// (purpose.LoadPolicy), the retention rules (retention.Compile), then
// purpose.Lint's findings beyond them.
func lintPolicy(path string, data []byte) lintReport {
	rep := lintReport{File: path, Findings: []finding{}}
	reg, err := purpose.LoadPolicy(bytes.NewReader(data))
	var ve *purpose.ValidationError
	switch {
	case errors.As(err, &ve):
		for _, p := range ve.Problems {
			rep.add(problemFinding(p))
		}
		rep.Truncated = ve.Truncated
	case err != nil:
		rep.add(finding{Severity: "error", Rule: "policy.invalid", Where: "policy", Message: trimPkg(err.Error())})
	default:
		rep.Loads = true
		if _, err := retention.Compile(reg); err != nil {
			rep.Loads = false
			for _, e := range leaves(err) {
				rep.add(retentionFinding(e))
			}
		}
	}
	if p, err := purpose.DecodePolicy(data); err == nil {
		for _, f := range lintFindings(p) {
			rep.add(f)
		}
	}
	return rep
}

// lintFindings returns purpose.Lint's findings but those that repeat the
// validator's problems (rule "compile"), which LoadPolicy has reported.
func lintFindings(p purpose.Policy) []finding {
	var out []finding
	for _, f := range purpose.Lint(p, purpose.LintOptions{}) {
		if f.Rule == "compile" {
			continue
		}
		msg := ""
		if f.Err != nil {
			msg = trimPkg(f.Err.Error())
		}
		out = append(out, finding{Severity: f.Severity.String(), Rule: f.Rule, Where: f.Where, Field: f.Field,
			Message: msg, Articles: articles(f.Cites, msg)})
	}
	return out
}

func (r *lintReport) add(f finding) {
	r.Findings = append(r.Findings, f)
	switch f.Severity {
	case "error":
		r.Errors++
	case "warning":
		r.Warnings++
	default:
		r.Infos++
	}
}

func problemFinding(p purpose.Problem) finding {
	msg := ""
	if p.Err != nil {
		msg = trimPkg(p.Err.Error())
	}
	return finding{Severity: "error", Rule: problemRule(p.Err), Where: p.Where, Field: p.Field, Message: msg, Articles: articles("", msg)}
}

// retentionFinding locates a retention.Compile error, which reads
// `retention rule "logs": ...`.
func retentionFinding(err error) finding {
	msg := trimPkg(err.Error())
	f := finding{Severity: "error", Rule: "retention.rule", Where: "retention", Message: msg}
	if rest, ok := strings.CutPrefix(msg, "retention rule "); ok {
		if id, after, ok := cutQuoted(rest); ok {
			f.Where = fmt.Sprintf("retention %q", id)
			f.Field = "rule"
			f.Message = strings.TrimPrefix(trimPkg(strings.TrimPrefix(after, ": ")), "rule: ")
		}
	}
	f.Articles = articles("", f.Message)
	return f
}

// cutQuoted splits a leading Go-quoted string off s.
func cutQuoted(s string) (string, string, bool) {
	if !strings.HasPrefix(s, `"`) {
		return "", s, false
	}
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			var id string
			if err := json.Unmarshal([]byte(s[:i+1]), &id); err != nil {
				return "", s, false
			}
			return id, s[i+1:], true
		}
	}
	return "", s, false
}

// leaves flattens joined errors.
func leaves(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, leaves(e)...)
		}
		return out
	}
	return []error{err}
}

// problemRules names the validator's problems by the sentinel they match,
// the more specific first (trailing data is also a syntax error).
var problemRules = []struct {
	err  error
	name string
}{
	{purpose.ErrTooLarge, "too_large"}, {purpose.ErrDuplicateKey, "duplicate_key"}, {purpose.ErrTrailingData, "trailing_data"},
	{purpose.ErrSyntax, "syntax"}, {purpose.ErrUnknownField, "unknown_field"}, {purpose.ErrMissingField, "missing_field"},
	{pii.ErrUnknownCategory, "unknown_category"}, {purpose.ErrDuplicatePurpose, "duplicate_purpose"}, {purpose.ErrInvalidID, "invalid_id"},
	{purpose.ErrInvalidVersion, "invalid_version"}, {purpose.ErrNoStatutoryBasis, "no_statutory_basis"},
	{purpose.ErrMissingCitation, "missing_citation"}, {purpose.ErrOperationNotPermitted, "operation_not_permitted"},
	{purpose.ErrUndeclaredRecipient, "undeclared_recipient"}, {purpose.ErrCrossBorder, "cross_border"},
	{purpose.ErrSpecialCategory, "special_category"}, {purpose.ErrUnknownRetention, "unknown_retention"},
	{purpose.ErrCriminalOffenceData, "criminal_offence_data"}, {purpose.ErrInvalidValue, "invalid_value"},
}

func problemRule(err error) string {
	for _, r := range problemRules {
		if errors.Is(err, r.err) {
			return "policy." + r.name
		}
	}
	return "policy.invalid"
}

// trimPkg drops the package prefix of an error message.
func trimPkg(msg string) string {
	for _, p := range []string{"purpose: ", "pii: ", "retention: "} {
		msg = strings.TrimPrefix(msg, p)
	}
	return msg
}

// articles returns the provisions of cites (a finding's own) and of the
// parenthesised citations in msg, in canonical form, each once. What
// does not parse as a citation is left out.
func articles(cites, msg string) []string {
	var out []string
	add := func(s string) {
		cs, err := purpose.ParseCitations(s)
		if err != nil {
			return
		}
		for _, c := range cs {
			if str := c.String(); !slices.Contains(out, str) {
				out = append(out, str)
			}
		}
	}
	if cites != "" {
		add(cites)
	}
	for _, group := range parenthesised(msg) {
		if head, _, ok := strings.Cut(group, ":"); ok {
			group = head
		}
		add(strings.TrimSpace(group))
	}
	return out
}

// parenthesised returns the contents of the outermost parentheses of s.
func parenthesised(s string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			if depth == 0 {
				start = i + 1
			}
			depth++
		case ')':
			if depth == 0 {
				continue
			}
			depth--
			if depth == 0 {
				out = append(out, s[start:i])
			}
		}
	}
	return out
}

func (r lintReport) writeText(w io.Writer) {
	for _, f := range r.Findings {
		loc := f.Where
		if f.Field != "" {
			loc += ": " + f.Field
		}
		fmt.Fprintf(w, "%s: %s [%s] %s: %s\n", r.File, f.Severity, f.Rule, loc, f.Message)
	}
	if r.Truncated {
		fmt.Fprintf(w, "%s: ... and more problems past the first %d: fix these and lint again\n", r.File, purpose.MaxProblems)
	}
	verdict := "loads"
	if !r.Loads {
		verdict = "does not load"
	}
	fmt.Fprintf(w, "%s: %s; %s, %s, %s\n", r.File, verdict, count(r.Errors, "error"), count(r.Warnings, "warning"), count(r.Infos, "info"))
}

func count(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	if what == "info" {
		return fmt.Sprintf("%d info", n)
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// writeJSON writes v indented, with a final newline.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
