package consenttest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/subject"
)

// feedContracts check the optional consent.ChangeFeed.
var feedContracts = []contract{
	{
		name:     "changefeed_records_every_append",
		contract: "ChangeFeed: Every successful Append appears in the feed.",
		explain:  "after racing Appends (as in acknowledged_appends_are_durable) and a refused Append to another subject, the feed holds a change {subject, seq} for the last seq of every Append that returned nil, no change for a subject with no events, and for each subject a last Seq equal to its ledger's length.",
		check: func(ctx context.Context, s consent.Store) error {
			f, err := feedOf(s)
			if err != nil {
				return err
			}
			ids := []subject.ID{subjectN(200), subjectN(201), subjectN(202)}
			acked, err := race(ctx, s, ids, 3, 8)
			if err != nil {
				return err
			}
			refused := Seal(consent.Head{Seq: 1}, grant(subjC, t0, "refused"))
			if err := expectConflict(ctx, s, subjC, 1, refused, "subject C empty"); err != nil {
				return err
			}
			changes, err := readFeed(ctx, f, 0, 50)
			if err != nil {
				return err
			}
			type key struct {
				id  subject.ID
				seq uint64
			}
			have := map[key]bool{}
			last := map[subject.ID]uint64{}
			var errs []error
			for _, c := range changes {
				if !slices.Contains(ids, c.Subject) {
					errs = append(errs, fmt.Errorf("change at cursor %d names subject %s, which has no events", c.Cursor, who(c.Subject)))
				}
				if c.Seq == 0 {
					errs = append(errs, fmt.Errorf("change at cursor %d has Seq 0, want the Seq the subject's ledger reached", c.Cursor))
				}
				have[key{c.Subject, c.Seq}] = true
				last[c.Subject] = max(last[c.Subject], c.Seq)
			}
			for _, id := range ids {
				var missing []uint64
				for _, batch := range acked[id] {
					if reached := batch[len(batch)-1].Seq; !have[key{id, reached}] {
						missing = append(missing, reached)
					}
				}
				if len(missing) > 0 {
					errs = append(errs, fmt.Errorf("%d of the %d Appends to subject %s that returned nil are missing from the feed of %d changes: none has subject %s and the seq the Append reached, %v", len(missing), len(acked[id]), who(id), len(changes), who(id), missing))
				}
				got, err := s.Load(ctx, id)
				if err != nil {
					return fmt.Errorf("Load(subject %s) = error %w", who(id), err)
				}
				if last[id] != uint64(len(got)) {
					errs = append(errs, fmt.Errorf("the feed's last Seq for subject %s is %d, but its ledger holds %d events", who(id), last[id], len(got)))
				}
			}
			return errors.Join(errs...)
		},
	},
	{
		name:     "changefeed_cursors_increase",
		contract: "ChangeFeed: Changes returns up to limit changes with Cursor > after, in Cursor order. ... Cursor orders changes across subjects.",
		explain:  "after ten Appends, one after another, to three subjects, the feed's cursors increase strictly; each subject's Seq increases with them; the Appends appear in the order they were made; and Changes(after c) for every cursor c returns only what follows c (nothing after the last).",
		check: func(ctx context.Context, s consent.Store) error {
			f, err := feedOf(s)
			if err != nil {
				return err
			}
			appended, err := appendRoundRobin(ctx, s, 10)
			if err != nil {
				return err
			}
			all, err := readFeed(ctx, f, 0, 1000)
			if err != nil {
				return err
			}
			last := map[subject.ID]uint64{}
			for _, c := range all {
				if c.Seq <= last[c.Subject] {
					return fmt.Errorf("change at cursor %d has seq %d for subject %s, after one with seq %d: a subject's Seq must grow with the cursor", c.Cursor, c.Seq, who(c.Subject), last[c.Subject])
				}
				last[c.Subject] = c.Seq
			}
			j := 0
			for _, c := range all {
				if j < len(appended) && c.Subject == appended[j].Subject && c.Seq == appended[j].Seq {
					j++
				}
			}
			if j < len(appended) {
				return fmt.Errorf("the store's Append %d of 10 (subject %s reaching seq %d) is missing from the feed or listed out of the order of the Appends", j+1, who(appended[j].Subject), appended[j].Seq)
			}
			for i, c := range all {
				page, err := f.Changes(ctx, c.Cursor, 1000)
				if err != nil {
					return fmt.Errorf("Changes(after %d, limit 1000) = error %w", c.Cursor, err)
				}
				rest := all[i+1:]
				if len(rest) == 0 && len(page) > 0 {
					return fmt.Errorf("Changes(after %d, limit 1000), after the last cursor, returned %d changes, want none", c.Cursor, len(page))
				}
				if len(rest) > 0 && (len(page) == 0 || len(page) > len(rest) || !slices.Equal(page, rest[:len(page)])) {
					return fmt.Errorf("Changes(after %d, limit 1000) returned %v, want the changes that follow cursor %d: %v", c.Cursor, page, c.Cursor, rest)
				}
			}
			return nil
		},
	},
	{
		name:     "changefeed_pages_with_limit",
		contract: "ChangeFeed: Changes returns up to limit changes with Cursor > after, in Cursor order; a cache polls it with the last Cursor it saw.",
		explain:  "after seven Appends, paging through the feed with limit 1, 2, 3 and 5, each call from the last cursor of the page before, gets pages of at most limit changes, none empty before the end, that join to the same changes as one read with limit 1000.",
		check: func(ctx context.Context, s consent.Store) error {
			f, err := feedOf(s)
			if err != nil {
				return err
			}
			if _, err := appendRoundRobin(ctx, s, 7); err != nil {
				return err
			}
			all, err := readFeed(ctx, f, 0, 1000)
			if err != nil {
				return err
			}
			if len(all) < 7 {
				return fmt.Errorf("the feed holds %d changes after 7 successful Appends, want at least 7", len(all))
			}
			for _, limit := range []int{1, 2, 3, 5} {
				paged, err := readFeed(ctx, f, 0, limit)
				if err != nil {
					return err
				}
				if !slices.Equal(paged, all) {
					return fmt.Errorf("paging with limit %d read %v, want %v as read with limit 1000", limit, paged, all)
				}
			}
			return nil
		},
	},
	{
		name:     "changefeed_polls_from_cursor",
		contract: "ChangeFeed: a cache polls it with the last Cursor it saw. Every successful Append appears in the feed.",
		explain:  "a poller starts on an empty store from cursor 0 and, after each of six Appends, reads the feed from the last cursor it saw: it gets changes for just that Append, ending with its subject and the seq it reached, and then, from the new last cursor, nothing.",
		check: func(ctx context.Context, s consent.Store) error {
			f, err := feedOf(s)
			if err != nil {
				return err
			}
			var cursor uint64
			page, err := f.Changes(ctx, cursor, 100)
			if err != nil {
				return fmt.Errorf("Changes(after 0, limit 100) on an empty store = error %w", err)
			}
			if len(page) > 0 {
				return fmt.Errorf("Changes(after 0, limit 100) on an empty store returned %v, want none", page)
			}
			ids := []subject.ID{subjA, subjB, subjA, subjC, subjA, subjB}
			ledgers := map[subject.ID][]consent.Event{}
			for k, id := range ids {
				batch := Seal(consent.HeadOf(ledgers[id]), grants(id, 1+k%2, t0.Add(time.Duration(k)*time.Minute), fmt.Sprintf("poll %d", k))...)
				if err := appendOK(ctx, s, id, uint64(len(ledgers[id])), batch, fmt.Sprintf("Append %d", k+1)); err != nil {
					return err
				}
				from, reached := uint64(len(ledgers[id])), batch[len(batch)-1].Seq
				ledgers[id] = append(ledgers[id], batch...)
				got, err := readFeed(ctx, f, cursor, 100)
				if err != nil {
					return err
				}
				if len(got) == 0 {
					return fmt.Errorf("after Append %d (subject %s reaching seq %d), the feed from cursor %d is empty", k+1, who(id), reached, cursor)
				}
				for _, c := range got {
					if c.Subject != id || c.Seq <= from || c.Seq > reached {
						return fmt.Errorf("after Append %d (subject %s, seq %d-%d), the feed from cursor %d holds {%s, %d} (cursor %d), which is not that Append's", k+1, who(id), from+1, reached, cursor, who(c.Subject), c.Seq, c.Cursor)
					}
				}
				if c := got[len(got)-1]; c.Seq != reached {
					return fmt.Errorf("after Append %d (subject %s reaching seq %d), the feed from cursor %d ends at seq %d", k+1, who(id), reached, cursor, c.Seq)
				}
				cursor = got[len(got)-1].Cursor
				again, err := f.Changes(ctx, cursor, 100)
				if err != nil {
					return fmt.Errorf("Changes(after %d, limit 100) = error %w", cursor, err)
				}
				if len(again) > 0 {
					return fmt.Errorf("Changes(after %d, limit 100), from the last cursor seen, returned %v, want nothing new", cursor, again)
				}
			}
			return nil
		},
	},
	{
		name:     "changefeed_refuses_nonpositive_limit",
		contract: "ChangeFeed: Changes returns up to limit changes.",
		explain:  "on a feed with changes, Changes with limit 0 or -1 returns an error, not every change and not an empty page that a poller would take for \"nothing new\".",
		check: func(ctx context.Context, s consent.Store) error {
			f, err := feedOf(s)
			if err != nil {
				return err
			}
			if err := appendOK(ctx, s, subjA, 0, Chain(subjA, 2, t0), "appending seq 1-2"); err != nil {
				return err
			}
			for _, limit := range []int{0, -1} {
				if page, err := f.Changes(ctx, 0, limit); err == nil {
					return fmt.Errorf("Changes(after 0, limit %d) = %d changes and a nil error, want an error", limit, len(page))
				}
			}
			return nil
		},
	},
}
