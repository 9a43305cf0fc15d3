package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"strings"

	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/internal/strictjson"
)

// verifyReport is verify's -json output.
type verifyReport struct {
	File     string `json:"file"`
	Kind     string `json:"kind"` // "receipt" or "ledger"
	Verified bool   `json:"verified"`
	Problem  string `json:"problem,omitempty"`
	// Receipt is the verified receipt's summary.
	Receipt *receiptSummary `json:"receipt,omitempty"`
	// Subjects are the ledger's subjects, each verified on its own.
	Subjects []subjectReport `json:"subjects,omitempty"`
}

type receiptSummary struct {
	KeyID        string   `json:"key_id"`
	ReceiptID    string   `json:"receipt_id"`
	Subject      string   `json:"subject"`
	Consented    string   `json:"consented"`
	Form         string   `json:"form"`
	Purposes     []string `json:"purposes"`
	Guardian     bool     `json:"guardian,omitempty"`
	Jurisdiction string   `json:"jurisdiction"`
	Seq          uint64   `json:"seq"`
}

type subjectReport struct {
	Subject   string `json:"subject"`
	Events    int    `json:"events"`
	Anchored  bool   `json:"anchored"`
	AnchorSeq uint64 `json:"anchor_seq,omitempty"`
	Verified  bool   `json:"verified"`
	Problem   string `json:"problem,omitempty"`
}

// keysFile is the file of sealing keys -keys reads (see README.md).
type keysFile struct {
	Current keyJSON   `json:"current"`
	Retired []keyJSON `json:"retired,omitempty"`
}

type keyJSON struct {
	ID     uint32 `json:"id"`
	Secret string `json:"secret"` // 64 to 128 hex digits
}

const maxKeyFile = 64 << 10

func runVerify(c *cli, args []string) int {
	fs := c.flags("verify")
	asJSON := fs.Bool("json", false, "print the report as one JSON object")
	pub := fs.String("pub", "", "the Ed25519 public `file` a signed receipt is verified with (PEM, hex or base64)")
	keys := fs.String("keys", "", "the sealing keys `file` an exported ledger is verified with (JSON; see README)")
	unanchored := fs.Bool("allow-unanchored", false, "accept a ledger subject with no anchored head (its chain and seals still verify; events removed from its end would go unseen)")
	pos, status, ok := c.parse(fs, "verify", args)
	if !ok {
		return status
	}
	if !c.wantArgs("verify", pos, 1, "the file to verify") {
		return exitUsage
	}
	data, err := c.readFile(pos[0], maxExportSize)
	if err != nil {
		fmt.Fprintf(c.stderr, "lawful verify: %v\n", err)
		return exitUsage
	}
	var rep verifyReport
	switch kind := sniff(data); {
	case kind == "receipt" && *pub != "":
		rep, ok = c.verifyReceipt(pos[0], data, *pub)
	case kind == "ledger" && *keys != "":
		rep, ok = c.verifyLedger(pos[0], data, *keys, *unanchored)
	case kind == "receipt":
		fmt.Fprintf(c.stderr, "lawful verify: %s is a signed receipt: give the signer's public key with -pub\n", pos[0])
		return exitUsage
	case kind == "ledger":
		fmt.Fprintf(c.stderr, "lawful verify: %s is a ledger export: give the sealing keys with -keys\n", pos[0])
		return exitUsage
	default:
		fmt.Fprintf(c.stderr, "lawful verify: %s is neither a signed receipt ({\"receipt\":...,\"signature\":...,\"key_id\":...}) nor a ledger export ({\"format\":%q,...})\n", pos[0], exportFormat)
		return exitUsage
	}
	if !ok {
		return exitUsage
	}
	if *asJSON {
		err = writeJSON(c.stdout, rep)
	} else {
		err = rep.writeText(c.stdout)
	}
	if err != nil {
		fmt.Fprintf(c.stderr, "lawful verify: %v\n", err)
		return exitUsage
	}
	if rep.Verified {
		return exitOK
	}
	return exitFound
}

