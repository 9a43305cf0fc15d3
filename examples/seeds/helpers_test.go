package seeds_test

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/examples/seeds"
	"github.com/lawfulgo/lawful/lawfultest"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/rights"
	"github.com/lawfulgo/lawful/subject"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// This file holds the helpers that the seed tests (seed000_test.go …
// seed004_test.go) share. What one seed alone uses stays in its file.

// Recipient names that several seeds' policy.json use. The seeds name
// neither the state organs nor the emergency services; these are
// descriptions.
const (
	stateOrgans     = "State organs making a lawful demand (依法提出要求的司法机关、检察机关、公安机关及其他国家机关)"
	emergencyPolice = "Emergency services and public-security organs (急救机构及公安机关)"
)

// openSeed compiles a seed file that must load.
func openSeed(t *testing.T, name string) *purpose.Registry {
	t.Helper()
	reg, err := seeds.Open(name)
	require.NoError(t, err, name)
	require.NotNil(t, reg)
	return reg
}

// lookup returns the purpose id of reg, which must be declared.
func lookup(t *testing.T, reg *purpose.Registry, id purpose.ID) purpose.Compiled {
	t.Helper()
	c, ok := reg.Lookup(id)
	require.True(t, ok, "purpose %q is not declared", id)
	return c
}

// piplGuardianTo18 is PIPL with guardian consent up to 18, as seeds 000
// §6 and 001 §VII promise it and their scenarios.json set it. Seed 004 §七
// is different: its service is for adults only (trait adults_only), so a
// minor is refused whatever a guardian consents to.
func piplGuardianTo18() lawful.Regime {
	r := lawful.PIPL()
	r.Ages.GuardianAge = 18
	return r
}

// disclosable is what legal.disclosure must cover: every category the
// other purposes of reg declare, except secrets and except (a category
// list, "" for none).
func disclosable(t *testing.T, reg *purpose.Registry, except string) pii.Set {
	t.Helper()
	var all pii.Set
	for _, c := range reg.Purposes() {
		if c.ID() != "legal.disclosure" {
			all = all.Union(c.Categories())
		}
	}
	require.False(t, all.IsEmpty())
	return all.Minus(all.Secret()).Minus(pii.MustParseSet(except))
}

// abroad is what a policy declares about an overseas recipient.
type abroad struct {
	country   string
	mechanism purpose.Mechanism
}

// purposeRow is one row of a clause-by-clause table: what the compliant
// policy must declare for one purpose. gdpr is the basis under GDPR, for
// a policy that serves it. recipients gives each recipient's role, and
// overseas the country and mechanism of those outside China; every other
// recipient is in China.
type purposeRow struct {
	name       string // the rule, the article and the seed clause
	id         purpose.ID
	basis      purpose.Basis
	cites      string
	gdpr       purpose.Legal
	core       bool
	required   string
	optional   string
	ops        []purpose.Operation
	recipients map[string]purpose.Role
	overseas   map[string]abroad
	retention  string
	traits     purpose.Trait
}

// checkPurposes runs one subtest per row, and checks that the rows cover
// every purpose of the registry in policy order.
func checkPurposes(t *testing.T, reg *purpose.Registry, rows []purposeRow) {
	t.Helper()
	t.Run("every_purpose_declared_in_seed_order", func(t *testing.T) {
		var got, want []purpose.ID
		for _, c := range reg.Purposes() {
			got = append(got, c.ID())
		}
		for _, w := range rows {
			want = append(want, w.id)
		}
		assert.Equal(t, want, got)
	})
	for _, w := range rows {
		t.Run(w.name, func(t *testing.T) {
			c := lookup(t, reg, w.id)
			legal, ok := c.Legal(pii.PIPL)
			require.True(t, ok)
			assert.Equal(t, w.basis, legal.Basis, "PIPL basis")
			assert.Equal(t, w.cites, legal.Cites, "PIPL cites")
			g, served := c.Legal(pii.GDPR)
			if reg.Serves(pii.GDPR) {
				require.True(t, served)
				assert.Equal(t, w.gdpr, g, "GDPR basis")
			} else {
				assert.Zero(t, w.gdpr, "the policy does not serve GDPR")
			}
			assert.Equal(t, w.core, c.Core(), "core (PIPL art. 16)")
			assert.Equal(t, pii.MustParseSet(w.required), c.Required(), "required categories")
			assert.Equal(t, pii.MustParseSet(w.optional), c.Optional(), "optional categories")
			assert.Equal(t, purpose.OperationsOf(w.ops...), c.Operations(), "operations")
			roles, out := map[string]purpose.Role{}, map[string]abroad{}
			for _, r := range c.Recipients() {
				roles[r.Name] = r.Role
				if a := (abroad{r.Country, r.Mechanism}); a != (abroad{}) {
					out[r.Name] = a
				}
				_, overseas := w.overseas[r.Name]
				assert.Equal(t, overseas, r.Overseas(), "%s: overseas", r.Name)
			}
			assert.Equal(t, orEmpty(w.recipients), roles, "recipients")
			assert.Equal(t, orEmpty(w.overseas), out, "overseas recipients")
			assert.Equal(t, w.retention, c.RetentionID(), "retention")
			assert.Equal(t, w.traits, c.Traits(), "traits")
			assert.Equal(t, 1, c.Version(), "the seed has one version")
		})
	}
}

