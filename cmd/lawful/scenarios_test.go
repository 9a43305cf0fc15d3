package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lawfulgo/lawful/lawfultest"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

// scenarioFiles are the scenario files of the seed policies and of
// lawfultest: every check in them is explained, and the trace must agree
// with the Guard.
var scenarioFiles = []string{
	"../../lawfultest/testdata/scenarios.json",
	"../../examples/seeds/*/scenarios.json",
}

// converter turns a lawfultest scenario into explain request files, one
// per check: the checked subject with its guardians, its events so far
// (each at the clock when the scenario recorded it), the request, and the
// clock as now.
type converter struct {
	f      *lawfultest.ScenarioFile
	start  time.Time
	loc    *time.Location // the default regime's zone, where ages count
	clock  time.Time
	events map[string][]eventJSON // by subject name
}

func newConverter(f *lawfultest.ScenarioFile) (*converter, error) {
	c := &converter{f: f, start: lawfultest.DefaultStart, loc: subject.PIPLAges().Location}
	if f.Start != "" {
		t, err := time.Parse(time.RFC3339, f.Start)
		if err != nil {
			return nil, err
		}
		c.start = t
	}
	if f.Regime != nil && strings.EqualFold(f.Regime.Base, "gdpr") {
		c.loc = subject.GDPRAges().Location
	}
	return c, nil
}

// birth is a fixture subject's birth date, as lawfultest sets it.
func (c *converter) birth(spec lawfultest.SubjectSpec) string {
	switch {
	case spec.Birth != "":
		return spec.Birth
	case spec.Age != nil:
		return subject.DateOf(c.start.AddDate(0, -1, 0), c.loc).AddYears(-*spec.Age).String()
	}
	return ""
}

func (c *converter) subject(name string) (subjectJSON, error) {
	spec, ok := c.f.Subjects[name]
	if !ok {
		return subjectJSON{}, fmt.Errorf("unknown subject %q", name)
	}
	s := subjectJSON{Birth: c.birth(spec), Jurisdiction: spec.Jurisdiction, Status: spec.Status}
	if s.Jurisdiction == "" {
		s.Jurisdiction = "CN"
	}
	for _, g := range spec.Guardians {
		s.Guardians = append(s.Guardians, guardianJSON{Name: g, Birth: c.birth(c.f.Subjects[g])})
	}
	return s, nil
}

// step applies one scenario step; for a check it returns the request
// file. done reports a step explain cannot express (retention steps): the
// rest of the scenario is skipped.
func (c *converter) step(st lawfultest.Step) (file []byte, done bool, err error) {
	at := c.clock.Format(time.RFC3339Nano)
	add := func(name string, e eventJSON) {
		e.At = at
		c.events[name] = append(c.events[name], e)
	}
	switch {
	case st.Advance != "":
		d, err := time.ParseDuration(st.Advance)
		if err != nil {
			return nil, false, err
		}
		c.clock = c.clock.Add(d)
	case st.Grant != nil, st.Withdraw != nil, st.Expire != nil:
		kind, s := "grant", st.Grant
		if st.Withdraw != nil {
			kind, s = "withdraw", st.Withdraw
		} else if st.Expire != nil {
			kind, s = "expire", st.Expire
		}
		add(s.Subject, eventJSON{Kind: kind, Purposes: s.Purposes, Form: s.Form, By: s.By, Recipients: s.Recipients, Expires: s.Expires, Name: s.Name, Ends: s.Ends})
	case st.Restrict != nil, st.Object != nil, st.Lift != nil:
		kind, s := "restrict", st.Restrict
		if st.Object != nil {
			kind, s = "object", st.Object
		} else if st.Lift != nil {
			kind, s = "lift", st.Lift
		}
		add(s.Subject, eventJSON{Kind: kind, Purposes: s.Purposes, Categories: s.Categories, By: s.By})
	case st.Check != nil:
		file, err := c.check(st.Check)
		return file, false, err
	default:
		return nil, true, nil
	}
	return nil, false, nil
}

func (c *converter) check(ck *lawfultest.CheckSpec) ([]byte, error) {
	s, err := c.subject(ck.Subject)
	if err != nil {
		return nil, err
	}
	rf := requestFile{Now: c.clock.Format(time.RFC3339Nano), Subject: s, Events: c.events[ck.Subject],
		Request: &requestJSON{Purpose: ck.Purpose, Operation: ck.Operation, Categories: ck.Categories, Recipient: ck.Recipient,
			Form: ck.Form, At: ck.At, Attest: ck.Attest, Instrument: ck.Instrument}}
	if ck.Item != nil {
		rf.Request.Item = &itemJSON{Key: ck.Item.Key, Collected: ck.Item.Collected}
	}
	if r := c.f.Regime; r != nil {
		rf.Regime = &regimeJSON{Base: r.Base, GuardianAge: r.GuardianAge, ChildAge: r.ChildAge, GuardianForm: r.GuardianForm, Jurisdictions: r.Jurisdictions}
	}
	return json.Marshal(rf)
}

