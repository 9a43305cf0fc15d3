package lawfultest

import (
	"context"
	"errors"

	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/subject"
)

// ErrInjected is the error fault injectors return.
var ErrInjected = errors.New("lawfultest: injected fault")

// FailingDirectory is a subject.Directory whose every Lookup fails with
// Err (ErrInjected when nil): a directory that is down.
type FailingDirectory struct{ Err error }

// Lookup implements subject.Directory.
func (d FailingDirectory) Lookup(ctx context.Context, id subject.ID) (subject.Subject, error) {
	if d.Err == nil {
		return subject.Subject{}, ErrInjected
	}
	return subject.Subject{}, d.Err
}

// FailingStore is a consent.Store whose every call fails with Err
// (ErrInjected when nil): a database that is down.
type FailingStore struct{ Err error }

func (s FailingStore) err() error {
	if s.Err == nil {
		return ErrInjected
	}
	return s.Err
}

// Append implements consent.Store.
func (s FailingStore) Append(context.Context, subject.ID, uint64, ...consent.Event) error {
	return s.err()
}

// Load implements consent.Store.
func (s FailingStore) Load(context.Context, subject.ID) ([]consent.Event, error) {
	return nil, s.err()
}

// BlockingDirectory is a subject.Directory whose Lookup waits until ctx is
// done and returns its error: a directory that hangs, for testing that a
// deadline turns into a denial.
type BlockingDirectory struct{}

// Lookup implements subject.Directory.
func (BlockingDirectory) Lookup(ctx context.Context, id subject.ID) (subject.Subject, error) {
	<-ctx.Done()
	return subject.Subject{}, ctx.Err()
}
