package consent_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/subject"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// randomLedger returns n well-chained events of one subject with varied
// contents.
func randomLedger(r *rand.Rand, n int) []consent.Event {
	id := subject.ID(uuid.UUID{0x01, 0x92, byte(r.IntN(256)), 0, 0, 0, 0x70, 0, 0x80, 0, 0, 0, 0, 0, 0, byte(r.IntN(256))})
	at := t0
	var evs []consent.Event
	var prev [32]byte
	for i := range n {
		at = at.Add(time.Duration(r.IntN(3600)+1) * time.Second)
		e := consent.Event{
			Subject:   id,
			Kind:      consent.Kind(r.IntN(3) + 1),
			Purposes:  []consent.PurposeRef{{ID: purpose.ID(fmt.Sprintf("p.%d", r.IntN(5))), Version: r.IntN(3)}},
			Form:      consent.Form(r.IntN(4)),
			Notice:    fmt.Sprintf("n%d", r.IntN(10)),
			ID:        uuid.UUID{byte(i + 1), byte(r.IntN(256)), 7},
			Seq:       uint64(i + 1),
			Effective: at, Recorded: at,
			Prev: prev,
		}
		if r.IntN(2) == 0 {
			e.Recipients = []string{"r" + fmt.Sprint(r.IntN(3))}
		}
		if r.IntN(3) == 0 {
			e.By = consent.Giver{Guardian: subject.ID(uuid.UUID{9, byte(i)}), Relation: subject.Parent, Verified: subject.Verification{Method: subject.Document, At: at}}
		}
		if r.IntN(3) == 0 {
			e.Expires = at.Add(time.Hour)
		}
		e.Evidence[r.IntN(32)] = byte(r.IntN(255) + 1)
		e.Hash = e.ComputeHash()
		prev = e.Hash
		evs = append(evs, e)
	}
	return evs
}

// fieldEdits each change one field of an event to a different value.
var fieldEdits = []struct {
	name string
	edit func(e *consent.Event)
}{
	{"subject", func(e *consent.Event) { e.Subject[3] ^= 1 }},
	{"kind", func(e *consent.Event) { e.Kind = e.Kind%3 + 1 }},
	{"purpose_id", func(e *consent.Event) { e.Purposes[0].ID += "x" }},
	{"purpose_version", func(e *consent.Event) { e.Purposes[0].Version++ }},
	{"purpose_added", func(e *consent.Event) { e.Purposes = append(e.Purposes, consent.PurposeRef{ID: "extra"}) }},
	{"form", func(e *consent.Event) { e.Form = (e.Form + 1) % 4 }},
	{"guardian", func(e *consent.Event) { e.By.Guardian[0] ^= 1 }},
	{"relation", func(e *consent.Event) { e.By.Relation++ }},
	{"verification", func(e *consent.Event) { e.By.Verified.At = e.By.Verified.At.Add(time.Second) }},
	{"recipient_added", func(e *consent.Event) { e.Recipients = append(e.Recipients, "someone") }},
	{"effective", func(e *consent.Event) { e.Effective = e.Effective.Add(-time.Nanosecond) }},
	{"expires", func(e *consent.Event) { e.Expires = e.Expires.Add(time.Hour) }},
	{"notice", func(e *consent.Event) { e.Notice += "!" }},
	{"evidence", func(e *consent.Event) { e.Evidence[31] ^= 0x80 }},
	{"id", func(e *consent.Event) { e.ID[15] ^= 1 }},
	{"recorded", func(e *consent.Event) { e.Recorded = e.Recorded.Add(time.Millisecond) }},
	{"prev", func(e *consent.Event) { e.Prev[0] ^= 1 }},
	{"hash", func(e *consent.Event) { e.Hash[0] ^= 1 }},
	{"seq", func(e *consent.Event) { e.Seq += 10 }},
}

func clone(evs []consent.Event) []consent.Event {
	out := make([]consent.Event, len(evs))
	for i, e := range evs {
		out[i] = e.Clone()
	}
	return out
}

// Every single mutation of a random ledger is detected by VerifyHead with
// the head recorded before the mutation: edits (with or without a forged
// hash), removals, insertions, duplications and reorderings.
func TestVerifyDetectsEverySingleMutation(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 60 {
		evs := randomLedger(r, 1+r.IntN(8))
		head := consent.HeadOf(evs)
		require.NoError(t, consent.VerifyHead(evs, head), "round %d: an untouched ledger verifies", round)
		detect := func(what string, mutated []consent.Event) {
			t.Helper()
			err := consent.VerifyHead(mutated, head)
			assert.ErrorIs(t, err, consent.ErrBrokenChain, "round %d: %s not detected", round, what)
		}
		for i := range evs {
			for _, fe := range fieldEdits {
				m := clone(evs)
				fe.edit(&m[i])
				detect(fmt.Sprintf("edit of %s at %d", fe.name, i), m)

				if fe.name != "hash" && fe.name != "seq" && fe.name != "prev" {
					f := clone(evs)
					fe.edit(&f[i])
					f[i].Hash = f[i].ComputeHash() // a forger recomputes the hash
					detect(fmt.Sprintf("forged edit of %s at %d", fe.name, i), f)
				}
			}
			detect(fmt.Sprintf("removal at %d", i), slices.Delete(clone(evs), i, i+1))
			detect(fmt.Sprintf("duplication at %d", i), slices.Insert(clone(evs), i, evs[i].Clone()))
			forged := evs[i].Clone()
			forged.Notice = "forged"
			forged.Hash = forged.ComputeHash()
			detect(fmt.Sprintf("insertion at %d", i), slices.Insert(clone(evs), i, forged))
			for j := i + 1; j < len(evs); j++ {
				m := clone(evs)
				m[i], m[j] = m[j], m[i]
				detect(fmt.Sprintf("swap of %d and %d", i, j), m)
			}
		}
		detect("append at the end", append(clone(evs), randomLedger(r, 1)[0]))
	}
}

func TestVerifyReportsTheFirstBrokenEvent(t *testing.T) {
	evs := randomLedger(rand.New(rand.NewPCG(3, 4)), 5)
	evs[2].Notice = "edited"
	err := consent.Verify(evs)
	var ce *consent.ChainError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, 2, ce.Index)
	assert.Equal(t, uint64(3), ce.Seq)
	assert.Equal(t, "consent: ledger tampered with at index 2 (seq 3): hash does not match contents (edited)", err.Error())

	evs = randomLedger(rand.New(rand.NewPCG(3, 4)), 5)
	evs = slices.Delete(evs, 1, 2)
	require.ErrorAs(t, consent.Verify(evs), &ce)
	assert.Equal(t, 1, ce.Index)
	assert.Contains(t, ce.Reason, "removed, inserted or reordered")

	other := randomLedger(rand.New(rand.NewPCG(5, 6)), 2)
	evs = randomLedger(rand.New(rand.NewPCG(3, 4)), 2)
	evs[1] = other[1]
	require.ErrorAs(t, consent.Verify(evs), &ce)
	assert.Contains(t, ce.Reason, "another subject")

	assert.NoError(t, consent.Verify(nil))
	assert.Equal(t, consent.Head{}, consent.HeadOf(nil))
}
