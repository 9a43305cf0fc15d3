package sqlstore_test

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

// crashDriverEnv and crashDSNEnv, when set in the environment, turn the
// test binary into the crash-test child: TestMain runs crashChild instead
// of the tests. The parent test re-executes its own binary, so no separate
// program (and no driver import outside tests) is needed.
const (
	crashDriverEnv = "LAWFUL_CRASHTEST_DRIVER"
	crashDSNEnv    = "LAWFUL_CRASHTEST_DSN"
)

func TestMain(m *testing.M) {
	if driver := os.Getenv(crashDriverEnv); driver != "" {
		if err := crashChild(driver, os.Getenv(crashDSNEnv), 4); err != nil {
			fmt.Fprintln(os.Stderr, "crash child:", err)
			os.Exit(2)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// crashChild appends consent events through a Ledger on a sqlstore until
// it is killed: each writer appends to its own subject
// (fixture.Subject(writer)), alternating grants and withdrawals, and prints
// one line per append that returned nil, in one write:
//
//	ack <subject> <seq> <event ID>
func crashChild(driver, dsn string, writers int) error {
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
	ledger, err := fixture.Ledger(st.Consent(), st.Anchors(), writers, consent.SystemClock{})
	if err != nil {
		return err
	}
	var out sync.Mutex
	errs := make(chan error, writers)
	for w := range writers {
		go func() {
			id := fixture.Subject(w)
			for i := 0; ; i++ {
				e := fixture.Grant(id)
				if i%2 == 1 {
					e = fixture.Withdraw(id)
				}
				got, err := ledger.Append(ctx, e)
				if err != nil {
					errs <- fmt.Errorf("writer %d, append %d: %w", w, i, err)
					return
				}
				line := fmt.Sprintf("ack %v %d %v\n", got.Subject, got.Seq, got.ID)
				out.Lock()
				_, err = os.Stdout.WriteString(line)
				out.Unlock()
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	return <-errs
}

// ack is one append the helper reported as acknowledged.
type ack struct {
	subject subject.ID
	seq     uint64
	id      uuid.UUID
}

// A process appending through a Ledger is killed with SIGKILL while its
// writers append; every append it acknowledged is in the store afterwards,
// and every writer's hash chain verifies.
func TestAcknowledgedAppendsSurviveSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("runs and kills a child process; skipped with -short")
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			b.skipUnavailable(t)
			driver, dsn := b.fresh(t)
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), crashDriverEnv+"="+driver, crashDSNEnv+"="+dsn)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			lines := make(chan string)
			go func() {
				defer close(lines)
				sc := bufio.NewScanner(stdout)
				for sc.Scan() {
					lines <- sc.Text()
				}
			}()

			// Wait, up to a deadline, for enough acknowledgements that the
			// writers are surely mid-append, then kill the process.
			const enough = 200
			var acks []ack
			deadline := time.After(2 * time.Minute)
			killed := false
			for line := range lines {
				a, err := parseAck(line)
				if err != nil {
					t.Fatalf("helper printed %q: %v", line, err)
				}
				acks = append(acks, a)
				if len(acks) == enough && !killed {
					if err := cmd.Process.Kill(); err != nil {
						t.Fatalf("SIGKILL: %v", err)
					}
					killed = true
				}
				select {
				case <-deadline:
					_ = cmd.Process.Kill()
					t.Fatalf("only %d acknowledgements in 2 minutes; helper stderr: %s", len(acks), stderr.String())
				default:
				}
			}
			err = cmd.Wait() // the pipe is drained: every line printed before the kill was read
			if !killed {
				t.Fatalf("the helper stopped by itself after %d acknowledgements (%v): %s", len(acks), err, stderr.String())
			}
			if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
				t.Fatalf("helper exit: %v, want killed by SIGKILL; stderr: %s", err, stderr.String())
			}

			st := openStore(t, openDB(t, driver, dsn), b.dialect).Consent()
			stored := 0
			bySubject := map[subject.ID][]ack{}
			for _, a := range acks {
				bySubject[a.subject] = append(bySubject[a.subject], a)
			}
			for w := range 4 {
				id, as := fixture.Subject(w), bySubject[fixture.Subject(w)]
				events, err := st.Load(t.Context(), id)
				if err != nil {
					t.Fatalf("Load(%v) after the kill: %v", id, err)
				}
				stored += len(events)
				if err := consent.Verify(events); err != nil {
					t.Fatalf("subject %v's chain after the kill: %v", id, err)
				}
				for _, a := range as {
					if a.seq == 0 || a.seq > uint64(len(events)) || events[a.seq-1].ID != a.id {
						t.Fatalf("acknowledged append of subject %v seq %d (event %v) is missing: the store holds %d events", id, a.seq, a.id, len(events))
					}
				}
			}
			t.Logf("%d acknowledged appends across %d subjects survived SIGKILL; the store holds %d events (the rest committed but not yet acknowledged)", len(acks), len(bySubject), stored)
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
