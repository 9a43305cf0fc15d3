package rule_test

import (
	"errors"
	"testing"

	"github.com/lawfulgo/lawful/internal/rule"
)

func TestErrorMatchesItsSentinelOnly(t *testing.T) {
	a, b := errors.New("a"), errors.New("b")
	err := rule.New(a, "what broke and how to fix it")
	if !errors.Is(err, a) || errors.Is(err, b) {
		t.Fatal("want a match with its own sentinel only")
	}
	if err.Error() != "what broke and how to fix it" {
		t.Fatalf("message %q", err.Error())
	}
}