// orEmpty returns m, or an empty map if m is nil.
func orEmpty[V any](m map[string]V) map[string]V {
	if m == nil {
		return map[string]V{}
	}
	return m
}

// retentionRule is the retention rule schema package retention reads:
// exactly these fields, no others.
type retentionRule struct {
	Categories   []string `json:"categories,omitempty"`
	Keep         string   `json:"keep,omitempty"`
	From         string   `json:"from,omitempty"`
	EndsOn       []string `json:"ends_on,omitempty"`
	Grace        string   `json:"grace,omitempty"`
	Minimum      string   `json:"minimum,omitempty"`
	MinimumCites string   `json:"minimum_cites,omitempty"`
	Maximum      string   `json:"maximum,omitempty"`
	Action       string   `json:"action,omitempty"`
	Cites        string   `json:"cites,omitempty"`
}

var (
	retentionTriggers = []string{"collected", "purpose_achieved", "consent_withdrawn", "account_closed", "deletion_requested", "service_terminated"}
	isoPeriod         = regexp.MustCompile(`^P(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$`)
)

// retentionRow is what one retention statement must say: its rule and,
// when summary is set, a phrase of the English summary people are told
// (NDSMR art. 21(3)), which then must have a Chinese text as well.
type retentionRow struct {
	name    string // the subtest: the rule, the article and the seed clause; id if empty
	id      string
	rule    retentionRule
	summary string
}

// checkRetention checks that the policy has exactly the want statements,
// in order (in subtest listed, or in t if listed is ""), and, one subtest
// per row, that each rule decodes strictly into the retention schema with
// valid periods, triggers and action, that a legal minimum cites its law
// and only a minimum has minimum_cites, that some purpose references each
// statement, and that a rule's categories belong to the purposes
// referencing it.
func checkRetention(t *testing.T, reg *purpose.Registry, listed string, want []retentionRow) {
	t.Helper()
	checkListed := func(t *testing.T) {
		var got, ids []string
		for _, r := range reg.Policy().Retention {
			got = append(got, r.ID)
		}
		for _, w := range want {
			ids = append(ids, w.id)
		}
		assert.Equal(t, ids, got, "retention statements")
	}
	if listed == "" {
		checkListed(t)
	} else {
		t.Run(listed, checkListed)
	}
	for _, w := range want {
		t.Run(cmp.Or(w.name, w.id), func(t *testing.T) {
			rt, ok := reg.Retention(w.id)
			require.True(t, ok, "retention %q", w.id)
			assert.NotEmpty(t, rt.Summary.EN, "the period people are told (NDSMR art. 21(3))")
			if w.summary != "" {
				assert.Contains(t, rt.Summary.EN, w.summary)
				assert.NotEmpty(t, rt.Summary.ZH)
			}
			var got retentionRule
			dec := json.NewDecoder(bytes.NewReader(rt.Rule))
			dec.DisallowUnknownFields()
			require.NoError(t, dec.Decode(&got), "rule %s", rt.Rule)
			assert.Equal(t, w.rule, got)

			// The schema's value rules.
			for _, p := range []string{got.Keep, got.Grace, got.Minimum, got.Maximum} {
				if p != "" {
					assert.Regexp(t, isoPeriod, p, "ISO 8601 period")
					assert.NotEqual(t, "P", p)
				}
			}
			if got.From != "" {
				assert.Contains(t, retentionTriggers, got.From)
			}
			for _, e := range got.EndsOn {
				assert.Contains(t, retentionTriggers[1:], e, "ends_on trigger")
			}
			assert.Contains(t, []string{"", "delete", "anonymise"}, got.Action)
			assert.Equal(t, got.Minimum != "", got.MinimumCites != "", "a minimum needs minimum_cites and only a minimum has one")
			if got.Minimum != "" {
				assert.Contains(t, got.MinimumCites, " art. ", "a legal minimum cites its law")
			}
			var of pii.Set
			for _, c := range reg.Purposes() {
				if c.RetentionID() == w.id {
					of = of.Union(c.Categories())
				}
			}
			assert.False(t, of.IsEmpty(), "no purpose references retention %q", w.id)
			if len(got.Categories) > 0 {
				cats, err := pii.ParseSet(strings.Join(got.Categories, ","))
				require.NoError(t, err)
				assert.True(t, cats.SubsetOf(of), "rule categories %v are not all categories of its purposes", cats.Minus(of))
			}
		})
	}
}

