package lawfultest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/internal/strictjson"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
	"github.com/stretchr/testify/require"
)

// ScenarioFile is a set of compliance scenarios kept as data (JSON), so a
// service's rules live beside its policy and run as table-driven tests:
//
//	{
//	  "policy": "policy.json",                  // relative to the scenario file
//	  "regime": {"guardian_age": 18, "guardian_form": "written", "jurisdictions": {"DE": "gdpr"}},
//	  "start": "2026-03-01T10:00:00+08:00",
//	  "subjects": {
//	    "kid": {"age": 13, "guardians": ["mum"]}, // or "birth": "2012-06-01"
//	    "mum": {"age": 40},
//	    "gone": {"age": 30, "status": "closed"}
//	  },
//	  "scenarios": [{
//	    "name": "child_under_14_needs_guardian_consent",
//	    "cite": "PIPL art. 31",
//	    "steps": [
//	      {"grant": {"subject": "kid", "purposes": ["service.voice_clone"], "form": "separate"}},
//	      {"check": {"subject": "kid", "purpose": "service.voice_clone", "operation": "use",
//	                 "categories": "biometric.voiceprint"}, "want": "guardian_consent_required"},
//	      {"grant": {"subject": "kid", "by": "mum", "purposes": ["service.voice_clone"], "form": "separate"}},
//	      {"advance": "1h"},
//	      {"check": {...}, "want": "allow"}
//	    ]
//	  }]
//	}
//
// Each scenario runs in a fresh World with the file's subjects. Steps are
// grant, withdraw, expire (consent events effective at the clock), advance
// (a Go duration) and check, whose want is "allow" or a reason name
// (lawful.Reason's String). A check's "at" may be an RFC 3339 time or a
// duration relative to the clock ("-30m"); "attest" lists attestation names.
type ScenarioFile struct {
	Policy    string                 `json:"policy"`
	Regime    *RegimeOverrides       `json:"regime,omitempty"`
	Start     string                 `json:"start,omitempty"`
	Subjects  map[string]SubjectSpec `json:"subjects"`
	Scenarios []Scenario             `json:"scenarios"`
}

// RegimeOverrides adjust the default regime (PIPL unless Base says "gdpr").
// Jurisdictions maps subjects' jurisdiction codes to another regime, e.g.
// {"DE": "gdpr"}, so one file covers a service serving both; the
// overrides apply to the default regime only.
type RegimeOverrides struct {
	Base          string            `json:"base,omitempty"`          // "pipl" (default) or "gdpr"
	GuardianAge   int               `json:"guardian_age,omitempty"`  // e.g. 18 for a service policy
	ChildAge      int               `json:"child_age,omitempty"`     // e.g. 13 for a GDPR member state
	GuardianForm  string            `json:"guardian_form,omitempty"` // "separate" or "written"
	Jurisdictions map[string]string `json:"jurisdictions,omitempty"` // code -> "pipl" or "gdpr"
}

// SubjectSpec describes a fixture subject. Age (in whole years, birthday a
// month before the start) or Birth (a date) sets the birth date; neither
// leaves it unknown.
type SubjectSpec struct {
	Age          *int     `json:"age,omitempty"`
	Birth        string   `json:"birth,omitempty"`
	Jurisdiction string   `json:"jurisdiction,omitempty"` // default "CN"
	Status       string   `json:"status,omitempty"`       // default "active"
	Guardians    []string `json:"guardians,omitempty"`    // names of subjects linked as verified parents
}

// Scenario is a named sequence of steps.
type Scenario struct {
	Name  string `json:"name"`
	Cite  string `json:"cite,omitempty"` // the rule's source, shown on failure
	Steps []Step `json:"steps"`
}

