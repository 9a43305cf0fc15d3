package main

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"fmt"

	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/subject"
)

// exportLedgers writes the export of the subjects' ledgers: each one's
// events as the store holds them and the head the anchor kept. It is the
// reference writer of the format, what a consent.Export would do (the
// README proposes one); it reads the store and the anchor directly,
// without verifying, so that the export is the evidence as it stands.
func exportLedgers(ctx context.Context, store consent.Store, anchor consent.Anchor, ids []subject.ID) (*ledgerExport, error) {
	out := &ledgerExport{Format: exportFormat, Version: exportVersion, Subjects: []subjectLedger{}}
	for _, id := range ids {
		events, err := store.Load(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("subject %v: %w", id, err)
		}
		sl := subjectLedger{Subject: id.String(), Events: make([]string, len(events))}
		for i, e := range events {
			b, err := e.MarshalBinary()
			if err != nil {
				return nil, fmt.Errorf("subject %v: event %d: %w", id, i, err)
			}
			sl.Events[i] = base64.StdEncoding.EncodeToString(b)
		}
		h, found, err := anchor.Head(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("subject %v: %w", id, err)
		}
		if found {
			sl.Anchor = &anchorJSON{Seq: h.Seq, Hash: hex.EncodeToString(h.Hash[:]), KeyID: h.KeyID, MAC: hex.EncodeToString(h.MAC[:])}
		}
		out.Subjects = append(out.Subjects, sl)
	}
	return out, nil
}
