package consent

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/lawfulgo/lawful/internal/enum"
	"github.com/lawfulgo/lawful/internal/rule"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
)

// Validate reports whether r is a receipt that Sign accepts and
// ParseSignedReceipt would read back equal: every required field set,
// every bound kept, times in UTC, lists sorted as NewReceipt makes them and
// the derived fields (Sensitive, ThirdPartyDisclosure) consistent. It
// returns nil or an error matching ErrBadReceipt that lists the problems
// (the first hundred, and a count of the rest).
func (r Receipt) Validate() error {
	var ps []error
	more := 0
	bad := func(field, format string, args ...any) {
		if len(ps) == maxReceiptProblems {
			more++ // a receipt built in Go has no list limit; its report does
			return
		}
		ps = append(ps, rule.New(ErrBadReceipt, field+": "+fmt.Sprintf(format, args...)))
	}
	r.checkHeader(bad)
	anySensitive := false
	if len(r.Services) != 1 {
		bad("services", "%d services: want exactly 1, the policy's service", len(r.Services))
	}
	for si, s := range r.Services {
		sf := "services[" + strconv.Itoa(si) + "]"
		checkText(bad, sf+".service", s.Service, true)
		if n := len(s.Purposes); n == 0 || n > MaxPurposes {
			bad(sf+".purposes", "%d purposes: want 1 to %d", n, MaxPurposes)
			continue
		}
		for pi, p := range s.Purposes {
			checkReceiptPurpose(bad, sf+".purposes["+strconv.Itoa(pi)+"]", s.Purposes, pi)
			anySensitive = anySensitive || len(p.SensitiveCategories) > 0
		}
	}
	guardian := !r.Guardian.IsZero()
	if want := anySensitive || guardian; r.Sensitive != want {
		bad("sensitive", "%v, want %v: true exactly when a purpose lists sensitive categories or a guardian consented (PIPL art. 28)", r.Sensitive, want)
	}
	if guardian {
		r.checkGuardian(bad)
	}
	r.checkTail(bad)
	if more > 0 {
		ps = append(ps, rule.New(ErrBadReceipt, fmt.Sprintf("%d more problems not listed", more)))
	}
	if len(ps) > 0 {
		return &receiptErrors{what: "consent: invalid receipt", problems: ps}
	}
	return nil
}

// maxReceiptProblems bounds the problems Validate lists.
const maxReceiptProblems = 100

// checkHeader checks the fields before the services.
func (r *Receipt) checkHeader(bad badFunc) {
	if r.Version != ReceiptVersion {
		bad("version", "%s: want %q", enum.Quote(r.Version), ReceiptVersion)
	}
	if !isTag(r.Jurisdiction, 64) {
		bad("jurisdiction", "%s: want a region code such as \"CN\" (letters, digits and '-', 1 to 64 bytes)", enum.Quote(r.Jurisdiction))
	}
	checkTime(bad, "consent_timestamp", r.ConsentTimestamp, true)
	if !r.CollectionMethod.Valid() {
		bad("collection_method", "%v: want click, separate or written", r.CollectionMethod)
	}
	if r.ReceiptID == uuid.Nil {
		bad("receipt_id", "missing: set it to the grant event's ID")
	}
	if r.Language != "" && !isTag(r.Language, 35) {
		bad("language", "%s: want a BCP 47 tag such as \"zh-CN\", or leave it empty", enum.Quote(r.Language))
	}
	if r.PIIPrincipalID.IsZero() {
		bad("pii_principal_id", "missing: set it to the subject's ID")
	}
	switch n := len(r.PIIControllers); {
	case n == 0 || n > MaxControllers:
		bad("pii_controllers", "%d controllers: want 1 to %d (PIPL art. 17(1))", n, MaxControllers)
	default:
		for i, c := range r.PIIControllers {
			f := "pii_controllers[" + strconv.Itoa(i) + "]"
			checkText(bad, f+".name", c.Name, true)
			checkString(bad, f+".contact", c.Contact, true)
		}
	}
}

