package lawful

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"

	"github.com/lawfulgo/lawful/subject"
	"golang.org/x/crypto/blake2b"
)

// Auditor records decisions. Implementations must be safe for concurrent
// use and must not retain personal values: a Decision carries IDs and
// category keys only. The Guard calls Audit synchronously after every
// decision with the request's context, which may already be cancelled (a
// ContextDone denial is audited too): an auditor that must not lose records
// detaches with context.WithoutCancel, as SlogAuditor does. Detaching is
// left to auditors so that a Guard without one allocates nothing.
type Auditor interface {
	Audit(ctx context.Context, d Decision)
}

// AuditFunc adapts a function to an Auditor.
type AuditFunc func(ctx context.Context, d Decision)

// Audit calls f(ctx, d).
func (f AuditFunc) Audit(ctx context.Context, d Decision) { f(ctx, d) }

// SlogAuditor writes one log record per decision: allowed decisions at
// Info, denials at Warn, with the subject ID pseudonymised by a keyed
// BLAKE2b-256 MAC (the first 16 bytes, hex), so audit lines can be joined
// per subject without naming them, and cannot be reversed without the key.
type SlogAuditor struct {
	logger *slog.Logger
	key    []byte
}

// NewSlogAuditor returns a SlogAuditor writing to logger. key (16 to 64
// bytes, kept secret and stable) keys the pseudonyms.
func NewSlogAuditor(logger *slog.Logger, key []byte) (*SlogAuditor, error) {
	if logger == nil {
		return nil, errors.New("lawful: NewSlogAuditor: nil logger; pass the logger audit records go to")
	}
	if len(key) < 16 || len(key) > blake2b.Size {
		return nil, fmt.Errorf("lawful: NewSlogAuditor: key of %d bytes, want 16 to 64 random bytes kept secret and stable", len(key))
	}
	return &SlogAuditor{logger: logger, key: append([]byte(nil), key...)}, nil
}

// Pseudonym returns the audit pseudonym of a subject ID.
func (a *SlogAuditor) Pseudonym(id subject.ID) string { return pseudonym(a.key, id) }

// Pseudonymizer names a subject without revealing its ID: the same ID
// gets the same name, and the name cannot be turned back into the ID
// without a key. SlogAuditor is one.
type Pseudonymizer interface {
	Pseudonym(id subject.ID) string
}

// pseudonym is the keyed BLAKE2b-256 MAC of id (16 bytes, hex).
func pseudonym(key []byte, id subject.ID) string {
	h, _ := blake2b.New256(key) // 16 to 64 bytes, checked by the callers
	h.Write(id[:])
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// randomPseudonyms keys pseudonyms with a random key: stable within a
// process, unlinkable across processes.
type randomPseudonyms struct{ key []byte }

func newRandomPseudonyms() randomPseudonyms {
	key := make([]byte, 32)
	_, _ = rand.Read(key) // never fails (crypto/rand, Go 1.24+)
	return randomPseudonyms{key: key}
}

func (p randomPseudonyms) Pseudonym(id subject.ID) string { return pseudonym(p.key, id) }

// Audit implements Auditor.
func (a *SlogAuditor) Audit(ctx context.Context, d Decision) {
	level, msg := slog.LevelInfo, "lawful: allowed"
	if !d.Allowed() {
		level, msg = slog.LevelWarn, "lawful: denied"
	}
	ctx = context.WithoutCancel(ctx)
	if !a.logger.Enabled(ctx, level) {
		return
	}
	a.logger.LogAttrs(ctx, level, msg,
		slog.String("subject", a.Pseudonym(d.Request.Subject)),
		slog.Any("decision", d))
}
