package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

// The purposes of Clipo's policy (examples/policies/clipo.json) that the
// routes process data under.
const (
	// PurposeLogin covers the login identifiers: contract, PIPL art.
	// 13(1)(2). GET /account.
	PurposeLogin purpose.ID = "signup.login"
	// PurposeVoiceClone covers voice samples and voiceprints: consent,
	// separate (PIPL art. 29; DSP art. 14). GET /voice.
	PurposeVoiceClone purpose.ID = "service.voice_clone"
)

// ClipoRegime returns the regime Clipo's policy promises: PIPL, with a
// guardian's consent for every user under 18, in writing (seed 003 §七.1;
// MOR art. 31). Under 14 PIPL art. 31 requires the guardian anyway.
func ClipoRegime() lawful.Regime {
	r := lawful.PIPL()
	r.Ages.GuardianAge = 18
	r.GuardianForm = consent.Written
	return r
}

// Config configures an App. Registry and Directory are required; every
// other field has a documented default for its zero value.
type Config struct {
	// Registry is the compiled policy; it must declare the routes'
	// purposes.
	Registry *purpose.Registry
	// Directory finds subjects: birth dates, guardians, account status.
	Directory subject.Directory
	// Store persists the consent ledger; nil means a new consent.MemStore.
	Store consent.Store
	// Keys and Anchor protect a durable Store's ledger from edits made in
	// the database (see consent.Config); a MemStore needs neither.
	Keys   *consent.Keys
	Anchor consent.Anchor
	// Clock tells the time of consent events and checks; nil means
	// lawful.SystemClock.
	Clock lawful.Clock
	// Regime is the Guard's default regime; the zero value means
	// ClipoRegime().
	Regime lawful.Regime
	// Records is the service's data; nil means empty Records.
	Records *Records
	// Auditor, if not nil, records every decision of the Guard.
	Auditor lawful.Auditor
	// Logger receives errors the client cannot be told about; nil means
	// slog.Default().
	Logger *slog.Logger
}

// App is the HTTP service: a consent ledger, a Guard over it and the
// repository, behind these routes:
//
//	GET    /account              the caller's login identifiers (signup.login)
//	GET    /voice                the caller's voice clone (service.voice_clone)
//	POST   /consents             record a grant: {"purpose", "form", "for"?}
//	DELETE /consents/{purpose}   record a withdrawal; ?for= a child's ID
//
// Every route needs the X-Subject-ID header (see Middleware). Errors are
// RFC 9457 problems (see Problem). An App is safe for concurrent use.
type App struct {
	reg    *purpose.Registry
	ledger *consent.Ledger
	guard  *lawful.Guard
	repo   *Repository
	log    *slog.Logger
	mux    *http.ServeMux
}