// TestTraceAgreesWithTheGuardOnEveryScenarioCheck explains every check of
// the seed policies' scenarios (up to their first retention step, which a
// request file cannot express): the Guard's decision must be the one the
// scenario wants, so the world explain builds is the scenario's, and the
// trace's own verdict must be the Guard's.
func TestTraceAgreesWithTheGuardOnEveryScenarioCheck(t *testing.T) {
	var files []string
	for _, pat := range scenarioFiles {
		m, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 6 {
		t.Fatalf("found %d scenario files (%v); want lawfultest's and the five seeds'", len(files), files)
	}
	checks := 0
	for _, path := range files {
		t.Run(filepath.Base(filepath.Dir(path)), func(t *testing.T) {
			checks += explainScenarios(t, path)
		})
	}
	if checks < 300 {
		t.Errorf("explained %d scenario checks; want the seeds' few hundred", checks)
	}
	t.Logf("%d scenario checks explained", checks)
}

func explainScenarios(t *testing.T, path string) int {
	f, err := lawfultest.LoadScenarioFile(path)
	if err != nil {
		t.Fatal(err)
	}
	policy, err := os.ReadFile(filepath.Join(filepath.Dir(path), f.Policy))
	if err != nil {
		t.Fatal(err)
	}
	reg, err := purpose.LoadPolicy(strings.NewReader(string(policy)))
	if err != nil {
		t.Fatal(err)
	}
	checks := 0
	for _, sc := range f.Scenarios {
		c, err := newConverter(f)
		if err != nil {
			t.Fatal(err)
		}
		c.clock, c.events = c.start, map[string][]eventJSON{}
		for i, st := range sc.Steps {
			file, done, err := c.step(st)
			if err != nil {
				t.Fatalf("%s step %d: %v", sc.Name, i+1, err)
			}
			if done {
				break
			}
			if file == nil {
				continue
			}
			checks++
			checkExplained(t, reg, sc.Name, i+1, file, st)
		}
	}
	return checks
}

func checkExplained(t *testing.T, reg *purpose.Registry, name string, step int, file []byte, st lawfultest.Step) {
	t.Helper()
	ex, err := explain(t.Context(), reg, file, time.Time{})
	if err != nil {
		t.Errorf("%s step %d: explain: %v\n%s", name, step, err, file)
		return
	}
	got := "allow"
	if !ex.Decision.Allowed {
		got = ex.Decision.Reason
	}
	if got != st.Want {
		t.Errorf("%s step %d: the Guard decided %s in explain's world, the scenario wants %s\n%s", name, step, got, st.Want, file)
	}
	if st.Obligations != nil && strings.Join(ex.Decision.Obligations, ",") != strings.Join(st.Obligations, ",") {
		// Order: the scenario lists them as it likes; compare as sets.
		if !sameSet(ex.Decision.Obligations, st.Obligations) {
			t.Errorf("%s step %d: obligations %v, the scenario wants %v", name, step, ex.Decision.Obligations, st.Obligations)
		}
	}
	if !ex.Agrees {
		t.Errorf("%s step %d: %s\n%s", name, step, ex.Disagreement, file)
	}
	assertTraceConsistent(t, ex)
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	m := map[string]bool{}
	for _, x := range a {
		m[x] = true
	}
	for _, x := range b {
		if !m[x] {
			return false
		}
	}
	return true
}

// assertTraceConsistent checks the shape every trace has, agreeing or
// not: every stage once, in order; passes and skips, then exactly one
// deciding stage whose verdict is the decision's, then stages not
// reached.
func assertTraceConsistent(t *testing.T, ex *explanation) {
	t.Helper()
	if len(ex.Trace) != len(stageOrder) {
		t.Fatalf("trace has %d stages, want %d", len(ex.Trace), len(stageOrder))
	}
	decided := -1
	for i, st := range ex.Trace {
		if st.Stage != stageOrder[i] {
			t.Fatalf("stage %d is %s, want %s", i, st.Stage, stageOrder[i])
		}
		switch st.Verdict {
		case verdictPass, verdictSkip:
			if decided >= 0 {
				t.Fatalf("stage %s %s after the deciding stage", st.Stage, st.Verdict)
			}
		case verdictAllow, verdictDeny:
			if decided >= 0 {
				t.Fatalf("two deciding stages")
			}
			decided = i
			if (st.Verdict == verdictAllow) != ex.Decision.Allowed || st.Verdict == verdictDeny && st.Reason != ex.Decision.Reason {
				t.Fatalf("stage %s says %s %s, the decision is allowed=%v %s", st.Stage, st.Verdict, st.Reason, ex.Decision.Allowed, ex.Decision.Reason)
			}
		case verdictNotReached:
			if decided < 0 {
				t.Fatalf("stage %s not reached before any stage decided", st.Stage)
			}
		default:
			t.Fatalf("stage %s: verdict %q", st.Stage, st.Verdict)
		}
	}
	if decided < 0 {
		t.Fatalf("no stage decided")
	}
}
