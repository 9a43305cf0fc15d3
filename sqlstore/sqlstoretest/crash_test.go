package sqlstoretest_test

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/sqlstore"
	"github.com/lawfulgo/lawful/sqlstore/internal/fixture"
	"github.com/lawfulgo/lawful/subject"
)

// crashDriverEnv, crashDSNEnv and crashModeEnv, when set in the
// environment, turn the test binary into a child process: TestMain runs
// the mode's workload instead of the tests. The parent test re-executes
// its own binary, so no separate program (and no driver import outside
// tests) is needed.
const (
	crashDriverEnv = "LAWFUL_CRASHTEST_DRIVER"
	crashDSNEnv    = "LAWFUL_CRASHTEST_DSN"
	crashModeEnv   = "LAWFUL_CRASHTEST_MODE"
)

func TestMain(m *testing.M) {
	if driver := os.Getenv(crashDriverEnv); driver != "" {
		if err := child(driver, os.Getenv(crashDSNEnv), os.Getenv(crashModeEnv)); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(2)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// Child modes.
const (
	// modeAppends: four writers, each on its own subject, append one event
	// at a time through a Ledger until killed.
	modeAppends = "appends"
	// modeBatches: four writers append batches of 150 chained events
	// (two INSERT statements in one transaction) through the store until
	// killed, so kills land mid-batch and mid-transaction.
	modeBatches = "batches"
	// modeCheckpoints: modeAppends while another goroutine checkpoints the
	// database (SQLite's WAL, PostgreSQL's CHECKPOINT) without pause.
	modeCheckpoints = "checkpoints"
	// modeRace: eight writers append 30 grants each to subject 0 and the
	// child exits; two such children race on one database.
	modeRace = "race"
)

// child runs mode against the database, printing one line per append that
// returned nil, in one write:
//
//	ack <subject> <seq> <event ID>
func child(driver, dsn, mode string) error {
	dialect := sqlstore.SQLite
	if driver == pgDriver {
		dialect = sqlstore.Postgres
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		return err
	}
	ctx := context.Background()
	st, err := sqlstore.Open(ctx, db, dialect)
	if err != nil {
		return err
	}
	if err := st.Migrate(ctx); err != nil {
		return err
	}
	ledger, err := fixture.Ledger(st.Consent(), st.Anchors(), 4, consent.SystemClock{})
	if err != nil {
		return err
	}
	var out sync.Mutex
	print := func(e consent.Event) error {
		out.Lock()
		defer out.Unlock()
		_, err := fmt.Fprintf(os.Stdout, "ack %v %d %v\n", e.Subject, e.Seq, e.ID)
		return err
	}
	switch mode {
	case modeRace:
		return race(ctx, ledger, print)
	case modeBatches:
		return forever(func(w int) error { return batches(ctx, st.Consent(), fixture.Subject(w), print) })
	case modeCheckpoints:
		go checkpoint(ctx, db, dialect)
	}
	return forever(func(w int) error { return appends(ctx, ledger, fixture.Subject(w), print) })
}

// forever runs four writers until one fails (or the process is killed).
func forever(writer func(w int) error) error {
	errs := make(chan error, 4)
	for w := range 4 {
		go func() { errs <- writer(w) }()
	}
	return <-errs
}

func appends(ctx context.Context, l *consent.Ledger, id subject.ID, print func(consent.Event) error) error {
	for i := 0; ; i++ {
		e := fixture.Grant(id)
		if i%2 == 1 {
			e = fixture.Withdraw(id)
		}
		got, err := l.Append(ctx, e)
		if err != nil {
			return fmt.Errorf("append %d: %w", i, err)
		}
		if err := print(got); err != nil {
			return err
		}
	}
}

// batches appends chained events 150 at a time straight to the store.
func batches(ctx context.Context, st consent.Store, id subject.ID, print func(consent.Event) error) error {
	var head consent.Head
	at := time.Now().UTC()
	for {
		batch := make([]consent.Event, 150)
		for i := range batch {
			at = at.Add(time.Microsecond)
			e := fixture.Grant(id)
			e.Purposes[0].Version = 1
			e.ID = uuid.Must(uuid.NewV7())
			e.Seq, e.Prev, e.Effective, e.Recorded = head.Seq+1, head.Hash, at, at
			e.Hash = e.ComputeHash()
			batch[i], head = e, consent.Head{Seq: e.Seq, Hash: e.Hash}
		}
		if err := st.Append(ctx, id, batch[0].Seq-1, batch...); err != nil {
			return err
		}
		if err := print(batch[len(batch)-1]); err != nil {
			return err
		}
	}
}

// checkpoint checkpoints the database again and again.
func checkpoint(ctx context.Context, db *sql.DB, d sqlstore.Dialect) {
	stmt := "PRAGMA wal_checkpoint(TRUNCATE)"
	if d == sqlstore.Postgres {
		stmt = "CHECKPOINT"
	}
	for {
		_, _ = db.ExecContext(ctx, stmt) // a busy checkpoint is simply retried
	}
}

// race appends 8×30 grants to subject 0 and returns.
func race(ctx context.Context, l *consent.Ledger, print func(consent.Event) error) error {
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			for i := range 30 {
				got, err := l.Append(ctx, fixture.Grant(fixture.Subject(0)))
				if err == nil {
					err = print(got)
				}
				if err != nil {
					errs <- fmt.Errorf("append %d: %w", i, err)
					return
				}
			}
			errs <- nil
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			return err
		}
	}
	return nil
}