// Step is one action or check: exactly one of its action fields is set
// (Want goes with Check only).
//
// Retention steps need the policy's retention rules to compile:
//
//	{"collect": {"subject": "adult", "purpose": "ops.logging", "categories": "activity.service_log", "key": "log-1"}}
//	{"trigger": {"kind": "deletion_requested", "subject": "adult", "purpose": "ops.logging"}}
//	{"close": "adult"}                                   // status closed + account_closed
//	{"hold": {"id": "case-1", "reason": "litigation", "subject": "adult", "until": "720h"}}
//	{"release": "case-1"}
//	{"sweep": {"erased": ["log-1"]}}                     // exactly these keys erased by this sweep
//	{"terminate": {"notice": "720h"}}                    // announce now, effective after notice
type Step struct {
	Grant     *EventSpec     `json:"grant,omitempty"`
	Withdraw  *EventSpec     `json:"withdraw,omitempty"`
	Expire    *EventSpec     `json:"expire,omitempty"`
	Advance   string         `json:"advance,omitempty"`
	Check     *CheckSpec     `json:"check,omitempty"`
	Want      string         `json:"want,omitempty"`
	Collect   *CollectSpec   `json:"collect,omitempty"`
	Trigger   *TriggerSpec   `json:"trigger,omitempty"`
	Close     string         `json:"close,omitempty"`
	Hold      *HoldSpec      `json:"hold,omitempty"`
	Release   string         `json:"release,omitempty"`
	Sweep     *SweepSpec     `json:"sweep,omitempty"`
	Terminate *TerminateSpec `json:"terminate,omitempty"`
}

// CollectSpec tracks an item collected at the clock (retention.Item).
type CollectSpec struct {
	Subject    string `json:"subject"`
	Purpose    string `json:"purpose"`
	Categories string `json:"categories"`
	Key        string `json:"key"`
}

// TriggerSpec fires a retention trigger at the clock (retention.Event).
type TriggerSpec struct {
	Kind       string `json:"kind"`
	Subject    string `json:"subject"`
	Purpose    string `json:"purpose,omitempty"`
	Categories string `json:"categories,omitempty"`
	Key        string `json:"key,omitempty"`
}

// HoldSpec places a legal hold from the clock (retention.Hold); Until is a
// duration from the clock, empty for open-ended.
type HoldSpec struct {
	ID         string `json:"id"`
	Reason     string `json:"reason"`
	Subject    string `json:"subject,omitempty"`
	Categories string `json:"categories,omitempty"`
	Until      string `json:"until,omitempty"`
}

// SweepSpec runs the sweeper once; Erased lists exactly the keys that
// sweep must erase.
type SweepSpec struct {
	Erased []string `json:"erased"`
}

// TerminateSpec announces a service termination at the clock, effective
// after Notice (a duration).
type TerminateSpec struct {
	Notice string `json:"notice"`
	// Want is "" for success or the error's sentinel name
	// ("notice_too_short").
	Want string `json:"want,omitempty"`
}

// actions counts the action fields set on st.
func (st *Step) actions() int {
	n := 0
	for _, set := range []bool{st.Grant != nil, st.Withdraw != nil, st.Expire != nil, st.Advance != "", st.Check != nil,
		st.Collect != nil, st.Trigger != nil, st.Close != "", st.Hold != nil, st.Release != "", st.Sweep != nil, st.Terminate != nil} {
		if set {
			n++
		}
	}
	return n
}

// EventSpec is a consent event by fixture names.
type EventSpec struct {
	Subject    string   `json:"subject"`
	By         string   `json:"by,omitempty"`
	Purposes   []string `json:"purposes"`
	Form       string   `json:"form,omitempty"`
	Recipients []string `json:"recipients,omitempty"`
	Expires    string   `json:"expires,omitempty"` // a duration from the clock
}

// CheckSpec is a Guard request by fixture names.
type CheckSpec struct {
	Subject    string   `json:"subject"`
	Purpose    string   `json:"purpose"`
	Operation  string   `json:"operation"`
	Categories string   `json:"categories"`
	Recipient  string   `json:"recipient,omitempty"`
	Form       string   `json:"form,omitempty"`
	At         string   `json:"at,omitempty"`
	Attest     []string `json:"attest,omitempty"`
	// Instrument is Request.Instrument: the legal instrument a provision
	// or disclosure on a cited law rests on.
	Instrument string `json:"instrument,omitempty"`
}

// Limits of a scenario file: LoadScenarioFile and DecodeScenarioFile
// refuse a file over any of them with an error naming the limit (matching
// purpose.ErrTooLarge).
const (
	// MaxScenarioSize is the largest scenario file read, in bytes (4 MiB).
	MaxScenarioSize = 4 << 20
	// MaxScenarioElements is the most elements of one array (scenarios,
	// steps, ...) or members of one object (subjects, ...).
	MaxScenarioElements = 10000
	// MaxScenarioDepth is the deepest nesting of arrays and objects; the
	// format needs 7.
	MaxScenarioDepth = 8
)