// sniff tells a signed receipt from a ledger export by their first-level
// keys; it decides nothing else.
func sniff(data []byte) string {
	var probe struct {
		Receipt *json.RawMessage `json:"receipt"`
		Format  *json.RawMessage `json:"format"`
	}
	if json.Unmarshal(data, &probe) != nil {
		return ""
	}
	switch {
	case probe.Format != nil:
		return "ledger"
	case probe.Receipt != nil:
		return "receipt"
	}
	return ""
}

func (c *cli) verifyReceipt(path string, data []byte, pubPath string) (verifyReport, bool) {
	rep := verifyReport{File: path, Kind: "receipt"}
	pub, err := c.readPublicKey(pubPath)
	if err != nil {
		fmt.Fprintf(c.stderr, "lawful verify: %v\n", err)
		return rep, false
	}
	signed, err := consent.ParseSignedReceipt(data)
	if err == nil {
		err = signed.Verify(pub)
	}
	if err != nil {
		rep.Problem = trimLawful(err.Error())
		return rep, true
	}
	r := signed.Receipt()
	rep.Verified = true
	rep.Receipt = &receiptSummary{KeyID: signed.KeyID(), ReceiptID: r.ReceiptID.String(), Subject: r.PIIPrincipalID.String(),
		Consented: stamp(r.ConsentTimestamp), Form: r.CollectionMethod.String(), Guardian: !r.Guardian.IsZero(), Jurisdiction: r.Jurisdiction, Seq: r.Seq}
	for _, s := range r.Services {
		for _, p := range s.Purposes {
			rep.Receipt.Purposes = append(rep.Receipt.Purposes, fmt.Sprintf("%s@v%d", p.Purpose, p.Version))
		}
	}
	return rep, true
}