// ack is one append the helper reported as acknowledged.
type ack struct {
	subject subject.ID
	seq     uint64
	id      uuid.UUID
}

// running is a child process and the acknowledgements it prints.
type running struct {
	cmd    *exec.Cmd
	lines  chan string
	stderr *bytes.Buffer
}

func startChild(t *testing.T, driver, dsn, mode string) *running {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashDriverEnv+"="+driver, crashDSNEnv+"="+dsn, crashModeEnv+"="+mode)
	r := &running{cmd: cmd, lines: make(chan string), stderr: &bytes.Buffer{}}
	cmd.Stderr = r.stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		defer close(r.lines)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			r.lines <- sc.Text()
		}
	}()
	return r
}

// acks reads acknowledgements until the child's output ends, killing it
// with SIGKILL after killAt of them (0: never), and waits for it.
func (r *running) acks(t *testing.T, killAt int) []ack {
	t.Helper()
	var acks []ack
	deadline := time.After(2 * time.Minute)
	killed := false
	for line := range r.lines {
		a, err := parseAck(line)
		if err != nil {
			t.Fatalf("child printed %q: %v", line, err)
		}
		acks = append(acks, a)
		if len(acks) == killAt && !killed {
			if err := r.cmd.Process.Kill(); err != nil {
				t.Fatalf("SIGKILL: %v", err)
			}
			killed = true
		}
		select {
		case <-deadline:
			_ = r.cmd.Process.Kill()
			t.Fatalf("only %d acknowledgements in 2 minutes; child stderr: %s", len(acks), r.stderr.String())
		default:
		}
	}
	err := r.cmd.Wait() // the pipe is drained: every line printed before the kill was read
	switch {
	case killAt == 0 && err != nil:
		t.Fatalf("child failed after %d acknowledgements: %v; stderr: %s", len(acks), err, r.stderr.String())
	case killAt == 0:
	case !killed:
		t.Fatalf("the child stopped by itself after %d acknowledgements (%v): %s", len(acks), err, r.stderr.String())
	default:
		if ws, ok := r.cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
			t.Fatalf("child exit: %v, want killed by SIGKILL; stderr: %s", err, r.stderr.String())
		}
	}
	return acks
}

// Durability (issue 15 §3): a process appending is killed with SIGKILL at
// several points — between single appends, in the middle of a batch
// spanning two statements of one transaction, and while the database
// checkpoints. Every append it acknowledged is in the store afterwards,
// every chain verifies, and a fresh Ledger (sealed, anchored) accepts the
// ledgers it wrote.
func TestAcknowledgedAppendsSurviveSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("runs and kills child processes; skipped with -short")
	}
	points := []struct {
		mode   string
		killAt int
	}{{modeAppends, 200}, {modeBatches, 7}, {modeCheckpoints, 150}}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			b.skipUnavailable(t)
			for _, p := range points {
				t.Run(p.mode, func(t *testing.T) {
					driver, dsn := b.fresh(t)
					acks := startChild(t, driver, dsn, p.mode).acks(t, p.killAt)
					checkAcks(t, openStore(t, openDB(t, driver, dsn), b.dialect), acks, p.mode != modeBatches)
				})
			}
		})
	}
}

