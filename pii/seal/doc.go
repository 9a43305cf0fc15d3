// Package seal encrypts personal information field by field under
// per-subject keys, so that erasing a person is destroying one key
// (crypto-shredding).
//
// # Envelope encryption
//
// Each subject gets a random 256-bit data key (DEK) on the first Seal for
// them. The DEK is wrapped by a key-encryption key (KEK, the KEK interface:
// LocalKEK from a 32-byte key, or a cloud KMS) and stored in a KeyStore,
// never in clear. Values are sealed with XChaCha20-Poly1305 under the DEK,
// with a random 192-bit nonce, and the Field (subject, category, purpose)
// bound as associated data: a ciphertext copied to another person's row,
// another column or another purpose does not open. Encryption at rest is
// a security measure of PIPL art. 51(3) and GDPR art. 32(1)(a), and
// children's PI is to be stored encrypted (CPIP art. 13; MOR art. 36).
//
//	sealer, _ := seal.New(keys, kek)
//	f := seal.Field{Subject: id.String(), Category: pii.MustLookup("contact.phone"), Purpose: string(p)}
//	ct, err := sealer.Seal(ctx, f, []byte(phone)) // on write
//	pt, err := sealer.Open(ctx, f, ct)            // on read
//
// pii/seal sits with pii at the bottom of lawful's layering, below purpose
// and subject, so it takes the subject and the purpose as strings: pass
// subject.ID.String() and string(purpose.ID).
//
// # The ciphertext format
//
// A sealed value is "LS", a version byte (1), the 16-byte ID of the data
// key, the 24-byte nonce, and the encrypted value with its 16-byte tag:
// Overhead (59) bytes more than the plaintext. Parse reads the header
// without opening; an unknown version is refused, never guessed. The
// format's byte layout is documented on Version.
//
// # Rotation
//
// A ciphertext names its data key; the stored WrappedKey names the KEK
// version that wrapped it. To rotate the KEK, make a new version current
// while keeping the old one able to unwrap, run Sealer.Rotate to rewrap
// every data key (a compare-and-swap per key, safe alongside Seal, Open
// and Shred), then retire the old version. No value is re-encrypted.
//
// # Crypto-shredding
//
// Sealer.Shred destroys a subject's data key and leaves a tombstone. Every
// value sealed for them, in the database, in logs, in replicas and in
// backups, no longer opens: Open says ErrShredded, which is told apart
// from ErrNoKey (the subject never had a key), and Seal refuses to make a
// new key for them. This meets erasure (PIPL art. 47; GDPR art. 17) for
// sealed fields without finding each copy. An Eraser that shreds
// implements retention.ShreddingEraser, and the retention sweep records
// KeyShredded in its Proof of erasure.
//
// Two things shredding does not reach: backups of the KeyStore itself
// (keep them apart and short-lived, and replay tombstones after a restore;
// see KeyStore), and Pseudonyms, which use a service-wide key (see
// Pseudonymizer): delete those columns with the row.
//
// # Key stores
//
// KeyStore's contract says what each method does and which steps are
// atomic (put-once, destroy-with-tombstone, rewrap as compare-and-swap).
// MemKeyStore keeps keys in memory; package sealtest checks any
// implementation, such as a SQL one, against the contract.
//
// # Limits and secrets
//
// A plaintext is at most MaxPlaintext (1 MiB), a subject and a purpose at
// most 128 bytes of printable ASCII. Seal allocates its result once (plus
// small, fixed allocations for the cipher and the key's associated data);
// Open allocates the plaintext. Errors never hold a plaintext, a key or a
// subject's value; they give lengths and key IDs. Data keys are zeroed as
// soon as a call is done with them; the cipher's internal copy of a key
// cannot be zeroed from outside golang.org/x/crypto.
//
// # Concurrency
//
// Sealer, LocalKEK, MemKeyStore and Pseudonymizer are safe for concurrent
// use. A Sealer caches no data key: each Seal and Open reads the
// KeyStore, so a Shred anywhere takes effect everywhere at once.
package seal
