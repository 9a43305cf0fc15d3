package lawful

import (
	"context"
	"sync"
	"sync/atomic"
)

// DefaultAuditQueueSize is the number of decisions an AuditQueue holds
// when NewAuditQueue is given zero.
const DefaultAuditQueueSize = 4096

// AuditQueue is an Auditor that hands decisions to a slower sink (a
// database, a log shipper) on a goroutine of its own, so that auditing
// never blocks a check. When the sink falls behind and the queue is full,
// a decision is dropped, counted (Dropped) and reported to OnDrop, rather
// than making the Guard wait: back-pressure shows in the count, never in
// the latency of a check. Close flushes what is queued. It is safe for
// concurrent use.
type AuditQueue struct {
	sink    Auditor
	ch      chan queued
	dropped atomic.Uint64
	onDrop  func(Decision)
	done    chan struct{}
	once    sync.Once
	closed  atomic.Bool
	mu      sync.RWMutex // held for reading by Audit, for writing by Close
}

type queued struct {
	ctx context.Context
	d   Decision
}

// NewAuditQueue starts a queue of size decisions (zero means
// DefaultAuditQueueSize) feeding sink. onDrop, if not nil, is called with
// each decision dropped because the queue was full, on the checking
// goroutine: it must be quick.
func NewAuditQueue(sink Auditor, size int, onDrop func(Decision)) *AuditQueue {
	if size <= 0 {
		size = DefaultAuditQueueSize
	}
	q := &AuditQueue{sink: sink, ch: make(chan queued, size), onDrop: onDrop, done: make(chan struct{})}
	go q.run()
	return q
}

func (q *AuditQueue) run() {
	defer close(q.done)
	for item := range q.ch {
		if q.sink != nil {
			q.sink.Audit(item.ctx, item.d)
		}
	}
}

// Audit implements Auditor: it queues d for the sink, or drops it if the
// queue is full or closed. It never blocks.
func (q *AuditQueue) Audit(ctx context.Context, d Decision) {
	q.mu.RLock()
	defer q.mu.RUnlock()
	if q.closed.Load() {
		q.drop(d)
		return
	}
	if ctx == nil {
		ctx = context.Background()
	}
	// The sink gets the check's context as is (it may be cancelled by
	// then): detaching would allocate on every check; a sink that must not
	// lose its writes detaches itself, as SlogAuditor does.
	select {
	case q.ch <- queued{ctx: ctx, d: d}:
	default:
		q.drop(d)
	}
}

func (q *AuditQueue) drop(d Decision) {
	q.dropped.Add(1)
	if q.onDrop != nil {
		q.onDrop(d)
	}
}

// Dropped returns how many decisions the queue has dropped.
func (q *AuditQueue) Dropped() uint64 { return q.dropped.Load() }

// Close stops taking decisions and waits until the sink has received
// every queued one.
func (q *AuditQueue) Close() {
	q.once.Do(func() {
		q.mu.Lock()
		q.closed.Store(true)
		close(q.ch)
		q.mu.Unlock()
	})
	<-q.done
}

// fanOut is an Auditor that passes each decision to several.
type fanOut []Auditor

func (f fanOut) Audit(ctx context.Context, d Decision) {
	for _, a := range f {
		a.Audit(ctx, d)
	}
}

// auditors wraps each of Options.Auditors in its own queue and returns
// one Auditor for them all (nil for none).
func (s *Service) auditors() Auditor {
	if len(s.opts.Auditors) == 0 {
		return nil
	}
	out := make(fanOut, 0, len(s.opts.Auditors))
	for _, a := range s.opts.Auditors {
		q := NewAuditQueue(a, s.opts.AuditQueueSize, nil)
		s.queues = append(s.queues, q)
		out = append(out, q)
	}
	return out
}
