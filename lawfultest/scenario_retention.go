package lawfultest

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/retention"
	"github.com/lawfulgo/lawful/subject"
)

// runRetentionStep runs a collect, trigger, close, hold, release, sweep or
// terminate step.
func runRetentionStep(t *testing.T, w *World, names map[string]subject.ID, st Step) error {
	t.Helper()
	if w.RetentionErr != nil {
		return fmt.Errorf("retention step, but the policy's retention rules do not compile: %w", w.RetentionErr)
	}
	ctx := t.Context()
	now := w.Clock.Now()
	switch {
	case st.Collect != nil, st.Trigger != nil, st.Close != "":
		return runTrackerStep(t, w, names, st)
	case st.Hold != nil:
		return runHoldStep(t, w, names, st.Hold)
	case st.Release != "":
		return w.Tracker.ReleaseHold(ctx, st.Release, now)
	case st.Sweep != nil:
		return runSweepStep(t, w, st.Sweep)
	case st.Terminate != nil:
		return runTerminateStep(t, w, st.Terminate)
	}
	return nil
}

// runTrackerStep runs a collect, trigger or close step.
func runTrackerStep(t *testing.T, w *World, names map[string]subject.ID, st Step) error {
	ctx := t.Context()
	now := w.Clock.Now()
	switch {
	case st.Collect != nil:
		c := st.Collect
		id, err := lookup(names, c.Subject)
		if err != nil {
			return err
		}
		cats, err := pii.ParseSet(c.Categories)
		if err != nil {
			return err
		}
		_, err = w.Tracker.Track(ctx, retention.Item{Subject: id, Purpose: purpose.ID(c.Purpose), Categories: cats, Key: c.Key, Collected: now})
		return err
	case st.Trigger != nil:
		c := st.Trigger
		e := retention.Event{Purpose: purpose.ID(c.Purpose), Key: c.Key, At: now}
		if err := e.Kind.UnmarshalText([]byte(c.Kind)); err != nil {
			return err
		}
		var err error
		if e.Subject, err = lookup(names, c.Subject); err != nil {
			return err
		}
		if c.Categories != "" {
			if e.Categories, err = pii.ParseSet(c.Categories); err != nil {
				return err
			}
		}
		_, err = w.Tracker.Trigger(ctx, e)
		return err
	case st.Close != "":
		id, err := lookup(names, st.Close)
		if err != nil {
			return err
		}
		s, err := w.Directory.Lookup(ctx, id)
		if err != nil {
			return err
		}
		s.Status = subject.Closed
		if err := w.Directory.Put(s, now); err != nil {
			return err
		}
		_, err = w.Tracker.Trigger(ctx, retention.Event{Kind: retention.AccountClosed, Subject: id, At: now})
		return err
	}
	return nil
}

func runHoldStep(t *testing.T, w *World, names map[string]subject.ID, c *HoldSpec) error {
	now := w.Clock.Now()
	h := retention.Hold{ID: c.ID, From: now}
	if err := h.Reason.UnmarshalText([]byte(c.Reason)); err != nil {
		return err
	}
	var err error
	if h.Subject, err = lookup(names, c.Subject); err != nil {
		return err
	}
	if c.Categories != "" {
		if h.Categories, err = pii.ParseSet(c.Categories); err != nil {
			return err
		}
	}
	if c.Until != "" {
		d, err := time.ParseDuration(c.Until)
		if err != nil {
			return fmt.Errorf("hold until: %w", err)
		}
		h.Until = now.Add(d)
	}
	return w.Tracker.PlaceHold(t.Context(), h)
}

func runSweepStep(t *testing.T, w *World, sw *SweepSpec) error {
	rep, err := w.Sweeper.Sweep(t.Context())
	if err != nil {
		return err
	}
	var got []string
	for _, p := range rep.Erased {
		for _, k := range sw.Erased {
			if p.KeyMatches(k) {
				got = append(got, k)
			}
		}
	}
	want := slices.Clone(sw.Erased)
	slices.Sort(got)
	slices.Sort(want)
	if len(rep.Erased) != len(want) || !slices.Equal(got, want) {
		return fmt.Errorf("sweep erased %d items (matching %v), want exactly %v (held %d, failed %d)", len(rep.Erased), got, want, rep.Held, rep.Failed)
	}
	return nil
}

func runTerminateStep(t *testing.T, w *World, c *TerminateSpec) error {
	now := w.Clock.Now()
	d, err := time.ParseDuration(c.Notice)
	if err != nil {
		return fmt.Errorf("terminate notice: %w", err)
	}
	_, err = w.Tracker.AnnounceTermination(t.Context(), now, now.Add(d))
	switch c.Want {
	case "":
		return err
	case "notice_too_short":
		if !errors.Is(err, retention.ErrNoticeTooShort) {
			return fmt.Errorf("terminate: got %v, want an error matching retention.ErrNoticeTooShort", err)
		}
	default:
		return fmt.Errorf("terminate: unknown want %q", c.Want)
	}
	return nil
}