// problem is one problem that loading an as_written.json must report:
// where and field as the ValidationError gives them, the sentinel, the
// seed clause it comes from (README.md has a row for each, with the same
// clause) and a phrase of the message, which also tells apart the PIPL and
// GDPR problems of one basis.
type problem struct {
	where, field string
	err          error
	clause       string
	says         string
}

// checkAsWritten loads an as_written.json and checks that it fails with
// exactly want, in order.
func checkAsWritten(t *testing.T, name string, want []problem) *purpose.ValidationError {
	t.Helper()
	reg, err := seeds.Open(name)
	assert.Nil(t, reg, "nothing is built from a policy with problems")
	require.Error(t, err)
	assert.ErrorIs(t, err, purpose.ErrInvalidPolicy)
	ve, ok := errors.AsType[*purpose.ValidationError](err)
	require.True(t, ok, "%v", err)
	var got, wantWhere []string
	for _, p := range ve.Problems {
		got = append(got, p.Where+": "+p.Field)
	}
	for _, w := range want {
		wantWhere = append(wantWhere, w.where+": "+w.field)
	}
	require.Equal(t, wantWhere, got, "%v", err)
	for i, w := range want {
		p := ve.Problems[i]
		assert.ErrorIs(t, p.Err, w.err, "%s (%s)", p, w.clause)
		assert.Contains(t, p.Err.Error(), w.says, "%s (%s)", p, w.clause)
	}
	return ve
}

// findProblem returns the problem at where and field whose message
// contains says ("" for any).
func findProblem(t *testing.T, ve *purpose.ValidationError, where, field, says string) purpose.Problem {
	t.Helper()
	i := slices.IndexFunc(ve.Problems, func(p purpose.Problem) bool {
		return p.Where == where && p.Field == field && strings.Contains(p.Err.Error(), says)
	})
	require.GreaterOrEqual(t, i, 0, "no problem at %s: %s saying %q", where, field, says)
	return ve.Problems[i]
}

// namedProblem is a defect of an as-written policy checked as its own
// subtest: the problem at where and field whose message contains says (""
// for any) matches err.
type namedProblem struct {
	name, where, field, says string
	err                      error
}

// checkNamedProblems runs one subtest per named problem.
func checkNamedProblems(t *testing.T, ve *purpose.ValidationError, problems []namedProblem) {
	t.Helper()
	for _, p := range problems {
		t.Run(p.name, func(t *testing.T) {
			assert.ErrorIs(t, findProblem(t, ve, p.where, p.field, p.says).Err, p.err)
		})
	}
}

// restOfAsWritten decodes an as_written.json and keeps what loading
// accepts: a purpose whose only problems are a share with no recipient
// loses the share (the Guard then refuses it as undeclared), every other
// purpose with a problem in want is dropped, and the rest must compile,
// to kept purposes. That proves want is everything loading detects, and
// gives the registry on which the Guard shows what loading cannot see.
func restOfAsWritten(t *testing.T, name string, purposes, kept int, want []problem) *purpose.Registry {
	t.Helper()
	data, err := seeds.FS.ReadFile(name)
	require.NoError(t, err)
	p, err := purpose.DecodePolicy(data)
	require.NoError(t, err, "schema problems would hide the law problems")
	require.Len(t, p.Purposes, purposes)
	byWhere := map[string][]problem{}
	for _, w := range want {
		byWhere[w.where] = append(byWhere[w.where], w)
	}
	shareOnly := func(ps []problem) bool {
		for _, w := range ps {
			if w.field != "recipients" || !errors.Is(w.err, purpose.ErrUndeclaredRecipient) || !strings.Contains(w.says, "operation share") {
				return false
			}
		}
		return true
	}
	share := purpose.OperationsOf(purpose.Share)
	p.Purposes = slices.DeleteFunc(p.Purposes, func(d purpose.Purpose) bool {
		ps := byWhere[`purpose "`+string(d.ID)+`"`]
		return len(ps) > 0 && (!shareOnly(ps) || d.Operations.Minus(share) == 0)
	})
	for i := range p.Purposes {
		if len(byWhere[`purpose "`+string(p.Purposes[i].ID)+`"`]) > 0 {
			p.Purposes[i].Operations = p.Purposes[i].Operations.Minus(share)
		}
	}
	reg, err := purpose.Compile(p)
	require.NoError(t, err)
	assert.Equal(t, kept, reg.Len(), "purposes that load")
	return reg
}