// checkReceiptPurpose checks purposes[pi] (field pf) of a service.
func checkReceiptPurpose(bad badFunc, pf string, purposes []ReceiptPurpose, pi int) {
	p := purposes[pi]
	if err := p.Purpose.Validate(); err != nil {
		bad(pf+".purpose", "%s", clip(err))
	} else if slices.IndexFunc(purposes, func(o ReceiptPurpose) bool { return o.Purpose == p.Purpose }) < pi {
		bad(pf+".purpose", "%q listed twice; list each purpose once", p.Purpose)
	}
	checkText(bad, pf+".name", p.Name, true)
	if p.Version < 1 || p.Version > purpose.MaxVersion {
		bad(pf+".version", "%d: want 1 to %d", p.Version, purpose.MaxVersion)
	}
	if p.ConsentType != ConsentTypeExplicit {
		bad(pf+".consent_type", "%s: want %q", enum.Quote(p.ConsentType), ConsentTypeExplicit)
	}
	if len(p.PIICategories) == 0 {
		bad(pf+".pii_categories", "empty: a purpose declares at least one category (PIPL art. 17(1))")
	}
	checkKeys(bad, pf+".pii_categories", p.PIICategories)
	checkKeys(bad, pf+".sensitive_categories", p.SensitiveCategories)
	for _, k := range p.SensitiveCategories {
		if _, found := slices.BinarySearch(p.PIICategories, k); !found {
			bad(pf+".sensitive_categories", "%s is not among pii_categories", enum.Quote(k))
		}
	}
	if p.ThirdPartyDisclosure != (len(p.ThirdParties) > 0) {
		bad(pf+".third_party_disclosure", "%v, but %d third parties are listed: it is true exactly when third_parties is not empty", p.ThirdPartyDisclosure, len(p.ThirdParties))
	}
	if len(p.ThirdParties) > MaxRecipients {
		bad(pf+".third_parties", "%d: want at most %d", len(p.ThirdParties), MaxRecipients)
		return
	}
	for ti, tp := range p.ThirdParties {
		tf := pf + ".third_parties[" + strconv.Itoa(ti) + "]"
		checkThirdParty(bad, tf, tp)
		if slices.IndexFunc(p.ThirdParties, func(o ReceiptThirdParty) bool { return o.Name == tp.Name }) < ti {
			bad(tf+".name", "%s listed twice", enum.Quote(tp.Name))
		}
	}
	if pi > 0 && !slices.EqualFunc(p.ThirdParties, purposes[0].ThirdParties, func(a, b ReceiptThirdParty) bool { return a.Name == b.Name }) {
		bad(pf+".third_parties", "names differ from the first purpose's: a grant names the same recipients for each of its purposes")
	}
}

// checkGuardian checks the guardian who consented (PIPL art. 31).
func (r *Receipt) checkGuardian(bad badFunc) {
	g := r.Guardian
	if g.ID.IsZero() {
		bad("guardian.id", "missing: set it to the guardian's subject ID")
	} else if g.ID == r.PIIPrincipalID {
		bad("guardian.id", "the subject cannot be their own guardian")
	}
	if !g.Relation.CanActAsGuardian() {
		bad("guardian.relation", "%v: want parent or guardian (PIPL art. 31)", g.Relation)
	}
	if !g.VerificationMethod.Valid() {
		bad("guardian.verification_method", "%v: the guardian link must be verified before consenting for the child", g.VerificationMethod)
	}
	checkTime(bad, "guardian.verified_at", g.VerifiedAt, true)
}

// checkTail checks the notice, expiry and the event's Seq and hash.
func (r *Receipt) checkTail(bad badFunc) {
	checkString(bad, "notice", r.Notice, true)
	if !r.Expires.IsZero() {
		checkTime(bad, "expires", r.Expires, false)
		if !r.Expires.After(r.ConsentTimestamp) {
			bad("expires", "%v is not after consent_timestamp", r.Expires.Format(time.RFC3339Nano))
		}
	}
	if r.Seq == 0 {
		bad("seq", "0: want the event's Seq, from 1")
	}
	if r.EventHash.IsZero() {
		bad("event_hash", "missing: set it to the event's Hash")
	}
}

