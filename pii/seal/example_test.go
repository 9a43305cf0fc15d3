package seal_test

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"

	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/pii/seal"
)

// loadKEK stands in for reading the service's 32-byte key from a secret
// store (or for a KMS-backed seal.KEK).
func loadKEK() *seal.LocalKEK {
	key := make([]byte, seal.KeySize)
	rand.Read(key)
	kek, _ := seal.NewLocalKEK(seal.LocalKey{ID: "kek-2026-01", Key: key})
	clear(key)
	return kek
}

// Seal on write, open on read, shred on deletion.
func Example() {
	ctx := context.Background()
	sealer, err := seal.New(seal.NewMemKeyStore(), loadKEK())
	if err != nil {
		panic(err)
	}
	// The subject is subject.ID.String(); the purpose is string(purpose.ID).
	f := seal.Field{Subject: "0190a1b2-c3d4-7e5f-8a6b-000000000001", Category: pii.MustLookup("contact.phone"), Purpose: "account.login"}

	// On write: store the ciphertext in the phone column.
	ct, err := sealer.Seal(ctx, f, []byte("13800138000"))
	if err != nil {
		panic(err)
	}
	fmt.Println("stored", len(ct), "bytes")

	// On read.
	phone, err := sealer.Open(ctx, f, ct)
	fmt.Println(string(phone), err)

	// On deletion (PIPL art. 47; GDPR art. 17): every copy, backups included,
	// stops opening.
	if err := sealer.Shred(ctx, f.Subject); err != nil {
		panic(err)
	}
	_, err = sealer.Open(ctx, f, ct)
	fmt.Println(errors.Is(err, seal.ErrShredded))
	// Output:
	// stored 70 bytes
	// 13800138000 <nil>
	// true
}

// A value moved to another person's row does not open.
func ExampleSealer_Open_wrongSubject() {
	ctx := context.Background()
	sealer, _ := seal.New(seal.NewMemKeyStore(), loadKEK())
	phone := pii.MustLookup("contact.phone")
	alice := seal.Field{Subject: "0190a1b2-c3d4-7e5f-8a6b-000000000001", Category: phone, Purpose: "account.login"}
	bob := seal.Field{Subject: "0190a1b2-c3d4-7e5f-8a6b-000000000002", Category: phone, Purpose: "account.login"}
	ct, _ := sealer.Seal(ctx, alice, []byte("13800138000"))
	_, _ = sealer.Seal(ctx, bob, []byte("13900139000"))

	_, err := sealer.Open(ctx, bob, ct)
	fmt.Println(errors.Is(err, seal.ErrCannotOpen))
	// Output: true
}

// Rotate the KEK: make a new version current, keep the old one to unwrap,
// rewrap every data key, then retire the old version.
func ExampleSealer_Rotate() {
	ctx := context.Background()
	keys := seal.NewMemKeyStore()
	old, next := make([]byte, seal.KeySize), make([]byte, seal.KeySize)
	rand.Read(old)
	rand.Read(next)
	v1, _ := seal.NewLocalKEK(seal.LocalKey{ID: "v1", Key: old})
	s1, _ := seal.New(keys, v1)
	f := seal.Field{Subject: "0190a1b2-c3d4-7e5f-8a6b-000000000001", Category: pii.MustLookup("contact.phone"), Purpose: "account.login"}
	ct, _ := s1.Seal(ctx, f, []byte("13800138000"))

	v2, _ := seal.NewLocalKEK(seal.LocalKey{ID: "v2", Key: next}, seal.LocalKey{ID: "v1", Key: old})
	s2, _ := seal.New(keys, v2)
	r, err := s2.Rotate(ctx, 0)
	fmt.Println(r.Rewrapped, err)

	onlyV2, _ := seal.NewLocalKEK(seal.LocalKey{ID: "v2", Key: next})
	s3, _ := seal.New(keys, onlyV2)
	phone, err := s3.Open(ctx, f, ct) // the ciphertext was never re-encrypted
	fmt.Println(string(phone), err)
	// Output:
	// 1 <nil>
	// 13800138000 <nil>
}

// A lookup column: find the account by phone number without storing it in
// clear.
func ExamplePseudonymizer() {
	key := make([]byte, 32)
	rand.Read(key)
	p, _ := seal.NewPseudonymizer(key)
	d := seal.Domain{Purpose: "account.login", Column: "users.phone_lookup"}
	stored, _ := p.Pseudonym(d, []byte("13800138000"))
	query, _ := p.Pseudonym(d, []byte("13800138000"))
	fmt.Println(stored == query, len(stored.String()))
	// Output: true 64
}

func ExampleParse() {
	_, err := seal.Parse([]byte("13800138000"))
	fmt.Println(err)
	// Output: seal: ciphertext is 11 bytes, shorter than the 59 bytes every sealed value has; pass the bytes Seal returned, unchanged
}
