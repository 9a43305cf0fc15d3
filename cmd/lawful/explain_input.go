package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/internal/strictjson"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

// Limits of a request file (explain's second argument).
const (
	maxRequestSize     = 1 << 20 // bytes
	maxRequestElements = 10000   // elements of one array or members of one object
	maxRequestDepth    = 6       // nesting; the format needs 4
	maxGuardians       = 16      // guardians of the subject
	maxInstrumentField = 4096    // bytes of request.instrument; the Guard itself refuses more than lawful.MaxInstrument
)

var requestLimits = strictjson.Limits{MaxSize: maxRequestSize, SizeName: "the request file's limit", MaxDepth: maxRequestDepth, MaxElements: maxRequestElements}

// requestFile is explain's request.json: a subject, its consent history
// and one request, in a world whose clock reads Now when the request is
// decided. The format is documented in README.md.
type requestFile struct {
	// Now is the clock's reading when the request is decided (RFC 3339);
	// default: the later of the request's at (when an RFC 3339 time) and
	// the latest event's at, else the system time.
	Now     string       `json:"now,omitempty"`
	Regime  *regimeJSON  `json:"regime,omitempty"`
	Subject subjectJSON  `json:"subject"`
	Events  []eventJSON  `json:"events,omitempty"`
	Request *requestJSON `json:"request"`
}

// regimeJSON adjusts the default regime (PIPL unless base says gdpr), as
// lawfultest scenario files do.
type regimeJSON struct {
	Base          string            `json:"base,omitempty"`
	GuardianAge   int               `json:"guardian_age,omitempty"`
	ChildAge      int               `json:"child_age,omitempty"`
	GuardianForm  string            `json:"guardian_form,omitempty"`
	Jurisdictions map[string]string `json:"jurisdictions,omitempty"`
}

type subjectJSON struct {
	Birth        string         `json:"birth,omitempty"`        // YYYY-MM-DD; unknown counts as a child (fail closed)
	Jurisdiction string         `json:"jurisdiction,omitempty"` // ISO 3166-1 alpha-2; "" is the default regime's
	Status       string         `json:"status,omitempty"`       // active (default), frozen, closed, deceased
	History      []statusJSON   `json:"history,omitempty"`
	Guardians    []guardianJSON `json:"guardians,omitempty"`
}

type statusJSON struct {
	Status string `json:"status"`
	Since  string `json:"since"`
}

type guardianJSON struct {
	Name       string `json:"name"`                  // what events' "by" says
	Birth      string `json:"birth"`                 // a guardian must be an adult
	Relation   string `json:"relation,omitempty"`    // parent (default) or guardian
	Verified   string `json:"verified,omitempty"`    // the verification method (default document), or "none"
	VerifiedAt string `json:"verified_at,omitempty"` // default: the world's first instant
}

type eventJSON struct {
	Kind       string   `json:"kind"`
	At         string   `json:"at,omitempty"`        // when it is recorded; default now
	Effective  string   `json:"effective,omitempty"` // default at
	Purposes   []string `json:"purposes,omitempty"`
	Form       string   `json:"form,omitempty"` // grant: click (default), separate, written
	By         string   `json:"by,omitempty"`   // a guardian's name
	Recipients []string `json:"recipients,omitempty"`
	Categories string   `json:"categories,omitempty"` // restrict, lift
	Expires    string   `json:"expires,omitempty"`    // grant: RFC 3339, or a duration after the effective time
	Notice     string   `json:"notice,omitempty"`     // grant: default the policy's version
	Name       string   `json:"name,omitempty"`       // grant: for a later "ends"
	Ends       string   `json:"ends,omitempty"`       // withdraw, expire: the named grant whose record alone it ends
}

type requestJSON struct {
	Purpose    string    `json:"purpose"`
	Operation  string    `json:"operation"`
	Categories string    `json:"categories"`
	Recipient  string    `json:"recipient,omitempty"`
	Form       string    `json:"form,omitempty"` // identified (default), pseudonymised, deidentified, anonymised
	At         string    `json:"at,omitempty"`   // RFC 3339, or a duration relative to now ("-30m"); default: now, a live request
	Attest     []string  `json:"attest,omitempty"`
	Instrument string    `json:"instrument,omitempty"`
	Item       *itemJSON `json:"item,omitempty"`
}

type itemJSON struct {
	Key       string `json:"key"`
	Collected string `json:"collected"` // RFC 3339, or a duration relative to now
}

// world is a decoded request file: everything explain builds and asks.
type world struct {
	now           time.Time
	start         time.Time // the first instant: subjects are put then
	regime        lawful.Regime
	jurisdictions map[string]lawful.Regime
	subject       subject.Subject
	guardians     []guardian
	events        []worldEvent
	request       lawful.Request
}

type guardian struct {
	name string
	s    subject.Subject
	link subject.Link
}

// worldEvent is an event to append when the clock reads at, with the
// names it refers to still to resolve (a grant's name, ends, by).
type worldEvent struct {
	at    time.Time
	e     consent.Event
	name  string
	ends  string
	by    string
	index int
}

