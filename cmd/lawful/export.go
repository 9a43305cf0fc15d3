package main

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/internal/strictjson"
	"github.com/lawfulgo/lawful/subject"
)

// The ledger export format, which `lawful verify -keys` reads:
//
//	{
//	  "format": "lawful.consent-ledger",
//	  "version": 1,
//	  "subjects": [{
//	    "subject": "0192f000-0000-7000-8000-000000000001",
//	    "events": ["<base64 of consent.Event.MarshalBinary>", ...],
//	    "anchor": {"seq": 3, "hash": "<64 hex>", "key_id": 1, "mac": "<64 hex>"}
//	  }]
//	}
//
// Events are each subject's events in Seq order, as the Store holds them,
// in their stored binary form (the seal, the canonical encoding and its
// hash: consent.Event.MarshalBinary), standard base64 with padding.
// "anchor" is the consent.SealedHead the Anchor kept for the subject, or
// null when it keeps none. Nothing else is accepted: unknown fields,
// repeated keys and trailing data are refused. An export holds subject
// IDs and consent records: personal information, to be handled as the
// ledger itself is.
const (
	exportFormat  = "lawful.consent-ledger"
	exportVersion = 1
	// Limits of an export file.
	maxExportSize     = 256 << 20
	maxExportElements = consent.MaxImport // events of one subject, subjects of one file
)

var exportLimits = strictjson.Limits{MaxSize: maxExportSize, SizeName: "the export file's limit", MaxDepth: 5, MaxElements: maxExportElements}

type ledgerExport struct {
	Format   string          `json:"format"`
	Version  int             `json:"version"`
	Subjects []subjectLedger `json:"subjects"`
}

type subjectLedger struct {
	Subject string      `json:"subject"`
	Events  []string    `json:"events"`
	Anchor  *anchorJSON `json:"anchor"`
}

type anchorJSON struct {
	Seq   uint64 `json:"seq"`
	Hash  string `json:"hash"`
	KeyID uint32 `json:"key_id"`
	MAC   string `json:"mac"`
}

// decodedLedger is one subject's ledger read from an export.
type decodedLedger struct {
	id       subject.ID
	events   []consent.Event
	head     consent.SealedHead
	anchored bool
}

// decodeExport reads an export file. A malformed file is an error; a
// subject whose events or anchor do not decode is returned with the
// problem, for the report (a corrupt event is evidence of tampering).
func decodeExport(data []byte) ([]decodedLedger, []error, error) {
	var x ledgerExport
	if err := strictjson.Decode(data, &x, exportLimits); err != nil {
		return nil, nil, err
	}
	if x.Format != exportFormat || x.Version != exportVersion {
		return nil, nil, fmt.Errorf("format %q version %d: want format %q version %d (a ledger export)", clip(x.Format), x.Version, exportFormat, exportVersion)
	}
	out := make([]decodedLedger, len(x.Subjects))
	problems := make([]error, len(x.Subjects))
	for i, sl := range x.Subjects {
		id, err := subject.ParseID(sl.Subject)
		if err != nil {
			return nil, nil, fmt.Errorf("subjects[%d].subject: %w", i, err)
		}
		out[i].id = id
		problems[i] = out[i].decode(&sl)
	}
	return out, problems, nil
}

func (d *decodedLedger) decode(sl *subjectLedger) error {
	d.events = make([]consent.Event, 0, len(sl.Events))
	for j, s := range sl.Events {
		b, err := base64.StdEncoding.Strict().DecodeString(s)
		if err != nil {
			return fmt.Errorf("events[%d]: not standard base64: %w", j, err)
		}
		var e consent.Event
		if err := e.UnmarshalBinary(b); err != nil {
			return fmt.Errorf("events[%d]: %w", j, err)
		}
		if e.Subject != d.id {
			return fmt.Errorf("events[%d]: an event of another subject", j)
		}
		d.events = append(d.events, e)
	}
	if sl.Anchor == nil {
		return nil
	}
	d.anchored = true
	d.head = consent.SealedHead{Subject: d.id, Head: consent.Head{Seq: sl.Anchor.Seq}, KeyID: sl.Anchor.KeyID}
	if err := hex32(&d.head.Hash, sl.Anchor.Hash); err != nil {
		return fmt.Errorf("anchor.hash: %w", err)
	}
	if err := hex32(&d.head.MAC, sl.Anchor.MAC); err != nil {
		return fmt.Errorf("anchor.mac: %w", err)
	}
	return nil
}

func hex32(dst *[32]byte, s string) error {
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != 32 {
		return errors.New("want 64 hex digits")
	}
	copy(dst[:], b)
	return nil
}
