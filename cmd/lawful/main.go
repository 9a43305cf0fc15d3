package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// Exit statuses.
const (
	exitOK    = 0 // lint: no finding at the -fail-on level; explain: allowed; verify: verified
	exitFound = 1 // lint: findings; explain: denied; verify: does not verify
	exitUsage = 2 // bad arguments, or an input file that cannot be read or decoded
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// command is one subcommand.
type command struct {
	name  string
	args  string // the positional arguments, for the usage line
	short string
	run   func(c *cli, args []string) int
}

// commands returns the subcommands. (A function, not a variable: the
// commands' functions print the usage, which lists them.)
func commands() []command {
	return []command{
		{"lint", "[-json] [-fail-on error|warning|info] policy.json", "check a policy: the validator's problems and lint findings, with the articles they rest on", runLint},
		{"notice", "[-lang en|zh] [-list all|collection|sharing] policy.json", "render the PI collection list and the third-party sharing list of a policy (Markdown)", runNotice},
		{"explain", "[-json] policy.json request.json", "decide a request in an in-memory world and trace every stage of the Guard", runExplain},
		{"verify", "[-json] (-pub key | -keys keys.json) file", "verify a signed consent receipt, or an exported consent ledger against its anchored heads", runVerify},
		{"schema", "", "print the JSON Schema (draft 2020-12) of policy files", runSchema},
	}
}

// cli is one invocation's streams.
type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// run runs the lawful command with args (without the program name) and
// returns its exit status. It never panics on user input and writes
// results to stdout, problems to stderr.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c := &cli{stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		c.usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		if len(args) > 1 && args[0] == "help" {
			return run([]string{args[1], "-h"}, stdin, stdout, stderr)
		}
		c.usage(stdout)
		return exitOK
	}
	for _, cmd := range commands() {
		if cmd.name == args[0] {
			return cmd.run(c, args[1:])
		}
	}
	fmt.Fprintf(stderr, "lawful: unknown command %q; run 'lawful -h' for the commands\n", clip(args[0]))
	return exitUsage
}

func (c *cli) usage(w io.Writer) {
	fmt.Fprint(w, "lawful checks, renders and explains lawful policies, and verifies consent records.\n\nUsage:\n\n")
	for _, cmd := range commands() {
		fmt.Fprintf(w, "\t%s\n\t\t%s\n", strings.TrimSpace("lawful "+cmd.name+" "+cmd.args), cmd.short)
	}
	fmt.Fprint(w, "\nRun 'lawful <command> -h' for a command's flags.\nExit status: 0 ok, 1 findings, denied or not verified, 2 usage or input errors.\n")
}

// flags returns a FlagSet for cmd that writes its usage to stderr (or to
// stdout for -h).
func (c *cli) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("lawful "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parse parses args with fs, accepting flags before and after the
// positional arguments ("lawful notice policy.json -lang zh"), and
// returns the positional ones; a "--" ends the flags. ok is false when
// the command should stop with status: after -h (usage printed to
// stdout, status 0) or a bad flag (reported to stderr, status 2).
func (c *cli) parse(fs *flag.FlagSet, name string, args []string) (pos []string, status int, ok bool) {
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				c.commandUsage(c.stdout, fs, name)
				return nil, exitOK, false
			}
			fmt.Fprintf(c.stderr, "lawful %s: %v\n", name, err)
			c.commandUsage(c.stderr, fs, name)
			return nil, exitUsage, false
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, 0, true
		}
		if i := len(args) - len(rest) - 1; i >= 0 && args[i] == "--" {
			return append(pos, rest...), 0, true // after "--", all positional
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

func (c *cli) commandUsage(w io.Writer, fs *flag.FlagSet, name string) {
	for _, cmd := range commands() {
		if cmd.name == name {
			fmt.Fprintf(w, "Usage: %s\n\n%s.\n", strings.TrimSpace("lawful "+cmd.name+" "+cmd.args), upperFirst(cmd.short))
		}
	}
	var b strings.Builder
	fs.SetOutput(&b)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
	if b.Len() > 0 {
		fmt.Fprintf(w, "\nFlags:\n%s", b.String())
	}
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// wantArgs checks the number of positional arguments.
func (c *cli) wantArgs(name string, args []string, n int, what string) bool {
	if len(args) == n {
		return true
	}
	switch {
	case n == 0:
		fmt.Fprintf(c.stderr, "lawful %s takes no arguments; got %q\n", name, clip(args[0]))
	case len(args) < n:
		fmt.Fprintf(c.stderr, "lawful %s: missing %s; run 'lawful %s -h'\n", name, what, name)
	default:
		fmt.Fprintf(c.stderr, "lawful %s: unexpected argument %q after %s; run 'lawful %s -h'\n", name, clip(args[n]), what, name)
	}
	return false
}

// readFile reads the file at path ("-" for stdin), refusing more than max
// bytes: every input is bounded before it is decoded.
func (c *cli) readFile(path string, max int) ([]byte, error) {
	var r io.Reader = c.stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, unwrapPath(err))
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, int64(max)+1))
	if err != nil {
		return nil, fmt.Errorf("%s: reading: %w", path, err)
	}
	if len(data) > max {
		return nil, &tooLargeError{path: path, max: max, head: data}
	}
	return data, nil
}

// readCapped reads the file at path ("-" for stdin) like readFile, but
// returns up to max+1 bytes of a longer file without error, for a
// decoder that refuses it with its own message (purpose.LoadPolicy says
// which limit).
func (c *cli) readCapped(path string, max int) ([]byte, error) {
	data, err := c.readFile(path, max)
	var tl *tooLargeError
	if errors.As(err, &tl) {
		return tl.head, nil
	}
	return data, err
}

// tooLargeError is a file over readFile's limit; head holds its first
// max+1 bytes.
type tooLargeError struct {
	path string
	max  int
	head []byte
}

func (e *tooLargeError) Error() string {
	return fmt.Sprintf("%s: more than %d bytes; lawful reads at most that much from one file of this kind", e.path, e.max)
}

// unwrapPath drops the path an *os.PathError repeats.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// clip cuts a user-given string for a message.
func clip(s string) string {
	const max = 64
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut] + "..."
}
