package bench

import (
	"fmt"
	"hash/fnv"
	"io"
	"testing"
)

const (
	wantFingerprint = "e8930502fa44296a"
	wantRecords     = 199_145
	wantAllowed     = 602_761
)

// writeCanonical writes BENCH.md's canonical text form of the workload.
func writeCanonical(out io.Writer, w *Workload) {
	buf := make([]byte, 0, 256)
	for i := range w.Subjects {
		s := &w.Subjects[i]
		buf = fmt.Appendf(buf[:0], "%s %d %s %d %d", s.ID, s.Kind, s.Birth.Format("2006-01-02"), s.Turns14, len(s.Records))
		for _, r := range s.Records {
			buf = fmt.Appendf(buf, " %d,%d,%d,%d,%d,%t,%t", r.Purpose, r.Version, r.Granted, r.Withdrawn, r.Expires, r.Separate, r.Guardian)
		}
		buf = append(buf, '\n')
		out.Write(buf)
	}
	for i := range w.Requests {
		q := &w.Requests[i]
		buf = fmt.Appendf(buf[:0], "%s %s %d %d %d\n", q.Subject, q.Purpose, q.Operation, q.Categories, q.At)
		out.Write(buf)
	}
}

func TestWorkloadFingerprint(t *testing.T) {
	w := Load()
	h := fnv.New64a()
	writeCanonical(h, w)
	if got := fmt.Sprintf("%016x", h.Sum64()); got != wantFingerprint {
		t.Errorf("fingerprint = %s, want %s", got, wantFingerprint)
	}
	if got := w.NumRecords(); got != wantRecords {
		t.Errorf("records = %d, want %d", got, wantRecords)
	}
	f := NewFloor(w.Subjects)
	allowed := 0
	for i := range w.Requests {
		if f.Allow(&w.Requests[i]) {
			allowed++
		}
	}
	if allowed != wantAllowed {
		t.Errorf("allowed = %d, want %d", allowed, wantAllowed)
	}
}

func TestShape(t *testing.T) {
	w := Load()
	var kinds [3]int
	var perN [5]int
	var withdrawn, expiring, stale, notSep int
	for i := range w.Subjects {
		s := &w.Subjects[i]
		kinds[s.Kind]++
		perN[len(s.Records)]++
		for _, r := range s.Records {
			if r.Withdrawn != 0 {
				withdrawn++
			}
			if r.Expires != 0 {
				expiring++
			}
			if r.Version != Purposes[r.Purpose].Current {
				stale++
			}
			if !r.Separate {
				notSep++
			}
		}
	}
	ns, nr := float64(len(w.Subjects)), float64(w.NumRecords())
	pct := func(n int, of float64) float64 { return 100 * float64(n) / of }
	t.Logf("subjects: %.2f%% adult, %.2f%% under 14 with guardian consent, %.2f%% under 14 without",
		pct(kinds[0], ns), pct(kinds[1], ns), pct(kinds[2], ns))
	t.Logf("records: %d (%.2f per subject; %v subjects hold 0/1/2/3/4); %.1f%% withdrawn, %.1f%% expiring, %.1f%% stale, %.1f%% not separate",
		int(nr), nr/ns, perN, pct(withdrawn, nr), pct(expiring, nr), pct(stale, nr), pct(notSep, nr))

	f := NewFloor(w.Subjects)
	var outcomes [NumOutcomes]int
	var allowed, sensitive, multi int
	for i := range w.Requests {
		q := &w.Requests[i]
		o := f.Check(q)
		outcomes[o]++
		if o.Allowed() {
			allowed++
		}
		if q.Categories&SensitiveMask != 0 {
			sensitive++
		}
		if q.Categories&(q.Categories-1) != 0 {
			multi++
		}
	}
	nq := float64(len(w.Requests))
	t.Logf("requests: %.2f%% allowed; %.1f%% touch a sensitive category; %.1f%% ask for more than one category",
		pct(allowed, nq), pct(sensitive, nq), pct(multi, nq))
	for o := range NumOutcomes {
		t.Logf("  %-48s %9d %6.2f%%", o, outcomes[o], pct(outcomes[o], nq))
	}
	if allowed != wantAllowed {
		t.Errorf("allowed = %d, want %d", allowed, wantAllowed)
	}
}