var scenarioLimits = strictjson.Limits{MaxSize: MaxScenarioSize, SizeName: "lawfultest.MaxScenarioSize", MaxDepth: MaxScenarioDepth, MaxElements: MaxScenarioElements}

// LoadScenarioFile reads and decodes a scenario file, as
// DecodeScenarioFile does.
func LoadScenarioFile(path string) (*ScenarioFile, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("lawfultest: %w", err)
	}
	defer fh.Close()
	data, err := strictjson.Read(fh, scenarioLimits)
	if err == nil {
		var f *ScenarioFile
		if f, err = decodeScenarios(data); err == nil {
			return f, nil
		}
	}
	return nil, fmt.Errorf("lawfultest: %s: %w", path, err)
}

// DecodeScenarioFile decodes a scenario file (see ScenarioFile). It
// refuses, with an error naming the problem and where it is: more than
// MaxScenarioSize bytes, more than MaxScenarioElements elements in an array
// or object, nesting deeper than MaxScenarioDepth (purpose.ErrTooLarge); a
// key repeated in any object, such as two subjects of one name
// (purpose.ErrDuplicateKey); anything after the file's object
// (purpose.ErrTrailingData); a field the format does not define, or one
// spelled in another case.
//
// Decoding allocates in proportion to data: the lists of scenarios and of
// steps, whose elements are large structs, are allocated at their final
// size.
func DecodeScenarioFile(data []byte) (*ScenarioFile, error) {
	f, err := decodeScenarios(data)
	if err != nil {
		return nil, fmt.Errorf("lawfultest: scenario file: %w", err)
	}
	return f, nil
}

// scenarioFileJSON decodes a ScenarioFile but its scenarios, which
// decodeScenarios decodes one by one into slices of the right size.
type scenarioFileJSON struct {
	ScenarioFile
	Scenarios skipJSON `json:"scenarios"`
}

// skipJSON decodes nothing.
type skipJSON struct{}

func (*skipJSON) UnmarshalJSON([]byte) error { return nil }

func decodeScenarios(data []byte) (*ScenarioFile, error) {
	if err := strictjson.Check(data, scenarioLimits, reflect.TypeFor[ScenarioFile]()); err != nil {
		return nil, err
	}
	doc, err := strictjson.Parse(data, scenarioLimits)
	if err != nil {
		return nil, err
	}
	var j scenarioFileJSON
	if subjects, ok := doc.Root().Get("subjects"); ok && subjects.Kind() == strictjson.Object {
		j.Subjects = make(map[string]SubjectSpec, subjects.Len())
	}
	if err := json.Unmarshal(data, &j); err != nil {
		return nil, wrongType(err, "")
	}
	f := j.ScenarioFile
	list, ok := doc.Root().Get("scenarios")
	switch {
	case !ok || list.Kind() == strictjson.Null:
		return &f, nil
	case list.Kind() != strictjson.Array:
		return nil, &strictjson.Error{Kind: strictjson.ErrWrongType, Path: "scenarios", Offset: -1, Msg: "want an array, got " + list.Kind().Describe()}
	}
	f.Scenarios = make([]Scenario, list.Len())
	for i, e := range list.Elems() {
		sc := &f.Scenarios[i]
		if steps, ok := e.Get("steps"); ok && steps.Len() > 0 {
			sc.Steps = make([]Step, 0, steps.Len()) // filled by appending
		}
		if e.Len() == 0 {
			continue // nothing to decode; spares a call per empty element
		}
		if err := json.Unmarshal(e.Raw(), sc); err != nil {
			return nil, wrongType(err, fmt.Sprintf("scenarios[%d]", i))
		}
	}
	return &f, nil
}

// wrongType returns a type error of encoding/json, decoding the value at
// path, as a strictjson.Error.
func wrongType(err error, path string) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		te.Field = strings.TrimPrefix(te.Field, "ScenarioFile.") // the embedded struct is no JSON
	}
	return strictjson.TypeError(err, path)
}