// readPublicKey reads an Ed25519 public key: PEM ("PUBLIC KEY", PKIX, as
// openssl writes it), or the 32 bytes in hex or standard base64.
func (c *cli) readPublicKey(path string) (ed25519.PublicKey, error) {
	data, err := c.readFile(path, maxKeyFile)
	if err != nil {
		return nil, err
	}
	text := strings.TrimSpace(string(data))
	if block, _ := pem.Decode([]byte(text)); block != nil {
		if block.Type != "PUBLIC KEY" {
			return nil, fmt.Errorf("%s: a PEM %q block; want a \"PUBLIC KEY\" (PKIX) block with an Ed25519 key", path, clip(block.Type))
		}
		k, err := x509.ParsePKIXPublicKey(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		pub, ok := k.(ed25519.PublicKey)
		if !ok {
			return nil, fmt.Errorf("%s: a %T; receipts are signed with Ed25519", path, k)
		}
		return pub, nil
	}
	if b, err := hex.DecodeString(text); err == nil && len(b) == ed25519.PublicKeySize {
		return ed25519.PublicKey(b), nil
	}
	if b, err := base64.StdEncoding.DecodeString(text); err == nil && len(b) == ed25519.PublicKeySize {
		return ed25519.PublicKey(b), nil
	}
	return nil, fmt.Errorf("%s: not an Ed25519 public key: want a PEM \"PUBLIC KEY\" block, or its %d bytes in hex or base64", path, ed25519.PublicKeySize)
}

func (c *cli) verifyLedger(path string, data []byte, keysPath string, allowUnanchored bool) (verifyReport, bool) {
	rep := verifyReport{File: path, Kind: "ledger"}
	keys, err := c.readKeys(keysPath)
	if err != nil {
		fmt.Fprintf(c.stderr, "lawful verify: %v\n", err)
		return rep, false
	}
	ledgers, problems, err := decodeExport(data)
	if err != nil {
		fmt.Fprintf(c.stderr, "lawful verify: %s: %v\n", path, err)
		return rep, false
	}
	rep.Verified = true
	for i, l := range ledgers {
		sr := subjectReport{Subject: l.id.String(), Events: len(l.events), Anchored: l.anchored, AnchorSeq: l.head.Seq}
		switch {
		case problems[i] != nil:
			sr.Problem = "corrupt: " + trimLawful(problems[i].Error())
		case !l.anchored && !allowUnanchored:
			sr.Problem = "no anchored head: events removed from the end of the ledger would go unseen; export the Anchor's head with it, or pass -allow-unanchored to check the chain and seals alone"
		default:
			if err := consent.VerifySealed(l.events, keys, l.head, l.anchored); err != nil {
				sr.Problem = trimLawful(err.Error())
			}
		}
		sr.Verified = sr.Problem == ""
		rep.Verified = rep.Verified && sr.Verified
		rep.Subjects = append(rep.Subjects, sr)
	}
	return rep, true
}

// readKeys reads a sealing keys file.
func (c *cli) readKeys(path string) (*consent.Keys, error) {
	data, err := c.readFile(path, maxKeyFile)
	if err != nil {
		return nil, err
	}
	var f keysFile
	if err := strictjson.Decode(data, &f, strictjson.Limits{MaxSize: maxKeyFile, MaxDepth: 3, MaxElements: 64}); err != nil {
		return nil, fmt.Errorf("%s: not a sealing keys file ({\"current\": {\"id\": 1, \"secret\": \"<hex>\"}, \"retired\": [...]}): %w", path, err)
	}
	key := func(field string, k keyJSON) (consent.Key, error) {
		b, err := hex.DecodeString(k.Secret)
		if err != nil {
			return consent.Key{}, fmt.Errorf("%s: %s.secret: want the secret in hex", path, field)
		}
		return consent.Key{ID: k.ID, Secret: b}, nil
	}
	cur, err := key("current", f.Current)
	if err != nil {
		return nil, err
	}
	var retired []consent.Key
	for i, r := range f.Retired {
		k, err := key(fmt.Sprintf("retired[%d]", i), r)
		if err != nil {
			return nil, err
		}
		retired = append(retired, k)
	}
	keys, err := consent.NewKeys(cur, retired...)
	if err != nil {
		return nil, fmt.Errorf("%s: %s", path, trimLawful(err.Error()))
	}
	return keys, nil
}

func (r verifyReport) writeText(w io.Writer) error {
	var b bytes.Buffer
	switch {
	case r.Kind == "receipt" && r.Verified:
		s := r.Receipt
		fmt.Fprintf(&b, "%s: verified: a receipt signed by key %s\n", r.File, s.KeyID)
		fmt.Fprintf(&b, "  consent %s (seq %d) of subject %s, %s, %s, jurisdiction %s\n", s.ReceiptID, s.Seq, s.Subject, s.Form, s.Consented, s.Jurisdiction)
		fmt.Fprintf(&b, "  purposes: %s\n", strings.Join(s.Purposes, ", "))
		if s.Guardian {
			b.WriteString("  given by a guardian\n")
		}
	case r.Kind == "receipt":
		fmt.Fprintf(&b, "%s: does not verify: %s\n", r.File, r.Problem)
	default:
		bad := 0
		for _, s := range r.Subjects {
			if s.Verified {
				anchor := "not anchored (accepted)"
				if s.Anchored {
					anchor = fmt.Sprintf("anchored at seq %d", s.AnchorSeq)
				}
				fmt.Fprintf(&b, "%s: subject %s: verified, %s, %s\n", r.File, s.Subject, plural(s.Events, "event"), anchor)
				continue
			}
			bad++
			fmt.Fprintf(&b, "%s: subject %s: does not verify: %s\n", r.File, s.Subject, s.Problem)
		}
		fmt.Fprintf(&b, "%s: %s, %d verified, %d not\n", r.File, plural(len(r.Subjects), "subject"), len(r.Subjects)-bad, bad)
	}
	_, err := w.Write(b.Bytes())
	return err
}