// checkAcks checks that every acknowledged append is stored and every
// writer's chain verifies; sealed ledgers also verify through a Ledger.
func checkAcks(t *testing.T, st *sqlstore.Store, acks []ack, sealed bool) {
	t.Helper()
	bySubject := map[subject.ID][]ack{}
	for _, a := range acks {
		bySubject[a.subject] = append(bySubject[a.subject], a)
	}
	ledger, err := fixture.Ledger(st.Consent(), st.Anchors(), 4, consent.SystemClock{})
	if err != nil {
		t.Fatal(err)
	}
	stored := 0
	for w := range 4 {
		id := fixture.Subject(w)
		events, err := st.Consent().Load(t.Context(), id)
		if err != nil {
			t.Fatalf("Load after the kill: %v", err)
		}
		stored += len(events)
		if err := consent.Verify(events); err != nil {
			t.Fatalf("writer %d's chain after the kill: %v", w, err)
		}
		if sealed {
			if err := ledger.Verify(t.Context(), id); err != nil {
				t.Fatalf("writer %d's sealed ledger after the kill: %v", w, err)
			}
		}
		for _, a := range bySubject[id] {
			if a.seq == 0 || a.seq > uint64(len(events)) || events[a.seq-1].ID != a.id {
				t.Fatalf("acknowledged append of writer %d, seq %d (event %v), is missing: the store holds %d events", w, a.seq, a.id, len(events))
			}
		}
	}
	t.Logf("%d acknowledged appends across %d subjects survived SIGKILL; the store holds %d events", len(acks), len(bySubject), stored)
}

// TestTwoProcessesAppendToOneSubject is issue 15 §3 across processes: two
// processes, eight writers each, append 480 grants to one subject on one
// database; every append succeeds and the ledger verifies with all 480.
func TestTwoProcessesAppendToOneSubject(t *testing.T) {
	if testing.Short() {
		t.Skip("runs child processes; skipped with -short")
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			b.skipUnavailable(t)
			driver, dsn := b.fresh(t)
			openStore(t, openDB(t, driver, dsn), b.dialect) // migrated before the children race
			one, two := startChild(t, driver, dsn, modeRace), startChild(t, driver, dsn, modeRace)
			var acks [2][]ack
			var wg sync.WaitGroup
			for i, r := range []*running{one, two} {
				wg.Add(1)
				go func() { defer wg.Done(); acks[i] = r.acks(t, 0) }()
			}
			wg.Wait()
			if n := len(acks[0]) + len(acks[1]); n != 480 {
				t.Fatalf("%d appends acknowledged, want all 480", n)
			}
			st := openStore(t, openDB(t, driver, dsn), b.dialect)
			ledger, err := fixture.Ledger(st.Consent(), st.Anchors(), 4, consent.SystemClock{})
			if err != nil {
				t.Fatal(err)
			}
			events, err := ledger.Events(t.Context(), fixture.Subject(0))
			if err != nil {
				t.Fatal(err)
			}
			if len(events) != 480 {
				t.Fatalf("the ledger holds %d events, want 480", len(events))
			}
		})
	}
}

func parseAck(line string) (ack, error) {
	f := strings.Fields(line)
	if len(f) != 4 || f[0] != "ack" {
		return ack{}, strconv.ErrSyntax
	}
	id, err := subject.ParseID(f[1])
	if err != nil {
		return ack{}, err
	}
	seq, err := strconv.ParseUint(f[2], 10, 64)
	if err != nil {
		return ack{}, err
	}
	ev, err := uuid.Parse(f[3])
	if err != nil {
		return ack{}, err
	}
	return ack{subject: id, seq: seq, id: ev}, nil
}