// RunScenarios runs every scenario of the file at path as a subtest named
// after it. reg is the policy to test; if nil, the file's "policy" is
// loaded (relative to the scenario file).
func RunScenarios(t *testing.T, path string, reg *purpose.Registry) {
	t.Helper()
	f, err := LoadScenarioFile(path)
	require.NoError(t, err)
	if reg == nil {
		require.NotEmpty(t, f.Policy, "%s names no policy and none was given", path)
		pf, err := os.Open(filepath.Join(filepath.Dir(path), f.Policy))
		require.NoError(t, err)
		defer pf.Close()
		reg, err = purpose.LoadPolicy(pf)
		require.NoError(t, err, "loading %s", f.Policy)
	}
	opts, err := f.options()
	require.NoError(t, err, path)
	for _, sc := range f.Scenarios {
		t.Run(sc.Name, func(t *testing.T) {
			w := New(t, reg, opts)
			names, err := f.addSubjects(t, w)
			require.NoError(t, err)
			for i, st := range sc.Steps {
				if err := runStep(t, w, names, st); err != nil {
					t.Fatalf("step %d: %v (rule: %s)", i+1, err, sc.Cite)
				}
			}
		})
	}
}

func (f *ScenarioFile) options() (Options, error) {
	var o Options
	if f.Start != "" {
		t, err := time.Parse(time.RFC3339, f.Start)
		if err != nil {
			return o, fmt.Errorf("start: %w", err)
		}
		o.Start = t
	}
	o.Regime = lawful.PIPL()
	if r := f.Regime; r != nil {
		switch strings.ToLower(r.Base) {
		case "", "pipl":
		case "gdpr":
			o.Regime = lawful.GDPR()
		default:
			return o, fmt.Errorf("regime.base %q: want pipl or gdpr", r.Base)
		}
		if r.GuardianAge != 0 {
			o.Regime.Ages.GuardianAge = r.GuardianAge
		}
		if r.ChildAge != 0 {
			o.Regime.Ages.ChildAge = r.ChildAge
			if o.Regime.Law == pii.GDPR && r.GuardianAge == 0 {
				o.Regime.Ages.GuardianAge = r.ChildAge
			}
		}
		if r.GuardianForm != "" {
			if err := o.Regime.GuardianForm.UnmarshalText([]byte(r.GuardianForm)); err != nil {
				return o, fmt.Errorf("regime.guardian_form: %w", err)
			}
		}
		for code, name := range r.Jurisdictions {
			if o.Jurisdictions == nil {
				o.Jurisdictions = map[string]lawful.Regime{}
			}
			switch strings.ToLower(name) {
			case "pipl":
				o.Jurisdictions[code] = lawful.PIPL()
			case "gdpr":
				o.Jurisdictions[code] = lawful.GDPR()
			default:
				return o, fmt.Errorf("regime.jurisdictions[%q] %q: want pipl or gdpr", code, name)
			}
		}
	}
	return o, nil
}

func (f *ScenarioFile) addSubjects(t T, w *World) (map[string]subject.ID, error) {
	names := map[string]subject.ID{}
	// Guardians first: a link needs the guardian's ID.
	for pass := 0; pass < 2; pass++ {
		for name, spec := range f.Subjects {
			if (len(spec.Guardians) > 0) != (pass == 1) {
				continue
			}
			s := subject.Subject{Jurisdiction: spec.Jurisdiction}
			if s.Jurisdiction == "" {
				s.Jurisdiction = "CN"
			}
			switch {
			case spec.Birth != "":
				d, err := subject.ParseDate(spec.Birth)
				if err != nil {
					return nil, fmt.Errorf("subject %q: %w", name, err)
				}
				s.Birth = d
			case spec.Age != nil:
				s.Birth = subject.DateOf(w.Clock.Now().AddDate(0, -1, 0), w.Regime.Ages.Location).AddYears(-*spec.Age)
			}
			if spec.Status != "" {
				if err := s.Status.UnmarshalText([]byte(spec.Status)); err != nil {
					return nil, fmt.Errorf("subject %q: %w", name, err)
				}
			}
			for _, g := range spec.Guardians {
				gid, ok := names[g]
				if !ok {
					return nil, fmt.Errorf("subject %q: guardian %q is not a subject without guardians of its own", name, g)
				}
				s.Links = append(s.Links, subject.Link{ID: gid, Relation: subject.Parent, Verified: subject.Verification{Method: subject.Document, At: w.Clock.Now()}})
			}
			names[name] = w.Add(t, s)
		}
	}
	return names, nil
}

