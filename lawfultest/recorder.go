package lawfultest

import (
	"context"
	"slices"
	"sync"

	"github.com/lawfulgo/lawful"
)

// Recorder is a lawful.Auditor that keeps every decision in memory, for
// assertions about what a service asked the Guard. It is safe for
// concurrent use; the zero value is ready to use.
type Recorder struct {
	mu        sync.Mutex
	decisions []lawful.Decision
}

// NewRecorder returns an empty Recorder.
func NewRecorder() *Recorder { return &Recorder{} }

// Audit implements lawful.Auditor.
func (r *Recorder) Audit(_ context.Context, d lawful.Decision) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.decisions = append(r.decisions, d)
}

// Decisions returns every decision recorded, in order.
func (r *Recorder) Decisions() []lawful.Decision {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.decisions)
}

// Denied returns the denials recorded, in order.
func (r *Recorder) Denied() []lawful.Decision {
	return r.filter(func(d lawful.Decision) bool { return !d.Allowed() })
}

// ByReason returns the denials recorded for reason, in order.
func (r *Recorder) ByReason(reason lawful.Reason) []lawful.Decision {
	return r.filter(func(d lawful.Decision) bool { return !d.Allowed() && d.Reason == reason })
}

// Reset forgets every decision.
func (r *Recorder) Reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.decisions = nil
}

func (r *Recorder) filter(keep func(lawful.Decision) bool) []lawful.Decision {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []lawful.Decision
	for _, d := range r.decisions {
		if keep(d) {
			out = append(out, d)
		}
	}
	return out
}
