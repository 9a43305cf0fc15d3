package sqlstore_test

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/lawfulgo/lawful/consent"
	"github.com/lawfulgo/lawful/sqlstore/internal/fixture"
	"github.com/lawfulgo/lawful/subject"
)

// crashBin builds the crash-test helper once per test binary.
var crashBin = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "lawful-crashtest")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "crashtest")
	out, err := exec.Command("go", "build", "-o", bin, "./internal/crashtest").CombinedOutput()
	if err != nil {
		return "", &buildError{out: string(out), err: err}
	}
	return bin, nil
})

type buildError struct {
	out string
	err error
}

func (e *buildError) Error() string { return e.err.Error() + ": " + e.out }

func TestMain(m *testing.M) {
	code := m.Run()
	if bin, err := crashBin(); err == nil && bin != "" {
		os.RemoveAll(filepath.Dir(bin))
	}
	os.Exit(code)
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
		t.Skip("builds and kills a helper process; skipped with -short")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("needs the go command to build the helper: " + err.Error())
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			b.skipUnavailable(t)
			bin, err := crashBin()
			if err != nil {
				t.Fatalf("building the helper: %v", err)
			}
			driver, dsn := b.fresh(t)
			helperDriver := "sqlite"
			if driver == pgDriver {
				helperDriver = "postgres"
			}
			cmd := exec.Command(bin, "-driver", helperDriver, "-dsn", dsn, "-writers", "4")
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
