package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"sync"

	"github.com/lawfulgo/lawful"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/pii/format"
	"github.com/lawfulgo/lawful/pii/seal"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/retention"
	"github.com/lawfulgo/lawful/subject"
)

// policy is a one-purpose service: real-name verification by phone and
// resident ID number, on separate consent, kept until the account closes.
func policy() (*purpose.Registry, error) {
	return purpose.Compile(purpose.Policy{
		Name:    purpose.Text{EN: "Voice Lab", ZH: "声音实验室"},
		Regimes: []pii.Law{pii.PIPL},
		Retention: []purpose.Retention{{ID: "account", Summary: purpose.Text{EN: "Until the account is closed"},
			Rule: []byte(`{"ends_on": ["account_closed", "deletion_requested", "consent_withdrawn"], "action": "delete"}`)}},
		Purposes: []purpose.Purpose{{
			ID: "account.verify", Name: purpose.Text{EN: "Real-name verification"}, Versions: []purpose.Version{{Number: 1}},
			Required:   signupCats,
			Operations: purpose.OperationsOf(purpose.Collect, purpose.Store, purpose.Use),
			Basis:      purpose.Legal{Basis: purpose.Consent}, Retention: "account",
		}},
	})
}

// app is the service: the lawful Service, a sealer, and a table of rows.
type app struct {
	svc    *lawful.Service
	people *subject.MemDirectory
	sealer *seal.Sealer
	clock  lawful.Clock
	mu     sync.Mutex
	rows   map[subject.ID]row
}

func newApp(ctx context.Context, clk lawful.Clock) (*app, error) {
	reg, err := policy()
	if err != nil {
		return nil, err
	}
	a := &app{people: &subject.MemDirectory{}, rows: map[subject.ID]row{}, clock: clk}
	if a.svc, err = lawful.New(ctx, lawful.Options{Policy: reg, Directory: a.people, Clock: clk}); err != nil {
		return nil, err
	}
	// In production the key-encryption key comes from a KMS or a secret
	// store, and the data keys live in sqlstore's SealKeys.
	key := make([]byte, seal.KeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	kek, err := seal.NewLocalKEK(seal.LocalKey{ID: "kek-2026-03", Key: key})
	clear(key)
	if err != nil {
		return nil, err
	}
	a.sealer, err = seal.New(seal.NewMemKeyStore(), kek)
	return a, err
}

// field names what a sealed value is bound to.
func (a *app) field(id subject.ID, c pii.Category) seal.Field {
	return seal.Field{Subject: id.String(), Category: c, Purpose: "account.verify"}
}

// signUp validates and normalises the values, asks the Guard, seals them
// under the subject's key and tracks the row for retention.
func (a *app) signUp(ctx context.Context, id subject.ID, phoneIn, idIn string) (row, error) {
	mobile, err := format.Mobile.Normalize(phoneIn)
	if err != nil {
		return row{}, err
	}
	rid, err := format.ParseResidentID(idIn)
	if err != nil {
		return row{}, err
	}
	if err := a.svc.Allow(ctx, lawful.Request{Subject: id, Purpose: "account.verify", Operation: purpose.Collect, Categories: signupCats}); err != nil {
		return row{}, err
	}
	var r row
	if r.phone, err = a.sealer.Seal(ctx, a.field(id, phone), []byte(mobile)); err != nil {
		return row{}, err
	}
	if r.idNumber, err = a.sealer.Seal(ctx, a.field(id, idNumber), []byte(rid.String())); err != nil {
		return row{}, err
	}
	if _, err := a.svc.Tracker().Track(ctx, retention.Item{Subject: id, Purpose: "account.verify", Categories: signupCats,
		Key: "users/" + id.String(), Collected: a.clock.Now()}); err != nil {
		return row{}, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.rows[id] = r
	return r, nil
}

// Erase deletes the subject's row (the Eraser of package retention).
func (a *app) Erase(_ context.Context, t retention.Timer) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	delete(a.rows, t.Subject)
	return nil
}

// EraseShredding deletes the row and, when the whole account is going,
// destroys the subject's data key, so copies of the row in backups stop
// opening too.
func (a *app) EraseShredding(ctx context.Context, t retention.Timer) (bool, error) {
	if err := a.Erase(ctx, t); err != nil {
		return false, err
	}
	if t.Cause != retention.AccountClosed && t.Cause != retention.DeletionRequested {
		return false, nil
	}
	if err := a.sealer.Shred(ctx, t.Subject.String()); err != nil {
		return false, err
	}
	return true, nil
}

// closeAccount closes the account, sweeps, and shows that the backup
// copy of the row no longer opens.
func (a *app) closeAccount(ctx context.Context, w io.Writer, id subject.ID, backup row) error {
	s, err := a.people.Lookup(ctx, id)
	if err != nil {
		return err
	}
	s.Status = subject.Closed
	now := a.clock.Now()
	if err := a.people.Put(s, now); err != nil {
		return err
	}
	if _, err := a.svc.Tracker().Trigger(ctx, retention.Event{Kind: retention.AccountClosed, Subject: id, At: now}); err != nil {
		return err
	}
	sweeper, err := retention.NewSweeper(a.svc.Tracker(), a, retention.SweeperConfig{})
	if err != nil {
		return err
	}
	rep, err := sweeper.Sweep(ctx)
	if err != nil {
		return err
	}
	for _, p := range rep.Erased {
		fmt.Fprintf(w, "   erased %s after %v; key shredded: %v; proof verifies: %v\n", p.Purpose, p.Cause, p.KeyShredded, p.Verify() == nil)
	}
	_, err = a.sealer.Open(ctx, a.field(id, phone), backup.phone)
	fmt.Fprintf(w, "   the phone from last night's backup: %v\n", err)
	return nil
}