// decision is a Guard request and the expected outcome (nil: allowed).
// The request's subject is an adult in China unless subject makes one.
type decision struct {
	name    string
	subject func(t *testing.T, w *lawfultest.World) subject.ID
	grant   *consent.Form // consent given first: by the subject's first linked guardian if it has one, else by the subject
	req     lawful.Request
	want    error
	// third marks a request about someone who is not a party to the
	// service's contract (a person in uploaded media); every other row's
	// subject is a user of the service, a party to its terms, and the row
	// attests lawful.ContractParty (PIPL art. 13(1)(2)).
	third bool
	// obliges are obligations an allowed decision must carry (e.g.
	// lawful.OfferNonPersonalised, PIPL art. 24 para 2).
	obliges lawful.Obligations
}

// checkDecisions runs each row in a fresh World over reg.
func checkDecisions(t *testing.T, reg *purpose.Registry, opts lawfultest.Options, rows []decision) {
	t.Helper()
	for _, row := range rows {
		t.Run(row.name, func(t *testing.T) {
			w := lawfultest.New(t, reg, opts)
			r := row.req
			if !row.third {
				r.Attest |= lawful.ContractParty
			}
			if row.subject != nil {
				r.Subject = row.subject(t, w)
			} else {
				r.Subject = w.Adult(t)
			}
			if row.grant != nil {
				s, err := w.Directory.Lookup(context.Background(), r.Subject)
				require.NoError(t, err)
				e := consent.Event{Kind: consent.Grant, Subject: r.Subject, Form: *row.grant, Purposes: []consent.PurposeRef{{ID: r.Purpose}}}
				if len(s.Links) > 0 {
					e.By.Guardian = s.Links[0].ID
				}
				if r.Operation == purpose.Share && r.Recipient != "" && *row.grant >= consent.Separate {
					e.Recipients = []string{r.Recipient}
				}
				w.Append(t, e)
			}
			if row.want == nil {
				d := lawfultest.AssertAllowed(t, w.Guard, r)
				assert.Equal(t, row.obliges, d.Obligations&row.obliges, "obligations: %v", d.Obligations)
			} else {
				lawfultest.AssertDenied(t, w.Guard, r, row.want)
			}
		})
	}
}

// form returns a pointer to f, for decision.grant.
func form(f consent.Form) *consent.Form { return &f }

// child returns a subject maker: a child of the given age in
// jurisdiction, with a verified parent when guardian is set.
func child(age int, jurisdiction string, guardian bool) func(t *testing.T, w *lawfultest.World) subject.ID {
	return func(t *testing.T, w *lawfultest.World) subject.ID {
		// Birthday a month ago, away from either regime's counting rule.
		birth := subject.DateOf(w.Clock.Now().AddDate(0, -1, 0), w.Regime.Ages.Location).AddYears(-age)
		id := w.Add(t, subject.Subject{Birth: birth, Jurisdiction: jurisdiction})
		if guardian {
			w.Guardian(t, id)
		}
		return id
	}
}

