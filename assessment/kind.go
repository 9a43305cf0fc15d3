package assessment

import (
	"fmt"
	"strings"

	"github.com/lawfulgo/lawful/internal/enum"
	"github.com/lawfulgo/lawful/internal/rule"
	"github.com/lawfulgo/lawful/purpose"
)

// Kind is a set of kinds of processing that need an impact assessment
// before they start (PIPL art. 55; GDPR art. 35(1), (3)). An assessment
// declares the kinds it covers; a request needs each of its kinds covered.
// The zero Kind is the empty set: nothing to cover.
type Kind uint16

const (
	// Sensitive: processing sensitive PI (PIPL art. 55(1)); special
	// categories on a large scale (GDPR art. 35(3)(b)).
	Sensitive Kind = 1 << iota
	// AutomatedDecision: automated decision-making (PIPL art. 55(2));
	// systematic and extensive evaluation with legal or similarly
	// significant effects (GDPR art. 35(3)(a)).
	AutomatedDecision
	// Entrust: entrusting processing to another (PIPL art. 55(3)).
	Entrust
	// Provide: providing PI to another processor (PIPL art. 55(3)).
	Provide
	// Disclose: disclosing PI publicly (PIPL art. 55(3)).
	Disclose
	// Export: providing PI abroad (PIPL art. 55(4)).
	Export
	// Children: processing the PI of minors (for PIPL all the PI of a
	// child under 14 is sensitive, art. 28; a service may assess minors'
	// processing separately).
	Children
	// PublicMonitoring: systematic monitoring of a publicly accessible
	// area on a large scale (GDPR art. 35(3)(c)).
	PublicMonitoring
	// SignificantImpact: any other processing with a significant impact on
	// people (PIPL art. 55(5); GDPR art. 35(1) high risk).
	SignificantImpact

	numKinds = 9
	allKinds = 1<<numKinds - 1
)

var kindNames = []string{"sensitive", "automated_decision", "entrust", "provide", "disclose", "export", "children", "public_monitoring", "significant_impact"}

// Has reports whether every kind of u is in k.
func (k Kind) Has(u Kind) bool { return k&u == u }

// Valid reports whether k holds only known kinds.
func (k Kind) Valid() bool { return k&^allKinds == 0 }

// String returns the kind names joined by commas, e.g.
// "sensitive,export"; "" for the empty set.
func (k Kind) String() string {
	var parts []string
	for i, n := range kindNames {
		if k&(1<<i) != 0 {
			parts = append(parts, n)
		}
	}
	if rest := k &^ allKinds; rest != 0 {
		parts = append(parts, fmt.Sprintf("%#x", uint16(rest)))
	}
	return strings.Join(parts, ",")
}

// maxKindText bounds the text ParseKind reads.
const maxKindText = 256

// ParseKind parses kind names separated by commas, as String writes them;
// "" is the empty set. Unknown or repeated names are errors matching
// ErrInvalid, and nothing longer than 256 bytes is read.
func ParseKind(s string) (Kind, error) {
	if len(s) > maxKindText {
		return 0, rule.New(ErrInvalid, fmt.Sprintf("assessment: kinds of %d bytes, more than %d", len(s), maxKindText))
	}
	var k Kind
	if s == "" {
		return 0, nil
	}
	for name := range strings.SplitSeq(s, ",") {
		i := indexOf(kindNames, name)
		if i < 0 {
			return 0, rule.New(ErrInvalid, "assessment: unknown kind "+enum.Quote(name)+"; want one of "+strings.Join(kindNames, ", "))
		}
		if k&(1<<i) != 0 {
			return 0, rule.New(ErrInvalid, "assessment: kind "+enum.Quote(name)+" repeated")
		}
		k |= 1 << i
	}
	return k, nil
}

func indexOf(names []string, s string) int {
	for i, n := range names {
		if n == s {
			return i
		}
	}
	return -1
}

// MarshalText implements encoding.TextMarshaler.
func (k Kind) MarshalText() ([]byte, error) {
	if !k.Valid() {
		return nil, rule.New(ErrInvalid, "assessment: cannot marshal invalid kinds "+k.String())
	}
	return []byte(k.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler with ParseKind.
func (k *Kind) UnmarshalText(b []byte) error {
	v, err := ParseKind(string(b))
	if err == nil {
		*k = v
	}
	return err
}

// Required returns the kinds a processing needs covered before it starts
// (PIPL art. 55): Sensitive when it touches sensitive PI (the caller
// computes sensitivity under the subject's regime and age: PIPL art. 28
// makes all a child's PI sensitive), AutomatedDecision for a purpose with
// that trait or the personalised one (push chosen by automated analysis
// is an automated decision, PIPL art. 73(2)), Entrust, Provide (Share, Transfer), Disclose and Export by
// operation, and Children when the subject is a minor and the service
// assesses minors' processing on its own (child). The Guard calls it with
// what it knows of a request.
func Required(op purpose.Operation, traits purpose.Trait, sensitive, child bool) Kind {
	var k Kind
	if sensitive {
		k |= Sensitive
	}
	if traits.Has(purpose.AutomatedDecision) || traits.Has(purpose.Personalised) {
		k |= AutomatedDecision
	}
	if child {
		k |= Children
	}
	switch op {
	case purpose.Entrust:
		k |= Entrust
	case purpose.Share, purpose.Transfer:
		k |= Provide
	case purpose.Disclose:
		k |= Disclose
	case purpose.Export:
		k |= Export
	}
	return k
}