// decodeRequest decodes and checks a request file. Every error names the
// field (events[2].at) and says what is wrong.
func decodeRequest(data []byte, reg *purpose.Registry, system time.Time) (*world, error) {
	var f requestFile
	if err := strictjson.Decode(data, &f, requestLimits); err != nil {
		return nil, err
	}
	if f.Request == nil {
		return nil, fmt.Errorf("request: missing; give the request to decide: {\"purpose\": ..., \"operation\": ..., \"categories\": ...}")
	}
	w := &world{}
	if err := w.times(&f, system); err != nil {
		return nil, err
	}
	if err := w.regimes(f.Regime); err != nil {
		return nil, err
	}
	if err := w.subjectOf(&f.Subject); err != nil {
		return nil, err
	}
	notice := reg.Policy().Version
	if notice == "" {
		notice = "lawful explain"
	}
	for i := range f.Events {
		ev, err := w.event(&f.Events[i], i, notice)
		if err != nil {
			return nil, fmt.Errorf("events[%d]: %w", i, err)
		}
		w.events = append(w.events, ev)
	}
	if err := w.requestOf(f.Request); err != nil {
		return nil, fmt.Errorf("request.%w", err)
	}
	return w, nil
}

// times sets now and start: now from the file or its default, start the
// earliest instant the file names (no later than now). Events are
// recorded in order: an event without "at" is recorded at now, so none
// after it may be earlier.
func (w *world) times(f *requestFile, system time.Time) error {
	ats := make([]time.Time, len(f.Events))
	var last time.Time
	for i, e := range f.Events {
		if e.At == "" {
			continue
		}
		at, err := parseTime(e.At)
		if err != nil {
			return fmt.Errorf("events[%d].at: %w", i, err)
		}
		ats[i] = at
		if at.After(last) {
			last = at
		}
	}
	if err := w.setNow(f, last, system); err != nil {
		return err
	}
	prev := time.Time{}
	for i := range ats {
		if ats[i].IsZero() {
			ats[i] = w.now
		}
		switch {
		case ats[i].Before(prev):
			return fmt.Errorf("events[%d].at: %s is before the event before it (an event without \"at\" is recorded at now); list events in the order they were recorded", i, ats[i].Format(time.RFC3339))
		case ats[i].After(w.now):
			return fmt.Errorf("events[%d].at: %s is after now (%s); set now to the time of the request", i, ats[i].Format(time.RFC3339), w.now.Format(time.RFC3339))
		}
		prev = ats[i]
	}
	w.start = w.now
	if len(ats) > 0 && ats[0].Before(w.now) {
		w.start = ats[0]
	}
	return nil
}

// setNow sets now: the file's, else the later of the request's absolute
// at and the latest event's time, else the system's.
func (w *world) setNow(f *requestFile, last, system time.Time) error {
	if f.Now != "" {
		now, err := parseTime(f.Now)
		if err != nil {
			return fmt.Errorf("now: %w", err)
		}
		w.now = now
		return nil
	}
	w.now = last
	if f.Request != nil && f.Request.At != "" {
		if at, err := parseTime(f.Request.At); err == nil && at.After(w.now) {
			w.now = at
		}
	}
	if w.now.IsZero() {
		w.now = system
	}
	return nil
}

func (w *world) regimes(r *regimeJSON) error {
	w.regime = lawful.PIPL()
	if r == nil {
		return nil
	}
	switch strings.ToLower(r.Base) {
	case "", "pipl":
	case "gdpr":
		w.regime = lawful.GDPR()
	default:
		return fmt.Errorf("regime.base %q: want pipl or gdpr", clip(r.Base))
	}
	if r.GuardianAge < 0 || r.ChildAge < 0 {
		return fmt.Errorf("regime: ages are whole years, 0 or more")
	}
	if r.GuardianAge != 0 {
		w.regime.Ages.GuardianAge = r.GuardianAge
	}
	if r.ChildAge != 0 {
		w.regime.Ages.ChildAge = r.ChildAge
		if w.regime.Law == pii.GDPR && r.GuardianAge == 0 {
			w.regime.Ages.GuardianAge = r.ChildAge
		}
	}
	if r.GuardianForm != "" {
		if err := w.regime.GuardianForm.UnmarshalText([]byte(r.GuardianForm)); err != nil {
			return fmt.Errorf("regime.guardian_form: %w", err)
		}
	}
	for code, name := range r.Jurisdictions {
		if w.jurisdictions == nil {
			w.jurisdictions = map[string]lawful.Regime{}
		}
		switch strings.ToLower(name) {
		case "pipl":
			w.jurisdictions[code] = lawful.PIPL()
		case "gdpr":
			w.jurisdictions[code] = lawful.GDPR()
		default:
			return fmt.Errorf("regime.jurisdictions[%q] %q: want pipl or gdpr", clip(code), clip(name))
		}
	}
	return nil
}

// parseTime reads an RFC 3339 time.
func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not an RFC 3339 time such as \"2026-03-01T10:00:00+08:00\"", clip(s))
	}
	return t, nil
}

// instant reads an RFC 3339 time or a duration relative to base ("-30m").
func instant(s string, base time.Time) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if d, err := time.ParseDuration(s); err == nil {
		return base.Add(d), nil
	}
	return time.Time{}, fmt.Errorf("%q: want an RFC 3339 time or a duration such as \"-30m\" or \"720h\"", clip(s))
}