// staleAfterMaterialChange shows a seed's update clause: consent given
// under version 1 of id stops counting when version 2 is material (PIPL
// art. 14 para 2), here one making change, but not when it only rewords
// (art. 17 para 2). The policy file has one version; the test adds the
// second.
func staleAfterMaterialChange(t *testing.T, name string, regime lawful.Regime, id purpose.ID, change purpose.Change, r lawful.Request) {
	t.Helper()
	data, err := seeds.FS.ReadFile(name)
	require.NoError(t, err)
	withVersion2 := func(material bool, change purpose.Change) *purpose.Registry {
		p, err := purpose.DecodePolicy(data)
		require.NoError(t, err)
		i := slices.IndexFunc(p.Purposes, func(d purpose.Purpose) bool { return d.ID == id })
		require.GreaterOrEqual(t, i, 0)
		p.Purposes[i].Versions = append(p.Purposes[i].Versions, purpose.Version{Number: 2, Material: material, Changes: change})
		return purpose.MustCompile(p)
	}
	v1 := openSeed(t, name)
	for _, tc := range []struct {
		name     string
		material bool
		change   purpose.Change
		want     error
	}{
		{"material_change_makes_v1_consent_stale_PIPL_art14_para2", true, change, lawful.ErrConsentStale},
		{"wording_change_keeps_v1_consent_PIPL_art17_para2", false, purpose.ChangedWording, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			store := consent.NewMemStore()
			before := lawfultest.New(t, v1, lawfultest.Options{Regime: regime, Store: store})
			r := r
			r.Subject = before.Adult(t)
			before.Grant(t, r.Subject, consent.Separate, id)
			lawfultest.AssertAllowed(t, before.Guard, r, "v1 consent under v1")

			after := lawfultest.New(t, withVersion2(tc.material, tc.change), lawfultest.Options{
				Regime: regime, Store: store, Start: before.Clock.Now().Add(30 * 24 * time.Hour),
			})
			s, err := before.Directory.Lookup(context.Background(), r.Subject)
			require.NoError(t, err)
			after.Add(t, s)
			if tc.want == nil {
				lawfultest.AssertAllowed(t, after.Guard, r, "v1 consent under a reworded v2")
				return
			}
			lawfultest.AssertDenied(t, after.Guard, r, tc.want, "neither continued use nor a notice of the update is consent to a material change")
			after.Grant(t, r.Subject, consent.Separate, id)
			lawfultest.AssertAllowed(t, after.Guard, r, "re-consent under v2")
		})
	}
}

// servesPIPLOnly shows that a PIPL-only policy gives a subject under GDPR
// no ground at all: in subtest
// EU_subject_has_no_ground_in_a_PIPL_only_policy_GDPR_art6 the Guard
// denies r to an adult in Germany with NoStatutoryBasis under GDPR (art.
// 6), while it allows r to an adult in China, in subtest cn, or in the EU
// subtest if cn is "". This is the one denial reason a scenario file
// cannot produce: its subjects all fall under the file's one regime,
// which the policy must serve.
func servesPIPLOnly(t *testing.T, name string, r lawful.Request, cn string) {
	t.Helper()
	w := lawfultest.New(t, openSeed(t, name), lawfultest.Options{Regime: piplGuardianTo18(), Jurisdictions: map[string]lawful.Regime{"DE": lawful.GDPR()}})
	r.Attest |= lawful.ContractParty // the subjects are users, parties to the service's terms
	inChina := func(t *testing.T) {
		cn := r
		cn.Subject = w.Adult(t)
		lawfultest.AssertAllowed(t, w.Guard, cn)
	}
	t.Run("EU_subject_has_no_ground_in_a_PIPL_only_policy_GDPR_art6", func(t *testing.T) {
		eu := r
		eu.Subject = w.Add(t, subject.Subject{Birth: w.BornYearsAgo(30), Jurisdiction: "DE"})
		d := lawfultest.AssertDenied(t, w.Guard, eu, lawful.ErrNoStatutoryBasis)
		assert.Equal(t, "GDPR", d.Regime)
		if cn == "" {
			inChina(t)
		}
	})
	if cn != "" {
		t.Run(cn, inChina)
	}
}

// readmeListsEveryProvenDefect checks that README.md has a row per
// as-written problem naming its Where and Field, the seed clause and the
// sentinel.
func readmeListsEveryProvenDefect(t *testing.T, readme string, want []problem) {
	t.Helper()
	data, err := os.ReadFile(readme)
	require.NoError(t, err)
	lines := strings.Split(string(data), "\n")
	sentinels := []struct {
		err  error
		name string
	}{
		{purpose.ErrMissingCitation, "ErrMissingCitation"},
		{purpose.ErrNoStatutoryBasis, "ErrNoStatutoryBasis"},
		{purpose.ErrUndeclaredRecipient, "ErrUndeclaredRecipient"},
		{purpose.ErrCrossBorder, "ErrCrossBorder"},
		{purpose.ErrMissingField, "ErrMissingField"},
	}
	for _, w := range want {
		cell := "`" + w.where + "`: `" + w.field + "`"
		i := slices.IndexFunc(lines, func(l string) bool { return strings.Contains(l, cell) })
		if !assert.GreaterOrEqual(t, i, 0, "%s has no row for %s", readme, cell) {
			continue
		}
		assert.Contains(t, lines[i], w.clause, "%s row for %s: the first row naming it is the clause's", readme, cell)
		named := false
		for _, s := range sentinels {
			if errors.Is(w.err, s.err) {
				assert.Contains(t, lines[i], "`"+s.name+"`", "%s row for %s", readme, cell)
				named = true
			}
		}
		assert.True(t, named, "%s: sentinel %v has no name in this test", cell, w.err)
	}
}