// Matches reports whether r is the receipt of e: it returns nil, or an
// error matching ErrReceiptMismatch that names every field that differs.
// It compares the receipt ID, Seq, event hash, subject, timestamp, form,
// purposes and versions, recipients, guardian, notice, evidence and expiry,
// and checks that e's Hash is the hash of its contents, so an event edited
// after the receipt was issued does not match.
//
// To check a receipt against the ledger, load the subject's events
// (Ledger.Events), verify them (Verify or Ledger.Verify) and call Matches
// with the event at position Seq-1.
func (r Receipt) Matches(e Event) error {
	var ps []error
	bad := func(format string, args ...any) {
		ps = append(ps, rule.New(ErrReceiptMismatch, fmt.Sprintf(format, args...)))
	}
	if e.Kind != Grant {
		bad("the event is a %v, not a grant", e.Kind)
	}
	if e.ComputeHash() != e.Hash {
		bad("the event's hash does not match its contents (edited)")
	}
	if r.ReceiptID != e.ID {
		bad("receipt_id %v, event ID %v", r.ReceiptID, e.ID)
	}
	if r.Seq != e.Seq {
		bad("seq %d, event seq %d", r.Seq, e.Seq)
	}
	if r.EventHash != Digest(e.Hash) {
		bad("event_hash %v, event hash %v", r.EventHash, Digest(e.Hash))
	}
	if r.PIIPrincipalID != e.Subject {
		bad("pii_principal_id %v, event subject %v", r.PIIPrincipalID, e.Subject)
	}
	if !r.ConsentTimestamp.Equal(e.Effective) {
		bad("consent_timestamp %v, event effective %v", r.ConsentTimestamp.Format(time.RFC3339Nano), e.Effective.UTC().Format(time.RFC3339Nano))
	}
	if r.CollectionMethod != e.Form {
		bad("collection_method %v, event form %v", r.CollectionMethod, e.Form)
	}
	var got []PurposeRef
	var recipients []string
	for _, s := range r.Services {
		for _, p := range s.Purposes {
			got = append(got, PurposeRef{ID: p.Purpose, Version: p.Version})
		}
		if len(s.Purposes) > 0 {
			for _, tp := range s.Purposes[0].ThirdParties {
				recipients = append(recipients, tp.Name)
			}
		}
	}
	if !slices.Equal(got, e.Purposes) {
		bad("purposes %v, event purposes %v", got, e.Purposes)
	}
	if !slices.Equal(recipients, e.Recipients) {
		bad("third parties %q, event recipients %q", recipients, e.Recipients)
	}
	var g ReceiptGuardian
	if e.By.IsGuardian() {
		g = ReceiptGuardian{ID: e.By.Guardian, Relation: e.By.Relation, VerificationMethod: e.By.Verified.Method, VerifiedAt: e.By.Verified.At}
	}
	if r.Guardian.ID != g.ID || r.Guardian.Relation != g.Relation || r.Guardian.VerificationMethod != g.VerificationMethod || !r.Guardian.VerifiedAt.Equal(g.VerifiedAt) {
		bad("guardian %s, event giver %s", describeGuardian(r.Guardian), describeGuardian(g))
	}
	if r.Notice != e.Notice {
		bad("notice %s, event notice %s", enum.Quote(r.Notice), enum.Quote(e.Notice))
	}
	if r.Evidence != Digest(e.Evidence) {
		bad("evidence %v, event evidence %v", r.Evidence, Digest(e.Evidence))
	}
	if !r.Expires.Equal(e.Expires) {
		bad("expires %v, event expires %v", r.Expires.Format(time.RFC3339Nano), e.Expires.UTC().Format(time.RFC3339Nano))
	}
	if len(ps) > 0 {
		return &receiptErrors{what: fmt.Sprintf("consent: receipt %v does not match %v", r.ReceiptID, e), problems: ps}
	}
	return nil
}