// NewApp builds the App for cfg. It fails, naming every problem, if a
// required field is missing or the registry lacks a route's purpose.
func NewApp(cfg Config) (*App, error) {
	var errs []error
	if cfg.Registry == nil {
		errs = append(errs, errors.New("httpservice: Config.Registry is nil: load a policy, e.g. policies.Open(\"clipo.json\")"))
	}
	if cfg.Directory == nil {
		errs = append(errs, errors.New("httpservice: Config.Directory is nil: pass the subject directory"))
	}
	if cfg.Registry != nil {
		for _, p := range []purpose.ID{PurposeLogin, PurposeVoiceClone} {
			if _, ok := cfg.Registry.Lookup(p); !ok {
				errs = append(errs, fmt.Errorf("httpservice: the policy does not declare purpose %q, which a route processes data under", p))
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if cfg.Clock == nil {
		cfg.Clock = lawful.SystemClock{}
	}
	if cfg.Regime.Name == "" {
		cfg.Regime = ClipoRegime()
	}
	if cfg.Records == nil {
		cfg.Records = NewRecords()
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	ledger, err := consent.NewLedger(consent.Config{Registry: cfg.Registry, Directory: cfg.Directory, Store: cfg.Store, Keys: cfg.Keys, Anchor: cfg.Anchor, Clock: cfg.Clock})
	if err != nil {
		return nil, fmt.Errorf("httpservice: %w", err)
	}
	guard, err := lawful.NewGuard(lawful.Config{Registry: cfg.Registry, Directory: cfg.Directory, Ledger: ledger,
		Clock: cfg.Clock, Regime: cfg.Regime, Auditor: cfg.Auditor})
	if err != nil {
		return nil, fmt.Errorf("httpservice: %w", err)
	}
	a := &App{reg: cfg.Registry, ledger: ledger, guard: guard, repo: NewRepository(guard, cfg.Records), log: cfg.Logger, mux: http.NewServeMux()}
	a.mux.Handle("GET /account", Middleware(PurposeLogin)(http.HandlerFunc(a.getAccount)))
	a.mux.Handle("GET /voice", Middleware(PurposeVoiceClone)(http.HandlerFunc(a.getVoice)))
	a.mux.Handle("POST /consents", Middleware("")(http.HandlerFunc(a.postConsent)))
	a.mux.Handle("DELETE /consents/{purpose}", Middleware("")(http.HandlerFunc(a.deleteConsent)))
	return a, nil
}

// ServeHTTP implements http.Handler.
func (a *App) ServeHTTP(w http.ResponseWriter, r *http.Request) { a.mux.ServeHTTP(w, r) }

func (a *App) getAccount(w http.ResponseWriter, r *http.Request) {
	acct, err := a.repo.Account(r.Context())
	if err != nil {
		a.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, acct)
}

func (a *App) getVoice(w http.ResponseWriter, r *http.Request) {
	v, err := a.repo.Voice(r.Context())
	if err != nil {
		a.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// fail answers a repository error with its problem.
func (a *App) fail(w http.ResponseWriter, err error) {
	if d, ok := errors.AsType[*lawful.Denial](err); ok {
		writeProblem(w, DenialProblem(d))
		return
	}
	if errors.Is(err, ErrNotFound) {
		writeProblem(w, Problem{Type: TypeNotFound, Title: "Not found", Status: http.StatusNotFound,
			Detail: "there is no such record for this subject"})
		return
	}
	a.log.Error("httpservice: repository failed", "err", err)
	writeProblem(w, internalProblem())
}

// ConsentRequest is the body of POST /consents.
type ConsentRequest struct {
	// Purpose is the purpose consented to, e.g. "service.voice_clone".
	Purpose string `json:"purpose"`
	// Form is how consent was given: "click", "separate" or "written".
	// A real service sets it from the consent dialog it served, not from
	// the client's word; the example takes it from the body to show what
	// each form allows.
	Form string `json:"form"`
	// For is the ID of the child for whom the caller, their guardian,
	// consents (PIPL art. 31); empty when callers consent for themselves.
	For string `json:"for,omitempty"`
}

// ConsentRecord is the body of a successful POST or DELETE on /consents:
// the event the ledger recorded, without the subject's ID.
type ConsentRecord struct {
	// Event is the ledger event's ID (a UUIDv7).
	Event string `json:"event"`
	// Kind is "grant" or "withdraw".
	Kind string `json:"kind"`
	// Purpose is the purpose concerned.
	Purpose purpose.ID `json:"purpose"`
	// Version is the purpose version a grant was given under.
	Version int `json:"version,omitempty"`
	// Form is how a grant was given: "click", "separate" or "written".
	Form string `json:"form,omitempty"`
	// ByGuardian reports that a guardian acted for the subject.
	ByGuardian bool `json:"by_guardian,omitempty"`
	// Effective is when the event took effect.
	Effective time.Time `json:"effective"`
	// Notice is the version of the policy shown when consent was given.
	Notice string `json:"notice,omitempty"`
}

// maxBody bounds a request body.
const maxBody = 4 << 10

// decodeConsentRequest reads one flat JSON object of string fields, each
// named exactly as ConsentRequest's tags and at most once. encoding/json
// alone would take the last of two "purpose" keys and match "Purpose" as
// "purpose": a proxy or log reading the first one would then see another
// purpose than the ledger records.
func decodeConsentRequest(r io.Reader) (ConsentRequest, error) {
	var body ConsentRequest
	fields := map[string]*string{"purpose": &body.Purpose, "form": &body.Form, "for": &body.For}
	dec := json.NewDecoder(r)
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return body, errors.New("not a JSON object")
	}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return body, errors.New("malformed JSON")
		}
		key, _ := tok.(string)
		dst, known := fields[key]
		switch {
		case !known:
			return body, fmt.Errorf("unknown field %.40q", key)
		case seen[key]:
			return body, fmt.Errorf("field %q twice", key)
		}
		seen[key] = true
		if tok, err = dec.Token(); err != nil {
			return body, errors.New("malformed JSON")
		}
		v, ok := tok.(string)
		if !ok {
			return body, fmt.Errorf("field %q must be a string", key)
		}
		*dst = v
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return body, errors.New("malformed JSON")
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return body, errors.New("data after the object")
	}
	return body, nil
}

func (a *App) postConsent(w http.ResponseWriter, r *http.Request) {
	body, err := decodeConsentRequest(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		writeProblem(w, invalidRequest(err.Error()+"; the body must be one JSON object "+`{"purpose": "...", "form": "click|separate|written", "for": "child ID, optional"}`+" of at most 4 KiB"))
		return
	}
	if body.Purpose == "" {
		writeProblem(w, invalidRequest(`"purpose" is required: the ID of a purpose of the policy`))
		return
	}
	var form consent.Form
	if err := form.UnmarshalText([]byte(body.Form)); err != nil || !form.Valid() {
		writeProblem(w, invalidRequest(`"form" must be "click", "separate" or "written"`))
		return
	}
	e := consent.Event{
		Kind:     consent.Grant,
		Form:     form,
		Notice:   a.reg.Policy().Version, // the policy version the person was shown
		Purposes: []consent.PurposeRef{{ID: purpose.ID(body.Purpose)}},
	}
	if !a.actor(w, r, body.For, &e) {
		return
	}
	a.record(w, r, http.StatusCreated, e)
}

func (a *App) deleteConsent(w http.ResponseWriter, r *http.Request) {
	e := consent.Event{
		Kind:     consent.Withdraw,
		Purposes: []consent.PurposeRef{{ID: purpose.ID(r.PathValue("purpose"))}},
	}
	if !a.actor(w, r, r.URL.Query().Get("for"), &e) {
		return
	}
	a.record(w, r, http.StatusOK, e)
}

// actor sets who the event is about and who acts: the caller for
// themselves, or, when forID names a child, the caller as the child's
// guardian. The ledger checks that the caller is a verified guardian of
// that child (PIPL art. 31) and refuses the event otherwise.
func (a *App) actor(w http.ResponseWriter, r *http.Request, forID string, e *consent.Event) bool {
	caller, ok := lawful.SubjectFrom(r.Context())
	if !ok {
		a.log.Error("httpservice: consent route without Middleware")
		writeProblem(w, internalProblem())
		return false
	}
	if forID == "" {
		e.Subject = caller
		return true
	}
	child, err := subject.ParseID(forID)
	if err != nil {
		writeProblem(w, invalidRequest(`"for" must be the subject ID of a child the caller is the guardian of`))
		return false
	}
	e.Subject = child
	e.By = consent.Giver{Guardian: caller}
	return true
}

func invalidRequest(detail string) Problem {
	return Problem{Type: TypeInvalidRequest, Title: "Invalid request", Status: http.StatusBadRequest, Detail: detail}
}

// record appends e to the ledger and answers with the recorded event.
func (a *App) record(w http.ResponseWriter, r *http.Request, status int, e consent.Event) {
	got, err := a.ledger.Append(r.Context(), e)
	if err != nil {
		p := ledgerProblem(err)
		if p.Status >= 500 {
			a.log.Error("httpservice: consent ledger failed", "err", err)
		}
		writeProblem(w, p)
		return
	}
	rec := ConsentRecord{
		Event:      got.ID.String(),
		Kind:       got.Kind.String(),
		Purpose:    got.Purposes[0].ID,
		Version:    got.Purposes[0].Version,
		ByGuardian: got.By.IsGuardian(),
		Effective:  got.Effective,
		Notice:     got.Notice,
	}
	if got.Form.Valid() {
		rec.Form = got.Form.String()
	}
	writeJSON(w, status, rec)
}