func runStep(t *testing.T, w *World, names map[string]subject.ID, st Step) error {
	t.Helper()
	if n := st.actions(); n != 1 {
		return fmt.Errorf("a step has %d actions; give exactly one (grant, withdraw, expire, advance, check, collect, trigger, close, hold, release, sweep, terminate)", n)
	}
	if st.Want != "" && st.Check == nil {
		return fmt.Errorf("\"want\" belongs to a check step")
	}
	switch {
	case st.Collect != nil, st.Trigger != nil, st.Close != "", st.Hold != nil, st.Release != "", st.Sweep != nil, st.Terminate != nil:
		return runRetentionStep(t, w, names, st)
	case st.Advance != "":
		d, err := time.ParseDuration(st.Advance)
		if err != nil {
			return fmt.Errorf("advance: %w", err)
		}
		w.Clock.Advance(d)
	case st.Grant != nil:
		return appendSpec(w, names, consent.Grant, st.Grant)
	case st.Withdraw != nil:
		return appendSpec(w, names, consent.Withdraw, st.Withdraw)
	case st.Expire != nil:
		return appendSpec(w, names, consent.Expire, st.Expire)
	case st.Check != nil:
		r, err := request(w, names, st.Check)
		if err != nil {
			return err
		}
		d := w.Guard.Check(t.Context(), r)
		got := "allow"
		if !d.Allowed() {
			got = d.Reason.String()
		}
		if got != st.Want {
			msg := d.String()
			if err := d.Err(); err != nil {
				msg = err.Error()
			}
			return fmt.Errorf("check %s %s: got %s, want %s: %s", st.Check.Operation, st.Check.Purpose, got, st.Want, msg)
		}
	default:
		return fmt.Errorf("empty step")
	}
	return nil
}

func lookup(names map[string]subject.ID, name string) (subject.ID, error) {
	id, ok := names[name]
	if !ok && name != "" {
		return subject.ID{}, fmt.Errorf("unknown subject %q", name)
	}
	return id, nil
}

func appendSpec(w *World, names map[string]subject.ID, kind consent.Kind, s *EventSpec) error {
	e := consent.Event{Kind: kind, Recipients: s.Recipients}
	var err error
	if e.Subject, err = lookup(names, s.Subject); err != nil {
		return err
	}
	if e.By.Guardian, err = lookup(names, s.By); err != nil {
		return err
	}
	for _, p := range s.Purposes {
		e.Purposes = append(e.Purposes, consent.PurposeRef{ID: purpose.ID(p)})
	}
	if kind == consent.Grant {
		e.Notice = "lawfultest"
		form := s.Form
		if form == "" {
			form = "click"
		}
		if err := e.Form.UnmarshalText([]byte(form)); err != nil {
			return err
		}
	}
	if s.Expires != "" {
		d, err := time.ParseDuration(s.Expires)
		if err != nil {
			return fmt.Errorf("expires: %w", err)
		}
		e.Expires = w.Clock.Now().Add(d)
	}
	ev, err := w.Ledger.Append(context.Background(), e)
	if err != nil || w.Tracker == nil {
		return err
	}
	_, err = w.Tracker.ConsentChanged(context.Background(), ev)
	return err
}

func request(w *World, names map[string]subject.ID, c *CheckSpec) (lawful.Request, error) {
	r := lawful.Request{Purpose: purpose.ID(c.Purpose), Recipient: c.Recipient}
	var err error
	if r.Subject, err = lookup(names, c.Subject); err != nil {
		return r, err
	}
	if r.Operation, err = purpose.ParseOperation(c.Operation); err != nil {
		return r, err
	}
	if r.Categories, err = pii.ParseSet(c.Categories); err != nil {
		return r, err
	}
	if c.Form != "" {
		if err := r.Form.UnmarshalText([]byte(c.Form)); err != nil {
			return r, err
		}
	}
	if c.At != "" {
		if at, perr := time.Parse(time.RFC3339, c.At); perr == nil {
			r.At = at
		} else if d, derr := time.ParseDuration(c.At); derr == nil {
			r.At = w.Clock.Now().Add(d)
		} else {
			return r, fmt.Errorf("at %q: want an RFC 3339 time or a duration such as \"-30m\"", c.At)
		}
	}
	r.Instrument = c.Instrument
	for _, a := range c.Attest {
		v, err := lawful.ParseAttestation(a)
		if err != nil {
			return r, err
		}
		r.Attest |= v
	}
	return r, nil
}