func describeGuardian(g ReceiptGuardian) string {
	if g.IsZero() {
		return "none (the subject)"
	}
	return fmt.Sprintf("%v (%v, %v at %v)", g.ID, g.Relation, g.VerificationMethod, g.VerifiedAt.UTC().Format(time.RFC3339))
}

type badFunc = func(field, format string, args ...any)

func checkString(bad badFunc, field, s string, required bool) {
	switch {
	case s == "" && required:
		bad(field, "missing")
	case len(s) > MaxText:
		bad(field, "%d bytes: want at most %d", len(s), MaxText)
	case !utf8.ValidString(s):
		bad(field, "not valid UTF-8")
	}
}

func checkText(bad badFunc, field string, t purpose.Text, required bool) {
	if t.IsZero() {
		if required {
			bad(field, "missing: give an English or Chinese text")
		}
		return
	}
	checkString(bad, field+".en", t.EN, false)
	checkString(bad, field+".zh", t.ZH, false)
}

// checkTime requires a non-zero UTC time that JSON can hold (years 1 to 9999).
func checkTime(bad badFunc, field string, t time.Time, required bool) {
	if t.IsZero() {
		if required {
			bad(field, "missing")
		}
		return
	}
	if _, off := t.Zone(); off != 0 {
		bad(field, "%v is not in UTC; use t.UTC()", t.Format(time.RFC3339Nano))
	}
	if y := t.Year(); y < 1 || y > 9999 {
		bad(field, "year %d: want 1 to 9999", y)
	}
}

// checkKeys requires category keys that follow the key grammar, sorted and
// each once, as pii.Set.Keys returns them.
func checkKeys(bad badFunc, field string, keys []string) {
	if len(keys) > MaxCategories {
		bad(field, "%d categories: want at most %d", len(keys), MaxCategories)
		return
	}
	for i, k := range keys {
		if err := pii.ValidKey(k); err != nil {
			bad(field, "%s", clip(err))
			return
		}
		if i > 0 && strings.Compare(keys[i-1], k) >= 0 {
			bad(field, "keys must be sorted and listed once (%q before %q)", keys[i-1], k)
			return
		}
	}
}

func checkThirdParty(bad badFunc, field string, tp ReceiptThirdParty) {
	checkString(bad, field+".name", tp.Name, true)
	if !tp.Role.Valid() {
		bad(field+".role", "%v: want entrusted, independent, affiliate, joint or successor", tp.Role)
	}
	checkString(bad, field+".contact", tp.Contact, false)
	switch {
	case tp.Country == "" && tp.Mechanism != 0:
		bad(field+".mechanism", "%v set for a recipient with no country; only overseas recipients have one", tp.Mechanism)
	case tp.Country == "":
	case len(tp.Country) != 2 || tp.Country[0] < 'A' || tp.Country[0] > 'Z' || tp.Country[1] < 'A' || tp.Country[1] > 'Z':
		bad(field+".country", "%s: want an ISO 3166-1 alpha-2 code such as \"SG\"", enum.Quote(tp.Country))
	case !tp.Mechanism.Valid():
		bad(field+".mechanism", "%v: an overseas recipient needs a transfer mechanism (PIPL art. 38)", tp.Mechanism)
	}
}

// orBadReceipt is sentinel, or ErrBadReceipt when it is nil.
func orBadReceipt(sentinel error) error {
	if sentinel == nil {
		return ErrBadReceipt
	}
	return sentinel
}

// receiptErrors lists every problem found. It matches ErrBadReceipt, unless
// every problem is a mismatch, and through Unwrap each problem's sentinel.
type receiptErrors struct {
	what     string
	problems []error
}

func (e *receiptErrors) Error() string { return joinProblems(e.what, e.problems) }

func (e *receiptErrors) Is(target error) bool {
	if target != ErrBadReceipt {
		return false
	}
	for _, p := range e.problems {
		if !errors.Is(p, ErrReceiptMismatch) {
			return true
		}
	}
	return false
}

func (e *receiptErrors) Unwrap() []error { return e.problems }
