package consenttest

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/lawfulgo/lawful/consent"
)

// maxDiffs bounds how many differing events a diff describes.
const maxDiffs = 4

// diffLedger describes how got differs from want, or returns "". Events
// are equal when their canonical encodings (consent.Event.MarshalBinary)
// are: times compare as instants to the nanosecond, ignoring location and
// monotonic reading, and nil and empty slices are the same.
func diffLedger(got, want []consent.Event) string {
	var d []string
	if len(got) != len(want) {
		d = append(d, fmt.Sprintf("%d events with seqs %v, want %d with seqs %v", len(got), seqs(got), len(want), seqs(want)))
	}
	n := 0
	for i := range min(len(got), len(want)) {
		fd := diffEvent(got[i], want[i])
		if fd == "" {
			continue
		}
		if n++; n > maxDiffs {
			d = append(d, "...")
			break
		}
		if got[i].ID != want[i].ID {
			// Another event altogether: its fields say little.
			d = append(d, fmt.Sprintf("event %d is %v with ID %v, want %v with ID %v", i, got[i], got[i].ID, want[i], want[i].ID))
		} else {
			d = append(d, fmt.Sprintf("event %d (%v): %s", i, want[i], fd))
		}
	}
	return strings.Join(d, "; ")
}

// diffEvent describes how got differs from want field by field, or
// returns "".
func diffEvent(got, want consent.Event) string {
	var d []string
	ne := func(field string, g, w any) {
		d = append(d, fmt.Sprintf("%s %v, want %v", field, g, w))
	}
	neTime := func(field string, g, w time.Time) {
		if !g.Equal(w) {
			ne(field, fmtTime(g), fmtTime(w))
		}
	}
	if got.Subject != want.Subject {
		ne("Subject", got.Subject, want.Subject)
	}
	if got.Kind != want.Kind {
		ne("Kind", got.Kind, want.Kind)
	}
	if !slices.Equal(got.Purposes, want.Purposes) {
		ne("Purposes", got.Purposes, want.Purposes)
	}
	if got.Form != want.Form {
		ne("Form", got.Form, want.Form)
	}
	if got.By.Guardian != want.By.Guardian {
		ne("By.Guardian", got.By.Guardian, want.By.Guardian)
	}
	if got.By.Relation != want.By.Relation {
		ne("By.Relation", got.By.Relation, want.By.Relation)
	}
	if got.By.Verified.Method != want.By.Verified.Method {
		ne("By.Verified.Method", got.By.Verified.Method, want.By.Verified.Method)
	}
	neTime("By.Verified.At", got.By.Verified.At, want.By.Verified.At)
	if !slices.Equal(got.Recipients, want.Recipients) {
		ne("Recipients", fmt.Sprintf("%q", got.Recipients), fmt.Sprintf("%q", want.Recipients))
	}
	neTime("Effective", got.Effective, want.Effective)
	neTime("Expires", got.Expires, want.Expires)
	if got.Notice != want.Notice {
		ne("Notice", fmt.Sprintf("%q", got.Notice), fmt.Sprintf("%q", want.Notice))
	}
	if got.Evidence != want.Evidence {
		ne("Evidence", fmt.Sprintf("%x", got.Evidence), fmt.Sprintf("%x", want.Evidence))
	}
	if got.ID != want.ID {
		ne("ID", got.ID, want.ID)
	}
	if got.Seq != want.Seq {
		ne("Seq", got.Seq, want.Seq)
	}
	neTime("Recorded", got.Recorded, want.Recorded)
	if got.Prev != want.Prev {
		ne("Prev", fmt.Sprintf("%x", got.Prev[:4]), fmt.Sprintf("%x", want.Prev[:4]))
	}
	if got.Hash != want.Hash {
		ne("Hash", fmt.Sprintf("%x", got.Hash[:4]), fmt.Sprintf("%x", want.Hash[:4]))
	}
	if len(d) == 0 {
		// A field this function does not know of yet.
		g, _ := got.MarshalBinary()
		w, _ := want.MarshalBinary()
		if !bytes.Equal(g, w) {
			d = append(d, "canonical encodings differ")
		}
	}
	return strings.Join(d, ", ")
}

// seqs lists the events' sequence numbers, eliding the middle of a long
// ledger.
func seqs(events []consent.Event) string {
	parts := make([]string, 0, len(events))
	for i, e := range events {
		if len(events) > 12 && i >= 8 && i < len(events)-3 {
			if i == 8 {
				parts = append(parts, "...")
			}
			continue
		}
		parts = append(parts, strconv.FormatUint(e.Seq, 10))
	}
	return "[" + strings.Join(parts, " ") + "]"
}

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return "zero"
	}
	return t.UTC().Format(time.RFC3339Nano)
}
