package main

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lawfulgo/lawful/purpose"
)

var update = flag.Bool("update", false, "rewrite the golden files and the verify fixtures")

// runCmd runs the command in-process, as a user would from the shell.
func runCmd(t testing.TB, args ...string) (stdout, stderr string, status int) {
	t.Helper()
	var out, errOut bytes.Buffer
	status = run(args, strings.NewReader(""), &out, &errOut)
	return out.String(), errOut.String(), status
}

// golden compares got with testdata/golden/name (rewritten by -update).
func golden(t testing.TB, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		must(t, os.MkdirAll(filepath.Dir(path), 0o755))
		must(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v; run go test ./cmd/lawful -update", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (run go test ./cmd/lawful -update to accept):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// ext is the golden file's extension for a command's arguments.
func ext(args []string) string {
	for _, a := range args {
		if a == "-json" {
			return ".json"
		}
	}
	return ".txt"
}

func TestUsageErrorsExitTwoAndSayWhatToDo(t *testing.T) {
	for _, tc := range []struct {
		name   string
		args   []string
		status int
		out    string // on stdout
		err    string // on stderr
	}{
		{"no command", nil, exitUsage, "", "Usage:"},
		{"-h", []string{"-h"}, exitOK, "lawful lint", ""},
		{"help explain", []string{"help", "explain"}, exitOK, "Usage: lawful explain", ""},
		{"an unknown command", []string{"audit"}, exitUsage, "", `unknown command "audit"`},
		{"lint -h", []string{"lint", "-h"}, exitOK, "-fail-on", ""},
		{"notice -h", []string{"notice", "-h"}, exitOK, "-lang", ""},
		{"explain -h", []string{"explain", "-h"}, exitOK, "-json", ""},
		{"verify -h", []string{"verify", "-h"}, exitOK, "-allow-unanchored", ""},
		{"schema -h", []string{"schema", "-h"}, exitOK, "Usage: lawful schema", ""},
		{"an unknown flag", []string{"lint", "-strict", "testdata/policy.json"}, exitUsage, "", "flag provided but not defined: -strict"},
		{"a bad -fail-on", []string{"lint", "-fail-on", "fatal", "testdata/policy.json"}, exitUsage, "", "want error, warning or info"},
		{"a bad -lang", []string{"notice", "testdata/policy.json", "-lang", "fr"}, exitUsage, "", "want en or zh"},
		{"lint without a file", []string{"lint"}, exitUsage, "", "missing the policy file"},
		{"lint with two files", []string{"lint", "a.json", "b.json"}, exitUsage, "", `unexpected argument "b.json"`},
		{"explain with one file", []string{"explain", "testdata/policy.json"}, exitUsage, "", "missing the policy file and the request file"},
		{"schema with an argument", []string{"schema", "x"}, exitUsage, "", "takes no arguments"},
		{"a file that is not there", []string{"lint", "testdata/none.json"}, exitUsage, "", "testdata/none.json: no such file or directory"},
		{"notice of a policy that does not load", []string{"notice", "testdata/bad_policy.json"}, exitUsage, "", "does not load; fix it first"},
		{"a request file that does not decode", []string{"explain", "testdata/policy.json", "testdata/policy.json"}, exitUsage, "", `testdata/policy.json: unknown field "schema"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, status := runCmd(t, tc.args...)
			if status != tc.status {
				t.Errorf("exit status %d, want %d\nstdout: %s\nstderr: %s", status, tc.status, stdout, stderr)
			}
			if !contains(stdout, tc.out) || !contains(stderr, tc.err) {
				t.Errorf("stdout %q, stderr %q; want %q and %q in them", stdout, stderr, tc.out, tc.err)
			}
		})
	}
}

// TestFlagsMayFollowTheFileNames: "lawful notice policy.json -lang zh" as the
// issue writes it, and "--" ending the flags.
func TestFlagsMayFollowTheFileNames(t *testing.T) {
	a, _, _ := runCmd(t, "notice", "testdata/policy.json", "-lang", "zh")
	b, _, _ := runCmd(t, "notice", "-lang", "zh", "testdata/policy.json")
	if a != b || !contains(a, "个人信息收集清单") {
		t.Errorf("flags after the file are not read as before it")
	}
	_, stderr, status := runCmd(t, "notice", "--", "-lang")
	if status != exitUsage || !contains(stderr, "-lang: no such file") {
		t.Errorf("after --, -lang is a file name: %d %s", status, stderr)
	}
}

func TestLintReportsFindingsAndExitsByFailOn(t *testing.T) {
	for _, tc := range []struct {
		name   string
		args   []string
		status int
	}{
		{"policy", []string{"testdata/policy.json"}, exitOK},
		{"policy_fail_on_warning", []string{"-fail-on", "warning", "testdata/policy.json"}, exitFound},
		{"bad_policy", []string{"testdata/bad_policy.json"}, exitFound},
		{"bad_policy_json", []string{"-json", "testdata/bad_policy.json"}, exitFound},
		{"broken_json", []string{"testdata/broken.json"}, exitFound},
		{"retention_rule", []string{"testdata/bad_rule.json"}, exitFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, status := runCmd(t, append([]string{"lint"}, tc.args...)...)
			if status != tc.status {
				t.Errorf("exit status %d, want %d; stderr: %s", status, tc.status, stderr)
			}
			golden(t, "lint_"+tc.name+ext(tc.args), stdout)
		})
	}
}

// TestLintFindsTheValidatorsProblemsWithTheirArticles: every problem
// LoadPolicy reports is an error of lint's, in order, and the articles in
// the messages are listed.
func TestLintFindsTheValidatorsProblemsWithTheirArticles(t *testing.T) {
	data, err := os.ReadFile("testdata/bad_policy.json")
	must(t, err)
	_, loadErr := purpose.LoadPolicy(bytes.NewReader(data))
	var ve *purpose.ValidationError
	if !errors.As(loadErr, &ve) {
		t.Fatalf("the bad policy loads: %v", loadErr)
	}
	rep := lintPolicy("bad_policy.json", data)
	var got []string
	withArticles := 0
	for _, f := range rep.Findings {
		if strings.HasPrefix(f.Rule, "policy.") {
			if f.Severity != "error" {
				t.Errorf("%+v: a validator's problem that is not an error", f)
			}
			got = append(got, f.Where+": "+f.Field)
		}
		if len(f.Articles) > 0 {
			withArticles++
		}
	}
	var want []string
	for _, p := range ve.Problems {
		want = append(want, p.Where+": "+p.Field)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("lint lists\n%s\nLoadPolicy reports\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if rep.Loads || withArticles == 0 {
		t.Errorf("loads %v, %d findings with articles", rep.Loads, withArticles)
	}
}

func TestArticlesAreReadFromCitesAndParentheses(t *testing.T) {
	for _, tc := range []struct {
		cites, msg string
		want       []string
	}{
		{"", `needs a law (PIPL art. 13(1)(3): necessary to fulfil a duty)`, []string{"PIPL art. 13(1)(3)"}},
		{"PIPL art. 19; NDSMR art. 21(3)", `no period (PIPL art. 19; NDSMR art. 21(3))`, []string{"PIPL art. 19", "NDSMR art. 21(3)"}},
		{"", `a recipient (PIPL arts. 13(1)(3), 23)`, []string{"PIPL art. 13(1)(3)", "PIPL art. 23"}},
		{"", `nothing to cite (GB/T 35273-2020 §5.6(k) maps to no ground)`, nil},
		{"", `unbalanced ((PIPL art. 13`, nil},
	} {
		got := articles(tc.cites, tc.msg)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("articles(%q, %q) = %q, want %q", tc.cites, tc.msg, got, tc.want)
		}
	}
}

func TestNoticeRendersTheListsInEitherLanguage(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"en.md", []string{"testdata/policy.json"}},
		{"zh.md", []string{"testdata/policy.json", "-lang", "zh"}},
		{"sharing_zh.md", []string{"-list", "sharing", "-lang", "zh", "testdata/policy.json"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, status := runCmd(t, append([]string{"notice"}, tc.args...)...)
			if status != exitOK {
				t.Fatalf("exit status %d: %s", status, stderr)
			}
			golden(t, "notice_"+tc.name, stdout)
		})
	}
}

// TestSchemaPrintsTheCommittedSchema: lawful schema prints
// schema/policy.schema.json, which package schema keeps current.
func TestSchemaPrintsTheCommittedSchema(t *testing.T) {
	stdout, stderr, status := runCmd(t, "schema")
	if status != exitOK {
		t.Fatalf("exit status %d: %s", status, stderr)
	}
	want, err := os.ReadFile("../../schema/policy.schema.json")
	must(t, err)
	if stdout != string(want) {
		t.Errorf("lawful schema differs from schema/policy.schema.json; run go test ./schema -update")
	}
}

// TestExplainPrintsTheDecisionAndTheTrace explains the request files under testdata/requests,
// as text and as JSON.
func TestExplainPrintsTheDecisionAndTheTrace(t *testing.T) {
	files, err := filepath.Glob("testdata/requests/*.json")
	must(t, err)
	if len(files) == 0 {
		t.Fatal("no request files")
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		t.Run(name, func(t *testing.T) {
			stdout, stderr, status := runCmd(t, "explain", "testdata/policy.json", f)
			if status == exitUsage {
				t.Fatalf("exit status %d: %s", status, stderr)
			}
			if (status == exitOK) != strings.HasPrefix(stdout, "allow") {
				t.Errorf("exit status %d for %q", status, strings.SplitN(stdout, "\n", 2)[0])
			}
			golden(t, "explain_"+name+".txt", stdout)
			js, _, _ := runCmd(t, "explain", "-json", "testdata/policy.json", f)
			golden(t, "explain_"+name+".json", js)
		})
	}
}
