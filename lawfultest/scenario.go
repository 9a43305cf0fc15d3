package lawfultest

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful"
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
// grant, withdraw, expire (consent events effective at the clock; a grant
// may be named and one record withdrawn by that name), restrict, object and
// lift (what a person decides beyond consent), advance (a Go duration) and
// check, whose want is "allow" or a reason name (lawful.Reason's String)
// and whose obligations, if given, are exactly the decision's. A check's
// "at" may be an RFC 3339 time or a duration relative to the clock
// ("-30m"); "attest" lists attestation names; "item" names a tracked item:
//
//	{"grant": {"subject": "a", "purposes": ["marketing.events"], "name": "spring"}},
//	{"withdraw": {"subject": "a", "ends": "spring"}},
//	{"restrict": {"subject": "a", "categories": "contact.phone"}},
//	{"object": {"subject": "a", "purposes": ["ads.personalised"]}},
//	{"lift": {"subject": "a", "purposes": ["ads.personalised"]}},
//	{"check": {..., "item": {"key": "log-1", "collected": "-200h"}}, "want": "allow",
//	 "obligations": ["impact_assessment", "offer_non_personalised"]}
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
	Grant    *EventSpec `json:"grant,omitempty"`
	Withdraw *EventSpec `json:"withdraw,omitempty"`
	Expire   *EventSpec `json:"expire,omitempty"`
	Restrict *LimitSpec `json:"restrict,omitempty"`
	Object   *LimitSpec `json:"object,omitempty"`
	Lift     *LimitSpec `json:"lift,omitempty"`
	Advance  string     `json:"advance,omitempty"`
	Check    *CheckSpec `json:"check,omitempty"`
	Want     string     `json:"want,omitempty"`
	// Obligations, with a check, lists exactly the obligations the
	// decision carries, by name ("record_disclosure", ...); [] for none,
	// absent to not check them.
	Obligations []string `json:"obligations,omitempty"`

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
	for _, set := range []bool{st.Grant != nil, st.Withdraw != nil, st.Expire != nil, st.Restrict != nil, st.Object != nil, st.Lift != nil, st.Advance != "", st.Check != nil,
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
	// Name, on a grant, names the consent record it makes, for a later
	// withdraw or expire to end alone (Ends).
	Name string `json:"name,omitempty"`
	// Ends, on a withdraw or expire, is the name of the grant whose record
	// alone it ends (consent.Event.Ends); Purposes may then be empty.
	Ends string `json:"ends,omitempty"`
}

// LimitSpec is a restriction of categories (restrict: Categories), an
// objection to purposes (object: Purposes) or the lifting of either (lift),
// by fixture names (consent.Restrict, Object, Lift).
type LimitSpec struct {
	Subject    string   `json:"subject"`
	By         string   `json:"by,omitempty"`
	Categories string   `json:"categories,omitempty"`
	Purposes   []string `json:"purposes,omitempty"`
}

// ItemSpec names a tracked item a check is about (lawful.Request.Item):
// its key and when it was collected, an RFC 3339 time or a duration
// relative to the clock.
type ItemSpec struct {
	Key       string `json:"key"`
	Collected string `json:"collected"`
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
	// Item is Request.Item: the check is about one tracked item, whose own
	// retention period decides.
	Item *ItemSpec `json:"item,omitempty"`
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
			r := &run{w: w, names: names, grants: map[string]uuid.UUID{}}
			for i, st := range sc.Steps {
				if err := r.step(t, st); err != nil {
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
