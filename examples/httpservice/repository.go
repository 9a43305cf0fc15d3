package main

import (
	"context"
	"errors"
	"slices"
	"sync"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
)

// ErrNotFound reports that the subject has no record of the kind asked for.
var ErrNotFound = errors.New("httpservice: no such record")

// Account is a person's login identifiers, as GET /account returns them
// under Clipo's signup.login purpose (contract, PIPL art. 13(1)(2)).
// The pii tags are what lawful.Do asks the Guard for.
type Account struct {
	ID    string `json:"id" pii:"account.id"`
	Email string `json:"email,omitempty" pii:"contact.email"`
	Phone string `json:"phone,omitempty" pii:"contact.phone"`
}

// Voice is a person's cloned voice, as GET /voice returns it under Clipo's
// service.voice_clone purpose: voice samples and a voiceprint are
// sensitive PI (PIPL art. 28) whose use needs separate consent (art. 29;
// DSP art. 14 for editing a voice).
type Voice struct {
	// Samples are the locations of the recorded voice samples.
	Samples []string `json:"samples" pii:"biometric.voice_sample"`
	// Voiceprint names the speaker model derived from them.
	Voiceprint string `json:"voiceprint" pii:"biometric.voiceprint"`
}

// Records is the service's own data, kept in memory: the stand-in for its
// database. It is safe for concurrent use.
type Records struct {
	mu       sync.RWMutex
	accounts map[subject.ID]Account
	voices   map[subject.ID]Voice
}

// NewRecords returns empty Records.
func NewRecords() *Records {
	return &Records{accounts: map[subject.ID]Account{}, voices: map[subject.ID]Voice{}}
}

// PutAccount stores the subject's account.
func (r *Records) PutAccount(id subject.ID, a Account) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.accounts[id] = a
}

// PutVoice stores the subject's voice clone.
func (r *Records) PutVoice(id subject.ID, v Voice) {
	r.mu.Lock()
	defer r.mu.Unlock()
	v.Samples = slices.Clone(v.Samples)
	r.voices[id] = v
}

// Repository is the data-access layer the handlers call. Every method
// reads personal information only through lawful.Do, which asks the Guard
// first; handlers never touch Records. The subject and purpose come from
// the context (set by Middleware); the categories from the result type's
// pii tags; the operation is Use.
//
// A method returns a *lawful.Denial (matching the reason's sentinel with
// errors.Is) when the Guard refuses, ErrNotFound when there is no record,
// and otherwise the record.
type Repository struct {
	guard   *lawful.Guard
	records *Records
}

// NewRepository returns a Repository over records, guarded by g.
func NewRepository(g *lawful.Guard, records *Records) *Repository {
	return &Repository{guard: g, records: records}
}

// readRequest is the Request of every read: subject and purpose from the
// context, categories from the result type's pii tags.
var readRequest = lawful.Request{Operation: purpose.Use}

// Account returns the account of the subject in ctx.
func (r *Repository) Account(ctx context.Context) (Account, error) {
	return lawful.Do(ctx, r.guard, readRequest, func(ctx context.Context) (Account, error) {
		id, _ := lawful.SubjectFrom(ctx)
		r.records.mu.RLock()
		defer r.records.mu.RUnlock()
		a, ok := r.records.accounts[id]
		if !ok {
			return Account{}, ErrNotFound
		}
		return a, nil
	})
}

// Voice returns the voice clone of the subject in ctx.
func (r *Repository) Voice(ctx context.Context) (Voice, error) {
	return lawful.Do(ctx, r.guard, readRequest, func(ctx context.Context) (Voice, error) {
		id, _ := lawful.SubjectFrom(ctx)
		r.records.mu.RLock()
		defer r.records.mu.RUnlock()
		v, ok := r.records.voices[id]
		if !ok {
			return Voice{}, ErrNotFound
		}
		v.Samples = slices.Clone(v.Samples)
		return v, nil
	})
}