// workdays is a working-day calendar for the deadline tests: a TEST
// FIXTURE shaped like a State Council holiday notice (Spring Festival,
// Labour Day and National Day with their make-up working weekends, 调休),
// not the official schedule. A service loads the published one with
// rights.ParseHolidays.
func workdays(t *testing.T) rights.Calendar {
	t.Helper()
	var holidays, work []subject.Date
	span := func(to *[]subject.Date, from string, n int) {
		d, err := time.Parse(time.DateOnly, from)
		require.NoError(t, err)
		for i := range n {
			*to = append(*to, subject.DateOf(d.AddDate(0, 0, i), time.UTC))
		}
	}
	span(&holidays, "2026-02-15", 9) // to 02-23
	span(&holidays, "2026-05-01", 5) // to 05-05
	span(&holidays, "2026-10-01", 8) // to 10-08
	for _, d := range []string{"2026-02-14", "2026-02-28", "2026-05-09", "2026-09-27", "2026-10-10"} {
		span(&work, d, 1)
	}
	cal, err := rights.NewHolidays("TEST FIXTURE shaped like a PRC holiday notice; not the official schedule", holidays, work)
	require.NoError(t, err)
	return cal
}

// deadlineRow is one rights request and the last day the seed promises to
// answer it by.
type deadlineRow struct {
	name     string // the promise, the seed clause and the article
	kind     rights.Kind
	guardian bool   // a verified parent asks for a 16-year-old
	received string // RFC 3339
	verified string // RFC 3339; "" leaves the request unverified
	due      string // the last day to answer; "" for no deadline yet
	cites    string // a phrase of the Term's citation: the clause it comes from
}

// checkDeadlines runs each row through a rights.Desk with seed dir's
// policy under law (seeds.Rights) and the workdays calendar: the request
// is received, then verified, and its deadline must be 24:00 of the day
// the seed promises, in the policy's zone (Civil Code arts. 201, 203).
func checkDeadlines(t *testing.T, dir string, law pii.Law, reg *purpose.Registry, rows []deadlineRow) {
	t.Helper()
	p, ok := seeds.Rights(dir, law)
	require.True(t, ok, "%s serves %v", dir, law)
	require.NoError(t, p.Validate())
	cal := workdays(t)
	for _, row := range rows {
		t.Run(row.name, func(t *testing.T) {
			at := func(s string) time.Time {
				v, err := time.Parse(time.RFC3339, s)
				require.NoError(t, err)
				return v
			}
			w := lawfultest.New(t, reg, lawfultest.Options{Start: at(row.received)})
			desk, err := rights.NewDesk(rights.Config{Policy: p, Directory: w.Directory, Clock: w.Clock, Calendar: cal, Registry: reg})
			require.NoError(t, err)
			req := rights.Request{Kind: row.kind, Subject: w.Adult(t)}
			if row.guardian {
				req.Subject = child(16, "CN", false)(t, w)
				req.Requester, req.Capacity = w.Guardian(t, req.Subject), rights.Guardian
			}
			r, err := desk.Receive(t.Context(), req, "seeds-test")
			require.NoError(t, err)
			if row.verified != "" {
				w.Clock.Set(at(row.verified))
				r, err = desk.Verify(t.Context(), r.ID, "seeds-test", rights.Account)
				require.NoError(t, err)
			}
			assert.Contains(t, r.Term.Cites, row.cites, "the term comes from the clause")
			if row.due == "" {
				assert.True(t, r.Due.IsZero(), "no deadline before verification: %v", r.Due)
				return
			}
			last, err := time.ParseInLocation(time.DateOnly, row.due, p.Location)
			require.NoError(t, err)
			assert.Equal(t, last.AddDate(0, 0, 1), r.Due.In(p.Location), "24:00 of the last day (%s)", r.Term)
		})
	}
}
