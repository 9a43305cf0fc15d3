package sqlstoretest_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/lawfulgo/lawful/pii/seal"
	"github.com/lawfulgo/lawful/pii/seal/sealtest"
	"github.com/lawfulgo/lawful/sqlstore"
)

// The conformance suite of seal.KeyStore, each subtest on a fresh
// database.
func TestSealKeyStoreConformance(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			b.skipUnavailable(t)
			sealtest.TestStore(t, func(t *testing.T) seal.KeyStore { return b.store(t).SealKeys() })
		})
	}
}

// sealKey is a wrapped key whose bytes are easy to find in a file.
func sealKey(subject string) seal.WrappedKey {
	return seal.WrappedKey{Subject: subject, ID: seal.KeyID{1, 2, 3}, KEK: "kek-v1",
		Wrapped: bytes.Repeat([]byte("WRAPPED-DEK-MARKER"), 4)}
}

// TestSealDestroySurvivesARestart: a shredded subject stays shredded for
// a Store opened afterwards on the same database (PIPL art. 47; GDPR art.
// 17), and no key is ever stored for them again.
func TestSealDestroySurvivesARestart(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			b.skipUnavailable(t)
			ctx := context.Background()
			driver, dsn := b.fresh(t)
			keys := openStore(t, openDB(t, driver, dsn), b.dialect).SealKeys()
			if _, err := keys.Put(ctx, sealKey("subject-1")); err != nil {
				t.Fatal(err)
			}
			if err := keys.Destroy(ctx, "subject-1"); err != nil {
				t.Fatal(err)
			}
			again := openStore(t, openDB(t, driver, dsn), b.dialect).SealKeys()
			if _, err := again.Get(ctx, "subject-1"); !errors.Is(err, seal.ErrShredded) {
				t.Errorf("Get after a restart = %v, want ErrShredded", err)
			}
			if _, err := again.Put(ctx, sealKey("subject-1")); !errors.Is(err, seal.ErrShredded) {
				t.Errorf("Put after a restart = %v, want ErrShredded", err)
			}
		})
	}
}

// TestSealDestroyErasesTheBytesFromTheSQLiteFile: with secure_delete, the
// wrapped key's bytes are in neither the database file nor its WAL after
// Destroy and a checkpoint: the erasure is not a flag (seal.KeyStore).
func TestSealDestroyErasesTheBytesFromTheSQLiteFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "keys.db")
	db := openDB(t, "sqlite", sqliteDSN(path)+"&_pragma=secure_delete(ON)")
	db.SetMaxOpenConns(1) // one connection, so the pragma and the checkpoint apply to it
	keys := openStore(t, db, sqlstore.SQLite).SealKeys()
	k := sealKey("subject-1")
	if _, err := keys.Put(ctx, k); err != nil {
		t.Fatal(err)
	}
	marker := k.Wrapped[:18]
	contains := func() bool {
		if _, err := db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
			t.Fatal(err)
		}
		found := false
		for _, f := range []string{path, path + "-wal"} {
			b, err := os.ReadFile(f)
			if err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			found = found || bytes.Contains(b, marker)
		}
		return found
	}
	if !contains() {
		t.Fatal("the wrapped key is not in the file before Destroy; the test cannot see erasure")
	}
	if err := keys.Destroy(ctx, "subject-1"); err != nil {
		t.Fatal(err)
	}
	if contains() {
		t.Error("the wrapped key's bytes are still in the SQLite file after Destroy and a checkpoint")
	}
}
